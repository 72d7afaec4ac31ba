use api::types::{LogEntry, LogEntryLevel};
use api::{Client, Error, ItemError};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// Answers one request with a body of `content_type` written in `pieces`,
/// each after the test sends on the returned channel (the first at once);
/// the body ends when the connection closes.
fn stream_server(content_type: &'static str, pieces: Vec<&'static [u8]>) -> (String, mpsc::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (release, released) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 && released.recv().is_err() {
                return;
            }
            stream.write_all(piece).unwrap();
            stream.flush().unwrap();
        }
    });
    (url, release)
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

/// The next item, failing (rather than hanging) if it does not come.
async fn next<T: serde::de::DeserializeOwned>(
    items: &mut api::ItemStream<T>,
) -> Option<Result<T, ItemError>> {
    tokio::time::timeout(Duration::from_secs(10), items.next_item())
        .await
        .expect("the item arrives while the server holds the rest")
}

#[tokio::test]
async fn items_arrive_while_the_server_holds_the_rest_of_the_stream() {
    let (url, release) = stream_server(
        "application/x-ndjson",
        vec![
            b"{\"level\":\"info\",\"message\":\"started\"}\n\r\n{\"level\":\"debug\",\"message\":\"a\",\"nullableNote\":null}\r\n",
            b"{\"level\":\"info\",\"message\":\"split ",
            b"across chunks\"}\nnot json\n\n{\"level\":\"error\",\"message\":\"last\",\"extra\":1}",
        ],
    );
    let mut items = client(&url).stream_logs().await.unwrap();
    assert_eq!(items.status(), 200);
    // The first two, before the server sends anything more.
    let first = next(&mut items).await.unwrap().unwrap();
    assert_eq!(first.level, LogEntryLevel::Info);
    assert_eq!(first.message, "started");
    let second = next(&mut items).await.unwrap().unwrap();
    assert_eq!(second.level, LogEntryLevel::Debug);
    assert!(second.nullable_note.is_null());
    release.send(()).unwrap();
    release.send(()).unwrap();
    assert_eq!(
        next(&mut items).await.unwrap().unwrap().message,
        "split across chunks"
    );
    // A line that is not JSON is an error of its own, with the line; the
    // stream goes on.
    match next(&mut items).await {
        Some(Err(error @ ItemError::Decode { .. })) => {
            let ItemError::Decode { line, .. } = &error else {
                unreachable!()
            };
            assert_eq!(line, "not json");
            assert!(
                error.to_string().starts_with("an item is not as the spec says (")
                    && error.to_string().ends_with("): not json"),
                "{error}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The last line, without its LF, at the end of the body; what the type
    // does not declare is kept.
    let last = next(&mut items).await.unwrap().unwrap();
    assert_eq!(last.message, "last");
    assert_eq!(last.additional["extra"], serde_json::json!(1));
    assert!(next(&mut items).await.is_none());
}

#[tokio::test]
async fn the_stream_asks_for_its_media_type() {
    let (url, requests) = loopback::serve(
        vec![loopback::response(200, "application/jsonl", "{\"level\":\"warn\",\"message\":\"x\"}\n")],
        true,
    );
    let mut items = client(&url).export_records("e1").await.unwrap();
    assert_eq!(next(&mut items).await.unwrap().unwrap().level, LogEntryLevel::Warn);
    assert!(next(&mut items).await.is_none());
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "GET /exports/e1 HTTP/1.1");
    assert_eq!(request.header("accept").as_deref(), Some("application/jsonl"));
}

#[tokio::test]
async fn a_json_text_sequence_is_decoded_record_by_record() {
    let (url, release) = stream_server(
        "application/json-seq",
        vec![
            b"\x1e{\"seq\":1,\"price\":1.5}\n",
            b"\x1e{\n  \"seq\": 2\n}\n\x1e{\"seq\":\n\x1e  {\"seq\":3}\n\x1e{\"seq\":4}",
        ],
    );
    let mut ticks = client(&url).stream_ticks().await.unwrap();
    // The first record ends at its LF, before the next 0x1E arrives.
    let first = next(&mut ticks).await.unwrap().unwrap();
    assert_eq!((first.seq, first.price), (1, Some(1.5)));
    release.send(()).unwrap();
    // A record written over several lines.
    assert_eq!(next(&mut ticks).await.unwrap().unwrap().seq, 2);
    // A truncated record (RFC 7464 § 2.3): an error, and the next one is read.
    match next(&mut ticks).await {
        Some(Err(ItemError::Decode { line, .. })) => assert_eq!(line, "{\"seq\":"),
        other => panic!("{other:?}"),
    }
    assert_eq!(next(&mut ticks).await.unwrap().unwrap().seq, 3);
    assert_eq!(next(&mut ticks).await.unwrap().unwrap().seq, 4);
    assert!(next(&mut ticks).await.is_none());
}

#[tokio::test]
async fn items_are_sent_one_per_line_with_the_spec_s_media_type() {
    let (url, requests) = loopback::serve(vec![loopback::empty(204)], true);
    let mut second = LogEntry::new(LogEntryLevel::Warn, "b\nc");
    second.nullable_note = api::Nullable::Null;
    client(&url)
        .ingest_logs(&[LogEntry::new(LogEntryLevel::Info, "a"), second])
        .await
        .unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "POST /logs HTTP/1.1");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/x-ndjson")
    );
    assert_eq!(
        request.text(),
        "{\"level\":\"info\",\"message\":\"a\"}\n{\"level\":\"warn\",\"message\":\"b\\nc\",\"nullableNote\":null}\n"
    );
}

