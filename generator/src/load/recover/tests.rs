use super::*;
use serde_json::json;

fn recover(mut doc: Value) -> (Result<openapiv3::OpenAPI, Diagnostic>, Value, Vec<String>) {
    let mut diags = Diagnostics::default();
    let result = deserialize(&mut doc, &mut diags);
    let warnings = diags
        .finish("spec.yaml")
        .into_iter()
        .map(|d| format!("{} {}", d.pointer, d.message))
        .collect();
    (result, doc, warnings)
}

fn ok(responses: Value) -> Value {
    json!({"operationId": "op", "responses": responses})
}

#[test]
fn a_readable_document_is_not_touched() {
    let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": ok(json!({"200": {"description": "ok"}}))}}});
    let (result, after, warnings) = recover(doc.clone());
    assert!(result.is_ok());
    assert_eq!(after, doc);
    assert!(warnings.is_empty());
}

#[test]
fn an_operation_is_left_out_and_the_rest_kept() {
    let (result, after, warnings) = recover(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "a", "parameters": [{"name": "q"}],
                "responses": {"200": {"description": "ok"}}}},
            "/b": {"get": ok(json!({"200": {"description": "ok"}}))}
        }
    }));
    let openapi = result.unwrap();
    assert!(after.pointer("/paths/~1a/get").is_none());
    assert_eq!(openapi.paths.paths.len(), 2);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("/paths/~1a/get this element cannot be read (missing field `in` at /paths/~1a/get/parameters/0)"), "{warnings:?}");
}

#[test]
fn what_refers_to_a_left_out_component_is_left_out_transitively() {
    let (result, after, warnings) = recover(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": ok(json!({"200": {"$ref": "#/components/responses/R"}}))},
            "/b": {"get": ok(json!({"200": {"description": "ok"}}))}
        },
        "components": {
            "headers": {"H": {"schema": {"type": "string"}, "style": "simple", "deprecated": "no"}},
            "parameters": {"P": {"name": "p", "in": "nowhere"}},
            "responses": {"R": {"description": "r", "headers": {"x": {"$ref": "#/components/parameters/P"}}}}
        }
    }));
    result.unwrap();
    assert!(after.pointer("/components/parameters/P").is_none());
    assert!(after.pointer("/components/responses/R").is_none());
    assert!(after.pointer("/paths/~1a/get").is_none());
    assert!(after.pointer("/paths/~1b/get").is_some());
    // The header's malformed `deprecated` is dropped, the header kept.
    assert_eq!(
        after.pointer("/components/headers/H/style"),
        Some(&json!("simple"))
    );
    assert!(after.pointer("/components/headers/H/deprecated").is_none());
    assert_eq!(warnings.len(), 4, "{warnings:?}");
}

#[test]
fn schemas_lose_their_malformed_keywords_and_nothing_else() {
    let (result, after, warnings) = recover(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "A": {"type": "object", "properties": {
                "n": {"type": "integer", "minimum": "one", "maximum": 9},
                "s": 5,
                "l": {"type": "array", "items": {"type": "string"}, "maxItems": [1]}
            }, "example": {"schema": 5}}
        }}
    }));
    result.unwrap();
    assert_eq!(
        after.pointer("/components/schemas/A/properties/n"),
        Some(&json!({"type": "integer", "maximum": 9}))
    );
    assert_eq!(
        after.pointer("/components/schemas/A/properties/s"),
        Some(&json!({}))
    );
    assert_eq!(
        after.pointer("/components/schemas/A/properties/l"),
        Some(&json!({"type": "array", "items": {"type": "string"}}))
    );
    // An example is data: its member called `schema` is not a schema.
    assert_eq!(
        after.pointer("/components/schemas/A/example"),
        Some(&json!({"schema": 5}))
    );
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

#[test]
fn a_document_with_nothing_usable_left_fails_at_its_first_malformed_element() {
    let (result, _, _) = recover(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "a"}}}
    }));
    let error = result.unwrap_err();
    assert_eq!(error.pointer, "/paths/~1a/get");
    assert!(
        error.message.contains("missing field `responses`"),
        "{error}"
    );
}

#[test]
fn a_wrong_top_level_still_fails_with_its_pointer() {
    let (result, _, _) =
        recover(json!({"openapi": "3.0.3", "info": {"title": 5, "version": "1"}, "paths": {}}));
    assert_eq!(result.unwrap_err().pointer, "/info/title");
}
