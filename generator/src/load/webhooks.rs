//! Webhooks and callbacks through loading. `openapiv3` reads OpenAPI 3.0: it
//! keeps an operation's `callbacks` (as plain path items, without `$ref`)
//! but drops a 3.1 document's top-level `webhooks`. So, before
//! deserialising:
//!
//! - `webhooks` moves into the root extension [`WEBHOOKS`], which lowering
//!   reads back as path items (a 3.0 document's `x-webhooks`, Redocly's
//!   spelling of the same idea, stays where it is and is read too);
//! - a `$ref` to `#/components/callbacks/…` or `#/components/pathItems/…`
//!   where `openapiv3` takes no reference (an operation's callback, a
//!   callback's path item, a webhook) is replaced by what it names;
//! - the schemas inside them get the same 3.1 → 3.0 rewriting as those of
//!   `paths` (`normalize` walks only `paths` and `components`).

use crate::diag::{Diagnostics, Pointer};
use serde_json::{Map, Value};

/// The root extension holding a 3.1 document's `webhooks`, by name.
pub const WEBHOOKS: &str = "x-codegen-webhooks";

/// Redocly's extension for webhooks in an OpenAPI 3.0 document.
pub const X_WEBHOOKS: &str = "x-webhooks";

/// How deep callbacks may nest in callbacks (well beyond any real spec;
/// it stops `$ref` cycles).
const MAX_NESTING: usize = 8;

use super::METHODS;

/// `normalize`'s rewriting of one path item (not of its callbacks).
pub type PathItemFn = fn(&mut Value, &Pointer, &mut Diagnostics);

/// Moves `webhooks` into [`WEBHOOKS`], resolves the references `openapiv3`
/// cannot hold, and rewrites the schemas of webhooks and callbacks with
/// `path_item`. Called by `normalize` on the root object.
pub fn keep(root: &mut Map<String, Value>, diags: &mut Diagnostics, path_item: PathItemFn) {
    let components = Components::of(root);
    let walk = Walk {
        components: &components,
        path_item,
    };
    let root_ptr = Pointer::root();
    // Callbacks of the operations under `paths` (their path items are
    // `normalize`'s).
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            walk.callbacks_of(item, &root_ptr.push("paths").push(path), 0, diags);
        }
    }
    for key in ["webhooks", X_WEBHOOKS] {
        if let Some(Value::Object(hooks)) = root.get_mut(key) {
            for (name, item) in hooks.iter_mut() {
                walk.item(item, &root_ptr.push(key).push(name), 0, diags);
            }
        }
    }
    if let Some(Value::Object(c)) = root.get_mut("components") {
        let ptr = root_ptr.push("components");
        if let Some(Value::Object(callbacks)) = c.get_mut("callbacks") {
            for (name, cb) in callbacks.iter_mut() {
                walk.callback(cb, &ptr.push("callbacks").push(name), 0, diags);
            }
        }
    }
    if let Some(hooks) = root.remove("webhooks") {
        root.insert(WEBHOOKS.to_owned(), hooks);
    }
}

/// The raw (not yet rewritten) reusable callbacks and path items, which
/// references are replaced by.
struct Components {
    callbacks: Map<String, Value>,
    path_items: Map<String, Value>,
}

impl Components {
    fn of(root: &Map<String, Value>) -> Self {
        let section = |name: &str| match root.get("components").and_then(|c| c.get(name)) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        Components {
            callbacks: section("callbacks"),
            path_items: section("pathItems"),
        }
    }

    /// What a local `$ref` to `#/components/{section}/NAME` names.
    fn resolve(&self, value: &Value, section: &str) -> Option<Value> {
        let reference = value.as_object()?.get("$ref")?.as_str()?;
        let name = reference
            .strip_prefix("#/components/")?
            .strip_prefix(section)?
            .strip_prefix('/')?;
        let name = crate::diag::unescape_token(name);
        let map = match section {
            "callbacks" => &self.callbacks,
            _ => &self.path_items,
        };
        map.get(&name).cloned()
    }
}

