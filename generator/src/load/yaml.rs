//! The one place that knows about serde_yaml (archived upstream, stable).
//!
//! YAML 1.2 is a superset of JSON, so this reads both. The result is a
//! `serde_json::Value` with keys in document order; non-string scalar keys
//! (such as an unquoted `200:` response code) become strings.

use crate::diag::Diagnostic;
use serde_json::{Map, Number, Value};

/// Parses YAML or JSON text into a JSON value.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
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
    to_json(yaml, "")
}

fn to_json(value: serde_yaml::Value, pointer: &str) -> Result<Value, Diagnostic> {
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
                            pointer,
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
                .map(|(i, v)| to_json(v, &format!("{pointer}/{i}")))
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
                            pointer,
                            "a mapping key is itself a list or a mapping",
                        )
                        .with_help("OpenAPI keys are strings; quote the key"))
                    }
                };
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let value = to_json(value, &child)?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value, pointer)?,
    })
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
    fn syntax_error_has_line() {
        let d = parse("a: [1, 2\nb: c").unwrap_err();
        assert!(d.line_col.is_some(), "{d:?}");
    }
}
