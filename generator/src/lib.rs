//! An OpenAPI 3.0/3.1 → Rust client generator.
//!
//! The work happens in phases with a model between them:
//!
//! 1. [`load`]: YAML or JSON text → `openapiv3::OpenAPI`, after rewriting
//!    OpenAPI 3.1 into the 3.0 form that `openapiv3` reads;
//! 2. [`ir`]: the OpenAPI model → the crate's model (operations, types,
//!    security, servers), resolved, named, ordered, with JSON pointers;
//! 3. [`emit`]: the crate's model → token streams and text, one per file;
//! 4. [`render`]: token streams → formatted Rust with a "do not edit" header.
//!
//! Problems are [`diag::Diagnostic`]s with the JSON pointer of what caused
//! them; nothing in here panics on any input.

// A `Diagnostic` is returned only on the cold path that ends generation;
// its size does not matter there, and boxing it would obscure every `?`.
#![allow(clippy::result_large_err)]

pub mod diag;
pub mod emit;
pub mod hash;
pub mod ir;
pub mod load;
pub mod naming;
pub mod output;
pub mod render;
pub mod report;
pub mod runtime;
pub mod surface;

use diag::{Diagnostic, Diagnostics, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// What to generate from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The spec's text, YAML or JSON: the entry file of a multi-file spec.
    pub text: &'a str,
    /// The spec file as the user named it (relative), for messages and headers.
    pub spec_display: &'a str,
    /// Where the files the spec refers to (`$ref: 'schemas/pet.yaml'`) are
    /// read, by path relative to the spec's root folder: the entry file's
    /// folder, or one that holds it ([`load::DirSources`] for a folder on
    /// disk, [`load::DirSources::rooted`] for `--spec-root`); `None`: such a
    /// reference is an error.
    pub sources: Option<&'a dyn load::Sources>,
    /// The overlays to apply to the entry file, in order, before anything
    /// else (those beside the spec first: [`load::Overlay::beside`]).
    pub overlays: &'a [load::Overlay],
    /// The Cargo package name; derived from the spec's title when `None`.
    pub package_name: Option<&'a str>,
    /// The operations to generate (all when empty); types only they use come along.
    pub select: Vec<ir::Selector>,
}

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    pub package_name: String,
    /// File contents by path relative to the crate root, sorted.
    pub files: BTreeMap<String, String>,
    /// Warnings: what was skipped or typed loosely, and where.
    pub warnings: Vec<Diagnostic>,
    /// Paths among `files` that are created once and then left to the user.
    pub scaffolds: BTreeSet<String>,
    /// The API as a Rust user sees it (also in the manifest).
    pub surface: surface::Surface,
    /// The model the files were generated from.
    pub api: ir::Api,
    /// How long each phase took (never written into the files).
    pub timings: PhaseTimings,
    /// The spec's files that were read, with their SHA-256: the entry file
    /// first (its name), then the others by path relative to its folder.
    pub spec_files: Vec<(String, String)>,
}

/// Wall-clock time spent in each phase of one [`generate`] call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhaseTimings {
    /// Text → `openapiv3::OpenAPI`: YAML/JSON parsing, 3.1 → 3.0, deserialising.
    pub load: Duration,
    /// `openapiv3::OpenAPI` → the crate's model ([`ir::lower`]).
    pub model: Duration,
    /// The model → token streams and text ([`emit::emit`], [`emit::piece`]).
    ///
    /// Emit and format run together, piece by piece on every core
    /// ([`render::files_on`]); the wall time of the two is shared out between
    /// them in proportion to the time each took on its threads.
    pub emit: Duration,
    /// Token streams → formatted Rust ([`render::format`]).
    pub format: Duration,
    /// The rest: API surface, manifest and its hashes, diagnostics.
    pub other: Duration,
}

impl PhaseTimings {
    pub fn total(&self) -> Duration {
        self.load + self.model + self.emit + self.format + self.other
    }
}

