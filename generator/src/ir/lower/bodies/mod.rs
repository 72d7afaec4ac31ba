//! Request bodies, by media type (JSON, forms, multipart, text, bytes),
//! and the media-type helpers responses share; responses are in
//! [`responses`].

use super::*;

mod responses;
mod streams;

impl<'a> Lowerer<'a> {
    /// A request body, or the one its `$ref` names in
    /// `components/requestBodies`: the body, the pointer where it is written,
    /// and the component's name when it is shared. An error (and `None`)
    /// when the `$ref` names no request body.
    pub(super) fn resolve_request_body<'b>(
        &mut self,
        body: &'b ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
    ) -> Option<(&'b openapiv3::RequestBody, Pointer, Option<String>)>
    where
        'a: 'b,
    {
        let reference = match body {
            ReferenceOr::Item(b) => return Some((b, ptr.clone(), None)),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = component_in(reference, "requestBodies");
        let doc: &'b openapiv3::OpenAPI = self.doc;
        let found = name
            .as_ref()
            .and_then(|n| doc.components.as_ref()?.request_bodies.get(n));
        match (found, name) {
            (Some(ReferenceOr::Item(b)), Some(name)) => {
                let base = Pointer::root()
                    .push("components")
                    .push("requestBodies")
                    .push(&name);
                Some((b, base, Some(name)))
            }
            _ => {
                self.diags.error(
                    ptr,
                    format!("`$ref: {reference}` does not resolve to a request body"),
                );
                None
            }
        }
    }

    /// The request body in the media type the method sends (JSON when the
    /// spec offers it), and the body in each other kind of media type the
    /// spec offers (a form, multipart, text or bytes), for methods of their
    /// own (`create_image_multipart`), by the suffix of their names.
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
        hint: &str,
        id: &str,
    ) -> Option<(RequestBody, Vec<(&'static str, RequestBody)>)> {
        // A shared body (a `$ref`) is lowered where it is defined, named after it.
        let (body, base, shared) = self.resolve_request_body(body, ptr)?;
        let body_hint = shared.map_or_else(|| format!("{hint}Body"), |n| naming::type_name(&n));
        // JSON when the spec offers it, else a form, else multipart, else
        // text or bytes (see `pick_request`).
        let Some((media, media_type, choice)) = self.pick_request(&body.content) else {
            let media = body.content.keys().next().cloned().unwrap_or_default();
            self.diags.warning(
                ptr.push("content"),
                format!("operation `{id}` is skipped: request media type `{media}` is not supported yet (only JSON, forms, multipart, text and binary bodies)"),
            );
            return None;
        };
        let lower = Lowering {
            body,
            base: &base,
            ptr,
            hint,
            body_hint: &body_hint,
            id,
        };
        let main = self.lower_body(&lower, media, media_type, choice)?;
        // One alternative per other kind of media type, the first of each.
        let mut seen = vec![choice];
        let mut alternatives = Vec::new();
        for (media, media_type) in &body.content {
            let Some(kind) = self.choice_of(media, media_type) else {
                continue;
            };
            if seen.contains(&kind) {
                continue;
            }
            seen.push(kind);
            if let Some(mut alternative) = self.lower_body(&lower, media, media_type, kind) {
                alternative.alternative = true;
                alternatives.push((kind.suffix(), alternative));
            }
        }
        Some((main, alternatives))
    }

    /// A request body in one media type.
    fn lower_body(
        &mut self,
        lower: &Lowering<'_>,
        media: &String,
        media_type: &openapiv3::MediaType,
        choice: Choice,
    ) -> Option<RequestBody> {
        let content_ptr = lower.base.push("content").push(media);
        let kind = match choice {
            Choice::Json => RequestMedia::Json,
            Choice::Form => RequestMedia::Form {
                encoding: self.form_encoding(media_type, &content_ptr),
            },
            Choice::Multipart => {
                return self.multipart_body(lower, media, media_type, &content_ptr);
            }
            Choice::Text => {
                let content_type = media.clone();
                return Some(lower.sent(TypeRef::String, RequestMedia::Text { content_type }));
            }
            Choice::Binary => {
                let content_type = media.clone();
                return Some(lower.sent(TypeRef::Json, RequestMedia::Binary { content_type }));
            }
            Choice::Items => {
                let (item, framing) =
                    self.items_body(media, media_type, &content_ptr, lower.body_hint)?;
                let content_type = media.clone();
                let media = RequestMedia::Items {
                    content_type,
                    framing,
                };
                return Some(lower.sent(item, media));
            }
        };
        let schema_ptr = content_ptr.push("schema");
        let Some(schema) = &media_type.schema else {
            return Some(lower.sent(TypeRef::Json, kind));
        };
        let lowered = self.schema(view(schema), &schema_ptr, lower.body_hint);
        Some(RequestBody {
            description: lower.body.description.clone().or(lowered.docs.description),
            default: lowered.default,
            ..lower.sent(lowered.ty, kind)
        })
    }

    /// A multipart request body: its parts are the body, no type is made of
    /// the schema. A warning (and `None`, the operation skipped) when the
    /// schema is not an object of properties.
    fn multipart_body(
        &mut self,
        lower: &Lowering<'_>,
        media: &String,
        media_type: &openapiv3::MediaType,
        content_ptr: &Pointer,
    ) -> Option<RequestBody> {
        let type_name = format!("{}Multipart", lower.hint);
        let Some(parts) = self.multipart_parts(media_type, content_ptr, &type_name) else {
            self.diags.warning(
                lower.ptr.push("content"),
                format!(
                    "operation `{}` is skipped: its `{media}` body is not an object of properties",
                    lower.id
                ),
            );
            return None;
        };
        let media = RequestMedia::Multipart { type_name, parts };
        Some(lower.sent(TypeRef::Json, media))
    }

    /// The media type a request body is sent as: JSON, then a form, then
    /// multipart, then the first other type that is text (a string schema
    /// under `text/*`) or bytes (a binary, string or untyped schema, or
    /// none); `None` when nothing fits (an XML object).
    fn pick_request<'c>(
        &self,
        content: &'c IndexMap<String, openapiv3::MediaType>,
    ) -> Option<(&'c String, &'c openapiv3::MediaType, Choice)> {
        let by_choice = |wanted: Choice| {
            content.iter().find_map(|(media, m)| {
                let choice = self.choice_of(media, m)?;
                (choice == wanted).then_some((media, m, choice))
            })
        };
        by_choice(Choice::Json)
            .or_else(|| by_choice(Choice::Form))
            .or_else(|| by_choice(Choice::Multipart))
            .or_else(|| {
                content
                    .iter()
                    .find_map(|(media, m)| Some((media, m, self.choice_of(media, m)?)))
            })
    }

    /// How a body of this media type is sent: JSON, a form, multipart,
    /// text (a string schema, or none, under `text/*`) or bytes (a binary,
    /// string or untyped schema, or none); `None` when nothing fits (an
    /// XML object).
    fn choice_of(&self, media: &str, m: &openapiv3::MediaType) -> Option<Choice> {
        let essence = essence(media);
        if essence == "application/json" || essence.ends_with("+json") {
            return Some(Choice::Json);
        }
        if essence == "application/x-www-form-urlencoded" {
            return Some(Choice::Form);
        }
        if essence == "multipart/form-data" {
            return Some(Choice::Multipart);
        }
        if crate::load::streams::framing(&essence).is_some() {
            return Some(Choice::Items);
        }
        let schema = match &m.schema {
            None => None,
            Some(ReferenceOr::Item(s)) => Some(s),
            Some(ReferenceOr::Reference { reference }) => Some(
                self.component_schemas()?
                    .get(&component_ref(reference)?)?
                    .as_item()?,
            ),
        };
        let string = schema.and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => Some(t),
            _ => None,
        });
        let binary = string.is_some_and(|t| {
            matches!(
                t.format,
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
            )
        });
        let untyped = schema.is_none_or(|s| matches!(s.schema_kind, SchemaKind::Any(_)));
        let text = essence.starts_with("text/");
        if text && (string.is_some() && !binary || schema.is_none()) {
            Some(Choice::Text)
        } else if string.is_some() || untyped {
            Some(Choice::Binary)
        } else {
            None
        }
    }

    /// The parts of a multipart body: one per property of its object
    /// schema; `None` when the schema is not an object of properties.
    fn multipart_parts(
        &mut self,
        media_type: &openapiv3::MediaType,
        ptr: &Pointer,
        type_name: &str,
    ) -> Option<Vec<MultipartPart>> {
        let (schema, schema_ptr) = match media_type.schema.as_ref()? {
            ReferenceOr::Item(s) => (s, ptr.push("schema")),
            ReferenceOr::Reference { reference } => {
                let name = component_ref(reference)?;
                let s = self.component_schemas()?.get(&name)?.as_item()?;
                (
                    s,
                    Pointer::root()
                        .push("components")
                        .push("schemas")
                        .push(&name),
                )
            }
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return None;
        };
        if object.properties.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        for (name, property) in &object.properties {
            let property_ptr = schema_ptr.push("properties").push(name);
            let resolved = match property {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => component_ref(reference)
                    .and_then(|n| self.component_schemas()?.get(&n)?.as_item()),
            };
            let items = resolved.and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
                _ => None,
            });
            let items_binary = items.is_some_and(|i| match i {
                ReferenceOr::Item(s) => is_binary(s),
                ReferenceOr::Reference { reference } => component_ref(reference)
                    .and_then(|n| self.component_schemas()?.get(&n)?.as_item())
                    .is_some_and(is_binary),
            });
            let kind = if resolved.is_some_and(is_binary) {
                PartKind::File
            } else if items_binary {
                PartKind::Files
            } else {
                let hint = format!("{type_name}{}", naming::type_name(name));
                PartKind::Value(self.schema(view_box(property), &property_ptr, &hint).ty)
            };
            parts.push(MultipartPart {
                name: name.clone(),
                field: naming::field_name(name),
                kind,
                required: object.required.contains(name),
                content_type: media_type
                    .encoding
                    .get(name)
                    .and_then(|e| e.content_type.clone()),
                description: resolved.and_then(|s| s.schema_data.description.clone()),
            });
        }
        Some(parts)
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
}

