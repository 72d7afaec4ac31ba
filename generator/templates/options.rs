//! Settings for one request.

use std::time::Duration;

/// Settings for one call, overriding the client's: timeout, retries, the
/// largest response body held in memory, and what the spec may not list
/// yet (extra headers, query parameters and JSON body fields). Give them to a call, `client.create_session(&request).options(options)`,
/// or to the `_with` form of any operation, e.g.
/// `client.create_session_with(&request, &RequestOptions::new().max_retries(0))`.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) max_body_size: Option<u64>,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) invalid_headers: Vec<String>,
    pub(crate) query: Vec<(String, String)>,
    /// In the order they were given, each name once.
    pub(crate) body_fields: Vec<(String, serde_json::Value)>,
    /// A body field whose value could not be serialised, with why.
    pub(crate) invalid_body_field: Option<(String, String)>,
}

/// Names, never values: a header or a field may hold a secret.
impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        let query: Vec<&str> = self.query.iter().map(|(k, _)| k.as_str()).collect();
        let fields: Vec<&str> = self.body_fields.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_body_size", &self.max_body_size)
            .field("headers", &headers)
            .field("query", &query)
            .field("body_fields", &fields)
            .finish()
    }
}

impl RequestOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// The timeout of each attempt of this call.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// No timeout for this call.
    #[must_use]
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// Retries for this call (0: a single attempt).
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The largest response body this call holds in memory, in bytes
    /// (see [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size),
    /// whose limit it replaces): a larger success body fails the call with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), a larger
    /// error body is cut, a larger server-sent event ends its stream.
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// An extra header (an idempotency key, a trace id, `Prefer`, ...); it
    /// replaces any header of the same name the client would send,
    /// `Content-Type` and the API key included. Its value is
    /// marked sensitive, so it never shows in `Debug` output. A name or value
    /// that is not valid in HTTP makes the call fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent.
    #[must_use]
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        reqwest::header::HeaderName: TryFrom<K>,
        reqwest::header::HeaderValue: TryFrom<V>,
    {
        let name = reqwest::header::HeaderName::try_from(name);
        let value = reqwest::header::HeaderValue::try_from(value);
        match (name, value) {
            (Ok(name), Ok(mut value)) => {
                value.set_sensitive(true);
                self.headers.insert(name, value);
            }
            (Ok(name), Err(_)) => self.invalid_headers.push(name.to_string()),
            (Err(_), _) => self.invalid_headers.push("(invalid name)".to_owned()),
        }
        self
    }

    /// An extra query parameter, appended after those of the operation's
    /// parameters (a parameter the spec does not list yet, or a flag of
    /// the server's); the name and the value are percent-encoded. Repeat it
    /// for several.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// An extra field of the JSON request body, a field the spec does not
    /// list yet: added at the end of the body object, after its own fields
    /// (in the order given; the last value given for a name counts), or
    /// replacing the body's field of the same name. An operation whose body is not a JSON object fails
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest), before
    /// anything is sent, rather than drop the field.
    #[must_use]
    pub fn body_field(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
        let name = name.into();
        match serde_json::to_value(value) {
            Ok(value) => match self.body_fields.iter_mut().find(|(n, _)| *n == name) {
                Some((_, previous)) => *previous = value,
                None => self.body_fields.push((name, value)),
            },
            Err(e) => self.invalid_body_field = Some((name, e.to_string())),
        }
        self
    }
}
