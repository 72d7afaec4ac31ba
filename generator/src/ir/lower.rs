//! Lowering: `openapiv3::OpenAPI` → [`Api`]. Resolves `$ref`s, names every
//! type and field, decides how each field is represented, and reports what it
//! cannot model (with the JSON pointer) instead of failing on it.

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
    let mut cx = Lowerer::new(doc, diags);
    let operations = cx.operations(select);
    cx.drain_pending();
    let auth = cx.auth(&operations);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        default_base_url: default_base_url(doc),
        auth,
        operations,
        types: cx.types.into_values().collect(),
    };
    finish_types(&mut api);
    api
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
    /// `format: password`.
    secret: bool,
    ty: TypeRef,
    nullable: bool,
    constraints: Constraints,
    docs: Docs,
    default: Option<serde_json::Value>,
}

/// Chooses operations to generate: `id:NAME` (or a bare NAME) by operation
/// id or method name, `tag:NAME` by tag, `path:PATTERN` by path (`*` at the
/// end matches any rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Id(String),
    Tag(String),
    Path(String),
}

impl Selector {
    pub fn parse(text: &str) -> Selector {
        let text = text.trim();
        if let Some(tag) = text.strip_prefix("tag:") {
            Selector::Tag(tag.to_owned())
        } else if let Some(path) = text.strip_prefix("path:") {
            Selector::Path(path.to_owned())
        } else {
            Selector::Id(text.strip_prefix("id:").unwrap_or(text).to_owned())
        }
    }

    fn matches(&self, op: &openapiv3::Operation, path: &str) -> bool {
        match self {
            Selector::Id(id) => {
                op.operation_id.as_deref() == Some(id.as_str())
                    || op.operation_id.as_deref().is_some_and(|oid| {
                        naming::method_name(Some(oid), "", path) == *id
                            || Method::ALL
                                .iter()
                                .any(|m| naming::method_name(Some(oid), m.as_str(), path) == *id)
                    })
            }
            Selector::Tag(tag) => op.tags.iter().any(|t| t == tag),
            Selector::Path(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => path == pattern,
            },
        }
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Id(id) => write!(f, "id:{id}"),
            Selector::Tag(tag) => write!(f, "tag:{tag}"),
            Selector::Path(path) => write!(f, "path:{path}"),
        }
    }
}

/// The path item's parameters, which apply to each of its operations.
#[derive(Clone, Copy)]
struct ParamSource<'p> {
    item: &'p [ReferenceOr<openapiv3::Parameter>],
    item_pointer: &'p Pointer,
}

/// A property: its wire name, its schema, and where that schema is.
type Property<'s> = (String, &'s ReferenceOr<Box<Schema>>, Pointer);

