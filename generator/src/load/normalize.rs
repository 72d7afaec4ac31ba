//! OpenAPI 3.1 → 3.0: rewrites a 3.1 document, in place, into the dialect that
//! `openapiv3` reads, keeping its meaning. Walks only the places where schemas
//! can appear, so a property that happens to be called `const` or `type` is
//! never mistaken for a keyword.
//!
//! | OpenAPI 3.1 / JSON Schema 2020-12 | OpenAPI 3.0 |
//! |---|---|
//! | `anyOf`/`oneOf` with a `{type: "null"}` branch | the other branch(es) + `nullable: true` |
//! | `type: [X, "null"]` | `type: X` + `nullable: true` |
//! | `type: [X, Y]` | `anyOf: [{type: X}, {type: Y}]` |
//! | `type: "null"` | `nullable: true` (any value) |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, ...]` | `example: a` |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | `minimum`/`maximum` + boolean flag |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` + the siblings |
//! | integer bounds written as floats (`320.0`) | integers (`320`), rounded inwards |
//! | other JSON Schema 2020-12 keywords | see [`keywords`](super::keywords) |
//!
//! The same rules are harmless on a 3.0 document, where the float-bound and
//! `$ref`-sibling forms also occur in the wild; they are applied to both.

use super::keywords;
use crate::diag::{Diagnostics, Pointer};
use serde_json::{Map, Value};

const SCHEMA_MAPS: &[&str] = &["properties", "$defs", "definitions"];
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];
const SCHEMA_SINGLES: &[&str] = &["items", "additionalProperties", "not"];
use super::METHODS;

/// Rewrites the document; returns the warnings for what could not be kept.
pub fn normalize(doc: &mut Value, diags: &mut Diagnostics) {
    super::schemes::set_aside(doc);
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    v32_root(root, diags);
    super::webhooks::keep(root, diags, path_item);
    keywords::root(root, diags);
    license_identifier(root);
    let root_ptr = Pointer::root();

    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        let ptr = root_ptr.push("paths");
        for (path, item) in paths.iter_mut() {
            path_item(item, &ptr.push(path), diags);
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        let ptr = root_ptr.push("components");
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            for (name, s) in schemas.iter_mut() {
                schema(s, &ptr.push("schemas").push(name), diags);
            }
        }
        for (section, f) in [
            (
                "parameters",
                parameter as fn(&mut Value, &Pointer, &mut Diagnostics),
            ),
            ("headers", parameter),
            ("requestBodies", with_content),
            ("responses", response),
        ] {
            if let Some(Value::Object(items)) = components.get_mut(section) {
                for (name, item) in items.iter_mut() {
                    f(item, &ptr.push(section).push(name), diags);
                }
            }
        }
    }
}

/// Moves `info.license.identifier` into [`super::LICENSE_IDENTIFIER`].
fn license_identifier(root: &mut Map<String, Value>) {
    let license = root
        .get_mut("info")
        .and_then(|info| info.get_mut("license"))
        .and_then(Value::as_object_mut);
    if let Some(license) = license {
        if let Some(id) = license.shift_remove("identifier") {
            license.insert(super::LICENSE_IDENTIFIER.to_owned(), id);
        }
    }
}

/// OpenAPI 3.2's root-level constructs ([`super::v32`]).
fn v32_root(root: &mut Map<String, Value>, diags: &mut Diagnostics) {
    super::v32::media_types(root);
    super::v32::tags(root);
    super::v32::security(root);
    super::v32::deprecated_schemes(root, diags);
}

fn path_item(item: &mut Value, ptr: &Pointer, diags: &mut Diagnostics) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(params)) = item.get_mut("parameters") {
        for (i, p) in params.iter_mut().enumerate() {
            parameter(p, &ptr.push("parameters").push(i), diags);
        }
    }
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(*method) else {
            continue;
        };
        operation(op, &ptr.push(method), diags);
    }
    super::v32::operations(item, ptr, diags, operation);
}

fn operation(op: &mut Map<String, Value>, ptr: &Pointer, diags: &mut Diagnostics) {
    if let Some(Value::Array(params)) = op.get_mut("parameters") {
        for (i, p) in params.iter_mut().enumerate() {
            parameter(p, &ptr.push("parameters").push(i), diags);
        }
    }
    if let Some(body) = op.get_mut("requestBody") {
        with_content(body, &ptr.push("requestBody"), diags);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (status, r) in responses.iter_mut() {
            response(r, &ptr.push("responses").push(status), diags);
        }
    }
}

