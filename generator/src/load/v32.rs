//! OpenAPI 3.2's constructs that `openapiv3` (a 3.0 model) would drop or
//! refuse, set aside before deserialising where lowering reads them back:
//!
//! | OpenAPI 3.2 | kept as |
//! |---|---|
//! | a path item's `query` | the path item's extension [`QUERY`] |
//! | a path item's `additionalOperations` | its extension [`ADDITIONAL`], by method as written; a method name that is not an HTTP token, or that a fixed field names (`GET`, `get`, `QUERY`), is dropped with a warning |
//! | `in: querystring` | `in: query` with the extension [`QUERYSTRING`] |
//! | a tag's `summary`, `parent`, `kind` | the tag's extensions [`TAG_SUMMARY`], [`TAG_PARENT`], [`TAG_KIND`] |
//! | a discriminator's `defaultMapping` | its extension [`DEFAULT_MAPPING`] |
//! | `style: cookie` on a cookie parameter | `style: form`, with a warning (the client percent-encodes cookie values) |
//! | a security requirement naming its scheme by URI (`#/components/securitySchemes/key`) | the scheme's name |
//! | a response without `description` (optional since 3.2) | its `summary` as its description, else an empty one |
//! | `$self` | the base of references: one under its URI reads the entry file or a file beside it ([`self_base`]) |
//!
//! `Server.name`, `Response.summary` beside a description, `dataValue`/`serializedValue` of
//! examples, `components/mediaTypes` (resolved where referenced),
//! `oauth2MetadataUrl` and the OAuth 2 `deviceAuthorization` flow read
//! without error and are not used (the client takes an OAuth 2 token as it
//! comes); a deprecated security scheme is used, with a warning.

use crate::diag::{Diagnostics, Pointer};
use serde_json::{Map, Value};

/// The path item extension holding its `query` operation.
pub const QUERY: &str = "x-codegen-query";
/// The path item extension holding its `additionalOperations`, by method.
pub const ADDITIONAL: &str = "x-codegen-additional-operations";
/// The parameter extension marking an `in: querystring` parameter.
pub const QUERYSTRING: &str = "x-codegen-querystring";
/// A tag's `summary`.
pub const TAG_SUMMARY: &str = "x-codegen-tag-summary";
/// A tag's `parent`.
pub const TAG_PARENT: &str = "x-codegen-tag-parent";
/// A tag's `kind`.
pub const TAG_KIND: &str = "x-codegen-tag-kind";
/// A discriminator's `defaultMapping`.
pub const DEFAULT_MAPPING: &str = "x-codegen-default-mapping";

/// The methods a path item's fixed fields name (`additionalOperations`
/// must not repeat them, in any case).
const FIXED: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// `normalize`'s rewriting of one operation.
pub type OperationFn = fn(&mut Map<String, Value>, &Pointer, &mut Diagnostics);

/// Moves a path item's `query` and `additionalOperations` into its
/// extensions, each operation rewritten by `operation` first.
pub fn operations(
    item: &mut Map<String, Value>,
    ptr: &Pointer,
    diags: &mut Diagnostics,
    operation: OperationFn,
) {
    if let Some(mut query) = item.shift_remove("query") {
        if let Value::Object(op) = &mut query {
            operation(op, &ptr.push("query"), diags);
        }
        item.insert(QUERY.to_owned(), query);
    }
    let Some(additional) = item.shift_remove("additionalOperations") else {
        return;
    };
    let ptr = ptr.push("additionalOperations");
    let Value::Object(additional) = additional else {
        diags.warning(
            &ptr,
            "`additionalOperations` is not a map of method names to operations; it is not read",
        );
        return;
    };
    let mut kept = Map::new();
    for (method, mut op) in additional {
        let at = ptr.push(&method);
        if !is_token(&method) {
            diags.warning(
                &at,
                format!("`{method}` is not an HTTP method name (letters, digits and `!#$%&'*+-.^_`|~`); the operation is skipped"),
            );
            continue;
        }
        if FIXED.contains(&method.to_ascii_lowercase().as_str()) {
            diags.warning(
                &at,
                format!("`{method}` is a method the path item's field `{}` describes; write the operation there. This one is skipped", method.to_ascii_lowercase()),
            );
            continue;
        }
        if let Value::Object(o) = &mut op {
            operation(o, &at, diags);
        }
        kept.insert(method, op);
    }
    if !kept.is_empty() {
        item.insert(ADDITIONAL.to_owned(), Value::Object(kept));
    }
}

