//! Writing parameters: percent-encoding, and the `style`s of OpenAPI 3.x
//! (RFC 6570 URI templates for `simple`, `label`, `matrix` and `form`; the
//! spec's own `spaceDelimited`, `pipeDelimited` and `deepObject`).
//!
//! A value is first turned into a [`Value`] (a string, a list or an object
//! whose properties keep their declaration order), then written by its
//! location's function: [`path`], [`query`], [`header`] or [`cookie`].
//! As RFC 6570 says, an empty list or object, and `null`, are undefined:
//! nothing is written for them, not even the name.

/// Appends a path parameter to `path`, percent-encoded: everything but
/// RFC 3986's unreserved characters, so that `/`, `?` or `#` in a value
/// cannot change the request's target.
#[allow(dead_code)]
pub(crate) fn push_segment(path: &mut String, value: &str) {
    encode_into(path, value, false);
}

/// `?a=1&b=x%20y` for the pairs, or nothing when there are none.
#[allow(dead_code)]
pub(crate) fn query_string(pairs: &[(&'static str, String)]) -> String {
    let mut out = String::new();
    append_query(&mut out, pairs, false);
    out
}

/// Appends the pairs, percent-encoded, to the query of `url` (after a `?`,
/// or an `&` when it has a query already). With `replacing`, the pairs of
/// `url` named like one of them are removed first, so that each name is
/// sent once.
pub(crate) fn append_query<N: AsRef<str>>(
    url: &mut String,
    pairs: &[(N, String)],
    replacing: bool,
) {
    if pairs.is_empty() {
        return;
    }
    if replacing {
        if let Some(start) = url.find('?') {
            let names: Vec<String> = pairs
                .iter()
                .map(|(name, _)| {
                    let mut encoded = String::new();
                    encode_into(&mut encoded, name.as_ref(), false);
                    encoded
                })
                .collect();
            let kept: Vec<String> = url[start + 1..]
                .split('&')
                .filter(|pair| {
                    let name = pair.split('=').next().unwrap_or(pair);
                    !pair.is_empty() && !names.iter().any(|n| n == name)
                })
                .map(str::to_owned)
                .collect();
            url.truncate(start);
            if !kept.is_empty() {
                url.push('?');
                url.push_str(&kept.join("&"));
            }
        }
    }
    for (name, value) in pairs {
        url.push(if url.contains('?') { '&' } else { '?' });
        encode_into(url, name.as_ref(), false);
        url.push('=');
        encode_into(url, value, false);
    }
}

/// A parameter's value, in the shapes the styles know.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null` (or an absent property): undefined, never written.
    Null,
    /// A string, written as it is.
    Text(String),
    /// A number or a boolean, written as JSON writes it.
    Literal(String),
    List(Vec<Value>),
    /// An object's properties, in the order the type declares them.
    Object(Vec<(String, Value)>),
}

/// OpenAPI's `style` of a parameter.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Any serialisable value (a struct, a union, a map), through its JSON
/// form: a struct's properties come in declaration order, absent ones
/// left out.
#[allow(dead_code)]
pub(crate) fn value<T: serde::Serialize + ?Sized, E>(
    operation: &'static str,
    name: &str,
    value: &T,
) -> Result<Value, crate::Error<E>> {
    serde_json::to_string(value)
        .and_then(|json| serde_json::from_str(&json))
        .map_err(|e| invalid(operation, name, e))
}

/// A `content: {application/json: …}` parameter: the value's JSON text,
/// written as one string.
#[allow(dead_code)]
pub(crate) fn json<T: serde::Serialize + ?Sized, E>(
    operation: &'static str,
    name: &str,
    value: &T,
) -> Result<Value, crate::Error<E>> {
    serde_json::to_string(value)
        .map(Value::Text)
        .map_err(|e| invalid(operation, name, e))
}

fn invalid<E>(operation: &'static str, name: &str, e: serde_json::Error) -> crate::Error<E> {
    crate::Error::InvalidRequest(crate::InvalidRequest {
        operation,
        errors: vec![crate::FieldError {
            path: format!("params.{name}"),
            message: e.to_string(),
        }],
    })
}

/// Appends the expansion of path parameter `name` (`simple`: `a,b`;
/// `label`: `.a,b`, exploded `.a.b`; `matrix`: `;x=a,b`, exploded
/// `;x=a;x=b`), percent-encoded.
#[allow(dead_code)]
pub(crate) fn path(out: &mut String, style: Style, explode: bool, name: &str, value: &Value) {
    let op = match style {
        Style::Label => Operator::LABEL,
        Style::Matrix => Operator::MATRIX,
        _ => Operator::SIMPLE,
    };
    expand(out, op, name, value, explode, false);
}

/// Appends query parameter `name` to `query` (pairs joined by `&`, without
/// the leading `?`): `form` (`x=a&x=b`, or `x=a,b` unexploded; an exploded
/// object spreads its properties as pairs), `spaceDelimited` (`x=a%20b`),
/// `pipeDelimited` (`x=a|b`) or `deepObject` (`x[k]=v`, nested objects
/// `x[k][k2]=v`, arrays in them `x[k][]=v`). With `allow_reserved`, the
/// reserved characters `:/?#[]@!$&'()*+,;=` of values are not encoded.
/// What the spec leaves undefined is written as exploded `form`: a
/// `deepObject` that is not an object, and an exploded `spaceDelimited` or
/// `pipeDelimited`.
#[allow(dead_code)]
pub(crate) fn query(
    query: &mut String,
    style: Style,
    explode: bool,
    allow_reserved: bool,
    name: &str,
    value: &Value,
) {
    let mut out = String::new();
    let delimiter = match style {
        Style::SpaceDelimited => Some("%20"),
        Style::PipeDelimited => Some("|"),
        _ => None,
    };
    match (style, value, delimiter) {
        (Style::DeepObject, Value::Object(_), _) => {
            deep(&mut out, &deep_name(name), value, allow_reserved)
        }
        (_, Value::List(_) | Value::Object(_), Some(delimiter)) if !explode => {
            let items = members(value);
            if !items.is_empty() {
                encode_into(&mut out, name, false);
                out.push('=');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(delimiter);
                    }
                    encode_into(&mut out, item, allow_reserved);
                }
            }
        }
        _ => expand(
            &mut out,
            Operator::FORM,
            name,
            value,
            explode,
            allow_reserved,
        ),
    }
    if !out.is_empty() {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&out);
    }
}

