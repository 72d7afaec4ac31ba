//! Overlays: the user's fixes to a publisher's document, kept in a file of
//! their own so that they survive the next download of the document
//! (OpenAPI Initiative Overlay Specification 1.0.0, and 1.1.0's `copy`).
//!
//! An overlay is a list of actions, each with a `target` (an RFC 9535
//! JSONPath, filter expressions included, evaluated by `serde_json_path`)
//! and what to do to every node it selects: `update` (merged as
//! [`merge`] says), `remove: true`, or `copy` (a JSONPath selecting one node
//! of the document, merged like `update`). Overlays are applied to the entry
//! document as parsed, before anything else: a Swagger 2.0 conversion and
//! the resolution of references see the document as the overlays left it.
//!
//! The overlay document is checked first, and a problem in it is an error at
//! its own pointer and line; an action whose target selects nothing is a
//! warning at the action's line (the publisher's document changed under it).

mod merge;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::locate::Positions;
use crate::load::yaml;
use merge::Step;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use std::path::{Component, Path, PathBuf};

/// One overlay file, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// Its path relative to the spec's folder, `/`-separated (in the manifest).
    pub path: String,
    /// The file as the user names it, for messages.
    pub display: String,
    pub text: String,
}

/// The endings of the overlay found beside a spec: `spec/openapi.json` →
/// `spec/openapi.overlay.yaml` (or `.json`).
pub const BESIDE: [&str; 2] = ["overlay.yaml", "overlay.json"];

impl Overlay {
    /// Reads the overlay `file`, shown as `display`, that applies to `spec`.
    pub fn read(file: &Path, display: &str, spec: &Path) -> Result<Overlay, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the overlay {display}: {e}"))?;
        Ok(Overlay {
            path: relative(spec.parent().unwrap_or(Path::new("")), file),
            display: display.to_owned(),
            text,
        })
    }

    /// The overlays beside `spec` (shown as `spec_display`), applied before
    /// any named explicitly: `<stem>.overlay.yaml`, then `<stem>.overlay.json`.
    pub fn beside(spec: &Path, spec_display: &str) -> Result<Vec<Overlay>, String> {
        let Some(stem) = spec.file_stem().and_then(|s| s.to_str()) else {
            return Ok(Vec::new());
        };
        let display_dir = spec_display
            .rfind(['/', '\\'])
            .map_or("", |i| &spec_display[..=i]);
        let mut found = Vec::new();
        for ending in BESIDE {
            let name = format!("{stem}.{ending}");
            let file = spec.with_file_name(&name);
            if file.is_file() {
                found.push(Overlay::read(&file, &format!("{display_dir}{name}"), spec)?);
            }
        }
        Ok(found)
    }
}

/// `file`'s path relative to the folder `dir` (`..` where it is outside),
/// `/`-separated; its file name when the two have nothing in common.
fn relative(dir: &Path, file: &Path) -> String {
    let real = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
    };
    let (dir, file) = (real(dir), real(file));
    let name = || {
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let a: Vec<Component> = dir.components().collect();
    let b: Vec<Component> = file.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return name();
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let path: PathBuf = parts.iter().collect();
    path.to_string_lossy().replace('\\', "/")
}

/// One action, checked.
struct Action {
    /// Its index in `actions`.
    index: usize,
    target: JsonPath,
    target_text: String,
    what: What,
}

enum What {
    Update(Value),
    Remove,
    Copy(JsonPath, String),
    Nothing,
}

/// Applies `overlay` to `doc`. A problem in the overlay document is the
/// error returned (and `doc` is left as it was); what the actions could not
/// do goes to `diags` as warnings.
pub(crate) fn apply(
    doc: &mut Value,
    overlay: &Overlay,
    diags: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let value = yaml::parse(&overlay.text).map_err(|mut d| {
        d.message = d.message.replace("the spec is", "the overlay is");
        d.file = overlay.display.clone();
        d
    })?;
    let actions = check(&value).map_err(|d| {
        let mut placed = [d];
        place(&mut placed, overlay);
        let [d] = placed;
        d
    })?;
    let mut warnings = Vec::new();
    for action in &actions {
        run(doc, action, &mut warnings);
    }
    place(&mut warnings, overlay);
    for d in warnings {
        diags.push(d);
    }
    Ok(())
}

/// Diagnostics about the overlay: in its file, at their pointers' lines
/// (found in one walk of its text).
fn place(diags: &mut [Diagnostic], overlay: &Overlay) {
    let positions = Positions::find(&overlay.text, diags.iter().map(|d| d.pointer.as_str()));
    for d in diags {
        d.line_col = positions.get(&d.pointer);
        d.file = overlay.display.clone();
    }
}

const HELP: &str = "an overlay is `overlay: 1.0.0` (or 1.1.0), `info` with `title` and `version`, and a list of `actions`, each a `target` JSONPath with `update`, `remove: true` or `copy`";

fn error(pointer: impl Into<String>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(pointer, message).with_help(HELP)
}

fn string<'a>(
    object: &'a Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<&'a str>, Diagnostic> {
    match object.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(error(
            format!("{at}/{key}"),
            format!("`{key}` must be a string"),
        )),
    }
}

