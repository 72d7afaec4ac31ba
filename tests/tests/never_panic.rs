//! A short, bounded run of the mutation fuzzer (`src/fuzz.rs`): any panic
//! of the generator on any input is a failure. The long run is
//! `cargo run --release -p codegen-tests --bin fuzz` (100,000 cases).

use std::path::Path;
use std::time::Duration;

#[test]
fn the_generator_never_panics_on_mutated_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seeds = codegen_tests::fuzz::corpus(&root);
    assert!(seeds.len() >= 10, "the corpus is spec/ and the fixtures");
    match codegen_tests::fuzz::run(&seeds, 7, 3_000, Duration::from_secs(30)) {
        Ok(stats) => {
            eprintln!("{stats:?}");
            assert!(
                stats.cases >= 300,
                "too few cases in the time budget: {stats:?}"
            );
            assert!(stats.generated > 0 && stats.rejected > 0, "{stats:?}");
            assert!(stats.multi_file > 0, "no multi-file case: {stats:?}");
        }
        Err(f) => panic!(
            "case {} panicked: {}\ninput:\n{}",
            f.case, f.message, f.input
        ),
    }
}
