//! Where JSON pointers are in the spec's text, as lines and columns, so that
//! a diagnostic can say `spec.yaml:12:7`. JSON is walked exactly; YAML in
//! block style (what publishers ship) is walked by indentation. When a
//! pointer goes where the text cannot follow (flow style, or a node the 3.1
//! normalisation made), the deepest position found is given.
//!
//! All pointers are found in one walk of the text: they are gathered into a
//! tree of their tokens, and the walk goes down only into the elements that
//! some pointer names, passing over the rest. The time is that of reading
//! the text once plus the length of the pointers, however many there are.

use std::collections::HashMap;

/// The line and column of each of a set of JSON pointers in a spec's text.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    by_pointer: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Finds every one of `pointers` in `text`, in one walk of the text.
    pub fn find<'a>(text: &str, pointers: impl IntoIterator<Item = &'a str>) -> Self {
        let mut tree = Tree::default();
        let leaves: Vec<(&str, usize)> = pointers
            .into_iter()
            .map(|pointer| (pointer, tree.insert(pointer)))
            .collect();
        let found = if text.trim_start().starts_with('{') {
            json::walk(text, &tree)
        } else {
            yaml::walk(text, &tree)
        };
        // Nodes come after their parent: one pass gives each the position
        // of its deepest ancestor found (itself included).
        let mut deepest: Vec<(usize, usize)> = Vec::with_capacity(tree.nodes.len());
        for (id, node) in tree.nodes.iter().enumerate() {
            let inherited = node.parent.map_or((1, 1), |p| deepest[p]);
            deepest.push(found.get(id).copied().flatten().unwrap_or(inherited));
        }
        Positions {
            by_pointer: leaves
                .into_iter()
                .map(|(pointer, leaf)| (pointer.to_owned(), deepest[leaf]))
                .collect(),
        }
    }

    /// 1-based line and column of the element at `pointer`, or of its
    /// deepest ancestor found in the text; `None` for a pointer that was
    /// not asked for.
    pub fn get(&self, pointer: &str) -> Option<(usize, usize)> {
        self.by_pointer.get(pointer).copied()
    }
}

/// 1-based line and column of the element at `pointer`, or of its deepest
/// ancestor found in `text`. For many pointers, [`Positions::find`] reads
/// the text once for all of them.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    Positions::find(text, [pointer]).get(pointer)
}

/// The pointers' tokens as a tree: node 0 is the document's root.
#[derive(Debug)]
struct Tree {
    nodes: Vec<Node>,
}

#[derive(Debug, Default)]
struct Node {
    parent: Option<usize>,
    /// Children by token (unescaped: `/` and `~`, not `~1` and `~0`).
    children: HashMap<String, usize>,
    /// The children whose token reads as an array index, by index.
    indices: HashMap<usize, Vec<usize>>,
    /// The longest child token, in bytes.
    longest: usize,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node::default()],
        }
    }
}

impl Tree {
    /// Adds a pointer's tokens; returns the node of its last token.
    fn insert(&mut self, pointer: &str) -> usize {
        let mut at = 0;
        for raw in pointer.split('/').skip(1) {
            let token = crate::diag::unescape_token(raw);
            if let Some(&child) = self.nodes[at].children.get(&token) {
                at = child;
                continue;
            }
            let child = self.nodes.len();
            self.nodes.push(Node {
                parent: Some(at),
                ..Node::default()
            });
            let node = &mut self.nodes[at];
            node.longest = node.longest.max(token.len());
            if let Ok(index) = token.parse::<usize>() {
                node.indices.entry(index).or_default().push(child);
            }
            node.children.insert(token, child);
            at = child;
        }
        at
    }
}

mod json {
    use super::Tree;
    use std::borrow::Cow;

    struct Cursor<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl<'a> Cursor<'a> {
        fn ws(&mut self) {
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
        }

        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        /// Passes over a string; `false` if none starts here or it does
        /// not end. (Loops over bytes are plain loops: see `yaml::Lines`.)
        fn pass_string(&mut self) -> bool {
            let bytes = self.bytes;
            let mut pos = self.pos;
            if bytes.get(pos) != Some(&b'"') {
                return false;
            }
            pos += 1;
            while pos < bytes.len() {
                match bytes[pos] {
                    b'\\' => pos += 2,
                    b'"' => {
                        self.pos = pos + 1;
                        return true;
                    }
                    _ => pos += 1,
                }
            }
            self.pos = pos;
            false
        }

