//! Rebuilding the document once everything is found: the edits made at
//! their pointers, hoisted schemas replaced by references to them and added
//! to `components/schemas`.

use super::pointer::escape;
use super::{Edit, Pass, Target};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

impl Pass<'_> {
    pub(super) fn finish(mut self) -> Value {
        if self.edits.iter().all(BTreeMap::is_empty) && self.hoist.is_empty() {
            let value = std::mem::replace(&mut self.files[0].value, Rc::new(Value::Null));
            return Rc::try_unwrap(value).unwrap_or_else(|v| (*v).clone());
        }
        self.name_hoisted();
        for (f, edits) in self.edits.iter().enumerate() {
            for (ptr, edit) in edits {
                if let Edit::Inline { target, .. } | Edit::Fill(target) = edit {
                    self.docs.jumps.insert((f, ptr.clone()), target.clone());
                }
            }
        }
        let mut doc = (*self.files[0].value).clone();
        self.apply(&mut doc, 0, "", false);
        let filled: BTreeSet<Target> = self.edits[0]
            .values()
            .filter_map(|e| match e {
                Edit::Fill(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        let hoisted: Vec<(Target, String)> = self
            .names
            .iter()
            .filter(|(t, _)| !filled.contains(*t))
            .map(|(t, n)| (t.clone(), n.clone()))
            .collect();
        let mut new = Vec::new();
        for (target, name) in hoisted {
            let value = self.materialize(&target);
            self.docs.jumps.insert(
                (0, format!("/components/schemas/{}", escape(&name))),
                target,
            );
            new.push((name, value));
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        if !new.is_empty() {
            if let Some(root) = doc.as_object_mut() {
                let components = root
                    .entry("components")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(components) = components.as_object_mut() {
                    let schemas = components
                        .entry("schemas")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Some(schemas) = schemas.as_object_mut() {
                        for (name, value) in new {
                            schemas.insert(name, value);
                        }
                    }
                }
            }
        }
        doc
    }

    /// The canonical reference to a schema target.
    fn schema_reference(&self, target: &Target) -> String {
        let name = match self.canonical_schema(target) {
            Some(name) => name,
            None => self.names.get(target).cloned().unwrap_or_default(),
        };
        format!("#/components/schemas/{}", escape(&name))
    }
    /// Makes the changes found at and below `base` of file `f` in `root`
    /// (the value at `base`). A hoisted schema at `base` itself stays when
    /// `is_target` (it is what is being copied).
    pub(super) fn apply(&mut self, root: &mut Value, f: usize, base: &str, is_target: bool) {
        let under = |p: &str| {
            p == base || (p.starts_with(base) && p.as_bytes().get(base.len()) == Some(&b'/'))
        };
        let end = format!("{base}0");
        // Origins (0) sort before edits (1) at the same pointer: they replace the node.
        let mut actions: Vec<(String, u8, Option<Edit>, Option<String>)> = Vec::new();
        for (p, name) in self.origins[f].range(base.to_owned()..end.clone()) {
            if under(p) && !(is_target && p == base) {
                actions.push((p[base.len()..].to_owned(), 0, None, Some(name.clone())));
            }
        }
        for (p, edit) in self.edits[f].range(base.to_owned()..end) {
            if under(p) {
                actions.push((p[base.len()..].to_owned(), 1, Some(edit.clone()), None));
            }
        }
        actions.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let mut replaced: Option<String> = None;
        for (rel, _, edit, origin) in actions {
            if let Some(r) = &replaced {
                if rel == *r
                    || (rel.starts_with(r.as_str()) && rel.as_bytes().get(r.len()) == Some(&b'/'))
                {
                    continue;
                }
            }
            if let Some(name) = origin {
                if let Some(node) = root.pointer_mut(&rel) {
                    let mut r = Map::new();
                    r.insert(
                        "$ref".into(),
                        Value::String(format!("#/components/schemas/{}", escape(&name))),
                    );
                    *node = Value::Object(r);
                }
                replaced = Some(rel);
                continue;
            }
            let Some(edit) = edit else { continue };
            let replacement = match &edit {
                Edit::Inline { target, overrides } => {
                    let mut v = self.materialize(target);
                    if let Value::Object(o) = &mut v {
                        for (k, x) in overrides {
                            o.insert(k.clone(), x.clone());
                        }
                    }
                    Some(v)
                }
                Edit::Fill(target) => Some(self.materialize(target)),
                Edit::Untyped => Some(Value::Object(Map::new())),
                Edit::Mapping(target) => Some(Value::String(self.schema_reference(target))),
                _ => None,
            };
            let reference = match &edit {
                Edit::SchemaRef(target) => Some(self.schema_reference(target)),
                Edit::SetRef(s) => Some(s.clone()),
                _ => None,
            };
            let Some(node) = root.pointer_mut(&rel) else {
                continue;
            };
            if let Some(v) = replacement {
                *node = v;
                if !matches!(edit, Edit::Mapping(_)) {
                    replaced = Some(rel);
                }
            } else if let Some(reference) = reference {
                if let Value::Object(o) = node {
                    o.insert("$ref".into(), Value::String(reference));
                }
            } else if let (Edit::AddResponses, Value::Object(o)) = (&edit, node) {
                o.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}
