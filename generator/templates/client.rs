//! The HTTP client: one method per operation of the spec.
//!
//! Every operation has two methods: `operation(..)`, which returns a
//! [`Call`](crate::Call) (awaited, it gives the decoded body; before that it
//! takes this call's options, and `.with_response()` gives the status and
//! headers too), and `operation_with(.., &RequestOptions)`, an `async fn`
//! taking the options at once. A call fails with an
//! [`Error`](crate::Error): `Error::Api` for an error status (with the
//! operation's error enum when the spec documents the status, and the status,
//! headers and body in any case), `Error::InvalidRequest` for a request that
//! breaks a constraint of the spec (nothing is sent),
//! `Error::MissingCredentials` for an operation whose credentials are not
//! configured (nothing is sent), `Error::Credentials` for a credentials
//! provider that gave none ([`crate::credentials`]), `Error::ResponseTooLarge` for a success
//! body larger than the client's bound ([`ClientBuilder::max_body_size`]),
//! and `Error::Transport`, `Error::Timeout` or `Error::Decode` as their
//! names say. Failed attempts are
//! retried as [`RetryPolicy`](crate::RetryPolicy) says: a POST or a PATCH only
//! when the server cannot have acted on it.
//!
//! The client's fixed code comes first. What depends on the spec follows:
//! the default server, the environment variables, the credentials of each
//! security scheme and how they are sent (`DEFAULT_SERVER`, `Credentials`,
//! `Scheme`, `DEFAULT_SECURITY`, `REQUIRES_CREDENTIALS`,
//! `missing_credentials`), then the operations' methods and their error
//! enums.

use std::time::Duration;

/// The `User-Agent` of every request: checked when the crate is compiled,
/// and neither copied nor checked again per request.
const USER_AGENT: reqwest::header::HeaderValue = reqwest::header::HeaderValue::from_static(
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
);

