//! Lowering: `openapiv3::OpenAPI` → [`Api`]. Resolves `$ref`s, names every
//! type and field, decides how each field is represented, and reports what it
//! cannot model (with the JSON pointer) instead of failing on it.
//!
//! Two steps. Lowering proper ([`select`], [`operations`], [`parameters`],
//! [`bodies`], [`auth`], [`schemas`], [`composition`]) turns the spec into
//! drafts: operations without their Rust names ([`OperationDraft`]) and
//! types whose fields do not know their representation yet ([`TypeDraft`]).
//! Then [`names`] names the operations and [`finish`] decides what depends
//! on every type at once (use in requests and responses, representation,
//! boxing, defaults, validation, patterns): the result is the final [`Api`].

mod auth;
mod bodies;
mod composition;
mod constraints;
mod finish;
mod lowered;
mod names;
mod operations;
mod pagination;
mod parameters;
mod schemas;
mod select;
mod tags;
mod webhooks;

pub use select::{parse_selection, MarkedScheme, Paginate, Rename, Renamed, Selector};

use schemas::is_nominal;
use select::Candidate;

use super::*;
use crate::diag::{Diagnostics, Pointer};
use crate::naming::{self, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// How deep inline schemas may nest (well beyond any real spec).
const MAX_DEPTH: usize = 64;

/// Builds the model. Problems go to `diags`; operations and types that cannot
/// be modelled are skipped or typed as JSON values, each with a warning.
pub fn lower(doc: &OpenAPI, select: &[Selector], diags: &mut Diagnostics) -> Api {
    let extra = select::extra_operations(doc, diags);
    let mut cx = Lowerer::new(doc, &extra, select, diags);
    let drafts = cx.operations(select);
    let mut webhooks = cx.webhooks(&drafts);
    cx.drain_pending();
    cx.apply_tags();
    let mut operations = names::name_operations(drafts);
    webhooks::final_method_names(&mut webhooks, &operations);
    let auth = cx.auth(&mut operations);
    let webhook_roots = webhooks
        .iter()
        .filter_map(|w| w.payload.as_ref()?.body.json()?.named())
        .map(str::to_owned)
        .collect();
    let (mut types, (patterns, pattern_index)) = finish::finish(
        cx.types.into_values().collect(),
        cx.additional,
        &cx.closed,
        &operations,
        webhook_roots,
    );
    composition::apply_rules(&mut types, cx.rules);
    pagination::paginate(doc, &mut operations, &types, select, cx.diags);
    names::name_streams(&mut operations);
    let tags = tags::tags(doc, &extra, &operations, cx.diags);
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        default_base_url: default_base_url(doc),
        license: doc.info.license.as_ref().map(|l| License {
            name: l.name.clone(),
            identifier: l
                .extensions
                .get(crate::load::LICENSE_IDENTIFIER)
                .and_then(Value::as_str)
                .map(str::to_owned),
            url: l.url.clone(),
        }),
        auth,
        operations,
        types,
        patterns,
        pattern_index,
        callback_index: webhooks::callback_index(&webhooks),
        webhooks,
        tags,
    }
}

/// An operation as lowering leaves it: everything but its Rust names,
/// which [`names`] gives once every operation is known.
#[derive(Clone)]
struct OperationDraft {
    /// The method name it asks for (before collisions are settled).
    method_name: String,
    /// Its 2xx responses have different bodies: it needs a response enum.
    several_bodies: bool,
    pointer: Pointer,
    operation_id: String,
    method: Method,
    path: String,
    summary: Option<String>,
    description: Option<String>,
    deprecated: bool,
    requires_auth: bool,
    security_schemes: Vec<Requirement>,
    path_segments: Vec<PathSegment>,
    path_params: Vec<PathParam>,
    params: Option<Params>,
    body: Option<RequestBody>,
    successes: Vec<Success>,
    accept: String,
    errors: Vec<ErrorResponse>,
}

/// A type as lowering leaves it: [`finish`] decides the rest.
struct TypeDraft {
    name: String,
    pointer: Pointer,
    docs: Docs,
    kind: KindDraft,
}

enum KindDraft {
    Struct(Vec<FieldDraft>),
    Enum(StringEnum),
    Union(Union),
    Alias(TypeRef),
}

/// A field as the spec describes it; its representation in Rust (which
/// depends on whether requests or responses use its struct) comes later.
struct FieldDraft {
    wire_name: String,
    /// The key in the struct's serde form, where it is not `wire_name`
    /// ([`crate::ir::Field::key`]).
    key: Option<String>,
    name: String,
    ty: TypeRef,
    required: bool,
    nullable: bool,
    default_json: Option<Value>,
    docs: Docs,
    constraints: Constraints,
    location: Location,
    sensitive: bool,
    pointer: Pointer,
    /// The subtype's discriminator value, which the type sets.
    tag: Option<String>,
}

fn default_base_url(doc: &OpenAPI) -> Option<String> {
    let server = doc.servers.first()?;
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    let url = url.trim_end_matches('/').to_owned();
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

/// What a schema says once its reference (if any) is looked at.
#[derive(Clone, Copy)]
enum View<'a> {
    Ref(&'a str),
    Schema(&'a Schema),
}

fn view_box(r: &ReferenceOr<Box<Schema>>) -> View<'_> {
    match r {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(s) => View::Schema(s),
    }
}

fn view(r: &ReferenceOr<Schema>) -> View<'_> {
    match r {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(s) => View::Schema(s),
    }
}

/// The result of lowering a schema where it is used.
struct Lowered {
    /// Marked secret by the schema: `format: password` or `writeOnly`, on
    /// the value or on an array's items or a map's values ([`redact`]).
    ///
    /// [`redact`]: crate::ir::redact
    secret: bool,
    ty: TypeRef,
    nullable: bool,
    constraints: Constraints,
    docs: Docs,
    default: Option<serde_json::Value>,
}

