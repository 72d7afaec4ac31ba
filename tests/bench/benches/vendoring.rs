//! The cost of vendoring: clean builds of the generated crates, each a
//! workspace of its own with an empty target folder, starting from the
//! repository's `Cargo.lock` (so both sides build the same versions of what
//! they share). Downloads happen before the clock starts (`cargo fetch`);
//! the timed build runs `--offline`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Row {
    pub what: String,
    pub command: &'static str,
    pub time: Duration,
    /// The same command again after the crate's `src/lib.rs` was rewritten
    /// (without incremental compilation): the crate's own code alone.
    pub own_time: Duration,
    /// Crates compiled (dependencies, build scripts' dependencies, the crate).
    pub compiled: usize,
    /// Packages in `cargo tree -e normal` (the crate and what it links).
    pub dependencies: usize,
    pub lines: usize,
}

/// Builds a crate from its files in `dir`, clean, and measures it.
pub fn measure(
    root: &Path,
    what: String,
    dir: &Path,
    files: &[(String, String)],
    check: bool,
    features: &[&str],
) -> Result<Row, String> {
    let _ = std::fs::remove_dir_all(dir);
    let package = dir.join("crate");
    for (path, text) in files {
        let path = package.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"crate\"]\nresolver = \"2\"\n",
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let fetch = cargo(dir)
        .arg("fetch")
        .output()
        .map_err(|e| format!("cargo fetch: {e}"))?;
    if !fetch.status.success() {
        return Err(format!(
            "cargo fetch for {what} failed:\n{}",
            String::from_utf8_lossy(&fetch.stderr)
        ));
    }
    let subcommand = if check { "check" } else { "build" };
    let (time, output) = timed(dir, subcommand, features)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("cargo {subcommand} of {what} failed:\n{stderr}"));
    }
    // The crate's own code alone: touch it and run the command again.
    let lib = package.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    let (own_time, again) = timed(dir, subcommand, features)?;
    if !again.status.success() {
        return Err(format!(
            "cargo {subcommand} of {what} failed the second time"
        ));
    }
    let compiled = stderr
        .lines()
        .filter(|l| {
            l.trim_start().starts_with("Compiling ") || l.trim_start().starts_with("Checking ")
        })
        .count();
    let tree = cargo(dir)
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .args(features)
        .output()
        .map_err(|e| format!("cargo tree: {e}"))?;
    let mut packages: Vec<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .map(|l| l.trim_end_matches(" (*)").to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    packages.sort();
    packages.dedup();
    let lines = files
        .iter()
        .filter(|(p, _)| p.ends_with(".rs"))
        .map(|(_, t)| t.lines().count())
        .sum();
    Ok(Row {
        what,
        command: if check {
            "`cargo check`, clean"
        } else {
            "`cargo build`, clean"
        },
        time,
        own_time,
        compiled,
        dependencies: packages.len(),
        lines,
    })
}

/// `cargo <subcommand> --offline` in `dir`, with these feature arguments, timed.
fn timed(
    dir: &Path,
    subcommand: &str,
    features: &[&str],
) -> Result<(Duration, std::process::Output), String> {
    let started = Instant::now();
    let output = cargo(dir)
        .args([subcommand, "--offline", "--message-format", "short"])
        .args(features)
        .output()
        .map_err(|e| format!("cargo {subcommand}: {e}"))?;
    Ok((started.elapsed(), output))
}

fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        // Without incremental caches, the second build compiles the crate's
        // code again in full, as a change to it would.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    command
}

/// A progenitor crate as `cargo progenitor` lays it out: the formatted code
/// in `src/lib.rs`, depending on `progenitor-client`. reqwest gets `rustls`,
/// as ours has by default: without TLS neither could reach the real API.
pub fn progenitor_crate(code: &str) -> Vec<(String, String)> {
    let mut manifest = String::from(
        "[package]\nname = \"browser-use-progenitor\"\nversion = \"2.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         bytes = \"1\"\nfutures-core = \"0.3\"\nprogenitor-client = \"0.15\"\n\
         reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\", \"rustls\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nserde_urlencoded = \"0.7\"\n",
    );
    if code.contains("chrono::") {
        manifest.push_str(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }\n",
        );
    }
    if code.contains("uuid::") {
        manifest.push_str("uuid = { version = \"1\", features = [\"serde\", \"v4\"] }\n");
    }
    if code.contains("regress::") {
        manifest.push_str("regress = \"0.10\"\n");
    }
    vec![
        ("Cargo.toml".to_owned(), manifest),
        ("src/lib.rs".to_owned(), code.to_owned()),
    ]
}

pub fn scratch(root: &Path, name: &str) -> PathBuf {
    root.join("target/bench-vendoring").join(name)
}

pub fn print(rows: &[Row]) {
    println!("| Crate | Lines of Rust | Measured | Time | Its own code | Crates compiled | Dependencies (`cargo tree -e normal`) |");
    println!("|---|---:|---|---:|---:|---:|---:|");
    for row in rows {
        println!(
            "| {} | {} | {} | {:.1} s | {:.2} s | {} | {} |",
            row.what,
            row.lines,
            row.command,
            row.time.as_secs_f64(),
            row.own_time.as_secs_f64(),
            row.compiled,
            row.dependencies
        );
    }
}

/// The clean builds of one crate by TLS feature: every run, then the
/// median of each feature's runs against the default's.
pub fn print_tls(rows: &[Row], features: usize) {
    println!("| Features | Clean `cargo build` (each run) | Median | ÷ default | Crates compiled | Dependencies (`cargo tree -e normal`) |");
    println!("|---|---|---:|---:|---:|---:|");
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        let n = times.len();
        if n % 2 == 1 {
            times[n / 2]
        } else {
            (times[n / 2 - 1] + times[n / 2]) / 2.0
        }
    };
    let mut default = None;
    for i in 0..features {
        let runs: Vec<&Row> = rows.iter().skip(i).step_by(features).collect();
        let mut times: Vec<f64> = runs.iter().map(|r| r.time.as_secs_f64()).collect();
        let each: Vec<String> = times.iter().map(|t| format!("{t:.1} s")).collect();
        let m = median(&mut times);
        let base = *default.get_or_insert(m);
        println!(
            "| {} | {} | **{m:.1} s** | {:.2}× | {} | {} |",
            runs[0].what,
            each.join(", "),
            m / base,
            runs[0].compiled,
            runs[0].dependencies
        );
    }
}
