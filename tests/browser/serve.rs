//! The live preview as an editor meets it (issue 15): `helpmark serve` on a copy of a fixture,
//! an entry open in Chromium, the entry's file edited on disk. The page reloads by itself, the
//! search box finds the new title, a bad edit lays its problems over the last good page, and
//! fixing it takes them away, all under the site's own Content-Security-Policy.

#[path = "../support/preview.rs"]
mod preview;

use crate::site::copied_fixture;
use crate::webdriver::Browser;
use preview::Preview;

const ENTRY: &str = "content/en/billing/refund.md";

/// Marks the open page, so that a reload (which drops the mark) can be told from no reload.
const MARK: &str = "window.helpmarkTestMark = true; return true;";
const RELOADED: &str = "return !window.helpmarkTestMark && document.readyState === 'complete'";

#[test]
fn an_edited_title_shows_after_the_automatic_reload_and_the_search_box_finds_it() {
    let site = copied_fixture("basic");
    let entry = site.path().join(ENTRY);
    let good = std::fs::read_to_string(&entry).expect("entry");
    let preview = Preview::start(site.path(), &[]);
    let browser = Browser::start(1000, 900);
    browser.goto(&format!("{}billing/refund.html", preview.url));
    browser.wait_for("return document.querySelector('h1').textContent === 'How do I get a refund?'", 10);
    browser.eval(MARK);

    let edited = good.replace("title: How do I get a refund?", "title: When will my quokka refund arrive?");
    std::fs::write(&entry, &edited).expect("edit");
    browser.wait_for(
        &format!("{RELOADED} && document.querySelector('h1').textContent === 'When will my quokka refund arrive?'"),
        60,
    );
    // That reload may be the page-first one (the edited page before the rest of the site):
    // the search box is tried once the page shows the whole site produced again.
    wait_for_the_whole_site(&browser, &preview);
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("quokka");
    // The whole word's answer, not what its first letters found (a slow machine draws both; a
    // fresh-clone CI run caught a "no answer" row for them): an option naming the new title.
    let found = browser.wait_for(
        "const o = [...document.querySelectorAll('#search-suggestions [role=option][data-id]')].find(o => o.textContent.includes('quokka')); return o && [o.dataset.id, o.textContent];",
        20,
    );
    assert_eq!(found[0], "refund", "{found}");
    assert!(found[1].as_str().unwrap_or("").contains("quokka"), "{found}");
    // The reload script ran under the page's CSP: an inline script would have been refused.
    let csp = browser.eval("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content;");
    assert!(csp.as_str().unwrap_or("").contains("script-src 'self'"), "{csp}");

    // A bad edit: the last good page stays, with the problem over it.
    browser.eval(MARK);
    std::fs::write(&entry, "---\ntitle: [When will my quokka refund arrive?\n---\nRefunds arrive within 5 days.\n")
        .expect("edit");
    let overlay = browser.wait_for(
        &format!("{RELOADED} && (() => {{ const o = document.getElementById('helpmark-problems'); return o && o.textContent; }})()"),
        60,
    );
    let overlay = overlay.as_str().unwrap_or("").to_string();
    assert!(overlay.contains(ENTRY), "the overlay names the file: {overlay}");
    assert!(overlay.contains("problem"), "the overlay's heading from the strings: {overlay}");
    assert!(overlay.contains("Hint: "), "hints are shown: {overlay}");
    let title = browser.eval("return document.querySelector('h1').textContent;");
    assert_eq!(title, "When will my quokka refund arrive?", "the last good page is still shown");

    // The fix: after the next reload the overlay is gone.
    browser.eval(MARK);
    std::fs::write(&entry, &edited).expect("fix");
    browser.wait_for(&format!("{RELOADED} && document.querySelector('h1') !== null"), 60);
    // The overlay comes from a fetch after the load: give it the time to (wrongly) appear.
    browser.eval_async(
        "const done = arguments[arguments.length - 1]; fetch('/_helpmark/diagnostics').then(r => r.json()).then(() => setTimeout(done, 300));",
        serde_json::json!([]),
    );
    assert_eq!(browser.eval("return document.getElementById('helpmark-problems') === null;"), true);
    drop(browser);
    let (status, said) = preview.stop();
    assert!(status.success(), "{said}");
    assert!(!site.path().join("public").exists(), "serve writes no `public/`");
}

