//! `src/types.rs`: one Rust type per `TypeDef`. This module holds the
//! file's order (the types, then the `defaults` module and the pattern
//! statics) and what every kind of type shares (its documentation, a
//! field's type); each kind is emitted by its own child module.

mod defaults;
mod enums;
mod shapes;
mod structs;
mod unions;
mod validate;

use super::{docs, ident, ty, Scope};
use crate::ir::rust::RustType;
use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef};
use defaults::default_fns;
use enums::enum_def;
use proc_macro2::TokenStream;
use quote::quote;
pub use shapes::needs_shapes;
use structs::struct_def;
use unions::union_def;
use validate::pattern_statics;

/// The types `api.types[range]`; the piece starting at 0 carries the module's doc.
pub fn types(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let date_times = api.uses(|t| matches!(t, TypeRef::DateTime)).then(|| {
        quote! {
            //!
            //! A date-time is a [`DateTime`](crate::DateTime): it keeps its text as
            //! the server sent it (its offset, `Z` or `+00:00`, its fraction digits)
            //! and sends it back byte-identical; `to_chrono` and `to_utc` give the
            //! instant.
        }
    });
    let doc = (range.start == 0).then(|| {
        quote! {
            //! The API's data types, generated from the spec's schemas.
            //!
            //! An optional field is left out when it is `None`. An optional field
            //! that may also be `null` is a [`Nullable`](crate::Nullable): `Unset`
            //! (its default) when left out, `Null` when `null`, so that a value
            //! read and sent back keeps which of the two it was.
            //!
            //! String enums are `#[non_exhaustive]`: a later version of the spec may
            //! list more values. A value this version does not list decodes into the
            //! enum's catch-all variant, which keeps it and sends it back unchanged
            //! (make one with `from_wire`); `FromStr` accepts the listed values only.
            //!
            //! A struct keeps the properties its schema does not declare (those a
            //! newer version of the API sends) in its `additional` map, by name, as
            //! JSON values: `value.additional.get("newField")`. They are sent back
            //! after the declared ones, so a value read, changed and sent again
            //! loses nothing. The map is named otherwise when the spec declares a
            //! property `additional` (see each struct), and is absent when the
            //! schema forbids other properties (`additionalProperties: false`).
            #date_times
        }
    });
    let items = api
        .types
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|t| type_def(t, api));
    quote! {
        #doc
        #(#items)*
    }
}

/// What follows the types: the `defaults` module, the pattern statics and
/// the unions' shapes.
pub fn tail(api: &Api) -> TokenStream {
    let defaults: Vec<TokenStream> = api.types.iter().flat_map(default_fns).collect();
    let defaults = (!defaults.is_empty()).then(|| {
        quote! {
            /// The spec's defaults, used when a response leaves a field out.
            mod defaults {
                #(#defaults)*
            }
        }
    });
    let statics = pattern_statics(api);
    let shapes = shapes::shapes(api);
    quote! {
        #defaults
        #statics
        #shapes
    }
}

fn type_def(t: &TypeDef, api: &Api) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(s) => struct_def(t, s, api),
        TypeKind::Enum(e) => enum_def(t, e),
        TypeKind::Union(u) => union_def(t, u, api),
        TypeKind::Alias(target) => {
            let name = ident(&t.name);
            let doc = docs::attrs(&type_doc(t));
            let target = ty(target, Scope::Types);
            quote!(#doc pub type #name = #target;)
        }
    }
}

/// A type's documentation, and where in the spec it comes from. A title
/// that only repeats the type's name (`title: ValidationError`) is left out.
fn type_doc(t: &TypeDef) -> Vec<String> {
    let flat = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let names_itself = t
        .docs
        .title
        .as_deref()
        .is_some_and(|title| flat(title) == flat(&t.name));
    let mut lines = if names_itself {
        let description = crate::ir::Docs {
            title: None,
            ..t.docs.clone()
        };
        docs::lines(&description, None, None)
    } else {
        docs::lines(&t.docs, None, None)
    };
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("Spec: `{}`.", t.pointer));
    lines
}

/// The tokens of a field's type, wrappers included.
fn field_type(f: &Field, scope: Scope) -> TokenStream {
    super::rust_type(&RustType::field(f), scope)
}

/// The field's function in the `defaults` module.
fn default_fn(f: &Field) -> &str {
    f.default_fn.as_deref().unwrap_or_default()
}

/// A value as one string in a path, query or header; `v` is a `&T`.
pub fn scalar_to_string(t: &TypeRef, v: TokenStream) -> TokenStream {
    match t {
        TypeRef::String => quote!(#v.clone()),
        // Enums, and date-times as their text.
        TypeRef::Named(_) | TypeRef::DateTime => quote!(#v.as_str().to_owned()),
        _ => quote!(#v.to_string()),
    }
}
