//! The generated crate's `Cargo.toml`, `README.md` and `src/lib.rs`, one
//! child module per file; the `license` line of `Cargo.toml` and the usage
//! examples that `lib.rs` and the README share have their own.

mod cargo_toml;
mod examples;
mod lib_rs;
mod license;
mod readme;

pub use cargo_toml::{cargo_toml, toml_header};
pub use lib_rs::{lib_modules, lib_rs};
pub use readme::readme;
