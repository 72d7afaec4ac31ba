//! After lowering, what depends on every type at once: which types requests
//! and responses use (the others are dropped), how each field is
//! represented, which fields are boxed, the defaults that can be written in
//! Rust and their functions, which types are validated, and the patterns
//! checked before sending.

use super::*;

/// The final types, sorted by name, and the pattern statics.
pub(super) fn finish(
    drafts: Vec<TypeDraft>,
    mut additional: BTreeMap<String, Additional>,
    closed: &BTreeSet<String>,
    operations: &[Operation],
    webhook_roots: Vec<String>,
) -> (Vec<TypeDef>, PatternTable) {
    let index: BTreeMap<String, usize> = drafts
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let (request_roots, response_roots) = roots(operations, webhook_roots);
    let in_request = reachable(&drafts, &index, &additional, request_roots);
    let in_response = reachable(&drafts, &index, &additional, response_roots);
    let enum_variants = enum_values(&drafts);
    let boxed = recursive_fields(&drafts, &index);
    let decoding = untagged_decoding(&drafts, &index);

    let mut default_fns = DefaultFns::default();
    let types: Vec<TypeDef> = drafts
        .into_iter()
        .filter(|t| in_request.contains(&t.name) || in_response.contains(&t.name))
        .map(|t| {
            let used = Use {
                request: in_request.contains(&t.name),
                response: in_response.contains(&t.name),
            };
            let kind = match t.kind {
                KindDraft::Struct(fields) => TypeKind::Struct(Struct {
                    closed: closed.contains(&t.name),
                    ..finish_struct(
                        &t.name,
                        fields,
                        used,
                        &boxed,
                        &enum_variants,
                        &mut default_fns,
                        additional.remove(&t.name),
                    )
                }),
                KindDraft::Enum(e) => TypeKind::Enum(e),
                KindDraft::Union(u) => TypeKind::Union(decoded_union(u, decoding.get(&t.name))),
                KindDraft::Alias(ty) => TypeKind::Alias(ty),
            };
            let validated =
                used.request && matches!(kind, TypeKind::Struct(_) | TypeKind::Union(_));
            TypeDef {
                name: t.name,
                pointer: t.pointer,
                docs: t.docs,
                kind,
                in_request: used.request,
                in_response: used.response,
                validated,
            }
        })
        .collect();
    let patterns = pattern_statics(&types);
    (types, patterns)
}

/// Where reachability starts: the types requests name (bodies, their
/// parts, parameters) and those responses name (success and error bodies,
/// webhooks' payloads).
fn roots(operations: &[Operation], webhook_roots: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut request_roots = Vec::new();
    // Webhooks' payloads are received, as responses are.
    let mut response_roots = webhook_roots;
    for op in operations {
        if let Some(name) = op.body.as_ref().and_then(|b| b.ty.named()) {
            request_roots.push(name.to_owned());
        }
        request_roots.extend(
            op.body
                .iter()
                .flat_map(|b| b.part_types())
                .filter_map(TypeRef::named)
                .map(str::to_owned),
        );
        request_roots.extend(
            op.params
                .iter()
                .filter_map(|p| p.ty.named())
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
                .filter_map(|s| s.body.as_ref()?.decoded()?.named())
                .map(str::to_owned),
        );
        for e in &op.errors {
            response_roots.extend(e.ty.iter().filter_map(TypeRef::named).map(str::to_owned));
        }
    }
    (request_roots, response_roots)
}

/// Each string enum's values, by type name: a default names one of them.
fn enum_values(drafts: &[TypeDraft]) -> BTreeMap<String, Vec<EnumValue>> {
    drafts
        .iter()
        .filter_map(|t| match &t.kind {
            KindDraft::Enum(e) => Some((t.name.clone(), e.values.clone())),
            _ => None,
        })
        .collect()
}

