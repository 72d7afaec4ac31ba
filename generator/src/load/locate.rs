//! Where a JSON pointer is in the spec's text, as a line and column, so that
//! a diagnostic can say `spec.yaml:12:7`. JSON is walked exactly; YAML in
//! block style (what publishers ship) is walked by indentation. When the
//! pointer goes where the text cannot follow (flow style, or a node the 3.1
//! normalisation made), the deepest position found is returned.

/// 1-based line and column of the element at `pointer`, or of its deepest
/// ancestor found in `text`.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    if text.trim_start().starts_with('{') {
        json::locate(text, &tokens)
    } else {
        yaml::locate(text, &tokens)
    }
}

mod json {
    struct Cursor<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl Cursor<'_> {
        fn ws(&mut self) {
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        fn string(&mut self) -> Option<String> {
            if self.peek() != Some(b'"') {
                return None;
            }
            let start = self.pos;
            self.pos += 1;
            while let Some(b) = self.peek() {
                self.pos += 1;
                match b {
                    b'\\' => self.pos += 1,
                    b'"' => {
                        let raw = std::str::from_utf8(self.bytes.get(start..self.pos)?).ok()?;
                        return serde_json::from_str(raw).ok();
                    }
                    _ => {}
                }
            }
            None
        }

        /// Skips one value.
        fn skip(&mut self) -> Option<()> {
            self.ws();
            match self.peek()? {
                b'"' => self.string().map(|_| ()),
                b'{' | b'[' => {
                    let mut depth = 0usize;
                    loop {
                        match self.peek()? {
                            b'"' => {
                                self.string()?;
                                continue;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    self.pos += 1;
                                    return Some(());
                                }
                            }
                            _ => {}
                        }
                        self.pos += 1;
                    }
                }
                _ => {
                    while let Some(b) = self.peek() {
                        if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                            break;
                        }
                        self.pos += 1;
                    }
                    Some(())
                }
            }
        }
    }

    fn line_col(text: &str, pos: usize) -> (usize, usize) {
        let before = &text[..pos.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    pub fn locate(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
        let mut c = Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        };
        c.ws();
        let mut found = c.pos;
        'tokens: for token in tokens {
            c.ws();
            match c.peek() {
                Some(b'{') => {
                    c.pos += 1;
                    loop {
                        c.ws();
                        if c.peek() == Some(b'}') {
                            break 'tokens;
                        }
                        let key_pos = c.pos;
                        let key = c.string();
                        c.ws();
                        if c.peek() != Some(b':') {
                            break 'tokens;
                        }
                        c.pos += 1;
                        if key.as_deref() == Some(token.as_str()) {
                            found = key_pos;
                            continue 'tokens;
                        }
                        c.skip();
                        c.ws();
                        if c.peek() == Some(b',') {
                            c.pos += 1;
                        }
                    }
                }
                Some(b'[') => {
                    let Ok(index) = token.parse::<usize>() else {
                        break;
                    };
                    c.pos += 1;
                    for _ in 0..index {
                        c.skip();
                        c.ws();
                        if c.peek() != Some(b',') {
                            break 'tokens;
                        }
                        c.pos += 1;
                    }
                    c.ws();
                    found = c.pos;
                }
                _ => break,
            }
        }
        Some(line_col(text, found))
    }
}

mod yaml {
    fn indent(line: &str) -> usize {
        line.len() - line.trim_start_matches(' ').len()
    }

    fn is_content(line: &str) -> bool {
        let t = line.trim();
        !t.is_empty() && !t.starts_with('#')
    }

