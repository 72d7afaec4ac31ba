//! Never panic: a mutation fuzzer for the generator. It takes valid specs
//! (`spec/` and `tests/fixtures/`), mutates their JSON trees (deleting,
//! replacing and inserting keys and values, grafting subtrees elsewhere,
//! planting `$ref`s), sometimes corrupts the text itself or makes up a
//! random document, and runs the whole generator on each case. Any panic is
//! a failure; errors are expected and fine. Deterministic for a seed.

use serde_json::{Map, Value};
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
        // Plant a reference.
        5 => {
            let mut m = Map::new();
            m.insert(
                "$ref".to_owned(),
                Value::String((*rng.pick(STRINGS)).to_owned()),
            );
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

/// A seed document: its text and its JSON tree.
pub struct Seed {
    pub name: String,
    pub text: String,
    pub value: Value,
}

/// The corpus: `spec/` and every fixture.
pub fn corpus(root: &Path) -> Vec<Seed> {
    let mut files = vec![root.join("spec/browser-use.yaml")];
    if let Ok(entries) = std::fs::read_dir(root.join("tests/fixtures")) {
        let mut more: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        more.sort();
        files.extend(more);
    }
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let value = generator::load::parse_document(&text).ok()?;
            Some(Seed {
                name: path.file_name()?.to_string_lossy().into_owned(),
                text,
                value,
            })
        })
        .collect()
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Stats {
    pub cases: u64,
    pub generated: u64,
    pub rejected: u64,
    pub slowest: Duration,
}

/// A case that panicked.
#[derive(Debug)]
pub struct Failure {
    pub case: u64,
    pub input: String,
    pub message: String,
}

/// The input of case `case` (deterministic for the seed).
pub fn case_input(seeds: &[Seed], seed: u64, case: u64) -> String {
    let mut rng = Rng::new(seed ^ case.wrapping_mul(0xA076_1D64_78BD_642F));
    let s = rng.pick(seeds);
    match rng.below(10) {
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
    }
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
            let _ = std::fs::write(trace, &input);
        }
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            generator::generate(&generator::Input {
                sources: None,
                text: &input,
                spec_display: "fuzz.json",
                package_name: None,
                select: Vec::new(),
            })
            .is_ok()
        }));
        stats.slowest = stats.slowest.max(t.elapsed());
        stats.cases += 1;
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
                    input,
                    message,
                });
                break;
            }
        }
    }
    std::panic::set_hook(hook);
    result.map(|()| stats)
}
