//! Swagger 2.0 paths, operations, parameters and responses in OpenAPI 3.0
//! form.
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! |---|---|
//! | a query, path or header parameter | the same, its value keywords in `schema`, `collectionFormat` as `style`/`explode` |
//! | `in: body` | `requestBody`, one content per `consumes` (the operation's, else the document's; else JSON) |
//! | `in: formData` | a `requestBody` of `application/x-www-form-urlencoded`, or `multipart/form-data` when a parameter is a `file` or `consumes` says so; arrays' `collectionFormat` in `encoding` |
//! | a path's `body` or `formData` parameter | the body of each of its operations that does not name it again |
//! | a response's `schema` | one content per `produces`; a `file` is a binary body |
//! | a response's `examples` (by media type) | the `example` of that content |
//! | a response's `headers` | headers with a `schema` |

use super::schema::{self, collection_format, local_ref, text, value_schema, Place};
use super::Cx;
use crate::diag::Pointer;
use serde_json::{Map, Value};

use crate::load::METHODS;

/// A body or form parameter, as written, with where it is.
type Found = (Map<String, Value>, Pointer);

pub(super) fn path_item(item: &mut Value, ptr: &Pointer, cx: &mut Cx) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if item.contains_key("$ref") {
        return;
    }
    let mut shared = Vec::new();
    if let Some(Value::Array(params)) = item.shift_remove("parameters") {
        let kept = parameters(params, &ptr.push("parameters"), &mut shared, cx);
        if !kept.is_empty() {
            item.insert("parameters".into(), Value::Array(kept));
        }
    }
    for method in METHODS {
        if let Some(Value::Object(op)) = item.get_mut(*method) {
            operation(op, &shared, &ptr.push(method), cx);
        }
    }
}

/// The 3.0 form of a list of parameters; the body and form ones are left
/// out, into `bodies`.
fn parameters(
    params: Vec<Value>,
    ptr: &Pointer,
    bodies: &mut Vec<Found>,
    cx: &mut Cx,
) -> Vec<Value> {
    let mut kept = Vec::new();
    for (i, p) in params.into_iter().enumerate() {
        let at = ptr.push(i);
        match cx.resolved(&p) {
            Some(raw) if matches!(location(&raw), "body" | "formData") => {
                bodies.push((raw, at));
                continue;
            }
            _ => {}
        }
        // Recorded when it moved, or was copied from another file.
        cx.jump(&ptr.push(kept.len()), &at);
        kept.push(parameter(p, &at, cx));
    }
    kept
}

fn location(p: &Map<String, Value>) -> &str {
    p.get("in").and_then(Value::as_str).unwrap_or_default()
}

fn name(p: &Map<String, Value>) -> &str {
    p.get("name").and_then(Value::as_str).unwrap_or_default()
}

fn operation(op: &mut Map<String, Value>, shared: &[Found], ptr: &Pointer, cx: &mut Cx) {
    let consumes = media_types(op.shift_remove("consumes"), &cx.consumes);
    let produces = media_types(op.shift_remove("produces"), &cx.produces);
    if let Some(schemes) = op.shift_remove("schemes") {
        if Some(&schemes) != cx.schemes.as_ref() {
            cx.warn(
                &ptr.push("schemes"),
                "an operation's own `schemes` cannot be said in OpenAPI 3 here: the operation is called on the document's servers",
                "call it with a client whose base URL has the scheme it needs",
            );
        }
    }
    let mut bodies = Vec::new();
    let mut named = Vec::new();
    if let Some(Value::Array(params)) = op.shift_remove("parameters") {
        for p in &params {
            if let Some(raw) = cx.resolved(p) {
                named.push((name(&raw).to_owned(), location(&raw).to_owned()));
            }
        }
        let kept = parameters(params, &ptr.push("parameters"), &mut bodies, cx);
        if !kept.is_empty() {
            op.insert("parameters".into(), Value::Array(kept));
        }
    }
    for (raw, at) in shared {
        let key = (name(raw).to_owned(), location(raw).to_owned());
        if !named.contains(&key) {
            bodies.push((raw.clone(), at.clone()));
        }
    }
    let (body, form): (Vec<Found>, Vec<Found>) =
        bodies.into_iter().partition(|(p, _)| location(p) == "body");
    if let Some((first, rest)) = body.split_first() {
        for (_, at) in rest {
            cx.warn(
                at,
                "an operation has one body: this second `in: body` parameter is ignored",
                "keep one body parameter",
            );
        }
        if let Some((_, at)) = form.first() {
            cx.warn(
                at,
                "an operation with an `in: body` parameter has no form: this `in: formData` parameter is ignored",
                "keep either the body parameter or the form parameters",
            );
        }
        let b = request_body(first, &consumes, &ptr.push("requestBody"), cx);
        op.insert("requestBody".into(), b);
    } else if !form.is_empty() {
        let b = form_body(&form, &consumes, &ptr.push("requestBody"), cx);
        op.insert("requestBody".into(), b);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (status, r) in responses.iter_mut() {
            response(r, &produces, &ptr.push("responses").push(status), cx);
        }
    }
}

