//! How the generated crate fits a user's build: the `rustls-ring` feature
//! builds no C crypto library and makes verified TLS connections, the
//! declared `rust-version` is what the dependencies in the lock file need,
//! and the crate's documentation builds without a warning. Each test works
//! on a copy of `generated/` (or of generated fixtures) in a workspace of its
//! own under `target/fit-check/`, from the repository's `Cargo.lock`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_path_buf()
}

/// Cargo in `dir`, with the target folder the tests of this file share.
fn cargo(dir: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/fit-check/target"))
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .envs(vars.iter().copied())
        .output()
        .expect("cargo runs")
}

fn ok(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if path.is_dir() {
            if name != "target" {
                copy_dir(&path, &to.join(name));
            }
        } else {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

/// A copy of `generated/` as a workspace of its own, named `name`.
fn generated_copy(name: &str) -> PathBuf {
    let dir = root().join("target/fit-check").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("generated"), &dir);
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).unwrap();
    toml.push_str("\n[workspace]\n");
    std::fs::write(&manifest, toml).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// The packages `cargo tree` lists for these feature arguments (normal and
/// build dependencies, this platform).
fn tree(dir: &Path, features: &[&str]) -> Vec<String> {
    let mut args = vec![
        "tree",
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ];
    args.extend(features);
    let text = ok(cargo(dir, &args, &[]), "cargo tree");
    text.lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn rustls_ring_builds_no_c_crypto_library() {
    let dir = generated_copy("tree");
    let default = tree(&dir, &[]);
    let ring = tree(
        &dir,
        &["--no-default-features", "--features", "rustls-ring"],
    );
    let native = tree(&dir, &["--no-default-features", "--features", "native-tls"]);
    let has = |list: &[String], name: &str| list.iter().any(|p| p == name);
    // The default: aws-lc-rs, whose aws-lc-sys builds a C library (with CMake where its own build does not cover the target).
    assert!(
        has(&default, "aws-lc-sys") && has(&default, "cmake"),
        "{default:?}"
    );
    for name in [
        "aws-lc-sys",
        "aws-lc-rs",
        "cmake",
        "openssl-sys",
        "native-tls",
    ] {
        assert!(!has(&ring, name), "rustls-ring pulls {name}: {ring:?}");
    }
    assert!(has(&ring, "ring") && has(&ring, "rustls"), "{ring:?}");
    for name in ["aws-lc-sys", "ring"] {
        assert!(!has(&native, name), "native-tls pulls {name}: {native:?}");
    }
    assert!(has(&native, "native-tls"), "{native:?}");
}

#[test]
fn rustls_ring_makes_a_verified_tls_connection() {
    let dir = generated_copy("tls");
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).unwrap();
    toml.push_str(
        "\n[dev-dependencies]\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\", \"net\", \"io-util\"] }\n\
         tokio-rustls = { version = \"0.26\", default-features = false, features = [\"ring\", \"tls12\"] }\n\
         rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\"] }\n",
    );
    std::fs::write(&manifest, toml).unwrap();
    let tests = dir.join("tests");
    std::fs::create_dir_all(&tests).unwrap();
    std::fs::write(tests.join("tls.rs"), include_str!("fit/tls.rs")).unwrap();
    for file in ["ca.pem", "other-ca.pem", "localhost.pem", "localhost.key"] {
        std::fs::copy(root().join("tests/tests/fit").join(file), tests.join(file)).unwrap();
    }
    let args = [
        "test",
        "--no-default-features",
        "--features",
        "rustls-ring",
        "--test",
        "tls",
    ];
    ok(cargo(&dir, &args, &[]), "the TLS test with rustls-ring");
    // And it did not build the C library on the way.
    let tree = tree(
        &dir,
        &[
            "--no-default-features",
            "--features",
            "rustls-ring",
            "-e",
            "dev",
        ],
    );
    assert!(!tree.iter().any(|p| p == "aws-lc-sys"), "{tree:?}");
}

#[test]
fn the_generated_crate_s_docs_build_without_warnings() {
    let dir = generated_copy("doc");
    for features in [
        &["--features", "tracing"][..],
        &["--no-default-features", "--features", "rustls-ring"][..],
    ] {
        let mut args = vec!["doc", "--no-deps"];
        args.extend(features);
        ok(
            cargo(&dir, &args, &[("RUSTDOCFLAGS", "-D warnings")]),
            &format!("cargo doc {features:?}"),
        );
    }
}

/// `1.85`, `1.85.0` → (1, 85, 0).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap());
    (
        parts.next().unwrap(),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn the_declared_rust_version_is_what_the_dependencies_need() {
    // `generated/` and every fixture's crate (together they use every
    // optional dependency: uuid, chrono, regress, bytes, futures-core).
    let ws = root().join("target/fit-check/msrv");
    let _ = std::fs::remove_dir_all(&ws);
    copy_dir(&root().join("generated"), &ws.join("spec"));
    let mut members = vec!["spec".to_owned()];
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && !p
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("error-")
        })
        .collect();
    paths.sort();
    for path in &paths {
        let stem = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('.', "-");
        let generated = generator::generate(&generator::Input {
            sources: None,
            text: &std::fs::read_to_string(path).unwrap(),
            spec_display: "fixture.yaml",
            package_name: Some(&format!("fixture-{stem}")),
            select: Vec::new(),
            overlays: &[],
        })
        .unwrap();
        for (rel, content) in &generated.files {
            let file = ws.join(&stem).join(rel);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content).unwrap();
        }
        members.push(stem);
    }
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    // Every feature (the three TLS backends, tracing), every platform.
    let text = ok(
        cargo(
            &ws,
            &["metadata", "--format-version", "1", "--all-features"],
            &[],
        ),
        "cargo metadata",
    );
    let metadata: serde_json::Value = serde_json::from_str(&text).unwrap();
    let packages: std::collections::BTreeMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: std::collections::BTreeMap<&str, &serde_json::Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    for member in metadata["workspace_members"].as_array().unwrap() {
        let member = member.as_str().unwrap();
        let manifest = packages[member]["manifest_path"].as_str().unwrap();
        let declared = packages[member]["rust_version"]
            .as_str()
            .unwrap_or_else(|| panic!("{manifest} declares no rust-version"));
        // Normal and build dependencies, transitively (a user's build compiles both).
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![member];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            for dep in nodes[id]["deps"].as_array().unwrap() {
                let used = dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].is_null() || k["kind"] == "build");
                if used {
                    stack.push(dep["pkg"].as_str().unwrap());
                }
            }
        }
        let newest = seen
            .iter()
            .filter(|id| **id != member)
            .filter_map(|id| {
                let p = packages[id];
                Some((
                    version(p["rust_version"].as_str()?),
                    p["name"].as_str().unwrap(),
                ))
            })
            .max()
            .unwrap();
        let (needed, name) = newest;
        assert!(
            needed <= version(declared),
            "{manifest}: rust-version {declared}, but {name} needs {needed:?}: raise `RUST_VERSION` in generator/src/emit/files/cargo_toml.rs"
        );
        if packages[member]["name"] == "browser-use-client" {
            // `generated/` uses every dependency that sets the bound: the
            // value is exactly what they need, not a guess above it.
            assert_eq!(
                needed,
                version(declared),
                "{manifest}: rust-version {declared}, but its dependencies need only {needed:?} ({name})"
            );
        }
    }
}
