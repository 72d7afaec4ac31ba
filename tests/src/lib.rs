//! Test tooling shared by the tests in `tests/` and the `fuzz` binary:
//! the fuzzer, and the torture document of names and Markdown.

pub mod fuzz;
pub mod torture;
