//! Phase 2, the intermediate model: what the generated crate contains, in
//! plain data. Everything here is resolved (no `$ref`), named (valid Rust
//! identifiers, collisions settled), ordered (deterministic) and knows the
//! JSON pointer it came from. The emitters only translate it into tokens.

mod lower;
pub mod redact;
pub mod rust;

pub use lower::{lower, parse_selection, MarkedScheme, Paginate, Rename, Renamed, Selector};

use crate::diag::Pointer;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// The API as the generated crate sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server's URL with its variables at their defaults, when it is absolute.
    pub default_base_url: Option<String>,
    /// `info.license`, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
    pub auth: Option<Auth>,
    pub operations: Vec<Operation>,
    /// Every type reachable from an operation, sorted by name.
    pub types: Vec<TypeDef>,
    /// The patterns checked before a request is sent, one `static` each, in
    /// the order the checks first use them.
    pub patterns: Vec<PatternStatic>,
    /// Where each pattern's source is in `patterns` (a lookup per check, in
    /// time that does not grow with the number of patterns).
    #[serde(skip)]
    pub pattern_index: BTreeMap<String, usize>,
    /// Requests the API sends to the user's server: webhooks, then the
    /// operations' callbacks, in the spec's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
    /// Where each operation's callbacks are in `webhooks`, by operation id.
    #[serde(skip)]
    pub callback_index: BTreeMap<String, Vec<usize>>,
}

/// The spec's `info.license`, as written (the crate's `Cargo.toml` decides
/// what Cargo can take of it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct License {
    pub name: String,
    /// OpenAPI 3.1's `identifier`: an SPDX license expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Api {
    /// The generated type a reference names (not through arrays or maps).
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        // `types` is sorted by name.
        let i = self
            .types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()?;
        self.types.get(i)
    }

    /// Whether the type `ty` ends at (through arrays and maps) implements `Validate`.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        ty.named()
            .and_then(|n| self.type_def(n))
            .is_some_and(|t| t.validated)
    }

    /// The `static` that checks this pattern, e.g. `PATTERN_0`.
    pub fn pattern_static(&self, source: &str) -> Option<&str> {
        self.pattern_index
            .get(source)
            .and_then(|&i| self.patterns.get(i))
            .map(|p| p.name.as_str())
    }
    /// Whether a type the crate uses (in a type, a body, an argument or a
    /// response) is or contains a reference of this kind: which optional
    /// dependencies (`chrono`, `uuid`) the crate needs.
    pub fn uses(&self, pred: fn(&TypeRef) -> bool) -> bool {
        fn walk(t: &TypeRef, pred: fn(&TypeRef) -> bool) -> bool {
            pred(t)
                || match t {
                    TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => walk(i, pred),
                    _ => false,
                }
        }
        self.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().any(|f| walk(&f.ty, pred))
                    || s.additional.as_ref().is_some_and(|a| walk(&a.ty, pred))
            }
            TypeKind::Union(u) => u.variants.iter().any(|v| walk(&v.ty, pred)),
            TypeKind::Alias(a) => walk(a, pred),
            TypeKind::Enum(_) => false,
        }) || self.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| walk(&b.ty, pred) || b.part_types().any(|t| walk(t, pred)))
                || op.path_params.iter().any(|p| walk(&p.ty, pred))
                || op.successes.iter().any(|s| {
                    s.body
                        .as_ref()
                        .and_then(Body::decoded)
                        .is_some_and(|t| walk(t, pred))
                })
                || op
                    .errors
                    .iter()
                    .any(|e| e.ty.as_ref().is_some_and(|t| walk(t, pred)))
        }) || self.webhooks.iter().any(|w| {
            w.payload
                .as_ref()
                .and_then(|p| p.body.json())
                .is_some_and(|t| walk(t, pred))
        })
    }

    /// Whether an operation sends a `multipart/form-data` body.
    pub fn sends_multipart(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| matches!(b.media, RequestMedia::Multipart { .. }))
        })
    }

    /// Whether an operation sends an `Upload` (a binary or multipart body).
    pub fn sends_uploads(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body.as_ref().is_some_and(|b| {
                matches!(
                    b.media,
                    RequestMedia::Multipart { .. } | RequestMedia::Binary { .. }
                )
            })
        })
    }

    /// Whether an operation's success is a binary body, streamed as a `ByteStream`.
    pub fn streams_downloads(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.successes.iter().any(|s| s.body == Some(Body::Bytes)))
    }

    /// Whether an operation's success is a `text/event-stream`.
    pub fn streams_events(&self) -> bool {
        self.operations.iter().any(|op| {
            op.successes
                .iter()
                .any(|s| matches!(s.body, Some(Body::Events(_))))
        })
    }

    /// Whether an operation returns a list a page at a time (its streams
    /// need the `pagination` module and `futures-core`).
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }

    /// The callbacks an operation may trigger, by its operation id.
    pub fn callbacks_of<'s>(&'s self, operation_id: &str) -> impl Iterator<Item = &'s Webhook> {
        self.callback_index
            .get(operation_id)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.webhooks.get(i))
    }
}

