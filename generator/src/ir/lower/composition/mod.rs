//! Composition: `allOf` merged into one struct, `anyOf`/`oneOf` as unions
//! (tagged when the spec names a discriminator: see [`tagged`]).

use super::constraints::{annotates_only, any_constraints, tighter};
use super::lowered::{docs_of, json_value, merge_outer};
use super::*;

mod merge;
mod rules;
mod tagged;

pub(super) use rules::{apply_rules, rules_of};
pub(super) use tagged::subtypes;

impl<'a> Lowerer<'a> {
    /// `allOf`: branches that only annotate (a `description`, `nullable`,
    /// an `example`) apply to the whole; around one other schema, the
    /// `allOf` is that schema; of objects, one struct with the fields of
    /// every branch; of schemas of one other kind (a string and its
    /// `maxLength`), one schema under the constraints of all.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn all_of(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        own_required: &[String],
        own_properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) {
        let mut substantive: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            match branch.as_item() {
                Some(s) if annotates_only(s) => {
                    let data = &s.schema_data;
                    lowered.nullable |= data.nullable;
                    if lowered.docs.description.is_none() && lowered.docs.title.is_none() {
                        lowered.docs.description.clone_from(&data.description);
                        lowered.docs.title.clone_from(&data.title);
                    }
                    lowered.docs.deprecated |= data.deprecated;
                    if lowered.default.is_none() {
                        lowered.default.clone_from(&data.default);
                    }
                }
                _ => substantive.push((i, branch)),
            }
        }
        let own_object = !own_properties.is_empty() || !own_required.is_empty();
        if !own_object {
            match substantive.as_slice() {
                // Only annotations: a value of any kind.
                [] => return,
                [(i, only)] => {
                    let inner = self.schema(view(only), &ptr.push("allOf").push(*i), hint);
                    merge_outer(lowered, inner);
                    return;
                }
                _ => {}
            }
        }
        if let Some((properties, required, closed)) = self.all_of_properties(
            located(branches, ptr),
            own_required,
            Some(own_properties),
            ptr,
        ) {
            let name = self.type_names.claim(naming::type_name(hint));
            self.inline_types
                .insert(ptr.clone(), TypeRef::Named(name.clone()));
            let fields = self.located_fields(&properties, &required, &name);
            // One map for the whole: typed by the `allOf`'s own
            // `additionalProperties`, none when it or a branch forbids
            // other properties (no valid value has any then).
            let own = match &schema.schema_kind {
                SchemaKind::Any(a) => a.additional_properties.as_ref(),
                _ => None,
            };
            let additional = if closed {
                Some(&AdditionalProperties::Any(false))
            } else {
                own
            };
            self.additional_properties(additional, ptr, &name, &fields);
            self.insert_struct(name.clone(), schema, ptr, fields);
            lowered.ty = TypeRef::Named(name);
            return;
        }
        if !own_object && self.all_of_scalars(&substantive, ptr, hint, lowered) {
            return;
        }
        self.diags.warning(ptr.push("allOf"), "`allOf` of schemas of different kinds (an object and a string, say) accepts no value or is not supported; the value is typed as `serde_json::Value`");
        lowered.ty = TypeRef::Json;
    }

    /// `allOf` of schemas that are not objects: the one type they agree on,
    /// under the constraints of every branch (the tighter bound of two).
    /// `false` when the branches are of different kinds.
    fn all_of_scalars(
        &mut self,
        branches: &[(usize, &ReferenceOr<Schema>)],
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) -> bool {
        let mut ty = TypeRef::Json;
        let mut constraints = Constraints::default();
        let mut nullable = true;
        for (i, branch) in branches {
            let branch_ptr = ptr.push("allOf").push(*i);
            let part = match branch.as_item() {
                Some(Schema {
                    schema_kind: SchemaKind::Any(a),
                    schema_data,
                }) if a.typ.is_none() && !is_object_like(a) => {
                    // Only constraints: they apply to whatever type the others give.
                    let mut part = json_value();
                    part.constraints = any_constraints(a);
                    part.nullable = schema_data.nullable;
                    part
                }
                _ => self.schema(view(branch), &branch_ptr, hint),
            };
            // Every branch must allow `null` for the whole to.
            nullable &= part.nullable;
            ty = match (ty, part.ty) {
                (TypeRef::Json, t) | (t, TypeRef::Json) => t,
                (a, b) if a == b => a,
                // An integer that is also a number is an integer.
                (a @ (TypeRef::I32 | TypeRef::I64), TypeRef::F32 | TypeRef::F64)
                | (TypeRef::F32 | TypeRef::F64, a @ (TypeRef::I32 | TypeRef::I64)) => a,
                _ => return false,
            };
            if let (Some(a), Some(b)) = (&constraints.pattern, &part.constraints.pattern) {
                if a != b {
                    self.diags.warning(
                        branch_ptr.push("pattern"),
                        "a second `pattern` in one `allOf` is not checked (only the first is)",
                    );
                }
            }
            constraints = tighter(constraints, part.constraints);
            if lowered.docs.description.is_none() && lowered.docs.title.is_none() {
                lowered.docs = part.docs;
            }
            if lowered.default.is_none() {
                lowered.default = part.default;
            }
            lowered.secret |= part.secret;
        }
        if matches!(ty, TypeRef::Named(_)) && !constraints.is_empty() {
            // A named type's constraints are its own: the extra ones would
            // not be checked (say `maxLength` beside an enum's `$ref`).
            self.diags.warning(
                ptr.push("allOf"),
                "constraints beside a `$ref` to a named type are not checked",
            );
        }
        lowered.ty = ty;
        lowered.nullable |= nullable;
        lowered.constraints = constraints;
        true
    }

    /// The properties of an `allOf` (each with every definition the
    /// branches give it, in the order they give them), its required names,
    /// and whether a branch forbids other properties
    /// (`additionalProperties: false`); `None` when a branch is not an
    /// object. Reads the spec only.
    fn all_of_properties<'s>(
        &self,
        branches: Vec<(View<'s>, Pointer)>,
        own_required: &[String],
        own_properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
        ptr: &Pointer,
    ) -> Option<(Vec<Property<'s>>, Vec<String>, bool)>
    where
        'a: 's,
    {
        let mut properties: Vec<Property<'s>> = Vec::new();
        let mut required: Vec<String> = own_required.to_vec();
        let mut stack: Vec<(View<'s>, Pointer, usize)> =
            branches.into_iter().map(|(b, p)| (b, p, 0)).collect();
        stack.reverse();
        // Each component is merged once, however often the branches reach it.
        let mut merged: BTreeSet<String> = BTreeSet::new();
        let add = |properties: &mut Vec<Property<'s>>, k: &String, v, at: Pointer| match properties
            .iter_mut()
            .find(|p| p.wire == *k)
        {
            Some(p) => p.defs.push((v, at)),
            None => properties.push(Property {
                wire: k.clone(),
                defs: vec![(v, at)],
                merged_at: ptr.push("properties").push(k),
            }),
        };
        let mut closed = false;
        while let Some((branch, branch_ptr, depth)) = stack.pop() {
            let (resolved, base): (Option<&'s Schema>, Pointer) = match branch {
                View::Schema(s) => (Some(s), branch_ptr),
                View::Ref(reference) => {
                    if !merged.insert(reference.to_owned()) {
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
            if resolved.is_some_and(annotates_only) {
                continue;
            }
            let (props, req, nested) = match resolved.map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Object(o))) if depth < 16 => {
                    closed |= matches!(
                        o.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    );
                    (Some(&o.properties), Some(&o.required), None)
                }
                Some(SchemaKind::Any(a)) if is_object_like(a) && depth < 16 => {
                    closed |= matches!(
                        a.additional_properties,
                        Some(AdditionalProperties::Any(false))
                    );
                    (Some(&a.properties), Some(&a.required), Some(&a.all_of))
                }
                Some(SchemaKind::AllOf { all_of }) if depth < 16 => (None, None, Some(all_of)),
                _ => return None,
            };
            for (k, v) in props.into_iter().flatten() {
                add(&mut properties, k, v, base.push("properties").push(k));
            }
            required.extend(req.into_iter().flatten().cloned());
            if let Some(nested) = nested {
                for (j, b) in nested.iter().enumerate().rev() {
                    stack.push((view(b), base.push("allOf").push(j), depth + 1));
                }
            }
        }
        for (k, v) in own_properties.into_iter().flatten() {
            add(&mut properties, k, v, ptr.push("properties").push(k));
        }
        Some((properties, required, closed))
    }

    /// `anyOf`/`oneOf` without a null branch: a union of the branches' types.
    /// Without a discriminator, each variant's guard and the order in which
    /// decoding tries them are decided once every type is known (see
    /// `finish`).
    pub(super) fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        key: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> TypeRef {
        if let Some(d) = &schema.schema_data.discriminator {
            let located: Vec<(&ReferenceOr<Schema>, Pointer)> = branches
                .iter()
                .enumerate()
                .map(|(i, b)| (b, ptr.push(key).push(i)))
                .collect();
            if let Some(ty) = self.tagged_union(&located, d, None, schema, ptr, hint) {
                return ty;
            }
        }
        if let Some(ty) = self.open_enum(branches, key, schema, ptr, hint) {
            return ty;
        }
        let mut lowered: Vec<Lowered> = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            lowered.push(self.schema(
                view(branch),
                &ptr.push(key).push(i),
                &branch_hint(branch, hint, i),
            ));
        }
        // Named after the kind of value (`String`, `Array`), or after the
        // item where two variants would share a name (`StringArray`).
        let kinds: Vec<String> = lowered.iter().map(|l| variant_name(&l.ty, false)).collect();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for k in &kinds {
            *count.entry(k).or_default() += 1;
        }
        let mut variant_names = Namespace::default();
        let variants: Vec<UnionVariant> = lowered
            .into_iter()
            .zip(&kinds)
            .map(|(l, kind)| {
                let shared = count.get(kind.as_str()).is_some_and(|&n| n > 1);
                UnionVariant {
                    name: variant_names.claim(variant_name(&l.ty, shared)),
                    ty: l.ty,
                    constraints: l.constraints,
                    guard: Guard::kind(JsonKind::Any),
                    same_as: None,
                }
            })
            .collect();
        self.define_type(
            hint,
            schema,
            ptr,
            KindDraft::Union(Union {
                variants,
                discriminator: None,
                by_kind: false,
            }),
        )
    }

    /// Any string, or one of the listed values (`anyOf: [{type: string},
    /// {enum: [...]}]`, the usual "open enum"): one string enum, whose
    /// catch-all variant holds the strings it does not list. `None` when the
    /// branches are not that.
    fn open_enum(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        key: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        fn string(s: &Schema) -> Option<&openapiv3::StringType> {
            match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => Some(t),
                _ => None,
            }
        }
        let mut plain = 0;
        let mut values: Vec<&str> = Vec::new();
        let mut named: Option<(usize, &ReferenceOr<Schema>)> = None;
        for (i, branch) in branches.iter().enumerate() {
            match branch {
                ReferenceOr::Item(s) => {
                    let t = string(s)?;
                    if t.enumeration.is_empty() {
                        let unconstrained = t.format == VariantOrUnknownOrEmpty::Empty
                            && t.pattern.is_none()
                            && t.min_length.is_none()
                            && t.max_length.is_none();
                        if !unconstrained {
                            return None;
                        }
                        plain += 1;
                    } else {
                        for v in &t.enumeration {
                            values.push(v.as_deref()?);
                        }
                    }
                }
                ReferenceOr::Reference { reference } => {
                    let target = component_ref(reference)
                        .and_then(|n| self.component_schemas()?.get(&n))
                        .and_then(ReferenceOr::as_item)?;
                    let t = string(target)?;
                    if t.enumeration.is_empty() || named.is_some() {
                        return None;
                    }
                    named = Some((i, branch));
                }
            }
        }
        if plain == 0 {
            return None;
        }
        match named {
            // A named enum and any string: the enum, whose catch-all is the string.
            Some((i, branch)) if values.is_empty() => {
                Some(self.schema(view(branch), &ptr.push(key).push(i), hint).ty)
            }
            Some(_) => None,
            None if values.is_empty() => None,
            None => Some(TypeRef::Named(self.define_enum(&values, schema, ptr, hint))),
        }
    }

    /// A new named type for an inline schema, under a name claimed from `hint`.
    pub(super) fn define_type(
        &mut self,
        hint: &str,
        schema: &Schema,
        ptr: &Pointer,
        kind: KindDraft,
    ) -> TypeRef {
        let name = self.type_names.claim(naming::type_name(hint));
        self.types.insert(
            name.clone(),
            TypeDraft {
                name: name.clone(),
                pointer: ptr.clone(),
                docs: docs_of(schema),
                kind,
            },
        );
        TypeRef::Named(name)
    }
}

