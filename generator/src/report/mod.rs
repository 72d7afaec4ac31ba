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

mod operations;
mod types;

use crate::surface::Surface;
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
    operations::diff(old, new, &mut changes);
    types::diff(old, new, &mut changes);
    changes.sort_by(|a, b| a.subject.cmp(&b.subject));
    Report {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        changes,
    }
}

/// One change about `subject`, added to `changes`.
fn push(changes: &mut Vec<Change>, subject: &Subject, impact: Impact, text: String) {
    changes.push(Change {
        subject: subject.clone(),
        impact,
        text,
    });
}