/// A pattern checked before sending: `static NAME: Pattern = Pattern::new(SOURCE)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternStatic {
    pub name: String,
    /// The ECMAScript regular expression, as the spec writes it.
    pub source: String,
}

// --- Webhooks and callbacks -------------------------------------------------

/// A request the API sends to the user's server, which the `webhooks`
/// module decodes: a webhook (OpenAPI 3.1 `webhooks`, or a 3.0 document's
/// `x-webhooks`) or a callback of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
    pub kind: WebhookKind,
    /// What `Event::decode` is given to pick this event: the webhook's name,
    /// or `{operationId}.{callback name}` for a callback.
    pub key: String,
    pub method: Method,
    /// The variant of the `Event` enum, e.g. `NewPet`.
    pub variant: String,
    /// Its own decoding function in the module, e.g. `decode_new_pet`.
    pub decode_fn: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The request body the sender documents; `None` without one.
    pub payload: Option<Payload>,
    /// The headers the sender documents (a signature, an event id).
    pub headers: Vec<WebhookHeader>,
    /// The answers the sender expects from the receiver, in ascending order.
    pub responses: Vec<WebhookResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum WebhookKind {
    /// An entry of `webhooks`, by its name.
    Webhook { name: String },
    /// A callback of an operation, sent to the URL its runtime expression
    /// names (which the user gave in the operation's request).
    Callback {
        operation_id: String,
        /// The operation's client method, e.g. `subscribe`.
        method_name: String,
        name: String,
        expression: String,
    },
}

/// The body of a webhook request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payload {
    /// The media type the sender documents, e.g. `application/json`.
    pub media: String,
    /// How it is decoded.
    pub body: Body,
    pub required: bool,
    pub description: Option<String>,
}

/// A header the sender of a webhook documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookHeader {
    pub name: String,
    pub required: bool,
    pub description: Option<String>,
}

/// An answer the sender of a webhook expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookResponse {
    /// `200`, `2XX` or `default`, as the spec writes it.
    pub status: String,
    pub description: String,
}

/// How the client authenticates: the security schemes its operations use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Auth {
    /// Each scheme the operations use, in the order of first use.
    pub schemes: Vec<Scheme>,
    /// The requirement applied to requests made for code of the user's own
    /// (`Client::request`): the document's `security`, or else the
    /// operations' alternatives, in order of first use.
    pub default: Vec<Requirement>,
    /// Every operation requires credentials: a client built without any
    /// is an error.
    pub required: bool,
}

impl Auth {
    /// The scheme of this name (its key in `components/securitySchemes`).
    pub fn scheme(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.name == name)
    }
}

