//! Responses: which statuses a documented response stands for, the
//! successes with their bodies (by how they are read) and the typed errors.

use super::{pointer, TypeRef};
use crate::diag::Pointer;
pub use crate::load::streams::Framing;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status, e.g. `404`.
    Code(u16),
    /// A class of statuses, `4XX` for `Range(4)`.
    Range(u16),
    /// `default`: every status not documented otherwise.
    Default,
}

impl StatusMatch {
    /// The order `match` arms must take: exact codes, then ranges, then `default`.
    pub fn precedence(&self) -> (u8, u16) {
        match self {
            StatusMatch::Code(c) => (0, *c),
            StatusMatch::Range(r) => (1, *r),
            StatusMatch::Default => (2, 0),
        }
    }

    /// The exact status, when there is one.
    pub fn code(&self) -> Option<u16> {
        match self {
            StatusMatch::Code(c) => Some(*c),
            _ => None,
        }
    }

    /// The lowest and highest status of a range.
    pub fn bounds(&self) -> Option<(u16, u16)> {
        match self {
            StatusMatch::Code(c) => Some((*c, *c)),
            StatusMatch::Range(r) => Some((r * 100, r * 100 + 99)),
            StatusMatch::Default => None,
        }
    }
}

/// As the spec writes it: `404`, `4XX`, `default`.
impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(c) => write!(f, "{c}"),
            StatusMatch::Range(r) => write!(f, "{r}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

/// In the model's snapshots an exact status is a number (`404`), a range
/// or `default` a string (`4XX`, `default`).
impl Serialize for StatusMatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StatusMatch::Code(c) => s.serialize_u16(*c),
            other => s.collect_str(other),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Success {
    pub status: StatusMatch,
    /// The variant in the operation's response enum (when it has one), e.g. `Created`.
    pub variant: String,
    /// `None` when the response has no body.
    pub body: Option<Body>,
    pub description: String,
}

/// A response body, by how it is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Body {
    /// JSON, decoded into this type.
    Json(TypeRef),
    /// `text/*`, as a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, PDF), as bytes.
    Bytes,
    /// `text/event-stream`: server-sent events whose data is of this type
    /// (`string` for text).
    Events(TypeRef),
    /// A sequence of JSON texts (JSON Lines, NDJSON, JSON text sequences):
    /// a stream of items of this type, read as they arrive.
    Items { item: TypeRef, framing: Framing },
}

impl Body {
    pub fn json(&self) -> Option<&TypeRef> {
        match self {
            Body::Json(t) => Some(t),
            _ => None,
        }
    }

    /// The type the body (JSON), each of its events' data or each of its
    /// items is decoded into.
    pub fn decoded(&self) -> Option<&TypeRef> {
        match self {
            Body::Json(t) | Body::Events(t) | Body::Items { item: t, .. } => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorResponse {
    pub status: StatusMatch,
    /// The variant in the operation's error enum, e.g. `NotFound`.
    pub variant: String,
    /// `None` when the response has no body.
    pub ty: Option<TypeRef>,
    pub description: String,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}
