//! The static site as a customer meets it: on a small phone, with a keyboard.

use crate::webdriver::{Browser, Server};
use std::path::Path;
use std::process::Command;

/// Builds the bundled sample help center into a temp dir and returns it.
pub fn built_sample() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_helpmark"))
        .args(["build", "--output"])
        .arg(out.path().join("public"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("CI", "1")
        .status()
        .expect("run helpmark");
    assert!(status.success());
    out
}

#[test]
fn on_a_320_pixel_phone_the_phone_number_is_at_the_top_and_nothing_scrolls_sideways() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(320, 700);
    for page in ["index.html", "orders/track-order.html", "hi/orders/track-order.html", "tr/contact.html"] {
        browser.goto(&format!("{}{page}", server.url));
        let width = browser.eval("return [window.innerWidth, document.documentElement.scrollWidth];");
        assert!(width[1].as_f64() <= width[0].as_f64(), "{page} scrolls sideways at 320 px: {width}");
        let phone = browser.eval(
            "const a = document.querySelector('header a[href^=\"tel:\"]'); const r = a.getBoundingClientRect(); \
             return [r.top, r.bottom, r.width, getComputedStyle(a).visibility];",
        );
        assert!(phone[1].as_f64().unwrap() < 200.0, "{page}: phone link is not near the top: {phone}");
        assert!(phone[2].as_f64().unwrap() > 0.0 && phone[3] == "visible", "{page}: phone link is hidden: {phone}");
    }
}

#[test]
fn pressing_tab_first_offers_a_skip_link_that_jumps_to_the_answer() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}orders/track-order.html", server.url));
    browser.keys("\u{E004}");
    let focused = browser.eval("return document.activeElement.className;");
    assert_eq!(focused, "skip-link");
    let visible = browser.eval("return document.activeElement.getBoundingClientRect().top >= 0;");
    assert_eq!(visible, true, "the focused skip link is on screen");
    browser.keys("\u{E007}");
    browser.wait_for("return location.hash === '#main';", 5);
}

#[test]
fn choosing_turkish_in_the_language_switcher_opens_the_same_answer_in_turkish() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}returns-refunds/refund-time.html", server.url));
    browser.eval("document.querySelector('.languages a[hreflang=\"tr\"]').click();");
    browser.wait_for("return location.pathname.endsWith('/tr/returns-refunds/refund-time.html') && document.documentElement.lang === 'tr';", 10);
}

#[test]
fn typing_a_question_in_the_header_shows_the_matching_answer_instantly() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}orders/track-order.html", server.url));
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("when will I get my refu");
    let first = browser.wait_for(
        "const o = document.querySelector('#search-suggestions [role=option]'); return o && o.dataset.id;",
        15,
    );
    assert_eq!(first, "refund-time");
    assert_eq!(browser.eval("return document.getElementById('search-q').getAttribute('aria-expanded');"), "true");
    browser.keys("\u{E015}\u{E007}"); // ArrowDown, Enter
    browser.wait_for("return location.pathname.endsWith('/returns-refunds/refund-time.html');", 10);
}

#[test]
fn the_search_page_answers_a_turkish_question_typed_without_turkish_letters() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}tr/search.html?q=kapida+odeme+var+mi", server.url));
    let first =
        browser.wait_for("const li = document.querySelector('#search-results li'); return li && li.dataset.id;", 15);
    assert_eq!(first, "cash-on-delivery");
    let marked = browser.eval("return document.querySelector('#search-results mark') !== null;");
    assert_eq!(marked, true, "query words are highlighted");
}

#[test]
fn a_damaged_search_index_shows_a_message_instead_of_hanging() {
    let site = built_sample();
    let public = site.path().join("public");
    std::fs::write(public.join("_search/en/manifest.bin"), b"not an index").unwrap();
    let server = Server::start(&public);
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}search.html?q=refund", server.url));
    let status = browser.wait_for("return document.getElementById('search-status').textContent;", 15);
    assert!(status.as_str().unwrap().starts_with("Search is unavailable"), "{status}");
}
