//! Parameters: path parameters become method arguments (and split the
//! path template), query, header and cookie parameters one struct per
//! operation. Every `style`, `explode`, `allowReserved` and `content` is
//! kept beside them ([`Encoding`]) for the client to write the value as the
//! spec says; no parameter makes an operation unusable.

use super::*;

use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle};

/// What an operation's parameters become, gathered one parameter at a time.
struct Gathered {
    /// The method's argument names taken so far.
    args: Namespace,
    path_params: Vec<PathParam>,
    /// The fields of the parameters struct.
    fields: Vec<FieldDraft>,
    encodings: Vec<(String, Encoding)>,
    field_names: Namespace,
}

/// The schema a parameter's value follows, and how it is sent.
struct ValueSchema<'p> {
    /// `None` for a `content` without a schema (any value).
    schema: Option<&'p ReferenceOr<Schema>>,
    /// `content` of a JSON media type: the value is sent as JSON.
    json: bool,
    /// Where the schema is.
    at: Pointer,
}

impl<'a> Lowerer<'a> {
    /// Path parameters (as arguments) and the struct of query, header and
    /// cookie parameters. `None`, with a warning, when a parameter cannot be
    /// sent (a `content` of a media type other than JSON or text) or the
    /// path names a parameter that is not declared.
    pub(super) fn parameters(
        &mut self,
        item: ParamSource<'_>,
        own: &[ReferenceOr<openapiv3::Parameter>],
        pointer: &Pointer,
        path: &str,
        hint: &str,
        id: &str,
    ) -> Option<(Vec<PathSegment>, Vec<PathParam>, Option<Params>)> {
        let list = self.merged_parameters(item, own, pointer)?;
        self.warn_mixed_querystring(&list);
        let mut gathered = Gathered {
            args: Namespace::with_reserved(naming::RESERVED_ARGS),
            path_params: Vec::new(),
            fields: Vec::new(),
            encodings: Vec::new(),
            field_names: Namespace::default(),
        };
        for (param, ptr, shared) in list {
            self.parameter(param, ptr, shared.as_deref(), hint, id, &mut gathered)?;
        }
        let Gathered {
            path_params,
            fields,
            encodings,
            ..
        } = gathered;
        let segments = self.path_segments(path, &path_params, pointer, id)?;
        self.warn_unused_path_params(&segments, &path_params, path);
        let params = self.params_struct(fields, encodings, pointer, hint, id);
        Some((segments, path_params, params))
    }

