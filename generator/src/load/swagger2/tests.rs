//! One test per mapping of the 2.0 → 3.0 conversion, and the pointers its
//! warnings (and later diagnostics) name in the 2.0 document.

use super::*;
use crate::load::MemorySources;
use serde_json::json;

/// Converts `doc` (the entry file `spec/api.yaml`, with `files` beside it):
/// the 3.0 document, the warnings as (file, pointer, message), and the
/// documents (for [`Documents::origin`]).
fn run(doc: Value, files: &[(&str, &str)]) -> (Value, Vec<(String, String, String)>, Documents) {
    let sources = MemorySources {
        files: files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect(),
    };
    let mut docs = Documents::new("spec/api.yaml", "");
    let mut diags = Diagnostics::default();
    let out = convert(doc, &mut docs, Some(&sources), &mut diags);
    let found = diags
        .finish("spec/api.yaml")
        .into_iter()
        .map(|d| (d.file, d.pointer, d.message))
        .collect();
    (out, found, docs)
}

fn doc(paths: Value) -> Value {
    json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths})
}

#[test]
fn host_base_path_and_schemes_become_servers() {
    let mut d = doc(json!({}));
    d["host"] = json!("api.example.com");
    d["basePath"] = json!("/v1/");
    d["schemes"] = json!(["http", "https", "ws"]);
    let (out, warnings, _) = run(d, &[]);
    assert_eq!(
        out["servers"],
        json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
    );
    assert_eq!(out["openapi"], json!("3.0.3"));
    assert!(out.get("swagger").is_none() && out.get("host").is_none());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].1, "/schemes/2");
    // No schemes: https.
    let mut d = doc(json!({}));
    d["host"] = json!("h.example");
    assert_eq!(
        run(d, &[]).0["servers"],
        json!([{"url": "https://h.example"}])
    );
    // No host: the base path, relative.
    let mut d = doc(json!({}));
    d["basePath"] = json!("/api");
    assert_eq!(run(d, &[]).0["servers"], json!([{"url": "/api"}]));
    assert_eq!(run(doc(json!({})), &[]).0["servers"], json!([{"url": "/"}]));
}

#[test]
fn definitions_become_component_schemas() {
    let mut d = doc(json!({}));
    d["definitions"] = json!({"Pet": {"type": "object", "properties": {
        "tag": {"type": "string", "x-nullable": true},
        "owner": {"$ref": "#/definitions/Owner"}}}});
    let (out, _, docs) = run(d, &[]);
    assert_eq!(
        out["components"]["schemas"]["Pet"]["properties"],
        json!({"tag": {"type": "string", "nullable": true},
            "owner": {"$ref": "#/components/schemas/Owner"}})
    );
    assert!(out.get("definitions").is_none());
    assert_eq!(
        docs.origin("/components/schemas/Pet/properties/tag"),
        (0, "/definitions/Pet/properties/tag".to_owned())
    );
}

#[test]
fn query_path_and_header_parameters_get_a_schema_and_a_style() {
    let d = doc(json!({"/pets/{ids}": {
        "parameters": [{"name": "ids", "in": "path", "required": true, "type": "array",
            "items": {"type": "integer"}}],
        "get": {"parameters": [
            {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"},
                "collectionFormat": "multi", "description": "d"},
            {"name": "sort", "in": "query", "type": "array", "items": {"type": "string"}},
            {"name": "X-Trace", "in": "header", "type": "string", "format": "uuid", "x-k": 1}],
            "responses": {"204": {"description": "none"}}}}}));
    let (out, warnings, _) = run(d, &[]);
    assert!(warnings.is_empty(), "{warnings:?}");
    let item = &out["paths"]["/pets/{ids}"];
    assert_eq!(
        item["parameters"][0],
        json!({"name": "ids", "in": "path", "required": true, "style": "simple",
            "explode": false, "schema": {"type": "array", "items": {"type": "integer"}}})
    );
    let params = &item["get"]["parameters"];
    assert_eq!(
        params[0],
        json!({"name": "tags", "in": "query", "description": "d", "style": "form",
            "explode": true, "schema": {"type": "array", "items": {"type": "string"}}})
    );
    assert_eq!(params[1]["style"], json!("form"));
    assert_eq!(params[1]["explode"], json!(false));
    assert_eq!(
        params[2],
        json!({"name": "X-Trace", "in": "header", "x-k": 1,
            "schema": {"type": "string", "format": "uuid"}})
    );
}

