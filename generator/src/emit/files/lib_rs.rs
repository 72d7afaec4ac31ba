//! The crate's `src/lib.rs`: its documentation and attributes, then its
//! modules and re-exports written as text in rustfmt's style.

use super::examples::{example, own_client_example};
use crate::emit::{docs, CrateInfo};
use crate::ir::{Api, TypeRef};
use crate::runtime::{self, Needs};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/lib.rs`'s documentation and attributes.
pub fn lib_rs(api: &Api, info: &CrateInfo) -> TokenStream {
    let lines = doc_lines(api, info);
    let doc = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #text])
    });
    // The lints allowed for the whole crate are its documentation's
    // (`LINT_POLICY`). The README's examples (the fake server's among them) are doc tests.
    let readme = (!api.operations.is_empty()).then(|| {
        quote! {
            #[cfg(all(doctest, feature = "test-doubles"))]
            #[doc = include_str!("../README.md")]
            struct ReadmeDoctests;
        }
    });
    quote! {
        #(#doc)*
        #![forbid(unsafe_code)]
        #![allow(clippy::large_enum_variant)]
        #readme
    }
}

/// The crate's documentation: what it is, its webhooks, the examples, and
/// its types alone.
fn doc_lines(api: &Api, info: &CrateInfo) -> Vec<String> {
    let title = docs::one_line(&api.title);
    let mut lines = vec![format!("# {title}")];
    lines.push(String::new());
    lines.push(if api.operations.is_empty() {
        format!(
            "The types of {}, and the decoding of the requests it sends to your server, generated from `{}`.",
            title, info.spec_display
        )
    } else {
        format!(
            "An async client for {}, generated from `{}`.",
            title, info.spec_display
        )
    });
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.extend(docs::text_lines(d));
    }
    if !api.webhooks.is_empty() {
        lines.push(String::new());
        lines.push("The API also sends requests to your server (webhooks and callbacks): [`webhooks::Event::decode`] turns one, as your HTTP server receives it, into a typed event.".to_owned());
    }
    if let Some(example) = example(api, info) {
        lines.push(String::new());
        lines.extend(client_example(&example));
    }
    if let Some(example) = own_client_example(api, info) {
        lines.push(String::new());
        lines.push(
            "Your own HTTP client (proxies, pool settings), built with the crate's `reqwest`:"
                .to_owned(),
        );
        lines.push(String::new());
        lines.extend(client_example(&example));
    }
    lines.push(String::new());
    lines.extend(types_only(api, info));
    lines.push(String::new());
    lines.extend(LINT_POLICY.iter().map(|l| (*l).to_owned()));
    lines
}

/// An example of the client, as a doc test that compiles in both builds:
/// its code is in a module of the `client` feature (hidden lines).
fn client_example(example: &str) -> Vec<String> {
    let mut lines = vec![
        "```no_run".to_owned(),
        "# #[cfg(feature = \"client\")]".to_owned(),
        "# mod example {".to_owned(),
    ];
    lines.extend(example.lines().map(str::to_owned));
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

/// The section on the crate without its default feature `client`.
pub(super) fn types_only(api: &Api, info: &CrateInfo) -> Vec<String> {
    let webhooks = if api.webhooks.is_empty() {
        ""
    } else {
        ", the decoding of the requests the API sends to your server ([`webhooks`], checked against the spec's constraints)"
    };
    let what = if api.operations.is_empty() {
        "The API has no operations, so the crate has no client: its default feature `client` adds the client's error types (`Error`, `ApiError`, `BuildError`, ...) and `RetryPolicy`, on `reqwest`."
    } else {
        "The HTTP client (`Client`, its calls, options and errors) is the default feature `client`."
    };
    vec![
        "# Types only".to_owned(),
        String::new(),
        format!("{what} Without it, the crate has the API's types ([`types`], with `Nullable` and the other value types at the crate's root){webhooks}, their JSON encoding and decoding with serde, and none of the client's dependencies: no reqwest, tokio, hyper or TLS crate. For a webhook receiver, a consumer of a message queue, a server of the same API, or a `wasm32-unknown-unknown` build (`cargo build --target wasm32-unknown-unknown` works):"),
        String::new(),
        "```toml".to_owned(),
        "[dependencies]".to_owned(),
        format!(
            "{0} = {{ path = \"vendor/{0}\", default-features = false }}",
            info.package_name
        ),
        "```".to_owned(),
    ]
}

