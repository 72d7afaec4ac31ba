//! The `Credentials` a client holds, one header value per scheme whose
//! credential is sent, and how each is sent: in the query, in a header
//! (`Authorization`, an API key's own, `Cookie`), never in `Debug`.

use super::super::super::ident;
use super::Schemes;
use crate::ir::{KeyLocation, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `struct Credentials` and its methods.
pub(super) fn credentials_struct(schemes: &Schemes<'_>) -> TokenStream {
    let senders = &schemes.senders;
    let fields = senders.iter().map(|s| {
        let f = ident(&s.setter);
        let doc = format!(" `{}`: {}, as sent.", s.name, super::setters::kind_text(s));
        quote! {
            #[doc = #doc]
            #f: Option<::reqwest::header::HeaderValue>,
        }
    });
    let provider_fields = super::renew::fields(schemes);
    let provider_methods = super::renew::methods(schemes);
    let invalid_field = (!senders.is_empty()).then(|| {
        quote! {
            /// The setter last given a value that cannot be sent.
            invalid: Option<&'static str>,
        }
    });
    let own_http = if schemes.mtls.is_some() {
        quote!(own_http)
    } else {
        quote!(_own_http)
    };
    let has_body = has(schemes);
    let any_body = any(schemes);
    let (query_scheme_arg, query_arg, query_body) = query(schemes);
    let (header_scheme_arg, header_body) = header(schemes);
    let (debug_arg, debug_lines) = debug(schemes);
    let check_body = check(schemes);
    quote! {
        /// The credentials given to the builder, one per scheme, each a
        /// header value marked sensitive.
        #[derive(Clone, Default)]
        struct Credentials {
            #(#fields)*
            #provider_fields
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

            #provider_methods

            /// A value given to a setter that cannot be sent.
            fn check(&self) -> Result<(), crate::BuildError> {
                #check_body
            }
        }
    }
}

/// The body of `Credentials::has`.
fn has(schemes: &Schemes<'_>) -> TokenStream {
    let arms = schemes.all.iter().map(|s| {
        let v = ident(&s.variant);
        if s.kind == SchemeKind::MutualTls {
            quote!(Scheme::#v => own_http,)
        } else {
            let f = ident(&s.setter);
            let renewing = super::renew::configured(s);
            quote!(Scheme::#v => self.#f.is_some() #renewing,)
        }
    });
    if schemes.all.is_empty() {
        quote!(match scheme {})
    } else {
        quote!(match scheme { #(#arms)* })
    }
}

/// The body of `Credentials::any`.
fn any(schemes: &Schemes<'_>) -> TokenStream {
    let mut terms: Vec<TokenStream> = schemes
        .senders
        .iter()
        .map(|s| {
            let f = ident(&s.setter);
            let renewing = super::renew::configured(s);
            quote!(self.#f.is_some() #renewing)
        })
        .collect();
    if schemes.mtls.is_some() {
        terms.push(quote!(own_http));
    }
    if terms.is_empty() {
        quote!(false)
    } else {
        quote!(#(#terms)||*)
    }
}

/// `Credentials::query`'s argument names (unused ones start with `_`) and
/// body: the API keys sent in the query.
fn query(schemes: &Schemes<'_>) -> (TokenStream, TokenStream, TokenStream) {
    let checks: Vec<TokenStream> = schemes
        .senders
        .iter()
        .filter_map(|s| {
            let SchemeKind::ApiKey {
                location: KeyLocation::Query,
                name,
            } = &s.kind
            else {
                return None;
            };
            let v = ident(&s.variant);
            let f = ident(&s.setter);
            Some(quote! {
                if scheme == Scheme::#v {
                    if let Some(value) = &self.#f {
                        query.push((#name, String::from_utf8_lossy(value.as_bytes()).into_owned()));
                    }
                }
            })
        })
        .collect();
    if checks.is_empty() {
        (quote!(_scheme), quote!(_query), quote!())
    } else {
        (quote!(scheme), quote!(query), quote!(#(#checks)*))
    }
}

/// `Credentials::header`'s argument name and body: the header of each
/// scheme sent in one.
fn header(schemes: &Schemes<'_>) -> (TokenStream, TokenStream) {
    let arms: Vec<TokenStream> = schemes
        .senders
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
    if arms.is_empty() {
        return (quote!(_scheme), quote!(None));
    }
    let rest = (arms.len() < schemes.all.len()).then(|| quote!(_ => None,));
    (quote!(scheme), quote!(match scheme { #(#arms)* #rest }))
}

/// `Credentials::debug_fields`'s argument name and statements.
fn debug(schemes: &Schemes<'_>) -> (TokenStream, Vec<TokenStream>) {
    let lines: Vec<TokenStream> = schemes
        .senders
        .iter()
        .map(|s| {
            let f = ident(&s.setter);
            let label = s.setter.trim_start_matches("r#");
            let renewing = super::renew::debug_line(s);
            quote! {
                debug.field(#label, &self.#f.as_ref().map(|_| "<redacted>"));
                #renewing
            }
        })
        .collect();
    let arg = if lines.is_empty() {
        quote!(_debug)
    } else {
        quote!(debug)
    };
    (arg, lines)
}

/// The body of `Credentials::check`: the error of a setter given a value
/// that cannot be sent.
fn check(schemes: &Schemes<'_>) -> TokenStream {
    if schemes.senders.is_empty() {
        return quote!(Ok(()));
    }
    let key_setters: Vec<String> = schemes
        .senders
        .iter()
        .filter(|s| matches!(s.kind, SchemeKind::ApiKey { .. }))
        .map(|s| s.setter.trim_start_matches("r#").to_owned())
        .collect();
    let key_arm = (!key_setters.is_empty())
        .then(|| quote!(Some(#(#key_setters)|*) => Err(crate::BuildError::InvalidApiKey),));
    quote! {
        match self.invalid {
            #key_arm
            Some(setter) => Err(crate::BuildError::InvalidCredential { setter }),
            None => Ok(()),
        }
    }
}
