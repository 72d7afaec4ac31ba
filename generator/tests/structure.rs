//! The generator's structure, held by a test (as rust-lang's `tidy` holds
//! the compiler's): every file and function of `generator/src` stays a size
//! a maintainer can read, and modules import only what comes before them in
//! the pipeline. A room that grows too big fails here the day it grows, and
//! is split while its author still holds it in mind.
//!
//! Measured with syn on each file (the lines of items, not a guess from
//! braces): a file's lines before its `#[cfg(test)]` module, each function's
//! lines from its signature to its closing brace, and every path that names
//! a module of the crate (`use crate::…`, `super::…`, paths in code and in
//! macros other than `quote!`, whose paths are the generated crate's).
//! Test modules (`#[cfg(test)]`) are left out: a test may drive the whole
//! pipeline.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The most lines a file may have before its `#[cfg(test)]` module.
const MAX_FILE_LINES: usize = 800;

/// The most lines a function may have, signature to closing brace.
const MAX_FN_LINES: usize = 150;

/// The phase order: a module may import its own phase's modules and the
/// earlier phases', never a later one's. Every top-level module of the
/// crate has a row (`lib` is `lib.rs`, the crate's root).
const PHASES: &[(&str, usize, &str)] = &[
    ("diag", 0, "leaf utilities: diagnostics"),
    (
        "runtime",
        0,
        "leaf utilities: the generated crate's fixed modules",
    ),
    ("naming", 0, "leaf utilities: naming rules"),
    ("hash", 0, "leaf utilities: hashing"),
    ("load", 1, "load: text → openapiv3, 3.1 → 3.0, references"),
    ("ir", 2, "model: lowering into the crate's model"),
    (
        "surface",
        3,
        "after the model: the API as a Rust user sees it",
    ),
    ("report", 3, "after the model: the change report"),
    ("emit", 4, "emit: model → tokens"),
    ("render", 5, "render: tokens → formatted text"),
    ("output", 6, "output: writing files, the manifest"),
    ("lib", 6, "the crate's root: generate()"),
];

/// Macros whose tokens are the generated crate's code, not the generator's.
const GENERATED_CODE_MACROS: &[&str] = &["quote", "quote_spanned", "format_ident"];

fn phase(top: &str) -> Option<usize> {
    PHASES.iter().find(|(m, ..)| *m == top).map(|(_, p, _)| *p)
}

/// A source file and its module path (`["load", "refs"]`; `[]` for `lib.rs`).
struct Source {
    path: PathBuf,
    module: Vec<String>,
}

/// Every `.rs` file under `root`, sorted, with its module path.
fn sources(root: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable source folder") {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(root).expect("under the root");
            let mut module: Vec<String> = rel
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            let file = module.pop().unwrap_or_default();
            match file.as_str() {
                "mod.rs" | "lib.rs" | "main.rs" => {}
                other => module.push(other.trim_end_matches(".rs").to_owned()),
            }
            Source { path, module }
        })
        .collect()
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string() == "test")
    })
}

/// What one file holds, as the rules measure it.
#[derive(Default)]
struct Measured {
    /// Lines before the `#[cfg(test)]` module (all lines without one).
    code_lines: usize,
    /// Each function: its name, the line it starts on, its lines.
    functions: Vec<(String, usize, usize)>,
    /// Each path naming a module of the crate, as written: its segments
    /// (`["super", "schemas", "merge"]`) and the line it is on.
    paths: Vec<(Vec<String>, usize)>,
}

struct Walker<'m> {
    out: &'m mut Measured,
}

