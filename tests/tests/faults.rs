//! Retries and timeouts against a faulty server on loopback. Waits use a
//! policy with millisecond delays, except where the test is that a
//! `Retry-After` is respected.

use browser_use_client::types::CreateSessionRequest;
use browser_use_client::{Client, CreateSessionError, Error, RequestOptions, RetryPolicy};
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{closed_url, session_json as session, KEY};

fn fast() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .retry_policy(fast())
        .build()
        .unwrap()
}

/// `create_session` with the default body against `base_url`, which must fail.
async fn create_session_error(base_url: &str) -> Error<CreateSessionError> {
    client(base_url)
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err()
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

async fn always(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retry_after_is_respected_then_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"detail": "Too many concurrent active sessions."})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(session()))
        .mount(&server)
        .await;
    let started = Instant::now();
    let session = client(&server.uri())
        .create_session(&CreateSessionRequest::default())
        .await
        .expect("the retry succeeds");
    let waited = started.elapsed();
    assert_eq!(
        session.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
    assert_eq!(requests(&server).await, 2);
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn three_503s_fail_after_three_attempts() {
    let server = always(503, "busy").await;
    let err = create_session_error(&server.uri()).await;
    assert_eq!(requests(&server).await, 3);
    assert_eq!(err.attempts(), 3);
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "create_session: 503 Service Unavailable: busy (after 3 attempts)"
    );
}

#[tokio::test]
async fn a_500_on_post_is_not_retried() {
    let server = always(500, "oops").await;
    let err = create_session_error(&server.uri()).await;
    assert_eq!(requests(&server).await, 1, "POST is not idempotent");
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.to_string(),
        "create_session: 500 Internal Server Error: oops"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let err = create_session_error(&closed_url()).await;
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_policy(fast())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    // A POST that timed out may have reached the server: not retried.
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_non_json_502_page_is_a_status_error_with_its_text() {
    let server = always(502, "<html><body>502 Bad Gateway (nginx)</body></html>").await;
    let err = create_session_error(&server.uri()).await;
    let api = err.api_error().expect("a status error");
    assert_eq!(api.status().as_u16(), 502);
    assert_eq!(api.json(), None);
    assert_eq!(
        api.body(),
        "<html><body>502 Bad Gateway (nginx)</body></html>"
    );
    assert_eq!(requests(&server).await, 3);
    assert!(err.to_string().contains("502 Bad Gateway (nginx)"), "{err}");
}

#[tokio::test]
async fn malformed_json_on_201_is_a_decode_error_and_is_not_retried() {
    let server = always(201, "{\"id\": \"5f0c").await;
    let err = create_session_error(&server.uri()).await;
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.body(), "{\"id\": \"5f0c");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn per_request_options_override_the_client() {
    let server = always(503, "busy").await;
    let options = RequestOptions::new()
        .max_retries(0)
        .header("x-trace-id", "trace-1")
        .timeout(Duration::from_secs(5));
    let err = client(&server.uri())
        .create_session_with(&CreateSessionRequest::default(), &options)
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers["x-trace-id"], "trace-1");
    assert!(
        !format!("{options:?}").contains("trace-1"),
        "header values are redacted"
    );
}

#[tokio::test]
async fn an_invalid_extra_header_is_rejected_before_sending() {
    let server = always(201, "{}").await;
    let options = RequestOptions::new().header("x-bad", "line\nbreak");
    let err = client(&server.uri())
        .create_session_with(&CreateSessionRequest::default(), &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(requests(&server).await, 0);
}

#[tokio::test]
async fn max_retries_zero_turns_retries_off() {
    let server = always(429, "{\"detail\": \"slow down\"}").await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .unwrap();
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 1);
    assert_eq!(
        err.to_string(),
        "create_session: 429 Too Many Requests: slow down"
    );
}

#[test]
fn the_default_policy_is_documented_and_retries_twice() {
    let client = Client::new(KEY).unwrap();
    assert_eq!(client.retry_policy(), RetryPolicy::default());
    assert_eq!(RetryPolicy::default().max_retries, 2);
    assert_eq!(
        RetryPolicy::default().base_delay,
        Duration::from_millis(500)
    );
    assert_eq!(RetryPolicy::default().max_delay, Duration::from_secs(8));
    assert_eq!(
        RetryPolicy::default().max_retry_after,
        Duration::from_secs(60)
    );
    assert_eq!(RetryPolicy::none().max_retries, 0);
}

#[tokio::test]
async fn redirects_are_not_followed_so_the_key_stays_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(session()))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/sessions", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    let err = create_session_error(&server.uri()).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    assert_eq!(
        requests(&elsewhere).await,
        0,
        "nothing, and no key, reached the other host"
    );
}

#[tokio::test]
async fn extra_headers_replace_the_clients_own() {
    let server = always(201, &session().to_string()).await;
    let options = RequestOptions::new()
        .header("user-agent", "my-app/1.0")
        .header("content-type", "application/json; charset=utf-8");
    client(&server.uri())
        .create_session_with(&CreateSessionRequest::default(), &options)
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let values = |name: &str| {
        received[0]
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(values("user-agent"), ["my-app/1.0"]);
    assert_eq!(values("content-type"), ["application/json; charset=utf-8"]);
    assert_eq!(values("x-browser-use-api-key"), [KEY]);
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_called_retryable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                idempotent: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        !err.is_retryable(),
        "the server may have created the session"
    );
    let source = std::error::Error::source(&err).expect("the cause is the source");
    assert!(
        !err.to_string().contains(&source.to_string()),
        "the cause is not printed twice"
    );
}