/// The crate's lint policy, in its documentation: what it allows and why.
const LINT_POLICY: &[&str] = &[
    "# Lints",
    "",
    "The crate passes `cargo clippy -- -D warnings` (clippy's default lints) and `RUSTDOCFLAGS=\"-D warnings\" cargo doc`, whatever names and descriptions the spec has. It allows one lint for the whole crate, `clippy::large_enum_variant`: its enums of decoded values (unions, an operation's successes) are matched once and moved, and boxing their largest variants would cost an allocation per value and make the API depend on the sizes of the spec's types. Single items allow `clippy::too_many_arguments` (a method that takes more than seven of the spec's parameters) and `dead_code` (a helper of the fixed runtime that this spec does not use).",
];

/// `lib.rs`'s `mod` and `pub use` lines, from the table of the crate's
/// modules, written as rustfmt writes them: `cargo fmt` in a workspace
/// holding the crate leaves them as they are. Only the modules formatted by
/// the generator (prettyplease, not rustfmt) are marked `#[rustfmt::skip]`,
/// so that `cargo fmt` does not reformat them; the templates are in
/// rustfmt's style already.
pub fn lib_modules(api: &Api, needs: Needs) -> String {
    let modules: Vec<_> = runtime::RUNTIME
        .iter()
        .filter(|m| m.included(needs))
        .collect();
    // The blank line before it is the one between pieces.
    let mut out = String::new();
    for m in &modules {
        if matches!(m.source, runtime::Source::Generated { .. }) {
            out.push_str("#[rustfmt::skip]\n");
        }
        if let Some(feature) = m.feature {
            out.push_str(&format!("#[cfg(feature = \"{feature}\")]\n"));
        }
        if m.mostly_client && !needs.operations {
            out.push_str("#[allow(dead_code)] // the client's, and there is no operation\n");
        }
        let vis = if m.public { "pub " } else { "" };
        out.push_str(&format!("{vis}mod {};\n", m.name));
    }
    out.push('\n');
    for m in modules.iter().filter(|m| !m.exports.is_empty()) {
        let mut names: Vec<&str> = m.exports.to_vec();
        if m.name == "client" {
            for op in &api.operations {
                names.push(&op.error_type);
                names.extend(op.response_enum.as_deref());
                if let Some(crate::ir::RequestMedia::Multipart { type_name, .. }) =
                    op.body.as_ref().map(|b| &b.media)
                {
                    names.push(type_name);
                }
            }
        }
        // The client's items of a module in both builds, then the others.
        let (client, shared): (Vec<&str>, Vec<&str>) = names
            .into_iter()
            .partition(|n| m.client_exports.contains(n));
        for (names, feature) in [(client, Some(runtime::CLIENT)), (shared, m.feature)] {
            if names.is_empty() {
                continue;
            }
            if let Some(feature) = feature {
                out.push_str(&format!("#[cfg(feature = \"{feature}\")]\n"));
            }
            out.push_str(&use_line(m.name, names));
        }
    }
    out.push_str(&reexported_crates(api, needs));
    if needs.operations {
        out.push_str(SEND_SYNC);
    }
    out
}

/// The dependencies whose types the crate's public API shows, re-exported,
/// so that a user names them (`reqwest::header::HeaderMap`, `uuid::Uuid`,
/// or builds an HTTP client) at the very versions the crate uses, without
/// a matching dependency of their own.
fn reexported_crates(api: &Api, needs: Needs) -> String {
    // As `cargo_toml` lists them; `true`: the client's only.
    let mut crates = Vec::new();
    if api.sends_uploads() || api.streams_downloads() || api.streams_events() || api.uses_items() {
        crates.push(("bytes", true));
    }
    if api.uses(|t| matches!(t, TypeRef::DateTime | TypeRef::Date)) {
        crates.push(("chrono", false));
    }
    if api.streams_events() || api.uses_items() {
        crates.push(("futures_core", true));
    }
    if needs.operations {
        crates.push(("reqwest", true));
    }
    crates.push(("serde_json", false));
    if api.uses(|t| matches!(t, TypeRef::Uuid)) {
        crates.push(("uuid", false));
    }
    let mut out = String::from(
        "\n// The crates whose types the API shows (headers, status codes, JSON\n// values, ...), at the versions this crate is built with.\n",
    );
    for (name, client) in crates {
        if client {
            out.push_str(&format!("#[cfg(feature = \"{}\")]\n", runtime::CLIENT));
        }
        out.push_str(&format!("pub use {name};\n"));
    }
    out
}

