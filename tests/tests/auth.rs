//! Credentials never leave the base URL's origin: redirects to another
//! origin (another loopback port here) carry no API key, with the builder's
//! own HTTP client and with one built with `Client::redirect_policy()`;
//! reqwest's default policy, which would forward the key, is shown to be
//! caught by the same check. The other schemes are exercised on the wire
//! inside the `security-*` fixtures' crates (`compile.rs`).

use browser_use_client::types::CreateSessionRequest;
use browser_use_client::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{session_json, KEY};

const HEADER: &str = "x-browser-use-api-key";

/// A server that redirects `POST /sessions` to `target`, with `status`.
async fn redirecting_to(target: &str, status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(status).insert_header("location", target))
        .mount(&server)
        .await;
    server
}

/// A server that accepts any request with a session.
async fn accepting() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(201).set_body_json(session_json()))
        .mount(&server)
        .await;
    server
}

/// The API keys that reached `server`, one per request.
async fn keys_received(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .map(|r| {
            r.headers
                .get(HEADER)
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

fn client(base: &str, http: Option<reqwest::Client>) -> Client {
    let mut builder = Client::builder().api_key(KEY).base_url(base).max_retries(0);
    if let Some(http) = http {
        builder = builder.http_client(http);
    }
    builder.build().expect("client builds")
}

#[tokio::test]
async fn a_cross_origin_redirect_receives_no_key_from_the_builders_client() {
    let other = accepting().await;
    let origin = redirecting_to(&format!("{}/sessions", other.uri()), 307).await;
    let err = client(&origin.uri(), None)
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    // The 307 is the answer: nothing followed it.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err:?}");
    assert_eq!(keys_received(&origin).await, [Some(KEY.to_owned())]);
    assert!(keys_received(&other).await.is_empty());
}

#[tokio::test]
async fn the_redirect_policy_stops_at_another_origin_and_follows_within_one() {
    let policy_client = || {
        reqwest::Client::builder()
            .redirect(Client::redirect_policy())
            .build()
            .unwrap()
    };
    // To another port of 127.0.0.1: another origin, not followed.
    let other = accepting().await;
    let origin = redirecting_to(&format!("{}/sessions", other.uri()), 307).await;
    let err = client(&origin.uri(), Some(policy_client()))
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err:?}");
    assert!(keys_received(&other).await.is_empty());

    // Within the origin: followed, and the key goes along.
    let same = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/v2/sessions"))
        .mount(&same)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/sessions"))
        .respond_with(ResponseTemplate::new(201).set_body_json(session_json()))
        .mount(&same)
        .await;
    client(&same.uri(), Some(policy_client()))
        .create_session(&CreateSessionRequest::default())
        .await
        .expect("the redirect within the origin is followed");
    assert_eq!(
        keys_received(&same).await,
        [Some(KEY.to_owned()), Some(KEY.to_owned())]
    );
}

/// The check above can fail: with reqwest's default policy, the other
/// origin does receive the key (which is why the builder's client follows
/// no redirect and `http_client`'s documentation says so).
#[tokio::test]
async fn reqwests_default_policy_would_forward_the_key() {
    let other = accepting().await;
    let origin = redirecting_to(&format!("{}/sessions", other.uri()), 307).await;
    client(&origin.uri(), Some(reqwest::Client::new()))
        .create_session(&CreateSessionRequest::default())
        .await
        .expect("followed to the other server");
    assert_eq!(keys_received(&other).await, [Some(KEY.to_owned())]);
}

#[tokio::test]
async fn missing_key_is_a_build_error_naming_the_setter_and_the_variable() {
    let err = Client::builder().build().unwrap_err();
    assert_eq!(err.to_string(), "no API key: call `ClientBuilder::api_key`");
    let err = Client::builder().api_key("bad\nkey").build().unwrap_err();
    assert!(
        matches!(err, browser_use_client::BuildError::InvalidApiKey),
        "{err:?}"
    );
    // The error type of an operation knows the local error too.
    let local: Error<browser_use_client::CreateSessionError> = Error::MissingCredentials {
        operation: "create_session",
        needed: "`ClientBuilder::api_key`".into(),
    };
    assert_eq!(local.attempts(), 0);
    assert!(!local.is_retryable());
    assert_eq!(
        local.to_string(),
        "create_session: no credentials configured: `ClientBuilder::api_key`"
    );
}
