//! Streams of pages and of items, for the operations that return a list a
//! page at a time (`Client::list_sessions_pages`, `Client::list_sessions_items`).
//!
//! A stream asks for its first page when it is first polled, and for each
//! next page only when the one before has been read: as the spec's scheme
//! says (the next page number or offset, the cursor or the URL the page
//! gives, the `Link` header's `rel="next"`). Each page is one call of the
//! operation, with the client's retries and the stream's
//! [`RequestOptions`]. The stream ends after the last page: an empty page,
//! `has_more: false`, no next cursor or URL, or as many items as the total
//! the server reports. A page that fails is given as an `Err`, after the
//! pages before it, and ends the stream.
//!
//! It never loops forever: a server that gives a cursor, URL or offset it
//! gave before, or the same page again for the next page number, ends the
//! stream with [`Error::Pagination`]; so does a next page on another origin
//! than the base URL's (the client's credentials never go elsewhere).
//!
//! Both are [`futures_core::Stream`]s (read them with
//! `futures::StreamExt::next`, or `try_collect` them); without that crate,
//! [`Pages::next_page`] and [`Items::next_item`] do the same.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::Error;
use crate::options::RequestOptions;
use crate::Response;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Which page a stream asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum At {
    /// The first: the operation's parameters as given.
    First,
    /// This page number, or this offset.
    Number(i64),
    /// This cursor.
    Cursor(String),
    /// This URL (absolute, on the base URL's origin).
    Url(String),
}

/// What a page says about the next one, read from its body by the
/// operation's code.
#[derive(Debug, Default)]
pub(crate) struct PageInfo {
    /// How many items it holds.
    pub(crate) items: usize,
    /// Its `has_more`, when it has one.
    pub(crate) has_more: Option<bool>,
    /// The next cursor or URL it gives (`None` or empty: none).
    pub(crate) next: Option<String>,
    /// The number of items of every page together, when it says.
    pub(crate) total: Option<i64>,
    /// The number of pages, when it says.
    pub(crate) total_pages: Option<i64>,
    /// The page size, when it or the request says.
    pub(crate) size: Option<i64>,
}

/// How the next page is asked for (a crate uses the schemes of its
/// operations only).
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// Page numbers, from `start` (the first page's number is `first`).
    PageNumber { first: i64, start: i64 },
    /// Item offsets, from `start`.
    Offset { start: i64 },
    /// The cursor each page gives.
    Cursor,
    /// The URL each page gives in its body.
    NextUrl,
    /// The URL of the `Link` header's `rel="next"`.
    Link,
}

/// One page's call: the page, and what it says about the next.
type PageFuture<'a, P, E> = BoxFuture<'a, Result<(Response<P>, PageInfo), Error<E>>>;

/// Makes the call for one page, with the stream's options.
type Fetch<'a, P, E> = Box<dyn FnMut(&At, RequestOptions) -> PageFuture<'a, P, E> + Send + 'a>;

/// The pages of an operation, one call each, as a
/// [`Stream`](futures_core::Stream) of `Result<Response<P>, Error<E>>`: the
/// page's body (a [`Response`] dereferences to it) with its status and
/// headers.
///
/// It asks for its first page when it is first polled, and for each next
/// page only when the one before has been read: as the spec's scheme says
/// (the next page number or offset, the cursor or the URL the page gives,
/// the `Link` header's `rel="next"`). Each page is one call of the
/// operation, with the client's retries and the stream's
/// [`options`](Pages::options). It ends after the last page: an empty page,
/// `has_more: false`, no next cursor or URL, or as many items as the total
/// the server reports. A page that fails is given as an `Err`, after the
/// pages before it, and ends the stream.
///
/// It never loops forever: a server that gives a cursor, URL or offset it
/// gave before, or the same page again for the next page number, ends the
/// stream with [`Error::Pagination`]; so does a next page on another origin
/// than the base URL's (the client's credentials never go elsewhere).
#[must_use = "a stream asks for nothing until it is polled"]
pub struct Pages<'a, P, E> {
    operation: &'static str,
    scheme: Scheme,
    /// The base URL, which next pages' URLs are resolved against and must
    /// share their origin with.
    base: reqwest::Url,
    fetch: Fetch<'a, P, E>,
    options: RequestOptions,
    /// The page to ask for next; `None`: the stream is at its end.
    next: Option<At>,
    /// The page number or offset of the page being fetched.
    number: i64,
    running: Option<PageFuture<'a, P, E>>,
    /// Pages given so far.
    pages: u64,
    /// Items given so far.
    items: u64,
    /// Every cursor or URL followed, to stop at one given again.
    seen: HashSet<String>,
    /// The previous page's body, to stop at the same page given again.
    previous: Option<Vec<u8>>,
    /// The error to give after the page just given.
    failed: Option<Error<E>>,
}

