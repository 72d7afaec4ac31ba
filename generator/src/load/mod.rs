//! Phase 1, load: text → `openapiv3::OpenAPI`.
//!
//! YAML or JSON is read by [`yaml`], the user's [`overlay`]s are applied to
//! it, references to any pointer and to other
//! files are resolved by [`refs`] (reading files through [`Sources`]),
//! OpenAPI 3.1 is rewritten into 3.0 by [`normalize`], and the result is
//! deserialised into `openapiv3`'s model. A shape error is reported with the
//! JSON pointer where deserialisation stopped.

mod files;
mod keywords;
mod locate;
mod normalize;
pub mod overlay;
mod recover;
mod refs;
pub(crate) mod schemes;
pub mod streams;
mod swagger2;
pub mod v32;
pub mod webhooks;
mod yaml;

pub use files::{DirSources, MemorySources, Sources, SpecFile};
pub use locate::{locate, Positions};
pub use overlay::Overlay;
pub use refs::Documents;

use crate::diag::{Diagnostic, Diagnostics};
use serde_json::Value;

/// The path item's fields that hold an operation (OpenAPI 3.0 and 3.1;
/// 3.2's `query` and `additionalOperations` are set aside by `v32`).
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The extension of `info.license` holding OpenAPI 3.1's `identifier` (an
/// SPDX expression), which `openapiv3`'s `License` does not keep.
pub const LICENSE_IDENTIFIER: &str = "x-codegen-license-identifier";

/// A loaded spec, in OpenAPI 3.0 form.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub openapi: openapiv3::OpenAPI,
    /// The OpenAPI version the document declared (`3.0.3`, `3.1.0`, ...).
    pub declared_version: String,
}

/// Parses YAML or JSON text into a JSON value (no OpenAPI checks).
pub fn parse_document(text: &str) -> Result<Value, Diagnostic> {
    yaml::parse(text)
}

/// Applies `overlays` to the parsed document `doc`, in order, as loading
/// does before anything else. The first problem in an overlay document is
/// the error; what an action could not do goes to `diags`.
pub fn apply_overlays(
    doc: &mut Value,
    overlays: &[Overlay],
    diags: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    overlays
        .iter()
        .try_for_each(|o| overlay::apply(doc, o, diags))
}

/// Parses and normalises a spec's text (a spec of one file). Warnings go to
/// `diags`; the first error that stops loading is returned.
pub fn load(text: &str, diags: &mut Diagnostics) -> Result<Loaded, Diagnostic> {
    load_files(&mut Documents::new("", text), None, diags)
}

/// Parses and normalises the spec whose entry file is `docs.files[0]`,
/// after applying `docs.overlays` to it in order, reading the files it
/// refers to from `sources` (and adding them to `docs`). Warnings, and
/// errors in references (each at its `$ref`), go to `diags`; the first
/// error that stops loading is returned (an overlay's: in its file).
pub fn load_files(
    docs: &mut Documents,
    sources: Option<&dyn Sources>,
    diags: &mut Diagnostics,
) -> Result<Loaded, Diagnostic> {
    let text = docs
        .files
        .first()
        .map(|f| f.text.as_str())
        .unwrap_or_default();
    let mut doc = yaml::parse(text)?;
    apply_overlays(&mut doc, &docs.overlays, diags)?;
    let swagger = swagger2::is_swagger(&doc);
    let declared_version = match (doc.get("openapi"), doc.get("swagger")) {
        (Some(Value::String(v)), _) => v.clone(),
        (_, Some(v)) if swagger && (v == "2.0" || v.as_f64() == Some(2.0)) => "2.0".to_owned(),
        (_, Some(v)) if swagger => {
            return Err(Diagnostic::error(
                "/swagger",
                format!(
                    "Swagger version {} is not supported",
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                ),
            )
            .with_help("this generator reads Swagger 2.0 (`swagger: \"2.0\"`, a string), OpenAPI 3.0.x and 3.1.x"));
        }
        _ => {
            return Err(Diagnostic::error(
                "/openapi",
                "the document has no `openapi` version field",
            )
            .with_help("an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x)"));
        }
    };
    if swagger {
        doc = swagger2::convert(doc, docs, sources, diags);
    } else if !["3.0", "3.1", "3.2"]
        .iter()
        .any(|v| declared_version.starts_with(v))
    {
        return Err(Diagnostic::error(
            "/openapi",
            format!("OpenAPI version {declared_version} is not supported"),
        )
        .with_help("this generator reads Swagger 2.0, OpenAPI 3.0.x, 3.1.x and 3.2.x"));
    }
    if !swagger {
        v32::self_base(&mut doc);
    }
    let mut doc = refs::resolve(
        doc,
        docs,
        sources,
        is_json_schema_2020(&declared_version),
        diags,
    );
    if swagger {
        swagger2::after_resolve(&mut doc, diags);
    }
    normalize::normalize(&mut doc, diags);
    let openapi = recover::deserialize(&mut doc, diags)?;
    Ok(Loaded {
        openapi,
        declared_version,
    })
}

/// Whether a document of this OpenAPI version writes its schemas in JSON
/// Schema 2020-12 (3.1 and later) rather than 3.0's dialect.
pub fn is_json_schema_2020(declared_version: &str) -> bool {
    declared_version.starts_with("3.1") || declared_version.starts_with("3.2")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_name_the_pointer() {
        let mut d = Diagnostics::default();
        let e = load(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n",
            &mut d,
        )
        .unwrap_err();
        // The one operation is left out, and nothing is left.
        assert_eq!(e.pointer, "/paths/~1a/get", "{e}");
        assert!(e.message.contains("/paths/~1a/get/responses"), "{e}");
    }

    #[test]
    fn reads_swagger_2_and_refuses_other_swagger_versions() {
        let mut d = Diagnostics::default();
        let loaded = load(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, schema: {type: string}}\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(loaded.declared_version, "2.0");
        assert_eq!(loaded.openapi.servers[0].url, "https://api.example.com");
        let e = load("swagger: '1.2'\n", &mut d).unwrap_err();
        assert!(e.message.contains("Swagger version 1.2"), "{e}");
    }
}
