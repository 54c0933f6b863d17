//! What search engines, browsers, link previews, hosts and assistants read (issue 17): the
//! Content-Security-Policy (`_headers` and `<meta>`), meta description, `noindex`, Open Graph,
//! OpenSearch, `llms.txt`, the JSON export, and category pages that stay small.

use crate::support::{fixture, main_of, Site};

/// The `content` attribute of the first `<meta>` whose `key` attribute is `value`.
fn meta<'a>(html: &'a str, key: &str, value: &str) -> Option<&'a str> {
    let at = html.find(&format!("<meta {key}=\"{value}\" content=\""))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    Some(&rest[start..start + rest[start..].find('"')?])
}

#[test]
fn the_build_writes_the_content_security_policy_for_hosts_and_into_every_page() {
    let site = fixture("basic");
    site.build_ok();
    let headers = site.read("public/_headers");
    let policy = headers.lines().find_map(|l| l.trim().strip_prefix("Content-Security-Policy: ")).expect("CSP");
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.split("; ").any(|d| d == directive), "{directive} missing from {policy}");
    }
    assert!(headers.starts_with("# ") && headers.contains("\n/*\n"), "{headers}");
    for safe in
        ["X-Content-Type-Options: nosniff", "Referrer-Policy: strict-origin-when-cross-origin", "X-Frame-Options: DENY"]
    {
        assert!(headers.contains(safe), "{safe} missing:\n{headers}");
    }
    for page in ["public/index.html", "public/billing/refund.html", "public/tr/search.html", "public/404.html"] {
        let html = site.read(page);
        let content = meta(&html, "http-equiv", "Content-Security-Policy").expect("meta CSP").replace("&#39;", "'");
        assert!(content.contains("script-src 'self' 'wasm-unsafe-eval'"), "{page}: {content}");
        assert!(!content.contains("frame-ancestors"), "a <meta> cannot set frame-ancestors: {content}");
        // Before anything the page loads.
        assert!(html.find("http-equiv").unwrap() < html.find("<link").unwrap(), "{page}");
    }
}

