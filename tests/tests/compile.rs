//! Snapshots prove that the output did not change; only compiling it proves
//! that it is right. Every fixture's crate, and the crate generated from the
//! publisher's whole document and the real-world documents (when
//! `../shared/reference/` is there) and the torture document's
//! (`codegen_tests::torture`), is written into one temporary workspace and
//! must pass `cargo clippy -- -D warnings` and `RUSTDOCFLAGS="-D warnings"
//! cargo doc`; most of them without their default feature `client` too.

mod common;
mod conformance;

use codegen_tests::samples;
use common::prism::Prism;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_path_buf()
}

fn write_crate(dir: &Path, generated: &generator::Generated) {
    for (rel, content) in &generated.files {
        // Clippy checks each crate's library (`--lib`), not its test
        // harness too (`--all-targets`, which doubled the test's clippy
        // time): without test-only code, the two are the same code.
        assert!(
            !content.contains("cfg(test)"),
            "{}/{rel} has test-only code: check it with `cargo clippy --all-targets`",
            dir.display()
        );
        write_if_changed(&dir.join(rel), content);
    }
    // What an earlier run wrote and this one does not, the tests among
    // them: they are written after `cargo fmt --check`, which would read them.
    remove_stale(dir, dir, generated);
}

/// Writes `content` unless the file holds it already. The workspace is
/// kept between runs, and cargo rebuilds a crate whose files are newer
/// than its last build: an unchanged crate is not compiled again.
fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// Removes the files under `dir` that are not among the crate's.
fn remove_stale(root: &Path, dir: &Path, generated: &generator::Generated) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            remove_stale(root, &path, generated);
        } else if !generated.files.contains_key(&rel) {
            std::fs::remove_file(&path).unwrap();
        }
    }
}

/// Whether a generated crate has the feature `test-doubles`.
fn has_doubles(generated: &generator::Generated) -> bool {
    generated.files.contains_key("src/doubles.rs")
}

/// Runs cargo in the temporary workspace, with a target folder of its own.
fn cargo(ws: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    cargo_with(ws, target, args, &[])
}

