//! Run by `fit.rs` inside a copy of `generated/` built with
//! `--no-default-features --features rustls-ring`: the client makes a real
//! TLS handshake, on ring, with a server on loopback whose certificate is
//! signed by a test CA that `SSL_CERT_FILE` makes the platform's root, and
//! refuses an unknown issuer and a name the certificate does not cover.
//! Nothing is installed as rustls's process-wide provider.

use browser_use_client::types::CreateSessionRequest;
use browser_use_client::{Client, Error};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SESSION: &str = r#"{"id":"5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10","status":"active","liveUrl":null,"startedAt":"2026-11-28T10:00:00Z","finishedAt":null,"persistMemory":true,"keepAlive":true}"#;

/// A TLS server on 127.0.0.1 answering each request with a session; its
/// port.
async fn serve() -> u16 {
    let certs = vec![CertificateDer::from_pem_slice(include_bytes!("localhost.pem")).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("localhost.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake ends here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let response = format!(
                    "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{SESSION}",
                    SESSION.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

fn client(base_url: String) -> Client {
    Client::builder()
        .api_key("bu_test_key")
        .base_url(base_url)
        .max_retries(0)
        .build()
        .unwrap()
}

/// The error's chain, as text.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

#[tokio::test]
async fn a_tls_handshake_on_ring_against_the_platform_s_roots() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let port = serve().await;

    // A root store without the server's CA: an unknown issuer. The platform
    // verifier reads `SSL_CERT_FILE` when the client is built (one test in
    // this binary: nothing else reads the environment meanwhile).
    std::env::set_var("SSL_CERT_FILE", dir.join("other-ca.pem"));
    let err = client(format!("https://localhost:{port}"))
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(chain(&err).contains("UnknownIssuer"), "{}", chain(&err));

    // The test CA as the platform's root: the handshake and the call succeed.
    std::env::set_var("SSL_CERT_FILE", dir.join("ca.pem"));
    let session = client(format!("https://localhost:{port}"))
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap();
    assert_eq!(session.id.to_string(), "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10");

    // A name the certificate does not cover is refused.
    let err = client(format!("https://127.0.0.1:{port}"))
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(chain(&err).contains("not valid for name"), "{}", chain(&err));

    // An HTTP client of the user's own, from the crate's builder, works the same.
    let http = Client::http_client_builder().unwrap().build().unwrap();
    let session = Client::builder()
        .api_key("bu_test_key")
        .base_url(format!("https://localhost:{port}"))
        .http_client(http)
        .build()
        .unwrap()
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap();
    assert!(session.live_url.value().is_none());

    // The provider was given per client; none was installed process-wide.
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
}
