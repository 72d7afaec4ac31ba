//! The `middleware` feature: every attempt goes through the user's
//! `reqwest_middleware` stack, with the client's own credentials, retries
//! and errors around it.

use browser_use_client::types::CreateSessionRequest;
use browser_use_client::{Client, Error};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware, Middleware, Next};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{session_json, KEY};

/// Counts the attempts it sees and adds a header to each.
struct Counting(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl Middleware for Counting {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        request
            .headers_mut()
            .insert("x-traced", "yes".parse().unwrap());
        next.run(request, extensions).await
    }
}

/// Refuses every request, counting them.
struct Refusing(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl Middleware for Refusing {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(reqwest_middleware::Error::middleware(Refused))
    }
}

/// A stack of one middleware around an HTTP client that follows no redirect.
fn stack(middleware: impl Middleware) -> ClientWithMiddleware {
    let http = reqwest::Client::builder()
        .redirect(Client::redirect_policy())
        .build()
        .unwrap();
    ClientBuilder::new(http).with(middleware).build()
}

#[tokio::test]
async fn every_attempt_goes_through_the_stack_with_the_clients_credentials_and_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .and(header("x-traced", "yes"))
        .and(header("x-browser-use-api-key", KEY))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .and(header("x-traced", "yes"))
        .respond_with(ResponseTemplate::new(201).set_body_json(session_json()))
        .mount(&server)
        .await;
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_policy(browser_use_client::RetryPolicy {
            base_delay: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .middleware(stack(Counting(attempts.clone())))
        .build()
        .unwrap();
    let session = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap();
    assert_eq!(
        session.id.to_string(),
        session_json()["id"].as_str().unwrap()
    );
    // The 503 was retried by the client: the stack ran once per attempt.
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused by policy")
    }
}

impl std::error::Error for Refused {}

#[tokio::test]
async fn a_middlewares_own_error_is_not_retried_and_keeps_its_cause() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9")
        .middleware(stack(Refusing(attempts.clone())))
        .build()
        .unwrap();
    let error = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Middleware { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
    let source = std::error::Error::source(&error).unwrap();
    assert_eq!(source.to_string(), "refused by policy");
    assert_eq!(
        error.to_string(),
        "create_session: a middleware failed the request"
    );
}

#[tokio::test]
async fn the_http_clients_errors_under_the_stack_are_transport_errors() {
    // Nothing listens on port 9 of the loopback address: connecting fails,
    // which is retried (nothing was sent) and reported as without middleware.
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9")
        .retry_policy(browser_use_client::RetryPolicy {
            max_retries: 1,
            base_delay: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .middleware(stack(Counting(attempts.clone())))
        .build()
        .unwrap();
    let error = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 2, .. }),
        "{error:?}"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
}
