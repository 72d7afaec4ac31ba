//! Sending requests and reading responses, shared by every operation.

use crate::call::Response;
use crate::error::{ApiError, DecodeError, Error, FieldError, InvalidRequest};
use crate::options::RequestOptions;
use crate::retry::{parse_retry_after, random, retryable_status, RetryPolicy};

/// How much of an error body larger than the call's bound is kept.
pub(crate) const ERROR_BODY_KEPT: u64 = 64 * 1024;

/// A response read in full (up to the call's bound).
pub(crate) struct Received {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The bound of this call's buffered bodies and events, in bytes.
    pub(crate) limit: u64,
    /// Whether `body` is the first part of an error body larger than `limit`.
    pub(crate) truncated: bool,
    /// Attempts made, retries included.
    pub(crate) attempts: u32,
    /// Whether the operation's method is idempotent.
    pub(crate) idempotent: bool,
    /// A success whose body is streamed: the response, its body not read
    /// (`body` is empty). Read by `ByteStream`, when the crate has it.
    #[allow(dead_code)]
    pub(crate) unread: Option<reqwest::Response>,
}

/// Makes a call's request again, for a retry.
pub(crate) type Again<'a, E> = dyn Fn() -> Result<reqwest::Request, Error<E>> + Send + Sync + 'a;

/// How a call's request is sent.
pub(crate) struct Sending<'a, E> {
    /// Makes the request again for a retry, so that nothing is kept for a
    /// retry that does not come (a request whose body is a stream sent
    /// already cannot be made again, and is not retried). Without it, the
    /// request is cloned before each attempt a retry may follow.
    pub(crate) again: Option<&'a Again<'a, E>>,
    /// When and how often to retry.
    pub(crate) policy: RetryPolicy,
    /// The success statuses whose body is left unread, for the caller to stream.
    pub(crate) stream: Option<fn(u16) -> bool>,
    /// The largest body read into memory, in bytes.
    pub(crate) limit: u64,
    /// The timeout of each attempt, until the body is read (a streamed
    /// one's too).
    pub(crate) timeout: Option<std::time::Duration>,
    /// The call's credentials that come from providers, if any: asked
    /// before each attempt, renewed once on a 401.
    pub(crate) auth: Option<crate::credentials::Auth<'a>>,
}

/// What sends requests: the HTTP client, or the user's middleware stack
/// around it (feature `middleware`). Requests are built with `http` either
/// way; cheap to clone.
#[derive(Clone)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    #[cfg(feature = "middleware")]
    pub(crate) middleware: Option<reqwest_middleware::ClientWithMiddleware>,
}

impl Transport {
    /// Sends a request: the HTTP client's own future, with nothing of ours
    /// around it but its error's type.
    #[cfg(not(feature = "middleware"))]
    fn execute(
        &self,
        request: reqwest::Request,
    ) -> impl std::future::Future<Output = Result<reqwest::Response, Failed>> + Send + '_ {
        HttpError(self.http.execute(request))
    }

    /// Sends a request, through the user's middleware stack when there is one.
    #[cfg(feature = "middleware")]
    async fn execute(&self, request: reqwest::Request) -> Result<reqwest::Response, Failed> {
        #[cfg(feature = "middleware")]
        if let Some(middleware) = &self.middleware {
            return middleware.execute(request).await.map_err(|e| match e {
                // The HTTP client's own error: retried and reported as
                // without middleware.
                reqwest_middleware::Error::Reqwest(e) => Failed::Http(e),
                e => Failed::Middleware(Box::new(e)),
            });
        }
        Ok(self.http.execute(request).await?)
    }
}

/// The HTTP client's future, its error a [`Failed::Http`].
#[cfg(not(feature = "middleware"))]
struct HttpError<F>(F);

#[cfg(not(feature = "middleware"))]
impl<F> std::future::Future for HttpError<F>
where
    F: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> + Unpin,
{
    type Output = Result<reqwest::Response, Failed>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|result| result.map_err(Failed::Http))
    }
}

