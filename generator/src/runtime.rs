//! The modules of the generated crate, listed once: where each comes from,
//! whether it is public, what `lib.rs` re-exports from it, and which names
//! it takes at the crate root. Writing the files, `lib.rs`'s `mod` and
//! `pub use` lines, the names operations' enums must not take
//! ([`crate::naming::RESERVED_ROOT_NAMES`]) and the tests that tell
//! templates from generated files all read this table.

/// Where a module's file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Copied from `generator/templates/` as it is, after the header.
    Template(&'static str),
    /// Emitted from the spec and formatted by prettyplease, after the fixed
    /// code of a template, if any, copied as it is.
    Generated { fixed: Option<&'static str> },
    /// Created once from a template, then the user's to edit.
    Scaffold(&'static str),
}

/// When a module is part of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// Only when some type checks a `pattern` (it needs `regress`).
    Patterns,
    /// Only when the API has a string enum (it holds their catch-all and
    /// what they have in common).
    StringEnums,
    /// Only when the API has a date-time (`format: date-time`).
    DateTimes,
    /// Only when the API has operations: the client and what only it uses
    /// (a document of webhooks alone makes a crate without a client).
    Operations,
    /// Only when the API has webhooks or callbacks (requests it sends to
    /// the user's server).
    Webhooks,
    /// Only when an operation sends an `application/x-www-form-urlencoded` body.
    FormBodies,
    /// Only when an operation sends a `multipart/form-data` body.
    Multipart,
    /// Only when an operation sends a file or bytes (a binary or multipart body).
    Uploads,
    /// Only when an operation's success is a binary body (streamed).
    Downloads,
    /// Only when an operation's success is a `text/event-stream`.
    Events,
    /// Only when an operation reads or sends a stream of JSON items (JSON
    /// Lines, NDJSON, JSON text sequences).
    Items,
    /// Only when an operation returns a list a page at a time.
    Pagination,
    /// Only when a union decodes by checking its variants' shapes.
    Unions,
}

/// What the crate's model needs of the modules that are not always there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Some type checks a `pattern`.
    pub patterns: bool,
    /// The API has a string enum.
    pub string_enums: bool,
    /// The API has a date-time.
    pub date_times: bool,
    /// The API has operations.
    pub operations: bool,
    /// The API has webhooks or callbacks.
    pub webhooks: bool,
    /// An operation sends a form body.
    pub form_bodies: bool,
    /// An operation sends a multipart body.
    pub multipart: bool,
    /// An operation sends a binary or multipart body.
    pub uploads: bool,
    /// An operation's success is a binary body.
    pub downloads: bool,
    /// An operation's success is a `text/event-stream`.
    pub events: bool,
    /// An operation reads or sends a stream of JSON items.
    pub items: bool,
    /// An operation returns a list a page at a time.
    pub pagination: bool,
    /// A union decodes by checking its variants' shapes.
    pub unions: bool,
}

/// One module of the generated crate, `src/{name}.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeModule {
    pub name: &'static str,
    pub source: Source,
    /// `pub mod` rather than `mod`.
    pub public: bool,
    /// The names `lib.rs` re-exports from it (for `client`, the operations'
    /// enums come after these).
    pub exports: &'static [&'static str],
    /// Names it needs free at the crate root besides its own name and its
    /// exports.
    pub reserves: &'static [&'static str],
    pub when: When,
    /// Kept in a crate without operations, for the little that other
    /// modules use, but mostly the client's: `lib.rs` allows its dead code
    /// there.
    pub mostly_client: bool,
    /// The cargo feature of the generated crate that compiles it in
    /// (`#[cfg(feature = "..")]` on its `mod` and `pub use` lines), if it
    /// is optional: `client` for the client and what only it uses.
    pub feature: Option<&'static str>,
    /// Those of its exports that only the `client` feature has (items of a
    /// module in both builds, gated one by one: the client's errors).
    pub client_exports: &'static [&'static str],
}

impl RuntimeModule {
    /// The file's path relative to the crate root.
    pub fn path(&self) -> String {
        format!("src/{}.rs", self.name)
    }

    /// Whether the crate has this module.
    pub fn included(&self, needs: Needs) -> bool {
        match self.when {
            When::Always => true,
            When::Patterns => needs.patterns,
            When::StringEnums => needs.string_enums,
            When::DateTimes => needs.date_times,
            When::Operations => needs.operations,
            When::Webhooks => needs.webhooks,
            When::FormBodies => needs.form_bodies,
            When::Multipart => needs.multipart,
            When::Uploads => needs.uploads,
            When::Downloads => needs.downloads,
            When::Events => needs.events,
            When::Items => needs.items,
            When::Pagination => needs.pagination,
            When::Unions => needs.unions,
        }
    }

