//! Webhooks and callbacks: requests the API sends to the user's server.
//! Each operation of a webhook's path item (OpenAPI 3.1 `webhooks`, moved
//! into an extension by the loader, or a 3.0 document's `x-webhooks`) and
//! of a selected operation's callbacks becomes one [`Webhook`]: what the
//! `webhooks` module of the crate decodes. Their payloads become ordinary
//! types, an inline schema named `{Variant}Payload`.

use super::*;
use crate::load::webhooks::{WEBHOOKS, X_WEBHOOKS};
use openapiv3::{Parameter, PathItem};
use serde::Deserialize;

/// One operation of a webhook's or callback's path item, before naming.
struct Source<'o> {
    kind: WebhookKind,
    key: String,
    /// The variant it asks for, before collisions are settled.
    variant: String,
    method: Method,
    op: &'o openapiv3::Operation,
    item_params: &'o [ReferenceOr<Parameter>],
    item_pointer: Pointer,
    pointer: Pointer,
}

impl<'a> Lowerer<'a> {
    /// Every webhook, then the callbacks of the lowered operations, in the
    /// spec's order. Payload types are lowered like request bodies' types.
    pub(super) fn webhooks(&mut self, operations: &[OperationDraft]) -> Vec<Webhook> {
        let mut hooks: Vec<(Pointer, String, PathItem)> = Vec::new();
        // The 3.1 `webhooks` (in the loader's extension), then `x-webhooks`.
        for (key, base) in [(WEBHOOKS, "webhooks"), (X_WEBHOOKS, X_WEBHOOKS)] {
            let Some(Value::Object(map)) = self.doc.extensions.get(key) else {
                continue;
            };
            for (name, value) in map {
                let ptr = Pointer::root().push(base).push(name);
                match PathItem::deserialize(value) {
                    Ok(item) => hooks.push((ptr, name.clone(), item)),
                    Err(e) => self.diags.warning(
                        &ptr,
                        format!("webhook `{name}` is skipped: it is not a path item ({e})"),
                    ),
                }
            }
        }
        let mut sources: Vec<Source<'_>> = Vec::new();
        for (ptr, name, item) in &hooks {
            warn_extra_methods(item, ptr, self.diags);
            let kind = WebhookKind::Webhook { name: name.clone() };
            sources.extend(sources_of(item, ptr, &kind, name, name));
        }
        let doc = self.doc;
        for draft in operations {
            let Some(ReferenceOr::Item(item)) = doc.paths.paths.get(&draft.path) else {
                continue;
            };
            let Some((_, op)) = item.iter().find(|(m, _)| *m == draft.method.as_str()) else {
                continue;
            };
            for (cb_name, callback) in &op.callbacks {
                let cb_ptr = draft.pointer.push("callbacks").push(cb_name);
                for (expression, cb_item) in callback {
                    warn_extra_methods(cb_item, &cb_ptr.push(expression), self.diags);
                    let kind = WebhookKind::Callback {
                        operation_id: draft.operation_id.clone(),
                        method_name: draft.method_name.clone(),
                        name: cb_name.clone(),
                        expression: expression.clone(),
                    };
                    let key = format!("{}.{cb_name}", draft.operation_id);
                    let stem = format!("{} {cb_name}", draft.method_name);
                    sources.extend(sources_of(
                        cb_item,
                        &cb_ptr.push(expression),
                        &kind,
                        &key,
                        &stem,
                    ));
                }
            }
        }
        let mut variants = Namespace::default();
        let mut decode_fns = Namespace::with_reserved(&["decode"]);
        let mut seen: BTreeMap<(String, Method), Pointer> = BTreeMap::new();
        let mut out = Vec::new();
        for s in sources {
            if let Some(first) = seen.get(&(s.key.clone(), s.method.clone())) {
                self.diags.warning(
                    &s.pointer,
                    format!(
                        "`{} {}` is skipped: {first} is decoded under the same name and method",
                        s.method.wire(),
                        s.key
                    ),
                );
                continue;
            }
            seen.insert((s.key.clone(), s.method.clone()), s.pointer.clone());
            let variant = variants.claim(s.variant.clone());
            let bare = naming::field_name(&variant);
            let decode_fn = decode_fns.claim(format!("decode_{}", bare.trim_start_matches("r#")));
            let payload = match &s.op.request_body {
                None => None,
                Some(body) => self.payload(
                    body,
                    &s.pointer.push("requestBody"),
                    &format!("{variant}Payload"),
                ),
            };
            let headers = self.sender_headers(&s);
            let responses = self.receiver_responses(&s.op.responses, &s.pointer);
            out.push(Webhook {
                pointer: s.pointer,
                kind: s.kind,
                key: s.key,
                method: s.method,
                variant,
                decode_fn,
                summary: s.op.summary.clone(),
                description: s.op.description.clone(),
                deprecated: s.op.deprecated,
                payload,
                headers,
                responses,
            });
        }
        out
    }

