//! What a page looks like: an operation's query parameters and the fields
//! of its JSON body, searched by (normalised) name for what a scheme needs,
//! and the page's items; shared by recognition and markings.

use super::*;

/// Object fields a page's metadata is nested in (`meta.next_page_url`).
const NESTS: &[&str] = &[
    "meta",
    "metadata",
    "responsemetadata",
    "pagination",
    "paging",
    "pageinfo",
    "links",
    "links_",
];
const ITEMS: &[&str] = &[
    "data", "items", "results", "entries", "records", "values", "elements", "objects", "list",
    "rows",
];

/// Lower case, letters and digits only: `next_page_URL` → `nextpageurl`.
pub(super) fn norm(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The fields of a struct, by name.
pub(super) fn struct_fields<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t [Field]> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let i = types.binary_search_by(|t| t.name.as_str().cmp(name)).ok()?;
    match &types.get(i)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

fn access(repr: FieldRepr) -> Access {
    match repr {
        FieldRepr::Required | FieldRepr::Defaulted => Access::Plain,
        FieldRepr::RequiredNullable | FieldRepr::Optional | FieldRepr::NullableDefaulted => {
            Access::Option
        }
        FieldRepr::OptionalNullable => Access::Nullable,
    }
}

pub(super) fn step(f: &Field) -> FieldStep {
    FieldStep {
        wire_name: f.wire_name.clone(),
        field: f.name.clone(),
        access: access(f.repr),
    }
}

pub(super) fn is_integer(t: &TypeRef) -> bool {
    matches!(t, TypeRef::I32 | TypeRef::I64)
}

/// What an operation's page looks like: its body's fields, its query
/// parameters, the items.
pub(super) struct Page<'t> {
    pub(super) types: &'t [TypeDef],
    body: &'t TypeRef,
    /// The body's fields, when it is a struct.
    pub(super) fields: &'t [Field],
    /// The operation's query parameters.
    params: &'t [Field],
}

impl<'t> Page<'t> {
    pub(super) fn of(op: &'t Operation, types: &'t [TypeDef]) -> Option<Self> {
        let uploads = op.body.as_ref().is_some_and(|b| {
            matches!(
                b.media,
                RequestMedia::Multipart { .. } | RequestMedia::Binary { .. }
            )
        });
        if op.response_enum.is_some() || uploads {
            return None;
        }
        let body = op.successes.first()?.body.as_ref()?.json()?;
        let params = match &op.params {
            Some(p) => struct_fields(types, &p.ty)?,
            None => &[],
        };
        Some(Page {
            types,
            body,
            fields: struct_fields(types, body).unwrap_or_default(),
            params,
        })
    }

    /// A top-level field whose name is one of `names`, of a type `want` accepts.
    pub(super) fn field(&self, names: &[&str], want: fn(&TypeRef) -> bool) -> Option<FieldPath> {
        self.find(names, want, true)
    }

    /// As [`Page::field`], or one nested in a metadata object (`meta`).
    pub(super) fn find(
        &self,
        names: &[&str],
        want: fn(&TypeRef) -> bool,
        nest: bool,
    ) -> Option<FieldPath> {
        let found = |fields: &[Field]| {
            names.iter().find_map(|n| {
                fields
                    .iter()
                    .find(|f| norm(&f.wire_name) == *n && want(&f.ty))
                    .cloned()
            })
        };
        if let Some(f) = found(self.fields) {
            return Some(FieldPath {
                steps: vec![step(&f)],
                ty: f.ty.clone(),
            });
        }
        if !nest {
            return None;
        }
        self.fields
            .iter()
            .filter(|f| NESTS.contains(&norm(&f.wire_name).as_str()) || f.wire_name == "_links")
            .find_map(|outer| {
                let inner = found(struct_fields(self.types, &outer.ty)?)?;
                Some(FieldPath {
                    steps: vec![step(outer), step(&inner)],
                    ty: inner.ty.clone(),
                })
            })
    }

    /// A field by its dotted wire path (`meta.next_page_url`), as a marking names it.
    pub(super) fn path(&self, dotted: &str) -> Option<FieldPath> {
        let mut fields = self.fields;
        let mut steps = Vec::new();
        let mut ty = None;
        for name in dotted.split('.') {
            let f = fields.iter().find(|f| f.wire_name == name)?;
            steps.push(step(f));
            fields = struct_fields(self.types, &f.ty).unwrap_or_default();
            ty = Some(f.ty.clone());
        }
        Some(FieldPath { steps, ty: ty? })
    }

    /// A query parameter whose name is one of `names`, of a type `want` accepts.
    pub(super) fn param(&self, names: &[&str], want: fn(&TypeRef) -> bool) -> Option<PageParam> {
        names.iter().find_map(|n| {
            self.params
                .iter()
                .find(|f| f.location == Location::Query && norm(&f.wire_name) == *n && want(&f.ty))
                .and_then(page_param)
        })
    }

    /// A query parameter by its wire name, as a marking names it.
    pub(super) fn param_named(&self, name: &str) -> Option<&'t Field> {
        self.params
            .iter()
            .find(|f| f.location == Location::Query && f.wire_name == name)
    }

    /// The items: the body when it is an array, else its one array field
    /// or the one with a well-known name.
    pub(super) fn items(&self) -> Option<(Option<FieldPath>, TypeRef)> {
        if let TypeRef::Array(item) = self.body {
            return Some((None, (**item).clone()));
        }
        let arrays: Vec<&Field> = self
            .fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Array(_)))
            .collect();
        let chosen = match arrays.as_slice() {
            [one] => *one,
            _ => {
                let known: Vec<&&Field> = arrays
                    .iter()
                    .filter(|f| ITEMS.contains(&norm(&f.wire_name).as_str()))
                    .collect();
                match known.as_slice() {
                    [one] => **one,
                    _ => return None,
                }
            }
        };
        self.items_at(chosen)
    }

    fn items_at(&self, f: &Field) -> Option<(Option<FieldPath>, TypeRef)> {
        let TypeRef::Array(item) = &f.ty else {
            return None;
        };
        Some((
            Some(FieldPath {
                steps: vec![step(f)],
                ty: f.ty.clone(),
            }),
            (**item).clone(),
        ))
    }
}

/// A query parameter as a page stream sets it: an integer or a string,
/// required or optional.
pub(super) fn page_param(f: &Field) -> Option<PageParam> {
    let optional = match f.repr {
        FieldRepr::Required => false,
        FieldRepr::Optional => true,
        _ => return None,
    };
    if !is_integer(&f.ty) && f.ty != TypeRef::String {
        return None;
    }
    let default = match &f.default {
        Some(Literal::Integer(i)) => Some(*i),
        _ => None,
    };
    Some(PageParam {
        wire_name: f.wire_name.clone(),
        field: f.name.clone(),
        ty: f.ty.clone(),
        optional,
        default,
    })
}

/// The first page's number: the default, else the minimum, else 1.
pub(super) fn first_page(page: &PageParam, field: Option<&Field>) -> i64 {
    page.default
        .or_else(|| match field?.constraints.minimum {
            Some(Bound {
                value: Number::Int(i),
                exclusive: false,
            }) => Some(i),
            _ => None,
        })
        .unwrap_or(1)
}

pub(super) fn boolean(t: &TypeRef) -> bool {
    *t == TypeRef::Boolean
}

pub(super) fn string(t: &TypeRef) -> bool {
    *t == TypeRef::String
}
