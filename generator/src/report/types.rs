//! Changes to the types: added, removed or renamed, an enum's values, and
//! a struct's fields (added, removed, retyped, renamed, their defaults and
//! bounds).

use super::{push, Change, Impact, Subject};
use crate::surface::{FieldSurface, Surface, TypeSurface};

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
pub(super) fn diff(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
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
        // The whole report: the rename is its only change.
        let report = crate::report::diff(
            &surface(&[("Color", &["red"])]),
            &surface(&[("Colour", &["red"])]),
        );
        assert_eq!(report.breaking(), 1);
        assert_eq!(report.changes.len(), 1, "{}", report.to_text());
    }
}
