//! Composition: `allOf` merged into one struct, `anyOf`/`oneOf` as unions
//! (tagged when the spec names a discriminator).

use super::*;

impl<'a> Lowerer<'a> {
    /// `allOf` of objects: one struct with the fields of every branch.
    pub(super) fn all_of(
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
    pub(super) fn union(
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
            KindDraft::Union(Union {
                variants,
                discriminator: None,
            }),
        )
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

    /// A union with a discriminator whose branches are all references to
    /// object schemas; `None` (with a warning) when it is not that.
    pub(super) fn tagged_union(
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
        let kind = KindDraft::Union(Union {
            variants,
            discriminator: Some(Discriminator {
                property: d.property_name.clone(),
                mapping,
                other_variant: "Unknown".to_owned(),
            }),
        });
        Some(self.define_type(hint, schema, ptr, kind))
    }

    pub(super) fn union_fallback(&mut self, ptr: &Pointer, key: &str) -> TypeRef {
        self.diags.warning(
            ptr.push(key),
            format!("`{key}` branches that the JSON value alone cannot tell apart are not supported yet; the value is typed as `serde_json::Value`"),
        );
        TypeRef::Json
    }

    /// The JSON kind a type accepts, used to tell union branches apart.
    pub(super) fn json_kind(&mut self, ty: &TypeRef) -> Option<&'static str> {
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
                    KindDraft::Struct(_) => "Object",
                    KindDraft::Enum(_) => "String",
                    KindDraft::Union(_) | KindDraft::Alias(_) => return None,
                }
            }
        })
    }
}
