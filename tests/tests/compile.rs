//! Snapshots prove that the output did not change; only compiling it proves
//! that it is right. Every fixture's crate, and the crate generated from the
//! publisher's whole document (when `../shared/reference/` is there), is
//! written into one temporary workspace and must pass
//! `cargo clippy -- -D warnings`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_path_buf()
}

fn write_crate(dir: &Path, generated: &generator::Generated) {
    for (rel, content) in &generated.files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// Runs cargo in the temporary workspace, with a target folder of its own.
fn cargo(ws: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn every_generated_crate_passes_clippy() {
    let target = root().join("target/compile-check");
    let ws = target.join("workspace");
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).unwrap();

    let mut members = Vec::new();
    // Each spec in tests/fixtures, and each folder's entry file (a multi-file spec).
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            if p.is_dir() {
                ["openapi.yaml", "openapi.json"]
                    .iter()
                    .map(|entry| p.join(entry))
                    .find(|entry| entry.is_file())
            } else {
                p.extension().is_some_and(|e| e == "yaml").then_some(p)
            }
        })
        .filter(|p| {
            !p.strip_prefix(root().join("tests/fixtures"))
                .unwrap()
                .to_string_lossy()
                .starts_with("error-")
        })
        .collect();
    fixtures.sort();
    for path in &fixtures {
        let relative = path
            .strip_prefix(root().join("tests/fixtures"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let stem = match relative.split_once('/') {
            Some((folder, _)) => folder.to_owned(),
            None => path.file_stem().unwrap().to_string_lossy().into_owned(),
        }
        .replace('.', "-");
        let text = std::fs::read_to_string(path).unwrap();
        let package = format!("fixture-{stem}");
        let sources = generator::load::DirSources::beside(path);
        let generated = generator::generate(&generator::Input {
            sources: Some(&sources),
            text: &text,
            spec_display: &format!("tests/fixtures/{relative}"),
            package_name: Some(&package),
            select: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        write_crate(&ws.join(&stem), &generated);
        members.push(stem);
    }
    let full = root().join("../shared/reference/browser-use-api-v2.openapi.json");
    match std::fs::read_to_string(&full) {
        Ok(text) => {
            let generated = generator::generate(&generator::Input {
                sources: None,
                text: &text,
                spec_display: "browser-use-api-v2.openapi.json",
                package_name: Some("browser-use-full"),
                select: Vec::new(),
            })
            .unwrap_or_else(|e| panic!("the publisher's document:\n{e}"));
            write_crate(&ws.join("full"), &generated);
            members.push("full".to_owned());
        }
        Err(_) => eprintln!(
            "the publisher's document is skipped: {} is absent",
            full.display()
        ),
    }
    assert!(members.len() >= 9, "{members:?}");

    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    // The main workspace's lock file: the same dependency versions, mostly already downloaded.
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let output = cargo(
        &ws,
        &target,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(
        output.status.success(),
        "generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // `cargo fmt` in a workspace holding the crates leaves them as generated,
    // even when the workspace has a style of its own: each crate's
    // `rustfmt.toml` keeps rustfmt's defaults, which the templates and
    // `lib.rs` are written in, and the modules prettyplease formatted are
    // `#[rustfmt::skip]`.
    let style = ws.join("rustfmt.toml");
    std::fs::write(&style, "tab_spaces = 2\nmax_width = 80\n").unwrap();
    let output = cargo(&ws, &target, &["fmt", "--all", "--check"]);
    assert!(
        output.status.success(),
        "cargo fmt would reformat generated crates:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Without the crate's own rustfmt.toml, the workspace's style would apply.
    let rustfmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "--config-path"])
        .arg(&style)
        .arg(ws.join(&members[0]).join("src/lib.rs"))
        .output()
        .expect("rustfmt runs");
    assert!(
        !rustfmt.status.success(),
        "the workspace's style is not applied"
    );

    // The crate documentation's example of each crate compiles too.
    let output = cargo(&ws, &target, &["test", "--doc", "--workspace", "--quiet"]);
    assert!(
        output.status.success(),
        "doc examples do not compile:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // Compiling is not enough for the behaviour that serde's derives do not
    // give (decoding rules, redaction): run it, inside the generated crate of
    // its fixture.
    let mut args = vec!["test".to_owned(), "--quiet".to_owned()];
    for (fixture, test) in RUN_IN_FIXTURE {
        std::fs::create_dir_all(ws.join(fixture).join("tests")).unwrap();
        std::fs::write(ws.join(fixture).join("tests/behaviour.rs"), test).unwrap();
        args.extend(["-p".to_owned(), format!("fixture-{fixture}")]);
    }
    args.extend(["--test".to_owned(), "behaviour".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = cargo(&ws, &target, &args);
    assert!(
        output.status.success(),
        "behaviour tests failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Tests run inside a fixture's generated crate, by fixture.
const RUN_IN_FIXTURE: &[(&str, &str)] = &[
    ("discriminator", DISCRIMINATOR_TEST),
    ("redaction", REDACTION_TEST),
];

const DISCRIMINATOR_TEST: &str = r#"
use fixture_discriminator::types::{Cat, Pet};
use serde_json::json;

#[test]
fn the_discriminator_picks_the_variant() {
    let cat: Pet = serde_json::from_value(json!({"petType": "kitten", "name": "Tom"})).unwrap();
    assert!(matches!(&cat, Pet::Cat(Cat { name, .. }) if name == "Tom"));
    let dog: Pet = serde_json::from_value(json!({"petType": "dog", "name": "Rex", "barks": true})).unwrap();
    assert!(matches!(dog, Pet::Dog(_)));
    // A Dog-shaped value that says it is a cat is a cat, or an error: never a dog.
    assert!(serde_json::from_value::<Pet>(json!({"petType": "cat", "barks": true})).is_err());
    let bird: Pet = serde_json::from_value(json!({"petType": "bird", "wings": 2})).unwrap();
    assert!(matches!(&bird, Pet::Unknown(v) if v["wings"] == 2));
    assert_eq!(serde_json::to_value(&bird).unwrap(), json!({"petType": "bird", "wings": 2}));
    assert!(serde_json::from_value::<Pet>(json!({"name": "no tag"})).is_err());
    assert_eq!(serde_json::to_value(&cat).unwrap()["petType"], "kitten");
}
"#;

const REDACTION_TEST: &str = r#"
use fixture_redaction::types::{CreateLoginParams, Login, Usage};
use std::collections::BTreeMap;

#[test]
fn debug_hides_secrets_and_shows_the_rest() {
    let login = Login {
        username: "ada".into(),
        password: "hunter2".into(),
        pin: Some(4711),
        recovery_codes: Some(vec!["code-one".into()]),
        sensitive_data: Some(BTreeMap::from([("bank".into(), "pa55".into())])),
        token_type: Some("bearer".into()),
        password_policy: Some("strong".into()),
    };
    let shown = format!("{login:?}");
    for secret in ["hunter2", "4711", "code-one", "pa55"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for plain in ["ada", "bearer", "strong"] {
        assert!(shown.contains(plain), "{plain} not in {shown}");
    }
    assert_eq!(shown.matches("<redacted>").count(), 4, "{shown}");

    let usage = Usage {
        total_input_tokens: 1234,
        access_token: Some("tok-secret".into()),
        next_page_token: Some("cursor-7".into()),
        password_set: Some(true),
    };
    let shown = format!("{usage:?}");
    assert!(!shown.contains("tok-secret"), "{shown}");
    for plain in ["1234", "cursor-7", "true"] {
        assert!(shown.contains(plain), "{plain} not in {shown}");
    }

    let params = CreateLoginParams {
        x_api_key: "key-123".into(),
        page_token: Some("page-2".into()),
    };
    let shown = format!("{params:?}");
    assert!(!shown.contains("key-123") && shown.contains("page-2"), "{shown}");
}
"#;
