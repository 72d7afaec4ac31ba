//! The performance harness: `cargo bench -p codegen-bench`.
//!
//! Prints Markdown tables (the README's "Performance" section comes from
//! them):
//! 1. generation, phase by phase, ours against progenitor on `spec/`, the
//!    publisher's full v2 document and synthetic documents of 10 to 5,000
//!    operations;
//! 2. the generated client against a hand-written reqwest call, both sending
//!    the identical request to a server on loopback;
//! 3. the cost of vendoring: clean builds and dependency counts;
//! 4. locating diagnostics on documents of thousands of warnings;
//! 5. under load: one client from 64 tasks, 100,000 requests, against raw
//!    reqwest (throughput, latency, connections, sockets, memory);
//! 6. clean builds of `generated/` with each TLS feature.
//!
//! Arguments (after `--`): `--only generation|client|build|diagnostics|load|tls` (repeatable) and
//! `--quick` (fewer synthetic sizes and requests, for a smoke run).

mod alloc;
mod client;
mod diagnostics;
mod generation;
mod load;
mod patch;
mod stats;
mod synthetic;
mod vendoring;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Options {
    only: Vec<String>,
    pub quick: bool,
}

impl Options {
    fn runs(&self, part: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == part)
    }
}

fn main() -> ExitCode {
    let mut options = Options {
        only: Vec::new(),
        quick: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // What `cargo bench` passes to every bench target.
            "--bench" => {}
            "--quick" => options.quick = true,
            "--only" => options.only.extend(args.next()),
            other => {
                eprintln!(
                    "unknown argument `{other}`; use --only generation|client|build|diagnostics|load|tls and --quick"
                );
                return ExitCode::FAILURE;
            }
        }
    }
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let root = workspace_root();
    machine();
    if options.runs("generation") {
        println!("## Generation\n");
        let mut rows = Vec::new();
        for doc in documents(&root, options)? {
            eprintln!("generation: {}", doc.name);
            rows.push(generation::measure(&doc)?);
        }
        generation::print(&rows);
        println!();
    }
    if options.runs("client") {
        eprintln!("client: create_session against raw reqwest");
        println!("## Client overhead\n");
        client::print(&client::measure(options.quick)?);
        println!();
    }
    if options.runs("load") {
        eprintln!(
            "load: {} tasks, one client, against raw reqwest",
            load::TASKS
        );
        println!("## Under load\n");
        load::print(&load::measure(options.quick)?);
        println!();
    }
    if options.runs("build") {
        println!("## The cost of vendoring\n");
        let mut rows = Vec::new();
        eprintln!("build: generated/ (clean cargo build)");
        let ours = crate_files(&root.join("generated"))?;
        rows.push(vendoring::measure(
            &root,
            "`generated/` (ours, default features)".to_owned(),
            &vendoring::scratch(&root, "ours"),
            &ours,
            false,
            &[],
        )?);
        eprintln!("build: progenitor's crate for spec/ (clean cargo build)");
        let spec = std::fs::read_to_string(root.join("spec/browser-use.yaml"))
            .map_err(|e| e.to_string())?;
        let code = generation::progenitor_code("spec/", &spec)?;
        rows.push(vendoring::measure(
            &root,
            "progenitor's crate for `spec/` (+ `progenitor-client`)".to_owned(),
            &vendoring::scratch(&root, "progenitor"),
            &vendoring::progenitor_crate(&code),
            false,
            &[],
        )?);
        if let Some(full) = full_document(&root) {
            eprintln!("build: the full v2 document's crate (clean cargo check)");
            let generated = generator::generate(&generator::Input {
                sources: None,
                text: &full,
                spec_display: "browser-use-api-v2.openapi.json",
                package_name: Some("browser-use-full"),
                select: Vec::new(),
                overlays: &[],
            })
            .map_err(|e| e.to_string())?;
            let files: Vec<(String, String)> = generated.files.into_iter().collect();
            rows.push(vendoring::measure(
                &root,
                "ours for the full v2 document".to_owned(),
                &vendoring::scratch(&root, "full"),
                &files,
                true,
                &[],
            )?);
        }
        for (name, text) in real_world_documents(&root) {
            eprintln!("build: {name}'s crate (clean cargo check)");
            let generated = generator::generate(&generator::Input {
                sources: None,
                text: &text,
                spec_display: "spec.json",
                package_name: Some("real-world-client"),
                select: Vec::new(),
                overlays: &[],
            })
            .map_err(|e| format!("{name}: {e}"))?;
            let files: Vec<(String, String)> = generated.files.into_iter().collect();
            rows.push(vendoring::measure(
                &root,
                format!("ours for {name}"),
                &vendoring::scratch(&root, &name.to_lowercase()),
                &files,
                true,
                &[],
            )?);
        }
        vendoring::print(&rows);
        let (ours, theirs) = (&rows[0], &rows[1]);
        println!();
        println!(
            "Clean build, ours ÷ progenitor's: time **{:.2}×**, its own code **{:.2}×**, crates compiled **{:.2}×** ({} against {}), dependencies **{:.2}×** ({} against {}).",
            ours.time.as_secs_f64() / theirs.time.as_secs_f64(),
            ours.own_time.as_secs_f64() / theirs.own_time.as_secs_f64(),
            ours.compiled as f64 / theirs.compiled as f64,
            ours.compiled,
            theirs.compiled,
            ours.dependencies as f64 / theirs.dependencies as f64,
            ours.dependencies,
            theirs.dependencies,
        );
        println!();
    }
    if options.runs("tls") {
        println!("## Clean builds by TLS feature\n");
        let ours = crate_files(&root.join("generated"))?;
        let features: [(&str, &[&str]); 3] = [
            ("default (`rustls`, aws-lc-rs)", &[]),
            (
                "`rustls-ring`",
                &["--no-default-features", "--features", "rustls-ring"],
            ),
            (
                "`native-tls`",
                &["--no-default-features", "--features", "native-tls"],
            ),
        ];
        let runs = if options.quick { 1 } else { 2 };
        let mut rows = Vec::new();
        // Interleaved: run 1 of each, then run 2 of each.
        for run in 0..runs {
            for (name, args) in features {
                eprintln!(
                    "tls: generated/ with {name}, clean cargo build, run {}",
                    run + 1
                );
                rows.push(vendoring::measure(
                    &root,
                    name.to_owned(),
                    &vendoring::scratch(&root, "tls"),
                    &ours,
                    false,
                    args,
                )?);
            }
        }
        vendoring::print_tls(&rows, features.len());
        println!();
    }
    if options.runs("diagnostics") {
        eprintln!("diagnostics: documents of thousands of warnings");
        println!("## Locating diagnostics\n");
        let sizes: &[usize] = if options.quick {
            &[100, 1_000]
        } else {
            &[1_000, 10_000, 100_000]
        };
        diagnostics::print(&diagnostics::measure(sizes)?);
        println!();
    }
    Ok(())
}