#[test]
fn a_body_parameter_becomes_the_request_body_in_each_consumed_type() {
    let mut d = doc(json!({"/pets": {"post": {
        "consumes": ["application/json", "application/xml"],
        "parameters": [
            {"name": "limit", "in": "query", "type": "integer"},
            {"name": "pet", "in": "body", "required": true, "description": "the pet",
                "schema": {"$ref": "#/definitions/Pet"}}],
        "responses": {"204": {"description": "none"}}},
        "put": {"parameters": [{"name": "pet", "in": "body", "schema": {"type": "string"}}],
            "responses": {"204": {"description": "none"}}}}}));
    d["consumes"] = json!(["text/plain"]);
    let (out, _, docs) = run(d, &[]);
    let post = &out["paths"]["/pets"]["post"];
    let reference = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        post["requestBody"],
        json!({"description": "the pet", "required": true, "content": {
            "application/json": reference, "application/xml": reference}})
    );
    assert_eq!(post["parameters"].as_array().map(Vec::len), Some(1));
    assert!(post.get("consumes").is_none());
    // The document's `consumes` otherwise.
    let put = &out["paths"]["/pets"]["put"]["requestBody"]["content"];
    assert_eq!(put, &json!({"text/plain": {"schema": {"type": "string"}}}));
    assert_eq!(
        docs.origin("/paths/~1pets/post/requestBody/content/application~1xml/schema"),
        (0, "/paths/~1pets/post/parameters/1/schema".to_owned())
    );
    // Without any `consumes`: JSON.
    let d = doc(
        json!({"/a": {"post": {"parameters": [{"name": "b", "in": "body",
        "schema": {"type": "object"}}], "responses": {}}}}),
    );
    let (out, _, _) = run(d, &[]);
    assert!(out["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"].is_object());
}

