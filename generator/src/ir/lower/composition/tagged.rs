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
                let reference =
                    format!("#/components/schemas/{}", crate::diag::escape_token(&child));
                (ReferenceOr::Reference { reference }, child_ptr)
            })
            .collect();
        let located: Vec<(&ReferenceOr<Schema>, Pointer)> =
            refs.iter().map(|(r, p)| (r, p.clone())).collect();
        self.tagged_union(&located, d, Some(component), schema, ptr, hint)
    }

    /// The string values a component's schema allows for `property` (a
    /// `const` or an `enum`, on the schema or through its `allOf`; where
    /// several branches define the property, the values all of them allow);
    /// empty when it does not pin them. What the hierarchy's `base` says
    /// is left out: a base that lists every subtype's value pins none.
    /// Reads the spec only.
    fn pinned_values(
        &self,
        component: &str,
        property: &str,
        base: Option<&str>,
        ptr: &Pointer,
    ) -> Vec<String> {
        let reference = format!(
            "#/components/schemas/{}",
            crate::diag::escape_token(component)
        );
        let schema = self
            .component_schemas()
            .and_then(|s| s.get(component))
            .and_then(ReferenceOr::as_item);
        let component_ptr = Pointer::root()
            .push("components")
            .push("schemas")
            .push(component);
        let (all_of, own) = match schema.map(|s| &s.schema_kind) {
            Some(SchemaKind::AllOf { all_of }) => (all_of.as_slice(), None),
            Some(SchemaKind::Any(a)) => (a.all_of.as_slice(), Some(&a.properties)),
            _ => (&[][..], None),
        };
        let found = match base {
            Some(base) if !all_of.is_empty() => {
                let branches = located(all_of, &component_ptr)
                    .into_iter()
                    .filter(|(b, _)| {
                        !matches!(b, View::Ref(r) if component_ref(r).as_deref() == Some(base))
                    })
                    .collect();
                self.all_of_properties(branches, &[], own, &component_ptr)
            }
            _ => self.all_of_properties(vec![(View::Ref(&reference), ptr.clone())], &[], None, ptr),
        };
        let Some((properties, _, _)) = found else {
            return Vec::new();
        };
        let Some(p) = properties.iter().find(|p| p.wire == property) else {
            return Vec::new();
        };
        let mut pinned: Option<Vec<String>> = None;
        for (def, _) in &p.defs {
            let schema = match def {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => component_ref(reference)
                    .and_then(|n| self.component_schemas()?.get(&n))
                    .and_then(ReferenceOr::as_item),
            };
            let values: Vec<String> = match schema.map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::String(t))) => {
                    t.enumeration.iter().flatten().cloned().collect()
                }
                _ => Vec::new(),
            };
            if values.is_empty() {
                continue;
            }
            pinned = Some(match pinned {
                None => values,
                Some(before) => before.into_iter().filter(|v| values.contains(v)).collect(),
            });
        }
        pinned.unwrap_or_default()
    }

    /// A union with a discriminator whose branches are all references to
    /// object schemas; `None` (with a warning) when it is not that.
    pub(super) fn tagged_union(
        &mut self,
        branches: &[(&ReferenceOr<Schema>, Pointer)],
        d: &openapiv3::Discriminator,
        base: Option<&str>,
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
        let mapping = self.mapping(d, &components, base, ptr);
        let default_variant = self.default_mapping(d, &components, ptr);
        self.tag_variants(&variants, &mapping, &d.property_name, default_variant);
        let kind = KindDraft::Union(Union {
            variants,
            discriminator: Some(Discriminator {
                property: d.property_name.clone(),
                mapping,
                other_variant: "Unknown".to_owned(),
                default_variant,
            }),
            by_kind: false,
        });
        Some(self.define_type(hint, schema, ptr, kind))
    }

    /// The values that select each branch: the explicit mapping first;
    /// then, as the specification defines it, each other branch's schema
    /// name (unless the branch pins the property to values that do not
    /// include it: a `const`, or an enum); then the values branches pin.
    /// Two branches may pin the same value (OpenAI's input and output
    /// messages): decoding then tries them in order. Pins that every
    /// branch shares say nothing (a base schema's enum of all the tags).
    fn mapping(
        &mut self,
        d: &openapiv3::Discriminator,
        components: &[String],
        base: Option<&str>,
        ptr: &Pointer,
    ) -> Vec<(String, usize)> {
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
        let explicit: BTreeSet<usize> = mapping.iter().map(|(_, i)| *i).collect();
        let mut pinned: Vec<Vec<String>> = components
            .iter()
            .map(|c| self.pinned_values(c, &d.property_name, base, ptr))
            .collect();
        let shared = pinned.len() > 1
            && pinned.first().is_some_and(|first| first.len() > 1)
            && pinned.windows(2).all(|w| w.first() == w.last());
        if shared {
            pinned.iter_mut().for_each(Vec::clear);
        }
        for (i, (c, pins)) in components.iter().zip(&pinned).enumerate() {
            let taken = mapping.iter().any(|(v, _)| v == c);
            if !explicit.contains(&i) && !taken && (pins.is_empty() || pins.contains(c)) {
                mapping.push((c.clone(), i));
            }
        }
        let named: BTreeSet<String> = mapping.iter().map(|(v, _)| v.clone()).collect();
        for (i, pins) in pinned.iter().enumerate() {
            if explicit.contains(&i) {
                continue;
            }
            for value in pins {
                if !named.contains(value) {
                    mapping.push((value.clone(), i));
                }
            }
        }
        mapping
    }

    /// OpenAPI 3.2's `defaultMapping`: the branch a value the mapping does
    /// not list (or a value without the property) decodes into. `None`,
    /// with a warning, when it names no branch of the union.
    fn default_mapping(
        &mut self,
        d: &openapiv3::Discriminator,
        components: &[String],
        ptr: &Pointer,
    ) -> Option<usize> {
        let target = d
            .extensions
            .get(crate::load::v32::DEFAULT_MAPPING)?
            .as_str()
            .unwrap_or_default();
        let name = component_ref(target).unwrap_or_else(|| target.to_owned());
        let found = components.iter().position(|c| *c == name);
        if found.is_none() {
            self.diags.warning(
                ptr.push("discriminator").push("defaultMapping"),
                format!("the discriminator's `defaultMapping` names `{target}`, which is not one of the union's branches; a value the mapping does not list decodes into the catch-all variant `Unknown`. Make it a `$ref` to one of the branches"),
            );
        }
        found
    }

    /// A branch that exactly one value selects is a subtype whose tag is
    /// that value: its struct's field for the property is set by the type
    /// (see [`crate::ir::Field::tag`]). Recorded here, applied once every
    /// struct is lowered (see `apply_tags`); a struct that two unions tag
    /// differently keeps a plain field.
    fn tag_variants(
        &mut self,
        variants: &[UnionVariant],
        mapping: &[(String, usize)],
        property: &str,
        default_variant: Option<usize>,
    ) {
        for (i, v) in variants.iter().enumerate() {
            let TypeRef::Named(name) = &v.ty else {
                continue;
            };
            let mut values = mapping
                .iter()
                .filter(|(_, j)| *j == i)
                .map(|(value, _)| value);
            // The default branch takes any value: its field keeps it.
            let value = match (values.next(), values.next()) {
                (Some(value), None) if default_variant != Some(i) => Some(value.clone()),
                _ => None,
            };
            let entry = self
                .tags
                .entry(name.clone())
                .or_default()
                .entry(property.to_owned())
                .or_insert_with(|| value.clone());
            if *entry != value {
                *entry = None;
            }
        }
    }

    /// Sets the tag of each subtype's field for its discriminator (see
    /// `tag_variants`): a required, non-null string or string enum.
    pub(in crate::ir::lower) fn apply_tags(&mut self) {
        let tags = std::mem::take(&mut self.tags);
        let enums: BTreeSet<String> = self
            .types
            .values()
            .filter(|t| matches!(t.kind, KindDraft::Enum(_)))
            .map(|t| t.name.clone())
            .collect();
        for (name, properties) in tags {
            let Some(KindDraft::Struct(fields)) = self.types.get_mut(&name).map(|t| &mut t.kind)
            else {
                continue;
            };
            for (property, value) in properties {
                let Some(value) = value else {
                    continue;
                };
                let field = fields.iter_mut().find(|f| {
                    f.wire_name == property
                        && f.location == Location::Body
                        && f.required
                        && !f.nullable
                });
                if let Some(f) = field {
                    let string = match &f.ty {
                        TypeRef::String => true,
                        TypeRef::Named(e) => enums.contains(e),
                        _ => false,
                    };
                    if string {
                        f.tag = Some(value);
                    }
                }
            }
        }
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
            self.all_of_properties(located(all_of, &ptr), &[], None, &ptr)
                .map(|_| "Object")
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => Some("String"),
            SchemaKind::Type(Type::Object(_)) => Some("Object"),
            SchemaKind::Any(a)
                if a.all_of.is_empty()
                    && ((a.any_of.is_empty() && a.one_of.is_empty())
                        || super::rules_of(a).is_some()) =>
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
