//! The look (issue 17): the home page's hierarchy, a phone's first screen, and the screenshots
//! kept in `docs/screenshots/` (written only with `HELPMARK_SCREENSHOTS` set).

use crate::site::built_sample;
use crate::webdriver::{Browser, Server};
use serde_json::{json, Value};

/// The pages the screenshots show, by name.
const PAGES: [(&str, &str); 3] =
    [("home", "index.html"), ("entry", "products-warranty/warranty-claim.html"), ("search", "search.html?q=refund")];

/// A browser whose viewport is `width` × `height` CSS pixels: headless Chromium's window has a
/// minimum width of about 500 pixels, so a phone's viewport is set through DevTools.
fn browser_of(width: u32, height: u32) -> Browser {
    let browser = Browser::start(width.max(800), height);
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800}),
    );
    browser
}

/// Sets `prefers-color-scheme` for the pages the browser opens next.
fn colour_scheme(browser: &Browser, scheme: &str) {
    browser.cdp(
        "Emulation.setEmulatedMedia",
        json!({"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    );
}

#[test]
fn the_home_page_asks_how_can_we_help_above_a_large_search_box_then_top_questions_topics_and_contact() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1366, 900);
    for (page, heading) in [("index.html", "How can we help?"), ("tr/index.html", "Size nasıl yardımcı olabiliriz?")]
    {
        browser.goto(&format!("{}{page}", server.url));
        let layout = browser.eval(
            "const top = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().top + scrollY : null; };
             const input = document.getElementById('search-q');
             input.focus();
             return {h1: document.querySelector('h1').textContent, forms: document.querySelectorAll('form.search-form').length,
                     inHero: !!input.closest('.hero'), inHeader: !!document.querySelector('header form'),
                     focused: document.activeElement === input, inputHeight: input.getBoundingClientRect().height,
                     inputWidth: input.getBoundingClientRect().width,
                     order: [top('h1'), top('#search-q'), top('.top-questions'), top('.topics'), top('.contact-block')]};",
        );
        assert_eq!(layout["h1"], heading, "{page}: {layout}");
        assert_eq!(layout["forms"], 1, "{page}: one search box: {layout}");
        assert_eq!((&layout["inHero"], &layout["inHeader"]), (&json!(true), &json!(false)), "{page}: {layout}");
        assert_eq!(layout["focused"], true, "{page}: the search box takes focus: {layout}");
        assert!(layout["inputHeight"].as_f64().unwrap() >= 40.0, "{page}: a large search box: {layout}");
        assert!(layout["inputWidth"].as_f64().unwrap() >= 400.0, "{page}: a wide search box: {layout}");
        let order: Vec<f64> = layout["order"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "{page}: question, search, top questions, topics, contact: {layout}"
        );
    }
}

#[test]
fn on_a_390_pixel_phone_the_header_is_small_and_no_page_scrolls_sideways() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = browser_of(390, 844);
    for scheme in ["light", "dark"] {
        colour_scheme(&browser, scheme);
        for page in [
            "index.html",
            "products-warranty/warranty-claim.html",
            "search.html?q=refund",
            "orders/index.html",
            "hi/index.html",
            "tr/contact.html",
        ] {
            browser.goto(&format!("{}{page}", server.url));
            let state = browser.eval(
                "return {inner: innerWidth, wide: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth, screen: innerHeight,
                         header: document.querySelector('.site-header').getBoundingClientRect().height};",
            );
            let number = |k: &str| state[k].as_f64().unwrap();
            assert_eq!(state["inner"], 390, "the viewport is a phone's: {state}");
            assert!(number("scroll") <= number("inner"), "{page} ({scheme}) scrolls sideways at 390 px: {state}");
            assert!(number("header") <= number("screen") / 4.0, "{page}: the header takes {state}");
        }
    }
}

