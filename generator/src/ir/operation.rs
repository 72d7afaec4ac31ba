//! An operation and its request line: the HTTP method, the path template
//! split at its parameters, and the query, header and cookie parameters
//! with how each is written on the wire. Its body is in `request`, its
//! responses in `response`.

use super::{pointer, ErrorResponse, Pagination, RequestBody, Requirement, Success, TypeRef};
use crate::diag::Pointer;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// OpenAPI 3.2's `query`: HTTP QUERY, safe and idempotent, with a body.
    Query,
    /// A method of OpenAPI 3.2's `additionalOperations`, as written (HTTP
    /// method names are case-sensitive): `LINK`, `PROPFIND`, ...
    Other(String),
}

impl Method {
    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110): everything but POST and PATCH, and a method the
    /// generator does not know (nothing says it is idempotent).
    pub fn is_idempotent(&self) -> bool {
        !matches!(self, Method::Post | Method::Patch | Method::Other(_))
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

    /// Lower case, as in the spec (an additional operation's method as
    /// written).
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
            Method::Query => "query",
            Method::Other(m) => m,
        }
    }

    /// As sent on the wire: `GET`, `QUERY`, an additional method as written.
    pub fn wire(&self) -> String {
        match self {
            Method::Other(m) => m.clone(),
            m => m.as_str().to_ascii_uppercase(),
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

impl Location {
    /// The location as the spec's `in` writes it (`body` for a property).
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Body => "body",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}
