use super::*;
use serde_json::json;

fn overlay(text: &str) -> Overlay {
    Overlay {
        path: "openapi.overlay.yaml".into(),
        display: "spec/openapi.overlay.yaml".into(),
        text: text.into(),
    }
}

fn doc() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "x", "tags": ["one"], "responses": {}}},
            "/b": {"get": {"operationId": "y", "responses": {}}, "post": {"operationId": "x2"}}
        },
        "components": {"schemas": {"Error": {"type": "object", "properties": {"code": {"type": "integer"}}}}}
    })
}

/// A warning: its pointer, line and column, and message.
type Warning = (String, Option<(usize, usize)>, String);

/// The document after the overlay, and the warnings.
fn run(text: &str) -> (Value, Vec<Warning>) {
    let mut d = doc();
    let mut diags = Diagnostics::default();
    apply(&mut d, &overlay(text), &mut diags).unwrap();
    let warnings = diags
        .finish("spec/openapi.yaml")
        .into_iter()
        .map(|w| {
            assert_eq!(w.file, "spec/openapi.overlay.yaml");
            (w.pointer, w.line_col, w.message)
        })
        .collect();
    (d, warnings)
}

/// The error for a bad overlay: its pointer and message.
fn refused(text: &str) -> (String, String) {
    let mut d = doc();
    let mut diags = Diagnostics::default();
    let e = apply(&mut d, &overlay(text), &mut diags).unwrap_err();
    assert_eq!(e.file, "spec/openapi.overlay.yaml", "{e}");
    assert!(e.line_col.is_some(), "{e}");
    assert_eq!(d, doc(), "a refused overlay changes nothing");
    (e.pointer, e.message)
}

const HEAD: &str = "overlay: 1.1.0\ninfo: {title: fixes, version: '1'}\nactions:\n";

