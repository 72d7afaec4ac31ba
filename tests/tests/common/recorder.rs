// A loopback HTTP/1.1 server that records the bytes of each request, for
// the wire tests run inside a fixture's crate (`compile.rs` includes this
// text into them; it is not a module of this crate).

use std::io::{BufRead, BufReader, Write};
use std::sync::{Arc, Mutex};

/// The requests received: the request line, then the header lines sorted
/// (their order is the HTTP stack's business), lower case names as sent.
type Received = Arc<Mutex<Vec<Vec<String>>>>;

fn recorder() -> (String, Received) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received: Received = Arc::default();
    let log = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let request_line = line.trim_end().to_owned();
            let mut headers = Vec::new();
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                headers.push(line.trim_end().to_owned());
            }
            headers.sort();
            let mut request = vec![request_line];
            request.extend(headers);
            log.lock().unwrap().push(request);
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .unwrap();
        }
    });
    (url, received)
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// The one request received since the last call, emptied.
fn take_one(received: &Received) -> Vec<String> {
    let mut all = received.lock().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

/// The request's lines with credentials: its request line (the query),
/// and its `authorization`, `cookie` and key headers.
fn credentials(request: &[String]) -> Vec<String> {
    let mut out = vec![request[0].clone()];
    out.extend(
        request[1..]
            .iter()
            .filter(|h| {
                let h = h.to_ascii_lowercase();
                h.starts_with("authorization:") || h.starts_with("cookie:") || h.starts_with("x-api-key:") || h.starts_with("api-key:")
            })
            .cloned(),
    );
    out
}
