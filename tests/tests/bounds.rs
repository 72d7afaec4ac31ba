//! The bounds on what a server sends, against hostile servers on loopback:
//! a body that never ends, a huge `Content-Length`, an error body that
//! never ends, headers that never end. Each call ends with the typed error
//! (or the timeout, for a head that arrives slowly), and the bytes the
//! server managed to write before the client dropped the connection, which
//! bound what the client could have held, stay within a small multiple of
//! the bound. The bounds are small here (64 KiB) so that the tests are fast.
//! The events' bounds are tested in the fixture crate that has events
//! (`wire/responses_events.rs`, run by `compile.rs`).

use browser_use_client::types::{CreateSessionRequest, ListSessionsParams};
use browser_use_client::{Client, Error, RequestOptions};
use std::time::{Duration, Instant};

mod common;
use common::{session_json, KEY};

include!("wire/hostile.rs");
use hostile::{serve, Plan};

const LIMIT: u64 = 64 * 1024;

/// What the server may write beyond what the client held: the kernel's
/// socket buffers on loopback (80 KiB measured when the client read
/// nothing of the body) and the HTTP library's read buffer. Measured:
/// 128 KiB written for a bound of 64 KiB, 288 KiB for 256 KiB, 80 KiB
/// for a refused `Content-Length`. A client that kept reading would reach
/// [`hostile::CAP`], 256 MiB.
const SLACK: u64 = 256 * 1024;

fn client(url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(url)
        .max_retries(0)
        .timeout(Duration::from_secs(20))
        .max_body_size(LIMIT)
        .build()
        .unwrap()
}

async fn create_session(client: &Client) -> Error<browser_use_client::CreateSessionError> {
    client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err()
}

/// The server saw the client go, having written at most `most` bytes.
async fn written_at_most(server: tokio::task::JoinHandle<hostile::Served>, most: u64) -> u64 {
    let served = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the client dropped the connection")
        .unwrap();
    assert!(served.dropped, "{served:?}");
    assert!(
        served.written <= most,
        "the server wrote {} bytes, more than {most}",
        served.written
    );
    served.written
}

