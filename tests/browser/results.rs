//! The results page and the dropdown (issue 17) as a customer meets them in Chromium on the
//! built sample: passages around the matched words with whole words marked, a relevance floor
//! and a count in the page's language, no layout shift while results arrive, a dropdown that
//! stays open while typing and closes on Esc with the query kept, and, without WebAssembly, a
//! message in the page's language with the topics and the contact channels.

use crate::site::built_sample;
use crate::webdriver::{Browser, Server};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// The search page's results once drawn: per result its id, passage and marked words.
const RESULTS: &str = "if (document.documentElement.classList.contains('search-pending')) return null; \
    return [...document.querySelectorAll('#search-results li')].map((li) => ({id: li.dataset.id, \
      excerpt: li.querySelector('.excerpt').textContent, \
      marks: [...li.querySelectorAll('mark')].map((m) => { \
        const text = m.parentNode.textContent, at = [...m.parentNode.childNodes].slice(0, [...m.parentNode.childNodes].indexOf(m)) \
          .reduce((n, c) => n + c.textContent.length, 0); \
        return [m.textContent, text.slice(Math.max(0, at - 1), at), text.slice(at + m.textContent.length, at + m.textContent.length + 1)]; })}));";

fn results(browser: &Browser, url: &str) -> Vec<Value> {
    browser.goto(url);
    let drawn = browser.wait_for(RESULTS, 15);
    drawn.as_array().expect("results").clone()
}

/// `helpmark search --json` on the sample: (id, score) of the first `limit` results.
fn cli(lang: &str, query: &str) -> Vec<(String, f64)> {
    let out = Command::new(env!("CARGO_BIN_EXE_helpmark"))
        .args(["search", "--json", "--limit", "20", "--lang", lang, "--", query])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run helpmark search");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let hits: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    hits.as_array()
        .expect("list")
        .iter()
        .map(|h| (h["id"].as_str().expect("id").to_string(), h["score"].as_f64().expect("score")))
        .collect()
}

/// Marks are whole words: neither neighbour is a letter or digit, and none is a function word.
fn assert_whole_words(results: &[Value], what: &str) {
    // Function words of the engine's lists (English keeps its question words: they are marked).
    let function_words = ["is", "my", "i", "the", "a", "to", "of", "do", "mi", "है", "का"];
    let mut any = false;
    for r in results {
        for m in r["marks"].as_array().expect("marks") {
            any = true;
            let (word, before, after) = (m[0].as_str().unwrap(), m[1].as_str().unwrap(), m[2].as_str().unwrap());
            let glued = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
            assert!(!glued(before) && !glued(after), "{what}: {before}[{word}]{after} marks a piece of a word");
            assert!(!function_words.contains(&word.to_lowercase().as_str()), "{what}: function word {word:?} marked");
        }
    }
    assert!(any, "{what}: nothing was marked");
}

#[test]
fn a_result_shows_the_passage_around_the_matched_words_with_whole_words_marked() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1366, 900);
    // "reference number" is in the refund answer's third section, far past its first lines.
    let found = results(&browser, &format!("{}search.html?q=where+is+my+refund+reference+number", server.url));
    let refund = found.iter().find(|r| r["id"] == "refund-time").expect("the refund answer is found");
    let excerpt = refund["excerpt"].as_str().unwrap();
    assert!(excerpt.starts_with('…') && excerpt.contains("reference number"), "{excerpt}");
    assert!(excerpt.chars().count() <= 190, "a passage, not the answer: {excerpt}");
    let marked: Vec<&str> = refund["marks"].as_array().unwrap().iter().map(|m| m[0].as_str().unwrap()).collect();
    assert!(marked.contains(&"reference") && marked.contains(&"number"), "{marked:?}");
    assert_whole_words(&found, "where is my refund reference number");
    // Turkish typed without its letters: the Turkish words are marked whole.
    let found = results(&browser, &format!("{}tr/search.html?q=kapida+odeme+var+mi", server.url));
    assert_eq!(found[0]["id"], "cash-on-delivery");
    assert_whole_words(&found, "kapida odeme var mi");
    // Hindi typed in Latin letters marks the Devanagari words it matched.
    let found = results(&browser, &format!("{}hi/search.html?q=paise+wapas+kaise+milenge", server.url));
    let devanagari = |m: &Value| m[0].as_str().unwrap().chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c));
    assert!(found.iter().flat_map(|r| r["marks"].as_array().unwrap()).any(devanagari), "{found:?}");
    assert_whole_words(&found, "paise wapas kaise milenge");
}

