//! Small specs in `tests/fixtures/`, one family of constructs each: every
//! file the generator makes from a fixture (and its warnings) is one reviewed
//! snapshot, and so is its model (`fixtures__model@*.snap`). A fixture named
//! `error-*` must fail; its diagnostics are the snapshot.

use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("fixture names are UTF-8")
        .to_owned()
}

fn is_error_fixture(name: &str) -> bool {
    name.starts_with("error-")
}

/// Generates from a fixture, naming it as a relative path so that no
/// absolute path of this machine reaches the output.
fn generate(path: &Path) -> Result<generator::Generated, generator::diag::Error> {
    let name = file_name(path);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let spec_display = format!("tests/fixtures/{name}");
    generator::generate(&generator::Input {
        text: &text,
        spec_display: &spec_display,
        package_name: Some("fixture-client"),
        select: Vec::new(),
    })
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

#[test]
fn fixture() {
    insta::glob!("../fixtures", "*.yaml", |path| {
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
            insta::assert_snapshot!(snapshot);
        });
    });
}

/// The model (IR) of each fixture that generates, as YAML: a change of the
/// model is reviewed here, apart from the code it becomes.
#[test]
fn model() {
    insta::glob!("../fixtures", "*.yaml", |path| {
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
    });
}

#[test]
fn fixtures_generate_deterministically() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures is readable")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
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
