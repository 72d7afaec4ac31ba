//! The client's constructors: the spec's default server
//! (`Client::DEFAULT_BASE_URL`), `Client::new`, `Client::builder` and
//! `Client::from_env`, with the environment variables' constants.

use super::super::{ident, CrateInfo};
use super::credentials::{self, Schemes};
use crate::ir::{Api, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `impl Client` with the constructors and constants, and `DEFAULT_SERVER`
/// (the server the builder uses when none is set), which the fixed code reads.
pub(super) fn constructors(
    api: &Api,
    info: &CrateInfo,
    schemes: &Schemes<'_>,
) -> (TokenStream, TokenStream) {
    let base_url_env = format!("{}_BASE_URL", info.env_prefix);
    let (default_base_url, default_server) = default_server(api);
    let env_consts = credentials::env_consts(schemes, &info.env_prefix);
    let new_fn = new_fn(schemes).filter(|_| api.default_base_url.is_some());
    let builder_doc = builder_doc(schemes);
    let from_env_doc = credentials::from_env_doc(schemes, info, &base_url_env);
    let from_env_body = credentials::from_env_body(schemes);
    let client = quote! {
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
    };
    (client, default_server)
}

/// `Client::DEFAULT_BASE_URL` (the spec's first server, when absolute) and
/// `DEFAULT_SERVER`.
fn default_server(api: &Api) -> (TokenStream, TokenStream) {
    match &api.default_base_url {
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
    }
}

/// `Client::new`: with no scheme, or one scheme's credential; with
/// several, the builder says which. (Without an absolute server in the
/// spec there is no default to build it on: the caller leaves it out.)
fn new_fn(schemes: &Schemes<'_>) -> Option<TokenStream> {
    match schemes.senders.as_slice() {
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
                    let arg = ident(credentials::value_arg(one));
                    (
                        quote!(#arg: impl Into<String>),
                        quote!(#arg),
                        format!(" A client for the default server, authenticated with `{}`.", credentials::value_arg(one)),
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
    }
}

/// The documentation of `Client::builder`: what it sets.
fn builder_doc(schemes: &Schemes<'_>) -> String {
    let (senders, mtls) = (schemes.senders.as_slice(), schemes.mtls);
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
