//! The generated client against Prism, an independent mock server that
//! validates every request against `spec/browser-use.yaml` (a request that
//! does not match is answered 422 instead of the documented response) and
//! answers with the documented responses (`Prefer: code=...` picks one).
//!
//! Prism is installed by `npm ci --prefix tests` (pinned in
//! `tests/package-lock.json`); the README's test command and `.ci/run` run it.

use browser_use_client::types::{
    CreateSessionRequest, CustomProxy, ProxyCountryCode, SessionStatus,
};
use browser_use_client::{Client, CreateSessionError, Nullable, RequestOptions};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpStream};

mod common;

use common::prism::Prism;

impl Prism {
    /// A raw request, bypassing the client (and its local validation).
    fn raw_post(&self, body: &str) -> String {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).unwrap();
        write!(
            stream,
            "POST /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Browser-Use-API-Key: k\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }
}

fn prefer(code: u16) -> RequestOptions {
    RequestOptions::new()
        .max_retries(0)
        .header("prefer", format!("code={code}"))
}

#[tokio::test]
async fn the_client_speaks_the_spec_as_prism_reads_it() {
    let prism = Prism::start("spec/browser-use.yaml", "contract");
    let client = Client::builder()
        .api_key("test-key")
        .base_url(prism.url())
        .max_retries(0)
        .build()
        .unwrap();

    // Prism does validate: a body that breaks the spec is refused.
    let refused = prism.raw_post(r#"{"browserScreenWidth": 100}"#);
    assert!(refused.starts_with("HTTP/1.1 422"), "{refused}");

    // A default request.
    let session = client
        .create_session(&CreateSessionRequest::default())
        .await
        .expect("default request");
    assert_eq!(session.status, SessionStatus::Active);

    // Every field set.
    let full = CreateSessionRequest {
        profile_id: Nullable::Value("0b7cbb3c-33a3-4c1f-a5ba-0f4f7d0e4a11".parse().unwrap()),
        proxy_country_code: ProxyCountryCode::Do.into(),
        start_url: Nullable::Value("https://example.com".into()),
        browser_screen_width: 1920.into(),
        browser_screen_height: 1080.into(),
        persist_memory: Some(false),
        keep_alive: Some(true),
        custom_proxy: Nullable::Value(CustomProxy {
            host: "proxy.example".into(),
            port: 8080,
            username: "user".to_owned().into(),
            password: "pass".to_owned().into(),
            ignore_cert_errors: Some(false),
            additional: Default::default(),
        }),
        enable_recording: Some(true),
        additional: Default::default(),
    };
    client
        .create_session(&full)
        .await
        .expect("a request with every field");

    // Explicit nulls wherever the spec allows them.
    let nulls = CreateSessionRequest {
        profile_id: Nullable::Null,
        proxy_country_code: Nullable::Null,
        start_url: Nullable::Null,
        browser_screen_width: Nullable::Null,
        browser_screen_height: Nullable::Null,
        custom_proxy: Nullable::Null,
        ..Default::default()
    };
    client
        .create_session(&nulls)
        .await
        .expect("a request with explicit nulls");

    // Every documented status decodes into its typed error.
    let request = CreateSessionRequest::default();
    let kind = |code: u16| {
        let client = client.clone();
        let request = request.clone();
        async move {
            let err = client
                .create_session_with(&request, &prefer(code))
                .await
                .unwrap_err();
            let api = err.api_error().unwrap_or_else(|| panic!("{code}: {err:?}"));
            assert_eq!(api.status().as_u16(), code);
            api.kind()
                .cloned()
                .unwrap_or_else(|| panic!("{code} is documented: {err:?}"))
        }
    };
    assert_eq!(kind(402).await, CreateSessionError::PaymentRequired);
    let CreateSessionError::NotFound(Some(not_found)) = kind(404).await else {
        panic!("404 has a typed body");
    };
    assert_eq!(not_found.detail, "Profile not found");
    assert!(matches!(
        kind(422).await,
        CreateSessionError::UnprocessableEntity(Some(_))
    ));
    assert!(matches!(
        kind(429).await,
        CreateSessionError::TooManyRequests(Some(_))
    ));
    let created = client
        .create_session_with(&request, &prefer(201))
        .await
        .expect("201");
    assert_eq!(created.proxy_used_mb, "0");
}
