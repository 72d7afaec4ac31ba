//! Phase 3, emit: the model → the files of the generated crate. Rust files
//! are token streams (quote); `Cargo.toml` and `README.md` are text. The
//! crate's fixed runtime (errors, `Nullable`, validation helpers) lives in
//! `generator/templates/` as ordinary Rust and is copied in as it is.

mod client;
pub(crate) mod docs;
mod files;
mod types;

use crate::ir::{Api, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Settings of the generated crate.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Cargo package name, e.g. `browser-use-client`.
    pub package_name: String,
    /// Prefix of the environment variables `{PREFIX}_API_KEY` and `{PREFIX}_BASE_URL`.
    pub env_prefix: String,
    /// The spec file as the user named it, for headers and docs.
    pub spec_display: String,
    /// SHA-256 of the spec's bytes, hex.
    pub spec_sha256: String,
}

impl CrateInfo {
    pub fn lib_name(&self) -> String {
        self.package_name.replace('-', "_")
    }
}

/// The file for hand-written extensions: created once, then the user's.
pub const SCAFFOLD_EXTENSIONS: &str = "src/extensions.rs";

/// The content of one generated file before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Rust code to be emitted by [`rust`] and formatted. Token streams
    /// cannot move between threads; this can, so that each file is emitted
    /// and formatted on a thread of its own.
    Rust(RustFile),
    /// Rust code used as written (the templates).
    RustVerbatim(&'static str),
    /// Any other text.
    Text(String),
}

/// A generated Rust file whose code depends on the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustFile {
    Lib,
    Client,
    Types,
}

/// The tokens of one Rust file: a pure function of the model.
pub fn rust(api: &Api, info: &CrateInfo, file: RustFile) -> TokenStream {
    match file {
        RustFile::Lib => files::lib_rs(api, info, types::uses_patterns(api)),
        RustFile::Client => client::file(api, info),
        RustFile::Types => types::file(api),
    }
}

/// Every file of the generated crate, by path relative to its root.
pub fn emit(api: &Api, info: &CrateInfo) -> Vec<(String, Content)> {
    let uses_patterns = types::uses_patterns(api);
    let mut out = vec![
        (
            "Cargo.toml".to_owned(),
            Content::Text(files::cargo_toml(api, info, uses_patterns)),
        ),
        (
            "README.md".to_owned(),
            Content::Text(files::readme(api, info)),
        ),
        ("src/lib.rs".to_owned(), Content::Rust(RustFile::Lib)),
        ("src/client.rs".to_owned(), Content::Rust(RustFile::Client)),
        ("src/types.rs".to_owned(), Content::Rust(RustFile::Types)),
        (
            "src/error.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/error.rs")),
        ),
        (
            "src/encode.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/encode.rs")),
        ),
        (
            "src/http.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/http.rs")),
        ),
        (
            "src/nullable.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/nullable.rs")),
        ),
        (
            "src/options.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/options.rs")),
        ),
        (
            "src/retry.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/retry.rs")),
        ),
        (
            "src/unknown.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/unknown.rs")),
        ),
        (
            "src/validate.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/validate.rs")),
        ),
    ];
    out.push((
        SCAFFOLD_EXTENSIONS.to_owned(),
        Content::Text(include_str!("../../templates/extensions.rs").to_owned()),
    ));
    if uses_patterns {
        out.push((
            "src/pattern.rs".to_owned(),
            Content::RustVerbatim(include_str!("../../templates/pattern.rs")),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The types that implement `Validate`: structs and unions sent in requests.
pub fn validated_types(api: &Api) -> std::collections::BTreeSet<&str> {
    api.types
        .iter()
        .filter(|t| {
            t.in_request
                && matches!(
                    t.kind,
                    crate::ir::TypeKind::Struct(_) | crate::ir::TypeKind::Union(_)
                )
        })
        .map(|t| t.name.as_str())
        .collect()
}

/// An identifier from a name the model made valid (`r#type` is raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a type is written, which decides how generated types are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In `types.rs`.
    Types,
    /// In `types.rs`'s `defaults` module.
    Defaults,
    /// Anywhere else in the crate.
    Crate,
}

/// The Rust type for a type reference.
pub fn ty(t: &TypeRef, scope: Scope) -> TokenStream {
    match t {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Defaults => quote!(super::#name),
                Scope::Crate => quote!(crate::types::#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Uuid => quote!(::uuid::Uuid),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Array(inner) => {
            let inner = ty(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(inner, scope);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = ty(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Json => quote!(::serde_json::Value),
    }
}

/// The Rust type an operation's method returns.
pub fn output_type(op: &crate::ir::Operation) -> TokenStream {
    if let Some(name) = &op.response_enum {
        let name = ident(name);
        return quote!(#name);
    }
    match op.successes.first().and_then(|s| s.body.as_ref()) {
        None => quote!(()),
        Some(crate::ir::Body::Json(t)) => ty(t, Scope::Crate),
        Some(crate::ir::Body::Text) => quote!(String),
        Some(crate::ir::Body::Bytes) => quote!(Vec<u8>),
    }
}

/// The same, as text for documentation and reports.
pub fn output_label(op: &crate::ir::Operation) -> String {
    if let Some(name) = &op.response_enum {
        return name.trim_start_matches("r#").to_owned();
    }
    match op.successes.first().and_then(|s| s.body.as_ref()) {
        None => "()".to_owned(),
        Some(crate::ir::Body::Json(t)) => type_label(t),
        Some(crate::ir::Body::Text) => "String".to_owned(),
        Some(crate::ir::Body::Bytes) => "Vec<u8>".to_owned(),
    }
}

/// A short, readable name of a type reference, for messages.
pub fn type_label(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(name) => name.trim_start_matches("r#").to_owned(),
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_label(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_label(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_label(inner)),
        TypeRef::Json => "serde_json::Value".into(),
    }
}

/// Which optional dependencies the crate needs.
pub(crate) fn uses(api: &Api, pred: fn(&TypeRef) -> bool) -> bool {
    fn walk(t: &TypeRef, pred: fn(&TypeRef) -> bool) -> bool {
        pred(t)
            || match t {
                TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => walk(i, pred),
                _ => false,
            }
    }
    api.types.iter().any(|t| match &t.kind {
        crate::ir::TypeKind::Struct(s) => s.fields.iter().any(|f| walk(&f.ty, pred)),
        crate::ir::TypeKind::Union(u) => u.variants.iter().any(|v| walk(&v.ty, pred)),
        crate::ir::TypeKind::Alias(a) => walk(a, pred),
        crate::ir::TypeKind::Enum(_) => false,
    }) || api.operations.iter().any(|op| {
        op.body.as_ref().is_some_and(|b| walk(&b.ty, pred))
            || op.path_params.iter().any(|p| walk(&p.ty, pred))
            || op.successes.iter().any(|s| {
                s.body
                    .as_ref()
                    .and_then(crate::ir::Body::json)
                    .is_some_and(|t| walk(t, pred))
            })
            || op
                .errors
                .iter()
                .any(|e| e.ty.as_ref().is_some_and(|t| walk(t, pred)))
    })
}