/// An HTTP token (RFC 9110's `token`): what a method name may be.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `in: querystring` → `in: query` with the extension [`QUERYSTRING`];
/// a cookie's `style: cookie` → `style: form`, with a warning.
pub fn parameter(p: &mut Value, ptr: &Pointer, diags: &mut Diagnostics) {
    let Some(p) = p.as_object_mut() else {
        return;
    };
    match p.get("in").and_then(Value::as_str) {
        Some("querystring") => {
            p.insert("in".into(), Value::String("query".into()));
            p.insert(QUERYSTRING.to_owned(), Value::Bool(true));
        }
        Some("cookie") if p.get("style").and_then(Value::as_str) == Some("cookie") => {
            p.insert("style".into(), Value::String("form".into()));
            diags.warning(
                ptr.push("style"),
                "`style: cookie` (the value as it is, not percent-encoded) is written as `style: form`: the client percent-encodes what is not a letter, a digit or `-._~` (values of those alone are the same bytes)",
            );
        }
        _ => {}
    }
}

/// A response without `description` (optional since 3.2; `openapiv3`
/// requires it) is described by its `summary`, or by nothing.
pub fn response(r: &mut Value) {
    let Some(r) = r.as_object_mut() else {
        return;
    };
    if r.contains_key("$ref") || r.contains_key("description") {
        return;
    }
    let summary = r.get("summary").cloned().filter(Value::is_string);
    r.insert(
        "description".into(),
        summary.unwrap_or_else(|| Value::String(String::new())),
    );
}

/// A tag's `summary`, `parent` and `kind` → its extensions.
pub fn tags(root: &mut Map<String, Value>) {
    let Some(Value::Array(tags)) = root.get_mut("tags") else {
        return;
    };
    for tag in tags.iter_mut().filter_map(Value::as_object_mut) {
        for (field, extension) in [
            ("summary", TAG_SUMMARY),
            ("parent", TAG_PARENT),
            ("kind", TAG_KIND),
        ] {
            if let Some(v) = tag.shift_remove(field) {
                tag.insert(extension.to_owned(), v);
            }
        }
    }
}

/// A discriminator's `defaultMapping` → its extension [`DEFAULT_MAPPING`].
pub fn discriminator(schema: &mut Map<String, Value>) {
    if let Some(Value::Object(d)) = schema.get_mut("discriminator") {
        if let Some(v) = d.shift_remove("defaultMapping") {
            d.insert(DEFAULT_MAPPING.to_owned(), v);
        }
    }
}

/// `$self`, the document's own URI, is the base of its references: a
/// reference that names the document itself by that URI
/// (`https://example.com/api/openapi.yaml#/components/schemas/Pet`) becomes
/// the local `#/components/schemas/Pet`, and one that names a file beside it
/// (`https://example.com/api/common.yaml#/Error`) the relative `common.yaml#/Error`,
/// read from the entry file's folder, where relative references are read
/// from too. Called on the entry document before references are resolved;
/// `$self` itself is removed (`openapiv3` does not know it).
pub fn self_base(doc: &mut Value) {
    let Some(uri) = doc
        .as_object_mut()
        .and_then(|root| root.shift_remove("$self"))
    else {
        return;
    };
    let Some(uri) = uri.as_str() else {
        return;
    };
    let own = uri.split('#').next().unwrap_or_default();
    let Some(slash) = own.rfind('/') else {
        return;
    };
    let folder = &own[..=slash];
    fn walk(v: &mut Value, own: &str, folder: &str, depth: usize) {
        if depth > 256 {
            return;
        }
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get_mut("$ref") {
                    let rewritten = match r.strip_prefix(own) {
                        Some(rest) if rest.is_empty() || rest.starts_with('#') => {
                            Some(if rest.is_empty() {
                                "#".to_owned()
                            } else {
                                rest.to_owned()
                            })
                        }
                        _ => r
                            .strip_prefix(folder)
                            .filter(|rest| !rest.is_empty() && !rest.starts_with('/'))
                            .map(str::to_owned),
                    };
                    if let Some(rewritten) = rewritten {
                        *r = rewritten;
                    }
                }
                o.values_mut().for_each(|c| walk(c, own, folder, depth + 1));
            }
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, own, folder, depth + 1)),
            _ => {}
        }
    }
    if !own.is_empty() {
        walk(doc, own, folder, 0);
    }
}

/// Security requirements that name a scheme by URI reference
/// (`#/components/securitySchemes/key`, 3.2) name it by its name.
pub fn security(root: &mut Map<String, Value>) {
    fn rename(requirements: &mut Value) {
        let Some(list) = requirements.as_array_mut() else {
            return;
        };
        for requirement in list.iter_mut() {
            let Some(r) = requirement.as_object_mut() else {
                continue;
            };
            if !r.keys().any(|k| scheme_of(k).is_some()) {
                continue;
            }
            *r = std::mem::take(r)
                .into_iter()
                .map(|(k, v)| (scheme_of(&k).unwrap_or(k), v))
                .collect();
        }
    }
    if let Some(s) = root.get_mut("security") {
        rename(s);
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (_, op) in item.iter_mut() {
            if let Some(s) = op.get_mut("security") {
                rename(s);
            }
        }
    }
}

