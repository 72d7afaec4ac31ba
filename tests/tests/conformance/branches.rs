//! A value for each branch of every union: made from the branch's schema
//! (its required properties, the first listed value of an enum or its
//! `const`, the discriminator's value, a value of each format), kept when
//! the validator finds it valid against the union and against that branch
//! alone, and expected to decode into that branch.

use generator::ir::{Api, TypeKind, TypeRef};
use serde_json::{Map, Value};

/// A union's branch and the value made for it.
pub struct Branch {
    pub place: String,
    /// The union's schema and the branch's.
    pub union_schema: String,
    pub branch_schema: String,
    /// The union's own branches, to tell whether the value is valid against one only.
    pub siblings: Vec<String>,
    pub ty: TypeRef,
    pub variant: String,
    pub value: Value,
}

/// The branches of the unions of `api` that a value can be made for.
pub fn branches(doc: &Value, api: &Api) -> Vec<Branch> {
    let mut out = Vec::new();
    for t in &api.types {
        let TypeKind::Union(u) = &t.kind else {
            continue;
        };
        let pointer = t.pointer.as_str();
        let Some(schema) = doc.pointer(pointer) else {
            continue;
        };
        let Some((keyword, list)) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| Some((*k, schema.get(*k)?.as_array()?)))
        else {
            continue;
        };
        let siblings: Vec<String> = (0..list.len())
            .map(|i| super::resolved(doc, &format!("{pointer}/{keyword}/{i}")))
            .collect();
        for (i, branch) in siblings.iter().enumerate() {
            // The variant whose type is the branch's schema.
            let Some(variant) = api
                .types
                .iter()
                .find(|b| b.pointer.as_str() == branch)
                .and_then(|b| {
                    u.variants
                        .iter()
                        .find(|v| v.ty == TypeRef::Named(b.name.clone()))
                })
            else {
                continue;
            };
            let Some(mut value) = doc.pointer(branch).and_then(|s| sample(doc, s, 0)) else {
                continue;
            };
            if let (Some(d), Some(o)) = (schema.get("discriminator"), value.as_object_mut()) {
                if let Some(tag) = tag(doc, d, branch) {
                    if let Some(property) = d.get("propertyName").and_then(Value::as_str) {
                        o.insert(property.to_owned(), Value::String(tag));
                    }
                }
            }
            out.push(Branch {
                place: format!("{pointer}/{keyword}/{i}"),
                union_schema: pointer.to_owned(),
                branch_schema: branch.clone(),
                siblings: siblings.clone(),
                ty: TypeRef::Named(t.name.clone()),
                variant: variant.name.trim_start_matches("r#").to_owned(),
                value,
            });
        }
    }
    out
}

/// The discriminator's value for a branch: the `mapping` key that names
/// it, else the schema's name.
fn tag(doc: &Value, d: &Value, branch: &str) -> Option<String> {
    if let Some(mapping) = d.get("mapping").and_then(Value::as_object) {
        for (key, target) in mapping {
            let target = target.as_str()?;
            let to = target.strip_prefix('#').map(|p| super::resolved(doc, p));
            if to.as_deref() == Some(branch) {
                return Some(key.clone());
            }
        }
    }
    branch
        .strip_prefix("/components/schemas/")
        .filter(|name| !name.contains('/'))
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
}

/// The smallest value a schema describes, as far as it can be told
/// without solving it: `None` where it cannot.
fn sample(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 12 {
        return None;
    }
    let mut schema = schema;
    while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        schema = doc.pointer(r.strip_prefix('#')?)?;
    }
    if let Some(c) = schema.get("const") {
        return Some(c.clone());
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().find(|v| !v.is_null()).cloned();
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in all {
            match sample(doc, part, depth + 1)? {
                Value::Object(o) => merged.extend(o),
                other if all.len() == 1 => return Some(other),
                _ => return None,
            }
        }
        if let Some(Value::Object(own)) = object(doc, schema, depth) {
            merged.extend(own);
        }
        return Some(Value::Object(merged));
    }
    if let Some(first) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k)?.as_array()?.first())
    {
        return sample(doc, first, depth + 1);
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")?,
        _ if schema.get("properties").is_some() || schema.get("required").is_some() => "object",
        _ => return None,
    };
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    Some(match ty {
        "object" => return object(doc, schema, depth),
        "array" => {
            let n = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let item = schema.get("items");
            let items = (0..n)
                .map(|_| sample(doc, item?, depth + 1))
                .collect::<Option<Vec<_>>>()?;
            Value::Array(items)
        }
        "string" => Value::String(match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => "2024-01-02T03:04:05Z".to_owned(),
            Some("date") => "2024-01-02".to_owned(),
            Some("uuid") => "00000000-0000-4000-8000-000000000000".to_owned(),
            _ => "a".repeat(schema.get("minLength").and_then(Value::as_u64).unwrap_or(1) as usize),
        }),
        "integer" => Value::from(number("minimum").map_or(1, |m| m.ceil() as i64)),
        "number" => serde_json::json!(number("minimum").unwrap_or(1.5)),
        "boolean" => Value::Bool(true),
        "null" => Value::Null,
        _ => return None,
    })
}

/// An object with the required properties of `schema`.
fn object(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    let mut o = Map::new();
    let properties = schema.get("properties");
    for name in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = name.as_str()?;
        let value = match properties.and_then(|p| p.get(name)) {
            Some(p) => sample(doc, p, depth + 1)?,
            None => continue,
        };
        o.insert(name.to_owned(), value);
    }
    Some(Value::Object(o))
}