#[test]
fn a_table_in_an_answer_reads_as_sentences_in_its_excerpt() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1366, 900);
    let found = results(&browser, &format!("{}search.html?q=refund+to+paytm+wallet", server.url));
    let refund = found.iter().find(|r| r["id"] == "refund-time").expect("the refund answer is found");
    let excerpt = refund["excerpt"].as_str().unwrap();
    assert!(excerpt.contains("Wallets (Paytm, PhonePe, PayPal), Up to 24 hours."), "{excerpt}");
}

#[test]
fn weak_matches_are_left_out_and_the_page_says_how_many_answers_it_found_in_its_language() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1366, 900);
    let cases = [
        ("en", "", "where is my order", "answer"),
        ("en", "", "refund", "answer"),
        ("tr", "tr/", "iade", "yanıt"),
        ("hi", "hi/", "रिफंड कब मिलेगा", "जवाब"),
    ];
    let mut left_out = 0;
    for (lang, prefix, query, word) in cases {
        let url = format!("{}{prefix}search.html?q={}", server.url, query.replace(' ', "+"));
        let shown: Vec<String> =
            results(&browser, &url).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
        let all = cli(lang, query);
        let best = all[0].1;
        let kept: Vec<String> = all.iter().filter(|h| h.1 >= 0.1 * best).map(|h| h.0.clone()).collect();
        assert_eq!(shown, kept, "{lang} {query:?}: the results at least a tenth of the best score, in order");
        left_out += all.len() - kept.len();
        let status = browser.eval("return document.getElementById('search-status').textContent;");
        let n = shown.len();
        let expected = match (lang, n) {
            ("en", 1) => "1 answer".to_string(),
            ("en", _) => format!("{n} answers"),
            _ => format!("{n} {word}"),
        };
        assert_eq!(status, json!(expected), "{lang} {query:?}");
    }
    assert!(left_out > 0, "the floor left out no weak match on these queries: the test tests nothing");
}

/// Sums `layout-shift` entries (without recent input) from the page's start.
const CLS_WATCH: &str = "window.__cls = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) \
    if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});";

/// The cumulative layout shift of loading the search page with `query`, until its results are
/// drawn and a moment after.
pub fn search_page_cls(browser: &Browser, url: &str) -> f64 {
    browser.goto(url);
    browser.wait_for("return document.querySelector('#search-results li') !== null;", 15);
    std::thread::sleep(std::time::Duration::from_millis(700));
    browser.eval("return window.__cls;").as_f64().expect("cls")
}

#[test]
fn results_arriving_on_the_search_page_move_nothing_on_phone_and_desktop() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    for (width, height) in [(390, 844), (1366, 768)] {
        let browser = Browser::start(width, height);
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": CLS_WATCH}));
        for page in ["search.html?q=refund", "tr/search.html?q=iade", "search.html?q=where+is+my+order"] {
            let cls = search_page_cls(&browser, &format!("{}{page}", server.url));
            eprintln!("CLS {width}x{height} {page}: {cls:.4}");
            assert!(cls <= 0.1, "{page} at {width}x{height}: CLS {cls:.3}");
        }
    }
}

/// Records every moment the dropdown is shut or shows the "no answer" row while typing.
const DROPDOWN_WATCH: &str = "window.__shut = []; const list = document.getElementById('search-suggestions'); \
    new MutationObserver(() => { if (list.hidden) window.__shut.push('hidden'); \
      if (list.querySelector('.search-empty')) window.__shut.push('empty'); }) \
    .observe(list, {attributes: true, childList: true, subtree: true});";

