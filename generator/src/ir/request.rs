//! Request bodies: the body's type and how it is written on the wire
//! (JSON, form, multipart, binary, text).

use super::{is_false, pointer, TypeRef};
use crate::diag::Pointer;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    pub ty: TypeRef,
    /// How the body is written on the wire; JSON unless the spec offers no
    /// JSON media type (left out of the model's snapshots when JSON).
    #[serde(skip_serializing_if = "RequestMedia::is_json")]
    pub media: RequestMedia,
    /// The body in another media type than the operation's first choice,
    /// sent by a method of its own (`create_image_multipart`).
    #[serde(skip_serializing_if = "is_false")]
    pub alternative: bool,
    pub required: bool,
    pub description: Option<String>,
    /// The `default` the spec gives beside the body's schema (documentation only).
    pub default: Option<Value>,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

/// How a request body is written on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RequestMedia {
    /// `application/json` (or `+json`): the body's type, serialised.
    Json,
    /// `application/x-www-form-urlencoded`: the body's properties as
    /// `name=value` pairs, encoded as the WHATWG URL standard says.
    Form {
        /// The properties the spec's `encoding` object names, in its order.
        encoding: Vec<FormEncoding>,
    },
    /// `multipart/form-data`: one part per property of a struct of its own,
    /// beside the client, whose binary properties are `Upload`s.
    Multipart {
        /// The struct, e.g. `CreateFileMultipart`.
        type_name: String,
        parts: Vec<MultipartPart>,
    },
    /// Raw bytes (`application/octet-stream`, `image/png`, any binary or
    /// untyped schema): an `Upload`, streamed.
    Binary {
        /// The media type the spec gives, sent unless the upload names its own.
        content_type: String,
    },
    /// `text/*` with a string schema: a `String`.
    Text { content_type: String },
    /// A sequence of JSON texts (JSON Lines, NDJSON, JSON text sequences):
    /// the items (of the body's type), one per line or record.
    Items {
        content_type: String,
        framing: super::Framing,
    },
}

/// A part of a `multipart/form-data` body: a field of its struct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MultipartPart {
    /// The part's name on the wire.
    pub name: String,
    /// The Rust field, e.g. `file`.
    pub field: String,
    pub kind: PartKind,
    pub required: bool,
    /// The `encoding.contentType` the spec gives for this part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What a multipart part holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PartKind {
    /// A file (`format: binary`): an `Upload`.
    File,
    /// An array of files: one part per `Upload`, all of the same name.
    Files,
    /// Any other value: text for strings, numbers and booleans, JSON for
    /// objects; an array is one part per item.
    Value(TypeRef),
}

impl RequestBody {
    /// The types of a multipart body's value parts.
    pub fn part_types(&self) -> impl Iterator<Item = &TypeRef> {
        let parts = match &self.media {
            RequestMedia::Multipart { parts, .. } => parts.as_slice(),
            _ => &[],
        };
        parts.iter().filter_map(|p| match &p.kind {
            PartKind::Value(t) => Some(t),
            _ => None,
        })
    }
}

impl RequestMedia {
    pub fn is_json(&self) -> bool {
        matches!(self, RequestMedia::Json)
    }
}

/// How one property of a form body is written (its `encoding` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormEncoding {
    /// The property's name on the wire.
    pub name: String,
    pub style: FormStyle,
    /// Arrays as repeated pairs and objects as one pair per property
    /// (`true`), or one pair with the values joined (`false`).
    pub explode: bool,
    /// `contentType: application/json` (or `+json`): the value is sent as JSON text.
    pub json: bool,
    /// The `contentType` the spec gives, when it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// The `style` of a form body's property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}
