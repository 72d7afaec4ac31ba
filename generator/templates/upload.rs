//! Files and other bytes sent as a binary request body or a multipart file
//! part, streamed: never read whole into memory.

use std::path::PathBuf;
use std::sync::Mutex;

/// Bytes to send: in memory, a file, or a stream, with an optional file
/// name and content type.
///
/// Retries: a request is sent again (as the client's
/// [`RetryPolicy`](crate::RetryPolicy) allows) only when its body can be
/// made again. Bytes are sent again as they are, a file is opened again
/// and read from its start; a stream is read once: a request whose body is
/// (or whose multipart parts include) a stream is never retried, and
/// sending the same `Upload` a second time is refused with
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
pub struct Upload {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum Source {
    Bytes(bytes::Bytes),
    Path(PathBuf),
    Stream(Mutex<Option<reqwest::Body>>),
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Bytes(b) => format!("{} bytes", b.len()),
            Source::Path(p) => format!("file {}", p.display()),
            Source::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Upload {
    /// Bytes in memory (a `Vec<u8>`, a `&'static [u8]`, a `String`, `bytes::Bytes`).
    pub fn bytes(bytes: impl Into<bytes::Bytes>) -> Self {
        Self::of(Source::Bytes(bytes.into()))
    }

    /// A file, opened when the request is sent (again for each retry) and
    /// streamed from disk; its file name is the path's last component.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Self {
            file_name,
            ..Self::of(Source::Path(path))
        }
    }

    /// A stream (e.g. `reqwest::Body::wrap_stream(..)`, or a
    /// `tokio::fs::File`), sent once: never retried.
    pub fn stream(body: impl Into<reqwest::Body>) -> Self {
        Self::of(Source::Stream(Mutex::new(Some(body.into()))))
    }

    fn of(source: Source) -> Self {
        Self {
            source,
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with a multipart file part.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The content type sent with it, instead of the one the spec gives
    /// (or `application/octet-stream`).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    #[allow(dead_code)]
    pub(crate) fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    #[allow(dead_code)]
    pub(crate) fn media(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body to send, and its length when known; an error message when
    /// the file cannot be opened or the stream was sent already.
    pub(crate) fn body(&self) -> Result<(reqwest::Body, Option<u64>), String> {
        match &self.source {
            Source::Bytes(bytes) => {
                let length = u64::try_from(bytes.len()).ok();
                Ok((reqwest::Body::from(bytes.clone()), length))
            }
            Source::Path(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                let length = file.metadata().ok().map(|m| m.len());
                Ok((reqwest::Body::from(tokio::fs::File::from_std(file)), length))
            }
            Source::Stream(stream) => stream
                .lock()
                .ok()
                .and_then(|mut s| s.take())
                .map(|body| (body, None))
                .ok_or_else(|| "the stream was sent already: a stream is sent once".to_owned()),
        }
    }
}

impl Upload {
    /// `request` with this upload as its body: its content type (else
    /// `spec_type`, when it names one type, else `application/octet-stream`)
    /// and its length when known.
    #[allow(dead_code)]
    pub(crate) fn attach<E>(
        &self,
        operation: &'static str,
        request: reqwest::RequestBuilder,
        spec_type: &str,
    ) -> Result<reqwest::RequestBuilder, crate::Error<E>> {
        let (body, length) = self.body().map_err(|message| {
            crate::Error::InvalidRequest(crate::InvalidRequest {
                operation,
                errors: vec![crate::FieldError {
                    path: "body".to_owned(),
                    message,
                }],
            })
        })?;
        let spec_type = Some(spec_type).filter(|t| !t.contains('*') && !t.contains(','));
        let media = self
            .media()
            .or(spec_type)
            .unwrap_or("application/octet-stream");
        let mut request = request
            .header(reqwest::header::CONTENT_TYPE, media)
            .body(body);
        if let Some(length) = length {
            request = request.header(reqwest::header::CONTENT_LENGTH, length);
        }
        Ok(request)
    }
}
