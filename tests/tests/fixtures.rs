//! Small specs in `tests/fixtures/`, one family of constructs each: every
//! file the generator makes from a fixture (and its warnings) is one reviewed
//! snapshot, and so is its model (`fixtures__model@*.snap`). A fixture named
//! `error-*` must fail; its diagnostics are the snapshot. A fixture may also
//! be a folder (a multi-file spec), whose entry file is `openapi.yaml` or
//! `openapi.json`, or `api/openapi.yaml` (a spec whose references leave the
//! entry's folder); the files it refers to are read from that folder, its
//! spec root (`--spec-root`). A selection beside a fixture
//! (`pagination-3.1.yaml.operations`) applies to it, and so does an overlay
//! beside it (`overlay/openapi.overlay.yaml`), as `cargo xtask codegen`
//! applies them beside a spec.

use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The fixture's name: its path in `tests/fixtures/` (`folder/openapi.yaml`
/// for a folder's entry file).
fn file_name(path: &Path) -> String {
    path.strip_prefix(fixtures_dir())
        .expect("fixtures are in tests/fixtures")
        .to_str()
        .expect("fixture names are UTF-8")
        .replace('\\', "/")
}

/// The entry files a fixture folder may have, by path in the folder.
const ENTRIES: [&str; 4] = [
    "openapi.yaml",
    "openapi.json",
    "api/openapi.yaml",
    "api/openapi.json",
];

/// Every fixture's entry file: the specs in `tests/fixtures/`, and the
/// entry files of its folders, sorted.
fn fixture_paths() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures is readable") {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            for entry_file in ENTRIES {
                if path.join(entry_file).is_file() {
                    paths.push(path.join(entry_file));
                }
            }
        } else if path.extension().is_some_and(|e| e == "yaml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
}

fn is_error_fixture(name: &str) -> bool {
    name.starts_with("error-")
}

/// The glob of a folder fixture's entry file (one glob: insta names each
/// snapshot by the path below the folder all of a glob's matches share).
const FOLDER_ENTRIES: &str = "{*/openapi,*/api/openapi}.{yaml,json}";

/// Where a fixture's files are read from: a folder fixture's folder (its
/// spec root), else the fixture's own folder.
fn sources(path: &Path) -> generator::load::DirSources {
    let name = file_name(path);
    match name.split_once('/') {
        Some((folder, _)) => {
            generator::load::DirSources::rooted(&fixtures_dir().join(folder), path)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        }
        None => generator::load::DirSources::beside(path),
    }
}

/// Generates from a fixture, naming it as a relative path so that no
/// absolute path of this machine reaches the output.
fn generate(path: &Path) -> Result<generator::Generated, generator::diag::Error> {
    let name = file_name(path);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let spec_display = format!("tests/fixtures/{name}");
    // Files are read from the fixture's folder, and the overlays beside the
    // entry applied, as `cargo xtask codegen --spec-root` does.
    let sources = sources(path);
    let overlays = generator::load::Overlay::beside(path, &spec_display)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    generator::generate(&generator::Input {
        sources: Some(&sources),
        text: &text,
        spec_display: &spec_display,
        package_name: Some("fixture-client"),
        select: selection(path),
        overlays: &overlays,
    })
}

/// The selection beside a fixture (`<fixture>.operations`), if any.
fn selection(path: &Path) -> Vec<generator::ir::Selector> {
    let file = PathBuf::from(format!("{}.operations", path.display()));
    match std::fs::read_to_string(&file) {
        Ok(text) => generator::ir::parse_selection(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display())),
        Err(_) => Vec::new(),
    }
}

/// Every generated file, in path order, then the warnings. Files copied
/// verbatim from the generator's templates (the same for every spec,
/// snapshotted once with `spec/` in `codegen.rs`), and the manifest (hashes
/// of the others): listed by name only.
fn is_listed_by_name(path: &str) -> bool {
    path == generator::output::MANIFEST || generator::runtime::verbatim_paths().any(|p| p == path)
}

