//! Settings for one request.

use std::time::Duration;

/// Settings for one call, overriding the client's: timeout, retries and extra
/// headers. Pass them to the `_with` form of any operation, e.g.
/// `client.create_session_with(&request, &RequestOptions::new().max_retries(0))`.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) invalid_headers: Vec<String>,
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
}
