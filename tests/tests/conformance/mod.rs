//! Conformance to the publisher's own examples: every example a document
//! writes (a schema's `example`/`examples`, a request or response body's
//! `example`/`examples`) that a JSON Schema validator finds valid against
//! its own schema must decode into the generated type and encode back to
//! the same JSON value.
//!
//! [`survey`] finds the examples, validates them (the `jsonschema` crate:
//! draft 4 for OpenAPI 3.0, whose `nullable` is turned into a `null` type
//! first; 2020-12 for 3.1; the formats the generated types assert, asserted:
//! [`ANNOTATIONS`]) and names the Rust type of each. [`test_file`] writes the
//! test that runs inside the generated crate, and [`judge`] reads what it
//! wrote and sorts every difference.

mod branches;

use generator::emit::{ty, Scope};
use generator::ir::{Api, TypeRef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Formats the generated types do not check (they are `String`s): for
/// them, as OpenAPI 3.1 says of every format, an annotation. The others
/// (`date-time`, `date`, `uuid`, ...) are asserted, as the types assert
/// them: a value they refuse is not a valid example.
const ANNOTATIONS: &[&str] = &[
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "json-pointer",
    "relative-json-pointer",
    "regex",
    "time",
    "duration",
];

/// The name under which the document is given to the validator.
const BASE: &str = "urn:openapi:document";

/// One example to check: where it is written, the Rust type it decodes
/// into and the JSON text of the example.
#[derive(Debug, Clone)]
pub struct Case {
    pub place: String,
    /// The pointer of the schema the example is valid against.
    pub schema: String,
    pub rust_type: String,
    pub value: Value,
    /// For a value made for a union's branch: the variant it must decode into.
    pub variant: Option<String>,
}

/// The examples of one document.
#[derive(Debug, Default)]
pub struct Survey {
    /// Examples found where a generated type stands.
    pub found: usize,
    /// Of those, the ones not valid against their own schema (not checked).
    pub invalid: usize,
    /// Why, the first error of each: what the validator said, by count.
    pub invalid_why: BTreeMap<String, usize>,
    /// Schemas the validator could not compile (their examples are not checked).
    pub unreadable: Vec<String>,
    /// Values made for unions' branches, and how many of them were kept
    /// (valid against the union and that branch only).
    pub branches_made: usize,
    pub branches_kept: usize,
    pub cases: Vec<Case>,
    /// The document as written.
    pub doc: Value,
}

/// The examples of `doc` (the document as written) valid against their
/// schemas, with the type each decodes into in the crate `lib` generated
/// from it (`api`).
pub fn survey(doc: &Value, api: &Api, lib: &str) -> Survey {
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("3.0");
    let draft = if version.starts_with("3.0") {
        jsonschema::Draft::Draft4
    } else {
        jsonschema::Draft::Draft202012
    };
    let mut validated = doc.clone();
    if draft == jsonschema::Draft::Draft4 {
        nullable_as_type(&mut validated);
    }
    let mut survey = Survey {
        doc: doc.clone(),
        ..Survey::default()
    };
    let registry = match jsonschema::Registry::new()
        .add(BASE, draft.create_resource(validated))
        .and_then(|r| r.prepare())
    {
        Ok(r) => r,
        Err(e) => {
            survey.unreadable.push(format!("the document: {e}"));
            return survey;
        }
    };
    let mut validators: BTreeMap<String, Option<jsonschema::Validator>> = BTreeMap::new();
    let mut unreadable = Vec::new();
    let mut valid = |schema: &str, value: &Value| -> Result<(), Option<String>> {
        let validator = validators.entry(schema.to_owned()).or_insert_with(|| {
            let pointer = fragment(schema);
            let mut options = jsonschema::options()
                .with_draft(draft)
                .with_registry(&registry)
                .should_validate_formats(true);
            for format in ANNOTATIONS {
                options = options.with_format(*format, |_: &str| true);
            }
            match options.build(&serde_json::json!({ "$ref": format!("{BASE}#{pointer}") })) {
                Ok(v) => Some(v),
                Err(e) => {
                    unreadable.push(format!("{schema}: {e}"));
                    None
                }
            }
        });
        let validator = validator.as_ref().ok_or(None)?;
        match validator.iter_errors(value).next() {
            None => Ok(()),
            Some(e) => Err(Some(format!("{:?}", e.kind()).chars().take(60).collect())),
        }
    };
    let rust = |ty_ref: &TypeRef| {
        ty(ty_ref, Scope::Crate)
            .to_string()
            .replace("crate ::", &format!("{lib} ::"))
    };
    for (place, schema, ty_ref, value) in examples(doc, api) {
        survey.found += 1;
        match valid(&schema, &value) {
            Ok(()) => {}
            Err(None) => continue,
            Err(Some(why)) => {
                survey.invalid += 1;
                *survey.invalid_why.entry(why).or_default() += 1;
                continue;
            }
        }
        survey.cases.push(Case {
            place,
            schema,
            rust_type: rust(&ty_ref),
            value,
            variant: None,
        });
    }
    for b in branches::branches(doc, api) {
        survey.branches_made += 1;
        let alone = b
            .siblings
            .iter()
            .filter(|s| valid(s, &b.value).is_ok())
            .count()
            == 1;
        if valid(&b.union_schema, &b.value).is_err()
            || valid(&b.branch_schema, &b.value).is_err()
            || !alone
        {
            continue;
        }
        survey.branches_kept += 1;
        survey.cases.push(Case {
            place: b.place,
            schema: b.union_schema,
            rust_type: rust(&b.ty),
            value: b.value,
            variant: Some(b.variant),
        });
    }
    survey.unreadable = unreadable;
    survey
}

/// A JSON pointer as a URI fragment: every byte that may not stand there
/// percent-encoded (`{id}` in a path's name, spaces, `%`).
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema says it: `null` among the
/// types (and the values of an `enum`).
fn nullable_as_type(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = o.get("type").cloned() {
                    o.insert("type".into(), serde_json::json!([t, "null"]));
                }
                if let Some(Value::Array(values)) = o.get_mut("enum") {
                    if !values.contains(&Value::Null) {
                        values.push(Value::Null);
                    }
                }
            }
            o.values_mut().for_each(nullable_as_type);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_as_type),
        _ => {}
    }
}

