//! Parameters: path parameters become method arguments (and split the
//! path template), query and header parameters one struct per operation.

use super::*;

impl<'a> Lowerer<'a> {
    /// Path parameters (as arguments) and the struct of query and header
    /// parameters. `None`, with a warning, when a parameter cannot be sent.
    pub(super) fn parameters(
        &mut self,
        item: ParamSource<'_>,
        own: &[ReferenceOr<openapiv3::Parameter>],
        pointer: &Pointer,
        path: &str,
        hint: &str,
        id: &str,
    ) -> Option<(Vec<PathSegment>, Vec<PathParam>, Option<Params>)> {
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
                format: lowered.docs.format,
            };
            let sensitive = redact::is_secret(&data.name, &lowered.ty, lowered.secret);
            fields.push(FieldDraft {
                wire_name: data.name.clone(),
                name: field_names.claim(naming::field_name(&data.name)),
                ty: lowered.ty,
                required: data.required,
                nullable: lowered.nullable,
                default_json: lowered.default,
                docs,
                constraints: lowered.constraints,
                location,
                sensitive,
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
            let has = |location| fields.iter().any(|f| f.location == location);
            let (query, headers) = (has(Location::Query), has(Location::Header));
            self.types.insert(
                name.clone(),
                TypeDraft {
                    name: name.clone(),
                    pointer: params_ptr,
                    docs: Docs {
                        title: None,
                        description: Some(format!(
                            "The query and header parameters of operation `{id}`."
                        )),
                        deprecated: false,
                        format: None,
                    },
                    kind: KindDraft::Struct(fields),
                },
            );
            Some(Params {
                ty: TypeRef::Named(name),
                query,
                headers,
            })
        };
        Some((segments, path_params, params))
    }

    pub(super) fn resolve_parameter<'p>(
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
    pub(super) fn is_scalar(&self, ty: &TypeRef) -> bool {
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
                self.types.get(name).is_some_and(|t| matches!(t.kind, KindDraft::Enum(_)))
                    || self.component_of.get(name).is_some_and(|n| {
                        self.component_schemas().and_then(|s| s.get(n)).and_then(ReferenceOr::as_item).is_some_and(|s| {
                            matches!(&s.schema_kind, SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty())
                        })
                    })
            }
            _ => false,
        }
    }
}
