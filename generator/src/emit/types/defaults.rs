//! The `defaults` module of `src/types.rs`: one function per field with a
//! spec default, used by serde when a response leaves the field out.

use super::{default_fn, field_type};
use crate::emit::{ident, Scope};
use crate::ir::{FieldRepr, Literal, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

/// The `defaults` module's functions of a struct's defaulted fields.
pub(super) fn default_fns(t: &TypeDef) -> Vec<TokenStream> {
    let TypeKind::Struct(s) = &t.kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter(|f| matches!(f.repr, FieldRepr::Defaulted | FieldRepr::NullableDefaulted))
        .filter_map(|f| {
            let value = literal(f.default.as_ref()?, &f.ty);
            let func = ident(default_fn(f));
            let fty = field_type(f, Scope::Defaults);
            let value = if f.repr == FieldRepr::NullableDefaulted {
                quote!(Some(#value))
            } else {
                value
            };
            Some(quote! {
                pub(super) fn #func() -> #fty {
                    #value
                }
            })
        })
        .collect()
}

/// A spec default as a Rust expression of the field's type.
fn literal(l: &Literal, ty_ref: &TypeRef) -> TokenStream {
    match (l, ty_ref) {
        (Literal::String(s), _) => quote!(String::from(#s)),
        (Literal::Bool(b), _) => quote!(#b),
        (Literal::Integer(i), _) => {
            let lit = Lit::i64_unsuffixed(*i);
            quote!(#lit)
        }
        (Literal::Number(n), _) => {
            let lit = Lit::f64_unsuffixed(*n);
            quote!(#lit)
        }
        (Literal::Variant(v), TypeRef::Named(enum_name)) => {
            let e = ident(enum_name);
            let v = ident(v);
            quote!(super::#e::#v)
        }
        (Literal::Variant(_), _) => quote!(Default::default()),
    }
}
