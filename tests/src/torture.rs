//! A torture document: names that the generated code also uses (its
//! locals, arguments, fields, types and methods), Rust's prelude, keywords
//! and reserved words, each placed in every position a spec can name (path,
//! query, header and cookie parameters, body fields, pagination parameters
//! and fields, enum values, schema names, operation ids), and descriptions
//! from a list of awkward Markdown. The crate generated from it must pass
//! `cargo clippy -- -D warnings` and `RUSTDOCFLAGS="-D warnings" cargo doc`
//! (`tests/compile.rs`): a name in the spec never meets a name of the
//! generator, and no publisher's Markdown breaks a user's build.

use serde_json::{json, Map, Value};

/// Names the generated code writes itself: locals and arguments of its
/// methods, fields of its structs, its types, modules and methods.
pub const GENERATOR_NAMES: &[&str] = &[
    "size",
    "page",
    "body",
    "options",
    "request",
    "response",
    "path",
    "query",
    "client",
    "params",
    "headers",
    "cookies",
    "target",
    "schemes",
    "build",
    "form",
    "item",
    "items",
    "at",
    "n",
    "cursor",
    "url",
    "info",
    "status",
    "json",
    "value",
    "values",
    "builder",
    "var",
    "found",
    "username",
    "password",
    "token",
    "key",
    "access_token",
    "api_key",
    "debug",
    "f",
    "e",
    "s",
    "v",
    "t",
    "scheme",
    "own_http",
    "invalid",
    "credentials",
    "base",
    "http",
    "retry",
    "policy",
    "operation",
    "OPERATION",
    "SECURITY",
    "DEFAULT_SECURITY",
    "Client",
    "ClientBuilder",
    "Call",
    "Response",
    "Pages",
    "Items",
    "Upload",
    "ByteStream",
    "EventStream",
    "Error",
    "ApiError",
    "BuildError",
    "RequestOptions",
    "Nullable",
    "DateTime",
    "ParseDateTimeError",
    "Validate",
    "Scheme",
    "Credentials",
    "new",
    "default",
    "from_env",
    "raw",
    "with_response",
    "next_page",
    "into_body",
    "send",
    "send_built",
    "request_with",
    "credentials_for",
    "base_url",
    "timeout",
    "http_client",
    "types",
    "encode",
    "validate",
    "doubles",
    "webhooks",
    "total",
    "next",
    "has_more",
    "limit",
    "offset",
];

/// Rust's prelude and the crates the generated code names.
pub const PRELUDE_NAMES: &[&str] = &[
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "Hash",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "reqwest",
    "chrono",
    "uuid",
    "tokio",
    "futures_core",
    "bytes",
    "u8",
    "i32",
    "i64",
    "f64",
    "bool",
    "str",
    "char",
    "usize",
];

/// Keywords (strict, reserved and weak), and names no identifier can be.
pub const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
    "union",
    "macro_rules",
    "r#type",
    "_",
    "__",
    "1st",
];