struct Walk<'c> {
    components: &'c Components,
    path_item: PathItemFn,
}

impl Walk<'_> {
    /// A webhook's or callback's path item: resolved, rewritten, and its
    /// operations' callbacks too.
    fn item(&self, item: &mut Value, ptr: &Pointer, depth: usize, diags: &mut Diagnostics) {
        if let Some(found) = self.components.resolve(item, "pathItems") {
            *item = found;
        }
        (self.path_item)(item, ptr, diags);
        self.callbacks_of(item, ptr, depth, diags);
    }

    /// The callbacks of each operation of a path item.
    fn callbacks_of(&self, item: &mut Value, ptr: &Pointer, depth: usize, diags: &mut Diagnostics) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        for method in METHODS {
            let Some(Value::Object(callbacks)) =
                item.get_mut(*method).and_then(|op| op.get_mut("callbacks"))
            else {
                continue;
            };
            let ptr = ptr.push(method).push("callbacks");
            for (name, cb) in callbacks.iter_mut() {
                self.callback(cb, &ptr.push(name), depth, diags);
            }
        }
    }

    /// One callback: runtime expression → path item.
    fn callback(&self, cb: &mut Value, ptr: &Pointer, depth: usize, diags: &mut Diagnostics) {
        if depth >= MAX_NESTING {
            diags.warning(
                ptr,
                "callbacks nested this deep (or a `$ref` cycle of callbacks) are not read",
            );
            *cb = Value::Object(Map::new());
            return;
        }
        if let Some(found) = self.components.resolve(cb, "callbacks") {
            *cb = found;
        }
        let Some(expressions) = cb.as_object_mut() else {
            return;
        };
        // Extensions (`x-…`) are not expressions.
        expressions.retain(|k, _| !k.starts_with("x-"));
        for (expression, item) in expressions.iter_mut() {
            self.item(item, &ptr.push(expression), depth + 1, diags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keep_json(mut v: Value) -> Value {
        let mut d = Diagnostics::default();
        super::super::normalize::normalize(&mut v, &mut d);
        v
    }

    #[test]
    fn webhooks_move_into_the_extension_and_are_normalised() {
        let v = keep_json(json!({
            "openapi": "3.1.0",
            "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"type": ["string", "null"]}}}}}}}
        }));
        assert!(v.get("webhooks").is_none());
        let schema =
            &v[WEBHOOKS]["ping"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(schema, &json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn callback_refs_are_replaced_and_normalised() {
        let v = keep_json(json!({
            "openapi": "3.1.0",
            "paths": {"/s": {"post": {"callbacks": {"done": {"$ref": "#/components/callbacks/Done"}}}}},
            "components": {
                "callbacks": {"Done": {"{$request.body#/url}": {"$ref": "#/components/pathItems/Hook"}}},
                "pathItems": {"Hook": {"post": {"requestBody": {"content": {"application/json": {
                    "schema": {"const": 1}}}}}}}
            }
        }));
        let item = &v["paths"]["/s"]["post"]["callbacks"]["done"]["{$request.body#/url}"];
        assert_eq!(
            item["post"]["requestBody"]["content"]["application/json"]["schema"],
            json!({"enum": [1], "type": "integer"})
        );
        let component = &v["components"]["callbacks"]["Done"]["{$request.body#/url}"];
        assert!(component.get("post").is_some(), "{component}");
    }

    #[test]
    fn a_ref_cycle_of_callbacks_stops() {
        let mut d = Diagnostics::default();
        let mut v = json!({
            "openapi": "3.0.3",
            "paths": {"/s": {"post": {"callbacks": {"a": {"$ref": "#/components/callbacks/A"}}}}},
            "components": {"callbacks": {"A": {"{$url}": {"post": {
                "callbacks": {"again": {"$ref": "#/components/callbacks/A"}}}}}}}
        });
        super::super::normalize::normalize(&mut v, &mut d);
        assert!(d.finish("t").iter().any(|w| w.message.contains("nested")));
    }
}