/// A header parameter's value (`simple`: `a,b`; objects `k,v`, exploded
/// `k=v`), not percent-encoded: `None` when it is undefined.
#[allow(dead_code)]
pub(crate) fn header(explode: bool, value: &Value) -> Option<String> {
    let text = |v: &Value| match v {
        Value::Text(s) | Value::Literal(s) => s.clone(),
        other => other.to_json(),
    };
    let out = match value {
        Value::Null => return None,
        Value::Text(_) | Value::Literal(_) => text(value),
        Value::List(items) => {
            let items: Vec<String> = items.iter().filter(|v| v.defined()).map(text).collect();
            if items.is_empty() {
                return None;
            }
            items.join(",")
        }
        Value::Object(props) => {
            let props: Vec<String> = props
                .iter()
                .filter(|(_, v)| v.defined())
                .map(|(k, v)| {
                    let sep = if explode { '=' } else { ',' };
                    format!("{k}{sep}{}", text(v))
                })
                .collect();
            if props.is_empty() {
                return None;
            }
            props.join(",")
        }
    };
    Some(out)
}

/// Appends cookie parameter `name` to `cookies` (`a=1; b=2`), in `form`
/// style with percent-encoded values: exploded, a list repeats the name and
/// an object spreads its properties; unexploded, `a=1,2`.
#[allow(dead_code)]
pub(crate) fn cookie(cookies: &mut String, explode: bool, name: &str, value: &Value) {
    let mut out = String::new();
    expand(&mut out, Operator::COOKIE, name, value, explode, false);
    if !out.is_empty() {
        if !cookies.is_empty() {
            cookies.push_str("; ");
        }
        cookies.push_str(&out);
    }
}

