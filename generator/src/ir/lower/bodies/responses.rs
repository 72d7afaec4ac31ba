//! Responses: the documented statuses of an operation, its successes
//! (with the `Accept` header they make and their events bodies) and its
//! errors, and the body of each response by media type.

use super::*;

impl<'a> Lowerer<'a> {
    /// The documented responses: successes (at least one; exact codes,
    /// then a `2XX` range), the `Accept` header they make, the error
    /// responses (exact codes, then ranges, then `default`), and, when a
    /// success offers `text/event-stream` beside the media type it is read
    /// as (JSON), the successes read as events instead, for a method of
    /// their own (`create_completion_stream`).
    pub(in crate::ir::lower) fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        pointer: &Pointer,
        hint: &str,
        id: &str,
    ) -> (
        Vec<Success>,
        String,
        Vec<ErrorResponse>,
        Option<Vec<Success>>,
    ) {
        let responses_ptr = pointer.push("responses");
        let mut found = Found::default();
        for (status, ptr, response) in documented(responses, &responses_ptr) {
            // Informational statuses never reach the client (the HTTP
            // library answers them itself).
            if matches!(status, StatusMatch::Code(c) if c < 200) {
                continue;
            }
            self.response(&mut found, status, ptr, response, hint);
        }
        let Found {
            mut successes,
            accept,
            mut errors,
            mut streamed,
            any_streamed,
        } = found;
        errors.sort_by_key(|e| e.status.precedence());
        successes.sort_by_key(|s| s.status.precedence());
        streamed.sort_by_key(|s| s.status.precedence());
        if successes.is_empty() {
            self.diags.warning(
                &responses_ptr,
                format!("operation `{id}` documents no 2xx response; any 2xx is accepted without a body"),
            );
            successes.push(Success {
                status: StatusMatch::Code(200),
                variant: naming::status_variant(200),
                body: None,
                description: String::new(),
            });
        }
        let accept = if accept.is_empty() {
            "application/json".to_owned()
        } else {
            accept.join(", ")
        };
        (successes, accept, errors, any_streamed.then_some(streamed))
    }

    /// One documented response (not an informational one), lowered into
    /// `found`: a success, with its events body beside it, or an error.
    fn response(
        &mut self,
        found: &mut Found,
        status: StatusMatch,
        ptr: Pointer,
        response: &ReferenceOr<openapiv3::Response>,
        hint: &str,
    ) {
        let success = match status {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        };
        let variant = status_match_variant(status);
        let name_hint = match status {
            _ if success => format!("{hint}Response"),
            StatusMatch::Default => format!("{hint}DefaultError"),
            _ => format!("{hint}{variant}"),
        };
        let Some((response, body_ptr, name_hint)) =
            self.resolve_documented(response, &ptr, name_hint)
        else {
            return;
        };
        let (body, media) = self.response_body(response, &body_ptr, &name_hint);
        if !success {
            found.errors.push(ErrorResponse {
                status,
                variant,
                // A body that is not JSON stays raw, in `ApiError::body`.
                ty: body.and_then(|b| b.json().cloned()),
                description: response.description.clone(),
                pointer: ptr,
            });
            return;
        }
        let events = match &body {
            Some(Body::Events(_)) => None,
            _ => self.events_body(response, &body_ptr, &name_hint),
        };
        let success = Success {
            status,
            variant,
            body,
            description: response.description.clone(),
        };
        found.success(success, media, events);
    }

    /// A documented response, or the one its `$ref` names in
    /// `components/responses`: the response, the pointer where its body is
    /// written and the name hint of its types (a shared response is lowered
    /// where it is defined, named after it). An error (and `None`) when the
    /// `$ref` names no response.
    fn resolve_documented<'r>(
        &mut self,
        response: &'r ReferenceOr<openapiv3::Response>,
        ptr: &Pointer,
        name_hint: String,
    ) -> Option<(&'r openapiv3::Response, Pointer, String)>
    where
        'a: 'r,
    {
        let reference = match response {
            ReferenceOr::Item(r) => return Some((r, ptr.clone(), name_hint)),
            ReferenceOr::Reference { reference } => reference,
        };
        match self.resolve_response(reference) {
            Some((r, name)) => {
                let body_ptr = Pointer::root()
                    .push("components")
                    .push("responses")
                    .push(&name);
                Some((r, body_ptr, naming::type_name(&name)))
            }
            None => {
                self.diags.error(
                    ptr,
                    format!("`$ref: {reference}` does not resolve to a response"),
                );
                None
            }
        }
    }

    /// A response's `text/event-stream` body, if it offers one: each
    /// event's data is of the schema (JSON unless a string).
    fn events_body(
        &mut self,
        response: &openapiv3::Response,
        ptr: &Pointer,
        hint: &str,
    ) -> Option<Body> {
        let (media, media_type) = response
            .content
            .iter()
            .find(|(media, _)| essence(media) == "text/event-stream")?;
        let content_ptr = ptr.push("content").push(media);
        let hint = format!("{hint}Event");
        // 3.2's `itemSchema` (its `data`), else the schema of the data.
        if let Some(ty) = self.explicit_item(media_type, &content_ptr, &hint) {
            return Some(Body::Events(ty));
        }
        let ty = match &media_type.schema {
            None => TypeRef::String,
            Some(schema) => {
                let ptr = content_ptr.push("schema");
                self.schema(view(schema), &ptr, &hint).ty
            }
        };
        Some(Body::Events(ty))
    }

    /// The body of a response, and its media type: JSON decoded into a type,
    /// `text/*` as text, anything else as bytes; `None` without content.
    fn response_body(
        &mut self,
        response: &openapiv3::Response,
        ptr: &Pointer,
        hint: &str,
    ) -> (Option<Body>, Option<String>) {
        if let Some((media, media_type)) = pick_json(&response.content) {
            let ty = match &media_type.schema {
                None => TypeRef::Json,
                Some(schema) => {
                    let ptr = ptr.push("content").push(media).push("schema");
                    self.schema(view(schema), &ptr, hint).ty
                }
            };
            return (Some(Body::Json(ty)), Some(media.clone()));
        }
        let Some(media) = response.content.keys().next() else {
            return (None, None);
        };
        if let Some(events) = self.events_body(response, ptr, hint) {
            return (Some(events), Some("text/event-stream".to_owned()));
        }
        // A stream of JSON items (JSON Lines, NDJSON, JSON text sequences).
        for (media, media_type) in &response.content {
            let content_ptr = ptr.push("content").push(media);
            if let Some((item, framing)) = self.items_body(media, media_type, &content_ptr, hint) {
                return (Some(Body::Items { item, framing }), Some(media.clone()));
            }
        }
        let body = if essence(media).starts_with("text/") {
            Body::Text
        } else {
            Body::Bytes
        };
        (Some(body), Some(media.clone()))
    }

    pub(in crate::ir::lower) fn resolve_response(
        &self,
        reference: &str,
    ) -> Option<(&'a openapiv3::Response, String)> {
        let name = component_in(reference, "responses")?;
        match self.doc.components.as_ref()?.responses.get(&name)? {
            ReferenceOr::Item(r) => Some((r, name)),
            ReferenceOr::Reference { .. } => None,
        }
    }
}

