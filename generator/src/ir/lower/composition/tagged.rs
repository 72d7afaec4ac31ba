//! Discriminated unions: `anyOf`/`oneOf` with a discriminator, whose
//! branches are `$ref`s to objects told apart by a property's value, and
//! the hierarchies of components that extend a base with a discriminator
//! (`allOf: [$ref: Base, {...}]`), which become such a union under the
//! base's name.

use super::*;

impl<'a> Lowerer<'a> {
    /// A base schema with a discriminator that other components extend
    /// (`allOf: [$ref: Base, {...}]`): wherever the base is used, a value is
    /// one of its subtypes, picked by the discriminator. `None` when the
    /// component has no subtypes (it stays a struct).
    pub(in crate::ir::lower) fn hierarchy(
        &mut self,
        component: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        let d = schema.schema_data.discriminator.as_ref()?;
        let subtypes = self.subtypes.get(component)?.clone();
        let refs: Vec<(ReferenceOr<Schema>, Pointer)> = subtypes
            .into_iter()
            .map(|(child, child_ptr)| {
                let reference = format!(
                    "#/components/schemas/{}",
                    child.replace('~', "~0").replace('/', "~1")
                );
                (ReferenceOr::Reference { reference }, child_ptr)
            })
            .collect();
        let located: Vec<(&ReferenceOr<Schema>, Pointer)> =
            refs.iter().map(|(r, p)| (r, p.clone())).collect();
        self.tagged_union(&located, d, schema, ptr, hint)
    }

    /// The string values a component's schema allows for `property` (a
    /// `const` or an `enum`, on the schema or through its `allOf`); empty
    /// when it does not pin them. Reads the spec only.
    fn pinned_values(&self, component: &str, property: &str, ptr: &Pointer) -> Vec<String> {
        let reference = ReferenceOr::Reference {
            reference: format!(
                "#/components/schemas/{}",
                component.replace('~', "~0").replace('/', "~1")
            ),
        };
        let Some((properties, _, _)) =
            self.all_of_properties(std::slice::from_ref(&reference), &[], None, ptr)
        else {
            return Vec::new();
        };
        let Some((_, schema, _)) = properties.iter().find(|(name, _, _)| name == property) else {
            return Vec::new();
        };
        let schema = match schema {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => component_ref(reference)
                .and_then(|n| self.component_schemas()?.get(&n))
                .and_then(ReferenceOr::as_item),
        };
        match schema.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(t))) => {
                t.enumeration.iter().flatten().cloned().collect()
            }
            _ => Vec::new(),
        }
    }

    /// A union with a discriminator whose branches are all references to
    /// object schemas; `None` (with a warning) when it is not that.
    pub(super) fn tagged_union(
        &mut self,
        branches: &[(&ReferenceOr<Schema>, Pointer)],
        d: &openapiv3::Discriminator,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut components: Vec<String> = Vec::new();
        let mut names = Namespace::with_reserved(&["Unknown"]);
        for (branch, branch_ptr) in branches {
            // A `$ref` with annotations beside it (3.1: `deprecated`) is that `$ref`.
            let sole =
                branch
                    .as_item()
                    .and_then(sole_ref)
                    .map(|reference| ReferenceOr::Reference {
                        reference: reference.to_owned(),
                    });
            let branch = sole.as_ref().unwrap_or(branch);
            let ReferenceOr::Reference { reference } = branch else {
                self.diags.warning(
                    branch_ptr,
                    "a discriminated union's branches must be `$ref`s to object schemas; the discriminator is ignored",
                );
                return None;
            };
            let lowered = self.schema(view(branch), branch_ptr, hint);
            if self.json_kind(&lowered.ty) != Some("Object") {
                self.diags.warning(
                    branch_ptr,
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
                constraints: lowered.constraints,
                guard: Guard::kind(JsonKind::Object),
                same_as: None,
            });
        }
        // Explicit mapping first, then each branch's pinned values or its
        // schema's name.
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
        let explicit: BTreeSet<String> = mapping.iter().map(|(v, _)| v.clone()).collect();
        for (i, c) in components.iter().enumerate() {
            if mapping.iter().any(|(_, j)| *j == i) {
                continue;
            }
            // A branch that pins the property to its own values (a `const`,
            // or an enum) is selected by them: its schema's name could never
            // be a valid value there.
            // Two branches may pin the same value (OpenAI's input and
            // output messages): decoding then tries them in order.
            let pinned = self.pinned_values(c, &d.property_name, ptr);
            if pinned.is_empty() && !mapping.iter().any(|(v, _)| v == c) {
                mapping.push((c.clone(), i));
            }
            for value in pinned {
                if !explicit.contains(&value) {
                    mapping.push((value, i));
                }
            }
        }
        let kind = KindDraft::Union(Union {
            variants,
            discriminator: Some(Discriminator {
                property: d.property_name.clone(),
                mapping,
                other_variant: "Unknown".to_owned(),
            }),
            by_kind: false,
        });
        Some(self.define_type(hint, schema, ptr, kind))
    }

    /// The JSON kind a type accepts, used to tell union branches apart.
    fn json_kind(&self, ty: &TypeRef) -> Option<&'static str> {
        Some(match ty {
            TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => "String",
            TypeRef::I32 | TypeRef::I64 => "Integer",
            TypeRef::F32 | TypeRef::F64 => "Number",
            TypeRef::Boolean => "Boolean",
            TypeRef::Array(_) => "Array",
            TypeRef::Map(_) => "Object",
            TypeRef::Json | TypeRef::Nullable(_) => return None,
            TypeRef::Named(name) => match self.types.get(name) {
                Some(t) => match &t.kind {
                    KindDraft::Struct(_) => "Object",
                    KindDraft::Enum(_) => "String",
                    KindDraft::Union(_) | KindDraft::Alias(_) => return None,
                },
                // A component that is queued, not lowered yet: the kind its
                // schema will give, so that the answer does not depend on the
                // order of lowering. (One being lowered, a union reached from
                // its own fields, is not known yet.)
                None => {
                    let component = self.component_of.get(name)?;
                    if self.lowered.contains(component) {
                        return None;
                    }
                    self.component_kind(component)?
                }
            },
        })
    }

    /// The JSON kind of the type a nominal component becomes (see
    /// `Lowerer::define`), read from its schema without lowering it.
    fn component_kind(&self, component: &str) -> Option<&'static str> {
        let schema = self.component_schemas()?.get(component)?.as_item()?;
        let ptr = Pointer::root()
            .push("components")
            .push("schemas")
            .push(component);
        let all_of_kind = |all_of: &[ReferenceOr<Schema>]| {
            self.all_of_properties(all_of, &[], None, &ptr)
                .map(|_| "Object")
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => Some("String"),
            SchemaKind::Type(Type::Object(_)) => Some("Object"),
            SchemaKind::Any(a)
                if a.all_of.is_empty() && a.any_of.is_empty() && a.one_of.is_empty() =>
            {
                Some("Object")
            }
            SchemaKind::AllOf { all_of } => all_of_kind(all_of),
            SchemaKind::Any(a) if !a.all_of.is_empty() => all_of_kind(&a.all_of),
            // A union (or, failing that, a JSON value): no single kind.
            _ => None,
        }
    }
}