/// A security scheme the client sends credentials for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scheme {
    /// The scheme's key in `components/securitySchemes`.
    pub name: String,
    pub kind: SchemeKind,
    /// The builder's setter, e.g. `api_key`, `basic_auth`, `bearer_token`.
    pub setter: String,
    /// Its variant in the generated `Scheme` enum, e.g. `ApiKey`.
    pub variant: String,
    /// The environment variables `Client::from_env` reads it from, after
    /// the crate's prefix and `_`: `API_KEY`, or `USERNAME` and `PASSWORD`.
    /// None for mutual TLS.
    pub env: Vec<String>,
    pub description: Option<String>,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SchemeKind {
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: Bearer <token>`, with the spec's `bearerFormat`.
    Bearer { format: Option<String> },
    /// An API key in a header, the query or a cookie of this name.
    ApiKey { location: KeyLocation, name: String },
    /// OAuth 2.0: the user obtains the access token; it is sent as a bearer token.
    OAuth2 { flows: Vec<OAuthFlow> },
    /// OpenID Connect: the user obtains the access token; it is sent as a bearer token.
    OpenIdConnect { url: String },
    /// TLS client certificates: configured on the user's own `reqwest::Client`.
    MutualTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One OAuth 2.0 flow, for the documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OAuthFlow {
    /// `authorizationCode`, `clientCredentials`, `implicit` or `password`.
    pub flow: String,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Scope → description, in the spec's order.
    pub scopes: Vec<(String, String)>,
}

/// One alternative of a security requirement: the schemes sent together,
/// with the scopes each needs. An empty one means no credentials are needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub schemes: Vec<SchemeUse>,
    /// Where the requirement is, e.g. `/paths/~1pets/get/security/0`.
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeUse {
    /// The scheme's key in `components/securitySchemes`.
    pub scheme: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110): everything but POST and PATCH.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// Lower case, as in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

/// An operation that becomes one async method of the client.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
    /// The spec's operation id (or one derived from method and path).
    pub operation_id: String,
    /// The client method, e.g. `create_session`.
    pub method_name: String,
    /// The same method with per-request options, e.g. `create_session_with`.
    pub options_method_name: String,
    /// The typed error enum of this operation, e.g. `CreateSessionError`.
    pub error_type: String,
    pub method: Method,
    /// The path template, e.g. `/sessions`.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// No alternative of its security requirement is empty: it cannot be
    /// sent without credentials.
    pub requires_auth: bool,
    /// Its security requirement (its own `security`, or the document's):
    /// alternatives, the first whose credentials are configured is sent.
    /// Empty: no credentials are sent. Only schemes the client supports.
    pub security_schemes: Vec<Requirement>,
    /// The path template, split at its parameters.
    pub path_segments: Vec<PathSegment>,
    /// Path parameters: method arguments, in the order of the path.
    pub path_params: Vec<PathParam>,
    /// The struct holding the query and header parameters, if any.
    pub params: Option<Params>,
    pub body: Option<RequestBody>,
    /// Documented 2xx responses, in ascending order (at least one).
    pub successes: Vec<Success>,
    /// When the 2xx responses have different bodies: the enum the method
    /// returns, e.g. `GetReportSuccess`, with a variant per status.
    pub response_enum: Option<String>,
    /// The `Accept` header: the media types of the 2xx responses.
    pub accept: String,
    /// Documented error statuses, in ascending order.
    pub errors: Vec<ErrorResponse>,
    /// How its list is read page by page, when it follows a scheme the
    /// generator recognises or the selection marks it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

// --- Pagination ---------------------------------------------------------------

/// An operation that returns a list a page at a time: the client gets a
/// stream of its pages and one of their items, which ask for the next page
/// as the scheme says and stop at the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    pub scheme: PageScheme,
    /// Where a page's items are: a field of the page's body, or (`None`)
    /// the body itself, an array.
    pub items: Option<FieldPath>,
    /// The type of each item.
    pub item_type: TypeRef,
    /// The stream of pages, e.g. `list_sessions_pages`.
    pub pages_method: String,
    /// The stream of items, e.g. `list_sessions_items`.
    pub items_method: String,
    /// The selection's line that marks it; `None` when recognised in the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marked_on: Option<usize>,
}

/// How the next page is asked for, and how the end is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PageScheme {
    /// A page number (`pageNumber`, `page`), increased by one for each
    /// page, from the value given or `first`. The end: an empty page,
    /// `has_more` false, the last of `total_pages`, or as many items as
    /// `total` (pages × size).
    PageNumber {
        page: PageParam,
        /// The page size parameter (`pageSize`, `per_page`), if any.
        size: Option<PageParam>,
        /// The first page's number: the parameter's default, else its
        /// minimum, else 1.
        first: i64,
        /// The page size the response echoes.
        size_field: Option<FieldPath>,
        total: Option<FieldPath>,
        total_pages: Option<FieldPath>,
        has_more: Option<FieldPath>,
    },
    /// An item offset (`offset`, `skip`), increased by the items received.
    /// The end: an empty page, `has_more` false, or `total` items.
    Offset {
        offset: PageParam,
        /// The page size parameter (`limit`), if any.
        limit: Option<PageParam>,
        total: Option<FieldPath>,
        has_more: Option<FieldPath>,
    },
    /// A cursor (`after`, `cursor`, `marker`, `PageToken`) the response
    /// gives for the next page. The end: an empty page, `has_more` false, or
    /// no (or an empty) cursor.
    Cursor {
        param: PageParam,
        next: CursorSource,
        has_more: Option<FieldPath>,
    },
    /// The next page's URL in the body (`next_page_uri`, `links.next`),
    /// absolute or relative to the base URL. The end: an empty page, or no
    /// URL.
    NextUrl {
        url: FieldPath,
        has_more: Option<FieldPath>,
    },
    /// The next page's URL in the `Link` header (`rel="next"`, RFC 8288).
    /// The end: an empty page, or no such link.
    LinkHeader,
}

/// Where the next page's cursor comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CursorSource {
    /// A field of the page (`next_cursor`, `last_id`).
    Field(FieldPath),
    /// A field of the page's last item (its `id`, for `after`).
    LastItem(FieldPath),
}

/// A query parameter a page stream sets: a field of the operation's
/// parameters struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageParam {
    /// The name on the wire, e.g. `pageNumber`.
    pub wire_name: String,
    /// The Rust field, e.g. `page_number`.
    pub field: String,
    /// `i32`, `i64` or `string`.
    pub ty: TypeRef,
    /// Whether the field is an `Option` (the parameter is optional).
    pub optional: bool,
    /// The spec's default, for an integer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<i64>,
}

/// A value inside a page's body: the fields to go through, from the body's
/// struct down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldPath {
    pub steps: Vec<FieldStep>,
    /// The value's type (without the `Option` of an optional field).
    pub ty: TypeRef,
}

impl FieldPath {
    /// The wire names, dotted: `meta.next_page_url`.
    pub fn wire(&self) -> String {
        let names: Vec<&str> = self.steps.iter().map(|s| s.wire_name.as_str()).collect();
        names.join(".")
    }
}

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldStep {
    pub wire_name: String,
    /// The Rust field name.
    pub field: String,
    pub access: Access,
}

/// How a field's value is held in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Access {
    /// `T`.
    Plain,
    /// `Option<T>`.
    Option,
    /// `Nullable<T>` (a type also sent in requests).
    Nullable,
}

/// The query, header and cookie parameters of an operation, in one struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Params {
    /// The struct, e.g. `ListSessionsParams`.
    pub ty: TypeRef,
    /// Some of its fields are query parameters.
    pub query: bool,
    /// Some of its fields are header parameters.
    pub headers: bool,
    /// Some of its fields are cookie parameters.
    pub cookies: bool,
    /// How each field is written, by Rust field name, in the struct's order.
    pub encodings: Vec<(String, Encoding)>,
}

/// How a parameter's value is written on the wire: the spec's `style`,
/// `explode` and `allowReserved`, or `content` (the value as JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Encoding {
    pub style: Style,
    pub explode: bool,
    /// Reserved characters (`:/?#[]@!$&'()*+,;=`) are sent as they are.
    pub allow_reserved: bool,
    /// `content: {application/json: …}`: the value is serialised as JSON,
    /// then written as a string.
    pub json: bool,
}

