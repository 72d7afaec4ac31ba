//! The one place that knows about serde_yaml (archived upstream, stable).
//!
//! YAML 1.2 is a superset of JSON, so this reads both. The result is a
//! `serde_json::Value` with keys in document order; non-string scalar keys
//! (such as an unquoted `200:` response code) become strings.
//!
//! A document that is JSON is read as JSON, by serde_json: five to ten
//! times faster than serde_yaml, numbers rounded exactly (serde_json's
//! `float_roundtrip`), and a key repeated in one object refused, as
//! serde_yaml refuses it. Whatever serde_json refuses goes through
//! serde_yaml, which gives the error its line and column. The two readings
//! differ only where serde_yaml departs from JSON, and there the JSON
//! reading is the right one for a JSON document: serde_yaml refuses some
//! valid JSON (escaped surrogate pairs such as emoji, raw U+007F–U+009F,
//! keys over 1,024 characters, a line break before a `:`, integers beyond
//! 64 bits), turns `-0` into `0`, and folds U+0085, U+2028 and U+2029 in
//! strings into spaces.

use crate::diag::{Diagnostic, Pointer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses YAML or JSON text into a JSON value.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        if let Ok(Strict(value)) = serde_json::from_str::<Strict>(text) {
            return Ok(value);
        }
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error("", format!("the spec is not valid YAML or JSON: {e}"))
            .with_help(
                "fix the syntax at the given line; a JSON or YAML linter shows the same error",
            );
        if let Some(loc) = e.location() {
            d = d.at_line(loc.line(), loc.column());
        }
        d
    })?;
    to_json(yaml, &At::Root)
}

/// Where a value is in the document: made into a JSON pointer only for a
/// message (formatting one for every value is most of the conversion's time
/// in the unoptimised build `cargo xtask` runs).
enum At<'a> {
    Root,
    Index(&'a At<'a>, usize),
    Key(&'a At<'a>, &'a str),
}

impl At<'_> {
    fn pointer(&self) -> Pointer {
        match self {
            At::Root => Pointer::root(),
            At::Index(parent, i) => parent.pointer().push(i),
            At::Key(parent, key) => parent.pointer().push(key),
        }
    }
}

fn to_json(value: serde_yaml::Value, at: &At<'_>) -> Result<Value, Diagnostic> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match Number::from_f64(f) {
                    Some(n) => Value::Number(n),
                    None => {
                        return Err(Diagnostic::error(
                            at.pointer(),
                            format!("the number {f} cannot be represented in JSON"),
                        )
                        .with_help("use a finite number"))
                    }
                }
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &At::Index(at, i)))
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Null => "null".to_owned(),
                    _ => {
                        return Err(Diagnostic::error(
                            at.pointer(),
                            "a mapping key is itself a list or a mapping",
                        )
                        .with_help("OpenAPI keys are strings; quote the key"))
                    }
                };
                let value = to_json(value, &At::Key(at, &key))?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value, at)?,
    })
}

/// A JSON value read with serde_yaml's rules: repeated keys are an error.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number JSON cannot represent"))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let Strict(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_yaml_with_numeric_keys() {
        let v = parse("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
        let v = parse(r#"{"a": [1, 2.5, null]}"#).unwrap();
        assert_eq!(v["a"][1], 2.5);
    }

    #[test]
    fn json_reads_as_yaml_would() {
        let text =
            r#"{"b": {"x": [1, -2, 18446744073709551615, 320.0, 1e-3, "s", true, null]}, "a": {}}"#;
        let fast = parse(text).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(fast, to_json(yaml, &At::Root).unwrap());
        let keys: Vec<_> = fast.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "a"], "document order is kept");
    }

    #[test]
    fn json_numbers_round_exactly() {
        for (text, expected) in [
            ("9007199254740993.0", 9007199254740992.0),
            (
                "1.00000000000000011102230246251565404236316680908203125",
                1.0,
            ),
            ("2.2250738585072011e-308", 2.225_073_858_507_201e-308),
            ("0.1", 0.1),
        ] {
            let v = parse(&format!("{{\"n\": {text}}}")).unwrap();
            assert_eq!(v["n"].as_f64(), Some(expected), "{text}");
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&format!("{{\"n\": {text}}}")).unwrap();
            assert_eq!(
                v,
                to_json(yaml, &At::Root).unwrap(),
                "{text}: as serde_yaml reads it"
            );
        }
    }

    #[test]
    fn valid_json_that_serde_yaml_refuses_is_read_as_json() {
        let v = parse(r#"{"emoji": "\ud83d\ude00", "big": 18446744073709551616}"#).unwrap();
        assert_eq!(v["emoji"], "\u{1F600}");
        assert_eq!(v["big"].as_f64(), Some(18446744073709551616.0));
    }

    #[test]
    fn repeated_json_key_is_refused_with_its_line() {
        let d = parse("{\n  \"a\": 1,\n  \"a\": 2\n}").unwrap_err();
        assert!(d.message.contains("duplicate"), "{d:?}");
        assert!(d.line_col.is_some(), "{d:?}");
    }

    #[test]
    fn syntax_error_has_line() {
        let d = parse("a: [1, 2\nb: c").unwrap_err();
        assert!(d.line_col.is_some(), "{d:?}");
    }
}
