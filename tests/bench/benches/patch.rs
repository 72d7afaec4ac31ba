//! What progenitor needs done to a document before it generates instead of
//! panicking: it asserts (`response_types.len() <= 1` in its
//! `extract_responses`) that all success responses of an operation have one
//! body type, and all error responses one body type, "no body" counting as a
//! type. Real documents break this (Create Session: 402 has no body, 404 and
//! 422 have different ones).
//!
//! The patch keeps, in each group, the responses whose body is the same as
//! the first (lowest-status) response's that has a body, and removes the
//! others from the operation, as a progenitor user would have to. Our
//! generator reads the document unpatched.

use serde_json::Value;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Returns how many responses were removed.
pub fn for_progenitor(doc: &mut Value) -> usize {
    let shared = doc
        .pointer("/components/responses")
        .cloned()
        .unwrap_or(Value::Null);
    let mut removed = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            let Some(responses) = item
                .get_mut(*method)
                .and_then(|op| op.get_mut("responses"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for success in [true, false] {
                let mut group: Vec<(String, String)> = responses
                    .iter()
                    .filter(|(status, _)| status.starts_with('2') == success)
                    .map(|(status, response)| (status.clone(), body_key(response, &shared)))
                    .collect();
                group.sort();
                let Some(keep) = group
                    .iter()
                    .find(|(_, key)| !key.is_empty())
                    .map(|(_, k)| k.clone())
                else {
                    continue;
                };
                for (status, key) in group {
                    if key != keep {
                        responses.remove(&status);
                        removed += 1;
                    }
                }
            }
        }
    }
    removed
}

/// The response's `content`, as text (empty when it has no body).
fn body_key(response: &Value, shared: &Value) -> String {
    let response = match response.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/components/responses/")
            .and_then(|name| shared.get(name))
            .unwrap_or(response),
        None => response,
    };
    match response.get("content") {
        Some(Value::Object(content)) if !content.is_empty() => {
            Value::Object(content.clone()).to_string()
        }
        _ => String::new(),
    }
}
