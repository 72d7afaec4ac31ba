//! Test tooling shared by the tests in `tests/` and the `fuzz` binary.

pub mod fuzz;
