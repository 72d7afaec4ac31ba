//! References to any JSON pointer, in the spec's file or in another file of
//! its folder: the document is rewritten (before the 3.1 → 3.0 rewrite) so
//! that every `$ref` left is the canonical `#/components/<section>/<name>`
//! that lowering follows.
//!
//! | A `$ref` to… | becomes |
//! |---|---|
//! | `#/components/<section>/<name>` of the entry file, where that section belongs | kept as it is (lowering reports a missing one) |
//! | a schema anywhere else (`#/components/responses/R/content/…/schema`, `#/paths/…`, `$defs`, an `$anchor`, another file) | a reference to that schema *hoisted* into `components/schemas`, named after the pointer (`$defs/B` → `B`, a whole file → its stem), one name per target, free of collisions; where the schema is written in the entry file, it is replaced by the same reference |
//! | any other object (path item, parameter, response, …) elsewhere, or with `summary`/`description` beside it | a copy of the object, its own references resolved, the siblings overriding the target's |
//!
//! A component of the entry file that is only a reference to an external
//! schema gives that schema its name. Files are read through [`Sources`],
//! relative to the referring file, never outside the spec's root folder;
//! URLs are never fetched. Everything is found in one walk of each part of
//! each file that is used (`Pass::collect`), then the document is rebuilt
//! once (`Pass::apply`); a document whose references are all canonical is
//! returned as it is. [`Documents`] keeps where each part of the result came
//! from, for diagnostics.
//!
//! This file is the entry point ([`resolve`]) and the state of one pass
//! ([`Pass`]); the steps are beside it: `walk` finds the `$ref`s, `edits`
//! decides what each becomes, `follow` follows one reference to its place
//! (reading files in `read`), `names` names the hoisted schemas, `rebuild`
//! makes the changes, with `copy` for the copies of referenced objects.
//! `kinds` and `pointer` hold the vocabulary they share.

mod copy;
mod documents;
mod edits;
mod follow;
mod kinds;
mod names;
mod pointer;
mod read;
mod rebuild;
mod walk;

pub use documents::Documents;
pub(in crate::load) use pointer::percent_decode;

use super::files::Sources;
use crate::diag::{Diagnostic, Diagnostics};
use kinds::Kind;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// How many values copies of referenced objects may add up to: objects
/// that refer twice to objects that refer twice… grow exponentially.
const MAX_COPIED: usize = 5_000_000;

/// A place in one of the files: the file's index and a JSON pointer in it.
type Target = (usize, String);

/// A change to make at a pointer of a file.
#[derive(Debug, Clone)]
enum Edit {
    /// A schema's `$ref` becomes the canonical reference to its target.
    SchemaRef(Target),
    /// A `$ref` becomes this string.
    SetRef(String),
    /// A `$ref` is replaced by a copy of its target, with these fields over it.
    Inline {
        target: Target,
        overrides: Map<String, Value>,
    },
    /// A discriminator's mapping value becomes the canonical reference.
    Mapping(Target),
    /// A schema `$ref` that does not resolve (reported) becomes `{}`.
    Untyped,
    /// A 3.1 operation without `responses` gets an empty one.
    AddResponses,
    /// A component of the entry file, a reference to a hoisted schema,
    /// becomes the schema itself.
    Fill(Target),
}

struct File {
    value: Rc<Value>,
    /// `$anchor` (and `$id: '#name'`) → pointer, built when first asked.
    anchors: Option<HashMap<String, String>>,
}

/// One resolution of a document: the files read, what the walk found in
/// them, and the names and copies the rebuild makes from it.
struct Pass<'p> {
    docs: &'p mut Documents,
    diags: &'p mut Diagnostics,
    sources: Option<&'p dyn Sources>,
    version31: bool,
    files: Vec<File>,
    by_path: HashMap<String, usize>,
    /// Files that could not be read or parsed, with why.
    failed: HashMap<String, String>,
    /// Absolute `$id`s of schemas → where they are (built when first asked).
    ids: Option<HashMap<String, Target>>,
    edits: Vec<BTreeMap<String, Edit>>,
    /// Schemas to hoist into `components/schemas`.
    hoist: BTreeSet<Target>,
    /// Hoisted schemas an entry component refers to: its name and pointer.
    fills: BTreeMap<Target, (String, String)>,
    walked: HashSet<(Target, Kind)>,
    queue: Vec<(Target, Kind)>,
    reported: HashSet<(usize, String)>,
    names: BTreeMap<Target, String>,
    /// Hoisted schemas' places (each file's pointers) → their names.
    origins: Vec<BTreeMap<String, String>>,
    /// Copies made, with their size in values.
    cache: HashMap<Target, (Value, usize)>,
    /// Values copied so far, against `max_copied` ([`MAX_COPIED`]).
    copied: usize,
    max_copied: usize,
    active: Vec<Target>,
}

