//! An operation's method (`Client::create_session`, returning a `Call`)
//! and its `_with` form (per-request options): the signature, and the body
//! that asks each concern for its part: the docs (`doc.rs`), the
//! credentials (`credentials/`), the request (`request.rs`), the success
//! (`responses.rs`) and the errors (`errors.rs`).

use super::super::{docs, ident, rust_type, ty, Scope};
use super::{body, credentials, doc, errors, request, responses};
use crate::ir::rust::RustType;
use crate::ir::{Api, Operation, RequestMedia, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The method of `op` (`index` is its place in `api.operations`) and its
/// `_with` form.
pub(super) fn method(api: &Api, op: &Operation, index: usize) -> TokenStream {
    let name = ident(&op.method_name);
    let error = ident(&op.error_type);
    let operation = op.method_name.trim_start_matches("r#");
    let doc = docs::attrs(&doc::lines(api, op, index));
    let (security_const, schemes) = credentials::security_tokens(api, op);
    let request::Request { check_params, send } = request::request(api, op, &schemes, &error);
    let output = rust_type(&RustType::output(op), Scope::Crate);
    let decode = responses::decode(op);
    let classify = errors::classify(op, &error);
    // Extra body fields go into a JSON body; any other operation refuses them.
    let no_body_fields = (!op
        .body
        .as_ref()
        .is_some_and(|b| matches!(b.media, RequestMedia::Json)))
    .then(|| quote!(crate::http::no_body_fields(OPERATION, options)?;));
    // The closure's argument is unused when there is no body to read.
    let read = if responses::reads_nothing(op) {
        quote!(_)
    } else {
        quote!(response)
    };
    // Arguments: the path parameters, the body, the parameters. `&'a` in
    // the method that returns a `Call` (which holds them), `&` in its
    // `_with` form.
    let (amp_a, amp) = (quote!(&'a), quote!(&));
    let params = arguments(op, &amp_a);
    let params_plain = arguments(op, &amp);
    let args = argument_names(op);
    let (many, many_with) = too_many_arguments(op);
    let with_name = ident(&op.options_method_name);
    let with_doc = format!(
        " [`Client::{operation}`] with per-request options: timeout, retries, extra headers."
    );
    quote! {
        #doc
        #many
        pub fn #name<'a>(&'a self, #params) -> crate::Call<impl crate::Operation<Body = #output, Error = #error> + 'a> {
            crate::Call::new(move |options: crate::RequestOptions| async move {
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
            })
        }

        #[doc = #with_doc]
        #many_with
        pub async fn #with_name(&self, #params_plain options: &crate::RequestOptions) -> Result<#output, crate::Error<#error>> {
            self.#name(#args).options(options.clone()).await
        }
    }
}

/// The method's arguments after `self`, each reference written `amp`: the
/// path parameters (by value for small `Copy` types), the body, the parameters.
pub(super) fn arguments(op: &Operation, amp: &TokenStream) -> TokenStream {
    let path = op.path_params.iter().map(|p| {
        let arg = ident(&p.arg);
        let t = match &p.ty {
            TypeRef::String => quote!(#amp str),
            TypeRef::Array(item) => {
                let t = ty(item, Scope::Crate);
                quote!(#amp [#t])
            }
            TypeRef::Named(_)
            | TypeRef::DateTime
            | TypeRef::Map(_)
            | TypeRef::Nullable(_)
            | TypeRef::Json => {
                let t = ty(&p.ty, Scope::Crate);
                quote!(#amp #t)
            }
            other => ty(other, Scope::Crate),
        };
        quote!(#arg: #t,)
    });
    let body = body::param_type(op).map(|t| quote!(body: #amp #t,));
    let params = op.params.as_ref().map(|p| {
        let t = ty(&p.ty, Scope::Crate);
        quote!(params: #amp #t,)
    });
    quote!(#(#path)* #body #params)
}

/// The arguments the `_with` form passes on to the method.
fn argument_names(op: &Operation) -> TokenStream {
    let path = op.path_params.iter().map(|p| {
        let arg = ident(&p.arg);
        quote!(#arg,)
    });
    let body = op.body.as_ref().map(|_| quote!(body,));
    let params = op.params.as_ref().map(|_| quote!(params,));
    quote!(#(#path)* #body #params)
}

/// `#[allow(clippy::too_many_arguments)]` for the method and for its
/// `_with` form (one argument more), where they take more than seven.
pub(super) fn too_many_arguments(op: &Operation) -> (Option<TokenStream>, Option<TokenStream>) {
    // `self`, the path parameters, the body, the parameters (and the options).
    let arity = 1
        + op.path_params.len()
        + usize::from(op.body.is_some())
        + usize::from(op.params.is_some());
    let allow = quote!(#[allow(clippy::too_many_arguments)]);
    (
        (arity > 7).then(|| allow.clone()),
        (arity + 1 > 7).then_some(allow),
    )
}
