//! `allOf` branches that define the same property (a base and the schema
//! that extends it, say): one field, whose schema is the merge of every
//! definition. Definitions that only annotate give their docs; objects
//! merge into one struct with the properties of all (recursively); values
//! of one kind take the constraints of all; a definition of another kind
//! than the first (a string and an object) is left out, with a warning.

use super::super::constraints::schema_constraints;
use super::*;

/// The kind of value a definition describes, as far as merging needs it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    /// Constraints without a `type`: they apply to whatever the others give.
    Constraints,
    /// A union or anything else: kept when first, never merged.
    Other,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Integer => "an integer",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Constraints | Kind::Other => "another kind",
        }
    }

    /// Two definitions of these kinds can hold at once.
    fn agrees(self, other: Kind) -> bool {
        self == other
            || matches!(
                (self, other),
                (Kind::Integer, Kind::Number)
                    | (Kind::Number, Kind::Integer)
                    | (Kind::Constraints | Kind::Other, _)
                    | (_, Kind::Constraints | Kind::Other)
            )
    }
}

/// One definition of a property: the schema as written, where it is, and
/// what it says once a `$ref` is followed.
type Definition<'s> = (&'s ReferenceOr<Box<Schema>>, Pointer, Option<&'s Schema>);

impl<'a> Lowerer<'a> {
    /// A property several `allOf` branches define (`defs`, in the order
    /// the branches give them): the merge of the definitions, lowered at
    /// `at` when it is a new type.
    pub(in crate::ir::lower) fn merged_property<'s>(
        &mut self,
        wire: &str,
        defs: &[(&'s ReferenceOr<Box<Schema>>, Pointer)],
        at: &Pointer,
        hint: &str,
    ) -> Lowered
    where
        'a: 's,
    {
        let mut unique: Vec<Definition<'s>> = Vec::new();
        for (def, ptr) in defs {
            if !unique.iter().any(|(d, _, _)| *d == *def) {
                unique.push((def, ptr.clone(), self.definition(def)));
            }
        }
        let (annotations, substantive): (Vec<Definition<'s>>, Vec<Definition<'s>>) = unique
            .iter()
            .cloned()
            .partition(|(_, _, s)| s.is_some_and(annotates_only));
        let kinds: Vec<Kind> = substantive.iter().map(|(_, _, s)| self.kind(*s)).collect();
        let mut lowered = if substantive.len() > 1 && kinds.iter().all(|k| *k == Kind::Object) {
            self.merged_object(&substantive, at, hint)
        } else {
            self.merged_value(wire, &substantive, &kinds, hint)
        };
        if lowered.is_none() {
            if let Some((def, ptr, _)) = substantive.first().or(unique.first()) {
                lowered = Some(self.schema(view_box(def), ptr, hint));
            }
        }
        let mut lowered = lowered.unwrap_or_else(json_value);
        // Docs from the definitions that were used: the annotations and
        // those of the first's kind.
        let first = kinds.iter().copied().find(|k| *k != Kind::Constraints);
        let left_out: Vec<&Pointer> = substantive
            .iter()
            .zip(&kinds)
            .filter(|(_, k)| first.is_some_and(|f| !f.agrees(**k)))
            .map(|((_, ptr, _), _)| ptr)
            .collect();
        for (_, ptr, schema) in unique.iter() {
            if left_out.contains(&ptr) {
                continue;
            }
            let Some(data) = schema.map(|s| &s.schema_data) else {
                continue;
            };
            if lowered.docs.description.is_none() && lowered.docs.title.is_none() {
                lowered.docs.description.clone_from(&data.description);
                lowered.docs.title.clone_from(&data.title);
            }
            if lowered.default.is_none() {
                lowered.default.clone_from(&data.default);
            }
        }
        // `allOf: [X, {nullable: true}]`, the 3.0 way to make X nullable.
        lowered.nullable |= annotations
            .iter()
            .any(|(_, _, s)| s.is_some_and(|s| s.schema_data.nullable));
        lowered
    }

    /// Objects: one new struct with the properties of every definition.
    /// `None` when they do not merge.
    fn merged_object<'s>(
        &mut self,
        defs: &[Definition<'s>],
        at: &Pointer,
        hint: &str,
    ) -> Option<Lowered>
    where
        'a: 's,
    {
        let branches: Vec<(View<'s>, Pointer)> = defs
            .iter()
            .map(|(def, ptr, _)| (view_box(def), ptr.clone()))
            .collect();
        let (properties, required, closed) = self.all_of_properties(branches, &[], None, at)?;
        let name = self.type_names.claim(naming::type_name(hint));
        self.inline_types
            .insert(at.clone(), TypeRef::Named(name.clone()));
        let fields = self.located_fields(&properties, &required, &name);
        // The properties no definition declares are kept, unless one of
        // them forbids any.
        let additional = closed.then_some(&AdditionalProperties::Any(false));
        self.additional_properties(additional, at, &name, &fields);
        let docs_of_first = defs.iter().find_map(|(_, _, s)| *s);
        let empty = Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Any(Default::default()),
        };
        self.insert_struct(name.clone(), docs_of_first.unwrap_or(&empty), at, fields);
        let mut lowered = json_value();
        lowered.ty = TypeRef::Named(name);
        lowered.nullable = defs
            .iter()
            .all(|(_, _, s)| s.is_some_and(|s| s.schema_data.nullable));
        Some(lowered)
    }

    /// Values of one kind: the most specific definition (an enum over a
    /// string, an integer over a number; else the first), under the
    /// constraints of all. A definition of another kind is left out, with
    /// a warning. `None` when no definition says anything.
    fn merged_value(
        &mut self,
        wire: &str,
        defs: &[Definition<'_>],
        kinds: &[Kind],
        hint: &str,
    ) -> Option<Lowered> {
        let typed = |k: &Kind| *k != Kind::Constraints;
        let first = kinds.iter().position(typed).unwrap_or(0);
        let first_ptr = defs.get(first)?.1.clone();
        let first_kind = *kinds.get(first)?;
        let mut agreeing: Vec<usize> = Vec::new();
        for (i, kind) in kinds.iter().enumerate() {
            if first_kind.agrees(*kind) {
                agreeing.push(i);
            } else if let Some((_, ptr, _)) = defs.get(i) {
                self.diags.warning(
                    ptr,
                    format!(
                        "property `{wire}` is {} here and {} at {first_ptr}, which `allOf` cannot both be; the first definition is used (make them agree)",
                        kind.name(),
                        first_kind.name()
                    ),
                );
            }
        }
        let specificity = |i: &usize| -> u8 {
            match (kinds.get(*i), defs.get(*i).and_then(|(_, _, s)| *s)) {
                (Some(Kind::Integer), _) => 2,
                (Some(Kind::String), Some(s)) if lists_values(s) => 2,
                (Some(Kind::Constraints), _) => 0,
                _ => 1,
            }
        };
        let primary = agreeing
            .iter()
            .copied()
            .rev()
            .max_by_key(|i| specificity(i))
            .unwrap_or(first);
        // `max_by_key` keeps the last of equals: reversed, the first.
        let (def, ptr, _) = defs.get(primary)?;
        let mut lowered = self.schema(view_box(def), ptr, hint);
        if !matches!(lowered.ty, TypeRef::Named(_)) {
            for i in agreeing.iter().filter(|i| **i != primary) {
                if let Some((_, _, Some(s))) = defs.get(*i) {
                    let merged = std::mem::take(&mut lowered.constraints);
                    lowered.constraints = tighter(merged, schema_constraints(s));
                }
            }
        }
        if matches!(lowered.ty, TypeRef::I32 | TypeRef::I64) {
            // A number's bound on an integer: the nearest integer inside it.
            let c = &mut lowered.constraints;
            c.minimum = c.minimum.and_then(|b| integral(b, f64::ceil));
            c.maximum = c.maximum.and_then(|b| integral(b, f64::floor));
        }
        // `null` is a value only if every definition allows it.
        lowered.nullable &= agreeing
            .iter()
            .filter_map(|i| defs.get(*i))
            .all(|(_, _, s)| {
                s.is_none_or(|s| s.schema_data.nullable) || s.is_some_and(annotates_only)
            });
        Some(lowered)
    }

    /// What a definition says, its `$ref` followed.
    fn definition<'s>(&self, def: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match def {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => component_ref(reference)
                .and_then(|n| self.component_schemas()?.get(&n))
                .and_then(ReferenceOr::as_item),
        }
    }

