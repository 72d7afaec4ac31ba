//! What each `$ref` found becomes: kept, made canonical, a reference to a
//! hoisted schema, or a copy of the object it points at; recorded as
//! [`Edit`]s and hoisted targets, applied later by [`super::rebuild`].

use super::kinds::Kind;
use super::pointer::{is_canonical, looks_like_ref, push, ref_of};
use super::{Edit, Pass, Target};
use crate::diag::unescape_token;
use serde_json::{Map, Value};

impl Pass<'_> {
    pub(super) fn object_ref(
        &mut self,
        kind: Kind,
        f: usize,
        v: &Value,
        reference: &str,
        ptr: &str,
        definition: bool,
    ) {
        // Beside a `$ref`, 3.0 ignores every keyword; 3.1 lets `summary`
        // and `description` override the target's.
        let siblings: Map<String, Value> = kind
            .overridable()
            .iter()
            .filter(|_| self.version31)
            .filter_map(|k| Some(((*k).to_owned(), v.get(*k)?.clone())))
            .collect();
        if f == 0
            && !definition
            && siblings.is_empty()
            && kind.keeps_canonical()
            && is_canonical(reference, kind.section())
        {
            // Lowering follows it, and reports it if it is missing.
            return;
        }
        let (target, mut overrides) = match self.resolve(f, reference, kind) {
            Ok(found) => found,
            Err(why) => {
                let help = self.help_for(&why);
                return self.error(f, ptr, reference, why, help);
            }
        };
        for (k, v) in siblings {
            overrides.insert(k, v);
        }
        let canonical = target.0 == 0 && {
            let tokens: Vec<&str> = target.1.split('/').skip(1).collect();
            tokens.len() == 3 && tokens[0] == "components" && tokens[1] == kind.section()
        };
        if canonical && !definition && overrides.is_empty() && kind.keeps_canonical() {
            let canonical = format!("#{}", target.1);
            if reference != canonical {
                self.edit(f, ptr, Edit::SetRef(canonical));
            }
        } else {
            self.edit(
                f,
                ptr,
                Edit::Inline {
                    target: target.clone(),
                    overrides,
                },
            );
            self.share_schemas(kind, &target);
            self.queue.push((target, kind));
        }
    }

    /// The schemas written inside an object that is copied are hoisted, so
    /// that the copies and the original share one named type (each copy's
    /// inline schema would otherwise become a type of its own, named after
    /// where it is used). Schemas that make no named type are left inline.
    fn share_schemas(&mut self, kind: Kind, target: &Target) {
        let value = self.files[target.0].value.clone();
        let Some(node) = value.pointer(&target.1) else {
            return;
        };
        let mut places: Vec<(String, &Value)> = Vec::new();
        if matches!(kind, Kind::Parameter | Kind::Header) {
            if let Some(schema) = node.get("schema") {
                places.push((format!("{}/schema", target.1), schema));
            }
        }
        if matches!(
            kind,
            Kind::Parameter | Kind::Header | Kind::Response | Kind::RequestBody
        ) {
            if let Some(Value::Object(content)) = node.get("content") {
                for (media, m) in content {
                    if let Some(schema) = m.get("schema") {
                        let mut at = target.1.clone();
                        push(&mut at, "content");
                        push(&mut at, media);
                        push(&mut at, "schema");
                        places.push((at, schema));
                    }
                }
            }
        }
        for (at, schema) in places {
            if ref_of(schema).is_none() && makes_a_type(schema, 0) {
                let place = (target.0, at);
                if self.canonical_schema(&place).is_none() {
                    self.hoist.insert(place.clone());
                    self.queue.push((place, Kind::Schema));
                }
            }
        }
    }
    /// A component schema of the entry file: a reference to a schema that
    /// is hoisted gives it this component's name.
    pub(super) fn schema_component(&mut self, f: usize, name: &str, v: &Value, ptr: &mut String) {
        self.schema(f, v, ptr);
        let Some(reference) = ref_of(v) else { return };
        if f != 0 || v.as_object().is_some_and(|o| o.len() != 1) {
            return;
        }
        if let Some(Edit::SchemaRef(target)) = self.edits[0].get(ptr.as_str()) {
            if self.hoist.contains(target) && !reference.is_empty() {
                let target = target.clone();
                self.fills
                    .entry(target)
                    .or_insert_with(|| (name.to_owned(), ptr.clone()));
            }
        }
    }
    /// A discriminator's mapping: values that are references (not bare
    /// schema names) become canonical ones.
    pub(super) fn mapping(&mut self, f: usize, mapping: &Map<String, Value>, ptr: &str) {
        for (key, value) in mapping {
            let Some(reference) = value.as_str() else {
                continue;
            };
            if !looks_like_ref(reference) || (f == 0 && is_canonical(reference, "schemas")) {
                continue;
            }
            let mut at = ptr.to_owned();
            push(&mut at, "discriminator");
            push(&mut at, "mapping");
            push(&mut at, key);
            match self.resolve(f, reference, Kind::Schema) {
                Ok((target, _)) => {
                    if self.canonical_schema(&target).is_none() {
                        self.hoist.insert(target.clone());
                        self.queue.push((target.clone(), Kind::Schema));
                    }
                    self.edit(f, &at, Edit::Mapping(target));
                }
                Err(why) => {
                    let help = self.help_for(&why);
                    self.error(f, &at, reference, why, help)
                }
            }
        }
    }

    pub(super) fn schema_ref(&mut self, f: usize, reference: &str, ptr: &str) {
        if f == 0 && is_canonical(reference, "schemas") {
            // Lowering follows it, and reports it (where it is used) if it is missing.
            return;
        }
        match self.resolve(f, reference, Kind::Schema) {
            Ok((target, _)) => {
                if self.canonical_schema(&target).is_none() {
                    self.hoist.insert(target.clone());
                    self.queue.push((target.clone(), Kind::Schema));
                }
                self.edit(f, ptr, Edit::SchemaRef(target));
            }
            Err(why) => {
                let help = self.help_for(&why);
                self.error(f, ptr, reference, why, help);
                self.edit(f, ptr, Edit::Untyped);
            }
        }
    }

    /// The component name of a target that is a schema component of the entry file.
    pub(super) fn canonical_schema(&self, target: &Target) -> Option<String> {
        if target.0 != 0 {
            return None;
        }
        let rest = target.1.strip_prefix("/components/schemas/")?;
        (!rest.contains('/')).then(|| unescape_token(rest))
    }
}

/// Whether a schema becomes a named type where it is written (an object
/// with properties, an enum, a composition), itself or through its items
/// or values.
fn makes_a_type(schema: &Value, depth: usize) -> bool {
    let Some(o) = schema.as_object() else {
        return false;
    };
    if depth > 8 {
        return false;
    }
    o.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || o.contains_key("enum")
        || ["allOf", "anyOf", "oneOf"].iter().any(|k| {
            o.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
        })
        || ["items", "additionalProperties"]
            .iter()
            .any(|k| o.get(*k).is_some_and(|s| makes_a_type(s, depth + 1)))
}
