//! Parameters' encoding: the path built from its template, and the query,
//! header and cookie parameters of an operation's `params` struct, each
//! written in its style (`simple`, `form`, `deepObject`, …, or JSON) by the
//! crate's `encode` module.

use super::super::ident;
use crate::ir::{
    Api, Encoding, Field, FieldRepr, Location, Operation, Params, PathSegment, Style, TypeKind,
    TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The one character `text` is made of, if it is one.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The statements that build `path` from the template and the path
/// parameters, each written in its style.
pub(super) fn build_path(api: &Api, op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        let path = &op.path;
        return quote!(let path = #path;);
    }
    let pushes = op.path_segments.iter().map(|seg| match seg {
        PathSegment::Literal(text) => match single_char(text) {
            Some(c) => quote!(path.push(#c);),
            None => quote!(path.push_str(#text);),
        },
        PathSegment::Param(i) => {
            let Some(p) = op.path_params.get(*i) else {
                return quote!();
            };
            let arg = ident(&p.arg);
            let e = p.encoding;
            // The common case, a `simple` scalar, as before: one segment.
            if !e.json && e.style == Style::Simple {
                let direct = match &p.ty {
                    TypeRef::String => Some(quote!(#arg)),
                    TypeRef::Named(n) if is_enum(api, n) => Some(quote!(#arg.as_str())),
                    TypeRef::DateTime => Some(quote!(#arg.as_str())),
                    TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::F32
                    | TypeRef::F64
                    | TypeRef::Boolean
                    | TypeRef::Uuid
                    | TypeRef::Date => {
                        let s = super::super::types::scalar_to_string(&p.ty, quote!(#arg));
                        Some(quote!(&#s))
                    }
                    _ => None,
                };
                if let Some(value) = direct {
                    return quote!(crate::encode::push_segment(&mut path, #value););
                }
            }
            // Strings, date-times, arrays and named types are taken by reference.
            let by_ref = matches!(
                p.ty,
                TypeRef::String
                    | TypeRef::DateTime
                    | TypeRef::Array(_)
                    | TypeRef::Named(_)
                    | TypeRef::Map(_)
                    | TypeRef::Nullable(_)
                    | TypeRef::Json
            );
            let value = param_value(api, &p.ty, e.json, &p.name, quote!(#arg), by_ref);
            let style = style_tokens(e.style);
            let explode = e.explode;
            let name = &p.name;
            quote!(crate::encode::path(&mut path, #style, #explode, #name, &#value);)
        }
    });
    quote! {
        let mut path = String::new();
        #(#pushes)*
        let path = path.as_str();
    }
}

/// The statements writing the parameters of a `params` struct, by
/// location, each as its style says (`None` for a location without
/// parameters).
pub(super) struct ParamStatements {
    /// Appends to `query`, a `String`.
    pub query: Option<TokenStream>,
    /// Adds headers to `request`.
    pub headers: Option<TokenStream>,
    /// Writes the `Cookie` header of `request`.
    pub cookies: Option<TokenStream>,
}

/// The statements of the query, header and cookie parameters of `params`.
pub(super) fn param_statements(api: &Api, params: &Params) -> ParamStatements {
    let fields = params
        .ty
        .named()
        .and_then(|n| api.type_def(n))
        .and_then(|t| match &t.kind {
            TypeKind::Struct(s) => Some(s.fields.as_slice()),
            _ => None,
        })
        .unwrap_or_default();
    let (mut query, mut headers, mut cookies) = (Vec::new(), Vec::new(), Vec::new());
    for f in fields {
        let Some((_, e)) = params.encodings.iter().find(|(name, _)| *name == f.name) else {
            continue;
        };
        let Some(statement) = field_statement(api, f, e) else {
            continue;
        };
        match f.location {
            Location::Query => query.push(statement),
            Location::Header => headers.push(statement),
            _ => cookies.push(statement),
        }
    }
    let query = (!query.is_empty()).then(|| quote!(#(#query)*));
    let headers = (!headers.is_empty()).then(|| quote!(#(#headers)*));
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = String::new();
            #(#cookies)*
            request = crate::encode::add_cookies(OPERATION, request, &cookies)?;
        }
    });
    ParamStatements {
        query,
        headers,
        cookies,
    }
}

/// The statement writing one parameter (`f`, a field of `params`) in its
/// location and encoding (`e`); an optional one only when it is set.
fn field_statement(api: &Api, f: &Field, e: &Encoding) -> Option<TokenStream> {
    let fname = ident(&f.name);
    let wire = &f.wire_name;
    let required = matches!(f.repr, FieldRepr::Required | FieldRepr::Defaulted);
    let access = if required {
        quote!(params.#fname)
    } else {
        quote!(value)
    };
    let value = param_value(api, &f.ty, e.json, wire, access.clone(), !required);
    let explode = e.explode;
    let statement = match f.location {
        Location::Query => {
            let style = style_tokens(e.style);
            let reserved = e.allow_reserved;
            quote!(crate::encode::query(&mut query, #style, #explode, #reserved, #wire, &#value);)
        }
        Location::Header => match scalar_text(api, &f.ty, access).filter(|_| !e.json) {
            // A scalar is sent as it is.
            Some(text) => quote!(request = request.header(#wire, #text);),
            None => quote! {
                if let Some(value) = crate::encode::header(#explode, &#value) {
                    request = request.header(#wire, value);
                }
            },
        },
        Location::Cookie => {
            quote!(crate::encode::cookie(&mut cookies, #explode, #wire, &#value);)
        }
        Location::Body => return None,
    };
    Some(if required {
        statement
    } else {
        quote! {
            if let Some(value) = &params.#fname {
                #statement
            }
        }
    })
}

/// A parameter as an `encode::Value`; `v` is the value (a place of type `T`
/// when `by_ref` is false, else a `&T` or, for path arguments, what the
/// method takes).
fn param_value(
    api: &Api,
    t: &TypeRef,
    json: bool,
    name: &str,
    v: TokenStream,
    by_ref: bool,
) -> TokenStream {
    let reference = if by_ref { quote!(#v) } else { quote!(&#v) };
    if json {
        return quote!(crate::encode::json(OPERATION, #name, #reference)?);
    }
    match scalar_text(api, t, quote!(#v)) {
        Some(text) => quote!(crate::encode::Value::Text(#text)),
        None => match t {
            TypeRef::Array(item) => match scalar_text(api, item, quote!(item)) {
                Some(text) => quote! {
                    crate::encode::Value::List(#v.iter().map(|item| crate::encode::Value::Text(#text)).collect())
                },
                None => quote!(crate::encode::value(OPERATION, #name, #reference)?),
            },
            _ => quote!(crate::encode::value(OPERATION, #name, #reference)?),
        },
    }
}

/// A scalar's wire text (as the query and headers always wrote it), or
/// `None` for what goes through serde (objects, unions, maps).
fn scalar_text(api: &Api, t: &TypeRef, v: TokenStream) -> Option<TokenStream> {
    Some(match t {
        TypeRef::String => quote!(#v.to_owned()),
        TypeRef::Named(n) if is_enum(api, n) => quote!(#v.as_str().to_owned()),
        TypeRef::DateTime => quote!(#v.as_str().to_owned()),
        TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Boolean
        | TypeRef::Uuid
        | TypeRef::Date => quote!(#v.to_string()),
        _ => return None,
    })
}

fn is_enum(api: &Api, name: &str) -> bool {
    api.type_def(name)
        .is_some_and(|t| matches!(t.kind, TypeKind::Enum(_)))
}

fn style_tokens(style: Style) -> TokenStream {
    let variant = quote::format_ident!("{}", style.as_str());
    quote!(crate::encode::Style::#variant)
}
