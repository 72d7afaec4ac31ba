//! Checks of the spec's constraints, made on requests before they are sent.
//! Responses are never checked: the server has the last word on its data.
//! Which helpers are used depends on the constraints the spec has.
#![allow(dead_code)]

use crate::error::FieldError;
#[cfg(feature = "client")]
use crate::error::{Error, InvalidRequest};
use std::fmt;

/// Where a value is, with the wire names: `body.customProxy.port`.
pub(crate) enum Path<'a> {
    Root(&'static str),
    Field(&'a Path<'a>, &'static str),
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root(name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
        }
    }
}

/// A value that can be checked against the spec's constraints.
pub(crate) trait Validate {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>);
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>) {
        if let Some(v) = self {
            v.validate(path, errors);
        }
    }
}

impl<T: Validate> Validate for crate::Nullable<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>) {
        if let crate::Nullable::Value(v) = self {
            v.validate(path, errors);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>) {
        (**self).validate(path, errors);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>) {
        for (i, v) in self.iter().enumerate() {
            v.validate(&Path::Index(path, i), errors);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>) {
        self.as_slice().validate(path, errors);
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self, path: &Path<'_>, errors: &mut Vec<FieldError>) {
        for (k, v) in self {
            v.validate(&Path::Key(path, k), errors);
        }
    }
}

#[cfg(feature = "client")]
/// Checks a request's body or parameters (`root` names which); every
/// violation is reported at once.
pub(crate) fn check<T: Validate + ?Sized, E>(
    operation: &'static str,
    root: &'static str,
    value: &T,
) -> Result<(), Error<E>> {
    let mut errors = Vec::new();
    value.validate(&Path::Root(root), &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidRequest(InvalidRequest { operation, errors }))
    }
}

fn push(errors: &mut Vec<FieldError>, path: &Path<'_>, message: String) {
    errors.push(FieldError {
        path: path.to_string(),
        message,
    });
}

/// `value` must lie within the bounds; `(bound, exclusive)`.
pub(crate) fn range<T: PartialOrd + fmt::Display + Copy>(
    errors: &mut Vec<FieldError>,
    path: &Path<'_>,
    value: T,
    min: Option<(T, bool)>,
    max: Option<(T, bool)>,
) {
    let below = min.is_some_and(|(m, exclusive)| if exclusive { value <= m } else { value < m });
    let above = max.is_some_and(|(m, exclusive)| if exclusive { value >= m } else { value > m });
    if !(below || above) {
        return;
    }
    let rule = match (min, max) {
        (Some((lo, false)), Some((hi, false))) => format!("must be between {lo} and {hi}"),
        (Some((lo, lo_ex)), Some((hi, hi_ex))) => format!(
            "must be {} {lo} and {} {hi}",
            if lo_ex { "greater than" } else { "at least" },
            if hi_ex { "less than" } else { "at most" }
        ),
        (Some((lo, true)), None) => format!("must be greater than {lo}"),
        (Some((lo, false)), None) => format!("must be at least {lo}"),
        (None, Some((hi, true))) => format!("must be less than {hi}"),
        (None, Some((hi, false))) => format!("must be at most {hi}"),
        (None, None) => return,
    };
    push(errors, path, format!("{value} is out of range: {rule}"));
}

/// The length in characters (Unicode scalar values, as JSON Schema counts)
/// must lie within the bounds. The value itself is not repeated in the
/// message: it may be a secret.
pub(crate) fn length(
    errors: &mut Vec<FieldError>,
    path: &Path<'_>,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) {
    let len = value.chars().count();
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        let rule = match (min, max) {
            (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
            (Some(lo), None) => format!("at least {lo}"),
            (None, Some(hi)) => format!("at most {hi}"),
            (None, None) => return,
        };
        push(
            errors,
            path,
            format!("length {len} is out of range: must be {rule} characters"),
        );
    }
}

/// The number of items must lie within the bounds.
pub(crate) fn items(
    errors: &mut Vec<FieldError>,
    path: &Path<'_>,
    len: usize,
    min: Option<usize>,
    max: Option<usize>,
) {
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        let rule = match (min, max) {
            (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
            (Some(lo), None) => format!("at least {lo}"),
            (None, Some(hi)) => format!("at most {hi}"),
            (None, None) => return,
        };
        push(
            errors,
            path,
            format!("{len} items is out of range: must be {rule} items"),
        );
    }
}

/// `oneOf` of sets of properties: exactly one set must be all there.
/// `present` says, for each set, whether it is; `sets` names them.
pub(crate) fn exactly_one(
    errors: &mut Vec<FieldError>,
    path: &Path<'_>,
    present: &[bool],
    sets: &[&str],
) {
    let n = present.iter().filter(|p| **p).count();
    if n != 1 {
        push(
            errors,
            path,
            format!(
                "exactly one of these must be set: {} ({n} are)",
                sets.join("; ")
            ),
        );
    }
}

/// `anyOf` of sets of properties: at least one set must be all there.
pub(crate) fn at_least_one(
    errors: &mut Vec<FieldError>,
    path: &Path<'_>,
    present: &[bool],
    sets: &[&str],
) {
    if !present.iter().any(|p| *p) {
        push(
            errors,
            path,
            format!("at least one of these must be set: {}", sets.join("; ")),
        );
    }
}