    /// The kind of value a definition describes. Reads the spec only.
    fn kind(&self, schema: Option<&Schema>) -> Kind {
        let Some(schema) = schema else {
            return Kind::Other;
        };
        let typed = |t: &str| match t {
            "object" => Kind::Object,
            "array" => Kind::Array,
            "string" => Kind::String,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            _ => Kind::Other,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => Kind::Object,
            SchemaKind::Type(Type::Array(_)) => Kind::Array,
            SchemaKind::Type(Type::String(_)) => Kind::String,
            SchemaKind::Type(Type::Integer(_)) => Kind::Integer,
            SchemaKind::Type(Type::Number(_)) => Kind::Number,
            SchemaKind::Type(Type::Boolean(_)) => Kind::Boolean,
            SchemaKind::AllOf { all_of } => {
                let ptr = Pointer::root();
                match self.all_of_properties(located(all_of, &ptr), &[], None, &ptr) {
                    Some(_) => Kind::Object,
                    None => Kind::Other,
                }
            }
            SchemaKind::Any(a) if is_object_like(a) => Kind::Object,
            SchemaKind::Any(a) if a.any_of.is_empty() && a.one_of.is_empty() => match &a.typ {
                Some(t) => typed(t),
                None if a.items.is_some() => Kind::Array,
                None => Kind::Constraints,
            },
            _ => Kind::Other,
        }
    }
}

/// A string schema that lists its values (an enum, or a `const`).
fn lists_values(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        _ => false,
    }
}

/// A bound as an integer, rounded inwards (`round` is `ceil` for a
/// minimum, `floor` for a maximum); `None` when no integer can hold it.
fn integral(b: Bound, round: fn(f64) -> f64) -> Option<Bound> {
    match b.value {
        Number::Int(_) => Some(b),
        Number::Float(f) => {
            let r = round(f);
            (r.is_finite() && r.abs() < 9.0e15).then_some(Bound {
                value: Number::Int(r as i64),
                exclusive: b.exclusive && r == f,
            })
        }
    }
}
