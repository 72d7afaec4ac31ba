//! An operation's request: the path from its template, the query and its
//! target, headers and cookies, the body, and how it is sent (made in a
//! closure, again for each retry, so that nothing is kept for a retry that
//! does not come).

use super::body::{self, BodyPlan};
use super::params::{build_path, param_statements, ParamStatements};
use super::responses::streamed_statuses;
use crate::ir::{Api, Method, Operation};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// What a method does before it sends, and the sending.
pub(super) struct Request {
    /// The check of the parameters' constraints, when they have any.
    pub check_params: Option<TokenStream>,
    /// The statements that build the request and send it, binding
    /// `response`.
    pub send: TokenStream,
}

/// The request of `op`: `schemes` is the expression that picks the
/// credentials it carries, `error` its error enum.
pub(super) fn request(api: &Api, op: &Operation, schemes: &TokenStream, error: &Ident) -> Request {
    let body = body::plan(api, op);
    let (check_params, statements) = match &op.params {
        Some(params) => (
            api.validates(&params.ty)
                .then(|| quote!(crate::validate::check(OPERATION, "params", params)?;)),
            param_statements(api, params),
        ),
        None => (
            None,
            ParamStatements {
                query: None,
                headers: None,
                cookies: None,
            },
        ),
    };
    let send = send(api, op, &body, statements, schemes, error);
    Request { check_params, send }
}

/// The statements that build and send the request.
fn send(
    api: &Api,
    op: &Operation,
    body: &BodyPlan,
    params: ParamStatements,
    schemes: &TokenStream,
    error: &Ident,
) -> TokenStream {
    let method = http_method(&op.method);
    let accept = &op.accept;
    let idempotent = op.method.is_idempotent();
    let build_path = build_path(api, op);
    let ParamStatements {
        query,
        headers,
        cookies,
    } = params;
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
    let check = &body.check;
    let prepare = &body.prepare;
    let attach = &body.attach;
    let request = match &body.binary_type {
        Some(ct) => quote! {
            #mut_request = body.attach(OPERATION, self.request_with(#method, #target, #accept, options, schemes), #ct)?;
        },
        None => quote! {
            #mut_request = self.request_with(#method, #target, #accept, options, schemes)#attach;
        },
    };
    let stream = streamed_statuses(op);
    // Made in a closure, again for each retry: the body is checked once,
    // and serialised (or made: a file, multipart) in it.
    quote! {
        #check
        #build_path
        #query
        let schemes = #schemes;
        let build = || -> Result<::reqwest::Request, crate::Error<#error>> {
            #prepare
            #request
            #headers
            #cookies
            crate::http::build(OPERATION, request, options)
        };
        let request = build()?;
        let response = self.send_built(OPERATION, #idempotent, request, &build, #stream, options, schemes).await?;
    }
}

/// The `reqwest::Method` of an operation.
pub(super) fn http_method(m: &Method) -> TokenStream {
    match m {
        Method::Get => quote!(::reqwest::Method::GET),
        Method::Put => quote!(::reqwest::Method::PUT),
        Method::Post => quote!(::reqwest::Method::POST),
        Method::Delete => quote!(::reqwest::Method::DELETE),
        Method::Options => quote!(::reqwest::Method::OPTIONS),
        Method::Head => quote!(::reqwest::Method::HEAD),
        Method::Patch => quote!(::reqwest::Method::PATCH),
        Method::Trace => quote!(::reqwest::Method::TRACE),
        // Checked to be an HTTP token when the spec was read, so
        // `from_bytes` succeeds: the fallback is never taken.
        Method::Query | Method::Other(_) => {
            let bytes = proc_macro2::Literal::byte_string(m.wire().as_bytes());
            quote!(::reqwest::Method::from_bytes(#bytes).unwrap_or(::reqwest::Method::GET))
        }
    }
}
