//! The feature `test-doubles` as a user meets it: `tests/user-crate/` (a
//! service that calls `create_session`, and its tests against the typed
//! fake server) is built beside a copy of `generated/`, as a user vendors
//! it, and must pass clippy and its tests; the generated crate's docs
//! build without warnings, and its README examples (the fake server's
//! among them) run as doc tests.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

fn cargo(ws: &Path, args: &[&str]) -> std::process::Output {
    cargo_with(ws, args, &[])
}

fn cargo_with(ws: &Path, args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .envs(vars.iter().copied())
        .current_dir(ws)
        // The compile test's target folder: the same dependencies, built once.
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/compile-check/target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn a_user_crate_tests_its_service_with_the_fake_server() {
    let ws = root().join("target/doubles-check/workspace");
    let _ = std::fs::remove_dir_all(&ws);
    copy_dir(&root().join("generated"), &ws.join("browser-use-client"));
    copy_dir(&root().join("tests/user-crate"), &ws.join("user-crate"));
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [\"browser-use-client\", \"user-crate\"]\n\n{}",
            common::WORKSPACE_PROFILE
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let output = cargo(
        &ws,
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
        "the user crate does not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The fake server's documentation, its links included.
    let output = cargo_with(
        &ws,
        &[
            "doc",
            "--no-deps",
            "-p",
            "browser-use-client",
            "--features",
            "test-doubles",
            "--quiet",
        ],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    assert!(
        output.status.success(),
        "the generated crate's docs have warnings:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The user's tests, and the generated crate's doc tests with the
    // feature on (the dev-dependency turns it on).
    let output = cargo(&ws, &["test", "--workspace", "--quiet"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the user crate's tests fail:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The user's 7 tests and the server's own ran, and the README's
    // examples among the doc tests.
    assert!(stdout.contains("7 passed"), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    let output = cargo(
        &ws,
        &[
            "test",
            "--doc",
            "-p",
            "browser-use-client",
            "--features",
            "test-doubles",
            "--",
            "--list",
        ],
    );
    let list = String::from_utf8_lossy(&output.stdout);
    assert!(list.contains("ReadmeDoctests"), "{list}");
}
