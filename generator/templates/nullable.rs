//! A field that may be left out, sent as `null`, or sent with a value.

/// A request field that the spec marks both optional and nullable, where
/// leaving it out and sending `null` mean different things to the server.
///
/// Typically, left out means "use the server's default" and `null` means
/// "none at all"; the field's documentation says what the API does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not sent: the server applies its default.
    #[default]
    Unset,
    /// Sent as JSON `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> Nullable<T> {
    /// `None` becomes [`Nullable::Null`], `Some(v)` becomes [`Nullable::Value`].
    pub fn from_option(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }

    /// Whether the field is left out of the request.
    pub fn is_unset(&self) -> bool {
        matches!(self, Nullable::Unset)
    }

    /// Whether the field is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one, dereferenced (`Option::as_deref`):
    /// `Option<&str>` for a `Nullable<String>`.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: ::std::ops::Deref,
    {
        self.value().map(|v| &**v)
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// Maps the value, keeping `Unset` and `Null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // `Unset` fields are skipped by `skip_serializing_if`; alone, they are `null`.
            Nullable::Unset | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches here: `#[serde(default)]` makes it `Unset`.
        Ok(Nullable::from_option(Option::<T>::deserialize(
            deserializer,
        )?))
    }
}
