//! The page and item streams of paginated operations
//! (`Client::list_sessions_pages`, `Client::list_sessions_items`), in the
//! operations' `impl Client` blocks of `client.rs`. What every stream
//! shares (asking lazily, the end, never looping) is
//! `templates/pagination.rs`; here is what each operation's own: which
//! parameter to set, what its page's body says about the next, and the
//! request of a page at a URL the page before gave (the operation's
//! credentials, decoding and errors, from the sibling modules).

use super::super::{ident, rust_type, ty, Scope};
use super::{credentials, errors, method, request, responses};
use crate::ir::rust::RustType;
use crate::ir::{
    Access, Api, CursorSource, FieldPath, Operation, PageParam, PageScheme, Pagination, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// A value of a page's body: a place of type `T`, or an `Option<&T>` when
/// a field on the way is optional.
struct Value {
    expr: TokenStream,
    optional: bool,
}

/// The value at `path` inside `body` (a `&` of the page's type).
fn value(body: TokenStream, path: &FieldPath) -> Value {
    let mut v = Value {
        expr: body,
        optional: false,
    };
    for step in &path.steps {
        let field = ident(&step.field);
        let e = &v.expr;
        let expr = match (v.optional, step.access) {
            (false, Access::Plain) => quote!(#e.#field),
            (false, Access::Option) => quote!(#e.#field.as_ref()),
            (false, Access::Nullable) => quote!(#e.#field.value()),
            (true, Access::Plain) => quote!(#e.map(|v| &v.#field)),
            (true, Access::Option) => quote!(#e.and_then(|v| v.#field.as_ref())),
            (true, Access::Nullable) => quote!(#e.and_then(|v| v.#field.value())),
        };
        v = Value {
            expr,
            optional: v.optional || step.access != Access::Plain,
        };
    }
    v
}

/// `Option<i64>` of an integer value of type `t`.
fn integer(v: Value, t: &TypeRef) -> TokenStream {
    let e = v.expr;
    match (v.optional, t == &TypeRef::I64) {
        (false, true) => quote!(Some(#e)),
        (false, false) => quote!(Some(i64::from(#e))),
        (true, true) => quote!(#e.copied()),
        (true, false) => quote!(#e.map(|v| i64::from(*v))),
    }
}

/// `Option<bool>` of a boolean value.
fn boolean(v: Value) -> TokenStream {
    let e = v.expr;
    if v.optional {
        quote!(#e.copied())
    } else {
        quote!(Some(#e))
    }
}

/// `Option<String>` of a string or integer value.
fn text(v: Value, t: &TypeRef) -> TokenStream {
    let e = v.expr;
    match (v.optional, t == &TypeRef::String) {
        (false, true) => quote!(Some(#e.clone())),
        (true, true) => quote!(#e.cloned()),
        (false, false) => quote!(Some(#e.to_string())),
        (true, false) => quote!(#e.map(|v| v.to_string())),
    }
}

/// Whether a page parameter is an integer (`i32` or `i64`).
fn is_integer(t: &TypeRef) -> bool {
    matches!(t, TypeRef::I32 | TypeRef::I64)
}

/// `params.field = value` for a page parameter (`value` an `i64`, or a
/// `String` for a string cursor).
fn set(param: &PageParam, value: TokenStream) -> TokenStream {
    let field = ident(&param.field);
    let converted = match &param.ty {
        TypeRef::I64 => value,
        TypeRef::I32 => quote!(i32::try_from(#value).unwrap_or(i32::MAX)),
        TypeRef::String => value,
        _ => quote!(#value.parse().unwrap_or_default()),
    };
    if param.optional {
        quote!(params.#field = Some(#converted);)
    } else {
        quote!(params.#field = #converted;)
    }
}

/// An integer parameter's value in `params`, as `Option<i64>` (its default
/// when unset).
fn param_value(param: &PageParam) -> TokenStream {
    let field = ident(&param.field);
    let default = match param.default {
        Some(d) => quote!(.or(Some(#d))),
        None => quote!(),
    };
    match (param.optional, param.ty == TypeRef::I64) {
        (true, true) => quote!(params.#field #default),
        (true, false) => quote!(params.#field.map(i64::from)#default),
        (false, true) => quote!(Some(params.#field)),
        (false, false) => quote!(Some(i64::from(params.#field))),
    }
}

/// How the page's call is given each argument of the operation's method
/// (the parameters are the stream's own copy, changed for each page): the
/// argument's name, and what is passed. The path parameters are passed
/// from `path_args`, a tuple made before the stream's closure
/// ([`path_args`]): inside it, a path parameter named as one of the
/// closure's own (`at`, `options`, `scheme`, `size`) would be shadowed.
fn passed(op: &Operation) -> Vec<(TokenStream, TokenStream)> {
    let mut passed: Vec<(TokenStream, TokenStream)> = op
        .path_params
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let arg = ident(&p.arg);
            let k = proc_macro2::Literal::usize_unsuffixed(k);
            (quote!(#arg), quote!(path_args.#k,))
        })
        .collect();
    if op.body.is_some() {
        passed.push((quote!(body), quote!(body,)));
    }
    if op.params.is_some() {
        passed.push((quote!(params), quote!(&params,)));
    }
    passed
}

/// `let path_args = (…);`, the path parameters as the stream's closure
/// takes them (they are references or `Copy`); nothing without any.
fn path_args(op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        return quote!();
    }
    let args = op.path_params.iter().map(|p| ident(&p.arg));
    quote!(let path_args = (#(#args,)*);)
}

/// The first page's number or offset: the parameter's value, else `or`.
fn start(param: &PageParam, or: i64) -> TokenStream {
    let field = ident(&param.field);
    match (param.optional, param.ty == TypeRef::I64) {
        (true, true) => quote!(params.#field.unwrap_or(#or)),
        (true, false) => quote!(params.#field.map_or(#or, i64::from)),
        (false, true) => quote!(params.#field),
        (false, false) => quote!(i64::from(params.#field)),
    }
}

/// The scheme as the stream runs it, its first page's position taken from
/// the parameters given.
fn scheme(p: &Pagination) -> TokenStream {
    match &p.scheme {
        PageScheme::PageNumber { page, first, .. } => {
            let start = start(page, *first);
            quote!(crate::pagination::Scheme::PageNumber { first: #first, start: #start })
        }
        PageScheme::Offset { offset, .. } => {
            let start = start(offset, offset.default.unwrap_or(0));
            quote!(crate::pagination::Scheme::Offset { start: #start })
        }
        PageScheme::Cursor { .. } => quote!(crate::pagination::Scheme::Cursor),
        PageScheme::NextUrl { .. } => quote!(crate::pagination::Scheme::NextUrl),
        PageScheme::LinkHeader => quote!(crate::pagination::Scheme::Link),
    }
}

/// The `PageInfo` of a page (`page`, a `Response` of the page's type);
/// `size` is the page size the request asked for.
fn info(p: &Pagination) -> TokenStream {
    let body = quote!(body);
    let count = match &p.items {
        None => quote!(body.len()),
        Some(path) => {
            let v = value(body.clone(), path);
            let e = v.expr;
            if v.optional {
                quote!(#e.map_or(0, Vec::len))
            } else {
                quote!(#e.len())
            }
        }
    };
    let mut fields = vec![quote!(items: #count,)];
    let has_more = match &p.scheme {
        PageScheme::PageNumber {
            size_field,
            total,
            total_pages,
            has_more,
            ..
        } => {
            fields.extend(integer_field(quote!(total), total.as_ref()));
            fields.extend(integer_field(quote!(total_pages), total_pages.as_ref()));
            fields.push(page_size(size_field.as_ref()));
            has_more.as_ref()
        }
        PageScheme::Offset {
            total, has_more, ..
        } => {
            fields.extend(integer_field(quote!(total), total.as_ref()));
            has_more.as_ref()
        }
        PageScheme::Cursor { next, has_more, .. } => {
            let next = match next {
                CursorSource::Field(f) => text(value(body.clone(), f), &f.ty),
                CursorSource::LastItem(f) => last_item_cursor(p, f),
            };
            fields.push(quote!(next: #next,));
            has_more.as_ref()
        }
        PageScheme::NextUrl { url, has_more } => {
            let v = text(value(body.clone(), url), &url.ty);
            fields.push(quote!(next: #v,));
            has_more.as_ref()
        }
        PageScheme::LinkHeader => None,
    };
    if let Some(h) = has_more {
        let v = boolean(value(body, h));
        fields.push(quote!(has_more: #v,));
    }
    quote! {
        {
            let body = page.body();
            crate::pagination::PageInfo {
                #(#fields)*
                ..Default::default()
            }
        }
    }
}

/// `name: value,` of an integer the page's body gives, if it gives one.
fn integer_field(name: TokenStream, path: Option<&FieldPath>) -> Option<TokenStream> {
    let t = path?;
    let v = integer(value(quote!(body), t), &t.ty);
    Some(quote!(#name: #v,))
}

/// The page's size: what the page says, else the one asked for (the local
/// `size`, written as shorthand where it is the whole value).
fn page_size(size_field: Option<&FieldPath>) -> TokenStream {
    let Some(s) = size_field else {
        return quote!(size,);
    };
    let v = value(quote!(body), s);
    let size = if v.optional {
        let v = integer(v, &s.ty);
        quote!(#v.or(size))
    } else {
        integer(v, &s.ty)
    };
    quote!(size: #size,)
}

/// The next cursor taken from the last item of the page (its field `f`).
fn last_item_cursor(p: &Pagination, f: &FieldPath) -> TokenStream {
    let last = match &p.items {
        Some(path) => {
            let v = value(quote!(body), path);
            let e = v.expr;
            if v.optional {
                quote!(#e.and_then(|items| items.last()))
            } else {
                quote!(#e.last())
            }
        }
        None => quote!(body.last()),
    };
    let v = value(quote!(item), f);
    let e = &v.expr;
    match (v.optional, f.ty == TypeRef::String) {
        (false, true) => quote!(#last.map(|item| #e.clone())),
        (false, false) => quote!(#last.map(|item| #e.to_string())),
        (true, _) => {
            let v = text(v, &f.ty);
            quote!(#last.and_then(|item| #v))
        }
    }
}

/// How the parameters are set for the page asked for.
fn position(p: &Pagination) -> TokenStream {
    match &p.scheme {
        PageScheme::PageNumber { page, .. } => {
            let set = set(page, quote!(*n));
            quote!(if let crate::pagination::At::Number(n) = at { #set })
        }
        PageScheme::Offset { offset, .. } => {
            let set = set(offset, quote!(*n));
            quote!(if let crate::pagination::At::Number(n) = at { #set })
        }
        // The cursor is text; an integer parameter takes it back as the
        // number it was written from (recognition pairs an integer
        // parameter with an integer cursor only).
        PageScheme::Cursor { param, .. } if is_integer(&param.ty) => {
            let set = set(param, quote!(n));
            quote! {
                if let crate::pagination::At::Cursor(cursor) = at {
                    if let Ok(n) = cursor.parse::<i64>() { #set }
                }
            }
        }
        PageScheme::Cursor { param, .. } => {
            let set = set(param, quote!(cursor.clone()));
            quote!(if let crate::pagination::At::Cursor(cursor) = at { #set })
        }
        PageScheme::NextUrl { .. } | PageScheme::LinkHeader => quote!(),
    }
}

/// The `_pages` and `_items` methods of a paginated operation; nothing for
/// another.
pub(super) fn streams(api: &Api, op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let bare = op.method_name.trim_start_matches("r#");
    let pages = ident(&p.pages_method);
    let items_method = ident(&p.items_method);
    let error = ident(&op.error_type);
    let page_type = rust_type(&RustType::output(op), Scope::Crate);
    let item_type = ty(&p.item_type, Scope::Crate);
    // The method's own arguments, as it takes them (`&'a`: it returns a `Call`).
    let declared = method::arguments(op, &quote!(&'a));
    let forwarded = passed(op).into_iter().map(|(name, _)| quote!(#name,));
    let path_args = path_args(op);
    let clone_params = op
        .params
        .is_some()
        .then(|| quote!(let params = params.clone();));
    let scheme = scheme(p);
    let fetch = fetch(api, op, p);
    let pages_doc = format!(
        " Every page of [`Client::{bare}`], asked for as the stream is read: {}. It ends after the last page and never loops; a failed page is its last item (see [`Pages`](crate::Pages)). Each page is one call, with the client's retries and [`Pages::options`](crate::Pages::options).",
        what(p)
    );
    let items_doc = format!(
        " The items of every page of [`Client::{bare}`] ([`Client::{}`]), one by one.",
        p.pages_method.trim_start_matches("r#")
    );
    let take = take(p);
    let operation = bare;
    let (many, _) = method::too_many_arguments(op);
    quote! {
        #[doc = #pages_doc]
        #many
        pub fn #pages<'a>(&'a self, #declared) -> crate::Pages<'a, #page_type, #error> {
            #clone_params
            #path_args
            let scheme = #scheme;
            crate::Pages::new(#operation, scheme, self.base.clone(), move |at, options| {
                #fetch
            })
        }

        #[doc = #items_doc]
        #many
        pub fn #items_method<'a>(&'a self, #declared) -> crate::Items<'a, #item_type, #error> {
            self.#pages(#(#forwarded)*).items(|page| #take)
        }
    }
}

/// The body of the stream's closure: the page at `at` (a number, an
/// offset, a cursor, or a URL the page before gave), with its `PageInfo`.
fn fetch(api: &Api, op: &Operation, p: &Pagination) -> TokenStream {
    let method = ident(&op.method_name);
    let passed = passed(op).into_iter().map(|(_, inside)| inside);
    let info = info(p);
    let position = position(p);
    // The stream's copy of the parameters, changed for the page asked for.
    let reclone = match (op.params.is_some(), position.is_empty()) {
        (false, _) => quote!(),
        (true, true) => quote!(let params = params.clone();),
        (true, false) => quote!(let mut params = params.clone();),
    };
    let size = size(p);
    let call = quote! {
        #reclone
        #position
        #size
        Box::pin(async move {
            let page = self.#method(#(#passed)*).options(options).with_response().await?;
            let info = #info;
            Ok((page, info))
        })
    };
    if !matches!(
        p.scheme,
        PageScheme::NextUrl { .. } | PageScheme::LinkHeader
    ) {
        return call;
    }
    let next = next_page(api, op);
    quote! {
        match at {
            crate::pagination::At::Url(url) => {
                let url = url.clone();
                #size
                Box::pin(async move {
                    let options = &options;
                    #next
                    let info = #info;
                    Ok((page, info))
                })
            }
            _ => { #call }
        }
    }
}

/// `let size = …;`, the page size asked for, when the page may not say it.
fn size(p: &Pagination) -> TokenStream {
    match &p.scheme {
        PageScheme::PageNumber {
            size_field: Some(f),
            ..
        } if f.steps.iter().all(|s| s.access == Access::Plain) => quote!(),
        PageScheme::PageNumber { size: Some(s), .. } => {
            let v = param_value(s);
            quote!(let size: Option<i64> = #v;)
        }
        PageScheme::PageNumber { size: None, .. } => quote!(let size: Option<i64> = None;),
        _ => quote!(),
    }
}

/// How the stream asks for the next page, for its documentation.
fn what(p: &Pagination) -> String {
    match &p.scheme {
        PageScheme::PageNumber { page, .. } => format!(
            "each with the next `{}`, from the one given (else the first)",
            page.wire_name
        ),
        PageScheme::Offset { offset, .. } => {
            format!(
                "each with the `{}` after the items before it",
                offset.wire_name
            )
        }
        PageScheme::Cursor { param, .. } => {
            format!("each with the `{}` the page before gives", param.wire_name)
        }
        PageScheme::NextUrl { url, .. } => {
            format!("each at the URL the page before gives in `{}`", url.wire())
        }
        PageScheme::LinkHeader => {
            "each at the URL of the page before's `Link: <…>; rel=\"next\"`".to_owned()
        }
    }
}

/// The items taken out of a page (`page`, of the page's type), as a `Vec`.
fn take(p: &Pagination) -> TokenStream {
    let Some(path) = &p.items else {
        return quote!(page);
    };
    let mut e = quote!(page);
    let mut optional = false;
    for step in &path.steps {
        let f = ident(&step.field);
        e = match (optional, step.access) {
            (false, Access::Plain) => quote!(#e.#f),
            (true, Access::Plain) => quote!(#e.map(|v| v.#f)),
            (false, Access::Option) => quote!(#e.#f),
            (true, Access::Option) => quote!(#e.and_then(|v| v.#f)),
            (false, Access::Nullable) => quote!(#e.#f.into_value()),
            (true, Access::Nullable) => quote!(#e.and_then(|v| v.#f.into_value())),
        };
        optional = optional || step.access != Access::Plain;
    }
    if optional {
        quote!(#e.unwrap_or_default())
    } else {
        e
    }
}

/// A page of a paginated operation at a URL (`url`, absolute) the page
/// before gave: the operation's credentials (on the base URL's origin
/// only), retries, options (`options`), decoding and errors, into `page`,
/// a `Response`.
fn next_page(api: &Api, op: &Operation) -> TokenStream {
    let operation = op.method_name.trim_start_matches("r#");
    let error = ident(&op.error_type);
    let (security_const, schemes) = credentials::security_tokens(api, op);
    let method = request::http_method(&op.method);
    let accept = &op.accept;
    let idempotent = op.method.is_idempotent();
    let decode = responses::decode_body(op.successes.first().and_then(|s| s.body.as_ref()));
    let classify = errors::classify(op, &error);
    let output = rust_type(&RustType::output(op), Scope::Crate);
    quote! {
        const OPERATION: &str = #operation;
        #security_const
        let schemes = #schemes;
        let build = || -> Result<::reqwest::Request, crate::Error<#error>> {
            let request = self.request_with(#method, &url, &[], #accept, options, schemes);
            crate::http::build(OPERATION, request, options)
        };
        let request = build()?;
        let response = self.send_built(OPERATION, #idempotent, request, &build, None, options, schemes).await?;
        if !response.status.is_success() {
            return Err(crate::http::api_error(OPERATION, response, #classify));
        }
        let page: crate::Response<#output> = crate::http::success(response, |response| #decode)?;
    }
}
