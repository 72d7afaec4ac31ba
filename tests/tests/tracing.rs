//! With the `tracing` feature, each call is one span with the operation,
//! method, URL path, status, attempts and duration, and never the API key or
//! a body.

use browser_use_client::types::{CreateSessionRequest, CustomProxy};
use browser_use_client::{Client, Nullable};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;

const KEY: &str = "bu_secret_key_do_not_log";

#[tokio::test]
async fn one_span_per_call_without_secrets() {
    let captured = common::Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"detail": "Profile not found"})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .unwrap();
    let request = CreateSessionRequest {
        custom_proxy: Nullable::Value(CustomProxy {
            host: "proxy.example".into(),
            port: 8080,
            username: Nullable::Unset,
            password: "body-secret".to_owned().into(),
            ignore_cert_errors: None,
            additional: Default::default(),
        }),
        ..Default::default()
    };
    client.create_session(&request).await.unwrap_err();

    let log = captured.text();
    let close = log
        .lines()
        .find(|l| l.contains("api_call") && l.contains("close"))
        .unwrap_or_else(|| panic!("no span close in:\n{log}"));
    for field in [
        "operation=\"create_session\"",
        "method=POST",
        "path=\"/sessions\"",
        "status=404",
        "attempts=1",
        "duration_ms=",
    ] {
        assert!(close.contains(field), "{field} missing from {close}");
    }
    assert!(!log.contains(KEY), "the API key leaked:\n{log}");
    assert!(!log.contains("body-secret"), "a body leaked:\n{log}");
}
