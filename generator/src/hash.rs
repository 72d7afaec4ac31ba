//! Hashing, a leaf utility: the SHA-256 of bytes as lowercase hex, for the
//! manifest (the spec's files and each generated file) and the ownership
//! check when writing. Imports nothing from the crate.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