/// Compile-time checks that the client's types can be shared between
/// threads and moved into spawned tasks.
const SEND_SYNC: &str = "
// The client, its builder, per-call options and every error are `Send +
// Sync` (shared between threads, held across `.await` in `tokio::spawn`ed
// tasks): a change that broke it fails to compile here. `Error<E>` is
// checked for any `E: Send + Sync`, which every operation's error enum is
// (plain data). Every operation's future is `Send` (`call::Operation`
// requires it: the crate does not compile otherwise), so a `Call` is, and a
// `Response` is `Send + Sync` for any such body.
#[cfg(feature = \"client\")]
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send<T: Send>() {}
    fn error<E: Send + Sync>() {
        assert_send_sync::<Error<E>>();
    }
    fn calls<O: call::Operation>(_: O) {
        assert_send::<Call<O>>();
        assert_send::<WithResponse<O>>();
    }
    fn response<T: Send + Sync>() {
        assert_send_sync::<Response<T>>();
    }
    assert_send_sync::<Client>();
    assert_send_sync::<ClientBuilder>();
    assert_send_sync::<RequestOptions>();
    assert_send_sync::<BuildError>();
    error::<()>();
    response::<()>();
    calls(|_: RequestOptions| std::future::pending::<Result<Response<()>, Error<()>>>());
};
";

/// `pub use {module}::{names};` as rustfmt (default settings, style 2021)
/// writes it: the names sorted (by their bytes, which is rustfmt's order
/// for names in CamelCase); on one line when it is at most 98 characters;
/// else in a block, on one line of at most 100 when they fit, else packed
/// into lines of at most 99. (Checked against rustfmt on thousands of lists,
/// and by the `compile` test on every fixture.)
fn use_line(module: &str, mut names: Vec<&str>) -> String {
    names.sort_unstable();
    names.dedup();
    if let [name] = names.as_slice() {
        return format!("pub use {module}::{name};\n");
    }
    let one_line = format!("pub use {module}::{{{}}};", names.join(", "));
    if one_line.len() <= 98 {
        return one_line + "\n";
    }
    let inner = format!("    {},", names.join(", "));
    if inner.len() <= 100 {
        return format!("pub use {module}::{{\n{inner}\n}};\n");
    }
    let mut out = format!("pub use {module}::{{\n");
    let mut line = String::new();
    for name in names {
        // `    ` + the line so far + ` ` + the name + `,`
        if !line.is_empty() && 4 + line.len() + 1 + name.len() + 1 > 99 {
            out.push_str(&format!("    {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(name);
        line.push(',');
    }
    out.push_str(&format!("    {line}\n}};\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_lines_are_written_as_rustfmt_writes_them() {
        assert_eq!(
            use_line("nullable", vec!["Nullable"]),
            "pub use nullable::Nullable;\n"
        );
        assert_eq!(
            use_line(
                "client",
                vec!["ClientBuilder", "BError", "Client", "AError"]
            ),
            "pub use client::{AError, BError, Client, ClientBuilder};\n"
        );
        // 99 characters: a block, on one line of its own.
        let last = "X".repeat(28) + "Error";
        let names = vec!["Client", "ClientBuilder", "GetAccountBillingError", &last];
        let text = use_line("client", names.clone());
        assert_eq!(
            format!("pub use client::{{{}}};", names.join(", ")).len(),
            99
        );
        assert_eq!(text.lines().count(), 3, "{text}");
        // Longer: packed into lines of at most 99, sorted.
        let many: Vec<String> = (0..30).map(|i| format!("Operation{i:02}Error")).collect();
        let text = use_line("client", many.iter().map(String::as_str).collect());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.first(), Some(&"pub use client::{"));
        assert_eq!(lines.last(), Some(&"};"));
        assert!(lines.iter().all(|l| l.len() <= 99), "{text}");
        assert!(lines[1].starts_with("    Operation00Error, Operation01Error,"));
        assert!(lines[lines.len() - 2].ends_with("Operation29Error,"));
    }
}
