//! Search speed in a real Chromium as a customer sees it, as a benchmark (ignored by `cargo
//! test`; run by `benches/search.sh`, which builds the synthetic corpus first). Times go from
//! the input event in the header search box to the results drawn in the DOM, and from the
//! navigation to the search page (a submitted query) to its results drawn; Pagefind's JS API
//! draws the same rows in the same run. Prints medians and p95 of: a warm query whose index
//! files are all loaded, a warm query that needs new shards, a cold query (fresh browser: ms
//! and bytes gzipped, client included), with each query's request waterfall (requests, rounds).

use crate::webdriver::{Browser, Server};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn gzipped_size(path: &Path) -> u64 {
    let out = Command::new("gzip").args(["-9c"]).arg(path).output().expect("gzip");
    out.stdout.len() as u64
}

/// Bytes (gzipped) of the search files the server sent after its first `since` requests.
fn fetched_bytes(server: &Server, public: &Path, since: usize) -> u64 {
    let served = server.served.lock().expect("log").clone();
    let search = |name: &&String| {
        name.starts_with("_search/") || name.starts_with("assets/search/") || name.starts_with("pagefind/")
    };
    served.iter().skip(since).filter(search).map(|name| gzipped_size(&public.join(name))).sum()
}

fn served(server: &Server) -> usize {
    server.served.lock().expect("log").len()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Installed in a page: `window.__bench.type(q)` and `window.__bench.waterfall(t0)`. Drawn
/// means the first result row is in the DOM (a MutationObserver sees it). A query's
/// waterfall is the Resource Timing entries that started after its input event; its rounds
/// are the longest chain of requests each started after an earlier one had ended.
const HARNESS: &str = r#"
window.__bench = window.__bench || {
  waterfall(t0) {
    const all = performance.getEntriesByType('resource').filter(r => r.startTime >= t0);
    const round = [];
    all.forEach((r, i) => {
      round[i] = 1 + Math.max(0, ...all.slice(0, i).map((p, j) => p.responseEnd <= r.startTime ? round[j] : 0));
    });
    const ends = all.map(r => r.responseEnd - t0);
    return { requests: all.length, rounds: Math.max(0, ...round), lastEnd: Math.max(0, ...ends),
             files: all.map(r => [r.name.replace(/^.*\/(_search|assets|pagefind)\//, '$1/'),
                                  Math.round(r.startTime - t0), Math.round(r.responseEnd - t0)]) };
  },
  // Times `draw(q)` (which starts the query) until `list` holds a result row.
  time(list, rowSelector, start, q) {
    return new Promise((resolve) => {
      list.replaceChildren();
      performance.clearResourceTimings();
      const t0 = performance.now();
      const seen = () => {
        if (!list.querySelector(rowSelector)) return false;
        observer.disconnect();
        const ms = performance.now() - t0;
        // Fragments still arriving after the first rows are part of the waterfall.
        setTimeout(() => resolve({ ms, rows: list.querySelectorAll(rowSelector).length, ...this.waterfall(t0) }), 300);
        return true;
      };
      const observer = new MutationObserver(seen);
      observer.observe(list, { childList: true, subtree: true });
      start(q);
    });
  },
  helpmark(q) {
    const input = document.querySelector('form.search-form input[name=q]');
    const list = document.getElementById('search-suggestions');
    return this.time(list, '[role=option]', (query) => {
      input.focus();
      input.value = query;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, q);
  },
  // Pagefind through its JS API: the first 8 results' data, their titles drawn as rows.
  pagefind(q) {
    let list = document.getElementById('bench-pagefind');
    if (!list) {
      list = document.createElement('ul');
      list.id = 'bench-pagefind';
      document.body.prepend(list);
    }
    return this.time(list, 'li', async (query) => {
      this.pf = this.pf || await import('/pagefind/pagefind.js');
      const found = await this.pf.search(query);
      const data = await Promise.all(found.results.slice(0, 8).map(r => r.data()));
      const rows = data.map((d) => {
        const li = document.createElement('li');
        li.textContent = d.meta.title;
        return li;
      });
      if (!rows.length) rows.push(Object.assign(document.createElement('li'), { textContent: 'none' }));
      list.replaceChildren(...rows);
    }, q);
  },
};
"#;

/// One measured query: ms to drawn rows, and its waterfall.
struct Sample {
    ms: f64,
    requests: f64,
    rounds: f64,
    /// Whether it fetched term files (helpmark shards or term-list pages, Pagefind index chunks).
    new_shards: bool,
    files: Value,
}

/// Types `query` into `engine`'s box. Requests are counted and named from the server's log,
/// which sees those of workers too (Pagefind fetches from one; the page's timeline misses them).
fn typed(browser: &Browser, server: &Server, engine: &str, query: &str) -> Sample {
    browser.eval(HARNESS);
    let before = served(server);
    let script =
        format!("const [q, done] = arguments; window.__bench.{engine}(q).then(done, e => done('error: ' + e));");
    let v = browser.eval_async(&script, json!([query]));
    let ms = v["ms"].as_f64().unwrap_or_else(|| panic!("{engine} {query:?}: {v}"));
    let names: Vec<String> = server.served.lock().expect("log")[before..].to_vec();
    let term_file = |n: &String| n.contains("/s-") || n.contains("/t-") || n.starts_with("pagefind/index/");
    Sample {
        ms,
        requests: names.len() as f64,
        rounds: v["rounds"].as_f64().unwrap_or(0.0),
        new_shards: names.iter().any(term_file),
        files: v["files"].clone(),
    }
}

/// Median and p95 of a column of samples.
fn stats(mut values: Vec<f64>) -> String {
    values.sort_by(f64::total_cmp);
    format!("p50 {:.1}, p95 {:.1} (n={})", percentile(&values, 0.5), percentile(&values, 0.95), values.len())
}

fn line(label: &str, samples: &[Sample]) {
    let of = |f: fn(&Sample) -> f64| samples.iter().map(f).collect::<Vec<_>>();
    println!(
        "  {label}: ms {} | requests {} | rounds {}",
        stats(of(|s| s.ms)),
        stats(of(|s| s.requests)),
        stats(of(|s| s.rounds))
    );
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
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut engines = vec!["helpmark"];
    if std::env::var_os("BENCH_PAGEFIND").is_some() {
        engines.push("pagefind");
    }
    let home = format!("{}index.html", server.url);

    // Cold: a fresh browser (empty cache) per run, the first query on a freshly loaded page;
    // engines interleaved run by run.
    let mut cold: Vec<(Vec<Sample>, Vec<f64>)> = engines.iter().map(|_| (Vec::new(), Vec::new())).collect();
    for run in 0..5 {
        for (e, engine) in engines.iter().enumerate() {
            let browser = Browser::start(1000, 800);
            browser.goto(&home);
            let before = served(&server);
            let sample = typed(&browser, &server, engine, &queries[run % queries.len()]);
            cold[e].1.push(fetched_bytes(&server, &public, before) as f64);
            cold[e].0.push(sample);
        }
    }

    // Warm: one browser, a page per round; one query to load the engine, then every query for
    // the first time on this page, then each again (its files all loaded). Samples are sorted
    // by what they fetched: term files (new shards) or none.
    let browser = Browser::start(1000, 800);
    let mut warm: Vec<(Vec<Sample>, Vec<Sample>)> = engines.iter().map(|_| (Vec::new(), Vec::new())).collect();
    let mut example = Vec::new();
    for round in 0..rounds {
        for (e, engine) in engines.iter().enumerate() {
            browser.goto(&home);
            typed(&browser, &server, engine, "help");
            let order: Vec<&String> = queries.iter().cycle().skip(round).take(queries.len()).collect();
            for q in order.iter().chain(&order).chain(&order) {
                let sample = typed(&browser, &server, engine, q);
                if round == 0
                    && sample.new_shards
                    && example.len() < engines.len()
                    && example.iter().all(|(n, _)| n != engine)
                {
                    example.push((*engine, format!("{q:?}: {:.1} ms, {}", sample.ms, sample.files)));
                }
                if sample.new_shards { &mut warm[e].1 } else { &mut warm[e].0 }.push(sample);
            }
        }
    }

    // The search page: navigation (a submitted query) to results drawn (helpmark only: the
    // client marks `helpmark-results` when it has drawn them).
    let mut page = Vec::new();
    let mut page_requests = Vec::new();
    let mut wasm_downloads = 0;
    for _ in 0..rounds {
        for q in &queries {
            let before = served(&server);
            browser.goto(&format!("{}search.html?q={}", server.url, q.replace(' ', "+")));
            let at = browser.wait_for(
                "const m = performance.getEntriesByName('helpmark-results')[0]; return m ? m.startTime : null;",
                10,
            );
            page.push(at.as_f64().unwrap_or(f64::NAN));
            std::thread::sleep(std::time::Duration::from_millis(300));
            let names = server.served.lock().expect("log")[before..].to_vec();
            wasm_downloads += names.iter().filter(|n| n.ends_with(".wasm")).count();
            page_requests.push(names.len() as f64);
        }
    }

    for (e, engine) in engines.iter().enumerate() {
        println!("{engine}");
        let (samples, bytes) = &cold[e];
        println!("  cold query (fresh browser, client included): bytes gzipped {}", stats(bytes.clone()));
        line("cold query, input event to rows drawn", samples);
        line("warm query, index files loaded", &warm[e].0);
        line("warm query, new shards", &warm[e].1);
    }
    println!(
        "helpmark search page (navigation to results drawn): ms {} | requests {} | module downloads {wasm_downloads} in {} page views",
        stats(page),
        stats(page_requests.clone()),
        page_requests.len()
    );
    for (engine, text) in example {
        println!("waterfall {engine} {text}");
    }
}