impl Walker<'_> {
    fn function(
        &mut self,
        name: &syn::Ident,
        sig_span: proc_macro2::Span,
        close: proc_macro2::Span,
    ) {
        let start = sig_span.start().line;
        let end = close.end().line;
        self.out
            .functions
            .push((name.to_string(), start, end + 1 - start));
    }

    fn path(&mut self, segments: Vec<String>, line: usize) {
        if matches!(
            segments.first().map(String::as_str),
            Some("crate" | "super" | "self")
        ) {
            self.out.paths.push((segments, line));
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        if !is_cfg_test(&i.attrs) {
            syn::visit::visit_item_mod(self, i);
        }
    }

    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        if is_cfg_test(&i.attrs) {
            return;
        }
        self.function(&i.sig.ident, i.sig.span(), i.block.brace_token.span.close());
        syn::visit::visit_item_fn(self, i);
    }

    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        if is_cfg_test(&i.attrs) {
            return;
        }
        self.function(&i.sig.ident, i.sig.span(), i.block.brace_token.span.close());
        syn::visit::visit_impl_item_fn(self, i);
    }

    fn visit_trait_item_fn(&mut self, i: &'ast syn::TraitItemFn) {
        if let Some(block) = &i.default {
            self.function(&i.sig.ident, i.sig.span(), block.brace_token.span.close());
        }
        syn::visit::visit_trait_item_fn(self, i);
    }

    fn visit_item_use(&mut self, i: &'ast syn::ItemUse) {
        let line = i.span().start().line;
        let mut found = Vec::new();
        use_paths(&i.tree, Vec::new(), &mut found);
        for segments in found {
            self.path(segments, line);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() {
            let segments = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.path(segments, p.span().start().line);
        }
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        if !name.is_some_and(|n| GENERATED_CODE_MACROS.contains(&n.as_str())) {
            for (segments, line) in token_paths(m.tokens.clone()) {
                self.path(segments, line);
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

/// The paths a `use` tree imports, each as its segments (a glob or a group
/// ends the path where it stands).
fn use_paths(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            use_paths(&p.tree, next, out);
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix;
            path.push(n.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix;
            path.push(r.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Glob(_) => out.push(prefix),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                use_paths(item, prefix.clone(), out);
            }
        }
    }
}

/// The paths (`ident :: ident :: …`) in a macro's tokens, at any depth.
fn token_paths(tokens: TokenStream) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Group(g) => {
                out.extend(token_paths(g.stream()));
                i += 1;
            }
            TokenTree::Ident(first) => {
                let line = first.span().start().line;
                let mut segments = vec![first.to_string()];
                let mut j = i + 1;
                while let (
                    Some(TokenTree::Punct(a)),
                    Some(TokenTree::Punct(b)),
                    Some(TokenTree::Ident(next)),
                ) = (trees.get(j), trees.get(j + 1), trees.get(j + 2))
                {
                    if a.as_char() != ':' || b.as_char() != ':' {
                        break;
                    }
                    segments.push(next.to_string());
                    j += 3;
                }
                out.push((segments, line));
                i = j;
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => i += 1,
        }
    }
    out
}

fn measure(path: &Path) -> Result<Measured, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Measured {
        code_lines: text.lines().count(),
        ..Measured::default()
    };
    if let Some(tests) = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if is_cfg_test(&m.attrs) => Some(m),
        _ => None,
    }) {
        let first = tests
            .attrs
            .first()
            .map_or(tests.mod_token.span, |a| a.pound_token.span);
        out.code_lines = first.start().line.saturating_sub(1);
    }
    Walker { out: &mut out }.visit_file(&file);
    Ok(out)
}

/// The module a path names, resolved from the module it is written in
/// (`from`): `crate::`, `self::` and `super::` prefixes, then as many
/// segments as name modules of the crate. `None` for a path that names no
/// module of the crate (a local item, another crate).
fn resolve(
    from: &[String],
    segments: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut base: Vec<String>;
    let mut rest = segments;
    match segments.first().map(String::as_str) {
        Some("crate") => {
            base = Vec::new();
            rest = &segments[1..];
        }
        Some("self") => {
            base = from.to_vec();
            rest = &segments[1..];
        }
        Some("super") => {
            base = from.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    for segment in rest {
        let mut next = base.clone();
        next.push(segment.clone());
        if !modules.contains(&next) {
            break;
        }
        base = next;
    }
    Some(base)
}

/// Every breach of the rules under `root` (a crate's `src`), each naming
/// its file and what to do.
fn check(root: &Path) -> Vec<String> {
    let sources = sources(root);
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut problems = Vec::new();
    // Sibling modules (files of one folder) each imports, for cycles.
    let mut siblings: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for source in &sources {
        // Shown from the crate's folder's parent: `generator/src/load/refs.rs`.
        let base = root.parent().and_then(Path::parent).unwrap_or(root);
        let shown = source.path.strip_prefix(base).unwrap_or(&source.path);
        let shown = shown.display();
        let measured = match measure(&source.path) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("{e}: cannot be parsed"));
                continue;
            }
        };
        if measured.code_lines > MAX_FILE_LINES {
            problems.push(format!(
                "{shown}: {} lines before its #[cfg(test)] module (at most {MAX_FILE_LINES}): split it by concern",
                measured.code_lines
            ));
        }
        for (name, line, lines) in &measured.functions {
            if *lines > MAX_FN_LINES {
                problems.push(format!(
                    "{shown}:{line}: fn {name} is {lines} lines (at most {MAX_FN_LINES}): break it into named steps"
                ));
            }
        }
        let own_top = source.module.first().map_or("lib", String::as_str);
        let Some(own_phase) = phase(own_top) else {
            problems.push(format!(
                "{shown}: the module `{own_top}` has no row in the phase table (PHASES in {}): give it its place in the pipeline",
                file!()
            ));
            continue;
        };
        for (segments, line) in &measured.paths {
            let Some(target) = resolve(&source.module, segments, &modules) else {
                continue;
            };
            let Some(target_top) = target.first() else {
                continue;
            };
            if let Some(target_phase) = phase(target_top) {
                if target_phase > own_phase {
                    problems.push(format!(
                        "{shown}:{line}: `{}` imports `{target_top}`, a later phase than `{own_top}`: move what both need into the earlier phase (or a leaf utility)",
                        segments.join("::")
                    ));
                }
            }
            // An import of a sibling (or something inside one).
            let depth = source.module.len();
            if depth > 0
                && target.len() >= depth
                && target[..depth - 1] == source.module[..depth - 1]
            {
                let sibling = &target[depth - 1];
                if *sibling != source.module[depth - 1] {
                    siblings
                        .entry(source.module[..depth - 1].to_vec())
                        .or_default()
                        .entry(source.module[depth - 1].clone())
                        .or_default()
                        .insert(sibling.clone());
                }
            }
        }
    }
    for (parent, graph) in &siblings {
        for cycle in cycles(graph) {
            let folder = if parent.is_empty() {
                "the crate's root".to_owned()
            } else {
                parent.join("::")
            };
            problems.push(format!(
                "modules of {folder} import each other ({}): one of them should own what both need",
                cycle.join(" → ")
            ));
        }
    }
    problems
}