/// Why an attempt got no response to give.
enum Failed {
    Http(reqwest::Error),
    /// A middleware's own error (feature `middleware`).
    #[allow(dead_code)]
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// The attempt's timeout ran out.
    TimedOut(tokio::time::error::Elapsed),
    /// A credentials provider failed (`sent`: after a 401 to this attempt).
    Credentials {
        source: crate::credentials::ProviderError,
        sent: bool,
    },
    /// A success whose body is larger than the bound (`length`: the
    /// `Content-Length` it declared, when that said so already).
    TooLarge {
        status: reqwest::StatusCode,
        length: Option<u64>,
    },
}

impl From<reqwest::Error> for Failed {
    fn from(e: reqwest::Error) -> Self {
        Failed::Http(e)
    }
}

/// A request rejected locally, before anything was sent, for one reason:
/// the value at `path` and why.
fn invalid<E>(operation: &'static str, path: String, message: String) -> Error<E> {
    Error::InvalidRequest(InvalidRequest {
        operation,
        errors: vec![FieldError { path, message }],
    })
}

/// Serialises a JSON request body, with the call's extra body fields
/// ([`RequestOptions::body_field`]) set at its top level.
#[allow(dead_code)]
pub(crate) fn json_body<T: serde::Serialize, E>(
    operation: &'static str,
    body: &T,
    options: &RequestOptions,
) -> Result<Vec<u8>, Error<E>> {
    let invalid = |message: String| invalid(operation, "body".to_owned(), message);
    let bytes = serde_json::to_vec(body).map_err(|e| invalid(e.to_string()))?;
    if options.body_fields.is_empty() {
        return Ok(bytes);
    }
    let mut value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
    let Some(object) = value.as_object_mut() else {
        return Err(invalid(
            "extra body fields need a body that is a JSON object".to_owned(),
        ));
    };
    if options
        .body_fields
        .iter()
        .any(|(name, _)| object.contains_key(name))
    {
        // A field of the body replaced: through the map.
        for (name, field) in &options.body_fields {
            object.insert(name.clone(), field.clone());
        }
        return serde_json::to_vec(&value).map_err(|e| invalid(e.to_string()));
    }
    // New fields only: written after the body's own, which keep their
    // bytes and order.
    let mut out = bytes;
    out.pop(); // the object's `}`
    let mut first = object.is_empty();
    for (name, field) in &options.body_fields {
        if !first {
            out.push(b',');
        }
        first = false;
        serde_json::to_writer(&mut out, name).map_err(|e| invalid(e.to_string()))?;
        out.push(b':');
        serde_json::to_writer(&mut out, field).map_err(|e| invalid(e.to_string()))?;
    }
    out.push(b'}');
    Ok(out)
}

/// Refuses extra body fields for an operation without a JSON body, rather
/// than drop them.
#[allow(dead_code)]
pub(crate) fn no_body_fields<E>(
    operation: &'static str,
    options: &RequestOptions,
) -> Result<(), Error<E>> {
    match options.body_fields.first() {
        None => Ok(()),
        Some((name, _)) => Err(invalid(
            operation,
            format!("body.{name}"),
            "is an extra body field, and this operation sends no JSON body".to_owned(),
        )),
    }
}

