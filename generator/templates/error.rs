//! Errors: a call's and a client builder's (with the `client` feature), and
//! those of values (both builds: a value that breaks a constraint of the
//! spec, a string that is not a value of an enum).

use std::fmt;

#[cfg(feature = "client")]
/// Why a call failed. `E` is the operation's enum of documented error
/// statuses (such as `CreateSessionError`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// Rejected locally, before anything was sent: a value breaks a
    /// constraint of the spec (a bound, a length, a pattern).
    InvalidRequest(InvalidRequest),
    /// Rejected locally, before anything was sent: the operation requires
    /// credentials and none of the alternatives it accepts is configured.
    MissingCredentials {
        operation: &'static str,
        /// What to configure: each alternative's builder setters (and
        /// environment variables).
        needed: String,
    },
    /// A credentials provider (`ClientBuilder::…_provider`, see
    /// `crate::credentials`) gave no credential: before an attempt, which
    /// was not sent then, or when asked to refresh one the server rejected
    /// with a 401. Not retried.
    Credentials {
        operation: &'static str,
        source: ProviderError,
        /// Attempts sent, retries included (0: nothing was sent).
        attempts: u32,
    },
    /// The request could not be sent or the response could not be read
    /// (connection refused, DNS, TLS, connection reset).
    Transport {
        operation: &'static str,
        source: reqwest::Error,
        /// Attempts made, retries included.
        attempts: u32,
        /// Whether the operation's method is idempotent (repeating it is safe).
        idempotent: bool,
    },
    /// A middleware of the client's stack (feature `middleware`,
    /// `ClientBuilder::middleware`) failed the request itself, rather than the HTTP client under it.
    /// Not retried: the client cannot tell what the middleware did.
    /// Without the feature, never made.
    Middleware {
        operation: &'static str,
        /// The middleware's error (a `reqwest_middleware::Error`).
        source: Box<dyn std::error::Error + Send + Sync>,
        /// Attempts made, retries included.
        attempts: u32,
        /// Whether the operation's method is idempotent (repeating it is safe).
        idempotent: bool,
    },
    /// No complete response arrived within the timeout of an attempt.
    Timeout {
        operation: &'static str,
        /// Why: a `tokio::time::error::Elapsed` when the client's timeout of
        /// the attempt ran out, or the `reqwest::Error` of the HTTP client's
        /// own (for a streamed body, or set on a client of yours).
        source: Box<dyn std::error::Error + Send + Sync>,
        /// Attempts made, retries included.
        attempts: u32,
        /// Whether the operation's method is idempotent (repeating it is safe).
        idempotent: bool,
    },
    /// The server answered with a status that is not a success (boxed: it
    /// keeps the headers and body).
    Api(Box<ApiError<E>>),
    /// The server answered with success, but its body is larger than the
    /// bound of the bodies held in memory (`limit` bytes; by its
    /// `Content-Length`, before anything was read, or while it was read).
    /// Raise the bound with `ClientBuilder::max_body_size`, or the call's
    /// `.max_body_size(..)`. Not retried.
    ResponseTooLarge {
        operation: &'static str,
        status: reqwest::StatusCode,
        /// The bound, in bytes.
        limit: u64,
        /// The `Content-Length` the server sent, when it was above the bound.
        content_length: Option<u64>,
        /// Attempts made, retries included.
        attempts: u32,
        /// Whether the operation's method is idempotent (repeating it is safe).
        idempotent: bool,
    },
    /// The server answered with success, but the body is not what the spec describes.
    /// (Boxed: it keeps the headers and body.)
    Decode(Box<DecodeError>),
    /// A stream of pages stopped rather than loop forever or send the
    /// credentials elsewhere: the server's next page repeats one it gave
    /// before (a cursor, URL or offset, or the same page again), or is on
    /// another origin than the base URL's. The pages before it were given.
    Pagination {
        operation: &'static str,
        /// The page that is not given, counting from 1.
        page: u64,
        /// What the server did.
        reason: String,
    },
}

