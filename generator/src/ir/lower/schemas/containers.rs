//! Containers: an object becomes a struct of its properties (each a
//! field, named and lowered where it is declared, with a map of the other
//! properties beside them), or a map when it has no properties;
//! an array, an array of its items.

use super::*;

impl<'a> Lowerer<'a> {
    /// An array of its items' type: with the items' constraints, and
    /// whether the items are secret.
    pub(super) fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        ptr: &Pointer,
        hint: &str,
    ) -> (TypeRef, Option<Box<Constraints>>, bool) {
        match items {
            None => (TypeRef::Array(Box::new(TypeRef::Json)), None, false),
            Some(items) => {
                let inner =
                    self.schema(view_box(items), &ptr.push("items"), &format!("{hint}Item"));
                let ty = nullable_item(inner.ty, inner.nullable);
                let constraints =
                    (!inner.constraints.is_empty()).then(|| Box::new(inner.constraints));
                (TypeRef::Array(Box::new(ty)), constraints, inner.secret)
            }
        }
    }

    /// An object: a new struct of its properties, named from `hint`, or a
    /// map when it has none (with whether its values are secret, and their
    /// constraints).
    pub(super) fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> (TypeRef, bool, Option<Box<Constraints>>) {
        if properties.is_empty() {
            return match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let inner = self.schema(
                        view(s),
                        &ptr.push("additionalProperties"),
                        &format!("{hint}Value"),
                    );
                    let values =
                        (!inner.constraints.is_empty()).then(|| Box::new(inner.constraints));
                    (
                        TypeRef::Map(Box::new(nullable_item(inner.ty, inner.nullable))),
                        inner.secret,
                        values,
                    )
                }
                _ => (TypeRef::Map(Box::new(TypeRef::Json)), false, None),
            };
        }
        let name = self.type_names.claim(naming::type_name(hint));
        // Known before its fields are: a field that leads back here (through
        // `allOf`) refers to this type instead of making it again.
        self.inline_types
            .insert(ptr.clone(), TypeRef::Named(name.clone()));
        let fields = self.fields(properties, required, ptr, &name);
        self.additional_properties(additional, ptr, &name, &fields);
        self.insert_struct(name.clone(), schema, ptr, fields);
        (TypeRef::Named(name), false, None)
    }

    /// The map of the properties beside the declared ones, flattened into
    /// the struct: of the type `additionalProperties` gives; else (absent,
    /// `true`, `{}`) of JSON values, the properties this version of the
    /// spec does not declare, kept as received and sent back. None when the
    /// schema forbids other properties (`additionalProperties: false`, or
    /// 3.1's `unevaluatedProperties: false`, which the loader makes that).
    pub(in crate::ir::lower) fn additional_properties(
        &mut self,
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
        type_name: &str,
        fields: &[FieldDraft],
    ) {
        let typed = match additional {
            Some(AdditionalProperties::Any(false)) => {
                self.closed.insert(type_name.to_owned());
                return;
            }
            Some(AdditionalProperties::Schema(s)) if !s.as_item().is_some_and(annotates_only) => {
                Some(s)
            }
            _ => None,
        };
        let mut names = Namespace::default();
        for f in fields {
            names.claim(f.name.clone());
        }
        let name = ["additional", "additional_properties", "other_properties"]
            .into_iter()
            .find(|n| fields.iter().all(|f| f.name != *n))
            .map_or_else(
                || names.claim("additional_properties_map".to_owned()),
                str::to_owned,
            );
        let additional = match typed {
            Some(s) => {
                let at = ptr.push("additionalProperties");
                let inner = self.schema(view(s), &at, &format!("{type_name}Value"));
                let ty = nullable_item(inner.ty, inner.nullable);
                Additional {
                    name,
                    sensitive: redact::is_secret("", &ty, inner.secret),
                    ty,
                    typed: true,
                    constraints: inner.constraints,
                    docs: inner.docs,
                    pointer: at,
                }
            }
            None => Additional {
                name,
                ty: TypeRef::Json,
                typed: false,
                constraints: Constraints::default(),
                docs: Docs::default(),
                sensitive: false,
                pointer: ptr.clone(),
            },
        };
        self.additional.insert(type_name.to_owned(), additional);
    }

    /// The fields of an object's own properties.
    pub(super) fn fields(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ptr: &Pointer,
        type_name: &str,
    ) -> Vec<FieldDraft> {
        let located: Vec<Property<'_>> = properties
            .iter()
            .map(|(wire, schema)| {
                let at = ptr.push("properties").push(wire);
                Property {
                    wire: wire.clone(),
                    defs: vec![(schema, at.clone())],
                    merged_at: at,
                }
            })
            .collect();
        self.located_fields(&located, required, type_name)
    }

    /// Fields from properties that each know where they are in the spec
    /// (for `allOf`, that is in the branch that declared them; a property
    /// several branches declare is their merge, see `merged_property`).
    pub(in crate::ir::lower) fn located_fields(
        &mut self,
        properties: &[Property<'_>],
        required: &[String],
        type_name: &str,
    ) -> Vec<FieldDraft> {
        let mut names = Namespace::default();
        let mut by_rust_name: BTreeMap<String, String> = BTreeMap::new();
        let mut fields = Vec::new();
        for property in properties {
            let wire = &property.wire;
            let Some((prop, prop_ptr)) = property.defs.first() else {
                continue;
            };
            let prop_ptr = prop_ptr.clone();
            let hint = format!("{type_name}{}", naming::type_name(wire));
            let lowered = if property.defs.len() > 1 {
                self.merged_property(wire, &property.defs, &property.merged_at, &hint)
            } else {
                self.schema(view_box(prop), &prop_ptr, &hint)
            };
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
            let sensitive = redact::is_secret(wire, &lowered.ty, lowered.secret);
            fields.push(FieldDraft {
                wire_name: wire.clone(),
                key: None,
                name,
                ty: lowered.ty,
                required: required.iter().any(|r| r == wire),
                nullable: lowered.nullable,
                default_json: lowered.default,
                docs: lowered.docs,
                constraints: lowered.constraints,
                location: Location::Body,
                sensitive,
                pointer: prop_ptr,
                tag: None,
            });
        }
        fields
    }
}

/// An object's type (its struct, or a map) as the value's, with the
/// constraints of a map's values.
pub(super) fn set_object(
    lowered: &mut Lowered,
    (ty, secret, values): (TypeRef, bool, Option<Box<Constraints>>),
) {
    lowered.ty = ty;
    lowered.secret |= secret;
    lowered.constraints.values = values;
}

/// An array's type as the value's, with its items' constraints and its
/// length.
pub(super) fn set_array(
    lowered: &mut Lowered,
    (ty, items, secret): (TypeRef, Option<Box<Constraints>>, bool),
    min_items: Option<usize>,
    max_items: Option<usize>,
) {
    lowered.ty = ty;
    lowered.secret |= secret;
    lowered.constraints.items = items;
    lowered.constraints.min_items = min_items.map(|n| n as u64);
    lowered.constraints.max_items = max_items.map(|n| n as u64);
}

/// An array item or map value that may be `null`.
fn nullable_item(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable && ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}
