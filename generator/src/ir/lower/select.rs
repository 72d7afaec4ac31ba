//! Which operations are generated: the spec's, in path and method order,
//! kept when a selector matches them.

use super::*;

/// Chooses operations to generate: `id:NAME` (or a bare NAME) by operation
/// id or method name, `tag:NAME` by tag, `path:PATTERN` by path (`*` at the
/// end matches any rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Id(String),
    Tag(String),
    Path(String),
}

impl Selector {
    pub fn parse(text: &str) -> Selector {
        let text = text.trim();
        if let Some(tag) = text.strip_prefix("tag:") {
            Selector::Tag(tag.to_owned())
        } else if let Some(path) = text.strip_prefix("path:") {
            Selector::Path(path.to_owned())
        } else {
            Selector::Id(text.strip_prefix("id:").unwrap_or(text).to_owned())
        }
    }

    fn matches(&self, op: &openapiv3::Operation, path: &str) -> bool {
        match self {
            Selector::Id(id) => {
                op.operation_id.as_deref() == Some(id.as_str())
                    || op.operation_id.as_deref().is_some_and(|oid| {
                        naming::method_name(Some(oid), "", path) == *id
                            || Method::ALL
                                .iter()
                                .any(|m| naming::method_name(Some(oid), m.as_str(), path) == *id)
                    })
            }
            Selector::Tag(tag) => op.tags.iter().any(|t| t == tag),
            Selector::Path(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == pattern,
            },
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Id(id) => write!(f, "id:{id}"),
            Selector::Tag(tag) => write!(f, "tag:{tag}"),
            Selector::Path(path) => write!(f, "path:{path}"),
        }
    }
}

/// An operation of the spec, before it is lowered.
pub(super) struct Candidate<'o> {
    pub(super) op: &'o openapiv3::Operation,
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) pointer: Pointer,
    pub(super) item_params: &'o [ReferenceOr<openapiv3::Parameter>],
    pub(super) item_pointer: Pointer,
}

impl<'a> Lowerer<'a> {
    /// The operations of the spec that `select` chooses (all without a selection).
    pub(super) fn candidates(&mut self, select: &[Selector]) -> Vec<Candidate<'a>> {
        let mut drafts = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let pointer = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.warning(
                        &pointer,
                        "path items given by `$ref` are not supported; the path's operations are skipped",
                    );
                    continue;
                }
            };
            for method in Method::ALL {
                let op = match method {
                    Method::Get => &item.get,
                    Method::Put => &item.put,
                    Method::Post => &item.post,
                    Method::Delete => &item.delete,
                    Method::Options => &item.options,
                    Method::Head => &item.head,
                    Method::Patch => &item.patch,
                    Method::Trace => &item.trace,
                };
                if let Some(op) = op {
                    drafts.push(Candidate {
                        op,
                        method,
                        path: path.clone(),
                        pointer: pointer.push(method.as_str()),
                        item_params: &item.parameters,
                        item_pointer: pointer.clone(),
                    });
                }
            }
        }

        // Only the selected operations (all without a selection).
        if !select.is_empty() {
            let mut used = vec![false; select.len()];
            drafts.retain(|d| {
                let mut keep = false;
                for (i, sel) in select.iter().enumerate() {
                    if sel.matches(d.op, &d.path) {
                        used[i] = true;
                        keep = true;
                    }
                }
                keep
            });
            for (sel, used) in select.iter().zip(used) {
                if !used {
                    self.diags.warning(
                        "/paths",
                        format!("the selection `{sel}` matches no operation"),
                    );
                }
            }
        }
        drafts
    }
}
