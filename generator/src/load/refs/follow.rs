//! Following one reference to the place it names: its file (read through
//! [`super::read`]), `$id`s and `$anchor`s, and its pointer, through the
//! references met on the way, with cycles cut after [`MAX_HOPS`].

use super::kinds::Kind;
use super::pointer::{child, is_url, percent_decode, push, push_index, ref_of};
use super::{Pass, Target};
use crate::diag::unescape_token;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// How many references one resolution may follow (a cycle of references
/// without an object in between ends here).
const MAX_HOPS: usize = 64;

impl Pass<'_> {
    /// The place `reference`, written in file `f`, points at, after every
    /// reference there (for a schema: every bare reference) is followed, and
    /// the `summary`/`description` met on the way (the first one wins).
    pub(super) fn resolve(
        &mut self,
        f: usize,
        reference: &str,
        kind: Kind,
    ) -> Result<(Target, Map<String, Value>), String> {
        let mut hops = 0;
        let mut overrides = Map::new();
        let mut target = self.locate(f, reference, &mut hops)?;
        loop {
            let value = self.files[target.0].value.clone();
            let Some(node) = value.pointer(&target.1) else {
                break;
            };
            let Some(next) = ref_of(node) else { break };
            if kind == Kind::Schema && node.as_object().is_some_and(|o| o.len() != 1) {
                break;
            }
            for k in kind.overridable().iter().filter(|_| self.version31) {
                if let Some(v) = node.get(*k) {
                    overrides.entry(*k).or_insert_with(|| v.clone());
                }
            }
            hops += 1;
            if hops > MAX_HOPS {
                return Err("the references form a cycle".to_owned());
            }
            target = self.locate(target.0, next, &mut hops)?;
        }
        Ok((target, overrides))
    }

    /// The place `reference` (written in file `f`) names, following the
    /// references met on the way down its pointer.
    fn locate(&mut self, f: usize, reference: &str, hops: &mut usize) -> Result<Target, String> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let mut at: Target = (f, String::new());
        if !file_part.is_empty() {
            if let Some(found) = self.id(file_part) {
                at = found;
            } else if is_url(file_part) {
                return Err(format!("`{file_part}` is a URL, and URLs are not fetched"));
            } else {
                at = (self.file(f, file_part)?, String::new());
            }
        }
        let fragment = percent_decode(fragment);
        if fragment.is_empty() {
            return Ok(at);
        }
        if !fragment.starts_with('/') {
            let anchor = self.anchor(at.0, &fragment).ok_or_else(|| {
                format!(
                    "there is no `$anchor` (or `$id`) `{fragment}` in {}",
                    self.docs.files[at.0].display
                )
            })?;
            return Ok((at.0, anchor));
        }
        for raw in fragment.split('/').skip(1) {
            let token = unescape_token(raw);
            loop {
                let value = self.files[at.0].value.clone();
                let node = value.pointer(&at.1);
                if node.and_then(|n| child(n, &token)).is_some() {
                    push(&mut at.1, &token);
                    break;
                }
                match node.and_then(ref_of) {
                    Some(next) => {
                        *hops += 1;
                        if *hops > MAX_HOPS {
                            return Err("the references form a cycle".to_owned());
                        }
                        at = self.locate(at.0, next, hops)?;
                    }
                    None => {
                        let place = if at.1.is_empty() { "the top" } else { &at.1 };
                        return Err(format!(
                            "there is no `{token}` at {place} of {}",
                            self.docs.files[at.0].display
                        ));
                    }
                }
            }
        }
        Ok(at)
    }
    fn anchor(&mut self, f: usize, name: &str) -> Option<String> {
        if self.files[f].anchors.is_none() {
            let mut anchors = HashMap::new();
            let value = self.files[f].value.clone();
            index_anchors(&value, &mut String::new(), &mut |key, v, ptr| {
                let name = match (key, v) {
                    ("$anchor" | "$dynamicAnchor", Value::String(s)) => s.as_str(),
                    ("$id", Value::String(s)) if s.starts_with('#') => &s[1..],
                    _ => return,
                };
                anchors
                    .entry(name.to_owned())
                    .or_insert_with(|| ptr.to_owned());
            });
            self.files[f].anchors = Some(anchors);
        }
        self.files[f].anchors.as_ref()?.get(name).cloned()
    }

    /// The schema whose `$id` is `id`, in any file read so far.
    fn id(&mut self, id: &str) -> Option<Target> {
        if self.ids.is_none() {
            let mut ids = HashMap::new();
            for (f, file) in self.files.iter().enumerate() {
                index_anchors(&file.value, &mut String::new(), &mut |key, v, ptr| {
                    if let ("$id", Value::String(s)) = (key, v) {
                        if !s.starts_with('#') {
                            ids.entry(s.trim_end_matches('#').to_owned())
                                .or_insert_with(|| (f, ptr.to_owned()));
                        }
                    }
                });
            }
            self.ids = Some(ids);
        }
        self.ids.as_ref()?.get(id).cloned()
    }
}

/// Calls `found(key, value, pointer)` for each `$anchor`, `$dynamicAnchor`
/// and `$id` in `v` (pointer: of the object holding it).
fn index_anchors(v: &Value, ptr: &mut String, found: &mut dyn FnMut(&str, &Value, &str)) {
    match v {
        Value::Object(o) => {
            for key in ["$anchor", "$dynamicAnchor", "$id"] {
                if let Some(x) = o.get(key) {
                    found(key, x, ptr);
                }
            }
            for (k, x) in o {
                if x.is_object() || x.is_array() {
                    let a = push(ptr, k);
                    index_anchors(x, ptr, found);
                    ptr.truncate(a);
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                if x.is_object() || x.is_array() {
                    let a = push_index(ptr, i);
                    index_anchors(x, ptr, found);
                    ptr.truncate(a);
                }
            }
        }
        _ => {}
    }
}
