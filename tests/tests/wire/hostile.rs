// A hostile HTTP/1.1 server on loopback (tokio), for the tests of the
// bounds on what a server sends: after reading a request it writes a head,
// then one piece again and again (a chunk of a body that never ends, a
// header, a line of an event), until the client drops the connection. It
// counts the bytes it managed to write: what the client could have held is
// at most that, so a small count is the proof that the client stopped
// reading early (the kernel's socket buffers hold the rest of the count).
#[allow(dead_code)]
mod hostile {
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpSocket, TcpStream};

    /// The most a plan writes after its head: far more than any bound a
    /// test sets, so that a client that does not stop is seen (the count
    /// reaches it) rather than waited for forever.
    pub const CAP: u64 = 256 * 1024 * 1024;

    /// What the server sends: `head` once, then `piece` until the client
    /// goes (or [`CAP`] bytes), waiting `pause` between pieces; an empty
    /// `piece` makes `head` the whole response.
    pub struct Plan {
        pub head: Vec<u8>,
        pub piece: Vec<u8>,
        pub pause: Duration,
    }

    impl Plan {
        /// A response head (status line and headers, with the blank line
        /// that ends them), then `piece` without end.
        pub fn new(head: &str, piece: impl Into<Vec<u8>>) -> Self {
            Plan {
                head: head.as_bytes().to_vec(),
                piece: piece.into(),
                pause: Duration::ZERO,
            }
        }

        /// A status and headers, with a body of `piece`s in chunked
        /// transfer encoding that never ends.
        pub fn chunked(status: u16, content_type: &str, piece: &[u8]) -> Self {
            let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
            chunk.extend_from_slice(piece);
            chunk.extend_from_slice(b"\r\n");
            Plan::new(
                &format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n"
                ),
                chunk,
            )
        }

        pub fn pause(mut self, pause: Duration) -> Self {
            self.pause = pause;
            self
        }
    }

    /// What the server did on a connection.
    #[derive(Debug)]
    pub struct Served {
        /// Bytes written after the head before the client went.
        pub written: u64,
        /// Whether the client went (rather than the server stopping at [`CAP`]).
        pub dropped: bool,
    }

    /// Serves `plan` on one connection; its base URL, and what it did.
    pub async fn serve(plan: Plan) -> (String, tokio::task::JoinHandle<Served>) {
        let socket = TcpSocket::new_v4().unwrap();
        // A small send buffer, inherited by the connection: what is
        // counted as written is what the client read, and little more.
        socket.set_send_buffer_size(8 * 1024).unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(16).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            drop(listener);
            read_request(&mut stream).await;
            if stream.write_all(&plan.head).await.is_err() {
                return Served {
                    written: 0,
                    dropped: true,
                };
            }
            let mut written = 0u64;
            // No piece: the head was the whole response.
            while written < CAP && !plan.piece.is_empty() {
                if !plan.pause.is_zero() {
                    tokio::time::sleep(plan.pause).await;
                }
                // The whole piece, counting what the client took of it.
                let mut at = 0;
                while at < plan.piece.len() {
                    match stream.write(&plan.piece[at..]).await {
                        Ok(0) | Err(_) => {
                            return Served {
                                written,
                                dropped: true,
                            }
                        }
                        Ok(n) => {
                            at += n;
                            written += n as u64;
                        }
                    }
                }
            }
            Served {
                written,
                dropped: false,
            }
        });
        (url, handle)
    }

    /// Reads a request's head and its body (by `content-length`).
    async fn read_request(stream: &mut TcpStream) {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        let end = loop {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "the client closed before its request ended");
            seen.extend_from_slice(&buf[..n]);
            if let Some(at) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
        };
        let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        let mut have = seen.len() - end;
        while have < length {
            have += stream.read(&mut buf).await.unwrap();
        }
    }
}
