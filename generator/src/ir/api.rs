//! The root of the model: the API (title, version, servers' default base
//! URL, license) and what it holds, with the questions the emitters ask of
//! it as a whole (which optional dependencies and modules the crate needs).

use super::{Auth, Body, Operation, RequestMedia, TypeDef, TypeKind, TypeRef, Webhook};
use serde::Serialize;
use std::collections::BTreeMap;

/// The API as the generated crate sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server's URL with its variables at their defaults, when it is absolute.
    pub default_base_url: Option<String>,
    /// `info.license`, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    pub auth: Option<Auth>,
    pub operations: Vec<Operation>,
    /// Every type reachable from an operation, sorted by name.
    pub types: Vec<TypeDef>,
    /// The patterns checked before a request is sent, one `static` each, in
    /// the order the checks first use them.
    pub patterns: Vec<PatternStatic>,
    /// Where each pattern's source is in `patterns` (a lookup per check, in
    /// time that does not grow with the number of patterns).
    #[serde(skip)]
    pub pattern_index: BTreeMap<String, usize>,
    /// Requests the API sends to the user's server: webhooks, then the
    /// operations' callbacks, in the spec's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
    /// Where each operation's callbacks are in `webhooks`, by operation id.
    #[serde(skip)]
    pub callback_index: BTreeMap<String, Vec<usize>>,
    /// The document's tags, when it describes them for navigation
    /// (OpenAPI 3.2's `summary`, `parent` or `kind` on one of them), in
    /// its order: the README lists them as a tree.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// A tag of the document (OpenAPI 3.2's navigation fields included).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The tag it is nested under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// What it is for (`nav`, `badge`, `audience`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The ids of the generated operations it tags, in their order.
    pub operations: Vec<String>,
}

/// The spec's `info.license`, as written (the crate's `Cargo.toml` decides
/// what Cargo can take of it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct License {
    pub name: String,
    /// OpenAPI 3.1's `identifier`: an SPDX license expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Api {
    /// The generated type a reference names (not through arrays or maps).
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        // `types` is sorted by name.
        let i = self
            .types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()?;
        self.types.get(i)
    }

    /// Whether the type `ty` ends at (through arrays and maps) implements `Validate`.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        ty.named()
            .and_then(|n| self.type_def(n))
            .is_some_and(|t| t.validated)
    }

    /// The `static` that checks this pattern, e.g. `PATTERN_0`.
    pub fn pattern_static(&self, source: &str) -> Option<&str> {
        self.pattern_index
            .get(source)
            .and_then(|&i| self.patterns.get(i))
            .map(|p| p.name.as_str())
    }
    /// Whether a type the crate uses (in a type, a body, an argument or a
    /// response) is or contains a reference of this kind: which optional
    /// dependencies (`chrono`, `uuid`) the crate needs.
    pub fn uses(&self, pred: fn(&TypeRef) -> bool) -> bool {
        fn walk(t: &TypeRef, pred: fn(&TypeRef) -> bool) -> bool {
            pred(t)
                || match t {
                    TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => walk(i, pred),
                    _ => false,
                }
        }
        self.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().any(|f| walk(&f.ty, pred))
                    || s.additional.as_ref().is_some_and(|a| walk(&a.ty, pred))
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| walk(&v.ty, pred)),
            TypeKind::Alias(a) => walk(a, pred),
            TypeKind::Enum(_) => false,
        }) || self.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| walk(&b.ty, pred) || b.part_types().any(|t| walk(t, pred)))
                || op.path_params.iter().any(|p| walk(&p.ty, pred))
                || op.successes.iter().any(|s| {
                    s.body
                        .as_ref()
                        .and_then(Body::decoded)
                        .is_some_and(|t| walk(t, pred))
                })
                || op
                    .errors
                    .iter()
                    .any(|e| e.ty.as_ref().is_some_and(|t| walk(t, pred)))
        }) || self.webhooks.iter().any(|w| {
            w.payload
                .as_ref()
                .and_then(|p| p.body.json())
                .is_some_and(|t| walk(t, pred))
        })
    }

    /// Whether an operation sends a `multipart/form-data` body.
    pub fn sends_multipart(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| matches!(b.media, RequestMedia::Multipart { .. }))
        })
    }

    /// Whether an operation sends an `Upload` (a binary or multipart body).
    pub fn sends_uploads(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body.as_ref().is_some_and(|b| {
                matches!(
                    b.media,
                    RequestMedia::Multipart { .. } | RequestMedia::Binary { .. }
                )
            })
        })
    }

    /// Whether an operation's success is a binary body, streamed as a `ByteStream`.
    pub fn streams_downloads(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.successes.iter().any(|s| s.body == Some(Body::Bytes)))
    }

    /// Whether an operation's success is a `text/event-stream`.
    pub fn streams_events(&self) -> bool {
        self.operations.iter().any(|op| {
            op.successes
                .iter()
                .any(|s| matches!(s.body, Some(Body::Events(_))))
        })
    }

    /// Whether an operation's success is a stream of JSON items (JSON
    /// Lines, NDJSON, JSON text sequences).
    pub fn streams_items(&self) -> bool {
        self.operations.iter().any(|op| {
            op.successes
                .iter()
                .any(|s| matches!(s.body, Some(Body::Items { .. })))
        })
    }

    /// Whether an operation sends its body as a sequence of JSON items.
    pub fn sends_items(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| matches!(b.media, RequestMedia::Items { .. }))
        })
    }

    /// Whether the crate has the `lines` module (a stream of JSON items
    /// read or sent), which reads a response's body as a stream.
    pub fn uses_items(&self) -> bool {
        self.streams_items() || self.sends_items()
    }

    /// Whether an operation reads a success as it arrives (bytes, events,
    /// items): the client leaves such a body unread for its stream.
    pub fn streams_successes(&self) -> bool {
        self.streams_downloads() || self.streams_events() || self.streams_items()
    }

    /// Whether an operation returns a list a page at a time (its streams
    /// need the `pagination` module and `futures-core`).
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// The callbacks an operation may trigger, by its operation id.
    pub fn callbacks_of<'s>(&'s self, operation_id: &str) -> impl Iterator<Item = &'s Webhook> {
        self.callback_index
            .get(operation_id)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.webhooks.get(i))
    }
}

/// A pattern checked before sending: `static NAME: Pattern = Pattern::new(SOURCE)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternStatic {
    pub name: String,
    /// The ECMAScript regular expression, as the spec writes it.
    pub source: String,
}
