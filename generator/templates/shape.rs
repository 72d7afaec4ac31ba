//! Which variant of a union a JSON value is. Every union, and every type
//! its variants contain, has a static description in `types` (a [`Shape`]);
//! decoding checks the value against each variant's shape and decodes the
//! variant that explains the value best, without decoding the others.
//!
//! A variant refuses a value of another JSON kind, an object without a
//! property it requires, and a property whose value it refuses. Of the
//! variants that accept the value, the best is the one that needs the
//! fewest allowances (a string its enum does not list, which decodes into
//! the enum's catch-all; `null` for an optional property that is not
//! nullable; a property an object with `additionalProperties: false` does
//! not declare; an object none of whose properties the variant declares),
//! then the one that declares the most of the value's properties by name
//! (nested objects and array items included), then the one whose enums list the
//! most of its strings, then the first in the union's order.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// What a type accepts, as far as telling a union's variants apart needs.
pub(crate) enum Shape {
    /// Any value.
    Any,
    Boolean,
    /// A number without a fraction.
    Integer,
    Number,
    String,
    /// A string enum's listed values; another string decodes into the
    /// enum's catch-all (an allowance).
    Enum(&'static [&'static str]),
    Array(&'static Shape),
    /// An object whose values are all of one shape.
    Map(&'static Shape),
    /// `null`, or a value of the shape.
    Nullable(&'static Shape),
    /// An object: its properties, and what it says of the others.
    Object(&'static [Property], Rest),
    /// A union told apart by the values' shapes.
    Union(&'static [Variant]),
    /// A union told apart by a property: its name, each value of it with
    /// the variant that value selects, and the variants.
    Tagged(
        &'static str,
        &'static [(&'static str, usize)],
        &'static [Variant],
    ),
}

/// What an object says of the properties it does not declare.
pub(crate) enum Rest {
    /// Allowed, whatever they are.
    Open,
    /// Not allowed (`additionalProperties: false`): each is an allowance.
    Closed,
    /// Allowed when they have this shape.
    Typed(&'static Shape),
}

/// A property of an object: its name on the wire, whether it is required,
/// and its shape. (Tuples, so that the statics in `types` name nothing
/// that a type of the spec could also be called.)
pub(crate) type Property = (&'static str, bool, &'static Shape);

/// A variant of a union: its name in Rust and its shape.
pub(crate) type Variant = (&'static str, &'static Shape);

/// How well a variant explains a value that it accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Score {
    /// What the variant accepts only as an allowance: fewer is better.
    pub allowances: u32,
    /// The value's properties that the variant declares.
    pub declared: u32,
    /// The value's strings that the variant's enums list.
    pub listed: u32,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.allowances = self.allowances.saturating_add(other.allowances);
        self.declared = self.declared.saturating_add(other.declared);
        self.listed = self.listed.saturating_add(other.listed);
    }

    fn allowance() -> Score {
        Score {
            allowances: 1,
            ..Score::default()
        }
    }

    /// Greater is better.
    fn rank(&self) -> (std::cmp::Reverse<u32>, u32, u32) {
        (
            std::cmp::Reverse(self.allowances),
            self.declared,
            self.listed,
        )
    }
}

/// Why a variant refuses a value: the reason, and the variant's property
/// (the outermost) in which it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub at: Option<&'static str>,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// An object without a property it requires.
    Missing(&'static str),
    /// A value of another kind: what was expected, what was found.
    Kind(&'static str, &'static str),
    /// A nested union none of whose variants accepts the value.
    NoVariant,
}

impl Refusal {
    fn new(why: Why) -> Self {
        Refusal { at: None, why }
    }

    fn under(self, property: &'static str) -> Self {
        Refusal {
            at: Some(property),
            ..self
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.at {
            write!(f, "property `{at}`: ")?;
        }
        match self.why {
            Why::Missing(name) => write!(f, "missing property `{name}`"),
            Why::Kind(expected, found) => write!(f, "{found}, not {expected}"),
            Why::NoVariant => f.write_str("no variant of its union accepts it"),
        }
    }
}

/// How deep checking follows a value; below, anything is accepted (and
/// decoding decides).
const MAX_DEPTH: usize = 32;

/// Whether `shape` accepts `value`, and how well it explains it.
pub(crate) fn check(shape: &Shape, value: &Value, depth: usize) -> Result<Score, Refusal> {
    if depth > MAX_DEPTH {
        return Ok(Score::default());
    }
    match (shape, value) {
        (Shape::Any, _) | (Shape::Nullable(_), Value::Null) | (Shape::Boolean, Value::Bool(_)) => {
            Ok(Score::default())
        }
        (Shape::Nullable(inner), _) => check(inner, value, depth + 1),
        (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Score::default()),
        (Shape::Number, Value::Number(_)) | (Shape::String, Value::String(_)) => {
            Ok(Score::default())
        }
        (Shape::Enum(values), Value::String(s)) => Ok(if values.contains(&s.as_str()) {
            Score {
                listed: 1,
                ..Score::default()
            }
        } else {
            Score::allowance()
        }),
        (Shape::Array(item), Value::Array(items)) => {
            let mut score = Score::default();
            for v in items {
                score.add(check(item, v, depth + 1)?);
            }
            Ok(score)
        }
        // A map names no property: its entries explain nothing (a struct
        // that declares some of them explains more).
        (Shape::Map(inner), Value::Object(o)) => {
            let mut score = Score::default();
            for v in o.values() {
                score.add(check(inner, v, depth + 1)?);
            }
            Ok(score)
        }
        (Shape::Object(properties, rest), Value::Object(o)) => object(properties, rest, o, depth),
        (Shape::Union(variants), _) => best(variants, 0..variants.len(), value, depth)
            .map(|(_, score)| score)
            .ok_or(Refusal::new(Why::NoVariant)),
        (Shape::Tagged(property, mapping, variants), Value::Object(o)) => {
            let Some(tag) = o.get(*property).and_then(Value::as_str) else {
                return Err(Refusal::new(Why::Missing(property)));
            };
            let mut candidates = selected(mapping, tag).peekable();
            if candidates.peek().is_none() {
                // A value the spec does not list: the catch-all variant.
                return Ok(Score::allowance());
            }
            // The tag is a property the union declares, and a value it lists
            // (a variant that no other shares the value with is any value).
            best(variants, candidates, value, depth)
                .map(|(_, score)| Score {
                    declared: score.declared.max(1),
                    listed: score.listed.saturating_add(1),
                    ..score
                })
                .ok_or(Refusal::new(Why::NoVariant))
        }
        _ => Err(Refusal::new(Why::Kind(expected(shape), found(value)))),
    }
}

/// An object's check: its required properties present, each property it
/// declares accepted, and what it says of the others.
fn object(
    properties: &[Property],
    rest: &Rest,
    o: &Map<String, Value>,
    depth: usize,
) -> Result<Score, Refusal> {
    let mut score = Score::default();
    let mut declared: u32 = 0;
    for (name, required, shape) in properties {
        match o.get(*name) {
            None if *required => return Err(Refusal::new(Why::Missing(name))),
            None => continue,
            // An optional property that is not nullable decodes `null` as
            // absent.
            Some(Value::Null)
                if !*required && !matches!(shape, Shape::Nullable(_) | Shape::Any) =>
            {
                score.add(Score::allowance());
            }
            Some(v) => score.add(check(shape, v, depth + 1).map_err(|r| r.under(name))?),
        }
        declared += 1;
    }
    score.declared = score.declared.saturating_add(declared);
    let others = o.len().saturating_sub(declared as usize);
    if others > 0 {
        match rest {
            Rest::Open if declared == 0 && !properties.is_empty() => {
                score.add(Score::allowance());
            }
            Rest::Open => {}
            Rest::Closed => {
                score.allowances = score
                    .allowances
                    .saturating_add(u32::try_from(others).unwrap_or(u32::MAX));
            }
            Rest::Typed(shape) => {
                for (name, v) in o {
                    if !properties.iter().any(|p| p.0 == name) {
                        score.add(check(shape, v, depth + 1)?);
                    }
                }
            }
        }
    }
    Ok(score)
}

/// The variants a tag value selects.
fn selected<'a>(
    mapping: &'a [(&'static str, usize)],
    tag: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    mapping
        .iter()
        .filter(move |(value, _)| *value == tag)
        .map(|(_, i)| *i)
}

