//! The catch-all of generated enums.

use std::fmt;

/// A value of an enum that this version of the spec does not list, kept as
/// received so that it is sent back unchanged. It is never one of the listed
/// values (those decode into their own variants), so enums compare, hash and
/// order consistently with what they mean on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What every string enum of `types` has in common, written once:
/// `from_wire`, `Display`, `FromStr` and serde, in terms of the enum's own
/// `as_str` and `known` (which list its values) and its catch-all variant.
macro_rules! string_enum {
    ($name:ident, $other:ident) => {
        impl $name {
            /// The variant for a wire value: a listed value gives its own
            /// variant, any other the catch-all. Use it to send a value that
            /// the API accepts but this version of the spec does not list.
            pub fn from_wire(value: &str) -> Self {
                Self::known(value)
                    .unwrap_or_else(|| Self::$other($crate::UnknownValue(value.to_owned())))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Parses one of the listed values; anything else is an error (use
        /// `from_wire` to send an unlisted value on purpose).
        impl ::std::str::FromStr for $name {
            type Err = $crate::ParseEnumError;

            fn from_str(value: &str) -> Result<Self, $crate::ParseEnumError> {
                Self::known(value)
                    .ok_or_else(|| $crate::ParseEnumError::new(stringify!($name), value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::known(&value).unwrap_or(Self::$other($crate::UnknownValue(value))))
            }
        }
    };
}

pub(crate) use string_enum;
