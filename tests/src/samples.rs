//! A JSON value for each variant of every union of a generated crate,
//! made from the model: every property the variant declares (nested
//! objects the same way, a listed value for an enum, the value of the
//! discriminator that selects the variant), and the test, run inside the
//! crate, that each decodes into its variant.

use generator::ir::{Api, Field, TypeKind, TypeRef, Union};
use serde_json::{Map, Value};

/// How deep a sample nests objects with all their properties; below, only
/// the required ones; below [`MAX_DEPTH`], no object at all.
const FULL_DEPTH: usize = 4;
const MAX_DEPTH: usize = 12;

/// One sample: the union, the variant it should decode into, the JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub union: String,
    pub variant: String,
    pub json: String,
}

/// A sample of each variant of each union that decoding can tell apart:
/// not a variant documented as the same as an earlier one (`same_as`), nor
/// one that no discriminator value selects.
pub fn union_samples(api: &Api) -> Vec<Sample> {
    let mut out = Vec::new();
    for t in &api.types {
        let TypeKind::Union(u) = &t.kind else {
            continue;
        };
        for (i, v) in u.variants.iter().enumerate() {
            if v.same_as.is_some() {
                continue;
            }
            let Some(value) = variant_sample(api, u, i) else {
                continue;
            };
            out.push(Sample {
                union: t.name.clone(),
                variant: v.name.clone(),
                json: value.to_string(),
            });
        }
    }
    out
}

/// A value of variant `i`: with a discriminator, its property set to a
/// value that selects the variant.
fn variant_sample(api: &Api, u: &Union, i: usize) -> Option<Value> {
    let v = u.variants.get(i)?;
    let mut value = sample(api, &v.ty, 0);
    if let Some(d) = &u.discriminator {
        let (tag, _) = d.mapping.iter().find(|(_, j)| *j == i)?;
        value
            .as_object_mut()?
            .insert(d.property.clone(), Value::String(tag.clone()));
    }
    Some(value)
}

/// A value of the type.
fn sample(api: &Api, ty: &TypeRef, depth: usize) -> Value {
    match ty {
        TypeRef::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) if depth < MAX_DEPTH => {
                let fields = s.fields.iter().filter(|f| depth < FULL_DEPTH || f.required);
                Value::Object(
                    fields
                        .map(|f| (f.serde_key().to_owned(), field_sample(api, f, depth)))
                        .collect(),
                )
            }
            Some(TypeKind::Struct(_)) => Value::Object(Map::new()),
            Some(TypeKind::Enum(e)) => Value::String(
                e.values
                    .first()
                    .map_or_else(|| "other".to_owned(), |v| v.wire.clone()),
            ),
            Some(TypeKind::Union(u)) if depth < MAX_DEPTH => (0..u.variants.len())
                .find_map(|i| variant_sample(api, u, i))
                .unwrap_or(Value::Null),
            Some(TypeKind::Alias(target)) if depth < MAX_DEPTH => sample(api, target, depth + 1),
            _ => Value::Null,
        },
        TypeRef::String => Value::String("text".to_owned()),
        TypeRef::Uuid => Value::String("0b9e4a4c-3d3a-4f5e-9a57-7c2d1e0f8a61".to_owned()),
        TypeRef::DateTime => Value::String("2024-05-01T12:00:00Z".to_owned()),
        TypeRef::Date => Value::String("2024-05-01".to_owned()),
        TypeRef::I32 | TypeRef::I64 => Value::from(3),
        TypeRef::F32 | TypeRef::F64 => Value::from(2.5),
        TypeRef::Boolean => Value::Bool(true),
        TypeRef::Array(inner) => Value::Array(vec![sample(api, inner, depth + 1)]),
        TypeRef::Map(inner) => Value::Object(
            [("key".to_owned(), sample(api, inner, depth + 1))]
                .into_iter()
                .collect(),
        ),
        TypeRef::Nullable(inner) => sample(api, inner, depth),
        TypeRef::Json => Value::String("any value".to_owned()),
    }
}

fn field_sample(api: &Api, f: &Field, depth: usize) -> Value {
    sample(api, &f.ty, depth + 1)
}

/// The behaviour test of a generated crate (its library `lib`) that checks
/// every sample, or `None` when the crate has no union. `known` lists the
/// samples that decode into another variant, as `(union, variant)`: they
/// are checked to do so, so that the list stays true.
pub fn samples_test(api: &Api, lib: &str, known: &[(&str, &str)]) -> Option<String> {
    let samples = union_samples(api);
    if samples.is_empty() {
        return None;
    }
    let mut checks = String::new();
    for s in &samples {
        let expected = !known
            .iter()
            .any(|(union, variant)| *union == s.union && *variant == s.variant);
        checks.push_str(&format!(
            "    decodes::<types::{}>({:?}, {:?}, {expected});\n",
            s.union,
            s.json,
            s.variant.trim_start_matches("r#"),
        ));
    }
    Some(format!(
        r#"//! A value made for each variant of every union decodes into that variant.
use {lib}::types;

/// `json` decodes into `variant` of `T` (or, when not `expected`, into another).
fn decodes<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str, variant: &str, expected: bool) {{
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{{json}}: {{e}}"));
    let debug = format!("{{value:?}}");
    assert_eq!(debug.starts_with(&format!("{{variant}}(")), expected, "{{json}} decoded as {{debug}}");
}}

#[test]
fn a_value_of_each_variant_decodes_into_it() {{
{checks}}}
"#
    ))
}
