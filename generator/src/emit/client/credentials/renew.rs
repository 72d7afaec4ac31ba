//! Credentials that renew (`crate::credentials` of the generated crate):
//! per scheme whose credential is a key or token, the builder's
//! `…_provider` setter and the provider the client holds; per scheme with
//! an OAuth 2.0 `clientCredentials` flow, the `…_client_credentials`
//! setter and its binding to the spec's token URL when the client is built.

use super::super::super::{docs, ident};
use super::Schemes;
use crate::ir::{KeyLocation, Scheme, SchemeKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The setter's name without a raw prefix.
fn label(s: &Scheme) -> &str {
    s.setter.trim_start_matches("r#")
}

/// `Credentials`' field (and the builder's setter) of a scheme's
/// provider, when its credential can renew (a key or a token).
pub(super) fn provider_field(s: &Scheme) -> Option<Ident> {
    s.provider_setter.as_deref().map(ident)
}

/// `Credentials`' field (and the builder's setter) of a scheme's OAuth 2.0
/// client-credentials grant, before the client is built.
fn grant_field(s: &Scheme) -> Option<Ident> {
    s.grant_setter.as_deref().map(ident)
}

/// The token URL of a scheme's client-credentials grant, and its field.
fn grant(s: &Scheme) -> Option<(&str, Ident)> {
    Some((s.kind.client_credentials_url()?, grant_field(s)?))
}

/// The fields `Credentials` holds for providers.
pub(super) fn fields(schemes: &Schemes<'_>) -> TokenStream {
    let fields = schemes.senders.iter().filter_map(|s| {
        let p = provider_field(s)?;
        let doc = format!(" `{}`: the provider of its credential, if given.", s.name);
        let grant = grant_field(s).map(|g| {
            let doc = format!(
                " `{}`: the OAuth 2.0 client-credentials grant, until the client is built.",
                s.name
            );
            quote! {
                #[doc = #doc]
                #g: Option<crate::credentials::ClientCredentials>,
            }
        });
        Some(quote! {
            #[doc = #doc]
            #p: Option<::std::sync::Arc<crate::credentials::Renewing>>,
            #grant
        })
    });
    quote!(#(#fields)*)
}

/// The terms of `Credentials::has` (and `any`) besides the static value:
/// `|| self.x_provider.is_some()`.
pub(super) fn configured(s: &Scheme) -> TokenStream {
    let Some(p) = provider_field(s) else {
        return quote!();
    };
    let grant = grant_field(s).map(|g| quote!(|| self.#g.is_some()));
    quote!(|| self.#p.is_some() #grant)
}

/// `Debug`'s field of a scheme's provider.
pub(super) fn debug_line(s: &Scheme) -> TokenStream {
    let Some(p) = provider_field(s) else {
        return quote!();
    };
    let label = p.to_string();
    let grant = grant_field(s).map(|g| {
        let label = g.to_string();
        quote! {
            if let Some(grant) = &self.#g {
                debug.field(#label, grant);
            }
        }
    });
    quote! {
        if self.#p.is_some() {
            debug.field(#label, &"<provider>");
        }
        #grant
    }
}

/// `Credentials::provider` and `Credentials::bind`.
pub(super) fn methods(schemes: &Schemes<'_>) -> TokenStream {
    let arms: Vec<TokenStream> = schemes
        .senders
        .iter()
        .filter_map(|s| {
            let v = ident(&s.variant);
            let p = provider_field(s)?;
            let place = match &s.kind {
                SchemeKind::ApiKey {
                    location: KeyLocation::Header,
                    name,
                } => {
                    let lower = name.to_ascii_lowercase();
                    quote!(crate::credentials::Place::Header(::reqwest::header::HeaderName::from_static(#lower)))
                }
                SchemeKind::ApiKey {
                    location: KeyLocation::Query,
                    name,
                } => quote!(crate::credentials::Place::Query(#name)),
                SchemeKind::ApiKey {
                    location: KeyLocation::Cookie,
                    name,
                } => quote!(crate::credentials::Place::Cookie(#name)),
                _ => quote!(crate::credentials::Place::Bearer),
            };
            Some(quote!(Scheme::#v => self.#p.as_deref().map(|p| (#place, p)),))
        })
        .collect();
    let (arg, provider_body) = if arms.is_empty() {
        (quote!(_scheme), quote!(None))
    } else if arms.len() < schemes.all.len() {
        (
            quote!(scheme),
            quote!(match scheme { #(#arms)* _ => None, }),
        )
    } else {
        (quote!(scheme), quote!(match scheme { #(#arms)* }))
    };
    let binds: Vec<TokenStream> = schemes
        .senders
        .iter()
        .filter_map(|s| {
            let (url, g) = grant(s)?;
            let p = provider_field(s)?;
            Some(quote! {
                if let Some(grant) = self.#g.take() {
                    let grant = grant.bind(#url, base, http);
                    self.#p = Some(::std::sync::Arc::new(crate::credentials::Renewing::new(
                        crate::credentials::Cached::new(grant),
                    )));
                }
            })
        })
        .collect();
    let (base, http) = if binds.is_empty() {
        (quote!(_base), quote!(_http))
    } else {
        (quote!(base), quote!(http))
    };
    quote! {
        /// Where the credential of `scheme` goes and its provider, when it
        /// comes from one.
        fn provider(&self, #arg: Scheme) -> Option<(crate::credentials::Place, &crate::credentials::Renewing)> {
            #provider_body
        }

        /// Makes the providers of OAuth 2.0 client-credentials grants, with
        /// the spec's token URLs resolved against the base URL and the
        /// client's HTTP client.
        fn bind(&mut self, #base: &::reqwest::Url, #http: &::reqwest::Client) {
            #(#binds)*
        }
    }
}

/// The builder's setters of a scheme's provider (and of its OAuth 2.0
/// client-credentials grant).
pub(super) fn setters(s: &Scheme) -> TokenStream {
    let Some(p) = provider_field(s) else {
        return quote!();
    };
    let f = ident(&s.setter);
    let label = label(s);
    let doc = format!(
        " The credential of `{}`, asked of `provider` before each attempt of each call \
         that sends it, and renewed once when the server answers 401 (see \
         [`crate::credentials`]). In place of [`ClientBuilder::{label}`]: the last one \
         given is used.",
        s.name
    );
    let forget = quote! {
        if self.credentials.invalid == Some(#label) {
            self.credentials.invalid = None;
        }
        self.credentials.#f = None;
    };
    let grant = grant(s).map(|(url, g)| {
        let doc = docs::attrs(&[
            format!(
                "The credential of `{}` from the OAuth 2.0 client-credentials grant at {} \
                 (the spec's token URL; resolved against the base URL when relative; \
                 [`ClientCredentials::token_url`](crate::credentials::ClientCredentials::token_url) \
                 replaces it), with the client's HTTP client. Each token is kept until shortly \
                 before it expires, and replaced when the server answers 401 (see \
                 [`crate::credentials`]).",
                s.name,
                docs::code(url)
            ),
        ]);
        let doc_tokens = doc;
        quote! {
            #doc_tokens
            #[must_use]
            pub fn #g(mut self, grant: crate::credentials::ClientCredentials) -> Self {
                #forget
                self.credentials.#p = None;
                self.credentials.#g = Some(grant);
                self
            }
        }
    });
    let clear_grant = grant_field(s).map(|g| quote!(self.credentials.#g = None;));
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #p(mut self, provider: impl crate::CredentialsProvider) -> Self {
            #forget
            #clear_grant
            self.credentials.#p = Some(::std::sync::Arc::new(crate::credentials::Renewing::new(provider)));
            self
        }

        #grant
    }
}

/// What a static setter clears: the scheme's provider (and grant).
pub(super) fn clear(s: &Scheme) -> TokenStream {
    let Some(p) = provider_field(s) else {
        return quote!();
    };
    let grant = grant_field(s).map(|g| quote!(self.credentials.#g = None;));
    quote! {
        self.credentials.#p = None;
        #grant
    }
}
