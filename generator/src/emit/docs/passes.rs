//! Passes over a whole description before it is cut into lines: what
//! Markdown reads across lines, which a line at a time cannot see. Link
//! reference definitions (`[ref]: https://…`) and the HTML elements a
//! description opens and closes on different lines.

use super::ELEMENTS;
use std::collections::BTreeMap;

/// Elements without content, never closed.
const VOID: &[&str] = &["br", "hr", "img"];

/// The byte ranges of `line` outside its code spans (a run of backticks to
/// the next run of as many; without one, the backticks are text).
fn outside_code(line: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(offset) = line[i..].find('`') {
        let open = i + offset;
        let ticks = line[open..].len() - line[open..].trim_start_matches('`').len();
        let fence = &line[open..open + ticks];
        match line[open + ticks..].find(fence) {
            Some(close) => {
                ranges.push((start, open));
                i = open + ticks + close + ticks;
                start = i;
            }
            None => i = open + ticks,
        }
    }
    ranges.push((start, line.len()));
    ranges
}

/// Whether a line opens or closes a fenced code block.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// A link reference definition, `[label]: target "title"`: its label
/// (normalised) and target.
fn definition(line: &str) -> Option<(String, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line[indent..].strip_prefix('[')?;
    let (label, after) = rest.split_once("]:")?;
    // `[^note]: …` defines a footnote, not a link.
    if label.trim().is_empty() || label.contains(['[', ']']) || label.starts_with('^') {
        return None;
    }
    let target = after.split_whitespace().next()?;
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(target);
    Some((normalise(label), target.to_owned()))
}

