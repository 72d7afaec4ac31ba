//! `src/types.rs`: one Rust type per `TypeDef`.

use super::{docs, ident, ty, Scope};
use crate::ir::rust::RustType;
use crate::ir::{
    Api, Constraints, DefaultImpl, Field, FieldRepr, Guard, JsonKind, Literal, Number, StringEnum,
    Struct, TypeDef, TypeKind, TypeRef, Union,
};
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

/// The types `api.types[range]`; the piece starting at 0 carries the module's doc.
pub fn types(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let doc = (range.start == 0).then(|| {
        quote! {
            //! The API's data types, generated from the spec's schemas.
            //!
            //! In a request, an optional field is left out when it is `None`. An
            //! optional field that may also be `null` is a [`Nullable`](crate::Nullable):
            //! left out when `Unset` (its default), sent as `null` when `Null`.
            //!
            //! String enums are `#[non_exhaustive]`: a later version of the spec may
            //! list more values. A value this version does not list decodes into the
            //! enum's catch-all variant, which keeps it and sends it back unchanged
            //! (make one with `from_wire`); `FromStr` accepts the listed values only.
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

/// What follows the types: the `defaults` module and the pattern statics.
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
    quote! {
        #defaults
        #statics
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

fn struct_def(t: &TypeDef, s: &Struct, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let derive_default = (s.default == DefaultImpl::Derive).then(|| quote!(Default,));
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        // What `None` and `Nullable::Unset` mean is said once, in the
        // module's documentation.
        let doc = docs::attrs(&docs::lines(
            &f.docs,
            f.default_json.as_ref(),
            Some(&f.constraints),
        ));
        let fty = field_type(f, Scope::Types);
        let mut serde_args: Vec<TokenStream> = Vec::new();
        if f.name.trim_start_matches("r#") != f.wire_name {
            let wire = &f.wire_name;
            serde_args.push(quote!(rename = #wire));
        }
        match f.repr {
            FieldRepr::Required | FieldRepr::RequiredNullable => {}
            FieldRepr::Optional => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
            }
            FieldRepr::OptionalNullable => {
                serde_args.push(quote!(
                    default,
                    skip_serializing_if = "crate::Nullable::is_unset"
                ));
            }
            FieldRepr::Defaulted | FieldRepr::NullableDefaulted => {
                let path = format!("defaults::{}", default_fn(f));
                serde_args.push(quote!(default = #path));
            }
        }
        let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        quote! {
            #doc
            #serde
            pub #fname: #fty,
        }
    });
    let additional = s.additional.as_ref().map(|a| {
        let fname = ident(&a.name);
        let vty = ty(&a.ty, Scope::Types);
        let mut lines =
            vec!["The properties the spec does not name, each of this type.".to_owned()];
        let value_docs = docs::lines(&a.docs, None, Some(&a.constraints));
        if !value_docs.is_empty() {
            lines.push(String::new());
            lines.extend(value_docs);
        }
        let doc = docs::attrs(&lines);
        quote! {
            #doc
            #[serde(flatten)]
            pub #fname: ::std::collections::BTreeMap<String, #vty>,
        }
    });
    let additional_init = s.additional.as_ref().map(|a| {
        let fname = ident(&a.name);
        quote!(#fname: ::std::collections::BTreeMap::new(),)
    });
    let manual_default = (s.default == DefaultImpl::Manual).then(|| {
        let inits = s.fields.iter().map(|f| {
            let fname = ident(&f.name);
            let value = match f.repr {
                FieldRepr::Defaulted | FieldRepr::NullableDefaulted => {
                    let func = ident(default_fn(f));
                    quote!(defaults::#func())
                }
                FieldRepr::OptionalNullable => quote!(crate::Nullable::Unset),
                _ => quote!(None),
            };
            quote!(#fname: #value,)
        });
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#inits)* #additional_init }
                }
            }
        }
    });
    let validate = t.in_request.then(|| validate_struct(t, s, api));
    let sensitive =
        s.fields.iter().any(|f| f.sensitive) || s.additional.as_ref().is_some_and(|a| a.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let manual_debug = sensitive.then(|| {
        let type_name = t.name.trim_start_matches("r#");
        let fields = s.fields.iter().map(|f| {
            let fname = ident(&f.name);
            let label = f.name.trim_start_matches("r#");
            if f.sensitive {
                quote!(.field(#label, &"<redacted>"))
            } else {
                quote!(.field(#label, &self.#fname))
            }
        });
        let additional = s.additional.as_ref().map(|a| {
            let fname = ident(&a.name);
            let label = a.name.as_str();
            if a.sensitive {
                quote!(.field(#label, &"<redacted>"))
            } else {
                quote!(.field(#label, &self.#fname))
            }
        });
        quote! {
            /// Secrets are shown as `<redacted>`.
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#type_name)
                        #(#fields)*
                        #additional
                        .finish()
                }
            }
        }
    });
    let constructor =
        (t.in_request && s.default == DefaultImpl::None).then(|| constructor(&name, s));
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #manual_debug
        #manual_default
        #constructor
        #validate
    }
}

/// `Type::new(required, ...)` for request types with required fields: the
/// optional ones are left out, so code written this way keeps compiling when
/// the spec adds optional fields.
fn constructor(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| matches!(f.repr, FieldRepr::Required | FieldRepr::RequiredNullable))
        .collect();
    let params = required.iter().map(|f| {
        let fname = ident(&f.name);
        let inner = ty(&f.ty, Scope::Types);
        match (f.repr, &f.ty) {
            (FieldRepr::Required, TypeRef::String) => quote!(#fname: impl Into<String>),
            (FieldRepr::Required, _) => quote!(#fname: #inner),
            _ => quote!(#fname: Option<#inner>),
        }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let value = match f.repr {
            FieldRepr::Required if f.ty == TypeRef::String => quote!(#fname.into()),
            FieldRepr::Required | FieldRepr::RequiredNullable => quote!(#fname),
            FieldRepr::OptionalNullable => quote!(crate::Nullable::Unset),
            _ => quote!(None),
        };
        let value = if f.boxed {
            match f.repr {
                FieldRepr::Required => quote!(Box::new(#value)),
                FieldRepr::RequiredNullable => quote!(#value.map(Box::new)),
                _ => value,
            }
        } else {
            value
        };
        if fname == value.to_string() {
            quote!(#fname,)
        } else {
            quote!(#fname: #value,)
        }
    });
    let doc = format!(
        " A value with the required fields ({}); the optional ones are left out.",
        required
            .iter()
            .map(|f| format!("`{}`", f.name.trim_start_matches("r#")))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let additional = s.additional.as_ref().map(|a| {
        let fname = ident(&a.name);
        quote!(#fname: ::std::collections::BTreeMap::new(),)
    });
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #additional }
            }
        }
    }
}

/// A value as one string in a path, query or header; `v` is a `&T`.
pub fn scalar_to_string(t: &TypeRef, v: TokenStream) -> TokenStream {
    match t {
        TypeRef::String => quote!(#v.clone()),
        TypeRef::Named(_) => quote!(#v.as_str().to_owned()),
        TypeRef::DateTime => quote!(#v.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true)),
        _ => quote!(#v.to_string()),
    }
}

fn default_fns(t: &TypeDef) -> Vec<TokenStream> {
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

/// `impl Validate`: the field's own constraints, then its nested types.
fn validate_struct(t: &TypeDef, s: &Struct, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let checks: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
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
        })
        .collect();
    let mut checks = checks;
    if let Some(a) = &s.additional {
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
        if !value_checks.is_empty() || nested.is_some() {
            let access =
                (!value_checks.is_empty()).then(|| quote!(let value = &self.#fname; #value_checks));
            checks.push(quote! {
                {
                    #access
                    #nested
                }
            });
        }
    }
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

/// Checks of one value (`value` is a reference to it).
fn checks_for(
    ty_ref: &TypeRef,
    c: &Constraints,
    api: &Api,
    value: TokenStream,
    path: TokenStream,
) -> TokenStream {
    let mut out = Vec::new();
    let opt_usize = |n: Option<u64>| match n.and_then(|n| usize::try_from(n).ok()) {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    if c.minimum.is_some() || c.maximum.is_some() {
        let bound = |b: &Option<crate::ir::Bound>| match b {
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
        };
        if matches!(
            ty_ref,
            TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
        ) {
            let (lo, hi) = (bound(&c.minimum), bound(&c.maximum));
            out.push(quote!(crate::validate::range(errors, #path, *#value, #lo, #hi);));
        }
    }
    let is_string = matches!(ty_ref, TypeRef::String);
    if is_string && (c.min_length.is_some() || c.max_length.is_some()) {
        let (lo, hi) = (opt_usize(c.min_length), opt_usize(c.max_length));
        out.push(quote!(crate::validate::length(errors, #path, #value, #lo, #hi);));
    }
    if let (true, Some(p)) = (is_string, &c.pattern) {
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
    if let TypeRef::Array(item_ty) = ty_ref {
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

/// One `static` per pattern the model checks.
fn pattern_statics(api: &Api) -> TokenStream {
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

fn enum_def(t: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let other = ident(&e.other_variant);
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        // The wire value, where the variant's name does not already say it.
        let doc = (!spells(&v.variant, &v.wire)).then(|| {
            let doc = format!(" {}", docs::code(&v.wire));
            quote!(#[doc = #doc])
        });
        quote!(#doc #variant,)
    });
    let as_str = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote!(#name::#variant => #wire,)
    });
    let parse = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote!(#wire => Some(#name::#variant),)
    });
    let wires = e.values.iter().map(|v| &v.wire);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, as received
            /// (make one with [`Self::from_wire`]).
            #other(crate::UnknownValue),
        }

        impl #name {
            /// Every value the spec lists, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::#other(value) => value.as_str(),
                }
            }

            fn known(value: &str) -> Option<Self> {
                match value {
                    #(#parse)*
                    _ => None,
                }
            }
        }

        crate::unknown::string_enum!(#name, #other);
    }
}

/// Whether `wire` is `variant` in one of the usual spellings of a value
/// (`ad` and `Ad`, `IN_PROGRESS` and `InProgress`, `dark-mode` and
/// `DarkMode`), so that a reader knows the value from the variant.
fn spells(variant: &str, wire: &str) -> bool {
    use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase};
    let variant = variant.trim_start_matches("r#");
    [
        variant.to_owned(),
        variant.to_snake_case(),
        variant.to_shouty_snake_case(),
        variant.to_kebab_case(),
        variant.to_lower_camel_case(),
    ]
    .iter()
    .any(|spelling| spelling == wire)
}

fn union_def(t: &TypeDef, u: &Union, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::attrs(&type_doc(t));
    let variants = u.variants.iter().enumerate().map(|(i, v)| {
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
    });
    let other_decl = u.discriminator.as_ref().map(|d| {
        let other = ident(&d.other_variant);
        let text = format!(
            " A {} this version of the spec does not list, as received.",
            docs::code(&d.property)
        );
        quote!(#[doc = #text] #other(::serde_json::Value),)
    });
    let validate = t.in_request.then(|| validate_union(t, u, api));
    let Some(d) = &u.discriminator else {
        if u.by_kind {
            return quote! {
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
            };
        }
        return untagged_union(t, u, variants.collect(), validate);
    };
    let property = &d.property;
    let other = ident(&d.other_variant);
    // The variants each value selects, values in the spec's order.
    let mut by_value: Vec<(&str, Vec<usize>)> = Vec::new();
    for (value, i) in &d.mapping {
        match by_value.iter_mut().find(|(v, _)| v == value) {
            Some((_, variants)) => variants.push(*i),
            None => by_value.push((value, vec![*i])),
        }
    }
    // Variants sharing a value: the one whose guard says more (more
    // required properties) first, so that a value of it is not taken by
    // one that ignores its extra properties.
    for (_, variants) in &mut by_value {
        variants.sort_by_key(|i| {
            std::cmp::Reverse(u.variants.get(*i).map_or(0, |v| v.guard.specificity()))
        });
    }
    let arms = by_value.iter().map(|(value, variants)| {
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
    });
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
            #other_decl
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

/// `impl Validate` of a union: the variant's own constraints, then its
/// nested types.
fn validate_union(t: &TypeDef, u: &Union, api: &Api) -> TokenStream {
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

#[cfg(test)]
mod tests {
    use super::spells;

    #[test]
    fn a_variant_spells_its_value() {
        // (variant, wire value, the variant says the value)
        let table = [
            ("Ad", "ad", true),
            ("Active", "ACTIVE", true),
            ("InProgress", "in_progress", true),
            ("InProgress", "IN_PROGRESS", true),
            ("DarkMode", "dark-mode", true),
            ("gpt4o", "gpt4o", true),
            ("Json", "json", true),
            ("EnUs", "en-US", false),
            ("Gpt4o", "gpt-4o", false),
            ("Value1", "1", false),
            ("Empty", "", false),
            ("Plus", "+", false),
        ];
        for (variant, wire, expected) in table {
            assert_eq!(spells(variant, wire), expected, "{variant} / {wire}");
        }
    }
}
