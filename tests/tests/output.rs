//! Writing a generated crate into a folder: atomically (a failure at any
//! step leaves the previous crate intact and buildable), and only over the
//! files the generator owns.

use generator::output::{self, Desired, Step};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn generate(spec: &str) -> generator::Generated {
    generator::generate(&generator::Input {
        sources: None,
        text: spec,
        spec_display: "spec.yaml",
        package_name: Some("output-client"),
        select: Vec::new(),
        overlays: &[],
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Version 1 checks a pattern on a request field (so it has `src/pattern.rs`);
/// version 2 does not, and adds a field.
const V1: &str = r#"
openapi: 3.1.0
info: {title: Output, version: 1.0.0}
servers: [{url: 'https://api.example.com'}]
paths:
  /notes:
    post:
      operationId: create_note
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
      responses:
        '201': {description: Created, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
components:
  schemas:
    Note:
      type: object
      properties:
        text: {type: string, pattern: '^[a-z ]+$'}
"#;

fn v2() -> String {
    V1.replace("version: 1.0.0", "version: 1.1.0").replace(
        "{type: string, pattern: '^[a-z ]+$'}",
        "{type: string}\n        pinned: {type: boolean}",
    )
}

fn desired(g: &generator::Generated) -> Desired<'_> {
    Desired {
        files: &g.files,
        scaffolds: &g.scaffolds,
        managed: BTreeMap::new(),
    }
}

fn write(dir: &Path, g: &generator::Generated) {
    let plan = output::plan(dir, &desired(g), false).expect("no conflicts");
    output::apply(&plan).unwrap();
}

/// Every file under `dir` (but `target/`), with its content.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                if rel != "target" {
                    walk(base, &path, out);
                }
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn first_write_creates_the_crate_and_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let g = generate(V1);
    write(dir.path(), &g);
    let files = snapshot(dir.path());
    for path in g.files.keys() {
        assert!(files.contains_key(path), "{path} missing");
    }
    assert!(files.contains_key("src/pattern.rs"));
    let manifest = output::Manifest::read(dir.path()).unwrap().unwrap();
    assert_eq!(manifest.api, g.surface);
    assert!(
        !manifest.files.contains_key("src/extensions.rs"),
        "the scaffold is the user's"
    );
    // Writing the same again changes nothing.
    assert!(output::plan(dir.path(), &desired(&g), false)
        .unwrap()
        .is_empty());
}

#[test]
fn a_failure_while_staging_leaves_the_previous_crate_intact_and_buildable() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &generate(V1));
    let before = snapshot(dir.path());

    let new = generate(&v2());
    let plan = output::plan(dir.path(), &desired(&new), false).unwrap();
    assert!(plan.writes.len() >= 3);
    let mut staged = 0;
    let err = output::apply_with(&plan, &mut |step| {
        if let Step::Stage(_) = step {
            staged += 1;
            if staged == 3 {
                return Err(io::Error::other("injected failure between files"));
            }
        }
        Ok(())
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "injected failure between files");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "nothing changed, no temporary file left"
    );

    // Still the previous crate, and it builds.
    std::fs::write(
        dir.path().join("Cargo.lock"),
        std::fs::read(root().join("Cargo.lock")).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), {
        let mut manifest = String::from_utf8(before["Cargo.toml"].clone()).unwrap();
        manifest.push_str("\n[workspace]\n");
        manifest
    })
    .unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["check", "--quiet"])
        .current_dir(dir.path())
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/compile-check/target"),
        )
        .status()
        .unwrap();
    assert!(status.success(), "the previous crate no longer builds");
}

#[test]
fn a_failure_while_renaming_is_finished_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &generate(V1));
    let new = generate(&v2());
    let plan = output::plan(dir.path(), &desired(&new), false).unwrap();
    let mut renamed = 0;
    // A failure that also defeats the immediate roll-forward: the process "dies".
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        output::apply_with(&plan, &mut |step| {
            if let Step::Rename(_) = step {
                renamed += 1;
                if renamed == 2 {
                    panic!("killed between two renames");
                }
            }
            Ok(())
        })
    }));
    assert!(result.is_err());
    assert!(dir.path().join(".codegen-journal").exists());

    assert!(
        output::recover(dir.path()).unwrap(),
        "the journal is finished"
    );
    let after = snapshot(dir.path());
    for (path, content) in &new.files {
        if path != "src/extensions.rs" {
            assert_eq!(after[path], content.as_bytes(), "{path}");
        }
    }
    assert!(
        !after.contains_key("src/pattern.rs"),
        "the file no longer produced is deleted"
    );
    assert!(!after
        .keys()
        .any(|p| p.ends_with(".codegen-tmp") || p.contains("journal")));
}

