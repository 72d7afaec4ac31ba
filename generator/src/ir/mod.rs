//! Phase 2, the intermediate model: what the generated crate contains, in
//! plain data. Everything here is resolved (no `$ref`), named (valid Rust
//! identifiers, collisions settled), ordered (deterministic) and knows the
//! JSON pointer it came from. The emitters only translate it into tokens.

mod lower;
pub mod redact;
pub mod rust;

pub use lower::{lower, parse_selection, MarkedScheme, Paginate, Rename, Renamed, Selector};

mod api;
mod operation;
mod pagination;
mod request;
mod response;
mod security;
mod types;
mod webhooks;

pub use api::{Api, License, PatternStatic, Tag};
pub use operation::{Encoding, Location, Method, Operation, Params, PathParam, PathSegment, Style};
pub use pagination::{
    Access, CursorSource, FieldPath, FieldStep, PageParam, PageScheme, Pagination,
};
pub use request::{FormEncoding, FormStyle, MultipartPart, PartKind, RequestBody, RequestMedia};
pub use response::{Body, ErrorResponse, Framing, StatusMatch, Success};
pub use security::{Auth, KeyLocation, OAuthFlow, Requirement, Scheme, SchemeKind, SchemeUse};
pub use types::{
    Additional, Bound, Constraints, DefaultImpl, Discriminator, Docs, EnumValue, Field, FieldRepr,
    Guard, JsonKind, Literal, Number, Rule, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant,
};
pub use webhooks::{Payload, Webhook, WebhookHeader, WebhookKind, WebhookResponse};

// `lower` and its children take `Pointer` and `Value` from here through
// `use super::*`, beside the model's types.
use crate::diag::Pointer;
use serde::Serializer;
use serde_json::Value;

/// Pointers are written as text in the model's snapshots.
fn pointer<S: Serializer>(p: &Pointer, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

fn is_false(b: &bool) -> bool {
    !*b
}