/// A struct's final fields (see [`finish_field`]), its `Default` and its
/// typed `additionalProperties`.
fn finish_struct(
    type_name: &str,
    fields: Vec<FieldDraft>,
    used: Use,
    boxed: &BTreeSet<(String, String)>,
    enum_variants: &BTreeMap<String, Vec<EnumValue>>,
    default_fns: &mut DefaultFns,
    additional: Option<Additional>,
) -> Struct {
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|f| {
            let boxed = boxed.contains(&(type_name.to_owned(), f.wire_name.clone()));
            finish_field(type_name, f, used, boxed, enum_variants, default_fns)
        })
        .collect();
    Struct {
        default: default_impl(&fields),
        fields,
        additional: additional.map(Box::new),
        rules: Vec::new(),
        closed: false,
    }
}

/// A field's default as a Rust literal (if it can be one), its
/// representation, and its default function.
fn finish_field(
    type_name: &str,
    f: FieldDraft,
    used: Use,
    boxed: bool,
    enum_variants: &BTreeMap<String, Vec<EnumValue>>,
    default_fns: &mut DefaultFns,
) -> Field {
    let default = f
        .default_json
        .as_ref()
        .and_then(|d| literal(&f.ty, d, enum_variants));
    let repr = field_repr(f.required, f.nullable, default.is_some(), f.location, used);
    let default_fn = default_fns.name(type_name, &f.name, repr);
    Field {
        wire_name: f.wire_name,
        key: f.key,
        name: f.name,
        ty: f.ty,
        repr,
        required: f.required,
        nullable: f.nullable,
        default,
        default_json: f.default_json,
        boxed,
        default_fn,
        docs: f.docs,
        constraints: f.constraints,
        location: f.location,
        sensitive: f.sensitive,
        pointer: f.pointer,
        tag: f.tag,
    }
}

/// A union with its variants as decoding tries them, with their guards
/// (see [`untagged_decoding`]); without a discriminator, told apart by the
/// kind of JSON value when no two variants share one.
fn decoded_union(mut u: Union, decoding: Option<&Vec<UnionVariant>>) -> Union {
    if u.discriminator.is_some() {
        if let Some(variants) = decoding {
            u.variants.clone_from(variants);
        }
    } else if let Some(variants) = decoding {
        u.by_kind = variants.iter().all(|v| v.guard.kind != JsonKind::Any)
            && variants
                .iter()
                .map(|v| v.guard.kind)
                .collect::<BTreeSet<_>>()
                .len()
                == variants.len();
        u.variants.clone_from(variants);
    }
    u
}

/// The variants of each union without a discriminator, with their guards,
/// in the order decoding tries them: integers before numbers, then the
/// variants whose guards say more (required properties, `const` values,
/// listed strings, formats) before those that say less, untyped ones last;
/// the spec's order otherwise. Each union looks only at its variants' own
/// types.
fn untagged_decoding(
    drafts: &[TypeDraft],
    index: &BTreeMap<String, usize>,
) -> BTreeMap<String, Vec<UnionVariant>> {
    let mut out = BTreeMap::new();
    for t in drafts {
        let KindDraft::Union(u) = &t.kind else {
            continue;
        };
        if u.discriminator.is_some() {
            // The order is the mapping's; the guards only rank variants
            // that share a value of the property.
            let variants = u
                .variants
                .iter()
                .map(|v| UnionVariant {
                    guard: guard(&v.ty, drafts, index, 0),
                    ..v.clone()
                })
                .collect();
            out.insert(t.name.clone(), variants);
            continue;
        }
        let mut variants: Vec<(UnionVariant, usize, String)> = u
            .variants
            .iter()
            .map(|v| {
                let guard = guard(&v.ty, drafts, index, 0);
                let score = guard.specificity() + format_bonus(&v.ty, drafts, index);
                let shape = shape(&v.ty, &guard, drafts, index);
                let variant = UnionVariant { guard, ..v.clone() };
                (variant, score, shape)
            })
            .collect();
        variants.sort_by_key(|(v, score, _)| {
            (
                v.guard.kind == JsonKind::Any,
                v.guard.kind != JsonKind::Integer,
                std::cmp::Reverse(*score),
            )
        });
        let mut shapes: BTreeMap<String, String> = BTreeMap::new();
        let variants = variants
            .into_iter()
            .map(|(mut v, _, shape)| {
                match shapes.get(&shape) {
                    Some(first) => v.same_as = Some(first.clone()),
                    None => {
                        shapes.insert(shape, v.name.clone());
                    }
                }
                v
            })
            .collect();
        out.insert(t.name.clone(), variants);
    }
    out
}

