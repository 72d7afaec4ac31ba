//! `application/x-www-form-urlencoded` request bodies.
//!
//! The body's type is serialised as it would be as JSON (the same field
//! names, the same omitted fields), then each top-level property becomes
//! `name=value` pairs, sorted by name (whatever order `serde_json`'s maps
//! keep, the bytes are the same):
//!
//! - a string, number or boolean: one pair (`true`, `42`, `x+y`);
//! - `null`: one pair with an empty value (`name=`);
//! - an array: one pair per item (`tag=a&tag=b`, `style: form`, exploded,
//!   the default), or one pair with the items joined by `%2C` (`,`: `form`,
//!   not exploded), `%20` (`spaceDelimited`, as the spec's style table
//!   writes it, not `+`) or `%7C` (`|`: `pipeDelimited`);
//! - an object: one pair per property (`form`, exploded, the default), one
//!   pair `name=k,v,k,v` (`form`, not exploded), or `name[k]=v`
//!   (`deepObject`, nested objects and arrays as `name[k][k2]=v`);
//! - a property whose `encoding.contentType` is JSON: its JSON text;
//! - anything deeper (an object in an array): its JSON text.
//!
//! Names and values are encoded as the WHATWG URL standard's
//! `application/x-www-form-urlencoded` serializer says: a space is `+`,
//! ASCII letters, digits and `*-._` stay as they are, every other byte of
//! the UTF-8 text is `%XX`.

use crate::error::{Error, FieldError, InvalidRequest};
use serde_json::Value;

/// How one property is written, from the spec's `encoding` object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Encoding {
    pub(crate) name: &'static str,
    pub(crate) style: Style,
    pub(crate) explode: bool,
    /// Sent as JSON text (`contentType: application/json`).
    pub(crate) json: bool,
}

/// The `style` of a property.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// The default for a property the `encoding` object does not name.
const DEFAULT: Encoding = Encoding {
    name: "",
    style: Style::Form,
    explode: true,
    json: false,
};

/// Serialises `body` as a form; a body that is not an object (the spec's
/// schema is not one) is refused before anything is sent.
pub(crate) fn body<T: serde::Serialize, E>(
    operation: &'static str,
    body: &T,
    encoding: &[Encoding],
) -> Result<Vec<u8>, Error<E>> {
    let invalid = |message: String| {
        Error::InvalidRequest(InvalidRequest {
            operation,
            errors: vec![FieldError {
                path: "body".to_owned(),
                message,
            }],
        })
    };
    let value = serde_json::to_value(body).map_err(|e| invalid(e.to_string()))?;
    let Value::Object(properties) = value else {
        return Err(invalid(
            "a form body must be an object of properties".to_owned(),
        ));
    };
    let mut properties: Vec<(&String, &Value)> = properties.iter().collect();
    properties.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Pairs(String::new());
    for (name, value) in properties {
        let how = encoding
            .iter()
            .find(|e| e.name == name)
            .copied()
            .unwrap_or(DEFAULT);
        property(&mut out, name, value, how);
    }
    Ok(out.0.into_bytes())
}

fn property(out: &mut Pairs, name: &str, value: &Value, how: Encoding) {
    if how.json {
        out.pair(name, &value.to_string());
        return;
    }
    match value {
        Value::Array(items) => {
            if how.explode && how.style == Style::Form || how.style == Style::DeepObject {
                for item in items {
                    out.pair(name, &scalar(item));
                }
            } else {
                // The separators encoded as the spec's style table writes
                // them: a space as `%20` (not `+`, which is a space inside an item).
                let separator = match how.style {
                    Style::SpaceDelimited => "%20",
                    Style::PipeDelimited => "%7C",
                    _ => "%2C",
                };
                let items: Vec<String> = items.iter().map(scalar).collect();
                out.joined(name, &items, separator);
            }
        }
        Value::Object(fields) => match how.style {
            Style::DeepObject => deep(out, name, value),
            _ if how.explode => {
                for (key, item) in sorted(fields) {
                    out.pair(key, &scalar(item));
                }
            }
            _ => {
                let joined: Vec<String> = sorted(fields)
                    .into_iter()
                    .flat_map(|(key, item)| [key.clone(), scalar(item)])
                    .collect();
                out.pair(name, &joined.join(","));
            }
        },
        other => out.pair(name, &scalar(other)),
    }
}

/// `name[key]=value`, through nested objects and arrays.
fn deep(out: &mut Pairs, name: &str, value: &Value) {
    match value {
        Value::Object(fields) => {
            for (key, item) in sorted(fields) {
                deep(out, &format!("{name}[{key}]"), item);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep(out, name, item);
            }
        }
        other => out.pair(name, &scalar(other)),
    }
}

/// An object's properties, sorted by name.
fn sorted(fields: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut fields: Vec<(&String, &Value)> = fields.iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    fields
}

/// A value as the text of one pair: strings as they are, `null` as nothing,
/// numbers and booleans as JSON writes them, anything else as JSON text.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The pairs written so far.
struct Pairs(String);

impl Pairs {
    fn pair(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        encode_into(&mut self.0, name);
        self.0.push('=');
        encode_into(&mut self.0, value);
    }

    /// One pair whose value is `items`, each encoded, between `separator`s
    /// (written as they are).
    fn joined(&mut self, name: &str, items: &[String], separator: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        encode_into(&mut self.0, name);
        self.0.push('=');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push_str(separator);
            }
            encode_into(&mut self.0, item);
        }
    }
}

/// The WHATWG `application/x-www-form-urlencoded` byte serializer.
fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_') {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}
