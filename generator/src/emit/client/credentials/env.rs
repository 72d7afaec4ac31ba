//! The environment variables of the credentials: a constant per variable
//! (`Client::API_KEY_ENV`), what `Client::from_env` reads, and the help a
//! missing credential's error gives.

use super::super::super::{ident, CrateInfo};
use super::Schemes;
use crate::ir::{Scheme, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// One constant per environment variable, in `impl Client`.
pub(in super::super) fn env_consts<'a>(
    schemes: &'a Schemes<'_>,
    prefix: &'a str,
) -> impl Iterator<Item = TokenStream> + 'a {
    schemes.senders.iter().flat_map(move |s| {
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
    })
}

/// The statements of `Client::from_env` that make `builder` and set each
/// credential found in the environment; with `REQUIRES_CREDENTIALS`, none
/// found is an error.
pub(in super::super) fn from_env_body(schemes: &Schemes<'_>) -> TokenStream {
    let found = schemes.required.then(|| quote!(found = true;));
    let env_reads = schemes.senders.iter().map(|s| {
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
    if schemes.senders.is_empty() {
        quote!(let mut builder = Self::builder();)
    } else if schemes.required {
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
    }
}

/// The documentation of `Client::from_env`: which variables it reads.
pub(in super::super) fn from_env_doc(
    schemes: &Schemes<'_>,
    info: &CrateInfo,
    base_url_env: &str,
) -> String {
    let p = &info.env_prefix;
    let vars: Vec<String> = schemes
        .senders
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

/// How to configure a scheme, for the local error: its setter and
/// environment variables.
pub(super) fn help_text(s: &Scheme, prefix: &str) -> String {
    let setter = s.setter.trim_start_matches("r#");
    match s.env.as_slice() {
        _ if s.kind == SchemeKind::MutualTls => "a client certificate (`ClientBuilder::http_client` with a `reqwest::Client` holding your identity)".to_owned(),
        [user, password] => format!("`ClientBuilder::{setter}` (or {prefix}_{user} and {prefix}_{password})"),
        [one] => format!("`ClientBuilder::{setter}` (or {prefix}_{one})"),
        _ => format!("`ClientBuilder::{setter}`"),
    }
}