    /// A webhook's body: JSON decoded into a type, `text/*` as text,
    /// anything else as bytes.
    fn payload(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
        hint: &str,
    ) -> Option<Payload> {
        let (body, base, shared) = self.resolve_request_body(body, ptr)?;
        let hint = shared.map_or_else(|| hint.to_owned(), |n| naming::type_name(&n));
        let (media, media_type) = match bodies::pick_json(&body.content) {
            Some(found) => found,
            None => body.content.iter().next()?,
        };
        let is_json = bodies::pick_json(&body.content).is_some();
        let payload_body = if is_json {
            let ty = match &media_type.schema {
                None => TypeRef::Json,
                Some(schema) => {
                    let ptr = base.push("content").push(media).push("schema");
                    self.schema(view(schema), &ptr, &hint).ty
                }
            };
            Body::Json(ty)
        } else if bodies::essence(media).starts_with("text/") {
            Body::Text
        } else {
            Body::Bytes
        };
        Some(Payload {
            media: media.clone(),
            body: payload_body,
            required: body.required,
            description: body.description.clone(),
        })
    }

    /// The header parameters of a webhook's operation and its path item (the
    /// operation's win).
    fn sender_headers(&mut self, s: &Source<'_>) -> Vec<WebhookHeader> {
        let mut out: Vec<WebhookHeader> = Vec::new();
        let own =
            s.op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, s.pointer.push("parameters").push(i)));
        let item_ptr = &s.item_pointer;
        let shared = s
            .item_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, item_ptr.push("parameters").push(i)));
        for (p, ptr) in own.chain(shared) {
            let Some((param, _)) = self.resolve_parameter(p, &ptr) else {
                continue;
            };
            let Parameter::Header { parameter_data, .. } = param else {
                continue;
            };
            let name = &parameter_data.name;
            if out.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
                continue;
            }
            out.push(WebhookHeader {
                name: name.clone(),
                required: parameter_data.required,
                description: parameter_data.description.clone(),
            });
        }
        out
    }

    /// What the sender expects the receiver to answer.
    fn receiver_responses(
        &mut self,
        responses: &openapiv3::Responses,
        ptr: &Pointer,
    ) -> Vec<WebhookResponse> {
        let mut out = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(status, r)| (status.to_string(), r))
            .chain(responses.default.iter().map(|r| ("default".to_owned(), r)));
        for (status, r) in entries {
            let description = match r {
                ReferenceOr::Item(r) => r.description.clone(),
                ReferenceOr::Reference { reference } => match self.resolve_response(reference) {
                    Some((r, _)) => r.description.clone(),
                    None => {
                        self.diags.error(
                            ptr.push("responses").push(&status),
                            format!("`$ref: {reference}` does not resolve to a response"),
                        );
                        continue;
                    }
                },
            };
            out.push(WebhookResponse {
                status,
                description,
            });
        }
        // Numbers, then ranges (`2XX`), then `default`.
        out.sort_by_key(|r| (r.status == "default", r.status.clone()));
        out
    }
}

/// OpenAPI 3.2's `query` and `additionalOperations` in a webhook's or
/// callback's path item (set aside by the load phase) are not decoded.
fn warn_extra_methods(item: &PathItem, ptr: &Pointer, diags: &mut Diagnostics) {
    use crate::load::v32::{ADDITIONAL, QUERY};
    for (extension, field) in [(QUERY, "query"), (ADDITIONAL, "additionalOperations")] {
        if item.extensions.contains_key(extension) {
            diags.warning(
                ptr.push(field),
                format!("`{field}` in a webhook or callback is not read: only its `get` … `trace` requests are decoded"),
            );
        }
    }
}

