//! `src/client.rs`: the `Client`, its builder, one async method per
//! operation, and one enum of documented error statuses per operation.
//!
//! Each concern of the generated client has a file of its own:
//!
//! | File | What it writes |
//! |---|---|
//! | `constructors.rs` | the default server, `Client::new`, `builder`, `from_env` |
//! | `credentials/` | the builder's setters, environment variables, the `Credentials` and how each is sent, the security constants and the choice among alternatives |
//! | `method.rs` | an operation's method and its `_with` form: the signature, and the body that asks the others for their parts |
//! | `doc.rs` | an operation's documentation text |
//! | `request.rs` | its request: path, query, headers, cookies, body, and how it is sent |
//! | `params.rs` | parameters' encoding, in their styles |
//! | `body.rs` | the request body: its argument, serialisation, multipart struct |
//! | `responses.rs` | success decoding, response enums, streamed statuses |
//! | `errors.rs` | error enums and the error classifier |
//! | `pagination.rs` | the page and item streams of paginated operations |

mod body;
mod constructors;
mod credentials;
mod doc;
mod errors;
mod method;
mod pagination;
mod params;
mod request;
mod responses;

pub use errors::error_enums;

use super::CrateInfo;
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// What the client's fixed code (`templates/client.rs`, at the top of
/// `client.rs`) needs from the spec: the default server, the environment
/// variables, the constructors, one builder setter per security scheme, the
/// `Credentials` they fill and how each is sent (`Scheme`,
/// `DEFAULT_SECURITY`, `REQUIRES_CREDENTIALS`, `missing_credentials`).
pub fn client_spec(api: &Api, info: &CrateInfo) -> TokenStream {
    let schemes = credentials::Schemes::of(api);
    let (client, default_server) = constructors::constructors(api, info, &schemes);
    let setters = credentials::builder_setters(info, &schemes);
    let credentials = credentials::credentials(api, info, &schemes);
    quote! {
        #client

        #setters

        #default_server

        #credentials
    }
}

/// The response enums (several success statuses) and multipart bodies of
/// `api.operations[range]`.
pub fn response_enums(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let start = range.start;
    let ops = api.operations.get(range).unwrap_or_default();
    let enums = ops.iter().filter_map(responses::response_enum);
    // An operation's `_stream` method sends the same multipart struct as
    // its first: written once, with the first.
    let parts = ops.iter().enumerate().filter_map(|(k, op)| {
        let earlier = api.operations.get(..start + k).unwrap_or_default();
        let shared = earlier
            .iter()
            .rev()
            .take_while(|o| o.operation_id == op.operation_id)
            .any(|o| o.body == op.body);
        (!shared).then(|| body::multipart_struct(op)).flatten()
    });
    quote!(#(#enums)* #(#parts)*)
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
        .map(|(k, op)| method::method(api, op, range_start + k));
    // The page and item streams of paginated operations.
    let streams = ops.iter().map(|op| pagination::streams(api, op));
    let send_built =
        (range_start == 0 && (api.sends_uploads() || api.streams_successes())).then(send_built);
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
                schemes: &[Scheme],
            ) -> Result<crate::http::Received, crate::Error<E>> {
                let request = build()?;
                let auth = self.provider_auth(schemes, &request);
                let mut policy = self.retry;
                if let Some(max_retries) = options.max_retries {
                    policy.max_retries = max_retries;
                }
                let rebuild = || build().ok();
                let sending = crate::http::Sending {
                    rebuild: Some(&rebuild),
                    stream,
                    limit: self.body_limit(options),
                    auth: auth.as_ref(),
                };
                crate::http::send_with(&self.http, operation, idempotent, &policy, request, sending)
                    .await
            }
        }
    }
}
