//! Every naming rule in one place: case conversion (heck), Rust keywords,
//! names that must not shadow the prelude, leading digits, non-ASCII input,
//! and deterministic collision resolution.
//!
//! Names are returned as strings that are valid Rust identifiers; a raw
//! identifier is spelled `r#type`. Input is data, never code: anything that is
//! not an ASCII letter or digit is treated as a word separator.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Keywords of every edition up to 2024 (strict and reserved), including `gen`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Type names the generated code uses unqualified (the prelude and friends):
/// a schema with one of these names is renamed rather than shadowing them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Unpin",
    "Vec",
];

fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names the generated crate defines at its root, which operation error
/// enums must not take: read from the table of its modules
/// ([`crate::runtime::RUNTIME`]).
pub const RESERVED_ROOT_NAMES: &[&str] = &crate::runtime::ROOT_NAMES;

/// Methods of the generated `Client` that operations must not take.
pub const RESERVED_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "clone",
    "fmt",
    "from_env",
    "new",
    "request",
    "retry_policy",
    "send",
];

/// Names an operation's method uses for its own arguments and locals, which
/// path parameters must not take.
pub const RESERVED_ARGS: &[&str] = &[
    "body", "options", "params", "path", "query", "request", "response", "self_",
];

/// `CreateSessionRequest`, `proxy-country` → `ProxyCountry`, `2fa` → `T2fa`.
pub fn type_name(raw: &str) -> String {
    camel(raw, "T", "Unnamed")
}

/// Enum variant for a wire value: `us` → `Us`, `do` → `Do`, `1080p` → `V1080p`,
/// `""` → `Empty`, `+` → `Value`.
pub fn variant_name(raw: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_owned();
    }
    camel(raw, "V", "Value")
}

fn camel(raw: &str, digit_prefix: &str, empty: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// `proxyUsedMb` → `proxy_used_mb`, `type` → `r#type`, `self` → `self_`, `1st` → `_1st`.
pub fn field_name(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() {
        "field".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The method name for an operation. FastAPI writes operation ids as
/// `{function}{path with non-word characters as _}_{method}`
/// (`create_session_sessions_post`, `get_task_tasks__task_id__get`); the
/// function part is the name a Rust developer would choose. Other ids are
/// snake-cased; a missing id is derived from method and path.
pub fn method_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    match operation_id {
        Some(id) => field_name(strip_fastapi_suffix(id, method, path).unwrap_or(id)),
        None => field_name(&format!("{method} {path}")),
    }
}

/// The name an operation falls back to when its short name collides.
pub fn full_method_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    field_name(operation_id.unwrap_or(&format!("{method} {path}")))
}

fn strip_fastapi_suffix<'a>(id: &'a str, method: &str, path: &str) -> Option<&'a str> {
    let path_part: String = path
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let suffix = format!("{path_part}_{}", method.to_ascii_lowercase());
    id.strip_suffix(&suffix)
        .filter(|rest| rest.chars().any(|c| c.is_ascii_alphanumeric()))
}

/// `BROWSER_USE` from `browser-use-client`: the prefix of environment variables.
pub fn env_prefix(package: &str) -> String {
    let base = ["-client", "-sdk", "-api"]
        .iter()
        .find_map(|s| package.strip_suffix(s))
        .unwrap_or(package);
    words(base).to_snake_case().to_ascii_uppercase()
}

/// A package name from a spec title: kebab case, without the words that
/// describe every API (`api`, `public`, `openapi`, `rest`, versions), then
/// `-client`. `Browser Use Public API v2` → `browser-use-client`.
pub fn package_name_from_title(title: &str) -> String {
    const NOISE: &[&str] = &[
        "api", "apis", "public", "openapi", "rest", "http", "spec", "the",
    ];
    let kept: Vec<String> = words(title)
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .filter(|w| !NOISE.contains(w))
        .filter(|w| !is_version_word(w))
        .map(str::to_owned)
        .collect();
    if kept.is_empty() {
        "api-client".to_owned()
    } else {
        format!("{}-client", kept.join("-"))
    }
}

