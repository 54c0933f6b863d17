//! Pagefind's search quality in a real Chromium, as a benchmark (ignored by `cargo test`; run by
//! `benches/quality.sh`, which builds the sample site and runs Pagefind on it). Same labelled
//! sets in `benches/queries/` and the same metrics as `benches/search_quality.rs`, on the same
//! built pages, so the three engines can be compared row by row.

use crate::webdriver::{Browser, Server};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[path = "../../benches/support/labelled.rs"]
mod labelled;
use labelled::{read_set, Labelled, Score};

/// Pagefind's JS API as a page would use it: the submitted query as-is, then the URLs of the
/// first ten results (`data()` is what a results list loads; results carry no URL before it).
const TOP10: &str = "const [q, done] = arguments; \
    (async () => { window.__pf = window.__pf || await import('/pagefind/pagefind.js'); \
      const r = await window.__pf.search(q); \
      return Promise.all(r.results.slice(0, 10).map(async x => (await x.data()).url)); })() \
    .then(done).catch(e => done('error: ' + e.message));";

/// The sample's default language is served at the root, the others under `<lang>/`.
fn prefix(public: &Path, lang: &str) -> String {
    if public.join(lang).join("index.html").is_file() {
        format!("{lang}/")
    } else {
        String::new()
    }
}

/// The language of a page: the one whose folder it is in, else the root language.
fn lang_of<'a>(path: &str, public: &Path, langs: &[&'a str]) -> &'a str {
    let in_folder = langs.iter().find(|l| !prefix(public, l).is_empty() && path.starts_with(&prefix(public, l)));
    let root = langs.iter().find(|l| prefix(public, l).is_empty());
    in_folder.or(root).expect("a root language")
}

/// Entry pages are `<prefix><category>/<id>.html` (`Entry::url` in src/model); every other page
/// (home, category index, contact, search, 404) is a result that answers no labelled query.
/// Panics on a page of another language: the index loaded for `lang` must hold only its pages.
fn entry_id(url: &str, lang: &str, public: &Path, langs: &[&str]) -> Option<String> {
    let path = url.trim_start_matches('/');
    assert_eq!(lang_of(path, public, langs), lang, "a {lang} query found a page of another language: {url}");
    match path[prefix(public, lang).len()..].split('/').collect::<Vec<_>>()[..] {
        [_category, file] if file != "index.html" => file.strip_suffix(".html").map(String::from),
        _ => None,
    }
}

/// Loads the home page of `lang`: Pagefind picks its index from that page's `<html lang>`.
fn open(browser: &Browser, server: &Server, public: &Path, lang: &str) {
    browser.goto(&format!("{}{}index.html", server.url, prefix(public, lang)));
    assert_eq!(browser.eval("return document.documentElement.lang"), json!(lang));
}

fn top10(browser: &Browser, q: &str) -> Vec<String> {
    let answer = browser.eval_async(TOP10, json!([q]));
    let urls = answer.as_array().unwrap_or_else(|| panic!("pagefind failed on {q:?}: {answer}"));
    urls.iter().map(|u| u.as_str().expect("url").to_string()).collect()
}

/// The `<title>` of a built entry page without the site name: a query that must find that page.
fn page_title(public: &Path, lang: &str, id: &str) -> (String, String) {
    let dir = public.join(prefix(public, lang).trim_end_matches('/'));
    for category in std::fs::read_dir(&dir).expect("output").flatten() {
        let page = category.path().join(format!("{id}.html"));
        if let Ok(html) = std::fs::read_to_string(&page) {
            let title = html.split("<title>").nth(1).and_then(|t| t.split(" · ").next()).expect("title");
            let url = format!("/{}", page.strip_prefix(public).expect("inside").display());
            return (title.to_string(), url);
        }
    }
    panic!("no page for {lang} entry {id} in {}", dir.display());
}

#[test]
#[ignore = "benchmark: run benches/quality.sh"]
fn pagefind_quality_in_chromium() {
    let public = PathBuf::from(std::env::var("BENCH_PUBLIC").expect("BENCH_PUBLIC: the built sample site"));
    assert!(public.join("pagefind/pagefind.js").is_file(), "run `pagefind --site {}` first", public.display());
    let server = Server::start(&public);
    let browser = Browser::start(1000, 800);
    let langs = ["en", "hi", "tr"];
    let verbose = std::env::var_os("QUALITY_VERBOSE").is_some();

    // Sanity: each language's index is the one fetched, and an entry's own title finds it.
    for lang in langs {
        open(&browser, &server, &public, lang);
        let (title, url) = page_title(&public, lang, "track-order");
        let found = top10(&browser, &title);
        assert!(found.contains(&url), "{lang}: {title:?} should find {url}, got {found:?}");
        let served = server.served.lock().expect("log").clone();
        assert!(served.iter().any(|f| f.starts_with(&format!("pagefind/pagefind.{lang}_"))), "{lang} index not loaded");
    }

    println!("| set | n | acc@1 | acc@3 | MRR@10 | zero results |");
    println!("|---|---|---|---|---|---|");
    // Zero results by kind of query, over all sets: where an all-words match gives up.
    let mut zero_by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for set in ["en", "tr", "hi", "hinglish", "none"] {
        let queries = read_set(set);
        let mut score = Score::default();
        let mut zero = 0;
        // One page load per language (none.jsonl mixes them), queries in file order within it.
        for lang in langs {
            let of_lang: Vec<&Labelled> = queries.iter().filter(|q| q.lang == lang).collect();
            if of_lang.is_empty() {
                continue;
            }
            // Every labelled id has a page in its language: a miss is Pagefind's, not the mapping's.
            let ids: std::collections::BTreeSet<&str> = of_lang.iter().filter_map(|q| q.id.as_deref()).collect();
            for id in ids {
                page_title(&public, lang, id);
            }
            open(&browser, &server, &public, lang);
            for q in of_lang {
                let urls = top10(&browser, &q.q);
                let ids: Vec<Option<String>> = urls.iter().map(|u| entry_id(u, lang, &public, &langs)).collect();
                let kind = zero_by_kind.entry(q.kind.clone()).or_default();
                kind.1 += 1;
                if ids.is_empty() {
                    zero += 1;
                    kind.0 += 1;
                }
                if let Some(expected) = &q.id {
                    if verbose && ids.first().and_then(Option::as_deref) != Some(expected) {
                        eprintln!("MISS [{set}] {:?} want {expected}, got {:?}", q.q, &urls[..urls.len().min(3)]);
                    }
                    score.add(ids.iter().map(Option::as_deref), expected);
                }
            }
        }
        let zero = format!("{zero} of {}", queries.len());
        if score.n == 0 {
            println!("| {set} | {} | – | – | – | {zero} |", queries.len());
        } else {
            println!("| {set} | {} | {} | {zero} |", score.n, score.row());
        }
    }
    let kinds: Vec<String> = zero_by_kind.iter().map(|(k, (z, n))| format!("{k} {z}/{n}")).collect();
    println!("\nzero results by kind: {}", kinds.join(", "));
}
