//! What the client tests share: an API key, a session as the server sends
//! it, and a loopback port where nothing listens.
#![allow(dead_code)]

pub mod prism;

use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

pub const KEY: &str = "bu_test_key_0123456789";

/// The profile of the temporary workspaces that build generated crates
/// (`compile.rs`, `doubles.rs`), which share one target folder: no debug
/// information, which nothing there reads (the checks are the compiler's,
/// clippy's and the tests' own) and which would be most of what their doc
/// tests and tests write and link. One profile, so each dependency is built
/// once for them all.
pub const WORKSPACE_PROFILE: &str = "[profile.dev]\ndebug = false\n";

/// A `SessionItemView` as the server sends it (`proxyUsedMb`/`proxyCost` left out).
pub fn session_json() -> Value {
    json!({
        "id": "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10",
        "status": "active",
        "liveUrl": "https://live.example/abc",
        "startedAt": "2026-11-28T10:00:00Z",
        "finishedAt": null,
        "persistMemory": true,
        "keepAlive": true
    })
}

/// A loopback URL where nothing listens (the port was free a moment ago).
pub fn closed_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port");
    format!("http://127.0.0.1:{port}")
}

/// What a `tracing_subscriber::fmt` subscriber writes (its writer is a
/// clone), kept for a test to read.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