/// A client of the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: crate::http::Transport,
    base_url: String,
    /// The base URL, parsed: credentials are sent to its origin only.
    base: reqwest::Url,
    credentials: Credentials,
    /// The HTTP client is the user's own (it may hold a TLS client identity).
    own_http: bool,
    timeout: Option<Duration>,
    retry: crate::RetryPolicy,
    /// The largest response body held in memory, in bytes.
    max_body_size: u64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("Client");
        debug.field("base_url", &self.base_url);
        self.credentials.debug_fields(&mut debug);
        debug
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The timeout of each attempt (connect, send, receive the whole response), unless configured.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// The connect timeout of the HTTP client the builder creates.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
    /// The largest response body held in memory, unless configured: 32 MiB.
    pub const DEFAULT_MAX_BODY_SIZE: u64 = 32 * 1024 * 1024;

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy of this client.
    pub fn retry_policy(&self) -> crate::RetryPolicy {
        self.retry
    }

    /// The largest response body this client holds in memory, in bytes
    /// (see [`ClientBuilder::max_body_size`]).
    pub fn max_body_size(&self) -> u64 {
        self.max_body_size
    }

    /// The bound of a call's response body: its own, else the client's.
    fn body_limit(&self, options: &crate::RequestOptions) -> u64 {
        options.max_body_size.unwrap_or(self.max_body_size)
    }

    /// A redirect policy for an HTTP client of your own
    /// ([`ClientBuilder::http_client`]): it follows up to 10 redirects
    /// within the origin (scheme, host and port) of the request, and stops
    /// at a redirect to any other origin, returning the 3xx response, so
    /// that no credential (an API key header included, which reqwest's own
    /// policy would forward) reaches another host. The builder's own client
    /// follows no redirect at all.
    pub fn redirect_policy() -> reqwest::redirect::Policy {
        reqwest::redirect::Policy::custom(|attempt| {
            let same = attempt
                .previous()
                .first()
                .is_some_and(|first| same_origin(first, attempt.url()));
            if !same {
                attempt.stop()
            } else if attempt.previous().len() > 10 {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        })
    }

    /// A request to `path` (relative to the base URL) with the client's
    /// headers, the credentials of the API's default security requirement
    /// (those configured; none is an error here) and timeout; for your own
    /// methods in `extensions.rs`, sent with [`Client::send`].
    #[allow(dead_code)]
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&'static str, String)],
        accept: &str,
        options: &crate::RequestOptions,
    ) -> reqwest::RequestBuilder {
        let schemes = select(&self.credentials, DEFAULT_SECURITY, self.own_http).unwrap_or(&[]);
        self.request_with(method, path, query, accept, options, schemes)
    }

    /// The schemes whose credentials a request of `operation` carries: of
    /// the alternatives of its security requirement, the first whose
    /// credentials are all configured (an empty one, which needs none, only
    /// when no other is); an error, before anything is sent, when there is
    /// none.
    #[allow(dead_code)]
    fn credentials_for<E>(
        &self,
        operation: &'static str,
        security: &'static [&'static [Scheme]],
    ) -> Result<&'static [Scheme], crate::Error<E>> {
        select(&self.credentials, security, self.own_http).ok_or_else(|| {
            let needed: Vec<String> = security
                .iter()
                .map(|alternative| {
                    let schemes: Vec<&str> = alternative.iter().map(|s| s.help()).collect();
                    schemes.join(" together with ")
                })
                .collect();
            crate::Error::MissingCredentials {
                operation,
                needed: needed.join(", or "),
            }
        })
    }

    /// [`Client::request`] with the credentials of `schemes`. They are
    /// attached only when the URL's origin is the base URL's.
    fn request_with(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&'static str, String)],
        accept: &str,
        options: &crate::RequestOptions,
        schemes: &[Scheme],
    ) -> reqwest::RequestBuilder {
        // An absolute URL (a raw call's, or a next page's) is taken as it
        // is; a path is relative to the base URL.
        let absolute = path.starts_with("https://") || path.starts_with("http://");
        // A path that starts with `/` cannot change the authority: it is
        // put on the parsed base URL, whose host is not parsed again.
        let on_base = path.starts_with('/') && !path.starts_with("//");
        let mut url = String::with_capacity(self.base_url.len() + path.len() + 64);
        if on_base {
            url.push_str(self.base.path().trim_end_matches('/'));
        } else if !absolute {
            url.push_str(&self.base_url);
        }
        url.push_str(path);
        // Any other target (an absolute URL, or code of your own) is checked.
        let trusted = !schemes.is_empty()
            && (on_base || reqwest::Url::parse(&url).is_ok_and(|u| same_origin(&u, &self.base)));
        let mut secret_query: Vec<(&'static str, String)> = Vec::new();
        if trusted {
            for scheme in schemes {
                self.credentials.query(*scheme, &mut secret_query);
            }
        }
        // The key once, in place of a parameter of the same name (in the
        // pairs, or already in the target's query).
        let pairs: Vec<(&'static str, String)> = query
            .iter()
            .filter(|(name, _)| !secret_query.iter().any(|(n, _)| n == name))
            .cloned()
            .collect();
        crate::encode::append_query(&mut url, &pairs, false);
        crate::encode::append_query(&mut url, &options.query, false);
        crate::encode::append_query(&mut url, &secret_query, true);
        let request = if on_base {
            let mut target = self.base.clone();
            let (path, query) = match url.split_once('?') {
                Some((path, query)) => (path, Some(query)),
                None => (url.as_str(), None),
            };
            target.set_path(path);
            target.set_query(query);
            self.http.http.request(method, target)
        } else {
            self.http.http.request(method, url)
        };
        let mut request = request
            .header(reqwest::header::ACCEPT, accept)
            .header(reqwest::header::USER_AGENT, USER_AGENT);
        if trusted {
            // Cookies of several schemes go in one `Cookie` header.
            let mut cookie: Option<reqwest::header::HeaderValue> = None;
            for scheme in schemes {
                match self.credentials.header(*scheme) {
                    Some((name, value)) if name == reqwest::header::COOKIE => {
                        cookie = Some(match cookie.take() {
                            Some(previous) => join_cookies(&previous, value),
                            None => value.clone(),
                        });
                    }
                    Some((name, value)) => request = request.header(name, value.clone()),
                    None => {}
                }
            }
            if let Some(cookie) = cookie {
                request = request.header(reqwest::header::COOKIE, cookie);
            }
        }
        request
    }

    /// Sends a request made with [`Client::request`], with the client's
    /// credentials, retries and timeout (the request is cloned when a
    /// retry may follow), and reads the whole response.
    #[allow(dead_code)]
    pub(crate) async fn send<E>(
        &self,
        operation: &'static str,
        idempotent: bool,
        request: reqwest::RequestBuilder,
        options: &crate::RequestOptions,
    ) -> Result<crate::http::Received, crate::Error<E>> {
        let request = crate::http::build(operation, request, options)?;
        let schemes = select(&self.credentials, DEFAULT_SECURITY, self.own_http).unwrap_or(&[]);
        let sending = self.sending(None, None, options, schemes, &request);
        crate::http::send_with(&self.http, operation, idempotent, request, sending).await
    }

    /// Sends an operation's `request`, made by `again` for each retry (so
    /// that nothing is kept for a retry that does not come), with the
    /// client's retries and timeout; the credentials of `schemes` that
    /// come from providers are asked for before each attempt (see
    /// [`crate::credentials`]). The body of a success whose status
    /// `stream` accepts is left unread. Not an `async fn`: the call's
    /// future is the attempts' own.
    #[allow(clippy::too_many_arguments)]
    fn send_built<'a, E>(
        &'a self,
        operation: &'static str,
        idempotent: bool,
        request: reqwest::Request,
        again: &'a crate::http::Again<'a, E>,
        stream: Option<fn(u16) -> bool>,
        options: &crate::RequestOptions,
        schemes: &[Scheme],
    ) -> impl std::future::Future<Output = Result<crate::http::Received, crate::Error<E>>> + 'a
    {
        let sending = self.sending(Some(again), stream, options, schemes, &request);
        crate::http::send_with(&self.http, operation, idempotent, request, sending)
    }

    /// How a call is sent: the client's retries, bound and timeout, or the
    /// call's own, and the providers of its credentials.
    fn sending<'a, E>(
        &'a self,
        again: Option<&'a crate::http::Again<'a, E>>,
        stream: Option<fn(u16) -> bool>,
        options: &crate::RequestOptions,
        schemes: &[Scheme],
        request: &reqwest::Request,
    ) -> crate::http::Sending<'a, E> {
        let mut policy = self.retry;
        if let Some(max_retries) = options.max_retries {
            policy.max_retries = max_retries;
        }
        crate::http::Sending {
            again,
            policy,
            stream,
            limit: self.body_limit(options),
            timeout: options.timeout.unwrap_or(self.timeout),
            auth: self.provider_auth(schemes, request),
        }
    }

    /// The providers of the credentials of `schemes`, for a request to the
    /// base URL's origin only; `None` when none comes from a provider.
    fn provider_auth(
        &self,
        schemes: &[Scheme],
        request: &reqwest::Request,
    ) -> Option<crate::credentials::Auth<'_>> {
        // Nothing allocated, and no URL compared, without providers.
        let providers: Vec<_> = schemes
            .iter()
            .filter_map(|s| self.credentials.provider(*s))
            .collect();
        if providers.is_empty() || !same_origin(request.url(), &self.base) {
            return None;
        }
        crate::credentials::Auth::new(providers)
    }

    /// A call the vendored spec does not describe (yet), with the client's
    /// credentials, retries, timeout and errors: `method`, a `path` relative
    /// to the base URL (`/things/1?verbose=true`; an absolute URL gets
    /// credentials only on the base URL's origin) and an optional JSON body.
    /// Awaited, it gives the JSON of a success (`null` for an empty body);
    /// an error status is an [`Error::Api`](crate::Error::Api) whose
    /// `kind()` is the error body's JSON. Retried as an operation of that
    /// method would be; [`Call::with_response`](crate::Call::with_response)
    /// gives the status and headers, and
    /// [`Response::decode_as`](crate::Response::decode_as) a type of your own.
    pub fn raw<'a>(
        &'a self,
        method: reqwest::Method,
        path: &'a str,
        body: Option<serde_json::Value>,
    ) -> crate::Call<
        impl crate::Operation<Body = serde_json::Value, Error = serde_json::Value> + 'a,
    > {
        crate::Call::new(move |options: crate::RequestOptions| {
            async move {
                const OPERATION: &str = "raw";
                let options = &options;
                let idempotent = matches!(
                    method,
                    reqwest::Method::GET
                        | reqwest::Method::PUT
                        | reqwest::Method::DELETE
                        | reqwest::Method::HEAD
                        | reqwest::Method::OPTIONS
                        | reqwest::Method::TRACE
                );
                let body = match body {
                    Some(body) => Some(crate::http::json_body(OPERATION, &body, options)?),
                    None if !options.body_fields.is_empty() => Some(crate::http::json_body(
                        OPERATION,
                        &serde_json::Value::Object(serde_json::Map::new()),
                        options,
                    )?),
                    None => None,
                };
                let mut request = self.request(method, path, &[], "application/json", options);
                if let Some(body) = body {
                    request = request
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body);
                }
                let response = self.send(OPERATION, idempotent, request, options).await?;
                if response.status.is_success() {
                    return crate::http::success(response, |response| {
                        if response.body.iter().all(u8::is_ascii_whitespace) {
                            Ok(serde_json::Value::Null)
                        } else {
                            crate::http::decode(OPERATION, "JSON", &*response)
                        }
                    });
                }
                Err(crate::http::api_error(OPERATION, response, |_, json| {
                    json.cloned()
                }))
            }
        })
    }
}

