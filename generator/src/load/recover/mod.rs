//! Recovery per element: a document with a malformed element still loads.
//!
//! `openapiv3` refuses a whole document for one element of the wrong shape
//! (a string where an object belongs, a parameter without `in`,
//! `properties: []`). When it does, each element is checked on its own,
//! deepest first, and repaired or left out with a warning at its pointer:
//!
//! | Element | What is wrong | What happens |
//! |---|---|---|
//! | a keyword of a schema (`properties: []`, `minimum: {…}`) | its value has the wrong shape | the keyword is dropped: the schema accepts more, never less |
//! | a schema that cannot be read even so | | it becomes `{}`, any JSON value (`serde_json::Value`) |
//! | a keyword of another element (`description: {…}`, a response's `links: 5`) | the same | the keyword is dropped, the element kept |
//! | a response, parameter or header without its `description` | a required field that only documents is missing | it is taken as empty |
//! | an operation (`/paths/{path}/{method}`) | it cannot be read without what is wrong (a parameter without `in`, no `responses`) | the operation is left out; the others are generated |
//! | a path item, server, tag or security requirement | the same | left out |
//! | a component other than a schema (parameter, response, …) | the same | left out, and with it every operation and component that refers to it, each with a warning |
//!
//! A keyword that says what is sent or which element this is (`in`, `name`,
//! `$ref`, `parameters`, `responses`, …) is never dropped to repair an
//! element: the element is left out instead, as a wrong request is worse
//! than a missing method. The document fails only when nothing usable is
//! left (no operation, no webhook and no schema) or its top level
//! (`openapi`, `info`, `paths`) is wrong.

mod element;
mod schema;

use crate::diag::{escape_token, unescape_token};
use crate::diag::{Diagnostic, Diagnostics, Pointer};
use element::{element, Unreadable};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;

use super::METHODS;

/// Members never descended into when looking for schemas: their values are
/// data (an example may well have a member called `schema`).
const DATA: &[&str] = &["example", "examples", "default", "enum", "value"];

/// Deserialises the document, repairing or leaving out the elements that
/// stop it (each with a warning); the error is that of the whole document
/// when repairs cannot help.
pub(super) fn deserialize(
    doc: &mut Value,
    diags: &mut Diagnostics,
) -> Result<openapiv3::OpenAPI, Diagnostic> {
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(&*doc) {
        return Ok(openapi);
    }
    let first = diags.len();
    let dropped = repair(doc, diags);
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&*doc) {
        Ok(openapi) if dropped && nothing_usable(&openapi) => Err(Diagnostic::error(
            diags.get(first).map(|d| d.pointer.clone()).unwrap_or_default(),
            format!(
                "nothing usable is left in the document once its malformed elements are left out; the first: {}",
                diags.get(first).map(|d| d.message.as_str()).unwrap_or_default()
            ),
        )
        .with_help("the warnings above name each malformed element; correct them in the spec, or with an overlay")),
        Ok(openapi) => Ok(openapi),
        Err(e) => Err(Diagnostic::error(
            path_to_pointer(e.path()),
            format!(
                "the document does not have the shape of an OpenAPI document here: {}",
                e.inner()
            ),
        )
        .with_help("compare this element with the OpenAPI specification; a validator such as `npx @redocly/cli lint` shows the same problem")),
    }
}

fn nothing_usable(openapi: &openapiv3::OpenAPI) -> bool {
    let operations = openapi.paths.paths.values().any(|item| match item {
        openapiv3::ReferenceOr::Item(item) => item.iter().next().is_some(),
        openapiv3::ReferenceOr::Reference { .. } => true,
    });
    let schemas = openapi
        .components
        .as_ref()
        .is_some_and(|c| !c.schemas.is_empty());
    let webhooks = openapi.extensions.keys().any(|k| k.contains("webhooks"));
    !(operations || schemas || webhooks)
}

/// Checks every element that can be repaired or left out, deepest first;
/// returns whether any was left out.
fn repair(doc: &mut Value, diags: &mut Diagnostics) -> bool {
    use openapiv3::{
        Callback, Example, Header, Link, Operation, Parameter, PathItem, RequestBody, Response,
        SecurityRequirement, SecurityScheme, Server, Tag,
    };
    use Unreadable::{Drop, Leave};
    schemas(doc, diags);
    let root = Pointer::root();
    let mut gone = BTreeSet::new();
    for path in keys(doc.get("paths")) {
        let item = root.push("paths").push(path);
        for method in METHODS {
            let op = item.push(method);
            operation_parts(doc, &op, diags);
            element::<Operation>(doc, &op, Drop, diags, &mut gone);
        }
        for i in 0..len(doc.pointer(item.push("parameters").as_str())) {
            let at = item.push("parameters").push(i);
            element::<Parameter>(doc, &at, Leave, diags, &mut gone);
        }
        element::<PathItem>(doc, &item, Drop, diags, &mut gone);
    }
    let components = root.push("components");
    type Check = fn(&mut Value, &Pointer, Unreadable, &mut Diagnostics, &mut BTreeSet<String>);
    let sections: [(&str, Check); 8] = [
        ("parameters", element::<Parameter>),
        ("headers", element::<Header>),
        ("requestBodies", element::<RequestBody>),
        ("responses", element::<Response>),
        ("examples", element::<Example>),
        ("links", element::<Link>),
        ("callbacks", element::<Callback>),
        ("securitySchemes", element::<SecurityScheme>),
    ];
    for (section, check) in sections {
        let names = keys(doc.get("components").and_then(|c| c.get(section)));
        for name in names {
            check(
                doc,
                &components.push(section).push(name),
                Drop,
                diags,
                &mut gone,
            );
        }
    }
    for (list, check) in [
        ("servers", element::<Server> as Check),
        ("tags", element::<Tag>),
        ("security", element::<SecurityRequirement>),
    ] {
        // From the end, so a dropped item does not move those still to check.
        for i in (0..len(doc.get(list))).rev() {
            check(doc, &root.push(list).push(i), Drop, diags, &mut gone);
        }
    }
    let components_gone = gone.iter().any(|p| p.starts_with("/components/"));
    if components_gone {
        cascade(doc, &mut gone, diags);
    }
    !gone.is_empty()
}

