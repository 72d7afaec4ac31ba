//! Credentials: what the spec's security schemes make of the client. The
//! builder's setters (`setters.rs`), the environment variables
//! (`env.rs`), the `Credentials` a client holds and how each is sent
//! (`store.rs`), and here the `Scheme` enum, the security constants
//! (`DEFAULT_SECURITY`, each operation's `SECURITY`), the choice among
//! alternatives and the error of a client built without any.

mod env;
mod renew;
mod setters;
mod store;

pub(super) use env::{env_consts, from_env_body, from_env_doc};
pub(super) use setters::value_arg;

use super::super::{docs, ident, CrateInfo};
use crate::ir::{Api, Operation, Requirement, Scheme, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The spec's security schemes, as the client's code needs them.
pub(super) struct Schemes<'a> {
    /// Every scheme, in the spec's order.
    pub all: &'a [Scheme],
    /// The schemes whose credential the client sends (all but mutual TLS).
    pub senders: Vec<&'a Scheme>,
    /// Mutual TLS, when the spec has it: a client certificate on the
    /// user's own HTTP client.
    pub mtls: Option<&'a Scheme>,
    /// Whether every operation requires credentials.
    pub required: bool,
}

impl<'a> Schemes<'a> {
    pub fn of(api: &'a Api) -> Self {
        let all: &[Scheme] = api.auth.as_ref().map_or(&[], |a| a.schemes.as_slice());
        Schemes {
            all,
            senders: all
                .iter()
                .filter(|s| s.kind != SchemeKind::MutualTls)
                .collect(),
            mtls: all.iter().find(|s| s.kind == SchemeKind::MutualTls),
            required: api.auth.as_ref().is_some_and(|a| a.required),
        }
    }
}

/// `impl ClientBuilder` with one setter per scheme whose credential is sent.
pub(super) fn builder_setters(info: &CrateInfo, schemes: &Schemes<'_>) -> Option<TokenStream> {
    (!schemes.senders.is_empty()).then(|| {
        let setters = schemes.senders.iter().map(|s| {
            let setter = setters::setter(s, info);
            let renewing = renew::setters(s);
            quote!(#setter #renewing)
        });
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    })
}

/// What the client's fixed code reads of the credentials: the `Scheme`
/// enum, the `Credentials` struct, the default security and the error of a
/// client built without credentials.
pub(super) fn credentials(api: &Api, info: &CrateInfo, schemes: &Schemes<'_>) -> TokenStream {
    let scheme_enum = scheme_enum(schemes.all, &info.env_prefix);
    let store = store::credentials_struct(schemes);
    let default_security = security_const(api.auth.as_ref().map_or(&[][..], |a| &a.default), api);
    let required = schemes.required;
    let missing = missing_credentials(schemes, &info.env_prefix);
    quote! {
        #scheme_enum

        #store

        /// The security requirement of requests made with [`Client::request`].
        const DEFAULT_SECURITY: &[&[Scheme]] = #default_security;

        /// Whether every operation requires credentials: then
        /// [`ClientBuilder::build`] fails without any.
        const REQUIRES_CREDENTIALS: bool = #required;

        #missing
    }
}

/// `enum Scheme`, a variant per scheme, and how to configure each.
fn scheme_enum(all: &[Scheme], prefix: &str) -> TokenStream {
    let variants = all.iter().map(|s| ident(&s.variant));
    let scheme_docs = all
        .iter()
        .map(|s| format!(" `{}`: {}.", s.name, setters::kind_text(s)));
    let helps = all.iter().map(|s| {
        let v = ident(&s.variant);
        let text = env::help_text(s, prefix);
        quote!(Scheme::#v => #text,)
    });
    let help_body = if all.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #(#helps)* })
    };
    quote! {
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
    }
}

/// An operation's `SECURITY` constant, if it has a requirement, and the
/// expression that picks the schemes a request of it carries.
pub(super) fn security_tokens(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
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
fn missing_credentials(schemes: &Schemes<'_>, prefix: &str) -> TokenStream {
    let (senders, mtls) = (schemes.senders.as_slice(), schemes.mtls);
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
pub(super) fn security_doc(api: &Api, op: &Operation) -> Vec<String> {
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
