//! The builder's setter of each scheme (`ClientBuilder::api_key`,
//! `bearer_token`, `basic_auth`, …): its argument, how it makes the header
//! value, and its documentation (how the scheme is sent, the OAuth 2.0
//! flows or OpenID Connect provider to get a token from).

use super::super::super::{docs, ident, CrateInfo};
use crate::ir::{KeyLocation, OAuthFlow, Scheme, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The builder's setter of one scheme.
pub(super) fn setter(s: &Scheme, info: &CrateInfo) -> TokenStream {
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
            lines.extend(flows.iter().map(flow_line));
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
    let clear = super::renew::clear(s);
    let invalid = quote! {
        if self.credentials.#f.is_none() {
            self.credentials.invalid = Some(#label);
        }
        #clear
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

/// A list item on an OAuth 2.0 flow: its URLs and scopes.
fn flow_line(flow: &OAuthFlow) -> String {
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
    line
}

/// The setter's argument for a one-value credential.
pub(in super::super) fn value_arg(s: &Scheme) -> &'static str {
    match &s.kind {
        SchemeKind::ApiKey { .. } if s.setter == "api_key" => "api_key",
        SchemeKind::ApiKey { .. } => "key",
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => "access_token",
        _ => "token",
    }
}

/// How a scheme is sent, in a few words.
pub(super) fn kind_text(s: &Scheme) -> String {
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