/// Adds `cookies` (`a=1; b=2`) to the request's `Cookie` header, after any
/// cookie already set on it (such as an API key sent in a cookie), so that
/// the request carries one `Cookie` header as RFC 6265 §5.4 asks. Every
/// cookie the client sends besides the API key's goes through here.
#[allow(dead_code)]
pub(crate) fn add_cookies<E>(
    operation: &'static str,
    request: reqwest::RequestBuilder,
    cookies: &str,
) -> Result<reqwest::RequestBuilder, crate::Error<E>> {
    if cookies.is_empty() {
        return Ok(request);
    }
    let (client, request) = request.build_split();
    let mut request = request.map_err(|e| {
        crate::Error::InvalidRequest(crate::InvalidRequest {
            operation,
            errors: vec![crate::FieldError {
                path: "request".to_owned(),
                message: e.to_string(),
            }],
        })
    })?;
    let headers = request.headers_mut();
    let mut all: Vec<String> = headers
        .get_all(reqwest::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    all.push(cookies.to_owned());
    // Percent-encoded names and values: always a valid header value.
    if let Ok(value) = reqwest::header::HeaderValue::try_from(all.join("; ")) {
        headers.insert(reqwest::header::COOKIE, value);
    }
    Ok(reqwest::RequestBuilder::from_parts(client, request))
}

/// Appends `path` and `query` (pairs without the `?`) as a request target.
#[allow(dead_code)]
pub(crate) fn target(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// An RFC 6570 expression's operator (section 3.2, appendix A).
#[derive(Clone, Copy)]
struct Operator {
    first: &'static str,
    sep: &'static str,
    named: bool,
    ifemp: &'static str,
}

impl Operator {
    const SIMPLE: Self = Self {
        first: "",
        sep: ",",
        named: false,
        ifemp: "",
    };
    const LABEL: Self = Self {
        first: ".",
        sep: ".",
        named: false,
        ifemp: "",
    };
    const MATRIX: Self = Self {
        first: ";",
        sep: ";",
        named: true,
        ifemp: "",
    };
    /// `{?x}` without the `?`: pairs joined by `&`.
    const FORM: Self = Self {
        first: "",
        sep: "&",
        named: true,
        ifemp: "=",
    };
    /// Form style in a `Cookie` header: pairs joined by `; `.
    const COOKIE: Self = Self {
        first: "",
        sep: "; ",
        named: true,
        ifemp: "=",
    };
}

/// RFC 6570's expansion of one variable (appendix A); members that are
/// lists or objects themselves are written as their JSON text.
fn expand(
    out: &mut String,
    op: Operator,
    name: &str,
    value: &Value,
    explode: bool,
    reserved: bool,
) {
    let named = |out: &mut String, name: &str, text: &str| {
        encode_into(out, name, false);
        if text.is_empty() {
            out.push_str(op.ifemp);
        } else {
            out.push('=');
            encode_into(out, text, reserved);
        }
    };
    match value {
        Value::Null => {}
        Value::Text(s) | Value::Literal(s) => {
            out.push_str(op.first);
            if op.named {
                named(out, name, s);
            } else {
                encode_into(out, s, reserved);
            }
        }
        Value::List(_) | Value::Object(_) if !explode => {
            let items = members(value);
            if items.is_empty() {
                return;
            }
            out.push_str(op.first);
            if op.named {
                encode_into(out, name, false);
                out.push('=');
            }
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                encode_into(out, item, reserved);
            }
        }
        Value::List(items) => {
            let items: Vec<String> = items.iter().filter_map(Value::member).collect();
            if items.is_empty() {
                return;
            }
            out.push_str(op.first);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(op.sep);
                }
                if op.named {
                    named(out, name, item);
                } else {
                    encode_into(out, item, reserved);
                }
            }
        }
        Value::Object(props) => {
            let mut pairs: Vec<(&String, String)> = Vec::new();
            for (k, v) in props {
                match v {
                    // An array property of an exploded object: one pair
                    // per item (`tags=x&tags=y`), as a form body writes it.
                    Value::List(items) if op.named => {
                        pairs.extend(items.iter().filter_map(Value::member).map(|item| (k, item)));
                    }
                    _ => pairs.extend(v.member().map(|member| (k, member))),
                }
            }
            let props = pairs;
            if props.is_empty() {
                return;
            }
            out.push_str(op.first);
            for (i, (k, v)) in props.iter().enumerate() {
                if i > 0 {
                    out.push_str(op.sep);
                }
                if op.named {
                    named(out, k, v);
                } else {
                    encode_into(out, k, false);
                    out.push('=');
                    encode_into(out, v, reserved);
                }
            }
        }
    }
}

