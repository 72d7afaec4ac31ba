//! Request bodies and response bodies, by media type.

use super::*;

impl<'a> Lowerer<'a> {
    /// The documented responses: successes (at least one; exact codes,
    /// then a `2XX` range), the `Accept` header they make, and the error
    /// responses (exact codes, then ranges, then `default`).
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
        let documented = responses
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
            );
        for (status, ptr, response) in documented {
            let success = match status {
                StatusMatch::Code(code) => (200..300).contains(&code),
                StatusMatch::Range(class) => class == 2,
                StatusMatch::Default => false,
            };
            // Informational statuses never reach the client (the HTTP
            // library answers them itself).
            if matches!(status, StatusMatch::Code(c) if c < 200) {
                continue;
            }
            let variant = status_match_variant(status);
            let mut name_hint = match status {
                _ if success => format!("{hint}Response"),
                StatusMatch::Default => format!("{hint}DefaultError"),
                _ => format!("{hint}{variant}"),
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
                    status,
                    variant,
                    body,
                    description: response.description.clone(),
                });
            } else {
                errors.push(ErrorResponse {
                    status,
                    variant,
                    // A body that is not JSON stays raw, in `ApiError::body`.
                    ty: body.and_then(|b| b.json().cloned()),
                    description: response.description.clone(),
                    pointer: ptr,
                });
            }
        }
        errors.sort_by_key(|e| e.status.precedence());
        successes.sort_by_key(|s| s.status.precedence());
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
        // JSON when the spec offers it, else a form.
        let picked = pick_json(&body.content)
            .map(|(media, m)| (media, m, RequestMedia::Json))
            .or_else(|| {
                let (media, m) = body
                    .content
                    .iter()
                    .find(|(media, _)| essence(media) == "application/x-www-form-urlencoded")?;
                let encoding = self.form_encoding(m, &base.push("content").push(media));
                Some((media, m, RequestMedia::Form { encoding }))
            });
        let Some((media, media_type, kind)) = picked else {
            let media = body.content.keys().next().cloned().unwrap_or_default();
            self.diags.warning(
                ptr.push("content"),
                format!("operation `{id}` is skipped: request media type `{media}` is not supported yet (only JSON and forms)"),
            );
            return None;
        };
        let schema_ptr = base.push("content").push(media).push("schema");
        let Some(schema) = &media_type.schema else {
            return Some(RequestBody {
                ty: TypeRef::Json,
                media: kind,
                required: body.required,
                description: body.description.clone(),
                default: None,
                pointer: ptr.clone(),
            });
        };
        let lowered = self.schema(view(schema), &schema_ptr, &body_hint);
        Some(RequestBody {
            ty: lowered.ty,
            media: kind,
            required: body.required,
            description: body.description.clone().or(lowered.docs.description),
            default: lowered.default,
            pointer: ptr.clone(),
        })
    }

    /// The `encoding` entries of a form body, in the spec's order.
    ///
    /// `openapiv3` reads an absent `explode` as `false`, where the spec says
    /// `true` for `style: form`: without a `style` the property is exploded
    /// (the spec's default); a `style` written out takes `explode` as read,
    /// since a spec that writes `style: form` does so to say `explode: false`.
    fn form_encoding(
        &mut self,
        media_type: &openapiv3::MediaType,
        ptr: &Pointer,
    ) -> Vec<FormEncoding> {
        use openapiv3::QueryStyle;
        media_type
            .encoding
            .iter()
            .map(|(name, encoding)| {
                let (style, explode) = match &encoding.style {
                    None => (FormStyle::Form, true),
                    Some(QueryStyle::Form) => (FormStyle::Form, encoding.explode),
                    Some(QueryStyle::SpaceDelimited) => (FormStyle::SpaceDelimited, encoding.explode),
                    Some(QueryStyle::PipeDelimited) => (FormStyle::PipeDelimited, encoding.explode),
                    Some(QueryStyle::DeepObject) => (FormStyle::DeepObject, true),
                };
                if encoding.allow_reserved {
                    self.diags.warning(
                        ptr.push("encoding").push(name).push("allowReserved"),
                        "`allowReserved` is ignored in a form body: reserved characters are percent-encoded",
                    );
                }
                let json = encoding.content_type.as_deref().is_some_and(|c| {
                    let c = essence(c);
                    c == "application/json" || c.ends_with("+json")
                });
                FormEncoding {
                    name: name.clone(),
                    style,
                    explode,
                    json,
                    content_type: encoding.content_type.clone(),
                }
            })
            .collect()
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
