//! Prism, the independent mock server that validates every request against
//! a spec (a request that does not match is answered 422 instead of the
//! documented response). Installed by `npm ci --prefix tests` (pinned in
//! `tests/package-lock.json`); the README's test command and `.ci/run` run it.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A Prism process on a free loopback port, stopped (by process id) when dropped.
pub struct Prism {
    child: Child,
    pub port: u16,
}

impl Prism {
    /// Prism mocking `spec` (relative to the workspace root); its log is
    /// `target/prism-<log>.log`.
    pub fn start(spec: &str, log: &str) -> Prism {
        let bin = root().join("tests/node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed: run `npm ci --prefix tests` (see README.md)"
        );
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log_path = root().join(format!("target/prism-{log}.log"));
        let log = std::fs::File::create(&log_path).unwrap();
        let child = Command::new(bin)
            .args(["mock", spec, "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("Prism starts");
        let prism = Prism { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Prism did not listen within 60 s; see {}",
                log_path.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
