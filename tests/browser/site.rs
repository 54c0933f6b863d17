//! The static site as a customer meets it: on a small phone, with a keyboard.

use crate::webdriver::{Browser, Server};
use std::path::Path;
use std::process::Command;

/// Builds the bundled sample help center into a temp dir and returns it.
fn built_sample() -> tempfile::TempDir {
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