#[tokio::test]
async fn each_item_sent_is_checked_before_anything_is_sent() {
    let long = "x".repeat(201);
    let error = client("http://127.0.0.1:9")
        .ingest_logs(&[
            LogEntry::new(LogEntryLevel::Info, "fine"),
            LogEntry::new(LogEntryLevel::Info, long),
        ])
        .await
        .unwrap_err();
    match error {
        Error::InvalidRequest(invalid) => {
            assert_eq!(invalid.errors().len(), 1);
            assert_eq!(invalid.errors()[0].path(), "body[1].message");
        }
        other => panic!("{other:?}"),
    }
}

// Bounds: a line is held up to the call's bound, and one larger ends the
// stream with `ItemError::TooLarge`; the stream, line after line, has none.
// The hostile server (`wire/hostile.rs`) counts what it managed to write
// before the client dropped the connection.

const LINES_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\n\r\n";

/// What the kernel's socket buffers and the HTTP library's read buffer
/// hold beyond what the client read; a client that kept reading would
/// reach `hostile::CAP`.
const SLACK: u64 = 256 * 1024;

#[tokio::test]
async fn a_line_longer_than_the_bound_is_too_large_and_memory_stays_bounded() {
    let limit = 64 * 1024;
    let head = format!(
        "{LINES_HEAD}{{\"level\":\"info\",\"message\":\"before\"}}\n{{\"level\":\"info\",\"message\":\""
    );
    let (url, server) = hostile::serve(hostile::Plan::new(&head, vec![b'x'; 16 * 1024])).await;
    let mut items = client(&url)
        .stream_logs()
        .max_body_size(limit)
        .await
        .unwrap();
    // The item before it is given.
    assert_eq!(next(&mut items).await.unwrap().unwrap().message, "before");
    match next(&mut items).await {
        Some(Err(error @ ItemError::TooLarge { limit: 65536 })) => assert_eq!(
            error.to_string(),
            "an item's line is larger than the limit of 65536 bytes; raise it with \
             `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`"
        ),
        other => panic!("{other:?}"),
    }
    assert!(next(&mut items).await.is_none());
    drop(items);
    let served = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the client dropped the connection")
        .unwrap();
    assert!(served.dropped, "{served:?}");
    assert!(served.written <= limit + SLACK, "{served:?}");
}

#[tokio::test]
async fn lines_one_after_another_have_no_bound() {
    let limit = 1024;
    let line = "{\"level\":\"info\",\"message\":\"m\"}\n";
    let (url, server) = hostile::serve(hostile::Plan::new(LINES_HEAD, line)).await;
    let mut items = client(&url)
        .stream_logs()
        .max_body_size(limit)
        .await
        .unwrap();
    // 20,000 lines of 32 bytes: 600 times the bound.
    for _ in 0..20_000 {
        assert_eq!(next(&mut items).await.unwrap().unwrap().message, "m");
    }
    drop(items);
    let served = server.await.unwrap();
    assert!(
        served.dropped && served.written >= 20_000 * line.len() as u64,
        "{served:?}"
    );
}
