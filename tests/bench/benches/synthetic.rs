//! Synthetic OpenAPI 3.1 documents with any number of operations, built the
//! same way every time (no randomness), so that time per operation can be
//! compared across sizes.
//!
//! Operations come in resources of five (create, get, list, update, delete),
//! each resource with five schemas of its own, and carry the publisher's
//! quirks (`anyOf` with `null`, float integer bounds, `default` beside
//! `$ref`), so every phase does per-operation work of the same kind as on
//! the real document.

use serde_json::{json, Map, Value};

/// Operations per resource.
const KINDS: usize = 5;

pub fn document(operations: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert("Error".into(), error_schema());
    schemas.insert("ValidationError".into(), validation_error_schema());
    let resources = operations.div_ceil(KINDS);
    let mut left = operations;
    for r in 0..resources {
        let kinds = left.min(KINDS);
        left -= kinds;
        add_resource(r, kinds, &mut paths, &mut schemas);
    }
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("Synthetic API {operations}"),
            "version": "1.0.0",
            "description": "A generated document for benchmarks."
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"ApiKey": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
            }
        }
    });
    // Serialising a `Value` cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn add_resource(
    r: usize,
    kinds: usize,
    paths: &mut Map<String, Value>,
    schemas: &mut Map<String, Value>,
) {
    let item = format!("Item{r}");
    let item_ref = json!({"$ref": format!("#/components/schemas/{item}")});
    let status_ref = json!({"$ref": format!("#/components/schemas/{item}Status")});
    let error = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let invalid = json!({
        "description": "Validation Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}}
    });
    let ok = |description: &str, schema: Value| json!({"description": description, "content": {"application/json": {"schema": schema}}});
    let item_id = json!({
        "name": "item_id", "in": "path", "required": true,
        "schema": {"type": "string", "format": "uuid"}, "description": "The item's id."
    });
    let body = |name: String| json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
    let mut collection = Map::new();
    let mut member = Map::new();
    let tag = json!([format!("Resource {r}")]);
    for kind in 0..kinds {
        match kind {
            0 => {
                collection.insert("post".into(), json!({
                    "operationId": format!("createItem{r}"), "tags": tag,
                    "summary": format!("Create an item of resource {r}"),
                    "requestBody": body(format!("{item}Create")),
                    "responses": {
                        "201": ok("Created", item_ref.clone()),
                        "402": {"description": "Payment required"},
                        "422": invalid.clone(),
                        "429": {"description": "Too many requests", "content": error["content"].clone()}
                    }
                }));
            }
            1 => {
                member.insert("get".into(), json!({
                    "operationId": format!("getItem{r}"), "tags": tag,
                    "summary": format!("Get an item of resource {r}"),
                    "parameters": [item_id.clone()],
                    "responses": {
                        "200": ok("The item", item_ref.clone()),
                        "404": {"description": "Not found", "content": error["content"].clone()},
                        "422": invalid.clone()
                    }
                }));
            }
            2 => {
                collection.insert("get".into(), json!({
                    "operationId": format!("listItems{r}"), "tags": tag,
                    "summary": format!("List the items of resource {r}"),
                    "parameters": [
                        {"name": "pageSize", "in": "query", "required": false,
                         "schema": {"type": "integer", "minimum": 1.0, "maximum": 100.0, "default": 20}},
                        {"name": "cursor", "in": "query", "required": false,
                         "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
                        {"name": "status", "in": "query", "required": false,
                         "schema": {"anyOf": [status_ref.clone(), {"type": "null"}]}}
                    ],
                    "responses": {
                        "200": ok("A page of items", json!({"$ref": format!("#/components/schemas/{item}List")})),
                        "422": invalid.clone()
                    }
                }));
            }
            3 => {
                member.insert("patch".into(), json!({
                    "operationId": format!("updateItem{r}"), "tags": tag,
                    "summary": format!("Update an item of resource {r}"),
                    "parameters": [item_id.clone()],
                    "requestBody": body(format!("{item}Update")),
                    "responses": {
                        "200": ok("The updated item", item_ref.clone()),
                        "404": {"description": "Not found", "content": error["content"].clone()},
                        "422": invalid.clone()
                    }
                }));
            }
            _ => {
                member.insert(
                    "delete".into(),
                    json!({
                        "operationId": format!("deleteItem{r}"), "tags": tag,
                        "summary": format!("Delete an item of resource {r}"),
                        "parameters": [item_id.clone()],
                        "responses": {
                            "204": {"description": "Deleted"},
                            "404": {"description": "Not found", "content": error["content"].clone()}
                        }
                    }),
                );
            }
        }
    }
    if !collection.is_empty() {
        paths.insert(format!("/resource{r}/items"), Value::Object(collection));
    }
    if !member.is_empty() {
        paths.insert(
            format!("/resource{r}/items/{{item_id}}"),
            Value::Object(member),
        );
    }

    let nullable_string =
        |max: u32| json!({"anyOf": [{"type": "string", "maxLength": max}, {"type": "null"}]});
    schemas.insert(
        format!("{item}Status"),
        json!({
            "type": "string", "enum": ["active", "paused", "archived"],
            "description": "Where the item is in its life."
        }),
    );
    schemas.insert(item.clone(), json!({
        "type": "object",
        "title": item,
        "description": format!("An item of resource {r}."),
        "required": ["id", "name", "status", "size", "createdAt"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "Unique id."},
            "name": {"type": "string", "maxLength": 200, "description": "Display name."},
            "status": status_ref.clone(),
            "size": {"type": "integer", "minimum": 0.0, "maximum": 1000000.0},
            "tags": {"type": "array", "items": {"type": "string"}},
            "createdAt": {"type": "string", "format": "date-time"},
            "note": nullable_string(1000),
            "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "null"}]}
        }
    }));
    schemas.insert(format!("{item}Create"), json!({
        "type": "object",
        "description": format!("What is needed to create an item of resource {r}."),
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "status": {"$ref": format!("#/components/schemas/{item}Status"), "default": "active"},
            "size": {"anyOf": [{"type": "integer", "minimum": 0.0, "maximum": 1000000.0}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"}, "maxItems": 20},
            "note": nullable_string(1000)
        }
    }));
    schemas.insert(format!("{item}Update"), json!({
        "type": "object",
        "description": format!("Changes to an item of resource {r}; absent fields are left alone."),
        "properties": {
            "name": nullable_string(200),
            "status": {"anyOf": [status_ref, {"type": "null"}]},
            "note": nullable_string(1000)
        }
    }));
    schemas.insert(
        format!("{item}List"),
        json!({
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": item_ref},
                "nextCursor": {"anyOf": [{"type": "string"}, {"type": "null"}]}
            }
        }),
    );
}

fn error_schema() -> Value {
    json!({
        "type": "object", "required": ["detail"],
        "properties": {"detail": {"type": "string"}}
    })
}

fn validation_error_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "detail": {"type": "array", "items": {
                "type": "object", "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"}
                }
            }}
        }
    })
}
