//! A typed fake server of the API, for the tests of code that calls the
//! client (feature `test-doubles`, off by default).
//!
//! [`FakeServer::start`] listens on `127.0.0.1`, on a port of its own;
//! [`FakeServer::client`] is a client pointed at it, with a dummy
//! credential for every security scheme. Each operation of the client has
//! a method of the same name here, which expects calls of it: an
//! [`Expect`] with typed matchers (the request's body and parameters,
//! decoded into the operation's types; path parameters, read from the
//! operation's path template) and a typed answer (the success body with
//! the spec's success status, an error status with a body, a delay, or a
//! connection closed without an answer).
//!
//! A request is answered by the first expectation, in the order they were
//! set up, that matches it and has answers left ([`Expect::times`]). A
//! request that none matches is answered `404 Not Found`, with a text body
//! naming its method and path and saying, for each expectation, why it did
//! not match. [`FakeServer::verify`] (and dropping the server) panics when
//! an expectation given [`Expect::times`] was not called that many times.
//!
//! The server speaks HTTP/1.1 (keep-alive; bodies with a `Content-Length`
//! or chunked). What is typed: JSON bodies, `text/*` bodies (a `String`),
//! query, header and cookie parameters of the `form`, `spaceDelimited`,
//! `pipeDelimited`, `deepObject` and `simple` styles, and path parameters
//! (as text). What is not: form-encoded, multipart and binary request
//! bodies (match them with [`Expect::when_request`], which sees the raw
//! [`Request`]), object-valued parameters other than `deepObject` ones,
//! and binary or event-stream successes (answer them with
//! [`Expect::respond_raw`]).

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Write as _;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A fake server of the API, on `127.0.0.1`. Its expectations are set up by
/// its methods named as the client's operations; it stops when dropped.
pub struct FakeServer {
    state: Arc<Mutex<State>>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// One request the server received, as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, percent-encoded as sent, without the query.
    pub path: String,
    /// The query string, without the `?` (empty when there is none).
    pub query: String,
    /// The headers, names in lower case, in the order they arrived.
    pub headers: Vec<(String, String)>,
    /// The body (a chunked body is joined).
    pub body: Vec<u8>,
    /// The operation whose expectation answered it, if any.
    pub operation: Option<&'static str>,
    /// The path parameters, decoded, when the path matched an operation's
    /// template.
    path_params: Vec<(&'static str, String)>,
}

impl Request {
    /// The first value of a header (the name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A path parameter, decoded, by its name in the path template.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The query's pairs, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        query_pairs(&self.query)
    }

    /// The body decoded as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// The type parameter of an [`Expect`] for an operation without a request
/// body, without parameters, or without a success body: there is nothing
/// typed to match or answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Untyped;

/// The expectation of an operation's calls, being set up: matchers, then
/// one of the answers (`respond..` or `drop_connection`), which puts it in
/// place and returns a [`Mock`] to inspect it. `B` is the operation's
/// request body, `P` its parameters, `T` the body of its success.
#[must_use = "an expectation is in place once answered: `respond`, `respond_error`, `respond_status`, `respond_raw` or `drop_connection`"]
pub struct Expect<'a, B, P, T> {
    server: &'a FakeServer,
    operation: &'static Operation,
    matchers: Vec<Matcher>,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    times: Option<usize>,
    types: Types<(B, P, T)>,
}

impl<B, P, T> std::fmt::Debug for Expect<'_, B, P, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expect")
            .field("operation", &self.operation.name)
            .field("matchers", &self.matchers.len())
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

/// An expectation in place: how often it answered, and what.
pub struct Mock<B> {
    state: Arc<Mutex<State>>,
    index: usize,
    body: BodyKind,
    types: Types<B>,
}

impl<B> std::fmt::Debug for Mock<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("hits", &self.hits())
            .finish_non_exhaustive()
    }
}

impl<B> Mock<B> {
    /// How many requests it answered.
    pub fn hits(&self) -> usize {
        lock(&self.state).expectations[self.index].received.len()
    }

    /// The requests it answered, in order.
    pub fn received(&self) -> Vec<Request> {
        lock(&self.state).expectations[self.index].received.clone()
    }
}

