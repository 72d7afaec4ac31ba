//! JSON Schema keywords that `openapiv3` does not know, and keywords that
//! real documents write in forms it refuses. Each is either used (rewritten
//! into what `openapiv3` reads) or removed with a warning that says what the
//! generated code does not check; none fails a document.
//!
//! | Written | Read as |
//! |---|---|
//! | `unevaluatedProperties: S` or `false` (no `additionalProperties`) | `additionalProperties: S` or `false`; `true` is dropped |
//! | `patternProperties: {P: S}` (no `additionalProperties`) | `additionalProperties: S` (one schema), untyped values (several); the key pattern is not checked |
//! | `items: [S, ...]` (draft 4 tuples), `prefixItems` | `items: S` when every position has the same schema, else untyped items |
//! | `contentEncoding: base64` / `base64url` | `format: byte` |
//! | `contentMediaType` of a string that is not text | `format: binary` |
//! | `type: file` (Swagger 2) | `type: string, format: binary` |
//! | `required: true` on a property | the property listed in its object's `required` |
//! | `minLength: 1.0` (and the other counts) | `minLength: 1`; a negative or fractional count is dropped |
//! | `enum` values of another type than `type` | converted where the text is the same value (`"1"` for an integer), else dropped |
//! | `discriminator` without `propertyName` | dropped |
//! | a keyword of another type than `type` (`additionalProperties` on a string, `items` on an object, `minimum` on a string) | dropped, with a warning: JSON Schema ignores it |
//! | `if`/`then`/`else`, `dependentSchemas`, `dependentRequired`, `unevaluatedItems`, `contains`, `propertyNames`, `$dynamicRef` | dropped, with a warning: not checked |
//! | `$id`, `$anchor`, `$schema`, `$comment`, `$vocabulary`, `$dynamicAnchor`, `contentSchema` | dropped (nothing a client checks or types) |

use crate::diag::{Diagnostics, Pointer};
use serde_json::{Map, Value};

/// Keywords whose only effect is validation the generated code does not do.
const UNCHECKED: &[(&str, &str)] = &[
    ("if", "the conditional schema (`if`/`then`/`else`)"),
    (
        "dependentSchemas",
        "the schemas that depend on present properties",
    ),
    (
        "dependentRequired",
        "which properties other properties require",
    ),
    (
        "unevaluatedItems",
        "the rule for items no other keyword covers",
    ),
    ("contains", "the rule that some item matches a schema"),
    ("propertyNames", "the rule for property names"),
    ("$dynamicRef", "the dynamic reference"),
];

/// Keywords dropped silently: identifiers and annotations.
const ANNOTATIONS: &[&str] = &[
    "$id",
    "$anchor",
    "$schema",
    "$comment",
    "$vocabulary",
    "$dynamicAnchor",
    "contentSchema",
    "then",
    "else",
    "minContains",
    "maxContains",
];

