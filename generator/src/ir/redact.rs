//! Which values the generated `Debug` output shows as `<redacted>`.
//!
//! Decided by meaning, not by substrings: `total_input_tokens` is a count and
//! prints, `sensitive_data` (a map of passwords) does not. A value is secret
//! when the spec says so (`format: password`, `writeOnly: true`, on the value
//! itself or on the items of an array or the values of a map), or when its
//! name says so and it can carry one (text, or arrays and maps of text: a
//! number, a boolean or a structured type cannot hold a password by itself).
//!
//! What a name says is read from its words (`clientSecret` → `client`,
//! `secret`): the last word is what the value *is* (`access_token` is a
//! token, `token_type` is a type), so a secret word there marks it, and so
//! does a secret pair of words at the end (`api_key`, `private_key`) or the
//! word `sensitive` anywhere (`sensitive_data`); a token after a word of
//! paging (`page_token`, `continuation_token`) is a cursor, not a secret.

use super::TypeRef;
use heck::ToSnakeCase;

/// Head words that name a secret value.
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "credential",
    "credentials",
    "passcode",
    "passphrase",
    "passwd",
    "password",
    "passwords",
    "secret",
    "secrets",
    "token",
    "tokens",
];

/// Words before `token` that make it a position in a listing, not a secret
/// (`page_token`, `next_page_token`, `continuation_token`).
const CURSOR_WORDS: &[&str] = &[
    "continuation",
    "cursor",
    "next",
    "page",
    "pagination",
    "previous",
    "prev",
    "resume",
    "sync",
];

/// Pairs of words at the end of a name that together name a secret.
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("access", "key"),
    ("api", "key"),
    ("encryption", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("signing", "key"),
];

/// Whether a value named `name`, of type `ty`, is redacted; `marked` says
/// whether its schema (or its items' or values') is `format: password` or
/// `writeOnly`.
pub fn is_secret(name: &str, ty: &TypeRef, marked: bool) -> bool {
    marked || (carries_text(ty) && secret_name(name))
}

/// Whether a name's words say that it holds a secret.
pub fn secret_name(name: &str) -> bool {
    let snake = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let Some(last) = words.last() else {
        return false;
    };
    let pair = words.len().checked_sub(2).map(|i| (words[i], words[i + 1]));
    let cursor = matches!(*last, "token" | "tokens")
        && pair.is_some_and(|(before, _)| CURSOR_WORDS.contains(&before));
    (SECRET_WORDS.contains(last) && !cursor)
        || pair.is_some_and(|pair| SECRET_PAIRS.contains(&pair))
        || words.contains(&"sensitive")
}

/// Whether a value of this type can hold a secret as text.
fn carries_text(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Json => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            carries_text(inner)
        }
        TypeRef::Named(_)
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Boolean
        | TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Date => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> TypeRef {
        TypeRef::String
    }

    #[test]
    fn decision_table() {
        let map_of_text = TypeRef::Map(Box::new(TypeRef::String));
        let list_of_text = TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(TypeRef::String))));
        // (name, type, marked by the schema, redacted)
        let table: &[(&str, TypeRef, bool, bool)] = &[
            // Names whose last word is a secret.
            ("password", text(), false, true),
            ("newPassword", text(), false, true),
            ("clientSecret", text(), false, true),
            ("access_token", text(), false, true),
            ("refreshToken", text(), false, true),
            ("X-Api-Key", text(), false, true),
            ("apiKey", text(), false, true),
            ("APIKey", text(), false, true),
            ("apikey", text(), false, true),
            ("privateKey", text(), false, true),
            ("credentials", TypeRef::Json, false, true),
            ("passphrase", text(), false, true),
            // `sensitive` anywhere, and collections of text.
            ("sensitive_data", map_of_text.clone(), false, true),
            (
                "sensitiveData",
                TypeRef::Nullable(Box::new(map_of_text.clone())),
                false,
                true,
            ),
            ("secrets", map_of_text.clone(), false, true),
            ("passwords", list_of_text.clone(), false, true),
            // Counts and flags are not secrets, whatever their name says.
            ("total_input_tokens", TypeRef::I64, false, false),
            ("max_tokens", TypeRef::I32, false, false),
            ("token_count", TypeRef::I64, false, false),
            ("passwordSet", TypeRef::Boolean, false, false),
            ("password", TypeRef::Boolean, false, false),
            // A secret word that is not the last: the value is something else.
            ("token_type", text(), false, false),
            // A token that marks a place in a listing.
            ("page_token", text(), false, false),
            ("NextPageToken", text(), false, false),
            ("continuation_token", text(), false, false),
            ("share_token", text(), false, true),
            ("password_policy", text(), false, false),
            ("secret_name", text(), false, false),
            ("tokenizer", text(), false, false),
            ("passwordless_login", text(), false, false),
            ("keyboard", text(), false, false),
            ("key", text(), false, false),
            ("monkey", text(), false, false),
            ("primary_key", text(), false, false),
            // Ordinary names.
            ("host", text(), false, false),
            ("username", text(), false, false),
            ("profileId", TypeRef::Uuid, false, false),
            ("description", text(), false, false),
            // Structured types redact their own fields, not the whole value.
            (
                "credentials",
                TypeRef::Named("Credentials".into()),
                false,
                false,
            ),
            // The schema's word wins for any name and type.
            ("value", text(), true, true),
            ("pin", TypeRef::I32, true, true),
            ("items", list_of_text, true, true),
            ("settings", TypeRef::Named("Settings".into()), true, true),
        ];
        for (name, ty, marked, expected) in table {
            assert_eq!(
                is_secret(name, ty, *marked),
                *expected,
                "{name}: {ty:?}, marked: {marked}"
            );
        }
    }

    #[test]
    fn words_not_substrings() {
        assert!(!secret_name(""));
        assert!(!secret_name("_"));
        assert!(secret_name("TOKEN"));
        assert!(secret_name("x-auth-token"));
        assert!(!secret_name("tokenization_model"));
    }
}