fn render(generated: &generator::Generated) -> String {
    let mut out = String::new();
    for (path, content) in &generated.files {
        if is_listed_by_name(path) {
            out.push_str(&format!("=== {path} (template) ===\n"));
            continue;
        }
        out.push_str(&format!("=== {path} ===\n"));
        out.push_str(content);
        if !content.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("=== warnings ===\n");
    for w in &generated.warnings {
        out.push_str(&w.to_string());
        out.push('\n');
    }
    out
}

fn assert_no_absolute_path(name: &str, text: &str) {
    let root = env!("CARGO_MANIFEST_DIR");
    let workspace = Path::new(root)
        .parent()
        .expect("tests/ is inside the workspace");
    assert!(
        !text.contains(workspace.to_str().expect("UTF-8 path")),
        "{name}: the output contains an absolute path"
    );
}

fn check_fixture(path: &Path) {
    let name = file_name(path);
    let snapshot = if is_error_fixture(&name) {
        match generate(path) {
            Ok(_) => panic!("{name}: an error fixture must fail to generate"),
            Err(e) => {
                assert!(
                    e.errors().next().is_some(),
                    "{name}: failed without an error diagnostic"
                );
                e.to_string()
            }
        }
    } else {
        match generate(path) {
            Ok(generated) => {
                assert_eq!(generated.package_name, "fixture-client");
                render(&generated)
            }
            Err(e) => panic!("{name} must generate:\n{e}"),
        }
    };
    assert_no_absolute_path(&name, &snapshot);
    insta::with_settings!({ omit_expression => true, description => format!("tests/fixtures/{name}") }, {
        insta::assert_snapshot!("fixture", snapshot);
    });
}

#[test]
fn fixture() {
    insta::glob!("../fixtures", "*.yaml", check_fixture);
    insta::glob!("../fixtures", FOLDER_ENTRIES, check_fixture);
}

/// The model (IR) of each fixture that generates, as YAML: a change of the
/// model is reviewed here, apart from the code it becomes.
fn check_model(path: &Path) {
    let name = file_name(path);
    if is_error_fixture(&name) {
        return;
    }
    let generated = generate(path).unwrap_or_else(|e| panic!("{name} must generate:\n{e}"));
    let model = serde_yaml::to_string(&generated.api).expect("the model serializes");
    assert_no_absolute_path(&name, &model);
    insta::with_settings!({ omit_expression => true, description => format!("the model of tests/fixtures/{name}") }, {
        insta::assert_snapshot!("model", model);
    });
}

#[test]
fn model() {
    insta::glob!("../fixtures", "*.yaml", check_model);
    insta::glob!("../fixtures", FOLDER_ENTRIES, check_model);
}

#[test]
fn fixtures_generate_deterministically() {
    let paths = fixture_paths();
    let mut checked = 0;
    for path in &paths {
        let name = file_name(path);
        if is_error_fixture(&name) {
            let a = generate(path).expect_err("error fixtures fail").to_string();
            let b = generate(path).expect_err("error fixtures fail").to_string();
            assert_eq!(a, b, "{name}: diagnostics differ between two runs");
            continue;
        }
        let a = generate(path).unwrap_or_else(|e| panic!("{name} must generate:\n{e}"));
        let b = generate(path).unwrap_or_else(|e| panic!("{name} must generate:\n{e}"));
        assert_eq!(a.files, b.files, "{name}: files differ between two runs");
        assert_eq!(
            a.warnings, b.warnings,
            "{name}: warnings differ between two runs"
        );
        checked += 1;
    }
    assert!(
        checked >= 9,
        "expected at least 9 fixtures that generate, found {checked}"
    );
}

/// `spec-root/api/openapi.yaml` refers to `../common/`: read with its folder
/// as the spec root it generates (its snapshot); read from the entry's
/// folder alone, each such reference is refused at its `$ref`, with the hint.
#[test]
fn references_out_of_the_entry_folder_need_a_spec_root() {
    let path = fixtures_dir().join("spec-root/api/openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let sources = generator::load::DirSources::beside(&path);
    let e = generator::generate(&generator::Input {
        sources: Some(&sources),
        text: &text,
        spec_display: "tests/fixtures/spec-root/api/openapi.yaml",
        package_name: Some("fixture-client"),
        select: Vec::new(),
        overlays: &[],
    })
    .expect_err("references leave the entry's folder");
    let refused: Vec<(&str, Option<(usize, usize)>)> = e
        .errors()
        .map(|d| (d.pointer.as_str(), d.line_col))
        .collect();
    assert_eq!(
        refused,
        [
            ("/paths/~1orders~1{id}/get/parameters/0", Some((14, 9))),
            (
                "/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema",
                Some((20, 15))
            ),
            (
                "/paths/~1orders~1{id}/get/responses/404/content/application~1json/schema",
                Some((26, 15))
            ),
        ],
        "{e}"
    );
    for d in e.errors() {
        assert!(
            d.message.contains("is outside the folder the spec's files are read from (`tests/fixtures/spec-root/api`)"),
            "{d}"
        );
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("--spec-root DIR")),
            "{d}"
        );
    }
}