    /// Whether its file is copied as it is from a template (or created once
    /// from one), the same for every spec.
    pub fn is_verbatim(&self) -> bool {
        matches!(self.source, Source::Template(_) | Source::Scaffold(_))
    }
}

const fn module(name: &'static str, source: Source) -> RuntimeModule {
    RuntimeModule {
        name,
        source,
        public: false,
        exports: &[],
        reserves: &[],
        when: When::Always,
        mostly_client: false,
        feature: None,
        client_exports: &[],
    }
}

/// The generated crate's cargo feature of the HTTP client (default): without
/// it, the crate has the types, their validation and webhook decoding, and
/// none of the client's dependencies (reqwest, tokio, TLS).
pub const CLIENT: &str = "client";

/// Every module of the generated crate, by name.
pub const RUNTIME: &[RuntimeModule] = &[
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["Call", "Operation", "RateLimit", "Response", "WithResponse"],
        when: When::Operations,
        ..module(
            "call",
            Source::Template(include_str!("../templates/call.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["Client", "ClientBuilder"],
        // The operations' error and response enums are written in
        // `client.rs`, next to code that writes `Result` unqualified.
        reserves: &["Result"],
        when: When::Operations,
        ..module(
            "client",
            Source::Generated {
                fixed: Some(include_str!("../templates/client.rs")),
            },
        )
    },
    RuntimeModule {
        public: true,
        exports: &["CredentialsProvider", "Secret"],
        when: When::Operations,
        feature: Some(CLIENT),
        ..module(
            "credentials",
            Source::Template(include_str!("../templates/credentials.rs")),
        )
    },
    RuntimeModule {
        exports: &["DateTime", "ParseDateTimeError"],
        when: When::DateTimes,
        ..module(
            "datetime",
            Source::Template(include_str!("../templates/datetime.rs")),
        )
    },
    RuntimeModule {
        public: true,
        when: When::Operations,
        feature: Some("test-doubles"),
        ..module(
            "doubles",
            Source::Generated {
                fixed: Some(include_str!("../templates/doubles.rs")),
            },
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["ByteStream"],
        when: When::Downloads,
        ..module(
            "download",
            Source::Template(include_str!("../templates/download.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        when: When::Operations,
        ..module(
            "encode",
            Source::Template(include_str!("../templates/encode.rs")),
        )
    },
    RuntimeModule {
        exports: &[
            "ApiError",
            "BuildError",
            "DecodeError",
            "Error",
            "FieldError",
            "InvalidRequest",
            "ParseEnumError",
            "ProviderError",
        ],
        client_exports: &[
            "ApiError",
            "BuildError",
            "DecodeError",
            "Error",
            "InvalidRequest",
            "ProviderError",
        ],
        ..module(
            "error",
            Source::Template(include_str!("../templates/error.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["Event", "EventError", "EventStream"],
        when: When::Events,
        ..module(
            "events",
            Source::Template(include_str!("../templates/events.rs")),
        )
    },
    RuntimeModule {
        public: true,
        ..module(
            "extensions",
            Source::Scaffold(include_str!("../templates/extensions.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        when: When::FormBodies,
        ..module(
            "form",
            Source::Template(include_str!("../templates/form.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        when: When::Operations,
        ..module(
            "http",
            Source::Template(include_str!("../templates/http.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["ItemError", "ItemStream"],
        when: When::Items,
        ..module(
            "lines",
            Source::Template(include_str!("../templates/lines.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        when: When::Multipart,
        ..module(
            "multipart",
            Source::Template(include_str!("../templates/multipart.rs")),
        )
    },
    RuntimeModule {
        exports: &["Nullable"],
        ..module(
            "nullable",
            Source::Template(include_str!("../templates/nullable.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["RequestOptions"],
        when: When::Operations,
        ..module(
            "options",
            Source::Template(include_str!("../templates/options.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["Items", "Pages"],
        when: When::Pagination,
        ..module(
            "pagination",
            Source::Template(include_str!("../templates/pagination.rs")),
        )
    },
    RuntimeModule {
        when: When::Patterns,
        ..module(
            "pattern",
            Source::Template(include_str!("../templates/pattern.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["RetryPolicy"],
        // `Error::is_retryable` uses its rules.
        mostly_client: true,
        ..module(
            "retry",
            Source::Template(include_str!("../templates/retry.rs")),
        )
    },
    RuntimeModule {
        when: When::Unions,
        ..module(
            "shape",
            Source::Template(include_str!("../templates/shape.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        // `Client::http_client_builder`: the TLS backend the features chose.
        when: When::Operations,
        ..module("tls", Source::Template(include_str!("../templates/tls.rs")))
    },
    RuntimeModule {
        public: true,
        ..module("types", Source::Generated { fixed: None })
    },
    RuntimeModule {
        exports: &["UnknownValue"],
        when: When::StringEnums,
        ..module(
            "unknown",
            Source::Template(include_str!("../templates/unknown.rs")),
        )
    },
    RuntimeModule {
        feature: Some(CLIENT),
        exports: &["Upload"],
        when: When::Uploads,
        ..module(
            "upload",
            Source::Template(include_str!("../templates/upload.rs")),
        )
    },
    module(
        "validate",
        Source::Template(include_str!("../templates/validate.rs")),
    ),
    RuntimeModule {
        public: true,
        when: When::Webhooks,
        ..module(
            "webhooks",
            Source::Generated {
                fixed: Some(include_str!("../templates/webhooks.rs")),
            },
        )
    },
];

/// The files besides the modules that are the same for every spec: TOML
/// files, written after the generated header, by path relative to the
/// crate root, with their text.
pub const FIXED_FILES: &[(&str, &str)] =
    &[("rustfmt.toml", include_str!("../templates/rustfmt.toml"))];

/// The module of that name.
pub fn module_named(name: &str) -> Option<&'static RuntimeModule> {
    RUNTIME.iter().find(|m| m.name == name)
}

/// Every file that is the same for every spec but for a header
/// (templates, scaffolds and [`FIXED_FILES`]), by path relative to the
/// crate root.
pub fn verbatim_paths() -> impl Iterator<Item = String> {
    RUNTIME
        .iter()
        .filter(|m| m.is_verbatim())
        .map(RuntimeModule::path)
        .chain(FIXED_FILES.iter().map(|(path, _)| (*path).to_owned()))
}

/// The files created once and then left to the user, by path relative to
/// the crate root.
pub fn scaffold_paths() -> impl Iterator<Item = String> {
    RUNTIME
        .iter()
        .filter(|m| matches!(m.source, Source::Scaffold(_)))
        .map(RuntimeModule::path)
}

/// How many names [`ROOT_NAMES`] holds.
const ROOT_NAME_COUNT: usize = {
    let mut count = 0;
    let mut i = 0;
    while i < RUNTIME.len() {
        count += 1 + RUNTIME[i].exports.len() + RUNTIME[i].reserves.len();
        i += 1;
    }
    count
};

/// Every module's name, exports and reserved names: the names the crate
/// defines (or needs free) at its root.
pub const ROOT_NAMES: [&str; ROOT_NAME_COUNT] = {
    let mut names = [""; ROOT_NAME_COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < RUNTIME.len() {
        let m = &RUNTIME[i];
        names[n] = m.name;
        n += 1;
        let mut j = 0;
        while j < m.exports.len() {
            names[n] = m.exports[j];
            n += 1;
            j += 1;
        }
        j = 0;
        while j < m.reserves.len() {
            names[n] = m.reserves[j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_sorted_and_unique() {
        assert!(RUNTIME.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn root_names_hold_every_module_and_export() {
        for m in RUNTIME {
            assert!(ROOT_NAMES.contains(&m.name));
            assert!(m.exports.iter().all(|e| ROOT_NAMES.contains(e)));
        }
        assert!(ROOT_NAMES.contains(&"Result"));
        assert!(!ROOT_NAMES.contains(&""));
    }

    #[test]
    fn client_exports_are_exports_of_modules_in_both_builds() {
        for m in RUNTIME {
            assert!(m.client_exports.iter().all(|e| m.exports.contains(e)));
            assert!(m.client_exports.is_empty() || m.feature.is_none());
        }
        // What only the client uses is the client's: with `Operations`,
        // `feature` is set (`client`, or a feature that turns it on).
        for m in RUNTIME.iter().filter(|m| m.when == When::Operations) {
            assert!(m.feature.is_some(), "{}", m.name);
        }
    }

    #[test]
    fn every_template_is_a_file_of_the_templates_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for m in RUNTIME {
            let text = match m.source {
                Source::Template(t) | Source::Scaffold(t) => t,
                Source::Generated { fixed: Some(t) } => t,
                Source::Generated { fixed: None } => continue,
            };
            let file = dir.join(format!("{}.rs", m.name));
            assert_eq!(
                std::fs::read_to_string(&file).ok().as_deref(),
                Some(text),
                "{file:?}"
            );
        }
    }
}
