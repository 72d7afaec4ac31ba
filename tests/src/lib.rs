//! Test tooling shared by the tests in `tests/` and the `fuzz` binary:
//! the fuzzer, the torture document of names and Markdown, and the values
//! made for each variant of a crate's unions.

pub mod fuzz;
pub mod samples;
pub mod torture;