    /// The path item's parameters, then the operation's, resolved: the
    /// operation's replace the path item's of the same name and location.
    /// Each with where it is and, when it is shared (a `$ref`), the
    /// component's name. `None` when a reference does not resolve.
    fn merged_parameters<'p>(
        &mut self,
        item: ParamSource<'p>,
        own: &'p [ReferenceOr<Parameter>],
        pointer: &Pointer,
    ) -> Option<Vec<(&'p Parameter, Pointer, Option<String>)>>
    where
        'a: 'p,
    {
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
        Some(list)
    }

    /// One parameter: a path parameter becomes an argument, any other a
    /// field of the parameters struct. `None`, with a warning, when its
    /// `content` cannot be sent.
    fn parameter(
        &mut self,
        param: &Parameter,
        ptr: Pointer,
        shared: Option<&str>,
        hint: &str,
        id: &str,
        gathered: &mut Gathered,
    ) -> Option<()> {
        let data = param.parameter_data_ref();
        // `content` (one media type): the value is sent as JSON, or as
        // text for a `text/*` type; `schema`: as the style says.
        let any = ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Any(Default::default()),
        });
        let querystring = is_querystring(param);
        let value = if querystring {
            self.querystring_schema(data, &ptr, id)?
        } else {
            self.value_schema(data, &ptr, id)?
        };
        let (schema_ptr, type_hint) = schema_origin(shared, data, value.at, hint);
        let lowered = self.schema(view(value.schema.unwrap_or(&any)), &schema_ptr, &type_hint);
        let (location, mut encoding) = wire_encoding(param, value.json);
        if querystring {
            // The whole query string: the object's properties as exploded
            // `form` pairs, which is the form's own encoding.
            encoding.style = Style::Form;
            encoding.explode = true;
        }
        let Some(location) = location else {
            gathered.path_params.push(PathParam {
                name: data.name.clone(),
                arg: gathered.args.claim(naming::field_name(&data.name)),
                ty: lowered.ty,
                encoding,
                description: data.description.clone().or(lowered.docs.description),
                pointer: ptr,
            });
            return Some(());
        };
        let docs = Docs {
            title: lowered.docs.title,
            description: data.description.clone().or(lowered.docs.description),
            deprecated: data.deprecated.unwrap_or(false) || lowered.docs.deprecated,
            format: lowered.docs.format,
        };
        let sensitive = redact::is_secret(&data.name, &lowered.ty, lowered.secret);
        let name = gathered.field_names.claim(naming::field_name(&data.name));
        gathered.encodings.push((name.clone(), encoding));
        gathered.fields.push(FieldDraft {
            wire_name: data.name.clone(),
            key: None,
            name,
            ty: lowered.ty,
            required: data.required,
            nullable: lowered.nullable,
            default_json: lowered.default,
            docs,
            constraints: lowered.constraints,
            location,
            sensitive,
            pointer: ptr,
            tag: None,
        });
        Some(())
    }

    /// The schema of a parameter's value: its `schema`, or that of its
    /// `content`'s one media type. `None`, with a warning, when the
    /// `content` is empty or of a media type that is neither JSON nor text.
    fn value_schema<'p>(
        &mut self,
        data: &'p ParameterData,
        ptr: &Pointer,
        id: &str,
    ) -> Option<ValueSchema<'p>> {
        let content = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                return Some(ValueSchema {
                    schema: Some(s),
                    json: false,
                    at: ptr.push("schema"),
                })
            }
            ParameterSchemaOrContent::Content(content) => content,
        };
        let Some((media, item)) = content.first() else {
            return skip(
                self.diags,
                ptr,
                id,
                format!("parameter `{}` has an empty `content`", data.name),
            );
        };
        let at = ptr.push("content").push(media).push("schema");
        let essence = media.split(';').next().unwrap_or_default().trim();
        let json = match essence.to_ascii_lowercase() {
            m if m == "application/json" || m.ends_with("+json") => true,
            m if m.starts_with("text/") => false,
            _ => {
                return skip(
                    self.diags,
                    ptr,
                    id,
                    format!(
                        "parameter `{}` is described by `content` of type `{media}`, which cannot be written from a Rust value (only JSON and text can)",
                        data.name
                    ),
                );
            }
        };
        Some(ValueSchema {
            schema: item.schema.as_ref(),
            json,
            at,
        })
    }

    /// The schema of an `in: querystring` parameter (OpenAPI 3.2): that of
    /// its `application/x-www-form-urlencoded` content, written as the whole
    /// query string. `None`, with a warning, for another media type.
    fn querystring_schema<'p>(
        &mut self,
        data: &'p ParameterData,
        ptr: &Pointer,
        id: &str,
    ) -> Option<ValueSchema<'p>> {
        let form = match &data.format {
            ParameterSchemaOrContent::Content(content) => content.first().filter(|(media, _)| {
                media
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            }),
            ParameterSchemaOrContent::Schema(_) => None,
        };
        let Some((media, item)) = form else {
            return skip(
                self.diags,
                ptr,
                id,
                format!(
                    "parameter `{}` (`in: querystring`) is written as the whole query string only from `content: {{application/x-www-form-urlencoded: …}}`; describe it so",
                    data.name
                ),
            );
        };
        Some(ValueSchema {
            schema: item.schema.as_ref(),
            json: false,
            at: ptr.push("content").push(media).push("schema"),
        })
    }

    /// OpenAPI 3.2: an `in: querystring` parameter is the whole query
    /// string; the spec forbids `in: query` parameters (and a second one)
    /// beside it. Both are written, the warning says so.
    fn warn_mixed_querystring(&mut self, list: &[(&Parameter, Pointer, Option<String>)]) {
        let Some((first, at, _)) = list.iter().find(|(p, _, _)| is_querystring(p)) else {
            return;
        };
        let others: Vec<&str> = list
            .iter()
            .filter(|(p, _, _)| matches!(p, Parameter::Query { .. }) && !std::ptr::eq(*p, *first))
            .map(|(p, _, _)| p.parameter_data_ref().name.as_str())
            .collect();
        if !others.is_empty() {
            self.diags.warning(
                at,
                format!(
                    "an `in: querystring` parameter is the whole query string; OpenAPI forbids query parameters beside it ({}). The client appends them after it: remove them, or make them properties of `{}`'s schema",
                    others.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                    first.parameter_data_ref().name
                ),
            );
        }
    }

    /// The path template, split at its parameters. `None`, with a warning,
    /// when it names a parameter that is not declared.
    fn path_segments(
        &mut self,
        path: &str,
        path_params: &[PathParam],
        pointer: &Pointer,
        id: &str,
    ) -> Option<Vec<PathSegment>> {
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
                        id,
                        format!("the path's `{{{name}}}` is not declared as a path parameter"),
                    );
                }
            }
            rest = &rest[open + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        Some(segments)
    }

    /// Warns of each declared path parameter the path does not name.
    fn warn_unused_path_params(
        &mut self,
        segments: &[PathSegment],
        path_params: &[PathParam],
        path: &str,
    ) {
        for p in path_params {
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
    }

    /// The struct of the query, header and cookie parameters, registered
    /// as a type; `None` when the operation has none.
    fn params_struct(
        &mut self,
        fields: Vec<FieldDraft>,
        encodings: Vec<(String, Encoding)>,
        pointer: &Pointer,
        hint: &str,
        id: &str,
    ) -> Option<Params> {
        if fields.is_empty() {
            return None;
        }
        let fields = keyed_by_location(fields);
        let name = self
            .type_names
            .claim(naming::type_name(&format!("{hint}Params")));
        let params_ptr = pointer.push("parameters");
        let has = |location| fields.iter().any(|f| f.location == location);
        let (query, headers, cookies) = (
            has(Location::Query),
            has(Location::Header),
            has(Location::Cookie),
        );
        self.types.insert(
            name.clone(),
            TypeDraft {
                name: name.clone(),
                pointer: params_ptr,
                docs: Docs {
                    title: None,
                    description: Some(if cookies {
                        format!("The query, header and cookie parameters of operation `{id}`.")
                    } else {
                        format!("The query and header parameters of operation `{id}`.")
                    }),
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
            cookies,
            encodings,
        })
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
}

/// Warns that operation `id` is skipped, and why.
fn skip<T>(diags: &mut Diagnostics, ptr: &Pointer, id: &str, why: String) -> Option<T> {
    diags.warning(ptr, format!("operation `{id}` is skipped: {why}"));
    None
}

/// Where the schema of a parameter's value is lowered, and the name its
/// type gets. A shared parameter's schema is one type, named after the
/// component, for every operation that uses it.
fn schema_origin(
    shared: Option<&str>,
    data: &ParameterData,
    schema_at: Pointer,
    hint: &str,
) -> (Pointer, String) {
    match shared {
        Some(component) => {
            let component_ptr = Pointer::root()
                .push("components")
                .push("parameters")
                .push(component);
            let at = match &data.format {
                ParameterSchemaOrContent::Schema(_) => component_ptr.push("schema"),
                ParameterSchemaOrContent::Content(content) => component_ptr
                    .push("content")
                    .push(content.keys().next().map_or("", String::as_str))
                    .push("schema"),
            };
            (at, naming::type_name(component))
        }
        None => (
            schema_at,
            format!("{hint}{}", naming::type_name(&data.name)),
        ),
    }
}

/// Whether the load phase marked this parameter `in: querystring`.
fn is_querystring(param: &Parameter) -> bool {
    matches!(param, Parameter::Query { .. })
        && param
            .parameter_data_ref()
            .extensions
            .contains_key(crate::load::v32::QUERYSTRING)
}

/// Where a parameter goes (`None`: the path, it is an argument) and how
/// its value is written: its `style`, its `explode` (by default as its
/// location and style say) and its `allowReserved`.
fn wire_encoding(param: &Parameter, json: bool) -> (Option<Location>, Encoding) {
    let explode = |default: bool| param.parameter_data_ref().explode.unwrap_or(default);
    match param {
        Parameter::Path { style, .. } => {
            let style = match style {
                PathStyle::Simple => Style::Simple,
                PathStyle::Label => Style::Label,
                PathStyle::Matrix => Style::Matrix,
            };
            (
                None,
                Encoding {
                    style,
                    explode: explode(false),
                    allow_reserved: false,
                    json,
                },
            )
        }
        Parameter::Query {
            style,
            allow_reserved,
            ..
        } => {
            let style = match style {
                QueryStyle::Form => Style::Form,
                QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                QueryStyle::PipeDelimited => Style::PipeDelimited,
                QueryStyle::DeepObject => Style::DeepObject,
            };
            (
                Some(Location::Query),
                Encoding {
                    style,
                    explode: explode(style == Style::Form),
                    allow_reserved: *allow_reserved,
                    json,
                },
            )
        }
        Parameter::Header { .. } => (
            Some(Location::Header),
            Encoding {
                style: Style::Simple,
                explode: explode(false),
                allow_reserved: false,
                json,
            },
        ),
        Parameter::Cookie { .. } => (
            Some(Location::Cookie),
            Encoding {
                style: Style::Form,
                explode: explode(true),
                allow_reserved: false,
                json,
            },
        ),
    }
}

/// The parameters with a serde key of their own where their name is
/// another location's too (`size` in the query and in a header): the first
/// keeps its name, the others are keyed by location and name (`header
/// size`), so that their struct's serde form has each key once.
fn keyed_by_location(mut fields: Vec<FieldDraft>) -> Vec<FieldDraft> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let names: BTreeSet<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
    for f in &mut fields {
        if taken.insert(f.wire_name.clone()) {
            continue;
        }
        let base = format!("{} {}", f.location.as_str(), f.wire_name);
        let mut key = base.clone();
        let mut n = 2;
        while names.contains(&key) || taken.contains(&key) {
            key = format!("{base} {n}");
            n += 1;
        }
        taken.insert(key.clone());
        f.key = Some(key);
    }
    fields
}

#[cfg(test)]
mod tests {
    use crate::ir::{Encoding, Location, Style, TypeKind};

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: Styles, version: '1'}
paths:
  /a/{p}/{l}/{m}:
    get:
      operationId: styles
      parameters:
        - {name: p, in: path, required: true, schema: {type: string}}
        - {name: l, in: path, required: true, style: label, explode: true, schema: {type: array, items: {type: string}}}
        - {name: m, in: path, required: true, style: matrix, schema: {type: object, properties: {a: {type: string}}}}
        - {name: f, in: query, schema: {type: array, items: {type: integer}}}
        - {name: c, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: s, in: query, style: spaceDelimited, schema: {type: array, items: {type: integer}}}
        - {name: d, in: query, style: deepObject, explode: true, allowReserved: true, schema: {type: object}}
        - {name: j, in: query, content: {application/json: {schema: {type: object}}}}
        - {name: t, in: header, content: {text/plain: {schema: {type: string}}}}
        - {name: h, in: header, explode: true, schema: {type: object}}
        - {name: k, in: cookie, schema: {type: integer}}
      responses:
        '204': {description: done}
  /xml:
    get:
      operationId: xml
      parameters:
        - {name: x, in: query, content: {application/xml: {schema: {type: string}}}}
      responses:
        '204': {description: done}
"#;

    fn encoding(style: Style, explode: bool) -> Encoding {
        Encoding {
            style,
            explode,
            allow_reserved: false,
            json: false,
        }
    }

    #[test]
    fn every_style_is_kept_with_the_spec_defaults() {
        let generated = crate::generate(&crate::Input {
            sources: None,
            text: DOC,
            spec_display: "styles.yaml",
            package_name: None,
            select: Vec::new(),
            overlays: &[],
        })
        .unwrap();
        let api = &generated.api;
        let [op] = api.operations.as_slice() else {
            panic!("one operation: {:?}", api.operations);
        };
        let path: Vec<Encoding> = op.path_params.iter().map(|p| p.encoding).collect();
        assert_eq!(
            path,
            [
                encoding(Style::Simple, false),
                encoding(Style::Label, true),
                encoding(Style::Matrix, false)
            ]
        );
        let params = op.params.as_ref().unwrap();
        assert!(params.query && params.headers && params.cookies);
        let json = |e: Encoding| Encoding { json: true, ..e };
        let reserved = |e: Encoding| Encoding {
            allow_reserved: true,
            ..e
        };
        let expected = [
            ("f", encoding(Style::Form, true)),
            ("c", encoding(Style::Form, false)),
            ("s", encoding(Style::SpaceDelimited, false)),
            ("d", reserved(encoding(Style::DeepObject, true))),
            ("j", json(encoding(Style::Form, true))),
            ("t", encoding(Style::Simple, false)),
            ("h", encoding(Style::Simple, true)),
            ("k", encoding(Style::Form, true)),
        ];
        let got: Vec<(&str, Encoding)> = params
            .encodings
            .iter()
            .map(|(n, e)| (n.as_str(), *e))
            .collect();
        assert_eq!(got, expected);
        let ty = api.type_def(params.ty.named().unwrap()).unwrap();
        let TypeKind::Struct(s) = &ty.kind else {
            panic!("{ty:?}");
        };
        let locations: Vec<Location> = s.fields.iter().map(|f| f.location).collect();
        use Location::{Cookie, Header, Query};
        assert_eq!(
            locations,
            [Query, Query, Query, Query, Query, Header, Header, Cookie]
        );
        // The only parameter that cannot be sent names its media type.
        let messages: Vec<&str> = generated
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["operation `xml` is skipped: parameter `x` is described by `content` of type `application/xml`, which cannot be written from a Rust value (only JSON and text can)"]
        );
    }
}
