//! The search contract, last leg: the wasm client in a real Chromium ranks exactly like Tantivy
//! (`helpmark search`, which the native-reader contract in `tests/search` also checks). Same
//! queries, same entry ids, same order.

use crate::site::built_sample;
use crate::webdriver::{Browser, Server};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// (language, query, as-you-type) — words, sentences, codes, typos, prefixes, three scripts.
const QUERIES: &[(&str, &str, bool)] = &[
    ("en", "refund", false),
    ("en", "where is my order", false),
    ("en", "I still haven't received my refund, what should I do?", false),
    ("en", "paymnet failed", false),
    ("en", "E-1042", false),
    ("en", "MM-482913", false),
    ("en", "otp not received", false),
    ("en", "gift card bal", true),
    ("en", "canc", true),
    // Typed function words are prefixes of the words they begin: "can" of "cancel".
    ("en", "how do I can", true),
    // A synonym phrase with a function word (sample's `log in, sign in, login`), done and typed.
    ("en", "sign in problem", false),
    ("en", "unable to sign in", true),
    ("en", "deliverd but not recieved", false),
    ("tr", "İADE", false),
    ("tr", "iade", false),
    ("tr", "ıade", false),
    ("tr", "kapida odeme", false),
    ("tr", "siparişimi nasıl iptal ederim", false),
    ("tr", "şifre", true),
    ("hi", "रिफ़ंड", false),
    ("hi", "रिफंड कब मिलेगा", false),
    ("hi", "ऑर्डर कैंसल", false),
    ("hi", "paise wapas kaise milenge", false),
    ("hi", "mera order kab aayega", false),
    ("hi", "OTP nahi aaya", false),
    // Function words dropped; built-in synonyms (नकद = कैश = cash) in the manifest.
    ("hi", "पैसा वापसी कितने दिन में होती है", false),
    ("hi", "क्या सामान आने पर नकद दे सकते हैं?", false),
    ("hi", "cash on delivery milega?", false),
    ("hi", "otp", true),
];

fn tantivy_ids(lang: &str, query: &str, prefix: bool) -> Vec<String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_helpmark"));
    cmd.args(["search", "--json", "--limit", "10", "--lang", lang, query])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    if prefix {
        cmd.arg("--prefix");
    }
    let out = cmd.output().expect("run helpmark search");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    results.as_array().expect("list").iter().map(|r| r["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn the_search_box_ranks_every_query_exactly_like_the_build_time_index() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    let mut page_lang = "";
    for &(lang, query, prefix) in QUERIES {
        if lang != page_lang {
            let home = if lang == "en" { String::new() } else { format!("{lang}/") };
            browser.goto(&format!("{}{home}index.html", server.url));
            page_lang = lang;
        }
        let answer = browser.eval_async(
            "const [q, prefix, done] = arguments; \
             window.helpmarkSearch(q, prefix, 10).then(r => done(r.map(x => x.id))).catch(e => done('error: ' + e.message));",
            json!([query, prefix]),
        );
        let browser_ids: Vec<String> =
            serde_json::from_value(answer.clone()).unwrap_or_else(|_| panic!("{query}: {answer}"));
        let expected = tantivy_ids(lang, query, prefix);
        assert!(!expected.is_empty(), "{lang} {query:?}: the contract needs queries that find something");
        assert_eq!(browser_ids, expected, "{lang} {query:?} (prefix: {prefix})");
    }
}

#[test]
fn a_help_center_opened_from_disk_still_searches() {
    let site = built_sample();
    let browser = Browser::start(1000, 800);
    let page = site.path().join("public/search.html");
    browser.goto(&format!("file://{}?q=refund", page.display()));
    let first =
        browser.wait_for("const li = document.querySelector('#search-results li'); return li && li.dataset.id;", 15);
    assert_eq!(first, tantivy_ids("en", "refund", false)[0]);
    // The header box's dropdown draws titles from head files: their disk bundles serve it too.
    let expected = tantivy_ids("en", "refund", true)[0].clone();
    browser.eval("const i = document.querySelector('form.search-form input[name=q]'); i.value = ''; i.focus();");
    browser.keys("refund");
    let shown = format!(
        "const o = document.querySelector('#search-suggestions [role=option][data-id]'); \
         return o && o.dataset.id === {expected:?} && o.textContent;"
    );
    let title = browser.wait_for(&shown, 15);
    assert!(title.as_str().is_some_and(|t| !t.trim().is_empty()), "{title}");
}