/// Sends a request, retrying as `sending.policy` allows (see
/// [`crate::RetryPolicy`]), and reads the whole response, in a `tracing`
/// span with the operation, method, URL path, status, attempts and
/// duration (never the API key or a body).
#[cfg(feature = "tracing")]
pub(crate) async fn send_with<E>(
    http: &Transport,
    operation: &'static str,
    idempotent: bool,
    request: reqwest::Request,
    sending: Sending<'_, E>,
) -> Result<Received, Error<E>> {
    use tracing::Instrument;
    let span = tracing::info_span!(
        "api_call",
        operation,
        method = %request.method(),
        path = request.url().path(),
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let result = attempts(http, operation, idempotent, request, sending)
        .instrument(span.clone())
        .await;
    let (status, attempts) = match &result {
        Ok(r) => (Some(r.status.as_u16()), r.attempts),
        Err(e) => (e.status().map(|s| s.as_u16()), e.attempts()),
    };
    if let Some(status) = status {
        span.record("status", status);
    }
    span.record("attempts", attempts);
    span.record(
        "duration_ms",
        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    );
    result
}

/// Without `tracing`, a call's future is the attempts' own.
#[cfg(not(feature = "tracing"))]
pub(crate) use attempts as send_with;

/// Sends a request, retrying as `sending.policy` allows (see
/// [`crate::RetryPolicy`]), and reads the whole response, holding at most
/// `sending.limit` bytes of its body (or leaving a streamed success's body
/// unread).
#[allow(clippy::manual_async_fn)]
pub(crate) fn attempts<'a, E: 'a>(
    http: &'a Transport,
    operation: &'static str,
    idempotent: bool,
    mut current: reqwest::Request,
    sending: Sending<'a, E>,
) -> impl std::future::Future<Output = Result<Received, Error<E>>> + 'a {
    // An `async` block, not an `async fn`: its future holds the arguments
    // once (an `async fn`'s holds them twice, as arguments and as locals).
    async move {
        let policy = &sending.policy;
        let mut attempt: u32 = 1;
        // Requests sent again with renewed credentials, after a 401: not
        // retries, but attempts the call made.
        let mut renewed: u32 = 0;
        loop {
            let allowed = attempt <= policy.max_retries;
            // Boxed: the call's future holds no room for a copy it rarely has.
            let clone = match sending.again {
                None if allowed => current.try_clone().map(Box::new),
                _ => None,
            };
            let outcome = match &sending.auth {
                None => execute(send_attempt(http, current, &sending), &sending).await,
                // Boxed: the future of a call without providers has no room for it.
                Some(auth) => {
                    Box::pin(authorized(http, current, auth, &sending, &mut renewed)).await
                }
            };
            let may_retry = allowed && (clone.is_some() || sending.again.is_some());
            let wait = match &outcome {
                Ok(r) if may_retry && retryable_status(r.status.as_u16(), idempotent) => {
                    let retry_after = r
                        .headers
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
                    Some(policy.delay(attempt, retry_after, random()))
                }
                // A connection that could not be opened: nothing was sent, so
                // any method may retry. Other failures may come after the server
                // got the request: only idempotent methods retry them.
                Err(Failed::Http(e)) if may_retry && (e.is_connect() || idempotent) => {
                    Some(policy.delay(attempt, None, random()))
                }
                Err(Failed::TimedOut(_)) if may_retry && idempotent => {
                    Some(policy.delay(attempt, None, random()))
                }
                _ => None,
            };
            // A request made again only now that a retry follows.
            let next = match (wait, clone) {
                (Some(_), Some(clone)) => Some(*clone),
                (Some(_), None) => sending.again.and_then(|again| again().ok()),
                (None, _) => None,
            };
            match (wait, next) {
                (Some(wait), Some(next)) => {
                    #[cfg(feature = "tracing")]
                    tracing::debug!(
                        attempt,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    current = next;
                    attempt += 1;
                }
                _ => {
                    let made = attempt + renewed;
                    return finish(operation, idempotent, made, sending.limit, outcome);
                }
            }
        }
    }
}

/// The call's result from its last attempt's.
fn finish<E>(
    operation: &'static str,
    idempotent: bool,
    attempts: u32,
    limit: u64,
    outcome: Result<Received, Failed>,
) -> Result<Received, Error<E>> {
    match outcome {
        Ok(mut received) => {
            received.attempts = attempts;
            received.idempotent = idempotent;
            Ok(received)
        }
        Err(Failed::Http(source)) => Err(transport_error(operation, source, attempts, idempotent)),
        Err(Failed::Middleware(source)) => Err(Error::Middleware {
            operation,
            source,
            attempts,
            idempotent,
        }),
        Err(Failed::TimedOut(elapsed)) => Err(Error::Timeout {
            operation,
            source: Box::new(elapsed),
            attempts,
            idempotent,
        }),
        Err(Failed::Credentials { source, sent }) => Err(Error::Credentials {
            operation,
            source,
            attempts: if sent { attempts } else { attempts - 1 },
        }),
        // A larger body would come again: not retried.
        Err(Failed::TooLarge { status, length }) => Err(Error::ResponseTooLarge {
            operation,
            status,
            limit,
            content_length: length,
            attempts,
            idempotent,
        }),
    }
}

/// One attempt, with the call's credentials from providers: asked for and
/// put in the request before it is sent (so that middleware sees them); on
/// a 401, renewed once per call and the request sent again at once,
/// whatever its method (the server refused it before acting), not counted
/// as a retry but as an attempt (in `renewed`).
async fn authorized<E>(
    http: &Transport,
    request: reqwest::Request,
    auth: &crate::credentials::Auth<'_>,
    sending: &Sending<'_, E>,
    renewed: &mut u32,
) -> Result<Received, Failed> {
    let failed = |sent| move |source| Failed::Credentials { source, sent };
    // Kept for a 401 only when the request cannot be made again.
    let spare = match sending.again {
        None => request.try_clone(),
        Some(_) => None,
    };
    let mut request = request;
    let used = auth.attach(&mut request).await.map_err(failed(false))?;
    let received = execute(send_attempt(http, request, sending), sending).await?;
    if received.status != reqwest::StatusCode::UNAUTHORIZED {
        return Ok(received);
    }
    let Some(mut again) = spare.or_else(|| sending.again.and_then(|again| again().ok())) else {
        return Ok(received);
    };
    if !auth.renew(&used, &mut again).await.map_err(failed(true))? {
        return Ok(received);
    }
    drop(received);
    *renewed += 1;
    execute(send_attempt(http, again, sending), sending).await
}

/// Sends one attempt's request: a streamed body is read after the call
/// returns, so its request has the HTTP client's timeout of the whole
/// request (any other is under the attempt's own timer, in [`execute`]).
/// The future holds no copy of the request.
fn send_attempt<'a, E>(
    http: &'a Transport,
    mut request: reqwest::Request,
    sending: &Sending<'_, E>,
) -> impl std::future::Future<Output = Result<reqwest::Response, Failed>> + Send + 'a {
    if sending.stream.is_some() && sending.timeout.is_some() {
        *request.timeout_mut() = sending.timeout;
    }
    http.execute(request)
}

