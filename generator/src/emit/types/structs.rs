//! Structs: the fields with their serde attributes, the map of the
//! properties the spec does not name, a `Default` written out where a
//! field's default is not the type's, a `Debug` that redacts secrets, and
//! `new` for request types with required fields.

use super::validate::{set_name, validate_struct};
use super::{default_fn, field_type, type_doc};
use crate::emit::{docs, ident, ty, Scope};
use crate::ir::{Additional, Api, DefaultImpl, Field, FieldRepr, Struct, TypeDef, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A struct and its impls (`Debug`, `Default`, `new`, `Validate`) as the
/// model asks for them.
pub(super) fn struct_def(t: &TypeDef, s: &Struct, api: &Api) -> TokenStream {
    let name = ident(&t.name);
    let mut lines = type_doc(t);
    // The rules go before the `Spec:` line that ends the type's docs.
    let spec = lines.pop();
    for rule in &s.rules {
        let sets: Vec<String> = rule.sets.iter().map(|set| set_name(set)).collect();
        let how = if rule.exactly_one {
            "Exactly one"
        } else {
            "At least one"
        };
        lines.push(format!(
            "{how} of these must be set: {} (checked before a request is sent; spec: `{}`).",
            sets.join("; "),
            rule.pointer
        ));
        lines.push(String::new());
    }
    lines.extend(spec);
    let doc = docs::attrs(&lines);
    let derive_default = (s.default == DefaultImpl::Derive).then(|| quote!(Default,));
    let fields = s.fields.iter().map(field_decl);
    let additional = s.additional.as_deref().map(additional_decl);
    let manual_default = (s.default == DefaultImpl::Manual).then(|| manual_default(&name, s));
    let validate = t.in_request.then(|| validate_struct(t, s, api));
    let sensitive =
        s.fields.iter().any(|f| f.sensitive) || s.additional.as_ref().is_some_and(|a| a.sensitive);
    let derive_debug = (!sensitive).then(|| quote!(Debug,));
    let manual_debug = sensitive.then(|| redacting_debug(t, s, &name));
    let tagged = s.fields.iter().any(|f| f.tag.is_some());
    let constructor =
        ((t.in_request || tagged) && s.default == DefaultImpl::None).then(|| constructor(&name, s));
    let tags = tagged.then(|| tag_getters(&name, s));
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
        #tags
        #validate
    }
}

/// A field's declaration: its docs, its serde attribute (wire name, how it
/// is left out or defaulted) and its type.
fn field_decl(f: &Field) -> TokenStream {
    let fname = ident(&f.name);
    // What `None` and `Nullable::Unset` mean is said once, in the
    // module's documentation.
    let mut lines = docs::lines(&f.docs, f.default_json.as_ref(), Some(&f.constraints));
    if let Some(tag) = &f.tag {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(
            "The discriminator: {} for this type, set by `new` and not by the caller (read it with `{}()`); a decoded value keeps what the server sent.",
            docs::code(tag),
            f.name.trim_start_matches("r#")
        ));
    }
    let doc = docs::attrs(&lines);
    let fty = field_type(f, Scope::Types);
    let vis = if f.tag.is_some() {
        quote!(pub(crate))
    } else {
        quote!(pub)
    };
    let mut serde_args: Vec<TokenStream> = Vec::new();
    if f.name.trim_start_matches("r#") != f.serde_key() {
        let wire = f.serde_key();
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
        #vis #fname: #fty,
    }
}

/// The flattened map of the properties the spec does not name: typed, or
/// those this version of the spec does not declare, kept as JSON values.
fn additional_decl(a: &Additional) -> TokenStream {
    let fname = ident(&a.name);
    let vty = ty(&a.ty, Scope::Types);
    let first = if a.typed {
        "The properties the spec does not name, each of this type."
    } else {
        "The properties this version of the spec does not declare (a field a newer version of the API added), by name, kept as received and sent back after the declared ones; empty, it sends nothing."
    };
    let mut lines = vec![first.to_owned()];
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
}

/// `impl Default` written out: the spec's defaults from the `defaults`
/// module, every other field left out.
fn manual_default(name: &Ident, s: &Struct) -> TokenStream {
    let additional_init = s.additional.as_ref().map(|a| {
        let fname = ident(&a.name);
        quote!(#fname: ::std::collections::BTreeMap::new(),)
    });
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
}

/// `impl Debug` of a struct holding secrets, which shows them as `<redacted>`.
fn redacting_debug(t: &TypeDef, s: &Struct, name: &Ident) -> TokenStream {
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
}

/// `Type::new(required, ...)` for request types with required fields: the
/// optional ones are left out, so code written this way keeps compiling when
/// the spec adds optional fields.
fn constructor(name: &Ident, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.tag.is_none())
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
            _ if f.tag.is_some() => tag_value(f),
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
    let mut doc = if required.is_empty() {
        " A value with every field left out.".to_owned()
    } else {
        format!(
            " A value with the required fields ({}); the optional ones are left out.",
            required
                .iter()
                .map(|f| format!("`{}`", f.name.trim_start_matches("r#")))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    for f in s.fields.iter().filter(|f| f.tag.is_some()) {
        let tag = f.tag.as_deref().unwrap_or_default();
        doc.push_str(&format!(
            " `{}` is {}, this type's discriminator.",
            f.name.trim_start_matches("r#"),
            docs::code(tag)
        ));
    }
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let additional = s.additional.as_ref().map(|a| {
        let fname = ident(&a.name);
        quote!(#fname: ::std::collections::BTreeMap::new(),)
    });
    // Only a tag to set (a subtype with no other required field): `new()`
    // is also the `Default`.
    let default = required.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #additional }
            }
        }
        #default
    }
}

/// The value `new` gives a tag field: the subtype's discriminator value.
fn tag_value(f: &Field) -> TokenStream {
    let tag = f.tag.as_deref().unwrap_or_default();
    match &f.ty {
        TypeRef::Named(_) => {
            let enum_ty = ty(&f.ty, Scope::Types);
            quote!(#enum_ty::from_wire(#tag))
        }
        _ => quote!(#tag.to_owned()),
    }
}

/// A method to read each tag field, which the caller does not set (see
/// [`crate::ir::Field::tag`]). A field called `new` would collide with the
/// constructor: it has none (`Debug` shows it).
fn tag_getters(name: &Ident, s: &Struct) -> TokenStream {
    let getters = s
        .fields
        .iter()
        .filter(|f| f.tag.is_some() && f.name != "new")
        .map(|f| {
            let fname = ident(&f.name);
            let doc = format!(
                " The discriminator, {} for this type.",
                docs::code(f.tag.as_deref().unwrap_or_default())
            );
            match &f.ty {
                TypeRef::String => quote! {
                    #[doc = #doc]
                    pub fn #fname(&self) -> &str {
                        &self.#fname
                    }
                },
                _ => {
                    let fty = ty(&f.ty, Scope::Types);
                    quote! {
                        #[doc = #doc]
                        pub fn #fname(&self) -> &#fty {
                            &self.#fname
                        }
                    }
                }
            }
        });
    quote! {
        impl #name {
            #(#getters)*
        }
    }
}
