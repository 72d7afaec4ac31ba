//! Diagnostics: every problem the generator reports, with where in the spec it is.
//!
//! A [`Diagnostic`] names the spec file, the JSON pointer (RFC 6901) of the
//! offending element, what is wrong and what to do about it. Errors stop
//! generation; warnings are reported and generation goes on with the fallback
//! they describe. [`Error`] carries every error of a phase at once.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on, with the fallback the message names.
    Warning,
    /// Generation stops and nothing is written.
    Error,
}

/// One problem found in a spec, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The spec file as the user named it (never made absolute): the entry
    /// file, or another file of a multi-file spec. Empty until the
    /// diagnostic is placed or the phase ends (then: the entry file).
    pub file: String,
    /// JSON pointer of the element, e.g. `/paths/~1sessions/post/responses/422`.
    pub pointer: String,
    /// Line and column (1-based), where the parser knows them.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer.into(), message.into())
    }

    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer.into(), message.into())
    }

    fn new(severity: Severity, pointer: String, message: String) -> Self {
        Diagnostic {
            severity,
            file: String::new(),
            pointer,
            line_col: None,
            message,
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line_col = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        writeln!(f, "{severity}: {}", terminal_safe(&self.message))?;
        write!(f, "  --> {}", terminal_safe(&self.file))?;
        if let Some((line, column)) = self.line_col {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", terminal_safe(&self.pointer))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", terminal_safe(help))?;
        }
        Ok(())
    }
}

/// Text quoted from a spec, safe to print on a terminal: control characters
/// (escape sequences, newlines inside a name) are shown as `\u{..}`.
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Generation failed: every error found in the phase that stopped it, plus
/// the warnings found until then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_all(.diagnostics))]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// The error diagnostics alone.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out.push_str(&format!(
        "generation failed with {errors} error{}",
        if errors == 1 { "" } else { "s" }
    ));
    out
}

/// Collects the diagnostics of a phase, so that a user sees all of them at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    /// How many diagnostics are collected.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The `i`th diagnostic collected.
    pub fn get(&self, i: usize) -> Option<&Diagnostic> {
        self.items.get(i)
    }

    /// The pointers of the diagnostics that have no line and column yet.
    pub fn unplaced(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(|d| d.line_col.is_none() && !d.pointer.is_empty())
            .map(|d| d.pointer.as_str())
    }

    /// The diagnostics that have no line and column yet.
    pub fn unplaced_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items
            .iter_mut()
            .filter(|d| d.line_col.is_none() && !d.pointer.is_empty())
    }

    /// Drops an error said a second time about the same element (a broken
    /// reference is reported where it is resolved and again where it is used).
    pub fn drop_repeated_errors(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.items.retain(|d| {
            d.severity != Severity::Error || seen.insert((d.file.clone(), d.pointer.clone()))
        });
    }

    /// Gives every diagnostic without a line and column the one `position`
    /// tells for its pointer.
    pub fn place(&mut self, position: impl Fn(&str) -> Option<(usize, usize)>) {
        for d in &mut self.items {
            if d.line_col.is_none() && !d.pointer.is_empty() {
                d.line_col = position(&d.pointer);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends a phase: `Err` with everything collected if any error was found.
    pub fn check(&self, file: &str) -> Result<(), Error> {
        if self.has_errors() {
            Err(Error {
                diagnostics: self.finish(file),
            })
        } else {
            Ok(())
        }
    }

    /// All diagnostics, in the order found; those not about another file
    /// are stamped with the entry file's name.
    pub fn finish(&self, file: &str) -> Vec<Diagnostic> {
        self.items
            .iter()
            .cloned()
            .map(|mut d| {
                if d.file.is_empty() {
                    d.file = file.to_owned();
                }
                d
            })
            .collect()
    }
}

/// `token` as a reference token of a JSON pointer (RFC 6901): `~` written
/// `~0`, then `/` written `~1`.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The text of a JSON pointer's reference token: `~1` read as `/`, then
/// `~0` as `~` (in that order, so that `~01` is `~1`).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A JSON pointer (RFC 6901) under construction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// The pointer to a child, escaping `~` and `/` in the token.
    #[must_use]
    pub fn push(&self, token: impl fmt::Display) -> Self {
        Pointer(format!("{}/{}", self.0, escape_token(&token.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let p = Pointer::root()
            .push("paths")
            .push("/sessions/{id}")
            .push("a~b");
        assert_eq!(p.as_str(), "/paths/~1sessions~1{id}/a~0b");
    }

    #[test]
    fn tokens_escape_and_unescape_in_the_rfc_order() {
        for token in ["a/b", "a~b", "~1", "~0", "/~/", "", "plain"] {
            assert_eq!(unescape_token(&escape_token(token)), token);
        }
        // `~01` is `~1` (the `~0` is read last), not `/`.
        assert_eq!(unescape_token("~01"), "~1");
        assert_eq!(escape_token("~1"), "~01");
    }

    #[test]
    fn diagnostic_display_names_file_pointer_and_help() {
        let mut d = Diagnostic::error("/paths/~1x", "bad thing").with_help("fix it");
        d.file = "spec.yaml".into();
        assert_eq!(
            d.to_string(),
            "error: bad thing\n  --> spec.yaml at /paths/~1x\n  = help: fix it"
        );
    }
}
