//! Phase 3, emit: the model → the files of the generated crate. Rust files
//! are token streams (quote); `Cargo.toml` and `README.md` are text. The
//! crate's fixed runtime (errors, `Nullable`, validation helpers) lives in
//! `generator/templates/` as ordinary Rust and is copied in as it is.

mod client;
pub(crate) mod docs;
mod doubles;
mod files;
mod types;
mod webhooks;

use crate::ir::rust::{RustType, Scalar};
use crate::ir::{Api, TypeKind, TypeRef};
use crate::runtime::{self, Needs};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::ops::Range;

/// Settings of the generated crate.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Cargo package name, e.g. `browser-use-client`.
    pub package_name: String,
    /// Prefix of the environment variables `{PREFIX}_API_KEY` and `{PREFIX}_BASE_URL`.
    pub env_prefix: String,
    /// The spec file as the user named it, for headers and docs.
    pub spec_display: String,
}

impl CrateInfo {
    pub fn lib_name(&self) -> String {
        self.package_name.replace('-', "_")
    }
}

/// The content of one generated file before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Rust code, in pieces that are emitted ([`piece`]) and formatted each
    /// on its own, on any thread; the file is their text in order. (Token
    /// streams cannot move between threads; pieces can.)
    Rust(Vec<Piece>),
    /// Any other text.
    Text(String),
}

/// A run of whole top-level items of a generated Rust file. Formatting
/// items separately and joining the text gives the same file as formatting
/// them together: prettyplease ends every item with a hard line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Rust code used as written (a template), not formatted.
    Fixed(&'static str),
    /// `src/lib.rs`'s documentation and attributes.
    Lib,
    /// `src/lib.rs`'s modules and re-exports, written as text in rustfmt's
    /// style ([`text`]).
    LibModules,
    /// What the client's fixed code needs from the spec: default server,
    /// authentication, constructors.
    ClientSpec,
    /// An `impl Client` block with the methods of these operations.
    Methods(Range<usize>),
    /// The error enums of these operations (indices into `Api::operations`).
    ErrorEnums(Range<usize>),
    /// The response enums of these operations.
    ResponseEnums(Range<usize>),
    /// These types (indices into `Api::types`); the piece at 0 also has the module doc.
    Types(Range<usize>),
    /// The `defaults` module, the pattern statics and the unions' shapes.
    TypesTail,
    /// The `webhooks` module's events and decoding functions.
    Webhooks,
    /// The fake server's client builder (`doubles`, feature `test-doubles`).
    DoublesClient,
    /// The fake server's expectation methods of these operations.
    Doubles(Range<usize>),
}

/// Pieces per list of operations or types: enough for every core to get
/// several, few enough that each is worth a job.
const PIECES_PER_LIST: usize = 8;

/// The most weight (about lines of code) in one piece, however long the
/// list: syn and prettyplease slow down per line on very large inputs, so
/// big specs are cut into more pieces rather than bigger ones.
const MAX_PIECE_WEIGHT: usize = 1_500;

/// Cuts a list into runs of similar weight: about [`PIECES_PER_LIST`] of
/// them, more when that would make runs heavier than [`MAX_PIECE_WEIGHT`].
/// An empty list gives one empty run.
fn split(weights: &[usize]) -> Vec<Range<usize>> {
    let total: usize = weights.iter().sum();
    let target = total.div_ceil(PIECES_PER_LIST).clamp(1, MAX_PIECE_WEIGHT);
    let mut runs = Vec::new();
    let (mut start, mut sum) = (0, 0);
    for (i, w) in weights.iter().enumerate() {
        sum += w;
        if sum >= target {
            runs.push(start..i + 1);
            (start, sum) = (i + 1, 0);
        }
    }
    if start < weights.len() || runs.is_empty() {
        runs.push(start..weights.len());
    }
    runs
}

/// Roughly the lines of code an operation's methods, error enum and
/// response enum become.
const METHODS_WEIGHT: usize = 55;
const ERROR_ENUM_WEIGHT: usize = 35;
const RESPONSE_ENUM_WEIGHT: usize = 5;
const DOUBLES_WEIGHT: usize = 30;

/// Roughly the lines of code a type becomes, to share the work out evenly.
fn type_weight(t: &crate::ir::TypeDef) -> usize {
    use crate::ir::TypeKind;
    match &t.kind {
        TypeKind::Struct(s) => 8 + 6 * s.fields.len(),
        TypeKind::Enum(e) => 20 + 7 * e.values.len(),
        TypeKind::Union(u) => 20 + 8 * u.variants.len(),
        TypeKind::Alias(_) => 3,
    }
}

