//! The plain results of lowering a schema ([`Lowered`]) that need no
//! lowering themselves: the JSON value a schema falls back to, a schema's
//! own docs, and an outer schema's result over the one it wraps.
//!
//! A leaf of lowering: [`schemas`](super::schemas) and
//! [`composition`](super::composition) both use it, and it uses neither.

use super::Lowered;
use crate::ir::{Constraints, Docs, TypeRef};
use openapiv3::Schema;

/// A schema wrapping one other (`allOf`, `anyOf` or `oneOf` of one branch):
/// the inner schema's type and constraints, under the outer's docs and
/// default where it gives them.
pub(super) fn merge_outer(outer: &mut Lowered, inner: Lowered) {
    outer.secret |= inner.secret;
    outer.ty = inner.ty;
    outer.nullable |= inner.nullable;
    outer.constraints = inner.constraints;
    let format = inner.docs.format.clone();
    if outer.docs.description.is_none() && outer.docs.title.is_none() {
        outer.docs = inner.docs;
    }
    outer.docs.format = outer.docs.format.take().or(format);
    if outer.default.is_none() {
        outer.default = inner.default;
    }
}

/// A value typed as `serde_json::Value`, with nothing more known about it.
pub(super) fn json_value() -> Lowered {
    Lowered {
        secret: false,
        ty: TypeRef::Json,
        nullable: false,
        constraints: Constraints::default(),
        docs: Docs::default(),
        default: None,
    }
}

/// A schema's own title, description and deprecation.
pub(super) fn docs_of(schema: &Schema) -> Docs {
    Docs {
        title: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
        deprecated: schema.schema_data.deprecated,
        format: None,
    }
}