/// The value at a JSON pointer, following a `$ref` to this document at the end.
fn at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut v = doc.pointer(pointer)?;
    for _ in 0..8 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with("#/") => v = doc.pointer(&r[1..])?,
            _ => break,
        }
    }
    Some(v)
}

/// Where a `$ref` to this document leads, from `pointer` (itself when none).
fn resolved(doc: &Value, pointer: &str) -> String {
    let mut p = pointer.to_owned();
    for _ in 0..8 {
        match doc
            .pointer(&p)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        {
            Some(r) if r.starts_with("#/") => p = r[1..].to_owned(),
            _ => break,
        }
    }
    p
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The examples written at a schema (`example`, 3.1's `examples` array)
/// or a media type (`example`, `examples.*.value` or its `$ref`).
fn written(doc: &Value, node: &Map<String, Value>, media: bool) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(e) = node.get("example") {
        out.push(("example".to_owned(), e.clone()));
    }
    match node.get("examples") {
        Some(Value::Array(items)) if !media => {
            for (i, e) in items.iter().enumerate() {
                out.push((format!("examples/{i}"), e.clone()));
            }
        }
        Some(Value::Object(named)) if media => {
            for (name, e) in named {
                let e = match e.get("$ref").and_then(Value::as_str) {
                    Some(r) if r.starts_with("#/") => doc.pointer(&r[1..]),
                    Some(_) => None,
                    None => Some(e),
                };
                if let Some(value) = e.and_then(|e| e.get("value")) {
                    out.push((format!("examples/{}/value", escape(name)), value.clone()));
                }
            }
        }
        _ => {}
    }
    out
}

/// Every example with the pointer of its schema and the type it decodes
/// into: each generated type's schema, then each operation's bodies.
fn examples(doc: &Value, api: &Api) -> Vec<(String, String, TypeRef, Value)> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in &api.types {
        let pointer = t.pointer.as_str().to_owned();
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let Some(Value::Object(schema)) = doc.pointer(&pointer) else {
            continue;
        };
        for (place, value) in written(doc, schema, false) {
            let ty = TypeRef::Named(t.name.clone());
            out.push((format!("{pointer}/{place}"), pointer.clone(), ty, value));
        }
    }
    for op in &api.operations {
        let base = op.pointer.as_str();
        if let (Some(body), Some(_)) = (&op.body, at(doc, &format!("{base}/requestBody"))) {
            if body.media == generator::ir::RequestMedia::Json {
                let content = format!("{}/content", resolved(doc, &format!("{base}/requestBody")));
                out.extend(media_examples(doc, &content, &body.ty));
            }
        }
        let responses = op
            .successes
            .iter()
            .filter_map(|s| Some((s.status.to_string(), s.body.as_ref()?.json()?.clone())))
            .chain(
                op.errors
                    .iter()
                    .filter_map(|e| Some((e.status.to_string(), e.ty.clone()?))),
            );
        for (status, ty) in responses {
            let response = resolved(doc, &format!("{base}/responses/{status}"));
            out.extend(media_examples(doc, &format!("{response}/content"), &ty));
        }
    }
    out
}

