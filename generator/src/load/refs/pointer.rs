//! JSON pointers and the text of references: building and escaping
//! pointers, and telling what a `$ref`'s string is (canonical, a URL, a
//! reference in a discriminator's mapping).

use serde_json::Value;
use std::fmt::Write as _;

/// `token` appended to a JSON pointer, escaped; returns the length before.
pub(super) fn push(ptr: &mut String, token: &str) -> usize {
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

pub(super) fn push_index(ptr: &mut String, i: usize) -> usize {
    let len = ptr.len();
    let _ = write!(ptr, "/{i}");
    len
}

pub(super) fn ref_of(v: &Value) -> Option<&str> {
    v.as_object()?.get("$ref")?.as_str()
}

/// `#/components/{section}/{name}`, one token, as written in the entry file.
pub(super) fn is_canonical(reference: &str, section: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|r| r.strip_prefix(section))
        .and_then(|r| r.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// A reference with a scheme (`https://…`, `urn:…`), not a relative path.
pub(super) fn is_url(reference: &str) -> bool {
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
pub(in crate::load) fn percent_decode(s: &str) -> String {
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
pub(super) fn looks_like_ref(s: &str) -> bool {
    s.contains('#')
        || s.contains('/')
        || s.ends_with(".yaml")
        || s.ends_with(".yml")
        || s.ends_with(".json")
}

pub(super) fn child<'v>(node: &'v Value, token: &str) -> Option<&'v Value> {
    match node {
        Value::Object(o) => o.get(token),
        Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    }
}
