//! The contact page deflects before it connects, and the search log (issue 16), as a customer
//! meets them in Chromium on the built site under its own Content-Security-Policy: the
//! "Describe your problem" box suggests the right answer in English, Hindi and Turkish and
//! fills the channel links with what was typed; `contact.html?q=` starts with the query; with
//! `search.log_url` each submitted query posts exactly the documented fields to an endpoint on
//! 127.0.0.1 and nothing else leaves the page; without JavaScript the page is a plain form.

use crate::feedback::{endpoint, form_fields, Received};
use crate::hostile::{recording_proxy, strays};
use crate::site::built_sample;
use crate::webdriver::{Browser, Server};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Runs before any script of each page: records what the policy had to block (nothing should).
const WATCH: &str = "window.__violations = []; document.addEventListener('securitypolicyviolation', \
                     (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

/// The first suggestion under the box, once the list shows one.
const FIRST_ANSWER: &str = "const list = document.getElementById('describe-results'); \
                            const li = list.closest('.describe-answers:not([hidden])') && list.querySelector('li'); \
                            return list.dataset.query === document.getElementById('describe-q').value && li && li.dataset.id;";

#[test]
fn describing_a_problem_on_the_contact_page_suggests_the_answer_and_fills_the_email_and_chat_with_it() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 900);
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": WATCH}));
    // Each answer checked with `helpmark search --prefix` on the sample first.
    let cases = [
        ("contact.html", "en", "money left my bank account but I got no order", "payment-failed"),
        ("hi/contact.html", "hi", "मेरा OTP नहीं आ रहा है", "otp-not-received"),
        ("tr/contact.html", "tr", "siparisimi iptal etmek istiyorum", "cancel-order"),
    ];
    for (page, lang, text, answer) in cases {
        browser.goto(&format!("{}{page}", server.url));
        browser.eval("document.getElementById('describe-q').focus();");
        browser.keys(text);
        let first = browser.wait_for(FIRST_ANSWER, 15);
        assert_eq!(first, answer, "{page}: {text}");
        // The answer links to its page, the typed words marked in its title or excerpt.
        let href = browser.eval("return document.querySelector('#describe-results li a').getAttribute('href');");
        assert!(href.as_str().is_some_and(|h| h.ends_with(&format!("{answer}.html"))), "{page}: {href}");
        // The channels follow, the phone first, then the email and chat filled with the text.
        let order = browser.eval(
            "const q = (s) => document.querySelector(s); const box = q('#describe-q'); \
             const phone = q('.contact-block .channel-phone'); \
             return [!!(box.compareDocumentPosition(phone) & Node.DOCUMENT_POSITION_FOLLOWING), \
                     !!(phone.compareDocumentPosition(q('.contact-block .channel-email')) & Node.DOCUMENT_POSITION_FOLLOWING)];",
        );
        assert_eq!(order, json!([true, true]), "{page}: box, then phone, then email");
        let links = browser.eval(
            "return [document.querySelector('.channel-email a').href, document.querySelector('.channel-chat a').href, \
                     document.querySelector('.describe-prefilled').hidden];",
        );
        let (mail, chat) = (links[0].as_str().expect("mail"), links[1].as_str().expect("chat"));
        let encoded = browser.eval(&format!("return encodeURIComponent({});", json!(text)));
        let encoded = encoded.as_str().expect("encoded");
        assert!(mail.starts_with("mailto:help@marigold.example?subject="), "{mail}");
        assert!(mail.contains(&format!("subject={}", subject_prefix(lang))), "{page}: {mail}");
        assert!(mail.contains(&format!("&body={encoded}%0A")), "the body starts with the text: {mail}");
        assert!(mail.contains(&format!("lang%3A%20{lang}%0Aquery%3A%20{encoded}%0A")), "labelled: {mail}");
        assert_eq!(chat, format!("https://marigold.example/chat?lang={lang}&q={encoded}"), "{page}");
        assert_eq!(links[2], false, "the page says the channels carry the text");
        assert_eq!(browser.eval("return window.__violations;"), json!([]), "{page}: the policy blocked something");
    }
    // Emptied, the links are the plain channels again.
    browser.eval("const b = document.getElementById('describe-q'); b.value = ''; b.dispatchEvent(new Event('input'));");
    browser.wait_for(
        "return document.querySelector('.channel-chat a').getAttribute('href') === 'https://marigold.example/chat';",
        5,
    );
}