#[test]
fn a_site_that_publishes_raw_html_gets_no_policy_that_would_break_it() {
    let site = fixture("basic");
    let config = site.read("helpmark.yaml");
    site.write("helpmark.yaml", format!("{config}markdown:\n  unsafe_html: true\n"));
    site.write("content/en/billing/widget.md", "---\ntitle: Widget\n---\n<div onclick=\"open()\">widget</div>\n");
    site.build_ok();
    assert!(site.read("public/billing/widget.html").contains(r#"<div onclick="open()">widget</div>"#));
    assert!(!site.read("public/billing/widget.html").contains("Content-Security-Policy"));
    let headers = site.read("public/_headers");
    assert!(!headers.contains("Content-Security-Policy") && headers.contains("X-Content-Type-Options"), "{headers}");
}

/// The basic site with one more entry, `billing/internal.md`, that asks not to be indexed.
fn with_noindex_entry() -> Site {
    let site = fixture("basic");
    site.write(
        "content/en/billing/internal.md",
        "---\ntitle: Internal refund codes\ndescription: Codes \"agents\" use <b>only</b>.\nnoindex: true\n---\nCode R-7.\n",
    );
    site.build_ok();
    site
}

#[test]
fn description_and_noindex_from_front_matter_reach_the_page_and_keep_it_out_of_every_index() {
    let site = with_noindex_entry();
    let page = site.read("public/billing/internal.html");
    assert_eq!(meta(&page, "name", "description"), Some("Codes &quot;agents&quot; use &lt;b&gt;only&lt;/b&gt;."));
    assert_eq!(meta(&page, "name", "robots"), Some("noindex"));
    assert_eq!(meta(&page, "property", "og:description"), meta(&page, "name", "description"));
    let url = "https://help.acme.test/billing/internal.html";
    for file in ["public/sitemap.xml", "public/llms.txt", "public/faq.json"] {
        assert!(!site.read(file).contains(url), "{file} lists the noindex entry");
    }
    // Without `description`, the answer's start (the search and 404 pages: the next test).
    let refund = site.read("public/billing/refund.html");
    assert!(meta(&refund, "name", "description").unwrap().starts_with("Open Orders and choose Return."));
    assert_eq!(meta(&refund, "name", "robots"), None);
}

#[test]
fn the_search_page_may_be_indexed_as_one_page_and_not_found_may_not() {
    let site = fixture("basic");
    site.build_ok();
    let search = site.read("public/search.html");
    assert_eq!(meta(&search, "name", "robots"), None, "Lighthouse's SEO audit fails a noindex page");
    // Every `search.html?q=…` names the bare page as canonical: one page to index.
    assert!(search.contains(r#"<link rel="canonical" href="https://"#) && search.contains(r#"/search.html">"#));
    assert!(!site.read("public/sitemap.xml").contains("search.html"), "the sitemap lists answers, not the form");
    assert_eq!(meta(&site.read("public/404.html"), "name", "robots"), Some("noindex"));
}

#[test]
fn pages_carry_open_graph_and_twitter_card_tags() {
    let site = fixture("basic");
    site.build_ok();
    let page = site.read("public/tr/billing/refund.html");
    assert_eq!(meta(&page, "property", "og:type"), Some("article"));
    assert_eq!(meta(&page, "property", "og:url"), Some("https://help.acme.test/tr/billing/refund.html"));
    assert_eq!(meta(&page, "property", "og:site_name"), Some("Acme Yardım"));
    assert_eq!(meta(&page, "property", "og:locale"), Some("tr"));
    assert!(meta(&page, "property", "og:title").is_some_and(|t| !t.is_empty()));
    assert_eq!(meta(&page, "name", "twitter:card"), Some("summary"));
    assert_eq!(meta(&site.read("public/index.html"), "property", "og:type"), Some("website"));
}

#[test]
fn browsers_find_an_opensearch_description_per_language() {
    let site = fixture("basic");
    site.build_ok();
    for (page, file, search) in [
        ("public/billing/refund.html", "public/opensearch.xml", "https://help.acme.test/search.html?q={searchTerms}"),
        ("public/tr/index.html", "public/tr/opensearch.xml", "https://help.acme.test/tr/search.html?q={searchTerms}"),
    ] {
        let xml = site.read(file);
        let doc = roxmltree::Document::parse(&xml).expect("OpenSearch description is XML");
        let url = doc.descendants().find(|n| n.has_tag_name("Url")).expect("Url");
        assert_eq!(url.attribute("template"), Some(search), "{xml}");
        let short = doc.descendants().find(|n| n.has_tag_name("ShortName")).and_then(|n| n.text()).unwrap();
        assert!(!short.is_empty() && short.chars().count() <= 16, "{short}");
        let html = site.read(page);
        let href = if page.contains("/tr/") { "../tr/opensearch.xml" } else { "../opensearch.xml" };
        assert!(
            html.contains(r#"<link rel="search" type="application/opensearchdescription+xml" title=""#)
                && html.contains(&format!(r#"href="{href}">"#)),
            "{page} links no OpenSearch description"
        );
    }
}

#[test]
fn assistants_get_llms_txt_and_every_question_and_answer_as_json() {
    let site = with_noindex_entry();
    let llms = site.read("public/llms.txt");
    assert!(llms.starts_with("# Acme Help\n\n> "), "{llms}");
    assert!(
        llms.contains("\n## Billing\n\n- [How do I get a refund?](https://help.acme.test/billing/refund.html): "),
        "{llms}"
    );
    assert!(llms.contains("https://help.acme.test/faq.json"), "{llms}");
    assert!(llms.contains("\n## Other languages\n\n- [tr](https://help.acme.test/tr/llms.txt)"), "{llms}");
    assert!(site.read("public/tr/llms.txt").starts_with("# Acme Yardım\n"));

    let json: serde_json::Value = serde_json::from_str(&site.read("public/faq.json")).expect("faq.json is JSON");
    assert_eq!(json["language"], "en");
    let entries = json["entries"].as_array().expect("entries");
    let refund = entries.iter().find(|e| e["id"] == "refund").expect("refund");
    assert_eq!(refund["question"], "How do I get a refund?");
    assert_eq!(refund["url"], "https://help.acme.test/billing/refund.html");
    assert_eq!(refund["category_title"], "Billing");
    assert_eq!(refund["aliases"][0], "money back");
    assert!(refund["answer_html"].as_str().unwrap().contains("<strong>Orders</strong>"));
    assert!(refund["answer_text"].as_str().unwrap().contains("Refunds arrive within 5 days."));
    let tr: serde_json::Value = serde_json::from_str(&site.read("public/tr/faq.json")).expect("JSON");
    assert_eq!(tr["language"], "tr");
    assert_eq!(tr["entries"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_category_of_many_questions_is_split_into_small_pages() {
    let site = fixture("single-language");
    for i in 0..120 {
        site.write(
            &format!("content/general/q{i:03}.md"),
            format!("---\ntitle: Question number {i:03}?\norder: {i}\n---\n{}\n", "A long answer. ".repeat(100)),
        );
    }
    site.build_ok();
    let first = site.read("public/general/index.html");
    let links = |html: &str| {
        main_of(html).matches("<li><a href=\"../general/q").count()
            + main_of(html).matches("<li><a href=\"../../../general/q").count()
    };
    assert_eq!(links(&first), 50);
    assert!(first.len() < 40_000, "the first page is {} bytes", first.len());
    assert!(first.contains(r#"href="../general/page/2/index.html" rel="next""#), "{}", main_of(&first));
    let third = site.read("public/general/page/3/index.html");
    assert_eq!(links(&third), 20, "120 questions: 50 + 50 + 20");
    assert!(third.contains("Hello?"), "the entry without `order` comes last");
    assert!(third.contains(r#"href="../../../general/page/2/index.html" rel="prev""#), "{}", main_of(&third));
    assert!(third.contains("<title>General · Page 3 of 3 · Solo</title>"), "{third}");
    // The page's JSON-LD lists its own questions, numbered within the category.
    let open = r#"<script type="application/ld+json">"#;
    let start = third.find(open).expect("JSON-LD") + open.len();
    let json: serde_json::Value =
        serde_json::from_str(&third[start..start + third[start..].find("</script>").unwrap()]).unwrap();
    assert_eq!(json["@type"], "ItemList");
    assert_eq!(json["itemListElement"][0]["position"], 101);
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://solo.test/sub/general/page/3/</loc>"), "{sitemap}");
}
