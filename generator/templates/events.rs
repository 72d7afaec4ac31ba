//! `text/event-stream` responses: server-sent events, parsed as the WHATWG
//! HTML standard says (§ 9.2, "Server-sent events") while the body arrives.
//!
//! Each event's `data` is decoded as the spec's schema says (JSON into the
//! event's type, or the text as it is). Lines end at CRLF, LF or CR; a
//! line starting with `:` is a comment; `event`, `data`, `id` and `retry`
//! are the fields, any other is ignored; several `data` lines are joined
//! with `\n`; an event without data is not dispatched; an unfinished event
//! at the end of the body is dropped.
//!
//! Reconnection: the client does not reconnect by itself. When a stream
//! ends early, call the operation again with the `Last-Event-ID` header
//! ([`RequestOptions::header`](crate::RequestOptions)) set to
//! [`EventStream::last_event_id`], after waiting [`EventStream::retry`]
//! (the server's `retry` field) if it sent one. The client's timeout (per
//! attempt) runs until the stream ends: build the client with
//! `no_timeout()`, or give a long one, for long streams.
//!
//! Bounds: each event is held in memory until it ends, up to the call's
//! bound of the bodies held in memory (`ClientBuilder::max_body_size`, 32
//! MiB by default, or the call's `.max_body_size(..)`). An event whose data
//! (with the line being read) grows larger than that is
//! [`EventError::TooLarge`], and ends the stream; the stream itself, event
//! after event, has no bound.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event` field, `message` when the server sent none.
    pub event: String,
    /// The last event ID as of this event (the `id` field of this event or
    /// an earlier one), if any.
    pub id: Option<String>,
    /// The `data` lines, joined with `\n` and decoded.
    pub data: T,
}

/// Why the next event could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventError {
    /// The connection failed or timed out while the stream was read; the
    /// stream ends.
    Transport(reqwest::Error),
    /// An event's data is not what the spec's schema says (the stream goes
    /// on): e.g. a sentinel such as `[DONE]` where JSON is expected.
    Decode {
        event: String,
        data: String,
        source: serde_json::Error,
    },
    /// An event grew larger than the bound (`limit` bytes) before it
    /// ended: the server sends more than any event should hold, or no
    /// event boundary at all. The stream ends. Raise the bound with
    /// `ClientBuilder::max_body_size`, or the call's `.max_body_size(..)`.
    TooLarge {
        /// The bound, in bytes.
        limit: u64,
    },
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventError::Transport(e) => write!(f, "reading the event stream failed: {e}"),
            EventError::Decode {
                event,
                data,
                source,
            } => {
                write!(
                    f,
                    "the data of event `{event}` is not as the spec says ({source}): {data}"
                )
            }
            EventError::TooLarge { limit } => write!(
                f,
                "a server-sent event is larger than the limit of {limit} bytes; raise it with \
                 `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`"
            ),
        }
    }
}

impl std::error::Error for EventError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventError::Transport(e) => Some(e),
            EventError::Decode { source, .. } => Some(source),
            EventError::TooLarge { .. } => None,
        }
    }
}

type Chunks = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// The events of a `text/event-stream` response, read as they arrive: a
/// [`futures_core::Stream`] of `Result<Event<T>, EventError>` (use it with
/// `futures::StreamExt`), or [`EventStream::next_event`] without it.
pub struct EventStream<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    chunks: Option<Chunks>,
    parser: Parser,
    decode: fn(&str) -> Result<T, serde_json::Error>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("last_event_id", &self.parser.last_event_id)
            .field("retry", &self.parser.retry)
            .finish_non_exhaustive()
    }
}

/// Decodes an event's data as JSON.
#[allow(dead_code)]
pub(crate) fn json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// An event's data as text.
#[allow(dead_code)]
pub(crate) fn text(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

impl<T> EventStream<T> {
    pub(crate) fn new(
        response: &mut crate::http::Received,
        decode: fn(&str) -> Result<T, serde_json::Error>,
    ) -> Self {
        let mut parser = Parser {
            limit: usize::try_from(response.limit).unwrap_or(usize::MAX),
            ..Parser::default()
        };
        let chunks: Option<Chunks> = match response.unread.take() {
            Some(live) => Some(Box::pin(live.bytes_stream())),
            None => {
                // Read already (not streamed): parse what there is.
                parser.feed(&response.body);
                None
            }
        };
        Self {
            status: response.status.as_u16(),
            headers: response.headers.clone(),
            chunks,
            parser,
            decode,
        }
    }

    /// The response's status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The last event ID the server set, to send as `Last-Event-ID` when
    /// calling the operation again.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id.as_deref()
    }

    /// The reconnection time the server asked for (`retry`), if any.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.retry
    }

    /// The next event; `None` at the end of the stream.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, EventError>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, EventError>>> {
        loop {
            if let Some(raw) = self.parser.events.pop_front() {
                let event = match (self.decode)(&raw.data) {
                    Ok(data) => Ok(Event {
                        event: raw.event,
                        id: raw.id,
                        data,
                    }),
                    Err(source) => Err(EventError::Decode {
                        event: raw.event,
                        data: raw.data,
                        source,
                    }),
                };
                return Poll::Ready(Some(event));
            }
            if self.parser.over {
                // What was read of it is dropped, and the stream ends.
                self.parser.over = false;
                self.chunks = None;
                return Poll::Ready(Some(Err(EventError::TooLarge {
                    limit: u64::try_from(self.parser.limit).unwrap_or(u64::MAX),
                })));
            }
            let Some(chunks) = self.chunks.as_mut() else {
                return Poll::Ready(None);
            };
            match chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.parser.feed(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    self.chunks = None;
                    return Poll::Ready(Some(Err(EventError::Transport(e))));
                }
                // What is left of an unfinished event is dropped.
                Poll::Ready(None) => self.chunks = None,
            }
        }
    }
}

impl<T> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, EventError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

/// An event as parsed, before its data is decoded.
struct RawEvent {
    event: String,
    id: Option<String>,
    data: String,
}

/// The incremental parser: bytes in, events out.
#[derive(Default)]
struct Parser {
    /// The most bytes an event (its data, with the line being read) holds.
    limit: usize,
    /// An event grew past `limit`: what was read of it is dropped, and
    /// nothing more is parsed.
    over: bool,
    /// The bytes of the line being read.
    line: Vec<u8>,
    /// A CR ended the last line: an LF right after it belongs to it.
    after_cr: bool,
    /// The first line may begin with a byte order mark, dropped.
    started: bool,
    event: String,
    data: String,
    last_event_id: Option<String>,
    retry: Option<Duration>,
    events: VecDeque<RawEvent>,
}

impl Parser {
    fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.over {
                return;
            }
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line(&line);
                }
                _ => {
                    self.after_cr = false;
                    if self.line.len() + self.data.len() >= self.limit {
                        self.overflow();
                        return;
                    }
                    self.line.push(byte);
                }
            }
        }
    }

    fn line(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let mut line: &str = &text;
        if !self.started {
            self.started = true;
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_owned(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_event_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }

    /// The event being read is larger than the bound: what was read of it
    /// is dropped, and parsing stops (the events before it are still given).
    fn overflow(&mut self) {
        self.over = true;
        self.line = Vec::new();
        self.data = String::new();
        self.event = String::new();
    }

    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        if data.is_empty() {
            return;
        }
        data.pop();
        self.events.push_back(RawEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            id: self.last_event_id.clone(),
            data,
        });
    }
}
