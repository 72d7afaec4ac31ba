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
//! relative to the referring file, never outside the entry file's folder;
//! URLs are never fetched. Everything is found in one walk of each part of
//! each file that is used (`Pass::collect`), then the document is rebuilt
//! once (`Pass::apply`); a document whose references are all canonical is
//! returned as it is. [`Documents`] keeps where each part of the result came
//! from, for diagnostics.

use super::files::{self, Sources, SpecFile};
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics};
use crate::naming;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::rc::Rc;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_SINGLES: [&str; 12] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];
/// How many references one resolution may follow (a cycle of references
/// without an object in between ends here).
const MAX_HOPS: usize = 64;
/// How many values copies of referenced objects may add up to: objects
/// that refer twice to objects that refer twice… grow exponentially.
const MAX_COPIED: usize = 5_000_000;

/// The kinds of object a `$ref` can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    PathItem,
    Parameter,
    Header,
    RequestBody,
    Response,
    Example,
    Link,
    Callback,
    Schema,
}

impl Kind {
    fn section(self) -> &'static str {
        match self {
            Kind::PathItem => "pathItems",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::Schema => "schemas",
        }
    }

    /// Whether a canonical `$ref` to this kind is kept (lowering follows
    /// it, or ignores the object); path items are always copied.
    fn keeps_canonical(self) -> bool {
        self != Kind::PathItem
    }

    /// The fields a `$ref`'s siblings may override (OpenAPI 3.1).
    fn overridable(self) -> &'static [&'static str] {
        match self {
            Kind::PathItem | Kind::Example => &["summary", "description"],
            Kind::Schema => &[],
            _ => &["description"],
        }
    }
}

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

/// The spec's files, and where each part of the document that loading
/// produced came from: for diagnostics and the manifest.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// The entry file first, then the others in the order they were read.
    pub files: Vec<SpecFile>,
    /// A place of the result (file, pointer) that is a copy of another.
    jumps: HashMap<Target, Target>,
}

impl Documents {
    /// The entry file alone, shown as `display` (its path as the user names it).
    pub fn new(display: &str, text: &str) -> Self {
        let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
        Documents {
            files: vec![SpecFile {
                path: if name.is_empty() { "openapi" } else { name }.to_owned(),
                display: display.to_owned(),
                text: text.to_owned(),
            }],
            jumps: HashMap::new(),
        }
    }

    /// The file and the pointer in it that a pointer of the loaded document
    /// came from.
    pub fn origin(&self, pointer: &str) -> (usize, String) {
        let mut at: Target = (0, String::new());
        if self.jumps.is_empty() {
            return (0, pointer.to_owned());
        }
        for raw in pointer.split('/').skip(1) {
            at.1.push('/');
            at.1.push_str(raw);
            if let Some(to) = self.jumps.get(&at) {
                at = to.clone();
            }
        }
        at
    }

    /// The index of the file shown as `display`.
    pub fn index_of(&self, display: &str) -> Option<usize> {
        self.files.iter().position(|f| f.display == display)
    }

    /// The files' paths (relative to the entry's folder) and SHA-256: the
    /// entry first (with `entry_sha256`, computed once by the caller), then
    /// the others sorted by path.
    pub fn hashes(&self, entry_sha256: &str) -> Vec<(String, String)> {
        let mut rest: Vec<(String, String)> = self
            .files
            .iter()
            .skip(1)
            .map(|f| (f.path.clone(), crate::hash::sha256_hex(f.text.as_bytes())))
            .collect();
        rest.sort();
        self.files
            .first()
            .map(|f| (f.path.clone(), entry_sha256.to_owned()))
            .into_iter()
            .chain(rest)
            .collect()
    }

    fn display_of(&self, path: &str) -> String {
        let entry = self.files.first().map_or("", |f| f.display.as_str());
        match entry.rfind(['/', '\\']) {
            Some(i) => format!("{}/{path}", &entry[..i]),
            None => path.to_owned(),
        }
    }
}

struct File {
    value: Rc<Value>,
    /// `$anchor` (and `$id: '#name'`) → pointer, built when first asked.
    anchors: Option<HashMap<String, String>>,
}

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
    pass.collect();
    pass.finish()
}

/// `token` appended to a JSON pointer, escaped; returns the length before.
fn push(ptr: &mut String, token: &str) -> usize {
    let len = ptr.len();
    ptr.push('/');
    for c in token.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            c => ptr.push(c),
        }
    }
    len
}

fn push_index(ptr: &mut String, i: usize) -> usize {
    let len = ptr.len();
    let _ = write!(ptr, "/{i}");
    len
}