fn parameter(p: &mut Value, ptr: &Pointer, diags: &mut Diagnostics) {
    super::v32::parameter(p, ptr, diags);
    if let Some(s) = p.get_mut("schema") {
        schema(s, &ptr.push("schema"), diags);
    }
    with_content(p, ptr, diags);
}

fn response(r: &mut Value, ptr: &Pointer, diags: &mut Diagnostics) {
    super::v32::response(r);
    with_content(r, ptr, diags);
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            parameter(h, &ptr.push("headers").push(name), diags);
        }
    }
}

fn with_content(v: &mut Value, ptr: &Pointer, diags: &mut Diagnostics) {
    if let Some(Value::Object(content)) = v.get_mut("content") {
        for (media, m) in content.iter_mut() {
            let media_ptr = ptr.push("content").push(media);
            if let Some(s) = m.get_mut("schema") {
                schema(s, &media_ptr.push("schema"), diags);
            }
            super::streams::item_schema(media, m, &media_ptr, diags, schema);
        }
    }
}

/// Normalises one schema and, recursively, its subschemas.
pub fn schema(value: &mut Value, ptr: &Pointer, diags: &mut Diagnostics) {
    let Some(obj) = value.as_object_mut() else {
        // `true`/`false` schemas (3.1): `true` accepts anything.
        if let Value::Bool(b) = value {
            if !*b {
                diags.warning(
                    ptr,
                    "a `false` schema (nothing is valid) is treated as an untyped value",
                );
            }
            *value = Value::Object(Map::new());
        }
        return;
    };

    keywords::structure(obj, ptr, diags);
    super::v32::discriminator(obj);
    // Children first, so that rewrites below see normalised subschemas.
    for key in SCHEMA_MAPS {
        if let Some(Value::Object(map)) = obj.get_mut(*key) {
            for (name, s) in map.iter_mut() {
                schema(s, &ptr.push(key).push(name), diags);
            }
        }
    }
    for key in SCHEMA_LISTS {
        if let Some(Value::Array(list)) = obj.get_mut(*key) {
            for (i, s) in list.iter_mut().enumerate() {
                schema(s, &ptr.push(key).push(i), diags);
            }
        }
    }
    for key in SCHEMA_SINGLES {
        match obj.get_mut(*key) {
            Some(s @ Value::Object(_)) => schema(s, &ptr.push(key), diags),
            // `items: true`/`false` and `not: true`/`false` (3.1) are schemas;
            // a boolean `additionalProperties` is also valid 3.0.
            Some(s @ Value::Bool(_)) if *key != "additionalProperties" => {
                schema(s, &ptr.push(key), diags)
            }
            _ => {}
        }
    }
    // Pydantic's names for bounds, which some publishers leak into their
    // documents; JSON Schema ignores unknown keywords, and so do we, loudly.
    for (stray, meant) in [
        ("ge", "minimum"),
        ("le", "maximum"),
        ("gt", "exclusiveMinimum"),
        ("lt", "exclusiveMaximum"),
    ] {
        if obj.contains_key(stray) && !obj.contains_key(meant) {
            diags.warning(
                ptr.push(stray),
                format!("`{stray}` is not an OpenAPI keyword and is ignored; the publisher probably meant `{meant}`"),
            );
        }
    }
    type_array(obj);
    keywords::values(obj, ptr, diags);
    if obj.get("type").and_then(Value::as_str) == Some("null") {
        obj.remove("type");
        obj.insert("nullable".into(), Value::Bool(true));
    }
    if let Some(c) = obj.remove("const") {
        obj.insert("enum".into(), Value::Array(vec![c]));
    }
    if let Some(Value::Array(mut list)) = obj.remove("examples") {
        if !list.is_empty() && !obj.contains_key("example") {
            obj.insert("example".into(), list.swap_remove(0));
        }
    }
    for key in ["anyOf", "oneOf"] {
        null_branch(obj, key);
    }
    exclusive_bound(obj, "exclusiveMinimum", "minimum");
    exclusive_bound(obj, "exclusiveMaximum", "maximum");
    if obj.get("type").and_then(Value::as_str) == Some("integer") {
        integer_keywords(obj, ptr, diags);
    }
    ref_siblings(obj);
}