/// Runs each union fixture's `tests/samples.rs`: a value made for each
/// variant decodes into that variant.
fn union_samples(ws: &Path, target: &Path, sampled: &[(String, PathBuf, String)]) {
    let mut args = vec!["test", "--quiet", "--test", "samples"];
    for (package, path, test) in sampled {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        write_if_changed(path, test);
        args.extend(["-p", package.as_str()]);
    }
    let output = cargo(ws, target, &args);
    assert!(
        output.status.success(),
        "a value made for a union's variant decodes into another:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The target directory the generated crates are built in:
/// `target/compile-check/target`, or `CODEGEN_COMPILE_TARGET_DIR` when set
/// (several checkouts can share one, so the dependencies are built once).
fn compile_target_dir(target: &Path) -> std::path::PathBuf {
    std::env::var_os("CODEGEN_COMPILE_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| target.join("target"))
}

/// [`cargo`] with more environment variables.
fn cargo_with(
    ws: &Path,
    target: &Path,
    args: &[&str],
    vars: &[(&str, String)],
) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = std::time::Instant::now();
    let output = Command::new(cargo)
        .args(args)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", compile_target_dir(target))
        .env_remove("RUSTFLAGS")
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("cargo runs");
    // Where the test's time goes, shown with --nocapture.
    eprintln!(
        "cargo {} ({:.1} s)",
        args.first().copied().unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );
    output
}

/// The document whose examples the conformance step reads: as written; a
/// Swagger 2.0 one in the OpenAPI 3.0 form it is read in, where its
/// examples (a response's keyed by media type) are where 3.0 writes them
/// and the model's pointers lead. The overlays beside a fixture applied.
fn surveyed(
    text: &str,
    sources: Option<&dyn generator::load::Sources>,
    overlays: &[generator::load::Overlay],
) -> serde_json::Value {
    let mut doc = generator::load::parse_document(text).unwrap();
    if doc.get("swagger").is_none() {
        let mut diags = generator::diag::Diagnostics::default();
        generator::load::apply_overlays(&mut doc, overlays, &mut diags).unwrap();
        return doc;
    }
    let mut docs = generator::load::Documents::new("swagger.yaml", text)
        .with_entry_path(sources.and_then(|s| s.entry_path()));
    docs.overlays = overlays.to_vec();
    let mut diags = generator::diag::Diagnostics::default();
    let loaded = generator::load::load_files(&mut docs, sources, &mut diags).unwrap();
    serde_json::to_value(&loaded.openapi).unwrap()
}

/// Documents in `../shared/reference/` (member name, path there): compiled
/// when that folder is there, skipped with the reason printed otherwise.
const REFERENCE_DOCUMENTS: &[(&str, &str)] = &[
    ("full", "browser-use-api-v2.openapi.json"),
    ("openai", "real-world/openai.openapi.yaml"),
    ("twilio", "real-world/twilio-api-v2010.openapi.json"),
    ("box", "real-world/box.openapi.json"),
    ("adyen", "real-world/adyen-balance-platform-v2.openapi.json"),
    // Swagger 2.0, converted while loading.
    ("netlify", "real-world/netlify.swagger-2.0.yml"),
];

/// The documentation of the crates in `ws` builds without a warning, with
/// `features`; and without the feature `client`, that of `types_only_docs`.
fn docs(ws: &Path, target: &Path, features: &str, types_only_docs: &[String]) {
    let output = cargo_with(
        ws,
        target,
        &[
            "doc",
            "--workspace",
            "--no-deps",
            "--features",
            features,
            "--quiet",
        ],
        &[("RUSTDOCFLAGS", "-D warnings".to_owned())],
    );
    assert!(
        output.status.success(),
        "generated crates' docs have warnings:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Without the client too (no link to it from what both builds have),
    // for the crates with webhooks or callbacks and the publisher's.
    let mut args = vec!["doc", "--no-deps", "--no-default-features", "--quiet"];
    for package in types_only_docs {
        args.extend(["-p", package.as_str()]);
    }
    let output = cargo_with(
        ws,
        target,
        &args,
        &[("RUSTDOCFLAGS", "-D warnings".to_owned())],
    );
    assert!(
        output.status.success(),
        "generated crates' docs without the feature `client` have warnings:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_generated_crate_passes_clippy() {
    let target = root().join("target/compile-check");
    // Kept between runs: see `write_if_changed`.
    let ws = target.join("workspace");
    std::fs::create_dir_all(&ws).unwrap();

    let mut members = Vec::new();
    // The publisher's examples of each crate (see `conformance`): member,
    // package and what was found.
    let mut surveys: Vec<(String, String, conformance::Survey)> = Vec::new();
    // The fixtures with unions, each with its test that a value made for
    // each variant of each union decodes into that variant (written as
    // `tests/samples.rs` after `cargo fmt --check`, like the behaviour tests).
    let mut sampled: Vec<(String, PathBuf, String)> = Vec::new();
    // The feature `test-doubles` of every crate that has it (a crate with
    // operations): its fake server is checked by clippy and rustdoc too.
    let mut features = Vec::new();
    // The crates checked without their default feature `client` too (the
    // types alone): every fixture's, the publisher's whole document's and
    // the torture document's; and those whose documentation is built so
    // too: the publisher's and those with webhooks or callbacks.
    let mut types_only: Vec<String> = Vec::new();
    let mut types_only_docs: Vec<String> = Vec::new();
    // Each spec in tests/fixtures, and each folder's entry file (a multi-file
    // spec, read with the folder as its spec root).
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            if p.is_dir() {
                [
                    "openapi.yaml",
                    "openapi.json",
                    "api/openapi.yaml",
                    "api/openapi.json",
                ]
                .iter()
                .map(|entry| p.join(entry))
                .find(|entry| entry.is_file())
            } else {
                p.extension().is_some_and(|e| e == "yaml").then_some(p)
            }
        })
        .filter(|p| {
            !p.strip_prefix(root().join("tests/fixtures"))
                .unwrap()
                .to_string_lossy()
                .starts_with("error-")
        })
        .collect();
    fixtures.sort();
    for path in &fixtures {
        let relative = path
            .strip_prefix(root().join("tests/fixtures"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let stem = match relative.split_once('/') {
            Some((folder, _)) => folder.to_owned(),
            None => path.file_stem().unwrap().to_string_lossy().into_owned(),
        }
        .replace('.', "-");
        let text = std::fs::read_to_string(path).unwrap();
        let package = format!("fixture-{stem}");
        let sources = match relative.split_once('/') {
            Some((folder, _)) => generator::load::DirSources::rooted(
                &root().join("tests/fixtures").join(folder),
                path,
            )
            .unwrap(),
            None => generator::load::DirSources::beside(path),
        };
        let display = format!("tests/fixtures/{relative}");
        // The overlays beside the fixture apply to it.
        let overlays = generator::load::Overlay::beside(path, &display).unwrap();
        // A selection beside the fixture applies to it.
        let select = std::fs::read_to_string(format!("{}.operations", path.display()))
            .map(|t| generator::ir::parse_selection(&t).unwrap())
            .unwrap_or_default();
        let generated = generator::generate(&generator::Input {
            sources: Some(&sources),
            text: &text,
            spec_display: &display,
            package_name: Some(&package),
            select,
            overlays: &overlays,
        })
        .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        write_crate(&ws.join(&stem), &generated);
        if has_doubles(&generated) {
            features.push(format!("{package}/test-doubles"));
        }
        types_only.push(package.clone());
        if generated.files.contains_key("src/webhooks.rs") {
            types_only_docs.push(package.clone());
        }
        let doc = surveyed(&text, Some(&sources), &overlays);
        let survey = conformance::survey(&doc, &generated.api, &package.replace('-', "_"));
        surveys.push((stem.clone(), package.clone(), survey));
        let lib = package.replace('-', "_");
        let known: Vec<(&str, &str)> = KNOWN_SAMPLES
            .iter()
            .filter(|(fixture, ..)| *fixture == stem)
            .map(|(_, union, variant, _)| (*union, *variant))
            .collect();
        if let Some(test) = samples::samples_test(&generated.api, &lib, &known) {
            sampled.push((
                package.clone(),
                ws.join(&stem).join("tests/samples.rs"),
                test,
            ));
        }
        members.push(stem);
    }
    // The publisher's whole document, and the real-world training set.
    for (member, file) in REFERENCE_DOCUMENTS {
        let path = root().join("../shared/reference").join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{file} is skipped: {} is absent", path.display());
            continue;
        };
        let package = format!("reference-{member}");
        let generated = generator::generate(&generator::Input {
            sources: None,
            text: &text,
            spec_display: file,
            package_name: Some(&package),
            select: Vec::new(),
            overlays: &[],
        })
        .unwrap_or_else(|e| panic!("{file}:\n{e}"));
        write_crate(&ws.join(member), &generated);
        if has_doubles(&generated) {
            features.push(format!("{package}/test-doubles"));
        }
        // The real-world documents' crates are not checked without the
        // client: their types are most of the clippy step's time.
        if *member == "full" {
            types_only.push(package.clone());
            types_only_docs.push(package.clone());
        }
        let doc = surveyed(&text, None, &[]);
        let survey = conformance::survey(&doc, &generated.api, &package.replace('-', "_"));
        surveys.push(((*member).to_owned(), package, survey));
        members.push((*member).to_owned());
    }
    // The torture document: the generator's own names, the prelude and
    // keywords in every position, and awkward Markdown everywhere.
    let torture = serde_json::to_string_pretty(&codegen_tests::torture::document()).unwrap();
    let generated = generator::generate(&generator::Input {
        sources: None,
        text: &torture,
        spec_display: "torture.json",
        package_name: Some("torture"),
        select: Vec::new(),
        overlays: &[],
    })
    .unwrap_or_else(|e| panic!("the torture document:\n{e}"));
    write_crate(&ws.join("torture"), &generated);
    features.push("torture/test-doubles".to_owned());
    types_only.push("torture".to_owned());
    members.push("torture".to_owned());
    assert!(members.len() >= 10, "{members:?}");

    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}",
            list.join(", "),
            common::WORKSPACE_PROFILE
        ),
    );
    // The main workspace's lock file: the same dependency versions, mostly already downloaded.
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let features = features.join(",");
    // For a quick check of decoding alone: the union samples and the
    // publishers' examples, without the build and lint steps.
    if std::env::var("DEV_ONLY_CONFORMANCE").is_ok() {
        union_samples(&ws, &target, &sampled);
        examples_round_trip(&ws, &target, &features, &surveys);
        return;
    }
    let output = cargo(
        &ws,
        &target,
        &[
            "clippy",
            "--workspace",
            // The libraries (see `write_crate`); their tests are written later.
            "--lib",
            "--features",
            &features,
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(
        output.status.success(),
        "generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The types alone (`--no-default-features`: no client, no reqwest or
    // tokio) pass it too.
    let mut args = vec!["clippy", "--lib", "--no-default-features", "--quiet"];
    for package in &types_only {
        args.extend(["-p", package.as_str()]);
    }
    args.extend(["--", "-D", "warnings"]);
    let output = cargo(&ws, &target, &args);
    assert!(
        output.status.success(),
        "generated crates without the feature `client` do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // Their documentation builds without a warning: links that resolve, no
    // bare URLs, no HTML that rustdoc reads as unclosed tags. (For a quick
    // check of a change that leaves the docs as they were, the two builds of
    // the docs, most of this test's time, are skipped with `DEV_SKIP_DOCS`.)
    if std::env::var_os("DEV_SKIP_DOCS").is_none() {
        docs(&ws, &target, &features, &types_only_docs);
    }

    // `cargo fmt` in a workspace holding the crates leaves them as generated,
    // even when the workspace has a style of its own: each crate's
    // `rustfmt.toml` keeps rustfmt's defaults, which the templates and
    // `lib.rs` are written in, and the modules prettyplease formatted are
    // `#[rustfmt::skip]`.
    let style = ws.join("rustfmt.toml");
    std::fs::write(&style, "tab_spaces = 2\nmax_width = 80\n").unwrap();
    let output = cargo(&ws, &target, &["fmt", "--all", "--check"]);
    assert!(
        output.status.success(),
        "cargo fmt would reformat generated crates:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Without the crate's own rustfmt.toml, the workspace's style would apply.
    let rustfmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "--config-path"])
        .arg(&style)
        .arg(ws.join(&members[0]).join("src/lib.rs"))
        .output()
        .expect("rustfmt runs");
    assert!(
        !rustfmt.status.success(),
        "the workspace's style is not applied"
    );

    // The crate documentation's example of each crate compiles too.
    // With the fake servers: the README's examples are doc tests then.
    let output = cargo(
        &ws,
        &target,
        &[
            "test",
            "--doc",
            "--workspace",
            "--features",
            &features,
            "--quiet",
        ],
    );
    assert!(
        output.status.success(),
        "doc examples do not compile:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // Compiling is not enough for the behaviour that serde's derives do not
    // give (decoding rules, redaction): run it, inside the generated crate of
    // its fixture.
    let mut args = vec!["test".to_owned(), "--quiet".to_owned()];
    for (fixture, test) in RUN_IN_FIXTURE {
        std::fs::create_dir_all(ws.join(fixture).join("tests")).unwrap();
        let test = if test.contains("serve_one()") {
            format!("{test}{ONE_REQUEST_SERVER}")
        } else {
            (*test).to_owned()
        };
        write_if_changed(&ws.join(fixture).join("tests/behaviour.rs"), &test);
        // The wire tests run the client on a runtime, against a loopback server.
        let manifest = ws.join(fixture).join("Cargo.toml");
        let mut toml = std::fs::read_to_string(&manifest).unwrap();
        toml.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\", \"rt-multi-thread\", \"net\", \"io-util\", \"fs\"] }\nfutures-util = \"0.3\"\n");
        write_if_changed(&manifest, &toml);
        std::fs::create_dir_all(ws.join(fixture).join("tests/support")).unwrap();
        write_if_changed(
            &ws.join(fixture).join("tests/support/helpers.rs"),
            UNION_HELPERS,
        );
        args.extend(["-p".to_owned(), format!("fixture-{fixture}")]);
    }
    args.extend(["--test".to_owned(), "behaviour".to_owned()]);
    // Their fake servers too (the parameter styles' test reads its requests back).
    let selected: Vec<&str> = features
        .split(',')
        .filter(|f| {
            RUN_IN_FIXTURE
                .iter()
                .any(|(fixture, _)| *f == format!("fixture-{fixture}/test-doubles"))
        })
        .collect();
    args.extend(["--features".to_owned(), selected.join(",")]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // Prism, the independent mock server, validates the form and multipart
    // requests of the bodies fixtures against their specs.
    let form = Prism::start("tests/fixtures/bodies-form-3.0.yaml", "bodies-form");
    let multipart = Prism::start(
        "tests/fixtures/bodies-multipart-3.0.yaml",
        "bodies-multipart",
    );
    let output = cargo_with(
        &ws,
        &target,
        &args,
        &[
            ("PRISM_FORM_URL", form.url()),
            ("PRISM_MULTIPART_URL", multipart.url()),
        ],
    );
    assert!(
        output.status.success(),
        "behaviour tests failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    union_samples(&ws, &target, &sampled);
    examples_round_trip(&ws, &target, &features, &surveys);
}

/// Every example the documents' publishers wrote that is valid against its
/// schema decodes into its generated type and encodes back unchanged
/// (`conformance`): a test of the examples is written into each crate that
/// has some, run, and its results sorted and counted here.
fn examples_round_trip(
    ws: &Path,
    target: &Path,
    features: &str,
    surveys: &[(String, String, conformance::Survey)],
) {
    let results = target.join("conformance");
    let _ = std::fs::remove_dir_all(&results);
    std::fs::create_dir_all(&results).unwrap();
    let mut args = vec!["test".to_owned(), "--quiet".to_owned()];
    let mut selected = Vec::new();
    for (member, package, survey) in surveys {
        if survey.cases.is_empty() {
            continue;
        }
        std::fs::create_dir_all(ws.join(member).join("tests")).unwrap();
        write_if_changed(
            &ws.join(member).join("tests/conformance.rs"),
            &conformance::test_file(&survey.cases),
        );
        args.extend(["-p".to_owned(), package.clone()]);
        if features
            .split(',')
            .any(|f| *f == format!("{package}/test-doubles"))
        {
            selected.push(format!("{package}/test-doubles"));
        }
    }
    args.extend(["--test".to_owned(), "conformance".to_owned()]);
    args.extend(["--features".to_owned(), selected.join(",")]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = cargo_with(
        ws,
        target,
        &args,
        &[("CONFORMANCE_OUT", results.display().to_string())],
    );
    assert!(
        output.status.success(),
        "the examples' test failed to build or run:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut table = String::from(
        "| crate | examples | not valid | union branches: values kept / made | checked | unchanged | allowed | failures |\n|---|---|---|---|---|---|---|---|\n",
    );
    let mut failures = Vec::new();
    for (_, package, survey) in surveys {
        if survey.found == 0 && survey.branches_made == 0 {
            continue;
        }
        let text =
            std::fs::read_to_string(results.join(format!("{package}.jsonl"))).unwrap_or_default();
        let verdict = conformance::judge(survey, &text);
        assert_eq!(
            verdict.checked,
            survey.cases.len(),
            "{package}: every case ran"
        );
        let failed: usize = verdict.failures.values().map(Vec::len).sum();
        let allowed: usize = verdict.allowed.values().sum();
        table.push_str(&format!(
            "| {package} | {} | {} | {} / {} | {} | {} | {allowed} | {failed} |\n",
            survey.found,
            survey.invalid,
            survey.branches_kept,
            survey.branches_made,
            verdict.checked,
            verdict.unchanged
        ));
        for (why, n) in &survey.invalid_why {
            eprintln!("{package}: {n} examples not valid against their schema: {why}");
        }
        for (reason, n) in &verdict.allowed {
            eprintln!("{package}: {n} allowed: {reason}");
        }
        // The publisher's own mistakes (OpenAPI 3.0's `exclusiveMinimum: true`
        // in a 3.1 document): their examples and branches are not checked.
        for u in &survey.unreadable {
            eprintln!("{package}: not checked, the validator cannot read the schema {u}");
        }
        for (kind, list) in &verdict.failures {
            for f in list {
                failures.push(format!("{package}: {kind}: {f}"));
            }
        }
    }
    eprintln!("{table}");
    std::fs::write(results.join("summary.md"), &table).unwrap();
    std::fs::write(results.join("failures.txt"), failures.join("\n")).unwrap();
    assert!(
        failures.is_empty(),
        "{} examples do not round-trip (all in {}):\n{}",
        failures.len(),
        results.join("failures.txt").display(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The values made for a variant (`codegen_tests::samples`) that decode
/// into another variant, as `(fixture, union, variant, why)`: the spec
/// cannot tell them apart.
const KNOWN_SAMPLES: &[(&str, &str, &str, &str)] = &[];

/// Tests run inside a fixture's generated crate, by fixture.
const RUN_IN_FIXTURE: &[(&str, &str)] = &[
    ("discriminator", DISCRIMINATOR_TEST),
    ("redaction", REDACTION_TEST),
    ("webhooks-3-1", WEBHOOKS_TEST),
    ("callbacks-3-0", CALLBACKS_3_0_TEST),
    ("callbacks-3-1", CALLBACKS_3_1_TEST),
    ("security-3-0", SECURITY_30_TEST),
    ("security-3-1", SECURITY_31_TEST),
    ("parameter-styles-3-0", PARAMETER_STYLES_3_0_TEST),
    ("parameter-styles-3-1", PARAMETER_STYLES_3_1_TEST),
    ("names-locations-3-1", NAMES_LOCATIONS_TEST),
    ("unions-3-0", UNIONS_3_0_TEST),
    ("unions-3-1", UNIONS_3_1_TEST),
    ("allof-3-0", ALLOF_TEST),
    ("discriminator-allof", HIERARCHY_TEST),
    ("allof-merge-3-0", ALLOF_MERGE_TEST),
    ("rules-3-1", RULES_TEST),
    ("type-keywords", TYPE_KEYWORDS_TEST),
    ("additional-properties", ADDITIONAL_TEST),
    ("unknown-fields-3-0", UNKNOWN_FIELDS_3_0_TEST),
    ("unknown-fields-3-1", UNKNOWN_FIELDS_3_1_TEST),
    (
        "bodies-form-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_form.rs")
        ),
    ),
    (
        "bodies-alternatives-3-1",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_alternatives.rs")
        ),
    ),
    (
        "bodies-multipart-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_multipart.rs")
        ),
    ),
    (
        "swagger-2-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/swagger_2_0.rs")
        ),
    ),
    (
        "malformed-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/malformed_3_0.rs")
        ),
    ),
    (
        "malformed-3-1",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/malformed_3_1.rs")
        ),
    ),
    (
        "bodies-binary-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_binary.rs")
        ),
    ),
    (
        "responses-events-3-1",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/hostile.rs"),
            include_str!("wire/responses_events.rs")
        ),
    ),
    // One test for the two forms, whose crates are the same.
    (
        "jsonl-3-0",
        concat!(
            "use fixture_jsonl_3_0 as api;\n",
            include_str!("wire/loopback.rs"),
            include_str!("wire/hostile.rs"),
            include_str!("wire/jsonl.rs")
        ),
    ),
    (
        "jsonl-3-1",
        concat!(
            "use fixture_jsonl_3_1 as api;\n",
            include_str!("wire/loopback.rs"),
            include_str!("wire/hostile.rs"),
            include_str!("wire/jsonl.rs")
        ),
    ),
    (
        "streams-3-2",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/streams_3_2.rs")
        ),
    ),
    (
        "responses-ranges-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/responses_ranges.rs")
        ),
    ),
    (
        "pagination-3-1",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/pagination.rs")
        ),
    ),
    ("overlay", OVERLAY_TEST),
    (
        "openapi-3-2",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/openapi_3_2.rs")
        ),
    ),
    // One test for the two forms, whose crates are the same.
    (
        "date-times-3-0",
        concat!(
            "use fixture_date_times_3_0 as api;\n",
            include_str!("wire/loopback.rs"),
            include_str!("wire/date_times.rs")
        ),
    ),
    (
        "date-times-3-1",
        concat!(
            "use fixture_date_times_3_1 as api;\n",
            include_str!("wire/loopback.rs"),
            include_str!("wire/date_times.rs")
        ),
    ),
];