/// The examples of the JSON media type of a `content` object (the first
/// JSON one, as the generator picks it).
fn media_examples(
    doc: &Value,
    content: &str,
    ty: &TypeRef,
) -> Vec<(String, String, TypeRef, Value)> {
    let Some(Value::Object(entries)) = doc.pointer(content) else {
        return Vec::new();
    };
    let Some((media, Value::Object(entry))) = entries.iter().find(|(media, _)| {
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    }) else {
        return Vec::new();
    };
    let here = format!("{content}/{}", escape(media));
    let schema = format!("{here}/schema");
    if doc.pointer(&schema).is_none() {
        return Vec::new();
    }
    written(doc, entry, true)
        .into_iter()
        .map(|(place, value)| (format!("{here}/{place}"), schema.clone(), ty.clone(), value))
        .collect()
}

/// The test run inside the generated crate: each case decoded from its
/// text and encoded again, one line of JSON per case written to the file
/// `CONFORMANCE_OUT` names, `<package>.jsonl`.
pub fn test_file(cases: &[Case]) -> String {
    let mut checks = String::new();
    for (i, case) in cases.iter().enumerate() {
        let text = serde_json::to_string(&case.value).unwrap();
        checks.push_str(&format!(
            "    check::<{}>(&mut out, {i}, r#####\"{text}\"#####);\n",
            case.rust_type
        ));
    }
    format!(
        r#"//! Written by the compile test (tests/tests/conformance): the spec's examples, decoded and encoded.
#![allow(clippy::all)]

fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(out: &mut String, id: usize, text: &str) {{
    let line = match serde_json::from_str::<T>(text) {{
        Ok(decoded) => match serde_json::to_value(&decoded) {{
            Ok(encoded) => {{
                // The variant, for a union: its `Debug` starts with its name.
                let debug = format!("{{decoded:?}}");
                let variant = debug.split(['(', ' ', '{{']).next().unwrap_or_default().to_owned();
                serde_json::json!({{"id": id, "encoded": encoded, "variant": variant}})
            }}
            Err(e) => serde_json::json!({{"id": id, "encode_error": e.to_string()}}),
        }},
        Err(e) => serde_json::json!({{"id": id, "decode_error": e.to_string()}}),
    }};
    out.push_str(&line.to_string());
    out.push('\n');
}}

#[test]
fn examples_round_trip() {{
    let mut out = String::new();
{checks}    let dir = std::env::var("CONFORMANCE_OUT").expect("CONFORMANCE_OUT names the results' folder");
    std::fs::write(format!("{{dir}}/{{}}.jsonl", env!("CARGO_PKG_NAME")), out).unwrap();
}}
"#
    )
}

/// What happened to the examples of one document.
#[derive(Debug, Default)]
pub struct Verdict {
    pub checked: usize,
    pub unchanged: usize,
    /// Differences allowed, by reason.
    pub allowed: BTreeMap<&'static str, usize>,
    /// Failures by kind: `decode`, `lost field`, `date-time offset`, `added field`, `changed`.
    pub failures: BTreeMap<&'static str, Vec<String>>,
}

/// Sorts the results the test wrote (`results`, one line per case).
pub fn judge(survey: &Survey, results: &str) -> Verdict {
    let cases = &survey.cases;
    let mut verdict = Verdict::default();
    for line in results.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let id = r["id"].as_u64().unwrap() as usize;
        let case = &cases[id];
        verdict.checked += 1;
        let fail = |v: &mut Verdict, kind: &'static str, what: String| {
            v.failures
                .entry(kind)
                .or_default()
                .push(format!("{} ({}): {what}", case.place, case.rust_type));
        };
        if let Some(e) = r.get("decode_error").or_else(|| r.get("encode_error")) {
            fail(
                &mut verdict,
                "decode",
                e.as_str().unwrap_or_default().to_owned(),
            );
            continue;
        }
        if let Some(want) = &case.variant {
            let got = r["variant"].as_str().unwrap_or_default();
            if got != want {
                let value = &case.value;
                fail(
                    &mut verdict,
                    "wrong branch",
                    format!("{value} decodes into `{got}`, not `{want}`"),
                );
                continue;
            }
        }
        let mut diffs = Vec::new();
        compare(&case.value, &r["encoded"], String::new(), &mut diffs);
        if diffs.is_empty() {
            verdict.unchanged += 1;
        }
        let mut failed = false;
        for (kind, path, what) in diffs {
            let segments: Vec<String> = path
                .split('/')
                .skip(1)
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect();
            let schema = survey.doc.pointer(&case.schema).unwrap_or(&Value::Null);
            let described = described(&survey.doc, schema, &segments, 0);
            let kind = match kind {
                "lost field" if described.is_empty() => "lost undeclared field",
                "lost field" => "lost declared field",
                "added field"
                    if serde_json::from_str::<Value>(&what).is_ok_and(|added| {
                        described.iter().any(|s| s.get("default") == Some(&added))
                    }) =>
                {
                    "default"
                }
                other => other,
            };
            match allowed(kind, &what) {
                Some(reason) => *verdict.allowed.entry(reason).or_default() += 1,
                None => {
                    failed = true;
                    fail(&mut verdict, kind, format!("at `{path}`: {what}"));
                }
            }
        }
        let _ = failed;
    }
    verdict
}