impl<B: DeserializeOwned> Mock<B> {
    /// The bodies of the requests it answered, decoded into the
    /// operation's request type (those that do not decode are left out).
    pub fn bodies(&self) -> Vec<B> {
        self.received()
            .iter()
            .filter_map(|r| decode_body(self.body, &r.body).ok())
            .collect()
    }
}

impl FakeServer {
    /// Starts a server on `127.0.0.1`, on a free port, on the current tokio
    /// runtime. Panics when it cannot listen (a test tool's way to fail).
    pub async fn start() -> FakeServer {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap_or_else(|e| panic!("FakeServer cannot listen on 127.0.0.1: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("FakeServer has no address: {e}"));
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            // Aborting this task drops the set, which aborts the connections.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of sockets, say: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                while connections.try_join_next().is_some() {}
                connections.spawn(serve(stream, Arc::clone(&shared)));
            }
        });
        FakeServer { state, addr, task }
    }

    /// The base URL, e.g. `http://127.0.0.1:49152`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client pointed at this server, with a dummy credential for every
    /// security scheme and the default retries and timeouts
    /// ([`FakeServer::client_builder`] to change them).
    pub fn client(&self) -> crate::Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| panic!("a client of the FakeServer: {e}"))
    }

    /// Every request received, in order, answered or not.
    pub fn received(&self) -> Vec<Request> {
        lock(&self.state).received.clone()
    }

    /// Panics, listing them, when expectations given [`Expect::times`] were
    /// not called that many times. Dropping the server checks the same.
    pub fn verify(&self) {
        if let Some(message) = lock(&self.state).unmet() {
            panic!("{message}");
        }
    }

    /// The expectation builder of an operation.
    fn expect<B, P, T>(&self, operation: &'static Operation) -> Expect<'_, B, P, T> {
        Expect {
            server: self,
            operation,
            matchers: Vec::new(),
            headers: Vec::new(),
            delay: None,
            times: None,
            types: PhantomData,
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
        if std::thread::panicking() {
            return;
        }
        if let Some(message) = lock(&self.state).unmet() {
            panic!("{message}");
        }
    }
}

impl<B, P, T> Expect<'_, B, P, T> {
    /// Matches only requests whose path parameter `name` (as in the path
    /// template) is `value`, written as the client writes it.
    pub fn path_param(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        let value = value.to_string();
        self.matchers.push(Matcher {
            what: format!("path parameter `{name}` = {value:?}"),
            test: Box::new(move |r| Ok(r.path_param(name) == Some(value.as_str()))),
        });
        self
    }

    /// Matches only requests for which `f` returns true, given the raw
    /// request (for bodies that are not typed: form, multipart, binary).
    pub fn when_request(mut self, f: impl Fn(&Request) -> bool + Send + Sync + 'static) -> Self {
        self.matchers.push(Matcher {
            what: "a request matcher".to_owned(),
            test: Box::new(move |r| Ok(f(r))),
        });
        self
    }

    /// Answers at most `n` requests (later ones go to the next expectation
    /// that matches); [`FakeServer::verify`] checks that it answered
    /// exactly `n`.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Waits this long before answering (or closing the connection).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Adds a header to the answer (e.g. `Retry-After`, a request id).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers with this status and no body.
    pub fn respond_status(self, status: u16) -> Mock<B> {
        self.mount(Reply::Answer {
            status,
            content_type: None,
            body: Vec::new(),
        })
    }

    /// Answers with this (error) status and a JSON body, such as the
    /// operation's documented error type for that status.
    pub fn respond_error<E: Serialize>(self, status: u16, body: &E) -> Mock<B> {
        self.respond_json(status, body)
    }

    /// Answers with this status and any value as JSON.
    pub fn respond_json<V: Serialize>(self, status: u16, body: &V) -> Mock<B> {
        let body = serde_json::to_vec(body)
            .unwrap_or_else(|e| panic!("the answer does not serialise as JSON: {e}"));
        self.mount(Reply::Answer {
            status,
            content_type: Some("application/json".to_owned()),
            body,
        })
    }

    /// Answers with this status, content type and raw body (bytes, event
    /// streams, text).
    pub fn respond_raw(
        self,
        status: u16,
        content_type: impl Into<String>,
        body: impl Into<Vec<u8>>,
    ) -> Mock<B> {
        self.mount(Reply::Answer {
            status,
            content_type: Some(content_type.into()),
            body: body.into(),
        })
    }

    /// Reads the request, then closes the connection without answering:
    /// the client sees a transport failure.
    pub fn drop_connection(self) -> Mock<B> {
        self.mount(Reply::Drop)
    }

    fn mount(self, reply: Reply) -> Mock<B> {
        let mut state = lock(&self.server.state);
        state.expectations.push(Expectation {
            operation: self.operation,
            matchers: self.matchers,
            headers: self.headers,
            delay: self.delay,
            times: self.times,
            reply,
            received: Vec::new(),
        });
        Mock {
            state: Arc::clone(&self.server.state),
            index: state.expectations.len() - 1,
            body: self.operation.body,
            types: PhantomData,
        }
    }
}

