//! `cargo run --release -p codegen-tests --bin fuzz -- [--cases N] [--seed S] [--trace]`:
//! the long never-panic run (100,000 cases by default). A failing input is
//! written to `target/fuzz-failure.json`.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() -> std::process::ExitCode {
    let mut cases: u64 = 100_000;
    let mut seed: u64 = 1;
    let mut trace = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--trace" {
            trace = true;
            continue;
        }
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--cases", Some(v)) => cases = v,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: fuzz [--cases N] [--seed S] [--trace]");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seeds = codegen_tests::fuzz::corpus(&root);
    let started = Instant::now();
    // With --trace, each input is written first to target/fuzz-current.json:
    // after an abort (a stack overflow is not a panic), it is the culprit.
    let trace_path = root.join("target/fuzz-current.json");
    let trace = trace.then_some(trace_path.as_path());
    match codegen_tests::fuzz::run_traced(&seeds, seed, cases, Duration::MAX, trace) {
        Ok(stats) => {
            println!(
                "{} cases from {} seed documents in {:.1?} (seed {seed}): {} generated, {} rejected with diagnostics, 0 panics; slowest case {:.1?}",
                stats.cases,
                seeds.len(),
                started.elapsed(),
                stats.generated,
                stats.rejected,
                stats.slowest
            );
            std::process::ExitCode::SUCCESS
        }
        Err(failure) => {
            let path = root.join("target/fuzz-failure.json");
            let _ = std::fs::write(&path, &failure.input);
            eprintln!(
                "case {} (seed {seed}) panicked: {}\ninput written to {}",
                failure.case,
                failure.message,
                path.display()
            );
            std::process::ExitCode::FAILURE
        }
    }
}
