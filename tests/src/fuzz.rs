//! Never panic: a mutation fuzzer for the generator. It takes valid specs
//! (`spec/` and `tests/fixtures/`), mutates their JSON trees (deleting,
//! replacing and inserting keys and values, grafting subtrees elsewhere,
//! planting `$ref`s: to made-up places, to any node of the document, to
//! other files, out of the folder, in cycles), sometimes corrupts the text
//! itself or makes up a random document, and runs the whole generator on
//! each case. A multi-file seed (a fixture folder) is mutated in any of its
//! files, and read through in-memory sources. Any panic is a failure; errors
//! are expected and fine. Deterministic for a seed.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// xorshift64*: small, fast and deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "$ref",
    "type",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "items",
    "properties",
    "required",
    "enum",
    "const",
    "nullable",
    "default",
    "additionalProperties",
    "discriminator",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minLength",
    "maxLength",
    "pattern",
    "examples",
    "title",
    "description",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "in",
    "name",
    "operationId",
    "security",
    "servers",
    "url",
    "paths",
    "components",
    "schemas",
    "application/json",
    "text/plain",
    "200",
    "404",
    "default",
    "4XX",
    "get",
    "post",
    "x-weird",
    "ge",
    "prefixItems",
    "propertyName",
    "mapping",
    "style",
    "explode",
    "",
];

const STRINGS: &[&str] = &[
    "",
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
    "uuid",
    "date-time",
    "date",
    "int32",
    "float",
    "binary",
    "query",
    "path",
    "header",
    "cookie",
    "form",
    "deepObject",
    "#/components/schemas/CreateSessionRequest",
    "#/components/schemas/Missing",
    "#/",
    "#",
    "#/components/schemas/",
    "#/paths/~1sessions",
    "other.yaml#/X",
    "openapi.yaml",
    "../openapi.yaml#/components/schemas/Error",
    "../outside.yaml",
    "a/../../b.yaml",
    "/etc/passwd",
    "schemas/pet.yaml",
    "../schemas/pet.yaml",
    "schemas/pet.yaml#/properties/owner",
    "owner.json",
    "pet.yaml#/$defs/Tag",
    "#/$defs/Tag",
    "paths/pets.yaml",
    "common.json#/components/schemas/Error",
    "common.json#/components/responses/BadRequest",
    "#/components/responses/Conflict/content/application~1json/schema",
    "#/paths/~1pets/get/parameters/0",
    "#/paths/~1pets~1%7Bid%7D",
    "#/components/pathItems/Nodes",
    "#/components/schemas/Tree/$defs/Node",
    "#node",
    "https://example.com/schemas/leaf",
    "https://example.com/x.json",
    "%zz#/%",
    "^(?!a)b$",
    "([",
    "\\",
    "*/",
    "\"#",
    "]",
    "fn main() {}",
    "self",
    "Self",
    "type",
    "gen",
    "1st",
    "日本語",
    "🚀",
    "\u{202e}",
    "\u{0}",
    "a\nb",
    "/{id}",
    "{",
    "}",
    "{id}",
    "3.1.0",
    "3.0.3",
    "2.0",
];

