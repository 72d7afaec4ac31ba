//! Swagger 2.0 → OpenAPI 3.0: rewrites a 2.0 document, before its
//! references are resolved, into the 3.0 form the rest of loading reads,
//! keeping its meaning; what 3.0 (or the model) cannot say is a warning at
//! its pointer in the 2.0 document.
//!
//! | Swagger 2.0 | OpenAPI 3.0 |
//! |---|---|
//! | `swagger: "2.0"` | `openapi: 3.0.3` |
//! | `host` + `basePath` + `schemes` | `servers`, one per scheme (https first; none given: https); no `host`: the relative `basePath` |
//! | `definitions` | `components/schemas` |
//! | `parameters` (not `body` or `formData`) | `components/parameters` (a body or form one is copied where it is used) |
//! | `responses` | `components/responses`, their bodies in the document's `produces` |
//! | `securityDefinitions` | `components/securitySchemes`: `basic` → `http`/`basic`; `apiKey` as it is; `oauth2` flows `implicit`, `password`, `application` → `clientCredentials`, `accessCode` → `authorizationCode` |
//! | `consumes`, `produces` | the media types of bodies ([`operation`]) |
//! | schemas | [`schema`] |
//!
//! A parameter, response or path item written as a `$ref` to another file
//! is first copied in from that file ([`bundle`]), its references made
//! relative to the entry file; schemas in other files are left to the
//! reference resolver, and rewritten by [`after_resolve`] once hoisted.
//! Where each part of the result came from is recorded in [`Documents`]
//! (so that later diagnostics name the 2.0 document's pointers).

mod bundle;
mod operation;
mod schema;

use super::files::Sources;
use super::refs::Documents;
use crate::diag::{Diagnostic, Diagnostics, Pointer};
use serde_json::{Map, Value};

/// The state of one conversion: where warnings go, the document-wide
/// defaults, and where each place of the result came from.
pub(super) struct Cx<'a> {
    diags: &'a mut Diagnostics,
    /// The entry file as shown: the converter's warnings name the 2.0
    /// document's own pointers, so they are not traced back like others.
    file: String,
    /// (place of the result, place it came from): each a file and pointer.
    jumps: Vec<((usize, String), (usize, String))>,
    /// Places of the entry copied from another file: (place, file, file as
    /// shown, pointer there).
    bundled: Vec<(String, usize, String, String)>,
    consumes: Vec<String>,
    produces: Vec<String>,
    schemes: Option<Value>,
    /// The document's `parameters`, as written (to tell a body parameter
    /// behind a reference).
    parameters: Map<String, Value>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(diags: &'a mut Diagnostics, file: &str) -> Self {
        Cx {
            diags,
            file: file.to_owned(),
            jumps: Vec::new(),
            bundled: Vec::new(),
            consumes: Vec::new(),
            produces: Vec::new(),
            schemes: None,
            parameters: Map::new(),
        }
    }

    /// The file and pointer a pointer of the 2.0 entry document stands for
    /// (another file's, where that part was copied from it), and the file
    /// as shown.
    fn place(&self, ptr: &str) -> (usize, String, String) {
        let found = self
            .bundled
            .iter()
            .rev()
            .filter(|(at, ..)| {
                ptr.strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(at, ..)| at.len());
        match found {
            Some((at, file, shown, there)) => (
                *file,
                format!(
                    "{there}{}",
                    ptr.strip_prefix(at.as_str()).unwrap_or_default()
                ),
                shown.clone(),
            ),
            None => (0, ptr.to_owned(), self.file.clone()),
        }
    }

    /// The key under which [`Documents::origin`] looks a pointer of the
    /// result up: its parent's place, then its last token.
    fn key(&self, ptr: &str) -> (usize, String) {
        match ptr.rsplit_once('/') {
            Some((parent, last)) => {
                let (file, at, _) = self.place(parent);
                (file, format!("{at}/{last}"))
            }
            None => (0, ptr.to_owned()),
        }
    }

    /// A warning at a pointer of the 2.0 document.
    pub(super) fn warn(&mut self, ptr: &Pointer, message: impl Into<String>, help: &str) {
        let (_, pointer, file) = self.place(ptr.as_str());
        let mut d = Diagnostic::warning(pointer, message).with_help(help);
        d.file = file;
        self.diags.push(d);
    }

    /// An error at a pointer of the 2.0 document.
    fn error(&mut self, ptr: &str, message: String, help: &str) {
        let (_, pointer, file) = self.place(ptr);
        let mut d = Diagnostic::error(pointer, message).with_help(help);
        d.file = file;
        self.diags.push(d);
    }

    /// The place `from` of the result came from `to` of the 2.0 document.
    pub(super) fn jump(&mut self, from: &Pointer, to: &Pointer) {
        let key = self.key(from.as_str());
        let (file, at, _) = self.place(to.as_str());
        if key != (file, at.clone()) {
            self.jumps.push((key, (file, at)));
        }
    }

    /// A parameter as written, through a reference to the document's
    /// `parameters`.
    pub(super) fn resolved(&self, p: &Value) -> Option<Map<String, Value>> {
        let o = p.as_object()?;
        match o.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.strip_prefix("#/parameters/")?;
                let name = crate::diag::unescape_token(name);
                self.parameters.get(&name)?.as_object().cloned()
            }
            None => Some(o.clone()),
        }
    }
}

