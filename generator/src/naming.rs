//! Every naming rule in one place: case conversion (heck), Rust keywords,
//! names that must not shadow the prelude, leading digits, non-ASCII input,
//! and deterministic collision resolution.
//!
//! Names are returned as strings that are valid Rust identifiers; a raw
//! identifier is spelled `r#type`. Input is data, never code: anything that is
//! not an ASCII letter or digit is treated as a word separator.

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

/// Compound words that are one word although written with an inner capital
/// (brands and technologies). Before a name is split into words, each of
/// these is kept whole: `OpenAIFile` → `openai`, `file`; `getOAuthToken` →
/// `get`, `oauth`, `token`; `GitHub v3 REST API` → `github`, … The first
/// letter may be either case (`macOS`, `MacOS`), the rest is as written
/// here; a plural `s` (`WebSockets`) and trailing digits (`OAuth2`) stay
/// with the word. A word counts only where it starts and ends at a word
/// boundary (`MyGitHubRepo`, not `GitHubber`). Words whose spelling has no
/// inner capital (`Github`, `Webhook`) need no entry: they are one word
/// already.
///
/// Everything else is split by the general rules of [`split_words`].
pub const COMPOUND_WORDS: &[&str] = &[
    "BigQuery",
    "BitBucket",
    "ChatGPT",
    "CircleCI",
    "ClickHouse",
    "ClickUp",
    "CockroachDB",
    "CouchDB",
    "DevOps",
    "DocuSign",
    "DynamoDB",
    "ElasticSearch",
    "ETag",
    "FaceTime",
    "FastAPI",
    "GitHub",
    "GitLab",
    "GitOps",
    "GraphQL",
    "HashiCorp",
    "HubSpot",
    "InfluxDB",
    "IPv4",
    "IPv6",
    "JavaScript",
    "JetBrains",
    "LangChain",
    "LinkedIn",
    "MailChimp",
    "MariaDB",
    "MongoDB",
    "MySQL",
    "NetSuite",
    "NodeJS",
    "NoSQL",
    "NuGet",
    "OAuth",
    "OneDrive",
    "OpenAI",
    "OpenAPI",
    "OpenID",
    "OpenSearch",
    "PagerDuty",
    "PayPal",
    "PlanetScale",
    "PlayStation",
    "PostgreSQL",
    "PowerShell",
    "PyPI",
    "QuickBooks",
    "RabbitMQ",
    "SendGrid",
    "ServiceNow",
    "SharePoint",
    "SQLite",
    "TikTok",
    "TypeScript",
    "WebAssembly",
    "WebGL",
    "WebRTC",
    "WebSocket",
    "WhatsApp",
    "WiFi",
    "WordPress",
    "YouTube",
    "eBay",
    "gRPC",
    "iCloud",
    "iOS",
    "iPad",
    "iPadOS",
    "iPhone",
    "macOS",
    "tvOS",
    "watchOS",
];

/// The words of a name, lower-cased: what snake, kebab and camel case join.
///
/// Anything but an ASCII letter or digit separates words. Inside a run of
/// letters and digits, first every [`COMPOUND_WORDS`] entry is kept whole;
/// the rest splits as heck splits it:
///
/// - before an upper-case letter that follows a lower-case one
///   (`userName` → `user`, `name`);
/// - before the last capital of a run of capitals followed by lower case
///   (`HTTPServer` → `http`, `server`; `XMLHttpRequest` → `xml`, `http`, `request`);
/// - digits stay with the word before them (`base64Encode` → `base64`, `encode`);
///
/// with two more rules: a run of capitals followed by a lone `s` is a plural
/// acronym, one word (`userIDs` → `user`, `ids`; `listAPIs` → `list`, `apis`),
/// where heck would split `i`, `ds`; and a run of capitals followed by `v`
/// and a digit is an acronym and its version (`UUIDv4` → `uuid`, `v4`), where
/// heck would split `uui`, `dv4`.
pub fn split_words(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in words(raw).split(' ').filter(|t| !t.is_empty()) {
        let bytes = token.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match compound_at(token, i) {
                Some(end) => {
                    split_plain(&token[start..i], &mut out);
                    out.push(token[i..end].to_ascii_lowercase());
                    start = end;
                    i = end;
                }
                None => i += 1,
            }
        }
        split_plain(&token[start..], &mut out);
    }
    out
}