/// The parts of an operation that are elements of their own: its
/// parameters, request body and responses. A part that cannot be read is
/// left for the operation (which is then left out).
fn operation_parts(doc: &mut Value, op: &Pointer, diags: &mut Diagnostics) {
    use openapiv3::{Parameter, RequestBody, Response};
    let mut gone = BTreeSet::new();
    for i in 0..len(doc.pointer(op.push("parameters").as_str())) {
        let at = op.push("parameters").push(i);
        element::<Parameter>(doc, &at, Unreadable::Leave, diags, &mut gone);
    }
    element::<RequestBody>(
        doc,
        &op.push("requestBody"),
        Unreadable::Leave,
        diags,
        &mut gone,
    );
    for status in keys(doc.pointer(op.push("responses").as_str())) {
        let at = op.push("responses").push(status);
        element::<Response>(doc, &at, Unreadable::Leave, diags, &mut gone);
    }
}

/// Repairs every schema: the components' and those written in place (a
/// parameter's, header's or media type's `schema`).
fn schemas(doc: &mut Value, diags: &mut Diagnostics) {
    let mut places = Vec::new();
    let names = keys(doc.pointer("/components/schemas"));
    places.extend(
        names
            .iter()
            .map(|n| format!("/components/schemas/{}", escape_token(n))),
    );
    for key in ["paths", "components"] {
        if let Some(v) = doc.get(key) {
            schema_places(v, &mut format!("/{key}"), &mut places);
        }
    }
    for at in places {
        schema::repair_schema(doc, &at, diags);
    }
}

/// The pointers of the `schema` members below `v` (not inside schemas or
/// data, not in `components/schemas`).
fn schema_places(v: &Value, at: &mut String, places: &mut Vec<String>) {
    let Some(object) = v.as_object() else {
        if let Value::Array(list) = v {
            for (i, item) in list.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                schema_places(item, at, places);
                at.truncate(len);
            }
        }
        return;
    };
    for (key, value) in object {
        if DATA.contains(&key.as_str())
            || key.starts_with("x-")
            || at == "/components" && key == "schemas"
        {
            continue;
        }
        let len = at.len();
        at.push('/');
        at.push_str(&escape_token(key));
        if key == "schema" {
            places.push(at.clone());
        } else {
            schema_places(value, at, places);
        }
        at.truncate(len);
    }
}

/// Leaves out every operation and component that refers to an element
/// left out, until none does.
fn cascade(doc: &mut Value, gone: &mut BTreeSet<String>, diags: &mut Diagnostics) {
    loop {
        let refs: BTreeSet<String> = gone.iter().map(|p| format!("#{p}")).collect();
        let mut users = Vec::new();
        for section in keys(doc.get("components")) {
            let at = format!("/components/{}", escape_token(&section));
            for name in keys(doc.pointer(&at)) {
                users.push(format!("{at}/{}", escape_token(&name)));
            }
        }
        for path in keys(doc.get("paths")) {
            let item = format!("/paths/{}", escape_token(&path));
            for method in METHODS {
                users.push(format!("{item}/{method}"));
            }
        }
        let mut more = false;
        for at in users {
            let Some(used) = doc.pointer(&at).and_then(|v| refers_to(v, &refs)) else {
                continue;
            };
            if let Some((parent, key)) = at.rsplit_once('/') {
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    map.shift_remove(&unescape_token(key));
                }
            }
            diags.push(
                Diagnostic::warning(
                    at.clone(),
                    format!("this element refers to `{used}`, which is left out (see its warning); it is left out too"),
                )
                .with_help("correct the element it refers to, and this one is generated again"),
            );
            gone.insert(at);
            more = true;
        }
        if !more {
            return;
        }
    }
}

/// The first `$ref` below `v` that is one of `refs`.
fn refers_to(v: &Value, refs: &BTreeSet<String>) -> Option<String> {
    match v {
        Value::Object(map) => map.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("$ref", Value::String(r)) if refs.contains(r) => Some(r.clone()),
            _ => refers_to(v, refs),
        }),
        Value::Array(list) => list.iter().find_map(|v| refers_to(v, refs)),
        _ => None,
    }
}

/// The keys of an object (none for anything else).
fn keys(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// The length of a list (0 for anything else).
fn len(value: Option<&Value>) -> usize {
    value.and_then(Value::as_array).map_or(0, Vec::len)
}

pub(super) fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer,
        };
    }
    pointer
}

#[cfg(test)]
mod tests;