    /// Whether `content` (a line without its indentation) starts with the key.
    fn key_matches(content: &str, key: &str) -> bool {
        [
            format!("{key}:"),
            format!("'{}':", key.replace('\'', "''")),
            format!("\"{key}\":"),
        ]
        .iter()
        .any(|k| {
            content.starts_with(k.as_str())
                && content[k.len()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
    }

    pub fn locate(text: &str, tokens: &[String]) -> Option<(usize, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        // The block being searched: lines [start, end) deeper than `parent`.
        let (mut start, mut end) = (0, lines.len());
        let mut parent: isize = -1;
        let mut found: Option<(usize, usize)> = None;
        // A sequence item's content starts on its `- ` line, two columns in.
        let mut inline_from: Option<(usize, usize)> = None;
        for token in tokens {
            let children: Vec<usize> = (start..end).filter(|&i| is_content(lines[i])).collect();
            let child_indent = match (inline_from, children.first()) {
                (Some((_, col)), _) => col,
                (None, Some(&i)) => indent(lines[i]),
                (None, None) => break,
            };
            if child_indent as isize <= parent {
                break;
            }
            let at_level = |i: usize| {
                let ind = indent(lines[i]);
                if Some(i) == inline_from.map(|(l, _)| l) {
                    Some(lines[i].get(child_indent..).unwrap_or(""))
                } else if ind == child_indent {
                    Some(lines[i].trim_start_matches(' '))
                } else {
                    None
                }
            };
            let hit = if let (Ok(n), true) = (
                token.parse::<usize>(),
                children
                    .iter()
                    .any(|&i| at_level(i).is_some_and(|c| c.starts_with("- ") || c == "-")),
            ) {
                children
                    .iter()
                    .copied()
                    .filter(|&i| at_level(i).is_some_and(|c| c.starts_with("- ") || c == "-"))
                    .nth(n)
                    .map(|i| (i, true))
            } else {
                children
                    .iter()
                    .copied()
                    .find(|&i| at_level(i).is_some_and(|c| key_matches(c, token)))
                    .map(|i| (i, false))
            };
            let Some((line, item)) = hit else {
                break;
            };
            found = Some((line + 1, child_indent + 1));
            parent = child_indent as isize;
            start = line + 1;
            // A sequence may sit at its key's own indentation (`key:` then `- a`).
            let first = (start..end).find(|&i| is_content(lines[i]));
            let indentless = !item
                && first.is_some_and(|i| {
                    indent(lines[i]) == child_indent && lines[i].trim_start().starts_with('-')
                });
            end = (start..end)
                .find(|&i| {
                    let ind = indent(lines[i]) as isize;
                    is_content(lines[i])
                        && (ind < parent
                            || (ind == parent
                                && !(indentless && lines[i].trim_start().starts_with('-'))))
                })
                .unwrap_or(end);
            if indentless {
                parent -= 1;
            }
            inline_from = None;
            if item {
                // The item's own content is on this line, after `- `.
                start = line;
                inline_from = Some((line, child_indent + 2));
            }
        }
        found.or(Some((1, 1)))
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /sessions:\n    post:\n      responses:\n        '201':\n          description: ok\n        '404':\n          description: no\ncomponents:\n  schemas:\n    A:\n      required:\n      - x\n      - y\n      properties:\n        x: {type: string}\n";

    #[test]
    fn yaml_block_style() {
        assert_eq!(
            locate(YAML, "/paths/~1sessions/post/responses/404"),
            Some((8, 9))
        );
        assert_eq!(
            locate(YAML, "/paths/~1sessions/post/responses/404/description"),
            Some((9, 11))
        );
        assert_eq!(
            locate(YAML, "/components/schemas/A/required/1"),
            Some((15, 7))
        );
        assert_eq!(
            locate(YAML, "/components/schemas/A/properties/x"),
            Some((17, 9))
        );
        // Deeper than the text goes: the deepest ancestor.
        assert_eq!(
            locate(YAML, "/components/schemas/A/properties/x/allOf/0"),
            Some((17, 9))
        );
        assert_eq!(locate(YAML, "/nothing"), Some((1, 1)));
    }

    #[test]
    fn a_bare_dash_item() {
        let text = "a:\n  -\n    b: 1\n";
        assert_eq!(locate(text, "/a/0/b/c"), Some((3, 5)));
    }

    #[test]
    fn json() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"x\": [1, {\"y\": 2}]}}\n  }\n}";
        assert_eq!(locate(text, "/paths/~1a/get"), Some((3, 12)));
        assert_eq!(locate(text, "/paths/~1a/get/x/1/y"), Some((3, 30)));
        assert_eq!(locate(text, "/paths/~1b"), Some((2, 3)));
    }
}