/// The end of the [`COMPOUND_WORDS`] entry that starts at `i` of `token`
/// (an ASCII letter/digit run) at a word boundary, with its plural `s` and
/// trailing digits.
fn compound_at(token: &str, i: usize) -> Option<usize> {
    let b = token.as_bytes();
    let here = *b.get(i)?;
    let at_start = match i.checked_sub(1).and_then(|p| b.get(p)) {
        None => true,
        Some(prev) => {
            here.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit())
        }
    };
    if !at_start {
        return None;
    }
    // The longest entry that fits, so that `iPadOS` wins over `iPad`.
    let mut best: Option<usize> = None;
    for word in COMPOUND_WORDS {
        let Some((first, rest)) = word.as_bytes().split_first() else {
            continue;
        };
        let mut end = i + 1 + rest.len();
        if !here.eq_ignore_ascii_case(first) || b.get(i + 1..end) != Some(rest) {
            continue;
        }
        if b.get(end) == Some(&b's') && b.get(end + 1).is_none_or(|c| !c.is_ascii_lowercase()) {
            end += 1;
        }
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let at_end = b.get(end).is_none_or(|c| !c.is_ascii_lowercase());
        if at_end && best.is_none_or(|e| end > e) {
            best = Some(end);
        }
    }
    best
}

/// heck's word boundaries (see [`split_words`]) in an ASCII letter/digit run,
/// plus plural acronyms.
fn split_plain(token: &str, out: &mut Vec<String>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let b = token.as_bytes();
    let mut init = 0;
    let mut mode = Mode::Boundary;
    let mut i = 0;
    while let (Some(&c), Some(&next)) = (b.get(i), b.get(i + 1)) {
        let next_mode = if c.is_ascii_lowercase() {
            Mode::Lower
        } else if c.is_ascii_uppercase() {
            Mode::Upper
        } else {
            mode
        };
        // `IDs`, `URLs`: a plural `s` after capitals, then a boundary.
        let plural = next == b's' && b.get(i + 2).is_none_or(|c| !c.is_ascii_lowercase());
        let version = next == b'v' && b.get(i + 2).is_some_and(u8::is_ascii_digit);
        if mode == Mode::Upper && c.is_ascii_uppercase() && version {
            // `UUIDv4`: the capitals, then the version.
            out.push(token[init..=i].to_ascii_lowercase());
            init = i + 1;
            mode = Mode::Boundary;
        } else if next_mode == Mode::Lower && next.is_ascii_uppercase() {
            out.push(token[init..=i].to_ascii_lowercase());
            init = i + 1;
            mode = Mode::Boundary;
        } else if mode == Mode::Upper
            && c.is_ascii_uppercase()
            && next.is_ascii_lowercase()
            && !plural
        {
            out.push(token[init..i].to_ascii_lowercase());
            init = i;
            mode = Mode::Boundary;
        } else {
            mode = next_mode;
        }
        i += 1;
    }
    if init < b.len() {
        out.push(token[init..].to_ascii_lowercase());
    }
}

/// `snake_case` of [`split_words`].
pub fn snake(raw: &str) -> String {
    split_words(raw).join("_")
}

/// `UpperCamelCase` of [`split_words`]: each word capitalised, so a
/// compound word is one word here too (`OpenAI` → `Openai`, as the Rust
/// API guidelines write `Stdin`, not `StdIn`).
pub fn upper_camel(raw: &str) -> String {
    split_words(raw)
        .iter()
        .map(|w| {
            let mut w = w.clone();
            if let Some(first) = w.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            w
        })
        .collect()
}

/// A Rust keyword of some edition (`type`, `gen`, `Self`).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
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