/// Runs every phase, emitting and formatting on every core. On error, every
/// error of the failing phase is returned (with the warnings found until
/// then) and nothing has been written anywhere.
pub fn generate(input: &Input<'_>) -> Result<Generated, diag::Error> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    generate_on(input, cores)
}

/// [`generate`], emitting and formatting on at most `threads` threads (at
/// least one). The output does not depend on it.
pub fn generate_on(input: &Input<'_>, threads: usize) -> Result<Generated, diag::Error> {
    let started = Instant::now();
    let mut timings = PhaseTimings::default();
    let mut diags = Diagnostics::default();
    let mut docs = load::Documents::new(input.spec_display, input.text)
        .with_entry_path(input.sources.and_then(|s| s.entry_path()));
    docs.overlays = input.overlays.to_vec();
    let api = model(input, &mut docs, &mut diags, &mut timings, started)?;
    let docs = docs;
    let package_name = package_name(input, &api, &mut diags, &docs)?;
    let info = emit::CrateInfo {
        env_prefix: naming::env_prefix(&package_name),
        package_name: package_name.clone(),
        // It goes into comments: one line, nothing that changes text direction.
        spec_display: emit::docs::one_line(&input.spec_display.replace('\\', "/")),
    };
    let mut files = rendered(&api, &info, threads, &mut timings, &mut diags);
    diags.check(input.spec_display)?;
    let surface = surface::Surface::of(&api);
    let scaffolds: BTreeSet<String> = runtime::scaffold_paths().collect();
    let spec_sha256 = hash::sha256_hex(input.text.as_bytes());
    let spec_files = docs.hashes(&spec_sha256);
    let manifest = manifest(
        &info,
        spec_sha256,
        &spec_files,
        &docs.overlays,
        &files,
        &scaffolds,
        &surface,
    );
    files.insert(output::MANIFEST.to_owned(), manifest.to_json());
    let warnings = diags
        .finish(input.spec_display)
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    timings.other = started
        .elapsed()
        .saturating_sub(timings.load + timings.model + timings.emit + timings.format);
    Ok(Generated {
        package_name,
        files,
        warnings,
        scaffolds,
        surface,
        api,
        timings,
        spec_files,
    })
}

/// Generation ends on `d`: every diagnostic so far, located, with it.
fn failed(
    input: &Input<'_>,
    diags: &mut Diagnostics,
    docs: &load::Documents,
    d: Diagnostic,
) -> diag::Error {
    diags.push(d);
    locate(diags, docs);
    diag::Error {
        diagnostics: diags.finish(input.spec_display),
    }
}

/// Loads the spec's files into `docs` and lowers them into the model (the
/// load and model phases, timed from `started`). An error when loading
/// fails, when lowering finds errors, or when nothing can be generated.
fn model(
    input: &Input<'_>,
    docs: &mut load::Documents,
    diags: &mut Diagnostics,
    timings: &mut PhaseTimings,
    started: Instant,
) -> Result<ir::Api, diag::Error> {
    let loaded = match load::load_files(docs, input.sources, diags) {
        Ok(l) => l,
        Err(d) => return Err(failed(input, diags, docs, d)),
    };
    locate(diags, docs);
    // Errors in references do not stop here: lowering reports its own too,
    // so that every error is seen at once.
    timings.load = started.elapsed();
    let lap = Instant::now();
    let api = ir::lower(&loaded.openapi, &input.select, diags);
    timings.model = lap.elapsed();
    locate(diags, docs);
    diags.drop_repeated_errors();
    diags.check(input.spec_display)?;
    // A document of webhooks alone still makes a crate: their types and
    // the `webhooks` module that decodes them.
    if api.operations.is_empty() && api.webhooks.is_empty() {
        return Err(failed(
            input,
            diags,
            docs,
            Diagnostic::error("/paths", "no operation could be generated")
                .with_help("see the warnings above for why each operation was skipped"),
        ));
    }
    Ok(api)
}