        /// Reads a string: its text between the quotes, escapes resolved;
        /// `None` if it is not a valid JSON string (the cursor still moves
        /// past it).
        fn string(&mut self) -> Option<Cow<'a, str>> {
            let start = self.pos;
            if !self.pass_string() {
                return None;
            }
            let bytes: &'a [u8] = self.bytes;
            let raw = bytes.get(start..self.pos)?;
            let inner = raw.get(1..raw.len() - 1)?;
            if !inner.iter().any(|&b| b == b'\\' || b < 0x20) {
                return std::str::from_utf8(inner).ok().map(Into::into);
            }
            let raw = std::str::from_utf8(raw).ok()?;
            serde_json::from_str::<String>(raw).ok().map(Into::into)
        }

        /// Passes over one value.
        fn skip(&mut self) {
            self.ws();
            match self.peek() {
                None => {}
                Some(b'"') => {
                    self.pass_string();
                }
                Some(b'{' | b'[') => {
                    let bytes = self.bytes;
                    let mut depth = 0usize;
                    while self.pos < bytes.len() {
                        match bytes[self.pos] {
                            b'"' => {
                                if !self.pass_string() {
                                    return;
                                }
                                continue;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    self.pos += 1;
                                    return;
                                }
                            }
                            _ => {}
                        }
                        self.pos += 1;
                    }
                }
                Some(_) => {
                    while let Some(b) = self.peek() {
                        if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                            break;
                        }
                        self.pos += 1;
                    }
                }
            }
        }
    }

    /// Line and column of each node of `tree` found in `text`.
    pub fn walk(text: &str, tree: &Tree) -> Vec<Option<(usize, usize)>> {
        let mut c = Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        };
        let mut offsets = vec![None; tree.nodes.len()];
        c.ws();
        offsets[0] = Some(c.pos);
        value(&mut c, tree, &[0], &mut offsets);
        line_cols(text, &offsets)
    }

    /// Passes over the value at the cursor, recording where the children
    /// of `nodes` are in it (several nodes when tokens such as `1` and `01`
    /// name the same array item).
    fn value(c: &mut Cursor<'_>, tree: &Tree, nodes: &[usize], offsets: &mut [Option<usize>]) {
        c.ws();
        let start = c.pos;
        let complete = match c.peek() {
            Some(b'{') if nodes.iter().any(|&n| !tree.nodes[n].children.is_empty()) => {
                object(c, tree, nodes, offsets)
            }
            Some(b'[') if nodes.iter().any(|&n| !tree.nodes[n].indices.is_empty()) => {
                array(c, tree, nodes, offsets)
            }
            _ => {
                c.skip();
                true
            }
        };
        if !complete {
            // Not JSON after all (flow-style YAML): nothing further is
            // found in this value; pass over it as a value not searched.
            c.pos = start;
            c.skip();
        }
    }

    /// Reads an object to its end; `false` where it is not JSON.
    fn object(
        c: &mut Cursor<'_>,
        tree: &Tree,
        nodes: &[usize],
        offsets: &mut [Option<usize>],
    ) -> bool {
        c.pos += 1;
        let mut next: Vec<usize> = Vec::new();
        loop {
            c.ws();
            if c.peek() == Some(b'}') {
                c.pos += 1;
                return true;
            }
            let key_pos = c.pos;
            let key = c.string();
            c.ws();
            if c.peek() != Some(b':') {
                return false;
            }
            c.pos += 1;
            next.clear();
            if let Some(key) = key {
                for &n in nodes {
                    match tree.nodes[n].children.get(key.as_ref()) {
                        // A key repeated: the first one is the one found.
                        Some(&child) if offsets[child].is_none() => {
                            offsets[child] = Some(key_pos);
                            next.push(child);
                        }
                        _ => {}
                    }
                }
            }
            if next.is_empty() {
                c.skip();
            } else {
                value(c, tree, &next, offsets);
            }
            c.ws();
            if c.peek() == Some(b',') {
                c.pos += 1;
            }
        }
    }

    /// Reads an array to its end; `false` where it is not JSON.
    fn array(
        c: &mut Cursor<'_>,
        tree: &Tree,
        nodes: &[usize],
        offsets: &mut [Option<usize>],
    ) -> bool {
        c.pos += 1;
        let mut next: Vec<usize> = Vec::new();
        let mut index = 0usize;
        loop {
            c.ws();
            // An item is where its predecessor's comma leads, even to `]`.
            next.clear();
            for &n in nodes {
                for &child in tree.nodes[n].indices.get(&index).into_iter().flatten() {
                    offsets[child] = Some(c.pos);
                    next.push(child);
                }
            }
            if c.peek() == Some(b']') {
                c.pos += 1;
                return true;
            }
            if next.is_empty() {
                c.skip();
            } else {
                value(c, tree, &next, offsets);
            }
            c.ws();
            match c.peek() {
                Some(b',') => {
                    c.pos += 1;
                    index += 1;
                }
                Some(b']') => {
                    c.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    /// Byte offsets as 1-based lines and columns (in characters), in one
    /// pass over the text.
    fn line_cols(text: &str, offsets: &[Option<usize>]) -> Vec<Option<(usize, usize)>> {
        let mut order: Vec<(usize, usize)> = offsets
            .iter()
            .enumerate()
            .filter_map(|(node, offset)| offset.map(|o| (o, node)))
            .collect();
        order.sort_unstable();
        let bytes = text.as_bytes();
        let mut out = vec![None; offsets.len()];
        let (mut at, mut line, mut column) = (0, 1, 1);
        for (offset, node) in order {
            let offset = offset.min(bytes.len());
            while at < offset {
                let b = bytes[at];
                if b == b'\n' {
                    line += 1;
                    column = 1;
                } else if b & 0xC0 != 0x80 {
                    column += 1;
                }
                at += 1;
            }
            out[node] = Some((line, column));
        }
        out
    }
}

mod yaml {
    use super::Tree;
    use std::borrow::Cow;
    use std::collections::HashMap;

    /// The text's lines, with what the walk asks of them.
    struct Lines<'a> {
        text: Vec<&'a str>,
        /// Leading spaces.
        indent: Vec<usize>,
        /// Starts with `-` after its indentation.
        dash: Vec<bool>,
        /// The first content line at or after each line (`len` if none).
        next_content: Vec<usize>,
        /// For a content line, the next content line indented no deeper
        /// (`len` if none): its next sibling, or where its block ends.
        next_shallower: Vec<usize>,
    }

    impl<'a> Lines<'a> {
        /// One pass over the bytes, written as plain loops: the `cargo
        /// xtask` profile does not optimise the generator, and iterator
        /// chains over every byte of a large document cost ten times more
        /// there.
        fn new(text: &'a str) -> Self {
            let bytes = text.as_bytes();
            let mut lines = Lines {
                text: Vec::new(),
                indent: Vec::new(),
                dash: Vec::new(),
                next_content: Vec::new(),
                next_shallower: Vec::new(),
            };
            let mut content: Vec<bool> = Vec::new();
            let mut start = 0;
            while start < bytes.len() {
                // Lines as `str::lines` cuts them: at `\n`, and without a
                // `\r` before it.
                let mut end = start;
                while end < bytes.len() && bytes[end] != b'\n' {
                    end += 1;
                }
                let next = end + 1;
                if end < bytes.len() && end > start && bytes[end - 1] == b'\r' {
                    end -= 1;
                }
                let line = text.get(start..end).unwrap_or("");
                let mut i = start;
                while i < end && bytes[i] == b' ' {
                    i += 1;
                }
                lines.indent.push(i - start);
                while i < end && matches!(bytes[i], b' ' | b'\t' | 0x0b | 0x0c | b'\r') {
                    i += 1;
                }
                let (is_content, dash) = match bytes.get(i) {
                    _ if i == end => (false, false),
                    Some(&b) if b < 0x80 => (b != b'#', b == b'-'),
                    // Whitespace beyond ASCII is whitespace too.
                    _ => {
                        let t = line.trim_start();
                        (!t.is_empty() && !t.starts_with('#'), t.starts_with('-'))
                    }
                };
                content.push(is_content);
                lines.dash.push(dash);
                lines.text.push(line);
                start = next;
            }
            let n = lines.text.len();
            lines.next_content = vec![n; n + 1];
            let mut i = n;
            while i > 0 {
                i -= 1;
                lines.next_content[i] = if content[i] {
                    i
                } else {
                    lines.next_content[i + 1]
                };
            }
            lines.next_shallower = vec![n; n];
            let mut open: Vec<usize> = Vec::new();
            for (i, &is_content) in content.iter().enumerate() {
                if !is_content {
                    continue;
                }
                while let Some(&top) = open.last() {
                    if lines.indent[top] < lines.indent[i] {
                        break;
                    }
                    lines.next_shallower[top] = i;
                    open.pop();
                }
                open.push(i);
            }
            lines
        }

        fn next_content(&self, from: usize) -> usize {
            self.next_content
                .get(from)
                .copied()
                .unwrap_or(self.text.len())
        }

        /// The first content line in `[from, end)` indented less than
        /// `depth`, or as much unless it is an item of a sequence that sits
        /// at its key's indentation (`dash_continues`); `end` if none.
        fn block_end(&self, from: usize, end: usize, depth: usize, dash_continues: bool) -> usize {
            let mut i = self.next_content(from);
            while i < end {
                let ind = self.indent[i];
                if ind < depth || (ind == depth && !(dash_continues && self.dash[i])) {
                    return i;
                }
                // Lines between `i` and its next shallower line are deeper.
                i = self.next_shallower[i];
            }
            end
        }
    }

    /// The lines that hold a node's children: `[start, end)`, indented
    /// deeper than `parent`. A sequence item's content starts on its `- `
    /// line, at column `inline.1` of line `inline.0`.
    #[derive(Clone, Copy)]
    struct Block {
        start: usize,
        end: usize,
        parent: isize,
        inline: Option<(usize, usize)>,
    }

    /// Line and column of each node of `tree` found in `text`.
    pub fn walk(text: &str, tree: &Tree) -> Vec<Option<(usize, usize)>> {
        let lines = Lines::new(text);
        let mut found = vec![None; tree.nodes.len()];
        let whole = Block {
            start: 0,
            end: lines.text.len(),
            parent: -1,
            inline: None,
        };
        let mut pending = vec![(0, whole)];
        while let Some((node, block)) = pending.pop() {
            children(&lines, tree, node, block, &mut found, &mut pending);
        }
        found
    }

    /// Finds the children of `node` in its `block`, records their
    /// positions and queues those with children of their own.
    fn children(
        lines: &Lines<'_>,
        tree: &Tree,
        node: usize,
        block: Block,
        found: &mut [Option<(usize, usize)>],
        pending: &mut Vec<(usize, Block)>,
    ) {
        let wanted = &tree.nodes[node];
        if wanted.children.is_empty() {
            return;
        }
        let first = lines.next_content(block.start);
        let child_indent = match block.inline {
            Some((_, column)) => column,
            None if first < block.end => lines.indent[first],
            None => return,
        };
        if child_indent as isize <= block.parent {
            return;
        }
        // One pass over the lines at the children's indentation: the items
        // of a sequence, and the first line of each wanted key.
        let mut items: Vec<usize> = Vec::new();
        let mut keyed: HashMap<usize, usize> = HashMap::new();
        let mut i = first;
        while i < block.end {
            let (content, next) = if Some(i) == block.inline.map(|(l, _)| l) {
                (
                    Some(lines.text[i].get(child_indent..).unwrap_or("")),
                    lines.next_content(i + 1),
                )
            } else if lines.indent[i] == child_indent {
                (
                    Some(lines.text[i].trim_start_matches(' ')),
                    lines.next_shallower[i],
                )
            } else if lines.indent[i] > child_indent {
                (None, lines.next_shallower[i])
            } else {
                (None, lines.next_content(i + 1))
            };
            if let Some(content) = content {
                if content.starts_with("- ") || content == "-" {
                    items.push(i);
                }
                for key in keys(content, 2 * wanted.longest + 2) {
                    if let Some(&child) = wanted.children.get(key.as_ref()) {
                        keyed.entry(child).or_insert(i);
                    }
                }
            }
            i = next;
        }
        for (token, &child) in &wanted.children {
            let hit = match token.parse::<usize>() {
                Ok(n) if !items.is_empty() => items.get(n).map(|&line| (line, true)),
                _ => keyed.get(&child).map(|&line| (line, false)),
            };
            let Some((line, item)) = hit else {
                continue;
            };
            found[child] = Some((line + 1, child_indent + 1));
            if tree.nodes[child].children.is_empty() {
                continue;
            }
            let start = line + 1;
            // A sequence may sit at its key's own indentation (`key:` then `- a`).
            let next = lines.next_content(start);
            let indentless =
                !item && next < block.end && lines.indent[next] == child_indent && lines.dash[next];
            let end = lines.block_end(start, block.end, child_indent, indentless);
            let parent = child_indent as isize - isize::from(indentless);
            pending.push((
                child,
                if item {
                    // The item's own content is on this line, after `- `.
                    Block {
                        start: line,
                        end,
                        parent,
                        inline: Some((line, child_indent + 2)),
                    }
                } else {
                    Block {
                        start,
                        end,
                        parent,
                        inline: None,
                    }
                },
            ));
        }
    }

    /// The keys a line (without its indentation) may start with: the text
    /// before a `:` that ends the line or is followed by a space, plain or
    /// between quotes. Keys longer than `longest` bytes are not looked at.
    fn keys(content: &str, longest: usize) -> impl Iterator<Item = Cow<'_, str>> {
        content
            .match_indices(':')
            .map(|(at, _)| at)
            .take_while(move |&at| at <= longest)
            .filter(move |&at| {
                content[at + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
            })
            .flat_map(move |at| {
                let before = &content[..at];
                let quoted = |q: char| {
                    (before.len() >= 2 && before.starts_with(q) && before.ends_with(q))
                        .then(|| &before[1..before.len() - 1])
                };
                let single = quoted('\'').and_then(|inner| {
                    let key = inner.replace("''", "'");
                    (key.replace('\'', "''") == inner).then_some(key.into())
                });
                let double = quoted('"').map(Into::into);
                [Some(before.into()), single, double].into_iter().flatten()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::{locate, Positions};

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
    fn many_at_once_as_one_at_a_time() {
        let json = "{\"a\": [{\"b\": 1}, {\"b\": [2, 3]}], \"a\": {\"c\": 4}, \"d~/\": {}}";
        for text in [YAML, json] {
            let pointers = [
                "/paths/~1sessions/post/responses/201/description",
                "/paths/~1sessions/post/responses/404",
                "/paths/~1sessions/get",
                "/components/schemas/A/required/0",
                "/components/schemas/A/required/01",
                "/components/schemas/A/properties/x/type",
                "/a/1/b/1",
                "/a/01/b",
                "/a/0",
                "/a/c",
                "/d~0~1",
                "/nothing/at/all",
            ];
            let all = Positions::find(text, pointers);
            for p in pointers {
                assert_eq!(all.get(p), locate(text, p), "{p} in {text}");
            }
        }
        assert_eq!(locate(json, "/a/01/b"), Some((1, 19)));
        assert_eq!(locate(json, "/a/1/b/1"), Some((1, 28)));
        assert_eq!(locate(json, "/d~0~1"), Some((1, 49)));
        assert_eq!(Positions::find(json, ["/a"]).get("/b"), None);
    }

    #[test]
    fn json() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"x\": [1, {\"y\": 2}]}}\n  }\n}";
        assert_eq!(locate(text, "/paths/~1a/get"), Some((3, 12)));
        assert_eq!(locate(text, "/paths/~1a/get/x/1/y"), Some((3, 30)));
        assert_eq!(locate(text, "/paths/~1b"), Some((2, 3)));
    }
}
