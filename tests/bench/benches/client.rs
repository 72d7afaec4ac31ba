//! Client overhead: `Client::create_session` against a hand-written reqwest
//! call that sends the identical request (the server compares the bytes)
//! and decodes the identical response into the same type, both against one
//! small HTTP/1.1 server on loopback, in alternating blocks.

use crate::stats::{fmt_us, quantile};
use browser_use_client::types::{CreateSessionRequest, SessionItemView};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const KEY: &str = "bu_bench_key_0123456789";
pub const SESSION: &str = r#"{"id":"5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10","status":"active","liveUrl":"https://live.example/abc","recordingUrl":null,"startedAt":"2026-11-28T10:00:00Z","finishedAt":null,"persistMemory":true,"keepAlive":true,"proxyUsedMb":"0","proxyCost":"0"}"#;

pub struct Row {
    pub name: &'static str,
    pub requests: usize,
    pub per_second: f64,
    pub median: Duration,
    pub p99: Duration,
}

pub struct Outcome {
    pub ours: Row,
    pub raw: Row,
}

/// The first request of each connection, as bytes on the wire.
pub type Seen = Arc<Mutex<Vec<Vec<u8>>>>;

pub fn measure(quick: bool) -> Result<Outcome, String> {
    let seen: Seen = Arc::default();
    let addr = serve(seen.clone())?;
    let base = format!("http://{addr}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let ours = browser_use_client::Client::builder()
            .api_key(KEY)
            .base_url(base.clone())
            .build()
            .map_err(|e| e.to_string())?;
        let raw = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        let body = CreateSessionRequest::default();
        let url = format!("{base}/sessions");

        // One request each first, to compare what they sent.
        call_ours(&ours, &body).await?;
        call_raw(&raw, &url, &body).await?;
        let requests = seen.lock().map_err(|e| e.to_string())?.clone();
        if requests.len() != 2 || requests[0] != requests[1] {
            return Err(format!(
                "the two clients did not send the identical request:\n--- ours\n{}\n--- raw\n{}",
                requests
                    .first()
                    .map(|r| String::from_utf8_lossy(r).into_owned())
                    .unwrap_or_default(),
                requests
                    .get(1)
                    .map(|r| String::from_utf8_lossy(r).into_owned())
                    .unwrap_or_default(),
            ));
        }

        // Short alternating blocks, so that both clients see the same
        // moments of a noisy machine (server and client share its cores).
        let (block, blocks) = if quick { (250, 8) } else { (250, 160) };
        for _ in 0..2_000 {
            call_ours(&ours, &body).await?;
            call_raw(&raw, &url, &body).await?;
        }
        let mut ours_times = Vec::with_capacity(block * blocks);
        let mut raw_times = Vec::with_capacity(block * blocks);
        for _ in 0..blocks {
            for _ in 0..block {
                let t = Instant::now();
                call_ours(&ours, &body).await?;
                ours_times.push(t.elapsed());
            }
            for _ in 0..block {
                let t = Instant::now();
                call_raw(&raw, &url, &body).await?;
                raw_times.push(t.elapsed());
            }
        }
        Ok(Outcome {
            ours: row("generated `create_session`", ours_times),
            raw: row("hand-written reqwest", raw_times),
        })
    })
}

pub async fn call_ours(
    client: &browser_use_client::Client,
    body: &CreateSessionRequest,
) -> Result<SessionItemView, String> {
    client.create_session(body).await.map_err(|e| e.to_string())
}

/// What a careful hand-written call does: the same headers, a status check,
/// the body decoded into the same type.
pub async fn call_raw(
    http: &reqwest::Client,
    url: &str,
    body: &CreateSessionRequest,
) -> Result<SessionItemView, String> {
    let response = http
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, "browser-use-client/2.0.0")
        .header("X-Browser-Use-API-Key", KEY)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(body).map_err(|e| e.to_string())?)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

fn row(name: &'static str, mut times: Vec<Duration>) -> Row {
    times.sort();
    let total: Duration = times.iter().sum();
    Row {
        name,
        requests: times.len(),
        per_second: times.len() as f64 / total.as_secs_f64(),
        median: quantile(&times, 0.5),
        p99: quantile(&times, 0.99),
    }
}

/// An HTTP/1.1 server with keep-alive on its own thread and runtime, answering
/// every request with the same session.
fn serve(seen: Seen) -> Result<std::net::SocketAddr, String> {
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
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream, seen.clone()));
            }
        });
    });
    Ok(addr)
}

pub async fn connection(mut stream: tokio::net::TcpStream, seen: Seen) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{SESSION}",
        SESSION.len()
    );
    let mut buffer = Vec::with_capacity(4096);
    let mut first = true;
    loop {
        // Read one request: the head, then as many body bytes as it announces.
        let head_end = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break end + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let length = content_length(&buffer[..head_end]);
        while buffer.len() < head_end + length {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        if first {
            first = false;
            if let Ok(mut seen) = seen.lock() {
                seen.push(buffer[..head_end + length].to_vec());
            }
        }
        buffer.drain(..head_end + length);
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

pub fn print(outcome: &Outcome) {
    println!("| Client | Requests | Requests/s | Median | p99 |");
    println!("|---|---:|---:|---:|---:|");
    for row in [&outcome.ours, &outcome.raw] {
        println!(
            "| {} | {} | {:.0} | {} | {} |",
            row.name,
            row.requests,
            row.per_second,
            fmt_us(row.median),
            fmt_us(row.p99)
        );
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!();
    println!(
        "Generated ÷ raw: median latency **{:.3}×**, p99 **{:.3}×**, requests/s **{:.3}×** (one request in flight, one keep-alive connection each; the identical request bytes were checked).",
        ratio(outcome.ours.median, outcome.raw.median),
        ratio(outcome.ours.p99, outcome.raw.p99),
        outcome.ours.per_second / outcome.raw.per_second,
    );
}
