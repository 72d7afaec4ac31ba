//! Doc comments from the spec's text: one `#[doc]` attribute per line, made
//! safe for rustdoc (no accidental doctests from indented or fenced text).

use crate::ir::{Constraints, Docs, Number};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` attributes for the given lines.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// The lines of a spec description, made safe for rustdoc: code fences
/// without a language become `text` (rustdoc would compile them as Rust),
/// and indentation that would start an indented code block is removed.
pub fn text_lines(text: &str) -> Vec<String> {
    let text = text.trim_matches('\n');
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.lines() {
        let line: String = raw.trim_end().chars().map(visible).collect();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if !in_fence {
                let lang = lang.trim();
                out.push(
                    if matches!(lang, "json" | "yaml" | "sh" | "bash" | "toml" | "http") {
                        format!("```{lang}")
                    } else {
                        "```text".to_owned()
                    },
                );
            } else {
                out.push("```".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line);
            continue;
        }
        // Keep list indentation, but never four spaces: that would start an
        // indented code block, which rustdoc compiles as a doctest.
        let indent = (line.len() - trimmed.len()).saturating_sub(common).min(3);
        out.push(format!("{}{trimmed}", " ".repeat(indent)));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// The documentation of a type or field: description (or title), then
/// defaults and constraints.
pub fn lines(
    docs: &Docs,
    default: Option<&serde_json::Value>,
    constraints: Option<&Constraints>,
) -> Vec<String> {
    let mut out = match (&docs.description, &docs.title) {
        (Some(d), _) if !d.trim().is_empty() => text_lines(d),
        (_, Some(t)) if !t.trim().is_empty() => text_lines(t),
        _ => Vec::new(),
    };
    let mut facts = Vec::new();
    if docs.deprecated {
        facts.push("**Deprecated.**".to_owned());
    }
    if let Some(d) = default {
        facts.push(format!("Default: {}.", code(&d.to_string())));
    }
    if let Some(c) = constraints {
        facts.extend(constraint_lines(c, ""));
    }
    if !facts.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(facts);
    }
    out
}

fn constraint_lines(c: &Constraints, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bound = |b: &crate::ir::Bound| match b.value {
        Number::Int(i) => i.to_string(),
        Number::Float(f) => f.to_string(),
    };
    match (&c.minimum, &c.maximum) {
        (Some(lo), Some(hi)) => out.push(format!(
            "{prefix}Range: {} {} value {} {}.",
            bound(lo),
            if lo.exclusive { "<" } else { "≤" },
            if hi.exclusive { "<" } else { "≤" },
            bound(hi)
        )),
        (Some(lo), None) => out.push(format!(
            "{prefix}Minimum: {}{}.",
            bound(lo),
            if lo.exclusive { " (exclusive)" } else { "" }
        )),
        (None, Some(hi)) => out.push(format!(
            "{prefix}Maximum: {}{}.",
            bound(hi),
            if hi.exclusive { " (exclusive)" } else { "" }
        )),
        (None, None) => {}
    }
    match (c.min_length, c.max_length) {
        (Some(lo), Some(hi)) => out.push(format!(
            "{prefix}Length: {lo} to {}.",
            plural(hi, "character")
        )),
        (Some(lo), None) => out.push(format!(
            "{prefix}Length: at least {}.",
            plural(lo, "character")
        )),
        (None, Some(hi)) => out.push(format!(
            "{prefix}Length: at most {}.",
            plural(hi, "character")
        )),
        (None, None) => {}
    }
    if let Some(p) = &c.pattern {
        out.push(format!("{prefix}Pattern (ECMAScript): {}.", code(p)));
    }
    match (c.min_items, c.max_items) {
        (Some(lo), Some(hi)) => out.push(format!("{prefix}Items: {lo} to {hi}.")),
        (Some(lo), None) => out.push(format!("{prefix}Items: at least {lo}.")),
        (None, Some(hi)) => out.push(format!("{prefix}Items: at most {hi}.")),
        (None, None) => {}
    }
    if let Some(items) = &c.items {
        let nested = if prefix.is_empty() {
            "Each item: ".to_owned()
        } else {
            format!(
                "Each item of {}{}",
                prefix[..1].to_lowercase(),
                &prefix[1..]
            )
        };
        out.extend(constraint_lines(items, &nested));
    }
    out
}

/// Text for inside a single-backtick code span.
/// Spec text as it may appear in a comment: control characters become
/// spaces, and characters that change the direction of text (which rustc
/// rejects in comments, and which can disguise code) become `�`.
pub fn visible(c: char) -> char {
    match c {
        '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => '\u{fffd}',
        c if c.is_control() => ' ',
        c => c,
    }
}

/// Spec text on one line (a title), made visible.
pub fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(visible)
        .collect()
}

/// A Markdown code span showing `s` exactly, whatever backticks it holds.
pub fn code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.is_empty() {
        return "`\"\"`".to_owned();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{s}{fence}")
    } else {
        format!("{fence} {s} {fence}")
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_keep_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(""), "`\"\"`");
    }

    #[test]
    fn indented_text_and_bare_fences_cannot_become_doctests() {
        let lines = text_lines("Attributes:\n    ACTIVE: running\n```\nfn x(\n```");
        assert_eq!(
            lines,
            [
                "Attributes:",
                "   ACTIVE: running",
                "```text",
                "fn x(",
                "```"
            ]
        );
        assert_eq!(text_lines("- a\n  b"), ["- a", "  b"]);
    }
}