/// A crate folder's files (not its `target/`), by relative path.
fn crate_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
            } else {
                let relative = path.strip_prefix(dir).map_err(|e| e.to_string())?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                files.push((relative.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    files.sort();
    Ok(files)
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The publisher's full document, read from the shared reference folder.
pub fn full_document(root: &Path) -> Option<String> {
    let path = root.join("../shared/reference/browser-use-api-v2.openapi.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("skipped: the full v2 document ({}): {e}", path.display());
            None
        }
    }
}

/// The real-world documents of the shared reference folder (OpenAI, Twilio,
/// Box), by name; each skipped, with the reason printed, when absent.
pub fn real_world_documents(root: &Path) -> Vec<(String, String)> {
    const FILES: &[(&str, &str)] = &[
        ("OpenAI", "openai.openapi.yaml"),
        ("Twilio", "twilio-api-v2010.openapi.json"),
        ("Box", "box.openapi.json"),
    ];
    let mut docs = Vec::new();
    for (name, file) in FILES {
        let path = root.join("../shared/reference/real-world").join(file);
        match std::fs::read_to_string(&path) {
            Ok(text) => docs.push(((*name).to_owned(), text)),
            Err(e) => eprintln!("skipped: {name} ({}): {e}", path.display()),
        }
    }
    docs
}

fn documents(root: &Path, options: &Options) -> Result<Vec<generation::Document>, String> {
    let spec = root.join("spec/browser-use.yaml");
    let mut docs = vec![generation::Document {
        name: "`spec/` (Create Session)".to_owned(),
        text: std::fs::read_to_string(&spec).map_err(|e| format!("{}: {e}", spec.display()))?,
    }];
    if let Some(text) = full_document(root) {
        docs.push(generation::Document {
            name: "full v2 document".to_owned(),
            text,
        });
    }
    for (name, text) in real_world_documents(root) {
        docs.push(generation::Document { name, text });
    }
    let sizes: &[usize] = if options.quick {
        &[10, 100]
    } else {
        &[10, 100, 1_000, 5_000]
    };
    for &n in sizes {
        docs.push(generation::Document {
            name: format!("synthetic {n}"),
            text: synthetic::document(n),
        });
    }
    Ok(docs)
}

fn machine() {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    println!("Machine: {cpus} cores ({model}); release build; medians of interleaved runs.\n");
}