impl<B: DeserializeOwned + 'static, P, T> Expect<'_, B, P, T> {
    /// Matches only requests whose body, decoded into the operation's
    /// request type, makes `f` return true (a body that does not decode
    /// does not match).
    pub fn when(mut self, f: impl Fn(&B) -> bool + Send + Sync + 'static) -> Self {
        let kind = self.operation.body;
        self.matchers.push(Matcher {
            what: format!("a body matcher ({})", std::any::type_name::<B>()),
            test: Box::new(move |r| decode_body::<B>(kind, &r.body).map(|b| f(&b))),
        });
        self
    }
}

impl<B, P: DeserializeOwned + 'static, T> Expect<'_, B, P, T> {
    /// Matches only requests whose query, header and cookie parameters,
    /// decoded into the operation's parameters struct, make `f` return true.
    pub fn when_params(mut self, f: impl Fn(&P) -> bool + Send + Sync + 'static) -> Self {
        let params = self.operation.params;
        self.matchers.push(Matcher {
            what: format!("a parameters matcher ({})", std::any::type_name::<P>()),
            test: Box::new(move |r| {
                serde_json::from_value::<P>(params_json(params, r))
                    .map(|p| f(&p))
                    .map_err(|e| format!("the parameters do not decode: {e}"))
            }),
        });
        self
    }
}

impl<B, P, T: Serialize> Expect<'_, B, P, T> {
    /// Answers with the operation's success status and this body.
    pub fn respond(self, body: &T) -> Mock<B> {
        let status = self.operation.success;
        let value = serde_json::to_value(body)
            .unwrap_or_else(|e| panic!("the answer does not serialise: {e}"));
        match (self.operation.success_text, value) {
            (true, serde_json::Value::String(text)) => {
                self.respond_raw(status, "text/plain; charset=utf-8", text)
            }
            (_, value) => self.respond_json(status, &value),
        }
    }
}

impl<B, P> Expect<'_, B, P, Untyped> {
    /// Answers with the operation's success status and no body.
    pub fn respond_ok(self) -> Mock<B> {
        let status = self.operation.success;
        self.respond_status(status)
    }
}

/// What the generated code says of an operation.
struct Operation {
    /// The client's method.
    name: &'static str,
    method: &'static str,
    /// The path template, e.g. `/sessions/{session_id}`.
    path: &'static str,
    segments: &'static [Segment],
    body: BodyKind,
    params: &'static [Param],
    /// Its success status.
    success: u16,
    /// Its success is `text/*`.
    success_text: bool,
    /// For operations that share a method and path with another (a body in
    /// another media type, events): the request's `Content-Type` must start
    /// with this.
    content_type: Option<&'static str>,
    /// Likewise: the request's `Accept` must be this.
    accept: Option<&'static str>,
}

/// A piece of a path template.
#[allow(dead_code)] // the variants the spec uses
enum Segment {
    Literal(&'static str),
    Param(&'static str, PathStyle),
}

#[allow(dead_code)] // the variants the spec uses
#[derive(Clone, Copy)]
enum PathStyle {
    Simple,
    Label,
    Matrix,
}

/// How a request body is decoded for a matcher.
#[allow(dead_code)] // the variants the spec uses
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    None,
    Json,
    Text,
    /// Form, multipart, binary: not typed.
    Raw,
}

/// A query, header or cookie parameter.
struct Param {
    name: &'static str,
    /// Its key in its struct's serde form: its name, or its location and
    /// name where a parameter of another location has the same name.
    key: &'static str,
    location: Location,
    shape: Shape,
    /// An array.
    list: bool,
    /// Arrays as repeated pairs (rather than joined by the style's separator).
    explode: bool,
    /// The separator of a joined array: `,`, ` ` or `|`; `[` for deepObject.
    separator: char,
    /// A deepObject's properties: how each is read.
    fields: &'static [(&'static str, Shape)],
}