/// Whether the document is Swagger 2.0.
pub(super) fn is_swagger(doc: &Value) -> bool {
    doc.get("swagger").is_some() && doc.get("openapi").is_none()
}

/// Rewrites the 2.0 document `doc` (the entry file's value, `docs.files[0]`)
/// into OpenAPI 3.0, reading the files its parameters, responses and path
/// items refer to from `sources`.
pub(super) fn convert(
    mut doc: Value,
    docs: &mut Documents,
    sources: Option<&dyn Sources>,
    diags: &mut Diagnostics,
) -> Value {
    let shown = docs
        .files
        .first()
        .map(|f| f.display.clone())
        .unwrap_or_default();
    let mut cx = Cx::new(diags, &shown);
    bundle::bundle(&mut doc, docs, sources, &mut cx);
    let Some(root) = doc.as_object_mut() else {
        return doc;
    };
    cx.consumes = strings(root.shift_remove("consumes"));
    cx.produces = strings(root.shift_remove("produces"));
    cx.schemes = root.get("schemes").cloned();
    if let Some(Value::Object(parameters)) = root.get("parameters") {
        cx.parameters = parameters.clone();
    }
    root.shift_remove("swagger");
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    servers(root, &mut cx);
    let components = components(root, &mut cx);
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        let ptr = Pointer::root().push("paths");
        for (path, item) in paths.iter_mut() {
            operation::path_item(item, &ptr.push(path), &mut cx);
        }
    }
    if !components.is_empty() {
        root.insert("components".into(), Value::Object(components));
    }
    for (from, to) in cx.jumps {
        docs.jump(from, to);
    }
    doc
}

/// Once references are resolved: the schemas hoisted from other files (as
/// they were written there, in 2.0 form) in 3.0 form too.
pub(super) fn after_resolve(doc: &mut Value, diags: &mut Diagnostics) {
    let mut cx = Cx::new(diags, "");
    let schemas = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
        .and_then(Value::as_object_mut);
    if let Some(schemas) = schemas {
        let ptr = Pointer::root().push("components").push("schemas");
        for (name, s) in schemas.iter_mut() {
            schema::schema(s, &ptr.push(name), &mut cx);
        }
    }
}

