//! Credentials that renew (`ClientBuilder::api_key_provider`,
//! `browser_use_client::credentials`), on the wire against a loopback
//! server: the provider is asked before each call; a cached value is
//! renewed after its expiry; a 401 has it refreshed once and the request
//! sent again once (one refresh for many calls at once); a provider's error
//! is a typed error and nothing is sent; the key is never shown.

use browser_use_client::credentials::{provider_fn, BoxFuture, Cached};
use browser_use_client::types::CreateSessionRequest;
use browser_use_client::{Client, CredentialsProvider, Error, ProviderError, Secret};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::session_json;

const HEADER: &str = "x-browser-use-api-key";

/// A server that creates a session for the key `good` (any key when
/// `None`) and answers 401 to any other, after `delay`.
async fn server(good: Option<&str>, delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    if let Some(good) = good {
        Mock::given(method("POST"))
            .and(path("/sessions"))
            .and(header(HEADER, good))
            .respond_with(ResponseTemplate::new(201).set_body_json(session_json()))
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(401)
                    .set_body_json(serde_json::json!({"detail": "Invalid API key"}))
                    .set_delay(delay),
            )
            .mount(&server)
            .await;
    } else {
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_json(session_json()))
            .mount(&server)
            .await;
    }
    server
}

/// The key of each request `server` received, in order.
async fn keys(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| match r.headers.get(HEADER) {
            Some(v) => v.to_str().unwrap().to_owned(),
            None => "<none>".to_owned(),
        })
        .collect()
}

fn client(server: &MockServer, provider: impl CredentialsProvider) -> Client {
    Client::builder()
        .api_key_provider(provider)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .unwrap()
}

/// A provider that gives `current`, and on a refresh (after `delay`)
/// `renewed-N`, counting its refreshes and what they were given.
#[derive(Default)]
struct Rotating {
    current: Mutex<String>,
    refreshes: AtomicU32,
    rejected: Mutex<Vec<String>>,
    delay: Duration,
}

impl Rotating {
    fn new(first: &str, delay: Duration) -> Arc<Self> {
        Arc::new(Rotating {
            current: Mutex::new(first.to_owned()),
            delay,
            ..Default::default()
        })
    }
}

impl CredentialsProvider for Rotating {
    fn credential(&self) -> BoxFuture<'_, Result<Secret, ProviderError>> {
        let value = self.current.lock().unwrap().clone();
        Box::pin(async move { Ok(Secret::new(value)) })
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, ProviderError>> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            self.rejected
                .lock()
                .unwrap()
                .push(rejected.expose().to_owned());
            let n = self.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
            let value = format!("renewed-{n}");
            *self.current.lock().unwrap() = value.clone();
            Ok(Secret::new(value))
        })
    }
}