/// The documented responses of an operation, as they are lowered.
#[derive(Default)]
struct Found {
    successes: Vec<Success>,
    /// The media types the successes are read in, each once.
    accept: Vec<String>,
    errors: Vec<ErrorResponse>,
    /// The successes, those that offer events read as events.
    streamed: Vec<Success>,
    /// Whether any success offers events beside the body it is read as.
    any_streamed: bool,
}

impl Found {
    /// A success read in `media`, and `events`, its body read as events
    /// when it offers them beside the body it is read as.
    fn success(&mut self, success: Success, media: Option<String>, events: Option<Body>) {
        if let Some(media) = media {
            if !self.accept.contains(&media) {
                self.accept.push(media);
            }
        }
        self.any_streamed |= events.is_some();
        self.streamed.push(Success {
            body: events.or_else(|| success.body.clone()),
            ..success.clone()
        });
        self.successes.push(success);
    }
}

/// The documented responses in the spec's order, each with its status and
/// pointer, then `default`.
fn documented<'r>(
    responses: &'r openapiv3::Responses,
    responses_ptr: &'r Pointer,
) -> impl Iterator<Item = (StatusMatch, Pointer, &'r ReferenceOr<openapiv3::Response>)> + 'r {
    responses
        .responses
        .iter()
        .map(|(status, response)| {
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(class) => StatusMatch::Range(*class),
            };
            (status, responses_ptr.push(status.to_string()), response)
        })
        .chain(
            responses
                .default
                .iter()
                .map(|r| (StatusMatch::Default, responses_ptr.push("default"), r)),
        )
}

/// The variant of a documented response in its operation's enums: the
/// status's name (`NotFound`), the class's name for a range (`ClientError`
/// for `4XX`), or `Default`.
fn status_match_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => naming::status_variant(code),
        StatusMatch::Range(class) => match class {
            1 => "Informational".to_owned(),
            2 => "Success".to_owned(),
            3 => "Redirection".to_owned(),
            4 => "ClientError".to_owned(),
            5 => "ServerError".to_owned(),
            other => format!("Status{other}xx"),
        },
        StatusMatch::Default => "Default".to_owned(),
    }
}