/// The Cargo package name: the one given, else made from the spec's title.
/// An error when it is not a valid one.
fn package_name(
    input: &Input<'_>,
    api: &ir::Api,
    diags: &mut Diagnostics,
    docs: &load::Documents,
) -> Result<String, diag::Error> {
    let package_name = match input.package_name {
        Some(name) => name.to_owned(),
        None => naming::package_name_from_title(&api.title),
    };
    if !valid_package_name(&package_name) {
        return Err(failed(
            input,
            diags,
            docs,
            Diagnostic::error(
                "/info/title",
                format!("`{package_name}` is not a valid Cargo package name"),
            )
            .with_help("pass a name of ASCII letters, digits, `-` and `_` with `--package-name`"),
        ));
    }
    Ok(package_name)
}

/// The crate's files, emitted and formatted on at most `threads` threads
/// (the emit and format phases); a file that fails to format is an error in
/// `diags`.
fn rendered(
    api: &ir::Api,
    info: &emit::CrateInfo,
    threads: usize,
    timings: &mut PhaseTimings,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let lap = Instant::now();
    let cx = emit::Context::new(api, info);
    let rendered = render::files_on(&cx, emit::emit(&cx), threads);
    // Emit and format run together, on several threads: their wall time is
    // shared out in proportion to the time each took.
    let wall = lap.elapsed();
    let busy = rendered.emit_time + rendered.format_time;
    timings.emit = if busy.is_zero() {
        Duration::ZERO
    } else {
        wall.mul_f64(rendered.emit_time.as_secs_f64() / busy.as_secs_f64())
    };
    timings.format = wall.saturating_sub(timings.emit);
    let mut files = BTreeMap::new();
    for (path, text) in rendered.files {
        match text {
            Ok(text) => {
                files.insert(path, text);
            }
            Err(d) => diags.push(d),
        }
    }
    files
}

/// The manifest of the generated files (all but the scaffolds), with the
/// hashes of the spec's files and overlays, and the API surface.
fn manifest(
    info: &emit::CrateInfo,
    spec_sha256: String,
    spec_files: &[(String, String)],
    overlays: &[load::Overlay],
    files: &BTreeMap<String, String>,
    scaffolds: &BTreeSet<String>,
    surface: &surface::Surface,
) -> output::Manifest {
    output::Manifest {
        generator: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        spec: info.spec_display.clone(),
        // The one place the spec's hash is kept: every file's header names
        // the spec, so that a change to it rewrites only the files it changes.
        spec_sha256,
        // The other files of a multi-file spec: a change to any of them
        // changes the manifest, so `--check` notices it.
        spec_files: spec_files.iter().skip(1).cloned().collect(),
        overlays: overlays
            .iter()
            .map(|o| (o.path.clone(), hash::sha256_hex(o.text.as_bytes())))
            .collect(),
        files: files
            .iter()
            .filter(|(path, _)| !scaffolds.contains(*path))
            .map(|(path, content)| (path.clone(), hash::sha256_hex(content.as_bytes())))
            .collect(),
        api: surface.clone(),
    }
}

/// Gives every diagnostic without a position the file it is about, and the
/// line and column of its pointer in that file's text (or of its deepest
/// ancestor there). A pointer of the loaded document is first traced back to
/// the file and the pointer it came from (a hoisted schema, a copied object:
/// [`load::Documents::origin`]); one about another file already names it.
/// Each file's text is read once for all of its pointers.
fn locate(diags: &mut Diagnostics, docs: &load::Documents) {
    let mut unplaced: Vec<&mut Diagnostic> = diags.unplaced_mut().collect();
    if unplaced.is_empty() {
        return;
    }
    let origins: Vec<(usize, String)> = unplaced
        .iter()
        .map(|d| {
            if d.file.is_empty() {
                docs.origin(&d.pointer)
            } else {
                (docs.index_of(&d.file).unwrap_or(0), d.pointer.clone())
            }
        })
        .collect();
    let mut by_file: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (file, pointer) in &origins {
        by_file.entry(*file).or_default().push(pointer);
    }
    let positions: BTreeMap<usize, load::Positions> = by_file
        .into_iter()
        .filter_map(|(file, pointers)| {
            let text = &docs.files.get(file)?.text;
            Some((file, load::Positions::find(text, pointers)))
        })
        .collect();
    for (d, (file, pointer)) in unplaced.iter_mut().zip(origins) {
        d.line_col = positions.get(&file).and_then(|p| p.get(&pointer));
        if file != 0 {
            if let Some(f) = docs.files.get(file) {
                d.file = f.display.clone();
            }
        }
        d.pointer = pointer;
    }
}

