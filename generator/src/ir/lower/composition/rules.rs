//! Rule-only branches: an object's `properties` beside a `oneOf`/`anyOf`
//! whose branches only say which of them are required (`oneOf: [{required:
//! [a]}, {required: [b]}]`: "exactly one of `a` and `b`"). They are not
//! types: the object is one struct with all its properties, and the rule is
//! checked on requests like any other constraint, and documented.

use super::*;

/// The rule an object's `oneOf`/`anyOf` states when its branches only
/// require properties: whether exactly one set must hold (`oneOf`) or at
/// least one (`anyOf`), and each branch's required properties. `None` when
/// the object has no properties of its own, or a branch says more than
/// which properties are required (its own properties, a type, a nested
/// composition). A branch may re-state declared properties.
pub(in crate::ir::lower) fn rules_of(a: &openapiv3::AnySchema) -> Option<(bool, Vec<Vec<String>>)> {
    let (exactly_one, branches) = match (a.one_of.is_empty(), a.any_of.is_empty()) {
        (false, true) => (true, &a.one_of),
        (true, false) => (false, &a.any_of),
        _ => return None,
    };
    if a.properties.is_empty() || !matches!(a.typ.as_deref(), None | Some("object")) {
        return None;
    }
    let mut sets = Vec::new();
    for branch in branches {
        let (properties, required, extra) = match &branch.as_item()?.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (
                &o.properties,
                &o.required,
                o.additional_properties.is_some(),
            ),
            SchemaKind::Any(b) => {
                let bare = openapiv3::AnySchema {
                    properties: IndexMap::new(),
                    required: Vec::new(),
                    typ: None,
                    ..b.clone()
                };
                let typed = !matches!(b.typ.as_deref(), None | Some("object"));
                (
                    &b.properties,
                    &b.required,
                    typed || bare != openapiv3::AnySchema::default(),
                )
            }
            _ => return None,
        };
        if extra || properties.keys().any(|k| !a.properties.contains_key(k)) {
            return None;
        }
        sets.push(required.clone());
    }
    Some((exactly_one, sets))
}

impl<'a> Lowerer<'a> {
    /// Records the rule of the struct `ty` (see [`rules_of`]); what a branch
    /// says about a property it re-states is not checked, with a warning.
    pub(in crate::ir::lower) fn rule(
        &mut self,
        ty: &TypeRef,
        exactly_one: bool,
        sets: Vec<Vec<String>>,
        a: &openapiv3::AnySchema,
        ptr: &Pointer,
    ) {
        let branches = if exactly_one { &a.one_of } else { &a.any_of };
        for (i, branch) in branches.iter().enumerate() {
            let properties = match branch.as_item().map(|s| &s.schema_kind) {
                Some(SchemaKind::Type(Type::Object(o))) => &o.properties,
                Some(SchemaKind::Any(b)) => &b.properties,
                _ => continue,
            };
            for (name, p) in properties {
                if !p.as_item().is_some_and(|s| annotates_only(s)) {
                    self.diags.warning(
                        ptr.push(i).push("properties").push(name),
                        format!("what this branch says about `{name}` is not checked (only which properties the branches require is); say it in the object's own `properties`"),
                    );
                }
            }
        }
        let Some(name) = ty.named() else {
            return;
        };
        self.rules.entry(name.to_owned()).or_default().push(Rule {
            exactly_one,
            sets,
            pointer: ptr.clone(),
        });
    }
}

/// Gives each struct its rules, once the types are final.
pub(in crate::ir::lower) fn apply_rules(
    types: &mut [TypeDef],
    mut rules: BTreeMap<String, Vec<Rule>>,
) {
    for t in types {
        if let TypeKind::Struct(s) = &mut t.kind {
            if let Some(r) = rules.remove(&t.name) {
                s.rules = r;
            }
        }
    }
}
