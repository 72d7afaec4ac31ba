//! What changed between two versions of an API, for a Rust user of the
//! generated crate: each change is **breaking** (code that compiled and
//! worked may stop compiling, or a request that was sent may now be rejected)
//! or **compatible**.
//!
//! The rules:
//!
//! | change | class | why |
//! |---|---|---|
//! | operation added | compatible | a new method |
//! | operation removed | breaking | a method disappears |
//! | operation id renamed, method name kept | compatible | same method, same types |
//! | operation id renamed, method name changed | breaking | calls to the old name fail |
//! | method name changed, same operation id or same method and path (parameters renamed alike) | breaking | calls to the old name fail; reported as a rename, not a removal and an addition |
//! | path or HTTP method changed | compatible | the method's signature is the same |
//! | request body or success type changed | breaking | the signature changes |
//! | path arguments or the parameters struct changed | breaking | the signature changes |
//! | error status added | compatible | error enums are `#[non_exhaustive]` |
//! | error status removed, or its body type changed | breaking | a variant disappears or changes |
//! | type added | compatible | |
//! | type removed, or its kind changed | breaking | |
//! | type renamed (one type gone, one alike in all but the name new) | breaking | code naming the old type fails |
//! | field added to a type with `Default` | compatible | literals written with `..Default::default()` keep compiling |
//! | field added to a response-only type | compatible | users read these types, they do not build them |
//! | field added to a request type without `Default` | breaking | every struct literal must name it |
//! | field removed | breaking | |
//! | field's Rust type changed (retyped, made required/optional/nullable) | breaking | e.g. `T` → `Option<T>` |
//! | field made required/optional/nullable, Rust type unchanged | compatible | only the wire contract moves |
//! | default changed | compatible | documentation and the server's behaviour |
//! | bounds added or changed on a request field | breaking | a request that was sent may now be rejected locally |
//! | bounds removed | compatible | |
//! | enum value added | compatible | enums are `#[non_exhaustive]`; the value used to arrive in the catch-all variant |
//! | enum value removed | breaking | a variant disappears |
//! | union variants changed | breaking | |
//!
//! Exhaustive struct patterns (`let T { a, b } = t;` without `..`) break on
//! any added field; the report assumes code does not use them on generated types.

use crate::surface::{FieldSurface, OperationSurface, Surface, TypeSurface};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    Breaking,
    Compatible,
}