#[test]
fn form_parameters_become_a_form_or_a_multipart_body() {
    let d = doc(json!({
        "/form": {"post": {"parameters": [
            {"name": "name", "in": "formData", "type": "string", "required": true, "description": "n"},
            {"name": "ids", "in": "formData", "type": "array", "items": {"type": "integer"},
                "collectionFormat": "pipes"}],
            "responses": {}}},
        "/upload": {"post": {"parameters": [
            {"name": "file", "in": "formData", "type": "file", "required": true},
            {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"},
                "collectionFormat": "multi"}],
            "responses": {}}},
        "/declared": {"post": {"consumes": ["multipart/form-data"], "parameters": [
            {"name": "note", "in": "formData", "type": "string"}], "responses": {}}}}));
    let (out, warnings, docs) = run(d, &[]);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        out["paths"]["/form"]["post"]["requestBody"],
        json!({"required": true, "content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": {
                "name": {"type": "string", "description": "n"},
                "ids": {"type": "array", "items": {"type": "integer"}}},
                "required": ["name"]},
            "encoding": {"ids": {"style": "pipeDelimited", "explode": false}}}}})
    );
    assert_eq!(
        out["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
            ["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );
    assert!(
        out["paths"]["/declared"]["post"]["requestBody"]["content"]["multipart/form-data"]
            .is_object()
    );
    assert!(out["paths"]["/form"]["post"].get("parameters").is_none());
    assert_eq!(
        docs.origin("/paths/~1form/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/ids/items"),
        (0, "/paths/~1form/post/parameters/1/items".to_owned())
    );
}

#[test]
fn a_paths_body_parameter_is_each_operations_body_unless_named_again() {
    let d = doc(json!({"/a": {
        "parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}},
            {"name": "q", "in": "query", "type": "string"}],
        "post": {"responses": {}},
        "put": {"parameters": [{"name": "b", "in": "body", "schema": {"type": "integer"}}],
            "responses": {}}}}));
    let (out, _, _) = run(d, &[]);
    let item = &out["paths"]["/a"];
    assert_eq!(item["parameters"].as_array().map(Vec::len), Some(1));
    let schema = |m: &str| item[m]["requestBody"]["content"]["application/json"]["schema"].clone();
    assert_eq!(schema("post"), json!({"type": "string"}));
    assert_eq!(schema("put"), json!({"type": "integer"}));
}

#[test]
fn document_parameters_become_components_and_body_ones_are_copied() {
    let mut d = doc(json!({"/a": {"post": {"parameters": [
        {"$ref": "#/parameters/page"}, {"$ref": "#/parameters/body"}], "responses": {}}}}));
    d["parameters"] = json!({
        "page": {"name": "page", "in": "query", "type": "integer"},
        "body": {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/P"}}});
    let (out, _, _) = run(d, &[]);
    assert_eq!(
        out["components"]["parameters"],
        json!({"page": {"name": "page", "in": "query", "schema": {"type": "integer"}}})
    );
    let op = &out["paths"]["/a"]["post"];
    assert_eq!(
        op["parameters"],
        json!([{"$ref": "#/components/parameters/page"}])
    );
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/P"})
    );
}

#[test]
fn responses_get_content_per_produces_headers_and_examples() {
    let mut d = doc(
        json!({"/a": {"get": {"produces": ["application/json", "text/csv"], "responses": {
        "200": {"description": "ok", "schema": {"type": "object", "x-nullable": true},
            "headers": {"X-Rate": {"type": "integer", "description": "left"}},
            "examples": {"application/json": {"a": 1}, "text/xml": "<a/>"}},
        "default": {"$ref": "#/responses/error"}}},
        "put": {"responses": {"200": {"description": "file", "schema": {"type": "file"}}}}}}),
    );
    d["responses"] = json!({"error": {"description": "e", "schema": {"$ref": "#/definitions/E"}}});
    let (out, warnings, docs) = run(d, &[]);
    let ok = &out["paths"]["/a"]["get"]["responses"]["200"];
    let schema = json!({"type": "object", "nullable": true});
    assert_eq!(
        ok["content"],
        json!({"application/json": {"schema": schema, "example": {"a": 1}},
            "text/csv": {"schema": schema}})
    );
    assert_eq!(
        ok["headers"]["X-Rate"],
        json!({"description": "left", "schema": {"type": "integer"}})
    );
    assert_eq!(
        out["paths"]["/a"]["get"]["responses"]["default"],
        json!({"$ref": "#/components/responses/error"})
    );
    assert_eq!(
        out["components"]["responses"]["error"]["content"],
        json!({"application/json": {"schema": {"$ref": "#/components/schemas/E"}}})
    );
    // A file: a binary body, not JSON.
    assert_eq!(
        out["paths"]["/a"]["put"]["responses"]["200"]["content"],
        json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].1,
        "/paths/~1a/get/responses/200/examples/text~1xml"
    );
    assert_eq!(
        docs.origin("/paths/~1a/get/responses/200/content/text~1csv/schema"),
        (0, "/paths/~1a/get/responses/200/schema".to_owned())
    );
    assert_eq!(
        docs.origin("/paths/~1a/get/responses/200/headers/X-Rate/schema"),
        (0, "/paths/~1a/get/responses/200/headers/X-Rate".to_owned())
    );
}

#[test]
fn security_definitions_become_security_schemes() {
    let mut d = doc(json!({}));
    d["securityDefinitions"] = json!({
        "basic": {"type": "basic", "description": "b"},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"r": "read"}},
        "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t"},
        "application": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
        "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t"},
        "odd": {"type": "oauth2", "flow": "device"}});
    let (out, warnings, _) = run(d, &[]);
    let s = &out["components"]["securitySchemes"];
    assert_eq!(
        s["basic"],
        json!({"description": "b", "type": "http", "scheme": "basic"})
    );
    assert_eq!(
        s["key"],
        json!({"type": "apiKey", "name": "X-Key", "in": "header"})
    );
    assert_eq!(
        s["implicit"]["flows"],
        json!({"implicit": {"authorizationUrl": "https://a", "scopes": {"r": "read"}}})
    );
    assert_eq!(
        s["password"]["flows"],
        json!({"password": {"tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(
        s["application"]["flows"],
        json!({"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(
        s["code"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}})
    );
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].1, "/securityDefinitions/odd/flow");
}