/// One attempt, its request `sent`, within its timeout: one timer for
/// sending and reading the whole response.
async fn execute<E>(
    sent: impl std::future::Future<Output = Result<reqwest::Response, Failed>>,
    sending: &Sending<'_, E>,
) -> Result<Received, Failed> {
    match sending.timeout {
        Some(timeout) if sending.stream.is_none() => {
            tokio::time::timeout(timeout, receive(sent, None, sending.limit))
                .await
                .unwrap_or_else(|elapsed| Err(Failed::TimedOut(elapsed)))
        }
        _ => receive(sent, sending.stream, sending.limit).await,
    }
}

/// Reads the response of a request `sent`.
async fn receive(
    sent: impl std::future::Future<Output = Result<reqwest::Response, Failed>>,
    stream: Option<fn(u16) -> bool>,
    limit: u64,
) -> Result<Received, Failed> {
    let mut response = sent.await?;
    let status = response.status();
    // Taken, not cloned: the body is read without them.
    let headers = std::mem::take(response.headers_mut());
    let mut received = Received {
        status,
        headers,
        body: Vec::new(),
        limit,
        truncated: false,
        attempts: 1,
        idempotent: false,
        unread: None,
    };
    let success = status.is_success();
    if success && stream.is_some_and(|streamed| streamed(status.as_u16())) {
        received.unread = Some(response);
        return Ok(received);
    }
    // Of a larger body, a success keeps nothing (the call fails), an
    // error its first part.
    let keep = if success {
        0
    } else {
        ERROR_BODY_KEPT.min(limit)
    };
    match read_body(&mut response, limit, keep).await? {
        Body::Whole(body) => received.body = body,
        Body::Cut(_) if success => {
            return Err(Failed::TooLarge {
                status,
                length: response.content_length().filter(|n| *n > limit),
            })
        }
        Body::Cut(kept) => {
            received.body = kept;
            received.truncated = true;
        }
    }
    Ok(received)
}

/// A body as read: whole, or the first part of one larger than the bound.
enum Body {
    Whole(Vec<u8>),
    Cut(Vec<u8>),
}