/// OpenAPI's `style` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// The variant of the generated crate's `encode::Style`.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Simple => "Simple",
            Style::Label => "Label",
            Style::Matrix => "Matrix",
            Style::Form => "Form",
            Style::SpaceDelimited => "SpaceDelimited",
            Style::PipeDelimited => "PipeDelimited",
            Style::DeepObject => "DeepObject",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathSegment {
    Literal(String),
    /// The path parameter at this index of `Operation::path_params`.
    Param(usize),
}

/// A path parameter, passed as a method argument and percent-encoded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathParam {
    /// The name in the spec (and the path template).
    pub name: String,
    /// The argument name, e.g. `session_id`.
    pub arg: String,
    pub ty: TypeRef,
    /// `simple`, `label` or `matrix`.
    pub encoding: Encoding,
    pub description: Option<String>,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

/// Where a field of a generated struct goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Location {
    /// A property of a JSON body (or of a response).
    #[default]
    Body,
    /// A query parameter.
    Query,
    /// A header parameter.
    Header,
    /// A cookie parameter (in the request's one `Cookie` header).
    Cookie,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    pub ty: TypeRef,
    /// How the body is written on the wire; JSON unless the spec offers no
    /// JSON media type (left out of the model's snapshots when JSON).
    #[serde(skip_serializing_if = "RequestMedia::is_json")]
    pub media: RequestMedia,
    /// The body in another media type than the operation's first choice,
    /// sent by a method of its own (`create_image_multipart`).
    #[serde(skip_serializing_if = "is_false")]
    pub alternative: bool,
    pub required: bool,
    pub description: Option<String>,
    /// The `default` the spec gives beside the body's schema (documentation only).
    pub default: Option<Value>,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