/// The differences decided to be correct, with their reason.
fn allowed(kind: &str, _what: &str) -> Option<&'static str> {
    match kind {
        "number" => Some("the same number, written differently (`1.0` and `1`)"),
        "default" => Some(
            "a property the example leaves out comes back with the value the spec gives as its `default`: the same meaning",
        ),
        _ => None,
    }
}

/// The schemas that describe the value at `path` (its segments) of a
/// value of `schema`: through `$ref`s, `allOf`/`oneOf`/`anyOf` branches,
/// `properties`, `items` and a schema of `additionalProperties`.
fn described<'a>(
    doc: &'a Value,
    schema: &'a Value,
    path: &[String],
    depth: usize,
) -> Vec<&'a Value> {
    let mut schema = schema;
    while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            Some(s) if depth < 64 => schema = s,
            _ => return Vec::new(),
        }
    }
    if depth > 64 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in ["allOf", "oneOf", "anyOf"] {
        for branch in schema
            .get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(described(doc, branch, path, depth + 1));
        }
    }
    match path.split_first() {
        None => out.push(schema),
        Some((segment, rest)) => {
            let property = schema.get("properties").and_then(|p| p.get(segment));
            if let Some(p) = property {
                out.extend(described(doc, p, rest, depth + 1));
            } else if let Some(a) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                out.extend(described(doc, a, rest, depth + 1));
            }
            if segment.parse::<usize>().is_ok() {
                if let Some(items) = schema.get("items") {
                    out.extend(described(doc, items, rest, depth + 1));
                }
            }
        }
    }
    out
}

/// The differences between what was written and what came back.
fn compare(
    written: &Value,
    back: &Value,
    path: String,
    diffs: &mut Vec<(&'static str, String, String)>,
) {
    match (written, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let p = format!("{path}/{}", escape(k));
                match b.get(k) {
                    Some(w) => compare(v, w, p, diffs),
                    None => diffs.push(("lost field", p, format!("{v}"))),
                }
            }
            for (k, v) in b {
                if !a.contains_key(k) {
                    diffs.push((
                        "added field",
                        format!("{path}/{}", escape(k)),
                        format!("{v}"),
                    ));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                compare(v, w, format!("{path}/{i}"), diffs);
            }
        }
        (Value::Number(a), Value::Number(b)) if a != b => {
            let kind = if a.as_f64() == b.as_f64() {
                "number"
            } else {
                "changed"
            };
            diffs.push((kind, path, format!("{a} → {b}")));
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let kind = if same_instant(a, b) {
                "date-time offset"
            } else {
                "changed"
            };
            diffs.push((kind, path, format!("{a:?} → {b:?}")));
        }
        (a, b) if a != b => diffs.push(("changed", path, format!("{a} → {b}"))),
        _ => {}
    }
}

/// Whether two texts are RFC 3339 date-times of the same instant (the
/// first part, `2023-02-28T13:30:05`, compared after the offset is applied).
fn same_instant(a: &str, b: &str) -> bool {
    fn parse(s: &str) -> Option<i64> {
        let s = s.trim();
        let (date, rest) = s.split_once(['T', 't'])?;
        let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
        let (y, m, day) = (d.next()??, d.next()??, d.next()??);
        let zone_at = rest.find(['Z', 'z', '+', '-'])?;
        let (time, zone) = rest.split_at(zone_at);
        let mut t = time
            .split('.')
            .next()?
            .splitn(3, ':')
            .map(|p| p.parse::<i64>().ok());
        let (h, min, sec) = (t.next()??, t.next()??, t.next()??);
        let offset = match zone {
            "Z" | "z" => 0,
            _ => {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                let (oh, om) = zone[1..].split_once(':')?;
                sign * (oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?)
            }
        };
        // Days from a fixed epoch (civil calendar), enough to compare.
        let (y2, m2) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
        let days = 365 * y2 + y2 / 4 - y2 / 100 + y2 / 400 + (153 * (m2 - 3) + 2) / 5 + day;
        Some(((days * 24 + h) * 60 + min - offset) * 60 + sec)
    }
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}
