//! Schemas: a schema where it is used becomes a type reference; objects
//! and string enums become named types, components under their own name.
//! Scalars are lowered in [`scalars`], objects and arrays in
//! [`containers`], compositions in [`composition`](super::composition).

use super::constraints::{annotates_only, any_constraints, tighter};
use super::lowered::{docs_of, json_value, merge_outer};
use super::*;

mod containers;
mod scalars;

impl<'a> Lowerer<'a> {
    pub(super) fn drain_pending(&mut self) {
        while let Some(name) = self.pending.pop() {
            self.lower_component(&name);
        }
    }

    /// Defines a named component's type, once.
    pub(super) fn lower_component(&mut self, name: &str) {
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
    pub(super) fn schema(&mut self, schema: View<'_>, ptr: &Pointer, hint: &str) -> Lowered {
        match schema {
            View::Ref(reference) => self.reference(reference, ptr),
            View::Schema(schema) => self.inline(schema, ptr, hint),
        }
    }

    pub(super) fn reference(&mut self, reference: &str, ptr: &Pointer) -> Lowered {
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

    pub(super) fn inline(&mut self, schema: &Schema, ptr: &Pointer, hint: &str) -> Lowered {
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

    /// An inline schema, by its kind: the step for that kind gives the type
    /// (and what else it knows) over the schema's own docs, nullability and
    /// default.
    pub(super) fn inline_uncached(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> Lowered {
        let data = &schema.schema_data;
        let docs = Docs {
            title: data.title.clone(),
            description: data.description.clone(),
            deprecated: data.deprecated,
            format: None,
        };
        let mut lowered = Lowered {
            secret: data.write_only,
            ty: TypeRef::Json,
            nullable: data.nullable,
            constraints: Constraints::default(),
            docs,
            default: data.default.clone(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.string(s, schema, ptr, hint, &mut lowered),
            SchemaKind::Type(Type::Integer(i)) => scalars::integer(i, &mut lowered),
            SchemaKind::Type(Type::Number(n)) => self.number(n, ptr, &mut lowered),
            SchemaKind::Type(Type::Boolean(_)) => lowered.ty = TypeRef::Boolean,
            SchemaKind::Type(Type::Object(o)) => {
                let object = self.object(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    schema,
                    ptr,
                    hint,
                );
                containers::set_object(&mut lowered, object);
            }
            SchemaKind::Type(Type::Array(a)) => {
                let array = self.array(a.items.as_ref(), ptr, hint);
                containers::set_array(&mut lowered, array, a.min_items, a.max_items);
            }
            SchemaKind::AllOf { all_of } => {
                self.all_of_schema(all_of, schema, ptr, hint, &mut lowered);
            }
            SchemaKind::AnyOf { any_of } => {
                self.any_of_or_one_of(any_of, "anyOf", schema, ptr, hint, &mut lowered);
            }
            SchemaKind::OneOf { one_of } => {
                self.any_of_or_one_of(one_of, "oneOf", schema, ptr, hint, &mut lowered);
            }
            SchemaKind::Not { .. } => {
                self.diags.warning(
                    ptr.push("not"),
                    "`not` schemas are not supported; the value is typed as `serde_json::Value`",
                );
            }
            SchemaKind::Any(any) => self.any_schema(any, schema, ptr, hint, &mut lowered),
        }
        lowered
    }

    /// `allOf`: of one branch, that branch's schema under the outer one;
    /// else the branches merged (see `all_of`).
    fn all_of_schema(
        &mut self,
        all_of: &[ReferenceOr<Schema>],
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) {
        if let [only] = all_of {
            let inner = self.schema(view(only), &ptr.push("allOf").push(0), hint);
            merge_outer(lowered, inner);
        } else {
            self.all_of(all_of, &[], &IndexMap::new(), schema, ptr, hint, lowered);
        }
    }

    /// `anyOf` or `oneOf` (`key` says which): of one branch, that branch's
    /// schema under the outer one; else a union of the branches.
    fn any_of_or_one_of(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        key: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) {
        if let [only] = branches {
            let inner = self.schema(view(only), &ptr.push(key).push(0), hint);
            merge_outer(lowered, inner);
        } else {
            lowered.ty = self.union(branches, key, schema, ptr, hint);
        }
    }

    /// A schema `openapiv3` gives no single kind (no `type`, or keywords of
    /// several kinds beside it), lowered by the first of its keywords that
    /// decides: `allOf`, then `anyOf`/`oneOf`, then an object's, then an
    /// array's, then a scalar `type`. With none, it is a JSON value.
    fn any_schema(
        &mut self,
        any: &openapiv3::AnySchema,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) {
        if !any.all_of.is_empty() {
            self.all_of(
                &any.all_of,
                &any.required,
                &any.properties,
                schema,
                ptr,
                hint,
                lowered,
            );
            // Constraints beside the `allOf` (a 3.1 `$ref` with a
            // `maxLength` beside it) apply too.
            let own = any_constraints(any);
            if !own.is_empty() && !matches!(lowered.ty, TypeRef::Named(_)) {
                let merged = std::mem::take(&mut lowered.constraints);
                lowered.constraints = tighter(merged, own);
            }
        } else if let Some((exactly_one, sets)) = composition::rules_of(any) {
            // Branches that only say which properties are required: one
            // struct of the properties, and the rule checked on requests.
            let object = self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                schema,
                ptr,
                hint,
            );
            let key = if exactly_one { "oneOf" } else { "anyOf" };
            self.rule(&object.0, exactly_one, sets, any, &ptr.push(key));
            containers::set_object(lowered, object);
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
            let object = self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                schema,
                ptr,
                hint,
            );
            containers::set_object(lowered, object);
        } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
            let array = self.array(any.items.as_ref(), ptr, hint);
            containers::set_array(lowered, array, any.min_items, any.max_items);
        } else if let Some(typ) = any.typ.as_deref() {
            self.mixed_scalar(any, typ, schema, ptr, hint, lowered);
        }
    }

    pub(super) fn insert_struct(
        &mut self,
        name: String,
        schema: &Schema,
        ptr: &Pointer,
        fields: Vec<FieldDraft>,
    ) {
        self.types.insert(
            name.clone(),
            TypeDraft {
                name,
                pointer: ptr.clone(),
                docs: docs_of(schema),
                kind: KindDraft::Struct(fields),
            },
        );
    }

    pub(super) fn define_enum(
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

    pub(super) fn insert_enum(
        &mut self,
        name: String,
        values: &[&str],
        schema: &Schema,
        ptr: &Pointer,
    ) {
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
            TypeDraft {
                name,
                pointer: ptr.clone(),
                docs: docs_of(schema),
                kind: KindDraft::Enum(StringEnum {
                    values,
                    other_variant,
                }),
            },
        );
    }

    /// A component that is a named type: its definition under its own name.
    pub(super) fn define(&mut self, schema: &Schema, ptr: &Pointer, name: String) {
        let plain_object = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(a) => a.all_of.is_empty() && a.any_of.is_empty() && a.one_of.is_empty(),
            _ => false,
        };
        if plain_object {
            if let Some(component) = self.component_of.get(&name).cloned() {
                if self.subtypes.contains_key(&component) {
                    // The base of a hierarchy: a union of its subtypes under its name.
                    self.type_names.release(&name);
                    match self.hierarchy(&component, schema, ptr, &name) {
                        Some(TypeRef::Named(n)) if n == name => return,
                        _ => {
                            self.type_names.claim(name.clone());
                        }
                    }
                }
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                self.insert_enum(name, &values, schema, ptr);
            }
            SchemaKind::Type(Type::Object(o)) => {
                let fields = self.fields(&o.properties, &o.required, ptr, &name);
                self.additional_properties(o.additional_properties.as_ref(), ptr, &name, &fields);
                self.insert_struct(name, schema, ptr, fields);
            }
            SchemaKind::Any(a)
                if a.all_of.is_empty() && a.any_of.is_empty() && a.one_of.is_empty() =>
            {
                let fields = self.fields(&a.properties, &a.required, ptr, &name);
                self.additional_properties(a.additional_properties.as_ref(), ptr, &name, &fields);
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
                        TypeDraft {
                            name,
                            pointer: ptr.clone(),
                            docs: docs_of(schema),
                            kind: KindDraft::Alias(ty),
                        },
                    );
                }
            }
        }
    }
}

/// Whether a component schema becomes a named type (object, string enum,
/// composition) rather than being used in place (primitive, array, alias).
pub(super) fn is_nominal(schema: &ReferenceOr<Schema>) -> bool {
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
