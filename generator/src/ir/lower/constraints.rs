//! Constraints as schemas state them, read without lowering anything: the
//! constraints of a schema without `type`, the tighter of two sets (an
//! `allOf` is under all of its branches'), and whether a schema constrains
//! nothing at all (it only annotates).
//!
//! A leaf of lowering: [`schemas`](super::schemas) and
//! [`composition`](super::composition) both use it, and it uses neither.

use crate::ir::{Bound, Constraints, Number};
use openapiv3::{Schema, SchemaKind};

/// A schema that says nothing about the value: no type and no keyword but
/// annotations (`description`, `title`, `nullable`, `example`, `default`).
pub(super) fn annotates_only(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a) if *a == openapiv3::AnySchema::default())
}

/// The constraints a schema without `type` states.
pub(super) fn any_constraints(a: &openapiv3::AnySchema) -> Constraints {
    let bound = |v: Option<f64>, exclusive: Option<bool>| {
        v.map(|v| Bound {
            value: if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Number::Int(v as i64)
            } else {
                Number::Float(v)
            },
            exclusive: exclusive.unwrap_or(false),
        })
    };
    Constraints {
        minimum: bound(a.minimum, a.exclusive_minimum),
        maximum: bound(a.maximum, a.exclusive_maximum),
        min_length: a.min_length.map(|n| n as u64),
        max_length: a.max_length.map(|n| n as u64),
        pattern: a.pattern.clone().filter(|p| regress::Regex::new(p).is_ok()),
        min_items: a.min_items.map(|n| n as u64),
        max_items: a.max_items.map(|n| n as u64),
        items: None,
        values: None,
    }
}

/// Both sets of constraints at once: the tighter bound of each pair.
pub(super) fn tighter(a: Constraints, b: Constraints) -> Constraints {
    fn num(n: Number) -> f64 {
        match n {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
    let lower = |x: Option<Bound>, y: Option<Bound>| match (x, y) {
        (Some(x), Some(y)) => Some(if num(y.value) > num(x.value) { y } else { x }),
        (x, y) => x.or(y),
    };
    let upper = |x: Option<Bound>, y: Option<Bound>| match (x, y) {
        (Some(x), Some(y)) => Some(if num(y.value) < num(x.value) { y } else { x }),
        (x, y) => x.or(y),
    };
    let min = |x: Option<u64>, y: Option<u64>| match (x, y) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let max = |x: Option<u64>, y: Option<u64>| match (x, y) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    Constraints {
        minimum: lower(a.minimum, b.minimum),
        maximum: upper(a.maximum, b.maximum),
        min_length: min(a.min_length, b.min_length),
        max_length: max(a.max_length, b.max_length),
        // Two patterns cannot be one `static`: the first is checked.
        pattern: a.pattern.or(b.pattern),
        min_items: min(a.min_items, b.min_items),
        max_items: max(a.max_items, b.max_items),
        items: a.items.or(b.items),
        values: a.values.or(b.values),
    }
}

/// The constraints a schema states for its own kind of value, read from
/// the spec (a string's lengths and pattern, a number's bounds, an array's
/// item counts; a schema without `type`, see [`any_constraints`]).
pub(super) fn schema_constraints(schema: &Schema) -> Constraints {
    use openapiv3::Type;
    let int = |v: Option<i64>, exclusive: bool| {
        v.map(|v| Bound {
            value: Number::Int(v),
            exclusive,
        })
    };
    let float = |v: Option<f64>, exclusive: bool| {
        v.map(|v| Bound {
            value: Number::Float(v),
            exclusive,
        })
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            min_length: s.min_length.map(|n| n as u64),
            max_length: s.max_length.map(|n| n as u64),
            pattern: s.pattern.clone().filter(|p| regress::Regex::new(p).is_ok()),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: int(i.minimum, i.exclusive_minimum),
            maximum: int(i.maximum, i.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: float(n.minimum, n.exclusive_minimum),
            maximum: float(n.maximum, n.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: a.min_items.map(|n| n as u64),
            max_items: a.max_items.map(|n| n as u64),
            ..Constraints::default()
        },
        SchemaKind::Any(a) => any_constraints(a),
        _ => Constraints::default(),
    }
}