/// The cycles of a small directed graph, each once, as the path from its
/// smallest module back to it.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        node: &str,
        path: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        for next in graph.get(node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_owned());
                found.push(cycle);
            } else if next.as_str() > start && !path.contains(next) {
                path.push(next.clone());
                walk(graph, start, next, path, found);
                path.pop();
            }
        }
    }
    let mut found = Vec::new();
    for start in graph.keys() {
        walk(graph, start, start, &mut vec![start.clone()], &mut found);
    }
    found
}

#[test]
fn the_generator_keeps_its_structure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = check(&root);
    assert!(
        problems.is_empty(),
        "the generator's structure has {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Writes a small crate tree whose every rule is broken once (and a test
/// module that breaks them without counting).
fn broken_tree(root: &Path) {
    let _ = std::fs::remove_dir_all(root);
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("written");
    };
    write(
        "lib.rs",
        "pub mod diag;\npub mod emit;\npub mod ir;\npub mod load;\npub mod extra;\n",
    );
    write("diag.rs", "pub fn d() {}\n");
    write("extra.rs", "pub fn e() {}\n");
    // A file 801 lines long, then a test module whose lines do not count.
    let mut long_file = String::from("pub fn g() {}\n");
    long_file.push_str(&"// filler\n".repeat(MAX_FILE_LINES));
    long_file.push_str("#[cfg(test)]\nmod tests {\n");
    long_file.push_str(&"    // filler\n".repeat(MAX_FILE_LINES));
    long_file.push_str("}\n");
    write("emit/mod.rs", &long_file);
    // A function of 151 lines, one of 150, and an import of a later phase
    // (in code, and in a macro that is not `quote!`).
    let body = |n: usize| "    let _x = 1;\n".repeat(n - 2);
    let load = format!(
        "use crate::diag;\n\npub fn too_long() {{\n{}}}\n\npub fn just_fits() {{\n{}}}\n\npub fn later() {{\n    crate::emit::g();\n    let _ = format!(\"{{:?}}\", crate::ir::a::f());\n    let _ = quote::quote!(crate::emit::g());\n}}\n",
        body(MAX_FN_LINES + 1),
        body(MAX_FN_LINES)
    );
    write("load/mod.rs", &load);
    // Two sibling modules that import each other, and one that imports them.
    write("ir/mod.rs", "pub mod a;\npub mod b;\npub mod c;\n");
    write("ir/a.rs", "use super::b::g;\npub fn f() { g() }\n");
    write("ir/b.rs", "pub fn g() { super::a::f() }\n");
    write(
        "ir/c.rs",
        "use super::{a, b};\npub fn h() { a::f(); b::g() }\n",
    );
}

/// The negative control: a tree that breaks each rule fails with each named.
#[test]
fn a_tree_that_breaks_the_rules_fails_naming_each() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("structure-control/src");
    broken_tree(&root);
    let problems = check(&root);
    let expected = [
        "structure-control/src/emit/mod.rs: 801 lines before its #[cfg(test)] module",
        "structure-control/src/load/mod.rs:3: fn too_long is 151 lines",
        "structure-control/src/load/mod.rs:307: `crate::emit::g` imports `emit`, a later phase than `load`",
        "structure-control/src/load/mod.rs:308: `crate::ir::a::f` imports `ir`, a later phase than `load`",
        "structure-control/src/extra.rs: the module `extra` has no row in the phase table",
        "modules of ir import each other (a → b → a)",
    ];
    for e in expected {
        assert!(
            problems.iter().any(|p| p.starts_with(e)),
            "expected a problem starting {e:?}; found:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(
        problems.len(),
        expected.len(),
        "only the broken rules are reported (not `just_fits`, the test module, `quote!`'s paths or `ir::c`):\n{}",
        problems.join("\n")
    );
}