/// How a request body is written on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RequestMedia {
    /// `application/json` (or `+json`): the body's type, serialised.
    Json,
    /// `application/x-www-form-urlencoded`: the body's properties as
    /// `name=value` pairs, encoded as the WHATWG URL standard says.
    Form {
        /// The properties the spec's `encoding` object names, in its order.
        encoding: Vec<FormEncoding>,
    },
    /// `multipart/form-data`: one part per property of a struct of its own,
    /// beside the client, whose binary properties are `Upload`s.
    Multipart {
        /// The struct, e.g. `CreateFileMultipart`.
        type_name: String,
        parts: Vec<MultipartPart>,
    },
    /// Raw bytes (`application/octet-stream`, `image/png`, any binary or
    /// untyped schema): an `Upload`, streamed.
    Binary {
        /// The media type the spec gives, sent unless the upload names its own.
        content_type: String,
    },
    /// `text/*` with a string schema: a `String`.
    Text { content_type: String },
}

/// A part of a `multipart/form-data` body: a field of its struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MultipartPart {
    /// The part's name on the wire.
    pub name: String,
    /// The Rust field, e.g. `file`.
    pub field: String,
    pub kind: PartKind,
    pub required: bool,
    /// The `encoding.contentType` the spec gives for this part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What a multipart part holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PartKind {
    /// A file (`format: binary`): an `Upload`.
    File,
    /// An array of files: one part per `Upload`, all of the same name.
    Files,
    /// Any other value: text for strings, numbers and booleans, JSON for
    /// objects; an array is one part per item.
    Value(TypeRef),
}

impl RequestBody {
    /// The types of a multipart body's value parts.
    pub fn part_types(&self) -> impl Iterator<Item = &TypeRef> {
        let parts = match &self.media {
            RequestMedia::Multipart { parts, .. } => parts.as_slice(),
            _ => &[],
        };
        parts.iter().filter_map(|p| match &p.kind {
            PartKind::Value(t) => Some(t),
            _ => None,
        })
    }
}

impl RequestMedia {
    pub fn is_json(&self) -> bool {
        matches!(self, RequestMedia::Json)
    }
}

/// How one property of a form body is written (its `encoding` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormEncoding {
    /// The property's name on the wire.
    pub name: String,
    pub style: FormStyle,
    /// Arrays as repeated pairs and objects as one pair per property
    /// (`true`), or one pair with the values joined (`false`).
    pub explode: bool,
    /// `contentType: application/json` (or `+json`): the value is sent as JSON text.
    pub json: bool,
    /// The `contentType` the spec gives, when it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// The `style` of a form body's property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Which response statuses a documented response stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status, e.g. `404`.
    Code(u16),
    /// A class of statuses, `4XX` for `Range(4)`.
    Range(u16),
    /// `default`: every status not documented otherwise.
    Default,
}

impl StatusMatch {
    /// The order `match` arms must take: exact codes, then ranges, then `default`.
    pub fn precedence(&self) -> (u8, u16) {
        match self {
            StatusMatch::Code(c) => (0, *c),
            StatusMatch::Range(r) => (1, *r),
            StatusMatch::Default => (2, 0),
        }
    }

    /// The exact status, when there is one.
    pub fn code(&self) -> Option<u16> {
        match self {
            StatusMatch::Code(c) => Some(*c),
            _ => None,
        }
    }

    /// The lowest and highest status of a range.
    pub fn bounds(&self) -> Option<(u16, u16)> {
        match self {
            StatusMatch::Code(c) => Some((*c, *c)),
            StatusMatch::Range(r) => Some((r * 100, r * 100 + 99)),
            StatusMatch::Default => None,
        }
    }
}