/// For each component with a discriminator, the components that extend it:
/// an `allOf` holding a `$ref` to it and something more than annotations.
/// One pass over the components.
pub(in crate::ir::lower) fn subtypes(
    schemas: &IndexMap<String, ReferenceOr<Schema>>,
) -> BTreeMap<String, Vec<(String, Pointer)>> {
    let mut out: BTreeMap<String, Vec<(String, Pointer)>> = BTreeMap::new();
    for (name, schema) in schemas {
        let Some(schema) = schema.as_item() else {
            continue;
        };
        let all_of = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) => &a.all_of,
            _ => continue,
        };
        let own = matches!(&schema.schema_kind, SchemaKind::Any(a) if !a.properties.is_empty());
        let substantive = all_of
            .iter()
            .filter(|b| !b.as_item().is_some_and(annotates_only))
            .count();
        if substantive < 2 && !own {
            continue;
        }
        for (i, branch) in all_of.iter().enumerate() {
            let ReferenceOr::Reference { reference } = branch else {
                continue;
            };
            let Some(base) = component_ref(reference) else {
                continue;
            };
            let has_discriminator = schemas
                .get(&base)
                .and_then(ReferenceOr::as_item)
                .is_some_and(|b| b.schema_data.discriminator.is_some());
            if has_discriminator && base != *name {
                let ptr = Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(name)
                    .push("allOf")
                    .push(i);
                out.entry(base).or_default().push((name.clone(), ptr));
            }
        }
    }
    out
}

/// The `$ref` a schema only annotates: `allOf: [{$ref}]` with nothing
/// beside it but annotations (and `type: object`), as a 3.1 `$ref` with
/// siblings is normalised.
fn sole_ref(schema: &Schema) -> Option<&str> {
    let all_of = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a)
            if a.properties.is_empty()
                && a.required.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.additional_properties.is_none()
                && matches!(a.typ.as_deref(), None | Some("object")) =>
        {
            &a.all_of
        }
        _ => return None,
    };
    let mut refs = all_of
        .iter()
        .filter(|b| !b.as_item().is_some_and(annotates_only));
    match (refs.next(), refs.next()) {
        (Some(ReferenceOr::Reference { reference }), None) => Some(reference),
        _ => None,
    }
}
