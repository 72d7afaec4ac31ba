//! Webhooks and callbacks: the requests the API sends to the user's
//! server, which the generated `webhooks` module decodes.

use super::{pointer, Body, Method};
use crate::diag::Pointer;
use serde::Serialize;

/// A request the API sends to the user's server, which the `webhooks`
/// module decodes: a webhook (OpenAPI 3.1 `webhooks`, or a 3.0 document's
/// `x-webhooks`) or a callback of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
    pub kind: WebhookKind,
    /// What `Event::decode` is given to pick this event: the webhook's name,
    /// or `{operationId}.{callback name}` for a callback.
    pub key: String,
    pub method: Method,
    /// The variant of the `Event` enum, e.g. `NewPet`.
    pub variant: String,
    /// Its own decoding function in the module, e.g. `decode_new_pet`.
    pub decode_fn: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The request body the sender documents; `None` without one.
    pub payload: Option<Payload>,
    /// The headers the sender documents (a signature, an event id).
    pub headers: Vec<WebhookHeader>,
    /// The answers the sender expects from the receiver, in ascending order.
    pub responses: Vec<WebhookResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum WebhookKind {
    /// An entry of `webhooks`, by its name.
    Webhook { name: String },
    /// A callback of an operation, sent to the URL its runtime expression
    /// names (which the user gave in the operation's request).
    Callback {
        operation_id: String,
        /// The operation's client method, e.g. `subscribe`.
        method_name: String,
        name: String,
        expression: String,
    },
}

/// The body of a webhook request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payload {
    /// The media type the sender documents, e.g. `application/json`.
    pub media: String,
    /// How it is decoded.
    pub body: Body,
    pub required: bool,
    pub description: Option<String>,
}

/// A header the sender of a webhook documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookHeader {
    pub name: String,
    pub required: bool,
    pub description: Option<String>,
}

/// An answer the sender of a webhook expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookResponse {
    /// `200`, `2XX` or `default`, as the spec writes it.
    pub status: String,
    pub description: String,
}
