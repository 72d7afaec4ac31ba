//! Swagger 2.0 schemas and the schema-like keywords of parameters, items
//! and headers, in OpenAPI 3.0 form; and what `collectionFormat` becomes.
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! |---|---|
//! | `$ref: '#/definitions/X'` (`#/parameters/X`, `#/responses/X`) | `#/components/schemas/X` (`parameters`, `responses`) |
//! | `x-nullable: true` | `nullable: true` |
//! | `type: file` | `type: string, format: binary` |
//! | `discriminator: name` | `discriminator: {propertyName: name}` |
//! | a parameter's or header's `type`, `items`, bounds… | its `schema` |

use super::Cx;
use crate::diag::Pointer;
use serde_json::{Map, Value};

/// The keywords of a non-body parameter, an `items` object or a header that
/// describe its value: they move into its `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Whether `key` is one of a parameter's value keywords (they move into its `schema`).
pub(super) fn is_value_keyword(key: &str) -> bool {
    VALUE_KEYWORDS.contains(&key)
}

/// A local reference of the 2.0 document, in its 3.0 place; another is kept.
pub(super) fn local_ref(reference: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

/// Rewrites one schema (and its subschemas) in place. Harmless on a schema
/// already rewritten.
pub(super) fn schema(value: &mut Value, ptr: &Pointer, cx: &mut Cx) {
    rewrite(value, ptr, false, cx);
}

/// [`schema`], `nested` in another schema (where a `file` is not a body).
fn rewrite(value: &mut Value, ptr: &Pointer, nested: bool, cx: &mut Cx) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    if let Some(Value::String(reference)) = obj.get_mut("$ref") {
        *reference = local_ref(reference);
    }
    if let Some(nullable) = obj.shift_remove("x-nullable") {
        if nullable == Value::Bool(true) {
            obj.insert("nullable".into(), Value::Bool(true));
        }
    }
    if obj.get("type").and_then(Value::as_str) == Some("file") {
        if nested {
            cx.warn(
                &ptr.push("type"),
                "`type: file` is a whole body or form field; inside another schema it is read as a string of `format: binary`",
                "give the property `type: string` (with `format: byte` for base64), or send the file as a form field",
            );
        }
        obj.insert("type".into(), Value::String("string".into()));
        obj.insert("format".into(), Value::String("binary".into()));
    }
    if let Some(Value::String(name)) = obj.get("discriminator") {
        let d = Map::from_iter([("propertyName".to_owned(), Value::String(name.clone()))]);
        obj.insert("discriminator".into(), Value::Object(d));
    }
    if let Some(Value::Object(properties)) = obj.get_mut("properties") {
        for (name, s) in properties.iter_mut() {
            rewrite(s, &ptr.push("properties").push(name), true, cx);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            for (i, s) in list.iter_mut().enumerate() {
                rewrite(s, &ptr.push(key).push(i), true, cx);
            }
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(s @ Value::Object(_)) = obj.get_mut(key) {
            rewrite(s, &ptr.push(key), true, cx);
        }
    }
}

/// The `schema` of a non-body parameter, an `items` object or a header:
/// its value keywords (`items` made a schema too, recursively). A nested
/// `collectionFormat` (an array inside an array) has no 3.0 form: warned.
pub(super) fn value_schema(source: &Map<String, Value>, ptr: &Pointer, cx: &mut Cx) -> Value {
    let mut out = Map::new();
    for key in VALUE_KEYWORDS {
        let Some(v) = source.get(*key) else { continue };
        if *key == "items" {
            let Some(items) = v.as_object() else {
                out.insert("items".into(), v.clone());
                continue;
            };
            let at = ptr.push("items");
            if let Some(format) = items.get("collectionFormat") {
                cx.warn(
                    &at.push("collectionFormat"),
                    format!("`collectionFormat: {}` of an array inside an array cannot be said in OpenAPI 3; the inner arrays are written as JSON", text(format)),
                    "send the inner arrays in another form, or describe the parameter with `content`",
                );
            }
            out.insert("items".into(), value_schema(items, &at, cx));
        } else {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    if let Some(Value::String(reference)) = source.get("$ref") {
        out.insert("$ref".into(), Value::String(local_ref(reference)));
    }
    let mut out = Value::Object(out);
    schema(&mut out, ptr, cx);
    out
}

/// Where a parameter is: `collectionFormat`'s meaning depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Query,
    Path,
    Header,
    Form,
    Multipart,
}

/// The 3.0 `style` and `explode` of an array written with
/// `collectionFormat` (absent: `csv`) at `place`; a format 3.0 cannot say
/// there is warned at `ptr` with the one used instead.
pub(super) fn collection_format(
    format: Option<&Value>,
    place: Place,
    ptr: &Pointer,
    cx: &mut Cx,
) -> (&'static str, bool) {
    let name = format.and_then(Value::as_str).unwrap_or("csv");
    let at = ptr.push("collectionFormat");
    let simple = matches!(place, Place::Path | Place::Header);
    match (name, place) {
        (_, Place::Multipart) => {
            if name != "multi" {
                cx.warn(
                    &at,
                    format!("`collectionFormat: {name}` in a multipart body cannot be said in OpenAPI 3: each item is sent as a part of its own (`multi`)"),
                    "write `collectionFormat: multi`, or send the items joined in one string parameter",
                );
            }
            ("form", true)
        }
        ("csv", _) if simple => ("simple", false),
        ("csv", _) => ("form", false),
        ("multi", Place::Query | Place::Form) => ("form", true),
        ("ssv", Place::Query | Place::Form) => ("spaceDelimited", false),
        ("pipes", Place::Query | Place::Form) => ("pipeDelimited", false),
        ("tsv", Place::Query | Place::Form) => {
            cx.warn(
                &at,
                "`collectionFormat: tsv` (items separated by tabs) has no OpenAPI 3 form: the items are sent separated by spaces (`spaceDelimited`), the nearest one",
                "check that the server accepts spaces, or send the items joined by tabs in one string parameter",
            );
            ("spaceDelimited", false)
        }
        _ => {
            let (style, joined) = if simple {
                ("simple", "commas (`simple`)")
            } else {
                ("form", "commas (`form`)")
            };
            cx.warn(
                &at,
                format!("`collectionFormat: {name}` cannot be said for a parameter in this place in OpenAPI 3: the items are sent separated by {joined}"),
                "check that the server accepts commas, or send the items joined in one string parameter",
            );
            (style, false)
        }
    }
}

/// A JSON value as short text, for messages.
pub(super) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use serde_json::json;

    fn run<T>(f: impl FnOnce(&mut Cx) -> T) -> (T, Vec<(String, String)>) {
        let mut diags = Diagnostics::default();
        let mut cx = Cx::new(&mut diags, "spec.yaml");
        let out = f(&mut cx);
        let found = diags
            .finish("spec.yaml")
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        (out, found)
    }

    #[test]
    fn refs_to_definitions_parameters_and_responses_move_into_components() {
        assert_eq!(local_ref("#/definitions/Pet"), "#/components/schemas/Pet");
        assert_eq!(
            local_ref("#/parameters/limit"),
            "#/components/parameters/limit"
        );
        assert_eq!(
            local_ref("#/responses/error"),
            "#/components/responses/error"
        );
        assert_eq!(
            local_ref("other.yaml#/definitions/Pet"),
            "other.yaml#/definitions/Pet"
        );
    }

    #[test]
    fn x_nullable_file_and_discriminator_become_3_0() {
        let mut s = json!({"type": "object", "discriminator": "kind", "properties": {
            "a": {"type": "integer", "x-nullable": true},
            "b": {"type": "string", "x-nullable": false},
            "r": {"$ref": "#/definitions/R"},
            "l": {"type": "array", "items": {"$ref": "#/definitions/R", "x-nullable": true}}}});
        let ((), warnings) = run(|cx| schema(&mut s, &Pointer::root(), cx));
        assert!(warnings.is_empty());
        assert_eq!(
            s,
            json!({"type": "object", "discriminator": {"propertyName": "kind"}, "properties": {
                "a": {"type": "integer", "nullable": true},
                "b": {"type": "string"},
                "r": {"$ref": "#/components/schemas/R"},
                "l": {"type": "array", "items": {"$ref": "#/components/schemas/R", "nullable": true}}}})
        );
        // A file inside another schema: binary, with a warning.
        let mut s = json!({"type": "object", "properties": {"f": {"type": "file"}}});
        let ((), warnings) = run(|cx| schema(&mut s, &Pointer::root(), cx));
        assert_eq!(
            s["properties"]["f"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(warnings[0].0, "/properties/f/type");
        // Again: nothing changes.
        let before = s.clone();
        run(|cx| schema(&mut s, &Pointer::root(), cx));
        assert_eq!(s, before);
    }

    #[test]
    fn a_parameters_value_keywords_make_its_schema() {
        let p = json!({"name": "ids", "in": "query", "type": "array", "maxItems": 3,
            "collectionFormat": "csv", "description": "d",
            "items": {"type": "array", "collectionFormat": "pipes", "items": {"type": "integer", "minimum": 1}}});
        let ptr = Pointer::root().push("parameters").push("ids");
        let (s, warnings) = run(|cx| value_schema(p.as_object().unwrap(), &ptr, cx));
        assert_eq!(
            s,
            json!({"type": "array", "items": {"type": "array", "items": {"type": "integer", "minimum": 1}}, "maxItems": 3})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, "/parameters/ids/items/collectionFormat");
    }

    #[test]
    fn collection_formats_become_styles() {
        let ptr = Pointer::root().push("p");
        let cases = [
            (None, Place::Query, ("form", false), 0),
            (Some("csv"), Place::Path, ("simple", false), 0),
            (Some("csv"), Place::Header, ("simple", false), 0),
            (Some("multi"), Place::Query, ("form", true), 0),
            (Some("ssv"), Place::Query, ("spaceDelimited", false), 0),
            (Some("pipes"), Place::Form, ("pipeDelimited", false), 0),
            (Some("tsv"), Place::Query, ("spaceDelimited", false), 1),
            (Some("pipes"), Place::Path, ("simple", false), 1),
            (Some("multi"), Place::Header, ("simple", false), 1),
            (Some("multi"), Place::Multipart, ("form", true), 0),
            (None, Place::Multipart, ("form", true), 1),
        ];
        for (format, place, expected, warned) in cases {
            let format = format.map(|f| json!(f));
            let (got, warnings) = run(|cx| collection_format(format.as_ref(), place, &ptr, cx));
            assert_eq!(got, expected, "{format:?} {place:?}");
            assert_eq!(warnings.len(), warned, "{format:?} {place:?}: {warnings:?}");
            if let Some((pointer, _)) = warnings.first() {
                assert_eq!(pointer, "/p/collectionFormat");
            }
        }
    }
}
