//! Streams of JSON items (JSON Lines, NDJSON, JSON text sequences): which
//! schema is an item's. OpenAPI 3.2's `itemSchema` says it outright (the
//! load phase keeps it in [`ITEM_SCHEMA`]); a 3.0/3.1 `schema` on a
//! sequential media type models the whole stream, an array of the items,
//! as 3.2 says; a `schema` that is not an array is, in practice, written
//! for one item, and taken so with a warning.

use super::*;
use crate::load::streams::{framing, ITEM_SCHEMA};
use serde::Deserialize;

impl<'a> Lowerer<'a> {
    /// The body of a response or request in a sequential media type, if
    /// `media` is one: its items' type and how they are framed.
    pub(super) fn items_body(
        &mut self,
        media: &str,
        media_type: &openapiv3::MediaType,
        content_ptr: &Pointer,
        hint: &str,
    ) -> Option<(TypeRef, Framing)> {
        let framing = framing(media)?;
        let item_hint = format!("{hint}Item");
        if let Some(item) = self.explicit_item(media_type, content_ptr, &item_hint) {
            return Some((item, framing));
        }
        let Some(schema) = &media_type.schema else {
            return Some((TypeRef::Json, framing));
        };
        let schema_ptr = content_ptr.push("schema");
        // An inline array: its items are lowered as the items they are.
        if let ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Array(array)),
            ..
        }) = schema
        {
            let item = match &array.items {
                Some(items) => {
                    self.schema(view_box(items), &schema_ptr.push("items"), &item_hint)
                        .ty
                }
                None => TypeRef::Json,
            };
            return Some((item, framing));
        }
        let ty = self.schema(view(schema), &schema_ptr, &item_hint).ty;
        if let TypeRef::Array(item) = ty {
            return Some((*item, framing));
        }
        self.diags.warning(
            schema_ptr,
            format!("the `schema` of `{media}` models the whole stream, an array of its items (OpenAPI 3.2); this one is not an array and is taken as the schema of one item: write `type: array` with `items`, or 3.2's `itemSchema`, to say so"),
        );
        Some((ty, framing))
    }

    /// The type of the schema the load phase kept from the media type's
    /// `itemSchema` (for `text/event-stream`, that of each event's data),
    /// if it has one.
    pub(super) fn explicit_item(
        &mut self,
        media_type: &openapiv3::MediaType,
        content_ptr: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        let kept = media_type.extensions.get(ITEM_SCHEMA)?;
        let mut ptr = content_ptr.clone();
        for token in kept.get("at")?.as_array()? {
            ptr = ptr.push(token.as_str()?);
        }
        let schema = kept.get("schema")?;
        match ReferenceOr::<Schema>::deserialize(schema) {
            Ok(schema) => Some(self.schema(view(&schema), &ptr, hint).ty),
            Err(e) => {
                self.diags.warning(
                    ptr,
                    format!("this item schema is not used: it does not have the shape of a schema ({e}); the items are read as any JSON"),
                );
                Some(TypeRef::Json)
            }
        }
    }
}