fn is_version_word(w: &str) -> bool {
    let digits = w.strip_prefix('v').unwrap_or(w);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The enum variant for an HTTP status: `404` → `NotFound`, `599` → `Status599`.
pub fn status_variant(status: u16) -> String {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{status}"),
    };
    name.to_owned()
}

/// A set of names in one Rust namespace. Claiming a taken name returns it with
/// the smallest free numeric suffix (`Foo2`, `foo_bar_2`), so two spec names
/// that convert to the same Rust name are never merged, and the result depends
/// only on the order of claims, which callers keep deterministic.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// The next suffix to try for each base name (keeps many collisions linear).
    next: std::collections::BTreeMap<String, u32>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next: std::collections::BTreeMap::new(),
        }
    }

    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let (base, separator) = match candidate.strip_prefix("r#") {
            Some(bare) => (bare.to_owned(), "_"),
            None if candidate.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') => {
                (candidate.trim_end_matches('_').to_owned(), "_")
            }
            // UpperCamelCase: `Self_` → `Self2`, never `Self_2`.
            None => (candidate.trim_end_matches('_').to_owned(), ""),
        };
        let mut n = self.next.get(&base).copied().unwrap_or(2);
        loop {
            let name = format!("{base}{separator}{n}");
            n = n.saturating_add(1);
            if self.taken.insert(name.clone()) {
                self.next.insert(base, n);
                return name;
            }
        }
    }

    /// Gives a claimed name back, so that the next claim of it succeeds.
    pub fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        assert_eq!(field_name("proxyUsedMb"), "proxy_used_mb");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("1st"), "_1st");
        assert_eq!(field_name("*/"), "field");
        assert_eq!(field_name("X-Request-ID"), "x_request_id");
    }

    #[test]
    fn types_and_variants() {
        assert_eq!(type_name("CreateSessionRequest"), "CreateSessionRequest");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("3d-model"), "T3dModel");
        assert_eq!(variant_name("do"), "Do");
        assert_eq!(variant_name("in"), "In");
        assert_eq!(variant_name("1080p"), "V1080p");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("+"), "Value");
        assert_eq!(variant_name("ünïcode"), "NCode");
    }

    #[test]
    fn methods_from_fastapi_ids() {
        assert_eq!(
            method_name(Some("create_session_sessions_post"), "post", "/sessions"),
            "create_session"
        );
        assert_eq!(
            method_name(
                Some("get_task_tasks__task_id__get"),
                "get",
                "/tasks/{task_id}"
            ),
            "get_task"
        );
        assert_eq!(method_name(Some("listPets"), "get", "/pets"), "list_pets");
        assert_eq!(method_name(None, "get", "/pets/{id}"), "get_pets_id");
    }

    #[test]
    fn names_for_packages_and_env() {
        assert_eq!(
            package_name_from_title("Browser Use Public API v2"),
            "browser-use-client"
        );
        assert_eq!(package_name_from_title("API"), "api-client");
        assert_eq!(env_prefix("browser-use-client"), "BROWSER_USE");
    }

    #[test]
    fn collisions_are_numbered_deterministically() {
        let mut ns = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(ns.claim("FooBar".into()), "FooBar");
        assert_eq!(ns.claim("FooBar".into()), "FooBar2");
        assert_eq!(ns.claim("Option".into()), "Option2");
        assert_eq!(ns.claim("Self_".into()), "Self_");
        assert_eq!(ns.claim("Self_".into()), "Self2");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("foo_bar".into()), "foo_bar");
        assert_eq!(fields.claim("foo_bar".into()), "foo_bar_2");
        assert_eq!(fields.claim("r#type".into()), "r#type");
        assert_eq!(fields.claim("r#type".into()), "type_2");
    }
}
