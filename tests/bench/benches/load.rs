//! Under load: one `Client` shared by 64 tokio tasks making 100,000
//! `create_session` calls in all, against a keep-alive HTTP/1.1 server on
//! loopback, and raw reqwest sending the same request the same way, in the
//! same process and run. Throughput, latency, the connections the server
//! accepted and holds open (during the run, after it with the client
//! alive, after the client is dropped), the sockets in `/proc/self/fd`, and
//! the resident memory sampled every 10,000 requests. The client has its
//! default settings (retries and the per-attempt timeout on), as users run it.
//!
//! `LOAD_SIDE=ours` (or `raw`) runs one side only, for a profiler:
//! `LOAD_SIDE=ours valgrind --tool=callgrind target/release/deps/performance-* --bench --only load --quick`.

use crate::client::{call_ours, call_raw, connection, Seen, KEY};
use crate::stats::{fmt_us, quantile};
use browser_use_client::types::CreateSessionRequest;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TASKS: usize = 64;
/// Measured rounds of each client, alternating, after a warm-up round.
const ROUNDS: usize = 5;
/// Resident memory and sockets are sampled every this many requests.
const SAMPLE_EVERY: usize = 10_000;

/// The server's count of connections.
#[derive(Default)]
struct Connections {
    accepted: AtomicUsize,
    open: AtomicUsize,
}

pub struct Row {
    pub name: String,
    pub requests: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    /// Connections the server accepted during the measured run.
    pub accepted: usize,
    /// The most connections open at a sample, during the run.
    pub open_max: usize,
    /// Open once the run ended, the client still alive (its idle pool).
    pub open_after: usize,
    /// Open 500 ms after the client was dropped.
    pub open_dropped: usize,
    /// Sockets in `/proc/self/fd` (both ends, and the listener), most at a
    /// sample, and after the client was dropped.
    pub fds_max: usize,
    pub fds_dropped: usize,
    /// Resident memory at each sample (the first before the run).
    pub rss: Vec<usize>,
}

impl Row {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

pub struct Outcome {
    pub rows: Vec<Row>,
    pub tasks: usize,
}

pub fn measure(quick: bool) -> Result<Outcome, String> {
    let connections = Arc::new(Connections::default());
    let addr = serve(connections.clone())?;
    let base = format!("http://{addr}");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let total = if quick { 10_000 } else { 100_000 };
    let mut rows = Vec::new();
    // Warm-up, then `ROUNDS` rounds each, alternating, so that both see the
    // same moments of a shared machine.
    for round in 0..=ROUNDS {
        for ours in [true, false] {
            // One side only, for a profiler.
            if std::env::var("LOAD_SIDE").is_ok_and(|side| (side == "ours") != ours) {
                continue;
            }
            let (name, requests) = match (round, ours) {
                (0, _) => (String::new(), total / 10),
                (_, true) => (format!("generated `create_session`, round {round}"), total),
                (_, false) => (format!("raw reqwest, round {round}"), total),
            };
            let row = runtime.block_on(run(ours, &base, requests, &connections))?;
            if round > 0 {
                eprintln!(
                    "load: {name}: {:.0} requests/s, p99 {}",
                    row.per_second(),
                    fmt_us(row.p99)
                );
                rows.push(Row { name, ..row });
            }
        }
    }
    Ok(Outcome { rows, tasks: TASKS })
}

/// One client (made here, dropped at the end) making `requests` calls from
/// [`TASKS`] tasks.
async fn run(
    ours: bool,
    base: &str,
    requests: usize,
    connections: &Arc<Connections>,
) -> Result<Row, String> {
    let before = connections.accepted.load(Ordering::SeqCst);
    let samples: Arc<Mutex<Samples>> = Arc::default();
    sample(&samples, connections);
    let done = Arc::new(AtomicUsize::new(0));
    let client: Arc<Caller> = Arc::new(if ours {
        Caller::Ours(
            browser_use_client::Client::builder()
                .api_key(KEY)
                .base_url(base)
                .build()
                .map_err(|e| e.to_string())?,
        )
    } else {
        Caller::Raw(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.to_string())?,
            format!("{base}/sessions"),
        )
    });
    let started = Instant::now();
    let mut handles = Vec::with_capacity(TASKS);
    for task in 0..TASKS {
        // The requests shared out: the first tasks take one more.
        let mine = requests / TASKS + usize::from(task < requests % TASKS);
        let client = client.clone();
        let done = done.clone();
        let samples = samples.clone();
        let connections = connections.clone();
        handles.push(tokio::spawn(async move {
            let body = CreateSessionRequest::default();
            let mut times = Vec::with_capacity(mine);
            for _ in 0..mine {
                let t = Instant::now();
                client.call(&body).await?;
                times.push(t.elapsed());
                if (done.fetch_add(1, Ordering::Relaxed) + 1).is_multiple_of(SAMPLE_EVERY) {
                    sample(&samples, &connections);
                }
            }
            Ok::<_, String>(times)
        }));
    }
    let mut times = Vec::with_capacity(requests);
    for handle in handles {
        times.extend(handle.await.map_err(|e| e.to_string())??);
    }
    let elapsed = started.elapsed();
    times.sort();
    let accepted = connections.accepted.load(Ordering::SeqCst) - before;
    let open_after = connections.open.load(Ordering::SeqCst);
    drop(client);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let open_dropped = connections.open.load(Ordering::SeqCst);
    let fds_dropped = sockets();
    let samples = samples.lock().map_err(|e| e.to_string())?;
    Ok(Row {
        name: String::new(),
        requests: times.len(),
        elapsed,
        p50: quantile(&times, 0.5),
        p99: quantile(&times, 0.99),
        accepted,
        open_max: samples.open.iter().copied().max().unwrap_or(0),
        open_after,
        open_dropped,
        fds_max: samples.fds.iter().copied().max().unwrap_or(0),
        fds_dropped,
        rss: samples.rss.clone(),
    })
}

