//! Requests the API sends to your server: its webhooks, and the callbacks
//! of its operations (sent to a URL you gave in the operation's request).
//!
//! Your HTTP server (axum, actix-web, hyper, anything) receives the request;
//! this module turns what it gives you, the webhook's name (from your
//! route), the method, the `Content-Type` header and the body's bytes, into
//! a typed [`Event`] with [`Event::decode`], or decodes one webhook's body
//! with its own `decode_*` function. Nothing here reads the network, and
//! no signature is checked: verify the headers the sender documents (listed
//! on each variant) before trusting the body.
//!
//! A `Content-Type` other than the documented one is rejected
//! ([`WebhookError::UnsupportedContentType`]); a request without one is read
//! as the documented type. Bodies are checked against the spec's
//! constraints where the crate's types carry them (types also sent in
//! requests); the server's data is otherwise taken as it comes, as for
//! responses.
#![allow(dead_code)]

use crate::error::FieldError;
use std::fmt;

/// Why an incoming request could not be decoded. Answer `404` for
/// [`WebhookError::UnknownWebhook`], `415` for
/// [`WebhookError::UnsupportedContentType`] and `400` for the others
/// ([`WebhookError::status`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// No webhook or callback of the API has this name and method.
    UnknownWebhook { name: String, method: String },
    /// The `Content-Type` is not the one the spec documents.
    UnsupportedContentType {
        webhook: &'static str,
        expected: &'static str,
        found: String,
    },
    /// The spec requires a body and the request has none.
    MissingBody { webhook: &'static str },
    /// The body is not what the spec describes.
    InvalidBody {
        webhook: &'static str,
        /// The body on one line, shortened to its first 200 characters.
        body: String,
        source: BodyError,
    },
    /// The body breaks constraints of the spec; every violation is listed.
    Invalid {
        webhook: &'static str,
        errors: Vec<FieldError>,
    },
}

/// What is wrong with a body that could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// JSON that does not match the payload's type.
    Json(serde_json::Error),
    /// Text that is not UTF-8.
    Utf8(std::str::Utf8Error),
}

impl WebhookError {
    /// The webhook concerned, when one was recognised.
    pub fn webhook(&self) -> Option<&'static str> {
        match self {
            WebhookError::UnknownWebhook { .. } => None,
            WebhookError::UnsupportedContentType { webhook, .. }
            | WebhookError::MissingBody { webhook }
            | WebhookError::InvalidBody { webhook, .. }
            | WebhookError::Invalid { webhook, .. } => Some(webhook),
        }
    }

    /// The status to answer the sender with: `404`, `415` or `400`.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::UnknownWebhook { .. } => 404,
            WebhookError::UnsupportedContentType { .. } => 415,
            _ => 400,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::UnknownWebhook { name, method } => {
                write!(f, "no webhook `{name}` is sent with method {method}")
            }
            WebhookError::UnsupportedContentType {
                webhook,
                expected,
                found,
            } => write!(
                f,
                "{webhook}: content type `{found}` is not the documented `{expected}`"
            ),
            WebhookError::MissingBody { webhook } => write!(f, "{webhook}: the body is missing"),
            WebhookError::InvalidBody { webhook, body, .. } => {
                write!(f, "{webhook}: the body is not what the spec describes: {body}")
            }
            WebhookError::Invalid { webhook, errors } => {
                write!(f, "{webhook}: invalid body: ")?;
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    e.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::InvalidBody {
                source: BodyError::Json(e),
                ..
            } => Some(e),
            WebhookError::InvalidBody {
                source: BodyError::Utf8(e),
                ..
            } => Some(e),
            _ => None,
        }
    }
}

/// The media type without its parameters, in lower case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether `found` is the documented media type (or matches its wildcard,
/// `image/*`); a request without a `Content-Type` is taken as documented.
fn check_content_type(
    webhook: &'static str,
    expected: &'static str,
    found: Option<&str>,
) -> Result<(), WebhookError> {
    let Some(found) = found else {
        return Ok(());
    };
    let (want, got) = (essence(expected), essence(found));
    let matches = want == got
        || want == "*/*"
        || want
            .strip_suffix("/*")
            .is_some_and(|kind| got.split('/').next() == Some(kind));
    if matches {
        Ok(())
    } else {
        Err(WebhookError::UnsupportedContentType {
            webhook,
            expected,
            found: found.to_owned(),
        })
    }
}

/// The body, or `None` when it is empty; an error when it is required.
fn present<'b>(
    webhook: &'static str,
    body: &'b [u8],
    required: bool,
) -> Result<Option<&'b [u8]>, WebhookError> {
    match (body.is_empty(), required) {
        (false, _) => Ok(Some(body)),
        (true, true) => Err(WebhookError::MissingBody { webhook }),
        (true, false) => Ok(None),
    }
}

fn json<T: serde::de::DeserializeOwned>(
    webhook: &'static str,
    expected: &'static str,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, WebhookError> {
    check_content_type(webhook, expected, content_type)?;
    let body = present(webhook, body, true)?.unwrap_or_default();
    serde_json::from_slice(body).map_err(|e| WebhookError::InvalidBody {
        webhook,
        body: crate::error::excerpt(&String::from_utf8_lossy(body)),
        source: BodyError::Json(e),
    })
}

fn optional_json<T: serde::de::DeserializeOwned>(
    webhook: &'static str,
    expected: &'static str,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<T>, WebhookError> {
    if body.is_empty() {
        return Ok(None);
    }
    json(webhook, expected, content_type, body).map(Some)
}

fn text(
    webhook: &'static str,
    expected: &'static str,
    content_type: Option<&str>,
    body: &[u8],
    required: bool,
) -> Result<Option<String>, WebhookError> {
    check_content_type(webhook, expected, content_type)?;
    let Some(body) = present(webhook, body, required)? else {
        return Ok(None);
    };
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Some(text.to_owned())),
        Err(e) => Err(WebhookError::InvalidBody {
            webhook,
            body: crate::error::excerpt(&String::from_utf8_lossy(body)),
            source: BodyError::Utf8(e),
        }),
    }
}

fn bytes(
    webhook: &'static str,
    expected: &'static str,
    content_type: Option<&str>,
    body: &[u8],
    required: bool,
) -> Result<Option<Vec<u8>>, WebhookError> {
    check_content_type(webhook, expected, content_type)?;
    Ok(present(webhook, body, required)?.map(<[u8]>::to_vec))
}

/// Checks a decoded body against the spec's constraints.
fn validate<T: crate::validate::Validate>(
    webhook: &'static str,
    value: &T,
) -> Result<(), WebhookError> {
    let mut errors = Vec::new();
    value.validate(&crate::validate::Path::Root("body"), &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(WebhookError::Invalid { webhook, errors })
    }
}
