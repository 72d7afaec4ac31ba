//! The generated crate's `Cargo.toml`, `README.md` and `src/lib.rs`, one
//! child module per file; the `license` line of `Cargo.toml` and the usage
//! examples that `lib.rs` and the README share have their own; a TOML
//! string, which `Cargo.toml` and its license line both write, is here.

mod cargo_toml;
mod examples;
mod lib_rs;
mod license;
mod readme;

pub use cargo_toml::{cargo_toml, toml_header};
pub use lib_rs::{lib_modules, lib_rs};
pub use readme::readme;

/// `s` as a TOML basic string, control characters replaced by spaces.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
