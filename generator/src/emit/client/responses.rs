//! An operation's successes: how a success body is read (JSON into its
//! type, text, bytes, a stream of events), the enum of several success
//! statuses (`response_enum`) and which statuses are streamed.

use super::super::{docs, ident, rust_type, ty, Scope};
use super::errors::{one_line, status_pattern};
use crate::ir::rust::RustType;
use crate::ir::{Body, Framing, Operation, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The expression that reads a success into the method's output: its one
/// body, or the response enum's variant of its status.
pub(super) fn decode(op: &Operation) -> TokenStream {
    let Some(name) = &op.response_enum else {
        return decode_body(op.successes.first().and_then(|s| s.body.as_ref()));
    };
    let name = ident(name);
    let arms = op.successes.iter().map(|s| {
        let variant = ident(&s.variant);
        let pattern = status_pattern(s.status);
        // JSON is decoded (and may fail); text and bytes are taken as they are.
        let (decoded, taken) = match &s.body {
            None => (None, None),
            Some(Body::Json(t)) => {
                let label = RustType::of(t).to_string();
                (
                    Some(quote!(crate::http::decode(OPERATION, #label, response))),
                    None,
                )
            }
            Some(Body::Text) => (
                None,
                Some(quote!(String::from_utf8_lossy(&response.body).into_owned())),
            ),
            Some(Body::Bytes) => (None, Some(quote!(crate::ByteStream::new(response)))),
            Some(Body::Events(t)) => {
                let decode = event_decoder(t);
                (
                    None,
                    Some(quote!(crate::EventStream::new(response, #decode))),
                )
            }
            Some(Body::Items { framing, .. }) => {
                let framing = framing_tokens(*framing);
                (
                    None,
                    Some(quote!(crate::ItemStream::new(response, #framing))),
                )
            }
        };
        match (s.status.code(), decoded, taken) {
            (Some(_), Some(read), _) => quote!(#pattern => #read.map(#name::#variant),),
            (Some(_), None, Some(body)) => quote!(#pattern => Ok(#name::#variant(#body)),),
            (Some(_), None, None) => quote!(#pattern => Ok(#name::#variant),),
            (None, Some(read), _) => {
                quote!(#pattern => #read.map(|body| #name::#variant { status, body }),)
            }
            (None, None, Some(body)) => {
                quote!(#pattern => Ok(#name::#variant { status, body: #body }),)
            }
            (None, None, None) => quote!(#pattern => Ok(#name::#variant { status }),),
        }
    });
    quote! {
        match response.status.as_u16() {
            #(#arms)*
            status => Ok(#name::Other { status, body: ::std::mem::take(&mut response.body) }),
        }
    }
}

/// Whether the decoding closure reads nothing (its argument is unused): a
/// single success without a body.
pub(super) fn reads_nothing(op: &Operation) -> bool {
    op.response_enum.is_none() && op.successes.first().is_none_or(|s| s.body.is_none())
}

/// Whether any success of the operation is streamed.
pub(super) fn any_streamed(op: &Operation) -> bool {
    op.successes.iter().any(|s| is_streamed(s.body.as_ref()))
}

/// Which success statuses are left unread for a stream, as the
/// `Option<fn(u16) -> bool>` of `send_built`: none, any, or those of the
/// response enum's streamed variants.
pub(super) fn streamed_statuses(op: &Operation) -> TokenStream {
    if !any_streamed(op) {
        return quote!(None);
    }
    if op.response_enum.is_none() {
        return quote!(Some(|_| true));
    }
    let patterns = op
        .successes
        .iter()
        .filter(|s| is_streamed(s.body.as_ref()))
        .map(|s| match s.status.bounds() {
            Some((low, high)) if low == high => {
                let code = proc_macro2::Literal::u16_unsuffixed(low);
                quote!(#code)
            }
            Some((low, high)) => {
                let low = proc_macro2::Literal::u16_unsuffixed(low);
                let high = proc_macro2::Literal::u16_unsuffixed(high);
                quote!(#low..=#high)
            }
            None => quote!(_),
        });
    quote!(Some(|status| matches!(status, #(#patterns)|*)))
}

/// Reads a success body: JSON into its type, text, bytes, or nothing.
pub(super) fn decode_body(body: Option<&Body>) -> TokenStream {
    match body {
        None => quote!(Ok(())),
        Some(Body::Json(t)) => {
            let label = RustType::of(t).to_string();
            quote!(crate::http::decode(OPERATION, #label, response))
        }
        Some(Body::Text) => {
            quote!(Ok(String::from_utf8_lossy(&response.body).into_owned()))
        }
        Some(Body::Bytes) => quote!(Ok(crate::ByteStream::new(response))),
        Some(Body::Events(t)) => {
            let decode = event_decoder(t);
            quote!(Ok(crate::EventStream::new(response, #decode)))
        }
        Some(Body::Items { framing, .. }) => {
            let framing = framing_tokens(*framing);
            quote!(Ok(crate::ItemStream::new(response, #framing)))
        }
    }
}

/// How an event's data is decoded: JSON into its type, or text.
fn event_decoder(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(crate::events::text),
        other => {
            let t = ty(other, Scope::Crate);
            quote!(crate::events::json::<#t>)
        }
    }
}

/// Whether a success's body is read as it arrives (bytes, events, items).
pub(super) fn is_streamed(body: Option<&Body>) -> bool {
    matches!(
        body,
        Some(Body::Bytes | Body::Events(_) | Body::Items { .. })
    )
}

/// The enum of an operation whose 2xx responses have different bodies.
pub(super) fn response_enum(op: &Operation) -> Option<TokenStream> {
    let name = ident(op.response_enum.as_ref()?);
    let method = op.method_name.trim_start_matches("r#");
    let doc = format!(" The success responses of [`Client::{method}`], by status.");
    let variants = op.successes.iter().map(|s| {
        let variant = ident(&s.variant);
        let doc = docs::attrs(&[format!("{} {}", s.status, one_line(&s.description))]);
        let body = s
            .body
            .as_ref()
            .map(|body| rust_type(&RustType::body(body), Scope::Crate));
        match (s.status.code(), body) {
            (Some(_), None) => quote!(#doc #variant,),
            (Some(_), Some(t)) => quote!(#doc #variant(#t),),
            // A range keeps the status it stands for.
            (None, None) => quote!(#doc #variant { status: u16 },),
            (None, Some(t)) => quote!(#doc #variant { status: u16, body: #t },),
        }
    });
    // A streamed body is neither cloned nor compared.
    let derives = if op.successes.iter().any(|s| is_streamed(s.body.as_ref())) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    Some(quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A 2xx status the spec does not document, with its raw body.
            Other { status: u16, body: Vec<u8> },
        }
    })
}

/// The runtime's `Framing` of a stream of JSON items.
pub(super) fn framing_tokens(framing: Framing) -> TokenStream {
    match framing {
        Framing::Lines => quote!(crate::lines::Framing::Lines),
        Framing::Seq => quote!(crate::lines::Framing::Seq),
    }
}
