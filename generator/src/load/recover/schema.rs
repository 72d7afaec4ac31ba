//! Repairing a schema keyword by keyword.

use crate::diag::escape_token;
use crate::diag::{Diagnostic, Diagnostics};
use serde::Deserialize;
use serde_json::Value;

/// The keywords of a schema whose values are schemas, and lists and maps of
/// them (those `openapiv3` reads).
const SUBSCHEMA_SINGLES: &[&str] = &["items", "additionalProperties", "not"];
const SUBSCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];
const SUBSCHEMA_MAPS: &[&str] = &["properties"];

/// Repairs the schema at `at` so that it can be read: its subschemas first,
/// then each keyword whose value `openapiv3` cannot read beside the schema's
/// `type` alone is dropped; a schema still unreadable becomes `{}` (any
/// value). Each repair is a warning. Returns whether anything changed.
///
/// `openapiv3` reads a schema through untagged, flattened enums, so its
/// errors do not say which keyword is wrong: each keyword is tried on its
/// own instead.
pub(super) fn repair_schema(doc: &mut Value, at: &str, diags: &mut Diagnostics) -> bool {
    use openapiv3::{ReferenceOr, Schema};
    let readable = |v: &Value| ReferenceOr::<Schema>::deserialize(v).is_ok();
    let Some(value) = doc.pointer(at) else {
        return false;
    };
    if readable(value) {
        return false;
    }
    let Some(object) = value.as_object() else {
        return replace_schema(doc, at, "it is not an object", diags);
    };
    let mut children = Vec::new();
    for (key, v) in object {
        let here = format!("{at}/{}", escape_token(key));
        match v {
            Value::Object(map) if SUBSCHEMA_MAPS.contains(&key.as_str()) => {
                children.extend(
                    map.keys()
                        .map(|name| format!("{here}/{}", escape_token(name))),
                );
            }
            Value::Array(list) if SUBSCHEMA_LISTS.contains(&key.as_str()) => {
                children.extend((0..list.len()).map(|i| format!("{here}/{i}")));
            }
            Value::Object(_) if SUBSCHEMA_SINGLES.contains(&key.as_str()) => children.push(here),
            _ => {}
        }
    }
    for child in children {
        repair_schema(doc, &child, diags);
    }
    let Some(Value::Object(object)) = doc.pointer(at) else {
        return true;
    };
    if readable(&Value::Object(object.clone())) {
        return true;
    }
    // Each keyword beside `type` alone (or alone, for `type` itself).
    let ty = object.get("type").cloned();
    let mut malformed = Vec::new();
    for (key, v) in object {
        let mut alone = serde_json::Map::new();
        if let (Some(ty), false) = (&ty, key == "type") {
            alone.insert("type".into(), ty.clone());
        }
        alone.insert(key.clone(), v.clone());
        if !readable(&Value::Object(alone)) {
            malformed.push(key.clone());
        }
    }
    if let Some(Value::Object(object)) = doc.pointer_mut(at) {
        for key in &malformed {
            object.shift_remove(key);
        }
    }
    for key in &malformed {
        diags.push(
            Diagnostic::warning(
                format!("{at}/{}", escape_token(key)),
                "this keyword of a schema does not have the shape OpenAPI gives it; it is dropped, and the schema accepts what it would otherwise have limited",
            )
            .with_help("correct the keyword in the spec (or with an overlay) to have it used"),
        );
    }
    match doc.pointer(at) {
        Some(v) if readable(v) => true,
        _ => replace_schema(doc, at, "its keywords do not fit together", diags),
    }
}

/// Replaces the schema at `at` with `{}`, with a warning saying why.
pub(super) fn replace_schema(
    doc: &mut Value,
    at: &str,
    why: &str,
    diags: &mut Diagnostics,
) -> bool {
    match doc.pointer_mut(at) {
        Some(slot) => *slot = Value::Object(serde_json::Map::new()),
        None => return false,
    }
    diags.push(
        Diagnostic::warning(
            at,
            format!("this schema cannot be read ({why}); it is generated as any JSON value (`serde_json::Value`)"),
        )
        .with_help("correct the schema in the spec (or with an overlay) to have it typed"),
    );
    true
}
