//! A running `helpmark serve` for tests (shared by the CLI and browser tests through
//! `#[path]`): starts the real binary on a free port, reads the address it prints, and talks
//! HTTP to it over plain TCP. Every wait has a deadline and fails with what the server said.

// Each of the two test crates that include this file uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the first production may take (a debug build on a busy machine).
const START_WITHIN: Duration = Duration::from_secs(90);

/// `helpmark serve` running on a site folder.
pub struct Preview {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    /// The port it serves on.
    pub port: u16,
    stderr: Arc<Mutex<String>>,
}

/// One HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Preview {
    /// Starts `helpmark serve --port 0 EXTRA…` in `site` and waits for its `serving` line.
    pub fn start(site: &Path, extra: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_helpmark"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(site)
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start helpmark serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = stderr.clone();
        let pipe = child.stderr.take().expect("stderr is piped");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut log = log.lock().expect("log");
                log.push_str(&line);
                log.push('\n');
            }
        });
        let started = Instant::now();
        let url = loop {
            let said = stderr.lock().expect("log").clone();
            if let Some(line) = said.lines().find(|l| l.starts_with("serving http://")) {
                break line["serving ".len()..].to_string();
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("helpmark serve exited ({status}) before serving:\n{said}");
            }
            assert!(
                started.elapsed() < START_WITHIN,
                "helpmark serve printed no `serving` line in {START_WITHIN:?}:\n{said}"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        Preview { child, url, port, stderr }
    }

    /// What the server printed so far.
    pub fn said(&self) -> String {
        self.stderr.lock().expect("log").clone()
    }

    /// `GET path` (from the root, no leading slash).
    pub fn get(&self, path: &str) -> Reply {
        self.request(&format!("GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port))
    }

    /// Sends `raw` as it is and reads the whole response.
    pub fn request(&self, raw: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the preview");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        stream.write_all(raw.as_bytes()).expect("send request");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap_or_else(|e| panic!("read response to {raw:?}: {e}"));
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no head in {bytes:?}"));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("status in {head}"));
        Reply { status, head, body: bytes[split + 4..].to_vec() }
    }

    /// GETs `path` until `ready` holds for the reply; the reply.
    pub fn poll(&self, path: &str, within: Duration, what: &str, ready: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if ready(&reply) {
                return reply;
            }
            assert!(
                started.elapsed() < within,
                "{what}: not within {within:?}; last reply {}:\n{}\nserver said:\n{}",
                reply.status,
                reply.text(),
                self.said()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Opens the event stream, announcing the page version `since`.
    pub fn events(&self, since: u64) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the preview");
        let request = format!("GET /_helpmark/events?since={since} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", self.port);
        stream.write_all(request.as_bytes()).expect("send request");
        stream.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        let started = Instant::now();
        while reader.read_line(&mut status).is_err() || status.is_empty() {
            assert!(started.elapsed() < Duration::from_secs(10), "the event stream sent no status line");
        }
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        Events { reader }
    }

    /// Ctrl-C: sends SIGINT and waits for the exit; the status and everything it printed.
    pub fn stop(mut self) -> (ExitStatus, String) {
        // SAFETY: a plain kill(2) of the child this struct started.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for helpmark serve") {
                std::thread::sleep(Duration::from_millis(50)); // the last lines of stderr
                return (status, self.said());
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "helpmark serve did not stop on Ctrl-C:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A page's event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Waits for the next `reload` event; its version.
    pub fn next_reload(&mut self, within: Duration) -> u64 {
        let started = Instant::now();
        let mut event = String::new();
        // Kept across reads: a read that times out may have taken half a line.
        let mut line = String::new();
        loop {
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("the event stream closed"),
                Ok(_) if line.ends_with('\n') => {
                    let done = std::mem::take(&mut line);
                    let done = done.trim_end();
                    if let Some(name) = done.strip_prefix("event: ") {
                        event = name.to_string();
                    } else if let (Some(data), "reload") = (done.strip_prefix("data: "), event.as_str()) {
                        return data.parse().unwrap_or_else(|_| panic!("reload data {data:?}"));
                    }
                }
                // Half a line, or the read timeout: nothing complete yet.
                Ok(_) | Err(_) => {}
            }
            assert!(started.elapsed() < within, "no reload event within {within:?}");
        }
    }
}

impl Events {
    /// Waits for the reload of the whole site produced again: an edit to an entry first
    /// reloads with its pages alone (the page-first preview, not settled), then with the rest
    /// (search included). Its version.
    pub fn next_settled(&mut self, preview: &Preview, within: Duration) -> u64 {
        let started = Instant::now();
        loop {
            let version = self.next_reload(within.saturating_sub(started.elapsed()));
            let state: serde_json::Value =
                serde_json::from_slice(&preview.get("_helpmark/diagnostics").body).expect("diagnostics JSON");
            if state["settled"] == true && state["version"] == version {
                return version;
            }
        }
    }
}

/// The version a served page was produced at (its reload script's `data-version`).
pub fn page_version(html: &str) -> u64 {
    let at = html.find("data-version=\"").unwrap_or_else(|| panic!("no reload script in:\n{html}")) + 14;
    html[at..].split('"').next().and_then(|v| v.parse().ok()).expect("a number")
}
