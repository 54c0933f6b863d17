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

/// Bytes (gzipped) and count of the search files the page fetched since `since` entries.
fn fetched(browser: &Browser, public: &Path, since: usize) -> (u64, usize, usize) {
    let names = browser.eval("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);");
    let names: Vec<String> = serde_json::from_value(names).expect("names");
    let mut bytes = 0;
    let mut count = 0;
    for name in names.iter().skip(since) {
        if name.contains("/_search/") || name.contains("/assets/search/") {
            bytes += gzipped_size(&public.join(name.trim_start_matches('/')));
            count += 1;
        }
    }
    (bytes, count, names.len())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
#[ignore = "benchmark: run benches/search.sh"]
fn search_speed_in_chromium() {
    let public = PathBuf::from(std::env::var("BENCH_PUBLIC").expect("BENCH_PUBLIC: a built site's output folder"));
    let server = Server::start(&public);
    let queries: Vec<String> = std::env::var("BENCH_QUERIES")
        .unwrap_or_else(|_| "reset password|refund|cancel my order|invoice|delivery time".into())
        .split('|')
        .map(String::from)
        .collect();
    let run = |script: &str, args: Value, browser: &Browser| browser.eval_async(script, args);
    let timed = "const [q, prefix, done] = arguments; const t = performance.now(); \
                 window.helpmarkSearch(q, prefix, 10).then(r => done([performance.now() - t, r.length])).catch(e => done('error: ' + e.message));";

    // Cold: a fresh browser per run, first query on a freshly loaded page.
    let mut cold_ms = Vec::new();
    let mut cold_bytes = Vec::new();
    let mut cold_requests = 0;
    for _ in 0..5 {
        let browser = Browser::start(1000, 800);
        browser.goto(&format!("{}index.html", server.url));
        let before =
            browser.eval("return performance.getEntriesByType('resource').length;").as_u64().unwrap_or(0) as usize;
        let answer = run(timed, json!([queries[0], false]), &browser);
        cold_ms.push(answer[0].as_f64().unwrap_or_else(|| panic!("{answer}")));
        let (bytes, requests, _) = fetched(&browser, &public, before);
        cold_bytes.push(bytes as f64);
        cold_requests = requests;
    }

    // Warm: one page, every query once to warm up, then new queries (bytes) and repeats (latency).
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}index.html", server.url));
    run(timed, json!([queries[0], false]), &browser);
    let mut warm_bytes = Vec::new();
    for q in &queries[1..] {
        let (_, _, before) = fetched(&browser, &public, usize::MAX);
        run(timed, json!([q, false]), &browser);
        warm_bytes.push(fetched(&browser, &public, before).0 as f64);
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