/// Keywords that apply to values of some types only: on a schema whose
/// `type` is another, JSON Schema ignores them, and so does the generator
/// (`additionalProperties` beside `type: string` does not make a map).
const TYPED_KEYWORDS: &[(&str, &[&str])] = &[
    ("properties", &["object"]),
    ("required", &["object"]),
    ("additionalProperties", &["object"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
    ("items", &["array"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("pattern", &["string"]),
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("minimum", &["integer", "number"]),
    ("maximum", &["integer", "number"]),
    ("exclusiveMinimum", &["integer", "number"]),
    ("exclusiveMaximum", &["integer", "number"]),
    ("multipleOf", &["integer", "number"]),
];

/// The counts `openapiv3` reads as unsigned integers.
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Before the schema's subschemas are normalised: moves subschemas into the
/// places `openapiv3` reads, so that they are normalised there.
pub fn structure(obj: &mut Map<String, Value>, ptr: &Pointer, diags: &mut Diagnostics) {
    if let Some(unevaluated) = obj.remove("unevaluatedProperties") {
        // A schema types the other properties; `false` forbids them (the
        // generated struct keeps no map of undeclared properties then).
        if !obj.contains_key("additionalProperties")
            && (unevaluated.is_object() || unevaluated == Value::Bool(false))
        {
            obj.insert("additionalProperties".into(), unevaluated);
        }
    }
    if let Some(Value::Object(patterns)) = obj.remove("patternProperties") {
        if !obj.contains_key("additionalProperties") && !patterns.is_empty() {
            let mut schemas = patterns.values();
            let first = schemas.next().cloned().unwrap_or_default();
            let value = if schemas.all(|s| *s == first) {
                first
            } else {
                Value::Object(Map::new())
            };
            obj.insert("additionalProperties".into(), value);
            obj.entry("type")
                .or_insert_with(|| Value::String("object".into()));
            diags.warning(
                ptr.push("patternProperties"),
                "property names are not checked against `patternProperties`' patterns; its values are read as the object's additional properties",
            );
        }
    }
    if let Some(Value::Array(tuple)) = obj.get("items") {
        let tuple = tuple.clone();
        obj.remove("items");
        obj.insert("prefixItems".into(), Value::Array(tuple));
    }
    if let Some(Value::Array(prefix)) = obj.remove("prefixItems") {
        let same = prefix
            .first()
            .filter(|first| prefix.iter().all(|s| s == *first));
        match (same, obj.get("items")) {
            (Some(one), None) => {
                obj.insert("items".into(), one.clone());
            }
            (_, items) => {
                if items.is_none() {
                    obj.insert("items".into(), Value::Object(Map::new()));
                }
                diags.warning(
                    ptr.push("prefixItems"),
                    "a tuple (an array whose positions have different schemas) is not typed position by position; its items are typed by `items`, or as untyped values",
                );
            }
        }
    }
    if let Some(Value::Object(properties)) = obj.get_mut("properties") {
        let mut required = Vec::new();
        for (name, property) in properties.iter_mut() {
            if let Some(Value::Object(p)) = Some(property) {
                if let Some(Value::Bool(flag)) = p.get("required") {
                    if *flag {
                        required.push(Value::String(name.clone()));
                    }
                    p.remove("required");
                }
            }
        }
        if !required.is_empty() {
            match obj.get_mut("required") {
                Some(Value::Array(list)) => {
                    for name in required {
                        if !list.contains(&name) {
                            list.push(name);
                        }
                    }
                }
                _ => {
                    obj.insert("required".into(), Value::Array(required));
                }
            }
        }
    }
    for (keyword, what) in UNCHECKED {
        if obj.remove(*keyword).is_some() {
            diags.warning(
                ptr.push(keyword),
                format!("`{keyword}` is not supported: {what} is not checked"),
            );
        }
    }
    for keyword in ANNOTATIONS {
        obj.remove(*keyword);
    }
}

/// After the schema's `type` is a single type: values of keywords in the
/// form `openapiv3` reads for that type.
pub fn values(obj: &mut Map<String, Value>, ptr: &Pointer, diags: &mut Diagnostics) {
    infer_type(obj);
    if obj.get("type").and_then(Value::as_str) == Some("file") {
        obj.insert("type".into(), Value::String("string".into()));
        obj.insert("format".into(), Value::String("binary".into()));
    }
    other_types_keywords(obj, ptr, diags);
    let is_string = obj.get("type").and_then(Value::as_str) == Some("string");
    if let Some(encoding) = obj.remove("contentEncoding") {
        if is_string
            && !obj.contains_key("format")
            && matches!(encoding.as_str(), Some("base64" | "base64url"))
        {
            obj.insert("format".into(), Value::String("byte".into()));
        }
    }
    if let Some(media) = obj.remove("contentMediaType") {
        let text = media
            .as_str()
            .is_some_and(|m| m.starts_with("text/") || m.ends_with("json") || m.ends_with("xml"));
        if is_string && !obj.contains_key("format") && !text {
            obj.insert("format".into(), Value::String("binary".into()));
        }
    }
    if obj.get("format").is_some_and(|f| !f.is_string()) {
        obj.remove("format");
    }
    for key in COUNTS {
        let Some(Value::Number(n)) = obj.get(*key) else {
            continue;
        };
        if n.is_u64() {
            continue;
        }
        let f = n.as_f64().unwrap_or(-1.0);
        if f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 {
            obj.insert((*key).into(), Value::from(f as u64));
        } else {
            let text = n.to_string();
            obj.remove(*key);
            diags.warning(
                ptr.push(key),
                format!("`{key}: {text}` is not a count and is not checked"),
            );
        }
    }
    enum_values(obj, ptr, diags);
    if let Some(Value::Object(d)) = obj.get("discriminator") {
        if !d.get("propertyName").is_some_and(Value::is_string) {
            obj.remove("discriminator");
            diags.warning(
                ptr.push("discriminator"),
                "a `discriminator` without a `propertyName` says nothing and is ignored",
            );
        }
    }
}

/// `type` decides which keywords apply: one that belongs to another type
/// is removed, with a warning at its pointer.
fn other_types_keywords(obj: &mut Map<String, Value>, ptr: &Pointer, diags: &mut Diagnostics) {
    let Some(typ) = obj.get("type").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    if !["string", "integer", "number", "boolean", "object", "array"].contains(&typ.as_str()) {
        return;
    }
    for (keyword, types) in TYPED_KEYWORDS {
        if types.contains(&typ.as_str()) || !obj.contains_key(*keyword) {
            continue;
        }
        obj.remove(*keyword);
        let kind = types.join(" or ");
        diags.warning(
            ptr.push(keyword),
            format!("`{keyword}` applies to values of type {kind}, and this schema is `type: {typ}`: it is ignored (remove it, or change the `type`)"),
        );
    }
}

/// A `const` or `enum` without a `type` (common in 3.1: `const: "message"`)
/// has the type of its values when they are all of one JSON kind.
fn infer_type(obj: &mut Map<String, Value>) {
    if obj.contains_key("type")
        || ["$ref", "allOf", "anyOf", "oneOf", "not"]
            .iter()
            .any(|k| obj.contains_key(*k))
    {
        return;
    }
    let values: Vec<&Value> = match (obj.get("const"), obj.get("enum")) {
        (Some(c), _) => vec![c],
        (None, Some(Value::Array(list))) => list.iter().collect(),
        _ => return,
    };
    let mut kinds = values.iter().filter(|v| !v.is_null()).map(|v| match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        _ => "object",
    });
    let Some(first) = kinds.next() else {
        return;
    };
    if matches!(first, "string" | "boolean" | "integer" | "number") && kinds.all(|k| k == first) {
        obj.insert("type".into(), Value::String(first.into()));
    }
}

/// `enum` values in the JSON kind of the schema's `type`: a value written
/// in another kind is converted when it is the same value written
/// differently (`"1"` for an integer, `1` for a string), else dropped.
fn enum_values(obj: &mut Map<String, Value>, ptr: &Pointer, diags: &mut Diagnostics) {
    let Some(kind) = obj.get("type").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let Some(Value::Array(values)) = obj.get_mut("enum") else {
        return;
    };
    let mut dropped = Vec::new();
    values.retain_mut(|v| {
        let converted = match (kind.as_str(), &*v) {
            (_, Value::Null) => return true,
            ("string", Value::String(_)) => return true,
            ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
            ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
            ("integer", Value::Number(_)) => return true,
            ("integer", Value::String(s)) => s.parse::<i64>().ok().map(Value::from),
            ("number", Value::Number(_)) => return true,
            ("number", Value::String(s)) => s
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            ("boolean", Value::Bool(_)) => return true,
            ("boolean", Value::String(s)) => s.parse::<bool>().ok().map(Value::Bool),
            ("string" | "integer" | "number" | "boolean", _) => None,
            _ => return true,
        };
        match converted {
            Some(c) => {
                *v = c;
                true
            }
            None => {
                dropped.push(v.to_string());
                false
            }
        }
    });
    if !dropped.is_empty() {
        diags.warning(
            ptr.push("enum"),
            format!(
                "enum value(s) {} are not of the schema's type `{kind}` and are left out",
                dropped.join(", ")
            ),
        );
    }
    if values.is_empty() {
        obj.remove("enum");
    }
}

/// The document's root: 3.1 keywords with nothing left to do once references
/// are resolved.
pub fn root(root: &mut Map<String, Value>, diags: &mut Diagnostics) {
    const DEFAULT_DIALECTS: &[&str] = &[
        "https://spec.openapis.org/oas/3.1/dialect/base",
        "https://json-schema.org/draft/2020-12/schema",
    ];
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        let known = dialect
            .as_str()
            .is_some_and(|d| DEFAULT_DIALECTS.contains(&d.trim_end_matches('#')));
        if !known {
            diags.warning(
                "/jsonSchemaDialect",
                format!("schemas are read as OpenAPI 3.1's JSON Schema dialect, not {dialect}"),
            );
        }
    }
    // Referenced path items have been copied where they are used.
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(mut v: Value) -> (Value, Vec<String>) {
        let mut d = Diagnostics::default();
        if let Value::Object(obj) = &mut v {
            structure(obj, &Pointer::root(), &mut d);
            values(obj, &Pointer::root(), &mut d);
        }
        let warnings = d.finish("").into_iter().map(|w| w.message).collect();
        (v, warnings)
    }

    #[test]
    fn keywords_that_type_values_are_used() {
        let (v, w) = both(json!({"type": "object", "unevaluatedProperties": {"type": "integer"}}));
        assert_eq!(
            v,
            json!({"type": "object", "additionalProperties": {"type": "integer"}})
        );
        assert!(w.is_empty(), "{w:?}");
        // `false` closes the object (no map of undeclared properties);
        // `true` says what absent says.
        let (v, _) = both(json!({"allOf": [], "unevaluatedProperties": false}));
        assert_eq!(v, json!({"allOf": [], "additionalProperties": false}));
        let (v, _) = both(json!({"type": "object", "unevaluatedProperties": true}));
        assert_eq!(v, json!({"type": "object"}));
        let (v, w) = both(json!({"patternProperties": {"^x-": {"type": "string"}}}));
        assert_eq!(
            v,
            json!({"additionalProperties": {"type": "string"}, "type": "object"})
        );
        assert_eq!(w.len(), 1, "the key pattern is not checked: {w:?}");
        let (v, _) =
            both(json!({"type": "array", "items": [{"type": "string"}, {"type": "string"}]}));
        assert_eq!(v, json!({"type": "array", "items": {"type": "string"}}));
        let (v, w) = both(
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}),
        );
        assert_eq!(v, json!({"type": "array", "items": {}}));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn a_const_without_a_type_has_its_value_s_type() {
        let (v, _) = both(json!({"const": "message"}));
        assert_eq!(v, json!({"const": "message", "type": "string"}));
        let (v, _) = both(json!({"enum": [1, 2, null]}));
        assert_eq!(v["type"], "integer");
        let (v, _) = both(json!({"enum": [1, "a"]}));
        assert!(v.get("type").is_none());
        let (v, _) = both(json!({"const": {"a": 1}}));
        assert!(v.get("type").is_none());
    }

    #[test]
    fn content_keywords_and_swagger_files_are_formats() {
        let (v, _) = both(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(v, json!({"type": "string", "format": "byte"}));
        let (v, _) = both(json!({"type": "string", "contentMediaType": "image/png"}));
        assert_eq!(v, json!({"type": "string", "format": "binary"}));
        let (v, _) = both(json!({"type": "string", "contentMediaType": "application/json"}));
        assert_eq!(v, json!({"type": "string"}));
        let (v, _) = both(json!({"type": "file"}));
        assert_eq!(v, json!({"type": "string", "format": "binary"}));
    }

    #[test]
    fn a_property_marked_required_is_listed_in_its_object() {
        let (v, _) = both(json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"}, "b": {"type": "string", "required": true},
            "c": {"type": "string", "required": false}}}));
        assert_eq!(v["required"], json!(["a", "b"]));
        assert_eq!(v["properties"]["b"], json!({"type": "string"}));
        assert_eq!(v["properties"]["c"], json!({"type": "string"}));
    }

    #[test]
    fn keywords_of_another_type_are_ignored_with_a_warning() {
        let (v, w) = both(
            json!({"type": "string", "additionalProperties": {"type": "string"},
            "properties": {"a": {}}, "maxLength": 3}),
        );
        assert_eq!(v, json!({"type": "string", "maxLength": 3}));
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].starts_with("`properties`") && w[1].starts_with("`additionalProperties`"),
            "{w:?}"
        );
        let (v, w) = both(json!({"type": "object", "items": {}, "minimum": 1, "required": ["a"]}));
        assert_eq!(v, json!({"type": "object", "required": ["a"]}));
        assert_eq!(w.len(), 2, "{w:?}");
        // Without a `type`, every keyword applies.
        let (v, w) = both(json!({"items": {}, "minimum": 1}));
        assert_eq!(v, json!({"items": {}, "minimum": 1}));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn counts_and_enum_values_take_the_schema_s_kind() {
        let (v, w) = both(
            json!({"type": "string", "minLength": 1.0, "maxLength": -2, "enum": [1, "two", true, null]}),
        );
        assert_eq!(
            v,
            json!({"type": "string", "minLength": 1, "enum": ["1", "two", "true", null]})
        );
        assert_eq!(w.len(), 1, "{w:?}");
        let (v, w) = both(json!({"type": "integer", "enum": ["1", 2, "x"]}));
        assert_eq!(v, json!({"type": "integer", "enum": [1, 2]}));
        assert!(w[0].contains("\"x\""), "{w:?}");
    }

    #[test]
    fn validation_only_keywords_are_dropped_with_what_is_lost() {
        let (v, w) = both(json!({"type": "object", "if": {}, "then": {}, "else": {},
            "dependentRequired": {"a": ["b"]}, "$id": "x", "$comment": "c", "contains": {}, "minContains": 1}));
        assert_eq!(v, json!({"type": "object"}));
        assert_eq!(w.len(), 3, "{w:?}");
    }
}
