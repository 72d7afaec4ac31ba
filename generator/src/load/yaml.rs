//! The one place that knows about serde_yaml (archived upstream, stable).
//!
//! YAML 1.2 is a superset of JSON, so this reads both. The result is a
//! `serde_json::Value` with keys in document order, deserialised straight
//! from either reader (no intermediate YAML tree); non-string scalar keys
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
//! keys over 1,024 characters, a line break before a `:`), turns `-0` into `0`, and folds U+0085, U+2028 and U+2029 in
//! strings into spaces.

use crate::diag::Diagnostic;
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
    let Strict(value) = serde_yaml::from_str::<Strict>(text).map_err(|e| {
        let mut d = Diagnostic::error("", format!("the spec is not valid YAML or JSON: {e}"))
            .with_help(
                "fix the syntax at the given line; a JSON or YAML linter shows the same error",
            );
        if let Some(loc) = e.location() {
            d = d.at_line(loc.line(), loc.column());
        }
        d
    })?;
    Ok(value)
}

/// A JSON value read from either reader, with serde_yaml's rules: a key
/// repeated in one object is an error. Any number either format can write is
/// kept: integers beyond 64 bits (`-9223372036854776000`, a 64-bit bound
/// printed by a tool that went through a double) become the nearest `f64`,
/// as JavaScript would read them; the bound's checks later clamp or drop it.
/// YAML keys that are not strings (`200:`, `true:`, `~:`) become strings, and
/// a YAML tag (`!Thing value`) is dropped for its value.
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

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        match i64::try_from(i) {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => self.visit_f64(i as f64),
        }
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        match u64::try_from(u) {
            Ok(u) => Ok(Value::from(u)),
            Err(_) => self.visit_f64(u as f64),
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Number::from_f64(f).map(Value::Number).ok_or_else(|| {
            E::custom(format_args!(
                "the number {f} cannot be represented in JSON; use a finite number"
            ))
        })
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
        while let Some(Key(key)) = access.next_key::<Key>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let Strict(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, content) = data.variant::<de::IgnoredAny>()?;
        let Strict(value) = de::VariantAccess::newtype_variant::<Strict>(content)?;
        Ok(value)
    }
}

/// A mapping key: any scalar, as the text it is written with.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a string key (OpenAPI keys are strings; quote a key that is a list or a mapping)",
        )
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_bool<E>(self, b: bool) -> Result<String, E> {
        Ok(b.to_string())
    }

    fn visit_i64<E>(self, i: i64) -> Result<String, E> {
        Ok(i.to_string())
    }

    fn visit_u64<E>(self, u: u64) -> Result<String, E> {
        Ok(u.to_string())
    }

    fn visit_i128<E>(self, i: i128) -> Result<String, E> {
        Ok(i.to_string())
    }

    fn visit_u128<E>(self, u: u128) -> Result<String, E> {
        Ok(u.to_string())
    }

    fn visit_f64<E>(self, f: f64) -> Result<String, E> {
        Ok(Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string()))
    }

    fn visit_str<E>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }

    fn visit_string<E>(self, s: String) -> Result<String, E> {
        Ok(s)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_tag, content) = data.variant::<de::IgnoredAny>()?;
        let Key(key) = de::VariantAccess::newtype_variant::<Key>(content)?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text read by serde_yaml, even when it is JSON.
    fn as_yaml(text: &str) -> Value {
        serde_yaml::from_str::<Strict>(text).unwrap().0
    }

    #[test]
    fn integers_beyond_64_bits_are_read_in_yaml_and_json() {
        let yaml = "minimum: -9223372036854776000\nmaximum: 18446744073709551616\nsmall: -3\n";
        let v = parse(yaml).unwrap();
        assert_eq!(v["minimum"].as_f64(), Some(-9223372036854775808.0));
        assert_eq!(v["maximum"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(v["small"].as_i64(), Some(-3));
        let json = parse(r#"{"minimum": -9223372036854776000}"#).unwrap();
        assert_eq!(json["minimum"], v["minimum"]);
    }

    #[test]
    fn yaml_keys_of_any_scalar_and_tags_are_read() {
        let v = parse("200: a\ntrue: b\n~: c\n1.5: d\nx: !Custom {k: 1}\n").unwrap();
        assert_eq!(v["200"], "a");
        assert_eq!(v["true"], "b");
        assert_eq!(v["null"], "c");
        assert_eq!(v["1.5"], "d");
        assert_eq!(v["x"]["k"], 1);
    }

    #[test]
    fn yaml_errors_have_lines() {
        for text in ["a: 1\na: 2\n", "a: .nan\n", "? [1, 2]\n: x\n"] {
            let d = parse(text).unwrap_err();
            assert!(d.line_col.is_some(), "{text}: {d:?}");
        }
    }

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
        assert_eq!(fast, as_yaml(text));
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
            assert_eq!(
                v,
                as_yaml(&format!("{{\"n\": {text}}}")),
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