/// The overlay document's actions, checked; the first problem is the error.
fn check(value: &Value) -> Result<Vec<Action>, Diagnostic> {
    let Value::Object(root) = value else {
        return Err(error("", "the overlay is not an object"));
    };
    match string(root, "overlay", "")? {
        None => return Err(error("", "the overlay has no `overlay` version field")),
        Some(v) if v.starts_with("1.0.") || v.starts_with("1.1.") => {}
        Some(v) => {
            return Err(error(
                "/overlay",
                format!("Overlay version {v} is not supported; this generator applies Overlay 1.0.x and 1.1.x"),
            ))
        }
    }
    match root.get("info") {
        Some(Value::Object(info)) => {
            for key in ["title", "version"] {
                if string(info, key, "/info")?.is_none() {
                    return Err(error("/info", format!("`info` has no `{key}`")));
                }
            }
        }
        Some(_) => return Err(error("/info", "`info` must be an object")),
        None => return Err(error("", "the overlay has no `info`")),
    }
    // `extends` names the document the overlay was written for: informational here.
    string(root, "extends", "")?;
    let list = match root.get("actions") {
        Some(Value::Array(list)) if !list.is_empty() => list,
        Some(Value::Array(_)) => return Err(error("/actions", "`actions` is empty")),
        Some(_) => return Err(error("/actions", "`actions` must be a list")),
        None => return Err(error("", "the overlay has no `actions`")),
    };
    list.iter()
        .enumerate()
        .map(|(index, action)| check_action(index, action))
        .collect()
}

fn json_path(text: &str, at: &str) -> Result<JsonPath, Diagnostic> {
    JsonPath::parse(text)
        .map_err(|e| error(at, format!("`{text}` is not a JSONPath (RFC 9535): {e}")))
}

fn check_action(index: usize, action: &Value) -> Result<Action, Diagnostic> {
    let at = format!("/actions/{index}");
    let Value::Object(object) = action else {
        return Err(error(at, "an action must be an object"));
    };
    string(object, "description", &at)?;
    let Some(target_text) = string(object, "target", &at)? else {
        return Err(error(at, "the action has no `target`"));
    };
    let target = json_path(target_text, &format!("{at}/target"))?;
    let remove = match object.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(error(
                format!("{at}/remove"),
                "`remove` must be `true` or `false`",
            ))
        }
    };
    let copy = string(object, "copy", &at)?;
    // `remove: true` outdoes the others, and `update` outdoes `copy`.
    let what = match (remove, object.get("update"), copy) {
        (true, ..) => What::Remove,
        (false, Some(update), _) => What::Update(update.clone()),
        (false, None, Some(copy)) => {
            What::Copy(json_path(copy, &format!("{at}/copy"))?, copy.to_owned())
        }
        (false, None, None) => What::Nothing,
    };
    Ok(Action {
        index,
        target,
        target_text: target_text.to_owned(),
        what,
    })
}

/// Does `action` to `doc`; what it could not do is a warning in `warnings`.
fn run(doc: &mut Value, action: &Action, warnings: &mut Vec<Diagnostic>) {
    let at = format!("/actions/{}", action.index);
    let warn = |pointer: String, message: String, help: &str| {
        Diagnostic::warning(pointer, message).with_help(help.to_owned())
    };
    let mut targets: Vec<Vec<Step>> = action
        .target
        .query_located(doc)
        .dedup()
        .locations()
        .map(|location| {
            location
                .iter()
                .map(|e| match e.as_index() {
                    Some(i) => Step::Index(i),
                    None => Step::Name(e.as_name().unwrap_or_default().to_owned()),
                })
                .collect()
        })
        .collect();
    if targets.is_empty() {
        warnings.push(warn(
            format!("{at}/target"),
            format!("the overlay action's target `{}` selects nothing in the spec: the action changed nothing", action.target_text),
            "correct the target (the spec may have changed since the overlay was written), or delete the action",
        ));
        return;
    }
    let update = match &action.what {
        What::Nothing => {
            warnings.push(warn(
                at,
                "the overlay action has no `update`, `remove: true` or `copy`: it changes nothing"
                    .to_owned(),
                "add what the action should do, or delete it",
            ));
            return;
        }
        What::Remove => {
            // Last first, so that removing an item does not move the next one.
            targets.sort();
            for steps in targets.iter().rev() {
                if steps.is_empty() {
                    warnings.push(warn(
                        format!("{at}/target"),
                        "an overlay action cannot remove the whole document".to_owned(),
                        "target the elements to remove",
                    ));
                } else {
                    merge::remove(doc, steps);
                }
            }
            return;
        }
        What::Update(update) => update.clone(),
        What::Copy(source, text) => {
            let found = source.query(doc);
            match found.exactly_one() {
                Ok(node) => node.clone(),
                Err(_) => {
                    warnings.push(warn(
                        format!("{at}/copy"),
                        format!("the overlay action's `copy` `{text}` selects {} nodes in the spec, not one: the action changed nothing", found.len()),
                        "a `copy` names exactly one node of the spec",
                    ));
                    return;
                }
            }
        }
    };
    let field = if matches!(action.what, What::Copy(..)) {
        "copy"
    } else {
        "update"
    };
    for steps in &targets {
        let place = merge::pointer(steps);
        let Some(node) = doc.pointer_mut(&place) else {
            continue;
        };
        match merge::update(node, &update) {
            Ok(replaced) => {
                for inner in replaced {
                    warnings.push(warn(
                        format!("{at}/{field}"),
                        format!("the overlay's `{field}` replaces `{place}{inner}` with a value of another kind (an object, an array or a primitive value)"),
                        "if that was meant, remove the element first with an action of its own; otherwise correct the update",
                    ));
                }
            }
            Err(why) => warnings.push(warn(
                format!("{at}/{field}"),
                format!("the overlay action left `{place}` unchanged: {why}"),
                "correct the target or the update",
            )),
        }
    }
}

#[cfg(test)]
mod tests;
