//! Operations: each selected operation of the spec becomes one method of
//! the client, with its parameters, body, responses and security. Its Rust
//! names come later, once every operation is known ([`super::names`]).

use super::*;

/// An operation's first method, its body in other media types (by the
/// suffix of their methods), and its successes as events, if offered.
type Drafted = (
    OperationDraft,
    Vec<(&'static str, RequestBody)>,
    Option<Vec<Success>>,
);

impl<'a> Lowerer<'a> {
    /// The selected operations, lowered, in the spec's order; skipped (with a
    /// diagnostic) when one cannot be generated or repeats an operation id.
    pub(super) fn operations(&mut self, select: &[Selector]) -> Vec<OperationDraft> {
        let candidates = self.candidates(select);
        let mut wanted: Vec<String> = candidates.iter().map(|c| c.method_name.clone()).collect();
        let ids: Vec<&str> = candidates
            .iter()
            .map(|c| c.op.operation_id.as_deref().unwrap_or_default())
            .collect();
        let pointers: Vec<Pointer> = candidates.iter().map(|c| c.pointer.clone()).collect();
        names::apply_renames(
            Renamed::Operation,
            select,
            &ids,
            &mut wanted,
            &pointers,
            self.diags,
        );
        let mut seen_ids: BTreeMap<String, Pointer> = BTreeMap::new();
        let mut operations = Vec::new();
        for (candidate, method_name) in candidates.iter().zip(wanted) {
            let id = candidate
                .op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{}_{}", candidate.method.as_str(), candidate.path));
            if let Some(first) = seen_ids.get(&id) {
                self.diags.push(
                    crate::diag::Diagnostic::error(
                        candidate.pointer.push("operationId"),
                        format!("operation id `{id}` is also used at {first}"),
                    )
                    .with_help("operation ids must be unique; rename one of them"),
                );
                continue;
            }
            seen_ids.insert(id.clone(), candidate.pointer.clone());
            operations.extend(self.operation(candidate, id, method_name));
        }
        operations
    }

    /// Lowers one operation; nothing (with a warning) when it uses something
    /// not supported yet. A body the spec offers in several kinds of media
    /// type makes one method per kind: the first choice (JSON when offered)
    /// under the operation's name, the others with the kind's suffix
    /// (`create_image_multipart`).
    fn operation(
        &mut self,
        candidate: &Candidate<'_>,
        id: String,
        method_name: String,
    ) -> Vec<OperationDraft> {
        let Some((draft, alternatives, streamed)) =
            self.operation_draft(candidate, id, method_name)
        else {
            return Vec::new();
        };
        let mut drafts = Vec::with_capacity(2 + alternatives.len());
        // A success offered as `text/event-stream` beside JSON: a method
        // that asks for the events (`create_completion_stream`).
        if let Some(streamed) = streamed {
            let mut stream = draft.clone();
            stream.method_name = format!("{}_stream", draft.method_name.trim_start_matches("r#"));
            stream.several_bodies = streamed.iter().any(|s| s.body != streamed[0].body);
            stream.successes = streamed;
            stream.accept = "text/event-stream".to_owned();
            drafts.push(stream);
        }
        for (suffix, body) in alternatives {
            let mut alternative = draft.clone();
            alternative.method_name =
                format!("{}_{suffix}", draft.method_name.trim_start_matches("r#"));
            alternative.body = Some(body);
            drafts.push(alternative);
        }
        drafts.insert(0, draft);
        drafts
    }

    fn operation_draft(
        &mut self,
        candidate: &Candidate<'_>,
        id: String,
        method_name: String,
    ) -> Option<Drafted> {
        let Candidate {
            op,
            method,
            path,
            pointer,
            ..
        } = candidate;
        let item_params = ParamSource {
            item: candidate.item_params,
            item_pointer: &candidate.item_pointer,
        };
        // Its types are named after its method: `ListMarketplaceSkillsParams`.
        let hint = naming::type_name(method_name.trim_start_matches("r#"));
        let (path_segments, path_params, params) =
            self.parameters(item_params, &op.parameters, pointer, path, &hint, &id)?;
        let (body, alternatives) = match &op.request_body {
            None => (None, Vec::new()),
            Some(body) => {
                let (main, alternatives) =
                    self.request_body(body, &pointer.push("requestBody"), &hint, &id)?;
                (Some(main), alternatives)
            }
        };
        let (successes, accept, errors, streamed) =
            self.responses(&op.responses, pointer, &hint, &id);
        let several_bodies = successes.iter().any(|s| s.body != successes[0].body);
        let security_schemes = auth::requirements(self.doc, op, pointer);
        let draft = OperationDraft {
            method_name,
            several_bodies,
            pointer: pointer.clone(),
            operation_id: id,
            method: method.clone(),
            path: path.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            requires_auth: false,
            security_schemes,
            path_segments,
            path_params,
            params,
            body,
            successes,
            accept,
            errors,
        };
        Some((draft, alternatives, streamed))
    }
}