/// Resolves every non-canonical `$ref` of `doc` (the entry file's value,
/// `docs.files[0]`), reading further files from `sources`. Problems are
/// errors in `diags`, at the `$ref` they come from; the document is still
/// returned, with each broken schema reference made untyped.
pub fn resolve(
    doc: Value,
    docs: &mut Documents,
    sources: Option<&dyn Sources>,
    version31: bool,
    diags: &mut Diagnostics,
) -> Value {
    resolve_within(doc, docs, sources, version31, diags, MAX_COPIED)
}

fn resolve_within(
    doc: Value,
    docs: &mut Documents,
    sources: Option<&dyn Sources>,
    version31: bool,
    diags: &mut Diagnostics,
    max_copied: usize,
) -> Value {
    let entry = docs
        .files
        .first()
        .map(|f| f.path.clone())
        .unwrap_or_default();
    let mut pass = Pass {
        docs,
        diags,
        sources,
        version31,
        files: vec![File {
            value: Rc::new(doc),
            anchors: None,
        }],
        by_path: HashMap::from([(entry, 0)]),
        failed: HashMap::new(),
        ids: None,
        edits: vec![BTreeMap::new()],
        hoist: BTreeSet::new(),
        fills: BTreeMap::new(),
        walked: HashSet::new(),
        queue: Vec::new(),
        reported: HashSet::new(),
        names: BTreeMap::new(),
        origins: vec![BTreeMap::new()],
        cache: HashMap::new(),
        copied: 0,
        max_copied,
        active: Vec::new(),
    };
    pass.known_files();
    pass.collect();
    pass.finish()
}