/// How a request body is sent, before its schema is lowered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
    /// A sequence of JSON items (JSON Lines, NDJSON, JSON text sequences).
    Items,
}

impl Choice {
    /// The suffix of the method that sends a body of this kind when it is
    /// not the operation's first choice: `create_image_multipart`.
    fn suffix(self) -> &'static str {
        match self {
            Choice::Json => "json",
            Choice::Form => "form",
            Choice::Multipart => "multipart",
            Choice::Text => "text",
            Choice::Binary => "bytes",
            Choice::Items => "items",
        }
    }
}

/// What lowering a request body in each of its media types shares.
struct Lowering<'l> {
    body: &'l openapiv3::RequestBody,
    base: &'l Pointer,
    ptr: &'l Pointer,
    hint: &'l str,
    body_hint: &'l str,
    id: &'l str,
}

impl Lowering<'_> {
    /// The body as a `ty` sent as `media`, with the spec's description
    /// and no default.
    fn sent(&self, ty: TypeRef, media: RequestMedia) -> RequestBody {
        RequestBody {
            ty,
            media,
            alternative: false,
            required: self.body.required,
            description: self.body.description.clone(),
            default: None,
            pointer: self.ptr.clone(),
        }
    }
}

/// `type: string, format: binary` (3.1's `contentMediaType` is read so).
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(t))
            if matches!(t.format, VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
    )
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