/// Descriptions as publishers write them: Markdown that rustdoc and
/// clippy's doc lints read otherwise than a Markdown renderer would, or
/// refuse.
pub const MARKDOWN: &[&str] = &[
    // A list item continued on an unindented line (clippy's doc_lazy_continuation).
    "Options:\n- first item\ncontinued lazily\n- second item\n  continued indented\nAfter the list.",
    // Numbered list with a lazy continuation and a nested list.
    "Steps:\n1. open\nthe door\n2. walk\n   - slowly\n   carefully\n10. sit",
    "1) a parenthesised list\n2) its second item\nlazy",
    // A list item over-indented (doc_overindented_list_items).
    "- item\n        over-indented continuation",
    // Bare URLs (rustdoc::bare_urls), autolinks, an email.
    "See https://example.com/docs?a=1&b=2 and http://example.org, <https://example.net>, or write to help@example.com.",
    // Unbalanced backticks and brackets, intra-doc link look-alikes.
    "An `unclosed code span and [a bracket, [Vec], [`Option`], [x][y], [^1] and a ] alone.",
    "Two ``double `backtick` spans`` and ``` three in a line.",
    // HTML, generics that look like tags (rustdoc::invalid_html_tags).
    "Returns a Vec<T> or Option<Result<T, E>>; <b>bold</b>, <br>, <div class=\"x\">open, <!-- comment --> and <unknown-tag>.",
    "Less than < and greater than >, a <T and an & alone, &amp; and &#x27;.",
    // Headings, rules, tables, block quotes.
    "# Heading one\n## Heading two\nText under it.\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n> quoted\n> still quoted",
    "Setext heading\n==============\nand another\n-----------",
    // Code fences of other languages, unclosed, indented code, tildes.
    "```python\nprint('hello')\n```\n```\nno language\n```\n~~~js\nconsole.log(1)\n~~~",
    "Unclosed fence:\n```json\n{\"a\": 1}",
    "Indented code:\n\n    let x = 1;\n    fn main() {}\n\nafter",
    // Emphasis gone wrong, escapes, a trailing backslash, tabs and CRLF.
    "*unclosed emphasis and _underscores_in_words_ and **bold*, a \\ backslash \\\n\tTabbed\r\nCRLF line\r\n",
    // Comment terminators, attribute look-alikes, doc test markers.
    "*/ #[doc = \"x\"] /// not a comment //! nor this ```rust\nfn main() {}",
    // Footnotes, task lists, definition-like lines, HTML entities.
    "Task list:\n- [ ] todo\n- [x] done\nTerm\n: definition[^note]\n\n[^note]: The note.",
    // Link reference definitions and links with titles.
    "A [reference link][ref] and [another].\n\n[ref]: https://example.com \"Title\"",
    // Only whitespace, only punctuation, very long words.
    "   ",
    "!!!???...---",
    "aVeryLongWordWithoutAnySpacesThatGoesOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOn",
    // A Python docstring section with entries.
    "Args:\n    size: the page size\n    page (int): the page\n\nReturns:\n    The items.",
    // Unicode: right-to-left mark, zero width, emoji.
    "RTL \u{202e}evil\u{202c}, zero\u{200b}width, emoji 🚀 and é.",
];

/// Every name, in a fixed order, each once.
pub fn names() -> Vec<&'static str> {
    let mut all: Vec<&str> = Vec::new();
    for name in GENERATOR_NAMES.iter().chain(PRELUDE_NAMES).chain(KEYWORDS) {
        if !all.contains(name) {
            all.push(name);
        }
    }
    all
}

/// Hands out the descriptions in turn, so every one lands in every kind
/// of place over the document.
struct Descriptions(usize);

impl Descriptions {
    fn next(&mut self) -> &'static str {
        let text = MARKDOWN[self.0 % MARKDOWN.len()];
        self.0 += 1;
        text
    }
}

/// The names an operation of one chunk uses as its header and cookie
/// parameters: each name once, ignoring case (HTTP header names are).
fn case_unique<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for name in names {
        let lower = name.to_ascii_lowercase();
        if !seen.contains(&lower) {
            seen.push(lower);
            out.push(*name);
        }
    }
    out
}

fn parameter(
    name: &str,
    location: &str,
    schema: Value,
    required: bool,
    description: &str,
) -> Value {
    json!({
        "name": name,
        "in": location,
        "required": required,
        "description": description,
        "schema": schema,
    })
}

