//! One call of an operation: a future that can be configured before it is
//! awaited, and the response's metadata for those who ask.
//!
//! Every operation's method returns a [`Call`]. Awaiting it gives the
//! decoded body, as an `async fn` would:
//!
//! ```text
//! let session = client.create_session(&request).await?;
//! ```
//!
//! Before awaiting, it takes this call's options (timeout, retries, the
//! largest body held in memory, extra headers, query parameters and JSON
//! body fields), and [`Call::with_response`] gives the status and headers
//! along with the body:
//!
//! ```text
//! let response = client.create_session(&request).with_response().await?;
//! println!("{:?} {:?}", response.request_id(), response.rate_limit().remaining);
//! let session = response.into_body();
//! ```
//!
//! The request is made when the call is first polled, not before.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::Error;
use crate::options::RequestOptions;

/// An operation ready to run, given its call's options: what every method
/// of the client puts in the [`Call`] it returns. It appears in those
/// methods' return types, `Call<impl Operation<Body = .., Error = ..>>`,
/// and is implemented by the closures the crate writes; you never need to
/// implement it, and can name it in a function of yours that takes any call
/// (`fn f<O: Operation>(call: Call<O>)`).
pub trait Operation: Send {
    /// The decoded body of a success.
    type Body;
    /// The error statuses the spec documents for the operation.
    type Error;
    /// The call's work: the attempts, with their retries, and the decoding.
    type Future: Future<Output = Result<Response<Self::Body>, Error<Self::Error>>> + Send;

    /// The call's work, with its options.
    fn start(self, options: RequestOptions) -> Self::Future;
}

impl<S, F, T, E> Operation for S
where
    S: FnOnce(RequestOptions) -> F + Send,
    F: Future<Output = Result<Response<T>, Error<E>>> + Send,
{
    type Body = T;
    type Error = E;
    type Future = F;

    fn start(self, options: RequestOptions) -> F {
        self(options)
    }
}

/// What a call of `O` ends with: its whole response, or why it failed.
type Outcome<O> = Result<Response<<O as Operation>::Body>, Error<<O as Operation>::Error>>;

pin_project_lite::pin_project! {
    /// Where a call is: not sent yet (its operation), running, or done.
    #[project = StateProjection]
    enum State<O, F> {
        Start { operation: Option<O> },
        Running { #[pin] running: F },
        Done,
    }
}

pin_project_lite::pin_project! {
    /// One call of an operation, sent when it is first awaited (or polled).
    ///
    /// `.await` gives `Result<T, Error<E>>`: the decoded body of a success,
    /// or why the call failed. Before that, the builder methods set this
    /// call's options, and [`Call::with_response`] asks for the status and
    /// headers too.
    ///
    /// The call holds its work inline, as an `async fn`'s future does: no
    /// allocation of its own. It is `Send` (the crate does not compile
    /// otherwise), so it can be spawned on a multi-threaded runtime. Like
    /// most futures it is not `Unpin`: to poll it by reference (in
    /// `tokio::select!` inside a loop), pin it first with
    /// [`std::pin::pin!`].
    #[must_use = "a call sends nothing until it is awaited"]
    pub struct Call<O: Operation> {
        options: RequestOptions,
        #[pin]
        state: State<O, O::Future>,
    }
}

impl<O: Operation> std::fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("options", &self.options)
            .field("started", &!matches!(self.state, State::Start { .. }))
            .finish()
    }
}

impl<O: Operation> Call<O> {
    pub(crate) fn new(operation: O) -> Self {
        Call {
            options: RequestOptions::default(),
            state: State::Start {
                operation: Some(operation),
            },
        }
    }

    /// All of this call's options at once, replacing those set before.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The timeout of each attempt of this call (see [`RequestOptions::timeout`]).
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// Retries for this call, 0 for a single attempt (see [`RequestOptions::max_retries`]).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options = self.options.max_retries(max_retries);
        self
    }

    /// The largest response body this call holds in memory, in bytes (see
    /// [`RequestOptions::max_body_size`]).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.options = self.options.max_body_size(bytes);
        self
    }

    /// An extra header (see [`RequestOptions::header`]).
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        reqwest::header::HeaderName: TryFrom<K>,
        reqwest::header::HeaderValue: TryFrom<V>,
    {
        self.options = self.options.header(name, value);
        self
    }

    /// An extra query parameter, one the spec may not list yet (see
    /// [`RequestOptions::query`]).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.query(name, value);
        self
    }

    /// An extra field of the JSON request body, one the spec may not list
    /// yet (see [`RequestOptions::body_field`]).
    pub fn body_field(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
        self.options = self.options.body_field(name, value);
        self
    }

    /// The call, giving a [`Response`]: the body with the status, headers
    /// and bytes it was decoded from.
    pub fn with_response(self) -> WithResponse<O> {
        WithResponse { call: self }
    }

    /// Starts the operation when first polled, then polls it; done, it
    /// drops the operation's state at once (its connection goes back to
    /// the pool).
    fn poll_response(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome<O>> {
        let mut this = self.project();
        if let StateProjection::Start { operation } = this.state.as_mut().project() {
            if let Some(operation) = operation.take() {
                let options = std::mem::take(this.options);
                this.state.set(State::Running {
                    running: operation.start(options),
                });
            }
        }
        let StateProjection::Running { running } = this.state.as_mut().project() else {
            panic!("a `Call` was polled after it completed");
        };
        let result = std::task::ready!(running.poll(cx));
        this.state.set(State::Done);
        Poll::Ready(result)
    }
}

