//! `multipart/form-data` request bodies: one part per property of the
//! operation's multipart struct, in the order of its fields.
//!
//! - a file ([`Upload`](crate::Upload)): its bytes, with its file name (the
//!   part's name when it has none) and content type (the upload's, else
//!   the spec's `encoding.contentType` when it names one type, else
//!   `application/octet-stream`);
//! - a string, number or boolean: a text part;
//! - an object: its JSON text, `application/json`;
//! - an array: one part per item, all of the property's name;
//! - an absent (`None`) or `null` property: no part.
//!
//! The boundary is reqwest's, random for each request.

use crate::error::{Error, FieldError, InvalidRequest};
use reqwest::multipart::Part;
use serde_json::Value;

/// The parts written so far; the first error refuses the request.
pub(crate) struct Parts<E> {
    operation: &'static str,
    form: reqwest::multipart::Form,
    error: Option<Error<E>>,
}

impl<E> Parts<E> {
    pub(crate) fn new(operation: &'static str) -> Self {
        Self {
            operation,
            form: reqwest::multipart::Form::new(),
            error: None,
        }
    }

    fn fail(&mut self, name: &str, message: String) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidRequest(InvalidRequest {
                operation: self.operation,
                errors: vec![FieldError {
                    path: format!("body.{name}"),
                    message,
                }],
            }));
        }
    }

    /// A file part.
    #[allow(dead_code)] // not every multipart body has every kind of part
    pub(crate) fn file(
        mut self,
        name: &'static str,
        upload: &crate::Upload,
        spec_type: Option<&'static str>,
    ) -> Self {
        let (body, length) = match upload.body() {
            Ok(b) => b,
            Err(message) => {
                self.fail(name, message);
                return self;
            }
        };
        let part = match length {
            Some(length) => Part::stream_with_length(body, length),
            None => Part::stream(body),
        };
        let part = part.file_name(upload.name().unwrap_or(name).to_owned());
        let media = upload
            .media()
            .or(spec_type.filter(|t| !t.contains('*') && !t.contains(',')))
            .unwrap_or("application/octet-stream");
        match part.mime_str(media) {
            Ok(part) => self.form = self.form.part(name, part),
            Err(e) => self.fail(name, format!("content type `{media}`: {e}")),
        }
        self
    }

    /// A file part, when there is a file.
    #[allow(dead_code)] // not every multipart body has every kind of part
    pub(crate) fn file_opt(
        self,
        name: &'static str,
        upload: Option<&crate::Upload>,
        spec_type: Option<&'static str>,
    ) -> Self {
        match upload {
            Some(upload) => self.file(name, upload, spec_type),
            None => self,
        }
    }

    /// Several file parts of one name.
    #[allow(dead_code)] // not every multipart body has every kind of part
    pub(crate) fn files(
        mut self,
        name: &'static str,
        uploads: &[crate::Upload],
        spec_type: Option<&'static str>,
    ) -> Self {
        for upload in uploads {
            self = self.file(name, upload, spec_type);
        }
        self
    }

    /// A value part (or one per item of an array).
    #[allow(dead_code)] // not every multipart body has every kind of part
    pub(crate) fn value<T: serde::Serialize>(
        mut self,
        name: &'static str,
        value: &T,
        spec_type: Option<&'static str>,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Array(items)) => {
                for item in &items {
                    self = self.one(name, item, spec_type);
                }
                self
            }
            Ok(value) => self.one(name, &value, spec_type),
            Err(e) => {
                self.fail(name, e.to_string());
                self
            }
        }
    }

    fn one(mut self, name: &'static str, value: &Value, spec_type: Option<&'static str>) -> Self {
        let (text, media) = match value {
            Value::Null => return self,
            Value::String(s) => (s.clone(), None),
            Value::Number(_) | Value::Bool(_) => (value.to_string(), None),
            other => (other.to_string(), Some("application/json")),
        };
        let mut part = Part::text(text);
        if let Some(media) = spec_type
            .filter(|t| !t.contains('*') && !t.contains(','))
            .or(media)
        {
            match part.mime_str(media) {
                Ok(p) => part = p,
                Err(e) => {
                    self.fail(name, format!("content type `{media}`: {e}"));
                    return self;
                }
            }
        }
        self.form = self.form.part(name, part);
        self
    }

    /// The form, or the first error.
    pub(crate) fn finish(self) -> Result<reqwest::multipart::Form, Error<E>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.form),
        }
    }
}
