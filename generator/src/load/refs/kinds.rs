//! The vocabulary of the walk: the kinds of object a `$ref` can stand for
//! (with the section of `components` each lives in), the operation methods,
//! and the keywords of a schema that hold subschemas.

pub(super) use crate::load::METHODS;
pub(super) const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
pub(super) const SCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
pub(super) const SCHEMA_SINGLES: [&str; 12] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];

/// The kinds of object a `$ref` can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    PathItem,
    /// An operation written as a `$ref` (bundlers do this): copied like a
    /// path item, as no section of `components` holds operations.
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    Example,
    Link,
    Callback,
    Schema,
}

impl Kind {
    pub(super) fn section(self) -> &'static str {
        match self {
            Kind::PathItem => "pathItems",
            Kind::Operation => "operations",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::Schema => "schemas",
        }
    }

    /// Whether a canonical `$ref` to this kind is kept (lowering follows
    /// it, or ignores the object); path items and operations are always
    /// copied.
    pub(super) fn keeps_canonical(self) -> bool {
        !matches!(self, Kind::PathItem | Kind::Operation)
    }

    /// The fields a `$ref`'s siblings may override (OpenAPI 3.1).
    pub(super) fn overridable(self) -> &'static [&'static str] {
        match self {
            Kind::PathItem | Kind::Operation | Kind::Example => &["summary", "description"],
            Kind::Schema => &[],
            _ => &["description"],
        }
    }
}

/// Whether `pointer` names a place that holds a schema: a subschema
/// keyword's value, or a parameter's, header's or media type's `schema`.
pub(super) fn is_schema_place(pointer: &str) -> bool {
    let mut tokens = pointer.rsplit('/');
    let (Some(last), Some(parent)) = (tokens.next(), tokens.next()) else {
        return false;
    };
    let index = last.parse::<usize>().is_ok();
    last == "schema"
        || SCHEMA_MAPS.contains(&parent)
        || SCHEMA_SINGLES.contains(&last)
        || (index && (SCHEMA_LISTS.contains(&parent) || SCHEMA_SINGLES.contains(&parent)))
}