/// A label as Markdown matches it: case and runs of white space ignored.
fn normalise(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reference-style links made inline: `[text][label]`, `[label][]` and
/// `[label]` whose label a definition in the text gives become
/// `[text](target)`, and the definitions are dropped. A line then keeps its
/// links wherever it goes (an error's description is joined into one
/// line), and rustdoc never reads a label as an intra-doc link.
pub(super) fn inline_reference_links(text: &str) -> String {
    let mut definitions = BTreeMap::new();
    let mut in_fence = false;
    for line in text.lines() {
        if is_fence(line) {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some((label, target)) = definition(line) {
                definitions.entry(label).or_insert(target);
            }
        }
    }
    if definitions.is_empty() {
        return text.to_owned();
    }
    let mut out = Vec::new();
    in_fence = false;
    for line in text.lines() {
        if is_fence(line) {
            in_fence = !in_fence;
            out.push(line.to_owned());
        } else if in_fence {
            out.push(line.to_owned());
        } else if definition(line).is_none() {
            out.push(inline_line(line, &definitions));
        }
    }
    out.join("\n")
}

/// One line's reference links made inline (outside its code spans).
fn inline_line(line: &str, definitions: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for (start, end) in outside_code(line) {
        out.push_str(&line[copied..start]);
        let part = &line[start..end];
        let mut i = 0;
        while let Some(offset) = part[i..].find('[') {
            let open = i + offset;
            out.push_str(&part[i..open]);
            let Some(close) = part[open + 1..].find(']').map(|c| open + 1 + c) else {
                i = open;
                break;
            };
            let text = &part[open + 1..close];
            let after = &part[close + 1..];
            // `[text][label]`, `[label][]`, or `[label]` alone.
            let (label, end_of_link) = match after.strip_prefix('[') {
                Some(rest) => match rest.find(']') {
                    Some(l) if !rest[..l].contains('[') => {
                        let label = if rest[..l].trim().is_empty() {
                            text
                        } else {
                            &rest[..l]
                        };
                        (label, close + 1 + 1 + l + 1)
                    }
                    _ => (text, close + 1),
                },
                None if after.starts_with(['(', ':']) => ("", close + 1),
                None => (text, close + 1),
            };
            match definitions
                .get(&normalise(label))
                .filter(|_| !label.is_empty())
            {
                Some(target) => {
                    out.push_str(&format!("[{text}]({target})"));
                    i = end_of_link;
                }
                None => {
                    out.push('[');
                    i = open + 1;
                }
            }
        }
        out.push_str(&part[i..]);
        copied = end;
    }
    out.push_str(&line[copied..]);
    out
}

/// A tag of an element the docs keep (`<b>`, `</b>`), found in a line.
struct Tag {
    line: usize,
    at: usize,
    name: String,
    close: bool,
}

/// The tags of kept, non-void elements in a line, outside code spans.
fn tags(index: usize, line: &str, out: &mut Vec<Tag>) {
    for (start, end) in outside_code(line) {
        let part = &line[start..end];
        for (offset, _) in part.match_indices('<') {
            let rest = &part[offset + 1..];
            let (close, name) = match rest.strip_prefix('/') {
                Some(n) => (true, n),
                None => (false, rest),
            };
            let len = name
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(name.len());
            let element = name[..len].to_ascii_lowercase();
            let Some(gt) = name[len..].find('>') else {
                continue;
            };
            let self_closing = name[len..len + gt].ends_with('/');
            if ELEMENTS.contains(&element.as_str())
                && !VOID.contains(&element.as_str())
                && !self_closing
                && (name[len..].starts_with(['>', ' ']))
            {
                out.push(Tag {
                    line: index,
                    at: start + offset,
                    name: element,
                    close,
                });
            }
        }
    }
}

/// HTML elements that a description opens without closing, or closes
/// without opening, escaped (`\<div`): rustdoc refuses them
/// (`rustdoc::invalid_html_tags`). Balanced elements, and void ones
/// (`<br>`), are kept as HTML.
pub(super) fn escape_unbalanced_html(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
        if is_fence(line) {
            in_fence = !in_fence;
        } else if !in_fence {
            tags(i, line, &mut found);
        }
    }
    // Each close matches the latest open of its element; what is left over
    // on either side is unbalanced. (Linear: a search of the open tags
    // happens only when one matches, and drains what it passes over.)
    let mut open: Vec<&Tag> = Vec::new();
    let mut open_count: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unbalanced: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut mark = |t: &Tag| unbalanced.entry(t.line).or_default().push(t.at);
    for tag in &found {
        let name = tag.name.as_str();
        if !tag.close {
            *open_count.entry(name).or_default() += 1;
            open.push(tag);
            continue;
        }
        if open_count.get(name).copied().unwrap_or(0) == 0 {
            mark(tag);
            continue;
        }
        let k = open.iter().rposition(|o| o.name == name).unwrap_or(0);
        // The match, then the elements opened inside it and left open.
        for (n, o) in open.drain(k..).enumerate() {
            if let Some(c) = open_count.get_mut(o.name.as_str()) {
                *c = c.saturating_sub(1);
            }
            if n > 0 {
                mark(o);
            }
        }
    }
    for o in open {
        mark(o);
    }
    if unbalanced.is_empty() {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut at = unbalanced.remove(&i).unwrap_or_default();
        at.sort_unstable();
        let mut escaped = String::with_capacity(line.len() + at.len());
        let mut copied = 0;
        for a in at {
            escaped.push_str(&line[copied..a]);
            escaped.push('\\');
            copied = a;
        }
        escaped.push_str(&line[copied..]);
        out.push(escaped);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_links_are_made_inline() {
        let text = "A [reference link][ref], [Ref][] and [ref], [undefined][x], `[ref]` and [inline](https://a.example).\n\n[ref]: https://example.com \"Title\"\n[^note]: A footnote.";
        assert_eq!(
            inline_reference_links(text),
            "A [reference link](https://example.com), [Ref](https://example.com) and [ref](https://example.com), [undefined][x], `[ref]` and [inline](https://a.example).\n\n[^note]: A footnote."
        );
        // Without definitions, nothing changes.
        assert_eq!(inline_reference_links("[a][b]"), "[a][b]");
    }

    #[test]
    fn unbalanced_html_is_escaped_and_balanced_html_kept() {
        assert_eq!(
            escape_unbalanced_html("<b>bold</b>, <br>, <div class=\"x\">open, </i> and `<div>`"),
            "<b>bold</b>, <br>, \\<div class=\"x\">open, \\</i> and `<div>`"
        );
        // Opened on one line, closed on another: kept.
        assert_eq!(
            escape_unbalanced_html("<table>\n<tr><td>1</td></tr>\n</table>"),
            "<table>\n<tr><td>1</td></tr>\n</table>"
        );
        // Left open inside a closed element.
        assert_eq!(
            escape_unbalanced_html("<div><p>text</div>"),
            "<div>\\<p>text</div>"
        );
    }
}
