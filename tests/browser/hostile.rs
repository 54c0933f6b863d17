//! A help center whose content attacks its readers (`tests/fixtures/hostile`, issue 17), opened
//! as a customer would: nothing in it runs, nothing leaves the origin, and the pages still show
//! their answers. Every script payload of the fixture would set `window.pwned`; the browser
//! sends every request for another host to a proxy that records it and answers nothing.

use crate::webdriver::{Browser, Server};
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

/// The only host a page may reach beyond its own: the video player the fixture's
/// `markdown.iframe_hosts` allows.
const ALLOWED_HOST: &str = "www.youtube-nocookie.com";

/// Hosts Chromium itself calls whatever the page (clock, updates, sign-in, hints, the
/// default search engine of Debian's build): their requests are the browser's, not the page's.
pub const BROWSER_HOSTS: [&str; 6] =
    [".google.com", ".googleapis.com", ".gstatic.com", ".duckduckgo.com", ".gvt1.com", ".gvt2.com"];

/// The request lines a recording proxy saw that are the page's: neither Chromium's own calls
/// ([`BROWSER_HOSTS`]) nor to the `allowed` hosts. A connection that sent no request line yet
/// (an empty line: the browser opens spare connections) asked for nothing.
pub fn strays(seen: &[String], allowed: &[&str]) -> Vec<String> {
    let host = |line: &String| {
        let target = line.split_whitespace().nth(1).unwrap_or_default();
        let authority = target.split("://").last().unwrap_or_default();
        authority.split(['/', ':']).next().unwrap_or_default().to_string()
    };
    seen.iter()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| {
            !allowed.contains(&host(l).as_str()) && !BROWSER_HOSTS.iter().any(|b| format!(".{}", host(l)).ends_with(b))
        })
        .cloned()
        .collect()
}

/// Builds `tests/fixtures/hostile` into a temp dir; returns it (the site is in `public/`).
fn built_hostile() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_helpmark"))
        .args(["build", "--source"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile"))
        .arg("--output")
        .arg(out.path().join("public"))
        .env("CI", "1")
        .status()
        .expect("run helpmark");
    assert!(status.success());
    out
}

/// An HTTP proxy on loopback that records the first line of every request (`CONNECT host:443`,
/// `GET http://host/...`) and closes the connection: a request that reaches it left the origin.
pub fn recording_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            if let Ok(mut log) = log.lock() {
                log.push(line.trim().to_string());
            }
            let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, seen)
}

/// Runs before any script of each page: traps `window.pwned`, `alert` and friends, and
/// records Content-Security-Policy violations (there should be none: the sanitiser removed
/// the payloads before the policy had anything to block).
const WATCH: &str = r#"
window.__attacks = [];
Object.defineProperty(window, 'pwned', { configurable: false, get() { return undefined; }, set(v) { window.__attacks.push(String(v)); } });
for (const name of ['alert', 'confirm', 'prompt']) window[name] = (m) => window.__attacks.push(name + ':' + m);
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"#;

#[test]
fn a_hostile_answer_runs_nothing_and_sends_nothing_away_yet_still_shows_its_answer() {
    let site = built_hostile();
    let public = site.path().join("public");
    let server = Server::start(&public);
    let (port, outside) = recording_proxy();
    let proxy = format!("--proxy-server=http://127.0.0.1:{port}");
    let browser = Browser::start_with(1000, 800, &[proxy.as_str()]);
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": WATCH}));
    let pages =
        ["index.html", "billing/index.html", "billing/refund.html", "orders/video.html", "search.html?q=refund"];
    for page in pages {
        let url = format!("{}{page}", server.url);
        browser.goto(&url);
        // Time for an `onerror` of a broken image, a refresh or a frame to fire.
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let state = browser.eval(
            "return {href: location.href, attacks: window.__attacks, violations: window.__violations, \
             h1: (document.querySelector('h1') || {}).textContent || ''};",
        );
        assert_eq!(state["href"], url.as_str(), "{page} navigated away");
        assert_eq!(state["attacks"], json!([]), "{page}: a payload ran");
        assert_eq!(state["violations"], json!([]), "{page}: the policy had to block something");
        assert!(!state["h1"].as_str().unwrap_or_default().is_empty(), "{page} shows no heading");
    }
    browser.goto(&format!("{}billing/refund.html", server.url));
    let answer = browser.eval("return document.querySelector('.answer').textContent;");
    assert!(answer.as_str().unwrap().contains("Refunds take five working days."), "{answer}");
    assert!(answer.as_str().unwrap().contains("The end of the answer."), "{answer}");
    // The search page found the hostile entry, its title shown as text.
    browser.goto(&format!("{}search.html?q=refund", server.url));
    let first =
        browser.wait_for("const a = document.querySelector('#search-results li a'); return a && a.textContent;", 15);
    assert!(first.as_str().unwrap().contains("<script>"), "the title is shown as written: {first}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(browser.eval("return window.__attacks;"), json!([]));
    let left: Vec<String> = outside.lock().unwrap().clone();
    let strays = strays(&left, &[ALLOWED_HOST]);
    assert!(strays.is_empty(), "requests left the origin: {strays:?}");
}
