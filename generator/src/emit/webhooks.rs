//! The spec's part of `webhooks.rs`: the [`Event`] enum of every request
//! the API sends to the user's server, its `decode`, and one `decode_*`
//! function per webhook or callback. The fixed part (errors, content-type
//! and body helpers) is `templates/webhooks.rs`.
//!
//! [`Event`]: crate::ir::Webhook

use super::{docs, ident, ty, CrateInfo, Scope};
use crate::ir::{Api, Body, Operation, Webhook, WebhookKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The generated items of the module.
pub fn webhooks(api: &Api, info: &CrateInfo) -> TokenStream {
    let event = event_enum(api, info);
    let functions = api.webhooks.iter().map(|w| decode_fn(api, w));
    quote! {
        #event
        #(#functions)*
    }
}

/// The Rust type of a webhook's payload; `None` when it has no body.
fn payload_type(w: &Webhook) -> Option<TokenStream> {
    let p = w.payload.as_ref()?;
    let inner = match &p.body {
        Body::Json(t) => ty(t, Scope::Crate),
        Body::Text => quote!(String),
        Body::Bytes | Body::Events(_) | Body::Items { .. } => quote!(Vec<u8>),
    };
    Some(if p.required {
        inner
    } else {
        quote!(Option<#inner>)
    })
}

/// How the sender names the event in prose: "Webhook `newPet`" or
/// "Callback `onEvent` of `Client::subscribe`" (not a link: the module is
/// in the build without the client too, where `Client` is not).
fn origin(w: &Webhook) -> String {
    let method = w.method.wire();
    match &w.kind {
        WebhookKind::Webhook { name } => {
            format!(
                "Webhook {}, sent as {}.",
                docs::code(name),
                docs::code(&method)
            )
        }
        WebhookKind::Callback {
            method_name,
            name,
            expression,
            ..
        } => {
            let m = method_name.trim_start_matches("r#");
            format!(
                "Callback {} of `Client::{m}`, sent as {} to the URL {} names.",
                docs::code(name),
                docs::code(&method),
                docs::code(expression),
            )
        }
    }
}

/// The documentation of a webhook: the spec's text, where it comes from,
/// the headers the sender documents and the answers it expects.
fn lines(w: &Webhook) -> Vec<String> {
    let mut lines = Vec::new();
    for text in [&w.summary, &w.description].into_iter().flatten() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(docs::text_lines(text));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(origin(w));
    if w.deprecated {
        lines.push(String::new());
        lines.push("**Deprecated** by the API.".to_owned());
    }
    if let Some(p) = &w.payload {
        lines.push(String::new());
        let required = if p.required { "" } else { ", optional" };
        lines.push(format!("Body: {}{required}.", docs::code(&p.media)));
        if let Some(d) = &p.description {
            lines.extend(docs::text_lines(d));
        }
    }
    if !w.headers.is_empty() {
        lines.push(String::new());
        lines.push("Headers the sender documents:".to_owned());
        lines.push(String::new());
        for h in &w.headers {
            let required = if h.required { " (required)" } else { "" };
            let description = h
                .description
                .as_deref()
                .map(|d| format!(": {}", docs::markdown_safe(&docs::one_line(d))))
                .unwrap_or_default();
            lines.push(format!("- {}{required}{description}", docs::code(&h.name)));
        }
    }
    if !w.responses.is_empty() {
        lines.push(String::new());
        lines.push("Answers the sender expects:".to_owned());
        lines.push(String::new());
        for r in &w.responses {
            let description = docs::markdown_safe(&docs::one_line(&r.description));
            let sep = if description.is_empty() { "" } else { ": " };
            lines.push(format!("- {}{sep}{description}", docs::code(&r.status)));
        }
    }
    lines
}

/// The first documented success status (a range counts as its `x00`),
/// else 200.
fn success_status(w: &Webhook) -> u16 {
    w.responses
        .iter()
        .find_map(|r| {
            let s = r.status.to_ascii_uppercase();
            let code = match s.strip_suffix("XX") {
                Some(class) => class.parse::<u16>().ok()?.checked_mul(100)?,
                None => s.parse::<u16>().ok()?,
            };
            (200..300).contains(&code).then_some(code)
        })
        .unwrap_or(200)
}

/// The `Event` enum, with its `decode` and what each event tells of
/// itself (its name, method and success status).
fn event_enum(api: &Api, info: &CrateInfo) -> TokenStream {
    let variants = api.webhooks.iter().map(|w| {
        let doc = docs::attrs(&lines(w));
        let v = ident(&w.variant);
        match payload_type(w) {
            Some(t) => quote!(#doc #v(#t),),
            None => quote!(#doc #v,),
        }
    });
    let decode = decode(api, info);
    let accessors = accessors(api);
    quote! {
        /// Every request the API sends to your server: its webhooks, then the
        /// callbacks of its operations, each with its decoded body.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
        }

        impl Event {
            #decode
            #accessors
        }
    }
}

/// `Event::decode`: the webhook or callback named, by method, to its
/// `decode_*` function.
fn decode(api: &Api, info: &CrateInfo) -> TokenStream {
    let decode_arms = api.webhooks.iter().map(|w| {
        let key = &w.key;
        let method = w.method.wire();
        let v = ident(&w.variant);
        let f = ident(&w.decode_fn);
        let wrap = if w.payload.is_some() {
            quote!(.map(Event::#v))
        } else {
            quote!(.map(|()| Event::#v))
        };
        quote! {
            #key if method.eq_ignore_ascii_case(#method) => #f(content_type, body) #wrap,
        }
    });
    let decode_doc = decode_doc(api, info);
    quote! {
        #decode_doc
        pub fn decode(
            name: &str,
            method: &str,
            content_type: Option<&str>,
            body: &[u8],
        ) -> Result<Event, WebhookError> {
            match name {
                #(#decode_arms)*
                _ => Err(WebhookError::UnknownWebhook {
                    name: name.to_owned(),
                    method: method.to_owned(),
                }),
            }
        }
    }
}

/// `Event::decode`'s documentation: its arguments, the events it knows,
/// its errors and an example handler.
fn decode_doc(api: &Api, info: &CrateInfo) -> TokenStream {
    let names: Vec<String> = api
        .webhooks
        .iter()
        .map(|w| format!("{} {}", w.method.wire(), docs::code(&w.key)))
        .collect();
    let mut decode_doc = vec![
        "Decodes an incoming request into its event: `name` is the webhook's name, or `{operationId}.{callback}` for a callback (your route knows which it receives), `method` the request's method, `content_type` its `Content-Type` header and `body` its bytes.".to_owned(),
        String::new(),
        format!("Known: {}.", names.join(", ")),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        "[`WebhookError`]: an unknown name or method, a `Content-Type` other than the documented one, a body that is missing or not what the spec describes, or one that breaks its constraints. [`WebhookError::status`] is the status to answer with.".to_owned(),
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "A handler of any HTTP server (with axum: a route `/hooks/{name}` and the extractors `Path`, `Method`, `HeaderMap` and `Bytes`) decodes the event and answers with a status:".to_owned(),
        String::new(),
        "```".to_owned(),
    ];
    decode_doc.extend(example(api, info).lines().map(str::to_owned));
    decode_doc.push("```".to_owned());
    docs::attrs(&decode_doc)
}

/// `Event::name`, `Event::method` and `Event::success_status`.
fn accessors(api: &Api) -> TokenStream {
    let pattern = |w: &Webhook| {
        let v = ident(&w.variant);
        if w.payload.is_some() {
            quote!(Event::#v(_))
        } else {
            quote!(Event::#v)
        }
    };
    let name_arms = api.webhooks.iter().map(|w| {
        let p = pattern(w);
        let key = &w.key;
        quote!(#p => #key,)
    });
    let method_arms = api.webhooks.iter().map(|w| {
        let p = pattern(w);
        let method = w.method.wire();
        quote!(#p => #method,)
    });
    let status_arms = api.webhooks.iter().map(|w| {
        let p = pattern(w);
        let status = proc_macro2::Literal::u16_unsuffixed(success_status(w));
        quote!(#p => #status,)
    });
    quote! {
        /// The name [`Event::decode`] knows this event by.
        pub fn name(&self) -> &'static str {
            match self {
                #(#name_arms)*
            }
        }

        /// The method the sender uses, e.g. `"POST"`.
        pub fn method(&self) -> &'static str {
            match self {
                #(#method_arms)*
            }
        }

        /// The status to answer with once the event is handled: the first
        /// success status the spec documents for it (200 when it documents
        /// none).
        pub fn success_status(&self) -> u16 {
            match self {
                #(#status_arms)*
            }
        }
    }
}

/// A handler decoding the first event, for [`Event::decode`]'s documentation.
fn example(api: &Api, info: &CrateInfo) -> String {
    let lib = info.lib_name();
    let first = match api.webhooks.first() {
        Some(w) if w.payload.is_some() => format!(
            "    if let Event::{}(payload) = &event {{\n        println!(\"{{payload:?}}\");\n    }}\n",
            w.variant
        ),
        Some(w) => format!(
            "    if let Event::{} = &event {{\n        println!(\"received\");\n    }}\n",
            w.variant
        ),
        None => String::new(),
    };
    format!(
        "use {lib}::webhooks::Event;\n\n\
         /// `name` from the route, then the method, the `Content-Type` header and the body.\n\
         fn handle(name: &str, method: &str, content_type: Option<&str>, body: &[u8]) -> u16 {{\n    \
         let event = match Event::decode(name, method, content_type, body) {{\n        \
         Ok(event) => event,\n        \
         Err(e) => {{\n            eprintln!(\"rejected: {{e}}\");\n            return e.status();\n        }}\n    \
         }};\n{first}    event.success_status()\n}}\n\n\
         assert_eq!(handle(\"no-such-webhook\", \"POST\", None, b\"\"), 404);"
    )
}

/// `decode_{webhook}`: one webhook's body, checked and decoded.
fn decode_fn(api: &Api, w: &Webhook) -> TokenStream {
    let f = ident(&w.decode_fn);
    let key = &w.key;
    let mut doc = vec![format!(
        "Decodes the body of {} {} from its `Content-Type` header and its bytes (see [`Event::{}`]).",
        w.method.wire(),
        docs::code(&w.key),
        w.variant
    )];
    doc.push(String::new());
    doc.push("# Errors".to_owned());
    doc.push(String::new());
    doc.push("[`WebhookError`] when the `Content-Type` is not the documented one, or the body is missing or not what the spec describes.".to_owned());
    let doc = docs::attrs(&doc);
    let Some(p) = &w.payload else {
        return quote! {
            #doc
            pub fn #f(content_type: Option<&str>, body: &[u8]) -> Result<(), WebhookError> {
                let _ = (content_type, body);
                Ok(())
            }
        };
    };
    let media = &p.media;
    let out = payload_type(w).unwrap_or_default();
    let required = p.required;
    let body = match &p.body {
        Body::Json(t) => {
            let check = api.validates(t).then(|| {
                if required {
                    quote!(validate(#key, &payload)?;)
                } else {
                    quote!(if let Some(payload) = &payload { validate(#key, payload)?; })
                }
            });
            let read = if required {
                quote!(json(#key, #media, content_type, body)?)
            } else {
                quote!(optional_json(#key, #media, content_type, body)?)
            };
            quote! {
                let payload: #out = #read;
                #check
                Ok(payload)
            }
        }
        Body::Text | Body::Bytes | Body::Events(_) | Body::Items { .. } => {
            let read = if matches!(p.body, Body::Text) {
                quote!(text)
            } else {
                quote!(bytes)
            };
            if required {
                quote!(Ok(#read(#key, #media, content_type, body, true)?.unwrap_or_default()))
            } else {
                quote!(#read(#key, #media, content_type, body, false))
            }
        }
    };
    quote! {
        #doc
        pub fn #f(content_type: Option<&str>, body: &[u8]) -> Result<#out, WebhookError> {
            #body
        }
    }
}

/// For an operation's documentation: the callbacks it may trigger.
pub fn callback_lines(api: &Api, op: &Operation) -> Vec<String> {
    let callbacks: Vec<&Webhook> = api.callbacks_of(&op.operation_id).collect();
    if callbacks.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "# Callbacks".to_owned(),
        String::new(),
        "The API may then send these requests to the URL given in this request; decode them with [`webhooks::Event::decode`](crate::webhooks::Event::decode):".to_owned(),
        String::new(),
    ];
    for w in callbacks {
        let summary = w
            .summary
            .as_deref()
            .map(|s| format!(": {}", docs::markdown_safe(&docs::one_line(s))))
            .unwrap_or_default();
        let WebhookKind::Callback { expression, .. } = &w.kind else {
            continue;
        };
        lines.push(format!(
            "- [`Event::{v}`](crate::webhooks::Event::{v}) ({} to {}){summary}",
            w.method.wire(),
            docs::code(expression),
            v = w.variant,
        ));
    }
    lines
}
