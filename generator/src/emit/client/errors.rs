//! An operation's errors: the enum of the error statuses the spec
//! documents (`CreateSessionError`), and the closure that maps a status and
//! its JSON body to it for `crate::http::api_error`.

use super::super::{docs, ident, ty, Scope};
use crate::ir::rust::RustType;
use crate::ir::{Api, ErrorResponse, Operation, StatusMatch};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The error enums of `api.operations[range]`.
pub fn error_enums(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let enums = api
        .operations
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(error_enum);
    quote!(#(#enums)*)
}

/// The closure that maps an error status and its JSON body to the
/// operation's error enum (`error`), for `crate::http::api_error`.
pub(super) fn classify(op: &Operation, error: &Ident) -> TokenStream {
    let arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let pattern = status_pattern(e.status);
        match (e.status.code(), &e.ty) {
            (Some(_), Some(_)) => {
                quote!(#pattern => Some(#error::#variant(crate::http::typed(json))),)
            }
            (Some(_), None) => quote!(#pattern => Some(#error::#variant),),
            (None, Some(_)) => quote!(#pattern => Some(#error::#variant { status, body: crate::http::typed(json) }),),
            (None, None) => quote!(#pattern => Some(#error::#variant { status }),),
        }
    });
    if op.errors.is_empty() {
        quote!(|_, _| None)
    } else {
        let json = if op.errors.iter().any(|e| e.ty.is_some()) {
            quote!(json)
        } else {
            quote!(_json)
        };
        // `default` stands for every other status: no catch-all is left.
        let rest = (!op.errors.iter().any(|e| e.status == StatusMatch::Default))
            .then(|| quote!(_ => None,));
        match (op.errors.as_slice(), rest) {
            // `default` alone: no `match` of one arm.
            ([only], None) => {
                let variant = ident(&only.variant);
                let body = only
                    .ty
                    .as_ref()
                    .map(|_| quote!(body: crate::http::typed(json),));
                quote!(|status, #json| Some(#error::#variant { status, #body }))
            }
            (_, rest) => quote!(|status, #json| match status {
                #(#arms)*
                #rest
            }),
        }
    }
}

pub(super) fn one_line(text: &str) -> String {
    let joined = docs::text_lines(text).join(" ");
    if joined.is_empty() {
        "(no description)".to_owned()
    } else {
        joined
    }
}

/// The enum of an operation's documented error statuses, with its
/// `status()`, `description()` and `Display`.
fn error_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.error_type);
    let operation = op.method_name.trim_start_matches("r#");
    let doc = format!(" The error statuses the spec documents for [`Client::{operation}`].");
    let variants = op.errors.iter().map(variant);
    let (status_body, description_body) = if op.errors.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else {
        let status_arms = op.errors.iter().map(|e| status_arm(&name, e));
        let description_arms = op.errors.iter().map(|e| description_arm(&name, e));
        (
            quote!(match self { #(#status_arms)* }),
            quote!(match self { #(#description_arms)* }),
        )
    };
    quote! {
        #[doc = #doc]
        ///
        /// `#[non_exhaustive]`: a later version of the spec may document more statuses.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status of this error.
            pub fn status(&self) -> u16 {
                #status_body
            }

            /// The spec's description of this error.
            pub fn description(&self) -> &'static str {
                #description_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.description())
            }
        }
    }
}

/// One error status's variant: its documentation, the status it keeps (a
/// range, `default`) and its typed body.
fn variant(e: &ErrorResponse) -> TokenStream {
    let variant = ident(&e.variant);
    let mut lines = vec![format!("{} {}", e.status, one_line(&e.description))];
    if e.status.code().is_none() {
        lines.push(String::new());
        lines.push(match e.status {
            StatusMatch::Default => {
                "Any error status the spec does not document otherwise; `status` is the one received.".to_owned()
            }
            _ => format!(
                "Any status of {} the spec does not document otherwise; `status` is the one received.",
                e.status
            ),
        });
    }
    let body = e.ty.as_ref().map(|t| {
        lines.push(String::new());
        lines.push(format!(
            "Holds the body when it matches `{}`, else `None`; [`ApiError::json`](crate::ApiError::json) has the JSON either way.",
            RustType::of(t)
        ));
        ty(t, Scope::Crate)
    });
    let doc = docs::attrs(&lines);
    match (e.status.code(), body) {
        (Some(_), Some(body)) => quote!(#doc #variant(Option<#body>),),
        (Some(_), None) => quote!(#doc #variant,),
        (None, Some(body)) => quote!(#doc #variant { status: u16, body: Option<#body> },),
        (None, None) => quote!(#doc #variant { status: u16 },),
    }
}

/// The arm of `status()` for one variant of the enum `name`.
fn status_arm(name: &Ident, e: &ErrorResponse) -> TokenStream {
    let variant = ident(&e.variant);
    let pattern = match (e.status.code(), e.ty.is_some()) {
        (Some(_), true) => quote!(#name::#variant(_)),
        (Some(_), false) => quote!(#name::#variant),
        (None, _) => quote!(#name::#variant { status, .. }),
    };
    match e.status.code() {
        Some(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#pattern => #code,)
        }
        None => quote!(#pattern => *status,),
    }
}

/// The arm of `description()` for one variant of the enum `name`.
fn description_arm(name: &Ident, e: &ErrorResponse) -> TokenStream {
    let variant = ident(&e.variant);
    let text = one_line(&e.description);
    let pattern = match (e.status.code(), e.ty.is_some()) {
        (Some(_), true) => quote!(#name::#variant(_)),
        (Some(_), false) => quote!(#name::#variant),
        (None, _) => quote!(#name::#variant { .. }),
    };
    quote!(#pattern => #text,)
}

/// The `match` pattern of a documented status: `404`, `status @ 400..=499`
/// for a range (binding the status it keeps), `status` for `default`.
pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(_) => {
            let (low, high) = status.bounds().unwrap_or_default();
            let low = proc_macro2::Literal::u16_unsuffixed(low);
            let high = proc_macro2::Literal::u16_unsuffixed(high);
            quote!(status @ #low..=#high)
        }
        StatusMatch::Default => quote!(status),
    }
}
