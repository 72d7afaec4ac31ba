//! Scalars: strings (a string enum becomes a named type; a format may make
//! a date, a date-time or a UUID), integers, numbers and booleans, each with
//! the constraints its kind checks: as `type` gives them, or as a `type`
//! with keywords of another kind beside it does.

use super::*;

impl<'a> Lowerer<'a> {
    /// `type: string`: a string enum (a named type) when it lists values,
    /// else a string of its format, with its length and pattern.
    pub(super) fn string(
        &mut self,
        s: &openapiv3::StringType,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) {
        let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
        if s.enumeration.iter().any(Option::is_none) {
            lowered.nullable = true;
        }
        if !values.is_empty() {
            lowered.ty = TypeRef::Named(self.define_enum(&values, schema, ptr, hint));
        } else {
            lowered.ty = string_format(&s.format);
            if lowered.ty == TypeRef::String {
                lowered.docs.format = format_name(&s.format);
            }
            lowered.secret |= matches!(
                &s.format,
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)
            );
            lowered.constraints.min_length = s.min_length.map(|n| n as u64);
            lowered.constraints.max_length = s.max_length.map(|n| n as u64);
            lowered.constraints.pattern = self.pattern(s.pattern.as_deref(), ptr);
        }
    }

    /// `type: number`: an `f32` or an `f64`, with its bounds; a bound an
    /// `f32` cannot hold is dropped, with a warning.
    pub(super) fn number(
        &mut self,
        n: &openapiv3::NumberType,
        ptr: &Pointer,
        lowered: &mut Lowered,
    ) {
        lowered.ty = match &n.format {
            VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
            _ => TypeRef::F64,
        };
        lowered.constraints.minimum = n.minimum.map(|v| Bound {
            value: Number::Float(v),
            exclusive: n.exclusive_minimum,
        });
        lowered.constraints.maximum = n.maximum.map(|v| Bound {
            value: Number::Float(v),
            exclusive: n.exclusive_maximum,
        });
        if lowered.ty == TypeRef::F32 {
            // A bound an `f32` cannot hold cannot be checked on one.
            for (key, bound) in [
                ("minimum", &mut lowered.constraints.minimum),
                ("maximum", &mut lowered.constraints.maximum),
            ] {
                if let Some(Bound {
                    value: Number::Float(v),
                    ..
                }) = *bound
                {
                    if !(v as f32).is_finite() {
                        *bound = None;
                        self.diags.warning(
                            ptr.push(key),
                            format!("`{key}: {v:e}` does not fit a 32-bit float (`format: float`) and is not checked"),
                        );
                    }
                }
            }
        }
    }

    /// A scalar `type` with keywords of another kind beside it (say
    /// `minimum` on a string), which JSON Schema ignores: the scalar, with
    /// only the constraints of its kind. A `type` that is not a scalar's is
    /// a JSON value, with a warning.
    pub(super) fn mixed_scalar(
        &mut self,
        any: &openapiv3::AnySchema,
        typ: &str,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        lowered: &mut Lowered,
    ) {
        let c = any_constraints(any);
        let strings: Vec<&str> = any
            .enumeration
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        match typ {
            "string" if !strings.is_empty() => {
                lowered.ty = TypeRef::Named(self.define_enum(&strings, schema, ptr, hint));
            }
            "string" => {
                lowered.ty = match any.format.as_deref() {
                    Some("date-time") => TypeRef::DateTime,
                    Some("date") => TypeRef::Date,
                    Some("uuid") => TypeRef::Uuid,
                    _ => TypeRef::String,
                };
                lowered.secret |= any.format.as_deref() == Some("password");
                if lowered.ty == TypeRef::String {
                    lowered.docs.format = any.format.clone();
                }
                if lowered.ty == TypeRef::String {
                    lowered.constraints.min_length = c.min_length;
                    lowered.constraints.max_length = c.max_length;
                    lowered.constraints.pattern = self.pattern(any.pattern.as_deref(), ptr);
                }
            }
            "integer" => {
                lowered.ty = if any.format.as_deref() == Some("int32") {
                    TypeRef::I32
                } else {
                    TypeRef::I64
                };
                lowered.constraints.minimum = c.minimum;
                lowered.constraints.maximum = c.maximum;
            }
            "number" => {
                lowered.ty = if any.format.as_deref() == Some("float") {
                    TypeRef::F32
                } else {
                    TypeRef::F64
                };
                lowered.constraints.minimum = c.minimum;
                lowered.constraints.maximum = c.maximum;
            }
            "boolean" => lowered.ty = TypeRef::Boolean,
            _ => self.diags.warning(ptr, format!("schema of type `{typ}` mixes keywords in a way that is not supported; the value is typed as `serde_json::Value`")),
        }
    }

    /// A pattern to check, if it is a valid ECMAScript regular expression;
    /// else a warning, and no check.
    fn pattern(&mut self, pattern: Option<&str>, ptr: &Pointer) -> Option<String> {
        let pattern = pattern?;
        match regress::Regex::new(pattern) {
            Ok(_) => Some(pattern.to_owned()),
            Err(e) => {
                self.diags.warning(ptr.push("pattern"), format!("pattern is not a valid ECMAScript regular expression ({e}); it is not checked"));
                None
            }
        }
    }
}

/// `type: integer`: an `i32` or an `i64`, with its bounds.
pub(super) fn integer(i: &openapiv3::IntegerType, lowered: &mut Lowered) {
    lowered.ty = match &i.format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
        _ => TypeRef::I64,
    };
    lowered.constraints.minimum = i.minimum.map(|v| Bound {
        value: Number::Int(v),
        exclusive: i.exclusive_minimum,
    });
    lowered.constraints.maximum = i.maximum.map(|v| Bound {
        value: Number::Int(v),
        exclusive: i.exclusive_maximum,
    });
}

/// The name of a string format the type does not express (all but
/// `date`, `date-time` and `uuid`).
fn format_name(format: &VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> Option<String> {
    use openapiv3::StringFormat as F;
    match format {
        VariantOrUnknownOrEmpty::Item(F::Date | F::DateTime) | VariantOrUnknownOrEmpty::Empty => {
            None
        }
        VariantOrUnknownOrEmpty::Item(F::Password) => Some("password".to_owned()),
        VariantOrUnknownOrEmpty::Item(F::Byte) => Some("byte".to_owned()),
        VariantOrUnknownOrEmpty::Item(F::Binary) => Some("binary".to_owned()),
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => None,
        VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
    }
}

/// The type a string's format gives: a date, a date-time or a UUID, else
/// a string.
fn string_format(format: &VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}