/// The media types listed in `consumes`/`produces`, else the document's.
fn media_types(list: Option<Value>, document: &[String]) -> Vec<String> {
    match list {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => document.to_vec(),
    }
}

/// A non-body parameter (or a reference to one) in 3.0 form.
pub(super) fn parameter(p: Value, ptr: &Pointer, cx: &mut Cx) -> Value {
    let Value::Object(raw) = p else { return p };
    if let Some(Value::String(reference)) = raw.get("$ref") {
        let mut out = raw.clone();
        out.insert("$ref".into(), Value::String(local_ref(reference)));
        return Value::Object(out);
    }
    let place = match location(&raw) {
        "path" => Place::Path,
        "header" => Place::Header,
        _ => Place::Query,
    };
    let mut out = Map::new();
    for (k, v) in &raw {
        let moved = k == "collectionFormat" || schema::is_value_keyword(k);
        if moved || (k == "allowEmptyValue" && place != Place::Query) {
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    if raw.contains_key("allowEmptyValue") && place != Place::Query {
        cx.warn(
            &ptr.push("allowEmptyValue"),
            "`allowEmptyValue` is said of query parameters only in OpenAPI 3: it is ignored here",
            "remove it",
        );
    }
    if raw.get("type").and_then(Value::as_str) == Some("file") {
        cx.warn(
            &ptr.push("type"),
            "`type: file` is a form parameter's type: this parameter is sent as a string",
            "make it `in: formData`, or give it `type: string`",
        );
    }
    if raw.get("type").and_then(Value::as_str) == Some("array") {
        let (style, explode) = collection_format(raw.get("collectionFormat"), place, ptr, cx);
        out.insert("style".into(), Value::String(style.into()));
        out.insert("explode".into(), Value::Bool(explode));
    }
    out.insert("schema".into(), value_schema(&raw, ptr, cx));
    cx.jump(&ptr.push("schema"), ptr);
    Value::Object(out)
}

/// An `in: body` parameter as a request body, one content per media type.
fn request_body(body: &Found, consumes: &[String], ptr: &Pointer, cx: &mut Cx) -> Value {
    let (raw, at) = body;
    let mut s = raw.get("schema").cloned().unwrap_or_else(|| {
        cx.warn(
            at,
            "an `in: body` parameter without a `schema`: the body is any JSON value",
            "give the parameter a `schema`",
        );
        Value::Object(Map::new())
    });
    schema::schema(&mut s, &at.push("schema"), cx);
    cx.jump(ptr, at);
    let mut content = Map::new();
    let json = ["application/json".to_owned()];
    for media in if consumes.is_empty() { &json } else { consumes } {
        let mut m = Map::new();
        m.insert("schema".into(), s.clone());
        content.insert(media.clone(), Value::Object(m));
        cx.jump(&at.push("content").push(media), at);
    }
    let mut out = Map::new();
    for (k, v) in raw {
        if k == "description" || k == "required" || k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    out.insert("content".into(), Value::Object(content));
    Value::Object(out)
}

/// The `in: formData` parameters as one form or multipart body: an object
/// with a property per parameter.
fn form_body(form: &[Found], consumes: &[String], ptr: &Pointer, cx: &mut Cx) -> Value {
    const MULTIPART: &str = "multipart/form-data";
    let multipart = consumes.iter().any(|c| c == MULTIPART)
        || form
            .iter()
            .any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
    let media = if multipart {
        MULTIPART
    } else {
        "application/x-www-form-urlencoded"
    };
    let place = if multipart {
        Place::Multipart
    } else {
        Place::Form
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    let properties_ptr = ptr
        .push("content")
        .push(media)
        .push("schema")
        .push("properties");
    for (raw, at) in form {
        let name = name(raw).to_owned();
        let mut s = value_schema(raw, at, cx);
        if let (Some(d), Some(o)) = (raw.get("description"), s.as_object_mut()) {
            o.insert("description".into(), d.clone());
        }
        if raw.get("type").and_then(Value::as_str) == Some("array") {
            let (style, explode) = collection_format(raw.get("collectionFormat"), place, at, cx);
            if !multipart {
                let e = Map::from_iter([
                    ("style".to_owned(), Value::String(style.into())),
                    ("explode".to_owned(), Value::Bool(explode)),
                ]);
                encoding.insert(name.clone(), Value::Object(e));
            }
        }
        if raw.contains_key("allowEmptyValue") {
            cx.warn(
                &at.push("allowEmptyValue"),
                "`allowEmptyValue` has no OpenAPI 3 form for a form's field: it is ignored",
                "remove it",
            );
        }
        if raw.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.clone()));
        }
        cx.jump(&properties_ptr.push(&name), at);
        properties.insert(name, s);
    }
    let mut s = Map::new();
    s.insert("type".into(), Value::String("object".into()));
    s.insert("properties".into(), Value::Object(properties));
    let any_required = !required.is_empty();
    if any_required {
        s.insert("required".into(), Value::Array(required));
    }
    let mut m = Map::new();
    m.insert("schema".into(), Value::Object(s));
    if !encoding.is_empty() {
        m.insert("encoding".into(), Value::Object(encoding));
    }
    let mut out = Map::new();
    if any_required {
        out.insert("required".into(), Value::Bool(true));
    }
    let content = Map::from_iter([(media.to_owned(), Value::Object(m))]);
    out.insert("content".into(), Value::Object(content));
    Value::Object(out)
}

/// A response (or a reference to one) in 3.0 form, its body in each of
/// `produces`.
pub(super) fn response(r: &mut Value, produces: &[String], ptr: &Pointer, cx: &mut Cx) {
    let Some(obj) = r.as_object_mut() else { return };
    if let Some(Value::String(reference)) = obj.get_mut("$ref") {
        *reference = local_ref(reference);
        return;
    }
    obj.entry("description")
        .or_insert_with(|| Value::String(String::new()));
    let examples = obj.shift_remove("examples");
    let mut content = Map::new();
    if let Some(mut s) = obj.shift_remove("schema") {
        let file = s.get("type").and_then(Value::as_str) == Some("file");
        schema::schema(&mut s, &ptr.push("schema"), cx);
        let mut media: Vec<String> = produces
            .iter()
            .filter(|m| !file || !is_json(m))
            .cloned()
            .collect();
        if media.is_empty() {
            let fallback = if file {
                "application/octet-stream"
            } else {
                "application/json"
            };
            media.push(fallback.to_owned());
        }
        for m in media {
            let mut o = Map::new();
            o.insert("schema".into(), s.clone());
            cx.jump(&ptr.push("content").push(&m), ptr);
            content.insert(m, Value::Object(o));
        }
    }
    if let Some(Value::Object(examples)) = examples {
        for (media, example) in examples {
            match content.get_mut(&media).and_then(Value::as_object_mut) {
                Some(m) => {
                    m.insert("example".into(), example);
                }
                None => cx.warn(
                    &ptr.push("examples").push(&media),
                    format!("an example of `{media}`, a media type this response does not have: it is ignored"),
                    "list the media type in `produces`, or remove the example",
                ),
            }
        }
    }
    if !content.is_empty() {
        obj.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = obj.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            header(h, &ptr.push("headers").push(name), cx);
        }
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// A response header: its value keywords in a `schema`.
fn header(h: &mut Value, ptr: &Pointer, cx: &mut Cx) {
    let Some(raw) = h.as_object() else { return };
    let mut out = Map::new();
    for (k, v) in raw {
        if k == "description" || k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    if raw.get("type").and_then(Value::as_str) == Some("array") {
        let format = raw.get("collectionFormat");
        if format.is_some_and(|f| text(f) != "csv") {
            collection_format(format, Place::Header, ptr, cx);
        }
    }
    out.insert("schema".into(), value_schema(raw, ptr, cx));
    cx.jump(&ptr.push("schema"), ptr);
    *h = Value::Object(out);
}