#[test]
fn screenshots_of_home_an_entry_and_search_results_phone_and_desktop_light_and_dark() {
    let Some(folder) = std::env::var_os("HELPMARK_SCREENSHOTS") else { return };
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    std::fs::create_dir_all(&folder).expect("screenshot folder");
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    for (device, width, height) in [("phone", 390, 844), ("desktop", 1366, 900)] {
        let browser = browser_of(width, height);
        for scheme in ["light", "dark"] {
            colour_scheme(&browser, scheme);
            for (name, page) in PAGES {
                browser.goto(&format!("{}{page}", server.url));
                if name == "search" {
                    browser.wait_for("return document.querySelectorAll('#search-results li').length > 0;", 15);
                }
                // Screenshots show the page at rest: no caret, no focus ring.
                let _: Value = browser.eval("document.activeElement && document.activeElement.blur(); return null;");
                let png = browser.screenshot();
                assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
                std::fs::write(folder.join(format!("{name}-{device}-{scheme}.png")), png).expect("write screenshot");
            }
        }
    }
}

/// axe-core as `scripts/install-deps.sh` installs it (pinned, from npm) unless `HELPMARK_AXE`
/// names another `axe.min.js`. Without it: a failure on CI (`CI` set), a printed note elsewhere.
pub fn axe_source() -> Option<String> {
    let path = std::env::var_os("HELPMARK_AXE").map(std::path::PathBuf::from).unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/axe/node_modules/axe-core/axe.min.js")
    });
    match std::fs::read_to_string(&path) {
        Ok(axe) => Some(axe),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("axe-core is missing on CI ({}: {e}): run scripts/install-deps.sh", path.display())
        }
        Err(e) => {
            println!("note: axe-core not run ({}: {e}); scripts/install-deps.sh installs it", path.display());
            None
        }
    }
}

/// axe-core's violations on the page open in `browser`, as "rule: targets" lines. The page's
/// CSP forbids eval: axe runs in WebDriver's own script context.
pub fn axe_violations(browser: &Browser, axe: &str) -> Vec<String> {
    let script = format!(
        "{axe}\nconst done = arguments[arguments.length - 1];
         axe.run(document, {{resultTypes: ['violations']}}).then(r => done(r.violations.map(v =>
           v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));"
    );
    let found = browser.eval_async(&script, json!([]));
    found.as_array().expect("a list").iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
}

/// Every page type, on a phone and a desktop, light and dark, with the search dropdown closed
/// and then open (typed into the page's search box).
#[test]
fn axe_finds_no_violations_on_every_page_type_phone_and_desktop_light_and_dark_dropdown_open_or_closed() {
    let Some(axe) = axe_source() else { return };
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let mut problems = Vec::new();
    for (width, height) in [(390, 844), (1366, 900)] {
        let browser = browser_of(width, height);
        // The harness sees a violation planted in the page (an image without alt text).
        browser.goto(&format!("{}index.html", server.url));
        browser.eval("document.querySelector('main').append(document.createElement('img'));");
        let planted = axe_violations(&browser, &axe);
        assert!(planted.iter().any(|v| v.starts_with("image-alt: ")), "axe saw: {planted:?}");
        for scheme in ["light", "dark"] {
            colour_scheme(&browser, scheme);
            for (page, typed) in [
                ("index.html", "refund"),
                ("orders/index.html", "refund"),
                ("products-warranty/warranty-claim.html", "refund"),
                ("search.html?q=refund", "refund"),
                ("contact.html", "refund"),
                ("404.html", "refund"),
                ("tr/index.html", "iade"),
                ("hi/search.html?q=otp", "otp"),
            ] {
                browser.goto(&format!("{}{page}", server.url));
                if page.contains("search.html") {
                    browser.wait_for("return document.querySelectorAll('#search-results li').length > 0;", 15);
                }
                for v in axe_violations(&browser, &axe) {
                    problems.push(format!("{page} {width}px {scheme}: {v}"));
                }
                browser.eval("const q = document.getElementById('search-q'); q.value = ''; q.focus();");
                browser.keys(typed);
                browser.wait_for("return document.querySelector('#search-suggestions [role=option]') !== null;", 15);
                for v in axe_violations(&browser, &axe) {
                    problems.push(format!("{page} {width}px {scheme} dropdown open: {v}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
