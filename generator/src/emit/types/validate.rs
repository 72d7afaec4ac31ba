//! `impl Validate` of the request types: each field's constraints
//! (`checks_for`: ranges, lengths, patterns, item counts, nested items),
//! then its nested types; and the pattern statics those checks use.

use crate::emit::{docs, ident};
use crate::ir::{
    Additional, Api, Bound, Constraints, Field, FieldRepr, Location, Number, Rule, Struct, TypeDef,
    TypeRef, Union,
};
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

/// `impl Validate`: the field's own constraints, then its nested types.
pub(super) fn validate_struct(t: &TypeDef, s: &Struct, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let mut checks: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| field_checks(f, api))
        .collect();
    if let Some(a) = &s.additional {
        checks.extend(additional_checks(a, api));
    }
    checks.extend(s.rules.iter().map(|r| rule_check(r, s)));
    let (path, errors) = if checks.is_empty() {
        (quote!(_path), quote!(_errors))
    } else {
        (quote!(path), quote!(errors))
    };
    quote! {
        impl crate::validate::Validate for #name {
            fn validate(&self, #path: &crate::validate::Path<'_>, #errors: &mut Vec<crate::FieldError>) {
                #(#checks)*
            }
        }
    }
}

/// The checks of one field, under its wire name in the path; `None` when
/// it has none.
fn field_checks(f: &Field, api: &Api) -> Option<TokenStream> {
    let fname = ident(&f.name);
    let wire = &f.wire_name;
    let value_checks = checks_for(&f.ty, &f.constraints, api, quote!(value), quote!(&path));
    let nested = api
        .validates(&f.ty)
        .then(|| quote!(crate::validate::Validate::validate(&self.#fname, &path, errors);));
    let access = match f.repr {
        FieldRepr::Required | FieldRepr::Defaulted => {
            quote!(let value = &self.#fname; { #value_checks })
        }
        FieldRepr::OptionalNullable => {
            quote!(if let crate::Nullable::Value(value) = &self.#fname { #value_checks })
        }
        _ => quote!(if let Some(value) = &self.#fname { #value_checks }),
    };
    let access = (!value_checks.is_empty()).then_some(access);
    if access.is_none() && nested.is_none() {
        return None;
    }
    Some(quote! {
        {
            let path = crate::validate::Path::Field(path, #wire);
            #access
            #nested
        }
    })
}

/// The checks of the map of the properties the spec does not name: each
/// value's constraints, then its nested types; `None` when it has none.
fn additional_checks(a: &Additional, api: &Api) -> Option<TokenStream> {
    let fname = ident(&a.name);
    let map_ty = TypeRef::Map(Box::new(a.ty.clone()));
    let c = Constraints {
        values: (!a.constraints.is_empty()).then(|| Box::new(a.constraints.clone())),
        ..Constraints::default()
    };
    let value_checks = checks_for(&map_ty, &c, api, quote!(value), quote!(path));
    let nested = api
        .validates(&a.ty)
        .then(|| quote!(crate::validate::Validate::validate(&self.#fname, path, errors);));
    if value_checks.is_empty() && nested.is_none() {
        return None;
    }
    let access =
        (!value_checks.is_empty()).then(|| quote!(let value = &self.#fname; #value_checks));
    Some(quote! {
        {
            #access
            #nested
        }
    })
}

/// The check of a rule over which properties are set (see
/// [`crate::ir::Rule`]): whether each set is all there, and how many
/// must be.
fn rule_check(rule: &Rule, s: &Struct) -> TokenStream {
    let sets = rule.sets.iter().map(|set| {
        let present = set.iter().map(|wire| present(wire, s));
        if set.is_empty() {
            quote!(true)
        } else {
            quote!(#(#present)&&*)
        }
    });
    let names: Vec<String> = rule.sets.iter().map(|set| set_name(set)).collect();
    let check = if rule.exactly_one {
        quote!(crate::validate::exactly_one)
    } else {
        quote!(crate::validate::at_least_one)
    };
    quote! {
        #check(errors, path, &[#(#sets),*], &[#(#names),*]);
    }
}

/// A set of properties as the rule's message names it: `` `a` and `b` ``.
pub(super) fn set_name(set: &[String]) -> String {
    if set.is_empty() {
        return "nothing".to_owned();
    }
    set.iter()
        .map(|w| docs::code(w))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Whether the property `wire` is sent: a field that is always sent, an
/// optional one that is set, or a key of the map of the others.
fn present(wire: &str, s: &Struct) -> TokenStream {
    let field = s
        .fields
        .iter()
        .find(|f| f.location == Location::Body && f.wire_name == wire);
    match field {
        Some(f) => {
            let fname = ident(&f.name);
            match f.repr {
                FieldRepr::Optional => quote!(self.#fname.is_some()),
                FieldRepr::OptionalNullable => quote!(!self.#fname.is_unset()),
                _ => quote!(true),
            }
        }
        None => match &s.additional {
            Some(a) => {
                let fname = ident(&a.name);
                quote!(self.#fname.contains_key(#wire))
            }
            None => quote!(false),
        },
    }
}

/// `impl Validate` of a union: the variant's own constraints, then its
/// nested types.
pub(super) fn validate_union(t: &TypeDef, u: &Union, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let mut arms: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let checks = checks_for(&v.ty, &v.constraints, api, quote!(value), quote!(path));
            let nested = api
                .validates(&v.ty)
                .then(|| quote!(crate::validate::Validate::validate(value, path, errors);));
            match (checks.is_empty(), nested) {
                (true, None) => quote!(#name::#vname(_) => {}),
                (true, Some(_)) => quote!(#name::#vname(value) => crate::validate::Validate::validate(value, path, errors),),
                (false, nested) => quote!(#name::#vname(value) => { #checks #nested }),
            }
        })
        .collect();
    if let Some(d) = &u.discriminator {
        let other = ident(&d.other_variant);
        arms.push(quote!(#name::#other(_) => {}));
    }
    quote! {
        impl crate::validate::Validate for #name {
            fn validate(&self, path: &crate::validate::Path<'_>, errors: &mut Vec<crate::FieldError>) {
                let _ = (&path, &errors);
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// Checks of one value (`value` is a reference to it).
fn checks_for(
    ty_ref: &TypeRef,
    c: &Constraints,
    api: &Api,
    value: TokenStream,
    path: TokenStream,
) -> TokenStream {
    let mut out = Vec::new();
    out.extend(range_check(ty_ref, c, &value, &path));
    if matches!(ty_ref, TypeRef::String) {
        out.extend(string_checks(c, api, &value, &path));
    }
    if let TypeRef::Array(item_ty) = ty_ref {
        out.extend(array_checks(item_ty, c, api, &value, &path));
    }
    if let (TypeRef::Map(value_ty), Some(values)) = (ty_ref, &c.values) {
        let inner = checks_for(value_ty, values, api, quote!(item), quote!(&item_path));
        if !inner.is_empty() {
            out.push(quote! {
                for (key, item) in #value.iter() {
                    let item_path = crate::validate::Path::Key(#path, key);
                    #inner
                }
            });
        }
    }
    if let TypeRef::Nullable(inner_ty) = ty_ref {
        let inner = checks_for(inner_ty, c, api, quote!(inner), path);
        if !inner.is_empty() {
            out.push(quote! {
                if let Some(inner) = #value {
                    #inner
                }
            });
        }
    }
    quote!(#(#out)*)
}

/// `Some(n)` or `None`, a `usize` bound of a length or an item count.
fn opt_usize(n: Option<u64>) -> TokenStream {
    match n.and_then(|n| usize::try_from(n).ok()) {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

/// The `minimum`/`maximum` check of a number.
fn range_check(
    ty_ref: &TypeRef,
    c: &Constraints,
    value: &TokenStream,
    path: &TokenStream,
) -> Option<TokenStream> {
    if c.minimum.is_none() && c.maximum.is_none() {
        return None;
    }
    if !matches!(
        ty_ref,
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
    ) {
        return None;
    }
    let (lo, hi) = (bound(&c.minimum, ty_ref), bound(&c.maximum, ty_ref));
    Some(quote!(crate::validate::range(errors, #path, *#value, #lo, #hi);))
}

/// A bound as `Some((literal, exclusive))`, the literal of the number's type.
fn bound(b: &Option<Bound>, ty_ref: &TypeRef) -> TokenStream {
    match b {
        Some(b) => {
            let lit = match (b.value, ty_ref) {
                (Number::Int(i), TypeRef::I32) => {
                    let i = i.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
                    Lit::i32_suffixed(i)
                }
                (Number::Int(i), TypeRef::I64) => Lit::i64_suffixed(i),
                (Number::Int(i), TypeRef::F32) => Lit::f32_suffixed(i as f32),
                (Number::Int(i), _) => Lit::f64_suffixed(i as f64),
                (Number::Float(f), TypeRef::F32) => Lit::f32_suffixed(f as f32),
                (Number::Float(f), _) => Lit::f64_suffixed(f),
            };
            let exclusive = b.exclusive;
            quote!(Some((#lit, #exclusive)))
        }
        None => quote!(None),
    }
}

/// The length and pattern checks of a string.
fn string_checks(
    c: &Constraints,
    api: &Api,
    value: &TokenStream,
    path: &TokenStream,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (lo, hi) = (opt_usize(c.min_length), opt_usize(c.max_length));
        out.push(quote!(crate::validate::length(errors, #path, #value, #lo, #hi);));
    }
    if let Some(p) = &c.pattern {
        let stat = match api.pattern_static(p) {
            Some(name) => {
                let name = ident(name);
                quote!(#name)
            }
            // The model and `checks_for` disagree: a generator bug, made loud
            // in the generated crate rather than a panic here.
            None => quote!(compile_error!(
                "internal error of the generator: a pattern was not collected"
            )),
        };
        out.push(quote!(#stat.check(errors, #path, #value);));
    }
    out
}

/// The item count check of an array, and its items' checks.
fn array_checks(
    item_ty: &TypeRef,
    c: &Constraints,
    api: &Api,
    value: &TokenStream,
    path: &TokenStream,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    if c.min_items.is_some() || c.max_items.is_some() {
        let (lo, hi) = (opt_usize(c.min_items), opt_usize(c.max_items));
        out.push(quote!(crate::validate::items(errors, #path, #value.len(), #lo, #hi);));
    }
    if let Some(items) = &c.items {
        let inner = checks_for(item_ty, items, api, quote!(item), quote!(&item_path));
        if !inner.is_empty() {
            out.push(quote! {
                for (i, item) in #value.iter().enumerate() {
                    let item_path = crate::validate::Path::Index(#path, i);
                    #inner
                }
            });
        }
    }
    out
}

/// One `static` per pattern the model checks.
pub(super) fn pattern_statics(api: &Api) -> TokenStream {
    let items = api.patterns.iter().map(|p| {
        let name = ident(&p.name);
        let source = &p.source;
        let doc = format!(" {}", docs::code(source));
        quote! {
            #[doc = #doc]
            static #name: crate::pattern::Pattern = crate::pattern::Pattern::new(#source);
        }
    });
    quote!(#(#items)*)
}