impl<P, E> std::fmt::Debug for Pages<'_, P, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &self.operation)
            .field("scheme", &self.scheme)
            .field("options", &self.options)
            .field("pages", &self.pages)
            .field("done", &(self.next.is_none() && self.running.is_none()))
            .finish()
    }
}

// Nothing is pinned inside: the stream moves freely.
impl<P, E> Unpin for Pages<'_, P, E> {}

impl<'a, P: Send + 'a, E: Send + 'a> Pages<'a, P, E> {
    pub(crate) fn new(
        operation: &'static str,
        scheme: Scheme,
        base: reqwest::Url,
        fetch: impl FnMut(&At, RequestOptions) -> PageFuture<'a, P, E> + Send + 'a,
    ) -> Self {
        let number = match scheme {
            Scheme::PageNumber { start, .. } | Scheme::Offset { start } => start,
            _ => 0,
        };
        Pages {
            operation,
            scheme,
            base,
            fetch: Box::new(fetch),
            options: RequestOptions::default(),
            next: Some(At::First),
            number,
            running: None,
            pages: 0,
            items: 0,
            seen: HashSet::new(),
            previous: None,
            failed: None,
        }
    }

    /// The stream of the items of these pages, taken out of each by `take`.
    pub(crate) fn items<T: Send + 'a>(self, take: fn(P) -> Vec<T>) -> Items<'a, T, E> {
        let mut fetch = self.fetch;
        let pages = Pages {
            operation: self.operation,
            scheme: self.scheme,
            base: self.base,
            fetch: Box::new(move |at: &At, options: RequestOptions| {
                let page = fetch(at, options);
                let taken: PageFuture<'a, Vec<T>, E> = Box::pin(async move {
                    let (page, info) = page.await?;
                    Ok((page.map(take), info))
                });
                taken
            }),
            options: self.options,
            next: self.next,
            number: self.number,
            running: None,
            pages: self.pages,
            items: self.items,
            seen: self.seen,
            previous: self.previous,
            failed: self.failed,
        };
        Items {
            pages,
            buffer: VecDeque::new(),
        }
    }
}