impl Impact {
    fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An operation: its method name and `METHOD /path`.
    Operation { method: String, http: String },
    /// A type in the `types` module.
    Type(String),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Operation { method, http } => write!(f, "operation `{method}` ({http})"),
            Subject::Type(name) => write!(f, "type `{name}`"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub subject: Subject,
    pub impact: Impact,
    pub text: String,
}

/// Every change, grouped by subject (operations first, then types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub old_version: String,
    pub new_version: String,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .count()
    }

    fn summary(&self) -> String {
        let breaking = self.breaking();
        format!(
            "{} → {}: {breaking} breaking, {} compatible",
            self.old_version,
            self.new_version,
            self.changes.len() - breaking
        )
    }

    /// For the terminal.
    pub fn to_text(&self) -> String {
        if self.is_empty() {
            return format!(
                "API changes {} → {}: none\n",
                self.old_version, self.new_version
            );
        }
        let mut out = format!("API changes {}\n", self.summary());
        let mut current: Option<&Subject> = None;
        for c in &self.changes {
            if current != Some(&c.subject) {
                let _ = writeln!(out, "\n{}", c.subject);
                current = Some(&c.subject);
            }
            let _ = writeln!(out, "  {:<10}  {}", c.impact.as_str(), c.text);
        }
        out
    }

    /// For `CHANGELOG.md`, under a heading of `heading`.
    pub fn to_markdown(&self, heading: &str) -> String {
        let mut out = format!("## {heading}\n\n{}.\n", self.summary());
        let mut current: Option<&Subject> = None;
        for c in &self.changes {
            if current != Some(&c.subject) {
                let _ = writeln!(out, "\n### {}\n", c.subject);
                current = Some(&c.subject);
            }
            let _ = writeln!(out, "- **{}**: {}", c.impact.as_str(), c.text);
        }
        out
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    operations(old, new, &mut changes);
    types(old, new, &mut changes);
    changes.sort_by(|a, b| a.subject.cmp(&b.subject));
    Report {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

fn op_subject(op: &OperationSurface) -> Subject {
    Subject::Operation {
        method: op.method.clone(),
        http: op.http.clone(),
    }
}

fn push(changes: &mut Vec<Change>, subject: &Subject, impact: Impact, text: String) {
    changes.push(Change {
        subject: subject.clone(),
        impact,
        text,
    });
}

fn operations(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
    let mut renamed_from = std::collections::BTreeMap::new();
    for (id, op) in &new.operations {
        if old.operations.contains_key(id) {
            continue;
        }
        // Same HTTP method and path (parameters may be renamed) under
        // another id: a rename.
        let before = old.operations.iter().find(|(old_id, o)| {
            same_route(&o.http, &op.http) && !new.operations.contains_key(*old_id)
        });
        match before {
            Some((old_id, o)) => {
                renamed_from.insert(old_id.clone(), id.clone());
                let subject = op_subject(op);
                if is_derived_id(old_id) && is_derived_id(id) {
                    // Neither version has an operation id: only the method's name moved.
                    if o.method != op.method {
                        push(
                            changes,
                            &subject,
                            Impact::Breaking,
                            format!("method `{}` renamed `{}`", o.method, op.method),
                        );
                    }
                } else if o.method == op.method {
                    push(
                        changes,
                        &subject,
                        Impact::Compatible,
                        format!(
                            "operation id `{old_id}` renamed `{id}`; the method keeps its name"
                        ),
                    );
                } else {
                    push(
                        changes,
                        &subject,
                        Impact::Breaking,
                        format!(
                            "operation id `{old_id}` renamed `{id}`: method `{}` is now `{}`",
                            o.method, op.method
                        ),
                    );
                }
                operation(o, op, false, changes);
            }
            None => push(
                changes,
                &op_subject(op),
                Impact::Compatible,
                format!("operation `{id}` added: method `{}`", op.method),
            ),
        }
    }
    for (id, op) in &old.operations {
        match new.operations.get(id) {
            Some(now) => operation(op, now, true, changes),
            None if renamed_from.contains_key(id) => {}
            None => push(
                changes,
                &op_subject(op),
                Impact::Breaking,
                format!("operation `{id}` removed: method `{}` is gone", op.method),
            ),
        }
    }
}

/// `GET /things/{id}` and `GET /things/{thing_id}`: one method and path,
/// whatever the path parameters are called.
fn same_route(a: &str, b: &str) -> bool {
    fn shape(http: &str) -> String {
        let mut out = String::new();
        let mut in_param = false;
        for c in http.chars() {
            match c {
                '{' => {
                    in_param = true;
                    out.push('{');
                }
                '}' => {
                    in_param = false;
                    out.push('}');
                }
                _ if in_param => {}
                _ => out.push(c),
            }
        }
        out
    }
    shape(a) == shape(b)
}

/// The id of an operation without `operationId` (`get_/things/{id}`):
/// made from its method and path, so not the spec's to report.
fn is_derived_id(id: &str) -> bool {
    id.contains('/')
}

/// Changes to one operation; `same_id` is false for a rename, whose method
/// name change is already reported.
fn operation(
    old: &OperationSurface,
    new: &OperationSurface,
    same_id: bool,
    changes: &mut Vec<Change>,
) {
    let subject = op_subject(new);
    if same_id && old.method != new.method {
        push(
            changes,
            &subject,
            Impact::Breaking,
            format!("method `{}` renamed `{}`", old.method, new.method),
        );
    }
    if old.http != new.http {
        push(
            changes,
            &subject,
            Impact::Compatible,
            format!("now sent as `{}` (was `{}`)", new.http, old.http),
        );
    }
    if old.args != new.args {
        push(
            changes,
            &subject,
            Impact::Breaking,
            format!(
                "path arguments ({}) → ({})",
                old.args.join(", "),
                new.args.join(", ")
            ),
        );
    }
    arguments(old, new, &subject, changes);
    errors(old, new, &subject, changes);
}

/// Changes to an operation's parameters argument, request body and what it
/// returns.
fn arguments(
    old: &OperationSurface,
    new: &OperationSurface,
    subject: &Subject,
    changes: &mut Vec<Change>,
) {
    if old.params != new.params {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!(
                "parameters argument {} → {}",
                show_ref(&old.params),
                show_ref(&new.params)
            ),
        );
    }
    if old.body != new.body {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!(
                "request body {} → {}",
                show_ref(&old.body),
                show_ref(&new.body)
            ),
        );
    }
    if old.returns != new.returns {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!("returns `{}` instead of `{}`", new.returns, old.returns),
        );
    }
}

