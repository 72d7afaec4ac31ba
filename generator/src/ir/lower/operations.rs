//! Operations: each selected operation of the spec becomes one method of
//! the client, with its parameters, body, responses and security. Its Rust
//! names come later, once every operation is known ([`super::names`]).

use super::*;

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
            if let Some(op) = self.operation(candidate, id, method_name) {
                operations.push(op);
            }
        }
        operations
    }

    /// Lowers one operation; `None` (with a warning) when it uses something
    /// not supported yet.
    fn operation(
        &mut self,
        candidate: &Candidate<'_>,
        id: String,
        method_name: String,
    ) -> Option<OperationDraft> {
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
        let body = match &op.request_body {
            None => None,
            Some(body) => {
                Some(self.request_body(body, &pointer.push("requestBody"), &hint, &id)?)
            }
        };
        let (successes, accept, errors) = self.responses(&op.responses, pointer, &hint, &id);
        let several_bodies = successes.iter().any(|s| s.body != successes[0].body);
        let security_schemes = auth::requirements(self.doc, op, pointer);
        Some(OperationDraft {
            method_name,
            several_bodies,
            pointer: pointer.clone(),
            operation_id: id,
            method: *method,
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
        })
    }
}