/// `type: [X, "null"]` → `type: X, nullable: true`; several types → `anyOf`.
fn type_array(obj: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = obj.get("type") else {
        return;
    };
    let mut names: Vec<String> = types
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let nullable = names.iter().any(|t| t == "null");
    names.retain(|t| t != "null");
    obj.remove("type");
    if nullable {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    match names.len() {
        0 => {}
        1 => {
            obj.insert("type".into(), Value::String(names.swap_remove(0)));
        }
        _ => {
            let branches: Vec<Value> = names
                .into_iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("type".into(), Value::String(t));
                    Value::Object(m)
                })
                .collect();
            match obj.remove("anyOf") {
                // Both constraints hold: keep the existing `anyOf` beside this one.
                Some(existing) => {
                    let mut a = Map::new();
                    a.insert("anyOf".into(), existing);
                    let mut b = Map::new();
                    b.insert("anyOf".into(), Value::Array(branches));
                    obj.insert(
                        "allOf".into(),
                        Value::Array(vec![Value::Object(a), Value::Object(b)]),
                    );
                }
                None => {
                    obj.insert("anyOf".into(), Value::Array(branches));
                }
            }
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    match v.as_object() {
        Some(o) => {
            o.get("type").and_then(Value::as_str) == Some("null")
                || (o.get("nullable") == Some(&Value::Bool(true))
                    && o.keys()
                        .all(|k| k == "nullable" || k == "description" || k == "title"))
        }
        None => false,
    }
}

/// Removes a null branch from `anyOf`/`oneOf` and marks the schema nullable.
/// With one branch left, that branch is merged into the schema (a `$ref`
/// becomes `allOf: [{$ref}]`, which 3.0 allows beside other keywords).
fn null_branch(obj: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(branches)) = obj.get(key) else {
        return;
    };
    if !branches.iter().any(is_null_schema) {
        return;
    }
    let mut rest: Vec<Value> = branches
        .iter()
        .filter(|b| !is_null_schema(b))
        .cloned()
        .collect();
    obj.remove(key);
    obj.insert("nullable".into(), Value::Bool(true));
    if rest.len() != 1 {
        if !rest.is_empty() {
            obj.insert(key.into(), Value::Array(rest));
        }
        return;
    }
    let branch = rest.swap_remove(0);
    match branch {
        Value::Object(b) if b.contains_key("$ref") => {
            let (reference, siblings): (Map<String, Value>, Map<String, Value>) =
                b.into_iter().partition(|(k, _)| k == "$ref");
            obj.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
            for (k, v) in siblings {
                obj.entry(k).or_insert(v);
            }
        }
        Value::Object(b) => {
            for (k, v) in b {
                // The outer schema's annotations (title, description, default) win.
                obj.entry(k).or_insert(v);
            }
        }
        _ => {}
    }
}

/// 2020-12 numeric `exclusiveMinimum: 5` → 3.0 `minimum: 5, exclusiveMinimum: true`.
/// When both are given, the tighter bound wins: `minimum: 10,
/// exclusiveMinimum: 5` stays `minimum: 10`.
fn exclusive_bound(obj: &mut Map<String, Value>, exclusive: &str, inclusive: &str) {
    let Some(Value::Number(n)) = obj.get(exclusive) else {
        return;
    };
    let e = n.as_f64().unwrap_or_default();
    let lower = inclusive == "minimum";
    let tighter_inclusive =
        obj.get(inclusive).and_then(Value::as_f64).is_some_and(
            |m| {
                if lower {
                    m > e
                } else {
                    m < e
                }
            },
        );
    if tighter_inclusive {
        obj.remove(exclusive);
    } else {
        let n = n.clone();
        obj.insert(inclusive.into(), Value::Number(n));
        obj.insert(exclusive.into(), Value::Bool(true));
    }
}

