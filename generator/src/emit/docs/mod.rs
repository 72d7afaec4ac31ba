//! Doc comments from the spec's text: one `#[doc]` attribute per line, made
//! safe for rustdoc (no accidental doctests from indented or fenced text).

mod passes;

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
/// indentation that would start an indented code block is removed, the
/// sections of a Python docstring (`Attributes:` and its indented
/// `NAME: text` entries) become Markdown lists, and text that Markdown would
/// read as HTML, a link or an intra-doc link is escaped ([`markdown_safe`]).
pub fn text_lines(text: &str) -> Vec<String> {
    let text = passes::escape_unbalanced_html(&passes::inline_reference_links(text));
    let text = text.trim_matches('\n');
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut section: Option<Section> = None;
    // The column where the text of the list item being written starts.
    let mut item: Option<usize> = None;
    for raw in &join_split_links(text) {
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
            section = None;
            item = None;
            continue;
        }
        if in_fence {
            out.push(line);
            continue;
        }
        let indent = (line.len() - trimmed.len()).saturating_sub(common);
        if is_section_header(trimmed) {
            item = None;
            section = Some(Section {
                indent,
                entries: None,
            });
            out.push(markdown_safe(trimmed));
            continue;
        }
        if let Some(s) = &mut section {
            if trimmed.is_empty() || indent <= s.indent {
                section = None;
            } else {
                let entries = *s.entries.get_or_insert(indent);
                out.push(match docstring_entry(trimmed) {
                    Some((name, rest)) if indent <= entries => {
                        format!("- {}{}", code(name), markdown_safe(rest))
                    }
                    _ => format!("  {}", markdown_safe(trimmed)),
                });
                continue;
            }
        }
        // Keep list indentation, but never four spaces: that would start an
        // indented code block, which rustdoc compiles as a doctest.
        let mut indent = indent.min(3);
        if trimmed.is_empty() {
            item = None;
        } else if let Some(marker) = list_marker(trimmed) {
            item = Some(indent + marker);
        } else if let Some(column) = item {
            // A line that continues a list item's text (Markdown's "lazy
            // continuation", or one indented further) is indented as the
            // item's text, as rustdoc and clippy (`doc_lazy_continuation`,
            // `doc_overindented_list_items`) expect. Inside a paragraph,
            // four spaces do not start a code block.
            indent = column;
        }
        out.push(format!("{}{}", " ".repeat(indent), markdown_safe(trimmed)));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// The lines of `text`, where a Markdown link whose text runs onto the next
/// line (`a list of [Search Results with` / `Shared Links](https://…)`) is
/// joined into one line: read a line at a time, its `[` would be escaped as
/// text and its target left a bare URL.
fn join_split_links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push(line.to_owned());
            continue;
        }
        if !in_fence && line.contains("](") {
            if let Some(previous) = out.last_mut() {
                let opens = previous.matches('[').count() > previous.matches(']').count();
                if opens && !previous.trim_start().starts_with("```") {
                    previous.push(' ');
                    previous.push_str(line.trim_start());
                    continue;
                }
            }
        }
        out.push(line.to_owned());
    }
    out
}

/// The width of the list marker `line` starts with (`* `, `- `, `+ `, `1. `,
/// `2) `), if it starts with one.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    match bytes {
        [b'*' | b'-' | b'+', b' ', ..] => Some(2),
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits..digits + 2) {
                Some([b'.' | b')', b' ']) if (1..=9).contains(&digits) => Some(digits + 2),
                _ => None,
            }
        }
    }
}

/// An open section of a Python docstring: the header's indentation, and
/// that of its entries once the first is seen.
struct Section {
    indent: usize,
    entries: Option<usize>,
}

/// The HTML elements publishers use in descriptions, kept as HTML.
const ELEMENTS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "details",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Whether `rest` (after a `<`) starts a tag that is neither an HTML element
/// publishers use in descriptions nor an autolink.
fn opens_unknown_tag(rest: &str) -> bool {
    let name = rest.strip_prefix('/').unwrap_or(rest);
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return rest.starts_with('!');
    }
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    let element = ELEMENTS.contains(&name[..end].to_ascii_lowercase().as_str())
        && name[end..].starts_with(['>', ' ', '/']);
    // `<https://…>` and `<mailto:…>` are autolinks.
    let autolink = name[end..].starts_with(':');
    !element && !autolink
}

/// Where the Markdown link that `rest` starts (from a `[`) ends: after the
/// label of `[text][label]`, or after the `](` of `[text](target)`; `None`
/// when it is no link.
fn link_end(rest: &str) -> Option<usize> {
    let close = rest.find(']')?;
    let after = &rest[close + 1..];
    if after.starts_with('(') {
        Some(close + 2)
    } else if after.starts_with('[') {
        after.find(']').map(|label| close + 1 + label + 1)
    } else {
        None
    }
}

/// `Attributes:`, `Args:`, `Returns:` and the other section headers of
/// Google-style docstrings.
fn is_section_header(line: &str) -> bool {
    const SECTIONS: &[&str] = &[
        "args",
        "arguments",
        "attributes",
        "example",
        "examples",
        "fields",
        "keyword args",
        "keyword arguments",
        "members",
        "note",
        "notes",
        "parameters",
        "params",
        "raises",
        "returns",
        "values",
        "yields",
    ];
    line.strip_suffix(':')
        .is_some_and(|name| SECTIONS.contains(&name.trim().to_ascii_lowercase().as_str()))
}

/// `NAME: text` or `NAME (type): text`, the entry of a docstring section:
/// the name, and the rest from the type or the colon on.
fn docstring_entry(line: &str) -> Option<(&str, &str)> {
    let end = line.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '*')))?;
    let (name, rest) = line.split_at(end);
    let typed = rest.starts_with(" (") && rest.contains("):");
    (!name.is_empty() && (rest.starts_with(':') || typed)).then_some((name, rest))
}

