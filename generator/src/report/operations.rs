//! Changes to the operations: added, removed or renamed (by operation id
//! or by route), and each kept one's method, route, arguments, return type
//! and error statuses.

use super::{push, Change, Impact, Subject};
use crate::surface::{OperationSurface, Surface};

fn op_subject(op: &OperationSurface) -> Subject {
    Subject::Operation {
        method: op.method.clone(),
        http: op.http.clone(),
    }
}

/// Changes to the operations: added or renamed, then changed, then removed.
pub(super) fn diff(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
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