#[cfg(feature = "client")]
impl<E> Error<E> {
    /// The operation that failed, e.g. `"create_session"`.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidRequest(e) => e.operation,
            Error::MissingCredentials { operation, .. } => operation,
            Error::Credentials { operation, .. } => operation,
            Error::Transport { operation, .. }
            | Error::Middleware { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::ResponseTooLarge { operation, .. } => operation,
            Error::Api(e) => e.operation,
            Error::Decode(e) => e.operation,
            Error::Pagination { operation, .. } => operation,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error response, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The response headers (request ids, `Retry-After`, ...), when the
    /// server answered.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::Decode(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// How many attempts were made (0 when the request was rejected locally).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::InvalidRequest(_)
            | Error::MissingCredentials { .. }
            | Error::Pagination { .. } => 0,
            Error::Transport { attempts, .. }
            | Error::Credentials { attempts, .. }
            | Error::Middleware { attempts, .. }
            | Error::Timeout { attempts, .. }
            | Error::ResponseTooLarge { attempts, .. } => *attempts,
            Error::Api(e) => e.attempts,
            Error::Decode(e) => e.attempts,
        }
    }

    /// Whether trying again is both safe and may succeed, by the same rules
    /// as the client's own retries (see [`RetryPolicy`](crate::RetryPolicy)):
    /// a connection that could not be opened; the statuses 408, 429, 502, 503
    /// and 504; and, for idempotent methods only, a timeout, another transport
    /// failure, or a 500. A POST that timed out is not: the server may have
    /// acted on it. The client may already have retried: [`Error::attempts`]
    /// tells.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport {
                source, idempotent, ..
            } => source.is_connect() || *idempotent,
            Error::Timeout { idempotent, .. } => *idempotent,
            Error::Api(e) => crate::retry::retryable_status(e.status.as_u16(), e.idempotent),
            Error::InvalidRequest(_)
            | Error::MissingCredentials { .. }
            | Error::Credentials { .. }
            | Error::Middleware { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Decode(_)
            | Error::Pagination { .. } => false,
        }
    }

    /// The documented error, when the server answered with a status the
    /// operation documents.
    pub fn kind(&self) -> Option<&E> {
        self.api_error().and_then(ApiError::kind)
    }
}

#[cfg(feature = "client")]
/// ` (after 3 attempts)`, or nothing for a single attempt.
fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

#[cfg(feature = "client")]
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => e.fmt(f),
            Error::MissingCredentials { operation, needed } => {
                write!(f, "{operation}: no credentials configured: {needed}")
            }
            Error::Credentials { operation, .. } => {
                write!(f, "{operation}: the credentials provider failed")
            }
            // The cause is not repeated here: `source()` returns it, and
            // reporters (`anyhow`'s `{:#}`, `tracing`) print the chain.
            Error::Transport {
                operation,
                source,
                attempts,
                ..
            } => write!(
                f,
                "{operation}: request failed{}{}",
                if source.is_connect() {
                    " to connect"
                } else {
                    ""
                },
                after_attempts(*attempts)
            ),
            Error::Timeout {
                operation,
                attempts,
                ..
            } => write!(f, "{operation}: timed out{}", after_attempts(*attempts)),
            Error::Middleware {
                operation,
                attempts,
                ..
            } => write!(
                f,
                "{operation}: a middleware failed the request{}",
                after_attempts(*attempts)
            ),
            Error::ResponseTooLarge {
                operation,
                status,
                limit,
                content_length,
                attempts,
                ..
            } => {
                write!(f, "{operation}: the {} response body", status.as_u16())?;
                if let Some(length) = content_length {
                    write!(f, " ({length} bytes)")?;
                }
                write!(
                    f,
                    " is larger than the limit of {limit} bytes; raise it with \
                     `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`{}",
                    after_attempts(*attempts)
                )
            }
            Error::Api(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Pagination {
                operation,
                page,
                reason,
            } => write!(f, "{operation}: page {page}: {reason}"),
        }
    }
}

#[cfg(feature = "client")]
impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Timeout { source, .. } | Error::Middleware { source, .. } => {
                Some(source.as_ref())
            }
            Error::Credentials { source, .. } => Some(source),
            Error::Decode(e) => Some(&e.source),
            Error::InvalidRequest(_)
            | Error::MissingCredentials { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Api(_)
            | Error::Pagination { .. } => None,
        }
    }
}

