//! What an action does to one node it targets: `update` (and `copy`, which
//! merges a node of the document the same way) and `remove`, with the
//! Overlay Specification's rules.
//!
//! Merging an object into an object, recursively: a property only in the
//! target is left; one only in the update is inserted; one in both is, by
//! the pair of values: two objects, merged; two arrays, concatenated (the
//! target's items first); two primitives (`null` included), the update's.
//! Any other pair is incompatible: the update's value replaces the target's,
//! and the caller is told where (a warning). A target that is an array gets
//! the update appended as one more item; a target that is a primitive (1.1)
//! is replaced by a primitive update.

use serde_json::Value;

/// One step of a location in the document: a property name or an index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Step {
    Index(usize),
    Name(String),
}

/// The JSON pointer of a location.
pub(super) fn pointer(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        out.push('/');
        match step {
            Step::Index(i) => out.push_str(&i.to_string()),
            Step::Name(n) => out.push_str(&crate::diag::escape_token(n)),
        }
    }
    out
}

fn is_primitive(v: &Value) -> bool {
    !v.is_object() && !v.is_array()
}

/// Applies `update` to the node `target`. `Err` when the pair cannot be
/// merged at the top (the node is left as it was); `Ok` with the pointers
/// (relative to the node) of nested properties whose values were of
/// incompatible kinds and were replaced.
pub(super) fn update(target: &mut Value, update: &Value) -> Result<Vec<String>, &'static str> {
    let mut replaced = Vec::new();
    match target {
        Value::Object(_) if update.is_object() => merge(target, update, "", &mut replaced),
        Value::Object(_) => {
            return Err("the target is an object and the update is not: an object's update is an object of the properties to merge")
        }
        Value::Array(items) => items.push(update.clone()),
        _ if is_primitive(update) => *target = update.clone(),
        _ => {
            return Err("the target is a primitive value and the update is not: a primitive is replaced by a primitive only")
        }
    }
    Ok(replaced)
}

fn merge(target: &mut Value, update: &Value, at: &str, replaced: &mut Vec<String>) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (key, value) in u {
                let here = format!("{at}/{}", crate::diag::escape_token(key));
                match t.get_mut(key) {
                    Some(existing) => merge(existing, value, &here, replaced),
                    None => {
                        t.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (t, u) => {
            if !(is_primitive(t) && is_primitive(u)) {
                replaced.push(at.to_owned());
            }
            *t = u.clone();
        }
    }
}

/// Removes the node at `steps` from the object or array that holds it.
/// `false` when there is no such node (an earlier removal took it) or it is
/// the document itself.
pub(super) fn remove(doc: &mut Value, steps: &[Step]) -> bool {
    let Some((last, parent)) = steps.split_last() else {
        return false;
    };
    match (doc.pointer_mut(&pointer(parent)), last) {
        (Some(Value::Object(map)), Step::Name(name)) => map.shift_remove(name).is_some(),
        (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_merge_recursively_arrays_concatenate_primitives_replace() {
        let mut target = json!({
            "keep": 1,
            "title": "old",
            "nested": {"a": 1, "list": [1, 2], "n": null},
            "tags": ["x"]
        });
        let replaced = update(
            &mut target,
            &json!({"title": "new", "added": {"b": true}, "nested": {"list": [3], "n": 5, "c": "c"}, "tags": ["y", "z"]}),
        )
        .unwrap();
        assert!(replaced.is_empty(), "{replaced:?}");
        assert_eq!(
            target,
            json!({
                "keep": 1,
                "title": "new",
                "nested": {"a": 1, "list": [1, 2, 3], "n": 5, "c": "c"},
                "tags": ["x", "y", "z"],
                "added": {"b": true}
            })
        );
        // Key order: the target's keys stay where they were, new ones come last.
        let keys: Vec<&str> = target
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["keep", "title", "nested", "tags", "added"]);
    }

    #[test]
    fn incompatible_kinds_are_replaced_and_named() {
        let mut target = json!({"a": {"x": 1}, "b": [1], "c": "s"});
        let replaced = update(&mut target, &json!({"a": "flat", "b": {"k": 1}, "c": [2]})).unwrap();
        assert_eq!(replaced, ["/a", "/b", "/c"]);
        assert_eq!(target, json!({"a": "flat", "b": {"k": 1}, "c": [2]}));
    }

    #[test]
    fn an_array_target_gets_one_more_item_and_a_primitive_is_replaced() {
        let mut target = json!([1, 2]);
        update(&mut target, &json!([3])).unwrap();
        assert_eq!(target, json!([1, 2, [3]]));
        let mut target = json!("old");
        update(&mut target, &json!("new")).unwrap();
        assert_eq!(target, json!("new"));
        assert!(update(&mut target, &json!({"a": 1})).is_err());
        let mut target = json!({"a": 1});
        assert!(update(&mut target, &json!("x")).is_err());
        assert_eq!(target, json!({"a": 1}));
    }

    #[test]
    fn removes_from_objects_and_arrays_but_never_the_document() {
        let mut doc = json!({"a/b": {"list": [0, 1, 2]}, "c": 1});
        let list = |i| {
            vec![
                Step::Name("a/b".into()),
                Step::Name("list".into()),
                Step::Index(i),
            ]
        };
        assert!(remove(&mut doc, &list(1)));
        assert!(!remove(&mut doc, &list(5)));
        assert!(remove(&mut doc, &[Step::Name("c".into())]));
        assert!(!remove(&mut doc, &[Step::Name("c".into())]));
        assert!(!remove(&mut doc, &[]));
        assert_eq!(doc, json!({"a/b": {"list": [0, 2]}}));
        assert_eq!(pointer(&list(0)), "/a~1b/list/0");
    }
}