/// A line of the spec's Markdown as rustdoc renders it without warnings:
/// outside code spans, `<` that opens no HTML element (`Vec<String>`) and
/// `[` that opens no link (`[id]`, which rustdoc takes for an intra-doc link)
/// are escaped, and bare URLs become autolinks.
pub fn markdown_safe(line: &str) -> String {
    // `[label]: target`, a link reference definition, is left as it is.
    let definition = line
        .strip_prefix('[')
        .and_then(|l| l.split_once("]:"))
        .is_some_and(|(label, _)| !label.is_empty() && !label.contains(['[', ']']));
    if definition {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // A code span runs to the next run of as many backticks; without
            // one, the backticks are text.
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(close) = rest[ticks..].find(fence) {
                let end = ticks + close + ticks;
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else {
                out.push_str(fence);
                rest = &rest[ticks..];
            }
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
            if out.ends_with('<') || out.ends_with("](") || url.contains(['<', '>']) {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '<' if opens_unknown_tag(&rest[1..]) => out.push_str("\\<"),
            '[' => match link_end(rest) {
                // `[text][label]` whose label no definition gives (those
                // that one does are inline by now): text.
                Some(end) if rest[..end].ends_with(']') => {
                    let (text, label) = rest[..end].split_at(rest[..end].rfind('[').unwrap_or(0));
                    out.push_str(&format!("\\{}\\{}", text, label));
                    rest = &rest[end..];
                    continue;
                }
                // `[text](target)`: the text and the target are read on.
                Some(_) => out.push('['),
                None => out.push_str("\\["),
            },
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
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
    if let Some(f) = &docs.format {
        facts.push(format!("Format: {}.", code(f)));
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
    fn a_link_whose_text_runs_onto_the_next_line_stays_a_link() {
        let text = "returns\na list of [Search Results with\nShared Links](https://example.com/a-b).\nNext [x] line.";
        assert_eq!(
            text_lines(text),
            [
                "returns",
                "a list of [Search Results with Shared Links](https://example.com/a-b).",
                "Next \\[x] line.",
            ]
        );
    }

    #[test]
    fn a_list_item_s_continuation_lines_are_indented_as_its_text() {
        let text = "Scopes:\n* The **global** scope is for templates that are\navailable to any enterprise.\n10. tenth item\nstill the tenth.\n\nAfter the list.";
        assert_eq!(
            text_lines(text),
            [
                "Scopes:",
                "* The **global** scope is for templates that are",
                "  available to any enterprise.",
                "10. tenth item",
                "    still the tenth.",
                "",
                "After the list.",
            ]
        );
    }

    #[test]
    fn code_spans_keep_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(""), "`\"\"`");
    }

    #[test]
    fn indented_text_and_bare_fences_cannot_become_doctests() {
        let lines = text_lines("Intro:\n    indented\n```\nfn x(\n```");
        assert_eq!(lines, ["Intro:", "   indented", "```text", "fn x(", "```"]);
        assert_eq!(text_lines("- a\n  b"), ["- a", "  b"]);
    }

    #[test]
    fn docstring_sections_become_lists() {
        let text = "Enumeration of states\n\nAttributes:\n    ACTIVE: running now\n    \
                    STOPPED: no longer\n        active at all\n\nAfter.";
        assert_eq!(
            text_lines(text),
            [
                "Enumeration of states",
                "",
                "Attributes:",
                "- `ACTIVE`: running now",
                "- `STOPPED`: no longer",
                "  active at all",
                "",
                "After.",
            ]
        );
        assert_eq!(
            text_lines("Args:\n  page_size (int): how many\n  text without a name"),
            [
                "Args:",
                "- `page_size` (int): how many",
                "  text without a name"
            ]
        );
        // Not a section: an ordinary sentence that ends with a colon.
        assert_eq!(text_lines("Use one of:\n  a: b"), ["Use one of:", "  a: b"]);
    }

    #[test]
    fn reference_links_of_a_description_are_inline() {
        assert_eq!(
            text_lines("the [RFC3230][1] digest\n\n[1]: https://x.io/a"),
            ["the [RFC3230](https://x.io/a) digest"]
        );
        assert_eq!(
            text_lines("<div>open\n\n<b>bold</b>"),
            ["\\<div>open", "", "<b>bold</b>"]
        );
    }

    #[test]
    fn markdown_that_rustdoc_would_misread_is_escaped() {
        let table = [
            ("a Vec<String> here", "a Vec\\<String> here"),
            (
                "line<br>break and <b>bold</b>",
                "line<br>break and <b>bold</b>",
            ),
            (
                "see [docs](https://x.io/a) or [id]",
                "see [docs](https://x.io/a) or \\[id]",
            ),
            // A reference link whose definition this line does not have
            // (`text_lines` makes those of the text inline first).
            ("the [RFC3230][1] digest", "the \\[RFC3230]\\[1] digest"),
            ("[1]: https://x.io/a", "[1]: https://x.io/a"),
            ("[a] [b][c]", "\\[a] \\[b]\\[c]"),
            ("go to https://x.io/a.", "go to <https://x.io/a>."),
            ("(https://x.io)", "(<https://x.io>)"),
            ("<https://x.io>", "<https://x.io>"),
            (
                "`Vec<T>` and `[id]` stay code",
                "`Vec<T>` and `[id]` stay code",
            ),
            ("a ``code ` span`` [x]", "a ``code ` span`` \\[x]"),
            ("1 < 2 and a lone ` tick", "1 < 2 and a lone ` tick"),
        ];
        for (text, expected) in table {
            assert_eq!(markdown_safe(text), expected, "{text}");
        }
    }
}