#[test]
fn the_dropdown_stays_open_while_typing_and_esc_closes_it_keeping_the_query() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}orders/track-order.html", server.url));
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("when w");
    browser.wait_for("return document.querySelector('#search-suggestions [role=option][data-id]') !== null;", 15);
    browser.eval(DROPDOWN_WATCH);
    // Letter by letter; half-typed words in between match nothing for a moment.
    for c in "ill I get my refund".chars() {
        browser.keys(&c.to_string());
    }
    let first = browser.wait_for(
        "const o = document.querySelector('#search-suggestions [role=option][data-id]'); \
         return document.getElementById('search-q').value === 'when will I get my refund' && o && o.dataset.id;",
        15,
    );
    assert_eq!(first, "refund-time");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(browser.eval("return window.__shut;"), json!([]), "the list shut or went empty while typing");
    // Options hold no link, button or focusable element (axe nested-interactive).
    let nested = browser.eval(
        "return [...document.querySelectorAll('#search-suggestions [role=option]')].filter((o) => \
           o.querySelector('a, button, input, select, textarea, [tabindex], [contenteditable]')).length;",
    );
    assert_eq!(nested, 0, "options with interactive content inside");
    let roles = browser.eval(
        "return [...document.getElementById('search-suggestions').children].every((c) => c.getAttribute('role') === 'option');",
    );
    assert_eq!(roles, true, "every row of the listbox is an option");
    browser.keys("\u{E00C}"); // Escape
    let state = browser.eval(
        "const q = document.getElementById('search-q'); \
         return [document.getElementById('search-suggestions').hidden, q.value, q.getAttribute('aria-expanded')];",
    );
    assert_eq!(state, json!([true, "when will I get my refund", "false"]), "Esc closes the list only");
    // Still choosable by keyboard and by pointer once reopened.
    browser.keys("\u{E015}"); // ArrowDown reopens and selects the first answer
    assert_eq!(browser.eval("return document.getElementById('search-suggestions').hidden;"), false);
    browser.eval("document.querySelector('#search-suggestions [role=option][data-id]').click();");
    browser.wait_for("return location.pathname.endsWith('/returns-refunds/refund-time.html');", 10);
}

/// The lowest contrast of a marked word against its own background, and the word.
const MARK_CONTRAST: &str = r#"
const parse = (c) => { const m = c.match(/[\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
let worst = [99, ''];
for (const m of document.querySelectorAll('mark')) {
  if (!m.getClientRects().length) continue;
  const a = lum(parse(getComputedStyle(m).color)), b = lum(parse(getComputedStyle(m).backgroundColor));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < worst[0]) worst = [ratio, m.textContent];
}
return worst;
"#;

#[test]
fn marked_words_are_readable_in_dark_mode_on_the_results_and_in_the_dropdown() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start_with(1000, 900, &["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]);
    assert_eq!(browser.eval("return matchMedia('(prefers-color-scheme: dark)').matches;"), true);
    results(&browser, &format!("{}search.html?q=refund+card", server.url));
    let worst = browser.eval(MARK_CONTRAST);
    eprintln!("dark mode, lowest mark contrast on the results: {worst}");
    assert!(worst[0].as_f64().unwrap() >= 4.5 && worst[0].as_f64().unwrap() < 99.0, "results: {worst}");
    browser.eval("document.getElementById('search-q').focus(); document.getElementById('search-q').select();");
    browser.keys("refund card");
    browser.wait_for("return document.querySelector('#search-suggestions mark') !== null;", 15);
    browser.keys("\u{E015}"); // the selected row's own background too
    let worst = browser.eval(MARK_CONTRAST);
    eprintln!("dark mode, lowest mark contrast in the dropdown: {worst}");
    assert!(worst[0].as_f64().unwrap() >= 4.5, "dropdown: {worst}");
}

/// Runs before any page script: the page has no WebAssembly, as iOS Lockdown Mode leaves it
/// (`--js-flags=--noexpose_wasm` left it defined in this Chromium).
const NO_WASM: &str = "delete window.WebAssembly;";

/// The page's no-WebAssembly message, from the theme's strings.
fn no_wasm_text(lang: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/strings/{lang}.yaml"));
    let text = std::fs::read_to_string(path).expect("strings");
    let line = text.lines().find_map(|l| l.strip_prefix("search_no_wasm: ")).expect("search_no_wasm");
    line.to_string()
}

/// The search page says search cannot run, in its language, with the topics and the phone on
/// screen; the header box offers the topics and a person.
fn assert_offers_topics_and_contact(browser: &Browser, url: &str, lang_prefix: &str, lang: &str) {
    browser.goto(&format!("{url}{lang_prefix}search.html?q=refund"));
    let status = browser.wait_for("return document.getElementById('search-status').textContent;", 15);
    assert_eq!(status, json!(no_wasm_text(lang)), "{lang}");
    let on_screen = browser.eval(
        "const seen = (el) => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top < innerHeight; }; \
         return [document.querySelectorAll('.search-fallback a').length, seen(document.querySelector('.search-fallback a')), \
                 seen(document.querySelector('.search-contact a'))];",
    );
    assert!(on_screen[0].as_u64().unwrap() >= 3 && on_screen[1] == true && on_screen[2] == true, "{lang}: {on_screen}");
    browser.eval("document.getElementById('search-q').focus(); document.getElementById('search-q').select();");
    browser.keys("iade");
    let rows = browser.wait_for(
        "const l = document.getElementById('search-suggestions'); return !l.hidden && \
         [...l.children].map((o) => [o.className, o.textContent, o.dataset.href || '']);",
        15,
    );
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows[0][1], json!(no_wasm_text(lang)), "{lang}: {rows:?}");
    assert_eq!(rows[1][0], "search-topics", "{lang}: {rows:?}");
    assert!(rows[1][2].as_str().unwrap().contains(&format!("{lang_prefix}search.html?q=iade")), "{rows:?}");
    assert_eq!(rows[2][0], "search-contact", "{lang}: {rows:?}");
}

#[test]
fn without_webassembly_search_says_so_in_the_page_language_and_offers_the_topics_and_contact() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 900);
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": NO_WASM}));
    browser.goto(&format!("{}index.html", server.url));
    assert_eq!(browser.eval("return typeof WebAssembly;"), "undefined", "the page has no WebAssembly");
    for (prefix, lang) in [("", "en"), ("hi/", "hi"), ("tr/", "tr")] {
        assert_offers_topics_and_contact(&browser, &server.url, prefix, lang);
    }
}

