//! After lowering: which types requests and responses use, how each field
//! is represented, which fields are boxed, and the defaults that can be
//! written in Rust.

use super::*;

pub(super) fn finish_types(api: &mut Api) {
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