/// Why a credentials provider gave no credential: a message of its own
/// (never holding the credential), and the error under it, if any.
#[cfg(feature = "client")]
#[derive(Debug)]
pub struct ProviderError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

#[cfg(feature = "client")]
impl ProviderError {
    /// An error with `message` (say what failed, never a key or token).
    pub fn new(message: impl Into<String>) -> Self {
        ProviderError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with `message`, caused by `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        ProviderError {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

#[cfg(feature = "client")]
impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(feature = "client")]
impl std::error::Error for ProviderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(feature = "client")]
/// A response with an error status: the status, headers and body as
/// received, and the documented error it stands for, when there is one.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub(crate) operation: &'static str,
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: String,
    /// The bound the body was larger than, when it was cut.
    pub(crate) truncated: Option<u64>,
    pub(crate) json: Option<serde_json::Value>,
    pub(crate) kind: Option<E>,
    pub(crate) attempts: u32,
    pub(crate) idempotent: bool,
}

#[cfg(feature = "client")]
impl<E> ApiError<E> {
    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response headers (request ids, `Retry-After`, ...).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The body as received (invalid UTF-8 replaced): its first 64 KiB
    /// when it was larger than the call's bound (see [`ApiError::body_truncated`]).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Whether the body was larger than the bound of the bodies held in
    /// memory (`ClientBuilder::max_body_size`), and [`ApiError::body`] is its
    /// first part only (the rest was not read). The JSON of a cut body
    /// does not parse: [`ApiError::json`] and [`ApiError::kind`] are `None`.
    pub fn body_truncated(&self) -> bool {
        self.truncated.is_some()
    }

    /// The body parsed as JSON, whether or not it matches the documented schema.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json.as_ref()
    }

    /// The documented error for this status, or `None` for a status the spec
    /// does not document for this operation.
    pub fn kind(&self) -> Option<&E> {
        self.kind.as_ref()
    }

    /// Takes the documented error out.
    pub fn into_kind(self) -> Option<E> {
        self.kind
    }

    /// How many attempts were made: retries included, and a request sent
    /// again with renewed credentials after a 401.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The server's own message, read from the common JSON error shapes:
    /// `{"detail": "..."}`, FastAPI's `{"detail": [{"loc": [...], "msg": "..."}]}`,
    /// `{"message": "..."}` and `{"error": "..."}`.
    pub fn message(&self) -> Option<String> {
        let json = self.json.as_ref()?;
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        if let Some(detail) = json.get("detail") {
            if let Some(s) = text(detail) {
                return Some(s);
            }
            if let Some(items) = detail.as_array() {
                let messages: Vec<String> = items
                    .iter()
                    .filter_map(|item| {
                        let msg = item.get("msg")?.as_str()?;
                        let loc: Vec<String> = item
                            .get("loc")
                            .and_then(|l| l.as_array())
                            .map(|l| {
                                l.iter()
                                    .map(|p| match p {
                                        serde_json::Value::String(s) => s.clone(),
                                        other => other.to_string(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        Some(if loc.is_empty() {
                            msg.to_owned()
                        } else {
                            format!("{}: {msg}", loc.join("."))
                        })
                    })
                    .collect();
                if !messages.is_empty() {
                    return Some(messages.join("; "));
                }
            }
        }
        ["message", "error", "title"]
            .iter()
            .find_map(|key| json.get(*key).and_then(text))
    }
}

#[cfg(feature = "client")]
impl<E: fmt::Display> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.status.as_u16())?;
        if let Some(reason) = self.status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        } else if !self.body.trim().is_empty() && self.json.is_none() {
            write!(f, ": {}", excerpt(&self.body))?;
        } else if let Some(kind) = &self.kind {
            write!(f, ": {kind}")?;
        } else if !self.body.trim().is_empty() {
            write!(f, ": {}", excerpt(&self.body))?;
        }
        if let Some(limit) = self.truncated {
            write!(
                f,
                " (body cut: larger than the limit of {limit} bytes; raise it with \
                 `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`)"
            )?;
        }
        f.write_str(&after_attempts(self.attempts))
    }
}

/// At most 200 characters of a body, on one line.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn excerpt(body: &str) -> String {
    const MAX: usize = 200;
    let one_line: String = body
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(feature = "client")]
/// A success response whose body does not decode into the documented type.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) operation: &'static str,
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) attempts: u32,
    pub(crate) expected: &'static str,
    pub(crate) body: String,
    pub(crate) source: serde_json::Error,
}

#[cfg(feature = "client")]
impl DecodeError {
    /// The HTTP status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The body as received.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The Rust type the body should have decoded into.
    pub fn expected(&self) -> &'static str {
        self.expected
    }
}

#[cfg(feature = "client")]
impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The JSON error is the `source()`; the body is what a reader needs here.
        write!(
            f,
            "{}: the {} response body is not a valid {}; body: {}",
            self.operation,
            self.status.as_u16(),
            self.expected,
            excerpt(&self.body)
        )
    }
}

#[cfg(feature = "client")]
/// A request rejected before it was sent, with every violation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    pub(crate) operation: &'static str,
    pub(crate) errors: Vec<FieldError>,
}

#[cfg(feature = "client")]
impl InvalidRequest {
    /// Every violation, in field order.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }
}

#[cfg(feature = "client")]
impl std::error::Error for InvalidRequest {}

#[cfg(feature = "client")]
impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: invalid request: ", self.operation)?;
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            e.fmt(f)?;
        }
        Ok(())
    }
}

/// One value that breaks a constraint of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl FieldError {
    /// Where the value is, with the wire names: `body.customProxy.port`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong: `100 is out of range: must be between 320 and 6144`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

#[cfg(feature = "client")]
/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// No API key was given (or the environment variable named is not set).
    MissingApiKey { env_var: Option<&'static str> },
    /// The API key cannot be sent in an HTTP header (it contains control characters).
    InvalidApiKey,
    /// No credentials were given, and every operation requires some: what
    /// to configure (builder setters, environment variables).
    MissingCredentials(&'static str),
    /// The credential given to this builder setter cannot be sent (control
    /// characters; a basic-auth user name containing `:`).
    InvalidCredential { setter: &'static str },
    /// The base URL is missing or is not an absolute `http(s)` URL.
    InvalidBaseUrl(String),
    /// The HTTP client could not be created (for example, no TLS backend).
    Http(reqwest::Error),
    /// The TLS configuration could not be built (with the `rustls-ring`
    /// feature: the platform's root certificates could not be loaded).
    Tls(Box<dyn std::error::Error + Send + Sync>),
}

#[cfg(feature = "client")]
impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingApiKey { env_var: Some(var) } => write!(
                f,
                "no API key: the environment variable {var} is not set (set it to your API key)"
            ),
            BuildError::MissingApiKey { env_var: None } => {
                f.write_str("no API key: call `ClientBuilder::api_key`")
            }
            BuildError::InvalidApiKey => {
                f.write_str("the API key contains characters that cannot be sent in a header")
            }
            BuildError::MissingCredentials(needed) => write!(f, "no credentials: {needed}"),
            BuildError::InvalidCredential { setter } => write!(
                f,
                "the credential given to `ClientBuilder::{setter}` cannot be sent in an HTTP header"
            ),
            BuildError::InvalidBaseUrl(url) if url.is_empty() => {
                f.write_str("no base URL: call `ClientBuilder::base_url`")
            }
            BuildError::InvalidBaseUrl(url) => {
                write!(
                    f,
                    "invalid base URL {url:?}: expected an absolute http(s) URL"
                )
            }
            BuildError::Http(_) => f.write_str("the HTTP client could not be created"),
            BuildError::Tls(_) => f.write_str("the TLS configuration could not be built"),
        }
    }
}

#[cfg(feature = "client")]
impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            BuildError::Tls(e) => Some(&**e),
            _ => None,
        }
    }
}

/// A string that is not one of the values an enum of the spec lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
}

impl ParseEnumError {
    #[allow(dead_code)]
    pub(crate) fn new(type_name: &'static str, value: &str) -> Self {
        ParseEnumError {
            type_name,
            value: value.to_owned(),
        }
    }

    /// The value that was not recognised.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a value of {}", self.value, self.type_name)
    }
}

impl std::error::Error for ParseEnumError {}
