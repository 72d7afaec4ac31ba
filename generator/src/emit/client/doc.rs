//! An operation's documentation: the spec's summary and description, its
//! method and path, deprecation, callbacks, credentials, the operation's
//! other methods (another media type, events), the body's default, and the
//! errors it returns.

use super::super::docs;
use super::body::media_label;
use super::credentials::security_doc;
use crate::ir::{Api, Operation, RequestMedia, StatusMatch};

/// The lines of the doc comment of the operation's method (`index` is its
/// place in `api.operations`).
pub(super) fn lines(api: &Api, op: &Operation, index: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(docs::text_lines(summary));
    }
    if let Some(description) = &op.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(docs::text_lines(description));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "{} (operation {}).",
        docs::code(&format!("{} {}", op.method.wire(), op.path)),
        docs::code(&op.operation_id)
    ));
    if op.deprecated {
        lines.push(String::new());
        lines.push("**Deprecated** by the API.".to_owned());
    }
    lines.extend(super::super::webhooks::callback_lines(api, op));
    let security = security_doc(api, op);
    if !security.is_empty() {
        lines.push(String::new());
        lines.extend(security);
    }
    if let Some(line) = alternatives_line(api, op, index) {
        lines.push(String::new());
        lines.push(line);
    }
    if let Some(d) = op.body.as_ref().and_then(|b| b.default.as_ref()) {
        lines.push(String::new());
        lines.push(format!("The spec gives the body's default as {}; fields left unset are left out, so the server applies its own defaults.", docs::code(&d.to_string())));
    }
    // What every method shares (the other errors, retries) is said once, in
    // the module's documentation; here only what is this operation's own.
    lines.push(String::new());
    lines.push("# Errors".to_owned());
    lines.push(String::new());
    lines.extend(errors(api, op));
    lines
}

/// The list of the errors the method returns: the API's documented
/// statuses, and those found before anything is sent.
fn errors(api: &Api, op: &Operation) -> Vec<String> {
    let statuses: Vec<String> = op
        .errors
        .iter()
        .map(|e| match e.status {
            StatusMatch::Default => "any other status (`default`)".to_owned(),
            status => status.to_string(),
        })
        .collect();
    let mut lines = vec![match statuses.as_slice() {
        [] => "- [`Error::Api`](crate::Error::Api) for an error status (the spec documents none).".to_owned(),
        [_] if op.errors.iter().all(|e| e.status == StatusMatch::Default) => format!("- [`Error::Api`](crate::Error::Api) with a [`{}`] for any error status, as the spec's `default` response documents it.", op.error_type),
        [one] => format!("- [`Error::Api`](crate::Error::Api) with a [`{}`] for status {one}, as the spec documents it.", op.error_type),
        [rest @ .., last] => format!(
            "- [`Error::Api`](crate::Error::Api) with a [`{}`] for status {} or {last}, as the spec documents them.",
            op.error_type,
            rest.join(", ")
        ),
    }];
    if op.requires_auth {
        lines.push("- [`Error::MissingCredentials`](crate::Error::MissingCredentials), before anything is sent, when none of the credentials it accepts is configured.".to_owned());
    }
    if op.body.as_ref().is_some_and(|b| {
        matches!(
            b.media,
            RequestMedia::Multipart { .. } | RequestMedia::Binary { .. }
        )
    }) {
        lines.push("- [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent, when a file cannot be opened or a stream was sent already (see [`Upload`](crate::Upload)).".to_owned());
    }
    if op
        .body
        .as_ref()
        .is_some_and(|b| api.validates(&b.ty) || b.part_types().any(|t| api.validates(t)))
    {
        lines.push("- [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent, when the body breaks a constraint of the spec.".to_owned());
    }
    lines
}

/// The docs' line on an operation's other methods, which follow its first
/// (`index` is the method's place in `api.operations`): the body in another
/// media type (`create_image_multipart`), or the success as events
/// (`create_completion_stream`).
fn alternatives_line(api: &Api, op: &Operation, index: usize) -> Option<String> {
    let link = |o: &Operation| format!("[`Client::{0}`]", o.method_name.trim_start_matches("r#"));
    let same = |o: &&Operation| o.operation_id == op.operation_id;
    let first = api.operations[..index].iter().rev().take_while(same).last();
    let what = |o: &Operation| match &o.body {
        Some(b) if b.alternative => format!("sends the body as {}", media_label(&b.media)),
        _ => "asks for the success as `text/event-stream` (server-sent events)".to_owned(),
    };
    match first {
        Some(main) => {
            let what = what(op);
            let mut chars = what.chars();
            let capitalized: String = chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
                .collect();
            Some(format!(
                "{capitalized}; {} is the operation's first method.",
                link(main)
            ))
        }
        None => {
            let others: Vec<String> = api.operations[index + 1..]
                .iter()
                .take_while(same)
                .map(|o| format!("{} {}", link(o), what(o)))
                .collect();
            (!others.is_empty()).then(|| {
                let mut line = op
                    .body
                    .as_ref()
                    .map(|b| format!("Sends the body as {}. ", media_label(&b.media)))
                    .unwrap_or_default();
                line.push_str(&format!(
                    "Of the operation's other methods, {}.",
                    others.join("; ")
                ));
                line
            })
        }
    }
}