#[test]
fn owned_files_no_longer_produced_are_deleted_and_others_kept() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &generate(V1));
    std::fs::write(dir.path().join("NOTES.md"), "mine").unwrap();
    std::fs::write(dir.path().join("src/extensions.rs"), "pub fn mine() {}\n").unwrap();
    let new = generate(&v2());
    let plan = output::plan(dir.path(), &desired(&new), false).unwrap();
    assert_eq!(plan.deletes.iter().collect::<Vec<_>>(), ["src/pattern.rs"]);
    assert!(!plan.writes.contains_key("src/extensions.rs"));
    output::apply(&plan).unwrap();
    assert!(!dir.path().join("src/pattern.rs").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("NOTES.md")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/extensions.rs")).unwrap(),
        "pub fn mine() {}\n",
        "the place for hand-written code survives regeneration"
    );
}

#[test]
fn a_hand_edited_owned_file_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &generate(V1));
    let types = dir.path().join("src/types.rs");
    std::fs::write(
        &types,
        std::fs::read_to_string(&types).unwrap() + "\n// my fix\n",
    )
    .unwrap();
    let before = snapshot(dir.path());
    let new = generate(&v2());
    let conflicts = output::plan(dir.path(), &desired(&new), false).unwrap_err();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].path, "src/types.rs");
    assert!(
        conflicts[0].reason.contains("edited by hand"),
        "{}",
        conflicts[0]
    );
    assert_eq!(snapshot(dir.path()), before, "no change at all");

    let plan = output::plan(dir.path(), &desired(&new), true).unwrap();
    output::apply(&plan).unwrap();
    assert_eq!(
        std::fs::read_to_string(&types).unwrap(),
        new.files["src/types.rs"]
    );
}

#[test]
fn a_foreign_file_in_the_way_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/client.rs"),
        "// someone else's client\n",
    )
    .unwrap();
    let g = generate(V1);
    let conflicts = output::plan(dir.path(), &desired(&g), false).unwrap_err();
    assert_eq!(
        conflicts
            .iter()
            .map(|c| c.path.as_str())
            .collect::<Vec<_>>(),
        ["src/client.rs"]
    );
    assert!(conflicts[0].reason.contains("not written by the generator"));
    assert!(!dir.path().join("src/types.rs").exists(), "nothing written");
    output::apply(&output::plan(dir.path(), &desired(&g), true).unwrap()).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/client.rs")).unwrap(),
        g.files["src/client.rs"]
    );
}

#[test]
fn a_hand_edited_file_that_is_no_longer_produced_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &generate(V1));
    std::fs::write(dir.path().join("src/pattern.rs"), "// edited\n").unwrap();
    let conflicts = output::plan(dir.path(), &desired(&generate(&v2())), false).unwrap_err();
    assert_eq!(conflicts[0].path, "src/pattern.rs");
    assert!(conflicts[0].reason.contains("no longer generated"));
}

#[test]
fn stray_temporary_files_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &generate(V1));
    std::fs::write(dir.path().join("src/types.rs.codegen-tmp"), "partial").unwrap();
    assert!(output::recover(dir.path()).unwrap());
    assert!(!dir.path().join("src/types.rs.codegen-tmp").exists());
    assert!(!output::recover(dir.path()).unwrap(), "nothing left to do");
}