fn strings(v: Option<Value>) -> Vec<String> {
    match v {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// `host`, `basePath` and `schemes` → `servers`.
fn servers(root: &mut Map<String, Value>, cx: &mut Cx) {
    let host = root.shift_remove("host");
    let base = root.shift_remove("basePath");
    let schemes = root.shift_remove("schemes");
    let base_path = base.as_ref().and_then(Value::as_str).unwrap_or_default();
    let base_path = base_path.trim_end_matches('/');
    let mut urls = Vec::new();
    match host.as_ref().and_then(Value::as_str) {
        Some(host) => {
            let mut names = strings(schemes);
            if names.is_empty() {
                names.push("https".into());
            }
            names.sort_by_key(|s| s != "https");
            for (i, scheme) in names.iter().enumerate() {
                if scheme == "http" || scheme == "https" {
                    urls.push(format!("{scheme}://{host}{base_path}"));
                } else {
                    cx.warn(
                        &Pointer::root().push("schemes").push(i),
                        format!("the scheme `{scheme}` is not HTTP: no server is made of it"),
                        "call the API over HTTP(S), or set the client's base URL",
                    );
                }
            }
        }
        None => urls.push(if base_path.is_empty() {
            "/".to_owned()
        } else {
            base_path.to_owned()
        }),
    }
    let to = match (&host, &base) {
        (Some(_), _) => Pointer::root().push("host"),
        (None, Some(_)) => Pointer::root().push("basePath"),
        (None, None) => Pointer::root(),
    };
    for (i, _) in urls.iter().enumerate() {
        cx.jump(&Pointer::root().push("servers").push(i), &to);
    }
    let servers = urls
        .into_iter()
        .map(|url| Value::Object(Map::from_iter([("url".to_owned(), Value::String(url))])))
        .collect();
    root.insert("servers".into(), Value::Array(servers));
}

/// `definitions`, `parameters`, `responses` and `securityDefinitions` →
/// `components`.
fn components(root: &mut Map<String, Value>, cx: &mut Cx) -> Map<String, Value> {
    let mut components = Map::new();
    let here = Pointer::root().push("components");
    if let Some(Value::Object(mut schemas)) = root.shift_remove("definitions") {
        for (name, s) in schemas.iter_mut() {
            let at = Pointer::root().push("definitions").push(name);
            schema::schema(s, &at, cx);
            cx.jump(&here.push("schemas").push(name), &at);
        }
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if let Some(Value::Object(params)) = root.shift_remove("parameters") {
        let mut kept = Map::new();
        for (name, p) in params {
            let at = Pointer::root().push("parameters").push(&name);
            let body = p
                .get("in")
                .and_then(Value::as_str)
                .is_some_and(|l| l == "body" || l == "formData");
            if body {
                // Copied into each operation's body where it is used.
                continue;
            }
            cx.jump(&here.push("parameters").push(&name), &at);
            kept.insert(name, operation::parameter(p, &at, cx));
        }
        if !kept.is_empty() {
            components.insert("parameters".into(), Value::Object(kept));
        }
    }
    if let Some(Value::Object(mut responses)) = root.shift_remove("responses") {
        let produces = cx.produces.clone();
        for (name, r) in responses.iter_mut() {
            let at = Pointer::root().push("responses").push(name);
            operation::response(r, &produces, &at, cx);
            cx.jump(&here.push("responses").push(name), &at);
        }
        components.insert("responses".into(), Value::Object(responses));
    }
    if let Some(Value::Object(schemes)) = root.shift_remove("securityDefinitions") {
        let mut out = Map::new();
        for (name, s) in schemes {
            let at = Pointer::root().push("securityDefinitions").push(&name);
            cx.jump(&here.push("securitySchemes").push(&name), &at);
            out.insert(name, security_scheme(s, &at, cx));
        }
        components.insert("securitySchemes".into(), Value::Object(out));
    }
    components
}

/// A 2.0 security scheme in 3.0 form.
fn security_scheme(s: Value, ptr: &Pointer, cx: &mut Cx) -> Value {
    let Value::Object(raw) = s else { return s };
    let mut out = Map::new();
    for (k, v) in &raw {
        if k == "description" || k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    let get = |k: &str| raw.get(k).cloned();
    match raw.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), Value::String("http".into()));
            out.insert("scheme".into(), Value::String("basic".into()));
        }
        Some("apiKey") => {
            out.insert("type".into(), Value::String("apiKey".into()));
            for k in ["name", "in"] {
                if let Some(v) = get(k) {
                    out.insert(k.into(), v);
                }
            }
        }
        Some("oauth2") => {
            let flow = raw.get("flow").and_then(Value::as_str).unwrap_or_default();
            let (name, urls): (&str, &[&str]) = match flow {
                "implicit" => ("implicit", &["authorizationUrl"]),
                "password" => ("password", &["tokenUrl"]),
                "application" => ("clientCredentials", &["tokenUrl"]),
                "accessCode" => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                _ => {
                    cx.warn(
                        &ptr.push("flow"),
                        format!("`flow: {flow}` is not an OAuth 2 flow of Swagger 2.0: the scheme has no flow"),
                        "write one of implicit, password, application or accessCode",
                    );
                    ("", &[])
                }
            };
            let mut f = Map::new();
            for k in urls {
                f.insert(
                    (*k).to_owned(),
                    get(k).unwrap_or(Value::String(String::new())),
                );
            }
            f.insert(
                "scopes".into(),
                get("scopes").unwrap_or(Value::Object(Map::new())),
            );
            let mut flows = Map::new();
            if !name.is_empty() {
                flows.insert(name.to_owned(), Value::Object(f));
            }
            out.insert("type".into(), Value::String("oauth2".into()));
            out.insert("flows".into(), Value::Object(flows));
        }
        _ => return Value::Object(raw),
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests;
