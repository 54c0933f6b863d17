//! A customer on a Turkish page who asks about a topic the site has not translated (issue 17):
//! the English entry is found, first when nothing Turkish answers every word, and says it is
//! in English, in the dropdown and on the results page; the link leads to the English page.

use crate::site::built_sample;
use crate::webdriver::{Browser, Server};
use serde_json::Value;

/// Per drawn result of the search page: id, href, the link's `lang` and its language mark.
const PAGE_RESULTS: &str = "if (document.documentElement.classList.contains('search-pending')) return null; \
    return [...document.querySelectorAll('#search-results li')].map((li) => { const a = li.querySelector('a'); \
      const mark = li.querySelector('.result-lang'); \
      return {id: li.dataset.id, href: a.getAttribute('href'), lang: a.lang, hreflang: a.hreflang, mark: mark && mark.textContent}; });";

#[test]
fn a_turkish_search_about_an_untranslated_topic_finds_the_english_entry_marked_english() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    // "Do you take bulk or business orders?" has no Turkish translation in the sample.
    browser.goto(&format!("{}tr/search.html?q=bulk+order", server.url));
    let found: Value = browser.wait_for(PAGE_RESULTS, 15);
    let first = &found[0];
    assert_eq!(first["id"], "bulk-order", "{found}");
    assert_eq!(first["href"], "../orders/bulk-order.html", "the English page: {found}");
    assert_eq!((first["lang"].as_str(), first["hreflang"].as_str()), (Some("en"), Some("en")));
    assert_eq!(first["mark"], "English");
    // The Turkish page's own answers are there too, unmarked.
    let own: Vec<&Value> = found.as_array().unwrap().iter().filter(|r| r["lang"] == "").collect();
    assert!(!own.is_empty() && own.iter().all(|r| r["mark"].is_null()), "{found}");
    assert!(own.iter().all(|r| r["href"].as_str().unwrap().starts_with("../tr/")), "Turkish pages: {found}");

    // The header box: the same answer first, marked, and choosing it opens the English page.
    browser.goto(&format!("{}tr/index.html", server.url));
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("bulk order");
    let option = browser.wait_for(
        "const o = document.querySelector('#search-suggestions [role=option][data-id]'); \
         return o && [o.dataset.id, o.lang, (o.querySelector('.result-lang') || {}).textContent];",
        15,
    );
    assert_eq!(option, serde_json::json!(["bulk-order", "en", "English"]));
    browser.eval("document.querySelector('#search-suggestions [role=option][data-id]').click();");
    browser.wait_for(
        "return location.pathname.endsWith('/orders/bulk-order.html') && !location.pathname.includes('/tr/');",
        10,
    );
}

#[test]
fn a_turkish_answer_to_the_question_stays_first_and_unmarked() {
    let site = built_sample();
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    browser.goto(&format!("{}tr/search.html?q=kapida+odeme+var+mi", server.url));
    let found: Value = browser.wait_for(PAGE_RESULTS, 15);
    assert_eq!(found[0]["id"], "cash-on-delivery");
    assert_eq!(found[0]["lang"], "", "{found}");
    assert!(found[0]["mark"].is_null());
}