impl Pass<'_> {
    /// The files read before the resolution (the other files of a Swagger
    /// 2.0 document that its conversion read): read again from their text.
    fn known_files(&mut self) {
        for (index, f) in self.docs.files.iter().enumerate().skip(1) {
            let value = super::yaml::parse(&f.text).unwrap_or(Value::Null);
            self.files.push(File {
                value: Rc::new(value),
                anchors: None,
            });
            self.edits.push(BTreeMap::new());
            self.origins.push(BTreeMap::new());
            self.by_path.insert(f.path.clone(), index);
        }
    }

    fn edit(&mut self, f: usize, ptr: &str, edit: Edit) {
        self.edits[f].insert(ptr.to_owned(), edit);
    }

    fn error(&mut self, f: usize, ptr: &str, reference: &str, why: String, help: &str) {
        if !self.reported.insert((f, ptr.to_owned())) {
            return;
        }
        let mut d = Diagnostic::error(
            ptr,
            format!("`$ref: {reference}` cannot be resolved: {why}"),
        )
        .with_help(help);
        if f != 0 {
            d.file = self.docs.files[f].display.clone();
        }
        self.diags.push(d);
    }

    fn help_for(&self, why: &str) -> &'static str {
        if why.contains("URLs are not fetched") {
            "fetch it and save it beside the spec, then refer to it by its relative path"
        } else if why.contains("outside the folder") {
            crate::load::files::SPEC_ROOT_HELP
        } else if why.contains("cannot be read") {
            "a file's path is relative to the folder of the file the `$ref` is in"
        } else {
            "fix the reference, or add what it points at"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::kinds::is_schema_place;
    use super::*;
    use crate::load::MemorySources;
    use serde_json::json;

    /// Resolves `doc` (the entry file `openapi.yaml`) with `files` beside it.
    fn run(doc: Value, files: &[(&str, &str)]) -> (Value, Vec<Diagnostic>) {
        let sources = MemorySources {
            files: files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
                .collect(),
        };
        let mut docs = Documents::new("spec/openapi.yaml", "");
        let mut diags = Diagnostics::default();
        let out = resolve(doc, &mut docs, Some(&sources), true, &mut diags);
        (out, diags.finish("spec/openapi.yaml"))
    }

    fn op(schema: Value) -> Value {
        json!({"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": schema}}}}}})
    }

    fn schema_at(doc: &Value, path: &str) -> Value {
        doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            .clone()
    }

    #[test]
    fn canonical_references_are_kept_as_they_are() {
        let doc = json!({"openapi": "3.1.0",
            "paths": {"/a": op(json!({"$ref": "#/components/schemas/Missing"}))},
            "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}});
        let (out, diags) = run(doc.clone(), &[]);
        assert_eq!(out, doc);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_schema_elsewhere_is_hoisted_and_its_place_refers_to_it() {
        let doc = json!({"paths": {
                "/a": op(json!({"$ref": "#/components/responses/Conflict/content/application~1json/schema"})),
                "/b": {"get": {"responses": {"409": {"$ref": "#/components/responses/Conflict"}}}}},
            "components": {"responses": {"Conflict": {"description": "c",
                "content": {"application/json": {"schema": {"type": "object",
                    "properties": {"m": {"type": "string"}}}}}}}}});
        let (out, diags) = run(doc, &[]);
        assert!(diags.is_empty(), "{diags:?}");
        let reference = json!({"$ref": "#/components/schemas/Conflict"});
        assert_eq!(schema_at(&out, "/a"), reference);
        // The shared response keeps its canonical reference; its schema is now the component.
        assert_eq!(
            out["paths"]["/b"]["get"]["responses"]["409"],
            json!({"$ref": "#/components/responses/Conflict"})
        );
        assert_eq!(
            out["components"]["responses"]["Conflict"]["content"]["application/json"]["schema"],
            reference
        );
        assert_eq!(
            out["components"]["schemas"]["Conflict"]["properties"]["m"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn other_objects_elsewhere_are_copied_with_their_overrides() {
        let doc = json!({"paths": {
            "/a": {"get": {"parameters": [{"name": "limit", "in": "query", "description": "d",
                "schema": {"type": "integer"}}], "responses": {}}},
            "/b": {"get": {"parameters": [
                {"$ref": "#/paths/~1a/get/parameters/0"},
                {"$ref": "#/components/parameters/P", "description": "mine"}], "responses": {}}}},
            "components": {"parameters": {"P": {"name": "p", "in": "query", "description": "theirs"}}}});
        let (out, diags) = run(doc.clone(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        let params = &out["paths"]["/b"]["get"]["parameters"];
        assert_eq!(params[0], doc["paths"]["/a"]["get"]["parameters"][0]);
        assert_eq!(
            params[1],
            json!({"name": "p", "in": "query", "description": "mine"})
        );
    }

    #[test]
    fn a_copy_shares_the_schemas_written_in_it() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {
                "409": {"$ref": "#/components/responses/Conflict", "description": "mine"}}}}},
            "components": {"responses": {"Conflict": {"description": "c",
                "content": {"application/json": {"schema": {"type": "object",
                    "properties": {"m": {"type": "string"}}}}}}}}});
        let (out, diags) = run(doc.clone(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        let reference = json!({"$ref": "#/components/schemas/Conflict"});
        let copy = &out["paths"]["/a"]["get"]["responses"]["409"];
        assert_eq!(copy["description"], json!("mine"));
        assert_eq!(copy["content"]["application/json"]["schema"], reference);
        assert_eq!(
            out["components"]["responses"]["Conflict"]["content"]["application/json"]["schema"],
            reference
        );
        // OpenAPI 3.0 ignores what is beside a `$ref`: nothing to copy.
        let mut docs = Documents::new("openapi.yaml", "");
        let mut diags = Diagnostics::default();
        assert_eq!(
            resolve(doc.clone(), &mut docs, None, false, &mut diags),
            doc
        );
    }

    #[test]
    fn one_target_one_name_and_names_do_not_collide() {
        let doc = json!({"paths": {
                "/a": op(json!({"$ref": "#/components/schemas/T/$defs/B"})),
                "/b": op(json!({"type": "array", "items": {"$ref": "#/components/schemas/T/$defs/B"}})),
                "/c": op(json!({"$ref": "#/components/schemas/T/$defs/C"}))},
            "components": {"schemas": {
                "B": {"type": "string"},
                "T": {"$defs": {"B": {"type": "object"}, "C": {"type": "integer"}}}}}});
        let (out, diags) = run(doc, &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            schema_at(&out, "/a"),
            json!({"$ref": "#/components/schemas/B2"})
        );
        assert_eq!(
            schema_at(&out, "/b")["items"],
            json!({"$ref": "#/components/schemas/B2"})
        );
        assert_eq!(
            schema_at(&out, "/c"),
            json!({"$ref": "#/components/schemas/C"})
        );
        assert_eq!(out["components"]["schemas"]["B"], json!({"type": "string"}));
        assert_eq!(
            out["components"]["schemas"]["B2"],
            json!({"type": "object"})
        );
    }

    #[test]
    fn anchors_and_ids_name_schemas() {
        let doc = json!({"paths": {
                "/a": op(json!({"$ref": "#node"})),
                "/b": op(json!({"$ref": "https://example.com/leaf"}))},
            "components": {"schemas": {"T": {"$defs": {
                "Node": {"$anchor": "node", "type": "object"},
                "Leaf": {"$id": "https://example.com/leaf", "type": "object"}}}}}});
        let (out, diags) = run(doc, &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            schema_at(&out, "/a"),
            json!({"$ref": "#/components/schemas/Node"})
        );
        assert_eq!(
            schema_at(&out, "/b"),
            json!({"$ref": "#/components/schemas/Leaf"})
        );
    }

    #[test]
    fn files_refer_to_each_other_in_a_cycle() {
        let doc = json!({"paths": {"/a": {"$ref": "paths/a.yaml"}},
            "components": {"schemas": {"Pet": {"$ref": "schemas/pet.yaml"}}}});
        let files = [
            ("spec/paths/a.yaml", "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../schemas/owner.json'}\n"),
            ("spec/schemas/pet.yaml", "type: object\nproperties:\n  owner: {$ref: owner.json}\n"),
            ("spec/schemas/owner.json", r#"{"type": "object", "properties": {"pets": {"type": "array", "items": {"$ref": "pet.yaml"}}}}"#),
        ];
        // Paths are relative to the entry file's folder: the sources see `paths/a.yaml`.
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.strip_prefix("spec/").unwrap_or(p), *t))
            .collect();
        let (out, diags) = run(doc, &files);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            schema_at(&out, "/a"),
            json!({"$ref": "#/components/schemas/Owner"})
        );
        let schemas = &out["components"]["schemas"];
        // The entry's component that refers to pet.yaml gives it its name.
        assert_eq!(
            schemas["Pet"]["properties"]["owner"],
            json!({"$ref": "#/components/schemas/Owner"})
        );
        assert_eq!(
            schemas["Owner"]["properties"]["pets"]["items"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
    }

    #[test]
    fn files_outside_the_folder_urls_and_missing_files_are_errors() {
        let doc = json!({"paths": {
            "/a": op(json!({"$ref": "../secret.yaml"})),
            "/b": op(json!({"$ref": "https://example.com/x.json"})),
            "/c": op(json!({"$ref": "nope.yaml#/X"})),
            "/d": op(json!({"$ref": "#/components/schemas/T/properties/missing"}))},
            "components": {"schemas": {"T": {"type": "object"}}}});
        let (out, diags) = run(doc, &[("../secret.yaml", "type: string")]);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages[0].contains("outside the folder"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("URLs are not fetched"),
            "{}",
            messages[1]
        );
        assert!(messages[2].contains("spec/nope.yaml"), "{}", messages[2]);
        assert!(messages[3].contains("no `properties`"), "{}", messages[3]);
        assert_eq!(
            diags[0].pointer,
            "/paths/~1a/get/responses/200/content/application~1json/schema"
        );
        // A broken schema reference is left untyped, so lowering goes on.
        assert_eq!(schema_at(&out, "/a"), json!({}));
    }

    #[test]
    fn an_error_in_another_file_names_it() {
        let doc = json!({"paths": {"/a": {"$ref": "paths/a.yaml"}}});
        let (_, diags) = run(
            doc,
            &[(
                "paths/a.yaml",
                "get:\n  parameters:\n    - $ref: '#/nothing'\n",
            )],
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].file, "spec/paths/a.yaml");
        assert_eq!(diags[0].pointer, "/get/parameters/0");
    }

    #[test]
    fn objects_that_contain_themselves_are_an_error_not_a_hang() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {},
            "callbacks": {"c": {"{$url}": {"$ref": "#/paths/~1a"}}}}}}});
        let (_, diags) = run(doc, &[]);
        assert!(
            diags.iter().any(|d| d.message.contains("contains itself")),
            "{diags:?}"
        );
    }

    #[test]
    fn copies_that_grow_exponentially_stop() {
        // Each path item's operation has two callbacks to the next one: 2^40 copies.
        let mut paths = Map::new();
        for i in 0..40 {
            let next = format!("#/paths/~1p{}", i + 1);
            paths.insert(
                format!("/p{i}"),
                json!({"get": {"responses": {}, "callbacks": {
                    "a": {"{$url}": {"$ref": next}}, "b": {"{$url}": {"$ref": next}}}}}),
            );
        }
        paths.insert("/p40".to_owned(), json!({"get": {"responses": {}}}));
        let mut docs = Documents::new("openapi.yaml", "");
        let mut diags = Diagnostics::default();
        let doc = json!({ "paths": paths });
        resolve_within(doc, &mut docs, None, true, &mut diags, 100_000);
        let diags = diags.finish("openapi.yaml");
        assert!(
            diags.iter().any(|d| d.message.contains("more than")),
            "{diags:?}"
        );
    }

    #[test]
    fn a_schema_reference_to_what_is_not_a_schema_leaves_it_in_place() {
        let doc = json!({"paths": {"/a": op(json!({"$ref": "#/components"}))},
            "components": {"schemas": {"A": {"type": "string"}}}});
        let (out, _) = run(doc, &[]);
        assert_eq!(out["components"]["schemas"]["A"], json!({"type": "string"}));
        assert!(is_schema_place(
            "/components/responses/R/content/a~1json/schema"
        ));
        assert!(is_schema_place("/components/schemas/T/$defs/B"));
        assert!(is_schema_place("/x/allOf/0"));
        assert!(!is_schema_place("/paths/~1a"));
        assert!(!is_schema_place(""));
    }

    #[test]
    fn an_operation_without_responses_gets_none_in_3_1() {
        let doc = json!({"paths": {"/a": {"post": {"operationId": "ping"}}}});
        let (out, _) = run(doc, &[]);
        assert_eq!(out["paths"]["/a"]["post"]["responses"], json!({}));
    }

    #[test]
    fn a_pointer_of_the_result_leads_back_to_its_file() {
        let doc = json!({"paths": {"/a": {"$ref": "paths/a.yaml"}}});
        let sources = MemorySources {
            files: [(
                "paths/a.yaml".to_owned(),
                "get:\n  responses: {}\n".to_owned(),
            )]
            .into(),
        };
        let mut docs = Documents::new("spec/openapi.yaml", "");
        let mut diags = Diagnostics::default();
        resolve(doc, &mut docs, Some(&sources), true, &mut diags);
        assert_eq!(
            docs.origin("/paths/~1a/get/responses"),
            (1, "/get/responses".to_owned())
        );
        assert_eq!(docs.files[1].display, "spec/paths/a.yaml");
        assert_eq!(docs.origin("/info"), (0, "/info".to_owned()));
    }

    #[test]
    fn an_operation_in_another_file_is_copied_in_with_its_references() {
        let doc = json!({"openapi": "3.1.0", "paths": {"/a": {
            "get": {"$ref": "ops/a.yaml#/getA", "summary": "Here"}}}});
        let (out, diags) = run(
            doc,
            &[
                ("ops/a.yaml", "getA:\n  operationId: getA\n  summary: There\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../schemas/a.yaml'}\n"),
                ("schemas/a.yaml", "type: object\nproperties:\n  id: {type: string}\n"),
            ],
        );
        assert!(diags.is_empty(), "{diags:?}");
        let op = &out["paths"]["/a"]["get"];
        assert_eq!(op["operationId"], "getA");
        // 3.1: the `summary` beside the `$ref` overrides the target's.
        assert_eq!(op["summary"], "Here");
        assert_eq!(
            schema_at(&out, "/a"),
            json!({"$ref": "#/components/schemas/A"})
        );
        assert_eq!(
            out["components"]["schemas"]["A"]["properties"]["id"]["type"],
            "string"
        );
    }
}