#[tokio::test]
async fn a_success_body_that_never_ends_is_response_too_large() {
    let (url, server) = serve(Plan::chunked(201, "application/json", &[b' '; 16 * 1024])).await;
    let error = create_session(&client(&url)).await;
    match &error {
        Error::ResponseTooLarge {
            operation,
            status,
            limit,
            content_length,
            attempts,
            ..
        } => {
            assert_eq!(*operation, "create_session");
            assert_eq!(status.as_u16(), 201);
            assert_eq!(*limit, LIMIT);
            assert_eq!(*content_length, None);
            assert_eq!(*attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(201));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "create_session: the 201 response body is larger than the limit of 65536 bytes; \
         raise it with `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`"
    );
    written_at_most(server, LIMIT + SLACK).await;
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_the_body_is_read() {
    let plan = Plan::new(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 1099511627776\r\n\r\n",
        vec![b' '; 16 * 1024],
    );
    let (url, server) = serve(plan).await;
    let started = Instant::now();
    let error = create_session(&client(&url)).await;
    match &error {
        Error::ResponseTooLarge {
            limit,
            content_length,
            ..
        } => {
            assert_eq!(*limit, LIMIT);
            assert_eq!(*content_length, Some(1 << 40));
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains(
        "the 201 response body (1099511627776 bytes) is larger than the limit of 65536 bytes"
    ));
    // Nothing of the body was asked for: the server wrote what the socket
    // buffers took.
    written_at_most(server, SLACK).await;
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn an_error_body_that_never_ends_is_the_status_error_with_its_first_64_kib() {
    let limit = 4 * LIMIT;
    let (url, server) = serve(Plan::chunked(500, "text/plain", &[b'e'; 16 * 1024])).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&url)
        .max_retries(0)
        .max_body_size(limit)
        .build()
        .unwrap();
    let error = create_session(&client).await;
    let api = error.api_error().expect("the status error");
    assert_eq!(api.status().as_u16(), 500);
    assert!(api.body_truncated());
    assert_eq!(api.body().len(), 64 * 1024);
    assert!(api.body().bytes().all(|b| b == b'e'));
    assert!(api.json().is_none() && api.kind().is_none());
    let text = error.to_string();
    assert!(
        text.starts_with("create_session: 500 Internal Server Error: eeee"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "… (body cut: larger than the limit of 262144 bytes; raise it with \
             `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`)"
        ),
        "{text}"
    );
    written_at_most(server, limit + SLACK).await;
}

#[tokio::test]
async fn an_error_body_with_a_huge_content_length_keeps_its_first_part_only() {
    let plan = Plan::new(
        "HTTP/1.1 422 Unprocessable Entity\r\ncontent-type: application/json\r\ncontent-length: 1099511627776\r\n\r\n{\"detail\":\"",
        vec![b'x'; 16 * 1024],
    );
    let (url, server) = serve(plan).await;
    // A bound below 64 KiB keeps no more than the bound.
    let error = client(&url)
        .create_session(&CreateSessionRequest::default())
        .max_body_size(1000)
        .await
        .unwrap_err();
    let api = error.api_error().expect("the status error");
    assert_eq!(api.status().as_u16(), 422);
    assert!(api.body_truncated());
    assert_eq!(api.body().len(), 1000);
    assert!(api.body().starts_with("{\"detail\":\"xxx"));
    written_at_most(server, SLACK).await;
}

#[tokio::test]
async fn a_body_of_the_bound_is_read_and_one_byte_more_is_not() {
    let session = session_json().to_string();
    let padded = |length: usize| format!("{session:<length$}");
    let limit = u64::try_from(session.len() + 100).unwrap();
    for (length, chunked) in [(100, false), (100, true), (101, false), (101, true)] {
        let body = padded(session.len() + length);
        let plan = if chunked {
            // Two chunks, the second across the bound.
            let (a, b) = body.split_at(session.len());
            Plan::new(
                &format!(
                    "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
                    a.len(),
                    b.len()
                ),
                Vec::new(),
            )
        } else {
            Plan::new(
                &format!(
                    "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                ),
                Vec::new(),
            )
        };
        let (url, _server) = serve(plan).await;
        let result = client(&url)
            .create_session(&CreateSessionRequest::default())
            .max_body_size(limit)
            .with_response()
            .await;
        match (length, result) {
            (100, Ok(response)) => {
                assert_eq!(response.raw_body(), body.as_bytes());
                assert_eq!(
                    response.id.to_string(),
                    "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
                );
            }
            (
                101,
                Err(Error::ResponseTooLarge {
                    limit: l,
                    content_length,
                    ..
                }),
            ) => {
                assert_eq!(l, limit);
                assert_eq!(content_length, (!chunked).then_some(limit + 1));
            }
            (_, other) => panic!("{length} {chunked}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_call_sets_its_own_bound_over_the_clients() {
    let session = session_json().to_string();
    let body = format!("{session}{}", " ".repeat(100_000));
    let response = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    // The client's bound, 64 KiB, refuses it.
    let (url, _server) = serve(Plan::new(&response, Vec::new())).await;
    let error = create_session(&client(&url)).await;
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: LIMIT, .. }),
        "{error:?}"
    );
    // The call's, on the call or in its options, takes it.
    let (url, _server) = serve(Plan::new(&response, Vec::new())).await;
    let session = client(&url)
        .create_session(&CreateSessionRequest::default())
        .max_body_size(200_000)
        .await
        .unwrap();
    assert_eq!(
        session.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
    let (url, _server) = serve(Plan::new(&response, Vec::new())).await;
    let options = RequestOptions::new().max_body_size(200_000);
    assert!(format!("{options:?}").contains("max_body_size: Some(200000)"));
    client(&url)
        .create_session_with(&CreateSessionRequest::default(), &options)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_body_too_large_is_not_retried_even_when_idempotent() {
    let (url, server) = serve(Plan::chunked(200, "application/json", &[b' '; 16 * 1024])).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&url)
        .max_retries(2)
        .max_body_size(LIMIT)
        .build()
        .unwrap();
    // A GET: a failure of the connection would be retried; this is not
    // (a retry would find no server, and fail otherwise).
    let error = client
        .list_sessions(&ListSessionsParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                attempts: 1,
                idempotent: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 1);
    written_at_most(server, LIMIT + SLACK).await;
}

#[test]
fn the_default_bound_is_32_mib_and_shown_in_debug() {
    assert_eq!(Client::DEFAULT_MAX_BODY_SIZE, 32 * 1024 * 1024);
    let client = Client::builder().api_key(KEY).build().unwrap();
    assert_eq!(client.max_body_size(), Client::DEFAULT_MAX_BODY_SIZE);
    assert!(format!("{client:?}").contains("max_body_size: 33554432"));
    let client = Client::builder()
        .api_key(KEY)
        .max_body_size(10)
        .build()
        .unwrap();
    assert_eq!(client.max_body_size(), 10);
}

#[tokio::test]
async fn headers_that_arrive_slowly_without_end_hit_the_timeout() {
    let plan =
        Plan::new("HTTP/1.1 201 Created\r\n", "x-slow: 1\r\n").pause(Duration::from_millis(20));
    let (url, server) = serve(plan).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&url)
        .max_retries(0)
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = create_session(&client).await;
    let took = started.elapsed();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(3),
        "{took:?}"
    );
    // About 20 headers of 11 bytes.
    written_at_most(server, 1024).await;
}

#[tokio::test]
async fn headers_that_never_end_are_refused_past_the_http_librarys_bound() {
    // Long headers, or many short ones: hyper reads a head of up to about
    // 400 KiB, and fails (`Parse(TooLarge)`); 445 and 409 KiB written, measured.
    for header in [
        format!("x-pad: {}\r\n", "p".repeat(1000)),
        "x: 1\r\n".to_owned(),
    ] {
        let (url, server) = serve(Plan::new("HTTP/1.1 201 Created\r\n", header)).await;
        let started = Instant::now();
        let error = create_session(&client(&url)).await;
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        written_at_most(server, 408 * 1024 + SLACK).await;
    }
}