/// Reads a body chunk by chunk, holding at most `limit` bytes of it. A
/// body larger than that (as its `Content-Length` says before anything is
/// read, or as found while reading) is cut to its first `keep` bytes, and
/// reading stops there: the connection is dropped, not read to its end.
async fn read_body(
    response: &mut reqwest::Response,
    limit: u64,
    keep: u64,
) -> Result<Body, reqwest::Error> {
    let size = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let declared = response.content_length();
    let mut body = Vec::new();
    if declared.is_some_and(|n| n > limit) {
        while (body.len() as u64) < keep {
            let Some(chunk) = response.chunk().await? else {
                break;
            };
            let room = size(keep).saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        return Ok(Body::Cut(body));
    }
    // The declared length, at most `limit`, is held in one allocation.
    if let Some(n) = declared {
        body.reserve_exact(size(n));
    }
    while let Some(chunk) = response.chunk().await? {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            let room = size(keep).saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            body.truncate(size(keep));
            return Ok(Body::Cut(body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Body::Whole(body))
}

pub(crate) fn transport_error<E>(
    operation: &'static str,
    source: reqwest::Error,
    attempts: u32,
    idempotent: bool,
) -> Error<E> {
    // The URL is in the error's message: without its query, which may
    // hold an API key.
    let mut source = source;
    if let Some(url) = source.url_mut() {
        url.set_query(None);
    }
    if source.is_timeout() {
        Error::Timeout {
            operation,
            source: Box::new(source),
            attempts,
            idempotent,
        }
    } else {
        Error::Transport {
            operation,
            source,
            attempts,
            idempotent,
        }
    }
}

/// Checks the per-call options and builds the request.
pub(crate) fn build<E>(
    operation: &'static str,
    request: reqwest::RequestBuilder,
    options: &RequestOptions,
) -> Result<reqwest::Request, Error<E>> {
    if let Some(name) = options.invalid_headers.first() {
        return Err(invalid(
            operation,
            format!("headers.{name}"),
            "is not a valid HTTP header".to_owned(),
        ));
    }
    if let Some((name, message)) = &options.invalid_body_field {
        return Err(invalid(operation, format!("body.{name}"), message.clone()));
    }
    let mut request = request
        .build()
        .map_err(|e| invalid(operation, "request".to_owned(), e.to_string()))?;
    // Last, so that they replace any header of the same name (`insert`, not append).
    for (name, value) in &options.headers {
        request.headers_mut().insert(name, value.clone());
    }
    Ok(request)
}

/// Decodes a success body into `T`.
#[allow(dead_code)]
pub(crate) fn decode<T: serde::de::DeserializeOwned, E>(
    operation: &'static str,
    expected: &'static str,
    response: impl std::borrow::Borrow<Received>,
) -> Result<T, Error<E>> {
    let response = response.borrow();
    serde_json::from_slice(&response.body).map_err(|source| {
        Error::Decode(Box::new(DecodeError {
            operation,
            status: response.status,
            attempts: response.attempts,
            expected,
            body: String::from_utf8_lossy(&response.body).into_owned(),
            headers: response.headers.clone(),
            source,
        }))
    })
}

/// A success: the body `read` gives (it may take the response's unread
/// body), with the status, headers and bytes it came with.
#[allow(dead_code)]
pub(crate) fn success<T, E>(
    mut response: Received,
    read: impl FnOnce(&mut Received) -> Result<T, Error<E>>,
) -> Result<Response<T>, Error<E>> {
    let body = read(&mut response)?;
    Ok(Response::new(
        response.status,
        response.headers,
        body,
        response.body,
        response.attempts,
    ))
}

/// Builds the error for a non-success response; `kind` maps the status and
/// the parsed JSON body to the operation's documented error, if any.
pub(crate) fn api_error<E>(
    operation: &'static str,
    response: Received,
    kind: impl FnOnce(u16, Option<&serde_json::Value>) -> Option<E>,
) -> Error<E> {
    let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let kind = kind(response.status.as_u16(), json.as_ref());
    Error::Api(Box::new(ApiError {
        operation,
        status: response.status,
        headers: response.headers,
        body: String::from_utf8_lossy(&response.body).into_owned(),
        truncated: response.truncated.then_some(response.limit),
        json,
        kind,
        attempts: response.attempts,
        idempotent: response.idempotent,
    }))
}

/// The documented body of an error response, when the JSON matches its schema.
#[allow(dead_code)]
pub(crate) fn typed<T: serde::de::DeserializeOwned>(json: Option<&serde_json::Value>) -> Option<T> {
    json.and_then(|v| T::deserialize(v).ok())
}
