//! Sequential media types (JSON Lines, NDJSON, JSON text sequences) and
//! OpenAPI 3.2's `itemSchema` through loading.
//!
//! `openapiv3` reads OpenAPI 3.0 and drops a media type's `itemSchema`, so
//! before deserialising it moves into the media type's extension
//! [`ITEM_SCHEMA`], as `{"at": [tokens], "schema": schema}`: the schema
//! lowering gives each item (or, for `text/event-stream`, each event's
//! data), and where it is written below the media type (for the
//! diagnostics). Lowering reads a 3.0/3.1 `schema` on a sequential media
//! type as the whole stream (an array of the items).

use crate::diag::{Diagnostics, Pointer};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// The media type's extension that holds what lowering reads of its `itemSchema`.
pub const ITEM_SCHEMA: &str = "x-codegen-item-schema";

/// How the items of a sequential media type are written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Framing {
    /// JSON Lines / NDJSON: one JSON text per line (LF, or CRLF).
    Lines,
    /// JSON text sequences (RFC 7464): each record is 0x1E, a JSON text, LF.
    Seq,
}

/// How a media type's items are framed, when it is a sequence of JSON texts:
/// `application/jsonl`, `application/x-ndjson`, `application/x-jsonlines`,
/// `application/jsonlines`, any `+jsonl` or `+ndjson`, `application/json-seq`
/// and any `+json-seq`.
pub fn framing(media: &str) -> Option<Framing> {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let lines = [
        "application/jsonl",
        "application/x-ndjson",
        "application/ndjson",
        "application/x-jsonlines",
        "application/jsonlines",
    ];
    if lines.contains(&essence.as_str())
        || essence.ends_with("+jsonl")
        || essence.ends_with("+ndjson")
    {
        Some(Framing::Lines)
    } else if essence == "application/json-seq" || essence.ends_with("+json-seq") {
        Some(Framing::Seq)
    } else {
        None
    }
}

/// `normalize`'s rewriting of one schema.
pub type SchemaFn = fn(&mut Value, &Pointer, &mut Diagnostics);

/// Moves a media type's `itemSchema` into [`ITEM_SCHEMA`], rewritten by
/// `schema`: for a sequential media type, the schema of each item; for
/// `text/event-stream`, the schema of each event's data (its `data`
/// property's `contentSchema`, or the property itself); anything it cannot
/// use is a warning at `ptr` (the media type) that says what.
pub fn item_schema(
    media: &str,
    m: &mut Value,
    ptr: &Pointer,
    diags: &mut Diagnostics,
    schema: SchemaFn,
) {
    let Some(m) = m.as_object_mut() else {
        return;
    };
    let Some(mut item) = m.shift_remove("itemSchema") else {
        return;
    };
    let item_ptr = ptr.push("itemSchema");
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let (at, mut found): (Vec<&str>, Value) = if framing(media).is_some() {
        (vec!["itemSchema"], item)
    } else if essence == "text/event-stream" {
        match event_data(&mut item, &item_ptr, m.contains_key("schema"), diags) {
            Some(found) => found,
            None => return,
        }
    } else {
        diags.warning(
            item_ptr,
            format!("`itemSchema` is not used: `{media}` is not a sequence of items this generator reads (JSON Lines, NDJSON, JSON text sequences or `text/event-stream`); the body is read by its `schema`"),
        );
        return;
    };
    let mut schema_ptr = ptr.clone();
    for token in &at {
        schema_ptr = schema_ptr.push(token);
    }
    schema(&mut found, &schema_ptr, diags);
    m.insert(ITEM_SCHEMA.to_owned(), json!({"at": at, "schema": found}));
}

