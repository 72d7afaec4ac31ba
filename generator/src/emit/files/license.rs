//! The `license` line of the crate's `Cargo.toml`, from the spec's
//! `info.license`: an SPDX expression when it reads as one, else comments.

use super::toml_string;
use crate::emit::docs;

/// The `license` line of `Cargo.toml`, from the spec's `info.license`: its
/// `identifier` (OpenAPI 3.1, an SPDX expression) when it reads as one;
/// else its `name` when that is an SPDX expression of well-known license
/// ids (`MIT`, `Apache-2.0 OR MIT`); else only comments naming the license
/// and its URL (Cargo's `license-file` needs the text, which the spec only
/// links to). The URL is always a comment: Cargo has no field for it.
pub(super) fn license_lines(license: Option<&crate::ir::License>) -> String {
    let Some(license) = license else {
        return String::new();
    };
    let mut out = String::new();
    let spdx = license
        .identifier
        .as_deref()
        .map(str::trim)
        .filter(|id| spdx_expression(id, |_| true))
        .or_else(|| {
            let name = license.name.trim();
            spdx_expression(name, |id| {
                id.starts_with("LicenseRef-") || COMMON_SPDX_IDS.contains(&id)
            })
            .then_some(name)
        });
    match spdx {
        Some(expression) => out.push_str(&format!("license = {}\n", toml_string(expression))),
        None => {
            let shown = [license.identifier.as_deref(), Some(license.name.as_str())]
                .into_iter()
                .flatten()
                .map(docs::one_line)
                .find(|s| !s.trim().is_empty());
            if let Some(shown) = shown {
                out.push_str(&format!(
                    "# License (the spec's info.license, not an SPDX expression): {shown}\n"
                ));
            }
        }
    }
    if let Some(url) = license.url.as_deref().map(docs::one_line) {
        if !url.trim().is_empty() {
            out.push_str(&format!("# License text: {}\n", url.trim()));
        }
    }
    out
}

/// License ids of the SPDX list that specs name in `info.license.name`
/// (the list has hundreds; a name outside these stays a comment).
const COMMON_SPDX_IDS: &[&str] = &[
    "0BSD",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC0-1.0",
    "EPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MIT",
    "MIT-0",
    "MPL-2.0",
    "Unlicense",
    "Zlib",
];

/// Whether `text` has the syntax of an SPDX license expression (SPDX 2.3,
/// annex D): ids (`[A-Za-z0-9.-]+`, an optional `+`) joined by `AND` and
/// `OR`, an id `WITH` an exception, parentheses; every id accepted by `known`.
fn spdx_expression(text: &str, known: impl Fn(&str) -> bool) -> bool {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let is_id = |t: &str| {
        let t = t.strip_suffix('+').unwrap_or(t);
        !t.is_empty()
            && !matches!(t, "AND" | "OR" | "WITH")
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':')
    };
    // expression := term (("AND" | "OR") term)*
    // term := "(" expression ")" | id ["WITH" id]
    fn expression(
        tokens: &[&str],
        i: &mut usize,
        is_id: &dyn Fn(&str) -> bool,
        known: &dyn Fn(&str) -> bool,
        depth: usize,
    ) -> bool {
        if depth > 32 {
            return false;
        }
        loop {
            match tokens.get(*i) {
                Some(&"(") => {
                    *i += 1;
                    if !expression(tokens, i, is_id, known, depth + 1)
                        || tokens.get(*i) != Some(&")")
                    {
                        return false;
                    }
                    *i += 1;
                }
                Some(id) if is_id(id) && known(id.trim_end_matches('+')) => {
                    *i += 1;
                    if tokens.get(*i) == Some(&"WITH") {
                        match tokens.get(*i + 1) {
                            Some(exception) if is_id(exception) => *i += 2,
                            _ => return false,
                        }
                    }
                }
                _ => return false,
            }
            match tokens.get(*i) {
                Some(&"AND") | Some(&"OR") => *i += 1,
                _ => return true,
            }
        }
    }
    let mut i = 0;
    !tokens.is_empty() && expression(&tokens, &mut i, &is_id, &known, 0) && i == tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn license(name: &str, identifier: Option<&str>, url: Option<&str>) -> String {
        license_lines(Some(&crate::ir::License {
            name: name.to_owned(),
            identifier: identifier.map(str::to_owned),
            url: url.map(str::to_owned),
        }))
    }

    #[test]
    fn licenses() {
        assert_eq!(license_lines(None), "");
        // 3.1: the identifier, whatever the name says.
        assert_eq!(
            license("MIT or Apache", Some("MIT OR Apache-2.0"), None),
            "license = \"MIT OR Apache-2.0\"\n"
        );
        assert_eq!(
            license("x", Some("(MIT AND BSD-3-Clause) OR GPL-2.0-or-later WITH Classpath-exception-2.0"), None),
            "license = \"(MIT AND BSD-3-Clause) OR GPL-2.0-or-later WITH Classpath-exception-2.0\"\n"
        );
        // A name that is an SPDX expression of well-known ids.
        assert_eq!(
            license("Apache-2.0", None, Some("https://www.apache.org/licenses/LICENSE-2.0.html")),
            "license = \"Apache-2.0\"\n# License text: https://www.apache.org/licenses/LICENSE-2.0.html\n"
        );
        assert_eq!(
            license("MIT OR Apache-2.0", None, None),
            "license = \"MIT OR Apache-2.0\"\n"
        );
        // Anything else is a comment.
        for name in [
            "Apache 2.0",
            "MIT License",
            "Proprietary",
            "BSD-3-Clause AND",
            "(MIT",
            "MIT WITH",
            "",
        ] {
            let lines = license(name, None, None);
            assert!(!lines.contains("license ="), "{name:?}: {lines}");
        }
        assert_eq!(
            license("Apache 2.0", None, Some("https://example.com/L")),
            "# License (the spec's info.license, not an SPDX expression): Apache 2.0\n# License text: https://example.com/L\n"
        );
        // An identifier that is not an expression: the comment shows it.
        assert_eq!(
            license("Custom", Some("Custom terms, see site"), None),
            "# License (the spec's info.license, not an SPDX expression): Custom terms, see site\n"
        );
        // Nothing breaks out of the TOML string or comment.
        let text = license("a\nb = 1", Some("MIT\"\n"), Some("https://x\n[evil]"));
        assert!(text.lines().all(|l| l.starts_with('#')), "{text}");
    }
}