fn random_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 3 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => {
            let n: i64 = match rng.below(4) {
                0 => rng.below(10) as i64,
                1 => -(rng.below(1000) as i64),
                2 => i64::MAX - rng.below(3) as i64,
                _ => rng.next_u64() as i64,
            };
            Value::from(n)
        }
        3 => serde_json::Number::from_f64(match rng.below(3) {
            0 => 0.5,
            1 => 1e300,
            _ => -320.0,
        })
        .map_or(Value::Null, Value::Number),
        4 => {
            let s = rng.pick(STRINGS);
            if rng.chance(5) {
                Value::String(s.repeat(2000))
            } else {
                Value::String((*s).to_owned())
            }
        }
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                m.insert((*rng.pick(KEYS)).to_owned(), random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// Every node's path (object keys and array indexes) in the tree.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                prefix.push(Step::Key(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut node = value;
    for step in path {
        node = match (node, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn mutate(rng: &mut Rng, doc: &mut Value) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let target = rng.pick(&all).clone();
    let donor = rng.pick(&all).clone();
    let graft = at(doc, &donor).cloned();
    let Some(node) = at(doc, &target) else {
        return;
    };
    match rng.below(7) {
        // Delete a key or an item.
        0 => match node {
            Value::Object(m) if !m.is_empty() => {
                let key = m
                    .keys()
                    .nth(rng.below(m.len()))
                    .cloned()
                    .unwrap_or_default();
                m.remove(&key);
            }
            Value::Array(a) if !a.is_empty() => {
                a.remove(rng.below(a.len()));
            }
            _ => *node = Value::Null,
        },
        // Replace with a random value.
        1 | 2 => *node = random_value(rng, 0),
        // Insert a key.
        3 => {
            if let Value::Object(m) = node {
                m.insert((*rng.pick(KEYS)).to_owned(), random_value(rng, 1));
            }
        }
        // Graft another subtree here (cycles and odd shapes).
        4 => {
            if let Some(graft) = graft {
                *node = graft;
            }
        }
        // Plant a reference: a made-up one, or to any node of the document
        // (its ancestors included: cycles).
        5 => {
            let mut m = Map::new();
            let reference = if rng.chance(40) {
                let mut pointer = String::from("#");
                for step in &donor {
                    match step {
                        Step::Key(k) => {
                            pointer.push('/');
                            pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                        }
                        Step::Index(i) => pointer.push_str(&format!("/{i}")),
                    }
                }
                pointer
            } else {
                (*rng.pick(STRINGS)).to_owned()
            };
            m.insert("$ref".to_owned(), Value::String(reference));
            if rng.chance(30) {
                m.insert("description".to_owned(), Value::String("beside".to_owned()));
            }
            *node = Value::Object(m);
        }
        // Wrap in an array, or in anyOf with null.
        _ => {
            let inner = node.take();
            *node = if rng.chance(50) {
                Value::Array(vec![inner])
            } else {
                serde_json::json!({"anyOf": [inner, {"type": "null"}]})
            };
        }
    }
}

fn corrupt_text(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(8) {
        if chars.is_empty() {
            break;
        }
        let i = rng.below(chars.len());
        match rng.below(3) {
            0 => {
                chars.remove(i);
            }
            1 => chars.insert(
                i,
                *rng.pick(&[
                    '{', '}', '[', ']', ':', '"', '\n', ' ', '-', '&', '*', '!', '\t', '#', '|',
                    '>',
                ]),
            ),
            _ => {
                let j = rng.below(chars.len());
                chars.swap(i, j);
            }
        }
    }
    chars.into_iter().collect()
}

/// A seed document: its text and its JSON tree, and for a multi-file spec
/// its other files (by path relative to the entry file's folder).
pub struct Seed {
    pub name: String,
    pub text: String,
    pub value: Value,
    pub files: BTreeMap<String, String>,
}

/// One case: the entry file's text and the other files.
#[derive(Debug, Clone, Default)]
pub struct Case {
    pub text: String,
    pub files: BTreeMap<String, String>,
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)?;
        for (path, text) in &self.files {
            write!(f, "\n=== {path} ===\n{text}")?;
        }
        Ok(())
    }
}

/// The corpus: `spec/`, every fixture, and every fixture folder (a
/// multi-file spec: its `openapi.yaml` and the files below it).
pub fn corpus(root: &Path) -> Vec<Seed> {
    let mut seeds: Vec<Seed> = Vec::new();
    let mut files = vec![root.join("spec/browser-use.yaml")];
    let mut folders = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join("tests/fixtures")) {
        let mut more: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        more.sort();
        for path in more {
            if path.join("openapi.yaml").is_file() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(value) = generator::load::parse_document(&text) else {
            continue;
        };
        seeds.push(Seed {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text,
            value,
            files: BTreeMap::new(),
        });
    }
    for folder in folders {
        let mut files = BTreeMap::new();
        read_folder(&folder, "", &mut files);
        let Some(text) = files.remove("openapi.yaml") else {
            continue;
        };
        let Ok(value) = generator::load::parse_document(&text) else {
            continue;
        };
        seeds.push(Seed {
            name: folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text,
            value,
            files,
        });
    }
    seeds
}