#[test]
fn the_box_leaves_out_weak_matches_as_the_search_page_does() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 900);
    browser.goto(&format!("{}contact.html", server.url));
    // On the sample, the engine's top five for this text end with two answers that share only
    // a weak word with it (under a tenth of the best score: checked with `helpmark search`).
    let text = "how do I change my password";
    browser.eval("document.getElementById('describe-q').focus();");
    browser.keys(text);
    assert_eq!(browser.wait_for(FIRST_ANSWER, 15), "reset-password");
    // The same engine unfiltered (`window.helpmarkSearch`, as the box asks it while typing).
    let ranked = browser.eval_async(
        "const done = arguments[arguments.length - 1];          window.helpmarkSearch(arguments[0], true, 5).then((rs) => done(rs.map((r) => [r.id, r.score])), (e) => done(String(e)));",
        json!([text]),
    );
    let ranked: Vec<(String, f64)> = ranked
        .as_array()
        .unwrap_or_else(|| panic!("ranked: {ranked}"))
        .iter()
        .map(|r| (r[0].as_str().expect("id").to_string(), r[1].as_f64().expect("score")))
        .collect();
    let best = ranked[0].1;
    let kept: Vec<&str> = ranked.iter().filter(|r| r.1 >= 0.1 * best).map(|r| r.0.as_str()).collect();
    assert!(kept.len() < ranked.len(), "no weak match among {ranked:?}: the test tests nothing");
    let shown =
        browser.eval("return [...document.querySelectorAll('#describe-results li')].map((li) => li.dataset.id);");
    assert_eq!(shown, json!(kept), "the answers at least a tenth of the best score, in order (ranked: {ranked:?})");
}

/// The encoded start of the contact page's mail subject in `lang` (the theme's strings).
fn subject_prefix(lang: &str) -> &'static str {
    match lang {
        "hi" => "%E0%A4%B8%E0%A4%B9%E0%A4%BE%E0%A4%AF%E0%A4%A4%E0%A4%BE%20", // सहायता
        "tr" => "Yard%C4%B1m%20talebi%3A%20",
        _ => "Help%20request%3A%20",
    }
}

#[test]
fn a_contact_page_opened_from_a_search_that_found_nothing_starts_with_the_query() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 900);
    browser.goto(&format!("{}tr/contact.html?q=kapida%20odeme%20var%20mi&lang=tr", server.url));
    let first = browser.wait_for(FIRST_ANSWER, 15);
    assert_eq!(first, "cash-on-delivery");
    let state = browser
        .eval("return [document.getElementById('describe-q').value, document.querySelector('.channel-chat a').href];");
    assert_eq!(state[0], "kapida odeme var mi");
    assert_eq!(state[1], "https://marigold.example/chat?lang=tr&q=kapida%20odeme%20var%20mi");
}

#[test]
fn a_contact_page_opened_from_disk_still_suggests_answers() {
    let site = built_sample();
    let browser = Browser::start(1000, 900);
    let page = site.path().join("public/hi/contact.html");
    browser.goto(&format!("file://{}?q=paise%20kat%20gaye%20par%20order%20nahi%20hua", page.display()));
    let first = browser.wait_for(FIRST_ANSWER, 15);
    assert_eq!(first, "payment-failed", "Hindi typed in Latin letters, from file://");
}

#[test]
fn without_javascript_the_contact_page_shows_the_channels_and_a_plain_form_that_searches() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start_with(1000, 900, &["--blink-settings=scriptEnabled=false"]);
    browser.goto(&format!("{}hi/contact.html?q=ignored", server.url));
    let state = browser.eval(
        "const q = (s) => document.querySelector(s); \
         return {helpmark: typeof window.helpmark, box: q('#describe-q').value, answers: q('.describe-answers').hidden, \
                 note: q('.describe-prefilled').hidden, action: q('.describe-form').getAttribute('action'), \
                 method: q('.describe-form').method, name: q('#describe-q').name, \
                 phone: q('.channel-phone a').getAttribute('href'), mail: q('.channel-email a').getAttribute('href'), \
                 chat: q('.channel-chat a').getAttribute('href')};",
    );
    assert_eq!(state["helpmark"], "undefined", "no page script ran: {state}");
    assert_eq!(state["box"], "", "nothing filled the box: {state}");
    assert_eq!((state["answers"].as_bool(), state["note"].as_bool()), (Some(true), Some(true)), "{state}");
    assert_eq!(
        (&state["action"], &state["method"], &state["name"]),
        (&json!("../hi/search.html"), &json!("get"), &json!("q")),
        "{state}"
    );
    assert_eq!(state["phone"], "tel:+9118002667400");
    assert_eq!(state["mail"], "mailto:help@marigold.example", "a plain address that opens the mail program");
    assert_eq!(state["chat"], "https://marigold.example/chat");
    // The form works: writing and sending it opens the search page with the text.
    browser.eval("document.getElementById('describe-q').value = 'OTP नहीं आया'; document.querySelector('.describe-form button').click();");
    let landed = browser.wait_for("return location.pathname.endsWith('/hi/search.html') && location.search;", 10);
    assert_eq!(landed, "?q=OTP+%E0%A4%A8%E0%A4%B9%E0%A5%80%E0%A4%82+%E0%A4%86%E0%A4%AF%E0%A4%BE");
}

/// The feedback fixture (en, tr) with no feedback endpoint and `log` as its `search:`,
/// built into `public/` in a temp dir.
fn built_with_search(log: &str) -> tempfile::TempDir {
    crate::site::built_fixture("feedback", |text| {
        let without = text.replace("feedback:\n  url: https://forms.acme.test/helpful\n", "");
        assert_ne!(without, text, "the fixture has a feedback endpoint to take out");
        format!("{without}{log}")
    })
}

