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
                n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
        }

        pub fn request_line(&self) -> &str {
            self.head.lines().next().unwrap_or_default()
        }

        pub fn text(&self) -> String {
            String::from_utf8(self.body.clone()).unwrap()
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

    /// A response without a body.
    pub fn empty(status: u16) -> Vec<u8> {
        format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").into_bytes()
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
                let mut request = Request { head, body: Vec::new(), length: 0 };
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
                } else if request.header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
                    loop {
                        let mut size = String::new();
                        reader.read_line(&mut size).unwrap();
                        let size = u64::from_str_radix(size.trim().split(';').next().unwrap(), 16).unwrap();
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
                stream.write_all(&response).unwrap();
                stream.flush().unwrap();
            }
        });
        (url, rx)
    }
}