#[test]
fn manifests_and_journals_cannot_reach_outside_the_folder() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("crate");
    std::fs::create_dir_all(&dir).unwrap();
    write(&dir, &generate(V1));
    let victim = outer.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();

    // A manifest entry `../victim.txt` whose hash matches: not deleted.
    let mut manifest = output::Manifest::read(&dir).unwrap().unwrap();
    manifest.files.insert(
        "../victim.txt".into(),
        generator::hash::sha256_hex(b"keep me"),
    );
    std::fs::write(dir.join(output::MANIFEST), manifest.to_json()).unwrap();
    let plan = output::plan(&dir, &desired(&generate(&v2())), true).unwrap();
    assert!(
        plan.deletes.iter().all(|p| !p.contains("..")),
        "{:?}",
        plan.deletes
    );
    output::apply(&plan).unwrap();
    assert!(victim.exists());

    // A journal naming an absolute path is ignored, not replayed.
    let journal = format!(
        r#"{{"renames":[],"deletes":[{:?}]}}"#,
        victim.display().to_string()
    );
    std::fs::write(dir.join(".codegen-journal"), journal).unwrap();
    assert!(output::recover(&dir).unwrap());
    assert!(victim.exists());
    assert!(!dir.join(".codegen-journal").exists());
}

/// `cargo xtask codegen --check` compares the folder with what the spec
/// generates now: the manifest records each overlay's path and hash, so a
/// changed, added or removed overlay makes the folder stale even when the
/// code it generates is the same.
#[test]
fn check_notices_a_changed_added_or_removed_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec/api.yaml");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    std::fs::write(&spec, V1).unwrap();
    let beside = dir.path().join("spec/api.overlay.yaml");
    let fix = "overlay: 1.0.0\ninfo: {title: Fixes, version: '1'}\nactions:\n  - target: $.info\n    update: {description: Fixed locally.}\n";
    std::fs::write(&beside, fix).unwrap();
    // As `cargo xtask codegen [--overlay FILE]...` generates.
    let run = |explicit: &[&Path]| {
        let mut overlays = generator::load::Overlay::beside(&spec, "spec/api.yaml").unwrap();
        for file in explicit {
            overlays.push(generator::load::Overlay::read(file, "mine.yaml", &spec).unwrap());
        }
        generator::generate(&generator::Input {
            sources: None,
            text: V1,
            spec_display: "spec/api.yaml",
            package_name: Some("output-client"),
            select: Vec::new(),
            overlays: &overlays,
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let out = dir.path().join("out");
    let g = run(&[]);
    assert!(g.files["src/lib.rs"].contains("Fixed locally."));
    write(&out, &g);
    let manifest = output::Manifest::read(&out).unwrap().unwrap();
    assert_eq!(
        manifest.overlays.keys().collect::<Vec<_>>(),
        ["api.overlay.yaml"]
    );
    let stale = |g: &generator::Generated| {
        let plan = output::plan(&out, &desired(g), false).unwrap();
        plan.writes.keys().cloned().collect::<Vec<_>>()
    };
    assert!(stale(&run(&[])).is_empty(), "up to date");
    // A change that generates the same code: only the manifest is stale.
    std::fs::write(&beside, format!("# A comment.\n{fix}")).unwrap();
    let changed = run(&[]);
    assert_eq!(changed.files["src/lib.rs"], g.files["src/lib.rs"]);
    assert_eq!(stale(&changed), [output::MANIFEST]);
    // Removed: the description goes too.
    std::fs::remove_file(&beside).unwrap();
    let removed = stale(&run(&[]));
    assert!(
        removed.contains(&output::MANIFEST.to_owned()),
        "{removed:?}"
    );
    assert!(removed.contains(&"src/lib.rs".to_owned()), "{removed:?}");
    // Added (named with `--overlay`): stale again.
    std::fs::write(&beside, fix).unwrap();
    let mine = dir.path().join("mine.yaml");
    // An extension: the code stays the same.
    std::fs::write(
        &mine,
        fix.replace("description: Fixed locally.", "x-local: true"),
    )
    .unwrap();
    let added = run(&[&mine]);
    let manifest: output::Manifest = serde_json::from_str(&added.files[output::MANIFEST]).unwrap();
    assert_eq!(
        manifest.overlays.keys().collect::<Vec<_>>(),
        ["../mine.yaml", "api.overlay.yaml"]
    );
    assert_eq!(stale(&added), [output::MANIFEST]);
}