fn escape(token: &str) -> String {
    let mut s = String::new();
    push(&mut s, token);
    s.split_off(1)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn ref_of(v: &Value) -> Option<&str> {
    v.as_object()?.get("$ref")?.as_str()
}

/// `#/components/{section}/{name}`, one token, as written in the entry file.
fn is_canonical(reference: &str, section: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|r| r.strip_prefix(section))
        .and_then(|r| r.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// A reference with a scheme (`https://…`, `urn:…`), not a relative path.
fn is_url(reference: &str) -> bool {
    match reference.find(':') {
        Some(i) => {
            i > 1
                && !reference[..i].contains('/')
                && reference[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `%7B` → `{`, in a reference's path or fragment (RFC 3986).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A mapping value that names a schema by reference, not by bare name.
fn looks_like_ref(s: &str) -> bool {
    s.contains('#')
        || s.contains('/')
        || s.ends_with(".yaml")
        || s.ends_with(".yml")
        || s.ends_with(".json")
}

fn child<'v>(node: &'v Value, token: &str) -> Option<&'v Value> {
    match node {
        Value::Object(o) => o.get(token),
        Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    }
}

impl Pass<'_> {
    // ----- Finding what to change -----

    fn collect(&mut self) {
        let root = self.files[0].value.clone();
        let mut ptr = String::new();
        self.document(0, &root, &mut ptr);
        while let Some((target, kind)) = self.queue.pop() {
            if !self.walked.insert((target.clone(), kind)) {
                continue;
            }
            let value = self.files[target.0].value.clone();
            let Some(node) = value.pointer(&target.1) else {
                continue;
            };
            let mut ptr = target.1.clone();
            self.object(kind, target.0, node, &mut ptr, false);
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

    fn document(&mut self, f: usize, v: &Value, ptr: &mut String) {
        let Some(o) = v.as_object() else { return };
        for key in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = o.get(key) {
                let a = push(ptr, key);
                for (name, item) in items {
                    let b = push(ptr, name);
                    self.object(Kind::PathItem, f, item, ptr, false);
                    ptr.truncate(b);
                }
                ptr.truncate(a);
            }
        }
        let Some(Value::Object(components)) = o.get("components") else {
            return;
        };
        let a = push(ptr, "components");
        for kind in [
            Kind::Schema,
            Kind::Parameter,
            Kind::Header,
            Kind::RequestBody,
            Kind::Response,
            Kind::Example,
            Kind::Link,
            Kind::Callback,
            Kind::PathItem,
        ] {
            let Some(Value::Object(items)) = components.get(kind.section()) else {
                continue;
            };
            let b = push(ptr, kind.section());
            for (name, item) in items {
                let c = push(ptr, name);
                if kind == Kind::Schema {
                    self.schema_component(f, name, item, ptr);
                } else {
                    self.object(kind, f, item, ptr, true);
                }
                ptr.truncate(c);
            }
            ptr.truncate(b);
        }
        ptr.truncate(a);
    }

    /// An object of `kind` at `ptr`; `definition` when it is a component of
    /// its section (a reference there is always copied).
    fn object(&mut self, kind: Kind, f: usize, v: &Value, ptr: &mut String, definition: bool) {
        if kind == Kind::Schema {
            return self.schema(f, v, ptr);
        }
        if let Some(reference) = ref_of(v) {
            return self.object_ref(kind, f, v, reference, ptr, definition);
        }
        let Some(o) = v.as_object() else { return };
        match kind {
            Kind::PathItem => {
                self.list(Kind::Parameter, f, o.get("parameters"), "parameters", ptr);
                for method in METHODS {
                    if let Some(op) = o.get(method) {
                        let a = push(ptr, method);
                        self.operation(f, op, ptr);
                        ptr.truncate(a);
                    }
                }
            }
            Kind::Parameter | Kind::Header => {
                self.single(Kind::Schema, f, o.get("schema"), "schema", ptr);
                self.content(f, o.get("content"), ptr);
                self.map(Kind::Example, f, o.get("examples"), "examples", ptr);
            }
            Kind::RequestBody => self.content(f, o.get("content"), ptr),
            Kind::Response => {
                self.map(Kind::Header, f, o.get("headers"), "headers", ptr);
                self.content(f, o.get("content"), ptr);
                self.map(Kind::Link, f, o.get("links"), "links", ptr);
            }
            Kind::Callback => {
                for (expression, item) in o {
                    let a = push(ptr, expression);
                    self.object(Kind::PathItem, f, item, ptr, false);
                    ptr.truncate(a);
                }
            }
            Kind::Example | Kind::Link | Kind::Schema => {}
        }
    }

    fn operation(&mut self, f: usize, op: &Value, ptr: &mut String) {
        let Some(o) = op.as_object() else { return };
        self.list(Kind::Parameter, f, o.get("parameters"), "parameters", ptr);
        self.single(
            Kind::RequestBody,
            f,
            o.get("requestBody"),
            "requestBody",
            ptr,
        );
        self.map(Kind::Response, f, o.get("responses"), "responses", ptr);
        self.map(Kind::Callback, f, o.get("callbacks"), "callbacks", ptr);
        if self.version31 && !o.contains_key("responses") {
            // Optional since 3.1: lowering then says it documents no response.
            self.edit(f, ptr, Edit::AddResponses);
        }
    }

    fn content(&mut self, f: usize, content: Option<&Value>, ptr: &mut String) {
        let Some(Value::Object(content)) = content else {
            return;
        };
        let a = push(ptr, "content");
        for (media, m) in content {
            let b = push(ptr, media);
            if let Some(m) = m.as_object() {
                self.single(Kind::Schema, f, m.get("schema"), "schema", ptr);
                self.map(Kind::Example, f, m.get("examples"), "examples", ptr);
                if let Some(Value::Object(encodings)) = m.get("encoding") {
                    let c = push(ptr, "encoding");
                    for (name, e) in encodings {
                        let d = push(ptr, name);
                        self.map(Kind::Header, f, e.get("headers"), "headers", ptr);
                        ptr.truncate(d);
                    }
                    ptr.truncate(c);
                }
            }
            ptr.truncate(b);
        }
        ptr.truncate(a);
    }

    fn single(&mut self, kind: Kind, f: usize, v: Option<&Value>, key: &str, ptr: &mut String) {
        if let Some(v) = v {
            let a = push(ptr, key);
            self.object(kind, f, v, ptr, false);
            ptr.truncate(a);
        }
    }

    fn map(&mut self, kind: Kind, f: usize, v: Option<&Value>, key: &str, ptr: &mut String) {
        if let Some(Value::Object(items)) = v {
            let a = push(ptr, key);
            for (name, item) in items {
                let b = push(ptr, name);
                self.object(kind, f, item, ptr, false);
                ptr.truncate(b);
            }
            ptr.truncate(a);
        }
    }

    fn list(&mut self, kind: Kind, f: usize, v: Option<&Value>, key: &str, ptr: &mut String) {
        if let Some(Value::Array(items)) = v {
            let a = push(ptr, key);
            for (i, item) in items.iter().enumerate() {
                let b = push_index(ptr, i);
                self.object(kind, f, item, ptr, false);
                ptr.truncate(b);
            }
            ptr.truncate(a);
        }
    }

    fn object_ref(
        &mut self,
        kind: Kind,
        f: usize,
        v: &Value,
        reference: &str,
        ptr: &str,
        definition: bool,
    ) {
        // Beside a `$ref`, 3.0 ignores every keyword; 3.1 lets `summary`
        // and `description` override the target's.
        let siblings: Map<String, Value> = kind
            .overridable()
            .iter()
            .filter(|_| self.version31)
            .filter_map(|k| Some(((*k).to_owned(), v.get(*k)?.clone())))
            .collect();
        if f == 0
            && !definition
            && siblings.is_empty()
            && kind.keeps_canonical()
            && is_canonical(reference, kind.section())
        {
            // Lowering follows it, and reports it if it is missing.
            return;
        }
        let (target, mut overrides) = match self.resolve(f, reference, kind) {
            Ok(found) => found,
            Err(why) => {
                let help = self.help_for(&why);
                return self.error(f, ptr, reference, why, help);
            }
        };
        for (k, v) in siblings {
            overrides.insert(k, v);
        }
        let canonical = target.0 == 0 && {
            let tokens: Vec<&str> = target.1.split('/').skip(1).collect();
            tokens.len() == 3 && tokens[0] == "components" && tokens[1] == kind.section()
        };
        if canonical && !definition && overrides.is_empty() && kind.keeps_canonical() {
            let canonical = format!("#{}", target.1);
            if reference != canonical {
                self.edit(f, ptr, Edit::SetRef(canonical));
            }
        } else {
            self.edit(
                f,
                ptr,
                Edit::Inline {
                    target: target.clone(),
                    overrides,
                },
            );
            self.share_schemas(kind, &target);
            self.queue.push((target, kind));
        }
    }

    /// The schemas written inside an object that is copied are hoisted, so
    /// that the copies and the original share one named type (each copy's
    /// inline schema would otherwise become a type of its own, named after
    /// where it is used). Schemas that make no named type are left inline.
    fn share_schemas(&mut self, kind: Kind, target: &Target) {
        let value = self.files[target.0].value.clone();
        let Some(node) = value.pointer(&target.1) else {
            return;
        };
        let mut places: Vec<(String, &Value)> = Vec::new();
        if matches!(kind, Kind::Parameter | Kind::Header) {
            if let Some(schema) = node.get("schema") {
                places.push((format!("{}/schema", target.1), schema));
            }
        }
        if matches!(
            kind,
            Kind::Parameter | Kind::Header | Kind::Response | Kind::RequestBody
        ) {
            if let Some(Value::Object(content)) = node.get("content") {
                for (media, m) in content {
                    if let Some(schema) = m.get("schema") {
                        let mut at = target.1.clone();
                        push(&mut at, "content");
                        push(&mut at, media);
                        push(&mut at, "schema");
                        places.push((at, schema));
                    }
                }
            }
        }
        for (at, schema) in places {
            if ref_of(schema).is_none() && makes_a_type(schema, 0) {
                let place = (target.0, at);
                if self.canonical_schema(&place).is_none() {
                    self.hoist.insert(place.clone());
                    self.queue.push((place, Kind::Schema));
                }
            }
        }
    }

    fn help_for(&self, why: &str) -> &'static str {
        if why.contains("URLs are not fetched") {
            "fetch it and save it beside the spec, then refer to it by its relative path"
        } else if why.contains("is outside the folder") {
            "keep every file of the spec in the entry file's folder (or below it)"
        } else if why.contains("cannot be read") {
            "a file's path is relative to the folder of the file the `$ref` is in"
        } else {
            "fix the reference, or add what it points at"
        }
    }

    /// A component schema of the entry file: a reference to a schema that
    /// is hoisted gives it this component's name.
    fn schema_component(&mut self, f: usize, name: &str, v: &Value, ptr: &mut String) {
        self.schema(f, v, ptr);
        let Some(reference) = ref_of(v) else { return };
        if f != 0 || v.as_object().is_some_and(|o| o.len() != 1) {
            return;
        }
        if let Some(Edit::SchemaRef(target)) = self.edits[0].get(ptr.as_str()) {
            if self.hoist.contains(target) && !reference.is_empty() {
                let target = target.clone();
                self.fills
                    .entry(target)
                    .or_insert_with(|| (name.to_owned(), ptr.clone()));
            }
        }
    }

    fn schema(&mut self, f: usize, v: &Value, ptr: &mut String) {
        let Some(o) = v.as_object() else { return };
        // One pass over the keys (a schema has few): cheaper than looking
        // up each of the two dozen keywords that hold subschemas.
        for (key, value) in o {
            match (key.as_str(), value) {
                ("$ref", Value::String(reference)) => self.schema_ref(f, reference, ptr),
                ("discriminator", Value::Object(d)) => {
                    if let Some(Value::Object(mapping)) = d.get("mapping") {
                        self.mapping(f, mapping, ptr);
                    }
                }
                (k, Value::Object(items)) if SCHEMA_MAPS.contains(&k) => {
                    let a = push(ptr, k);
                    for (name, s) in items {
                        let b = push(ptr, name);
                        self.schema(f, s, ptr);
                        ptr.truncate(b);
                    }
                    ptr.truncate(a);
                }
                (k, s @ Value::Object(_)) if SCHEMA_SINGLES.contains(&k) => {
                    let a = push(ptr, k);
                    self.schema(f, s, ptr);
                    ptr.truncate(a);
                }
                (k, Value::Array(items))
                    if SCHEMA_LISTS.contains(&k) || SCHEMA_SINGLES.contains(&k) =>
                {
                    let a = push(ptr, k);
                    for (i, s) in items.iter().enumerate() {
                        let b = push_index(ptr, i);
                        self.schema(f, s, ptr);
                        ptr.truncate(b);
                    }
                    ptr.truncate(a);
                }
                _ => {}
            }
        }
    }

    /// A discriminator's mapping: values that are references (not bare
    /// schema names) become canonical ones.
    fn mapping(&mut self, f: usize, mapping: &Map<String, Value>, ptr: &str) {
        for (key, value) in mapping {
            let Some(reference) = value.as_str() else {
                continue;
            };
            if !looks_like_ref(reference) || (f == 0 && is_canonical(reference, "schemas")) {
                continue;
            }
            let mut at = ptr.to_owned();
            push(&mut at, "discriminator");
            push(&mut at, "mapping");
            push(&mut at, key);
            match self.resolve(f, reference, Kind::Schema) {
                Ok((target, _)) => {
                    if self.canonical_schema(&target).is_none() {
                        self.hoist.insert(target.clone());
                        self.queue.push((target.clone(), Kind::Schema));
                    }
                    self.edit(f, &at, Edit::Mapping(target));
                }
                Err(why) => {
                    let help = self.help_for(&why);
                    self.error(f, &at, reference, why, help)
                }
            }
        }
    }

    fn schema_ref(&mut self, f: usize, reference: &str, ptr: &str) {
        if f == 0 && is_canonical(reference, "schemas") {
            // Lowering follows it, and reports it (where it is used) if it is missing.
            return;
        }
        match self.resolve(f, reference, Kind::Schema) {
            Ok((target, _)) => {
                if self.canonical_schema(&target).is_none() {
                    self.hoist.insert(target.clone());
                    self.queue.push((target.clone(), Kind::Schema));
                }
                self.edit(f, ptr, Edit::SchemaRef(target));
            }
            Err(why) => {
                let help = self.help_for(&why);
                self.error(f, ptr, reference, why, help);
                self.edit(f, ptr, Edit::Untyped);
            }
        }
    }

    /// The component name of a target that is a schema component of the entry file.
    fn canonical_schema(&self, target: &Target) -> Option<String> {
        if target.0 != 0 {
            return None;
        }
        let rest = target.1.strip_prefix("/components/schemas/")?;
        (!rest.contains('/')).then(|| unescape(rest))
    }

    // ----- Resolving one reference -----

    /// The place `reference`, written in file `f`, points at, after every
    /// reference there (for a schema: every bare reference) is followed, and
    /// the `summary`/`description` met on the way (the first one wins).
    fn resolve(
        &mut self,
        f: usize,
        reference: &str,
        kind: Kind,
    ) -> Result<(Target, Map<String, Value>), String> {
        let mut hops = 0;
        let mut overrides = Map::new();
        let mut target = self.locate(f, reference, &mut hops)?;
        loop {
            let value = self.files[target.0].value.clone();
            let Some(node) = value.pointer(&target.1) else {
                break;
            };
            let Some(next) = ref_of(node) else { break };
            if kind == Kind::Schema && node.as_object().is_some_and(|o| o.len() != 1) {
                break;
            }
            for k in kind.overridable().iter().filter(|_| self.version31) {
                if let Some(v) = node.get(*k) {
                    overrides.entry(*k).or_insert_with(|| v.clone());
                }
            }
            hops += 1;
            if hops > MAX_HOPS {
                return Err("the references form a cycle".to_owned());
            }
            target = self.locate(target.0, next, &mut hops)?;
        }
        Ok((target, overrides))
    }

    /// The place `reference` (written in file `f`) names, following the
    /// references met on the way down its pointer.
    fn locate(&mut self, f: usize, reference: &str, hops: &mut usize) -> Result<Target, String> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let mut at: Target = (f, String::new());
        if !file_part.is_empty() {
            if let Some(found) = self.id(file_part) {
                at = found;
            } else if is_url(file_part) {
                return Err(format!("`{file_part}` is a URL, and URLs are not fetched"));
            } else {
                at = (self.file(f, file_part)?, String::new());
            }
        }
        let fragment = percent_decode(fragment);
        if fragment.is_empty() {
            return Ok(at);
        }
        if !fragment.starts_with('/') {
            let anchor = self.anchor(at.0, &fragment).ok_or_else(|| {
                format!(
                    "there is no `$anchor` (or `$id`) `{fragment}` in {}",
                    self.docs.files[at.0].display
                )
            })?;
            return Ok((at.0, anchor));
        }
        for raw in fragment.split('/').skip(1) {
            let token = unescape(raw);
            loop {
                let value = self.files[at.0].value.clone();
                let node = value.pointer(&at.1);
                if node.and_then(|n| child(n, &token)).is_some() {
                    push(&mut at.1, &token);
                    break;
                }
                match node.and_then(ref_of) {
                    Some(next) => {
                        *hops += 1;
                        if *hops > MAX_HOPS {
                            return Err("the references form a cycle".to_owned());
                        }
                        at = self.locate(at.0, next, hops)?;
                    }
                    None => {
                        let place = if at.1.is_empty() { "the top" } else { &at.1 };
                        return Err(format!(
                            "there is no `{token}` at {place} of {}",
                            self.docs.files[at.0].display
                        ));
                    }
                }
            }
        }
        Ok(at)
    }

    /// The index of the file `reference` (relative to file `f`'s folder), read if needed.
    fn file(&mut self, f: usize, reference: &str) -> Result<usize, String> {
        let relative = percent_decode(reference);
        let dir = files::dir_of(&self.docs.files[f].path).to_owned();
        let Some(path) = files::join(&dir, &relative) else {
            return Err(format!(
                "`{reference}` is outside the folder of {}; only files in that folder and below it are read",
                self.docs.files[0].display
            ));
        };
        if let Some(&i) = self.by_path.get(&path) {
            return Ok(i);
        }
        if let Some(why) = self.failed.get(&path) {
            return Err(why.clone());
        }
        let display = self.docs.display_of(&path);
        let Some(sources) = self.sources else {
            let why = format!(
                "it refers to another file, `{display}`, and no other file can be read here"
            );
            self.failed.insert(path, why.clone());
            return Err(why);
        };
        let text = match sources.read(&path) {
            Ok(text) => text,
            Err(e) => {
                let why = format!("the file `{display}` cannot be read ({e})");
                self.failed.insert(path, why.clone());
                return Err(why);
            }
        };
        let value = match yaml::parse(&text) {
            Ok(value) => value,
            Err(mut d) => {
                d.file = display.clone();
                self.diags.push(d);
                let why = format!("the file `{display}` is not valid YAML or JSON (see above)");
                self.failed.insert(path, why.clone());
                return Err(why);
            }
        };
        let index = self.files.len();
        self.files.push(File {
            value: Rc::new(value),
            anchors: None,
        });
        self.edits.push(BTreeMap::new());
        self.origins.push(BTreeMap::new());
        self.docs.files.push(SpecFile {
            path: path.clone(),
            display,
            text,
        });
        self.by_path.insert(path, index);
        // New `$id`s may have come with it.
        self.ids = None;
        Ok(index)
    }

    fn anchor(&mut self, f: usize, name: &str) -> Option<String> {
        if self.files[f].anchors.is_none() {
            let mut anchors = HashMap::new();
            let value = self.files[f].value.clone();
            index_anchors(&value, &mut String::new(), &mut |key, v, ptr| {
                let name = match (key, v) {
                    ("$anchor" | "$dynamicAnchor", Value::String(s)) => s.as_str(),
                    ("$id", Value::String(s)) if s.starts_with('#') => &s[1..],
                    _ => return,
                };
                anchors
                    .entry(name.to_owned())
                    .or_insert_with(|| ptr.to_owned());
            });
            self.files[f].anchors = Some(anchors);
        }
        self.files[f].anchors.as_ref()?.get(name).cloned()
    }

    /// The schema whose `$id` is `id`, in any file read so far.
    fn id(&mut self, id: &str) -> Option<Target> {
        if self.ids.is_none() {
            let mut ids = HashMap::new();
            for (f, file) in self.files.iter().enumerate() {
                index_anchors(&file.value, &mut String::new(), &mut |key, v, ptr| {
                    if let ("$id", Value::String(s)) = (key, v) {
                        if !s.starts_with('#') {
                            ids.entry(s.trim_end_matches('#').to_owned())
                                .or_insert_with(|| (f, ptr.to_owned()));
                        }
                    }
                });
            }
            self.ids = Some(ids);
        }
        self.ids.as_ref()?.get(id).cloned()
    }

    // ----- Names -----

    /// The name a hoisted schema asks for, from its pointer.
    fn base_name(&self, target: &Target) -> String {
        let tokens: Vec<String> = target.1.split('/').skip(1).map(unescape).collect();
        if tokens.is_empty() {
            let path = &self.docs.files[target.0].path;
            let file = path.rsplit('/').next().unwrap_or(path);
            let stem = file
                .strip_suffix(".yaml")
                .or_else(|| file.strip_suffix(".yml"))
                .or_else(|| file.strip_suffix(".json"))
                .unwrap_or(file);
            return naming::type_name(stem);
        }
        let doc = &self.files[target.0].value;
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i].as_str();
            let next = tokens.get(i + 1);
            match (i, token, next) {
                (0, "components", Some(_)) if tokens.len() >= 3 => {
                    parts = vec![tokens[2].clone()];
                    i += 3;
                }
                (0, "paths" | "webhooks", Some(path)) => {
                    let method = tokens.get(2).map(String::as_str).unwrap_or_default();
                    let op = doc
                        .get(token)
                        .and_then(|p| p.get(path))
                        .and_then(|p| p.get(method));
                    parts = vec![match op
                        .and_then(|op| op.get("operationId"))
                        .and_then(Value::as_str)
                    {
                        Some(id) => id.to_owned(),
                        None if op.is_some() => format!("{method} {path}"),
                        None => path.clone(),
                    }];
                    i += if op.is_some() { 3 } else { 2 };
                }
                (_, "$defs" | "definitions", Some(name)) => {
                    parts = vec![name.clone()];
                    i += 2;
                }
                (_, "parameters", Some(n)) if n.parse::<usize>().is_ok() => {
                    let mut at = String::new();
                    for t in &tokens[..i + 2] {
                        push(&mut at, t);
                    }
                    let name = doc
                        .pointer(&at)
                        .and_then(|p| p.get("name"))
                        .and_then(Value::as_str);
                    parts.push(name.unwrap_or(n).to_owned());
                    i += 2;
                }
                (_, "responses", Some(status)) => {
                    parts.push(if status.starts_with('2') {
                        "Response".to_owned()
                    } else {
                        format!("{status} Response")
                    });
                    i += 2;
                }
                (_, "content", Some(_)) => i += 2,
                (_, "schema", _) => i += 1,
                (_, "requestBody", _) => {
                    parts.push("Request".to_owned());
                    i += 1;
                }
                (_, "items", _) => {
                    parts.push("Item".to_owned());
                    i += 1;
                }
                (_, "additionalProperties", _) => {
                    parts.push("Value".to_owned());
                    i += 1;
                }
                (_, "allOf" | "anyOf" | "oneOf" | "prefixItems", Some(n)) => {
                    parts.push(format!("Variant {n}"));
                    i += 2;
                }
                (
                    _,
                    "properties" | "patternProperties" | "headers" | "callbacks" | "examples",
                    Some(name),
                ) => {
                    parts.push(name.clone());
                    i += 2;
                }
                (_, other, _) => {
                    parts.push(other.to_owned());
                    i += 1;
                }
            }
        }
        let name = naming::type_name(&parts.join(" "));
        if name.is_empty() {
            "Schema".to_owned()
        } else {
            name
        }
    }

    fn name_hoisted(&mut self) {
        let mut taken: HashSet<String> = HashSet::new();
        if let Some(Value::Object(schemas)) = self.files[0]
            .value
            .get("components")
            .and_then(|c| c.get("schemas"))
        {
            for name in schemas.keys() {
                taken.insert(name.clone());
                taken.insert(naming::type_name(name));
            }
        }
        let fills = std::mem::take(&mut self.fills);
        for (target, (name, ptr)) in &fills {
            self.names.insert(target.clone(), name.clone());
            self.edits[0].insert(ptr.clone(), Edit::Fill(target.clone()));
        }
        let mut rest: Vec<Target> = self
            .hoist
            .iter()
            .filter(|t| !self.names.contains_key(*t))
            .cloned()
            .collect();
        rest.sort_by(|a, b| {
            (&self.docs.files[a.0].path, &a.1).cmp(&(&self.docs.files[b.0].path, &b.1))
        });
        for target in rest {
            let base = self.base_name(&target);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) || taken.contains(&naming::type_name(&name)) {
                name = format!("{base}{n}");
                n += 1;
            }
            taken.insert(naming::type_name(&name));
            taken.insert(name.clone());
            self.names.insert(target, name);
        }
        for (target, name) in &self.names {
            // Only a place that holds a schema is replaced by the reference:
            // a `$ref` to `#/components` or to a path item stays a copy.
            if is_schema_place(&target.1) {
                self.origins[target.0].insert(target.1.clone(), name.clone());
            }
        }
        for (target, (name, _)) in fills {
            let ptr = format!("/components/schemas/{}", escape(&name));
            self.docs.jumps.insert((0, ptr), target);
        }
    }

    // ----- Rebuilding -----

    fn finish(mut self) -> Value {
        if self.edits.iter().all(BTreeMap::is_empty) && self.hoist.is_empty() {
            let value = std::mem::replace(&mut self.files[0].value, Rc::new(Value::Null));
            return Rc::try_unwrap(value).unwrap_or_else(|v| (*v).clone());
        }
        self.name_hoisted();
        for (f, edits) in self.edits.iter().enumerate() {
            for (ptr, edit) in edits {
                if let Edit::Inline { target, .. } | Edit::Fill(target) = edit {
                    self.docs.jumps.insert((f, ptr.clone()), target.clone());
                }
            }
        }
        let mut doc = (*self.files[0].value).clone();
        self.apply(&mut doc, 0, "", false);
        let filled: BTreeSet<Target> = self.edits[0]
            .values()
            .filter_map(|e| match e {
                Edit::Fill(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        let hoisted: Vec<(Target, String)> = self
            .names
            .iter()
            .filter(|(t, _)| !filled.contains(*t))
            .map(|(t, n)| (t.clone(), n.clone()))
            .collect();
        let mut new = Vec::new();
        for (target, name) in hoisted {
            let value = self.materialize(&target);
            self.docs.jumps.insert(
                (0, format!("/components/schemas/{}", escape(&name))),
                target,
            );
            new.push((name, value));
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        if !new.is_empty() {
            if let Some(root) = doc.as_object_mut() {
                let components = root
                    .entry("components")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(components) = components.as_object_mut() {
                    let schemas = components
                        .entry("schemas")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Some(schemas) = schemas.as_object_mut() {
                        for (name, value) in new {
                            schemas.insert(name, value);
                        }
                    }
                }
            }
        }
        doc
    }

    /// The canonical reference to a schema target.
    fn schema_reference(&self, target: &Target) -> String {
        let name = match self.canonical_schema(target) {
            Some(name) => name,
            None => self.names.get(target).cloned().unwrap_or_default(),
        };
        format!("#/components/schemas/{}", escape(&name))
    }

    /// A copy of the object at `target`, its own references resolved.
    fn materialize(&mut self, target: &Target) -> Value {
        let size = self.cache.get(target).map_or(0, |(_, size)| *size);
        self.copied = self.copied.saturating_add(size);
        if self.copied > self.max_copied {
            let reference = format!("#{}", target.1);
            let why = format!(
                "copying what references point at would make more than {} values",
                self.max_copied
            );
            self.error(
                target.0,
                &target.1,
                &reference,
                why,
                "refer to components instead of repeating objects that refer to each other",
            );
            return Value::Object(Map::new());
        }
        if let Some((v, _)) = self.cache.get(target) {
            return v.clone();
        }
        if self.active.contains(target) {
            let reference = format!("#{}", target.1);
            self.error(
                target.0,
                &target.1,
                &reference,
                "the object contains itself through references (only schemas may)".to_owned(),
                "break the cycle",
            );
            return Value::Object(Map::new());
        }
        let value = self.files[target.0].value.clone();
        let Some(node) = value.pointer(&target.1) else {
            return Value::Object(Map::new());
        };
        let mut copy = node.clone();
        self.active.push(target.clone());
        self.apply(&mut copy, target.0, &target.1, true);
        self.active.pop();
        let size = count(&copy);
        self.copied = self.copied.saturating_add(size);
        self.cache.insert(target.clone(), (copy.clone(), size));
        copy
    }

    /// Makes the changes found at and below `base` of file `f` in `root`
    /// (the value at `base`). A hoisted schema at `base` itself stays when
    /// `is_target` (it is what is being copied).
    fn apply(&mut self, root: &mut Value, f: usize, base: &str, is_target: bool) {
        let under = |p: &str| {
            p == base || (p.starts_with(base) && p.as_bytes().get(base.len()) == Some(&b'/'))
        };
        let end = format!("{base}0");
        // Origins (0) sort before edits (1) at the same pointer: they replace the node.
        let mut actions: Vec<(String, u8, Option<Edit>, Option<String>)> = Vec::new();
        for (p, name) in self.origins[f].range(base.to_owned()..end.clone()) {
            if under(p) && !(is_target && p == base) {
                actions.push((p[base.len()..].to_owned(), 0, None, Some(name.clone())));
            }
        }
        for (p, edit) in self.edits[f].range(base.to_owned()..end) {
            if under(p) {
                actions.push((p[base.len()..].to_owned(), 1, Some(edit.clone()), None));
            }
        }
        actions.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let mut replaced: Option<String> = None;
        for (rel, _, edit, origin) in actions {
            if let Some(r) = &replaced {
                if rel == *r
                    || (rel.starts_with(r.as_str()) && rel.as_bytes().get(r.len()) == Some(&b'/'))
                {
                    continue;
                }
            }
            if let Some(name) = origin {
                if let Some(node) = root.pointer_mut(&rel) {
                    let mut r = Map::new();
                    r.insert(
                        "$ref".into(),
                        Value::String(format!("#/components/schemas/{}", escape(&name))),
                    );
                    *node = Value::Object(r);
                }
                replaced = Some(rel);
                continue;
            }
            let Some(edit) = edit else { continue };
            let replacement = match &edit {
                Edit::Inline { target, overrides } => {
                    let mut v = self.materialize(target);
                    if let Value::Object(o) = &mut v {
                        for (k, x) in overrides {
                            o.insert(k.clone(), x.clone());
                        }
                    }
                    Some(v)
                }
                Edit::Fill(target) => Some(self.materialize(target)),
                Edit::Untyped => Some(Value::Object(Map::new())),
                Edit::Mapping(target) => Some(Value::String(self.schema_reference(target))),
                _ => None,
            };
            let reference = match &edit {
                Edit::SchemaRef(target) => Some(self.schema_reference(target)),
                Edit::SetRef(s) => Some(s.clone()),
                _ => None,
            };
            let Some(node) = root.pointer_mut(&rel) else {
                continue;
            };
            if let Some(v) = replacement {
                *node = v;
                if !matches!(edit, Edit::Mapping(_)) {
                    replaced = Some(rel);
                }
            } else if let Some(reference) = reference {
                if let Value::Object(o) = node {
                    o.insert("$ref".into(), Value::String(reference));
                }
            } else if let (Edit::AddResponses, Value::Object(o)) = (&edit, node) {
                o.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

/// Whether `pointer` names a place that holds a schema: a subschema
/// keyword's value, or a parameter's, header's or media type's `schema`.
fn is_schema_place(pointer: &str) -> bool {
    let mut tokens = pointer.rsplit('/');
    let (Some(last), Some(parent)) = (tokens.next(), tokens.next()) else {
        return false;
    };
    let index = last.parse::<usize>().is_ok();
    last == "schema"
        || SCHEMA_MAPS.contains(&parent)
        || SCHEMA_SINGLES.contains(&last)
        || (index && (SCHEMA_LISTS.contains(&parent) || SCHEMA_SINGLES.contains(&parent)))
}

/// Whether a schema becomes a named type where it is written (an object
/// with properties, an enum, a composition), itself or through its items
/// or values.
fn makes_a_type(schema: &Value, depth: usize) -> bool {
    let Some(o) = schema.as_object() else {
        return false;
    };
    if depth > 8 {
        return false;
    }
    o.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || o.contains_key("enum")
        || ["allOf", "anyOf", "oneOf"].iter().any(|k| {
            o.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
        })
        || ["items", "additionalProperties"]
            .iter()
            .any(|k| o.get(*k).is_some_and(|s| makes_a_type(s, depth + 1)))
}

/// How many values `v` holds, itself included.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Object(o) => o.values().map(count).sum(),
        Value::Array(a) => a.iter().map(count).sum(),
        _ => 0,
    }
}

/// Calls `found(key, value, pointer)` for each `$anchor`, `$dynamicAnchor`
/// and `$id` in `v` (pointer: of the object holding it).
fn index_anchors(v: &Value, ptr: &mut String, found: &mut dyn FnMut(&str, &Value, &str)) {
    match v {
        Value::Object(o) => {
            for key in ["$anchor", "$dynamicAnchor", "$id"] {
                if let Some(x) = o.get(key) {
                    found(key, x, ptr);
                }
            }
            for (k, x) in o {
                if x.is_object() || x.is_array() {
                    let a = push(ptr, k);
                    index_anchors(x, ptr, found);
                    ptr.truncate(a);
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                if x.is_object() || x.is_array() {
                    let a = push_index(ptr, i);
                    index_anchors(x, ptr, found);
                    ptr.truncate(a);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
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
}
