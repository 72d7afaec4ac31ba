//! Date-times (`format: date-time`), kept as the server wrote them.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A date-time as it was received or given, with its meaning.
///
/// It keeps the text exactly as the server sent it (`+02:00` or `Z`, `T` or
/// `t`, as many fraction digits as it wrote) and sends it back
/// byte-identical, so a value read from a response and put in a request is
/// what the server gave. [`to_chrono`](Self::to_chrono) gives the instant
/// with its offset, [`to_utc`](Self::to_utc) the instant in UTC.
///
/// It decodes from RFC 3339 (`2023-02-28T13:30:05+02:00`,
/// `2023-02-28T11:30:05.5Z`), and from the looser forms chrono also reads (a
/// space for the `T`, an offset without its colon); anything else is refused
/// with an error that says so. Made from a chrono value, its text is RFC 3339
/// with `Z` for UTC and the fraction digits the value needs (none, 3, 6 or 9).
///
/// Two date-times are equal when their texts are, so that equal values are
/// sent the same: `2023-02-28T13:30:05+02:00` and `2023-02-28T11:30:05Z` are
/// the same instant but not equal (compare [`to_utc`](Self::to_utc) for
/// that). They are ordered by instant, then by text; hashing takes the text,
/// which is what `Debug` shows, quoted.
#[derive(Clone)]
pub struct DateTime {
    text: Box<str>,
    value: chrono::DateTime<chrono::FixedOffset>,
}

impl DateTime {
    /// Parses a date-time, keeping its text (as decoding does).
    pub fn parse(text: &str) -> Result<Self, ParseDateTimeError> {
        Ok(DateTime {
            value: read(text)?,
            text: text.into(),
        })
    }

    /// The text, as received or given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, as received or given.
    pub fn into_string(self) -> String {
        self.text.into()
    }

    /// The instant, with the offset of the text.
    pub fn to_chrono(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<chrono::Utc> {
        self.value.with_timezone(&chrono::Utc)
    }

    /// The offset of the text from UTC (`Z` is zero).
    pub fn offset(&self) -> chrono::FixedOffset {
        *self.value.offset()
    }
}

/// RFC 3339 first (the common case, and chrono's faster parser), then the
/// looser forms chrono's `FromStr` reads.
fn read(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, ParseDateTimeError> {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|strict| text.parse().map_err(|_| strict))
        .map_err(|reason| ParseDateTimeError {
            text: text.chars().take(64).collect(),
            reason,
        })
}

/// Its text is RFC 3339: `Z` for UTC, and no, 3, 6 or 9 fraction digits,
/// as the value needs.
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime
where
    Tz::Offset: fmt::Display,
{
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime {
            text: value
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                .into(),
            value: value.with_timezone(&chrono::Offset::fix(value.offset())),
        }
    }
}

impl From<DateTime> for chrono::DateTime<chrono::FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.value
    }
}

impl From<DateTime> for chrono::DateTime<chrono::Utc> {
    fn from(value: DateTime) -> Self {
        value.to_utc()
    }
}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, ParseDateTimeError> {
        DateTime::parse(text)
    }
}

impl AsRef<str> for DateTime {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// The text.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The text, quoted.
impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for DateTime {}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By instant, then by text (the same instant written two ways).
impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value
            .cmp(&other.value)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Visitor)
    }
}

struct Visitor;

impl serde::de::Visitor<'_> for Visitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date-time")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime, E> {
        DateTime::parse(text).map_err(E::custom)
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<DateTime, E> {
        match read(&text) {
            Ok(value) => Ok(DateTime {
                text: text.into_boxed_str(),
                value,
            }),
            Err(e) => Err(E::custom(e)),
        }
    }
}

/// A text that is not a date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError {
    /// The text (its first 64 characters).
    text: String,
    reason: chrono::ParseError,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not an RFC 3339 date-time such as \"2023-02-28T13:30:05+02:00\": {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for ParseDateTimeError {}
