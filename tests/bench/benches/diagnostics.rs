//! Locating diagnostics: documents with thousands of warnings, each warning
//! given the line and column of its pointer. All pointers are found in one
//! walk of the text, so ten times the document and its warnings should take
//! ten times as long, not a hundred.

use crate::stats::{fmt_ms, fmt_us};
use std::time::{Duration, Instant};

pub struct Row {
    pub document: String,
    pub bytes: usize,
    pub warnings: usize,
    /// Finding every warning's pointer in the text (`load::Positions`).
    pub locate: Duration,
    /// The whole generation, locating included.
    pub generate: Duration,
}

/// Runs of locating; of the whole generation, fewer (it takes seconds on the
/// largest document).
const RUNS: usize = 11;
const GENERATE_RUNS: usize = 3;

/// A document with `n` operations, each skipped with a warning (its request
/// body is a form), written as YAML in block style or as indented JSON.
pub fn document(n: usize, json: bool) -> String {
    let mut text = String::new();
    if json {
        text.push_str("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"Many warnings\", \"version\": \"1\"},\n  \"paths\": {\n");
        text.push_str("    \"/ok\": {\"get\": {\"operationId\": \"ok\", \"responses\": {\"204\": {\"description\": \"done\"}}}}");
        for i in 0..n {
            text.push_str(&format!(
                ",\n    \"/resource{i}/items\": {{\n      \"post\": {{\n        \"operationId\": \"create{i}\",\n        \"summary\": \"Create an item of resource {i}\",\n        \"requestBody\": {{\"content\": {{\"application/x-www-form-urlencoded\": {{\"schema\": {{\"type\": \"object\", \"properties\": {{\"name\": {{\"type\": \"string\"}}}}}}}}}}}},\n        \"responses\": {{\"204\": {{\"description\": \"Created\"}}}}\n      }}\n    }}"
            ));
        }
        text.push_str("\n  }\n}\n");
    } else {
        text.push_str("openapi: 3.1.0\ninfo:\n  title: Many warnings\n  version: '1'\npaths:\n");
        text.push_str("  /ok:\n    get:\n      operationId: ok\n      responses:\n        '204':\n          description: done\n");
        for i in 0..n {
            text.push_str(&format!(
                "  /resource{i}/items:\n    post:\n      operationId: create{i}\n      summary: Create an item of resource {i}\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              properties:\n                name:\n                  type: string\n      responses:\n        '204':\n          description: Created\n"
            ));
        }
    }
    text
}

pub fn measure(sizes: &[usize]) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for json in [false, true] {
        for &n in sizes {
            let text = document(n, json);
            let input = generator::Input {
                sources: None,
                text: &text,
                spec_display: "spec",
                package_name: Some("bench-client"),
                select: Vec::new(),
                overlays: &[],
            };
            let mut generate = Vec::new();
            let mut pointers = Vec::new();
            for _ in 0..GENERATE_RUNS {
                let started = Instant::now();
                let generated = generator::generate(&input).map_err(|e| e.to_string())?;
                generate.push(started.elapsed());
                pointers = generated.warnings.into_iter().map(|w| w.pointer).collect();
            }
            let mut locate = Vec::new();
            for _ in 0..RUNS {
                let started = Instant::now();
                let positions =
                    generator::load::Positions::find(&text, pointers.iter().map(String::as_str));
                locate.push(started.elapsed());
                if pointers.iter().any(|p| positions.get(p).is_none()) {
                    return Err("a warning was not located".to_owned());
                }
            }
            rows.push(Row {
                document: format!("{} warnings, {}", n, if json { "JSON" } else { "YAML" }),
                bytes: text.len(),
                warnings: pointers.len(),
                locate: median(locate),
                generate: median(generate),
            });
        }
    }
    Ok(rows)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

pub fn print(rows: &[Row]) {
    println!("| Document | Size | Warnings | Locating them all | Per warning | Whole generation |");
    println!("|---|---:|---:|---:|---:|---:|");
    for row in rows {
        println!(
            "| {} | {:.1} MB | {} | **{}** | {} | {} |",
            row.document,
            row.bytes as f64 / 1e6,
            row.warnings,
            fmt_ms(row.locate),
            fmt_us(row.locate / row.warnings.max(1) as u32),
            fmt_ms(row.generate),
        );
    }
    println!();
    println!("Medians of {RUNS} runs (of the whole generation, {GENERATE_RUNS}). Each warning's operation is skipped (a form body), so the whole generation is mostly reading the document and locating.");
}