impl<'a, P, E> Pages<'a, P, E> {
    /// The options of every page's call (timeout, retries, extra headers
    /// and query parameters), replacing those set before.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// The next page, or `None` after the last (the stream's `next`,
    /// without `futures`).
    pub async fn next_page(&mut self) -> Option<Result<Response<P>, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Response<P>, Error<E>>>> {
        loop {
            if let Some(running) = &mut self.running {
                let result = match running.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(result) => result,
                };
                self.running = None;
                return Poll::Ready(Some(match result {
                    Ok((page, info)) => match self.after(&page, &info) {
                        Ok(()) => {
                            self.pages += 1;
                            self.items += info.items as u64;
                            Ok(page)
                        }
                        Err(e) => {
                            self.next = None;
                            Err(e)
                        }
                    },
                    Err(e) => {
                        self.next = None;
                        Err(e)
                    }
                }));
            }
            if let Some(e) = self.failed.take() {
                return Poll::Ready(Some(Err(e)));
            }
            let Some(at) = self.next.take() else {
                return Poll::Ready(None);
            };
            if let At::Number(n) = at {
                self.number = n;
            }
            self.running = Some((self.fetch)(&at, self.options.clone()));
        }
    }

    /// Decides, from the page just received, which page comes next (none
    /// at the end). An error instead of this page: it repeats the one
    /// before. An error kept for after it: what it points at cannot be
    /// followed.
    fn after(&mut self, page: &Response<P>, info: &PageInfo) -> Result<(), Error<E>> {
        let number = self.pages + 1;
        let raw = page.raw_body();
        if matches!(
            self.scheme,
            Scheme::PageNumber { .. } | Scheme::Offset { .. }
        ) && info.items > 0
            && self.previous.as_deref() == Some(raw)
        {
            return Err(self.error(number, "the server sent the same page again"));
        }
        self.previous = Some(raw.to_vec());
        self.next = None;
        if info.items == 0 || info.has_more == Some(false) {
            return Ok(());
        }
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        match self.scheme {
            Scheme::PageNumber { first, .. } => {
                let pages_to_here = self.number.saturating_sub(first).saturating_add(1);
                if info.total_pages.is_some_and(|t| pages_to_here >= t) {
                    return Ok(());
                }
                if let Some(total) = info.total {
                    let seen = match info.size {
                        Some(size) if size > 0 => pages_to_here.saturating_mul(size),
                        _ => i64::try_from(self.items + info.items as u64).unwrap_or(i64::MAX),
                    };
                    if seen >= total {
                        return Ok(());
                    }
                }
                self.next = Some(At::Number(self.number.saturating_add(1)));
            }
            Scheme::Offset { .. } => {
                let next = self.number.saturating_add(count(info.items));
                if info.total.is_some_and(|t| next >= t) {
                    return Ok(());
                }
                self.next = Some(At::Number(next));
            }
            Scheme::Cursor => {
                let Some(cursor) = info.next.clone().filter(|c| !c.is_empty()) else {
                    return Ok(());
                };
                if !self.seen.insert(cursor.clone()) {
                    self.failed = Some(self.error(
                        number + 1,
                        "the server gave a cursor it gave before; following it would loop",
                    ));
                    return Ok(());
                }
                self.next = Some(At::Cursor(cursor));
            }
            Scheme::NextUrl | Scheme::Link => {
                let link = match self.scheme {
                    Scheme::Link => next_link(page.headers()),
                    _ => info.next.clone(),
                };
                let Some(link) = link.filter(|l| !l.trim().is_empty()) else {
                    return Ok(());
                };
                let url = match self.base.join(link.trim()) {
                    Ok(url) => url,
                    Err(_) => {
                        self.failed = Some(
                            self.error(number + 1, "the server's next page URL is not a valid URL"),
                        );
                        return Ok(());
                    }
                };
                if url.scheme() != self.base.scheme()
                    || url.host_str() != self.base.host_str()
                    || url.port_or_known_default() != self.base.port_or_known_default()
                {
                    let reason = format!(
                        "the server's next page is on another origin ({}) than the base URL's: it is not followed, so that no credentials go there",
                        url.origin().ascii_serialization()
                    );
                    self.failed = Some(self.error(number + 1, &reason));
                    return Ok(());
                }
                if !self.seen.insert(url.as_str().to_owned()) {
                    self.failed = Some(self.error(
                        number + 1,
                        "the server gave a next page URL it gave before; following it would loop",
                    ));
                    return Ok(());
                }
                self.next = Some(At::Url(url.into()));
            }
        }
        Ok(())
    }

    fn error(&self, page: u64, reason: &str) -> Error<E> {
        Error::Pagination {
            operation: self.operation,
            page,
            reason: reason.to_owned(),
        }
    }
}

impl<P, E> futures_core::Stream for Pages<'_, P, E> {
    type Item = Result<Response<P>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The URL of the `rel="next"` link of the `Link` headers (RFC 8288).
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(mut rest) = value.to_str() else {
            continue;
        };
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            let close = after.find('>')?;
            let url = &after[..close];
            let tail = &after[close + 1..];
            let params = &tail[..tail.find('<').unwrap_or(tail.len())];
            let next = params.split([';', ',']).any(|param| {
                param.split_once('=').is_some_and(|(key, value)| {
                    key.trim().eq_ignore_ascii_case("rel")
                        && value
                            .trim()
                            .trim_matches('"')
                            .split_ascii_whitespace()
                            .any(|rel| rel.eq_ignore_ascii_case("next"))
                })
            });
            if next {
                return Some(url.to_owned());
            }
            rest = &tail[params.len()..];
        }
    }
    None
}

/// The items of an operation's pages, as a
/// [`Stream`](futures_core::Stream) of `Result<T, Error<E>>`, each page
/// asked for when the items before it have been read. It ends as its
/// [`Pages`] do.
#[must_use = "a stream asks for nothing until it is polled"]
pub struct Items<'a, T, E> {
    pages: Pages<'a, Vec<T>, E>,
    buffer: VecDeque<T>,
}

impl<T, E> std::fmt::Debug for Items<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

// Nothing is pinned inside: the stream moves freely.
impl<T, E> Unpin for Items<'_, T, E> {}

impl<T, E> Items<'_, T, E> {
    /// The options of every page's call (timeout, retries, extra headers
    /// and query parameters), replacing those set before.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.pages = self.pages.options(options);
        self
    }

    /// The next item, or `None` after the last (the stream's `next`,
    /// without `futures`).
    pub async fn next_item(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => self.buffer = page.into_body().into(),
            }
        }
    }
}

impl<T, E> futures_core::Stream for Items<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
