//! The usage examples shown both in `lib.rs`'s documentation and in the
//! README: a call of the example operation and a client built on an HTTP
//! client of the user's own.

use crate::emit::CrateInfo;
use crate::ir::{Api, SchemeKind, TypeRef};

/// The operation examples call: the first that takes a body with defaults,
/// or no body at all (and no parameters), with its argument and what
/// importing it takes (`, types::Body`).
pub(super) fn example_operation(api: &Api) -> Option<(&crate::ir::Operation, String, String)> {
    let op = api.operations.iter().filter(|op| op.path_params.is_empty() && op.params.is_none()).find(|op| match &op.body {
        None => true,
        Some(b) => matches!(&b.ty, TypeRef::Named(n) if api.types.iter().any(|t| &t.name == n && matches!(&t.kind, crate::ir::TypeKind::Struct(s) if s.default != crate::ir::DefaultImpl::None))),
    })?;
    let (import, arg) = match &op.body {
        Some(b) => {
            let n = b.ty.named().unwrap_or_default().trim_start_matches("r#");
            (format!(", types::{n}"), format!("&{n}::default()"))
        }
        None => (String::new(), String::new()),
    };
    Some((op, arg, import))
}

/// A short example with the example operation.
pub(super) fn example(api: &Api, info: &CrateInfo) -> Option<String> {
    let lib = info.lib_name();
    let (op, arg, import) = example_operation(api)?;
    let client = "    let client = Client::from_env()?;";
    let (open, close) = if import.is_empty() {
        ("", "")
    } else {
        ("{", "}")
    };
    Some(format!(
        "use {lib}::{open}Client{import}{close};\n\nasync fn run() -> Result<(), Box<dyn std::error::Error>> {{\n{client}\n    let result = client.{method}({arg}).await?;\n    println!(\"{{result:?}}\");\n    Ok(())\n}}",
        method = op.method_name.trim_start_matches("r#"),
    ))
}

/// An HTTP client of the user's own, built with the crate's re-exported
/// `reqwest` and TLS backend, given to the builder.
pub(super) fn own_client_example(api: &Api, info: &CrateInfo) -> Option<String> {
    if api.operations.is_empty() {
        return None;
    }
    let lib = info.lib_name();
    let single_key = api.auth.as_ref().is_some_and(|auth| {
        auth.schemes.len() == 1
            && matches!(auth.schemes[0].kind, SchemeKind::ApiKey { .. })
            && auth.schemes[0].setter == "api_key"
    });
    let key = if single_key {
        format!(
            "\n        .api_key(std::env::var(\"{}_API_KEY\")?)",
            info.env_prefix
        )
    } else {
        String::new()
    };
    Some(format!(
        "use {lib}::{{reqwest, Client}};\n\nfn client() -> Result<Client, Box<dyn std::error::Error>> {{\n    // `reqwest` is this crate's: no dependency of yours to keep in step.\n    // `http_client_builder()` is `reqwest::Client::builder()` with the TLS\n    // backend the crate's features chose.\n    let http = Client::http_client_builder()?\n        .redirect(Client::redirect_policy())\n        .proxy(reqwest::Proxy::all(\"http://proxy.internal:3128\")?)\n        .build()?;\n    let client = Client::builder(){key}\n        .http_client(http)\n        .build()?;\n    Ok(client)\n}}"
    ))
}
