//! Generation: our phases against progenitor's on the same documents, runs
//! interleaved so that both see the same machine.

use crate::alloc;
use crate::stats::{fmt_bytes, fmt_ms};
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

pub struct Document {
    pub name: String,
    pub text: String,
}

/// One generator on one document: the run with the median total time.
#[derive(Clone, Copy)]
pub struct Measure {
    pub load: Duration,
    /// `None` where the generator does not separate model and emit.
    pub model: Option<Duration>,
    pub emit: Duration,
    pub format: Duration,
    pub total: Duration,
    pub peak_bytes: usize,
    pub lines: usize,
    pub runs: usize,
}

pub struct Row {
    pub document: String,
    pub operations: usize,
    /// Emitting and formatting on every core (what `cargo xtask codegen` does).
    pub ours: Measure,
    /// The same on one thread, as progenitor runs.
    pub ours_one_thread: Measure,
    /// Why progenitor could not generate, when it could not.
    pub progenitor: Result<Measure, String>,
    /// Responses removed from progenitor's copy (see `patch.rs`).
    pub patched_responses: usize,
}

/// Time spent on each document per generator, at least `MIN_RUNS` runs.
const BUDGET: Duration = Duration::from_millis(2500);
const MIN_RUNS: usize = 5;
const MAX_RUNS: usize = 101;

/// The 3.0 form of a document as progenitor gets it: our loader's output,
/// patched (see `patch.rs`), as JSON text; and the number of responses removed.
pub fn progenitor_input(name: &str, text: &str) -> Result<(String, usize), String> {
    let mut diags = generator::diag::Diagnostics::default();
    let loaded = generator::load::load(text, &mut diags)
        .map_err(|d| format!("{name}: our loader refused the document: {d}"))?;
    let mut openapi30 = serde_json::to_value(&loaded.openapi).map_err(|e| e.to_string())?;
    let removed = crate::patch::for_progenitor(&mut openapi30);
    Ok((openapi30.to_string(), removed))
}

/// Progenitor's formatted code for a document.
pub fn progenitor_code(name: &str, text: &str) -> Result<String, String> {
    let (openapi30, _) = progenitor_input(name, text)?;
    let spec: openapiv3::OpenAPI = serde_json::from_str(&openapi30).map_err(|e| e.to_string())?;
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| e.to_string())?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}

pub fn measure(doc: &Document) -> Result<Row, String> {
    let input = generator::Input {
        sources: None,
        text: &doc.text,
        spec_display: "spec.json",
        package_name: Some("bench-client"),
        select: Vec::new(),
        overlays: &[],
    };
    // Progenitor reads OpenAPI 3.0: give it the 3.0 form our loader makes,
    // as the JSON text a progenitor user would keep.
    let (openapi30, patched_responses) = progenitor_input(&doc.name, &doc.text)?;

    let mut ours = Vec::new();
    let mut ours_one_thread = Vec::new();
    let mut theirs = Vec::new();
    let mut progenitor_error = None;
    let mut operations = 0;
    let started = Instant::now();
    let mut warm = false;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    while ours.len() < MAX_RUNS && (ours.len() < MIN_RUNS || started.elapsed() < BUDGET * 3) {
        for (threads, runs) in [(cores, &mut ours), (1, &mut ours_one_thread)] {
            let generated = generator::generate_on(&input, threads)
                .map_err(|e| format!("{}: {e}", doc.name))?;
            operations = generated.api.operations.len();
            runs.push(ours_measure(&generated));
        }
        if progenitor_error.is_none() {
            match progenitor(&openapi30) {
                Ok(m) => theirs.push(m),
                Err(e) => progenitor_error = Some(e),
            }
        }
        if !warm {
            // The first run warms caches and the allocator; keep it out.
            warm = true;
            ours.clear();
            ours_one_thread.clear();
            theirs.clear();
        }
    }
    // Peak memory from one more run of each, counted (see `alloc.rs`).
    let mut ours = median(ours);
    ours.peak_bytes = alloc::peak_during(|| generator::generate(&input)).1;
    let mut ours_one_thread = median(ours_one_thread);
    ours_one_thread.peak_bytes = alloc::peak_during(|| generator::generate_on(&input, 1)).1;
    let progenitor = match progenitor_error {
        Some(e) => Err(e),
        None => {
            let mut theirs = median(theirs);
            theirs.peak_bytes = alloc::peak_during(|| progenitor(&openapi30)).1;
            Ok(theirs)
        }
    };
    Ok(Row {
        document: doc.name.clone(),
        operations,
        ours,
        ours_one_thread,
        progenitor,
        patched_responses,
    })
}