/// A loopback server for one request, written with `std` alone so that the
/// test sees the exact bytes of the request line and headers (an HTTP
/// library would parse and normalise them): it answers 204 and returns the
/// request's head. Included in the tests of the parameter-styles fixtures.
const ONE_REQUEST_SERVER: &str = r##"
use std::io::{Read, Write};

/// The base URL of a server that takes one request, and its head.
fn serve_one() -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .unwrap();
        String::from_utf8(head).unwrap()
    });
    (url, handle)
}

/// The request line of a head.
fn request_line(head: &str) -> &str {
    head.split("\r\n").next().unwrap()
}

/// Every value of a header in a head, as sent.
fn header_values<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(": "))
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .collect()
}
"##;

/// Typed `additionalProperties` beside properties: the others, in a map
/// flattened into the struct, decoded, encoded and checked.
const ADDITIONAL_TEST: &str = r##"
use fixture_additional_properties::types::{Counts, Labels, LabelsPlaces, Place, Secrets};
use fixture_additional_properties::{Client, Error};
use std::collections::BTreeMap;
include!("support/helpers.rs");

#[test]
fn the_other_properties_go_to_the_map() {
    let labels: Labels = round_trip(r#"{"name":"n","additional":true,"color":"red","size":"L"}"#);
    assert_eq!(labels.additional, Some(true));
    assert_eq!(
        labels.additional_properties,
        BTreeMap::from([("color".to_owned(), "red".to_owned()), ("size".to_owned(), "L".to_owned())])
    );
    let counts: Counts = round_trip(r#"{"total":3,"a":1,"b":2}"#);
    assert_eq!((counts.total, counts.additional.len()), (Some(3), 2));
    // A value of another type than the spec's is refused.
    assert!(serde_json::from_str::<Counts>(r#"{"total":3,"a":"one"}"#).is_err());

    let secrets: Secrets = round_trip(r#"{"owner":"ada","bank":"hunter2"}"#);
    let shown = format!("{secrets:?}");
    assert!(shown.contains("ada") && !shown.contains("hunter2"), "{shown}");
}

#[test]
fn the_map_s_values_are_checked() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut labels = Labels::new("n");
    labels.additional_properties.insert("color".into(), "crimson".into());
    labels.places = Some(LabelsPlaces {
        home: Some(Place::new("Oslo")),
        additional: BTreeMap::from([("work".to_owned(), Place::new(""))]),
    });
    let errors = refused(client.put_labels(&labels));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["body.places[\"work\"].city", "body[\"color\"]"], "{errors:?}");
}
"##;

/// Objects keep the properties their schema does not declare, by name,
/// and send them back after the declared ones (a read, a change and a write
/// lose nothing); objects whose schema forbids other properties have no map.
const UNKNOWN_FIELDS_3_0_TEST: &str = r##"
use fixture_unknown_fields_3_0::types::{
    Closed, Dog, EmptySchema, Extended, Item, Named, NewLabel, Open, Pet, Sealed,
};
use fixture_unknown_fields_3_0::Error;
use serde_json::json;
use std::collections::BTreeMap;
include!("support/helpers.rs");

#[test]
fn a_read_change_and_write_keeps_what_the_spec_does_not_declare() {
    let received = r#"{"id":"i1","name":"old","owner":{"login":"ada","since":2019},"tags":["a"],"color":"red"}"#;
    let mut item: Item = serde_json::from_str(received).unwrap();
    // Reachable by name, nested objects too.
    assert_eq!(item.additional.get("color"), Some(&json!("red")));
    assert_eq!(item.additional.get("tags"), Some(&json!(["a"])));
    let owner = item.owner.as_ref().unwrap();
    assert_eq!(owner.additional.get("since"), Some(&json!(2019)));
    item.name = Some("new".to_owned());
    // Declared properties first, in the spec's order; then the others, by name.
    assert_eq!(
        serde_json::to_string(&item).unwrap(),
        r#"{"id":"i1","name":"new","owner":{"login":"ada","since":2019},"color":"red","tags":["a"]}"#
    );
    let _: Item = round_trip(r#"{"id":"i2","owner":{"login":"bob"},"a":null,"z":{"deep":[1,2.5,"x"]}}"#);
    // An empty map sends nothing.
    let _: Item = round_trip(r#"{"id":"i3"}"#);
}

#[test]
fn the_map_starts_empty_and_takes_fields_to_send() {
    let mut label = NewLabel::new("n");
    assert!(label.additional.is_empty());
    assert_eq!(serde_json::to_string(&label).unwrap(), r#"{"name":"n"}"#);
    label.additional.insert("beta".to_owned(), json!(true));
    label.token = Some("hunter2".to_owned());
    assert_eq!(
        serde_json::to_string(&label).unwrap(),
        r#"{"name":"n","token":"hunter2","beta":true}"#
    );
    // The secret stays hidden; the undeclared properties are shown.
    let shown = format!("{label:?}");
    assert!(!shown.contains("hunter2") && shown.contains("beta"), "{shown}");
    assert!(Open::default().additional.is_empty());
}

#[test]
fn all_of_merges_into_one_map_and_closed_objects_have_none() {
    let extended: Extended = round_trip(r#"{"login":"ada","color":"red","size":3}"#);
    assert_eq!(extended.additional, BTreeMap::from([("size".to_owned(), json!(3))]));
    // Written out whole: these structs have no map.
    let closed: Closed = serde_json::from_str(r#"{"code":1,"other":2}"#).unwrap();
    assert_eq!(closed, Closed { code: Some(1) });
    assert_eq!(serde_json::to_string(&closed).unwrap(), r#"{"code":1}"#);
    let sealed: Sealed = serde_json::from_str(r#"{"code":1,"note":"n"}"#).unwrap();
    assert_eq!(sealed, Sealed { code: Some(1), note: Some("n".to_owned()) });
    // `true` and `{}` are the same as no `additionalProperties`.
    let open: Open = round_trip(r#"{"size":1,"x":"y"}"#);
    assert_eq!(open.additional.get("x"), Some(&json!("y")));
    let empty: EmptySchema = round_trip(r#"{"size":1,"x":"y"}"#);
    assert_eq!(empty.additional.get("x"), Some(&json!("y")));
    // A property named `additional` keeps its name; the map takes another.
    let named: Named = round_trip(r#"{"additional":true,"more":1}"#);
    assert_eq!(named.additional, Some(true));
    assert_eq!(named.additional_properties.get("more"), Some(&json!(1)));
}

#[test]
fn a_union_branch_keeps_them_too() {
    let pet: Pet = round_trip(r#"{"bark":true,"color":"brown"}"#);
    let Pet::Dog(Dog { bark: true, additional }) = pet else {
        panic!("{pet:?}")
    };
    assert_eq!(additional.get("color"), Some(&json!("brown")));
}
"##;

const UNKNOWN_FIELDS_3_1_TEST: &str = r##"
use fixture_unknown_fields_3_1::types::{Closed, Extended, Item, Open, Sealed, Unevaluated};
use fixture_unknown_fields_3_1::Nullable;
use fixture_unknown_fields_3_1::Error;
use serde_json::json;
include!("support/helpers.rs");

#[test]
fn a_read_change_and_write_keeps_what_the_spec_does_not_declare() {
    let received = r#"{"id":"i1","name":null,"owner":{"login":"ada","since":2019},"color":"red"}"#;
    let mut item: Item = serde_json::from_str(received).unwrap();
    assert_eq!(item.additional.get("color"), Some(&json!("red")));
    assert_eq!(item.owner.as_ref().unwrap().additional.get("since"), Some(&json!(2019)));
    item.name = Nullable::Value("new".to_owned());
    assert_eq!(
        serde_json::to_string(&item).unwrap(),
        r#"{"id":"i1","name":"new","owner":{"login":"ada","since":2019},"color":"red"}"#
    );
}

#[test]
fn unevaluated_properties_false_closes_an_object() {
    // Written out whole: these structs have no map.
    let closed: Closed = serde_json::from_str(r#"{"code":1,"x":2}"#).unwrap();
    assert_eq!(closed, Closed { code: Some(1) });
    let unevaluated: Unevaluated = serde_json::from_str(r#"{"code":1,"x":2}"#).unwrap();
    assert_eq!(unevaluated, Unevaluated { code: Some(1) });
    assert_eq!(serde_json::to_string(&unevaluated).unwrap(), r#"{"code":1}"#);
    let sealed: Sealed = serde_json::from_str(r#"{"login":"ada","note":"n","x":2}"#).unwrap();
    assert_eq!(sealed, Sealed { login: Some("ada".to_owned()), note: Some("n".to_owned()) });
    let extended: Extended = round_trip(r#"{"login":"ada","color":"red","size":3}"#);
    assert_eq!(extended.additional.get("size"), Some(&json!(3)));
    let open: Open = round_trip(r#"{"size":1,"x":"y"}"#);
    assert_eq!(open.additional.get("x"), Some(&json!("y")));
}
"##;

/// A base schema with a discriminator is the union of the components that
/// extend it with `allOf`, by their names or by an explicit mapping.
const HIERARCHY_TEST: &str = r##"
use fixture_discriminator_allof::types::{Adoption, Bike, Car, Cat, Circle, Dog, Pet, Shape, Square, Vehicle};
use fixture_discriminator_allof::{Client, Error};
include!("support/helpers.rs");

#[test]
fn the_discriminator_picks_the_subtype() {
    decodes!(Pet, r#"{"petType":"Cat","name":"Tom"}"#, Pet::Cat(Cat { .. }));
    decodes!(Pet, r#"{"petType":"Dog","name":"Rex","packSize":3}"#, Pet::Dog(Dog { pack_size: 3, .. }));
    // Kept as JSON (whose keys `serde_json` sorts).
    decodes!(Pet, r#"{"name":"Tweety","petType":"Bird"}"#, Pet::Unknown(_));
    decodes!(Vehicle, r#"{"kind":"car","seats":4}"#, Vehicle::Car(Car { seats: Some(4), .. }));
    decodes!(Vehicle, r#"{"kind":"bike","electric":true}"#, Vehicle::Bike(Bike { .. }));
    decodes!(
        Adoption,
        r#"{"pet":{"petType":"Cat","name":"Tom"},"vehicle":{"kind":"bike"}}"#,
        Adoption { pet: Pet::Cat(_), vehicle: Some(Vehicle::Bike(_)), .. }
    );
}

#[test]
fn without_a_mapping_each_subtype_is_selected_by_its_name() {
    // The base's enum lists both tags: each still selects its own subtype,
    // with the base's fields.
    decodes!(Shape, r#"{"shapeType":"Circle","label":"c","radius":2}"#, Shape::Circle(Circle { radius: 2, label: Some(_), .. }));
    decodes!(Shape, r#"{"shapeType":"Square","label":"s","side":3}"#, Shape::Square(Square { side: 3, label: Some(_), .. }));
    decodes!(Pet, r#"{"petType":"Dog","name":"Rex","packSize":3}"#, Pet::Dog(Dog { name: _, pack_size: 3, .. }));
}

#[test]
fn a_subtype_s_tag_is_set_by_its_type() {
    let dog = Dog::new("Rex", 3);
    assert_eq!(dog.pet_type(), "Dog");
    assert_eq!(serde_json::to_string(&Pet::Dog(dog)).unwrap(), r#"{"petType":"Dog","name":"Rex","packSize":3}"#);
    let square = Square::new(3);
    assert_eq!(square.shape_type().as_str(), "Square");
    assert_eq!(serde_json::to_string(&Shape::Square(square)).unwrap(), r#"{"shapeType":"Square","side":3}"#);
    // By the explicit mapping's value.
    assert_eq!(Car::new().kind(), "car");
    // A decoded value keeps what was sent.
    let cat: Cat = round_trip(r#"{"petType":"cat","name":"Tom"}"#);
    assert_eq!(cat.pet_type(), "cat");
}

#[test]
fn a_subtype_s_constraints_are_checked() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let errors = refused(client.add_pet(&Pet::Dog(Dog::new("Rex the eleventh", -1))));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["body.name", "body.packSize"], "{errors:?}");
    let mut circle = Circle::new(1);
    circle.label = Some("too long".into());
    let errors = refused(client.add_shape(&Shape::Circle(circle)));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["body.label"], "{errors:?}");
}
"##;

/// `allOf` branches that define the same property: one field, the merge of
/// both definitions (nested objects keep every property, scalars every
/// constraint).
const ALLOF_MERGE_TEST: &str = r##"
use fixture_allof_merge_3_0::types::{Account, AccountKind, AccountSettings, AccountSettingsTheme};
use fixture_allof_merge_3_0::{Client, Error};
include!("support/helpers.rs");

#[test]
fn properties_of_every_branch_are_kept() {
    let account: Account = round_trip(
        r#"{"id":"a1","settings":{"locale":"fr","theme":"dark"},"kind":"business","size":7,"note":"hi"}"#,
    );
    assert_eq!(account.settings.locale.as_deref(), Some("fr"));
    assert_eq!(account.settings.theme, Some(AccountSettingsTheme::Dark));
    assert_eq!(account.kind, Some(AccountKind::Business));
    assert_eq!((account.size, account.note.as_deref()), (Some(7), Some("hi")));
}

#[test]
fn constraints_of_every_branch_are_checked() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut account = Account::new("", AccountSettings::default());
    account.size = Some(101);
    let errors = refused(client.create_account(&account));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["body.id", "body.size"], "{errors:?}");
    let mut account = Account::new("123456789", AccountSettings::default());
    account.size = Some(0);
    let errors = refused(client.create_account(&account));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["body.id", "body.size"], "{errors:?}");
}
"##;

/// Properties beside a `oneOf`/`anyOf` of `required` sets: one struct with
/// every property, and the rule checked before the request is sent.
const RULES_TEST: &str = r##"
use fixture_rules_3_1::types::{Batch, BatchRequest, ImageRef, Upload};
use fixture_rules_3_1::{Client, Error};
include!("support/helpers.rs");

#[test]
fn the_object_keeps_its_properties() {
    let request: BatchRequest = round_trip(r#"{"name":"b","file_ids":["f1"],"image":{"file_id":"f2"}}"#);
    assert_eq!(request.file_ids.as_deref(), Some(&["f1".to_owned()][..]));
    let batch: Batch = round_trip(r#"{"id":"1","image":{"image_url":"https://x/y.png"}}"#);
    assert!(batch.image.is_some_and(|i| i.image_url.is_some()));
}

#[test]
fn a_request_that_breaks_the_rule_is_refused() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    // Neither set, then both: `oneOf` wants exactly one.
    let errors = refused(client.create_batch(&BatchRequest::new("b")));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "body");
    assert!(errors[0].1.contains("exactly one of these must be set: `file_ids`; `files` (0 are)"), "{errors:?}");
    let mut both = BatchRequest::new("b");
    both.file_ids = Some(vec!["f1".into()]);
    both.files = Some(vec![Upload::new("f2")]);
    let errors = refused(client.create_batch(&both));
    assert!(errors[0].1.contains("(2 are)"), "{errors:?}");
    // `anyOf` wants at least one, in a nested object too.
    let mut request = BatchRequest::new("b");
    request.file_ids = Some(vec!["f1".into()]);
    request.image = Some(ImageRef::default());
    let errors = refused(client.create_batch(&request));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["body.image"], "{errors:?}");
}

#[tokio::test]
async fn a_request_that_keeps_the_rule_is_sent() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut request = BatchRequest::new("b");
    request.files = Some(vec![Upload::new("f2")]);
    request.image = Some(ImageRef { file_id: Some("f3".into()), ..ImageRef::default() });
    // Nothing listens there: the request got past validation.
    let result = client.create_batch(&request).await;
    assert!(!matches!(result, Err(Error::InvalidRequest(_))), "{result:?}");
}
"##;

/// `type` decides which keywords apply: `additionalProperties` beside
/// `type: string` does not make a map.
const TYPE_KEYWORDS_TEST: &str = r##"
use fixture_type_keywords::types::Label;

#[test]
fn a_string_is_a_string_whatever_other_types_keywords_say() {
    let json = r#"{"name":"urgent","tags":{"color":"red"},"count":3}"#;
    let label: Label = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_string(&label).unwrap(), json);
    assert_eq!(label.name, "urgent");
    assert_eq!(label.tags.color.as_deref(), Some("red"));
}
"##;

/// What the union tests share: a value decodes into the variant the
/// pattern names and encodes back to the same bytes; a request that breaks
/// a constraint is refused before anything is sent, naming the path.
const UNION_HELPERS: &str = r#"
use serde::{de::DeserializeOwned, Serialize};

fn round_trip<T: DeserializeOwned + Serialize + std::fmt::Debug>(json: &str) -> T {
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), json, "{value:?}");
    value
}

/// `json` decodes into `$variant` of `$ty` (and back into the same bytes).
#[allow(unused_macros)]
macro_rules! decodes {
    ($ty:ty, $json:expr, $variant:pat) => {{
        let value: $ty = round_trip($json);
        assert!(matches!(value, $variant), "{} decoded as {:?}", $json, value);
    }};
}

/// `json` decodes into `$variant` of `$ty`; only the variant is checked
/// (the value has properties the variant does not declare).
#[allow(unused_macros)]
macro_rules! picks {
    ($ty:ty, $json:expr, $variant:pat) => {{
        let value: $ty = serde_json::from_str($json).unwrap_or_else(|e| panic!("{}: {e}", $json));
        assert!(matches!(value, $variant), "{} decoded as {:?}", $json, value);
    }};
}

/// The error decoding `json` as `T` gives, without its position.
#[allow(dead_code)]
fn refusal<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    let e = serde_json::from_str::<T>(json).expect_err(json).to_string();
    e.rsplit_once(" at line ").map_or(e.clone(), |(text, _)| text.to_owned())
}

/// Polls the future once: a request refused locally is ready at once.
#[allow(dead_code)]
fn refused<T: std::fmt::Debug, E: std::fmt::Debug>(
    call: impl std::future::Future<Output = Result<T, Error<E>>>,
) -> Vec<(String, String)> {
    let mut call = std::pin::pin!(call);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match call.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Err(Error::InvalidRequest(e))) => e
            .errors()
            .iter()
            .map(|f| (f.path().to_owned(), f.message().to_owned()))
            .collect(),
        std::task::Poll::Ready(other) => panic!("not refused: {other:?}"),
        std::task::Poll::Pending => panic!("the request was sent"),
    }
}
"#;

/// Every union of `unions-3.0.yaml`: a value valid for each branch decodes
/// into that branch (where serde's declaration-order `untagged` would pick
/// another: a `scroll` event is also a `click` whose `type` is unknown),
/// and constraints inside branches, array items and map values are checked.
const UNIONS_3_0_TEST: &str = r##"
use fixture_unions_3_0::types::*;
use fixture_unions_3_0::{Client, Error};
include!("support/helpers.rs");

#[test]
fn each_value_decodes_into_its_own_branch() {
    decodes!(Event, r#"{"type":"click","x":1,"y":2}"#, Event::Click(_));
    decodes!(Event, r#"{"type":"scroll","x":1,"y":2}"#, Event::Scroll(_));
    decodes!(Event, r#"{"type":"scroll","x":1,"y":2,"delta":3}"#, Event::Scroll(_));
    decodes!(Event, r#"{"type":"keypress","key":"a"}"#, Event::KeyPress(_));
    // A type this version does not list still decodes, into the first that takes it.
    decodes!(Event, r#"{"type":"drag","x":1,"y":2}"#, Event::Click(_));

    // Any string or a listed one: one enum, whose catch-all holds the others.
    decodes!(ModelId, r#""small""#, ModelId::Small);
    decodes!(ModelId, r#""large""#, ModelId::Large);
    decodes!(ModelId, r#""gpt-x""#, ModelId::Unknown(_));
    let request: EventRequest = round_trip(r#"{"event":{"type":"keypress","key":"a"},"size":"huge"}"#);
    assert_eq!(request.size.as_ref().map(SizeName::as_str), Some("huge"));
    assert!(matches!(request.size, Some(SizeName::Unknown(_))));

    decodes!(Filter, r#"{"key":"a","op":"eq","value":"b"}"#, Filter::Comparison(_));
    decodes!(
        Filter,
        r#"{"op":"and","filters":[{"key":"a","op":"ne","value":"b"}]}"#,
        Filter::Compound(_)
    );

    decodes!(Moment, r#""2024-05-01""#, Moment::Date(_));
    decodes!(Moment, r#""2024-05-01T12:00:00Z""#, Moment::DateTime(_));
    decodes!(Moment, r#""next week""#, Moment::String(_));

    decodes!(Amount, "3", Amount::Integer(3));
    decodes!(Amount, "2.5", Amount::Number(_));

    decodes!(Prompt, r#""hi""#, Prompt::String(_));
    decodes!(Prompt, r#"["a","b"]"#, Prompt::StringArray(_));
    decodes!(Prompt, "[1,2]", Prompt::IntegerArray(_));
    decodes!(Prompt, "[[1],[2,3]]", Prompt::IntegerArrayArray(_));

    // The two schemas accept the same values: the first wins (documented).
    decodes!(ErrorBody, r#"{"detail":"stopped"}"#, ErrorBody::StoppedError(_));

    decodes!(Anything, r#"{"verbose":true}"#, Anything::Options(_));
    decodes!(Anything, "{}", Anything::Options(_));
    decodes!(Anything, r#"{"name":"ab"}"#, Anything::Named(_));
    decodes!(Anything, r#"{"other":1}"#, Anything::Value(_));
    decodes!(Anything, "42", Anything::Value(_));

    decodes!(ToolChoice, r#""auto""#, ToolChoice::ToolChoiceVariant0(_));
    decodes!(
        ToolChoice,
        r#"{"key":"a","op":"eq","value":"b"}"#,
        ToolChoice::Filter(Filter::Comparison(_))
    );

    decodes!(EventRequestLabelsItem, r#""red""#, EventRequestLabelsItem::String(_));
    decodes!(EventRequestLabelsItem, "7", EventRequestLabelsItem::Integer(7));
}

/// The value is valid against one branch only, though the others' guards
/// of old (required properties, the kind) let it in.
#[test]
fn the_branch_a_value_is_valid_against_wins() {
    // An open-enum `type` that no branch requires: a branch whose enum does
    // not list the value takes it only as an allowance.
    decodes!(Payment, r#"{"type":"bank","holder":"A"}"#, Payment::BankPayment(_));
    decodes!(Payment, r#"{"type":"card","number":"4111","holder":"A"}"#, Payment::CardPayment(_));
    decodes!(Payment, r#"{"type":"wallet","wallet":"w1"}"#, Payment::WalletPayment(_));
    // Listed by none: the first in the documented order that takes it.
    decodes!(Payment, r#"{"type":"cash","holder":"A"}"#, Payment::CardPayment(_));

    // Optional properties only: the branch that declares more of the value.
    decodes!(Contact, r#"{"name":"A","phone":"1"}"#, Contact::PhoneContact(_));
    decodes!(Contact, r#"{"name":"A","email":"a@example.com"}"#, Contact::EmailContact(_));
    decodes!(Contact, r#"{"mobile":null}"#, Contact::PhoneContact(_));

    // `additionalProperties: false`: valid against both, the first; with a
    // property the closed branch does not declare, the open one.
    decodes!(Setting, r#"{"name":"a","value":"b"}"#, Setting::StrictSetting(_));
    picks!(Setting, r#"{"name":"a","value":"b","note":"c"}"#, Setting::LooseSetting(_));

    // Nested objects, and a property's type.
    decodes!(Shipment, r#"{"destination":{"point":"P1"}}"#, Shipment::PickupShipment(_));
    decodes!(
        Shipment,
        r#"{"destination":{"street":"Main","city":"X"},"weight":3}"#,
        Shipment::ParcelShipment(_)
    );
    decodes!(Shipment, r#"{"destination":{"point":"P1"},"weight":"3 kg"}"#, Shipment::PickupShipment(_));

    // `anyOf` of branches requiring the same property: the one that
    // declares more of the value, the first when they declare as much.
    decodes!(Profile, r#"{"id":"1","email":"a@example.com"}"#, Profile::FullProfile(_));
    decodes!(Profile, r#"{"id":"1","name":"A","phone":"2"}"#, Profile::FullProfile(_));
    decodes!(Profile, r#"{"id":"1","name":"A"}"#, Profile::BasicProfile(_));
}

#[test]
fn a_value_no_branch_accepts_is_an_error_that_says_why() {
    assert_eq!(
        refusal::<Shipment>(r#"{"destination":{"street":"Main"},"weight":"3 kg"}"#),
        "no variant of `Shipment` accepts the value: `ParcelShipment`: property `weight`: a string, not an integer; `PickupShipment`: property `destination`: missing property `point`"
    );
    assert_eq!(
        refusal::<Profile>(r#"{"name":"A"}"#),
        "no variant of `Profile` accepts the value: `BasicProfile`: missing property `id`; `FullProfile`: missing property `id`"
    );
    assert_eq!(
        refusal::<Event>(r#"{"type":"click","x":"1","y":2}"#),
        "no variant of `Event` accepts the value: `Click`: property `x`: a string, not an integer; `Scroll`: property `x`: a string, not an integer; `KeyPress`: missing property `key`"
    );
}

#[test]
fn constraints_inside_unions_arrays_and_maps_are_checked() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut request = EventRequest::new(Event::KeyPress(KeyPress::new(KeyPressType::Keypress, "ab")));
    request.labels = Some(vec![
        EventRequestLabelsItem::String("ok".into()),
        EventRequestLabelsItem::String("much too long".into()),
        EventRequestLabelsItem::Integer(-1),
    ]);
    request.scores = Some([("a".to_owned(), 50), ("b".to_owned(), 101)].into());
    request.extra = Some(Anything::Named(Named::new("x")));
    let errors = refused(client.send_event(&request));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "body.event.key",
            "body.extra.name",
            "body.labels[1]",
            "body.labels[2]",
            "body.scores[\"b\"]",
        ],
        "{errors:?}"
    );
}
"##;

/// The 3.1 forms: `const` properties, a `const` or enum beside a string,
/// type arrays.
const UNIONS_3_1_TEST: &str = r##"
use fixture_unions_3_1::types::*;
use fixture_unions_3_1::{Client, Error};
include!("support/helpers.rs");

#[test]
fn each_value_decodes_into_its_own_branch() {
    decodes!(Item, r#"{"type":"message","content":"hi"}"#, Item::Message(_));
    decodes!(Item, r#"{"type":"reasoning","content":"hm"}"#, Item::Reasoning(_));
    decodes!(
        Item,
        r#"{"type":"reasoning","content":"hm","summary":null}"#,
        Item::Reasoning(_)
    );
    decodes!(Item, r#"{"text":"note"}"#, Item::Note(_));

    decodes!(Choice, r#""auto""#, Choice::Auto);
    decodes!(Choice, r#""required""#, Choice::Required);
    decodes!(Choice, r#""anything else""#, Choice::Unknown(_));

    decodes!(ItemRequestSize, r#""L""#, ItemRequestSize::String(_));
    decodes!(ItemRequestSize, "3", ItemRequestSize::Integer(3));

    decodes!(ItemRequestVersion, r#""latest""#, ItemRequestVersion::ItemRequestVersionLatest(_));
    decodes!(ItemRequestVersion, "1.5", ItemRequestVersion::Number(_));

    // The discriminator's values are the `const`s the branches pin.
    decodes!(ItemRequestTool, r#"{"type":"web_search"}"#, ItemRequestTool::WebSearch(_));
    decodes!(
        ItemRequestTool,
        r#"{"type":"file_search","store":"s1"}"#,
        ItemRequestTool::FileSearch(_)
    );
    // Two branches pin `file_search`: the one requiring more is tried first.
    decodes!(
        ItemRequestTool,
        r#"{"type":"file_search","store":"s1","results":["a"]}"#,
        ItemRequestTool::FileSearchResult(_)
    );

    decodes!(Part, r#"{"type":"text","text":"hello"}"#, Part::TextPart(_));
    decodes!(Part, r#"{"type":"image","url":"https://example.com/a.png"}"#, Part::ImagePart(_));
}

/// The value is valid against one branch only, though the others' guards
/// of old (required properties, the kind) let it in.
#[test]
fn the_branch_a_value_is_valid_against_wins() {
    // A `const` `type` that no branch requires: a branch whose `const` is
    // another value takes it only as an allowance (its enum's catch-all).
    decodes!(Block, r#"{"type":"image","alt":null}"#, Block::ImageBlock(_));
    decodes!(Block, r#"{"type":"text","text":"hi","format":null}"#, Block::TextBlock(_));
    decodes!(Block, r#"{"type":"code","text":"x","language":"rust"}"#, Block::CodeBlock(_));
    // Without `type`: the optional properties, then the order.
    decodes!(Block, r#"{"text":"x","language":"rust"}"#, Block::CodeBlock(_));
    decodes!(Block, r#"{"url":"https://example.com/a.png"}"#, Block::ImageBlock(_));
    decodes!(Block, r#"{"text":"x"}"#, Block::TextBlock(_));
    // The closed branch does not allow `format`.
    decodes!(Block, r#"{"text":"x","format":"md"}"#, Block::TextBlock(_));

    // The same required property: the nested object decides.
    decodes!(
        Account,
        r#"{"id":"1","owner":{"name":"A","company":"C"}}"#,
        Account::BusinessAccount(_)
    );
    decodes!(Account, r#"{"id":"1","owner":{"vat":null}}"#, Account::BusinessAccount(_));
    decodes!(Account, r#"{"id":"1","owner":{"name":"A"}}"#, Account::PersonalAccount(_));
}

#[test]
fn a_value_no_branch_accepts_is_an_error_that_says_why() {
    assert_eq!(
        refusal::<Block>("[1]"),
        "no variant of `Block` accepts the value: `TextBlock`: an array, not an object; `ImageBlock`: an array, not an object; `CodeBlock`: an array, not an object"
    );
    assert_eq!(
        refusal::<Account>(r#"{"owner":{"name":"A"}}"#),
        "no variant of `Account` accepts the value: `PersonalAccount`: missing property `id`; `BusinessAccount`: missing property `id`"
    );
    // Valid against `Note` only (an open object that requires nothing).
    picks!(Item, r#"{"type":"message","content":1}"#, Item::Note(_));
    // A discriminator value that two variants share: the one that explains
    // the value, or why neither does.
    assert_eq!(
        refusal::<ItemRequestTool>(r#"{"type":"file_search"}"#),
        "no variant of `ItemRequestTool` accepts the value: `FileSearch`: missing property `store`; `FileSearchResult`: missing property `store`"
    );
}

#[test]
fn a_broken_constraint_inside_a_branch_is_reported_with_its_path() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut request = ItemRequest::new(Item::Note(Note::default()));
    request.parts = Some(vec![
        Part::TextPart(TextPart::new(TextPartType::Text, "short")),
        Part::TextPart(TextPart::new(TextPartType::Text, "a text of more than twenty characters")),
    ]);
    let errors = refused(client.put_item(&request));
    assert_eq!(
        errors,
        [(
            "body.parts[1].text".to_owned(),
            "length 37 is out of range: must be at most 20 characters".to_owned()
        )]
    );
}
"##;

/// `allOf` around one `$ref` is that type; of non-object schemas, one
/// schema under the constraints of every branch.
const ALLOF_TEST: &str = r##"
use fixture_allof_3_0::types::{File, FileRequest, Folder, ParentFolder, Status};
use fixture_allof_3_0::{Client, Error, Nullable};
include!("support/helpers.rs");

#[test]
fn all_of_around_one_ref_is_that_type() {
    let file: File = round_trip(r#"{"id":"1","parent":{"id":"2"},"previous":{"id":"3","name":"old"},"status":"trashed","home":{"id":"4"}}"#);
    let parent: Folder = file.parent;
    let home: Option<ParentFolder> = file.home;
    assert_eq!((parent.id.as_str(), home.map(|h| h.id)), ("2", Some("4".to_owned())));
    assert_eq!(file.status, Status::Trashed);
    let file: File = serde_json::from_str(r#"{"id":"1","parent":{"id":"2"},"previous":null}"#).unwrap();
    assert_eq!((file.previous, file.status), (Nullable::Null, Status::Active));
}

#[test]
fn every_branch_s_constraints_are_checked() {
    let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let mut request = FileRequest::new("", "abcdefg");
    request.size = Some(1001);
    request.retention = Some("12345".into());
    let errors = refused(client.create_file(&request));
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["body.name", "body.code", "body.code", "body.size", "body.retention"],
        "{errors:?}"
    );
}
"##;

/// The exact bytes of webhook requests, decoded by the crate's `webhooks`
/// module into typed events, and every way a request can be refused.
const WEBHOOKS_TEST: &str = r##"
use fixture_webhooks_3_1::types::{Pet, PetAdoptedPayload};
use fixture_webhooks_3_1::webhooks::{self, BodyError, Event, WebhookError};
use fixture_webhooks_3_1::Nullable;

const NEW_PET: &[u8] = br#"{"id":7,"name":"Rex","tag":null}"#;

#[test]
fn a_webhook_request_decodes_into_its_event() {
    let event = Event::decode(
        "newPet",
        "POST",
        Some("Application/JSON; charset=utf-8"),
        NEW_PET,
    )
    .unwrap();
    let rex = Pet {
        id: 7,
        name: "Rex".into(),
        tag: Nullable::Null,
        additional: Default::default(),
    };
    assert_eq!(event, Event::NewPet(rex.clone()));
    assert_eq!(
        (event.name(), event.method(), event.success_status()),
        ("newPet", "POST", 200)
    );
    assert_eq!(
        webhooks::decode_new_pet(Some("application/json"), NEW_PET).unwrap(),
        rex
    );

    // The method in any case; no `Content-Type` is read as the documented one.
    let body = br#"{"pet":{"id":1,"name":"Tom","tag":"cat"},"adoptedAt":"2024-05-01T12:00:00Z","note":"happy"}"#;
    let Event::PetAdopted(PetAdoptedPayload {
        pet,
        adopted_at,
        note,
        ..
    }) = Event::decode("petAdopted", "post", None, body).unwrap()
    else {
        panic!("not a PetAdopted");
    };
    assert_eq!((pet.id, pet.tag.as_deref()), (1, Some("cat")));
    assert_eq!(adopted_at.as_str(), "2024-05-01T12:00:00Z");
    assert_eq!(adopted_at.to_utc().to_rfc3339(), "2024-05-01T12:00:00+00:00");
    assert_eq!(note.as_deref(), Some("happy"));

    // Bytes, matched against the documented type; optional.
    let photo = Event::decode("petPhoto", "PUT", Some("image/png"), b"\x89PNG\r\n").unwrap();
    assert_eq!(photo, Event::PetPhoto(Some(b"\x89PNG\r\n".to_vec())));
    assert_eq!(photo.success_status(), 200);
    assert_eq!(
        Event::decode("petPhoto", "PUT", None, b"").unwrap(),
        Event::PetPhoto(None)
    );
}

#[test]
fn a_bad_request_gives_a_typed_error_and_its_status() {
    let e = Event::decode("newPet", "POST", Some("text/plain"), NEW_PET).unwrap_err();
    assert!(
        matches!(
            &e,
            WebhookError::UnsupportedContentType { webhook: "newPet", expected: "application/json", found }
                if found == "text/plain"
        ),
        "{e:?}"
    );
    assert_eq!(e.status(), 415);

    let e = Event::decode("newPet", "POST", Some("application/json"), br#"{"id":"seven","name":"Rex"}"#)
        .unwrap_err();
    assert!(
        matches!(&e, WebhookError::InvalidBody { webhook: "newPet", body, source: BodyError::Json(_) }
            if body == r#"{"id":"seven","name":"Rex"}"#),
        "{e:?}"
    );
    assert_eq!(e.status(), 400);
    assert!(std::error::Error::source(&e).is_some());
    assert!(e.to_string().starts_with("newPet: the body is not what the spec describes"), "{e}");

    let e = Event::decode("newPet", "POST", Some("application/json"), b"").unwrap_err();
    assert!(matches!(e, WebhookError::MissingBody { webhook: "newPet" }), "{e:?}");

    for (name, method) in [("oldPet", "POST"), ("newPet", "GET")] {
        let e = Event::decode(name, method, Some("application/json"), NEW_PET).unwrap_err();
        assert!(matches!(&e, WebhookError::UnknownWebhook { .. }), "{e:?}");
        assert_eq!((e.status(), e.webhook()), (404, None));
    }
    let e = Event::decode("petPhoto", "PUT", Some("image/jpeg"), b"jpeg").unwrap_err();
    assert_eq!(e.status(), 415);
}
"##;

/// A callback's text body; a JSON body with a string enum and a nullable field.
const CALLBACKS_3_0_TEST: &str = r##"
use fixture_callbacks_3_0::types::{SubscribeOnEventPayload, SubscribeOnEventPayloadKind};
use fixture_callbacks_3_0::webhooks::{self, BodyError, Event, WebhookError};
use fixture_callbacks_3_0::Nullable;

#[test]
fn callbacks_decode_json_and_text() {
    let body = br#"{"subscriptionId":"s1","kind":"deleted","detail":null}"#;
    let event = Event::decode("subscribe.onEvent", "POST", Some("application/json"), body).unwrap();
    assert_eq!(
        event,
        Event::SubscribeOnEvent(SubscribeOnEventPayload {
            subscription_id: "s1".into(),
            kind: SubscribeOnEventPayloadKind::Deleted,
            detail: Nullable::Null,
            additional: Default::default(),
        })
    );
    let end = Event::decode("subscribe.onEnd", "POST", Some("text/plain; charset=utf-8"), b"bye").unwrap();
    assert_eq!(end, Event::SubscribeOnEnd(Some("bye".into())));
    assert_eq!(end.success_status(), 204);
    assert_eq!(webhooks::decode_subscribe_on_end(None, b"").unwrap(), None);
    let e = webhooks::decode_subscribe_on_end(Some("text/plain"), b"\xff").unwrap_err();
    assert!(matches!(e, WebhookError::InvalidBody { source: BodyError::Utf8(_), .. }), "{e:?}");
}
"##;

/// A callback whose payload type is also sent in a request: it is checked
/// against the spec's constraints (a 3.1 numeric `exclusiveMinimum`).
const CALLBACKS_3_1_TEST: &str = r##"
use fixture_callbacks_3_1::types::JobResult;
use fixture_callbacks_3_1::webhooks::{Event, WebhookError};
use fixture_callbacks_3_1::Nullable;

#[test]
fn a_callback_decodes_and_is_checked_against_the_spec() {
    let body = br#"{"id":"j1","status":"finished","output":null,"exitCode":0}"#;
    let event = Event::decode("createJob.jobFinished", "POST", Some("application/json"), body).unwrap();
    let Event::CreateJobJobFinished(JobResult { id, output, exit_code, .. }) = &event else {
        panic!("{event:?}");
    };
    assert_eq!((id.as_str(), output, exit_code), ("j1", &None, &Nullable::Value(0)));

    // `exclusiveMinimum: -1` (3.1's numeric form): -1 is out.
    let body = br#"{"id":"j1","status":"finished","output":"x","exitCode":-1}"#;
    let e = Event::decode("createJob.jobFinished", "POST", None, body).unwrap_err();
    let WebhookError::Invalid { webhook, errors } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(*webhook, "createJob.jobFinished");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path(), "body.exitCode");
    assert_eq!(e.status(), 400);
}
"##;

const SECURITY_30_TEST: &str = concat!(
    r#"
use fixture_security_3_0::{BuildError, Client, Error};
"#,
    include_str!("common/recorder.rs"),
    r#"
#[test]
fn each_scheme_is_sent_as_its_scheme_says() {
    let (url, received) = recorder();
    let client = Client::builder()
        .base_url(&url)
        .basic_auth("Aladdin", "open sesame")
        .bearer_token("tok-123")
        .api_key_header("hdr-key")
        .api_key_query("k&y =1")
        .api_key_cookie("c00kie")
        .petstore_auth_token("oauth-tok")
        .max_retries(0)
        .build()
        .unwrap();
    let version = "HTTP/1.1";
    block_on(async {
        // The document's default requirement: the header key.
        client.list_pets().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /pets {version}"), "x-api-key: hdr-key".into()]);
        // RFC 7617's example.
        client.basic_only().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /basic {version}"), "authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()]);
        client.bearer_only().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /bearer {version}"), "authorization: Bearer tok-123".into()]);
        // The query key once, percent-encoded, after the parameters.
        let params = fixture_security_3_0::types::QueryKeyParams { limit: Some(5) };
        client.query_key(&params).await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /query?limit=5&api%20key=k%26y%20%3D1 {version}")]);
        client.cookie_key().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /cookie {version}"), "cookie: session=c00kie".into()]);
        // Two schemes together: both.
        client.together().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /together?api%20key=k%26y%20%3D1 {version}"), "x-api-key: hdr-key".into()]);
        // Alternatives, both configured: the first (basic).
        client.either().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /either {version}"), "authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()]);
        // OAuth 2.0: the token as a bearer token.
        client.create_pet().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("POST /pets {version}"), "authorization: Bearer oauth-tok".into()]);
        // `security: []` overrides the default: nothing, whatever is configured.
        client.public().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /public {version}")]);
        // An empty requirement alone: anonymous, nothing sent.
        client.anonymous().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /anonymous {version}")]);
        // An undefined scheme is dropped; its alternative is the header key.
        client.undefined_scheme().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /undefined {version}"), "x-api-key: hdr-key".into()]);
        // Digest is not implemented: sent without credentials.
        client.digest().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), [format!("GET /digest {version}")]);
    });
}

#[test]
fn alternatives_optional_and_missing_credentials() {
    let (url, received) = recorder();
    let bearer_only = Client::builder().base_url(&url).bearer_token("tok-9").max_retries(0).build().unwrap();
    let nothing = Client::builder().base_url(&url).max_retries(0).build().unwrap();
    block_on(async {
        // Only the second alternative is configured: it is used.
        bearer_only.either().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /either HTTP/1.1", "authorization: Bearer tok-9"]);
        // Optional: sent with the token when there is one, without when not.
        bearer_only.optional().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /optional HTTP/1.1", "authorization: Bearer tok-9"]);
        nothing.optional().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /optional HTTP/1.1"]);
        // Required and not configured: a local error, nothing sent.
        let err = bearer_only.basic_only().await.unwrap_err();
        assert!(matches!(&err, Error::MissingCredentials { operation: "basic_only", .. }), "{err:?}");
        assert_eq!(err.attempts(), 0);
        assert_eq!(
            err.to_string(),
            "basic_only: no credentials configured: `ClientBuilder::basic_auth` (or FIXTURE_SECURITY_3_0_USERNAME and FIXTURE_SECURITY_3_0_PASSWORD)"
        );
        let err = nothing.together().await.unwrap_err();
        assert!(err.to_string().contains("`ClientBuilder::api_key_header` (or FIXTURE_SECURITY_3_0_API_KEY_HEADER) together with `ClientBuilder::api_key_query`"), "{err}");
        // One of two schemes required together is not enough.
        let half = Client::builder().base_url(&url).api_key_header("h").build().unwrap();
        assert!(matches!(half.together().await, Err(Error::MissingCredentials { .. })));
        assert!(received.lock().unwrap().is_empty(), "nothing was sent");
    });
}

#[test]
fn debug_shows_which_credentials_are_set_never_their_values() {
    let builder = Client::builder()
        .basic_auth("user-1", "pa55word")
        .bearer_token("tok-secret")
        .api_key_header("hdr-secret")
        .api_key_query("query-secret")
        .api_key_cookie("cookie-secret")
        .petstore_auth_token("oauth-secret")
        .open_id_token("oidc-secret");
    let client = builder.clone().build().unwrap();
    for shown in [format!("{builder:?}"), format!("{client:?}"), format!("{client:#?}")] {
        for secret in ["user-1", "pa55word", "tok-secret", "hdr-secret", "query-secret", "cookie-secret", "oauth-secret", "oidc-secret", "dXNlci0x"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert_eq!(shown.matches("<redacted>").count(), 7, "{shown}");
    }
}

#[test]
fn invalid_credentials_and_the_environment() {
    let err = Client::builder().basic_auth("a:b", "c").build().unwrap_err();
    assert!(matches!(err, BuildError::InvalidCredential { setter: "basic_auth" }), "{err:?}");
    let err = Client::builder().api_key_cookie("x
y").build().unwrap_err();
    assert!(matches!(err, BuildError::InvalidApiKey), "{err:?}");
    let err = Client::builder().bearer_token("x
y").build().unwrap_err();
    assert_eq!(err.to_string(), "the credential given to `ClientBuilder::bearer_token` cannot be sent in an HTTP header");

    // The only test that touches the environment.
    assert_eq!(Client::USERNAME_ENV, "FIXTURE_SECURITY_3_0_USERNAME");
    assert_eq!(Client::API_KEY_QUERY_ENV, "FIXTURE_SECURITY_3_0_API_KEY_QUERY");
    let (url, received) = recorder();
    std::env::set_var(Client::BASE_URL_ENV, &url);
    std::env::set_var(Client::USERNAME_ENV, "env-user");
    std::env::set_var(Client::PASSWORD_ENV, "env-pass");
    std::env::set_var(Client::TOKEN_ENV, " env-token 
");
    let client = Client::from_env().unwrap();
    block_on(async {
        client.basic_only().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /basic HTTP/1.1", "authorization: Basic ZW52LXVzZXI6ZW52LXBhc3M="]);
        client.bearer_only().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /bearer HTTP/1.1", "authorization: Bearer env-token"]);
        // Not set: not configured.
        assert!(matches!(client.cookie_key().await, Err(Error::MissingCredentials { .. })));
    });
}

/// A key in the query is sent once, in place of a parameter of its name
/// (one added to the call here), whether it is a value or a provider's.
#[test]
fn a_query_key_replaces_a_parameter_of_its_name_from_a_value_or_a_provider() {
    use fixture_security_3_0::credentials::provider_fn;
    let (url, received) = recorder();
    let fixed = Client::builder().base_url(&url).api_key_query("static").max_retries(0).build().unwrap();
    let provided = Client::builder()
        .base_url(&url)
        .api_key_query_provider(provider_fn(|| async { Ok(fixture_security_3_0::Secret::new("renewable")) }))
        .max_retries(0)
        .build()
        .unwrap();
    let params = fixture_security_3_0::types::QueryKeyParams { limit: Some(5) };
    block_on(async {
        fixed.query_key(&params).query("api key", "extra").await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /query?limit=5&api%20key=static HTTP/1.1"]);
        provided.query_key(&params).query("api key", "extra").await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /query?limit=5&api%20key=renewable HTTP/1.1"]);
        provided.query_key(&params).await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /query?limit=5&api%20key=renewable HTTP/1.1"]);
    });
}
"#,
    include_str!("common/scripted.rs"),
    r##"
/// The OAuth 2.0 client-credentials grant of `petstoreAuth` against a
/// loopback token endpoint: the exact token request, the bearer sent, a
/// token kept until shortly before its expiry, then a new one; a 401 gets
/// a new token and the request is sent again, once.
#[test]
fn oauth_client_credentials_fetch_keep_expire_and_renew() {
    use fixture_security_3_0::credentials::ClientCredentials;
    let issued = std::sync::atomic::AtomicU32::new(0);
    let (url, exchanges) = scripted(move |line, headers, _body| {
        if line.starts_with("POST /token ") || line.starts_with("POST /v1/oauth/token ") {
            let n = issued.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            return (200, format!(r#"{{"access_token":"tok-{n}","token_type":"bearer","expires_in":2}}"#));
        }
        if line.starts_with("POST /bad-token ") {
            return (400, r#"{"error":"invalid_client","error_description":"unknown client"}"#.to_owned());
        }
        if headers.iter().any(|h| h == "authorization: Bearer tok-2") {
            return (401, r#"{"error":"expired"}"#.to_owned());
        }
        (201, String::new())
    });
    let client = Client::builder()
        .base_url(&url)
        .petstore_auth_client_credentials(
            ClientCredentials::new("my id", "s3cr:t")
                .scopes(["write:pets", "read:pets"])
                .token_url(format!("{url}/token")),
        )
        .max_retries(0)
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("s3cr") && shown.contains(r#"petstore_auth_token_provider: "<provider>""#), "{shown}");
    // base64("my+id:s3cr%3At"): RFC 6749 §2.3.1 form-encodes both first.
    let token_request = (
        vec![
            "POST /token HTTP/1.1".to_owned(),
            "accept: application/json".to_owned(),
            "authorization: Basic bXkraWQ6czNjciUzQXQ=".to_owned(),
            "content-length: 60".to_owned(),
            "content-type: application/x-www-form-urlencoded".to_owned(),
        ],
        "grant_type=client_credentials&scope=write%3Apets+read%3Apets".to_owned(),
    );
    let api = |token: &str| {
        let lines = vec!["POST /pets HTTP/1.1".to_owned(), "accept: application/json".to_owned(), format!("authorization: Bearer {token}")];
        (lines, String::new())
    };
    block_on(async {
        client.create_pet().await.unwrap();
        // Kept: no second token request.
        client.create_pet().await.unwrap();
        assert_eq!(take(&exchanges), [token_request.clone(), api("tok-1"), api("tok-1")]);
        // `expires_in: 2`: stale after half of it; a new token.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        // tok-2 is refused with a 401: a new token, and the request once more.
        client.create_pet().await.unwrap();
        assert_eq!(
            take(&exchanges),
            [token_request.clone(), api("tok-2"), token_request.clone(), api("tok-3")]
        );

        // The token endpoint refuses: a typed error, and the API never sees the call.
        let refused = Client::builder()
            .base_url(&url)
            .petstore_auth_client_credentials(ClientCredentials::new("id", "pw").token_url(format!("{url}/bad-token")))
            .build()
            .unwrap();
        let err = refused.create_pet().await.unwrap_err();
        assert!(matches!(&err, Error::Credentials { operation: "create_pet", attempts: 0, .. }), "{err:?}");
        assert_eq!(err.to_string(), "create_pet: the credentials provider failed");
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert_eq!(cause, "OAuth 2.0 token request: the token endpoint answered 400: invalid_client (unknown client)");
        let seen = take(&exchanges);
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].0[0], "POST /bad-token HTTP/1.1");
        assert!(!format!("{err:?}").contains("pw"));

        // A relative token URL is resolved against the base URL, its path
        // included; the id and secret in the form, when asked.
        let relative = Client::builder()
            .base_url(format!("{url}/v1"))
            .petstore_auth_client_credentials(
                ClientCredentials::new("id", "pw").token_url("oauth/token").credentials_in_body(),
            )
            .build()
            .unwrap();
        relative.create_pet().await.unwrap();
        let seen = take(&exchanges);
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[0].0[0], "POST /v1/oauth/token HTTP/1.1");
        assert!(!seen[0].0.iter().any(|h| h.starts_with("authorization:")), "{seen:?}");
        assert_eq!(seen[0].1, "grant_type=client_credentials&client_id=id&client_secret=pw");
        assert_eq!(seen[1].0[0], "POST /v1/pets HTTP/1.1");
        assert_eq!(seen[1].0[2], "authorization: Bearer tok-4");
    });
}
"##
);

const SECURITY_31_TEST: &str = concat!(
    r#"
use fixture_security_3_1::{BuildError, Client, Error};
"#,
    include_str!("common/recorder.rs"),
    r#"
#[test]
fn mutual_tls_is_the_users_own_client_and_sends_no_header() {
    // Every operation requires credentials: none at all is a build error.
    let err = Client::builder().base_url("http://127.0.0.1:1").build().unwrap_err();
    assert!(matches!(err, BuildError::MissingCredentials(_)), "{err:?}");
    assert!(err.to_string().contains("client certificate"), "{err}");

    let (url, received) = recorder();
    let bearer = Client::builder().base_url(&url).bearer_token("t-1").build().unwrap();
    // An own client (which would hold the identity) stands for the certificate.
    let own = reqwest::Client::builder().redirect(Client::redirect_policy()).build().unwrap();
    let mtls = Client::builder().base_url(&url).http_client(own).build().unwrap();
    block_on(async {
        let err = bearer.certificate_only().await.unwrap_err();
        assert!(matches!(&err, Error::MissingCredentials { .. }), "{err:?}");
        assert!(err.to_string().contains("`ClientBuilder::http_client`"), "{err}");
        assert!(received.lock().unwrap().is_empty());
        mtls.certificate_only().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /certificate HTTP/1.1"]);
        // The role (a 3.1 scope on a bearer scheme) is documentation: the token is sent.
        bearer.admin().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /admin HTTP/1.1", "authorization: Bearer t-1"]);
        // Certificate and key together: the key is sent beside the certificate.
        let own = reqwest::Client::builder().redirect(Client::redirect_policy()).build().unwrap();
        let both = Client::builder().base_url(&url).http_client(own).api_key("k-2").build().unwrap();
        both.certificate_and_key().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /certificate-and-key HTTP/1.1", "api-key: k-2"]);
        // Two cookies together: one `Cookie` header.
        let cookies = Client::builder().base_url(&url).session_key("s1").csrf_key("c2").build().unwrap();
        cookies.two_cookies().await.unwrap();
        assert_eq!(credentials(&take_one(&received)), ["GET /two-cookies HTTP/1.1", "cookie: sid=s1; csrf=c2"]);
    });
}
"#
);

/// What the overlay beside `tests/fixtures/overlay/openapi.yaml` changed,
/// on the wire: `name` made required, `legacy_flags` removed from the schema
/// (an undeclared property now), a query parameter appended.
const OVERLAY_TEST: &str = r##"
use fixture_overlay::types::{ListPetsParams, Pet};
use fixture_overlay::{Client, Error};

include!("support/helpers.rs");

#[test]
fn the_overlay_made_name_required_and_removed_a_property() {
    let refused = serde_json::from_str::<Pet>(r#"{"id":"1"}"#).unwrap_err();
    assert!(refused.to_string().contains("missing field `name`"), "{refused}");
    let pet: Pet = round_trip(r#"{"id":"1","name":"Rex","legacy_flags":3}"#);
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.additional["legacy_flags"], 3);
}

#[tokio::test]
async fn the_parameter_the_overlay_appended_is_sent() {
    let (url, head) = serve_one();
    let client = Client::builder().base_url(&url).max_retries(0).build().unwrap();
    let params = ListPetsParams { limit: Some(2), cursor: Some("next".into()) };
    // The server answers 204 where a list is expected: only the request matters here.
    let _ = client.list_pets(&params).await;
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/pets?limit=2&cursor=next HTTP/1.1"
    );
}
"##;

const DISCRIMINATOR_TEST: &str = r#"
use fixture_discriminator::types::{Cat, Pet};
use serde_json::json;

#[test]
fn the_discriminator_picks_the_variant() {
    let cat: Pet = serde_json::from_value(json!({"petType": "kitten", "name": "Tom"})).unwrap();
    assert!(matches!(&cat, Pet::Cat(Cat { name, .. }) if name == "Tom"));
    let dog: Pet = serde_json::from_value(json!({"petType": "dog", "name": "Rex", "barks": true})).unwrap();
    assert!(matches!(dog, Pet::Dog(_)));
    // A Dog-shaped value that says it is a cat is a cat, or an error: never a dog.
    assert!(serde_json::from_value::<Pet>(json!({"petType": "cat", "barks": true})).is_err());
    let bird: Pet = serde_json::from_value(json!({"petType": "bird", "wings": 2})).unwrap();
    assert!(matches!(&bird, Pet::Unknown(v) if v["wings"] == 2));
    assert_eq!(serde_json::to_value(&bird).unwrap(), json!({"petType": "bird", "wings": 2}));
    assert!(serde_json::from_value::<Pet>(json!({"name": "no tag"})).is_err());
    assert_eq!(serde_json::to_value(&cat).unwrap()["petType"], "kitten");
}
"#;

const REDACTION_TEST: &str = r#"
use fixture_redaction::types::{CreateLoginParams, Login, Usage};
use fixture_redaction::Nullable;
use std::collections::BTreeMap;

#[test]
fn debug_hides_secrets_and_shows_the_rest() {
    let login = Login {
        username: "ada".into(),
        password: "hunter2".into(),
        pin: Some(4711),
        recovery_codes: Some(vec!["code-one".into()]),
        sensitive_data: Some(BTreeMap::from([("bank".into(), "pa55".into())])),
        token_type: Some("bearer".into()),
        password_policy: Some("strong".into()),
        additional: Default::default(),
    };
    let shown = format!("{login:?}");
    for secret in ["hunter2", "4711", "code-one", "pa55"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for plain in ["ada", "bearer", "strong"] {
        assert!(shown.contains(plain), "{plain} not in {shown}");
    }
    assert_eq!(shown.matches("<redacted>").count(), 4, "{shown}");

    let usage = Usage {
        total_input_tokens: 1234,
        access_token: Nullable::Value("tok-secret".into()),
        next_page_token: Some("cursor-7".into()),
        password_set: Some(true),
        additional: Default::default(),
    };
    let shown = format!("{usage:?}");
    assert!(!shown.contains("tok-secret"), "{shown}");
    for plain in ["1234", "cursor-7", "true"] {
        assert!(shown.contains(plain), "{plain} not in {shown}");
    }

    let params = CreateLoginParams {
        x_api_key: "key-123".into(),
        page_token: Some("page-2".into()),
    };
    let shown = format!("{params:?}");
    assert!(!shown.contains("key-123") && shown.contains("page-2"), "{shown}");
}
"#;

/// The exact request line and headers of every parameter style, as the
/// spec's style table and RFC 6570 write them, on the wire.
const PARAMETER_STYLES_3_0_TEST: &str = r##"
use fixture_parameter_styles_3_0::types::{
    Code, Color, CookieStylesParams, Filter, FilterRange, HeaderStylesParams, Point, QueryStylesParams,
};
use fixture_parameter_styles_3_0::Client;

fn client(url: &str) -> Client {
    Client::builder().base_url(url).max_retries(0).build().unwrap()
}

fn point(b: Option<i64>) -> Point {
    Point { r: 100, g: 200, b, additional: Default::default() }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn path_parameters_in_simple_label_and_matrix_style() {
    let (url, head) = serve_one();
    client(&url)
        .simple_path("a/b c", &strings(&["blue", "black", "br,own"]), &point(Some(150)), &point(None))
        .await
        .unwrap();
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/simple/a%2Fb%20c/blue,black,br%2Cown/R,100,G,200,B,150/R=100,G=200 HTTP/1.1"
    );

    let (url, head) = serve_one();
    let colors = strings(&["blue", "black"]);
    client(&url).label_path("blue", &colors, &colors, &point(None)).await.unwrap();
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/label/.blue/.blue,black/.blue.black/.R=100.G=200 HTTP/1.1"
    );

    let (url, head) = serve_one();
    client(&url)
        .matrix_path("blue", &colors, &colors, &point(Some(150)), &point(None))
        .await
        .unwrap();
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/matrix;color=blue;colors=blue,black;exploded=blue;exploded=black;point=R,100,G,200,B,150;R=100;G=200 HTTP/1.1"
    );
}

#[tokio::test]
async fn path_parameters_of_referenced_types_and_formats() {
    let (url, head) = serve_one();
    let at = "2024-05-01T12:00:00Z".parse().unwrap();
    let id = "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap();
    let day = "2024-05-01".parse().unwrap();
    client(&url)
        .refs_in_path(&Color::Brown, &Code::String("x12".into()), "my-slug", &at, id, day)
        .await
        .unwrap();
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/refs/brown/x12/my-slug/2024-05-01T12%3A00%3A00Z/67e55044-10b1-426f-9247-bb680e5fe0c8/2024-05-01 HTTP/1.1"
    );
}

#[tokio::test]
async fn query_parameters_in_every_style() {
    let (url, head) = serve_one();
    let mut params = QueryStylesParams::new("2024-05-01T12:00:00Z".parse().unwrap());
    params.tags = Some(strings(&["a", "b"]));
    params.ids = Some(vec![1, 2, 3]);
    params.point = Some(Point { r: 1, g: 2, b: None, additional: Default::default() });
    params.packed = Some(Point { r: 1, g: 2, b: Some(3), additional: Default::default() });
    params.spaced = Some(strings(&["x", "y"]));
    params.piped = Some(strings(&["x", "y"]));
    params.filter = Some(Filter {
        name: Some("n m".into()),
        range: Some(FilterRange { min: Some(1), max: None, additional: Default::default() }),
        tags: Some(strings(&["t1", "t2"])),
        additional: Default::default(),
    });
    params.redirect = Some("https://a.test/x?y=1".into());
    params.empty = Some(String::new());
    params.r#where = Some(Point { r: 1, g: 2, b: None, additional: Default::default() });
    params.colors = Some(vec![Color::Blue, Color::Brown]);
    params.metadata = Some([("k".to_owned(), "v w".to_owned())].into_iter().collect());
    client(&url).query_styles(&params).await.unwrap();
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/query?tags=a&tags=b&ids=1,2,3&R=1&G=2&packed=R,1,G,2,B,3&spaced=x%20y&piped=x|y\
         &filter[name]=n%20m&filter[range][min]=1&filter[tags][]=t1&filter[tags][]=t2\
         &redirect=https://a.test/x?y=1&empty=&where=%7B%22R%22%3A1%2C%22G%22%3A2%7D\
         &colors=blue,brown&since=2024-05-01T12%3A00%3A00Z&k=v%20w HTTP/1.1"
    );

    // Only the required parameter.
    let (url, head) = serve_one();
    let params = QueryStylesParams::new("2024-05-01T12:00:00Z".parse().unwrap());
    client(&url).query_styles(&params).await.unwrap();
    assert_eq!(
        request_line(&head.join().unwrap()),
        "GET /v1/query?since=2024-05-01T12%3A00%3A00Z HTTP/1.1"
    );
}

#[tokio::test]
async fn header_parameters_in_simple_style() {
    let (url, head) = serve_one();
    let mut params = HeaderStylesParams::new(Color::Black);
    params.x_tags = Some(strings(&["a", "b"]));
    params.x_point = Some(Point { r: 1, g: 2, b: None, additional: Default::default() });
    params.x_spread = Some(Point { r: 1, g: 2, b: Some(3), additional: Default::default() });
    params.x_filter = Some(Filter { name: Some("n".into()), range: None, tags: None, additional: Default::default() });
    client(&url).header_styles(&params).await.unwrap();
    let head = head.join().unwrap();
    assert_eq!(request_line(&head), "GET /v1/headers HTTP/1.1");
    for (name, value) in [
        ("x-tags", "a,b"),
        ("x-point", "R,1,G,2"),
        ("x-spread", "R=1,G=2,B=3"),
        ("x-color", "black"),
        ("x-filter", r#"{"name":"n"}"#),
    ] {
        assert_eq!(header_values(&head, name), [value], "{name} in {head}");
    }
}

#[tokio::test]
async fn cookie_parameters_share_one_cookie_header() {
    let (url, head) = serve_one();
    let mut params = CookieStylesParams::new("s 1;x");
    params.ids = Some(vec![1, 2]);
    params.limit = Some(5);
    params.point = Some(Point { r: 1, g: 2, b: None, additional: Default::default() });
    client(&url).cookie_styles(&params).await.unwrap();
    let head = head.join().unwrap();
    assert_eq!(
        header_values(&head, "cookie"),
        ["session=s%201%3Bx; ids=1,2; limit=5; R=1; G=2"]
    );

    let (url, head) = serve_one();
    client(&url).cookie_styles(&CookieStylesParams::new("s")).await.unwrap();
    assert_eq!(header_values(&head.join().unwrap(), "cookie"), ["session=s"]);
}
"##;

/// 3.1 schemas (type arrays, `const` unions, `$ref` with siblings) and
/// `content` parameters in every location, on the wire.
/// One name in the path, the query, a header and a cookie; path parameters
/// named as the page stream's locals (`at`, `scheme`, `size`).
const NAMES_LOCATIONS_TEST: &str = r##"
use fixture_names_locations_3_1::types::{Book, ListBooksParams, ListBooksResponse};
use fixture_names_locations_3_1::Client;

fn params(page: i64) -> ListBooksParams {
    ListBooksParams {
        page: Some(page),
        size: Some(2),
        size_2: Some("in-a-header".into()),
        size_3: Some("in-a-cookie".into()),
    }
}

#[tokio::test]
async fn one_name_in_four_locations_on_the_wire() {
    let (url, head) = serve_one();
    let client = Client::builder().base_url(url).max_retries(0).build().unwrap();
    // 204 is not the documented 200: the request is what is checked here.
    let _ = client.list_books("a b", "s", 7, &params(3)).await;
    let head = head.join().unwrap();
    assert_eq!(request_line(&head), "GET /v1/shelves/a%20b/s/7/books?page=3&size=2 HTTP/1.1");
    assert_eq!(header_values(&head, "size"), ["in-a-header"]);
    assert_eq!(header_values(&head, "cookie"), ["size=in-a-cookie"]);
}

/// The fake server reads each `size` back into its own field, and the page
/// stream passes the path parameters `at`, `scheme` and `size` on to every
/// page, not its own locals of those names.
#[tokio::test]
async fn the_fake_server_and_the_page_stream_keep_every_size_apart() {
    use fixture_names_locations_3_1::doubles::FakeServer;
    let server = FakeServer::start().await;
    let book = |t: &str| Book { title: t.into(), additional: Default::default() };
    for (page, titles) in [(1, vec!["a", "b"]), (2, vec!["c"])] {
        server
            .list_books()
            .path_param("at", "a b")
            .path_param("scheme", "s")
            .path_param("size", 7)
            .when_params(move |p: &ListBooksParams| *p == params(page))
            .times(1)
            .respond(&ListBooksResponse { items: titles.iter().map(|t| book(t)).collect(), total: 3, additional: Default::default() });
    }
    let client = server.client_builder().max_retries(0).build().unwrap();
    let first = params(1);
    let mut items = client.list_books_items("a b", "s", 7, &first);
    let mut titles = Vec::new();
    while let Some(item) = items.next_item().await {
        titles.push(item.unwrap().title);
    }
    assert_eq!(titles, ["a", "b", "c"]);
    server.verify();
}
"##;

const PARAMETER_STYLES_3_1_TEST: &str = r##"
use fixture_parameter_styles_3_1::types::{
    FindOrdersPage, FindOrdersParams, FindOrdersState, FindOrdersStateOpen, OrderRef, Region,
};
use fixture_parameter_styles_3_1::{Client, Nullable};

#[tokio::test]
async fn styles_and_content_parameters_on_the_wire() {
    let (url, head) = serve_one();
    let params = FindOrdersParams {
        after: None,
        statuses: Some(vec![Region::Eu, Region::Us]),
        page: Some(FindOrdersPage { size: Some(10), cursor: Some("c/d".into()), additional: Default::default() }),
        select: Some(vec!["a".into(), "b".into()]),
        x_trace: Some("t-1".into()),
        prefs: Some(OrderRef { id: "p".into(), version: Nullable::Value(2), additional: Default::default() }),
    };
    let order = OrderRef { id: "o/1".into(), version: Nullable::Null, additional: Default::default() };
    let client = Client::builder().base_url(url).max_retries(0).build().unwrap();
    // 204 is not the documented 200: the request is what is checked here.
    let _ = client.find_orders(&Region::Eu, &FindOrdersState::FindOrdersStateOpen(FindOrdersStateOpen::Open), &order, &params).await;
    let head = head.join().unwrap();
    assert_eq!(
        request_line(&head),
        "GET /v1/orders/eu/.open/;id=o%2F1?statuses=eu|us&page[size]=10&page[cursor]=c%2Fd\
         &select=%5B%22a%22%2C%22b%22%5D HTTP/1.1"
    );
    assert_eq!(header_values(&head, "x-trace"), ["t-1"]);
    assert_eq!(
        header_values(&head, "cookie"),
        ["prefs=%7B%22id%22%3A%22p%22%2C%22version%22%3A2%7D"]
    );
}

/// The fake server (feature `test-doubles`) reads the same request back:
/// path parameters from the template, whatever their style, and the typed
/// parameters struct from the query, a header and a cookie.
#[tokio::test]
async fn the_fake_server_reads_every_style_back_into_the_types() {
    use fixture_parameter_styles_3_1::doubles::FakeServer;
    let params = FindOrdersParams {
        after: None,
        statuses: Some(vec![Region::Eu, Region::Us]),
        page: Some(FindOrdersPage { size: Some(10), cursor: Some("c/d".into()), additional: Default::default() }),
        select: Some(vec!["a".into(), "b".into()]),
        x_trace: Some("t-1".into()),
        prefs: Some(OrderRef { id: "p".into(), version: Nullable::Value(2), additional: Default::default() }),
    };
    let expected = params.clone();
    let server = FakeServer::start().await;
    let mock = server
        .find_orders()
        .path_param("region", "eu")
        .path_param("state", "open")
        .path_param("ref", "id=o/1")
        .when_params(move |p: &FindOrdersParams| *p == expected)
        .times(1)
        .respond(&vec!["o-1".to_owned()]);
    // Another page is another request: not this expectation's.
    let mut other = params.clone();
    other.page = Some(FindOrdersPage { size: Some(20), cursor: None, additional: Default::default() });
    let client = server.client_builder().max_retries(0).build().unwrap();
    let state = FindOrdersState::FindOrdersStateOpen(FindOrdersStateOpen::Open);
    let order = OrderRef { id: "o/1".into(), version: Nullable::Null, additional: Default::default() };

    let orders = client.find_orders(&Region::Eu, &state, &order, &params).await.unwrap();
    let refused = client.find_orders(&Region::Eu, &state, &order, &other).await;

    assert_eq!(orders, ["o-1"]);
    let Err(fixture_parameter_styles_3_1::Error::Api(e)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(e.status().as_u16(), 404);
    assert!(e.body().contains("a parameters matcher"), "{}", e.body());
    assert_eq!(mock.received()[0].path_param("region"), Some("eu"));
    server.verify();
}
"##;
