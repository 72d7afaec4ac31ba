//! Unions (`oneOf`/`anyOf`): the enum of the variants and how a value
//! decodes into one: by the discriminator property, by the JSON kind alone
//! (serde's untagged decoding), or by each variant's guard in turn.

use super::type_doc;
use super::validate::validate_union;
use crate::emit::{docs, ident, ty, Scope};
use crate::ir::{Api, Discriminator, Guard, JsonKind, TypeDef, Union};
use proc_macro2::{Ident, TokenStream};
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

/// A union with a discriminator: its own `Deserialize` reads the property
/// and decodes the variant its value selects, a value the spec does not
/// list into the catch-all variant.
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
    let by_value = variants_by_value(d, u);
    let arms = by_value
        .iter()
        .map(|(value, variants)| tag_arm(&name, u, value, variants));
    let missing = format!("missing discriminator property `{property}`");
    let shared = by_value.iter().any(|(_, variants)| variants.len() > 1);
    let how = format!(
        " The property {} tells which variant a value is{}; a value the spec does not list decodes into the catch-all variant.",
        docs::code(property),
        if shared {
            " (where variants share a value, the first that decodes the object)"
        } else {
            ""
        }
    );
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

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = ::serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    Some(_) => Ok(#name::#other(value)),
                    None => Err(D::Error::custom(#missing)),
                }
            }
        }
        #validate
    }
}

/// The variants each discriminator value selects, values in the spec's
/// order. Variants sharing a value: the one whose guard says more (more
/// required properties) first, so that a value of it is not taken by one
/// that ignores its extra properties.
fn variants_by_value<'a>(d: &'a Discriminator, u: &Union) -> Vec<(&'a str, Vec<usize>)> {
    let mut by_value: Vec<(&str, Vec<usize>)> = Vec::new();
    for (value, i) in &d.mapping {
        match by_value.iter_mut().find(|(v, _)| v == value) {
            Some((_, variants)) => variants.push(*i),
            None => by_value.push((value, vec![*i])),
        }
    }
    for (_, variants) in &mut by_value {
        variants.sort_by_key(|i| {
            std::cmp::Reverse(u.variants.get(*i).map_or(0, |v| v.guard.specificity()))
        });
    }
    by_value
}

/// The `match` arm of one discriminator value: the variants it selects
/// tried in turn, the last one decoding or failing.
fn tag_arm(name: &Ident, u: &Union, value: &str, variants: &[usize]) -> TokenStream {
    let Some((last, first)) = variants.split_last() else {
        return quote!();
    };
    let tries = first.iter().filter_map(|i| u.variants.get(*i)).map(|v| {
        let vname = ident(&v.name);
        let vty = ty(&v.ty, Scope::Types);
        quote! {
            if let Ok(decoded) = <#vty as ::serde::Deserialize>::deserialize(&value) {
                return Ok(#name::#vname(decoded));
            }
        }
    });
    let Some(last) = u.variants.get(*last) else {
        return quote!();
    };
    let vname = ident(&last.name);
    let decode =
        quote!(::serde_json::from_value(value).map(#name::#vname).map_err(D::Error::custom));
    if first.is_empty() {
        quote!(Some(#value) => #decode,)
    } else {
        quote!(Some(#value) => { #(#tries)* #decode })
    }
}

/// An untagged union whose variants' kinds overlap: its own `Deserialize`
/// tries first the variants whose guard the value passes (required
/// properties present, `const` and enum values listed, the JSON kind), in
/// the model's order, then any variant that decodes the value.
fn untagged_union(
    t: &TypeDef,
    u: &Union,
    variants: Vec<TokenStream>,
    validate: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let tries = |guarded: bool| -> Vec<TokenStream> {
        u.variants
            .iter()
            .filter(|v| guarded || v.guard.says_more_than_kind())
            .map(|v| {
                let vname = ident(&v.name);
                let vty = ty(&v.ty, Scope::Types);
                let decode = quote! {
                    if let Ok(decoded) = <#vty as ::serde::Deserialize>::deserialize(value) {
                        return Ok(#name::#vname(decoded));
                    }
                };
                match guarded.then(|| guard_expr(&v.guard)).flatten() {
                    Some(check) => quote!(if #check { #decode }),
                    None => decode,
                }
            })
            .collect()
    };
    let guarded = tries(true);
    // A value no guard admits (an object without the required properties,
    // a string an enum does not list) still decodes if a variant takes it;
    // a guard of the kind alone is all that such a variant's decoding needs.
    let loose = tries(false);
    let order: Vec<String> = u.variants.iter().map(|v| format!("`{}`", v.name)).collect();
    let how = format!(
        " Decoding tries the variants in this order ({}), first those whose required properties, `const` values and kind the value shows, then any that decodes it.",
        order.join(", ")
    );
    let no_match = format!(
        "the value matches no variant of `{}`",
        t.name.trim_start_matches("r#")
    );
    quote! {
        #doc
        ///
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = &<::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #(#guarded)*
                #(#loose)*
                Err(::serde::de::Error::custom(#no_match))
            }
        }
        #validate
    }
}

/// The check of a variant's guard on `value: &serde_json::Value`; `None`
/// when decoding alone decides (any value).
fn guard_expr(g: &Guard) -> Option<TokenStream> {
    let listed = |e: &str| {
        let e = ident(e);
        quote!(|s: &str| #e::VALUES.contains(&s))
    };
    Some(match g.kind {
        JsonKind::Any => return None,
        JsonKind::Boolean => quote!(value.is_boolean()),
        JsonKind::Integer => quote!(value.as_number().is_some_and(|n| n.is_i64() || n.is_u64())),
        JsonKind::Number => quote!(value.is_number()),
        JsonKind::Array => quote!(value.is_array()),
        JsonKind::String => match &g.listed {
            Some(e) => {
                let f = listed(e);
                quote!(value.as_str().is_some_and(#f))
            }
            None => quote!(value.is_string()),
        },
        JsonKind::Object => {
            let mut conds: Vec<TokenStream> = Vec::new();
            for r in &g.required {
                conds.push(quote!(o.contains_key(#r)));
            }
            for (p, e) in &g.values {
                let f = listed(e);
                conds.push(quote!(o.get(#p).and_then(::serde_json::Value::as_str).is_some_and(#f)));
            }
            // Only without required properties, so never beside another
            // condition: no parentheses needed.
            match g.known.as_slice() {
                [] => {}
                [one] => conds.push(quote!(o.is_empty() || o.contains_key(#one))),
                many => conds
                    .push(quote!(o.is_empty() || [#(#many),*].iter().any(|k| o.contains_key(*k)))),
            }
            if conds.is_empty() {
                quote!(value.is_object())
            } else {
                quote!(value.as_object().is_some_and(|o| #(#conds)&&*))
            }
        }
    })
}
