//! The document's tags, for the README, when it describes them for
//! navigation (OpenAPI 3.2's `summary`, `parent` and `kind`, which the load
//! phase keeps in the tags' extensions): each with the operations it tags.

use super::*;
use crate::load::v32::{TAG_KIND, TAG_PARENT, TAG_SUMMARY};

/// The tags, in the document's order; none when no tag has a `summary`,
/// `parent` or `kind`. A `parent` that names no tag is a warning, and the
/// tag is listed at the top.
pub(super) fn tags(
    doc: &OpenAPI,
    extra: &select::ExtraOperations,
    operations: &[Operation],
    diags: &mut Diagnostics,
) -> Vec<Tag> {
    let text = |t: &openapiv3::Tag, key: &str| {
        t.extensions
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let navigation = doc.tags.iter().any(|t| {
        [TAG_SUMMARY, TAG_PARENT, TAG_KIND]
            .iter()
            .any(|k| t.extensions.contains_key(*k))
    });
    if !navigation {
        return Vec::new();
    }
    for (i, t) in doc.tags.iter().enumerate() {
        if let Some(parent) = text(t, TAG_PARENT) {
            if !doc.tags.iter().any(|p| p.name == parent) {
                diags.warning(
                    Pointer::root().push("tags").push(i).push("parent"),
                    format!("tag `{}` is nested under `{parent}`, which is not a tag of the document; the README lists it at the top. Declare `{parent}` in `tags`", t.name),
                );
            }
        }
    }
    // Each operation id's tags, from the spec.
    let mut tagged: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let extra_ops = extra.get(path).into_iter().flatten();
        let ops = item
            .iter()
            .map(|(m, op)| (m.to_owned(), op))
            .chain(extra_ops.map(|e| (e.method.as_str().to_owned(), &e.op)));
        for (method, op) in ops {
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method}_{path}"));
            tagged.insert(id, op.tags.clone());
        }
    }
    doc.tags
        .iter()
        .map(|t| Tag {
            name: t.name.clone(),
            summary: text(t, TAG_SUMMARY),
            description: t.description.clone(),
            parent: text(t, TAG_PARENT),
            kind: text(t, TAG_KIND),
            operations: operations
                .iter()
                .filter(|op| {
                    tagged
                        .get(&op.operation_id)
                        .is_some_and(|tags| tags.contains(&t.name))
                })
                .map(|op| op.operation_id.clone())
                .collect(),
        })
        .collect()
}