fn ours_measure(generated: &generator::Generated) -> Measure {
    let t = generated.timings;
    Measure {
        load: t.load,
        model: Some(t.model),
        emit: t.emit,
        format: t.format,
        total: t.total(),
        peak_bytes: 0,
        lines: rust_lines(
            generated
                .files
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_str())),
        ),
        runs: 0,
    }
}

fn rust_lines<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    files
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| text.lines().count())
        .sum()
}

/// One progenitor run in its default (positional) style: parse the 3.0 JSON,
/// generate tokens, format with prettyplease (as its `cargo progenitor` does).
fn progenitor(openapi30: &str) -> Result<Measure, String> {
    let quiet = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| -> Result<_, String> {
        let t0 = Instant::now();
        let spec: openapiv3::OpenAPI =
            serde_json::from_str(openapi30).map_err(|e| e.to_string())?;
        let t1 = Instant::now();
        let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
        let tokens = generator
            .generate_tokens(&spec)
            .map_err(|e| e.to_string())?;
        let t2 = Instant::now();
        let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
        let text = prettyplease::unparse(&file);
        let t3 = Instant::now();
        Ok((t1 - t0, t2 - t1, t3 - t2, text.lines().count()))
    }));
    panic::set_hook(quiet);
    match outcome {
        Ok(Ok((load, generate, format, lines))) => Ok(Measure {
            load,
            model: None,
            emit: generate,
            format,
            total: load + generate + format,
            peak_bytes: 0,
            lines,
            runs: 0,
        }),
        Ok(Err(e)) => Err(format!("error: {e}")),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!(
                "panicked: {}",
                message.lines().next().unwrap_or("")
            ))
        }
    }
}

fn median(mut runs: Vec<Measure>) -> Measure {
    let n = runs.len();
    runs.sort_by_key(|m| m.total);
    let mut m = runs[n / 2];
    m.runs = n;
    m
}

pub fn print(rows: &[Row]) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("| Document | Ops | Generator | Load | Model | Emit | Format | Total | Per op | Peak heap | Lines | ÷ progenitor |");
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let per_op = |m: &Measure| m.total / row.operations.max(1) as u32;
        let ratio = |m: &Measure| match &row.progenitor {
            Ok(p) => format!("**{:.2}×**", m.total.as_secs_f64() / p.total.as_secs_f64()),
            Err(_) => String::new(),
        };
        let line = |name: &str, m: &Measure, ratio: String| {
            println!(
                "| {} | {} | {name} | {} | {} | {} | {} | **{}** | {} | {} | {} | {ratio} |",
                row.document,
                row.operations,
                fmt_ms(m.load),
                m.model.map_or("⎯".to_owned(), fmt_ms),
                fmt_ms(m.emit),
                fmt_ms(m.format),
                fmt_ms(m.total),
                fmt_ms(per_op(m)),
                fmt_bytes(m.peak_bytes),
                m.lines,
            )
        };
        line(
            &format!("ours, {cores} threads"),
            &row.ours,
            ratio(&row.ours),
        );
        line(
            "ours, 1 thread",
            &row.ours_one_thread,
            ratio(&row.ours_one_thread),
        );
        match &row.progenitor {
            Ok(p) => line(
                "progenitor (1 thread)",
                p,
                format!("{} responses removed", row.patched_responses),
            ),
            Err(e) => println!(
                "| {} | {} | progenitor | {e} | | | | | | | | |",
                row.document, row.operations
            ),
        }
    }
    println!();
    println!("Progenitor's model and emit are one step (`generate_tokens`), shown under Emit. Runs per document: {}.", rows.iter().map(|r| format!("{}", r.ours.runs)).collect::<Vec<_>>().join(", "));
}
