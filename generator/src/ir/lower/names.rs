//! Naming the operations: the client's methods, their `_with` forms, and
//! the error and response enums beside the client. Names are claimed in the
//! spec's order, so the first operation keeps a contested name.

use super::*;

/// The method name each candidate asks for: the short (FastAPI-stripped)
/// name, or the full one when two candidates would share the short one.
pub(super) fn wanted_method_names(candidates: &[Candidate<'_>]) -> Vec<String> {
    let short: Vec<String> = candidates
        .iter()
        .map(|c| naming::method_name(c.op.operation_id.as_deref(), c.method.as_str(), &c.path))
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &short {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    candidates
        .iter()
        .zip(&short)
        .map(|(c, short)| {
            if counts.get(short.as_str()).copied().unwrap_or(0) > 1 {
                naming::full_method_name(c.op.operation_id.as_deref(), c.method.as_str(), &c.path)
            } else {
                short.clone()
            }
        })
        .collect()
}

/// The Rust names of one operation.
#[derive(Debug, PartialEq, Eq)]
struct OperationNames {
    method: String,
    options_method: String,
    error_type: String,
    response_enum: Option<String>,
}

/// Names settled among the operations of one client.
struct Names {
    methods: Namespace,
    root: Namespace,
}

impl Names {
    fn new() -> Self {
        Names {
            methods: Namespace::with_reserved(naming::RESERVED_METHODS),
            root: Namespace::with_reserved(naming::RESERVED_ROOT_NAMES),
        }
    }

    /// `create_session`, `create_session_with`, `CreateSessionError` and,
    /// when the 2xx responses have different bodies, `CreateSessionSuccess`.
    fn claim(&mut self, wanted: String, several_bodies: bool) -> OperationNames {
        let method = self.methods.claim(wanted);
        let bare = method.trim_start_matches("r#");
        let options_method = self.methods.claim(format!("{bare}_with"));
        let type_stem = naming::type_name(bare);
        let error_type = self.root.claim(format!("{type_stem}Error"));
        let response_enum = several_bodies.then(|| self.root.claim(format!("{type_stem}Success")));
        OperationNames {
            method,
            options_method,
            error_type,
            response_enum,
        }
    }
}

/// The final operations, named.
pub(super) fn name_operations(drafts: Vec<OperationDraft>) -> Vec<Operation> {
    let mut names = Names::new();
    drafts
        .into_iter()
        .map(|d| {
            let n = names.claim(d.method_name, d.several_bodies);
            Operation {
                pointer: d.pointer,
                operation_id: d.operation_id,
                method_name: n.method,
                options_method_name: n.options_method,
                error_type: n.error_type,
                method: d.method,
                path: d.path,
                summary: d.summary,
                description: d.description,
                deprecated: d.deprecated,
                requires_auth: d.requires_auth,
                security_schemes: d.security_schemes,
                path_segments: d.path_segments,
                path_params: d.path_params,
                params: d.params,
                body: d.body,
                successes: d.successes,
                response_enum: n.response_enum,
                accept: d.accept,
                errors: d.errors,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_in_claim_order() {
        // (wanted method name, several success bodies) →
        // ([method, `_with` method, error enum], success enum)
        let table: [(&str, bool, [&str; 3], Option<&str>); 4] = [
            (
                "create_session",
                false,
                [
                    "create_session",
                    "create_session_with",
                    "CreateSessionError",
                ],
                None,
            ),
            (
                "get_report",
                true,
                ["get_report", "get_report_with", "GetReportError"],
                Some("GetReportSuccess"),
            ),
            // A second `get_report`: the collision is settled, never merged.
            (
                "get_report",
                true,
                ["get_report_2", "get_report_2_with", "GetReport2Error"],
                Some("GetReport2Success"),
            ),
            // A keyword stays a raw identifier; the rest is named from the bare word.
            ("r#type", false, ["r#type", "type_with", "TypeError"], None),
        ];
        let mut names = Names::new();
        for (wanted, several, [method, with, error], success) in table {
            let got = names.claim(wanted.to_owned(), several);
            let want = OperationNames {
                method: method.to_owned(),
                options_method: with.to_owned(),
                error_type: error.to_owned(),
                response_enum: success.map(str::to_owned),
            };
            assert_eq!(got, want, "{wanted}");
        }
    }

    #[test]
    fn success_variants_are_named_by_status() {
        for (status, variant) in [
            (200, "Ok"),
            (201, "Created"),
            (202, "Accepted"),
            (204, "NoContent"),
            (404, "NotFound"),
        ] {
            assert_eq!(naming::status_variant(status), variant, "{status}");
        }
    }
}
