//! Request bodies and response bodies, by media type.

use super::*;

impl<'a> Lowerer<'a> {
    /// The documented responses: 2xx responses (at least one, in ascending
    /// order), the `Accept` header they make, and the error statuses.
    pub(super) fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        pointer: &Pointer,
        hint: &str,
        id: &str,
    ) -> (Vec<Success>, String, Vec<ErrorResponse>) {
        let responses_ptr = pointer.push("responses");
        let mut successes: Vec<Success> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in &responses.responses {
            let ptr = responses_ptr.push(status);
            let code = match status {
                StatusCode::Code(code) => *code,
                StatusCode::Range(_) => {
                    self.diags.warning(
                        &ptr,
                        format!("status range `{status}` is not modelled; such responses are reported as undocumented statuses"),
                    );
                    continue;
                }
            };
            let success = (200..300).contains(&code);
            let mut name_hint = if success {
                format!("{hint}Response")
            } else {
                format!("{hint}{}", naming::status_variant(code))
            };
            // A shared response (a `$ref`) is lowered where it is defined, named after it.
            let mut body_ptr = ptr.clone();
            let response = match response {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => match self.resolve_response(reference) {
                    Some((r, name)) => {
                        body_ptr = Pointer::root()
                            .push("components")
                            .push("responses")
                            .push(&name);
                        name_hint = naming::type_name(&name);
                        r
                    }
                    None => {
                        self.diags.error(
                            &ptr,
                            format!("`$ref: {reference}` does not resolve to a response"),
                        );
                        continue;
                    }
                },
            };
            let (body, media) = self.response_body(response, &body_ptr, &name_hint);
            if success {
                if let Some(media) = media {
                    if !accept.contains(&media) {
                        accept.push(media);
                    }
                }
                successes.push(Success {
                    status: code,
                    variant: naming::status_variant(code),
                    body,
                    description: response.description.clone(),
                });
            } else if code >= 300 {
                errors.push(ErrorResponse {
                    status: code,
                    variant: naming::status_variant(code),
                    // A body that is not JSON stays raw, in `ApiError::body`.
                    ty: body.and_then(|b| b.json().cloned()),
                    description: response.description.clone(),
                    pointer: ptr,
                });
            }
        }
        if responses.default.is_some() {
            self.diags.warning(
                responses_ptr.push("default"),
                "the `default` response is not modelled; such responses are reported as undocumented statuses",
            );
        }
        errors.sort_by_key(|e| e.status);
        successes.sort_by_key(|s| s.status);
        if successes.is_empty() {
            self.diags.warning(
                &responses_ptr,
                format!("operation `{id}` documents no 2xx response; any 2xx is accepted without a body"),
            );
            successes.push(Success {
                status: 200,
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
        (successes, accept, errors)
    }

    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
        hint: &str,
        id: &str,
    ) -> Option<RequestBody> {
        // A shared body (a `$ref`) is lowered where it is defined, named after it.
        let mut base = ptr.clone();
        let mut body_hint = format!("{hint}Body");
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let name = component_in(reference, "requestBodies");
                let found = name
                    .as_ref()
                    .and_then(|n| self.doc.components.as_ref()?.request_bodies.get(n));
                match (found, name) {
                    (Some(ReferenceOr::Item(b)), Some(name)) => {
                        base = Pointer::root()
                            .push("components")
                            .push("requestBodies")
                            .push(&name);
                        body_hint = naming::type_name(&name);
                        b
                    }
                    _ => {
                        self.diags.error(
                            ptr,
                            format!("`$ref: {reference}` does not resolve to a request body"),
                        );
                        return None;
                    }
                }
            }
        };
        let Some((media, media_type)) = pick_json(&body.content) else {
            let media = body.content.keys().next().cloned().unwrap_or_default();
            self.diags.warning(
                ptr.push("content"),
                format!("operation `{id}` is skipped: request media type `{media}` is not supported yet (only JSON)"),
            );
            return None;
        };
        let schema_ptr = base.push("content").push(media).push("schema");
        let Some(schema) = &media_type.schema else {
            return Some(RequestBody {
                ty: TypeRef::Json,
                required: body.required,
                description: body.description.clone(),
                default: None,
                pointer: ptr.clone(),
            });
        };
        let lowered = self.schema(view(schema), &schema_ptr, &body_hint);
        Some(RequestBody {
            ty: lowered.ty,
            required: body.required,
            description: body.description.clone().or(lowered.docs.description),
            default: lowered.default,
            pointer: ptr.clone(),
        })
    }

    /// The body of a response, and its media type: JSON decoded into a type,
    /// `text/*` as text, anything else as bytes; `None` without content.
    pub(super) fn response_body(
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
        let body = if essence(media).starts_with("text/") {
            Body::Text
        } else {
            Body::Bytes
        };
        (Some(body), Some(media.clone()))
    }

    pub(super) fn resolve_response(
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

pub(super) fn pick_json(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    content.iter().find(|(media, _)| {
        let essence = essence(media);
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// A media type without its parameters, lower case: `Text/Plain; charset=x` → `text/plain`.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
