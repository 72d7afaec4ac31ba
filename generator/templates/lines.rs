//! Streams of JSON items: JSON Lines and NDJSON (`application/jsonl`,
//! `application/x-ndjson`, ...: one JSON text per line) and JSON text
//! sequences (`application/json-seq`, RFC 7464: each record is the byte
//! 0x1E, a JSON text and a line feed), read while the body arrives and sent
//! one item per line or record.
//!
//! Reading: each item is decoded into the spec's type as soon as its line
//! (or record) ends. A line ends at LF (a CR before it is dropped); blank
//! lines are skipped; a last line without its LF is read at the end of the
//! body. A line that is not the JSON the spec says is
//! [`ItemError::Decode`], with the line, and the stream goes on with the
//! next one. A record of a JSON text sequence ends at the next 0x1E, at
//! the end of the body, or at a line feed after a complete JSON text.
//!
//! Bounds: each line (or record) is held in memory until it ends, up to
//! the call's bound of the bodies held in memory
//! (`ClientBuilder::max_body_size`, 32 MiB by default, or the call's
//! `.max_body_size(..)`). A line that grows larger is
//! [`ItemError::TooLarge`], and ends the stream; the stream itself, item
//! after item, has no bound. The client's timeout (per attempt) runs until
//! the stream ends: build the client with `no_timeout()`, or give a long
//! one, for long streams.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The record separator that starts each record of a JSON text sequence.
const RS: u8 = 0x1e;

/// How items are written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(dead_code)]
pub(crate) enum Framing {
    /// One JSON text per line.
    #[default]
    Lines,
    /// RFC 7464: 0x1E, a JSON text, LF.
    Seq,
}

/// Why the next item could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ItemError {
    /// The connection failed or timed out while the stream was read; the
    /// stream ends.
    Transport(reqwest::Error),
    /// A line (or record) is not the JSON the spec says (the stream goes
    /// on with the next one).
    Decode {
        /// The line, as received (invalid UTF-8 replaced).
        line: String,
        source: serde_json::Error,
    },
    /// A line grew larger than the bound (`limit` bytes) before it ended:
    /// the server sends more than any item should hold, or no line
    /// boundary at all. The stream ends. Raise the bound with
    /// `ClientBuilder::max_body_size`, or the call's `.max_body_size(..)`.
    TooLarge {
        /// The bound, in bytes.
        limit: u64,
    },
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemError::Transport(e) => write!(f, "reading the stream of items failed: {e}"),
            ItemError::Decode { line, source } => {
                write!(f, "an item is not as the spec says ({source}): {line}")
            }
            ItemError::TooLarge { limit } => write!(
                f,
                "an item's line is larger than the limit of {limit} bytes; raise it with \
                 `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`"
            ),
        }
    }
}

impl std::error::Error for ItemError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ItemError::Transport(e) => Some(e),
            ItemError::Decode { source, .. } => Some(source),
            ItemError::TooLarge { .. } => None,
        }
    }
}

type Chunks = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// The items of a JSON Lines, NDJSON or JSON text sequence response, read
/// as they arrive: a [`futures_core::Stream`] of `Result<T, ItemError>`
/// (use it with `futures::StreamExt`), or [`ItemStream::next_item`]
/// without it.
pub struct ItemStream<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    chunks: Option<Chunks>,
    splitter: Splitter,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[allow(dead_code)]