impl<O: Operation> Future for Call<O> {
    type Output = Result<O::Body, Error<O::Error>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.poll_response(cx)
            .map(|result| result.map(Response::into_body))
    }
}

pin_project_lite::pin_project! {
    /// A [`Call`] that gives the whole [`Response`], from [`Call::with_response`].
    #[must_use = "a call sends nothing until it is awaited"]
    pub struct WithResponse<O: Operation> {
        #[pin]
        call: Call<O>,
    }
}

impl<O: Operation> std::fmt::Debug for WithResponse<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("WithResponse").field(&self.call).finish()
    }
}

impl<O: Operation> Future for WithResponse<O> {
    type Output = Outcome<O>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().call.poll_response(cx)
    }
}

/// A success: the decoded body, and the status, headers and bytes it came
/// with. It dereferences to the body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: T,
    raw: Vec<u8>,
    attempts: u32,
}

/// The headers a request id is read from, in this order, before any other
/// header whose name ends in `-request-id`.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
];

impl<T> Response<T> {
    pub(crate) fn new(
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        body: T,
        raw: Vec<u8>,
        attempts: u32,
    ) -> Self {
        Response {
            status,
            headers,
            body,
            raw,
            attempts,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The first value of the header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request id the server gave this response, for a support ticket or
    /// a log line: the header `x-request-id`, `request-id`,
    /// `x-amzn-requestid`, `x-amz-request-id` or `x-correlation-id`, else the
    /// first header whose name ends in `-request-id` (such as
    /// `x-github-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.header(name))
            .or_else(|| {
                self.headers
                    .iter()
                    .find(|(name, _)| name.as_str().ends_with("-request-id"))
                    .and_then(|(_, value)| value.to_str().ok())
            })
    }

    /// The rate limit the server reported, from the IETF draft's
    /// `RateLimit-Limit`/`-Remaining`/`-Reset` headers or the common
    /// `X-RateLimit-*` (also `X-Rate-Limit-*`, and `*-Requests` forms).
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// How many attempts the call took: retries included, and a request
    /// sent again with renewed credentials after a 401.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The body's bytes as received (empty for a streamed body, which is
    /// read from the body itself).
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }

    /// The body as JSON, with every field the server sent, those the spec
    /// does not list included; `None` when it is not JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.raw).ok()
    }

    /// The body decoded into a type of your own, e.g. one that adds a
    /// field the vendored spec does not list yet, or that flattens the
    /// generated type beside it.
    pub fn decode_as<U: serde::de::DeserializeOwned>(&self) -> Result<U, serde_json::Error> {
        serde_json::from_slice(&self.raw)
    }

    /// The fields the server sent that the decoded body does not hold, by
    /// JSON pointer (`/session/closedField`), with their values; `null`s
    /// are left out. Empty when the body holds everything it was sent, as
    /// it usually does: a struct keeps the properties its schema does not
    /// declare (a field of a newer version of the API) in its `additional`
    /// map, and sends them back. What remains are the fields of objects
    /// whose schema forbids other properties (`additionalProperties:
    /// false`), and of values a type holds in another form.
    pub fn unknown_fields(&self) -> Vec<(String, serde_json::Value)>
    where
        T: serde::Serialize,
    {
        let mut out = Vec::new();
        if let (Some(sent), Ok(known)) = (self.json(), serde_json::to_value(&self.body)) {
            unknown(&sent, &known, &mut String::new(), &mut out);
        }
        out
    }

    /// The response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
            raw: self.raw,
            attempts: self.attempts,
        }
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// The values of `sent` (at `path`) that `known` does not hold.
fn unknown(
    sent: &serde_json::Value,
    known: &serde_json::Value,
    path: &mut String,
    out: &mut Vec<(String, serde_json::Value)>,
) {
    use serde_json::Value;
    match (sent, known) {
        (Value::Object(sent), Value::Object(known)) => {
            for (name, value) in sent {
                let len = path.len();
                path.push('/');
                path.push_str(&name.replace('~', "~0").replace('/', "~1"));
                match known.get(name) {
                    Some(k) => unknown(value, k, path, out),
                    None if !value.is_null() => out.push((path.clone(), value.clone())),
                    None => {}
                }
                path.truncate(len);
            }
        }
        (Value::Array(sent), Value::Array(known)) if sent.len() == known.len() => {
            for (i, (value, k)) in sent.iter().zip(known).enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                unknown(value, k, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A rate limit, as the server reported it in a response's headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// When the window resets, as sent: seconds from now (IETF draft), a
    /// Unix time (GitHub) or a duration such as `6m0s` (OpenAI).
    pub reset: Option<String>,
}

impl RateLimit {
    /// Reads `{prefix}{limit,remaining,reset}{suffix}` for the first prefix
    /// and suffix that give any value.
    pub fn from_headers(headers: &reqwest::header::HeaderMap) -> Self {
        for prefix in ["ratelimit-", "x-ratelimit-", "x-rate-limit-"] {
            for suffix in ["", "-requests"] {
                let get = |what: &str| {
                    headers
                        .get(format!("{prefix}{what}{suffix}"))
                        .and_then(|v| v.to_str().ok())
                        .map(str::trim)
                };
                let found = RateLimit {
                    limit: get("limit").and_then(|v| v.parse().ok()),
                    remaining: get("remaining").and_then(|v| v.parse().ok()),
                    reset: get("reset").map(str::to_owned),
                };
                if found != RateLimit::default() {
                    return found;
                }
            }
        }
        RateLimit::default()
    }
}