#[test]
fn warnings_name_the_2_0_documents_pointers() {
    let d = doc(json!({"/sites": {"get": {"parameters": [
        {"name": "b", "in": "body", "schema": {"type": "string"}},
        {"name": "t", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"},
        {"name": "p", "in": "path", "required": true, "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
        {"name": "f", "in": "formData", "type": "string"},
        {"name": "b2", "in": "body", "schema": {"type": "string"}}],
        "schemes": ["http"],
        "responses": {}}}}));
    let (_, warnings, docs) = run(d, &[]);
    let pointers: Vec<&str> = warnings.iter().map(|w| w.1.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1sites/get/schemes",
            "/paths/~1sites/get/parameters/1/collectionFormat",
            "/paths/~1sites/get/parameters/2/collectionFormat",
            "/paths/~1sites/get/parameters/4",
            "/paths/~1sites/get/parameters/3",
        ]
    );
    assert!(warnings.iter().all(|w| w.0 == "spec/api.yaml"));
    // A later diagnostic at the 3.0 place of the first query parameter.
    assert_eq!(
        docs.origin("/paths/~1sites/get/parameters/0/schema/items"),
        (0, "/paths/~1sites/get/parameters/1/items".to_owned())
    );
}

#[test]
fn parameters_responses_and_path_items_in_other_files_are_copied_in() {
    let d = doc(json!({"/a": {"$ref": "paths/a.yaml"},
        "/b": {"get": {"parameters": [{"$ref": "common.yaml#/parameters/body"}],
            "responses": {"200": {"$ref": "common.yaml#/responses/ok"}}}}}));
    let files = [
        ("spec/paths/a.yaml", "get:\n  parameters:\n    - $ref: '../common.yaml#/parameters/limit'\n  responses:\n    '200': {description: ok, schema: {$ref: '../common.yaml#/definitions/Pet'}}\n"),
        ("spec/common.yaml", "parameters:\n  limit: {name: limit, in: query, type: array, items: {type: integer}, collectionFormat: tsv}\n  body: {name: pet, in: body, schema: {$ref: '#/definitions/Pet'}}\nresponses:\n  ok: {description: ok, schema: {$ref: '#/definitions/Pet'}}\ndefinitions:\n  Pet: {type: object, properties: {name: {type: string, x-nullable: true}}}\n"),
    ];
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.strip_prefix("spec/").unwrap_or(p), *t))
        .collect();
    let (out, warnings, docs) = run(d, &files);
    let a = &out["paths"]["/a"]["get"];
    assert_eq!(a["parameters"][0]["name"], json!("limit"));
    assert_eq!(
        a["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "common.yaml#/definitions/Pet"})
    );
    let b = &out["paths"]["/b"]["get"];
    assert_eq!(
        b["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "common.yaml#/definitions/Pet"})
    );
    assert_eq!(
        b["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "common.yaml#/definitions/Pet"})
    );
    // The warning names the file and pointer where the parameter is written.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "spec/common.yaml");
    assert_eq!(warnings[0].1, "/parameters/limit/collectionFormat");
    assert_eq!(docs.files.len(), 3);
    let common = docs.index_of("spec/common.yaml").unwrap();
    assert_eq!(
        docs.origin("/paths/~1a/get/parameters/0/schema"),
        (common, "/parameters/limit".to_owned())
    );
    // Outside the folder: an error at the `$ref`.
    let d = doc(json!({"/a": {"$ref": "../a.yaml"}}));
    let (_, diags, _) = run(d, &[]);
    assert_eq!(diags[0].1, "/paths/~1a/$ref");
    assert!(diags[0].2.contains("outside the folder"), "{diags:?}");
}

#[test]
fn a_whole_multi_file_document_loads() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/parameters/limit'\n      responses:\n        '200': {description: ok, schema: {$ref: 'common.yaml#/definitions/Pet'}}\n";
    let sources = MemorySources {
        files: [(
            "common.yaml".to_owned(),
            "parameters:\n  limit: {name: limit, in: query, type: integer}\ndefinitions:\n  Pet: {type: object, discriminator: kind, properties: {kind: {type: string}, name: {type: string, x-nullable: true}}}\n".to_owned(),
        )]
        .into(),
    };
    let mut docs = Documents::new("api.yaml", text);
    let mut diags = Diagnostics::default();
    let loaded = crate::load::load_files(&mut docs, Some(&sources), &mut diags).unwrap();
    assert!(!diags.has_errors());
    let schemas = &loaded.openapi.components.as_ref().unwrap().schemas;
    let pet = serde_json::to_value(&schemas["Pet"]).unwrap();
    assert_eq!(pet["properties"]["name"]["nullable"], json!(true));
    assert_eq!(pet["discriminator"]["propertyName"], json!("kind"));
    // The manifest knows the other file once.
    assert_eq!(docs.files.len(), 2);
}
