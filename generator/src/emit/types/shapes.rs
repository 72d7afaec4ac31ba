//! What unions decode by: `mod shapes` at the end of `types.rs`, a static
//! description (`crate::shape::Shape`) of each union and of each struct
//! or union its variants contain, named as its type, which the crate's
//! `shape` module checks a JSON value against. String enums and aliases
//! are written where they are used: enums name their `VALUES`, aliases are
//! their target.

use crate::emit::ident;
use crate::ir::{Api, Discriminator, Field, FieldRepr, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// How many aliases in a row a shape follows (cycles are reported when
/// lowering; this only bounds the walk).
const MAX_ALIASES: usize = 8;

/// The union decodes by its variants' shapes (its own `Deserialize`),
/// rather than by serde's untagged decoding (variants of different JSON
/// kinds).
pub(super) fn decodes_by_shape(u: &Union) -> bool {
    u.discriminator.is_some() || !u.by_kind
}

/// The variant `i` of a union with a discriminator shares a value of the
/// property with another variant: only such variants are told apart by
/// their shapes (the value alone decides the others).
pub(super) fn shares_tag(d: &Discriminator, i: usize) -> bool {
    d.mapping
        .iter()
        .any(|(v, j)| *j == i && d.mapping.iter().any(|(w, k)| w == v && *k != i))
}

/// Some union decodes by shapes: the crate needs the `shape` module.
pub fn needs_shapes(api: &Api) -> bool {
    api.types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Union(u) if decodes_by_shape(u)))
}

/// The structs and unions that have a static: every union that decodes
/// by shapes, and every struct and union their variants contain, through
/// fields, arrays, maps and aliases (of a union with a discriminator, only
/// the variants that share a value). Sorted by name.
fn shaped(api: &Api) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut aliases = BTreeSet::new();
    let mut stack: Vec<&str> = api
        .types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Union(u) if decodes_by_shape(u)))
        .map(|t| t.name.as_str())
        .collect();
    while let Some(name) = stack.pop() {
        let Some(t) = api.type_def(name) else {
            continue;
        };
        let refs: Vec<&TypeRef> = match &t.kind {
            TypeKind::Struct(s) if out.insert(name) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.iter().map(|a| &a.ty))
                .collect(),
            TypeKind::Union(u) if out.insert(name) => u
                .variants
                .iter()
                .enumerate()
                .filter(|(i, _)| u.discriminator.as_ref().is_none_or(|d| shares_tag(d, *i)))
                .map(|(_, v)| &v.ty)
                .collect(),
            TypeKind::Alias(target) if aliases.insert(name) => vec![target],
            _ => continue,
        };
        stack.extend(refs.into_iter().filter_map(TypeRef::named));
    }
    out
}

/// `mod shapes`, when some union decodes by shapes.
pub(super) fn shapes(api: &Api) -> TokenStream {
    let names = shaped(api);
    let types: Vec<&TypeDef> = names.iter().filter_map(|n| api.type_def(n)).collect();
    if types.is_empty() {
        return TokenStream::new();
    }
    let has_struct = types.iter().any(|t| matches!(t.kind, TypeKind::Struct(_)));
    let rest = has_struct.then(|| quote!(Rest,));
    let statics = types.iter().map(|t| shape_static(t, api));
    quote! {
        /// What each union, and each struct and union its variants contain,
        /// accepts: the crate's `shape` module tells a union's variants
        /// apart by these.
        #[allow(non_upper_case_globals)]
        mod shapes {
            use crate::shape::{#rest Shape};
            #(#statics)*
        }
    }
}

/// `static Name: Shape = ...;` for a struct or a union.
fn shape_static(t: &TypeDef, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let shape = match &t.kind {
        TypeKind::Struct(s) => object(s, api),
        TypeKind::Union(u) => union(u, api),
        TypeKind::Enum(_) | TypeKind::Alias(_) => return TokenStream::new(),
    };
    quote!(pub(super) static #name: Shape = #shape;)
}

/// A struct: each field's key, whether serde requires it, and its shape;
/// then what the struct says of other properties.
fn object(s: &Struct, api: &Api) -> TokenStream {
    let properties = s.fields.iter().map(|f| {
        let key = f.serde_key();
        let required = f.repr == FieldRepr::Required;
        let shape = field_shape(f, api);
        quote!((#key, #required, #shape))
    });
    let rest = if s.closed {
        quote!(Rest::Closed)
    } else if let Some(a) = s.additional.as_deref().filter(|a| a.typed) {
        // The map of undeclared properties (`typed: false`) holds what the
        // schema leaves open: it says nothing of them.
        let values = shape_ref(&a.ty, api, 0);
        quote!(Rest::Typed(#values))
    } else {
        quote!(Rest::Open)
    };
    quote!(Shape::Object(&[#(#properties),*], #rest))
}

/// A union: its variants' names and shapes; with a discriminator, the
/// property and which variant each of its values selects (a variant that
/// no other shares a value with is any value: the property decides).
fn union(u: &Union, api: &Api) -> TokenStream {
    let variants = u.variants.iter().enumerate().map(|(i, v)| {
        let name = v.name.trim_start_matches("r#");
        let shape = match &u.discriminator {
            Some(d) if !shares_tag(d, i) => quote!(&Shape::Any),
            _ => shape_ref(&v.ty, api, 0),
        };
        quote!((#name, #shape))
    });
    match &u.discriminator {
        Some(d) => {
            let property = &d.property;
            let mapping = d.mapping.iter().map(|(value, i)| {
                let i = proc_macro2::Literal::usize_unsuffixed(*i);
                quote!((#value, #i))
            });
            quote!(Shape::Tagged(#property, &[#(#mapping),*], &[#(#variants),*]))
        }
        None => quote!(Shape::Union(&[#(#variants),*])),
    }
}

/// A field's shape: `null` is one of its values when it is nullable.
fn field_shape(f: &Field, api: &Api) -> TokenStream {
    let shape = shape_ref(&f.ty, api, 0);
    if f.nullable {
        quote!(&Shape::Nullable(#shape))
    } else {
        shape
    }
}

/// A `&'static Shape` for a type reference: a static for a struct or a
/// union, written out for the rest.
fn shape_ref(ty: &TypeRef, api: &Api, aliases: usize) -> TokenStream {
    match ty {
        TypeRef::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_) | TypeKind::Union(_)) => {
                let name = ident(name);
                quote!(&#name)
            }
            Some(TypeKind::Enum(_)) => {
                let name = ident(name);
                quote!(&Shape::Enum(super::#name::VALUES))
            }
            Some(TypeKind::Alias(target)) if aliases < MAX_ALIASES => {
                shape_ref(target, api, aliases + 1)
            }
            _ => quote!(&Shape::Any),
        },
        TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => {
            quote!(&Shape::String)
        }
        TypeRef::I32 | TypeRef::I64 => quote!(&Shape::Integer),
        TypeRef::F32 | TypeRef::F64 => quote!(&Shape::Number),
        TypeRef::Boolean => quote!(&Shape::Boolean),
        TypeRef::Json => quote!(&Shape::Any),
        TypeRef::Array(inner) => {
            let inner = shape_ref(inner, api, aliases);
            quote!(&Shape::Array(#inner))
        }
        TypeRef::Map(inner) => {
            let inner = shape_ref(inner, api, aliases);
            quote!(&Shape::Map(#inner))
        }
        TypeRef::Nullable(inner) => {
            let inner = shape_ref(inner, api, aliases);
            quote!(&Shape::Nullable(#inner))
        }
    }
}