#[test]
fn updates_removes_and_filters() {
    // A filter selects children: `$.paths.*[?...]` the operations of every
    // path item with that `operationId` (`$.paths.*.*[?...]` would select the
    // operations' own members).
    let (d, warnings) = run(&format!(
        "{HEAD}  - target: $.info\n    update: {{title: Better, x-note: added}}\n  - target: \"$.paths.*[?@.operationId == 'x']\"\n    update:\n      tags: [two]\n      summary: Found by a filter\n  - target: $.paths['/b'].post\n    remove: true\n"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        d["info"],
        json!({"title": "Better", "version": "1", "x-note": "added"})
    );
    assert_eq!(d["paths"]["/a"]["get"]["tags"], json!(["one", "two"]));
    assert_eq!(d["paths"]["/a"]["get"]["summary"], "Found by a filter");
    assert!(d["paths"]["/b"]["get"].get("summary").is_none());
    assert!(d["paths"]["/b"].get("post").is_none());
}

#[test]
fn removes_every_selected_item_of_an_array() {
    let (d, _) = run(&format!(
        "{HEAD}  - target: $.paths['/a'].get.tags\n    update: two\n  - target: $.paths['/a'].get.tags\n    update: three\n  - target: \"$.paths['/a'].get.tags[?@ != 'two']\"\n    remove: true\n"
    ));
    assert_eq!(d["paths"]["/a"]["get"]["tags"], json!(["two"]));
}

#[test]
fn copies_one_node_into_each_target() {
    let (d, warnings) = run(&format!(
        "{HEAD}  - target: $.paths.*.get.responses\n    copy: $.components.schemas.Error\n"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    for path in ["/a", "/b"] {
        assert_eq!(
            d["paths"][path]["get"]["responses"],
            doc()["components"]["schemas"]["Error"]
        );
    }
    // `update` outdoes `copy`; `remove` outdoes both.
    let (d, _) = run(&format!(
        "{HEAD}  - target: $.info\n    update: {{x-a: 1}}\n    copy: $.paths\n  - target: $.components\n    remove: true\n    update: {{x-b: 1}}\n"
    ));
    assert_eq!(d["info"]["x-a"], 1);
    assert!(d["info"].get("/a").is_none());
    assert!(d.get("components").is_none());
}

#[test]
fn what_an_action_cannot_do_is_a_warning_at_its_line() {
    let (d, warnings) = run(&format!(
        "{HEAD}  - target: $.paths['/gone']\n    update: {{summary: s}}\n  - target: $.paths.*.get.responses\n    copy: $.paths.*\n  - target: $.info\n    update: [1]\n  - target: $.info\n    update: {{title: {{nested: true}}}}\n  - target: $\n    remove: true\n  - target: $.info\n    description: nothing to do\n"
    ));
    let at: Vec<(&str, Option<(usize, usize)>)> =
        warnings.iter().map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        at,
        [
            ("/actions/0/target", Some((4, 5))),
            ("/actions/1/copy", Some((7, 5))),
            ("/actions/2/update", Some((9, 5))),
            ("/actions/3/update", Some((11, 5))),
            ("/actions/4/target", Some((12, 5))),
            ("/actions/5", Some((14, 3))),
        ],
        "{warnings:#?}"
    );
    assert!(
        warnings[0].2.contains("`$.paths['/gone']` selects nothing"),
        "{}",
        warnings[0].2
    );
    assert!(
        warnings[1].2.contains("selects 2 nodes"),
        "{}",
        warnings[1].2
    );
    assert!(
        warnings[3].2.contains("replaces `/info/title`"),
        "{}",
        warnings[3].2
    );
    // The incompatible nested value is replaced; the rest changed nothing.
    assert_eq!(d["info"]["title"], json!({"nested": true}));
    assert_eq!(d["paths"], doc()["paths"]);
}

#[test]
fn a_bad_overlay_is_an_error_at_its_pointer() {
    let cases: &[(&str, &str, &str)] = &[
        ("- a list\n", "", "not an object"),
        ("info: {title: t, version: '1'}\nactions: []\n", "", "no `overlay` version"),
        ("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "/overlay", "Overlay version 2.0.0"),
        ("overlay: 1.0.0\nactions: []\n", "", "no `info`"),
        ("overlay: 1.0.0\ninfo: {title: t}\nactions: []\n", "/info", "no `version`"),
        ("overlay: 1.0.0\ninfo: {title: 5, version: '1'}\nactions: []\n", "/info/title", "must be a string"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: [x]\nactions: []\n", "/extends", "must be a string"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\n", "", "no `actions`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "/actions", "empty"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: {a: 1}\n", "/actions", "must be a list"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - 5\n", "/actions/0", "must be an object"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - update: {}\n", "/actions/0", "no `target`"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    remove: true\n  - target: paths.x\n    remove: true\n", "/actions/1/target", "not a JSONPath"),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    remove: 'yes'\n", "/actions/0/remove", "`true` or `false`"),
        ("overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    copy: '$['\n", "/actions/0/copy", "not a JSONPath"),
    ];
    for (text, pointer, message) in cases {
        let (at, said) = refused(text);
        assert_eq!(&at, pointer, "{text}: {said}");
        assert!(said.contains(message), "{text}: {said}");
    }
    // Not YAML at all: the parser's line, in the overlay's file.
    let (_, said) = refused("overlay: [\n");
    assert!(said.contains("the overlay is not valid YAML"), "{said}");
}

#[test]
fn paths_of_overlays_are_relative_to_the_spec_folder() {
    let dir = std::env::temp_dir().join(format!("overlay-paths-{}", std::process::id()));
    let spec_dir = dir.join("spec");
    std::fs::create_dir_all(&spec_dir).unwrap();
    let spec = spec_dir.join("openapi.json");
    std::fs::write(&spec, "{}").unwrap();
    std::fs::write(spec_dir.join("openapi.overlay.yaml"), "a").unwrap();
    std::fs::write(spec_dir.join("openapi.overlay.json"), "b").unwrap();
    std::fs::write(dir.join("mine.yaml"), "c").unwrap();
    let found = Overlay::beside(&spec, "spec/openapi.json").unwrap();
    let shown: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|o| (o.path.as_str(), o.display.as_str(), o.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("openapi.overlay.yaml", "spec/openapi.overlay.yaml", "a"),
            ("openapi.overlay.json", "spec/openapi.overlay.json", "b"),
        ]
    );
    let mine = Overlay::read(&dir.join("mine.yaml"), "mine.yaml", &spec).unwrap();
    assert_eq!(mine.path, "../mine.yaml");
    assert!(Overlay::read(&dir.join("absent.yaml"), "absent.yaml", &spec).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
