//! Finding the references: one walk of each part of each file that is used,
//! object by object (path items, operations, parameters, responses, …) and
//! through every subschema, handing each `$ref` met to [`super::edits`].

use super::kinds::{Kind, METHODS, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_SINGLES};
use super::pointer::{push, push_index, ref_of};
use super::{Edit, Pass};
use serde_json::Value;

impl Pass<'_> {
    pub(super) fn collect(&mut self) {
        let root = self.files[0].value.clone();
        let mut ptr = String::new();
        self.document(0, &root, &mut ptr);
        while let Some((target, kind)) = self.queue.pop() {
            if !self.walked.insert((target.clone(), kind)) {
                continue;
            }
            let value = self.files[target.0].value.clone();
            let Some(node) = value.pointer(&target.1) else {
                continue;
            };
            let mut ptr = target.1.clone();
            self.object(kind, target.0, node, &mut ptr, false);
        }
    }
    fn document(&mut self, f: usize, v: &Value, ptr: &mut String) {
        let Some(o) = v.as_object() else { return };
        for key in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = o.get(key) {
                let a = push(ptr, key);
                for (name, item) in items {
                    let b = push(ptr, name);
                    self.object(Kind::PathItem, f, item, ptr, false);
                    ptr.truncate(b);
                }
                ptr.truncate(a);
            }
        }
        let Some(Value::Object(components)) = o.get("components") else {
            return;
        };
        let a = push(ptr, "components");
        for kind in [
            Kind::Schema,
            Kind::Parameter,
            Kind::Header,
            Kind::RequestBody,
            Kind::Response,
            Kind::Example,
            Kind::Link,
            Kind::Callback,
            Kind::PathItem,
        ] {
            let Some(Value::Object(items)) = components.get(kind.section()) else {
                continue;
            };
            let b = push(ptr, kind.section());
            for (name, item) in items {
                let c = push(ptr, name);
                if kind == Kind::Schema {
                    self.schema_component(f, name, item, ptr);
                } else {
                    self.object(kind, f, item, ptr, true);
                }
                ptr.truncate(c);
            }
            ptr.truncate(b);
        }
        ptr.truncate(a);
    }

    /// An object of `kind` at `ptr`; `definition` when it is a component of
    /// its section (a reference there is always copied).
    fn object(&mut self, kind: Kind, f: usize, v: &Value, ptr: &mut String, definition: bool) {
        if kind == Kind::Schema {
            return self.schema(f, v, ptr);
        }
        if let Some(reference) = ref_of(v) {
            return self.object_ref(kind, f, v, reference, ptr, definition);
        }
        let Some(o) = v.as_object() else { return };
        match kind {
            Kind::PathItem => {
                self.list(Kind::Parameter, f, o.get("parameters"), "parameters", ptr);
                for &method in METHODS {
                    if let Some(op) = o.get(method) {
                        let a = push(ptr, method);
                        self.object(Kind::Operation, f, op, ptr, false);
                        ptr.truncate(a);
                    }
                }
            }
            Kind::Parameter | Kind::Header => {
                self.single(Kind::Schema, f, o.get("schema"), "schema", ptr);
                self.content(f, o.get("content"), ptr);
                self.map(Kind::Example, f, o.get("examples"), "examples", ptr);
            }
            Kind::Operation => self.operation(f, v, ptr),
            Kind::RequestBody => self.content(f, o.get("content"), ptr),
            Kind::Response => {
                self.map(Kind::Header, f, o.get("headers"), "headers", ptr);
                self.content(f, o.get("content"), ptr);
                self.map(Kind::Link, f, o.get("links"), "links", ptr);
            }
            Kind::Callback => {
                for (expression, item) in o {
                    let a = push(ptr, expression);
                    self.object(Kind::PathItem, f, item, ptr, false);
                    ptr.truncate(a);
                }
            }
            Kind::Example | Kind::Link | Kind::Schema => {}
        }
    }

    fn operation(&mut self, f: usize, op: &Value, ptr: &mut String) {
        let Some(o) = op.as_object() else { return };
        self.list(Kind::Parameter, f, o.get("parameters"), "parameters", ptr);
        self.single(
            Kind::RequestBody,
            f,
            o.get("requestBody"),
            "requestBody",
            ptr,
        );
        self.map(Kind::Response, f, o.get("responses"), "responses", ptr);
        self.map(Kind::Callback, f, o.get("callbacks"), "callbacks", ptr);
        if self.version31 && !o.contains_key("responses") {
            // Optional since 3.1: lowering then says it documents no response.
            self.edit(f, ptr, Edit::AddResponses);
        }
    }

    fn content(&mut self, f: usize, content: Option<&Value>, ptr: &mut String) {
        let Some(Value::Object(content)) = content else {
            return;
        };
        let a = push(ptr, "content");
        for (media, m) in content {
            let b = push(ptr, media);
            if let Some(m) = m.as_object() {
                self.single(Kind::Schema, f, m.get("schema"), "schema", ptr);
                self.map(Kind::Example, f, m.get("examples"), "examples", ptr);
                if let Some(Value::Object(encodings)) = m.get("encoding") {
                    let c = push(ptr, "encoding");
                    for (name, e) in encodings {
                        let d = push(ptr, name);
                        self.map(Kind::Header, f, e.get("headers"), "headers", ptr);
                        ptr.truncate(d);
                    }
                    ptr.truncate(c);
                }
            }
            ptr.truncate(b);
        }
        ptr.truncate(a);
    }

    fn single(&mut self, kind: Kind, f: usize, v: Option<&Value>, key: &str, ptr: &mut String) {
        if let Some(v) = v {
            let a = push(ptr, key);
            self.object(kind, f, v, ptr, false);
            ptr.truncate(a);
        }
    }

    fn map(&mut self, kind: Kind, f: usize, v: Option<&Value>, key: &str, ptr: &mut String) {
        if let Some(Value::Object(items)) = v {
            let a = push(ptr, key);
            for (name, item) in items {
                let b = push(ptr, name);
                self.object(kind, f, item, ptr, false);
                ptr.truncate(b);
            }
            ptr.truncate(a);
        }
    }

    fn list(&mut self, kind: Kind, f: usize, v: Option<&Value>, key: &str, ptr: &mut String) {
        if let Some(Value::Array(items)) = v {
            let a = push(ptr, key);
            for (i, item) in items.iter().enumerate() {
                let b = push_index(ptr, i);
                self.object(kind, f, item, ptr, false);
                ptr.truncate(b);
            }
            ptr.truncate(a);
        }
    }
    pub(super) fn schema(&mut self, f: usize, v: &Value, ptr: &mut String) {
        let Some(o) = v.as_object() else { return };
        // One pass over the keys (a schema has few): cheaper than looking
        // up each of the two dozen keywords that hold subschemas.
        for (key, value) in o {
            match (key.as_str(), value) {
                ("$ref", Value::String(reference)) => self.schema_ref(f, reference, ptr),
                ("discriminator", Value::Object(d)) => {
                    if let Some(Value::Object(mapping)) = d.get("mapping") {
                        self.mapping(f, mapping, ptr);
                    }
                }
                (k, Value::Object(items)) if SCHEMA_MAPS.contains(&k) => {
                    let a = push(ptr, k);
                    for (name, s) in items {
                        let b = push(ptr, name);
                        self.schema(f, s, ptr);
                        ptr.truncate(b);
                    }
                    ptr.truncate(a);
                }
                (k, s @ Value::Object(_)) if SCHEMA_SINGLES.contains(&k) => {
                    let a = push(ptr, k);
                    self.schema(f, s, ptr);
                    ptr.truncate(a);
                }
                (k, Value::Array(items))
                    if SCHEMA_LISTS.contains(&k) || SCHEMA_SINGLES.contains(&k) =>
                {
                    let a = push(ptr, k);
                    for (i, s) in items.iter().enumerate() {
                        let b = push_index(ptr, i);
                        self.schema(f, s, ptr);
                        ptr.truncate(b);
                    }
                    ptr.truncate(a);
                }
                _ => {}
            }
        }
    }
}