/// Whether two URLs have the same origin: scheme, host and port.
fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Of the alternatives of a security requirement, the first whose
/// credentials are all configured; else an empty one (no credentials
/// needed), if any. No requirement at all needs nothing.
fn select(
    credentials: &Credentials,
    security: &'static [&'static [Scheme]],
    own_http: bool,
) -> Option<&'static [Scheme]> {
    if security.is_empty() {
        return Some(&[]);
    }
    security
        .iter()
        .find(|alternative| {
            !alternative.is_empty() && alternative.iter().all(|s| credentials.has(*s, own_http))
        })
        .or_else(|| security.iter().find(|alternative| alternative.is_empty()))
        .copied()
}

/// Two cookies in one `Cookie` header value, marked sensitive.
#[allow(dead_code)]
fn join_cookies(
    first: &reqwest::header::HeaderValue,
    second: &reqwest::header::HeaderValue,
) -> reqwest::header::HeaderValue {
    let mut bytes = first.as_bytes().to_vec();
    bytes.extend_from_slice(b"; ");
    bytes.extend_from_slice(second.as_bytes());
    // Both parts are valid header values, and so is `; `.
    let mut value = reqwest::header::HeaderValue::from_bytes(&bytes).unwrap_or_else(|_| first.clone());
    value.set_sensitive(true);
    value
}

