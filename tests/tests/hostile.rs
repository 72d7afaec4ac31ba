//! Spec text is data, never code: `tests/fixtures/hostile.yaml` puts Rust
//! syntax, comment terminators, quotes, brackets, control and bidi
//! characters, non-ASCII and thousands of characters into every name and
//! description. The crate it produces compiles (see `compile.rs`) and holds
//! no item the spec did not describe.

use std::collections::BTreeSet;
use std::path::Path;

fn items(file: &syn::File) -> BTreeSet<String> {
    fn walk(items: &[syn::Item], out: &mut BTreeSet<String>) {
        for item in items {
            match item {
                syn::Item::Fn(f) => {
                    out.insert(f.sig.ident.to_string());
                }
                syn::Item::Struct(s) => {
                    out.insert(s.ident.to_string());
                }
                syn::Item::Enum(e) => {
                    out.insert(e.ident.to_string());
                }
                syn::Item::Mod(m) => {
                    out.insert(m.ident.to_string());
                    if let Some((_, inner)) = &m.content {
                        walk(inner, out);
                    }
                }
                // `impl Drop` (the fake server's, in `doubles.rs`) has the
                // trait's one method, `drop`, which no text can name.
                syn::Item::Impl(i)
                    if i.trait_.as_ref().is_some_and(|(t, _)| t.is_ident("Drop")) => {}
                syn::Item::Impl(i) => {
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it {
                            out.insert(f.sig.ident.to_string());
                        }
                    }
                }
                syn::Item::Static(s) => {
                    out.insert(s.ident.to_string());
                }
                syn::Item::Const(c) => {
                    out.insert(c.ident.to_string());
                }
                syn::Item::Type(t) => {
                    out.insert(t.ident.to_string());
                }
                // The runtime's one macro, defined in `unknown.rs` and called
                // once per string enum with the enum's and its catch-all's
                // names (which are then items like any other).
                syn::Item::Macro(m)
                    if m.mac.path.is_ident("macro_rules")
                        && m.ident.as_ref().is_some_and(|i| i == "string_enum") => {}
                syn::Item::Macro(m)
                    if m.mac.path.segments.iter().map(|s| s.ident.to_string()).eq([
                        "crate",
                        "unknown",
                        "string_enum",
                    ]) =>
                {
                    let args = m
                        .mac
                        .parse_body_with(
                            syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated,
                        )
                        .map_or_else(
                            |_| vec!["unexpected item: macro arguments".to_owned()],
                            |args| args.iter().map(ToString::to_string).collect(),
                        );
                    out.extend(args);
                }
                // A call's state (`call.rs`): one struct or enum per
                // invocation, whose items count like any other.
                syn::Item::Macro(m)
                    if m.mac
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .eq(["pin_project_lite", "pin_project"]) =>
                {
                    match m.mac.parse_body::<syn::Item>() {
                        Ok(inner) => walk(std::slice::from_ref(&inner), out),
                        Err(_) => {
                            out.insert("unexpected item: macro body".to_owned());
                        }
                    }
                }
                syn::Item::Macro(_) | syn::Item::ExternCrate(_) | syn::Item::ForeignMod(_) => {
                    out.insert(format!("unexpected item: {}", quote_item(item)));
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&file.items, &mut out);
    out
}

fn quote_item(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Macro(_) => "macro",
        syn::Item::ExternCrate(_) => "extern crate",
        _ => "foreign block",
    }
}

#[test]
fn hostile_text_stays_text() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let generated = generator::generate(&generator::Input {
        sources: None,
        text: &text,
        spec_display: "tests/fixtures/hostile.yaml",
        package_name: Some("hostile-client"),
        select: Vec::new(),
        overlays: &[],
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut all = BTreeSet::new();
    for (path, content) in &generated.files {
        if !path.ends_with(".rs") {
            continue;
        }
        let file: syn::File = syn::parse_file(content).unwrap_or_else(|e| panic!("{path}: {e}"));
        all.extend(items(&file));
    }
    for injected in [
        "injected",
        "Injected",
        "evil",
        "doctest_that_must_not_run",
        "main",
        "x",
        "drop",
    ] {
        assert!(
            !all.contains(injected),
            "`{injected}` became an item: {all:?}"
        );
    }
    assert!(all.iter().all(|i| !i.starts_with("unexpected")), "{all:?}");
    // The one schema and the one operation are there, under safe names.
    assert!(all.contains("Self_"), "{all:?}");
    assert!(generated.api.operations.len() == 1);
    // Identifiers are ASCII; the 5,000-character description is kept as text.
    assert!(all.iter().all(|i| i.is_ascii()), "{all:?}");
    assert!(generated.files["src/types.rs"].contains(&"x".repeat(5000)));
}
