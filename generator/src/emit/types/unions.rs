//! Unions (`oneOf`/`anyOf`): the enum of the variants and how a value
//! decodes into one: by the JSON kind alone (serde's untagged decoding),
//! or by the crate's `shape` module, which checks the value against each
//! variant's shape ([`super::shapes`]) and decodes the one that explains
//! it best (with a discriminator, among the variants its value selects).

use super::type_doc;
use super::validate::validate_union;
use crate::emit::{docs, ident, ty, Scope};
use crate::ir::{Api, Discriminator, TypeDef, Union, UnionVariant};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A union, decoded as its discriminator or its variants' kinds and
/// guards tell.
pub(super) fn union_def(t: &TypeDef, u: &Union, api: &Api) -> TokenStream {
    let variants = variant_decls(t, u);
    let validate = t.in_request.then(|| validate_union(t, u, api));
    match &u.discriminator {
        Some(d) => tagged_union(t, u, d, &variants, validate),
        None if u.by_kind => by_kind_union(t, &variants, validate),
        None => untagged_union(t, u, variants, validate),
    }
}

/// The variants' declarations, each with the discriminator values that
/// select it and, when decoding cannot tell it from an earlier one, which.
fn variant_decls(t: &TypeDef, u: &Union) -> Vec<TokenStream> {
    let name = ident(&t.name);
    u.variants.iter().enumerate().map(|(i, v)| {
        let vname = ident(&v.name);
        let vty = ty(&v.ty, Scope::Types);
        let same = v.same_as.as_ref().map(|first| {
            let text = format!(
                " Decoding cannot tell this variant from [`{first}`]({name}::{first}), tried before it: a value both accept is a `{first}`."
            );
            quote!(#[doc = #text])
        });
        let doc = u.discriminator.as_ref().map(|d| {
            let values: Vec<String> = d
                .mapping
                .iter()
                .filter(|(_, j)| *j == i)
                .map(|(value, _)| docs::code(&format!("{}: {value:?}", d.property)))
                .collect();
            let text = if values.is_empty() {
                format!(
                    " No value of {} selects this variant: the spec's mapping gives them to others.",
                    docs::code(&d.property)
                )
            } else {
                format!(" {}", values.join(" or "))
            };
            quote!(#[doc = #text])
        });
        quote!(#doc #same #vname(#vty),)
    }).collect()
}

/// A union whose variants each accept a different kind of JSON value:
/// serde's untagged decoding.
fn by_kind_union(
    t: &TypeDef,
    variants: &[TokenStream],
    validate: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    quote! {
        #doc
        ///
        /// Each variant accepts a different kind of JSON value, so decoding
        /// cannot pick the wrong one.
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
        #validate
    }
}

/// How decoding picks among variants that all accept a value (the
/// `shape` module's rule), for the unions' documentation.
const BEST: &str = "A variant refuses a value of another JSON kind, an object without a property it requires, or a property whose value it refuses. Of the variants that accept the value, the one that needs the fewest allowances wins (a string its enum does not list, `null` for an optional property that is not nullable, a property an object with `additionalProperties: false` does not declare, an object none of whose properties the variant declares), then the one that declares the most of the value's properties by name (nested objects and array items included), then the one whose enums list the most of its strings";

/// A union with a discriminator: the property's value selects the
/// variant; where several variants share a value, the one that explains
/// the value best; a value the spec does not list decodes into the
/// catch-all variant.
fn tagged_union(
    t: &TypeDef,
    u: &Union,
    d: &Discriminator,
    variants: &[TokenStream],
    validate: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let property = &d.property;
    let other = ident(&d.other_variant);
    let other_text = format!(
        " A {} this version of the spec does not list, as received.",
        docs::code(property)
    );
    let shared = (0..u.variants.len()).any(|i| super::shapes::shares_tag(d, i));
    let default = d.default_variant.and_then(|i| u.variants.get(i));
    let unlisted = match default {
        Some(v) => format!(
            "a value the spec does not list, or a value without the property, decodes into {} (the spec's `defaultMapping`)",
            docs::code(v.name.trim_start_matches("r#"))
        ),
        None => "a value the spec does not list decodes into the catch-all variant".to_owned(),
    };
    let how = format!(
        " The property {} tells which variant a value is; {unlisted}.{}",
        docs::code(property),
        if shared {
            format!(" Where variants share a value, decoding checks the value against each of them and decodes the one that explains it best. {BEST}, then the first in the order above.")
        } else {
            String::new()
        }
    );
    let other_arm = match default {
        Some(v) => {
            let vname = ident(&v.name);
            quote!(_ => crate::shape::from(v).map(Self::#vname),)
        }
        None => quote!(_ => Ok(Self::#other(v.into_owned())),),
    };
    let untagged = default.map(|v| {
        let vname = ident(&v.name);
        quote! {
            // Without the property (or not a string): the default variant.
            if value.is_object() && value.get(#property).and_then(::serde_json::Value::as_str).is_none() {
                return crate::shape::from(::std::borrow::Cow::Owned(value))
                    .map(Self::#vname)
                    .map_err(::serde::de::Error::custom);
            }
        }
    });
    let deserialize = deserialize_impl(t, &u.variants, other_arm, untagged);
    quote! {
        #doc
        ///
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #other_text] #other(::serde_json::Value),
        }
        #deserialize
        #validate
    }
}

/// An untagged union whose variants' kinds overlap: decoding checks the
/// value against every variant and decodes the one that explains it best.
fn untagged_union(
    t: &TypeDef,
    u: &Union,
    variants: Vec<TokenStream>,
    validate: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let order: Vec<String> = u.variants.iter().map(|v| format!("`{}`", v.name)).collect();
    let how = format!(
        " Decoding checks the value against every variant and decodes the one that explains it best. {BEST}, then the first in this order: {}. A value that every variant refuses is an error that says why each refused.",
        order.join(", ")
    );
    // The last variant takes the arm that any other index would.
    let last = u.variants.last().map(|v| {
        let vname = ident(&v.name);
        quote!(_ => crate::shape::from(v).map(Self::#vname),)
    });
    let last = last.unwrap_or_else(
        || quote!(_ => Err(<::serde_json::Error as ::serde::de::Error>::custom("no variant")),),
    );
    let others = u
        .variants
        .split_last()
        .map_or(&[][..], |(_, others)| others);
    let deserialize = deserialize_impl(t, others, last, None);
    quote! {
        #doc
        ///
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
        #deserialize
        #validate
    }
}

/// The `Deserialize` of a union that decodes by shapes: the value, the
/// union's static, and the variant of each index (`variants`, in order);
/// `last` is the arm for any other index; `first`, statements on `value`
/// before the shapes are looked at.
fn deserialize_impl(
    t: &TypeDef,
    variants: &[UnionVariant],
    last: TokenStream,
    first: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&t.name);
    let union = t.name.trim_start_matches("r#");
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let i = Literal::usize_unsuffixed(i);
        let vname = ident(&v.name);
        quote!(#i => crate::shape::from(v).map(Self::#vname),)
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #first
                crate::shape::decode(#union, &shapes::#name, value, |i, v| match i {
                    #(#arms)*
                    #last
                })
                .map_err(::serde::de::Error::custom)
            }
        }
    }
}
