//! `src/client.rs`: the `Client`, its builder, one async method per
//! operation, and one enum of documented error statuses per operation.

use super::{docs, ident, rust_type, ty, CrateInfo, Scope};
use crate::ir::rust::RustType;
use crate::ir::{Api, AuthLocation, Method, Operation};
use proc_macro2::TokenStream;
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

/// The response enums (several success statuses) and multipart bodies of
/// `api.operations[range]`.
pub fn response_enums(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let start = range.start;
    let ops = api.operations.get(range).unwrap_or_default();
    let enums = ops.iter().filter_map(response_enum);
    // An operation's `_stream` method sends the same multipart struct as
    // its first: written once, with the first.
    let parts = ops.iter().enumerate().filter_map(|(k, op)| {
        let earlier = api.operations.get(..start + k).unwrap_or_default();
        let shared = earlier
            .iter()
            .rev()
            .take_while(|o| o.operation_id == op.operation_id)
            .any(|o| o.body == op.body);
        (!shared).then(|| multipart_struct(op)).flatten()
    });
    quote!(#(#enums)* #(#parts)*)
}

/// The struct of an operation's `multipart/form-data` body: a field per part.
fn multipart_struct(op: &Operation) -> Option<TokenStream> {
    let crate::ir::RequestMedia::Multipart { type_name, parts } = &op.body.as_ref()?.media else {
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
            crate::ir::PartKind::File => quote!(crate::Upload),
            crate::ir::PartKind::Files => {
                lines.push(String::new());
                lines.push("One part per file, all of this name; none when empty.".to_owned());
                quote!(Vec<crate::Upload>)
            }
            crate::ir::PartKind::Value(t) => ty(t, Scope::Crate),
        };
        let t = if p.required || p.kind == crate::ir::PartKind::Files {
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

/// The methods (one pair per operation) of `api.operations[range]`, in an
/// `impl Client` block of their own, whose doc names the operations.
pub fn methods(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    if range.is_empty() {
        return TokenStream::new();
    }
    let range_start = range.start;
    let ops = api.operations.get(range).unwrap_or_default();
    let names: Vec<String> = ops
        .iter()
        .map(|op| format!("`{}`", op.method_name.trim_start_matches("r#")))
        .collect();
    let doc = match names.as_slice() {
        [one] => format!(" The operation {one}."),
        [rest @ .., last] => format!(" The operations {} and {last}.", rest.join(", ")),
        [] => String::new(),
    };
    let methods = ops
        .iter()
        .enumerate()
        .map(|(k, op)| method(api, op, range_start + k));
    let send_built = (range_start == 0
        && (api.sends_uploads() || api.streams_downloads() || api.streams_events()))
    .then(send_built);
    quote! {
        #send_built

        #[doc = #doc]
        impl Client {
            #(#methods)*
        }
    }
}

/// `Client::send_built`, for the operations whose request is made again
/// for each attempt (a file or multipart body) or whose success is streamed.
fn send_built() -> TokenStream {
    quote! {
        /// Sending requests whose body is a file, a stream or multipart, or
        /// whose success is streamed.
        impl Client {
            /// Sends the request `build` makes, with the client's retries:
            /// made again for each retry when its body cannot be cloned (a
            /// file or multipart body; never a stream, which is sent once).
            /// The body of a success whose status `stream` accepts is left unread.
            async fn send_built<E>(
                &self,
                operation: &'static str,
                idempotent: bool,
                build: &(dyn Fn() -> Result<reqwest::Request, crate::Error<E>> + Send + Sync),
                stream: Option<fn(u16) -> bool>,
                options: &crate::RequestOptions,
            ) -> Result<crate::http::Received, crate::Error<E>> {
                let request = build()?;
                let mut policy = self.retry;
                if let Some(max_retries) = options.max_retries {
                    policy.max_retries = max_retries;
                }
                let rebuild = || build().ok();
                let sending = crate::http::Sending {
                    rebuild: Some(&rebuild),
                    stream,
                };
                crate::http::send_with(&self.http, operation, idempotent, &policy, request, sending)
                    .await
            }
        }
    }
}

/// What the client's fixed code (`templates/client.rs`, at the top of
/// `client.rs`) needs from the spec: the default server, whether and how
/// the API key is sent, the environment variables, and the constructors and
/// builder method whose signatures depend on them.
pub fn client_spec(api: &Api, info: &CrateInfo) -> TokenStream {
    let needs_key = api.auth.as_ref().is_some_and(|a| a.required);
    let api_key_env = format!("{}_API_KEY", info.env_prefix);
    let base_url_env = format!("{}_BASE_URL", info.env_prefix);

    let (default_base_url, default_server) = match &api.default_base_url {
        Some(url) => (
            quote! {
                /// The spec's first server.
                pub const DEFAULT_BASE_URL: &'static str = #url;
            },
            quote! {
                /// The server [`ClientBuilder::build`] uses when no base URL is set.
                const DEFAULT_SERVER: Option<&str> = Some(Client::DEFAULT_BASE_URL);
            },
        ),
        None => (
            quote!(),
            quote! {
                /// The spec names no absolute server: [`ClientBuilder::base_url`] is required.
                const DEFAULT_SERVER: Option<&str> = None;
            },
        ),
    };

    let (takes_doc, value_doc, value, apply_doc, apply) = match &api.auth {
        Some(auth) => {
            let (where_, value, apply) = match &auth.location {
                AuthLocation::Header(name) => (
                    format!("in the `{name}` header"),
                    quote!(key),
                    quote!(request.header(#name, key.clone())),
                ),
                AuthLocation::Bearer => (
                    "as `Authorization: Bearer <key>`".to_owned(),
                    quote!(format!("Bearer {key}")),
                    quote!(request.header(::reqwest::header::AUTHORIZATION, key.clone())),
                ),
                AuthLocation::Query(name) => (
                    format!("as the `{name}` query parameter"),
                    quote!(key),
                    quote! {
                        let key = key.to_str().unwrap_or_default();
                        request.query(&[(#name, key)])
                    },
                ),
            };
            (
                format!(" The API takes an API key, sent {where_}."),
                " The API key as the value it is sent as.".to_owned(),
                value,
                format!(" Sends the API key {where_}."),
                apply,
            )
        }
        None => (
            " The API takes no API key: the builder has no `api_key`.".to_owned(),
            " Unused: the API takes no API key.".to_owned(),
            quote!(key),
            " Unused: the API takes no API key.".to_owned(),
            quote!(request),
        ),
    };
    let takes_key = api.auth.is_some();
    let requires_doc = if needs_key {
        " Some operation requires the API key: [`ClientBuilder::build`] fails without one."
    } else if takes_key {
        " No operation requires the API key: a client may be built without one."
    } else {
        " No API key is ever required."
    };
    let key_arg = if takes_key { quote!(key) } else { quote!(_key) };

    let (key_env_const, new_fn, from_env_key) = match &api.auth {
        Some(_) => (
            quote! {
                /// The environment variable [`Client::from_env`] reads the API key from.
                pub const API_KEY_ENV: &'static str = #api_key_env;
            },
            quote! {
                /// A client for the default server, authenticated with `api_key`.
                pub fn new(api_key: impl Into<String>) -> Result<Self, crate::BuildError> {
                    Self::builder().api_key(api_key).build()
                }
            },
            quote! {
                let key = ::std::env::var(Self::API_KEY_ENV).ok().map(|k| k.trim().to_owned()).filter(|k| !k.is_empty());
                let Some(key) = key else {
                    return Err(crate::BuildError::MissingApiKey { env_var: Some(Self::API_KEY_ENV) });
                };
                let mut builder = Self::builder().api_key(key);
            },
        ),
        None => (
            quote!(),
            quote! {
                /// A client for the default server.
                pub fn new() -> Result<Self, crate::BuildError> {
                    Self::builder().build()
                }
            },
            quote!(let mut builder = Self::builder();),
        ),
    };
    // Without an absolute server in the spec, there is no default to build
    // `new` on: the builder's `base_url` is required.
    let new_fn = api.default_base_url.as_ref().map(|_| new_fn);
    let (builder_doc, from_env_doc) = if api.auth.is_some() {
        (
            " A builder to set the API key, base URL, timeout or HTTP client.".to_owned(),
            format!(" A client configured from the environment: the API key from `{api_key_env}`, and the base URL from `{base_url_env}` when it is set."),
        )
    } else {
        (
            " A builder to set the base URL, timeout or HTTP client.".to_owned(),
            format!(" A client configured from the environment: the base URL from `{base_url_env}` when it is set."),
        )
    };
    let key_builder_method = api.auth.as_ref().map(|auth| {
        let doc = match &auth.location {
            AuthLocation::Header(h) => format!(" The API key, sent in the `{h}` header."),
            AuthLocation::Query(q) => format!(" The API key, sent as the `{q}` query parameter."),
            AuthLocation::Bearer => {
                " The token, sent as `Authorization: Bearer <token>`.".to_owned()
            }
        };
        quote! {
            impl ClientBuilder {
                #[doc = #doc]
                #[must_use]
                pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
                    self.api_key = Some(api_key.into());
                    self
                }
            }
        }
    });

    quote! {
        impl Client {
            #default_base_url
            #key_env_const
            /// The environment variable [`Client::from_env`] reads a base URL from, when set.
            pub const BASE_URL_ENV: &'static str = #base_url_env;

            #new_fn

            #[doc = #builder_doc]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, crate::BuildError> {
                #from_env_key
                if let Some(url) = ::std::env::var(Self::BASE_URL_ENV).ok().map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) {
                    builder = builder.base_url(url);
                }
                builder.build()
            }
        }

        #key_builder_method

        #default_server

        #[doc = #takes_doc]
        const TAKES_API_KEY: bool = #takes_key;

        #[doc = #requires_doc]
        const REQUIRES_API_KEY: bool = #needs_key;

        #[doc = #value_doc]
        fn api_key_value(key: String) -> Result<::reqwest::header::HeaderValue, ::reqwest::header::InvalidHeaderValue> {
            ::reqwest::header::HeaderValue::try_from(#value)
        }

        #[doc = #apply_doc]
        fn authenticate(request: ::reqwest::RequestBuilder, #key_arg: &::reqwest::header::HeaderValue) -> ::reqwest::RequestBuilder {
            #apply
        }
    }
}

fn http_method(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(::reqwest::Method::GET),
        Method::Put => quote!(::reqwest::Method::PUT),
        Method::Post => quote!(::reqwest::Method::POST),
        Method::Delete => quote!(::reqwest::Method::DELETE),
        Method::Options => quote!(::reqwest::Method::OPTIONS),
        Method::Head => quote!(::reqwest::Method::HEAD),
        Method::Patch => quote!(::reqwest::Method::PATCH),
        Method::Trace => quote!(::reqwest::Method::TRACE),
    }
}

/// Reads a success body: JSON into its type, text, bytes, or nothing.
fn decode_body(body: Option<&crate::ir::Body>) -> TokenStream {
    match body {
        None => quote!(Ok(())),
        Some(crate::ir::Body::Json(t)) => {
            let label = RustType::of(t).to_string();
            quote!(crate::http::decode(OPERATION, #label, response))
        }
        Some(crate::ir::Body::Text) => {
            quote!(Ok(String::from_utf8_lossy(&response.body).into_owned()))
        }
        Some(crate::ir::Body::Bytes) => quote!(Ok(crate::ByteStream::new(response))),
        Some(crate::ir::Body::Events(t)) => {
            let decode = event_decoder(t);
            quote!(Ok(crate::EventStream::new(response, #decode)))
        }
    }
}

/// How an event's data is decoded: JSON into its type, or text.
fn event_decoder(t: &crate::ir::TypeRef) -> TokenStream {
    match t {
        crate::ir::TypeRef::String => quote!(crate::events::text),
        other => {
            let t = ty(other, Scope::Crate);
            quote!(crate::events::json::<#t>)
        }
    }
}

/// Whether a success's body is read as it arrives (bytes, events).
fn is_streamed(body: Option<&crate::ir::Body>) -> bool {
    matches!(
        body,
        Some(crate::ir::Body::Bytes | crate::ir::Body::Events(_))
    )
}

/// The enum of an operation whose 2xx responses have different bodies.
fn response_enum(op: &Operation) -> Option<TokenStream> {
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

/// The media type a request body is sent as, for the docs.
fn media_label(media: &crate::ir::RequestMedia) -> String {
    match media {
        crate::ir::RequestMedia::Json => "JSON".to_owned(),
        crate::ir::RequestMedia::Form { .. } => "`application/x-www-form-urlencoded`".to_owned(),
        crate::ir::RequestMedia::Multipart { .. } => "`multipart/form-data`".to_owned(),
        crate::ir::RequestMedia::Binary { content_type }
        | crate::ir::RequestMedia::Text { content_type } => docs::code(content_type),
    }
}

/// The docs' line on an operation's other methods, which follow its first
/// (`index` is the method's place in `api.operations`): the body in another
/// media type (`create_image_multipart`), or the success as events
/// (`create_completion_stream`).
fn alternatives_line(api: &Api, op: &Operation, index: usize) -> Option<String> {
    let link = |o: &Operation| format!("[`Client::{0}`]", o.method_name.trim_start_matches("r#"));
    let same = |o: &&Operation| o.operation_id == op.operation_id;
    let first = api.operations[..index].iter().rev().take_while(same).last();
    let what = |o: &Operation| match &o.body {
        Some(b) if b.alternative => format!("sends the body as {}", media_label(&b.media)),
        _ => "asks for the success as `text/event-stream` (server-sent events)".to_owned(),
    };
    match first {
        Some(main) => {
            let what = what(op);
            let mut chars = what.chars();
            let capitalized: String = chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect();
            Some(format!(
                "{capitalized}; {} is the operation's first method.",
                link(main)
            ))
        }
        None => {
            let others: Vec<String> = api.operations[index + 1..]
                .iter()
                .take_while(same)
                .map(|o| format!("{} {}", link(o), what(o)))
                .collect();
            (!others.is_empty()).then(|| {
                let mut line = op
                    .body
                    .as_ref()
                    .map(|b| format!("Sends the body as {}. ", media_label(&b.media)))
                    .unwrap_or_default();
                line.push_str(&format!(
                    "Of the operation's other methods, {}.",
                    others.join("; ")
                ));
                line
            })
        }
    }
}

fn method(api: &Api, op: &Operation, index: usize) -> TokenStream {
    let name = ident(&op.method_name);
    let error = ident(&op.error_type);
    let operation = op.method_name.trim_start_matches("r#");
    let mut lines = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(docs::text_lines(summary));
    }
    if let Some(description) = &op.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(docs::text_lines(description));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "{} (operation {}).",
        docs::code(&format!(
            "{} {}",
            op.method.as_str().to_uppercase(),
            op.path
        )),
        docs::code(&op.operation_id)
    ));
    if op.deprecated {
        lines.push(String::new());
        lines.push("**Deprecated** by the API.".to_owned());
    }
    lines.extend(super::webhooks::callback_lines(api, op));
    if let Some(line) = alternatives_line(api, op, index) {
        lines.push(String::new());
        lines.push(line);
    }
    if let Some(body) = &op.body {
        if let Some(d) = &body.default {
            lines.push(String::new());
            lines.push(format!("The spec gives the body's default as {}; fields left unset are left out, so the server applies its own defaults.", docs::code(&d.to_string())));
        }
    }
    // What every method shares (the other errors, retries) is said once, in
    // the module's documentation; here only what is this operation's own.
    lines.push(String::new());
    lines.push("# Errors".to_owned());
    lines.push(String::new());
    let statuses: Vec<String> = op
        .errors
        .iter()
        .map(|e| match e.status {
            crate::ir::StatusMatch::Default => "any other status (`default`)".to_owned(),
            status => status.to_string(),
        })
        .collect();
    lines.push(match statuses.as_slice() {
        [] => "- [`Error::Api`](crate::Error::Api) for an error status (the spec documents none).".to_owned(),
        [_] if op.errors.iter().all(|e| e.status == crate::ir::StatusMatch::Default) => format!("- [`Error::Api`](crate::Error::Api) with a [`{}`] for any error status, as the spec's `default` response documents it.", op.error_type),
        [one] => format!("- [`Error::Api`](crate::Error::Api) with a [`{}`] for status {one}, as the spec documents it.", op.error_type),
        [rest @ .., last] => format!(
            "- [`Error::Api`](crate::Error::Api) with a [`{}`] for status {} or {last}, as the spec documents them.",
            op.error_type,
            rest.join(", ")
        ),
    });
    if op.body.as_ref().is_some_and(|b| {
        matches!(
            b.media,
            crate::ir::RequestMedia::Multipart { .. } | crate::ir::RequestMedia::Binary { .. }
        )
    }) {
        lines.push("- [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent, when a file cannot be opened or a stream was sent already (see [`Upload`](crate::Upload)).".to_owned());
    }
    if op
        .body
        .as_ref()
        .is_some_and(|b| api.validates(&b.ty) || b.part_types().any(|t| api.validates(t)))
    {
        lines.push("- [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent, when the body breaks a constraint of the spec.".to_owned());
    }
    let doc = docs::attrs(&lines);

    // A multipart or binary body is made in the request's closure.
    let mut return_early: Option<(TokenStream, TokenStream, TokenStream)> = None;
    let mut binary_type: Option<String> = None;
    let (param, prepare_body, attach_body) = match &op.body {
        Some(body) => {
            let body_ty = ty(&body.ty, Scope::Crate);
            let validate = api
                .validates(&body.ty)
                .then(|| quote!(crate::validate::check(OPERATION, "body", body)?;));
            let (serialise, content_type) = match &body.media {
                crate::ir::RequestMedia::Json => (
                    quote!(crate::http::json_body(OPERATION, body)?),
                    "application/json",
                ),
                crate::ir::RequestMedia::Form { encoding } => {
                    let entries = encoding.iter().map(|e| {
                        let name = &e.name;
                        let style = match e.style {
                            crate::ir::FormStyle::Form => quote!(Form),
                            crate::ir::FormStyle::SpaceDelimited => quote!(SpaceDelimited),
                            crate::ir::FormStyle::PipeDelimited => quote!(PipeDelimited),
                            crate::ir::FormStyle::DeepObject => quote!(DeepObject),
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
                    });
                    (
                        quote!(crate::form::body(OPERATION, body, &[#(#entries)*])?),
                        "application/x-www-form-urlencoded",
                    )
                }
                crate::ir::RequestMedia::Text { content_type } => {
                    (quote!(body.to_owned()), content_type.as_str())
                }
                crate::ir::RequestMedia::Multipart { type_name, parts } => {
                    let t = ident(type_name);
                    let adds = parts.iter().map(|p| {
                        let name = &p.name;
                        let field = ident(&p.field);
                        let spec_type = match &p.content_type {
                            Some(c) => quote!(Some(#c)),
                            None => quote!(None),
                        };
                        match (&p.kind, p.required) {
                            (crate::ir::PartKind::File, true) => {
                                quote!(.file(#name, &body.#field, #spec_type))
                            }
                            (crate::ir::PartKind::File, false) => {
                                quote!(.file_opt(#name, body.#field.as_ref(), #spec_type))
                            }
                            (crate::ir::PartKind::Files, _) => {
                                quote!(.files(#name, &body.#field, #spec_type))
                            }
                            (crate::ir::PartKind::Value(_), _) => {
                                quote!(.value(#name, &body.#field, #spec_type))
                            }
                        }
                    });
                    // The parts whose types have constraints are checked first.
                    let checks = parts.iter().filter_map(|p| match &p.kind {
                        crate::ir::PartKind::Value(t) if api.validates(t) => {
                            let root = format!("body.{}", p.name);
                            let field = ident(&p.field);
                            Some(quote!(crate::validate::check(OPERATION, #root, &body.#field)?;))
                        }
                        _ => None,
                    });
                    // Made in the request's closure, again for each retry.
                    return_early = Some((
                        quote!(body: &#t,),
                        quote! {
                            #(#checks)*
                            let form = crate::multipart::Parts::new(OPERATION)
                                #(#adds)*
                                .finish()?;
                        },
                        quote!(.multipart(form)),
                    ));
                    (quote!(()), "")
                }
                crate::ir::RequestMedia::Binary { content_type } => {
                    return_early = Some((quote!(body: &crate::Upload,), quote!(), quote!()));
                    binary_type = Some(content_type.clone());
                    (quote!(()), "")
                }
            };
            if let Some(built) = return_early {
                built
            } else {
                let param = if matches!(body.media, crate::ir::RequestMedia::Text { .. }) {
                    quote!(body: &str,)
                } else {
                    quote!(body: &#body_ty,)
                };
                (
                    param,
                    quote! {
                        #validate
                        let body = #serialise;
                    },
                    // In a request's closure (a streamed download), the body is
                    // cloned for each attempt.
                    if op.successes.iter().any(|s| is_streamed(s.body.as_ref())) {
                        quote! {
                            .header(::reqwest::header::CONTENT_TYPE, #content_type)
                            .body(body.clone())
                        }
                    } else {
                        quote! {
                            .header(::reqwest::header::CONTENT_TYPE, #content_type)
                            .body(body)
                        }
                    },
                )
            }
        }
        None => (quote!(), quote!(), quote!()),
    };
    let output = rust_type(&RustType::output(op), Scope::Crate);
    let decode = match &op.response_enum {
        None => decode_body(op.successes.first().and_then(|s| s.body.as_ref())),
        Some(name) => {
            let name = ident(name);
            let arms = op.successes.iter().map(|s| {
                let variant = ident(&s.variant);
                let pattern = status_pattern(s.status);
                // JSON is decoded (and may fail); text and bytes are taken as they are.
                let (decoded, taken) = match &s.body {
                    None => (None, None),
                    Some(crate::ir::Body::Json(t)) => {
                        let label = RustType::of(t).to_string();
                        (
                            Some(quote!(crate::http::decode(OPERATION, #label, response))),
                            None,
                        )
                    }
                    Some(crate::ir::Body::Text) => (
                        None,
                        Some(quote!(String::from_utf8_lossy(&response.body).into_owned())),
                    ),
                    Some(crate::ir::Body::Bytes) => {
                        (None, Some(quote!(crate::ByteStream::new(response))))
                    }
                    Some(crate::ir::Body::Events(t)) => {
                        let decode = event_decoder(t);
                        (
                            None,
                            Some(quote!(crate::EventStream::new(response, #decode))),
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
                    status => Ok(#name::Other { status, body: response.body }),
                }
            }
        }
    };
    let method = http_method(op.method);
    let accept = &op.accept;
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
    let classify = if op.errors.is_empty() {
        quote!(|_, _| None)
    } else {
        let json = if op.errors.iter().any(|e| e.ty.is_some()) {
            quote!(json)
        } else {
            quote!(_json)
        };
        // `default` stands for every other status: no catch-all is left.
        let rest = (!op
            .errors
            .iter()
            .any(|e| e.status == crate::ir::StatusMatch::Default))
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
    };
    // Path parameters: arguments first, by value for small types.
    let path_args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let arg = ident(&p.arg);
            let t = match &p.ty {
                crate::ir::TypeRef::String => quote!(&str),
                crate::ir::TypeRef::Named(_) => {
                    let t = ty(&p.ty, Scope::Crate);
                    quote!(&#t)
                }
                other => ty(other, Scope::Crate),
            };
            quote!(#arg: #t,)
        })
        .collect();
    let path_arg_names: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let arg = ident(&p.arg);
            quote!(#arg,)
        })
        .collect();
    let build_path = if op.path_params.is_empty() {
        let path = &op.path;
        quote!(let path = #path;)
    } else {
        let pushes = op.path_segments.iter().map(|seg| match seg {
            crate::ir::PathSegment::Literal(text) => match single_char(text) {
                Some(c) => quote!(path.push(#c);),
                None => quote!(path.push_str(#text);),
            },
            crate::ir::PathSegment::Param(i) => {
                let p = &op.path_params[*i];
                let arg = ident(&p.arg);
                let value = match &p.ty {
                    crate::ir::TypeRef::String => quote!(#arg),
                    crate::ir::TypeRef::Named(_) => quote!(#arg.as_str()),
                    other => {
                        let s = super::types::scalar_to_string(other, quote!(#arg));
                        quote!(&#s)
                    }
                };
                quote!(crate::encode::push_segment(&mut path, #value);)
            }
        });
        quote! {
            let mut path = String::new();
            #(#pushes)*
            let path = path.as_str();
        }
    };
    let (params_arg, params_arg_name, check_params, query, headers) = match &op.params {
        Some(params) => {
            let t = ty(&params.ty, Scope::Crate);
            let check = api
                .validates(&params.ty)
                .then(|| quote!(crate::validate::check(OPERATION, "params", params)?;));
            let query = if params.query {
                quote!(params.query_pairs())
            } else {
                quote!(Vec::new())
            };
            let headers = params.headers.then(|| {
                quote! {
                    for (name, value) in params.header_pairs() {
                        request = request.header(name, value);
                    }
                }
            });
            (quote!(params: &#t,), quote!(params,), check, query, headers)
        }
        None => (quote!(), quote!(), None, quote!(Vec::new()), None),
    };
    let mut_request = if headers.is_some() {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    let with_name = ident(&op.options_method_name);
    let with_doc = format!(
        " [`Client::{}`] with per-request options: timeout, retries, extra headers.",
        op.method_name.trim_start_matches("r#")
    );
    let body_arg = if op.body.is_some() {
        quote!(body,)
    } else {
        quote!()
    };
    let args = quote!(#(#path_arg_names)* #body_arg #params_arg_name);
    let idempotent = op.method.is_idempotent();
    let streamed = op.successes.iter().any(|s| is_streamed(s.body.as_ref()));
    let built = op.body.as_ref().is_some_and(|b| {
        matches!(
            b.media,
            crate::ir::RequestMedia::Multipart { .. } | crate::ir::RequestMedia::Binary { .. }
        )
    });
    // Which success statuses are streamed: any, or those of the response
    // enum's binary variants.
    let stream = if !streamed {
        quote!(None)
    } else if op.response_enum.is_none() {
        quote!(Some(|_| true))
    } else {
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
    };
    let send = if built || streamed {
        let (prepare_inside, prepare_outside) = if built {
            (prepare_body, quote!())
        } else {
            (quote!(), prepare_body)
        };
        let request = match &binary_type {
            Some(ct) => quote! {
                #mut_request = body.attach(OPERATION, self.request(#method, path, &query, #accept, options), #ct)?;
            },
            None => quote! {
                #mut_request = self.request(#method, path, &query, #accept, options)#attach_body;
            },
        };
        quote! {
            #prepare_outside
            #build_path
            let query = #query;
            let build = || -> Result<::reqwest::Request, crate::Error<#error>> {
                #prepare_inside
                #request
                #headers
                crate::http::build(OPERATION, request, options)
            };
            let response = self.send_built(OPERATION, #idempotent, &build, #stream, options).await?;
        }
    } else {
        quote! {
            #prepare_body
            #build_path
            let query = #query;
            #mut_request = self.request(#method, path, &query, #accept, options)#attach_body;
            #headers
            let response = self.send(OPERATION, #idempotent, request, options).await?;
        }
    };
    quote! {
        #doc
        pub async fn #name(&self, #(#path_args)* #param #params_arg) -> Result<#output, crate::Error<#error>> {
            self.#with_name(#args &crate::RequestOptions::default()).await
        }

        #[doc = #with_doc]
        pub async fn #with_name(&self, #(#path_args)* #param #params_arg options: &crate::RequestOptions) -> Result<#output, crate::Error<#error>> {
            const OPERATION: &str = #operation;
            #check_params
            #send
            if response.status.is_success() {
                return #decode;
            }
            Err(crate::http::api_error(OPERATION, response, #classify))
        }
    }
}

fn one_line(text: &str) -> String {
    let joined = docs::text_lines(text).join(" ");
    if joined.is_empty() {
        "(no description)".to_owned()
    } else {
        joined
    }
}

fn error_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.error_type);
    let operation = op.method_name.trim_start_matches("r#");
    let doc = format!(" The error statuses the spec documents for [`Client::{operation}`].");
    let variants = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let mut lines = vec![format!("{} {}", e.status, one_line(&e.description))];
        if e.status.code().is_none() {
            lines.push(String::new());
            lines.push(match e.status {
                crate::ir::StatusMatch::Default => {
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
    });
    let pattern = |e: &crate::ir::ErrorResponse| {
        let variant = ident(&e.variant);
        match (e.status.code(), e.ty.is_some()) {
            (Some(_), true) => quote!(#name::#variant(_)),
            (Some(_), false) => quote!(#name::#variant),
            (None, _) => quote!(#name::#variant { status, .. }),
        }
    };
    let status_arms = op.errors.iter().map(|e| {
        let pattern = pattern(e);
        match e.status.code() {
            Some(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#pattern => #code,)
            }
            None => quote!(#pattern => *status,),
        }
    });
    let description_arms = op.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let text = one_line(&e.description);
        let pattern = match (e.status.code(), e.ty.is_some()) {
            (Some(_), true) => quote!(#name::#variant(_)),
            (Some(_), false) => quote!(#name::#variant),
            (None, _) => quote!(#name::#variant { .. }),
        };
        quote!(#pattern => #text,)
    });
    let (status_body, description_body) = if op.errors.is_empty() {
        (quote!(match *self {}), quote!(match *self {}))
    } else {
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

/// The `match` pattern of a documented status: `404`, `status @ 400..=499`
/// for a range (binding the status it keeps), `status` for `default`.
fn status_pattern(status: crate::ir::StatusMatch) -> TokenStream {
    match status {
        crate::ir::StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        crate::ir::StatusMatch::Range(_) => {
            let (low, high) = status.bounds().unwrap_or_default();
            let low = proc_macro2::Literal::u16_unsuffixed(low);
            let high = proc_macro2::Literal::u16_unsuffixed(high);
            quote!(status @ #low..=#high)
        }
        crate::ir::StatusMatch::Default => quote!(status),
    }
}

/// The one character `text` is made of, if it is one.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}