/// The path item's parameters, which apply to each of its operations.
#[derive(Clone, Copy)]
struct ParamSource<'p> {
    item: &'p [ReferenceOr<openapiv3::Parameter>],
    item_pointer: &'p Pointer,
}

/// A property: its wire name and its definitions, each with where it is:
/// one, or one per `allOf` branch that defines it (merged, see
/// `composition::merge`).
struct Property<'s> {
    wire: String,
    defs: Vec<(&'s ReferenceOr<Box<Schema>>, Pointer)>,
    /// Where the merged definition is said to be when there are several:
    /// the property under the schema whose `allOf` defines it more than once.
    merged_at: Pointer,
}

/// A component schema that becomes a named type.
struct Component {
    rust_name: String,
    pointer: Pointer,
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// OpenAPI 3.2 operations `openapiv3` does not hold, by path.
    extra: &'a select::ExtraOperations,
    diags: &'a mut Diagnostics,
    type_names: Namespace,
    /// Component schemas that become named types, by component name.
    components: BTreeMap<String, Component>,
    /// The component each of their Rust names comes from.
    component_of: BTreeMap<String, String>,
    /// Components referenced but not lowered yet.
    pending: Vec<String>,
    lowered: BTreeSet<String>,
    /// Aliases being resolved, to report `$ref` cycles.
    resolving: Vec<String>,
    /// Types made from inline schemas, by the schema's pointer, so that a
    /// schema reached twice (through `allOf`) is one type.
    inline_types: BTreeMap<Pointer, TypeRef>,
    /// How deep inline lowering is, to stop runaway nesting.
    depth: usize,
    /// For each component with a discriminator, the components that extend
    /// it (`allOf` with a `$ref` to it and more), with the pointer of that
    /// `$ref`, in document order.
    subtypes: BTreeMap<String, Vec<(String, Pointer)>>,
    /// For each struct a discriminated union selects by exactly one value:
    /// the property and that value (`None` when two unions disagree). See
    /// `composition::tagged`.
    tags: BTreeMap<String, BTreeMap<String, Option<String>>>,
    /// Structs with rule-only `oneOf`/`anyOf` beside their properties, by
    /// name (see `composition::rules`).
    rules: BTreeMap<String, Vec<Rule>>,
    /// Structs with typed `additionalProperties` beside their properties, by name.
    additional: BTreeMap<String, Additional>,
    /// Structs with `additionalProperties: false`, by name.
    closed: BTreeSet<String>,
    types: BTreeMap<String, TypeDraft>,
}

impl<'a> Lowerer<'a> {
    fn new(
        doc: &'a OpenAPI,
        extra: &'a select::ExtraOperations,
        select: &[Selector],
        diags: &'a mut Diagnostics,
    ) -> Self {
        let mut type_names = Namespace::with_reserved(naming::RESERVED_TYPE_NAMES);
        let mut components = BTreeMap::new();
        let mut component_of: BTreeMap<String, String> = BTreeMap::new();
        if let Some(c) = &doc.components {
            // Document order: deterministic, and the first spelling keeps its name.
            let nominal: Vec<&str> = c
                .schemas
                .iter()
                .filter(|(_, schema)| is_nominal(schema))
                .map(|(name, _)| name.as_str())
                .collect();
            let mut wanted = names::component_type_names(&nominal);
            let pointers: Vec<Pointer> = nominal
                .iter()
                .map(|name| {
                    Pointer::root()
                        .push("components")
                        .push("schemas")
                        .push(name)
                })
                .collect();
            names::apply_renames(
                Renamed::Type,
                select,
                &nominal,
                &mut wanted,
                &pointers,
                diags,
            );
            for (name, candidate) in nominal.into_iter().zip(wanted) {
                let rust_name = type_names.claim(candidate.clone());
                let pointer = Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(name);
                if rust_name != candidate {
                    let why = match component_of
                        .get(&candidate)
                        .and_then(|other| components.get(other))
                    {
                        Some(Component { pointer: other, .. }) => {
                            format!("`{candidate}` is taken by {other}")
                        }
                        None => format!("`{candidate}` is a name the generated code uses"),
                    };
                    diags.warning(
                        &pointer,
                        format!("schema `{name}` is `{rust_name}` in Rust: {why}"),
                    );
                }
                component_of.insert(rust_name.clone(), name.to_owned());
                components.insert(name.to_owned(), Component { rust_name, pointer });
            }
        }
        let subtypes = doc
            .components
            .as_ref()
            .map(|c| composition::subtypes(&c.schemas))
            .unwrap_or_default();
        Lowerer {
            subtypes,
            additional: BTreeMap::new(),
            tags: BTreeMap::new(),
            rules: BTreeMap::new(),
            closed: BTreeSet::new(),
            doc,
            extra,
            diags,
            type_names,
            components,
            component_of,
            pending: Vec::new(),
            lowered: BTreeSet::new(),
            resolving: Vec::new(),
            inline_types: BTreeMap::new(),
            depth: 0,
            types: BTreeMap::new(),
        }
    }

    fn component_schemas(&self) -> Option<&'a IndexMap<String, ReferenceOr<Schema>>> {
        self.doc.components.as_ref().map(|c| &c.schemas)
    }
}

/// The component a local `$ref` to `#/components/schemas/NAME` names, unescaped.
fn component_ref(reference: &str) -> Option<String> {
    component_in(reference, "schemas")
}

/// The component a local `$ref` to `#/components/{section}/NAME` names, unescaped.
fn component_in(reference: &str, section: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    if name.contains('/') {
        return None;
    }
    Some(crate::diag::unescape_token(name))
}