/// An argument's type as a reference (`` `&T` ``), or `none`.
fn show_ref(t: &Option<String>) -> String {
    t.clone()
        .map(|t| format!("`&{t}`"))
        .unwrap_or_else(|| "none".to_owned())
}

/// Error statuses of an operation added, removed or with another body.
fn errors(
    old: &OperationSurface,
    new: &OperationSurface,
    subject: &Subject,
    changes: &mut Vec<Change>,
) {
    for (status, body) in &new.errors {
        match old.errors.get(status) {
            None => push(
                changes,
                subject,
                Impact::Compatible,
                format!("error status {status} added"),
            ),
            Some(before) if before != body => push(
                changes,
                subject,
                Impact::Breaking,
                format!(
                    "error status {status} body {} → {}",
                    before.as_deref().unwrap_or("none"),
                    body.as_deref().unwrap_or("none")
                ),
            ),
            Some(_) => {}
        }
    }
    for status in old.errors.keys().filter(|s| !new.errors.contains_key(*s)) {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!("error status {status} removed"),
        );
    }
}

fn kind_name(t: &TypeSurface) -> &'static str {
    match t {
        TypeSurface::Struct { .. } => "struct",
        TypeSurface::Enum { .. } => "enum",
        TypeSurface::Union { .. } => "union",
        TypeSurface::Alias { .. } => "alias",
    }
}

/// Types that only changed their Rust name: a type gone and a type new
/// that are alike in every other respect, each the only one alike of its
/// side. By old name, the new one.
fn renamed_types(old: &Surface, new: &Surface) -> std::collections::BTreeMap<String, String> {
    let gone: Vec<(&String, &TypeSurface)> = old
        .types
        .iter()
        .filter(|(name, _)| !new.types.contains_key(*name))
        .collect();
    let added: Vec<(&String, &TypeSurface)> = new
        .types
        .iter()
        .filter(|(name, _)| !old.types.contains_key(*name))
        .collect();
    let mut renamed = std::collections::BTreeMap::new();
    for (name, t) in &gone {
        let mut alike = added.iter().filter(|(_, a)| a == t);
        let (Some((new_name, _)), None) = (alike.next(), alike.next()) else {
            continue;
        };
        if gone.iter().filter(|(_, g)| g == t).count() == 1 {
            renamed.insert((*name).clone(), (*new_name).clone());
        }
    }
    renamed
}

/// Changes to the types: renamed, then added or changed, then removed.
fn types(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
    let renamed = renamed_types(old, new);
    for (old_name, new_name) in &renamed {
        if let Some(t) = new.types.get(new_name) {
            push(
                changes,
                &Subject::Type(new_name.clone()),
                Impact::Breaking,
                format!(
                    "{} `{old_name}` renamed `{new_name}`; nothing else changed",
                    kind_name(t)
                ),
            );
        }
    }
    for (name, t) in &new.types {
        let subject = Subject::Type(name.clone());
        let Some(before) = old.types.get(name) else {
            if !renamed.values().any(|n| n == name) {
                push(
                    changes,
                    &subject,
                    Impact::Compatible,
                    format!("{} added", kind_name(t)),
                );
            }
            continue;
        };
        type_changes(&subject, before, t, changes);
    }
    for (name, t) in &old.types {
        if !new.types.contains_key(name) && !renamed.contains_key(name) {
            push(
                changes,
                &Subject::Type(name.clone()),
                Impact::Breaking,
                format!("{} removed", kind_name(t)),
            );
        }
    }
}

