//! The one mapping from the model's types to Rust types. Emit turns a
//! [`RustType`] into tokens; its `Display` is the short label that docs,
//! messages, the API surface and the change report show.

use super::{Body, Field, FieldRepr, Operation, TypeRef};
use std::fmt;

/// A Rust type of the generated crate, by structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// A generated type in the `types` module (`r#type` when raw).
    Named(String),
    /// A type beside the client: an operation's response enum.
    Local(String),
    Scalar(Scalar),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
    /// `Option<T>`.
    Option(Box<RustType>),
    /// `Box<T>`.
    Box(Box<RustType>),
    /// The crate's `Nullable<T>`: absent, `null` or a value.
    Nullable(Box<RustType>),
    /// `()`.
    Unit,
    /// The crate's `EventStream<T>`: server-sent events, streamed.
    Events(Box<RustType>),
    /// The crate's `ItemStream<T>`: JSON Lines or a JSON text sequence, streamed.
    Items(Box<RustType>),
}

/// A type of the standard library or of a dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    U8,
    /// `uuid::Uuid`.
    Uuid,
    /// `crate::DateTime`: the text as received, and its instant.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `serde_json::Value`.
    Json,
    /// The crate's `ByteStream`: a binary response body, streamed.
    ByteStream,
}

impl RustType {
    /// The type a reference stands for.
    pub fn of(t: &TypeRef) -> RustType {
        let wrap = |inner: &TypeRef| Box::new(RustType::of(inner));
        match t {
            TypeRef::Named(name) => RustType::Named(name.clone()),
            TypeRef::String => RustType::Scalar(Scalar::String),
            TypeRef::I32 => RustType::Scalar(Scalar::I32),
            TypeRef::I64 => RustType::Scalar(Scalar::I64),
            TypeRef::F32 => RustType::Scalar(Scalar::F32),
            TypeRef::F64 => RustType::Scalar(Scalar::F64),
            TypeRef::Boolean => RustType::Scalar(Scalar::Bool),
            TypeRef::Uuid => RustType::Scalar(Scalar::Uuid),
            TypeRef::DateTime => RustType::Scalar(Scalar::DateTime),
            TypeRef::Date => RustType::Scalar(Scalar::Date),
            TypeRef::Array(inner) => RustType::Vec(wrap(inner)),
            TypeRef::Map(inner) => RustType::Map(wrap(inner)),
            TypeRef::Nullable(inner) => RustType::Option(wrap(inner)),
            TypeRef::Json => RustType::Scalar(Scalar::Json),
        }
    }

    /// A field's type, wrappers included: `Option<T>`, `Nullable<T>`, `Box<T>`.
    pub fn field(f: &Field) -> RustType {
        let inner = RustType::of(&f.ty);
        let inner = if f.boxed {
            RustType::Box(Box::new(inner))
        } else {
            inner
        };
        match f.repr {
            FieldRepr::Required | FieldRepr::Defaulted => inner,
            FieldRepr::RequiredNullable | FieldRepr::Optional | FieldRepr::NullableDefaulted => {
                RustType::Option(Box::new(inner))
            }
            FieldRepr::OptionalNullable => RustType::Nullable(Box::new(inner)),
        }
    }

    /// A response body as it is read: JSON into its type, text, bytes.
    pub fn body(body: &Body) -> RustType {
        match body {
            Body::Json(t) => RustType::of(t),
            Body::Text => RustType::Scalar(Scalar::String),
            Body::Bytes => RustType::Scalar(Scalar::ByteStream),
            Body::Events(t) => RustType::Events(Box::new(RustType::of(t))),
            Body::Items { item, .. } => RustType::Items(Box::new(RustType::of(item))),
        }
    }

    /// What an operation's method returns on success.
    pub fn output(op: &Operation) -> RustType {
        if let Some(name) = &op.response_enum {
            return RustType::Local(name.clone());
        }
        match op.successes.first().and_then(|s| s.body.as_ref()) {
            None => RustType::Unit,
            Some(body) => RustType::body(body),
        }
    }
}

