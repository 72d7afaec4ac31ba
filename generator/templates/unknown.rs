//! The catch-all of generated enums.

use std::fmt;

/// A value of an enum that this version of the spec does not list, kept as
/// received so that it is sent back unchanged. It is never one of the listed
/// values (those decode into their own variants), so enums compare, hash and
/// order consistently with what they mean on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