/// Integer bounds and enum values written as floats become integers.
/// A bound with a fraction is rounded inwards (minimum up, maximum down), which
/// accepts exactly the integers the original bound accepted.
fn integer_keywords(obj: &mut Map<String, Value>, ptr: &Pointer, diags: &mut Diagnostics) {
    for (key, exclusive_key, round_up) in [
        ("minimum", "exclusiveMinimum", true),
        ("maximum", "exclusiveMaximum", false),
    ] {
        let Some(Value::Number(n)) = obj.get(key) else {
            continue;
        };
        if n.is_i64() {
            continue;
        }
        let f = n.as_f64().unwrap_or_default();
        let exclusive = obj.get(exclusive_key) == Some(&Value::Bool(true));
        let int = match (f.fract() == 0.0, exclusive, round_up) {
            (true, false, _) => f,
            (true, true, true) => f + 1.0,
            (true, true, false) => f - 1.0,
            (false, _, true) => f.ceil(),
            (false, _, false) => f.floor(),
        };
        // Every integral `f64` in [-2^63, 2^63) is an `i64` exactly. A bound
        // at or beyond the limit of 64-bit integers (`-9223372036854776000`,
        // a 64-bit limit printed through a double) is one no `i64` can break.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
        let beyond = if round_up {
            int <= -LIMIT
        } else {
            int >= LIMIT
        };
        if beyond || !(-LIMIT..LIMIT).contains(&int) {
            let text = if f.abs() < 1e20 {
                format!("{f}")
            } else {
                format!("{f:e}")
            };
            obj.remove(key);
            obj.remove(exclusive_key);
            let why = if beyond {
                "at or beyond the limit of 64-bit integers, so no value can break it"
            } else {
                "beyond the limit of 64-bit integers, so no value could meet it"
            };
            diags.warning(
                ptr.push(key),
                format!("integer bound {text} is {why}; it is not checked"),
            );
            continue;
        }
        obj.insert(key.into(), Value::from(int as i64));
        obj.remove(exclusive_key);
    }
    if let Some(Value::Number(n)) = obj.get("multipleOf") {
        if !(n.is_i64() || n.is_u64()) {
            let f = n.as_f64().unwrap_or_default();
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                obj.insert("multipleOf".into(), Value::from(f as i64));
            } else {
                obj.remove("multipleOf");
                diags.warning(
                    ptr.push("multipleOf"),
                    format!("`multipleOf: {f}` on an integer is not an integer and is ignored"),
                );
            }
        }
    }
    if let Some(Value::Array(values)) = obj.get_mut("enum") {
        for v in values.iter_mut() {
            if let Some(f) = v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15) {
                if !(v.is_i64() || v.is_u64()) {
                    *v = Value::from(f as i64);
                }
            }
        }
    }
}

/// 3.1 allows keywords beside `$ref`; 3.0 ignores them. Keep them by turning
/// `{$ref, description, default}` into `{allOf: [{$ref}], description, default}`.
fn ref_siblings(obj: &mut Map<String, Value>) {
    if !obj.contains_key("$ref") || obj.len() == 1 {
        return;
    }
    if let Some(reference) = obj.remove("$ref") {
        let mut r = Map::new();
        r.insert("$ref".into(), reference);
        match obj.get_mut("allOf") {
            Some(Value::Array(list)) => list.insert(0, Value::Object(r)),
            _ => {
                obj.insert("allOf".into(), Value::Array(vec![Value::Object(r)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(mut v: Value) -> Value {
        let mut d = Diagnostics::default();
        schema(&mut v, &Pointer::root(), &mut d);
        v
    }

    #[test]
    fn any_of_null_with_ref_becomes_nullable_all_of() {
        let v = norm(json!({
            "anyOf": [{"$ref": "#/components/schemas/P"}, {"type": "null"}],
            "description": "d", "default": "us"
        }));
        assert_eq!(
            v,
            json!({"description": "d", "default": "us", "nullable": true,
                   "allOf": [{"$ref": "#/components/schemas/P"}]})
        );
    }

    #[test]
    fn any_of_null_with_inline_merges_and_fixes_float_bounds() {
        let v = norm(json!({
            "anyOf": [{"type": "integer", "minimum": 320.0, "maximum": 6144.0}, {"type": "null"}],
            "title": "W"
        }));
        assert_eq!(
            v,
            json!({"title": "W", "nullable": true, "type": "integer", "minimum": 320, "maximum": 6144})
        );
    }

    #[test]
    fn type_arrays_const_examples_exclusive() {
        assert_eq!(
            norm(json!({"type": ["string", "null"], "const": "a", "examples": ["a", "b"]})),
            json!({"nullable": true, "type": "string", "enum": ["a"], "example": "a"})
        );
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
        assert_eq!(
            norm(json!({"type": "integer", "exclusiveMinimum": 0.5, "maximum": 9.5})),
            json!({"type": "integer", "minimum": 1, "maximum": 9})
        );
        // The tighter of two lower bounds wins.
        assert_eq!(
            norm(json!({"type": "number", "minimum": 10, "exclusiveMinimum": 5})),
            json!({"type": "number", "minimum": 10})
        );
        assert_eq!(
            norm(json!({"type": "number", "minimum": 1, "exclusiveMinimum": 5})),
            json!({"type": "number", "minimum": 5, "exclusiveMinimum": true})
        );
        assert_eq!(
            norm(json!({"type": "array", "items": true})),
            json!({"type": "array", "items": {}})
        );
    }

    #[test]
    fn keyword_named_properties_are_not_rewritten() {
        let v = norm(json!({"type": "object", "properties": {"const": {"type": "string"}}}));
        assert_eq!(v["properties"]["const"], json!({"type": "string"}));
    }

    #[test]
    fn ref_with_siblings_is_wrapped() {
        assert_eq!(
            norm(json!({"$ref": "#/x", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/x"}]})
        );
        assert_eq!(norm(json!({"$ref": "#/x"})), json!({"$ref": "#/x"}));
    }
}