// Made once per run, behind an `Arc`: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Caller {
    Ours(browser_use_client::Client),
    Raw(reqwest::Client, String),
}

impl Caller {
    async fn call(&self, body: &CreateSessionRequest) -> Result<(), String> {
        match self {
            Caller::Ours(client) => call_ours(client, body).await.map(drop),
            Caller::Raw(http, url) => call_raw(http, url, body).await.map(drop),
        }
    }
}

#[derive(Default)]
struct Samples {
    rss: Vec<usize>,
    open: Vec<usize>,
    fds: Vec<usize>,
}

fn sample(samples: &Mutex<Samples>, connections: &Connections) {
    let (rss, fds) = (rss(), sockets());
    if let Ok(mut samples) = samples.lock() {
        samples.rss.push(rss);
        samples.open.push(connections.open.load(Ordering::SeqCst));
        samples.fds.push(fds);
    }
}

/// `VmRSS` of `/proc/self/status`, in bytes (0 where there is no `/proc`).
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024)
        })
        .unwrap_or(0)
}

/// The sockets among this process's file descriptors.
fn sockets() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

/// The keep-alive server of the client benchmark on its own thread, counting
/// the connections it accepts and those still open.
fn serve(connections: Arc<Connections>) -> Result<std::net::SocketAddr, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            let seen: Seen = Arc::default();
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                connections.accepted.fetch_add(1, Ordering::SeqCst);
                connections.open.fetch_add(1, Ordering::SeqCst);
                let connections = connections.clone();
                let seen = seen.clone();
                tokio::spawn(async move {
                    connection(stream, seen).await;
                    connections.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
    });
    Ok(addr)
}

pub fn print(outcome: &Outcome) {
    println!("| Client | Requests | Requests/s | p50 | p99 | Connections accepted | Open during (most) | Open after, client alive | Open after drop | Sockets in `/proc/self/fd` (most; after drop) | RSS before → each 10,000 → end |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    let mib = |bytes: usize| format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0));
    for row in &outcome.rows {
        let first = row.rss.first().copied().map(mib).unwrap_or_default();
        let last = row.rss.last().copied().map(mib).unwrap_or_default();
        let most = row.rss.iter().copied().max().map(mib).unwrap_or_default();
        println!(
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {}; {} | {first} → {last} (most {most}) |",
            row.name,
            row.requests,
            row.per_second(),
            fmt_us(row.p50),
            fmt_us(row.p99),
            row.accepted,
            row.open_max,
            row.open_after,
            row.open_dropped,
            row.fds_max,
            row.fds_dropped,
        );
    }
    println!();
    println!("Resident memory before each run and after every {SAMPLE_EVERY} requests (MiB):");
    println!();
    for row in &outcome.rows {
        let series: Vec<String> = row
            .rss
            .iter()
            .map(|b| format!("{:.1}", *b as f64 / (1024.0 * 1024.0)))
            .collect();
        println!("- {}: {}", row.name, series.join(", "));
    }
    let pooled = |ours: bool| {
        let rows: Vec<&Row> = outcome
            .rows
            .iter()
            .filter(|r| r.name.starts_with("generated") == ours)
            .collect();
        let requests: usize = rows.iter().map(|r| r.requests).sum();
        let elapsed: f64 = rows.iter().map(|r| r.elapsed.as_secs_f64()).sum();
        let p50 = rows.iter().map(|r| r.p50.as_secs_f64()).sum::<f64>() / rows.len() as f64;
        let p99 = rows.iter().map(|r| r.p99.as_secs_f64()).sum::<f64>() / rows.len() as f64;
        (requests as f64 / elapsed, p50, p99)
    };
    let (ours, raw) = (pooled(true), pooled(false));
    println!();
    println!(
        "Generated ÷ raw ({} tasks, one client each, {ROUNDS} rounds each): requests/s **{:.3}×**, p50 **{:.3}×**, p99 **{:.3}×**.",
        outcome.tasks,
        ours.0 / raw.0,
        ours.1 / raw.1,
        ours.2 / raw.2,
    );
}