impl Scalar {
    /// The short name, as a user of the crate writes it after its `use`.
    pub fn label(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
            Scalar::Bool => "bool",
            Scalar::U8 => "u8",
            Scalar::Uuid => "Uuid",
            Scalar::DateTime => "DateTime",
            Scalar::Date => "NaiveDate",
            Scalar::Json => "serde_json::Value",
            Scalar::ByteStream => "ByteStream",
        }
    }
}

/// The short label: `Vec<SessionView>`, `Nullable<ProxyCountryCode>`.
impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::Named(name) | RustType::Local(name) => {
                f.write_str(name.trim_start_matches("r#"))
            }
            RustType::Scalar(s) => f.write_str(s.label()),
            RustType::Vec(inner) => write!(f, "Vec<{inner}>"),
            RustType::Map(inner) => write!(f, "BTreeMap<String, {inner}>"),
            RustType::Option(inner) => write!(f, "Option<{inner}>"),
            RustType::Box(inner) => write!(f, "Box<{inner}>"),
            RustType::Nullable(inner) => write!(f, "Nullable<{inner}>"),
            RustType::Unit => f.write_str("()"),
            RustType::Events(inner) => write!(f, "EventStream<{inner}>"),
            RustType::Items(inner) => write!(f, "ItemStream<{inner}>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, Docs, Location};

    fn field(ty: TypeRef, repr: FieldRepr, boxed: bool) -> Field {
        Field {
            key: None,
            wire_name: "x".into(),
            name: "x".into(),
            ty,
            repr,
            required: false,
            nullable: false,
            default: None,
            default_json: None,
            boxed,
            default_fn: None,
            docs: Docs::default(),
            constraints: Constraints::default(),
            location: Location::Body,
            sensitive: false,
            pointer: crate::diag::Pointer::root(),
            tag: None,
        }
    }

    #[test]
    fn labels_of_references() {
        let named = || TypeRef::Named("r#Type".into());
        let table = [
            (TypeRef::String, "String"),
            (TypeRef::I32, "i32"),
            (TypeRef::F64, "f64"),
            (TypeRef::Boolean, "bool"),
            (TypeRef::Uuid, "Uuid"),
            (TypeRef::DateTime, "DateTime"),
            (TypeRef::Date, "NaiveDate"),
            (TypeRef::Json, "serde_json::Value"),
            (named(), "Type"),
            (TypeRef::Array(Box::new(named())), "Vec<Type>"),
            (
                TypeRef::Map(Box::new(TypeRef::Nullable(Box::new(TypeRef::I64)))),
                "BTreeMap<String, Option<i64>>",
            ),
        ];
        for (ty, label) in table {
            assert_eq!(RustType::of(&ty).to_string(), label, "{ty:?}");
        }
    }

    #[test]
    fn field_wrappers() {
        let named = || TypeRef::Named("Node".into());
        let table = [
            (FieldRepr::Required, false, "String"),
            (FieldRepr::Defaulted, false, "String"),
            (FieldRepr::Optional, false, "Option<String>"),
            (FieldRepr::RequiredNullable, false, "Option<String>"),
            (FieldRepr::NullableDefaulted, false, "Option<String>"),
            (FieldRepr::OptionalNullable, false, "Nullable<String>"),
        ];
        for (repr, boxed, label) in table {
            let f = field(TypeRef::String, repr, boxed);
            assert_eq!(RustType::field(&f).to_string(), label, "{repr:?}");
        }
        let f = field(named(), FieldRepr::Optional, true);
        assert_eq!(RustType::field(&f).to_string(), "Option<Box<Node>>");
        let f = field(named(), FieldRepr::OptionalNullable, true);
        assert_eq!(RustType::field(&f).to_string(), "Nullable<Box<Node>>");
    }

    #[test]
    fn bodies() {
        let json = Body::Json(TypeRef::Array(Box::new(TypeRef::String)));
        assert_eq!(RustType::body(&json).to_string(), "Vec<String>");
        assert_eq!(RustType::body(&Body::Text).to_string(), "String");
        assert_eq!(RustType::body(&Body::Bytes).to_string(), "ByteStream");
    }
}