/// Roughly the lines of code a piece becomes: the biggest pieces are handed
/// out first, so that no core is left with a big one at the end.
pub fn weight(cx: &Context<'_>, piece: &Piece) -> usize {
    let types = |r: &Range<usize>| {
        cx.api
            .types
            .get(r.clone())
            .unwrap_or_default()
            .iter()
            .map(type_weight)
            .sum()
    };
    match piece {
        Piece::Fixed(_) | Piece::LibModules => 0,
        Piece::Lib => 50,
        Piece::ClientSpec => 60,
        Piece::Methods(range) => METHODS_WEIGHT * range.len(),
        Piece::ErrorEnums(r) => ERROR_ENUM_WEIGHT * r.len(),
        Piece::ResponseEnums(r) => RESPONSE_ENUM_WEIGHT * r.len(),
        Piece::Types(r) => types(r),
        Piece::TypesTail => 20,
        Piece::Webhooks => 40 + 30 * cx.api.webhooks.len(),
        Piece::DoublesClient => 10,
        Piece::Doubles(r) => DOUBLES_WEIGHT * r.len(),
    }
}

/// What emitting any piece needs, computed once and shared by every thread.
pub struct Context<'a> {
    pub api: &'a Api,
    pub info: &'a CrateInfo,
}

impl<'a> Context<'a> {
    pub fn new(api: &'a Api, info: &'a CrateInfo) -> Self {
        Context { api, info }
    }
}

/// The tokens of one piece: a pure function of the model.
pub fn piece(cx: &Context<'_>, piece: &Piece) -> TokenStream {
    let api = cx.api;
    match piece {
        // Written as text ([`text`]), not emitted.
        Piece::Fixed(_) | Piece::LibModules => TokenStream::new(),
        Piece::Lib => files::lib_rs(api, cx.info),
        Piece::ClientSpec => client::client_spec(api, cx.info),
        Piece::Methods(range) => client::methods(api, range.clone()),
        Piece::ErrorEnums(range) => client::error_enums(api, range.clone()),
        Piece::ResponseEnums(range) => client::response_enums(api, range.clone()),
        Piece::Types(range) => types::types(api, range.clone()),
        Piece::TypesTail => types::tail(api),
        Piece::Webhooks => webhooks::webhooks(api, cx.info),
        Piece::DoublesClient => doubles::client_builder(api),
        Piece::Doubles(range) => doubles::expectations(api, range.clone()),
    }
}

/// The text of a piece that is written as text rather than emitted and
/// formatted: a template's code, `lib.rs`'s module lines.
pub fn text(cx: &Context<'_>, piece: &Piece) -> Option<String> {
    match piece {
        Piece::Fixed(text) => Some((*text).to_owned()),
        Piece::LibModules => Some(files::lib_modules(cx.api, needs(cx.api))),
        _ => None,
    }
}

/// What the model needs of the runtime's optional modules.
fn needs(api: &Api) -> Needs {
    Needs {
        patterns: !api.patterns.is_empty(),
        string_enums: api
            .types
            .iter()
            .any(|t| matches!(t.kind, TypeKind::Enum(_))),
        date_times: api.uses(|t| matches!(t, TypeRef::DateTime)),
        operations: !api.operations.is_empty(),
        webhooks: !api.webhooks.is_empty(),
        form_bodies: api.operations.iter().any(|op| {
            op.body
                .as_ref()
                .is_some_and(|b| matches!(b.media, crate::ir::RequestMedia::Form { .. }))
        }),
        multipart: api.sends_multipart(),
        uploads: api.sends_uploads(),
        downloads: api.streams_downloads(),
        events: api.streams_events(),
        items: api.uses_items(),
        pagination: api.paginates(),
        unions: types::needs_shapes(api),
    }
}

