//! The fake server's HTTP/1.1, byte by byte: two requests on one
//! connection (keep-alive), a chunked body, a HEAD, and the 404 of a
//! request no expectation matches.

use browser_use_client::doubles::FakeServer;
use browser_use_client::types::CreateSessionRequest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads one response whose body has a `content-length` (or none).
async fn read_response(stream: &mut TcpStream) -> (String, String) {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).await.unwrap();
        bytes.push(byte[0]);
    }
    let head = String::from_utf8(bytes).unwrap();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .map_or(0, |n| n.trim().parse().unwrap());
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.unwrap();
    (head, String::from_utf8(body).unwrap())
}

#[tokio::test]
async fn keep_alive_chunked_bodies_and_head() {
    let server = FakeServer::start().await;
    let mock = server
        .create_session()
        .when(|body: &CreateSessionRequest| body.start_url.value().is_some())
        .respond_status(402);
    let mut stream = TcpStream::connect(server.uri().trim_start_matches("http://"))
        .await
        .unwrap();

    // A chunked body, in two chunks with an extension and a trailer.
    let body = r#"{"startUrl": "https://example.com"}"#;
    let (a, b) = body.split_at(10);
    let request = format!(
        "POST /sessions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n\
         {:x};ext=1\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\ntrailer: t\r\n\r\n",
        a.len(),
        b.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let (head, _) = read_response(&mut stream).await;
    assert!(head.starts_with("HTTP/1.1 402 "), "{head}");

    // The same connection: a body with a length that the matcher refuses.
    let body = "{}";
    let request = format!(
        "POST /sessions HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let (head, text) = read_response(&mut stream).await;
    assert!(head.starts_with("HTTP/1.1 404 "), "{head}");
    assert!(
        text.contains("no expectation matches POST /sessions"),
        "{text}"
    );
    assert!(text.contains("returned false"), "{text}");

    // A HEAD: the length of the 404's body, not the body.
    stream
        .write_all(b"HEAD /nowhere HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).await.unwrap();
        bytes.push(byte[0]);
    }
    let head = String::from_utf8(bytes).unwrap();
    assert!(head.starts_with("HTTP/1.1 404 "), "{head}");
    assert!(!head.contains("content-length: 0\r\n"), "{head}");

    assert_eq!(mock.hits(), 1);
    assert_eq!(
        mock.received()[0].body,
        br#"{"startUrl": "https://example.com"}"#
    );
    let received = server.received();
    assert_eq!(received.len(), 3);
    assert_eq!(received[2].method, "HEAD");
    assert_eq!(received[2].operation, None);
}
