//! Request bodies and response bodies, by media type.

use super::*;

impl<'a> Lowerer<'a> {
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

fn pick_json(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    content.iter().find(|(media, _)| {
        let essence = essence(media);
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// A media type without its parameters, lower case: `Text/Plain; charset=x` → `text/plain`.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
