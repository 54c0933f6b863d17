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

/// Copies `tests/fixtures/<name>` into a temp dir.
pub fn copied_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.expect("walk");
        let target = dir.path().join(entry.path().strip_prefix(&fixture).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    dir
}

/// Copies `tests/fixtures/<name>` into a temp dir, rewrites its `helpmark.yaml` with `config`,
/// and builds it into `public/` there.
pub fn built_fixture(name: &str, config: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = copied_fixture(name);
    let path = dir.path().join("helpmark.yaml");
    let text = std::fs::read_to_string(&path).expect("config");
    std::fs::write(&path, config(text)).expect("write config");
    let status = Command::new(env!("CARGO_BIN_EXE_helpmark"))
        .args(["build", "--source"])
        .arg(dir.path())
        .env("CI", "1")
        .status()
        .expect("run helpmark");
    assert!(status.success());
    dir
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
    // The whole text's first answer; a slow machine first draws what its first words found.
    let first = browser.wait_for(
        "const o = document.querySelector('#search-suggestions [role=option][data-id]'); return o && o.dataset.id === 'refund-time' && o.dataset.id;",
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

/// Lowest WCAG contrast ratio of any visible text on the page, with the element that has it.
const LOWEST_CONTRAST: &str = r#"
const parse = (c) => { const m = c.match(/[\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
let worst = [99, ''];
for (const el of document.querySelectorAll('body *')) {
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const r = el.getBoundingClientRect();
  if (!own || r.width === 0 || getComputedStyle(el).visibility !== 'visible' || el.closest('.visually-hidden, .skip-link')) continue;
  const a = lum(parse(getComputedStyle(el).color)), b = lum(background(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < worst[0]) worst = [ratio, el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40)];
}
return worst;
"#;

#[test]
fn every_text_is_readable_in_light_and_dark_mode() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    for flags in [&[][..], &["--force-dark-mode", "--blink-settings=preferredColorScheme=0"][..]] {
        let browser = Browser::start_with(1000, 1200, flags);
        for page in ["index.html", "orders/track-order.html", "contact.html", "hi/index.html", "tr/search.html?q=iade"]
        {
            browser.goto(&format!("{}{page}", server.url));
            let worst = browser.eval(LOWEST_CONTRAST);
            let ratio = worst[0].as_f64().unwrap_or(0.0);
            assert!(ratio >= 4.5, "{page} {flags:?}: contrast {ratio:.2} below WCAG AA for {}", worst[1]);
        }
        let dark = browser.eval("return matchMedia('(prefers-color-scheme: dark)').matches;");
        assert_eq!(dark, !flags.is_empty(), "the browser ran in the intended colour scheme");
    }
}