/// The branches of the `allOf` at `ptr`, each with where it is.
fn located<'s>(branches: &'s [ReferenceOr<Schema>], ptr: &Pointer) -> Vec<(View<'s>, Pointer)> {
    branches
        .iter()
        .enumerate()
        .map(|(i, b)| (view(b), ptr.push("allOf").push(i)))
        .collect()
}

/// A schema without `type` that still describes an object part: properties,
/// required names, nested `allOf` or `additionalProperties`.
fn is_object_like(a: &openapiv3::AnySchema) -> bool {
    (a.typ.is_none() || a.typ.as_deref() == Some("object"))
        && ((a.one_of.is_empty() && a.any_of.is_empty()) || rules_of(a).is_some())
        && (!a.properties.is_empty()
            || !a.required.is_empty()
            || !a.all_of.is_empty()
            || a.additional_properties.is_some()
            || a.typ.is_some())
}

/// A union variant's name: the type's own, or the kind of value. `item`:
/// another variant has the same kind, so the name says more (the format of
/// a string, the item of an array).
fn variant_name(ty: &TypeRef, more: bool) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Uuid if more => "Uuid".to_owned(),
        TypeRef::DateTime if more => "DateTime".to_owned(),
        TypeRef::Date if more => "Date".to_owned(),
        TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => "String".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Array(inner) if more => format!("{}Array", variant_name(inner, true)),
        TypeRef::Array(_) => "Array".to_owned(),
        TypeRef::Map(inner) if more => format!("{}Map", variant_name(inner, true)),
        TypeRef::Map(_) => "Object".to_owned(),
        TypeRef::Nullable(inner) => variant_name(inner, more),
        TypeRef::Json => "Value".to_owned(),
    }
}

/// The name an inline branch's type asks for: its `title`, else its
/// `const` value after the union's (`ChoiceAuto`), else its position
/// (`ChoiceVariant1`).
fn branch_hint(branch: &ReferenceOr<Schema>, hint: &str, i: usize) -> String {
    let Some(schema) = branch.as_item() else {
        return format!("{hint}Variant{i}");
    };
    if let Some(title) = schema.schema_data.title.as_deref() {
        if !naming::type_name(title).is_empty() {
            return title.to_owned();
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(value)] if !naming::type_name(value).is_empty() => format!("{hint} {value}"),
            _ => format!("{hint}Variant{i}"),
        },
        _ => format!("{hint}Variant{i}"),
    }
}
