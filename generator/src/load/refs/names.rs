//! Naming the hoisted schemas: the name each asks for from its pointer
//! (`$defs/B` → `B`, a whole file → its stem, an operation's response →
//! `<operationId> Response`, …), or the entry component that refers to it,
//! made free of collisions.

use super::kinds::is_schema_place;
use super::pointer::push;
use super::{Edit, Pass, Target};
use crate::diag::{escape_token, unescape_token};
use crate::naming;
use serde_json::Value;
use std::collections::HashSet;

impl Pass<'_> {
    /// The name a hoisted schema asks for, from its pointer: read token by
    /// token, a place with a name of its own starting the name over and
    /// each step inside it adding a word.
    fn base_name(&self, target: &Target) -> String {
        let tokens: Vec<String> = target.1.split('/').skip(1).map(unescape_token).collect();
        if tokens.is_empty() {
            return file_name(&self.docs.files[target.0].path);
        }
        let doc = &self.files[target.0].value;
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some((name, taken)) = own_name(doc, &tokens, i) {
                parts = vec![name];
                i += taken;
            } else {
                let (word, taken) = word(doc, &tokens, i);
                parts.extend(word);
                i += taken;
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
            let ptr = format!("/components/schemas/{}", escape_token(&name));
            self.docs.jumps.insert((0, ptr), target);
        }
    }
}

/// The name of a whole file: its stem (`schemas/pet.yaml` → `Pet`).
fn file_name(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file
        .strip_suffix(".yaml")
        .or_else(|| file.strip_suffix(".yml"))
        .or_else(|| file.strip_suffix(".json"))
        .unwrap_or(file);
    naming::type_name(stem)
}

/// A place at `tokens[i]` with a name of its own (a component, an
/// operation or a path, a `$defs` entry): that name, and how many tokens
/// it takes.
fn own_name(doc: &Value, tokens: &[String], i: usize) -> Option<(String, usize)> {
    let next = tokens.get(i + 1)?;
    match (i, tokens[i].as_str()) {
        (0, "components") if tokens.len() >= 3 => Some((tokens[2].clone(), 3)),
        (0, section @ ("paths" | "webhooks")) => Some(operation_name(doc, section, next, tokens)),
        (_, "$defs" | "definitions") => Some((next.clone(), 2)),
        _ => None,
    }
}

/// The name of a place under `<section>/<path>` (`paths` or `webhooks`):
/// its operation's `operationId`, else `<method> <path>`, else the path;
/// and how many tokens it takes (3 with an operation, 2 without).
fn operation_name(doc: &Value, section: &str, path: &str, tokens: &[String]) -> (String, usize) {
    let method = tokens.get(2).map(String::as_str).unwrap_or_default();
    let op = doc
        .get(section)
        .and_then(|p| p.get(path))
        .and_then(|p| p.get(method));
    let name = match op
        .and_then(|op| op.get("operationId"))
        .and_then(Value::as_str)
    {
        Some(id) => id.to_owned(),
        None if op.is_some() => format!("{method} {path}"),
        None => path.to_owned(),
    };
    (name, if op.is_some() { 3 } else { 2 })
}

/// The word the step at `tokens[i]` adds to a name (none for
/// `content/<media type>` and `schema`), and how many tokens it takes.
fn word(doc: &Value, tokens: &[String], i: usize) -> (Option<String>, usize) {
    match (tokens[i].as_str(), tokens.get(i + 1)) {
        ("parameters", Some(n)) if n.parse::<usize>().is_ok() => {
            let name = parameter_name(doc, &tokens[..i + 2]);
            (Some(name.unwrap_or(n).to_owned()), 2)
        }
        ("responses", Some(status)) => {
            let word = if status.starts_with('2') {
                "Response".to_owned()
            } else {
                format!("{status} Response")
            };
            (Some(word), 2)
        }
        ("content", Some(_)) => (None, 2),
        ("schema", _) => (None, 1),
        ("requestBody", _) => (Some("Request".to_owned()), 1),
        ("items", _) => (Some("Item".to_owned()), 1),
        ("additionalProperties", _) => (Some("Value".to_owned()), 1),
        ("allOf" | "anyOf" | "oneOf" | "prefixItems", Some(n)) => (Some(format!("Variant {n}")), 2),
        ("properties" | "patternProperties" | "headers" | "callbacks" | "examples", Some(name)) => {
            (Some(name.clone()), 2)
        }
        (other, _) => (Some(other.to_owned()), 1),
    }
}

/// The `name` of the parameter at the pointer `tokens` (`…/parameters/<n>`).
fn parameter_name<'d>(doc: &'d Value, tokens: &[String]) -> Option<&'d str> {
    let mut at = String::new();
    for t in tokens {
        push(&mut at, t);
    }
    doc.pointer(&at)
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
}