/// The candidate that explains the value best, with its score.
fn best(
    variants: &[Variant],
    candidates: impl Iterator<Item = usize>,
    value: &Value,
    depth: usize,
) -> Option<(usize, Score)> {
    let mut best: Option<(usize, Score)> = None;
    for i in candidates {
        let Some((_, shape)) = variants.get(i) else {
            continue;
        };
        if let Ok(score) = check(shape, value, depth + 1) {
            if best.is_none_or(|(_, b)| score.rank() > b.rank()) {
                best = Some((i, score));
            }
        }
    }
    best
}

fn expected(shape: &Shape) -> &'static str {
    match shape {
        Shape::Boolean => "a boolean",
        Shape::Integer => "an integer",
        Shape::Number => "a number",
        Shape::String | Shape::Enum(_) => "a string",
        Shape::Array(_) => "an array",
        Shape::Map(_) | Shape::Object(..) | Shape::Tagged(..) => "an object",
        Shape::Nullable(inner) => expected(inner),
        Shape::Any | Shape::Union(_) => "a value",
    }
}

fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Decodes `value` as the union `shape` describes: `decode` turns it into
/// the variant of an index (for a union with a discriminator, the index
/// after the last variant is its catch-all). The variants that accept the
/// value are decoded best first until one decodes; a value that every
/// variant refuses is an error that says why each refused.
pub(crate) fn decode<T>(
    union: &str,
    shape: &Shape,
    value: Value,
    decode: impl Fn(usize, Cow<'_, Value>) -> Result<T, serde_json::Error>,
) -> Result<T, String> {
    let (variants, candidates): (&[Variant], Vec<usize>) = match shape {
        Shape::Union(variants) => (variants, (0..variants.len()).collect()),
        Shape::Tagged(property, mapping, variants) => {
            let Some(tag) = value.get(property).and_then(Value::as_str) else {
                return Err(format!("missing discriminator property `{property}`"));
            };
            let candidates: Vec<usize> = selected(mapping, tag).collect();
            match candidates.as_slice() {
                // Unlisted: the catch-all. One variant: the tag decides.
                [] => return decode(variants.len(), Cow::Owned(value)).map_err(|e| e.to_string()),
                [one] => return decode(*one, Cow::Owned(value)).map_err(|e| e.to_string()),
                _ => (variants, candidates),
            }
        }
        _ => return decode(0, Cow::Owned(value)).map_err(|e| e.to_string()),
    };
    let mut accepted: Vec<(usize, Score)> = Vec::new();
    let mut refused: Vec<(&str, Refusal)> = Vec::new();
    for i in candidates {
        let Some((name, shape)) = variants.get(i) else {
            continue;
        };
        match check(shape, &value, 0) {
            Ok(score) => accepted.push((i, score)),
            Err(why) => refused.push((name, why)),
        }
    }
    // Stable: among equals, the union's order.
    accepted.sort_by_key(|(_, score)| std::cmp::Reverse(score.rank()));
    let Some(((last, _), first)) = accepted.split_last() else {
        let reasons: Vec<String> = refused
            .iter()
            .map(|(name, why)| format!("`{name}`: {why}"))
            .collect();
        return Err(format!(
            "no variant of `{union}` accepts the value: {}",
            reasons.join("; ")
        ));
    };
    let mut error = None;
    for (i, _) in first {
        match decode(*i, Cow::Borrowed(&value)) {
            Ok(decoded) => return Ok(decoded),
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    decode(*last, Cow::Owned(value)).map_err(|e| error.unwrap_or(e).to_string())
}

/// A variant's value from the JSON, borrowed (another variant may be tried
/// after it) or owned.
pub(crate) fn from<T: serde::de::DeserializeOwned>(
    value: Cow<'_, Value>,
) -> Result<T, serde_json::Error> {
    match value {
        Cow::Borrowed(v) => T::deserialize(v),
        Cow::Owned(v) => serde_json::from_value(v),
    }
}
