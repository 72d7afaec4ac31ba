//! An operation's request body: the argument it takes (its type, a
//! `multipart/form-data` struct of its own, an `Upload`), the statements
//! that validate and serialise it, and how it is attached to the request.

use super::super::{docs, ident, ty, Scope};
use super::responses::framing_tokens;
use crate::ir::{Api, FormEncoding, FormStyle, MultipartPart, Operation, PartKind, RequestMedia};
use proc_macro2::TokenStream;
use quote::quote;

/// What a method does with its body. The request is made in a closure,
/// again for each retry: the body is checked once, before it, and
/// serialised in it, so that nothing is kept for a retry that does not
/// come (a retry serialises it again, to the same bytes).
pub(super) struct BodyPlan {
    /// The statements that check it, once.
    pub check: TokenStream,
    /// The statements, in the request's closure, that serialise it
    /// (`let body = …;`).
    pub prepare: TokenStream,
    /// What is chained on the request to attach it (`.body(body)`).
    pub attach: TokenStream,
    /// The content type of a file or stream body, which attaches itself.
    pub binary_type: Option<String>,
}

impl BodyPlan {
    /// An operation without a body.
    fn none() -> Self {
        BodyPlan {
            check: quote!(),
            prepare: quote!(),
            attach: quote!(),
            binary_type: None,
        }
    }
}