/// What a customer does with the search, three times: opens the search page with a query and
/// leaves it, picks an answer from the dropdown, picks a result on the search page; then asks
/// on the contact page and chooses the chat.
fn search_three_ways(browser: &Browser, url: &str) {
    browser.goto(&format!("{url}search.html?q=cancel%20order"));
    browser.wait_for("return document.querySelector('#search-results li') !== null;", 15);
    browser.goto(&format!("{url}index.html"));
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("can I cancel");
    // The whole query's answers, not those of its first letters (a slow machine draws both).
    browser.wait_for(
        "const o = document.querySelector('#search-suggestions [role=option][data-id]'); return o !== null && o.dataset.id === 'cancel';",
        15,
    );
    browser.keys("\u{E015}\u{E007}"); // ArrowDown, Enter
    browser.wait_for("return location.pathname.endsWith('/orders/cancel.html');", 10);
    browser.goto(&format!("{url}tr/search.html?q=iptal"));
    let first = browser.wait_for("const a = document.querySelector('#search-results li a'); return a && a.href;", 15);
    browser.eval("document.querySelector('#search-results li a').click();");
    browser.wait_for(&format!("return location.href === {first};"), 10);
    browser.goto(&format!("{url}contact.html"));
    browser.eval("document.getElementById('describe-q').focus();");
    browser.keys("zebra quokka");
    browser.wait_for("return document.getElementById('describe-status').textContent.length > 0;", 15);
    // The chat link opens another site: only its click is of interest here, not the page.
    browser.eval(
        "const a = document.querySelector('.channel-chat a'); a.addEventListener('click', (e) => e.preventDefault()); a.click();",
    );
}

/// Waits until `received` holds `n` requests (or 10 s), then a little longer for strays.
fn settle(received: &Received, n: usize) -> Vec<(String, String)> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while received.lock().expect("log").len() < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    received.lock().expect("log").clone()
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn each_submitted_query_posts_exactly_the_documented_fields_to_the_search_log_and_nothing_else_leaves() {
    let (port, received) = endpoint();
    let site = built_with_search(&format!("search:\n  log_url: http://127.0.0.1:{port}/log\n"));
    let server = Server::start(&site.path().join("public"));
    let (proxy_port, outside) = recording_proxy();
    let proxy = format!("--proxy-server=http://127.0.0.1:{proxy_port}");
    let browser = Browser::start_with(1000, 900, &[proxy.as_str()]);
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({"source": WATCH}));
    search_three_ways(&browser, &server.url);
    assert_eq!(browser.eval("return window.__violations;"), json!([]), "the policy allows the log");
    browser.goto(&format!("{}index.html", server.url));

    let requests = settle(&received, 4);
    let lines: Vec<&str> = requests.iter().map(|(line, _)| line.as_str()).collect();
    assert_eq!(lines, ["POST /log"; 4], "one post per submitted query: {requests:?}");
    let got: Vec<BTreeMap<String, String>> = requests.iter().map(|(_, body)| form_fields(body)).collect();
    let count = |i: usize| got[i].get("results").cloned().unwrap_or_default();
    assert!(count(0).parse::<u32>().is_ok_and(|n| n > 0), "{got:?}");
    assert_eq!(
        got,
        [
            fields(&[("query", "cancel order"), ("lang", "en"), ("results", &count(0))]),
            fields(&[("query", "can I cancel"), ("lang", "en"), ("results", &count(1)), ("entry", "cancel")]),
            fields(&[("query", "iptal"), ("lang", "tr"), ("results", &count(2)), ("entry", "cancel")]),
            fields(&[("query", "zebra quokka"), ("lang", "en"), ("results", "0")]),
        ],
        "exactly query, lang, results and the entry chosen"
    );
    assert!(strays(&outside.lock().expect("proxy"), &[]).is_empty(), "requests left the origin: {outside:?}");
}

#[test]
fn without_a_search_log_url_searching_sends_nothing_anywhere() {
    let (port, received) = endpoint();
    // The endpoint exists but the site names none: nothing may reach it or any other host.
    let site = built_with_search("");
    let server = Server::start(&site.path().join("public"));
    let (proxy_port, outside) = recording_proxy();
    let proxy = format!("--proxy-server=http://127.0.0.1:{proxy_port}");
    let browser = Browser::start_with(1000, 900, &[proxy.as_str()]);
    search_three_ways(&browser, &server.url);
    let origins = browser
        .eval("return [...new Set(performance.getEntriesByType('resource').map((r) => new URL(r.name).origin))];");
    assert_eq!(origins, json!([server.url.trim_end_matches('/')]), "only the site's own files");
    browser.goto(&format!("{}index.html", server.url));
    assert!(settle(&received, 1).is_empty(), "the endpoint on {port} got something");
    assert!(strays(&outside.lock().expect("proxy"), &[]).is_empty(), "requests left the origin: {outside:?}");
}
