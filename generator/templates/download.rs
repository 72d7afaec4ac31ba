//! Binary response bodies, streamed: read chunk by chunk as they arrive,
//! never held whole unless you ask for it ([`ByteStream::bytes`]).

/// The body of a binary success response (`application/octet-stream`,
/// images, PDF, ...), not read yet.
///
/// The client's timeout (per attempt) runs until the body is read: set a
/// longer one, or none, in [`RequestOptions`](crate::RequestOptions) for a
/// large download. A download is not retried once its body has begun.
///
/// Unbounded by design: the bound of the bodies the client holds in memory
/// (`ClientBuilder::max_body_size`) does not apply here, since a stream is
/// read chunk by chunk and a download may rightly be larger. Reading it
/// chunk by chunk ([`ByteStream::chunk`], [`ByteStream::write_to`],
/// [`ByteStream::to_file`]) holds one chunk at a time; [`ByteStream::bytes`]
/// holds it whole, however large: check [`ByteStream::content_length`]
/// first, or count the chunks, when the server is not trusted.
pub struct ByteStream {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Body,
}

enum Body {
    /// Still arriving.
    Live(reqwest::Response),
    /// Read already (what is left of it).
    Read(Option<bytes::Bytes>),
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(response: &mut crate::http::Received) -> Self {
        let body = match response.unread.take() {
            Some(live) => Body::Live(live),
            None => Body::Read(Some(bytes::Bytes::from(std::mem::take(&mut response.body)))),
        };
        Self {
            status: response.status,
            headers: response.headers.clone(),
            body,
        }
    }

    /// The response's status.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response's headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The body's length, when the server sent it.
    pub fn content_length(&self) -> Option<u64> {
        match &self.body {
            Body::Live(response) => response.content_length(),
            Body::Read(rest) => rest
                .as_ref()
                .map_or(Some(0), |b| u64::try_from(b.len()).ok()),
        }
    }

    /// The next chunk of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        match &mut self.body {
            Body::Live(response) => response.chunk().await,
            Body::Read(rest) => Ok(rest.take().filter(|b| !b.is_empty())),
        }
    }

    /// Writes the whole body to `out`, chunk by chunk; the bytes written.
    pub async fn write_to<W>(mut self, out: &mut W) -> std::io::Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        while let Some(chunk) = self.chunk().await.map_err(std::io::Error::other)? {
            out.write_all(&chunk).await?;
            written += u64::try_from(chunk.len()).unwrap_or(u64::MAX);
        }
        out.flush().await?;
        Ok(written)
    }

    /// Writes the whole body to a file (created, or truncated); the bytes written.
    pub async fn to_file(self, path: impl AsRef<std::path::Path>) -> std::io::Result<u64> {
        let mut file = tokio::fs::File::create(path).await?;
        self.write_to(&mut file).await
    }

    /// The whole body, in memory, however large (see the type's documentation).
    pub async fn bytes(self) -> Result<bytes::Bytes, reqwest::Error> {
        match self.body {
            Body::Live(response) => response.bytes().await,
            Body::Read(rest) => Ok(rest.unwrap_or_default()),
        }
    }
}
