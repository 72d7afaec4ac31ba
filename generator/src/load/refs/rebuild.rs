//! Rebuilding the document once everything is found: the edits made at
//! their pointers, hoisted schemas replaced by references to them and added
//! to `components/schemas`.

use super::{Edit, Pass, Target};
use crate::diag::escape_token;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// A change to make below the place being rebuilt: its pointer (relative
/// to that place), its order at that pointer (origins, `0`, sort before
/// edits, `1`: they replace the node), and either an edit or the name of
/// the hoisted schema the node is replaced by a reference to.
type Action = (String, u8, Option<Edit>, Option<String>);

impl Pass<'_> {
    pub(super) fn finish(mut self) -> Value {
        if self.edits.iter().all(BTreeMap::is_empty) && self.hoist.is_empty() {
            let value = std::mem::replace(&mut self.files[0].value, Rc::new(Value::Null));
            return Rc::try_unwrap(value).unwrap_or_else(|v| (*v).clone());
        }
        self.name_hoisted();
        self.record_copies();
        let mut doc = (*self.files[0].value).clone();
        self.apply(&mut doc, 0, "", false);
        self.add_hoisted(&mut doc);
        doc
    }

    /// Where each copy of the result comes from, for [`super::Documents::origin`].
    fn record_copies(&mut self) {
        for (f, edits) in self.edits.iter().enumerate() {
            for (ptr, edit) in edits {
                if let Edit::Inline { target, .. } | Edit::Fill(target) = edit {
                    self.docs.jumps.insert((f, ptr.clone()), target.clone());
                }
            }
        }
    }

    /// Adds the hoisted schemas (but those that fill an entry component,
    /// already in place) to the `components/schemas` of `doc`, sorted by name.
    fn add_hoisted(&mut self, doc: &mut Value) {
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
                (0, format!("/components/schemas/{}", escape_token(&name))),
                target,
            );
            new.push((name, value));
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        if !new.is_empty() {
            insert_schemas(doc, new);
        }
    }

    /// The canonical reference to a schema target.
    fn schema_reference(&self, target: &Target) -> String {
        let name = match self.canonical_schema(target) {
            Some(name) => name,
            None => self.names.get(target).cloned().unwrap_or_default(),
        };
        format!("#/components/schemas/{}", escape_token(&name))
    }

    /// Makes the changes found at and below `base` of file `f` in `root`
    /// (the value at `base`). A hoisted schema at `base` itself stays when
    /// `is_target` (it is what is being copied).
    pub(super) fn apply(&mut self, root: &mut Value, f: usize, base: &str, is_target: bool) {
        let mut replaced: Option<String> = None;
        for (rel, _, edit, origin) in self.actions(f, base, is_target) {
            if replaced.as_deref().is_some_and(|r| is_under(&rel, r)) {
                continue;
            }
            if let Some(name) = origin {
                if let Some(node) = root.pointer_mut(&rel) {
                    let mut r = Map::new();
                    r.insert(
                        "$ref".into(),
                        Value::String(format!("#/components/schemas/{}", escape_token(&name))),
                    );
                    *node = Value::Object(r);
                }
                replaced = Some(rel);
                continue;
            }
            let Some(edit) = edit else { continue };
            if self.apply_edit(root, &rel, &edit) {
                replaced = Some(rel);
            }
        }
    }

    /// The changes at and below `base` of file `f`, in the order they are
    /// made (see [`apply`](Self::apply)).
    fn actions(&self, f: usize, base: &str, is_target: bool) -> Vec<Action> {
        let end = format!("{base}0");
        let mut actions: Vec<Action> = Vec::new();
        for (p, name) in self.origins[f].range(base.to_owned()..end.clone()) {
            if is_under(p, base) && !(is_target && p == base) {
                actions.push((p[base.len()..].to_owned(), 0, None, Some(name.clone())));
            }
        }
        for (p, edit) in self.edits[f].range(base.to_owned()..end) {
            if is_under(p, base) {
                actions.push((p[base.len()..].to_owned(), 1, Some(edit.clone()), None));
            }
        }
        actions.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        actions
    }

    /// Makes `edit` at `rel` of `root`; whether the node was replaced (what
    /// is below it then has nothing left to change).
    fn apply_edit(&mut self, root: &mut Value, rel: &str, edit: &Edit) -> bool {
        let replacement = match edit {
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
        let reference = match edit {
            Edit::SchemaRef(target) => Some(self.schema_reference(target)),
            Edit::SetRef(s) => Some(s.clone()),
            _ => None,
        };
        let Some(node) = root.pointer_mut(rel) else {
            return false;
        };
        if let Some(v) = replacement {
            *node = v;
            return !matches!(edit, Edit::Mapping(_));
        }
        if let Some(reference) = reference {
            if let Value::Object(o) = node {
                o.insert("$ref".into(), Value::String(reference));
            }
        } else if let (Edit::AddResponses, Value::Object(o)) = (edit, node) {
            o.entry("responses")
                .or_insert_with(|| Value::Object(Map::new()));
        }
        false
    }
}

/// Whether the pointer `p` is `base` or below it.
fn is_under(p: &str, base: &str) -> bool {
    p == base || (p.starts_with(base) && p.as_bytes().get(base.len()) == Some(&b'/'))
}

/// `schemas` (name, schema) inserted into `doc`'s `components/schemas`,
/// which are made where missing.
fn insert_schemas(doc: &mut Value, schemas: Vec<(String, Value)>) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let section = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(section) = section.as_object_mut() {
        for (name, value) in schemas {
            section.insert(name, value);
        }
    }
}