impl<T: serde::de::DeserializeOwned> ItemStream<T> {
    pub(crate) fn new(response: &mut crate::http::Received, framing: Framing) -> Self {
        let mut splitter = Splitter {
            limit: usize::try_from(response.limit).unwrap_or(usize::MAX),
            framing,
            ..Splitter::default()
        };
        let chunks: Option<Chunks> = match response.unread.take() {
            Some(live) => Some(Box::pin(live.bytes_stream())),
            None => {
                // Read already (not streamed): split what there is.
                splitter.feed(&response.body);
                splitter.finish();
                None
            }
        };
        Self {
            status: response.status.as_u16(),
            headers: response.headers.clone(),
            chunks,
            splitter,
            item: std::marker::PhantomData,
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

    /// The next item; `None` at the end of the stream.
    pub async fn next_item(&mut self) -> Option<Result<T, ItemError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, ItemError>>> {
        loop {
            if let Some(line) = self.splitter.lines.pop_front() {
                let item = serde_json::from_slice(&line).map_err(|source| ItemError::Decode {
                    line: String::from_utf8_lossy(&line).into_owned(),
                    source,
                });
                return Poll::Ready(Some(item));
            }
            if self.splitter.over {
                // What was read of it is dropped, and the stream ends.
                self.splitter.over = false;
                self.chunks = None;
                return Poll::Ready(Some(Err(ItemError::TooLarge {
                    limit: u64::try_from(self.splitter.limit).unwrap_or(u64::MAX),
                })));
            }
            let Some(chunks) = self.chunks.as_mut() else {
                return Poll::Ready(None);
            };
            match chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.splitter.feed(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    self.chunks = None;
                    return Poll::Ready(Some(Err(ItemError::Transport(e))));
                }
                Poll::Ready(None) => {
                    self.chunks = None;
                    self.splitter.finish();
                }
            }
        }
    }
}

impl<T: serde::de::DeserializeOwned> futures_core::Stream for ItemStream<T> {
    type Item = Result<T, ItemError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// The incremental splitter: bytes in, lines (or records) out.
#[derive(Default)]
struct Splitter {
    /// The most bytes a line (or record) holds.
    limit: usize,
    framing: Framing,
    /// A line grew past `limit`: what was read of it is dropped, and
    /// nothing more is split.
    over: bool,
    /// The bytes of the line (or record) being read.
    line: Vec<u8>,
    /// The lines (or records) ended, not yet decoded; never blank.
    lines: VecDeque<Vec<u8>>,
}

impl Splitter {
    fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.over {
                return;
            }
            match (self.framing, byte) {
                (Framing::Lines, b'\n') => self.end(),
                (Framing::Seq, RS) => self.end(),
                (Framing::Seq, b'\n') if complete(&self.line) => self.end(),
                _ => {
                    if self.line.len() >= self.limit {
                        self.over = true;
                        self.line = Vec::new();
                        return;
                    }
                    self.line.push(byte);
                }
            }
        }
    }

    /// The end of the body: an unfinished last line is read as it is.
    fn finish(&mut self) {
        if !self.over {
            self.end();
        }
    }

    /// The line (or record) being read ends: kept, without the white
    /// space around it (a CR before the LF, a record's LF), unless blank.
    fn end(&mut self) {
        let mut line = std::mem::take(&mut self.line);
        let Some(first) = line.iter().position(|b| !b.is_ascii_whitespace()) else {
            return;
        };
        let last = line
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(line.len(), |i| i + 1);
        line.truncate(last);
        line.drain(..first);
        self.lines.push_back(line);
    }
}

/// Whether a record read so far is one complete JSON text (a line feed
/// after it ends the record without waiting for the next 0x1E).
fn complete(record: &[u8]) -> bool {
    !record.iter().all(u8::is_ascii_whitespace)
        && serde_json::from_slice::<serde::de::IgnoredAny>(record).is_ok()
}

/// The items as a body: each serialised as JSON and framed (a line each,
/// or an RFC 7464 record each).
#[allow(dead_code)]
pub(crate) fn body<T: serde::Serialize, E>(
    operation: &'static str,
    items: &[T],
    framing: Framing,
) -> Result<Vec<u8>, crate::Error<E>> {
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if framing == Framing::Seq {
            out.push(RS);
        }
        serde_json::to_writer(&mut out, item).map_err(|e| {
            crate::Error::InvalidRequest(crate::error::InvalidRequest {
                operation,
                errors: vec![crate::error::FieldError {
                    path: format!("body[{i}]"),
                    message: e.to_string(),
                }],
            })
        })?;
        out.push(b'\n');
    }
    Ok(out)
}
