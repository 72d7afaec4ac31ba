//! The parts of a multi-file 2.0 document that its conversion must see:
//! a parameter (is it a body?), a response or a path item written as a
//! `$ref` to another file is replaced by a copy of what it points at, its
//! own references made relative to the entry file. Files are read through
//! [`Sources`], never outside the spec's root folder, and added to
//! [`Documents`] (so that the reference resolver, the manifest and
//! diagnostics know them). Schemas are left where they are: the resolver
//! hoists them.

use super::Cx;
use crate::diag::escape_token;
use crate::load::files::{self, Sources, SpecFile};
use crate::load::refs::{percent_decode, Documents};
use crate::load::yaml;
use serde_json::Value;

use crate::load::METHODS;

/// How many references to references one place may follow.
const MAX_HOPS: usize = 16;

struct Bundle<'b, 'c> {
    docs: &'b mut Documents,
    sources: Option<&'b dyn Sources>,
    cx: &'b mut Cx<'c>,
    /// The files read, by index in `docs.files` (the entry's: none).
    values: Vec<Option<Value>>,
}

pub(super) fn bundle(
    doc: &mut Value,
    docs: &mut Documents,
    sources: Option<&dyn Sources>,
    cx: &mut Cx,
) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let mut b = Bundle {
        values: vec![None; docs.files.len()],
        docs,
        sources,
        cx,
    };
    for section in ["parameters", "responses"] {
        if let Some(Value::Object(items)) = root.get_mut(section) {
            for (name, item) in items.iter_mut() {
                b.inline(item, &format!("/{section}/{}", escape_token(name)), false);
            }
        }
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let at = format!("/paths/{}", escape_token(path));
        b.inline(item, &at, true);
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        b.list(item.get_mut("parameters"), &format!("{at}/parameters"));
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(*method) else {
                continue;
            };
            let op_at = format!("{at}/{method}");
            b.list(op.get_mut("parameters"), &format!("{op_at}/parameters"));
            if let Some(Value::Object(responses)) = op.get_mut("responses") {
                for (status, r) in responses.iter_mut() {
                    b.inline(
                        r,
                        &format!("{op_at}/responses/{}", escape_token(status)),
                        true,
                    );
                }
            }
        }
    }
}

impl Bundle<'_, '_> {
    /// The entry file's path.
    fn entry(&self) -> String {
        self.docs
            .files
            .first()
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }

    fn list(&mut self, v: Option<&mut Value>, at: &str) {
        if let Some(Value::Array(items)) = v {
            for (i, item) in items.iter_mut().enumerate() {
                // Parameters' places are recorded by the conversion, which
                // renumbers them.
                self.inline(item, &format!("{at}/{i}"), false);
            }
        }
    }

    /// Replaces `v`, a reference to another file, by a copy of its target;
    /// `record` when the conversion keeps `at` where it is (its origin is
    /// recorded here).
    fn inline(&mut self, v: &mut Value, at: &str, record: bool) {
        for _ in 0..MAX_HOPS {
            let Some(reference) = v.get("$ref").and_then(Value::as_str) else {
                return;
            };
            if reference.starts_with('#') {
                return;
            }
            let reference = reference.to_owned();
            match self.follow(&reference) {
                Ok((file, pointer, mut value)) => {
                    let (path, shown) = self
                        .docs
                        .files
                        .get(file)
                        .map(|f| (f.path.clone(), f.display.clone()))
                        .unwrap_or_default();
                    rebase(&mut value, &path, &self.entry());
                    *v = value;
                    if record {
                        let key = self.cx.key(at);
                        self.cx.jumps.push((key, (file, pointer.clone())));
                    }
                    self.cx.bundled.push((at.to_owned(), file, shown, pointer));
                }
                Err(why) => {
                    let help = if why.contains("outside the folder") {
                        files::SPEC_ROOT_HELP
                    } else {
                        "a file's path is relative to the folder of the entry file"
                    };
                    self.cx.error(
                        &format!("{at}/$ref"),
                        format!("`$ref: {reference}` cannot be resolved: {why}"),
                        help,
                    );
                    return;
                }
            }
        }
    }

    /// The file, pointer and value a reference to another file points at.
    fn follow(&mut self, reference: &str) -> Result<(usize, String, Value), String> {
        if reference.contains("://") {
            return Err("URLs are not fetched".into());
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        let file = self.file(&percent_decode(path))?;
        let value = self
            .values
            .get(file)
            .and_then(Option::as_ref)
            .and_then(|v| v.pointer(&fragment))
            .cloned()
            .ok_or_else(|| format!("`{fragment}` is not in the file"))?;
        Ok((file, fragment, value))
    }

    /// The index of the file at `relative` (to the root folder), read if needed.
    fn file(&mut self, relative: &str) -> Result<usize, String> {
        let entry = self.entry();
        let Some(path) = files::join(files::dir_of(&entry), relative) else {
            return Err(files::outside(relative, &self.docs.root_display()));
        };
        if let Some(i) = self.docs.files.iter().position(|f| f.path == path) {
            if self.values.get(i).is_some_and(Option::is_some) {
                return Ok(i);
            }
        }
        let display = self.docs.display_of(&path);
        let Some(sources) = self.sources else {
            return Err(format!(
                "it refers to another file, `{display}`, and no other file can be read here"
            ));
        };
        let text = sources
            .read(&path)
            .map_err(|e| format!("the file `{display}` cannot be read ({e})"))?;
        let value = yaml::parse(&text).map_err(|d| {
            format!(
                "the file `{display}` is not valid YAML or JSON: {}",
                d.message
            )
        })?;
        self.docs.files.push(SpecFile {
            path,
            display,
            text,
        });
        self.values.push(Some(value));
        Ok(self.docs.files.len() - 1)
    }
}

/// Makes every reference in `value` (read from the file at `path`)
/// relative to the entry file, at `entry`; one to the entry itself becomes local.
fn rebase(value: &mut Value, path: &str, entry: &str) {
    match value {
        Value::Object(o) => {
            if let Some(Value::String(reference)) = o.get_mut("$ref") {
                if !reference.contains("://") {
                    let (file, fragment) = match reference.split_once('#') {
                        Some((file, fragment)) => (file.to_owned(), format!("#{fragment}")),
                        None => (reference.clone(), String::new()),
                    };
                    let target = if file.is_empty() {
                        Some(path.to_owned())
                    } else {
                        files::join(files::dir_of(path), &file)
                    };
                    if let Some(target) = target {
                        *reference = if target == entry {
                            if fragment.is_empty() {
                                "#".to_owned()
                            } else {
                                fragment
                            }
                        } else {
                            format!("{target}{fragment}")
                        };
                    }
                }
            }
            for (_, v) in o.iter_mut() {
                rebase(v, path, entry);
            }
        }
        Value::Array(items) => {
            for v in items {
                rebase(v, path, entry);
            }
        }
        _ => {}
    }
}