/// The schemas: one per name (an object with a field of that name), an
/// enum of every name, and `Fields`, an object with every name as a field
/// (each of a named schema, an enum, a scalar, a list, or nullable).
fn schemas(names: &[&str], docs: &mut Descriptions) -> Map<String, Value> {
    let mut schemas = Map::new();
    for (i, name) in names.iter().enumerate() {
        let mut properties = Map::new();
        properties.insert(
            (*name).to_owned(),
            json!({"type": "string", "description": docs.next()}),
        );
        properties.insert(
            "id".to_owned(),
            json!({"type": "integer", "format": "int64"}),
        );
        let required: Vec<&str> = if i % 2 == 0 { vec![name] } else { vec![] };
        schemas.insert(
            (*name).to_owned(),
            json!({
                "type": "object",
                "description": docs.next(),
                "properties": properties,
                "required": required,
            }),
        );
    }
    schemas.insert(
        "Names".to_owned(),
        json!({"type": "string", "enum": names, "description": docs.next()}),
    );
    let mut fields = Map::new();
    for (i, name) in names.iter().enumerate() {
        let schema = match i % 6 {
            0 => {
                json!({"$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))})
            }
            1 => json!({"$ref": "#/components/schemas/Names"}),
            2 => json!({"type": "integer", "minimum": 0, "maximum": 100}),
            3 => json!({"type": "array", "items": {"type": "string"}}),
            4 => json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
            _ => json!({"type": "boolean", "default": true}),
        };
        let mut schema = schema;
        if let Some(object) = schema.as_object_mut() {
            if !object.contains_key("$ref") {
                object.insert("description".to_owned(), json!(docs.next()));
            }
        }
        fields.insert((*name).to_owned(), schema);
    }
    // Every name's schema, referenced, so that each name is a type's too.
    let refs: Map<String, Value> = names
        .iter()
        .map(|name| {
            let pointer = name.replace('~', "~0").replace('/', "~1");
            (
                (*name).to_owned(),
                json!({"$ref": format!("#/components/schemas/{pointer}")}),
            )
        })
        .collect();
    schemas.insert(
        "Refs".to_owned(),
        json!({"type": "object", "description": docs.next(), "properties": refs}),
    );
    fields.insert(
        "all_schemas".to_owned(),
        json!({"$ref": "#/components/schemas/Refs"}),
    );
    // A date-time (the crate's `DateTime`), beside the schema `DateTime`.
    fields.insert(
        "moment".to_owned(),
        json!({"type": "string", "format": "date-time", "description": docs.next()}),
    );
    let required: Vec<&str> = names.iter().step_by(3).copied().collect();
    schemas.insert(
        "Fields".to_owned(),
        json!({
            "type": "object",
            "description": docs.next(),
            "properties": fields,
            "required": required,
        }),
    );
    schemas
}

/// One operation per chunk of names: the names as its path, query, header
/// and cookie parameters, with a body of `Fields` and documented errors.
fn chunk_operation(k: usize, chunk: &[&str], docs: &mut Descriptions) -> (String, Value) {
    let mut template = format!("/chunk{k}");
    let mut parameters = Vec::new();
    for (i, name) in chunk.iter().enumerate() {
        template.push_str(&format!("/{{{name}}}"));
        let schema = if i % 2 == 0 {
            json!({"type": "string"})
        } else {
            json!({"type": "integer"})
        };
        parameters.push(parameter(name, "path", schema, true, docs.next()));
    }
    for (i, name) in chunk.iter().enumerate() {
        let schema = match i % 3 {
            0 => json!({"type": "string"}),
            1 => json!({"type": "array", "items": {"type": "integer"}}),
            _ => json!({"$ref": "#/components/schemas/Names"}),
        };
        parameters.push(parameter(name, "query", schema, i % 2 == 0, docs.next()));
    }
    for name in case_unique(chunk) {
        parameters.push(parameter(
            name,
            "header",
            json!({"type": "string"}),
            false,
            docs.next(),
        ));
        parameters.push(parameter(
            name,
            "cookie",
            json!({"type": "string"}),
            false,
            docs.next(),
        ));
    }
    let operation = json!({
        "operationId": format!("chunk {k}"),
        "summary": docs.next(),
        "description": docs.next(),
        "parameters": parameters,
        "requestBody": {
            "required": true,
            "description": docs.next(),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fields"}}},
        },
        "responses": {
            "200": {
                "description": docs.next(),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fields"}}},
            },
            "400": {
                "description": docs.next(),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
            "404": {"description": docs.next()},
            "default": {
                "description": docs.next(),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}},
            },
        },
    });
    (template, json!({"post": operation}))
}

/// A paginated operation: `page` and `size`, `offset` and `limit`, a
/// cursor or a next URL, with the names recognition knows in the page's
/// body, each of which the generated page streams also use.
fn paginated(path: &str, scheme: &str, docs: &mut Descriptions) -> (String, Value) {
    let integer = json!({"type": "integer", "format": "int32"});
    let (parameters, fields): (Vec<Value>, Value) = match scheme {
        "page" => (
            vec![
                parameter("page", "query", integer.clone(), false, docs.next()),
                parameter("size", "query", integer.clone(), false, docs.next()),
            ],
            json!({"total": integer, "page": integer}),
        ),
        "page-size-echoed" => (
            vec![
                parameter("page", "query", integer.clone(), false, docs.next()),
                parameter("size", "query", integer.clone(), true, docs.next()),
            ],
            json!({"total": integer, "page": integer, "size": integer}),
        ),
        "offset" => (
            vec![
                parameter("offset", "query", integer.clone(), false, docs.next()),
                parameter("limit", "query", integer.clone(), false, docs.next()),
            ],
            json!({"total": integer, "has_more": {"type": "boolean"}}),
        ),
        "cursor" => (
            vec![
                parameter(
                    "cursor",
                    "query",
                    json!({"type": "string"}),
                    false,
                    docs.next(),
                ),
                parameter("limit", "query", integer.clone(), false, docs.next()),
            ],
            json!({"next": {"type": ["string", "null"]}, "has_more": {"type": "boolean"}}),
        ),
        _ => (
            vec![parameter(
                "limit",
                "query",
                integer.clone(),
                false,
                docs.next(),
            )],
            json!({"next": {"type": "string", "format": "uri"}}),
        ),
    };
    // The generator's own names as path parameters too: the page streams
    // pass them on from inside their closures.
    let mut template = path.to_owned();
    let mut parameters = parameters;
    for name in GENERATOR_NAMES {
        template.push_str(&format!("/{{{name}}}"));
        parameters.push(parameter(
            name,
            "path",
            json!({"type": "string"}),
            true,
            docs.next(),
        ));
    }
    let mut properties = fields.as_object().cloned().unwrap_or_default();
    properties.insert(
        "items".to_owned(),
        json!({"type": "array", "items": {"$ref": "#/components/schemas/Item"}}),
    );
    let operation = json!({
        "operationId": format!("list {scheme}"),
        "summary": docs.next(),
        "parameters": parameters,
        "responses": {
            "200": {
                "description": docs.next(),
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["items"],
                    "properties": properties,
                }}},
            },
        },
    });
    (template, json!({"get": operation}))
}

/// The torture document, OpenAPI 3.1 as JSON.
pub fn document() -> Value {
    let names = names();
    let mut docs = Descriptions(0);
    let mut paths = Map::new();
    for (k, chunk) in names.chunks(12).enumerate() {
        let (template, item) = chunk_operation(k, chunk, &mut docs);
        paths.insert(template, item);
    }
    // Every name as an operation id, on an operation without parameters.
    for (i, name) in names.iter().enumerate() {
        paths.insert(
            format!("/ids/{i}"),
            json!({"get": {
                "operationId": name,
                "description": docs.next(),
                "responses": {"204": {"description": docs.next()}},
            }}),
        );
    }
    for scheme in ["page", "page-size-echoed", "offset", "cursor", "next-url"] {
        let (path, item) = paginated(&format!("/lists/{scheme}"), scheme, &mut docs);
        paths.insert(path, item);
    }
    let mut schemas = schemas(&names, &mut docs);
    schemas.insert(
        "Item".to_owned(),
        json!({"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Torture",
            "version": "1.0.0",
            "description": MARKDOWN.join("\n\n"),
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"api_key": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "api_key": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Api-Key",
                    "description": docs.next(),
                },
            },
        },
    })
}
