//! The spec's part of the `doubles` module (feature `test-doubles`): a
//! client of the fake server with a dummy credential per scheme, and one
//! expectation method per operation, named as the client's method, with
//! what the fake server needs to match and answer its requests (method,
//! path template, how its body and parameters decode, success status).

use super::docs;
use super::{ident, ty, Scope};
use crate::ir::{
    Api, Body, Location, Operation, PathSegment, RequestMedia, SchemeKind, StatusMatch, Style,
    TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The methods `FakeServer` has of its own (`templates/doubles.rs`): an
/// operation of one of these names gets `expect_` before it.
const SERVER_METHODS: &[&str] = &[
    "client",
    "client_builder",
    "expect",
    "received",
    "start",
    "uri",
    "verify",
];

/// Each operation's expectation method, in the order of `api.operations`:
/// the client's method name, unless the fake server has a method of that
/// name.
pub fn method_names(api: &Api) -> Vec<String> {
    let mut used: BTreeSet<String> = SERVER_METHODS.iter().map(|s| (*s).to_owned()).collect();
    api.operations
        .iter()
        .map(|op| {
            let mut name = op.method_name.clone();
            while used.contains(name.trim_start_matches("r#")) {
                name = format!("expect_{}", name.trim_start_matches("r#"));
            }
            used.insert(name.trim_start_matches("r#").to_owned());
            name
        })
        .collect()
}

/// `FakeServer::client_builder`: the base URL and a dummy credential for
/// every scheme the client sends.
pub fn client_builder(api: &Api) -> TokenStream {
    let schemes = api.auth.as_ref().map_or(&[][..], |a| a.schemes.as_slice());
    let setters = schemes.iter().filter_map(|s| {
        let setter = ident(&s.setter);
        match &s.kind {
            SchemeKind::MutualTls => None,
            SchemeKind::Basic => Some(quote!(.#setter("fake-user", "fake-password"))),
            _ => {
                let value = format!(
                    "fake-{}",
                    s.setter.trim_start_matches("r#").replace('_', "-")
                );
                Some(quote!(.#setter(#value)))
            }
        }
    });
    quote! {
        /// The spec's part: a client pointed at the fake server.
        impl FakeServer {
            /// A client builder pointed at this server, with a dummy
            /// credential for every security scheme: set timeouts and
            /// retries, then `build()`.
            pub fn client_builder(&self) -> crate::ClientBuilder {
                crate::Client::builder().base_url(self.uri()) #(#setters)*
            }
        }
    }
}

/// The expectation methods of `api.operations[range]`.
pub fn expectations(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let names = method_names(api);
    let methods = range.filter_map(|i| {
        let op = api.operations.get(i)?;
        let siblings = api
            .operations
            .iter()
            .filter(|o| o.method == op.method && o.path == op.path)
            .count()
            > 1;
        Some(expectation(api, op, names.get(i)?, siblings))
    });
    quote!(#(#methods)*)
}

/// One operation's expectation method on `FakeServer`, with the static
/// `Operation` the fake server matches and answers its requests by.
/// `siblings`: another operation has the same method and path, so the
/// `Content-Type` and `Accept` headers tell them apart.
fn expectation(api: &Api, op: &Operation, name: &str, siblings: bool) -> TokenStream {
    let (body_type, body_kind, content_type) = request_body(op);
    let params_type = op
        .params
        .as_ref()
        .map_or(quote!(Untyped), |p| ty(&p.ty, Scope::Crate));
    let success_body = op.successes.first().and_then(|s| s.body.as_ref());
    let success_type = match success_body {
        Some(Body::Json(t)) => ty(t, Scope::Crate),
        Some(Body::Text) => quote!(String),
        Some(Body::Bytes | Body::Events(_) | Body::Items { .. }) | None => quote!(Untyped),
    };
    let success_text = matches!(success_body, Some(Body::Text));
    let success = proc_macro2::Literal::u16_unsuffixed(success_status(op));
    let segments = path_segments(op);
    let params = params(api, op);
    let method = op.method.wire();
    let op_name = op.method_name.trim_start_matches("r#");
    let path = &op.path;
    let content_type = match content_type.filter(|_| siblings) {
        Some(ct) => quote!(Some(#ct)),
        None => quote!(None),
    };
    let accept = if siblings {
        let accept = &op.accept;
        quote!(Some(#accept))
    } else {
        quote!(None)
    };
    let doc = docs::attrs(&expectation_doc(op, &success));
    let name = ident(name);
    let impl_doc = format!(" The operation `{op_name}`.");
    quote! {
        #[doc = #impl_doc]
        impl FakeServer {
            #doc
            pub fn #name(&self) -> Expect<'_, #body_type, #params_type, #success_type> {
                static OPERATION: Operation = Operation {
                    name: #op_name,
                    method: #method,
                    path: #path,
                    segments: &[#(#segments),*],
                    body: #body_kind,
                    params: &[#(#params),*],
                    success: #success,
                    success_text: #success_text,
                    content_type: #content_type,
                    accept: #accept,
                };
                self.expect(&OPERATION)
            }
        }
    }
}

/// The request body's type in `Expect`, its `BodyKind`, and the
/// `Content-Type` that tells it from a sibling's.
fn request_body(op: &Operation) -> (TokenStream, TokenStream, Option<&'static str>) {
    let untyped = quote!(Untyped);
    match &op.body {
        None => (untyped, quote!(BodyKind::None), None),
        Some(b) => match &b.media {
            RequestMedia::Json => (
                ty(&b.ty, Scope::Crate),
                quote!(BodyKind::Json),
                Some("application/json"),
            ),
            RequestMedia::Text { .. } => (quote!(String), quote!(BodyKind::Text), Some("text/")),
            RequestMedia::Form { .. } => (
                untyped,
                quote!(BodyKind::Raw),
                Some("application/x-www-form-urlencoded"),
            ),
            RequestMedia::Multipart { .. } => {
                (untyped, quote!(BodyKind::Raw), Some("multipart/form-data"))
            }
            RequestMedia::Binary { .. } | RequestMedia::Items { .. } => {
                (untyped, quote!(BodyKind::Raw), None)
            }
        },
    }
}

/// The status of the first success: a range's first code, 200 for `default`.
fn success_status(op: &Operation) -> u16 {
    match op.successes.first().map(|s| s.status) {
        Some(StatusMatch::Code(c)) => c,
        Some(StatusMatch::Range(r)) => r * 100,
        Some(StatusMatch::Default) | None => 200,
    }
}

/// The path template's `Segment`s, each parameter with its style.
fn path_segments(op: &Operation) -> Vec<TokenStream> {
    op.path_segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Literal(text) => Some(quote!(Segment::Literal(#text))),
            PathSegment::Param(i) => {
                let p = op.path_params.get(*i)?;
                let name = &p.name;
                let style = match p.encoding.style {
                    Style::Label => quote!(PathStyle::Label),
                    Style::Matrix => quote!(PathStyle::Matrix),
                    _ => quote!(PathStyle::Simple),
                };
                Some(quote!(Segment::Param(#name, #style)))
            }
        })
        .collect()
}

/// The expectation method's documentation: the call it expects, how to
/// answer it, and how to match its body and parameters.
fn expectation_doc(op: &Operation, success: &proc_macro2::Literal) -> Vec<String> {
    let method = op.method.wire();
    let op_name = op.method_name.trim_start_matches("r#");
    let path = &op.path;
    let mut doc = vec![format!(
        "Expects calls of [`Client::{op_name}`](crate::Client::{op_name}): {}.",
        docs::code(&format!("{method} {path}"))
    )];
    doc.push(String::new());
    doc.push(match op.successes.first().and_then(|s| s.body.as_ref()) {
        Some(body @ (Body::Json(_) | Body::Text)) => format!(
            "[`Expect::respond`] answers {success} with its success body (`{}`).",
            crate::ir::rust::RustType::body(body)
        ),
        Some(Body::Bytes | Body::Events(_) | Body::Items { .. }) => format!(
            "Its success is not typed here: answer it with [`Expect::respond_raw`] (status {success})."
        ),
        None => format!("[`Expect::respond_ok`] answers {success}, without a body."),
    });
    let errors: Vec<String> = op.errors.iter().map(|e| e.status.to_string()).collect();
    if !errors.is_empty() {
        doc.push(format!(
            "The spec documents the error statuses {} ([`Expect::respond_error`], [`Expect::respond_status`]).",
            errors.join(", ")
        ));
    }
    match op.body.as_ref().map(|b| &b.media) {
        Some(RequestMedia::Json | RequestMedia::Text { .. }) => doc.push(
            "[`Expect::when`] matches its body, decoded into the client's body type.".to_owned(),
        ),
        Some(_) => doc
            .push("Its body is not typed here: match it with [`Expect::when_request`].".to_owned()),
        None => {}
    }
    if op.params.is_some() {
        doc.push("[`Expect::when_params`] matches its query, header and cookie parameters, decoded into their struct.".to_owned());
    }
    if !op.path_params.is_empty() {
        let names: Vec<String> = op.path_params.iter().map(|p| docs::code(&p.name)).collect();
        doc.push(format!(
            "[`Expect::path_param`] matches its path parameters: {}.",
            names.join(", ")
        ));
    }
    doc
}

/// The `Param`s of an operation's parameters struct, in its order.
fn params(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let Some(p) = &op.params else {
        return Vec::new();
    };
    let Some(fields) = p.ty.named().and_then(|n| {
        api.types.iter().find_map(|t| match &t.kind {
            TypeKind::Struct(s) if t.name == n => Some(&s.fields),
            _ => None,
        })
    }) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| {
            let location = match f.location {
                Location::Query => quote!(Location::Query),
                Location::Header => quote!(Location::Header),
                Location::Cookie => quote!(Location::Cookie),
                Location::Body => return None,
            };
            let encoding = p
                .encodings
                .iter()
                .find(|(name, _)| *name == f.name)
                .map(|(_, e)| *e);
            let (list, inner) = match strip_nullable(&f.ty) {
                TypeRef::Array(inner) => (true, strip_nullable(inner)),
                other => (false, other),
            };
            let json = encoding.is_some_and(|e| e.json);
            let shape = if json {
                quote!(Shape::Json)
            } else {
                shape(api, inner, 0)
            };
            let list = list && !json;
            let explode = encoding.is_none_or(|e| e.explode);
            let separator = match encoding.map(|e| e.style) {
                Some(Style::SpaceDelimited) => ' ',
                Some(Style::PipeDelimited) => '|',
                Some(Style::DeepObject) => '[',
                _ => ',',
            };
            let name = &f.wire_name;
            let key = f.serde_key();
            let fields = object_fields(api, inner)
                .filter(|_| separator == '[')
                .unwrap_or_default();
            Some(quote! {
                Param {
                    name: #name,
                    key: #key,
                    location: #location,
                    shape: #shape,
                    list: #list,
                    explode: #explode,
                    separator: #separator,
                    fields: &[#(#fields),*],
                }
            })
        })
        .collect()
}

/// A struct's properties and how each is read (a deepObject parameter's).
fn object_fields(api: &Api, t: &TypeRef) -> Option<Vec<TokenStream>> {
    let name = match t {
        TypeRef::Named(n) => n,
        _ => return None,
    };
    api.types.iter().find_map(|d| match &d.kind {
        TypeKind::Struct(s) if &d.name == name => Some(
            s.fields
                .iter()
                .map(|f| {
                    let wire = &f.wire_name;
                    let shape = shape(api, &f.ty, 0);
                    quote!((#wire, #shape))
                })
                .collect(),
        ),
        _ => None,
    })
}

fn strip_nullable(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Nullable(inner) => strip_nullable(inner),
        other => other,
    }
}

/// How a parameter's text is read: numbers and booleans parsed, strings
/// (enums, dates, UUIDs) kept, objects and unions read as JSON when they
/// are JSON.
fn shape(api: &Api, t: &TypeRef, depth: usize) -> TokenStream {
    match strip_nullable(t) {
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => quote!(Shape::Number),
        TypeRef::Boolean => quote!(Shape::Bool),
        TypeRef::Named(n) => match api.types.iter().find(|d| &d.name == n).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => quote!(Shape::Text),
            Some(TypeKind::Alias(inner)) if depth < 8 => shape(api, inner, depth + 1),
            _ => quote!(Shape::Json),
        },
        TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::Json => quote!(Shape::Json),
        _ => quote!(Shape::Text),
    }
}

/// The README section's account of the fake server, before the
/// `Cargo.toml` lines that enable it.
const TESTING_INTRO: &str = concat!(
    "## Testing your code\n\n",
    "The feature `test-doubles` (off by default: enable it in your `[dev-dependencies]`) adds `doubles::FakeServer`, a typed fake of this API on `127.0.0.1`, for the tests of your code that calls the client; `server.client()` is a client pointed at it (`server.client_builder()` to set timeouts and retries). ",
    "It has one method per operation, named as the client's, which expects calls of it: match the request's body and parameters decoded into the operation's types (`.when`, `.when_params`) and its path parameters (`.path_param`), and answer with the typed success body and the spec's success status (`.respond`), an error status and a typed body (`.respond_error`), a status alone (`.respond_status`), after a delay (`.delay`), or close the connection without answering (`.drop_connection`). ",
    "`.times(n)` answers at most `n` requests, and `server.verify()` (or dropping the server) panics unless it answered exactly `n`; the returned mock has the requests it answered (`.received()`, `.bodies()`). ",
    "A request that no expectation matches is answered 404, with a body that names its method and path and says why each expectation did not match. ",
    "Form, multipart, binary and JSON Lines request bodies, and binary, event-stream or JSON Lines successes, are not typed: `.when_request` sees the raw request, and `.respond_raw` answers any bytes.\n\n",
);

/// The README's section on the fake server, with an example (a doc test,
/// through `lib.rs`) when an operation is simple to call: no path
/// parameters, no parameters, a body with a default or none, a success of
/// one JSON type or without a body.
pub fn readme_section(api: &Api, info: &super::CrateInfo) -> String {
    if api.operations.is_empty() {
        return String::new();
    }
    let name = &info.package_name;
    let lib = info.lib_name();
    let mut out = format!(
        "{TESTING_INTRO}```toml\n[dev-dependencies]\n{name} = {{ path = \"vendor/{name}\", features = [\"test-doubles\"] }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n```\n\n"
    );
    if let Some(example) = example(api, &lib) {
        out.push_str(&format!("```rust\n{example}\n```\n\n"));
    }
    out
}

/// The operation of the fake server's example, with its index: the first
/// that is simple to call (see [`readme_section`]).
fn example_operation(api: &Api) -> Option<(usize, &Operation)> {
    let defaultable = |t: &TypeRef| {
        t.named().is_some_and(|n| {
            api.types.iter().any(|d| {
                d.name == n
                    && matches!(&d.kind, TypeKind::Struct(s) if s.default != crate::ir::DefaultImpl::None)
            })
        })
    };
    api.operations.iter().enumerate().find(|(_, op)| {
        let body = match &op.body {
            None => true,
            Some(b) => b.media.is_json() && matches!(b.ty, TypeRef::Named(_)) && defaultable(&b.ty),
        };
        let success = op.response_enum.is_none()
            && matches!(
                op.successes.first().map(|s| &s.body),
                Some(None | Some(Body::Json(TypeRef::Named(_))))
            );
        op.path_params.is_empty() && op.params.is_none() && body && success
    })
}

/// The fake server's example: a test that answers the example operation's
/// first call with a 429 and its retry with the success.
fn example(api: &Api, lib: &str) -> Option<String> {
    let names = method_names(api);
    let (i, op) = example_operation(api)?;
    let method = op.method_name.trim_start_matches("r#");
    let expect = names.get(i)?.trim_start_matches("r#");
    let success = op
        .successes
        .first()
        .and_then(|s| s.body.as_ref())
        .and_then(Body::json)
        .and_then(TypeRef::named)
        .map(|n| n.trim_start_matches("r#").to_owned());
    let body = op
        .body
        .as_ref()
        .and_then(|b| b.ty.named())
        .map(|n| n.trim_start_matches("r#").to_owned());
    let mut imports: Vec<String> = body.iter().chain(success.iter()).cloned().collect();
    imports.sort();
    imports.dedup();
    let mut lines = vec![format!("use {lib}::doubles::FakeServer;")];
    match imports.as_slice() {
        [] => {}
        [one] => lines.push(format!("use {lib}::types::{one};")),
        many => lines.push(format!("use {lib}::types::{{{}}};", many.join(", "))),
    }
    lines.push(String::new());
    lines.push("// In your tests: `#[tokio::test] async fn ...`.".to_owned());
    match &success {
        Some(t) => lines.push(format!("async fn answers_with(expected: {t}) {{")),
        None => lines.push("async fn answers() {".to_owned()),
    }
    lines.push("    let server = FakeServer::start().await;".to_owned());
    lines.push(
        "    // The first call is refused with a 429, which the client retries ...".to_owned(),
    );
    lines.push(format!(
        "    server.{expect}().times(1).respond_status(429);"
    ));
    lines.push("    // ... and the retry gets this answer.".to_owned());
    lines.push("    let mock = server".to_owned());
    lines.push(format!("        .{expect}()"));
    if let Some(b) = &body {
        lines.push(format!(
            "        .when(|body: &{b}| *body == {b}::default())"
        ));
    }
    lines.push("        .times(1)".to_owned());
    lines.push(if success.is_some() {
        "        .respond(&expected);".to_owned()
    } else {
        "        .respond_ok();".to_owned()
    });
    lines.push(String::new());
    lines.push("    let client = server.client();".to_owned());
    let arg = body.map(|b| format!("&{b}::default()")).unwrap_or_default();
    let call = format!("client.{method}({arg}).await.unwrap()");
    if success.is_some() {
        lines.push(format!("    let answer = {call};"));
        lines.push("    assert_eq!(answer, expected);".to_owned());
    } else {
        lines.push(format!("    {call};"));
    }
    lines.push("    assert_eq!(mock.hits(), 1);".to_owned());
    lines.push("    server.verify();".to_owned());
    lines.push("}".to_owned());
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    /// A spec whose operations are named as the fake server's own methods.
    const SPEC: &str = r#"
openapi: 3.0.3
info: { title: Names, version: 1.0.0 }
paths:
  /verify:
    get:
      operationId: verify
      responses: { "204": { description: ok } }
  /expect-verify:
    get:
      operationId: expect_verify
      responses: { "204": { description: ok } }
  /start:
    post:
      operationId: start
      responses: { "204": { description: ok } }
"#;

    #[test]
    fn operations_named_as_the_server_s_methods_get_expect_before_them() {
        let generated = crate::generate(&crate::Input {
            text: SPEC,
            spec_display: "names.yaml",
            sources: None,
            package_name: None,
            select: Vec::new(),
            overlays: &[],
        })
        .unwrap();
        let doubles = &generated.files["src/doubles.rs"];
        for name in ["expect_verify", "expect_expect_verify", "expect_start"] {
            assert!(doubles.contains(&format!("pub fn {name}(")), "{name}");
        }
        assert!(!doubles.contains("pub fn verify(&self) -> Expect"));
        // The client keeps its names.
        assert!(generated.files["src/client.rs"].contains("pub fn verify<'a>("));
    }
}