#[allow(dead_code)] // the variants the spec uses
#[derive(Clone, Copy)]
enum Location {
    Query,
    Header,
    Cookie,
}

/// What a parameter's text is read as.
#[allow(dead_code)] // the variants the spec uses
#[derive(Clone, Copy)]
enum Shape {
    Text,
    Number,
    Bool,
    /// JSON text (a `content` parameter, an object).
    Json,
}

/// The types an [`Expect`] or a [`Mock`] is about, holding none.
type Types<T> = PhantomData<fn() -> T>;

/// A matcher's test.
type Test = Box<dyn Fn(&Request) -> Result<bool, String> + Send + Sync>;

struct Matcher {
    what: String,
    /// Whether it matches; an error says why it could not tell (a body
    /// that does not decode).
    test: Test,
}

enum Reply {
    Answer {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    Drop,
}

struct Expectation {
    operation: &'static Operation,
    matchers: Vec<Matcher>,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    times: Option<usize>,
    reply: Reply,
    received: Vec<Request>,
}

impl Expectation {
    fn describe(&self) -> String {
        let op = self.operation;
        let mut out = format!("{} ({} {})", op.name, op.method, op.path);
        for m in &self.matchers {
            let _ = write!(out, ", {}", m.what);
        }
        if let Some(n) = self.times {
            let _ = write!(out, ", times({n})");
        }
        out
    }
}

#[derive(Default)]
struct State {
    expectations: Vec<Expectation>,
    received: Vec<Request>,
}

impl State {
    /// The message of unmet expectations, if any.
    fn unmet(&self) -> Option<String> {
        let unmet: Vec<String> = self
            .expectations
            .iter()
            .filter_map(|e| {
                let n = e.times?;
                (e.received.len() != n).then(|| {
                    format!(
                        "  - {}: expected {n} request(s), received {}",
                        e.describe(),
                        e.received.len()
                    )
                })
            })
            .collect();
        if unmet.is_empty() {
            return None;
        }
        let mut message = format!(
            "FakeServer: {} expectation(s) not met:\n{}",
            unmet.len(),
            unmet.join("\n")
        );
        let unanswered: Vec<String> = self
            .received
            .iter()
            .filter(|r| r.operation.is_none())
            .map(|r| format!("  - {} {}", r.method, target(r)))
            .collect();
        if !unanswered.is_empty() {
            let _ = write!(
                message,
                "\nrequests no expectation matched (answered 404):\n{}",
                unanswered.join("\n")
            );
        }
        Some(message)
    }

