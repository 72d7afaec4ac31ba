//! Decoding a large response: `cargo bench -p codegen-bench --bench decoding`
//! (`-- --quick` for a smoke run; with `-- --only X`, it runs only when X is
//! `decoding`, as the other target runs only its own parts).
//!
//! The Browser Use client's list response (`SessionListResponse`, 5,000
//! `SessionItemView`s, about 1.6 MB) decoded from the same bytes into the
//! type as generated today (`generated/`: each struct keeps the properties
//! it does not declare in a `#[serde(flatten)]` map) and as main's
//! generator wrote it before (`decoding_before.rs`, a copied module: serde
//! skips unknown keys). Two payloads: only the declared properties, and
//! two undeclared ones on every item and one on the page (kept today,
//! dropped before). Rounds alternate which form goes first; the table gives
//! the median of each and their ratio.

mod decoding_before;

use browser_use_client::types::SessionListResponse;
use serde_json::{json, Value};
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const ITEMS: usize = 5_000;

fn main() -> ExitCode {
    let mut quick = false;
    let mut only = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {}
            "--quick" => quick = true,
            // `cargo bench -p codegen-bench -- --only X` reaches every bench target.
            "--only" => only.extend(args.next()),
            other => {
                eprintln!("unknown argument `{other}`; use --quick and --only decoding");
                return ExitCode::FAILURE;
            }
        }
    }
    if !only.is_empty() && !only.iter().any(|o| o == "decoding") {
        return ExitCode::SUCCESS;
    }
    match run(if quick { 5 } else { 60 }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One page of `ITEMS` sessions; `extra`: with undeclared properties.
fn payload(extra: bool) -> String {
    let items: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let mut item = json!({
                "id": format!("5f0c6a47-3a47-4a4e-9f59-{i:012x}"),
                "status": if i % 3 == 0 { "stopped" } else { "active" },
                "liveUrl": format!("https://live.example/sessions/{i}"),
                "recordingUrl": if i % 2 == 0 { Value::Null } else { json!(format!("https://cdn.example/rec/{i}.mp4")) },
                "startedAt": "2026-11-28T10:00:00Z",
                "finishedAt": if i % 3 == 0 { json!("2026-11-28T10:42:17Z") } else { Value::Null },
                "persistMemory": i % 2 == 0,
                "keepAlive": i % 5 == 0,
                "proxyUsedMb": format!("{}.{}", i % 97, i % 10),
                "proxyCost": format!("0.{:03}", i % 1000),
            });
            if extra {
                item["region"] = json!("eu-west-1");
                item["labels"] = json!({"team": "growth", "priority": i % 4});
            }
            item
        })
        .collect();
    let mut page = json!({
        "items": items,
        "totalItems": ITEMS * 3,
        "pageNumber": 1,
        "pageSize": ITEMS,
    });
    if extra {
        page["nextCursor"] = json!("c_20261128");
    }
    page.to_string()
}

fn run(rounds: usize) -> Result<(), String> {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("## Decoding a large response\n");
    println!(
        "`SessionListResponse` of {ITEMS} `SessionItemView`s; {cpus} cores, release build, medians of {rounds} alternating rounds.\n"
    );
    println!(
        "| Payload | Bytes | Before (no map) | Now (`#[serde(flatten)]` map) | Now ÷ before |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (name, extra) in [
        ("declared properties only", false),
        ("2 undeclared properties per item", true),
    ] {
        let text = payload(extra);
        check(&text, extra)?;
        let (before, now) = measure(&text, rounds)?;
        println!(
            "| {name} | {} | {} | {} | **{:.2}×** |",
            text.len(),
            fmt(before),
            fmt(now),
            now.as_secs_f64() / before.as_secs_f64()
        );
    }
    Ok(())
}

/// Both forms decode the payload; today's sends it back whole, the old one
/// without the undeclared properties.
fn check(text: &str, extra: bool) -> Result<(), String> {
    let sent: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let now: SessionListResponse = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let before: decoding_before::SessionListResponse =
        serde_json::from_str(text).map_err(|e| e.to_string())?;
    let back =
        |v: Result<Value, serde_json::Error>| v.map(|v| strip_nulls(&v)).map_err(|e| e.to_string());
    let (now_back, before_back) = (
        back(serde_json::to_value(&now))?,
        back(serde_json::to_value(&before))?,
    );
    if now_back != strip_nulls(&sent) {
        return Err("today's type did not send the payload back whole".to_owned());
    }
    if (before_back == strip_nulls(&sent)) == extra {
        return Err(
            "the old type kept what it should drop, or dropped what it should keep".to_owned(),
        );
    }
    Ok(())
}

/// `null` optional properties are left out when sent back.
fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

/// The medians of decoding `text` into each form, rounds alternating which
/// goes first (after one warm-up round).
fn measure(text: &str, rounds: usize) -> Result<(Duration, Duration), String> {
    let time_before = || -> Result<Duration, String> {
        let start = Instant::now();
        let v: decoding_before::SessionListResponse =
            serde_json::from_str(black_box(text)).map_err(|e| e.to_string())?;
        let took = start.elapsed();
        drop(black_box(v));
        Ok(took)
    };
    let time_now = || -> Result<Duration, String> {
        let start = Instant::now();
        let v: SessionListResponse =
            serde_json::from_str(black_box(text)).map_err(|e| e.to_string())?;
        let took = start.elapsed();
        drop(black_box(v));
        Ok(took)
    };
    time_before()?;
    time_now()?;
    let (mut before, mut now) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            before.push(time_before()?);
            now.push(time_now()?);
        } else {
            now.push(time_now()?);
            before.push(time_before()?);
        }
    }
    Ok((median(&mut before), median(&mut now)))
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn fmt(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}