fn read_folder(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            read_folder(&path, &format!("{relative}/"), out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.insert(relative, text);
        }
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Stats {
    pub cases: u64,
    /// Cases of a multi-file spec.
    pub multi_file: u64,
    pub generated: u64,
    pub rejected: u64,
    pub slowest: Duration,
}

/// A case that panicked.
#[derive(Debug)]
pub struct Failure {
    pub case: u64,
    /// The case: the entry file, then each other file after a `=== path ===` line.
    pub input: String,
    pub message: String,
}

/// The input of case `case` (deterministic for the seed).
pub fn case_input(seeds: &[Seed], seed: u64, case: u64) -> Case {
    let mut rng = Rng::new(seed ^ case.wrapping_mul(0xA076_1D64_78BD_642F));
    let s = rng.pick(seeds);
    let mut files = s.files.clone();
    // A multi-file seed: sometimes one of the other files is mutated instead.
    if !files.is_empty() && rng.chance(40) {
        let path = files
            .keys()
            .nth(rng.below(files.len()))
            .cloned()
            .unwrap_or_default();
        let text = files.get(&path).cloned().unwrap_or_default();
        let mutated = match generator::load::parse_document(&text) {
            Ok(mut value) if !rng.chance(10) => {
                for _ in 0..1 + rng.below(4) {
                    mutate(&mut rng, &mut value);
                }
                serde_json::to_string(&value).unwrap_or_default()
            }
            _ => corrupt_text(&mut rng, &text),
        };
        if rng.chance(10) {
            files.remove(&path);
        } else {
            files.insert(path, mutated);
        }
        return Case {
            text: s.text.clone(),
            files,
        };
    }
    let text = match rng.below(10) {
        0 => corrupt_text(&mut rng, &s.text),
        1 => serde_json::to_string(&random_value(&mut rng, 0)).unwrap_or_default(),
        _ => {
            let mut doc = s.value.clone();
            for _ in 0..1 + rng.below(6) {
                mutate(&mut rng, &mut doc);
            }
            let json = serde_json::to_string(&doc).unwrap_or_default();
            if rng.chance(10) {
                corrupt_text(&mut rng, &json)
            } else {
                json
            }
        }
    };
    Case { text, files }
}

/// Runs up to `cases` cases (or until `budget` is spent), stopping at the first panic.
pub fn run(seeds: &[Seed], seed: u64, cases: u64, budget: Duration) -> Result<Stats, Failure> {
    run_traced(seeds, seed, cases, budget, None)
}

/// [`run`], writing each input to `trace` before running it: what a crash
/// that is not a panic (a stack overflow aborts the process) leaves behind.
pub fn run_traced(
    seeds: &[Seed],
    seed: u64,
    cases: u64,
    budget: Duration,
    trace: Option<&Path>,
) -> Result<Stats, Failure> {
    let started = Instant::now();
    let mut stats = Stats::default();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut result = Ok(());
    for case in 0..cases {
        if started.elapsed() > budget {
            break;
        }
        let input = case_input(seeds, seed, case);
        if let Some(trace) = trace {
            let _ = std::fs::write(trace, input.to_string());
        }
        let sources = generator::load::MemorySources {
            files: input.files.clone(),
        };
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            generator::generate(&generator::Input {
                sources: Some(&sources),
                text: &input.text,
                // The entry file's name, which other files refer back to.
                spec_display: "fuzz/openapi.yaml",
                package_name: None,
                select: Vec::new(),
                overlays: &[],
            })
            .is_ok()
        }));
        stats.slowest = stats.slowest.max(t.elapsed());
        stats.cases += 1;
        stats.multi_file += u64::from(!input.files.is_empty());
        match outcome {
            Ok(true) => stats.generated += 1,
            Ok(false) => stats.rejected += 1,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                result = Err(Failure {
                    case,
                    input: input.to_string(),
                    message,
                });
                break;
            }
        }
    }
    std::panic::set_hook(hook);
    result.map(|()| stats)
}