/// What a value must show to be of this type, as far as a union needs to
/// tell its variants apart.
fn guard(
    ty: &TypeRef,
    drafts: &[TypeDraft],
    index: &BTreeMap<String, usize>,
    depth: usize,
) -> Guard {
    match ty {
        TypeRef::Named(name) => {
            let Some(t) = index.get(name).and_then(|&i| drafts.get(i)) else {
                return Guard::kind(JsonKind::Any);
            };
            match &t.kind {
                KindDraft::Struct(fields) => {
                    let body = || fields.iter().filter(|f| f.location == Location::Body);
                    let required: Vec<String> = body()
                        .filter(|f| f.required)
                        .map(|f| f.wire_name.clone())
                        .collect();
                    let values = body()
                        .filter(|f| f.required && !f.nullable)
                        .filter_map(|f| match &f.ty {
                            TypeRef::Named(e)
                                if index
                                    .get(e)
                                    .and_then(|&i| drafts.get(i))
                                    .is_some_and(|d| matches!(d.kind, KindDraft::Enum(_))) =>
                            {
                                Some((f.wire_name.clone(), e.clone()))
                            }
                            _ => None,
                        })
                        .collect();
                    let known = if required.is_empty() {
                        body().map(|f| f.wire_name.clone()).collect()
                    } else {
                        Vec::new()
                    };
                    Guard {
                        kind: JsonKind::Object,
                        listed: None,
                        required,
                        values,
                        known,
                    }
                }
                KindDraft::Enum(_) => Guard {
                    listed: Some(name.clone()),
                    ..Guard::kind(JsonKind::String)
                },
                KindDraft::Union(u) if u.discriminator.is_some() => Guard::kind(JsonKind::Object),
                KindDraft::Union(_) => Guard::kind(JsonKind::Any),
                KindDraft::Alias(target) if depth < 8 => guard(target, drafts, index, depth + 1),
                KindDraft::Alias(_) => Guard::kind(JsonKind::Any),
            }
        }
        TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => {
            Guard::kind(JsonKind::String)
        }
        TypeRef::I32 | TypeRef::I64 => Guard::kind(JsonKind::Integer),
        TypeRef::F32 | TypeRef::F64 => Guard::kind(JsonKind::Number),
        TypeRef::Boolean => Guard::kind(JsonKind::Boolean),
        TypeRef::Array(_) => Guard::kind(JsonKind::Array),
        TypeRef::Map(_) => Guard::kind(JsonKind::Object),
        TypeRef::Nullable(inner) => guard(inner, drafts, index, depth),
        TypeRef::Json => Guard::kind(JsonKind::Any),
    }
}

/// What decoding itself checks beyond the guard: a string's format, a
/// narrower integer, an array's items.
fn format_bonus(ty: &TypeRef, drafts: &[TypeDraft], index: &BTreeMap<String, usize>) -> usize {
    match ty {
        TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date | TypeRef::I32 | TypeRef::F32 => 1,
        TypeRef::Array(inner) | TypeRef::Map(inner) => {
            guard(inner, drafts, index, 0).specificity() + format_bonus(inner, drafts, index)
        }
        _ => 0,
    }
}