/// Every file of the generated crate, by path relative to its root.
pub fn emit(cx: &Context<'_>) -> Vec<(String, Content)> {
    let (api, info) = (cx.api, cx.info);
    let uses_patterns = !api.patterns.is_empty();
    // Weights as in `weight`: about the lines each operation's code becomes.
    let client = |fixed: Option<&'static str>| {
        fixed
            .map(Piece::Fixed)
            .into_iter()
            .chain(std::iter::once(Piece::ClientSpec))
            .chain(
                split(&vec![METHODS_WEIGHT; api.operations.len()])
                    .into_iter()
                    .map(Piece::Methods),
            )
            .chain(
                split(&vec![ERROR_ENUM_WEIGHT; api.operations.len()])
                    .into_iter()
                    .map(Piece::ErrorEnums),
            )
            .chain(
                split(&vec![RESPONSE_ENUM_WEIGHT; api.operations.len()])
                    .into_iter()
                    .map(Piece::ResponseEnums),
            )
            .collect()
    };
    let type_weights: Vec<usize> = api.types.iter().map(type_weight).collect();
    let types = |fixed: Option<&'static str>| {
        fixed
            .map(Piece::Fixed)
            .into_iter()
            .chain(split(&type_weights).into_iter().map(Piece::Types))
            .chain(std::iter::once(Piece::TypesTail))
            .collect()
    };
    let mut out = vec![
        (
            "Cargo.toml".to_owned(),
            Content::Text(files::cargo_toml(api, info, uses_patterns)),
        ),
        (
            "README.md".to_owned(),
            Content::Text(files::readme(api, info)),
        ),
        (
            "src/lib.rs".to_owned(),
            Content::Rust(vec![Piece::Lib, Piece::LibModules]),
        ),
    ];
    for (path, text) in runtime::FIXED_FILES {
        out.push((
            (*path).to_owned(),
            Content::Text(format!("{}{text}", files::toml_header(info))),
        ));
    }
    for module in runtime::RUNTIME {
        if !module.included(needs(api)) {
            continue;
        }
        let content = match module.source {
            runtime::Source::Template(text) => Content::Rust(vec![Piece::Fixed(text)]),
            runtime::Source::Scaffold(text) => Content::Text(text.to_owned()),
            runtime::Source::Generated { fixed } => Content::Rust(match module.name {
                "client" => client(fixed),
                "types" => types(fixed),
                "webhooks" => fixed
                    .map(Piece::Fixed)
                    .into_iter()
                    .chain([Piece::Webhooks])
                    .collect(),
                "doubles" => fixed
                    .map(Piece::Fixed)
                    .into_iter()
                    .chain([Piece::DoublesClient])
                    .chain(
                        split(&vec![DOUBLES_WEIGHT; api.operations.len()])
                            .into_iter()
                            .map(Piece::Doubles),
                    )
                    .collect(),
                _ => continue,
            }),
        };
        out.push((module.path(), content));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
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

/// The tokens of a type reference.
pub fn ty(t: &TypeRef, scope: Scope) -> TokenStream {
    rust_type(&RustType::of(t), scope)
}

/// The tokens of a Rust type (the model's mapping, [`RustType`]).
pub fn rust_type(t: &RustType, scope: Scope) -> TokenStream {
    match t {
        RustType::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Defaults => quote!(super::#name),
                Scope::Crate => quote!(crate::types::#name),
            }
        }
        RustType::Local(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::Scalar(s) => match s {
            Scalar::String => quote!(String),
            Scalar::I32 => quote!(i32),
            Scalar::I64 => quote!(i64),
            Scalar::F32 => quote!(f32),
            Scalar::F64 => quote!(f64),
            Scalar::Bool => quote!(bool),
            Scalar::U8 => quote!(u8),
            Scalar::Uuid => quote!(::uuid::Uuid),
            Scalar::DateTime => quote!(crate::DateTime),
            Scalar::Date => quote!(::chrono::NaiveDate),
            Scalar::Json => quote!(::serde_json::Value),
            Scalar::ByteStream => quote!(crate::ByteStream),
        },
        RustType::Events(inner) => {
            let inner = rust_type(inner, scope);
            quote!(crate::EventStream<#inner>)
        }
        RustType::Items(inner) => {
            let inner = rust_type(inner, scope);
            quote!(crate::ItemStream<#inner>)
        }
        RustType::Vec(inner) => {
            let inner = rust_type(inner, scope);
            quote!(Vec<#inner>)
        }
        RustType::Map(inner) => {
            let inner = rust_type(inner, scope);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        RustType::Option(inner) => {
            let inner = rust_type(inner, scope);
            quote!(Option<#inner>)
        }
        RustType::Box(inner) => {
            let inner = rust_type(inner, scope);
            quote!(Box<#inner>)
        }
        RustType::Nullable(inner) => {
            let inner = rust_type(inner, scope);
            quote!(crate::Nullable<#inner>)
        }
        RustType::Unit => quote!(()),
    }
}

#[cfg(test)]
mod split_tests {
    use super::split;

    #[test]
    fn runs_cover_the_list_in_order_without_gaps() {
        for weights in [
            vec![],
            vec![5],
            vec![1; 3],
            vec![1; 100],
            vec![1, 1, 1, 1_000, 1, 1],
            vec![0; 4],
        ] {
            let runs = split(&weights);
            assert!(!runs.is_empty(), "{weights:?}");
            assert_eq!(runs[0].start, 0);
            assert_eq!(runs.last().map(|r| r.end), Some(weights.len()));
            assert!(runs.windows(2).all(|w| w[0].end == w[1].start), "{runs:?}");
            assert!(runs.len() <= super::PIECES_PER_LIST + 1, "{runs:?}");
            let heaviest = runs
                .iter()
                .map(|r| weights[r.clone()].iter().sum::<usize>())
                .max();
            assert!(
                heaviest.unwrap_or(0) < 2 * super::MAX_PIECE_WEIGHT.max(1_000),
                "{runs:?}"
            );
            if !weights.is_empty() {
                assert!(runs.iter().all(|r| !r.is_empty()), "{runs:?}");
            }
        }
    }

    #[test]
    fn runs_are_of_similar_weight() {
        let runs = split(&[1; 100]);
        assert_eq!(runs.len(), 8, "{runs:?}");
        assert!(runs[..7].iter().all(|r| r.len() == 13), "{runs:?}");
        // A heavy item closes its run; what follows starts a new one.
        let runs = split(&[1, 1, 1_000, 1, 1]);
        assert_eq!(runs, [0..3, 3..5]);
    }

    #[test]
    fn long_lists_get_more_runs_not_heavier_ones() {
        let runs = split(&[55; 5_000]);
        let most = super::MAX_PIECE_WEIGHT.div_ceil(55);
        assert!(runs.iter().all(|r| r.len() <= most), "{:?}", &runs[..3]);
        assert_eq!(runs.len(), 5_000usize.div_ceil(most));
    }
}
