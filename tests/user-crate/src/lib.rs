//! A service of a user of the client: it opens a browser session on a
//! page, and tells a busy account (429) from a failure.

use browser_use_client::types::CreateSessionRequest;
use browser_use_client::{Client, CreateSessionError, Error, Nullable};

/// What the service reports.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A session was created.
    Started {
        id: String,
        live_url: Option<String>,
    },
    /// Too many sessions are active: the server's message.
    Busy(String),
}

/// Opens a browser session on `start_url`.
pub async fn open_browser(
    client: &Client,
    start_url: &str,
) -> Result<Outcome, Error<CreateSessionError>> {
    let request = CreateSessionRequest {
        start_url: Nullable::Value(start_url.to_owned()),
        ..CreateSessionRequest::default()
    };
    match client.create_session(&request).await {
        Ok(session) => Ok(Outcome::Started {
            id: session.id.to_string(),
            live_url: session.live_url.into_value(),
        }),
        Err(Error::Api(e)) if matches!(e.kind(), Some(CreateSessionError::TooManyRequests(_))) => {
            Ok(Outcome::Busy(e.message().unwrap_or_default()))
        }
        Err(e) => Err(e),
    }
}