/// Waits until the preview has produced the whole site again and the open page was loaded
/// from it (its reload script carries the version it was served at).
fn wait_for_the_whole_site(browser: &Browser, preview: &Preview) {
    let state = preview.poll("_helpmark/diagnostics", std::time::Duration::from_secs(60), "settled", |r| {
        serde_json::from_slice::<serde_json::Value>(&r.body).is_ok_and(|v| v["settled"] == true)
    });
    let state: serde_json::Value = serde_json::from_slice(&state.body).expect("JSON");
    browser.wait_for(
        &format!(
            "const s = document.querySelector('script[data-version]'); \
             return document.readyState === 'complete' && s !== null && s.dataset.version === '{}';",
            state["version"]
        ),
        60,
    );
}

/// Saves `text` at `path` as editors do: a scratch file the watch ignores, renamed over it.
fn save(path: &std::path::Path, text: &str) {
    let scratch = path.with_extension("md.tmp");
    std::fs::write(&scratch, text).expect("write");
    std::fs::rename(&scratch, path).expect("rename");
}

/// What the search box suggests for `query` on the open page: the ids of its options, once
/// it shows any or says it has none for the whole query. The list is drawn for each letter
/// typed (nothing matches "w" either), and its last row, the way to a human, carries the query
/// it was drawn for.
fn suggestions(browser: &Browser, query: &str) -> serde_json::Value {
    browser.eval("const q = document.getElementById('search-q'); q.value = ''; q.focus();");
    browser.keys(query);
    // An empty list of ids is truthy: it is returned once the box says it found nothing.
    browser.wait_for(
        &format!(
            "const list = document.getElementById('search-suggestions'); if (!list || list.hidden) return null; \
             const contact = document.getElementById('search-option-contact'); \
             if (!contact || !contact.dataset.href.includes(encodeURIComponent({query}))) return null; \
             const ids = [...list.querySelectorAll('[role=option][data-id]')].map(e => e.dataset.id); \
             return (ids.length || list.querySelector('.search-empty')) ? ids : null;",
            query = serde_json::json!(query)
        ),
        20,
    )
}

#[test]
fn an_added_entry_is_found_by_the_search_box_and_a_deleted_one_no_longer() {
    let site = copied_fixture("basic");
    let added = site.path().join("content/en/billing/gift-card.md");
    let preview = Preview::start(site.path(), &[]);
    let browser = Browser::start(1000, 900);
    browser.goto(&format!("{}billing/refund.html", preview.url));
    browser.wait_for("return document.readyState === 'complete'", 10);
    browser.eval(MARK);

    save(&added, "---\ntitle: Can I pay with a wombat voucher?\n---\nYes: enter its code at checkout.\n");
    // The open page reloads: its category now lists one more question. The new page comes
    // first, the search with the whole site.
    browser.wait_for(RELOADED, 60);
    wait_for_the_whole_site(&browser, &preview);
    let found = suggestions(&browser, "wombat");
    assert_eq!(found, serde_json::json!(["gift-card"]), "the new entry's search shards are served");
    browser.goto(&format!("{}billing/gift-card.html", preview.url));
    browser.wait_for("return document.querySelector('h1').textContent === 'Can I pay with a wombat voucher?'", 10);

    browser.goto(&format!("{}billing/refund.html", preview.url));
    browser.wait_for("return document.readyState === 'complete'", 10);
    browser.eval(MARK);
    std::fs::remove_file(&added).expect("delete");
    browser.wait_for(RELOADED, 60);
    wait_for_the_whole_site(&browser, &preview);
    let found = suggestions(&browser, "wombat");
    assert_eq!(found, serde_json::json!([]), "a deleted entry is no longer found");
    drop(browser);
    let (status, said) = preview.stop();
    assert!(status.success(), "{said}");
}
