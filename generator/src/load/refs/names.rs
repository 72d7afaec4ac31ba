//! Naming the hoisted schemas: the name each asks for from its pointer
//! (`$defs/B` → `B`, a whole file → its stem, an operation's response →
//! `<operationId> Response`, …), or the entry component that refers to it,
//! made free of collisions.

use super::kinds::is_schema_place;
use super::pointer::{escape, push, unescape};
use super::{Edit, Pass, Target};
use crate::naming;
use serde_json::Value;
use std::collections::HashSet;

impl Pass<'_> {
    /// The name a hoisted schema asks for, from its pointer.
    fn base_name(&self, target: &Target) -> String {
        let tokens: Vec<String> = target.1.split('/').skip(1).map(unescape).collect();
        if tokens.is_empty() {
            let path = &self.docs.files[target.0].path;
            let file = path.rsplit('/').next().unwrap_or(path);
            let stem = file
                .strip_suffix(".yaml")
                .or_else(|| file.strip_suffix(".yml"))
                .or_else(|| file.strip_suffix(".json"))
                .unwrap_or(file);
            return naming::type_name(stem);
        }
        let doc = &self.files[target.0].value;
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i].as_str();
            let next = tokens.get(i + 1);
            match (i, token, next) {
                (0, "components", Some(_)) if tokens.len() >= 3 => {
                    parts = vec![tokens[2].clone()];
                    i += 3;
                }
                (0, "paths" | "webhooks", Some(path)) => {
                    let method = tokens.get(2).map(String::as_str).unwrap_or_default();
                    let op = doc
                        .get(token)
                        .and_then(|p| p.get(path))
                        .and_then(|p| p.get(method));
                    parts = vec![match op
                        .and_then(|op| op.get("operationId"))
                        .and_then(Value::as_str)
                    {
                        Some(id) => id.to_owned(),
                        None if op.is_some() => format!("{method} {path}"),
                        None => path.clone(),
                    }];
                    i += if op.is_some() { 3 } else { 2 };
                }
                (_, "$defs" | "definitions", Some(name)) => {
                    parts = vec![name.clone()];
                    i += 2;
                }
                (_, "parameters", Some(n)) if n.parse::<usize>().is_ok() => {
                    let mut at = String::new();
                    for t in &tokens[..i + 2] {
                        push(&mut at, t);
                    }
                    let name = doc
                        .pointer(&at)
                        .and_then(|p| p.get("name"))
                        .and_then(Value::as_str);
                    parts.push(name.unwrap_or(n).to_owned());
                    i += 2;
                }
                (_, "responses", Some(status)) => {
                    parts.push(if status.starts_with('2') {
                        "Response".to_owned()
                    } else {
                        format!("{status} Response")
                    });
                    i += 2;
                }
                (_, "content", Some(_)) => i += 2,
                (_, "schema", _) => i += 1,
                (_, "requestBody", _) => {
                    parts.push("Request".to_owned());
                    i += 1;
                }
                (_, "items", _) => {
                    parts.push("Item".to_owned());
                    i += 1;
                }
                (_, "additionalProperties", _) => {
                    parts.push("Value".to_owned());
                    i += 1;
                }
                (_, "allOf" | "anyOf" | "oneOf" | "prefixItems", Some(n)) => {
                    parts.push(format!("Variant {n}"));
                    i += 2;
                }
                (
                    _,
                    "properties" | "patternProperties" | "headers" | "callbacks" | "examples",
                    Some(name),
                ) => {
                    parts.push(name.clone());
                    i += 2;
                }
                (_, other, _) => {
                    parts.push(other.to_owned());
                    i += 1;
                }
            }
        }
        let name = naming::type_name(&parts.join(" "));
        if name.is_empty() {
            "Schema".to_owned()
        } else {
            name
        }
    }

    pub(super) fn name_hoisted(&mut self) {
        let mut taken: HashSet<String> = HashSet::new();
        if let Some(Value::Object(schemas)) = self.files[0]
            .value
            .get("components")
            .and_then(|c| c.get("schemas"))
        {
            for name in schemas.keys() {
                taken.insert(name.clone());
                taken.insert(naming::type_name(name));
            }
        }
        let fills = std::mem::take(&mut self.fills);
        for (target, (name, ptr)) in &fills {
            self.names.insert(target.clone(), name.clone());
            self.edits[0].insert(ptr.clone(), Edit::Fill(target.clone()));
        }
        let mut rest: Vec<Target> = self
            .hoist
            .iter()
            .filter(|t| !self.names.contains_key(*t))
            .cloned()
            .collect();
        rest.sort_by(|a, b| {
            (&self.docs.files[a.0].path, &a.1).cmp(&(&self.docs.files[b.0].path, &b.1))
        });
        for target in rest {
            let base = self.base_name(&target);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) || taken.contains(&naming::type_name(&name)) {
                name = format!("{base}{n}");
                n += 1;
            }
            taken.insert(naming::type_name(&name));
            taken.insert(name.clone());
            self.names.insert(target, name);
        }
        for (target, name) in &self.names {
            // Only a place that holds a schema is replaced by the reference:
            // a `$ref` to `#/components` or to a path item stays a copy.
            if is_schema_place(&target.1) {
                self.origins[target.0].insert(target.1.clone(), name.clone());
            }
        }
        for (target, (name, _)) in fills {
            let ptr = format!("/components/schemas/{}", escape(&name));
            self.docs.jumps.insert((0, ptr), target);
        }
    }
}
