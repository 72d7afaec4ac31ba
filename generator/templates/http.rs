//! Sending requests and reading responses, shared by every operation.

use crate::error::{ApiError, DecodeError, Error, FieldError, InvalidRequest};

/// A response read in full.
pub(crate) struct Received {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Serialises a JSON request body.
#[allow(dead_code)]
pub(crate) fn json_body<T: serde::Serialize, E>(
    operation: &'static str,
    body: &T,
) -> Result<Vec<u8>, Error<E>> {
    serde_json::to_vec(body).map_err(|e| {
        Error::InvalidRequest(InvalidRequest {
            operation,
            errors: vec![FieldError {
                path: "body".to_owned(),
                message: e.to_string(),
            }],
        })
    })
}

/// Sends the request and reads the whole response.
pub(crate) async fn send<E>(
    operation: &'static str,
    request: reqwest::RequestBuilder,
) -> Result<Received, Error<E>> {
    let response = request
        .send()
        .await
        .map_err(|e| transport_error(operation, e))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(operation, e))?;
    Ok(Received {
        status,
        headers,
        body: Vec::from(body),
    })
}

pub(crate) fn transport_error<E>(operation: &'static str, source: reqwest::Error) -> Error<E> {
    if source.is_timeout() {
        Error::Timeout { operation, source }
    } else {
        Error::Transport { operation, source }
    }
}

/// Decodes a success body into `T`.
pub(crate) fn decode<T: serde::de::DeserializeOwned, E>(
    operation: &'static str,
    expected: &'static str,
    response: Received,
) -> Result<T, Error<E>> {
    serde_json::from_slice(&response.body).map_err(|source| {
        Error::Decode(DecodeError {
            operation,
            status: response.status,
            expected,
            body: String::from_utf8_lossy(&response.body).into_owned(),
            source,
        })
    })
}

/// Builds the error for a non-success response; `kind` maps the status and
/// the parsed JSON body to the operation's documented error, if any.
pub(crate) fn api_error<E>(
    operation: &'static str,
    response: Received,
    kind: impl FnOnce(u16, Option<&serde_json::Value>) -> Option<E>,
) -> Error<E> {
    let json: Option<serde_json::Value> = serde_json::from_slice(&response.body).ok();
    let kind = kind(response.status.as_u16(), json.as_ref());
    Error::Api(Box::new(ApiError {
        operation,
        status: response.status,
        headers: response.headers,
        body: String::from_utf8_lossy(&response.body).into_owned(),
        json,
        kind,
    }))
}

/// The documented body of an error response, when the JSON matches its schema.
#[allow(dead_code)]
pub(crate) fn typed<T: serde::de::DeserializeOwned>(json: Option<&serde_json::Value>) -> Option<T> {
    json.and_then(|v| T::deserialize(v).ok())
}
