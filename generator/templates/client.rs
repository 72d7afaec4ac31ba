//! The HTTP client: one async method per operation of the spec.
//!
//! Every operation has two methods: `operation(..)`, and
//! `operation_with(.., &RequestOptions)` for one call's timeout, retries or
//! extra headers. Each returns the decoded body of a success, or an
//! [`Error`](crate::Error): `Error::Api` for an error status (with the
//! operation's error enum when the spec documents the status, and the status,
//! headers and body in any case), `Error::InvalidRequest` for a request that
//! breaks a constraint of the spec (nothing is sent), and `Error::Transport`,
//! `Error::Timeout` or `Error::Decode` as their names say. Failed attempts are
//! retried as [`RetryPolicy`](crate::RetryPolicy) says: a POST or a PATCH only
//! when the server cannot have acted on it.
//!
//! The client's fixed code comes first. What depends on the spec follows:
//! the default server, the environment variables, whether and how the API
//! key is sent (`DEFAULT_SERVER`, `TAKES_API_KEY`, `REQUIRES_API_KEY`,
//! `api_key_value`, `authenticate`), then the operations' methods and their
//! error enums.

use std::time::Duration;

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client of the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    api_key: Option<reqwest::header::HeaderValue>,
    timeout: Option<Duration>,
    retry: crate::RetryPolicy,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("Client");
        debug.field("base_url", &self.base_url);
        if TAKES_API_KEY {
            debug.field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"));
        }
        debug
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The timeout of each attempt (connect, send, receive the whole response), unless configured.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// The connect timeout of the HTTP client the builder creates.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy of this client.
    pub fn retry_policy(&self) -> crate::RetryPolicy {
        self.retry
    }

    /// A request to `path` (relative to the base URL) with the client's
    /// headers, authentication and timeout; for your own methods in
    /// `extensions.rs`, sent with [`Client::send`].
    #[allow(dead_code)]
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&'static str, String)],
        accept: &str,
        options: &crate::RequestOptions,
    ) -> reqwest::RequestBuilder {
        let query = crate::encode::query_string(query);
        let url = format!("{}{}{}", self.base_url, path, query);
        let mut request = self
            .http
            .request(method, url)
            .header(reqwest::header::ACCEPT, accept)
            .header(reqwest::header::USER_AGENT, USER_AGENT);
        if let Some(key) = &self.api_key {
            request = authenticate(request, key);
        }
        if let Some(timeout) = options.timeout.unwrap_or(self.timeout) {
            request = request.timeout(timeout);
        }
        request
    }

    /// Sends a request made with [`Client::request`], with the
    /// client's retries, and reads the whole response.
    #[allow(dead_code)]
    pub(crate) async fn send<E>(
        &self,
        operation: &'static str,
        idempotent: bool,
        request: reqwest::RequestBuilder,
        options: &crate::RequestOptions,
    ) -> Result<crate::http::Received, crate::Error<E>> {
        let request = crate::http::build(operation, request, options)?;
        let mut policy = self.retry;
        if let Some(max_retries) = options.max_retries {
            policy.max_retries = max_retries;
        }
        crate::http::send(&self.http, operation, idempotent, &policy, request).await
    }
}

/// Configures a [`Client`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Option<Duration>>,
    connect_timeout: Option<Duration>,
    retry: Option<crate::RetryPolicy>,
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("ClientBuilder");
        if TAKES_API_KEY {
            debug.field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"));
        }
        debug
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The URL requests are sent to, e.g. a test server or a proxy.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The timeout of each attempt, from connecting to the end of the
    /// response body (default [`Client::DEFAULT_TIMEOUT`]). Waits
    /// between retries are not counted.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// No timeout at all: a request waits as long as the server takes.
    #[must_use]
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// The timeout to open a connection (default
    /// [`Client::DEFAULT_CONNECT_TIMEOUT`]). It applies to the HTTP client
    /// the builder creates; set your own client's with
    /// `reqwest::ClientBuilder::connect_timeout`.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2; 0 turns retries off).
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        let mut policy = self.retry.unwrap_or_default();
        policy.max_retries = max_retries;
        self.retry = Some(policy);
        self
    }

    /// The whole retry policy: retries, backoff delays, and the
    /// longest `Retry-After` honoured.
    #[must_use]
    pub fn retry_policy(mut self, policy: crate::RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An HTTP client of your own (proxies, TLS roots, connection pool
    /// settings). Its own timeouts apply in addition to this builder's.
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`, as
    /// the builder's own client is: reqwest follows redirects by default
    /// and would send the API key header to the host a redirect names.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, crate::BuildError> {
        let base_url = self
            .base_url
            .or_else(|| DEFAULT_SERVER.map(str::to_owned))
            .unwrap_or_default();
        let base_url = base_url.trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url);
        if !matches!(&parsed, Ok(url) if url.scheme() == "http" || url.scheme() == "https") {
            return Err(crate::BuildError::InvalidBaseUrl(base_url));
        }
        let api_key = match self.api_key {
            Some(key) => {
                let mut value = api_key_value(key).map_err(|_| crate::BuildError::InvalidApiKey)?;
                value.set_sensitive(true);
                Some(value)
            }
            None if REQUIRES_API_KEY => {
                return Err(crate::BuildError::MissingApiKey { env_var: None });
            }
            None => None,
        };
        let http = match self.http {
            Some(http) => http,
            // No redirects: reqwest would forward the API key header to
            // whatever host a redirect names (it strips only the standard
            // credential headers), and turn a POST into a GET on 301/302.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(
                    self.connect_timeout
                        .unwrap_or(Client::DEFAULT_CONNECT_TIMEOUT),
                )
                .build()
                .map_err(crate::BuildError::Http)?,
        };
        Ok(Client {
            http,
            base_url,
            api_key,
            timeout: self.timeout.unwrap_or(Some(Client::DEFAULT_TIMEOUT)),
            retry: self.retry.unwrap_or_default(),
        })
    }
}