/// As the spec writes it: `404`, `4XX`, `default`.
impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(c) => write!(f, "{c}"),
            StatusMatch::Range(r) => write!(f, "{r}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

/// In the model's snapshots an exact status is a number (`404`), a range
/// or `default` a string (`4XX`, `default`).
impl Serialize for StatusMatch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            StatusMatch::Code(c) => s.serialize_u16(*c),
            other => s.collect_str(other),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Success {
    pub status: StatusMatch,
    /// The variant in the operation's response enum (when it has one), e.g. `Created`.
    pub variant: String,
    /// `None` when the response has no body.
    pub body: Option<Body>,
    pub description: String,
}

/// A response body, by how it is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Body {
    /// JSON, decoded into this type.
    Json(TypeRef),
    /// `text/*`, as a `String`.
    Text,
    /// Anything else (`application/octet-stream`, images, PDF), as bytes.
    Bytes,
    /// `text/event-stream`: server-sent events whose data is of this type
    /// (`string` for text).
    Events(TypeRef),
}

impl Body {
    pub fn json(&self) -> Option<&TypeRef> {
        match self {
            Body::Json(t) => Some(t),
            _ => None,
        }
    }

    /// The type the body (JSON) or each of its events' data is decoded into.
    pub fn decoded(&self) -> Option<&TypeRef> {
        match self {
            Body::Json(t) | Body::Events(t) => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorResponse {
    pub status: StatusMatch,
    /// The variant in the operation's error enum, e.g. `NotFound`.
    pub variant: String,
    /// `None` when the response has no body.
    pub ty: Option<TypeRef>,
    pub description: String,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

/// A reference to a type, as a field or a body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A generated type in the `types` module.
    Named(String),
    String,
    I32,
    I64,
    F32,
    F64,
    Boolean,
    Uuid,
    DateTime,
    Date,
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// An array item or map value that may be `null` (`Option<T>`).
    Nullable(Box<TypeRef>),
    /// Any JSON value (the fallback for what cannot be typed).
    Json,
}

/// In the model's snapshots, one short text: `SessionView`, `i64`,
/// `array<nullable<string>>`, `map<json>`.
impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::String => f.write_str("string"),
            TypeRef::I32 => f.write_str("i32"),
            TypeRef::I64 => f.write_str("i64"),
            TypeRef::F32 => f.write_str("f32"),
            TypeRef::F64 => f.write_str("f64"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Uuid => f.write_str("uuid"),
            TypeRef::DateTime => f.write_str("date-time"),
            TypeRef::Date => f.write_str("date"),
            TypeRef::Array(inner) => write!(f, "array<{inner}>"),
            TypeRef::Map(inner) => write!(f, "map<{inner}>"),
            TypeRef::Nullable(inner) => write!(f, "nullable<{inner}>"),
            TypeRef::Json => f.write_str("json"),
        }
    }
}

impl TypeRef {
    /// The generated type this reference ends at, through arrays and maps.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

/// A generated type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: String,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Sent in a request (gets `validate`, three-state nullables).
    pub in_request: bool,
    /// Received in a response.
    pub in_response: bool,
    /// Implements `Validate`: a struct or union sent in requests.
    pub validated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    /// `pub type Name = ...;` for a named schema that could only be typed loosely.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    pub default: DefaultImpl,
    /// Typed `additionalProperties` beside `properties`: the other
    /// properties, in a map flattened into the struct.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<Box<Additional>>,
}

/// The properties an object has beside those it names, all of one type:
/// `#[serde(flatten)] pub {name}: BTreeMap<String, {ty}>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Additional {
    /// The Rust field, `additional` unless a property has that name.
    pub name: String,
    /// The type of each value.
    pub ty: TypeRef,
    pub constraints: Constraints,
    pub docs: Docs,
    /// The values are secrets, never shown by `Debug`.
    pub sensitive: bool,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DefaultImpl {
    /// Some field is required: no `Default`.
    None,
    /// `#[derive(Default)]`.
    Derive,
    /// A hand-written `impl Default` that uses the spec's defaults.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The name on the wire, e.g. `proxyCountryCode`.
    pub wire_name: String,
    /// The Rust field name, e.g. `proxy_country_code`.
    pub name: String,
    pub ty: TypeRef,
    pub repr: FieldRepr,
    pub required: bool,
    pub nullable: bool,
    /// The spec's default, when it can be written as a Rust value of `ty`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Literal>,
    /// The spec's default as written (for documentation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_json: Option<Value>,
    /// The field is (indirectly) of its own type and is boxed.
    pub boxed: bool,
    /// For a defaulted field: its function in the `defaults` module, e.g.
    /// `session_view_status`, unique there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_fn: Option<String>,
    pub docs: Docs,
    pub constraints: Constraints,
    /// Body property, query parameter or header parameter.
    pub location: Location,
    /// A secret (`format: password`, or a name such as `password` or
    /// `token`): never shown by `Debug`.
    pub sensitive: bool,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

/// How a field is represented in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FieldRepr {
    /// `T`, always sent.
    Required,
    /// `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// `Option<T>`, omitted when `None`.
    Optional,
    /// `Nullable<T>`: omitted, `null` or a value.
    OptionalNullable,
    /// `T`, taking the spec's default when missing from a response.
    Defaulted,
    /// `Option<T>`, `Some(default)` when missing from a response, `None` when `null`.
    NullableDefaulted,
}

/// A default value that can be written in Rust.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Literal {
    String(String),
    Bool(bool),
    Integer(i64),
    Number(f64),
    /// A variant of the field's (enum) type.
    Variant(String),
}

