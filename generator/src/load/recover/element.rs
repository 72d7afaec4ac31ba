//! Repairing one element: dropping its malformed keywords, adding a missing
//! description, or leaving it out.

use super::path_to_pointer;
use crate::diag::unescape_token;
use crate::diag::{Diagnostic, Diagnostics, Pointer};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;

/// How many repairs one element may need before it is left out instead.
const MAX_REPAIRS: usize = 32;

/// Keywords whose removal would change what is sent or which element this
/// is, rather than loosen it (and lists whose item is malformed: dropping
/// every parameter would send wrong requests). An element whose such
/// keyword is wrong is left out, not repaired.
const IDENTITY: &[&str] = &[
    "$ref",
    "in",
    "name",
    "operationId",
    "url",
    "type",
    "scheme",
    "flows",
    "responses",
    "parameters",
    "requestBody",
    "security",
    "schema",
    "content",
];

/// Fields that only document, which an element must have: a missing one is
/// taken as empty.
const REQUIRED_DOCS: &[&str] = &["description"];

/// What to do with an element that cannot be read even after repairs.
#[derive(Clone, Copy)]
pub(super) enum Unreadable {
    /// Leave it out (a warning), and note its pointer in `gone`.
    Drop,
    /// Leave it as it is: the element that holds it is then left out.
    Leave,
}

/// Checks the element at `at` (absent, or a `$ref`: nothing to do) as a `T`:
/// repairs its malformed keywords, then, if it still cannot be read, does
/// what `unreadable` says.
pub(super) fn element<T: DeserializeOwned>(
    doc: &mut Value,
    at: &Pointer,
    unreadable: Unreadable,
    diags: &mut Diagnostics,
    gone: &mut BTreeSet<String>,
) {
    let mut failure = String::new();
    for _ in 0..MAX_REPAIRS {
        let Some(value) = doc.pointer(at.as_str()) else {
            return;
        };
        if value.get("$ref").is_some() || T::deserialize(value).is_ok() {
            return;
        }
        let (inner, message) = match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => return,
            Err(e) => (path_to_pointer(e.path()), e.inner().to_string()),
        };
        failure = format!("{message} at {}{}", at.as_str(), inner.as_str());
        let repair = if inner.as_str().is_empty() {
            missing_description(value, &message).or_else(|| removable_key::<T>(value))
        } else {
            repairable(value, inner.as_str()).map(Repair::Drop)
        };
        let Some(repair) = repair else { break };
        apply(doc, at, repair, &message, diags);
    }
    let Some((parent, key)) = at.as_str().rsplit_once('/') else {
        return;
    };
    if matches!(unreadable, Unreadable::Leave) {
        return;
    }
    let removed = match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&unescape_token(key)).is_some(),
        Some(Value::Array(list)) => match key.parse::<usize>() {
            Ok(i) if i < list.len() => {
                list.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    };
    if removed {
        diags.push(
            Diagnostic::warning(
                at.clone(),
                format!("this element cannot be read ({failure}); it is left out, with what depends on it"),
            )
            .with_help("correct the element in the spec (or with an overlay) to have it generated"),
        );
        gone.insert(at.as_str().to_owned());
    }
}

/// One repair of an element.
enum Repair {
    /// Drop the keyword at this pointer below the element.
    Drop(String),
    /// Add this documentation field, empty.
    Describe(&'static str),
}

fn apply(doc: &mut Value, at: &Pointer, repair: Repair, message: &str, diags: &mut Diagnostics) {
    match repair {
        Repair::Drop(keyword) => {
            let full = format!("{}{keyword}", at.as_str());
            if let Some((parent, key)) = full.rsplit_once('/') {
                if let Some(Value::Object(parent)) = doc.pointer_mut(parent) {
                    parent.shift_remove(&unescape_token(key));
                }
            }
            diags.push(
                Diagnostic::warning(
                    full,
                    format!("this keyword does not have the shape OpenAPI gives it ({message}); it is dropped and the rest of the element kept"),
                )
                .with_help("correct the keyword in the spec (or with an overlay) to have it used"),
            );
        }
        Repair::Describe(field) => {
            if let Some(Value::Object(object)) = doc.pointer_mut(at.as_str()) {
                object.insert(field.to_owned(), Value::String(String::new()));
            }
            diags.push(
                Diagnostic::warning(
                    at.clone(),
                    format!("the required `{field}` is missing; it is taken as empty"),
                )
                .with_help(format!(
                    "add `{field}` to the element in the spec (or with an overlay)"
                )),
            );
        }
    }
}

/// The documentation field a "missing field" message names, if the
/// element is an object without it.
fn missing_description(value: &Value, message: &str) -> Option<Repair> {
    let field = message.strip_prefix("missing field `")?.split('`').next()?;
    let field = REQUIRED_DOCS.iter().copied().find(|f| *f == field)?;
    let object = value.as_object()?;
    (!object.contains_key(field)).then_some(Repair::Describe(field))
}

/// For an element whose error does not say where it is (a parameter is
/// read through a tagged enum): the first keyword, not an [`IDENTITY`] one,
/// without which the element can be read.
fn removable_key<T: DeserializeOwned>(value: &Value) -> Option<Repair> {
    let object = value.as_object()?;
    object
        .keys()
        .filter(|k| !IDENTITY.contains(&k.as_str()))
        .find(|k| {
            let mut without = object.clone();
            without.shift_remove(*k);
            T::deserialize(&Value::Object(without)).is_ok()
        })
        .map(|k| Repair::Drop(format!("/{}", crate::diag::escape_token(k))))
}

/// The keyword (a pointer below the element) to drop to repair a failure
/// at `inner`: the deepest object member on the path, unless removing it
/// would change what the element is (an [`IDENTITY`] keyword, or a list
/// whose item fails).
fn repairable(element: &Value, inner: &str) -> Option<String> {
    let mut value = element;
    let mut keyword = String::new();
    let mut path = String::new();
    for token in inner.split('/').skip(1) {
        let key = unescape_token(token);
        path.push('/');
        path.push_str(token);
        value = match value {
            Value::Object(map) => {
                keyword.clone_from(&path);
                match map.get(&key) {
                    Some(next) => next,
                    None => break,
                }
            }
            Value::Array(list) => match key.parse::<usize>().ok().and_then(|i| list.get(i)) {
                Some(next) => next,
                None => break,
            },
            _ => break,
        };
    }
    let (_, last) = keyword.rsplit_once('/')?;
    (!IDENTITY.contains(&unescape_token(last).as_str())).then_some(keyword)
}
