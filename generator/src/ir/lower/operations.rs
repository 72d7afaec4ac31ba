//! Operations: each selected operation of the spec becomes one method of
//! the client, with its responses and security.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self, select: &[Selector]) -> Vec<Operation> {
        let drafts = self.candidates(select);

        // Method names: the short (FastAPI-stripped) name unless two operations share it.
        let short: Vec<String> = drafts
            .iter()
            .map(|d| naming::method_name(d.op.operation_id.as_deref(), d.method.as_str(), &d.path))
            .collect();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &short {
            *counts.entry(s.as_str()).or_default() += 1;
        }
        let mut methods = Namespace::with_reserved(naming::RESERVED_METHODS);
        let mut root_names = Namespace::with_reserved(naming::RESERVED_ROOT_NAMES);
        let mut seen_ids: BTreeMap<String, Pointer> = BTreeMap::new();
        let mut operations = Vec::new();
        for (draft, short) in drafts.iter().zip(&short) {
            let id = draft
                .op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{}_{}", draft.method.as_str(), draft.path));
            if let Some(first) = seen_ids.get(&id) {
                self.diags.push(
                    crate::diag::Diagnostic::error(
                        draft.pointer.push("operationId"),
                        format!("operation id `{id}` is also used at {first}"),
                    )
                    .with_help("operation ids must be unique; rename one of them"),
                );
                continue;
            }
            seen_ids.insert(id.clone(), draft.pointer.clone());
            let candidate = if counts.get(short.as_str()).copied().unwrap_or(0) > 1 {
                naming::full_method_name(
                    draft.op.operation_id.as_deref(),
                    draft.method.as_str(),
                    &draft.path,
                )
            } else {
                short.clone()
            };
            let params = ParamSource {
                item: draft.item_params,
                item_pointer: &draft.item_pointer,
            };
            let Some(op) = self.operation(
                draft.op,
                params,
                draft.method,
                &draft.path,
                &draft.pointer,
                &id,
            ) else {
                continue;
            };
            let method_name = methods.claim(candidate);
            let options_method_name =
                methods.claim(format!("{}_with", method_name.trim_start_matches("r#")));
            let error_type = root_names.claim(format!(
                "{}Error",
                naming::type_name(method_name.trim_start_matches("r#"))
            ));
            let response_enum = op.response_enum.as_ref().map(|_| {
                root_names.claim(format!(
                    "{}Success",
                    naming::type_name(method_name.trim_start_matches("r#"))
                ))
            });
            operations.push(Operation {
                method_name,
                options_method_name,
                error_type,
                response_enum,
                ..op
            });
        }
        operations
    }

    /// Lowers one operation; `None` (with a warning) when it uses something
    /// not supported yet. Names are filled in by the caller.
    pub(super) fn operation(
        &mut self,
        op: &openapiv3::Operation,
        item_params: ParamSource<'_>,
        method: Method,
        path: &str,
        pointer: &Pointer,
        id: &str,
    ) -> Option<Operation> {
        let hint = naming::type_name(&naming::method_name(Some(id), method.as_str(), path));
        let (path_segments, path_params, params) =
            self.parameters(item_params, &op.parameters, pointer, path, &hint, id)?;
        let body = match &op.request_body {
            None => None,
            Some(body) => Some(self.request_body(body, &pointer.push("requestBody"), &hint, id)?),
        };

        let responses_ptr = pointer.push("responses");
        let mut successes: Vec<Success> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in &op.responses.responses {
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
        if op.responses.default.is_some() {
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
                body: None,
                description: String::new(),
            });
        }
        let same_body = successes.iter().all(|s| s.body == successes[0].body);
        // Named for real by the caller, once the method's name is known.
        let response_enum = (!same_body).then(String::new);
        let accept = if accept.is_empty() {
            "application/json".to_owned()
        } else {
            accept.join(", ")
        };
        let security = op.security.as_ref().or(self.doc.security.as_ref());
        let requires_auth =
            security.is_some_and(|reqs| !reqs.is_empty() && reqs.iter().all(|r| !r.is_empty()));
        let mut security_schemes: Vec<String> = Vec::new();
        for scheme in security.into_iter().flatten().flat_map(|req| req.keys()) {
            if !security_schemes.contains(scheme) {
                security_schemes.push(scheme.clone());
            }
        }
        Some(Operation {
            pointer: pointer.clone(),
            operation_id: id.to_owned(),
            method_name: String::new(),
            options_method_name: String::new(),
            error_type: String::new(),
            method,
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            requires_auth,
            security_schemes,
            path_segments,
            path_params,
            params,
            body,
            successes,
            response_enum,
            accept,
            errors,
        })
    }
}