/// An unexploded list's items, or an object's keys and values in turn.
fn members(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(Value::member).collect(),
        Value::Object(props) => props
            .iter()
            .filter_map(|(k, v)| Some([k.clone(), v.member()?]))
            .flatten()
            .collect(),
        _ => Vec::new(),
    }
}

/// `deepObject`: `name[k]=v` for each defined property, brackets as the
/// spec's table writes them; a nested object adds a level (`name[a][b]=v`),
/// an array repeats its key with `[]` (`name[a][]=1&name[a][]=2`) or, for
/// items that are objects, its index (`name[a][0][b]=v`), as Rails, PHP and
/// `qs` read them.
fn deep(out: &mut String, prefix: &str, value: &Value, reserved: bool) {
    let pair = |out: &mut String, key: &str, text: &str| {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        encode_into(out, text, reserved);
    };
    let key = |prefix: &str, k: &str| {
        let mut key = prefix.to_owned();
        key.push('[');
        encode_into(&mut key, k, false);
        key.push(']');
        key
    };
    match value {
        Value::Null => {}
        Value::Text(s) | Value::Literal(s) => pair(out, prefix, s),
        Value::Object(props) => {
            for (k, v) in props {
                let mut nested = String::new();
                deep(&mut nested, &key(prefix, k), v, reserved);
                if !nested.is_empty() {
                    if !out.is_empty() {
                        out.push('&');
                    }
                    out.push_str(&nested);
                }
            }
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = match item {
                    Value::List(_) | Value::Object(_) => format!("{prefix}[{i}]"),
                    _ => format!("{prefix}[]"),
                };
                let mut nested = String::new();
                deep(&mut nested, &key, item, reserved);
                if !nested.is_empty() {
                    if !out.is_empty() {
                        out.push('&');
                    }
                    out.push_str(&nested);
                }
            }
        }
    }
}

/// `deep`'s first level: the parameter's name, percent-encoded.
fn deep_name(name: &str) -> String {
    let mut out = String::new();
    encode_into(&mut out, name, false);
    out
}

impl Value {
    fn defined(&self) -> bool {
        match self {
            Value::Null => false,
            Value::List(items) => items.iter().any(Value::defined),
            Value::Object(props) => props.iter().any(|(_, v)| v.defined()),
            Value::Text(_) | Value::Literal(_) => true,
        }
    }

    /// A member of a list or object as one string: its text, or the JSON of
    /// a list or object; `None` when undefined.
    fn member(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(s) | Value::Literal(s) => Some(s.clone()),
            other => Some(other.to_json()),
        }
    }

    fn to_json(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Text(s) => serde_json::to_string(s).unwrap_or_default(),
            Value::Literal(s) => s.clone(),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(Value::to_json).collect();
                format!("[{}]", items.join(","))
            }
            Value::Object(props) => {
                let props: Vec<String> = props
                    .iter()
                    .map(|(k, v)| {
                        let k = serde_json::to_string(k).unwrap_or_default();
                        format!("{k}:{}", v.to_json())
                    })
                    .collect();
                format!("{{{}}}", props.join(","))
            }
        }
    }
}

/// Reads JSON text into a [`Value`], keeping the order of properties.
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Literal(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Literal(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Literal(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Literal(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Value, E> {
                Ok(Value::Text(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Value, A::Error> {
                let mut props = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    props.push((k, v));
                }
                Ok(Value::Object(props))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Percent-encodes `value` into `out`: everything but RFC 3986's unreserved
/// characters, and with `reserved` also its reserved characters and
/// percent-encoded triplets (RFC 6570's `+` expansion).
fn encode_into(out: &mut String, value: &str, reserved: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (reserved
                && (b":/?#[]@!$&'()*+,;=".contains(&byte)
                    || (byte == b'%'
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                        && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))));
        if keep {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

/// Standard base64 with padding (RFC 4648), for `Authorization: Basic`.
#[allow(dead_code)]
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
