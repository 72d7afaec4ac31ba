// A loopback HTTP/1.1 server for the tests run inside fixture crates:
// std only, one connection per response (`connection: close`), requests
// read exactly as they arrive (`content-length` or chunked bodies).
#[allow(dead_code)]
mod loopback {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::mpsc;

    pub struct Request {
        pub head: String,
        /// The body's bytes, or nothing when the server only counted them.
        pub body: Vec<u8>,
        /// How many bytes the body had.
        pub length: u64,
    }

    impl Request {
        pub fn header(&self, name: &str) -> Option<String> {
            self.head.lines().skip(1).find_map(|line| {
                let (n, v) = line.split_once(':')?;
                n.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        }

        pub fn request_line(&self) -> &str {
            self.head.lines().next().unwrap_or_default()
        }

        pub fn text(&self) -> String {
            String::from_utf8(self.body.clone()).unwrap()
        }

        /// The parts of a `multipart/form-data` body, parsed at the
        /// boundary its content type names: (headers, bytes) each.
        pub fn parts(&self) -> Vec<(String, Vec<u8>)> {
            let content_type = self.header("content-type").unwrap();
            let boundary = content_type
                .split("boundary=")
                .nth(1)
                .unwrap()
                .trim_matches('"');
            let delimiter = format!("--{boundary}");
            let body = &self.body;
            let find = |from: usize, what: &[u8]| {
                body[from..]
                    .windows(what.len())
                    .position(|w| w == what)
                    .map(|p| p + from)
            };
            let mut parts = Vec::new();
            let mut at = find(0, delimiter.as_bytes()).unwrap() + delimiter.len();
            loop {
                if body[at..].starts_with(b"--") {
                    assert_eq!(
                        &body[at..],
                        b"--\r\n",
                        "the closing delimiter ends the body"
                    );
                    break;
                }
                assert!(body[at..].starts_with(b"\r\n"));
                let head_end = find(at, b"\r\n\r\n").unwrap();
                let head = String::from_utf8(body[at + 2..head_end].to_vec()).unwrap();
                let next = find(head_end, format!("\r\n{delimiter}").as_bytes()).unwrap();
                parts.push((head, body[head_end + 4..next].to_vec()));
                at = next + 2 + delimiter.len();
            }
            parts
        }
    }

    /// A response with a body and its content type.
    pub fn response(status: u16, content_type: &str, body: &str) -> Vec<u8> {
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    /// A JSON response with headers of its own.
    pub fn json_with(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
        let headers: String = headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}\r\n"))
            .collect();
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Vec<u8> {
        format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .into_bytes()
    }

    /// A success of `length` bytes (each `7`), written as it is made.
    pub fn large(length: u64) -> Vec<u8> {
        format!("LARGE {length}").into_bytes()
    }

    /// The peak resident memory of this process, in bytes (`VmHWM`).
    pub fn peak_memory() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kb * 1024
    }

    /// Answers one connection after another with `responses`, in order;
    /// each request read is sent on the channel (its body kept when `keep`).
    pub fn serve(responses: Vec<Vec<u8>>, keep: bool) -> (String, mpsc::Receiver<Request>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for response in responses {
                let (mut stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                        break;
                    }
                    head.push_str(&line);
                }
                let mut request = Request {
                    head,
                    body: Vec::new(),
                    length: 0,
                };
                let take = |reader: &mut BufReader<_>, mut n: u64, request: &mut Request| {
                    let mut buf = vec![0u8; 64 * 1024];
                    while n > 0 {
                        let want = usize::try_from(n.min(buf.len() as u64)).unwrap();
                        reader.read_exact(&mut buf[..want]).unwrap();
                        if keep {
                            request.body.extend_from_slice(&buf[..want]);
                        }
                        request.length += want as u64;
                        n -= want as u64;
                    }
                };
                if let Some(len) = request.header("content-length") {
                    take(&mut reader, len.parse().unwrap(), &mut request);
                } else if request
                    .header("transfer-encoding")
                    .is_some_and(|t| t.contains("chunked"))
                {
                    loop {
                        let mut size = String::new();
                        reader.read_line(&mut size).unwrap();
                        let size = u64::from_str_radix(size.trim().split(';').next().unwrap(), 16)
                            .unwrap();
                        if size > 0 {
                            take(&mut reader, size, &mut request);
                        }
                        let mut crlf = String::new();
                        reader.read_line(&mut crlf).unwrap();
                        if size == 0 {
                            break;
                        }
                    }
                }
                tx.send(request).unwrap();
                if let Some(length) = response.strip_prefix(b"LARGE ") {
                    let length: u64 = std::str::from_utf8(length).unwrap().parse().unwrap();
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n");
                    stream.write_all(head.as_bytes()).unwrap();
                    let chunk = vec![7u8; 64 * 1024];
                    let mut left = length;
                    while left > 0 {
                        let n = usize::try_from(left.min(chunk.len() as u64)).unwrap();
                        if stream.write_all(&chunk[..n]).is_err() {
                            break;
                        }
                        left -= n as u64;
                    }
                } else {
                    stream.write_all(&response).unwrap();
                }
                stream.flush().unwrap();
            }
        });
        (url, rx)
    }
}