/// A string enum; unknown values from the server go to `other_variant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StringEnum {
    pub values: Vec<EnumValue>,
    pub other_variant: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
}

/// A `oneOf`/`anyOf`. With a discriminator, the property picks the
/// variant. Without one, decoding tries the variants in their order (most
/// constrained first): first those whose [`Guard`] the value passes, then,
/// failing that, any that decodes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// When the spec names a discriminator: the property and, for each
    /// variant, the values that select it. Decoding then reads the property
    /// and picks exactly one variant; an unknown value decodes into a
    /// catch-all variant holding the JSON.
    pub discriminator: Option<Discriminator>,
    /// Every variant accepts its own JSON kind (integers before numbers), so
    /// trying them in order cannot pick the wrong one: serde's untagged
    /// decoding is enough. Otherwise the union has its own `Deserialize`
    /// that checks each variant's guard first.
    pub by_kind: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discriminator {
    /// The property on the wire, e.g. `petType`.
    pub property: String,
    /// `(value, variant index)`, in the spec's order. A value listed for
    /// several variants (their schemas pin the same one) selects the first
    /// of them that decodes the value.
    pub mapping: Vec<(String, usize)>,
    /// The name of the catch-all variant for values the spec does not list.
    pub other_variant: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The branch's own constraints (on a string, a number or an array),
    /// checked on requests.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// What a JSON value must show to be this variant (untagged unions).
    pub guard: Guard,
    /// An earlier variant whose guard is the same: the two schemas cannot
    /// be told apart, and a value both accept decodes as that one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

/// The JSON kinds a value can have, as union guards tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum JsonKind {
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
    /// Any value (an untyped schema, or a nested union deciding for itself).
    Any,
}

/// The distinguishing features of a union's variant, checked before
/// decoding into it: its JSON kind, and for objects the properties it
/// requires and the values (`const`, `enum`) they must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guard {
    pub kind: JsonKind,
    /// A string enum (or `const`): the value must be one it lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    /// Properties the object must have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// `(property, enum type)`: a required property whose value must be
    /// one the enum lists (a `const` is a one-value enum).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
    /// For an object without required properties: the properties it
    /// knows, one of which a non-empty value must have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub known: Vec<String>,
}

impl Guard {
    pub fn kind(kind: JsonKind) -> Self {
        Guard {
            kind,
            listed: None,
            required: Vec::new(),
            values: Vec::new(),
            known: Vec::new(),
        }
    }

    /// How much the guard says beyond the JSON kind: variants that say more
    /// are tried first. (An object without required properties says
    /// nothing for sure: it comes after those with some.)
    pub fn specificity(&self) -> usize {
        usize::from(self.listed.is_some()) * 4 + self.required.len() + self.values.len() * 2
    }

    /// The guard checks more than the JSON kind.
    pub fn says_more_than_kind(&self) -> bool {
        self.listed.is_some()
            || !self.required.is_empty()
            || !self.values.is_empty()
            || !self.known.is_empty()
    }
}

/// Documentation taken from the spec.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Docs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// A string's `format` that its Rust type does not express (`uri`,
    /// `email`): named in the documentation, not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// Checks made before a request is sent (never on responses).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// An ECMAScript regular expression, checked with `regress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Constraints on each item of an array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
    /// Constraints on each value of a map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bound {
    pub value: Number,
    pub exclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// Pointers are written as text in the model's snapshots.
fn pointer<S: Serializer>(p: &Pointer, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

fn is_false(b: &bool) -> bool {
    !*b
}
