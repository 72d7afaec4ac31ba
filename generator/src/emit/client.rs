//! `src/client.rs`: the `Client`, its builder, one async method per
//! operation, and one enum of documented error statuses per operation.

use super::{docs, ident, rust_type, ty, CrateInfo, Scope};
use crate::ir::rust::RustType;
use crate::ir::{
    Api, FieldRepr, KeyLocation, Location, Method, Operation, Requirement, Scheme, SchemeKind,
    Style, TypeRef,
};
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
    // The page and item streams of paginated operations.
    let streams = ops
        .iter()
        .map(|op| super::pagination::streams(op, || next_page(api, op)));
    let send_built = (range_start == 0
        && (api.sends_uploads() || api.streams_downloads() || api.streams_events()))
    .then(send_built);
    quote! {
        #send_built

        #[doc = #doc]
        impl Client {
            #(#methods)*
            #(#streams)*
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
/// `client.rs`) needs from the spec: the default server, the environment
/// variables, the constructors, one builder setter per security scheme, the
/// `Credentials` they fill and how each is sent (`Scheme`,
/// `DEFAULT_SECURITY`, `REQUIRES_CREDENTIALS`, `missing_credentials`).
pub fn client_spec(api: &Api, info: &CrateInfo) -> TokenStream {
    let prefix = &info.env_prefix;
    let base_url_env = format!("{prefix}_BASE_URL");
    let schemes: &[Scheme] = api.auth.as_ref().map_or(&[], |a| a.schemes.as_slice());
    let senders: Vec<&Scheme> = schemes
        .iter()
        .filter(|s| s.kind != SchemeKind::MutualTls)
        .collect();
    let mtls = schemes.iter().find(|s| s.kind == SchemeKind::MutualTls);
    let required = api.auth.as_ref().is_some_and(|a| a.required);

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

    // One constant per environment variable.
    let env_consts = senders.iter().flat_map(|s| {
        s.env.iter().map(move |suffix| {
            let name = quote::format_ident!("{}_ENV", suffix);
            let var = format!("{prefix}_{suffix}");
            let doc = format!(
                " The environment variable [`Client::from_env`] reads {} from.",
                env_what(s, suffix)
            );
            quote! {
                #[doc = #doc]
                pub const #name: &'static str = #var;
            }
        })
    });

    let new_fn = match senders.as_slice() {
        [] => Some(quote! {
            /// A client for the default server.
            pub fn new() -> Result<Self, crate::BuildError> {
                Self::builder().build()
            }
        }),
        [one] => {
            let setter = ident(&one.setter);
            let (params, args, doc) = match &one.kind {
                SchemeKind::Basic => (
                    quote!(username: impl Into<String>, password: impl Into<String>),
                    quote!(username, password),
                    " A client for the default server, authenticated with HTTP basic `username` and `password`.".to_owned(),
                ),
                _ => {
                    let arg = ident(value_arg(one));
                    (
                        quote!(#arg: impl Into<String>),
                        quote!(#arg),
                        format!(" A client for the default server, authenticated with `{}`.", value_arg(one)),
                    )
                }
            };
            Some(quote! {
                #[doc = #doc]
                pub fn new(#params) -> Result<Self, crate::BuildError> {
                    Self::builder().#setter(#args).build()
                }
            })
        }
        // Several schemes: the builder says which.
        _ => None,
    };
    // Without an absolute server in the spec, there is no default to build
    // `new` on: the builder's `base_url` is required.
    let new_fn = new_fn.filter(|_| api.default_base_url.is_some());

    let builder_doc = builder_doc(&senders, mtls);
    let from_env_doc = from_env_doc(&senders, info, &base_url_env);
    let found = required.then(|| quote!(found = true;));
    let env_reads = senders.iter().map(|s| {
        let setter = ident(&s.setter);
        match s.env.as_slice() {
            [user, password] => {
                let user = quote::format_ident!("{}_ENV", user);
                let password = quote::format_ident!("{}_ENV", password);
                quote! {
                    if let Some(username) = var(Self::#user) {
                        builder = builder.#setter(username, var(Self::#password).unwrap_or_default());
                        #found
                    }
                }
            }
            [one] => {
                let one = quote::format_ident!("{}_ENV", one);
                quote! {
                    if let Some(value) = var(Self::#one) {
                        builder = builder.#setter(value);
                        #found
                    }
                }
            }
            _ => quote!(),
        }
    });
    let from_env_body = if senders.is_empty() {
        quote!(let mut builder = Self::builder();)
    } else if required {
        quote! {
            let mut builder = Self::builder();
            let mut found = false;
            #(#env_reads)*
            if !found {
                return Err(missing_credentials(true));
            }
        }
    } else {
        quote! {
            let mut builder = Self::builder();
            #(#env_reads)*
        }
    };

    let setters = (!senders.is_empty()).then(|| {
        let setters = senders.iter().map(|s| setter(s, info));
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    });
    let variants: Vec<TokenStream> = schemes
        .iter()
        .map(|s| {
            let v = ident(&s.variant);
            quote!(#v)
        })
        .collect();
    let scheme_docs = schemes
        .iter()
        .map(|s| format!(" `{}`: {}.", s.name, kind_text(s)));
    let helps = schemes.iter().map(|s| {
        let v = ident(&s.variant);
        let text = help_text(s, prefix);
        quote!(Scheme::#v => #text,)
    });
    let help_body = if schemes.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #(#helps)* })
    };

    let fields = senders.iter().map(|s| {
        let f = ident(&s.setter);
        let doc = format!(" `{}`: {}, as sent.", s.name, kind_text(s));
        quote! {
            #[doc = #doc]
            #f: Option<::reqwest::header::HeaderValue>,
        }
    });
    let invalid_field = (!senders.is_empty()).then(|| {
        quote! {
            /// The setter last given a value that cannot be sent.
            invalid: Option<&'static str>,
        }
    });
    let own_http = if mtls.is_some() {
        quote!(own_http)
    } else {
        quote!(_own_http)
    };
    let has_arms = schemes.iter().map(|s| {
        let v = ident(&s.variant);
        if s.kind == SchemeKind::MutualTls {
            quote!(Scheme::#v => own_http,)
        } else {
            let f = ident(&s.setter);
            quote!(Scheme::#v => self.#f.is_some(),)
        }
    });
    let has_body = if schemes.is_empty() {
        quote!(match scheme {})
    } else {
        quote!(match scheme { #(#has_arms)* })
    };
    let mut any_terms: Vec<TokenStream> = senders
        .iter()
        .map(|s| {
            let f = ident(&s.setter);
            quote!(self.#f.is_some())
        })
        .collect();
    if mtls.is_some() {
        any_terms.push(quote!(own_http));
    }
    let any_body = if any_terms.is_empty() {
        quote!(false)
    } else {
        quote!(#(#any_terms)||*)
    };
    let query_schemes: Vec<&&Scheme> = senders
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                SchemeKind::ApiKey {
                    location: KeyLocation::Query,
                    ..
                }
            )
        })
        .collect();
    let query_arg = if query_schemes.is_empty() {
        quote!(_query)
    } else {
        quote!(query)
    };
    let query_scheme_arg = if query_schemes.is_empty() {
        quote!(_scheme)
    } else {
        quote!(scheme)
    };
    let query_body = if query_schemes.is_empty() {
        quote!()
    } else {
        let checks = query_schemes.iter().map(|s| {
            let v = ident(&s.variant);
            let f = ident(&s.setter);
            let name = match &s.kind {
                SchemeKind::ApiKey { name, .. } => name.as_str(),
                _ => "",
            };
            quote! {
                if scheme == Scheme::#v {
                    if let Some(value) = &self.#f {
                        query.push((#name, String::from_utf8_lossy(value.as_bytes()).into_owned()));
                    }
                }
            }
        });
        quote!(#(#checks)*)
    };
    let header_arms: Vec<TokenStream> = senders
        .iter()
        .filter_map(|s| {
            let v = ident(&s.variant);
            let f = ident(&s.setter);
            let name = match &s.kind {
                SchemeKind::ApiKey {
                    location: KeyLocation::Query,
                    ..
                }
                | SchemeKind::MutualTls => return None,
                SchemeKind::ApiKey {
                    location: KeyLocation::Header,
                    name,
                } => {
                    let lower = name.to_ascii_lowercase();
                    quote!(::reqwest::header::HeaderName::from_static(#lower))
                }
                SchemeKind::ApiKey {
                    location: KeyLocation::Cookie,
                    ..
                } => quote!(::reqwest::header::COOKIE),
                _ => quote!(::reqwest::header::AUTHORIZATION),
            };
            Some(quote!(Scheme::#v => self.#f.as_ref().map(|value| (#name, value)),))
        })
        .collect();
    let header_scheme_arg = if header_arms.is_empty() {
        quote!(_scheme)
    } else {
        quote!(scheme)
    };
    let header_body = if header_arms.is_empty() {
        quote!(None)
    } else {
        let rest = (header_arms.len() < schemes.len()).then(|| quote!(_ => None,));
        quote!(match scheme { #(#header_arms)* #rest })
    };
    let debug_lines: Vec<TokenStream> = senders
        .iter()
        .map(|s| {
            let f = ident(&s.setter);
            let label = s.setter.trim_start_matches("r#");
            quote!(debug.field(#label, &self.#f.as_ref().map(|_| "<redacted>"));)
        })
        .collect();
    let debug_arg = if debug_lines.is_empty() {
        quote!(_debug)
    } else {
        quote!(debug)
    };
    let key_setters: Vec<String> = senders
        .iter()
        .filter(|s| matches!(s.kind, SchemeKind::ApiKey { .. }))
        .map(|s| s.setter.trim_start_matches("r#").to_owned())
        .collect();
    let check_body = if senders.is_empty() {
        quote!(Ok(()))
    } else {
        let key_arm = (!key_setters.is_empty())
            .then(|| quote!(Some(#(#key_setters)|*) => Err(crate::BuildError::InvalidApiKey),));
        quote! {
            match self.invalid {
                #key_arm
                Some(setter) => Err(crate::BuildError::InvalidCredential { setter }),
                None => Ok(()),
            }
        }
    };

    let default_security = security_const(api.auth.as_ref().map_or(&[][..], |a| &a.default), api);
    let missing = missing_credentials(&senders, mtls, prefix);

    quote! {
        impl Client {
            #default_base_url
            #(#env_consts)*
            /// The environment variable [`Client::from_env`] reads a base URL from, when set.
            pub const BASE_URL_ENV: &'static str = #base_url_env;

            #new_fn

            #[doc = #builder_doc]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, crate::BuildError> {
                let var = |name: &str| ::std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
                #from_env_body
                if let Some(url) = var(Self::BASE_URL_ENV) {
                    builder = builder.base_url(url);
                }
                builder.build()
            }
        }

        #setters

        #default_server

        /// The security schemes the operations use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Scheme {
            #(#[doc = #scheme_docs] #variants,)*
        }

        impl Scheme {
            /// How to configure it, for [`Error::MissingCredentials`](crate::Error::MissingCredentials).
            fn help(self) -> &'static str {
                #help_body
            }
        }

        /// The credentials given to the builder, one per scheme, each a
        /// header value marked sensitive.
        #[derive(Clone, Default)]
        struct Credentials {
            #(#fields)*
            #invalid_field
        }

        impl Credentials {
            /// Whether the credential of `scheme` is configured (mutual TLS:
            /// the HTTP client is the user's own).
            fn has(&self, scheme: Scheme, #own_http: bool) -> bool {
                #has_body
            }

            /// Whether any credential is configured.
            fn any(&self, #own_http: bool) -> bool {
                #any_body
            }

            /// Adds the credential of `scheme` to a request's query, if it goes there.
            fn query(&self, #query_scheme_arg: Scheme, #query_arg: &mut Vec<(&'static str, String)>) {
                #query_body
            }

            /// The header that carries the credential of `scheme`, if one does.
            fn header(&self, #header_scheme_arg: Scheme) -> Option<(::reqwest::header::HeaderName, &::reqwest::header::HeaderValue)> {
                #header_body
            }

            /// `Debug`'s fields: which credentials are set, never their values.
            fn debug_fields(&self, #debug_arg: &mut ::std::fmt::DebugStruct<'_, '_>) {
                #(#debug_lines)*
            }

            /// A value given to a setter that cannot be sent.
            fn check(&self) -> Result<(), crate::BuildError> {
                #check_body
            }
        }

        /// The security requirement of requests made with [`Client::request`].
        const DEFAULT_SECURITY: &[&[Scheme]] = #default_security;

        /// Whether every operation requires credentials: then
        /// [`ClientBuilder::build`] fails without any.
        const REQUIRES_CREDENTIALS: bool = #required;

        #missing
    }
}

/// What a scheme's environment variable holds.
fn env_what(s: &Scheme, suffix: &str) -> String {
    match &s.kind {
        SchemeKind::Basic if suffix.ends_with("PASSWORD") => "the HTTP basic password".to_owned(),
        SchemeKind::Basic => "the HTTP basic user name".to_owned(),
        SchemeKind::ApiKey { .. } if s.setter == "api_key" => "the API key".to_owned(),
        SchemeKind::ApiKey { .. } => format!("the API key of `{}`", s.name),
        SchemeKind::Bearer { .. } => "the bearer token".to_owned(),
        _ => "the access token".to_owned(),
    }
}

/// The setter's argument for a one-value credential.
fn value_arg(s: &Scheme) -> &'static str {
    match &s.kind {
        SchemeKind::ApiKey { .. } if s.setter == "api_key" => "api_key",
        SchemeKind::ApiKey { .. } => "key",
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => "access_token",
        _ => "token",
    }
}

/// How a scheme is sent, in a few words.
fn kind_text(s: &Scheme) -> String {
    match &s.kind {
        SchemeKind::Basic => {
            "HTTP basic, sent as `Authorization: Basic <base64(user:password)>`".to_owned()
        }
        SchemeKind::Bearer { format: None } => {
            "a bearer token, sent as `Authorization: Bearer <token>`".to_owned()
        }
        SchemeKind::Bearer { format: Some(f) } => format!(
            "a bearer token ({}), sent as `Authorization: Bearer <token>`",
            docs::code(f)
        ),
        SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name,
        } => format!("an API key, sent in the {} header", docs::code(name)),
        SchemeKind::ApiKey {
            location: KeyLocation::Query,
            name,
        } => format!(
            "an API key, sent as the {} query parameter",
            docs::code(name)
        ),
        SchemeKind::ApiKey {
            location: KeyLocation::Cookie,
            name,
        } => format!("an API key, sent as the {} cookie", docs::code(name)),
        SchemeKind::OAuth2 { .. } => {
            "an OAuth 2.0 access token, sent as `Authorization: Bearer <token>`".to_owned()
        }
        SchemeKind::OpenIdConnect { .. } => {
            "an OpenID Connect access token, sent as `Authorization: Bearer <token>`".to_owned()
        }
        SchemeKind::MutualTls => {
            "mutual TLS: a client certificate, on an HTTP client of your own".to_owned()
        }
    }
}

/// How to configure a scheme, for the local error: its setter and
/// environment variables.
fn help_text(s: &Scheme, prefix: &str) -> String {
    let setter = s.setter.trim_start_matches("r#");
    match s.env.as_slice() {
        _ if s.kind == SchemeKind::MutualTls => "a client certificate (`ClientBuilder::http_client` with a `reqwest::Client` holding your identity)".to_owned(),
        [user, password] => format!("`ClientBuilder::{setter}` (or {prefix}_{user} and {prefix}_{password})"),
        [one] => format!("`ClientBuilder::{setter}` (or {prefix}_{one})"),
        _ => format!("`ClientBuilder::{setter}`"),
    }
}

fn builder_doc(senders: &[&Scheme], mtls: Option<&Scheme>) -> String {
    let mut what: Vec<String> = senders
        .iter()
        .map(|s| {
            format!(
                "[`{0}`](ClientBuilder::{0})",
                s.setter.trim_start_matches("r#")
            )
        })
        .collect();
    if what.is_empty() && mtls.is_none() {
        return " A builder to set the base URL, timeout or HTTP client.".to_owned();
    }
    if mtls.is_some() {
        what.push("your own HTTP client with a TLS client certificate ([`http_client`](ClientBuilder::http_client))".to_owned());
    }
    let list = match what.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
        [] => String::new(),
    };
    if senders.len() == 1 && mtls.is_none() && senders[0].setter == "api_key" {
        return " A builder to set the API key, base URL, timeout or HTTP client.".to_owned();
    }
    format!(" A builder to set the credentials ({list}), base URL, timeout or HTTP client.")
}

fn from_env_doc(senders: &[&Scheme], info: &CrateInfo, base_url_env: &str) -> String {
    let p = &info.env_prefix;
    let vars: Vec<String> = senders
        .iter()
        .map(|s| match s.env.as_slice() {
            [user, password] => format!(
                "{} from `{p}_{user}` and `{p}_{password}`",
                env_what(s, user).replace(" user name", " user name and password")
            ),
            [one] => format!("{} from `{p}_{one}`", env_what(s, one)),
            _ => String::new(),
        })
        .collect();
    match vars.as_slice() {
        [] => format!(" A client configured from the environment: the base URL from `{base_url_env}` when it is set."),
        [one] => format!(" A client configured from the environment: {one}, and the base URL from `{base_url_env}` when it is set."),
        many => format!(" A client configured from the environment: {}, each when it is set, and the base URL from `{base_url_env}` when it is set.", many.join("; ")),
    }
}

/// The builder's setter of one scheme.
fn setter(s: &Scheme, info: &CrateInfo) -> TokenStream {
    let f = ident(&s.setter);
    let label = s.setter.trim_start_matches("r#");
    let mut lines = vec![format!("The credential of `{}`: {}.", s.name, kind_text(s))];
    if let Some(d) = &s.description {
        lines.push(String::new());
        lines.extend(docs::text_lines(d));
    }
    match &s.kind {
        SchemeKind::OAuth2 { flows } => {
            lines.push(String::new());
            lines.push(
                "Obtain the token yourself, with one of the spec's OAuth 2.0 flows:".to_owned(),
            );
            lines.push(String::new());
            for flow in flows {
                let mut parts = Vec::new();
                if let Some(u) = &flow.authorization_url {
                    parts.push(format!("authorization URL {}", docs::code(u)));
                }
                if let Some(u) = &flow.token_url {
                    parts.push(format!("token URL {}", docs::code(u)));
                }
                if let Some(u) = &flow.refresh_url {
                    parts.push(format!("refresh URL {}", docs::code(u)));
                }
                let mut line = format!("- {}: {}", docs::code(&flow.flow), parts.join(", "));
                if !flow.scopes.is_empty() {
                    let scopes: Vec<String> = flow
                        .scopes
                        .iter()
                        .map(|(k, v)| {
                            let v = docs::one_line(v);
                            if v.is_empty() {
                                docs::code(k)
                            } else {
                                format!("{} ({})", docs::code(k), docs::markdown_safe(&v))
                            }
                        })
                        .collect();
                    line.push_str(&format!("; scopes {}", scopes.join(", ")));
                }
                lines.push(line);
            }
        }
        SchemeKind::OpenIdConnect { url } => {
            lines.push(String::new());
            lines.push(format!(
                "Obtain the token yourself from the OpenID Connect provider described at {}.",
                docs::code(url)
            ));
        }
        _ => {}
    }
    if !s.env.is_empty() {
        let vars: Vec<String> = s
            .env
            .iter()
            .map(|e| format!("`{}_{e}`", info.env_prefix))
            .collect();
        lines.push(String::new());
        lines.push(format!(
            "[`Client::from_env`] reads it from {}.",
            vars.join(" and ")
        ));
    }
    let doc = docs::attrs(&lines);
    let invalid = quote! {
        if self.credentials.#f.is_none() {
            self.credentials.invalid = Some(#label);
        }
    };
    match &s.kind {
        SchemeKind::Basic => quote! {
            #doc
            #[must_use]
            pub fn #f(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                let (username, password) = (username.into(), password.into());
                // RFC 7617: a user name cannot contain a colon.
                self.credentials.#f = if username.contains(':') {
                    None
                } else {
                    let pair = format!("{username}:{password}");
                    secret(format!("Basic {}", crate::encode::base64(pair.as_bytes())))
                };
                #invalid
                self
            }
        },
        SchemeKind::ApiKey { location, name } => {
            let arg = ident(value_arg(s));
            let value = match location {
                KeyLocation::Cookie => quote!(format!("{}={}", #name, #arg.into())),
                _ => quote!(#arg.into()),
            };
            quote! {
                #doc
                #[must_use]
                pub fn #f(mut self, #arg: impl Into<String>) -> Self {
                    self.credentials.#f = secret(#value);
                    #invalid
                    self
                }
            }
        }
        SchemeKind::MutualTls => quote!(),
        _ => {
            let arg = ident(value_arg(s));
            quote! {
                #doc
                #[must_use]
                pub fn #f(mut self, #arg: impl Into<String>) -> Self {
                    self.credentials.#f = secret(format!("Bearer {}", #arg.into()));
                    #invalid
                    self
                }
            }
        }
    }
}

/// An operation's `SECURITY` constant, if it has a requirement, and the
/// expression that picks the schemes a request of it carries.
fn security_tokens(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    if op.security_schemes.is_empty() {
        (quote!(), quote!(&[]))
    } else {
        let value = security_const(&op.security_schemes, api);
        (
            quote!(const SECURITY: &[&[Scheme]] = #value;),
            quote!(self.credentials_for(OPERATION, SECURITY)?),
        )
    }
}

/// `&[&[Scheme::A, Scheme::B], &[]]` for a requirement.
fn security_const(reqs: &[Requirement], api: &Api) -> TokenStream {
    let alternatives = reqs.iter().map(|r| {
        let schemes = r.schemes.iter().filter_map(|u| {
            let s = api.auth.as_ref()?.scheme(&u.scheme)?;
            let v = ident(&s.variant);
            Some(quote!(Scheme::#v))
        });
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

/// `missing_credentials`: the build error without any credential.
fn missing_credentials(senders: &[&Scheme], mtls: Option<&Scheme>, prefix: &str) -> TokenStream {
    let body = match (senders, mtls) {
        ([], None) => {
            return quote! {
                /// Never used: the API takes no credentials.
                fn missing_credentials(_from_env: bool) -> crate::BuildError {
                    crate::BuildError::MissingCredentials("the API takes no credentials")
                }
            };
        }
        ([one], None) if one.setter == "api_key" => quote! {
            crate::BuildError::MissingApiKey {
                env_var: if from_env { Some(Client::API_KEY_ENV) } else { None },
            }
        },
        _ => {
            let mut setters: Vec<String> = senders
                .iter()
                .map(|s| format!("`ClientBuilder::{}`", s.setter.trim_start_matches("r#")))
                .collect();
            let mut vars: Vec<String> = senders
                .iter()
                .filter(|s| !s.env.is_empty())
                .map(|s| {
                    let v: Vec<String> = s.env.iter().map(|e| format!("{prefix}_{e}")).collect();
                    v.join(" and ")
                })
                .collect();
            if mtls.is_some() {
                setters.push("`ClientBuilder::http_client` with a client certificate".to_owned());
                vars.push(
                    "a client certificate on your own HTTP client (`Client::builder`)".to_owned(),
                );
            }
            let builder = format!("call {}", setters.join(" or "));
            let env = format!("set {}", vars.join(", or "));
            quote! {
                crate::BuildError::MissingCredentials(if from_env { #env } else { #builder })
            }
        }
    };
    quote! {
        /// The error of a client built without credentials when every operation requires some.
        fn missing_credentials(from_env: bool) -> crate::BuildError {
            #body
        }
    }
}

/// The operation's credentials, for its documentation: only where there is
/// a choice or something to say (several schemes, optional credentials,
/// none, scopes).
fn security_doc(api: &Api, op: &Operation) -> Vec<String> {
    let Some(auth) = &api.auth else {
        return Vec::new();
    };
    let reqs = &op.security_schemes;
    let scopes = reqs
        .iter()
        .any(|r| r.schemes.iter().any(|s| !s.scopes.is_empty()));
    let plain = auth.schemes.len() == 1 && reqs.len() == 1 && reqs[0].schemes.len() == 1 && !scopes;
    if plain {
        return Vec::new();
    }
    if reqs.is_empty() {
        return vec!["Sends no credentials.".to_owned()];
    }
    let alternatives: Vec<String> = reqs
        .iter()
        .filter(|r| !r.schemes.is_empty())
        .map(|r| {
            let parts: Vec<String> = r
                .schemes
                .iter()
                .filter_map(|u| {
                    let s = auth.scheme(&u.scheme)?;
                    let name = if s.kind == SchemeKind::MutualTls {
                        "a TLS client certificate".to_owned()
                    } else {
                        format!(
                            "[`{0}`](ClientBuilder::{0})",
                            s.setter.trim_start_matches("r#")
                        )
                    };
                    Some(if u.scopes.is_empty() {
                        name
                    } else {
                        let scopes: Vec<String> = u.scopes.iter().map(|x| docs::code(x)).collect();
                        format!("{name} with the scopes {}", scopes.join(", "))
                    })
                })
                .collect();
            parts.join(" together with ")
        })
        .collect();
    if alternatives.is_empty() {
        return vec!["Sends no credentials.".to_owned()];
    }
    let optional = reqs.iter().any(|r| r.schemes.is_empty());
    let mut line = format!("Credentials: {}", alternatives.join(", or "));
    if alternatives.len() > 1 {
        line.push_str(" (the first configured is sent)");
    }
    line.push_str(if optional {
        "; optional: without them the request is sent without credentials."
    } else {
        "."
    });
    vec![line]
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
    let security = security_doc(api, op);
    if !security.is_empty() {
        lines.push(String::new());
        lines.extend(security);
    }
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
    if op.requires_auth {
        lines.push("- [`Error::MissingCredentials`](crate::Error::MissingCredentials), before anything is sent, when none of the credentials it accepts is configured.".to_owned());
    }
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
                    quote!(crate::http::json_body(OPERATION, body, options)?),
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
                        quote!(#t),
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
                    return_early = Some((quote!(crate::Upload), quote!(), quote!()));
                    binary_type = Some(content_type.clone());
                    (quote!(()), "")
                }
            };
            if let Some(built) = return_early {
                built
            } else {
                let param = if matches!(body.media, crate::ir::RequestMedia::Text { .. }) {
                    quote!(str)
                } else {
                    quote!(#body_ty)
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
                    status => Ok(#name::Other { status, body: ::std::mem::take(&mut response.body) }),
                }
            }
        }
    };
    let method = http_method(op.method);
    let accept = &op.accept;
    let classify = classify(op, &error);
    // Path parameters: arguments first, by value for small types.
    // `&'a` in the method that returns a `Call` (which holds them), `&` in
    // its `_with` form.
    let path_args_with = |amp: &TokenStream| -> Vec<TokenStream> {
        op.path_params
            .iter()
            .map(|p| {
                let arg = ident(&p.arg);
                let t = match &p.ty {
                    crate::ir::TypeRef::String => quote!(#amp str),
                    crate::ir::TypeRef::Array(item) => {
                        let t = ty(item, Scope::Crate);
                        quote!(#amp [#t])
                    }
                    crate::ir::TypeRef::Named(_)
                    | crate::ir::TypeRef::Map(_)
                    | crate::ir::TypeRef::Nullable(_)
                    | crate::ir::TypeRef::Json => {
                        let t = ty(&p.ty, Scope::Crate);
                        quote!(#amp #t)
                    }
                    other => ty(other, Scope::Crate),
                };
                quote!(#arg: #t,)
            })
            .collect()
    };
    let amp_a = quote!(&'a);
    let amp = quote!(&);
    let path_args = path_args_with(&amp_a);
    let path_args_plain = path_args_with(&amp);
    let (param, param_plain) = if op.body.is_some() {
        (quote!(body: &'a #param,), quote!(body: &#param,))
    } else {
        (quote!(), quote!())
    };
    let path_arg_names: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let arg = ident(&p.arg);
            quote!(#arg,)
        })
        .collect();
    let build_path = build_path(api, op);
    let (params_arg, params_arg_name, check_params, query, headers, cookies) = match &op.params {
        Some(params) => {
            let t = ty(&params.ty, Scope::Crate);
            let check = api
                .validates(&params.ty)
                .then(|| quote!(crate::validate::check(OPERATION, "params", params)?;));
            let (query, headers, cookies) = param_statements(api, params);
            (
                (quote!(params: &'a #t,), quote!(params: &#t,)),
                quote!(params,),
                check,
                query,
                headers,
                cookies,
            )
        }
        None => ((quote!(), quote!()), quote!(), None, None, None, None),
    };
    let (params_arg, params_arg_plain) = params_arg;
    // Query parameters are written into the target (`path?query`); the
    // client's own query pairs (an API key) are appended to it.
    let (query, target) = match query {
        Some(statements) => (
            quote! {
                let mut query = String::new();
                #statements
                let target = crate::encode::target(path, &query);
            },
            quote!(&target, &[]),
        ),
        None => (quote!(let query = Vec::new();), quote!(path, &query)),
    };
    let mut_request = if headers.is_some() || cookies.is_some() {
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
    let (security_const, schemes) = security_tokens(api, op);
    // `self`, the path parameters, the body, the parameters (and the options).
    let arity = 1
        + op.path_params.len()
        + usize::from(op.body.is_some())
        + usize::from(op.params.is_some());
    let allow_many = quote!(#[allow(clippy::too_many_arguments)]);
    let many = (arity > 7).then(|| allow_many.clone());
    let many_with = (arity + 1 > 7).then_some(allow_many);
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
                #mut_request = body.attach(OPERATION, self.request_with(#method, #target, #accept, options, schemes), #ct)?;
            },
            None => quote! {
                #mut_request = self.request_with(#method, #target, #accept, options, schemes)#attach_body;
            },
        };
        quote! {
            #prepare_outside
            #build_path
            #query
            let schemes = #schemes;
            let build = || -> Result<::reqwest::Request, crate::Error<#error>> {
                #prepare_inside
                #request
                #headers
                #cookies
                crate::http::build(OPERATION, request, options)
            };
            let response = self.send_built(OPERATION, #idempotent, &build, #stream, options).await?;
        }
    } else {
        quote! {
            #prepare_body
            #build_path
            #query
            let schemes = #schemes;
            #mut_request = self.request_with(#method, #target, #accept, options, schemes)#attach_body;
            #headers
            #cookies
            let response = self.send(OPERATION, #idempotent, request, options).await?;
        }
    };
    // Extra body fields go into a JSON body; any other operation refuses them.
    let no_body_fields = (!op
        .body
        .as_ref()
        .is_some_and(|b| matches!(b.media, crate::ir::RequestMedia::Json)))
    .then(|| quote!(crate::http::no_body_fields(OPERATION, options)?;));
    // The closure's argument is unused when there is no body to read.
    let reads_nothing =
        op.response_enum.is_none() && op.successes.first().is_none_or(|s| s.body.is_none());
    let read = if reads_nothing {
        quote!(_)
    } else {
        quote!(response)
    };
    quote! {
        #doc
        #many
        pub fn #name<'a>(&'a self, #(#path_args)* #param #params_arg) -> crate::Call<'a, #output, #error> {
            crate::Call::new(move |options| Box::pin(async move {
                const OPERATION: &str = #operation;
                let options = &options;
                #security_const
                #no_body_fields
                #check_params
                #send
                if response.status.is_success() {
                    return crate::http::success(response, |#read| #decode);
                }
                Err(crate::http::api_error(OPERATION, response, #classify))
            }))
        }

        #[doc = #with_doc]
        #many_with
        pub async fn #with_name(&self, #(#path_args_plain)* #param_plain #params_arg_plain options: &crate::RequestOptions) -> Result<#output, crate::Error<#error>> {
            self.#name(#args).options(options.clone()).await
        }
    }
}

/// A page of a paginated operation at a URL (`url`, absolute) the page
/// before gave: the operation's credentials (on the base URL's origin
/// only), retries, options (`options`), decoding and errors, into `page`,
/// a `Response`.
fn next_page(api: &Api, op: &Operation) -> TokenStream {
    let operation = op.method_name.trim_start_matches("r#");
    let error = ident(&op.error_type);
    let (security_const, schemes) = security_tokens(api, op);
    let method = http_method(op.method);
    let accept = &op.accept;
    let idempotent = op.method.is_idempotent();
    let decode = decode_body(op.successes.first().and_then(|s| s.body.as_ref()));
    let classify = classify(op, &error);
    let output = rust_type(&RustType::output(op), Scope::Crate);
    quote! {
        const OPERATION: &str = #operation;
        #security_const
        let schemes = #schemes;
        let request = self.request_with(#method, &url, &[], #accept, options, schemes);
        let response = self.send(OPERATION, #idempotent, request, options).await?;
        if !response.status.is_success() {
            return Err(crate::http::api_error(OPERATION, response, #classify));
        }
        let page: crate::Response<#output> = crate::http::success(response, |response| #decode)?;
    }
}

/// The closure that maps an error status and its JSON body to the
/// operation's error enum (`error`), for `crate::http::api_error`.
fn classify(op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
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

/// The statements that build `path` from the template and the path
/// parameters, each written in its style.
fn build_path(api: &Api, op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        let path = &op.path;
        return quote!(let path = #path;);
    }
    let pushes = op.path_segments.iter().map(|seg| match seg {
        crate::ir::PathSegment::Literal(text) => match single_char(text) {
            Some(c) => quote!(path.push(#c);),
            None => quote!(path.push_str(#text);),
        },
        crate::ir::PathSegment::Param(i) => {
            let Some(p) = op.path_params.get(*i) else {
                return quote!();
            };
            let arg = ident(&p.arg);
            let e = p.encoding;
            // The common case, a `simple` scalar, as before: one segment.
            if !e.json && e.style == Style::Simple {
                let direct = match &p.ty {
                    TypeRef::String => Some(quote!(#arg)),
                    TypeRef::Named(n) if is_enum(api, n) => Some(quote!(#arg.as_str())),
                    TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::F32
                    | TypeRef::F64
                    | TypeRef::Boolean
                    | TypeRef::Uuid
                    | TypeRef::Date
                    | TypeRef::DateTime => {
                        let s = super::types::scalar_to_string(&p.ty, quote!(#arg));
                        Some(quote!(&#s))
                    }
                    _ => None,
                };
                if let Some(value) = direct {
                    return quote!(crate::encode::push_segment(&mut path, #value););
                }
            }
            // Strings, arrays and named types are taken by reference.
            let by_ref = matches!(
                p.ty,
                TypeRef::String
                    | TypeRef::Array(_)
                    | TypeRef::Named(_)
                    | TypeRef::Map(_)
                    | TypeRef::Nullable(_)
                    | TypeRef::Json
            );
            let value = param_value(api, &p.ty, e.json, &p.name, quote!(#arg), by_ref);
            let style = style_tokens(e.style);
            let explode = e.explode;
            let name = &p.name;
            quote!(crate::encode::path(&mut path, #style, #explode, #name, &#value);)
        }
    });
    quote! {
        let mut path = String::new();
        #(#pushes)*
        let path = path.as_str();
    }
}

/// The statements writing the query, header and cookie parameters of a
/// `params` struct, each as its style says (`None` for a location without
/// parameters).
fn param_statements(
    api: &Api,
    params: &crate::ir::Params,
) -> (
    Option<TokenStream>,
    Option<TokenStream>,
    Option<TokenStream>,
) {
    let fields = params
        .ty
        .named()
        .and_then(|n| api.type_def(n))
        .and_then(|t| match &t.kind {
            crate::ir::TypeKind::Struct(s) => Some(s.fields.as_slice()),
            _ => None,
        })
        .unwrap_or_default();
    let (mut query, mut headers, mut cookies) = (Vec::new(), Vec::new(), Vec::new());
    for f in fields {
        let Some((_, e)) = params.encodings.iter().find(|(name, _)| *name == f.name) else {
            continue;
        };
        let fname = ident(&f.name);
        let wire = &f.wire_name;
        let required = matches!(f.repr, FieldRepr::Required | FieldRepr::Defaulted);
        let access = if required {
            quote!(params.#fname)
        } else {
            quote!(value)
        };
        let value = param_value(api, &f.ty, e.json, wire, access.clone(), !required);
        let explode = e.explode;
        let statement = match f.location {
            Location::Query => {
                let style = style_tokens(e.style);
                let reserved = e.allow_reserved;
                quote!(crate::encode::query(&mut query, #style, #explode, #reserved, #wire, &#value);)
            }
            Location::Header => match scalar_text(api, &f.ty, access.clone()).filter(|_| !e.json) {
                // A scalar is sent as it is.
                Some(text) => quote!(request = request.header(#wire, #text);),
                None => quote! {
                    if let Some(value) = crate::encode::header(#explode, &#value) {
                        request = request.header(#wire, value);
                    }
                },
            },
            Location::Cookie => {
                quote!(crate::encode::cookie(&mut cookies, #explode, #wire, &#value);)
            }
            Location::Body => continue,
        };
        let statement = if required {
            statement
        } else {
            quote! {
                if let Some(value) = &params.#fname {
                    #statement
                }
            }
        };
        match f.location {
            Location::Query => query.push(statement),
            Location::Header => headers.push(statement),
            _ => cookies.push(statement),
        }
    }
    let query = (!query.is_empty()).then(|| quote!(#(#query)*));
    let headers = (!headers.is_empty()).then(|| quote!(#(#headers)*));
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = String::new();
            #(#cookies)*
            request = crate::encode::add_cookies(OPERATION, request, &cookies)?;
        }
    });
    (query, headers, cookies)
}

/// A parameter as an `encode::Value`; `v` is the value (a place of type `T`
/// when `by_ref` is false, else a `&T` or, for path arguments, what the
/// method takes).
fn param_value(
    api: &Api,
    t: &TypeRef,
    json: bool,
    name: &str,
    v: TokenStream,
    by_ref: bool,
) -> TokenStream {
    let reference = if by_ref { quote!(#v) } else { quote!(&#v) };
    if json {
        return quote!(crate::encode::json(OPERATION, #name, #reference)?);
    }
    match scalar_text(api, t, quote!(#v)) {
        Some(text) => quote!(crate::encode::Value::Text(#text)),
        None => match t {
            TypeRef::Array(item) => match scalar_text(api, item, quote!(item)) {
                Some(text) => quote! {
                    crate::encode::Value::List(#v.iter().map(|item| crate::encode::Value::Text(#text)).collect())
                },
                None => quote!(crate::encode::value(OPERATION, #name, #reference)?),
            },
            _ => quote!(crate::encode::value(OPERATION, #name, #reference)?),
        },
    }
}

/// A scalar's wire text (as the query and headers always wrote it), or
/// `None` for what goes through serde (objects, unions, maps).
fn scalar_text(api: &Api, t: &TypeRef, v: TokenStream) -> Option<TokenStream> {
    Some(match t {
        TypeRef::String => quote!(#v.to_owned()),
        TypeRef::Named(n) if is_enum(api, n) => quote!(#v.as_str().to_owned()),
        TypeRef::DateTime => {
            quote!(#v.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true))
        }
        TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Boolean
        | TypeRef::Uuid
        | TypeRef::Date => quote!(#v.to_string()),
        _ => return None,
    })
}

fn is_enum(api: &Api, name: &str) -> bool {
    api.type_def(name)
        .is_some_and(|t| matches!(t.kind, crate::ir::TypeKind::Enum(_)))
}

fn style_tokens(style: Style) -> TokenStream {
    let variant = quote::format_ident!("{}", style.as_str());
    quote!(crate::encode::Style::#variant)
}
