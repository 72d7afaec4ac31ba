// A loopback HTTP/1.1 server that answers each request as a closure says
// and records it, for the wire tests of renewable credentials run inside a
// fixture's crate (`compile.rs` includes this text into them; it is not a
// module of this crate).

/// The requests received: the request line and the header lines sorted
/// (without `host`), then the body.
type Exchanges = std::sync::Arc<std::sync::Mutex<Vec<(Vec<String>, String)>>>;

/// Answers each request with `answer(request line, sorted headers, body)`:
/// a status and a JSON body.
fn scripted(
    answer: impl Fn(&str, &[String], &str) -> (u16, String) + Send + Sync + 'static,
) -> (String, Exchanges) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let exchanges: Exchanges = Default::default();
    let log = exchanges.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let request_line = line.trim_end().to_owned();
            let mut headers = Vec::new();
            let mut length = 0;
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                let header = line.trim_end().to_owned();
                if let Some(n) = header.strip_prefix("content-length: ") {
                    length = n.parse().unwrap();
                }
                let name = header.split(':').next().unwrap_or("");
                if name != "host" && name != "user-agent" {
                    headers.push(header);
                }
            }
            headers.sort();
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let body = String::from_utf8(body).unwrap();
            let (status, reply) = answer(&request_line, &headers, &body);
            let mut request = vec![request_line];
            request.extend(headers);
            log.lock().unwrap().push((request, body));
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
                reply.len()
            );
            stream.write_all(response.as_bytes()).unwrap();
        }
    });
    (url, exchanges)
}

/// The requests received since the last call, emptied.
fn take(exchanges: &Exchanges) -> Vec<(Vec<String>, String)> {
    std::mem::take(&mut *exchanges.lock().unwrap())
}
