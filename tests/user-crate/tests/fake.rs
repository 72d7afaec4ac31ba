//! The service's tests, against the typed fake server: no JSON, no paths.

use browser_use_client::doubles::FakeServer;
use browser_use_client::types::{
    CreateSessionRequest, SessionItemView, SessionStatus, TooManyConcurrentActiveSessionsError,
};
use browser_use_client::{Error, Nullable};
use std::time::Duration;
use user_crate::{open_browser, Outcome};

fn session() -> SessionItemView {
    SessionItemView {
        id: uuid::Uuid::from_u128(7),
        status: SessionStatus::Active,
        live_url: Nullable::Value("https://live.example/7".to_owned()),
        recording_url: Nullable::Null,
        started_at: chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .unwrap()
            .into(),
        finished_at: Nullable::Null,
        persist_memory: true,
        keep_alive: true,
        proxy_used_mb: "0".to_owned(),
        proxy_cost: "0".to_owned(),
        additional: Default::default(),
    }
}

fn busy() -> TooManyConcurrentActiveSessionsError {
    TooManyConcurrentActiveSessionsError {
        detail: "3 sessions are active".to_owned(),
        additional: Default::default(),
    }
}

fn starts_on(url: &'static str) -> impl Fn(&CreateSessionRequest) -> bool {
    move |body| body.start_url.value().map(String::as_str) == Some(url)
}

#[tokio::test]
async fn a_created_session_is_reported_with_its_id() {
    let server = FakeServer::start().await;
    let mock = server
        .create_session()
        .when(starts_on("https://example.com"))
        .times(1)
        .respond(&session());

    let outcome = open_browser(&server.client(), "https://example.com").await;

    assert_eq!(
        outcome.unwrap(),
        Outcome::Started {
            id: uuid::Uuid::from_u128(7).to_string(),
            live_url: Some("https://live.example/7".to_owned()),
        }
    );
    // The request the service sent, typed.
    let bodies = mock.bodies();
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].profile_id.is_unset());
    let request = &mock.received()[0];
    assert_eq!(
        request.header("x-browser-use-api-key"),
        Some("fake-api-key")
    );
    server.verify();
}

#[tokio::test]
async fn a_429_is_retried_by_the_client_and_then_succeeds() {
    let server = FakeServer::start().await;
    // Answered first (once), then the next expectation takes over.
    let busy_mock = server
        .create_session()
        .times(1)
        .header("retry-after", "0")
        .respond_error(429, &busy());
    let ok_mock = server.create_session().respond(&session());

    let outcome = open_browser(&server.client(), "https://example.com").await;

    assert!(
        matches!(outcome, Ok(Outcome::Started { .. })),
        "{outcome:?}"
    );
    assert_eq!((busy_mock.hits(), ok_mock.hits()), (1, 1));
    assert_eq!(server.received().len(), 2);
    server.verify();
}

#[tokio::test]
async fn without_retries_a_429_is_reported_busy_with_the_typed_body() {
    let server = FakeServer::start().await;
    server.create_session().respond_error(429, &busy());
    let client = server.client_builder().max_retries(0).build().unwrap();

    let outcome = open_browser(&client, "https://example.com").await;

    assert_eq!(
        outcome.unwrap(),
        Outcome::Busy("3 sessions are active".to_owned())
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_slow_server_hits_the_client_timeout() {
    let server = FakeServer::start().await;
    server
        .create_session()
        .delay(Duration::from_secs(5))
        .respond(&session());
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let outcome = open_browser(&client, "https://example.com").await;

    assert!(matches!(outcome, Err(Error::Timeout { .. })), "{outcome:?}");
    // A POST that may have reached the server is not repeated.
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let server = FakeServer::start().await;
    server.create_session().drop_connection();

    let outcome = open_browser(&server.client(), "https://example.com").await;

    assert!(
        matches!(outcome, Err(Error::Transport { .. })),
        "{outcome:?}"
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_request_the_typed_matcher_rejects_is_answered_404_saying_why() {
    let server = FakeServer::start().await;
    let mock = server
        .create_session()
        .when(starts_on("https://other.example"))
        .respond(&session());

    let outcome = open_browser(&server.client(), "https://example.com").await;

    let Err(Error::Api(e)) = outcome else {
        panic!("expected a 404, got {outcome:?}");
    };
    assert_eq!(e.status().as_u16(), 404);
    assert!(
        e.body().contains("no expectation matches POST /sessions"),
        "{}",
        e.body()
    );
    assert!(
        e.body()
            .contains("create_session (POST /sessions), a body matcher"),
        "{}",
        e.body()
    );
    assert!(e.body().contains("returned false"), "{}", e.body());
    assert_eq!(mock.hits(), 0);
    assert_eq!(server.received()[0].operation, None);
}

#[tokio::test]
#[should_panic(
    expected = "create_session (POST /sessions), times(1): expected 1 request(s), received 0"
)]
async fn an_expectation_never_called_fails_when_the_server_is_dropped() {
    let server = FakeServer::start().await;
    let _mock = server.create_session().times(1).respond(&session());
}