/// Two variants of the same shape accept the same values as far as
/// decoding can see: the later one is reached only when the first fails.
fn shape(
    ty: &TypeRef,
    guard: &Guard,
    drafts: &[TypeDraft],
    index: &BTreeMap<String, usize>,
) -> String {
    match ty {
        TypeRef::Named(_) => format!("{guard:?}"),
        TypeRef::Array(inner) | TypeRef::Map(inner) => {
            let item = shape(inner, &self::guard(inner, drafts, index, 0), drafts, index);
            let kind = if matches!(ty, TypeRef::Array(_)) {
                "array"
            } else {
                "map"
            };
            format!("{kind}<{item}>")
        }
        TypeRef::Nullable(inner) => shape(inner, guard, drafts, index),
        other => other.to_string(),
    }
}

/// Whether requests, responses or both use a type.
#[derive(Debug, Clone, Copy)]
struct Use {
    request: bool,
    response: bool,
}

/// How a field is represented in Rust: a body field keeps absent, `null`
/// and a value apart; response types take the spec's default when a field
/// is missing.
fn field_repr(
    required: bool,
    nullable: bool,
    has_default: bool,
    location: Location,
    used: Use,
) -> FieldRepr {
    match (required, nullable) {
        // Parameters cannot be sent as `null`: left out is all there is.
        (true, _) if location != Location::Body => FieldRepr::Required,
        (false, _) if location != Location::Body => FieldRepr::Optional,
        (true, false) => FieldRepr::Required,
        (true, true) => FieldRepr::RequiredNullable,
        (false, false) if has_default && !used.request => FieldRepr::Defaulted,
        (false, false) => FieldRepr::Optional,
        (false, true) if has_default && !used.request => FieldRepr::NullableDefaulted,
        // Left out and `null` are two things on the wire, in a response as
        // in a request: a value read and sent back keeps which it was.
        (false, true) => FieldRepr::OptionalNullable,
    }
}

/// `Default` is derived when every field is optional, written by hand when
/// some take the spec's default, and absent when a field is required.
fn default_impl(fields: &[Field]) -> DefaultImpl {
    if fields.iter().any(|f| f.required) {
        DefaultImpl::None
    } else if fields
        .iter()
        .any(|f| matches!(f.repr, FieldRepr::Defaulted | FieldRepr::NullableDefaulted))
    {
        DefaultImpl::Manual
    } else {
        DefaultImpl::Derive
    }
}

/// The functions of the `defaults` module, one per defaulted field, named
/// after the type and the field and unique in the module.
#[derive(Default)]
struct DefaultFns {
    names: Namespace,
}

impl DefaultFns {
    fn name(&mut self, type_name: &str, field: &str, repr: FieldRepr) -> Option<String> {
        matches!(repr, FieldRepr::Defaulted | FieldRepr::NullableDefaulted).then(|| {
            let candidate =
                naming::field_name(&format!("{type_name} {}", field.trim_start_matches("r#")));
            self.names.claim(candidate)
        })
    }
}

/// Every pattern a request check uses (on a string field, or on the string
/// items of an array field, of a struct sent in requests), one `static`
/// each, numbered in the order of first use.
/// The pattern statics in the order the checks first use them, and where
/// each pattern's source is among them.
type PatternTable = (Vec<PatternStatic>, BTreeMap<String, usize>);