/// Changes to a type kept under its name.
fn type_changes(
    subject: &Subject,
    before: &TypeSurface,
    t: &TypeSurface,
    changes: &mut Vec<Change>,
) {
    match (before, t) {
        (
            TypeSurface::Struct {
                fields: old_fields, ..
            },
            TypeSurface::Struct {
                fields,
                default,
                request,
            },
        ) => struct_fields(subject, old_fields, fields, *default, *request, changes),
        (TypeSurface::Enum { values: old_values }, TypeSurface::Enum { values }) => {
            for v in values.iter().filter(|v| !old_values.contains(v)) {
                push(
                    changes,
                    subject,
                    Impact::Compatible,
                    format!("value `{v}` added"),
                );
            }
            for v in old_values.iter().filter(|v| !values.contains(v)) {
                push(
                    changes,
                    subject,
                    Impact::Breaking,
                    format!("value `{v}` removed"),
                );
            }
        }
        (a, b) if a == b => {}
        (a, b) if kind_name(a) == kind_name(b) => {
            push(
                changes,
                subject,
                Impact::Breaking,
                format!("{} changed", kind_name(b)),
            );
        }
        (a, b) => push(
            changes,
            subject,
            Impact::Breaking,
            format!("changed from {} to {}", kind_name(a), kind_name(b)),
        ),
    }
}

/// Changes to a struct's fields: added or changed (by wire name), then removed.
fn struct_fields(
    subject: &Subject,
    old: &std::collections::BTreeMap<String, FieldSurface>,
    new: &std::collections::BTreeMap<String, FieldSurface>,
    has_default: bool,
    request: bool,
    changes: &mut Vec<Change>,
) {
    for (wire, f) in new {
        match old.get(wire) {
            Some(before) => field(subject, wire, before, f, changes),
            None => field_added(subject, wire, f, has_default, request, changes),
        }
    }
    for (wire, f) in old {
        if !new.contains_key(wire) {
            push(
                changes,
                subject,
                Impact::Breaking,
                format!("field `{wire}` removed (`{}: {}`)", f.name, f.rust_type),
            );
        }
    }
}

/// A field added to a struct: breaking only in a request type without
/// `Default`, whose literals must now set it.
fn field_added(
    subject: &Subject,
    wire: &str,
    f: &FieldSurface,
    has_default: bool,
    request: bool,
    changes: &mut Vec<Change>,
) {
    let what = format!(
        "field `{wire}` added ({} `{}: {}`)",
        if f.required { "required" } else { "optional" },
        f.name,
        f.rust_type
    );
    if has_default {
        push(changes, subject, Impact::Compatible, format!("{what}; the type implements `Default`, so literals written with `..Default::default()` keep compiling"));
    } else if !request {
        push(
            changes,
            subject,
            Impact::Compatible,
            format!("{what}; a response type, read rather than built"),
        );
    } else {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!("{what}; struct literals of this request type must now set it"),
        );
    }
}