/// Methods of the generated `Client` that operations must not take: those
/// of its fixed code (`templates/client.rs`, `templates/tls.rs`, checked by
/// a test), the constructors the generator writes, and the derived `clone`
/// and `fmt`.
pub const RESERVED_METHODS: &[&str] = &[
    "base_url",
    "body_limit",
    "builder",
    "clone",
    "credentials_for",
    "fmt",
    "from_env",
    "http_client_builder",
    "max_body_size",
    "new",
    "raw",
    "redirect_policy",
    "request",
    "request_with",
    "retry_policy",
    "provider_auth",
    "send",
    "send_built",
    "sending",
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

/// A schema name that is a module path written by a generator, split into
/// the path and the name: `app__api__v3__views__RunTaskRequest` (Python,
/// `__`-separated), `com.example.Foo` (Java), `io.k8s.api.core.v1.Pod`,
/// `MyApp.Models.User` (.NET), `api.v2010.account.call` (Twilio's resource
/// paths). The name must start with a capital, and the path segments must
/// all start with a lower-case letter (modules and packages) unless there
/// are at least two of them (namespaces); a dotted path of at least three
/// segments may end in a lower-case name. So a plain `User.Create` or
/// `user.create` stays one name.
pub fn module_path(raw: &str) -> Option<(Vec<&str>, &str)> {
    let separator = if raw.contains("__") { "__" } else { "." };
    let segments: Vec<&str> = raw.split(separator).collect();
    let (name, path) = segments.split_last()?;
    let word = |s: &&str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let lower = |s: &&str| s.starts_with(|c: char| c.is_ascii_lowercase());
    let capital = name.starts_with(|c: char| c.is_ascii_uppercase());
    let resource = separator == "." && path.len() >= 2 && lower(name);
    (!path.is_empty()
        && segments.iter().all(word)
        && ((capital && (path.len() >= 2 || path.iter().all(lower))) || resource))
        .then(|| (path.to_vec(), *name))
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
    let name = upper_camel(raw);
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
    let name = snake(raw);
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

/// A method's name with a suffix (`create_session_with`): the suffix is
/// joined to the name as written, without the raw prefix or the trailing
/// `_` of a keyword (`super_` gives `super_with`, not `super__with`,
/// which is not snake case).
pub fn suffixed(method: &str, suffix: &str) -> String {
    let stem = method.trim_start_matches("r#").trim_end_matches('_');
    format!("{stem}_{suffix}")
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
    snake(base).to_ascii_uppercase()
}

/// A package name from a spec title: kebab case, without the words that
/// describe every API (`api`, `public`, `openapi`, `rest`, versions), then
/// `-client`. `Browser Use Public API v2` → `browser-use-client`,
/// `GitHub v3 REST API` → `github-client`. A word of the title written as
/// two words run together (`PagerDuty`, `HubSpot`, `BambooHR`) is the
/// publisher's spelling of a name, one word of the package name
/// (`pagerduty-client`), as are [`COMPOUND_WORDS`] anywhere (see
/// [`split_words`]); longer runs are split (`MyCompanyAPI` →
/// `my-company-client`). Leading digits are dropped (a package name starts
/// with a letter), and a name longer than Cargo's 64 characters is cut
/// after the last whole word that fits, keeping `-client`.
pub fn package_name_from_title(title: &str) -> String {
    const NOISE: &[&str] = &[
        "api", "apis", "public", "openapi", "rest", "http", "spec", "the",
    ];
    const MAX: usize = 64;
    const SUFFIX: &str = "-client";
    let noise = |w: &String| NOISE.contains(&w.as_str()) || is_version_word(w);
    let kept: Vec<String> = words(title)
        .split(' ')
        .flat_map(|token| {
            let pieces = split_words(token);
            let run_together = token.starts_with(|c: char| c.is_ascii_alphabetic())
                && pieces.len() == 2
                && !pieces.iter().any(noise);
            if run_together {
                vec![pieces.concat()]
            } else {
                pieces
            }
        })
        .filter(|w| !NOISE.contains(&w.as_str()))
        .filter(|w| !is_version_word(w))
        .skip_while(|w| !w.starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect();
    let mut name = String::new();
    for word in &kept {
        let extra = usize::from(!name.is_empty()) + word.len();
        if name.len() + extra + SUFFIX.len() > MAX {
            if name.is_empty() {
                // One word longer than the limit: its first characters.
                name.push_str(word.get(..MAX - SUFFIX.len()).unwrap_or(word));
            }
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(word);
    }
    if name.is_empty() {
        "api-client".to_owned()
    } else {
        format!("{name}{SUFFIX}")
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

/// The fixed methods of the generated `ClientBuilder`
/// (`templates/client.rs`), which no credentials setter may take.
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "build",
    "clone",
    "connect_timeout",
    "default",
    "fmt",
    "http_client",
    "max_body_size",
    "max_retries",
    "middleware",
    "no_timeout",
    "retry_policy",
    "timeout",
];

/// The builder's setter of a scheme's credentials provider, from its
/// value setter (`api_key` → `api_key_provider`; a raw prefix dropped).
pub fn provider_setter(setter: &str) -> String {
    format!("{}_provider", setter.trim_start_matches("r#"))
}

/// The builder's setter of a scheme's OAuth 2.0 client-credentials grant,
/// from its value setter without its `_token` (`petstore_auth_token` →
/// `petstore_auth_client_credentials`).
pub fn grant_setter(setter: &str) -> String {
    let setter = setter.trim_start_matches("r#");
    format!(
        "{}_client_credentials",
        setter.strip_suffix("_token").unwrap_or(setter)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The methods of `impl Client` blocks in a template's text.
    fn client_methods(template: &str) -> Vec<String> {
        methods_of(template, "Client")
    }

    /// The methods of `impl {ty}` blocks in a template's text.
    fn methods_of(template: &str, ty: &str) -> Vec<String> {
        let file = syn::parse_file(template).expect("a template parses");
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let self_ty = &i.self_ty;
                    (quote::quote!(#self_ty).to_string() == ty).then_some(i)
                }
                _ => None,
            })
            .flat_map(|i| &i.items)
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn operations_never_take_a_method_of_the_fixed_client() {
        for template in [
            include_str!("../templates/client.rs"),
            include_str!("../templates/tls.rs"),
        ] {
            let methods = client_methods(template);
            assert!(!methods.is_empty());
            for m in methods {
                assert!(
                    RESERVED_METHODS.contains(&m.as_str()),
                    "`Client::{m}` of a template is missing from RESERVED_METHODS"
                );
            }
        }
    }

    #[test]
    fn credentials_setters_never_take_a_method_of_the_fixed_builder() {
        let methods = methods_of(include_str!("../templates/client.rs"), "ClientBuilder");
        assert!(methods.contains(&"build".to_owned()));
        for m in methods {
            assert!(
                BUILDER_METHODS.contains(&m.as_str()),
                "`ClientBuilder::{m}` of a template is missing from BUILDER_METHODS"
            );
        }
    }

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
    fn words_split_at_real_boundaries() {
        // (raw, snake case, UpperCamelCase)
        let table: &[(&str, &str, &str)] = &[
            ("HTTPServer", "http_server", "HttpServer"),
            ("getURLPath", "get_url_path", "GetUrlPath"),
            ("userID", "user_id", "UserId"),
            ("XMLHttpRequest", "xml_http_request", "XmlHttpRequest"),
            (
                "proxy-country_code",
                "proxy_country_code",
                "ProxyCountryCode",
            ),
            ("base64Encode", "base64_encode", "Base64Encode"),
            ("S3Bucket", "s3_bucket", "S3Bucket"),
            ("ABTest", "ab_test", "AbTest"),
            ("IN_PROGRESS", "in_progress", "InProgress"),
            // Plural acronyms are one word.
            ("userIDs", "user_ids", "UserIds"),
            ("listAPIs", "list_apis", "ListApis"),
            ("URLsToVisit", "urls_to_visit", "UrlsToVisit"),
            ("HTTPSettings", "http_settings", "HttpSettings"),
            ("HTTPs", "https", "Https"),
            // A capital run before a word that merely starts with `s`.
            ("PDFSummary", "pdf_summary", "PdfSummary"),
            ("getAs", "get_as", "GetAs"),
            // Versions after an acronym.
            ("UUIDv4", "uuid_v4", "UuidV4"),
            ("newAPIv2Client", "new_api_v2_client", "NewApiV2Client"),
            ("Av2", "av2", "Av2"),
        ];
        for (raw, snake_case, camel_case) in table {
            assert_eq!(snake(raw), *snake_case, "{raw}");
            assert_eq!(upper_camel(raw), *camel_case, "{raw}");
        }
    }

    #[test]
    fn compound_words_stay_whole() {
        // (raw, snake case, UpperCamelCase)
        let table: &[(&str, &str, &str)] = &[
            ("OpenAI", "openai", "Openai"),
            ("OpenAIFile", "openai_file", "OpenaiFile"),
            ("createOpenAIKey", "create_openai_key", "CreateOpenaiKey"),
            ("GitHub", "github", "Github"),
            ("MyGitHubRepo", "my_github_repo", "MyGithubRepo"),
            ("createOAuthToken", "create_oauth_token", "CreateOauthToken"),
            ("OAuth2Token", "oauth2_token", "Oauth2Token"),
            ("oauth_token", "oauth_token", "OauthToken"),
            ("YouTube", "youtube", "Youtube"),
            ("LinkedInProfile", "linkedin_profile", "LinkedinProfile"),
            ("iOS", "ios", "Ios"),
            ("iOSVersion", "ios_version", "IosVersion"),
            ("macOS", "macos", "Macos"),
            ("supportsMacOS", "supports_macos", "SupportsMacos"),
            ("iPadOS", "ipados", "Ipados"),
            ("WebSockets", "websockets", "Websockets"),
            (
                "PostgreSQLDatabase",
                "postgresql_database",
                "PostgresqlDatabase",
            ),
            ("GraphQL", "graphql", "Graphql"),
            ("FastAPI", "fastapi", "Fastapi"),
            ("IPv4Address", "ipv4_address", "Ipv4Address"),
            ("ifNoneMatchETag", "if_none_match_etag", "IfNoneMatchEtag"),
            ("gRPCService", "grpc_service", "GrpcService"),
            ("SQLiteDB", "sqlite_db", "SqliteDb"),
            // Not at a word boundary: split as usual.
            ("GitHubber", "git_hubber", "GitHubber"),
            ("OAuthorize", "o_authorize", "OAuthorize"),
            ("XOAuth", "xo_auth", "XoAuth"),
        ];
        for (raw, snake_case, camel_case) in table {
            assert_eq!(snake(raw), *snake_case, "{raw}");
            assert_eq!(upper_camel(raw), *camel_case, "{raw}");
        }
        assert_eq!(field_name("OpenAI-Organization"), "openai_organization");
    }

    #[test]
    fn module_paths_in_schema_names() {
        /// A schema name, and its module path and name if it is one.
        type Row<'a> = (&'a str, Option<(&'a [&'a str], &'a str)>);
        let table: &[Row<'_>] = &[
            (
                "app__endpoints__api__v3__views__RunTaskRequest",
                Some((
                    &["app", "endpoints", "api", "v3", "views"],
                    "RunTaskRequest",
                )),
            ),
            ("com.example.Foo", Some((&["com", "example"], "Foo"))),
            (
                "io.k8s.api.core.v1.Pod",
                Some((&["io", "k8s", "api", "core", "v1"], "Pod")),
            ),
            ("models.User", Some((&["models"], "User"))),
            ("MyApp.Models.User", Some((&["MyApp", "Models"], "User"))),
            // Not module paths.
            ("User.Create", None),
            ("RunTaskRequest", None),
            ("Body_upload_file_files_post", None),
            (
                "api.v2010.account.call",
                Some((&["api", "v2010", "account"], "call")),
            ),
            ("com.example.foo", Some((&["com", "example"], "foo"))),
            ("user.create", None),
            ("models.user", None),
            ("app__models__user", None),
            ("__Private", None),
            ("a..B", None),
            ("v1.0", None),
        ];
        for (raw, want) in table {
            let got = module_path(raw);
            let got = got.as_ref().map(|(p, n)| (p.as_slice(), *n));
            assert_eq!(got, *want, "{raw}");
        }
        assert_eq!(type_name("GitHubApp"), "GithubApp");
    }

    #[test]
    fn names_for_packages_and_env() {
        // (title, package name)
        let table: &[(&str, &str)] = &[
            ("Browser Use Public API v2", "browser-use-client"),
            ("API", "api-client"),
            ("OpenAI API", "openai-client"),
            ("GitHub v3 REST API", "github-client"),
            ("OAuth Server", "oauth-server-client"),
            ("OpenAPI Petstore", "petstore-client"),
            ("Twilio - Api", "twilio-client"),
            ("Box Platform API", "box-platform-client"),
            ("YouTube Data API v3", "youtube-data-client"),
            ("Public APIs", "api-client"),
            ("3D Secure Payments", "secure-payments-client"),
            // Two words run together in the title: the publisher's name.
            ("PagerDuty API", "pagerduty-client"),
            ("HubSpot CRM API", "hubspot-crm-client"),
            ("BambooHR", "bamboohr-client"),
            ("DigitalOcean API v2", "digitalocean-client"),
            ("Swagger PetStore", "swagger-petstore-client"),
            // Not a name: a noise word, or more than two words.
            ("FooAPI", "foo-client"),
            ("MyCompanyAPI", "my-company-client"),
            (
                "ProjectManagementService",
                "project-management-service-client",
            ),
            ("Fleet_Manager v2", "fleet-manager-client"),
        ];
        for (title, package) in table {
            assert_eq!(package_name_from_title(title), *package, "{title}");
        }
        assert_eq!(env_prefix("browser-use-client"), "BROWSER_USE");
        assert_eq!(env_prefix("openai-client"), "OPENAI");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let title = "The Extremely Thorough And Remarkably Verbose Enterprise \
                     Resource Planning Integration Platform API";
        let name = package_name_from_title(title);
        assert_eq!(
            name,
            "extremely-thorough-and-remarkably-verbose-enterprise-client"
        );
        assert!(name.len() <= 64);
        // The same on every run, and never cut inside a word.
        assert_eq!(package_name_from_title(title), name);
        let one_word = "x".repeat(100);
        let name = package_name_from_title(&one_word);
        assert_eq!(name.len(), 64);
        assert!(name.ends_with("-client"));
        // Exactly at the limit: kept whole.
        let fits = format!("{} client", "a".repeat(50));
        assert_eq!(
            package_name_from_title(&fits),
            format!("{}-client-client", "a".repeat(50))
        );
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