/// The schema of each event's data in a `text/event-stream`'s `itemSchema`
/// (which describes the whole event: `data`, `event`, `id`, `retry`), and
/// where it is written: the `data` property's `contentSchema` (JSON), or
/// the property itself (text when it is a string). `None`, with a warning,
/// when there is no `data` property to read.
fn event_data(
    item: &mut Value,
    ptr: &Pointer,
    has_schema: bool,
    diags: &mut Diagnostics,
) -> Option<(Vec<&'static str>, Value)> {
    let data = item
        .as_object_mut()
        .and_then(|o| o.get_mut("properties"))
        .and_then(Value::as_object_mut)
        .and_then(|p| p.shift_remove("data"));
    let fallback = if has_schema {
        "each event's data is read by the media type's `schema`"
    } else {
        "each event's data is read as text"
    };
    let Some(mut data) = data else {
        diags.warning(
            ptr.clone(),
            format!("`itemSchema` of `text/event-stream` is not used: only an object schema with a `data` property (and `contentMediaType: application/json` with `contentSchema` for JSON data) types the events, one type for every event; {fallback}"),
        );
        return None;
    };
    let data_ptr = ptr.push("properties").push("data");
    let Some(object) = data.as_object_mut() else {
        return Some((
            vec!["itemSchema", "properties", "data"],
            json!({"type": "string"}),
        ));
    };
    let json_media = object
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_none_or(|c| {
            let c = c
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            c == "application/json" || c.ends_with("+json")
        });
    match object.shift_remove("contentSchema") {
        Some(content) if json_media => Some((
            vec!["itemSchema", "properties", "data", "contentSchema"],
            content,
        )),
        Some(_) => {
            diags.warning(
                data_ptr.push("contentSchema"),
                "`contentSchema` is not used: its `contentMediaType` is not JSON; each event's data is read as text",
            );
            Some((
                vec!["itemSchema", "properties", "data"],
                json!({"type": "string"}),
            ))
        }
        None => {
            if is_text(object) {
                return Some((
                    vec!["itemSchema", "properties", "data"],
                    json!({"type": "string"}),
                ));
            }
            diags.warning(
                data_ptr,
                "an event's data is text: this schema, not a string, is taken as the schema of the JSON the data holds (write `type: string`, `contentMediaType: application/json` and `contentSchema` to say so)",
            );
            Some((
                vec!["itemSchema", "properties", "data"],
                Value::Object(std::mem::take(object)),
            ))
        }
    }
}

/// Whether a schema describes text: `type: string` (or `[string, null]`), or no type at all.
fn is_text(schema: &Map<String, Value>) -> bool {
    match schema.get("type") {
        None => !schema.contains_key("$ref") && !schema.contains_key("properties"),
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(media: &str, m: Value) -> (Value, Vec<String>) {
        let mut m = m;
        let mut diags = Diagnostics::default();
        let keep: SchemaFn = |_, _, _| {};
        item_schema(media, &mut m, &Pointer::root().push("m"), &mut diags, keep);
        let warnings = diags.finish("x").into_iter().map(|d| d.message).collect();
        (m, warnings)
    }

    #[test]
    fn sequential_media_types_and_their_framing() {
        for media in [
            "application/jsonl",
            "application/x-ndjson; charset=utf-8",
            "Application/X-JSONLines",
            "application/vnd.acme.log+jsonl",
        ] {
            assert_eq!(framing(media), Some(Framing::Lines), "{media}");
        }
        for media in ["application/json-seq", "application/geo+json-seq"] {
            assert_eq!(framing(media), Some(Framing::Seq), "{media}");
        }
        for media in [
            "application/json",
            "text/event-stream",
            "application/jsonld",
        ] {
            assert_eq!(framing(media), None, "{media}");
        }
    }

    #[test]
    fn item_schema_moves_into_the_extension() {
        let (m, warnings) = moved(
            "application/jsonl",
            json!({"itemSchema": {"type": "integer"}}),
        );
        assert_eq!(
            m,
            json!({ITEM_SCHEMA: {"at": ["itemSchema"], "schema": {"type": "integer"}}})
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn an_events_item_schema_gives_its_datas_schema() {
        let item = json!({"itemSchema": {"type": "object", "properties": {
            "event": {"type": "string"},
            "data": {"type": "string", "contentMediaType": "application/json",
                     "contentSchema": {"$ref": "#/components/schemas/Delta"}}}}});
        let (m, warnings) = moved("text/event-stream", item);
        assert_eq!(
            m[ITEM_SCHEMA],
            json!({"at": ["itemSchema", "properties", "data", "contentSchema"],
                   "schema": {"$ref": "#/components/schemas/Delta"}})
        );
        assert!(warnings.is_empty());
        let text = json!({"itemSchema": {"properties": {"data": {"type": "string"}}}});
        assert_eq!(
            moved("text/event-stream", text).0[ITEM_SCHEMA]["schema"],
            json!({"type": "string"})
        );
        let (m, warnings) = moved("text/event-stream", json!({"itemSchema": {"oneOf": []}}));
        assert_eq!(m, json!({}));
        assert!(warnings[0].contains("is not used"), "{warnings:?}");
        let (_, warnings) = moved("application/json", json!({"itemSchema": {}}));
        assert!(warnings[0].contains("is not used"), "{warnings:?}");
    }
}