fn valid_package_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text written line by line, counting lines.
    #[derive(Default)]
    struct Text {
        text: String,
        lines: usize,
    }

    impl Text {
        fn push(&mut self, lines: &str) {
            self.text.push_str(lines);
            self.text.push('\n');
            self.lines += lines.lines().count();
        }
    }

    /// A document with `n` operations skipped with a warning each (their
    /// request bodies are forms), YAML or JSON, and the line and column of
    /// the element each warning points at.
    fn many_warnings(n: usize, json: bool) -> (String, BTreeMap<String, (usize, usize)>) {
        let mut t = Text::default();
        let mut expected = BTreeMap::new();
        if json {
            t.push(
                r#"{
  "openapi": "3.1.0",
  "info": {"title": "Many warnings", "version": "1"},
  "paths": {
    "/ok": {"get": {"operationId": "ok", "responses": {"204": {"description": "done"}}}},"#,
            );
        } else {
            t.push("openapi: 3.1.0\ninfo:\n  title: Many warnings\n  version: '1'\npaths:");
            t.push("  /ok:\n    get:\n      operationId: ok\n      responses:\n        '204':\n          description: done");
        }
        for i in 0..n {
            // `/` and `~` in the path: escaped in the pointer.
            let path = format!("/r{i}/~x");
            let pointer = format!("/paths/~1r{i}~1~0x/post/requestBody/content");
            if json {
                t.push(&format!(
                    "    \"{path}\": {{\n      \"post\": {{\n        \"operationId\": \"op{i}\",\n        \"requestBody\": {{"
                ));
                expected.insert(pointer, (t.lines + 1, 11));
                t.push(
                    r#"          "content": {"application/xml": {"schema": {"type": "object"}}}
        },
        "responses": {"204": {"description": "done"}}
      }"#,
                );
                t.push(if i + 1 < n { "    }," } else { "    }" });
            } else {
                t.push(&format!(
                    "  {path}:\n    post:\n      operationId: op{i}\n      requestBody:"
                ));
                expected.insert(pointer, (t.lines + 1, 9));
                t.push("        content:\n          application/xml:\n            schema: {type: object}\n      responses:\n        '204':\n          description: done");
            }
        }
        if json {
            t.push("  }\n}");
        }
        (t.text, expected)
    }

    #[test]
    fn every_file_of_a_spec_is_in_the_manifest() {
        let entry = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'paths/a.yaml'}\n";
        let mut sources = load::MemorySources::default();
        sources.files.insert(
            "paths/a.yaml".into(),
            "get:\n  operationId: a\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../schemas/x.json'}\n".into(),
        );
        sources.files.insert(
            "schemas/x.json".into(),
            r#"{"type": "object", "properties": {"n": {"type": "integer"}}}"#.into(),
        );
        let run = |sources: &load::MemorySources| {
            generate_on(
                &Input {
                    text: entry,
                    spec_display: "api/openapi.yaml",
                    sources: Some(sources),
                    package_name: None,
                    select: Vec::new(),
                    overlays: &[],
                },
                1,
            )
            .unwrap()
        };
        let before = run(&sources);
        let names: Vec<&str> = before.spec_files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["openapi.yaml", "paths/a.yaml", "schemas/x.json"]);
        assert!(before.files["src/types.rs"].contains("pub struct X"));
        let manifest = &before.files[output::MANIFEST];
        assert!(manifest.contains(&before.spec_files[2].1), "{manifest}");
        // A change to a file that is not the entry changes the manifest (and `--check` sees it).
        sources.files.insert(
            "schemas/x.json".into(),
            r#"{"type": "object", "properties": {"n": {"type": "integer"}}} "#.into(),
        );
        let after = run(&sources);
        assert_eq!(before.files["src/types.rs"], after.files["src/types.rs"]);
        assert_ne!(
            before.files[output::MANIFEST],
            after.files[output::MANIFEST]
        );
    }

    #[test]
    fn thousands_of_warnings_each_at_its_line() {
        for json in [false, true] {
            let (text, expected) = many_warnings(3000, json);
            let input = Input {
                text: &text,
                spec_display: "many",
                sources: None,
                package_name: None,
                select: Vec::new(),
                overlays: &[],
            };
            let generated = generate_on(&input, 1).unwrap();
            assert_eq!(generated.warnings.len(), 3000, "json: {json}");
            for w in &generated.warnings {
                assert_eq!(
                    w.line_col,
                    Some(expected[&w.pointer]),
                    "json: {json}, {}",
                    w.pointer
                );
            }
        }
    }

    /// A spec whose entry is in a folder of the spec root, with a reference
    /// to `../common/` and, on Unix, one to a symbolic link out of the root.
    #[test]
    fn a_spec_root_reads_beside_the_entry_folder_and_nothing_outside() {
        let dir = std::env::temp_dir().join(format!("spec-root-lib-{}", std::process::id()));
        let root = dir.join("root");
        std::fs::create_dir_all(root.join("api")).unwrap();
        std::fs::create_dir_all(root.join("common")).unwrap();
        let entry = root.join("api/openapi.yaml");
        let text = |schema: &str| {
            format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{schema}'}}\n")
        };
        std::fs::write(&entry, text("../common/pet.yaml")).unwrap();
        std::fs::write(
            root.join("common/pet.yaml"),
            "type: object\nproperties: {n: {type: integer}}\n",
        )
        .unwrap();
        let run = |text: &str, sources: &load::DirSources| {
            generate_on(
                &Input {
                    text,
                    spec_display: "root/api/openapi.yaml",
                    sources: Some(sources),
                    overlays: &[],
                    package_name: None,
                    select: Vec::new(),
                },
                1,
            )
        };
        let rooted = load::DirSources::rooted(&root, &entry).unwrap();
        let generated = run(&text("../common/pet.yaml"), &rooted).unwrap();
        let names: Vec<&str> = generated
            .spec_files
            .iter()
            .map(|(p, _)| p.as_str())
            .collect();
        assert_eq!(names, ["api/openapi.yaml", "common/pet.yaml"]);
        assert!(generated.files["src/types.rs"].contains("pub struct Pet"));
        // Without the root: refused at the `$ref`, with the hint.
        let e = run(
            &text("../common/pet.yaml"),
            &load::DirSources::beside(&entry),
        )
        .unwrap_err();
        let d = e.errors().next().unwrap();
        assert_eq!(
            d.pointer, "/paths/~1a/get/responses/200/content/application~1json/schema",
            "{e}"
        );
        assert!(
            d.message
                .contains("outside the folder the spec's files are read from (`root/api`)"),
            "{e}"
        );
        assert!(
            d.help.as_deref().unwrap_or("").contains("--spec-root"),
            "{e}"
        );
        #[cfg(unix)]
        {
            std::fs::write(dir.join("secret.yaml"), "type: string\n").unwrap();
            std::os::unix::fs::symlink(dir.join("secret.yaml"), root.join("common/link.yaml"))
                .unwrap();
            let e = run(&text("../common/link.yaml"), &rooted).unwrap_err();
            let d = e.errors().next().unwrap();
            assert_eq!(
                d.pointer, "/paths/~1a/get/responses/200/content/application~1json/schema",
                "{e}"
            );
            assert!(d.message.contains("`root/common/link.yaml` cannot be read (it is a symbolic link that leads outside"), "{e}");
            assert!(
                d.help.as_deref().unwrap_or("").contains("--spec-root"),
                "{e}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