#[tokio::test]
async fn the_provider_is_asked_for_each_call() {
    let server = server(None, Duration::ZERO).await;
    let asked = Arc::new(AtomicU32::new(0));
    let counter = asked.clone();
    let client = client(
        &server,
        provider_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(Secret::new(format!("key-{n}"))) }
        }),
    );
    let request = CreateSessionRequest::default();
    client.create_session(&request).await.unwrap();
    client.create_session(&request).await.unwrap();
    assert_eq!(keys(&server).await, ["key-1", "key-2"]);
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_cached_key_is_renewed_after_its_expiry() {
    let server = server(None, Duration::ZERO).await;
    let fetched = Arc::new(AtomicU32::new(0));
    let counter = fetched.clone();
    let cached = Cached::new(provider_fn(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(Secret::new(format!("key-{n}")).expires_in(Duration::from_millis(400))) }
    }));
    let client = client(&server, cached);
    let request = CreateSessionRequest::default();
    client.create_session(&request).await.unwrap();
    client.create_session(&request).await.unwrap();
    // Stale from half its lifetime (shorter than the 30 s margin).
    tokio::time::sleep(Duration::from_millis(250)).await;
    client.create_session(&request).await.unwrap();
    assert_eq!(keys(&server).await, ["key-1", "key-1", "key-2"]);
    assert_eq!(fetched.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_refreshes_the_key_and_sends_the_request_once_more() {
    let server = server(Some("renewed-1"), Duration::ZERO).await;
    let provider = Rotating::new("old", Duration::ZERO);
    // No retries at all: the renewed request is not one of them. And a
    // POST: the server refused it before acting on it.
    let client = client(&server, provider.clone());
    let response = client
        .create_session(&CreateSessionRequest::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    // Two attempts, neither a retry.
    assert_eq!(response.attempts(), 2);
    assert_eq!(keys(&server).await, ["old", "renewed-1"]);
    assert_eq!(provider.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(*provider.rejected.lock().unwrap(), ["old"]);
    // The provider's value is used from now on.
    client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap();
    assert_eq!(keys(&server).await, ["old", "renewed-1", "renewed-1"]);
}

#[tokio::test]
async fn a_second_401_is_the_api_error() {
    let server = server(Some("never"), Duration::ZERO).await;
    let provider = Rotating::new("old", Duration::ZERO);
    let client = client(&server, provider.clone());
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(api.status(), 401);
    assert_eq!(api.body(), r#"{"detail":"Invalid API key"}"#);
    assert_eq!(err.attempts(), 2);
    assert_eq!(keys(&server).await, ["old", "renewed-1"]);
    assert_eq!(provider.refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_calls_refused_at_once_share_one_refresh() {
    // The 401s come late, so that all 20 are sent with the old key first;
    // the refresh takes a while, so that the others find it in flight.
    let server = server(Some("renewed-1"), Duration::from_millis(200)).await;
    let provider = Rotating::new("old", Duration::from_millis(100));
    let client = client(&server, provider.clone());
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .create_session(&CreateSessionRequest::default())
                .await
        });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().unwrap();
    }
    assert_eq!(provider.refreshes.load(Ordering::SeqCst), 1);
    let keys = keys(&server).await;
    assert_eq!(keys.iter().filter(|k| *k == "old").count(), 20, "{keys:?}");
    assert_eq!(
        keys.iter().filter(|k| *k == "renewed-1").count(),
        20,
        "{keys:?}"
    );
    assert_eq!(keys.len(), 40);
}

#[tokio::test]
async fn a_provider_error_ends_the_call_before_anything_is_sent() {
    let server = server(None, Duration::ZERO).await;
    let client = client(
        &server,
        provider_fn(|| async { Err(ProviderError::new("the vault is unreachable")) }),
    );
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Credentials {
                operation: "create_session",
                attempts: 0,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "create_session: the credentials provider failed"
    );
    assert_eq!(
        std::error::Error::source(&err).unwrap().to_string(),
        "the vault is unreachable"
    );
    assert!(!err.is_retryable());
    assert_eq!(keys(&server).await, Vec::<String>::new());
}

/// Middleware sees the final request: the provider's key is in it.
#[tokio::test]
async fn middleware_sees_the_providers_key() {
    struct Seen(Arc<Mutex<Vec<String>>>);
    #[async_trait::async_trait]
    impl reqwest_middleware::Middleware for Seen {
        async fn handle(
            &self,
            request: reqwest::Request,
            extensions: &mut http::Extensions,
            next: reqwest_middleware::Next<'_>,
        ) -> reqwest_middleware::Result<reqwest::Response> {
            let key = request
                .headers()
                .get(HEADER)
                .map(|v| v.to_str().unwrap().to_owned());
            self.0.lock().unwrap().push(key.unwrap_or_default());
            next.run(request, extensions).await
        }
    }
    let server = server(Some("renewed-1"), Duration::ZERO).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let http = reqwest::Client::builder()
        .redirect(Client::redirect_policy())
        .build()
        .unwrap();
    let stack = reqwest_middleware::ClientBuilder::new(http)
        .with(Seen(seen.clone()))
        .build();
    let client = Client::builder()
        .api_key_provider(Rotating::new("old", Duration::ZERO))
        .middleware(stack)
        .base_url(server.uri())
        .build()
        .unwrap();
    client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), ["old", "renewed-1"]);
}

#[tokio::test]
async fn the_key_is_never_shown() {
    const SECRET: &str = "bu_provider_secret_4242";
    const RENEWED: &str = "bu_renewed_secret_4343";
    let captured = common::Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = server(Some("never"), Duration::ZERO).await;
    let provider = provider_fn(|| async { Ok(Secret::new(SECRET)) });
    let builder = Client::builder()
        .api_key_provider(Cached::new(provider))
        .base_url(server.uri())
        .max_retries(1);
    let client = builder.clone().build().unwrap();
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    let failing = client_with_error(&server).await;
    let secret = Secret::new(RENEWED).expires_in(Duration::from_secs(60));
    assert_eq!(secret.expose(), RENEWED);

    let log = captured.text();
    assert!(log.contains("api_call"), "{log}");
    for shown in [
        format!("{builder:?}"),
        format!("{client:#?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{failing:?}"),
        format!("{secret:?}"),
        log,
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains(RENEWED), "{shown}");
    }
    assert!(format!("{client:?}").contains(r#"api_key_provider: "<provider>""#));
    assert_eq!(keys(&server).await, [SECRET, SECRET]);
}

/// The error of a provider whose message is its own: the key is not in it
/// unless the provider puts it there.
async fn client_with_error(server: &MockServer) -> Error<browser_use_client::CreateSessionError> {
    client(
        server,
        provider_fn(|| async { Err(ProviderError::new("no key")) }),
    )
    .create_session(&CreateSessionRequest::default())
    .await
    .unwrap_err()
}