fn pattern_statics(types: &[TypeDef]) -> PatternTable {
    fn collect(ty: &TypeRef, c: &Constraints, out: &mut PatternTable) {
        match ty {
            TypeRef::String => {
                if let Some(p) = &c.pattern {
                    let (statics, index) = out;
                    index.entry(p.clone()).or_insert_with(|| {
                        statics.push(PatternStatic {
                            name: format!("PATTERN_{}", statics.len()),
                            source: p.clone(),
                        });
                        statics.len() - 1
                    });
                }
            }
            TypeRef::Array(inner) => {
                if let Some(items) = &c.items {
                    collect(inner, items, out);
                }
            }
            TypeRef::Map(inner) => {
                if let Some(values) = &c.values {
                    collect(inner, values, out);
                }
            }
            TypeRef::Nullable(inner) => collect(inner, c, out),
            _ => {}
        }
    }
    let mut out = (Vec::new(), BTreeMap::new());
    for t in types.iter().filter(|t| t.in_request) {
        match &t.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    collect(&f.ty, &f.constraints, &mut out);
                }
                if let Some(a) = &s.additional {
                    collect(&a.ty, &a.constraints, &mut out);
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    collect(&v.ty, &v.constraints, &mut out);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
    out
}

fn children(t: &TypeDraft) -> Vec<&TypeRef> {
    match &t.kind {
        KindDraft::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
        KindDraft::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        KindDraft::Alias(ty) => vec![ty],
        KindDraft::Enum(_) => Vec::new(),
    }
}

fn reachable(
    types: &[TypeDraft],
    index: &BTreeMap<String, usize>,
    additional: &BTreeMap<String, Additional>,
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
                    .chain(additional.get(&name).map(|a| &a.ty))
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
    types: &[TypeDraft],
    index: &BTreeMap<String, usize>,
) -> BTreeSet<(String, String)> {
    let direct = |t: &TypeDraft| -> Vec<String> {
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
        let KindDraft::Struct(fields) = &t.kind else {
            continue;
        };
        for f in fields {
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

#[cfg(test)]
mod tests {
    use super::*;
    use FieldRepr::*;

    #[test]
    fn field_representation() {
        let (req, resp, both) = (
            Use {
                request: true,
                response: false,
            },
            Use {
                request: false,
                response: true,
            },
            Use {
                request: true,
                response: true,
            },
        );
        // (required, nullable, has default, location, use) → representation
        let table = [
            // Body fields of request types: absent, null and a value are three states.
            (true, false, false, Location::Body, req, Required),
            (true, true, false, Location::Body, req, RequiredNullable),
            (false, false, false, Location::Body, req, Optional),
            (false, false, true, Location::Body, req, Optional),
            (false, true, false, Location::Body, req, OptionalNullable),
            (false, true, true, Location::Body, req, OptionalNullable),
            // Response types: a missing field takes the spec's default.
            (true, false, true, Location::Body, resp, Required),
            (true, true, false, Location::Body, resp, RequiredNullable),
            (false, false, false, Location::Body, resp, Optional),
            (false, false, true, Location::Body, resp, Defaulted),
            (false, true, false, Location::Body, resp, OptionalNullable),
            (false, true, true, Location::Body, resp, NullableDefaulted),
            // Used both ways: the request's needs win.
            (false, false, true, Location::Body, both, Optional),
            (false, true, true, Location::Body, both, OptionalNullable),
            // Parameters are sent or left out, never `null`.
            (true, true, false, Location::Query, req, Required),
            (false, true, true, Location::Query, req, Optional),
            (true, false, false, Location::Header, req, Required),
            (false, false, true, Location::Header, req, Optional),
        ];
        for (required, nullable, default, location, used, want) in table {
            assert_eq!(
                field_repr(required, nullable, default, location, used),
                want,
                "required {required}, nullable {nullable}, default {default}, {location:?}, {used:?}"
            );
        }
    }

    #[test]
    fn default_functions_are_named_once_per_defaulted_field() {
        let mut fns = DefaultFns::default();
        let table = [
            (
                "SessionView",
                "status",
                Defaulted,
                Some("session_view_status"),
            ),
            (
                "SessionView",
                "timeout",
                NullableDefaulted,
                Some("session_view_timeout"),
            ),
            ("SessionView", "name", Optional, None),
            (
                "SessionView",
                "r#type",
                Defaulted,
                Some("session_view_type"),
            ),
            // `Session` + `view_status` spells the same function: it gets another name.
            (
                "Session",
                "view_status",
                Defaulted,
                Some("session_view_status_2"),
            ),
        ];
        for (type_name, field, repr, want) in table {
            assert_eq!(
                fns.name(type_name, field, repr).as_deref(),
                want,
                "{type_name}.{field}"
            );
        }
    }
}