/// The type a method takes the body as (`body: &'a #type`): the body's
/// type, `str` for text, the multipart struct, or an `Upload`.
pub(super) fn param_type(op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    Some(match &body.media {
        RequestMedia::Text { .. } => quote!(str),
        RequestMedia::Multipart { type_name, .. } => {
            let t = ident(type_name);
            quote!(#t)
        }
        RequestMedia::Binary { .. } => quote!(crate::Upload),
        RequestMedia::Items { .. } => {
            let item = ty(&body.ty, Scope::Crate);
            quote!([#item])
        }
        RequestMedia::Json | RequestMedia::Form { .. } => ty(&body.ty, Scope::Crate),
    })
}

/// The plan for an operation's body, by its media type.
pub(super) fn plan(api: &Api, op: &Operation) -> BodyPlan {
    let Some(body) = &op.body else {
        return BodyPlan::none();
    };
    let (serialise, content_type) = match &body.media {
        RequestMedia::Json => (
            quote!(crate::http::json_body(OPERATION, body, options)?),
            "application/json",
        ),
        RequestMedia::Form { encoding } => {
            let entries = encoding.iter().map(form_encoding);
            (
                quote!(crate::form::body(OPERATION, body, &[#(#entries)*])?),
                "application/x-www-form-urlencoded",
            )
        }
        RequestMedia::Text { content_type } => (quote!(body.to_owned()), content_type.as_str()),
        RequestMedia::Items {
            content_type,
            framing,
        } => {
            let framing = framing_tokens(*framing);
            (
                quote!(crate::lines::body(OPERATION, body, #framing)?),
                content_type.as_str(),
            )
        }
        RequestMedia::Multipart { parts, .. } => return multipart(api, parts),
        RequestMedia::Binary { content_type } => {
            return BodyPlan {
                binary_type: Some(content_type.clone()),
                ..BodyPlan::none()
            }
        }
    };
    let validate = api
        .validates(&body.ty)
        .then(|| quote!(crate::validate::check(OPERATION, "body", body)?;));
    BodyPlan {
        check: quote!(#validate),
        prepare: quote! {
            let body = #serialise;
        },
        attach: quote! {
            .header(::reqwest::header::CONTENT_TYPE, #content_type)
            .body(body)
        },
        binary_type: None,
    }
}

/// One field's `crate::form::Encoding` in a form body.
fn form_encoding(e: &FormEncoding) -> TokenStream {
    let name = &e.name;
    let style = match e.style {
        FormStyle::Form => quote!(Form),
        FormStyle::SpaceDelimited => quote!(SpaceDelimited),
        FormStyle::PipeDelimited => quote!(PipeDelimited),
        FormStyle::DeepObject => quote!(DeepObject),
    };
    let (explode, json) = (e.explode, e.json);
    quote! {
        crate::form::Encoding {
            name: #name,
            style: crate::form::Style::#style,
            explode: #explode,
            json: #json,
        },
    }
}

/// A `multipart/form-data` body: its struct, its parts' checks, and the
/// form made in the request's closure, again for each retry.
fn multipart(api: &Api, parts: &[MultipartPart]) -> BodyPlan {
    let adds = parts.iter().map(|p| {
        let name = &p.name;
        let field = ident(&p.field);
        let spec_type = match &p.content_type {
            Some(c) => quote!(Some(#c)),
            None => quote!(None),
        };
        match (&p.kind, p.required) {
            (PartKind::File, true) => quote!(.file(#name, &body.#field, #spec_type)),
            (PartKind::File, false) => quote!(.file_opt(#name, body.#field.as_ref(), #spec_type)),
            (PartKind::Files, _) => quote!(.files(#name, &body.#field, #spec_type)),
            (PartKind::Value(_), _) => quote!(.value(#name, &body.#field, #spec_type)),
        }
    });
    // The parts whose types have constraints are checked first.
    let checks = parts.iter().filter_map(|p| match &p.kind {
        PartKind::Value(t) if api.validates(t) => {
            let root = format!("body.{}", p.name);
            let field = ident(&p.field);
            Some(quote!(crate::validate::check(OPERATION, #root, &body.#field)?;))
        }
        _ => None,
    });
    BodyPlan {
        check: quote!(#(#checks)*),
        prepare: quote! {
            let form = crate::multipart::Parts::new(OPERATION)
                #(#adds)*
                .finish()?;
        },
        attach: quote!(.multipart(form)),
        binary_type: None,
    }
}

/// The struct of an operation's `multipart/form-data` body: a field per part.
pub(super) fn multipart_struct(op: &Operation) -> Option<TokenStream> {
    let RequestMedia::Multipart { type_name, parts } = &op.body.as_ref()?.media else {
        return None;
    };
    let name = ident(type_name);
    let method = op.method_name.trim_start_matches("r#");
    let doc =
        format!(" The `multipart/form-data` body of [`Client::{method}`]: one part per field.");
    let fields = parts.iter().map(|p| {
        let field = ident(&p.field);
        let mut lines = vec![format!("The part {}.", docs::code(&p.name))];
        if let Some(d) = &p.description {
            lines.push(String::new());
            lines.extend(docs::text_lines(d));
        }
        if let Some(c) = &p.content_type {
            lines.push(String::new());
            lines.push(format!(
                "Sent as {} (the spec's `encoding`).",
                docs::code(c)
            ));
        }
        let t = match &p.kind {
            PartKind::File => quote!(crate::Upload),
            PartKind::Files => {
                lines.push(String::new());
                lines.push("One part per file, all of this name; none when empty.".to_owned());
                quote!(Vec<crate::Upload>)
            }
            PartKind::Value(t) => ty(t, Scope::Crate),
        };
        let t = if p.required || p.kind == PartKind::Files {
            t
        } else {
            quote!(Option<#t>)
        };
        let doc = docs::attrs(&lines);
        quote!(#doc pub #field: #t,)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The media type a request body is sent as, for the docs.
pub(super) fn media_label(media: &RequestMedia) -> String {
    match media {
        RequestMedia::Json => "JSON".to_owned(),
        RequestMedia::Form { .. } => "`application/x-www-form-urlencoded`".to_owned(),
        RequestMedia::Multipart { .. } => "`multipart/form-data`".to_owned(),
        RequestMedia::Binary { content_type }
        | RequestMedia::Text { content_type }
        | RequestMedia::Items { content_type, .. } => docs::code(content_type),
    }
}