/// The scheme a URI reference to `…#/components/securitySchemes/NAME` names.
fn scheme_of(key: &str) -> Option<String> {
    let (_, fragment) = key.split_once('#')?;
    let name = fragment.strip_prefix("/components/securitySchemes/")?;
    (!name.contains('/')).then(|| crate::diag::unescape_token(name))
}

/// A media type given by `$ref` to `#/components/mediaTypes/NAME` (3.2),
/// anywhere in a `content` map, is replaced by what it names (a chain of
/// them up to a few links; a `$ref` that names nothing stays and reads
/// as a media type without a schema).
pub fn media_types(root: &mut Map<String, Value>) {
    let Some(Value::Object(shared)) = root
        .get("components")
        .and_then(|c| c.get("mediaTypes"))
        .cloned()
    else {
        return;
    };
    fn named<'s>(shared: &'s Map<String, Value>, v: &Value) -> Option<&'s Value> {
        let name = v
            .get("$ref")?
            .as_str()?
            .strip_prefix("#/components/mediaTypes/")?;
        shared.get(&crate::diag::unescape_token(name))
    }
    fn walk(v: &mut Value, shared: &Map<String, Value>, depth: usize) {
        if depth > 64 {
            return;
        }
        match v {
            Value::Object(o) => {
                if let Some(Value::Object(content)) = o.get_mut("content") {
                    for media in content.values_mut() {
                        for _ in 0..8 {
                            match named(shared, media) {
                                Some(found) => *media = found.clone(),
                                None => break,
                            }
                        }
                    }
                }
                o.values_mut().for_each(|c| walk(c, shared, depth + 1));
            }
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, shared, depth + 1)),
            _ => {}
        }
    }
    for (key, v) in root.iter_mut() {
        if key != "components" {
            walk(v, &shared, 0);
        }
    }
    if let Some(Value::Object(c)) = root.get_mut("components") {
        for (key, v) in c.iter_mut() {
            if key != "mediaTypes" {
                walk(v, &shared, 0);
            }
        }
    }
}

/// Deprecated security schemes: used, with a warning.
pub fn deprecated_schemes(root: &Map<String, Value>, diags: &mut Diagnostics) {
    let Some(Value::Object(schemes)) = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
    else {
        return;
    };
    for (name, scheme) in schemes {
        if scheme.get("deprecated") == Some(&Value::Bool(true)) {
            diags.warning(
                Pointer::root()
                    .push("components")
                    .push("securitySchemes")
                    .push(name)
                    .push("deprecated"),
                format!("security scheme `{name}` is deprecated; the client still sends it where an operation asks for it: configure another scheme when the API offers one"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nothing(_: &mut Map<String, Value>, _: &Pointer, _: &mut Diagnostics) {}

    #[test]
    fn query_and_additional_operations_move_aside() {
        let mut item = json!({"query": {"operationId": "q"}, "additionalOperations": {
            "LINK": {"operationId": "l"}, "GET": {}, "post": {}, "BAD METHOD": {}
        }});
        let mut d = Diagnostics::default();
        operations(
            item.as_object_mut().unwrap(),
            &Pointer::root(),
            &mut d,
            nothing,
        );
        assert_eq!(
            item,
            json!({QUERY: {"operationId": "q"}, ADDITIONAL: {"LINK": {"operationId": "l"}}})
        );
        assert_eq!(d.finish("t").len(), 3);
    }

    #[test]
    fn references_under_self_are_local() {
        let mut doc = json!({"$self": "https://example.com/api/openapi.yaml", "paths": {"/a": {
            "get": {"responses": {
                "200": {"$ref": "https://example.com/api/openapi.yaml#/components/responses/Ok"},
                "400": {"$ref": "https://example.com/api/common.yaml#/Error"},
                "500": {"$ref": "https://example.com/other.yaml#/Error"}}}}}});
        self_base(&mut doc);
        assert!(doc.get("$self").is_none());
        let responses = &doc["paths"]["/a"]["get"]["responses"];
        assert_eq!(responses["200"]["$ref"], "#/components/responses/Ok");
        assert_eq!(responses["400"]["$ref"], "common.yaml#/Error");
        assert_eq!(
            responses["500"]["$ref"],
            "https://example.com/other.yaml#/Error"
        );
    }

    #[test]
    fn querystring_security_uris_and_tags() {
        let mut p = json!({"in": "querystring", "name": "q"});
        parameter(&mut p, &Pointer::root(), &mut Diagnostics::default());
        assert_eq!(p, json!({"in": "query", "name": "q", QUERYSTRING: true}));
        let mut root = json!({
            "security": [{"#/components/securitySchemes/key": []}],
            "tags": [{"name": "a", "summary": "A", "parent": "p", "kind": "nav"}]
        });
        let root = root.as_object_mut().unwrap();
        security(root);
        tags(root);
        assert_eq!(root["security"], json!([{"key": []}]));
        assert_eq!(
            root["tags"],
            json!([{"name": "a", TAG_SUMMARY: "A", TAG_PARENT: "p", TAG_KIND: "nav"}])
        );
    }
}
