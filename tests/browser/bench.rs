//! Search speed in a real Chromium, as a benchmark (ignored by `cargo test`; run by
//! `benches/search.sh`, which builds the synthetic corpus first). Prints bytes per cold query
//! (gzipped, client included), time to first results, warm-query bytes and latency percentiles.

use crate::webdriver::{Browser, Server};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn gzipped_size(path: &Path) -> u64 {
    let out = Command::new("gzip").args(["-9c"]).arg(path).output().expect("gzip");
    out.stdout.len() as u64
}

/// Bytes (gzipped) and count of the search files the server sent after its first `since`
/// requests, and how many requests it has served in all.
fn fetched(server: &Server, public: &Path, since: usize) -> (u64, usize, usize) {
    let served = server.served.lock().expect("log").clone();
    let mut bytes = 0;
    let mut count = 0;
    for name in served.iter().skip(since) {
        if name.starts_with("_search/") || name.starts_with("assets/search/") || name.starts_with("pagefind/") {
            bytes += gzipped_size(&public.join(name));
            count += 1;
        }
    }
    (bytes, count, served.len())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Runs a query through helpmark's client and reports [milliseconds, results].
const HELPMARK: &str = "const [q, prefix, done] = arguments; const t = performance.now(); \
    window.helpmarkSearch(q, prefix, 10).then(r => done([performance.now() - t, r.length])).catch(e => done('error: ' + e.message));";

/// The same through Pagefind's JS API (search, then the data of the first ten results, which is
/// what a results list shows). `prefix` is ignored: Pagefind always matches word prefixes.
const PAGEFIND: &str = "const [q, prefix, done] = arguments; const t = performance.now(); \
    (async () => { window.__pf = window.__pf || await import('/pagefind/pagefind.js'); \
      const r = await window.__pf.search(q); \
      return (await Promise.all(r.results.slice(0, 10).map(x => x.data()))).length; })() \
    .then(n => done([performance.now() - t, n])).catch(e => done('error: ' + e.message));";

#[test]
#[ignore = "benchmark: run benches/search.sh"]
fn search_speed_in_chromium() {
    measure("helpmark", HELPMARK);
    if std::env::var_os("BENCH_PAGEFIND").is_some() {
        measure("pagefind", PAGEFIND);
    }
}

fn measure(engine: &str, timed: &str) {
    let public = PathBuf::from(std::env::var("BENCH_PUBLIC").expect("BENCH_PUBLIC: a built site's output folder"));
    let server = Server::start(&public);
    let queries: Vec<String> = std::env::var("BENCH_QUERIES")
        .unwrap_or_else(|_| "reset password|refund|cancel my order|invoice|delivery time".into())
        .split('|')
        .map(String::from)
        .collect();
    let run = |script: &str, args: Value, browser: &Browser| browser.eval_async(script, args);

    // Cold: a fresh browser per run, first query on a freshly loaded page.
    let mut cold_ms = Vec::new();
    let mut cold_bytes = Vec::new();
    let mut cold_requests = 0;
    for _ in 0..5 {
        let browser = Browser::start(1000, 800);
        browser.goto(&format!("{}index.html", server.url));
        let before = server.served.lock().expect("log").len();
        let answer = run(timed, json!([queries[0], false]), &browser);
        cold_ms.push(answer[0].as_f64().unwrap_or_else(|| panic!("{answer}")));
        let (bytes, requests, _) = fetched(&server, &public, before);
        cold_bytes.push(bytes as f64);
        cold_requests = requests;
    }

    // Warm: one page, every query once to warm up, then new queries (bytes) and repeats (latency).
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}index.html", server.url));
    run(timed, json!([queries[0], false]), &browser);
    let mut warm_bytes = Vec::new();
    for q in &queries[1..] {
        let before = server.served.lock().expect("log").len();
        run(timed, json!([q, false]), &browser);
        warm_bytes.push(fetched(&server, &public, before).0 as f64);
    }
    let mut warm_ms = Vec::new();
    for _ in 0..20 {
        for q in &queries {
            for prefix in [false, true] {
                warm_ms.push(run(timed, json!([q, prefix]), &browser)[0].as_f64().unwrap_or(f64::NAN));
            }
        }
    }
    for v in [&mut cold_ms, &mut cold_bytes, &mut warm_bytes, &mut warm_ms] {
        v.sort_by(f64::total_cmp);
    }
    let median = |v: &[f64]| percentile(v, 0.5);
    println!("{engine}");
    println!(
        "cold query  : {:.0} B gzipped in {cold_requests} requests (median of 5), {:.1} ms to results",
        median(&cold_bytes),
        median(&cold_ms)
    );
    println!(
        "warm query  : {:.0} B gzipped for a new query (median, max {:.0})",
        median(&warm_bytes),
        warm_bytes.last().copied().unwrap_or(0.0)
    );
    println!(
        "warm latency: p50 {:.2} ms, p95 {:.2} ms over {} queries",
        percentile(&warm_ms, 0.5),
        percentile(&warm_ms, 0.95),
        warm_ms.len()
    );
}