#[test]
fn a_search_module_that_fails_to_start_is_said_in_the_page_language_too() {
    let site = built_sample();
    let public = site.path().join("public");
    std::fs::write(public.join("assets/search/helpmark-search.wasm"), b"\0asm not really").unwrap();
    let server = Server::start(&public);
    let browser = Browser::start(1000, 900);
    browser.goto(&format!("{}tr/search.html?q=iade", server.url));
    let status = browser.wait_for("return document.getElementById('search-status').textContent;", 15);
    assert_eq!(status, json!(no_wasm_text("tr")));
    let topics = browser.eval("return document.querySelectorAll('.search-fallback a').length;");
    assert!(topics.as_u64().unwrap() >= 3, "{topics}");
}

/// The same measure on any built site (`BENCH_PUBLIC`), to compare themes or versions.
#[test]
#[ignore = "benchmark: BENCH_PUBLIC=path/to/public cargo test --test browser -- --ignored search_page_cls"]
fn search_page_cls_of_a_built_site() {
    let public = std::path::PathBuf::from(std::env::var("BENCH_PUBLIC").expect("BENCH_PUBLIC: a built site"));
    let server = Server::start(&public);
    for (width, height) in [(390, 844), (1366, 768)] {
        let browser = Browser::start(width, height);
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": CLS_WATCH}));
        for page in ["search.html?q=refund", "tr/search.html?q=iade", "search.html?q=where+is+my+order"] {
            let cls = search_page_cls(&browser, &format!("{}{page}", server.url));
            println!("CLS {width}x{height} {page}: {cls:.4}");
        }
    }
}

/// axe-core with the dropdown open on any built site (`BENCH_PUBLIC`), to compare themes or
/// versions; the sample's pages are checked by the look tests (`look::axe_finds_…`).
#[test]
#[ignore = "benchmark: BENCH_PUBLIC=path/to/public cargo test --test browser -- --ignored dropdown_axe"]
fn dropdown_axe_of_a_built_site() {
    let public = std::path::PathBuf::from(std::env::var("BENCH_PUBLIC").expect("BENCH_PUBLIC: a built site"));
    let axe = crate::look::axe_source().expect("axe-core: scripts/install-deps.sh or HELPMARK_AXE");
    let server = Server::start(&public);
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}index.html", server.url));
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("refund");
    browser.wait_for("return document.querySelector('#search-suggestions [role=option]') !== null;", 15);
    println!("axe with the dropdown open: {:?}", crate::look::axe_violations(&browser, &axe));
}