    /// The expectation that answers a request (its path parameters filled
    /// in), or why none does.
    fn answer(&mut self, request: &mut Request) -> Result<usize, String> {
        let mut reasons = Vec::new();
        for (i, e) in self.expectations.iter().enumerate() {
            let op = e.operation;
            let why = if !op.method.eq_ignore_ascii_case(&request.method) {
                Some("another method".to_owned())
            } else if let Some(params) = match_path(op.segments, &request.path) {
                request.path_params = params;
                preconditions(op, request).or_else(|| {
                    e.matchers.iter().find_map(|m| match (m.test)(request) {
                        Ok(true) => None,
                        Ok(false) => Some(format!("{} returned false", m.what)),
                        Err(why) => Some(why),
                    })
                })
            } else {
                Some("another path".to_owned())
            };
            let why = why.or_else(|| {
                e.times
                    .filter(|&n| e.received.len() >= n)
                    .map(|n| format!("it answered its {n} request(s) already"))
            });
            match why {
                None => return Ok(i),
                Some(why) => reasons.push(format!("  - {}: {why}", e.describe())),
            }
        }
        request.path_params.clear();
        let mut message = format!(
            "FakeServer: no expectation matches {} {}\n",
            request.method,
            target(request)
        );
        if reasons.is_empty() {
            message.push_str("no expectation is set up\n");
        } else {
            message.push_str("expectations:\n");
            message.push_str(&reasons.join("\n"));
            message.push('\n');
        }
        Err(message)
    }
}

/// Why an operation that shares its method and path with another does not
/// take this request: its content type or `Accept` is the other's.
fn preconditions(op: &Operation, request: &Request) -> Option<String> {
    if let Some(ct) = op.content_type {
        let sent = request.header("content-type").unwrap_or("");
        if !sent.to_ascii_lowercase().starts_with(ct) {
            return Some(format!("the content type is not {ct}"));
        }
    }
    if let Some(accept) = op.accept {
        if request.header("accept") != Some(accept) {
            return Some(format!("`Accept` is not {accept}"));
        }
    }
    None
}

fn target(r: &Request) -> String {
    if r.query.is_empty() {
        r.path.clone()
    } else {
        format!("{}?{}", r.path, r.query)
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A matcher that panicked poisons the lock; the state is still whole.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

fn decode_body<B: DeserializeOwned>(kind: BodyKind, body: &[u8]) -> Result<B, String> {
    let name = std::any::type_name::<B>();
    match kind {
        BodyKind::Json => serde_json::from_slice(body)
            .map_err(|e| format!("the body does not decode as {name}: {e}")),
        BodyKind::Text => {
            let text = String::from_utf8_lossy(body).into_owned();
            serde_json::from_value(serde_json::Value::String(text))
                .map_err(|e| format!("the body does not decode as {name}: {e}"))
        }
        BodyKind::None | BodyKind::Raw => {
            Err("the body is not typed: match it with `when_request`".to_owned())
        }
    }
}

/// The decoded path parameters when `path` matches the template.
fn match_path(segments: &[Segment], path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut rest = path;
    let mut params = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Literal(text) => rest = rest.strip_prefix(text)?,
            Segment::Param(name, style) => {
                let end = match segments.get(i + 1) {
                    Some(Segment::Literal(next)) => rest.find(next)?,
                    _ => rest.len(),
                };
                let raw = &rest[..end];
                rest = &rest[end..];
                if raw.is_empty() || raw.contains('/') {
                    return None;
                }
                let value = match style {
                    PathStyle::Simple => raw,
                    PathStyle::Label => raw.strip_prefix('.')?,
                    PathStyle::Matrix => {
                        // `;name=value`, or an exploded object's `;key=value;..`.
                        let rest = raw.strip_prefix(';')?;
                        rest.strip_prefix(*name)
                            .and_then(|r| r.strip_prefix('='))
                            .unwrap_or(rest)
                    }
                };
                params.push((*name, percent_decode(value, false)));
            }
        }
    }
    rest.is_empty().then_some(params)
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// The parameters of a request as the JSON object their struct decodes from.
fn params_json(params: &[Param], r: &Request) -> serde_json::Value {
    let query = query_pairs(&r.query);
    let cookies: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|(n, _)| n == "cookie")
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            Some((k.to_owned(), percent_decode(v, false)))
        })
        .collect();
    let mut object = serde_json::Map::new();
    for p in params {
        let values: Vec<String> = match p.location {
            Location::Query if p.separator == '[' => {
                let prefix = format!("{}[", p.name);
                let fields: serde_json::Map<String, serde_json::Value> = query
                    .iter()
                    .filter_map(|(k, v)| {
                        let key = k.strip_prefix(&prefix)?.strip_suffix(']')?;
                        let shape = p.fields.iter().find(|(f, _)| *f == key).map(|(_, s)| *s);
                        Some((key.to_owned(), scalar(shape.unwrap_or(Shape::Text), v)))
                    })
                    .collect();
                if !fields.is_empty() {
                    object.insert(p.key.to_owned(), serde_json::Value::Object(fields));
                }
                continue;
            }
            Location::Query => query
                .iter()
                .filter(|(k, _)| k == p.name)
                .map(|(_, v)| v.clone())
                .collect(),
            Location::Header => r
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(p.name))
                .map(|(_, v)| v.clone())
                .collect(),
            Location::Cookie => cookies
                .iter()
                .filter(|(k, _)| k == p.name)
                .map(|(_, v)| v.clone())
                .collect(),
        };
        if values.is_empty() {
            continue;
        }
        let value = if p.list {
            let items: Vec<&str> = if p.explode {
                values.iter().map(String::as_str).collect()
            } else {
                values.iter().flat_map(|v| v.split(p.separator)).collect()
            };
            serde_json::Value::Array(items.into_iter().map(|v| scalar(p.shape, v)).collect())
        } else {
            scalar(p.shape, &values[0])
        };
        object.insert(p.key.to_owned(), value);
    }
    serde_json::Value::Object(object)
}