/// A credential as it is sent: a header value marked sensitive (never
/// printed by `Debug`, compressed apart by HTTP/2), or `None` when it
/// cannot be sent.
#[allow(dead_code)]
fn secret(value: String) -> Option<reqwest::header::HeaderValue> {
    let mut value = reqwest::header::HeaderValue::try_from(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Configures a [`Client`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: Option<String>,
    timeout: Option<Option<Duration>>,
    connect_timeout: Option<Duration>,
    retry: Option<crate::RetryPolicy>,
    max_body_size: Option<u64>,
    http: Option<reqwest::Client>,
    #[cfg(feature = "middleware")]
    middleware: Option<reqwest_middleware::ClientWithMiddleware>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("ClientBuilder");
        self.credentials.debug_fields(&mut debug);
        debug
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
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

    /// The largest response body held in memory, in bytes (default
    /// [`Client::DEFAULT_MAX_BODY_SIZE`], 32 MiB), so that no server (nor a
    /// proxy in between) can take all of the memory through one call. It
    /// is enforced while the body is read, and before, when the
    /// `Content-Length` header says more:
    ///
    /// - a success body (JSON, text, bytes read whole) larger than this
    ///   fails the call with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge),
    ///   which is not retried;
    /// - an error body larger than this is cut: the call fails with the
    ///   [`Error::Api`](crate::Error::Api) of its status, whose body is the
    ///   first 64 KiB ([`ApiError::body_truncated`](crate::ApiError::body_truncated));
    /// - a server-sent event (its data and any line of it) larger than
    ///   this is an error and ends the stream.
    ///
    /// A binary body streamed as a `ByteStream` (a download) is not
    /// bounded: it is never held whole unless you ask for it. A call can
    /// set its own bound (`.max_body_size(..)` on the call, or
    /// [`RequestOptions::max_body_size`](crate::RequestOptions::max_body_size));
    /// `u64::MAX` lifts it.
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// An HTTP client of your own (proxies, TLS roots and client
    /// certificates, connection pool settings). Its own timeouts apply in
    /// addition to this builder's. Build it with
    /// `.redirect(Client::redirect_policy())` or
    /// `.redirect(reqwest::redirect::Policy::none())` (as the builder's own
    /// client is): reqwest's default policy follows redirects to any host,
    /// and would send an API key header along.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// A middleware stack of your own (feature `middleware`): every
    /// attempt of every call is sent through it, e.g. for OpenTelemetry
    /// (`reqwest-tracing`), caching, or authentication of your own.
    /// Requests are built with the `reqwest::Client` the stack wraps (as
    /// with [`ClientBuilder::http_client`]: build it with
    /// `.redirect(Client::redirect_policy())`), and this client's own
    /// timeouts, retries, credentials and bounds still apply around the
    /// stack: a retry runs the stack again. With a retry middleware of your
    /// own, turn the client's retries off (`.max_retries(0)`). An error of
    /// a middleware itself is [`Error::Middleware`](crate::Error::Middleware),
    /// not retried; an error of the HTTP client under it is reported (and
    /// retried) as without middleware.
    #[cfg(feature = "middleware")]
    #[must_use]
    pub fn middleware(mut self, stack: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.middleware = Some(stack);
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
        let base = match parsed {
            Ok(url) => url,
            Err(_) => return Err(crate::BuildError::InvalidBaseUrl(base_url)),
        };
        self.credentials.check()?;
        #[cfg(feature = "middleware")]
        let http = self
            .http
            .or_else(|| self.middleware.as_ref().map(|stack| stack.as_ref().clone()));
        #[cfg(not(feature = "middleware"))]
        let http = self.http;
        let own_http = http.is_some();
        let mut credentials = self.credentials;
        if REQUIRES_CREDENTIALS && !credentials.any(own_http) {
            return Err(missing_credentials(false));
        }
        let http = match http {
            Some(http) => http,
            // No redirects: reqwest would forward an API key header to
            // whatever host a redirect names (it strips only the standard
            // credential headers), and turn a POST into a GET on 301/302.
            None => Client::http_client_builder()?
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(
                    self.connect_timeout
                        .unwrap_or(Client::DEFAULT_CONNECT_TIMEOUT),
                )
                .build()
                .map_err(crate::BuildError::Http)?,
        };
        credentials.bind(&base, &http);
        Ok(Client {
            http: crate::http::Transport {
                http,
                #[cfg(feature = "middleware")]
                middleware: self.middleware,
            },
            base_url,
            base,
            credentials,
            own_http,
            timeout: self.timeout.unwrap_or(Some(Client::DEFAULT_TIMEOUT)),
            retry: self.retry.unwrap_or_default(),
            max_body_size: self.max_body_size.unwrap_or(Client::DEFAULT_MAX_BODY_SIZE),
        })
    }
}
