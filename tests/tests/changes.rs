//! Change reports between two versions of a spec, one snapshot per scenario
//! in `tests/fixtures/changes/` (`old.yaml` → `new.yaml`; without a
//! `new.yaml`, the new side is `spec/browser-use.yaml`).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn surface(path: &Path) -> generator::surface::Surface {
    let text = std::fs::read_to_string(path).unwrap();
    generator::generate(&generator::Input {
        sources: None,
        text: &text,
        spec_display: "spec.yaml",
        package_name: Some("scenario-client"),
        select: Vec::new(),
        overlays: &[],
    })
    .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()))
    .surface
}

#[test]
fn change_reports() {
    let dir = root().join("tests/fixtures/changes");
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 3);
    for scenario in scenarios {
        let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
        let new = match scenario.join("new.yaml") {
            p if p.exists() => p,
            _ => root().join("spec/browser-use.yaml"),
        };
        let report = generator::report::diff(&surface(&scenario.join("old.yaml")), &surface(&new));
        assert!(!report.is_empty(), "{name}: no change found");
        insta::with_settings!({ snapshot_suffix => name.clone(), omit_expression => true }, {
            insta::assert_snapshot!("report", report.to_text());
        });
        // The same report in the changelog's form.
        insta::with_settings!({ snapshot_suffix => name, omit_expression => true }, {
            insta::assert_snapshot!("changelog", report.to_markdown("1.2.3"));
        });
    }
}

#[test]
fn the_same_spec_reports_no_change() {
    let spec = root().join("spec/browser-use.yaml");
    let report = generator::report::diff(&surface(&spec), &surface(&spec));
    assert!(report.is_empty(), "{}", report.to_text());
}