fn scalar(shape: Shape, text: &str) -> serde_json::Value {
    let parsed = match shape {
        Shape::Text => None,
        Shape::Number | Shape::Bool | Shape::Json => serde_json::from_str(text).ok(),
    };
    parsed.unwrap_or_else(|| serde_json::Value::String(text.to_owned()))
}

/// Serves one connection: requests in turn, until the client closes it.
async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buffer = Vec::new();
    loop {
        let Some((mut request, close)) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let to_head = request.method.eq_ignore_ascii_case("HEAD");
        let answer = {
            let mut state = lock(&state);
            let answer = state.answer(&mut request);
            let reply = match answer {
                Ok(i) => {
                    let e = &mut state.expectations[i];
                    request.operation = Some(e.operation.name);
                    e.received.push(request.clone());
                    let reply = match &e.reply {
                        Reply::Drop => None,
                        Reply::Answer {
                            status,
                            content_type,
                            body,
                        } => Some(response(
                            *status,
                            content_type.as_deref(),
                            &e.headers,
                            body,
                            close,
                            to_head,
                        )),
                    };
                    (e.delay, reply)
                }
                Err(message) => (
                    None,
                    Some(response(
                        404,
                        Some("text/plain; charset=utf-8"),
                        &[],
                        message.as_bytes(),
                        close,
                        to_head,
                    )),
                ),
            };
            state.received.push(request);
            reply
        };
        let (delay, reply) = answer;
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let Some(reply) = reply else {
            return;
        };
        if stream.write_all(&reply).await.is_err() || close {
            return;
        }
    }
}

fn response(
    status: u16,
    content_type: Option<&str>,
    headers: &[(String, String)],
    body: &[u8],
    close: bool,
    to_head: bool,
) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    if let Some(ct) = content_type {
        let _ = write!(head, "content-type: {ct}\r\n");
    }
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    // A 1xx, 204 or 304 has no body, nor its length.
    let bodiless = status < 200 || status == 204 || status == 304;
    if !bodiless {
        let _ = write!(head, "content-length: {}\r\n", body.len());
    }
    if close {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    // The answer to a HEAD has the length of the body, not the body.
    if !bodiless && !to_head {
        out.extend_from_slice(body);
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The most bytes of a request's head.
const MAX_HEAD: usize = 64 * 1024;

/// Reads one request (and whether the connection closes after it); `None`
/// when the connection ends or the request is malformed.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(Request, bool)> {
    let head_end = loop {
        if let Some(i) = find(buffer, b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > MAX_HEAD || !fill(stream, buffer).await {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target, version) = (first.next()?, first.next()?, first.next()?);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            Some((n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        })
        .collect();
    let value = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let close = version == "HTTP/1.0" || value("connection").is_some_and(|v| v == "close");
    let body = if value("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        read_chunked(stream, buffer).await?
    } else {
        let length: usize = value("content-length").map_or(Some(0), |v| v.parse().ok())?;
        while buffer.len() < length {
            if !fill(stream, buffer).await {
                return None;
            }
        }
        buffer.drain(..length).collect()
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Some((
        Request {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers,
            body,
            operation: None,
            path_params: Vec::new(),
        },
        close,
    ))
}

async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = find(buffer, b"\r\n") {
                break i;
            }
            if buffer.len() > MAX_HEAD || !fill(stream, buffer).await {
                return None;
            }
        };
        let line = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        buffer.drain(..line_end + 2);
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                if let Some(i) = find(buffer, b"\r\n") {
                    buffer.drain(..i + 2);
                    if i == 0 {
                        return Some(body);
                    }
                    continue;
                }
                if !fill(stream, buffer).await {
                    return None;
                }
            }
        }
        while buffer.len() < size + 2 {
            if !fill(stream, buffer).await {
                return None;
            }
        }
        body.extend(buffer.drain(..size));
        buffer.drain(..2);
    }
}

/// Reads more bytes; false at the end of the stream or on an error.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
