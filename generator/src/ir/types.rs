//! The generated types: references to them ([`TypeRef`]), their
//! definitions (structs and their fields, string enums, unions with their
//! guards, aliases), and the documentation and request-side constraints
//! fields carry.

use super::{is_false, pointer, Location};
use crate::diag::Pointer;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A reference to a type, as a field or a body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A generated type in the `types` module.
    Named(String),
    String,
    I32,
    I64,
    F32,
    F64,
    Boolean,
    Uuid,
    DateTime,
    Date,
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// An array item or map value that may be `null` (`Option<T>`).
    Nullable(Box<TypeRef>),
    /// Any JSON value (the fallback for what cannot be typed).
    Json,
}

/// In the model's snapshots, one short text: `SessionView`, `i64`,
/// `array<nullable<string>>`, `map<json>`.
impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::String => f.write_str("string"),
            TypeRef::I32 => f.write_str("i32"),
            TypeRef::I64 => f.write_str("i64"),
            TypeRef::F32 => f.write_str("f32"),
            TypeRef::F64 => f.write_str("f64"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Uuid => f.write_str("uuid"),
            TypeRef::DateTime => f.write_str("date-time"),
            TypeRef::Date => f.write_str("date"),
            TypeRef::Array(inner) => write!(f, "array<{inner}>"),
            TypeRef::Map(inner) => write!(f, "map<{inner}>"),
            TypeRef::Nullable(inner) => write!(f, "nullable<{inner}>"),
            TypeRef::Json => f.write_str("json"),
        }
    }
}

impl TypeRef {
    /// The generated type this reference ends at, through arrays and maps.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

/// A generated type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: String,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Sent in a request (gets `validate`, three-state nullables).
    pub in_request: bool,
    /// Received in a response.
    pub in_response: bool,
    /// Implements `Validate`: a struct or union sent in requests.
    pub validated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    /// `pub type Name = ...;` for a named schema that could only be typed loosely.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    pub default: DefaultImpl,
    /// The properties the struct does not declare, in a map flattened into
    /// it: typed by `additionalProperties`, else kept as JSON values (absent
    /// only when the schema forbids other properties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<Box<Additional>>,
    /// `oneOf`/`anyOf` beside the properties whose branches only say which
    /// properties are required: rules checked on requests, not types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// `additionalProperties: false`: the object allows no property it
    /// does not declare (a union's decoding tells its variants apart by it).
    #[serde(skip_serializing_if = "is_false")]
    pub closed: bool,
}

/// A rule over which properties an object has: `oneOf` (exactly one of the
/// sets is all there) or `anyOf` (at least one is), each set the properties
/// a branch requires (by wire name; an empty set always holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub exactly_one: bool,
    pub sets: Vec<Vec<String>>,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

/// The properties an object has beside those it names:
/// `#[serde(flatten)] pub {name}: BTreeMap<String, {ty}>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Additional {
    /// The Rust field, `additional` unless a property has that name.
    pub name: String,
    /// The type of each value.
    pub ty: TypeRef,
    /// The spec types them (`additionalProperties` with a schema); else
    /// they are the properties this version of the spec does not declare,
    /// kept as JSON values as received and sent back.
    pub typed: bool,
    pub constraints: Constraints,
    pub docs: Docs,
    /// The values are secrets, never shown by `Debug`.
    pub sensitive: bool,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DefaultImpl {
    /// Some field is required: no `Default`.
    None,
    /// `#[derive(Default)]`.
    Derive,
    /// A hand-written `impl Default` that uses the spec's defaults.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The name on the wire, e.g. `proxyCountryCode`.
    pub wire_name: String,
    /// The Rust field name, e.g. `proxy_country_code`.
    pub name: String,
    /// Its key in the struct's serde form, where that is not `wire_name`: a
    /// parameter whose name a parameter of another location of the same
    /// operation also has (`size` in the query and in a header) is keyed by
    /// its location (`header size`), so that the struct decodes unambiguously.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub ty: TypeRef,
    pub repr: FieldRepr,
    pub required: bool,
    pub nullable: bool,
    /// The spec's default, when it can be written as a Rust value of `ty`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Literal>,
    /// The spec's default as written (for documentation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_json: Option<Value>,
    /// The field is (indirectly) of its own type and is boxed.
    pub boxed: bool,
    /// For a defaulted field: its function in the `defaults` module, e.g.
    /// `session_view_status`, unique there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_fn: Option<String>,
    pub docs: Docs,
    pub constraints: Constraints,
    /// Body property, query parameter or header parameter.
    pub location: Location,
    /// A secret (`format: password`, or a name such as `password` or
    /// `token`): never shown by `Debug`.
    pub sensitive: bool,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
    /// The discriminator's value that selects this struct, when it is a
    /// subtype of a discriminated union that exactly one value selects: the
    /// field is the union's tag, set by the type (`new` writes it; it is
    /// read with a method of its name, and not set by the caller). A decoded
    /// value keeps what the server sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl Field {
    /// Its key in the struct's serde form: `key`, else its wire name.
    pub fn serde_key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.wire_name)
    }
}

