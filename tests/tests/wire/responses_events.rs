use fixture_responses_events_3_1::types::{
    CompletionChunk, CreateCompletionBody, WatchJobResponseEvent,
};
use fixture_responses_events_3_1::{Client, Event, EventError};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// Answers one request with an event stream written in `pieces`, each after
/// the test sends on the returned channel (the first at once).
fn stream_server(pieces: Vec<&'static str>) -> (String, mpsc::Sender<()>) {
    stream_server_seeing(pieces).0
}

/// [`stream_server`], and the head of the request it reads.
fn stream_server_seeing(
    pieces: Vec<&'static str>,
) -> ((String, mpsc::Sender<()>), mpsc::Receiver<String>) {
    let (heads, seen) = mpsc::channel();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (release, released) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            head.push_str(&line);
            line.clear();
        }
        heads.send(head).ok();
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 && released.recv().is_err() {
                return;
            }
            stream.write_all(piece.as_bytes()).unwrap();
            stream.flush().unwrap();
        }
    });
    ((url, release), seen)
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn events_arrive_before_the_response_ends_and_decode_as_the_schema_says() {
    let (url, release) = stream_server(vec![
        "\u{feff}: a comment\r\nretry: 1500\r\nid: 1\r\nevent: progress\r\ndata: {\"percent\":10}\r\n\r\n",
        "data: {\"percent\":\ndata:100}\n\nid: 2\rdata: [DONE]\r\r",
        "data: an unfinished event is dropped",
    ]);
    let mut events = client(&url).watch_job("j").await.unwrap();
    // The server holds the rest of the stream until this event is read.
    let first = events.next_event().await.unwrap().unwrap();
    assert_eq!(
        first,
        Event {
            event: "progress".into(),
            id: Some("1".into()),
            data: WatchJobResponseEvent {
                percent: 10,
                note: None,
                additional: Default::default(),
            },
        }
    );
    assert_eq!(events.retry(), Some(Duration::from_millis(1500)));
    release.send(()).unwrap();
    let second = events.next_event().await.unwrap().unwrap();
    assert_eq!(second.event, "message");
    assert_eq!(second.data.percent, 100);
    match events.next_event().await.unwrap() {
        Err(EventError::Decode { event, data, .. }) => {
            assert_eq!((event.as_str(), data.as_str()), ("message", "[DONE]"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(events.last_event_id(), Some("2"));
    release.send(()).unwrap();
    assert!(events.next_event().await.is_none());
}

#[tokio::test]
async fn a_crlf_split_between_chunks_ends_one_line() {
    let (url, release) = stream_server(vec!["data: a\r", "\ndata: b\r\n", "\r\n", ": bye\n"]);
    let mut events = client(&url).tail_logs().await.unwrap();
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(30));
        release.send(()).unwrap();
    }
    let event = events.next_event().await.unwrap().unwrap();
    assert_eq!(event.data, "a\nb");
    assert_eq!(event.id, None);
    assert!(events.next_event().await.is_none());
}

#[tokio::test]
async fn the_stream_method_asks_for_events() {
    let ((url, _release), heads) = stream_server_seeing(vec![
        "data: {\"delta\":\"Hel\"}\n\ndata: {\"delta\":\"lo\"}\n\n",
    ]);
    let body = CreateCompletionBody {
        prompt: "hi".into(),
        stream: Some(true),
        additional: Default::default(),
    };
    let mut events = client(&url).create_completion_stream(&body).await.unwrap();
    let head = heads.recv().unwrap().to_ascii_lowercase();
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
    let mut text = String::new();
    while let Some(event) = events.next_event().await {
        let CompletionChunk { delta, .. } = event.unwrap().data;
        text.push_str(&delta);
    }
    assert_eq!(text, "Hello");
}

// Bounds: an event is held up to the call's bound (a small one here), and
// one larger ends the stream with `EventError::TooLarge`; the stream, event
// after event, has none. The hostile server (`wire/hostile.rs`) counts what
// it managed to write before the client dropped the connection.

const EVENTS_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";

/// What the kernel's socket buffers and the HTTP library's read buffer
/// hold beyond what the client read (see the Browser Use client's
/// `bounds.rs`); a client that kept reading would reach `hostile::CAP`.
const SLACK: u64 = 256 * 1024;

async fn dropped_after_at_most(server: tokio::task::JoinHandle<hostile::Served>, most: u64) {
    let served = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the client dropped the connection")
        .unwrap();
    assert!(served.dropped, "{served:?}");
    assert!(served.written <= most, "{served:?}, more than {most}");
}

#[tokio::test]
async fn an_event_that_never_ends_is_too_large_and_ends_the_stream() {
    let limit = 64 * 1024;
    let head =
        format!("{EVENTS_HEAD}data: {{\"percent\":1}}\n\nid: 2\ndata: {{\"percent\":2}}\n\n");
    let (url, server) = hostile::serve(hostile::Plan::new(&head, "data: {\"percent\":3}\n")).await;
    let mut events = client(&url)
        .watch_job("j")
        .max_body_size(limit)
        .await
        .unwrap();
    // The events before it are given.
    for percent in [1, 2] {
        assert_eq!(
            events.next_event().await.unwrap().unwrap().data.percent,
            percent
        );
    }
    match events.next_event().await {
        Some(Err(error @ EventError::TooLarge { limit: 65536 })) => assert_eq!(
            error.to_string(),
            "a server-sent event is larger than the limit of 65536 bytes; raise it with \
             `ClientBuilder::max_body_size` or the call's `.max_body_size(..)`"
        ),
        other => panic!("{other:?}"),
    }
    assert!(events.next_event().await.is_none());
    assert_eq!(events.last_event_id(), Some("2"));
    drop(events);
    dropped_after_at_most(server, limit + SLACK).await;
}

#[tokio::test]
async fn a_line_that_never_ends_is_too_large_by_the_clients_bound() {
    let head = format!("{EVENTS_HEAD}data: ");
    let (url, server) = hostile::serve(hostile::Plan::new(&head, vec![b'x'; 16 * 1024])).await;
    let client = Client::builder()
        .base_url(&url)
        .max_retries(0)
        .max_body_size(1000)
        .build()
        .unwrap();
    let mut events = client.tail_logs().await.unwrap();
    assert!(matches!(
        events.next_event().await,
        Some(Err(EventError::TooLarge { limit: 1000 }))
    ));
    assert!(events.next_event().await.is_none());
    drop(events);
    dropped_after_at_most(server, 1000 + SLACK).await;
}

#[tokio::test]
async fn events_one_after_another_have_no_bound() {
    let limit = 1024;
    let (url, server) =
        hostile::serve(hostile::Plan::new(EVENTS_HEAD, "data: {\"percent\":7}\n\n")).await;
    let mut events = client(&url)
        .watch_job("j")
        .max_body_size(limit)
        .await
        .unwrap();
    // 20,000 events of 21 bytes: 400 times the bound.
    for _ in 0..20_000 {
        assert_eq!(events.next_event().await.unwrap().unwrap().data.percent, 7);
    }
    drop(events);
    let served = server.await.unwrap();
    assert!(
        served.dropped && served.written >= 20_000 * 21,
        "{served:?}"
    );
}