/// Changes to a field kept under its wire name: its type (with whether it
/// is required or nullable), Rust name, default and bounds.
fn field(
    subject: &Subject,
    wire: &str,
    before: &FieldSurface,
    f: &FieldSurface,
    changes: &mut Vec<Change>,
) {
    field_type(subject, wire, before, f, changes);
    if before.name != f.name {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!(
                "field `{wire}` is now `{}` in Rust (was `{}`)",
                f.name, before.name
            ),
        );
    }
    if before.default != f.default {
        let show = |d: &Option<String>| {
            d.clone()
                .map(|d| format!("`{d}`"))
                .unwrap_or_else(|| "none".to_owned())
        };
        push(
            changes,
            subject,
            Impact::Compatible,
            format!(
                "field `{wire}` default {} → {}",
                show(&before.default),
                show(&f.default)
            ),
        );
    }
    if before.bounds != f.bounds {
        match (&before.bounds, &f.bounds) {
            (Some(b), None) => push(changes, subject, Impact::Compatible, format!("field `{wire}` bounds removed (were {b})")),
            (None, Some(b)) => push(changes, subject, Impact::Breaking, format!("field `{wire}` bounds added: {b}; requests outside them are now rejected locally")),
            (Some(a), Some(b)) => push(changes, subject, Impact::Breaking, format!("field `{wire}` bounds {a} → {b}; a request valid before may now be rejected locally")),
            (None, None) => {}
        }
    }
}

/// A field's Rust type changed (breaking), or only whether it is required
/// or nullable on the wire (compatible).
fn field_type(
    subject: &Subject,
    wire: &str,
    before: &FieldSurface,
    f: &FieldSurface,
    changes: &mut Vec<Change>,
) {
    let mut wire_changes = Vec::new();
    match (before.required, f.required) {
        (false, true) => wire_changes.push("made required"),
        (true, false) => wire_changes.push("made optional"),
        _ => {}
    }
    match (before.nullable, f.nullable) {
        (false, true) => wire_changes.push("made nullable"),
        (true, false) => wire_changes.push("made non-nullable"),
        _ => {}
    }
    let wire_text = if wire_changes.is_empty() {
        String::new()
    } else {
        format!("{}: ", wire_changes.join(", "))
    };
    if before.rust_type != f.rust_type {
        push(
            changes,
            subject,
            Impact::Breaking,
            format!(
                "field `{wire}` {wire_text}`{}` → `{}`",
                before.rust_type, f.rust_type
            ),
        );
    } else if !wire_changes.is_empty() {
        push(
            changes,
            subject,
            Impact::Compatible,
            format!(
                "field `{wire}` {}; its Rust type `{}` is unchanged",
                wire_changes.join(", "),
                f.rust_type
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(types: &[(&str, &[&str])]) -> Surface {
        Surface {
            version: "1".to_owned(),
            operations: Default::default(),
            types: types
                .iter()
                .map(|(name, values)| {
                    let values = values.iter().map(|v| (*v).to_owned()).collect();
                    ((*name).to_owned(), TypeSurface::Enum { values })
                })
                .collect(),
        }
    }

    #[test]
    fn a_type_is_renamed_only_when_one_alike_is_on_each_side() {
        // (old types, new types) → renames found
        type Types<'a> = &'a [(&'a str, &'a [&'a str])];
        type Row<'a> = (Types<'a>, Types<'a>, &'a [(&'a str, &'a str)]);
        let table: &[Row<'_>] = &[
            (
                &[("Color", &["red"])],
                &[("Colour", &["red"])],
                &[("Color", "Colour")],
            ),
            // Different values: a removal and an addition.
            (&[("Color", &["red"])], &[("Colour", &["blue"])], &[]),
            // Two alike on the new side: which one is meant is unknown.
            (
                &[("Color", &["red"])],
                &[("Colour", &["red"]), ("Hue", &["red"])],
                &[],
            ),
            // Two alike on the old side.
            (
                &[("Color", &["red"]), ("Hue", &["red"])],
                &[("Colour", &["red"])],
                &[],
            ),
            // Kept types are not renames.
            (
                &[("Color", &["red"])],
                &[("Color", &["red"]), ("Hue", &["red"])],
                &[],
            ),
        ];
        for (old, new, want) in table {
            let got = renamed_types(&surface(old), &surface(new));
            let want: std::collections::BTreeMap<String, String> = want
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect();
            assert_eq!(got, want, "{old:?} → {new:?}");
        }
        let report = diff(
            &surface(&[("Color", &["red"])]),
            &surface(&[("Colour", &["red"])]),
        );
        assert_eq!(report.breaking(), 1);
        assert_eq!(report.changes.len(), 1, "{}", report.to_text());
    }
}