/// How a field is represented in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FieldRepr {
    /// `T`, always sent.
    Required,
    /// `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// `Option<T>`, omitted when `None`.
    Optional,
    /// `Nullable<T>`: omitted, `null` or a value.
    OptionalNullable,
    /// `T`, taking the spec's default when missing from a response.
    Defaulted,
    /// `Option<T>`, `Some(default)` when missing from a response, `None` when `null`.
    NullableDefaulted,
}

/// A default value that can be written in Rust.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Literal {
    String(String),
    Bool(bool),
    Integer(i64),
    Number(f64),
    /// A variant of the field's (enum) type.
    Variant(String),
}

/// A string enum; unknown values from the server go to `other_variant`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StringEnum {
    pub values: Vec<EnumValue>,
    pub other_variant: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    pub wire: String,
    pub variant: String,
}

/// A `oneOf`/`anyOf`. With a discriminator, the property picks the
/// variant. Without one, the generated crate checks the value against each
/// variant's shape (its JSON kind, properties, enum values, ...) and decodes
/// the one that explains it best; the variants' order (most constrained
/// first, by their [`Guard`]s) breaks ties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// When the spec names a discriminator: the property and, for each
    /// variant, the values that select it. Decoding then reads the property
    /// and picks the variant (of several sharing the value, the one that
    /// explains the value best); an unknown value decodes into a catch-all
    /// variant holding the JSON.
    pub discriminator: Option<Discriminator>,
    /// Every variant accepts its own JSON kind (integers before numbers), so
    /// trying them in order cannot pick the wrong one: serde's untagged
    /// decoding is enough. Otherwise the union has its own `Deserialize`
    /// that checks each variant's shape first.
    pub by_kind: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discriminator {
    /// The property on the wire, e.g. `petType`.
    pub property: String,
    /// `(value, variant index)`, in the spec's order. A value listed for
    /// several variants (their schemas pin the same one) selects the one of
    /// them that explains the value best.
    pub mapping: Vec<(String, usize)>,
    /// The name of the catch-all variant for values the spec does not list.
    pub other_variant: String,
    /// OpenAPI 3.2's `defaultMapping`: the variant (by index) a value the
    /// mapping does not list, or one without the property, decodes into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_variant: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The branch's own constraints (on a string, a number or an array),
    /// checked on requests.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// What a JSON value must show to be this variant, as far as the
    /// variants' order needs (untagged unions).
    pub guard: Guard,
    /// An earlier variant whose guard is the same: the two schemas cannot
    /// be told apart, and a value both accept decodes as that one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

/// The JSON kinds a value can have, as union guards tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum JsonKind {
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
    /// Any value (an untyped schema, or a nested union deciding for itself).
    Any,
}

/// The distinguishing features of a union's variant, checked before
/// decoding into it: its JSON kind, and for objects the properties it
/// requires and the values (`const`, `enum`) they must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guard {
    pub kind: JsonKind,
    /// A string enum (or `const`): the value must be one it lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    /// Properties the object must have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// `(property, enum type)`: a required property whose value must be
    /// one the enum lists (a `const` is a one-value enum).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
    /// For an object without required properties: the properties it
    /// knows, one of which a non-empty value must have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub known: Vec<String>,
}

impl Guard {
    pub fn kind(kind: JsonKind) -> Self {
        Guard {
            kind,
            listed: None,
            required: Vec::new(),
            values: Vec::new(),
            known: Vec::new(),
        }
    }

    /// How much the guard says beyond the JSON kind: variants that say more
    /// are tried first. (An object without required properties says
    /// nothing for sure: it comes after those with some.)
    pub fn specificity(&self) -> usize {
        usize::from(self.listed.is_some()) * 4 + self.required.len() + self.values.len() * 2
    }
}

/// Documentation taken from the spec.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Docs {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// A string's `format` that its Rust type does not express (`uri`,
    /// `email`): named in the documentation, not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// Checks made before a request is sent (never on responses).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// An ECMAScript regular expression, checked with `regress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Constraints on each item of an array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Constraints>>,
    /// Constraints on each value of a map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bound {
    pub value: Number,
    pub exclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}