/// A component schema that becomes a named type.
struct Component {
    rust_name: String,
    pointer: Pointer,
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    diags: &'a mut Diagnostics,
    type_names: Namespace,
    /// Component schemas that become named types, by component name.
    components: BTreeMap<String, Component>,
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
    types: BTreeMap<String, TypeDef>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, diags: &'a mut Diagnostics) -> Self {
        let mut type_names = Namespace::with_reserved(naming::RESERVED_TYPE_NAMES);
        let mut components = BTreeMap::new();
        if let Some(c) = &doc.components {
            // Document order: deterministic, and the first spelling keeps its name.
            for (name, schema) in &c.schemas {
                if is_nominal(schema) {
                    let candidate = naming::type_name(name);
                    let rust_name = type_names.claim(candidate.clone());
                    let pointer = Pointer::root()
                        .push("components")
                        .push("schemas")
                        .push(name);
                    if rust_name != candidate {
                        let why = match components
                            .values()
                            .find(|c: &&Component| c.rust_name == candidate)
                        {
                            Some(other) => format!("`{candidate}` is taken by {}", other.pointer),
                            None => format!("`{candidate}` is a name the generated code uses"),
                        };
                        diags.warning(
                            &pointer,
                            format!("schema `{name}` is `{rust_name}` in Rust: {why}"),
                        );
                    }
                    components.insert(name.clone(), Component { rust_name, pointer });
                }
            }
        }
        Lowerer {
            doc,
            diags,
            type_names,
            components,
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

    // ----- operations -------------------------------------------------------

    fn operations(&mut self, select: &[Selector]) -> Vec<Operation> {
        struct Draft<'o> {
            op: &'o openapiv3::Operation,
            method: Method,
            path: String,
            pointer: Pointer,
            item_params: &'o [ReferenceOr<openapiv3::Parameter>],
            item_pointer: Pointer,
        }
        let mut drafts = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let pointer = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diags.warning(
                        &pointer,
                        "path items given by `$ref` are not supported; the path's operations are skipped",
                    );
                    continue;
                }
            };
            for method in Method::ALL {
                let op = match method {
                    Method::Get => &item.get,
                    Method::Put => &item.put,
                    Method::Post => &item.post,
                    Method::Delete => &item.delete,
                    Method::Options => &item.options,
                    Method::Head => &item.head,
                    Method::Patch => &item.patch,
                    Method::Trace => &item.trace,
                };
                if let Some(op) = op {
                    drafts.push(Draft {
                        op,
                        method,
                        path: path.clone(),
                        pointer: pointer.push(method.as_str()),
                        item_params: &item.parameters,
                        item_pointer: pointer.clone(),
                    });
                }
            }
        }

        // Only the selected operations (all without a selection).
        if !select.is_empty() {
            let mut used = vec![false; select.len()];
            drafts.retain(|d| {
                let mut keep = false;
                for (i, sel) in select.iter().enumerate() {
                    if sel.matches(d.op, &d.path) {
                        used[i] = true;
                        keep = true;
                    }
                }
                keep
            });
            for (sel, used) in select.iter().zip(used) {
                if !used {
                    self.diags.warning(
                        "/paths",
                        format!("the selection `{sel}` matches no operation"),
                    );
                }
            }
        }

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
    fn operation(
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

    /// Path parameters (as arguments) and the struct of query and header
    /// parameters. `None`, with a warning, when a parameter cannot be sent.
    fn parameters(
        &mut self,
        item: ParamSource<'_>,
        own: &[ReferenceOr<openapiv3::Parameter>],
        pointer: &Pointer,
        path: &str,
        hint: &str,
        id: &str,
    ) -> Option<(Vec<PathSegment>, Vec<PathParam>, Option<TypeRef>)> {
        use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle};
        // The operation's parameters replace the path item's of the same name and location.
        // With the component's name when the parameter is shared (a `$ref`).
        let mut list: Vec<(&Parameter, Pointer, Option<String>)> = Vec::new();
        let sources = [
            (item.item, item.item_pointer.push("parameters")),
            (own, pointer.push("parameters")),
        ];
        for (params, base) in &sources {
            for (i, p) in params.iter().enumerate() {
                let ptr = base.push(i);
                let (param, shared) = self.resolve_parameter(p, &ptr)?;
                let key = |p: &Parameter| {
                    (
                        p.parameter_data_ref().name.clone(),
                        std::mem::discriminant(p),
                    )
                };
                list.retain(|(q, _, _)| key(q) != key(param));
                list.push((param, ptr, shared));
            }
        }
        let skip = |diags: &mut Diagnostics, ptr: &Pointer, why: String| {
            diags.warning(ptr, format!("operation `{id}` is skipped: {why}"));
            None
        };
        let mut args = Namespace::with_reserved(naming::RESERVED_ARGS);
        let mut path_params = Vec::new();
        let mut fields = Vec::new();
        let mut field_names = Namespace::default();
        for (param, ptr, shared) in list {
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    return skip(
                        self.diags,
                        &ptr,
                        format!(
                            "parameter `{}` is described by `content`, which is not supported yet",
                            data.name
                        ),
                    );
                }
            };
            // A shared parameter's schema is one type, named after the component,
            // for every operation that uses it.
            let (schema_ptr, type_hint) = match &shared {
                Some(component) => (
                    Pointer::root()
                        .push("components")
                        .push("parameters")
                        .push(component)
                        .push("schema"),
                    naming::type_name(component),
                ),
                None => (
                    ptr.push("schema"),
                    format!("{hint}{}", naming::type_name(&data.name)),
                ),
            };
            let lowered = self.schema(view(schema), &schema_ptr, &type_hint);
            let location = match param {
                Parameter::Path { .. } => {
                    if !self.is_scalar(&lowered.ty) {
                        return skip(
                            self.diags,
                            &ptr,
                            format!(
                                "path parameter `{}` is not a string, number, boolean or enum",
                                data.name
                            ),
                        );
                    }
                    path_params.push(PathParam {
                        name: data.name.clone(),
                        arg: args.claim(naming::field_name(&data.name)),
                        ty: lowered.ty,
                        description: data.description.clone().or(lowered.docs.description),
                        pointer: ptr,
                    });
                    continue;
                }
                Parameter::Query { style, .. } => {
                    if !matches!(style, QueryStyle::Form) || data.explode == Some(false) {
                        return skip(self.diags, &ptr, format!("query parameter `{}` uses a style other than exploded `form`, which is not supported yet", data.name));
                    }
                    Location::Query
                }
                Parameter::Header { .. } => Location::Header,
                Parameter::Cookie { .. } => {
                    return skip(
                        self.diags,
                        &ptr,
                        format!("cookie parameter `{}` is not supported", data.name),
                    );
                }
            };
            let item_ty = match &lowered.ty {
                TypeRef::Array(inner) if location == Location::Query => inner.as_ref(),
                other => other,
            };
            if !self.is_scalar(item_ty) {
                return skip(self.diags, &ptr, format!("parameter `{}` is an object or an untyped value, which cannot be sent in a query or header yet", data.name));
            }
            let docs = Docs {
                title: lowered.docs.title,
                description: data.description.clone().or(lowered.docs.description),
                deprecated: data.deprecated.unwrap_or(false) || lowered.docs.deprecated,
            };
            fields.push(Field {
                wire_name: data.name.clone(),
                name: field_names.claim(naming::field_name(&data.name)),
                ty: lowered.ty,
                repr: FieldRepr::Required,
                required: data.required,
                nullable: lowered.nullable,
                default: None,
                default_json: lowered.default,
                boxed: false,
                docs,
                constraints: lowered.constraints,
                location,
                sensitive: lowered.secret || naming::is_secret_name(&data.name),
                pointer: ptr,
            });
        }

        // The path template, split at its parameters.
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..open + len];
            match path_params.iter().position(|p| p.name == name) {
                Some(i) => segments.push(PathSegment::Param(i)),
                None => {
                    return skip(
                        self.diags,
                        &pointer.push("parameters"),
                        format!("the path's `{{{name}}}` is not declared as a path parameter"),
                    );
                }
            }
            rest = &rest[open + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        for p in &path_params {
            if !segments.contains(&PathSegment::Param(
                path_params
                    .iter()
                    .position(|q| q.name == p.name)
                    .unwrap_or(0),
            )) {
                self.diags.warning(
                    &p.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is ignored",
                        p.name
                    ),
                );
            }
        }

        let params = if fields.is_empty() {
            None
        } else {
            let name = self
                .type_names
                .claim(naming::type_name(&format!("{hint}Params")));
            let params_ptr = pointer.push("parameters");
            self.types.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    pointer: params_ptr,
                    docs: Docs {
                        title: None,
                        description: Some(format!(
                            "The query and header parameters of operation `{id}`."
                        )),
                        deprecated: false,
                    },
                    kind: TypeKind::Struct(Struct {
                        fields,
                        default: DefaultImpl::None,
                    }),
                    in_request: false,
                    in_response: false,
                },
            );
            Some(TypeRef::Named(name))
        };
        Some((segments, path_params, params))
    }

    fn resolve_parameter<'p>(
        &mut self,
        p: &'p ReferenceOr<openapiv3::Parameter>,
        ptr: &Pointer,
    ) -> Option<(&'p openapiv3::Parameter, Option<String>)>
    where
        'a: 'p,
    {
        match p {
            ReferenceOr::Item(param) => Some((param, None)),
            ReferenceOr::Reference { reference } => {
                let name = component_in(reference, "parameters");
                let found = name
                    .as_ref()
                    .and_then(|n| self.doc.components.as_ref()?.parameters.get(n));
                match found {
                    Some(ReferenceOr::Item(param)) => Some((param, name)),
                    _ => {
                        self.diags.push(
                            crate::diag::Diagnostic::error(
                                ptr,
                                format!("`$ref: {reference}` does not resolve to a parameter"),
                            )
                            .with_help(
                                "define it under /components/parameters or fix the reference",
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    /// Whether a value of this type can be written as one string (a path
    /// segment, a query value, a header).
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Boolean
            | TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date => true,
            TypeRef::Named(name) => {
                self.types.get(name).is_some_and(|t| matches!(t.kind, TypeKind::Enum(_)))
                    || self.components.iter().any(|(n, c)| {
                        &c.rust_name == name
                            && self.component_schemas().and_then(|s| s.get(n)).and_then(ReferenceOr::as_item).is_some_and(|s| {
                                matches!(&s.schema_kind, SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty())
                            })
                    })
            }
            _ => false,
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
        hint: &str,
        id: &str,
    ) -> Option<RequestBody> {
        // A shared body (a `$ref`) is lowered where it is defined, named after it.
        let mut base = ptr.clone();
        let mut body_hint = format!("{hint}Body");
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let name = component_in(reference, "requestBodies");
                let found = name
                    .as_ref()
                    .and_then(|n| self.doc.components.as_ref()?.request_bodies.get(n));
                match (found, name) {
                    (Some(ReferenceOr::Item(b)), Some(name)) => {
                        base = Pointer::root()
                            .push("components")
                            .push("requestBodies")
                            .push(&name);
                        body_hint = naming::type_name(&name);
                        b
                    }
                    _ => {
                        self.diags.error(
                            ptr,
                            format!("`$ref: {reference}` does not resolve to a request body"),
                        );
                        return None;
                    }
                }
            }
        };
        let Some((media, media_type)) = pick_json(&body.content) else {
            let media = body.content.keys().next().cloned().unwrap_or_default();
            self.diags.warning(
                ptr.push("content"),
                format!("operation `{id}` is skipped: request media type `{media}` is not supported yet (only JSON)"),
            );
            return None;
        };
        let schema_ptr = base.push("content").push(media).push("schema");
        let Some(schema) = &media_type.schema else {
            return Some(RequestBody {
                ty: TypeRef::Json,
                required: body.required,
                description: body.description.clone(),
                default: None,
                pointer: ptr.clone(),
            });
        };
        let lowered = self.schema(view(schema), &schema_ptr, &body_hint);
        Some(RequestBody {
            ty: lowered.ty,
            required: body.required,
            description: body.description.clone().or(lowered.docs.description),
            default: lowered.default,
            pointer: ptr.clone(),
        })
    }

    /// The body of a response, and its media type: JSON decoded into a type,
    /// `text/*` as text, anything else as bytes; `None` without content.
    fn response_body(
        &mut self,
        response: &openapiv3::Response,
        ptr: &Pointer,
        hint: &str,
    ) -> (Option<Body>, Option<String>) {
        if let Some((media, media_type)) = pick_json(&response.content) {
            let ty = match &media_type.schema {
                None => TypeRef::Json,
                Some(schema) => {
                    let ptr = ptr.push("content").push(media).push("schema");
                    self.schema(view(schema), &ptr, hint).ty
                }
            };
            return (Some(Body::Json(ty)), Some(media.clone()));
        }
        let Some(media) = response.content.keys().next() else {
            return (None, None);
        };
        let body = if essence(media).starts_with("text/") {
            Body::Text
        } else {
            Body::Bytes
        };
        (Some(body), Some(media.clone()))
    }

    fn resolve_response(&self, reference: &str) -> Option<(&'a openapiv3::Response, String)> {
        let name = component_in(reference, "responses")?;
        match self.doc.components.as_ref()?.responses.get(&name)? {
            ReferenceOr::Item(r) => Some((r, name)),
            ReferenceOr::Reference { .. } => None,
        }
    }

    fn auth(&mut self, operations: &[Operation]) -> Option<Auth> {
        let mut used: Vec<&str> = Vec::new();
        for scheme in operations.iter().flat_map(|o| &o.security_schemes) {
            if !used.contains(&scheme.as_str()) {
                used.push(scheme);
            }
        }
        let schemes = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut chosen: Option<Auth> = None;
        for name in used {
            let ptr = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let Some(ReferenceOr::Item(scheme)) = schemes.and_then(|s| s.get(name)) else {
                self.diags.error(
                    &ptr,
                    format!("security scheme `{name}` is used but not defined"),
                );
                continue;
            };
            let (location, description) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name: param,
                    description,
                    ..
                } => {
                    match location {
                        openapiv3::APIKeyLocation::Header => {
                            (AuthLocation::Header(param.clone()), description)
                        }
                        openapiv3::APIKeyLocation::Query => {
                            (AuthLocation::Query(param.clone()), description)
                        }
                        openapiv3::APIKeyLocation::Cookie => {
                            self.diags.warning(&ptr, "API keys in cookies are not supported; requests are sent without it");
                            continue;
                        }
                    }
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme: s,
                    description,
                    ..
                } if s.eq_ignore_ascii_case("bearer") => (AuthLocation::Bearer, description),
                _ => {
                    self.diags.warning(&ptr, format!("security scheme `{name}` is not supported (only API keys and bearer tokens); requests are sent without it"));
                    continue;
                }
            };
            if let Some(first) = &chosen {
                self.diags.warning(&ptr, format!("only one security scheme is supported; `{}` is used and `{name}` is ignored", first.scheme));
                continue;
            }
            chosen = Some(Auth {
                scheme: name.to_owned(),
                location,
                description: description.clone(),
                pointer: ptr,
            });
        }
        chosen
    }

    // ----- schemas ----------------------------------------------------------

    fn drain_pending(&mut self) {
        while let Some(name) = self.pending.pop() {
            self.lower_component(&name);
        }
    }

    /// Defines a named component's type, once.
    fn lower_component(&mut self, name: &str) {
        if !self.lowered.insert(name.to_owned()) {
            return;
        }
        let Some(ReferenceOr::Item(schema)) = self.component_schemas().and_then(|s| s.get(name))
        else {
            // A nominal component is never a bare reference (see `is_nominal`).
            return;
        };
        let Some(component) = self.components.get(name) else {
            return;
        };
        let rust_name = component.rust_name.clone();
        let ptr = component.pointer.clone();
        self.define(schema, &ptr, rust_name);
    }

    /// Lowers a schema where it is used. `hint` names an inline type, if one is needed.
    fn schema(&mut self, schema: View<'_>, ptr: &Pointer, hint: &str) -> Lowered {
        match schema {
            View::Ref(reference) => self.reference(reference, ptr),
            View::Schema(schema) => self.inline(schema, ptr, hint),
        }
    }

    fn reference(&mut self, reference: &str, ptr: &Pointer) -> Lowered {
        let Some(name) = component_ref(reference) else {
            self.diags.push(
                crate::diag::Diagnostic::error(ptr, format!("`$ref: {reference}` is not supported"))
                    .with_help("only local references to `#/components/schemas/...` are supported; inline or bundle external schemas first"),
            );
            return json_value();
        };
        let Some(target) = self.component_schemas().and_then(|s| s.get(&name)) else {
            self.diags.push(
                crate::diag::Diagnostic::error(
                    ptr,
                    format!("`$ref: {reference}` points at a schema that does not exist"),
                )
                .with_help(format!(
                    "define `{name}` under /components/schemas or fix the reference"
                )),
            );
            return json_value();
        };
        if let Some(component) = self.components.get(&name) {
            let rust_name = component.rust_name.clone();
            if !self.lowered.contains(&name) {
                self.pending.push(name.clone());
            }
            let data = target.as_item().map(|s| &s.schema_data);
            let nullable = data.is_some_and(|d| d.nullable);
            return Lowered {
                secret: false,
                ty: TypeRef::Named(rust_name),
                nullable,
                constraints: Constraints::default(),
                docs: Docs::default(),
                // A default given on the component applies where it is used.
                default: data.and_then(|d| d.default.clone()),
            };
        }
        // Not a named type (a primitive, an array, an alias): use it in place.
        if self.resolving.contains(&name) {
            self.diags.push(
                crate::diag::Diagnostic::error(ptr, format!("`$ref` cycle through `{name}` with no object in between"))
                    .with_help("a schema cannot be only a reference to itself; give the cycle an object or array"),
            );
            return json_value();
        }
        if self.resolving.len() + self.depth >= MAX_DEPTH {
            self.diags.push(
                crate::diag::Diagnostic::error(
                    ptr,
                    format!("`$ref`s and schemas nest more than {MAX_DEPTH} levels deep here"),
                )
                .with_help("shorten the chain of schemas that only refer to other schemas"),
            );
            return json_value();
        }
        self.resolving.push(name.clone());
        let target_ptr = Pointer::root()
            .push("components")
            .push("schemas")
            .push(&name);
        let lowered = self.schema(view(target), &target_ptr, &naming::type_name(&name));
        self.resolving.pop();
        lowered
    }

    fn inline(&mut self, schema: &Schema, ptr: &Pointer, hint: &str) -> Lowered {
        if let Some(ty) = self.inline_types.get(ptr).cloned() {
            let data = &schema.schema_data;
            let enum_null = matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_none));
            return Lowered {
                secret: false,
                ty,
                nullable: data.nullable || enum_null,
                constraints: Constraints::default(),
                docs: docs_of(schema),
                default: data.default.clone(),
            };
        }
        // However a spec nests (or loops through `allOf`), the stack stays bounded.
        if self.depth >= MAX_DEPTH {
            self.diags.push(
                crate::diag::Diagnostic::error(ptr, format!("schemas nest more than {MAX_DEPTH} levels deep here"))
                    .with_help("give the nested schemas names under /components/schemas, or check for a loop through `allOf`"),
            );
            return json_value();
        }
        self.depth += 1;
        let lowered = self.inline_uncached(schema, ptr, hint);
        self.depth -= 1;
        if let TypeRef::Named(name) = &lowered.ty {
            if self.types.get(name).is_some_and(|t| &t.pointer == ptr) {
                self.inline_types.insert(ptr.clone(), lowered.ty.clone());
            }
        }
        lowered
    }

    fn inline_uncached(&mut self, schema: &Schema, ptr: &Pointer, hint: &str) -> Lowered {
        let data = &schema.schema_data;
        let docs = Docs {
            title: data.title.clone(),
            description: data.description.clone(),
            deprecated: data.deprecated,
        };
        let mut lowered = Lowered {
            secret: false,
            ty: TypeRef::Json,
            nullable: data.nullable,
            constraints: Constraints::default(),
            docs,
            default: data.default.clone(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if s.enumeration.iter().any(Option::is_none) {
                    lowered.nullable = true;
                }
                if !values.is_empty() {
                    lowered.ty = TypeRef::Named(self.define_enum(&values, schema, ptr, hint));
                } else {
                    lowered.ty = string_format(&s.format);
                    lowered.secret = matches!(
                        &s.format,
                        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)
                    );
                    lowered.constraints.min_length = s.min_length.map(|n| n as u64);
                    lowered.constraints.max_length = s.max_length.map(|n| n as u64);
                    lowered.constraints.pattern = self.pattern(s.pattern.as_deref(), ptr);
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                lowered.ty = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                };
                lowered.constraints.minimum = i.minimum.map(|v| Bound {
                    value: Number::Int(v),
                    exclusive: i.exclusive_minimum,
                });
                lowered.constraints.maximum = i.maximum.map(|v| Bound {
                    value: Number::Int(v),
                    exclusive: i.exclusive_maximum,
                });
            }
            SchemaKind::Type(Type::Number(n)) => {
                lowered.ty = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                };
                lowered.constraints.minimum = n.minimum.map(|v| Bound {
                    value: Number::Float(v),
                    exclusive: n.exclusive_minimum,
                });
                lowered.constraints.maximum = n.maximum.map(|v| Bound {
                    value: Number::Float(v),
                    exclusive: n.exclusive_maximum,
                });
                if lowered.ty == TypeRef::F32 {
                    // A bound an `f32` cannot hold cannot be checked on one.
                    for (key, bound) in [
                        ("minimum", &mut lowered.constraints.minimum),
                        ("maximum", &mut lowered.constraints.maximum),
                    ] {
                        if let Some(Bound {
                            value: Number::Float(v),
                            ..
                        }) = *bound
                        {
                            if !(v as f32).is_finite() {
                                *bound = None;
                                self.diags.warning(
                                    ptr.push(key),
                                    format!("`{key}: {v:e}` does not fit a 32-bit float (`format: float`) and is not checked"),
                                );
                            }
                        }
                    }
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => lowered.ty = TypeRef::Boolean,
            SchemaKind::Type(Type::Object(o)) => {
                lowered.ty = self.object(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    schema,
                    ptr,
                    hint,
                );
            }
            SchemaKind::Type(Type::Array(a)) => {
                let (ty, items) = self.array(a.items.as_ref(), ptr, hint);
                lowered.ty = ty;
                lowered.constraints.items = items;
                lowered.constraints.min_items = a.min_items.map(|n| n as u64);
                lowered.constraints.max_items = a.max_items.map(|n| n as u64);
            }
            SchemaKind::AllOf { all_of } => {
                if let [only] = all_of.as_slice() {
                    let inner = self.schema(view(only), &ptr.push("allOf").push(0), hint);
                    merge_outer(&mut lowered, inner);
                } else {
                    lowered.ty = self.all_of(all_of, &[], &IndexMap::new(), schema, ptr, hint);
                }
            }
            SchemaKind::AnyOf { any_of: branches } | SchemaKind::OneOf { one_of: branches } => {
                let key = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) {
                    "anyOf"
                } else {
                    "oneOf"
                };
                if let [only] = branches.as_slice() {
                    let inner = self.schema(view(only), &ptr.push(key).push(0), hint);
                    merge_outer(&mut lowered, inner);
                } else {
                    lowered.ty = self.union(branches, key, schema, ptr, hint);
                }
            }
            SchemaKind::Not { .. } => {
                self.diags.warning(
                    ptr.push("not"),
                    "`not` schemas are not supported; the value is typed as `serde_json::Value`",
                );
            }
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    lowered.ty = self.all_of(
                        &any.all_of,
                        &any.required,
                        &any.properties,
                        schema,
                        ptr,
                        hint,
                    );
                } else if !any.any_of.is_empty() || !any.one_of.is_empty() {
                    let (branches, key) = if any.any_of.is_empty() {
                        (&any.one_of, "oneOf")
                    } else {
                        (&any.any_of, "anyOf")
                    };
                    lowered.ty = self.union(branches, key, schema, ptr, hint);
                } else if !any.properties.is_empty()
                    || any.typ.as_deref() == Some("object")
                    || any.additional_properties.is_some()
                {
                    lowered.ty = self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        schema,
                        ptr,
                        hint,
                    );
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    let (ty, items) = self.array(any.items.as_ref(), ptr, hint);
                    lowered.ty = ty;
                    lowered.constraints.items = items;
                } else if let Some(typ) = any.typ.as_deref() {
                    self.diags.warning(ptr, format!("schema of type `{typ}` mixes keywords in a way that is not supported; the value is typed as `serde_json::Value`"));
                }
            }
        }
        lowered
    }

    fn pattern(&mut self, pattern: Option<&str>, ptr: &Pointer) -> Option<String> {
        let pattern = pattern?;
        match regress::Regex::new(pattern) {
            Ok(_) => Some(pattern.to_owned()),
            Err(e) => {
                self.diags.warning(ptr.push("pattern"), format!("pattern is not a valid ECMAScript regular expression ({e}); it is not checked"));
                None
            }
        }
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        ptr: &Pointer,
        hint: &str,
    ) -> (TypeRef, Option<Box<Constraints>>) {
        match items {
            None => (TypeRef::Array(Box::new(TypeRef::Json)), None),
            Some(items) => {
                let inner =
                    self.schema(view_box(items), &ptr.push("items"), &format!("{hint}Item"));
                let ty = nullable_item(inner.ty, inner.nullable);
                let constraints =
                    (!inner.constraints.is_empty()).then(|| Box::new(inner.constraints));
                (TypeRef::Array(Box::new(ty)), constraints)
            }
        }
    }

    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> TypeRef {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let inner = self.schema(
                        view(s),
                        &ptr.push("additionalProperties"),
                        &format!("{hint}Value"),
                    );
                    TypeRef::Map(Box::new(nullable_item(inner.ty, inner.nullable)))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            };
        }
        let name = self.type_names.claim(naming::type_name(hint));
        // Known before its fields are: a field that leads back here (through
        // `allOf`) refers to this type instead of making it again.
        self.inline_types
            .insert(ptr.clone(), TypeRef::Named(name.clone()));
        let fields = self.fields(properties, required, ptr, &name);
        self.insert_struct(name.clone(), schema, ptr, fields);
        TypeRef::Named(name)
    }

    fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ptr: &Pointer,
        type_name: &str,
    ) -> Vec<Field> {
        let located: Vec<Property<'_>> = properties
            .iter()
            .map(|(wire, schema)| (wire.clone(), schema, ptr.push("properties").push(wire)))
            .collect();
        self.located_fields(&located, required, type_name)
    }

    /// Fields from properties that each know where they are in the spec
    /// (for `allOf`, that is in the branch that declared them).
    fn located_fields(
        &mut self,
        properties: &[Property<'_>],
        required: &[String],
        type_name: &str,
    ) -> Vec<Field> {
        let mut names = Namespace::default();
        let mut by_rust_name: BTreeMap<String, String> = BTreeMap::new();
        let mut fields = Vec::new();
        for (wire, prop, prop_ptr) in properties {
            let prop_ptr = prop_ptr.clone();
            let hint = format!("{type_name}{}", naming::type_name(wire));
            let lowered = self.schema(view_box(prop), &prop_ptr, &hint);
            let candidate = naming::field_name(wire);
            let name = names.claim(candidate.clone());
            if name != candidate {
                let other = by_rust_name.get(&candidate).cloned().unwrap_or_default();
                self.diags.warning(
                    &prop_ptr,
                    format!("property `{wire}` is `{name}` in Rust: `{candidate}` is taken by property `{other}`"),
                );
            }
            by_rust_name.insert(name.clone(), wire.clone());
            fields.push(Field {
                wire_name: wire.clone(),
                name,
                ty: lowered.ty,
                repr: FieldRepr::Required,
                required: required.iter().any(|r| r == wire),
                nullable: lowered.nullable,
                default: None,
                default_json: lowered.default,
                boxed: false,
                docs: lowered.docs,
                constraints: lowered.constraints,
                location: Location::Body,
                sensitive: lowered.secret || naming::is_secret_name(wire),
                pointer: prop_ptr,
            });
        }
        fields
    }

    fn insert_struct(&mut self, name: String, schema: &Schema, ptr: &Pointer, fields: Vec<Field>) {
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                pointer: ptr.clone(),
                docs: docs_of(schema),
                kind: TypeKind::Struct(Struct {
                    fields,
                    default: DefaultImpl::None,
                }),
                in_request: false,
                in_response: false,
            },
        );
    }

    /// `allOf` of objects: one struct with the fields of every branch.
    fn all_of(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        own_required: &[String],
        own_properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> TypeRef {
        let mut properties: Vec<Property<'_>> = Vec::new();
        let mut required: Vec<String> = own_required.to_vec();
        let no_properties = IndexMap::new();
        let no_required: Vec<String> = Vec::new();
        let mut stack: Vec<(&ReferenceOr<Schema>, Pointer, usize)> = branches
            .iter()
            .enumerate()
            .map(|(i, b)| (b, ptr.push("allOf").push(i), 0))
            .collect();
        stack.reverse();
        // Each component is merged once, however often the branches reach it.
        let mut merged: BTreeSet<String> = BTreeSet::new();
        while let Some((branch, branch_ptr, depth)) = stack.pop() {
            let (resolved, base) = match branch {
                ReferenceOr::Item(s) => (Some(s), branch_ptr),
                ReferenceOr::Reference { reference } => {
                    if !merged.insert(reference.clone()) {
                        continue;
                    }
                    let name = component_ref(reference);
                    let schema = name
                        .as_deref()
                        .and_then(|n| self.component_schemas()?.get(n))
                        .and_then(ReferenceOr::as_item);
                    let base = Pointer::root()
                        .push("components")
                        .push("schemas")
                        .push(name.unwrap_or_default());
                    (schema, base)
                }
            };
            let object = resolved.and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required, None)),
                SchemaKind::Any(a) if !a.properties.is_empty() || !a.all_of.is_empty() => {
                    Some((&a.properties, &a.required, Some(&a.all_of)))
                }
                SchemaKind::AllOf { all_of } => Some((&no_properties, &no_required, Some(all_of))),
                _ => None,
            });
            match object {
                Some((props, req, nested)) if depth < 16 => {
                    for (k, v) in props {
                        if !properties.iter().any(|(name, _, _)| name == k) {
                            properties.push((k.clone(), v, base.push("properties").push(k)));
                        }
                    }
                    required.extend(req.iter().cloned());
                    if let Some(nested) = nested {
                        for (j, b) in nested.iter().enumerate().rev() {
                            stack.push((b, base.push("allOf").push(j), depth + 1));
                        }
                    }
                }
                _ => {
                    self.diags.warning(ptr.push("allOf"), "`allOf` of schemas that are not all objects is not supported; the value is typed as `serde_json::Value`");
                    return TypeRef::Json;
                }
            }
        }
        for (k, v) in own_properties {
            if !properties.iter().any(|(name, _, _)| name == k) {
                properties.push((k.clone(), v, ptr.push("properties").push(k)));
            }
        }
        let name = self.type_names.claim(naming::type_name(hint));
        self.inline_types
            .insert(ptr.clone(), TypeRef::Named(name.clone()));
        let fields = self.located_fields(&properties, &required, &name);
        self.insert_struct(name.clone(), schema, ptr, fields);
        TypeRef::Named(name)
    }

    /// `anyOf`/`oneOf` without a null branch: an untagged enum when every branch
    /// has its own JSON kind (so decoding cannot pick the wrong branch), else
    /// an untyped value with a warning.
    fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        key: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> TypeRef {
        if let Some(d) = &schema.schema_data.discriminator {
            if let Some(ty) = self.tagged_union(branches, d, key, schema, ptr, hint) {
                return ty;
            }
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut variant_names = Namespace::default();
        let mut kinds = BTreeSet::new();
        for (i, branch) in branches.iter().enumerate() {
            let lowered = self.schema(
                view(branch),
                &ptr.push(key).push(i),
                &format!("{hint}Variant{i}"),
            );
            let Some(kind) = self.json_kind(&lowered.ty) else {
                return self.union_fallback(ptr, key);
            };
            if !kinds.insert(kind) {
                return self.union_fallback(ptr, key);
            }
            let name = variant_names.claim(match &lowered.ty {
                TypeRef::Named(n) => n.clone(),
                _ => kind.to_owned(),
            });
            variants.push(UnionVariant {
                name,
                ty: lowered.ty,
            });
        }
        // Integers before numbers: an integer must not decode as a float.
        variants.sort_by_key(|v| u8::from(!matches!(v.ty, TypeRef::I32 | TypeRef::I64)));
        self.define_type(
            hint,
            schema,
            ptr,
            TypeKind::Union(Union {
                variants,
                discriminator: None,
            }),
        )
    }

    /// A new named type for an inline schema, under a name claimed from `hint`.
    fn define_type(
        &mut self,
        hint: &str,
        schema: &Schema,
        ptr: &Pointer,
        kind: TypeKind,
    ) -> TypeRef {
        let name = self.type_names.claim(naming::type_name(hint));
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                pointer: ptr.clone(),
                docs: docs_of(schema),
                kind,
                in_request: false,
                in_response: false,
            },
        );
        TypeRef::Named(name)
    }

    /// A union with a discriminator whose branches are all references to
    /// object schemas; `None` (with a warning) when it is not that.
    fn tagged_union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        d: &openapiv3::Discriminator,
        key: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut components: Vec<String> = Vec::new();
        let mut names = Namespace::with_reserved(&["Unknown"]);
        for (i, branch) in branches.iter().enumerate() {
            let ReferenceOr::Reference { reference } = branch else {
                self.diags.warning(
                    ptr.push(key).push(i),
                    "a discriminated union's branches must be `$ref`s to object schemas; the discriminator is ignored",
                );
                return None;
            };
            let lowered = self.schema(view(branch), &ptr.push(key).push(i), hint);
            if self.json_kind(&lowered.ty) != Some("Object") {
                self.diags.warning(
                    ptr.push(key).push(i),
                    "a discriminated union's branches must be object schemas; the discriminator is ignored",
                );
                return None;
            }
            let component = component_ref(reference).unwrap_or_default();
            let name = names.claim(lowered.ty.named().unwrap_or("Variant").to_owned());
            components.push(component);
            variants.push(UnionVariant {
                name,
                ty: lowered.ty,
            });
        }
        // Explicit mapping first, then each branch's own schema name.
        let mut mapping: Vec<(String, usize)> = Vec::new();
        for (value, target) in &d.mapping {
            // A mapping names a schema by `$ref` or by its bare name.
            let target = component_ref(target).unwrap_or_else(|| target.clone());
            let target = target.as_str();
            match components.iter().position(|c| c == target) {
                Some(i) => mapping.push((value.clone(), i)),
                None => self.diags.warning(
                    ptr.push("discriminator").push("mapping").push(value),
                    format!("the discriminator maps `{value}` to `{target}`, which is not one of the union's branches; the value is ignored"),
                ),
            }
        }
        for (i, c) in components.iter().enumerate() {
            let mapped = mapping.iter().any(|(value, j)| *j == i || value == c);
            if !mapped {
                mapping.push((c.clone(), i));
            }
        }
        let kind = TypeKind::Union(Union {
            variants,
            discriminator: Some(Discriminator {
                property: d.property_name.clone(),
                mapping,
                other_variant: "Unknown".to_owned(),
            }),
        });
        Some(self.define_type(hint, schema, ptr, kind))
    }

    fn union_fallback(&mut self, ptr: &Pointer, key: &str) -> TypeRef {
        self.diags.warning(
            ptr.push(key),
            format!("`{key}` branches that the JSON value alone cannot tell apart are not supported yet; the value is typed as `serde_json::Value`"),
        );
        TypeRef::Json
    }

    /// The JSON kind a type accepts, used to tell union branches apart.
    fn json_kind(&mut self, ty: &TypeRef) -> Option<&'static str> {
        Some(match ty {
            TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => "String",
            TypeRef::I32 | TypeRef::I64 => "Integer",
            TypeRef::F32 | TypeRef::F64 => "Number",
            TypeRef::Boolean => "Boolean",
            TypeRef::Array(_) => "Array",
            TypeRef::Map(_) => "Object",
            TypeRef::Json | TypeRef::Nullable(_) => return None,
            TypeRef::Named(name) => {
                // A component is defined now if it was not yet, so that the
                // answer does not depend on the order of lowering.
                let component = self
                    .components
                    .iter()
                    .find(|(_, c)| &c.rust_name == name)
                    .map(|(n, _)| n.clone());
                if let Some(component) = component {
                    self.lower_component(&component);
                }
                match &self.types.get(name)?.kind {
                    TypeKind::Struct(_) => "Object",
                    TypeKind::Enum(_) => "String",
                    TypeKind::Union(_) | TypeKind::Alias(_) => return None,
                }
            }
        })
    }

    fn define_enum(
        &mut self,
        values: &[&str],
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> String {
        let name = self.type_names.claim(naming::type_name(hint));
        self.insert_enum(name.clone(), values, schema, ptr);
        name
    }

    fn insert_enum(&mut self, name: String, values: &[&str], schema: &Schema, ptr: &Pointer) {
        // The catch-all is claimed first, so that its name does not change
        // when a later version of the spec lists a value called `unknown`.
        let mut variants = Namespace::default();
        let other_variant = variants.claim("Unknown".to_owned());
        let mut seen = BTreeSet::new();
        let values: Vec<EnumValue> = values
            .iter()
            .filter(|v| seen.insert(**v))
            .map(|wire| EnumValue {
                wire: (*wire).to_owned(),
                variant: variants.claim(naming::variant_name(wire)),
            })
            .collect();
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                pointer: ptr.clone(),
                docs: docs_of(schema),
                kind: TypeKind::Enum(StringEnum {
                    values,
                    other_variant,
                }),
                in_request: false,
                in_response: false,
            },
        );
    }

    /// A component that is a named type: its definition under its own name.
    fn define(&mut self, schema: &Schema, ptr: &Pointer, name: String) {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                self.insert_enum(name, &values, schema, ptr);
            }
            SchemaKind::Type(Type::Object(o)) => {
                let fields = self.fields(&o.properties, &o.required, ptr, &name);
                self.insert_struct(name, schema, ptr, fields);
            }
            SchemaKind::Any(a)
                if a.all_of.is_empty() && a.any_of.is_empty() && a.one_of.is_empty() =>
            {
                let fields = self.fields(&a.properties, &a.required, ptr, &name);
                self.insert_struct(name, schema, ptr, fields);
            }
            _ => {
                // A composition: lowered by the general path, which claims a
                // type name from its hint; release the component's name so
                // that it claims exactly that one.
                self.type_names.release(&name);
                let ty = self.inline(schema, ptr, &name).ty;
                if ty != TypeRef::Named(name.clone()) {
                    // It fell back to another type: the name stays as an alias of it.
                    self.type_names.claim(name.clone());
                    self.types.insert(
                        name.clone(),
                        TypeDef {
                            name,
                            pointer: ptr.clone(),
                            docs: docs_of(schema),
                            kind: TypeKind::Alias(ty),
                            in_request: false,
                            in_response: false,
                        },
                    );
                }
            }
        }
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
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// An array item or map value that may be `null`.
fn nullable_item(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable && ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

fn merge_outer(outer: &mut Lowered, inner: Lowered) {
    outer.secret |= inner.secret;
    outer.ty = inner.ty;
    outer.nullable |= inner.nullable;
    outer.constraints = inner.constraints;
    if outer.docs.description.is_none() && outer.docs.title.is_none() {
        outer.docs = inner.docs;
    }
    if outer.default.is_none() {
        outer.default = inner.default;
    }
}

fn json_value() -> Lowered {
    Lowered {
        secret: false,
        ty: TypeRef::Json,
        nullable: false,
        constraints: Constraints::default(),
        docs: Docs::default(),
        default: None,
    }
}

fn docs_of(schema: &Schema) -> Docs {
    Docs {
        title: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
        deprecated: schema.schema_data.deprecated,
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

fn pick_json(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    content.iter().find(|(media, _)| {
        let essence = essence(media);
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// A media type without its parameters, lower case: `Text/Plain; charset=x` → `text/plain`.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a component schema becomes a named type (object, string enum,
/// composition) rather than being used in place (primitive, array, alias).
fn is_nominal(schema: &ReferenceOr<Schema>) -> bool {
    let Some(schema) = schema.as_item() else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::AnyOf { any_of: b } | SchemaKind::OneOf { one_of: b } => b.len() > 1,
        SchemaKind::Any(a) => {
            !a.properties.is_empty()
                || !a.all_of.is_empty()
                || !a.any_of.is_empty()
                || !a.one_of.is_empty()
        }
        _ => false,
    }
}

// ----- after lowering: usage, representation, recursion ----------------------

fn finish_types(api: &mut Api) {
    let index: BTreeMap<String, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in &api.operations {
        if let Some(name) = op.body.as_ref().and_then(|b| b.ty.named()) {
            request_roots.push(name.to_owned());
        }
        request_roots.extend(
            op.params
                .iter()
                .filter_map(TypeRef::named)
                .map(str::to_owned),
        );
        request_roots.extend(
            op.path_params
                .iter()
                .filter_map(|p| p.ty.named())
                .map(str::to_owned),
        );
        response_roots.extend(
            op.successes
                .iter()
                .filter_map(|s| s.body.as_ref()?.json()?.named())
                .map(str::to_owned),
        );
        for e in &op.errors {
            response_roots.extend(e.ty.iter().filter_map(TypeRef::named).map(str::to_owned));
        }
    }
    let in_request = reachable(&api.types, &index, request_roots);
    let in_response = reachable(&api.types, &index, response_roots);
    let enum_variants: BTreeMap<String, Vec<EnumValue>> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Enum(e) => Some((t.name.clone(), e.values.clone())),
            _ => None,
        })
        .collect();
    let boxed = recursive_fields(&api.types, &index);

    api.types
        .retain(|t| in_request.contains(&t.name) || in_response.contains(&t.name));
    for t in &mut api.types {
        t.in_request = in_request.contains(&t.name);
        t.in_response = in_response.contains(&t.name);
        let TypeKind::Struct(s) = &mut t.kind else {
            continue;
        };
        for f in &mut s.fields {
            f.default = f
                .default_json
                .as_ref()
                .and_then(|d| literal(&f.ty, d, &enum_variants));
            f.repr = match (f.required, f.nullable) {
                // Parameters cannot be sent as `null`: left out is all there is.
                (true, _) if f.location != Location::Body => FieldRepr::Required,
                (false, _) if f.location != Location::Body => FieldRepr::Optional,
                (true, false) => FieldRepr::Required,
                (true, true) => FieldRepr::RequiredNullable,
                (false, false) if f.default.is_some() && !t.in_request => FieldRepr::Defaulted,
                (false, false) => FieldRepr::Optional,
                (false, true) if t.in_request => FieldRepr::OptionalNullable,
                (false, true) if f.default.is_some() => FieldRepr::NullableDefaulted,
                (false, true) => FieldRepr::Optional,
            };
            f.boxed = boxed.contains(&(t.name.clone(), f.wire_name.clone()));
        }
        s.default = if s.fields.iter().any(|f| f.required) {
            DefaultImpl::None
        } else if s
            .fields
            .iter()
            .any(|f| matches!(f.repr, FieldRepr::Defaulted | FieldRepr::NullableDefaulted))
        {
            DefaultImpl::Manual
        } else {
            DefaultImpl::Derive
        };
    }
}

fn children(t: &TypeDef) -> Vec<&TypeRef> {
    match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reachable(
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
    roots: Vec<String>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(t) = index.get(&name).map(|&i| &types[i]) {
            stack.extend(
                children(t)
                    .into_iter()
                    .filter_map(TypeRef::named)
                    .map(str::to_owned),
            );
        }
    }
    seen
}

/// Fields whose type contains the field's own struct without an array or map
/// in between: they must be boxed for the type to have a finite size.
fn recursive_fields(
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
) -> BTreeSet<(String, String)> {
    let direct = |t: &TypeDef| -> Vec<String> {
        children(t)
            .into_iter()
            .filter_map(|ty| match ty {
                TypeRef::Named(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    };
    let mut out = BTreeSet::new();
    for t in types {
        let TypeKind::Struct(s) = &t.kind else {
            continue;
        };
        for f in &s.fields {
            let TypeRef::Named(start) = &f.ty else {
                continue;
            };
            let mut seen = BTreeSet::new();
            let mut stack = vec![start.clone()];
            while let Some(n) = stack.pop() {
                if n == t.name {
                    out.insert((t.name.clone(), f.wire_name.clone()));
                    break;
                }
                if seen.insert(n.clone()) {
                    if let Some(child) = index.get(&n).map(|&i| &types[i]) {
                        stack.extend(direct(child));
                    }
                }
            }
        }
    }
    out
}

fn literal(
    ty: &TypeRef,
    value: &serde_json::Value,
    enums: &BTreeMap<String, Vec<EnumValue>>,
) -> Option<Literal> {
    use serde_json::Value as V;
    Some(match (ty, value) {
        (TypeRef::String, V::String(s)) => Literal::String(s.clone()),
        (TypeRef::Boolean, V::Bool(b)) => Literal::Bool(*b),
        (TypeRef::I32, V::Number(n)) => {
            Literal::Integer(n.as_i64().filter(|i| i32::try_from(*i).is_ok())?)
        }
        (TypeRef::I64, V::Number(n)) => Literal::Integer(n.as_i64()?),
        (TypeRef::F32, V::Number(n)) => {
            Literal::Number(n.as_f64().filter(|f| (*f as f32).is_finite())?)
        }
        (TypeRef::F64, V::Number(n)) => Literal::Number(n.as_f64().filter(|f| f.is_finite())?),
        (TypeRef::Named(name), V::String(s)) => {
            let values = enums.get(name)?;
            Literal::Variant(values.iter().find(|v| &v.wire == s)?.variant.clone())
        }
        _ => return None,
    })
}