/// The operations of a webhook's or callback's path item.
fn sources_of<'o>(
    item: &'o PathItem,
    ptr: &Pointer,
    kind: &WebhookKind,
    key: &str,
    stem: &str,
) -> Vec<Source<'o>> {
    let ops: Vec<(&str, &openapiv3::Operation)> = item.iter().collect();
    let several = ops.len() > 1;
    ops.into_iter()
        .filter_map(|(m, op)| {
            let method = Method::ALL.into_iter().find(|x| x.as_str() == m)?;
            // A path item with one method: the variant is named after the
            // webhook alone.
            let variant = if several {
                naming::type_name(&format!("{stem} {m}"))
            } else {
                naming::type_name(stem)
            };
            Some(Source {
                kind: kind.clone(),
                key: key.to_owned(),
                variant,
                method,
                op,
                item_params: &item.parameters,
                item_pointer: ptr.clone(),
                pointer: ptr.push(m),
            })
        })
        .collect()
}

/// Callbacks name their operation's client method as named in the end.
pub(super) fn final_method_names(webhooks: &mut [Webhook], operations: &[Operation]) {
    let names: BTreeMap<&str, &str> = operations
        .iter()
        .map(|o| (o.operation_id.as_str(), o.method_name.as_str()))
        .collect();
    for w in webhooks {
        if let WebhookKind::Callback {
            operation_id,
            method_name,
            ..
        } = &mut w.kind
        {
            if let Some(name) = names.get(operation_id.as_str()) {
                (*name).clone_into(method_name);
            }
        }
    }
}

/// Where each operation's callbacks are among the webhooks, by operation id.
pub(super) fn callback_index(webhooks: &[Webhook]) -> BTreeMap<String, Vec<usize>> {
    let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, w) in webhooks.iter().enumerate() {
        if let WebhookKind::Callback { operation_id, .. } = &w.kind {
            index.entry(operation_id.clone()).or_default().push(i);
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;

    fn lower(text: &str) -> (crate::ir::Api, Vec<String>) {
        let mut diags = Diagnostics::default();
        let loaded = crate::load::load(text, &mut diags).unwrap();
        let api = crate::ir::lower(&loaded.openapi, &[], &mut diags);
        let messages = diags.finish("t").into_iter().map(|d| d.message).collect();
        (api, messages)
    }

    #[test]
    fn x_webhooks_of_a_3_0_document_and_several_methods() {
        let (api, warnings) = lower(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-webhooks:\n  order:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {id: {type: string}}}\n      responses: {'200': {description: ok}}\n    delete:\n      responses: {'204': {description: ok}}\n  Order:\n    post:\n      responses: {'200': {description: ok}}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let names: Vec<(&str, &str, &str)> = api
            .webhooks
            .iter()
            .map(|w| (w.key.as_str(), w.variant.as_str(), w.decode_fn.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("order", "OrderPost", "decode_order_post"),
                ("order", "OrderDelete", "decode_order_delete"),
                ("Order", "Order", "decode_order"),
            ]
        );
        assert_eq!(api.webhooks[0].pointer.as_str(), "/x-webhooks/order/post");
        assert!(api.type_def("OrderPostPayload").is_some());
        assert!(api.webhooks[1].payload.is_none());
    }

    #[test]
    fn names_that_collide_are_settled_and_repeats_warned() {
        let (api, warnings) = lower(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  a-b:\n    post: {responses: {'200': {description: ok}}}\n  a_b:\n    post: {responses: {'200': {description: ok}}}\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let variants: Vec<&str> = api.webhooks.iter().map(|w| w.variant.as_str()).collect();
        assert_eq!(variants, ["AB", "AB2"]);
        let fns: Vec<&str> = api.webhooks.iter().map(|w| w.decode_fn.as_str()).collect();
        assert_eq!(fns, ["decode_ab", "decode_ab2"]);
        let (api, warnings) = lower(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /s:\n    post:\n      operationId: s\n      responses: {'200': {description: ok}}\n      callbacks:\n        done:\n          '{$url}':\n            post: {responses: {'200': {description: ok}}}\n          '{$other}':\n            post: {responses: {'200': {description: ok}}}\n",
        );
        assert_eq!(api.webhooks.len(), 1);
        assert_eq!(api.callbacks_of("s").count(), 1);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("the same name and method")),
            "{warnings:?}"
        );
    }
}
