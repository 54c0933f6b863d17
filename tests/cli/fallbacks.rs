//! Translation fallbacks (issue 15): a page a language lacks, links and related entries to an
//! entry not translated yet, and a translation older than its original.

use crate::support::fixture;

#[test]
fn the_switcher_of_an_untranslated_page_says_so_in_that_language() {
    let site = fixture("basic");
    site.build_ok();
    // `billing/invoice` exists only in English.
    let page = site.read("public/billing/invoice.html");
    assert!(
        page.contains(r##"<a href="#untranslated-tr" hreflang="en" lang="tr"><span class="lang-name">Türkçe</span>"##),
        "{page}"
    );
    assert!(page.contains(r#"<p id="untranslated-tr" class="untranslated" lang="tr" role="note">Bu sayfa henüz Türkçe olarak hazır değil."#));
    assert!(
        !page.contains(r#"hreflang="tr" href"#) && !page.contains("rel=\"alternate\" hreflang=\"tr\""),
        "no alternate claims a Turkish page"
    );
    // A translated page's switcher leads to the translation.
    let refund = site.read("public/billing/refund.html");
    assert!(
        refund.contains(
            r#"<a href="../tr/billing/refund.html" hreflang="tr" lang="tr"><span class="lang-name">Türkçe</span>"#
        ),
        "{refund}"
    );
    assert!(!refund.contains("untranslated-tr"));
}

#[test]
fn a_translation_links_and_relates_to_an_untranslated_entry_in_the_default_language() {
    let site = fixture("basic");
    let tr = site
        .read("content/tr/billing/refund.md")
        .replacen("order: 10\n", "order: 10\nrelated: [invoice]\n", 1)
        .replace("seçin.", "seçin. Fatura için [buraya bakın](invoice.md).");
    site.write("content/tr/billing/refund.md", tr);
    site.build_ok();
    let page = site.read("public/tr/billing/refund.html");
    assert!(
        page.contains(r#"Fatura için <a href="../../billing/invoice.html">"#),
        "the link leads to the English page"
    );
    assert!(
        page.contains(r#"<a href="../../billing/invoice.html" hreflang="en" lang="en"><span class="entry-title">Where is my invoice?</span> <span class="lang-badge">English</span>"#),
        "the related entry is marked with its language:\n{page}"
    );
    // An id no language has is still an error.
    let bad = site.read("content/tr/billing/refund.md").replace("related: [invoice]", "related: [invoise]");
    site.write("content/tr/billing/refund.md", bad);
    assert_eq!(site.run(&["build"]).code, 1);
}

#[test]
fn a_translation_older_than_its_original_says_so_with_a_link_to_it() {
    let site = fixture("basic");
    // The English original was updated on 2026-10-01; the translation is from before.
    let tr = site.read("content/tr/billing/refund.md").replace("updated: 2026-10-01", "updated: 2026-09-01");
    site.write("content/tr/billing/refund.md", tr);
    site.build_ok();
    let page = site.read("public/tr/billing/refund.html");
    assert!(
        page.contains(r#"<p class="outdated" role="note">Bu çeviri güncel olmayabilir: English aslı 2026-10-01 tarihinde güncellendi. <a href="../../billing/refund.html" hreflang="en">Aslını okuyun</a></p>"#),
        "{page}"
    );
    // Up to date again: no notice.
    let tr = site.read("content/tr/billing/refund.md").replace("updated: 2026-09-01", "updated: 2026-10-02");
    site.write("content/tr/billing/refund.md", tr);
    site.build_ok();
    assert!(!site.read("public/tr/billing/refund.html").contains("class=\"outdated\""));
}

#[test]
fn a_search_about_an_untranslated_topic_finds_the_original_marked_with_its_language() {
    let site = fixture("basic");
    // `billing/invoice` exists only in English; the Turkish search looks for it beside its own.
    let run = site.run(&["search", "--lang", "tr", "--json", "where is my invoice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(results[0]["id"], "invoice", "{results}");
    assert_eq!(results[0]["lang"], "en", "marked with its language: {results}");
    assert_eq!(results[0]["url"], "billing/invoice.html");
    let people = site.run(&["search", "--lang", "tr", "where is my invoice"]);
    assert!(people.stdout.starts_with(" 1. Where is my invoice?  (en)  [invoice]"), "{}", people.stdout);
    // A Turkish answer is the Turkish page's own, with no mark.
    let own = site.run(&["search", "--lang", "tr", "--json", "iade"]);
    let own: serde_json::Value = serde_json::from_str(&own.stdout).expect("json");
    assert_eq!(own[0]["id"], "refund");
    assert!(own[0].get("lang").is_none(), "{own}");

    // The site ships the fallback index where the search box says, and only where one is needed.
    site.build_ok();
    assert!(site.path().join("public/_search/tr/fallback/manifest.bin").is_file());
    let turkish = site.read("public/tr/index.html");
    assert!(
        turkish
            .contains(r#"data-fallback="_search/tr/fallback/" data-fallback-lang="en" data-fallback-name="English""#),
        "{turkish}"
    );
    assert!(!site.read("public/index.html").contains("data-fallback"), "the default language has every entry");
    assert!(!site.path().join("public/_search/en/fallback").exists());
}
