//! Security schemes `openapiv3` cannot read: OpenAPI 3.1's `mutualTLS` (and
//! any other `type` than the four of 3.0). Deserialising the document would
//! fail on them, so they are moved, as written, out of
//! `components/securitySchemes` into the extension [`SET_ASIDE`] of
//! `components`, where auth lowering reads them.

use serde_json::{Map, Value};

/// The extension of `components` holding the schemes moved aside, by name.
pub const SET_ASIDE: &str = "x-codegen-security-schemes";

/// The scheme types `openapiv3` knows.
const KNOWN: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

/// Moves the security schemes of a type `openapiv3` does not know into
/// `components/x-codegen-security-schemes`, keeping their order.
pub fn set_aside(doc: &mut Value) {
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") else {
        return;
    };
    let unknown: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| {
            scheme.get("$ref").is_none()
                && !scheme
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| KNOWN.contains(&t))
                && scheme.get("type").is_some_and(Value::is_string)
        })
        .map(|(name, _)| name.clone())
        .collect();
    if unknown.is_empty() {
        return;
    }
    let mut aside = Map::new();
    for name in unknown {
        if let Some(scheme) = schemes.shift_remove(&name) {
            aside.insert(name, scheme);
        }
    }
    components.insert(SET_ASIDE.to_owned(), Value::Object(aside));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mutual_tls_is_moved_aside_and_the_rest_stays() {
        let mut doc = json!({"components": {"securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "mtls": {"type": "mutualTLS", "description": "client certificates"},
            "basic": {"type": "http", "scheme": "basic"},
            "shared": {"$ref": "#/components/securitySchemes/key"}
        }}});
        set_aside(&mut doc);
        let components = &doc["components"];
        let kept: Vec<&String> = components["securitySchemes"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(kept, ["key", "basic", "shared"]);
        assert_eq!(
            components[SET_ASIDE],
            json!({"mtls": {"type": "mutualTLS", "description": "client certificates"}})
        );
        // The rest deserialises.
        let schemes: openapiv3::Components = serde_json::from_value(components.clone()).unwrap();
        assert_eq!(schemes.security_schemes.len(), 3);
        assert!(schemes.extensions.contains_key(SET_ASIDE));
    }

    #[test]
    fn a_document_without_them_is_unchanged() {
        let mut doc = json!({"components": {"securitySchemes": {
            "key": {"type": "apiKey", "in": "query", "name": "k"}
        }}});
        let before = doc.clone();
        set_aside(&mut doc);
        assert_eq!(doc, before);
        let mut empty = json!({"paths": {}});
        set_aside(&mut empty);
        assert_eq!(empty, json!({"paths": {}}));
    }
}
