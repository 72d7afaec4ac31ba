//! The generated crate without its default feature `client`: the types,
//! their validation and webhook decoding, and none of the client's
//! dependencies (HTTP, async runtime, TLS) in its dependency tree.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The crates of the HTTP client's world: none may be in the tree of the
/// types alone (a name, or a name and `-`: `rustls-pki-types`, `hyper-util`).
const CLIENT_CRATES: &[&str] = &[
    "reqwest",
    "reqwest-middleware",
    "tokio",
    "hyper",
    "h2",
    "rustls",
    "native-tls",
    "openssl",
];

/// The names of the crates in `browser-use-client`'s normal dependency
/// tree (itself included), with these extra arguments.
fn tree(args: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(root())
        .args([
            "tree",
            "--offline",
            "-p",
            "browser-use-client",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(args)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn client_crates(names: &[String]) -> Vec<&String> {
    names
        .iter()
        .filter(|n| {
            CLIENT_CRATES
                .iter()
                .any(|c| *n == c || n.starts_with(&format!("{c}-")))
        })
        .collect()
}

#[test]
fn without_the_client_no_http_runtime_or_tls_crate() {
    let names = tree(&["--no-default-features"]);
    assert!(names.iter().any(|n| n == "serde_json"), "{names:?}");
    let found = client_crates(&names);
    assert!(
        found.is_empty(),
        "the types-only build (`--no-default-features`) depends on {found:?}"
    );
}

#[test]
fn with_the_client_reqwest_and_tokio() {
    // The check above can fail: the default build has them.
    let names = tree(&[]);
    let found = client_crates(&names);
    for name in ["reqwest", "tokio", "rustls"] {
        assert!(found.iter().any(|n| *n == name), "{name} not in {names:?}");
    }
    // A TLS feature alone turns the client on.
    let names = tree(&["--no-default-features", "--features", "rustls-ring"]);
    assert!(names.iter().any(|n| n == "reqwest"), "{names:?}");
}
