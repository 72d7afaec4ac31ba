//! ECMAScript regular expressions of the spec, compiled once, on first use.

use crate::error::FieldError;
use crate::validate::Path;

/// A `pattern` constraint of the spec.
pub(crate) struct Pattern {
    source: &'static str,
    regex: std::sync::OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    pub(crate) const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            regex: std::sync::OnceLock::new(),
        }
    }

    /// Records an error unless `value` matches. (The generator checked that
    /// the pattern compiles; were it not to, nothing is rejected.)
    pub(crate) fn check(&self, errors: &mut Vec<FieldError>, path: &Path<'_>, value: &str) {
        let regex = self
            .regex
            .get_or_init(|| regress::Regex::new(self.source).ok());
        if let Some(re) = regex {
            if re.find(value).is_none() {
                errors.push(FieldError {
                    path: path.to_string(),
                    message: format!(
                        "{:?} does not match the pattern {}",
                        crate::error::excerpt(value),
                        self.source
                    ),
                });
            }
        }
    }
}
