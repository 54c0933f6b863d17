//! `helpmark build` on valid sites: pages, links, languages, machine-readable files, and the
//! guarantees CI relies on (determinism, atomic output).

use crate::support::{fixture, main_of};

#[test]
fn builds_every_page_of_a_two_language_site() {
    let site = fixture("basic");
    site.build_ok();
    for page in [
        "public/index.html",
        "public/billing/index.html",
        "public/billing/refund.html",
        "public/orders/cancel.html",
        "public/contact.html",
        "public/search.html",
        "public/404.html",
        "public/tr/index.html",
        "public/tr/billing/refund.html",
        "public/sitemap.xml",
        "public/robots.txt",
        "public/feed.xml",
        "public/tr/feed.xml",
        "public/assets/style.css",
    ] {
        assert!(site.path().join(page).is_file(), "missing {page}");
    }
}

#[test]
fn summary_line_names_pages_languages_and_time_outside_ci() {
    let site = fixture("basic");
    let run = site.run_with(&["build"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stderr.lines().last().unwrap_or_default();
    assert!(line.starts_with("built 15 pages in 2 languages in "), "{line}");
    assert!(line.contains(" ms → "), "{line}");
}

#[test]
fn ci_build_prints_nothing_on_success() {
    let site = fixture("basic");
    let run = site.build_ok();
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
}

#[test]
fn phone_is_a_tel_link_in_the_header_of_every_page() {
    let site = fixture("basic");
    site.build_ok();
    let pages: Vec<_> =
        site.files("public").into_iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "html")).collect();
    assert!(pages.len() >= 10);
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        let header = &html[html.find("<header").unwrap()..html.find("</header>").unwrap()];
        assert!(header.contains(r#"href="tel:+18005550100""#), "no phone link in header of {}", path.display());
        assert!(
            header.contains("Toll-free") || header.contains("Ücretsiz"),
            "toll-free not marked in {}",
            path.display()
        );
    }
}

#[test]
fn contact_page_lists_the_phone_first_then_email_chat_hours_and_promise() {
    let site = fixture("basic");
    site.build_ok();
    let html = site.read("public/contact.html");
    let main = main_of(&html);
    let at = |needle: &str| main.find(needle).unwrap_or_else(|| panic!("{needle} missing from contact page"));
    assert!(at("tel:+18005550100") < at("mailto:help@acme.test"));
    assert!(at("mailto:help@acme.test") < at("https://acme.test/chat"));
    assert!(at("https://acme.test/chat") < at("Monday to Friday"));
    assert!(main.contains("We answer every message within 24 hours."));
}

#[test]
fn translated_pages_link_each_other_with_hreflang() {
    let site = fixture("basic");
    site.build_ok();
    let en = site.read("public/billing/refund.html");
    let tr = site.read("public/tr/billing/refund.html");
    for html in [&en, &tr] {
        assert!(
            html.contains(r#"<link rel="alternate" hreflang="en" href="https://help.acme.test/billing/refund.html">"#)
        );
        assert!(html
            .contains(r#"<link rel="alternate" hreflang="tr" href="https://help.acme.test/tr/billing/refund.html">"#));
        assert!(html.contains(
            r#"<link rel="alternate" hreflang="x-default" href="https://help.acme.test/billing/refund.html">"#
        ));
    }
    assert!(en.contains(r#"<html lang="en""#));
    assert!(tr.contains(r#"<html lang="tr""#));
    // The switcher leads to the same entry in the other language.
    assert!(
        en.contains(
            r#"<a href="../tr/billing/refund.html" hreflang="tr" lang="tr"><span class="lang-name">Türkçe</span>"#
        ),
        "{en}"
    );
    // An untranslated entry has no alternates; its switcher shows a note that leads to the
    // language's home (see `fallbacks.rs`).
    let cancel = site.read("public/orders/cancel.html");
    assert!(!cancel.contains("hreflang=\"tr\" href="));
    assert!(cancel
        .contains(r##"<a href="#untranslated-tr" hreflang="en" lang="tr"><span class="lang-name">Türkçe</span>"##));
    assert!(cancel.contains(r#"<a href="../tr/index.html" hreflang="tr">Yardım merkezi</a>"#), "{cancel}");
}

#[test]
fn ui_strings_follow_the_page_language() {
    let site = fixture("basic");
    site.build_ok();
    assert!(site.read("public/tr/billing/refund.html").contains("Hâlâ yardıma mı ihtiyacınız var?"));
    assert!(site.read("public/billing/refund.html").contains("Still need help?"));
}

#[test]
fn json_ld_is_a_parseable_faq_page() {
    let site = fixture("basic");
    site.build_ok();
    let html = site.read("public/billing/refund.html");
    let open = r#"<script type="application/ld+json">"#;
    let start = html.find(open).expect("json-ld present") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let value: serde_json::Value = serde_json::from_str(&html[start..end]).expect("valid JSON");
    assert_eq!(value["@type"], "FAQPage");
    assert_eq!(value["mainEntity"][0]["name"], "How do I get a refund?");
    assert!(value["mainEntity"][0]["acceptedAnswer"]["text"].as_str().unwrap().contains("<strong>Orders</strong>"));
}

#[test]
fn sitemap_is_valid_xml_with_alternates() {
    let site = fixture("basic");
    site.build_ok();
    let xml = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is XML");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://help.acme.test/billing/refund.html"));
    assert!(locs.contains(&"https://help.acme.test/tr/"));
    assert!(!locs.iter().any(|l| l.contains("404") || l.contains("secret-plan")));
    let alternates =
        doc.descendants().filter(|n| n.tag_name().name() == "link" && n.attribute("hreflang") == Some("tr")).count();
    assert!(alternates >= 3, "home, contact, category and refund have a Turkish version");
    roxmltree::Document::parse(&site.read("public/feed.xml")).expect("feed is XML");
}

#[test]
fn rebuild_is_byte_identical() {
    let site = fixture("basic");
    site.build_ok();
    let first = site.files("public");
    site.run(&["build", "--output", "again"]);
    assert_eq!(first, site.files("again"));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = fixture("basic");
    site.build_ok();
    let before = site.files("public");
    site.write("content/en/billing/refund.md", "---\ntitle: [unclosed\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`public` was left as it was"), "{}", run.stderr);
    assert_eq!(before, site.files("public"));
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn drafts_are_published_only_with_the_drafts_flag() {
    let site = fixture("basic");
    site.build_ok();
    assert!(!site.path().join("public/orders/secret-plan.html").exists());
    assert!(!site.read("public/orders/index.html").contains("secret plan"));
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.path().join("public/orders/secret-plan.html").exists());
}

#[test]
fn a_draft_shown_with_the_drafts_flag_has_a_banner_and_is_in_no_sitemap_feed_or_llms_txt() {
    let site = fixture("basic");
    // Dated, and newer than every other entry: the feed would list it first if it took drafts.
    let draft =
        site.read("content/en/orders/secret-plan.md").replace("draft: true", "draft: true\nupdated: 2030-01-01");
    site.write("content/en/orders/secret-plan.md", draft);
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    let page = site.read("public/orders/secret-plan.html");
    assert!(
        page.contains(r#"<p class="draft-banner" role="note">Draft: this answer is not published yet."#),
        "{}",
        main_of(&page)
    );
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(!site.read("public/sitemap.xml").contains("secret-plan"));
    assert!(!site.read("public/feed.xml").contains("secret-plan"));
    assert!(
        !site.read("public/llms.txt").contains("secret plan") && !site.read("public/faq.json").contains("secret plan")
    );
    assert!(site.read("public/feed.xml").contains("<entry>"), "the other entries are still in the feed");
    let published = site.read("public/billing/refund.html");
    assert!(!published.contains("draft-banner"), "only drafts carry the banner");
}

#[test]
fn markdown_links_to_entries_become_page_links() {
    let site = fixture("basic");
    site.build_ok();
    let html = site.read("public/billing/refund.html");
    assert!(html.contains(r#"<a href="../orders/cancel.html">cancel the order</a>"#), "{}", main_of(&html));
    assert!(html.contains(r#"<h2 id="how-long-does-it-take">"#));
}

#[test]
fn entry_page_main_content() {
    let site = fixture("basic");
    site.build_ok();
    insta::assert_snapshot!(main_of(&site.read("public/billing/refund.html")));
}

#[test]
fn home_page_main_content() {
    let site = fixture("basic");
    site.build_ok();
    insta::assert_snapshot!(main_of(&site.read("public/index.html")));
}

#[test]
fn base_url_flag_overrides_the_config() {
    let site = fixture("basic");
    assert_eq!(site.run(&["build", "--base-url", "https://other.test/help"]).code, 0);
    assert!(site.read("public/sitemap.xml").contains("<loc>https://other.test/help/billing/refund.html</loc>"));
}

#[test]
fn one_language_site_needs_no_language_folder() {
    let site = fixture("single-language");
    site.build_ok();
    let html = site.read("public/general/hello.html");
    assert!(html.contains(r#"href="tel:+442079460000""#));
    assert!(!html.contains("hreflang"), "a one-language site has no alternates");
    // The 404 page may be served at any depth, so it links from the base path.
    assert!(site.read("public/404.html").contains(r#"href="/sub/assets/style.css""#));
}

#[test]
fn theme_overrides_files_one_by_one() {
    let site = fixture("theme-override");
    site.build_ok();
    let html = site.read("public/general/index.html");
    assert!(html.contains(r#"<ul class="acme-list">"#), "overridden partial is used");
    assert!(html.contains("skip-link"), "built-in base template still used");
    assert_eq!(site.read("public/assets/style.css"), "body { color: rebeccapurple; }\n");
    assert!(site.path().join("public/assets/favicon.svg").exists());
}

#[test]
fn a_theme_strings_file_overrides_key_by_key() {
    let site = fixture("theme-override");
    // One key: every other string stays the built-in one.
    site.write("themes/acme/strings/en.yaml", "search_placeholder: Ask the Acme help desk\n");
    site.build_ok();
    let home = site.read("public/index.html");
    assert!(home.contains("Ask the Acme help desk"), "the site's string is used");
    assert!(!home.contains("Search for answers"), "and replaces the built-in one");
    assert!(site.read("public/contact.html").contains("Contact us"), "other strings are kept");
}

#[test]
fn a_broken_template_is_reported_once_and_the_previous_site_stays() {
    let site = fixture("theme-override");
    site.build_ok();
    let before = site.files("public");
    // Fails while rendering (not while parsing): every entry page meets the same error.
    site.write(
        "themes/acme/templates/entry.html",
        "{% extends \"base.html\" %}{% block main %}{{ entry.missing.field }}{% endblock main %}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("template error").count(), 1, "one report for one broken template:\n{}", run.stderr);
    assert!(run.stderr.contains("entry.html"), "{}", run.stderr);
    assert_eq!(site.files("public"), before, "the previous output is untouched");
}

#[test]
fn template_errors_name_the_theme_file_and_line() {
    let site = fixture("theme-override");
    site.write(
        "themes/acme/templates/entry.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ entry.title }</p>\n{% endblock main %}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("themes/acme/templates/entry.html:3:19"),
        "a syntax error at its line and column:\n{}",
        run.stderr
    );
    // A name the context lacks: the line that names it.
    site.write(
        "themes/acme/templates/entry.html",
        "{% extends \"base.html\" %}\n{% block main %}\n\n<p>{{ entry.nothing }}</p>\n{% endblock main %}\n",
    );
    let run = site.run(&["build"]);
    assert!(run.stderr.contains("themes/acme/templates/entry.html:4:7"), "{}", run.stderr);
    assert!(run.stderr.contains("<p>{{ entry.nothing }}</p>"), "the line is quoted:\n{}", run.stderr);
}

#[test]
fn helpmark_timings_prints_each_stage_with_its_times_and_nothing_without_it() {
    let site = fixture("basic");
    let quiet = site.build_ok();
    assert!(!quiet.stderr.contains(" ms"), "{}", quiet.stderr);
    let run = site.run_with(&["build"], &[("CI", "1"), ("HELPMARK_TIMINGS", "1")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stages: Vec<&str> = run.stderr.lines().filter_map(|l| l.split_once(": ").map(|(stage, _)| stage)).collect();
    // `basic` has a Turkish translation lacking some entries: their fallback index is a stage.
    let expected = ["load+model", "index", "fallback index", "related", "export+render+write", "commit"];
    assert_eq!(stages, expected, "{}", run.stderr);
    if cfg!(target_os = "linux") {
        assert!(run.stderr.lines().all(|l| l.contains(" ms, CPU ") && l.ends_with(" ms")), "{}", run.stderr);
    }
}

#[test]
fn with_complaint_logs_each_language_is_indexed_once_and_ranking_reads_that_index() {
    let site = fixture("complaints-basic");
    let run = site.run_with(&["build"], &[("CI", "1"), ("HELPMARK_TIMINGS", "1")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stages: Vec<&str> =
        run.stderr.lines().filter(|l| l.contains(" ms")).filter_map(|l| l.split_once(": ").map(|(s, _)| s)).collect();
    let expected = ["load+model", "index+rank", "fallback index", "related", "export+render+write", "commit"];
    assert_eq!(stages, expected, "{}", run.stderr);
}

#[test]
fn pages_load_nothing_from_other_origins_and_have_no_inline_scripts() {
    let site = fixture("basic");
    site.build_ok();
    for (path, bytes) in site.files("public") {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["src=\"http", "href=\"//", "src=\"//", "stylesheet\" href=\"http"] {
            assert!(!html.contains(attr), "{} loads from another origin", path.display());
        }
        for (i, _) in html.match_indices("<script") {
            assert!(
                html[i..].starts_with("<script type=\"application/ld+json\">")
                    || html[i..].split_once('>').is_some_and(|(tag, _)| tag.contains(" src=")),
                "inline script in {}",
                path.display()
            );
        }
    }
}

#[test]
fn folder_without_a_site_is_a_usage_error() {
    let site = crate::support::empty();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr, @"error: `.` holds no `helpmark.yaml`; run `helpmark init` there, or pass `--source` with a site folder");
}

/// The README's "Template variables" list, as (template, variables): `every page` or a file name.
fn documented_variables() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("#### Template variables").expect("the README lists template variables")..];
    let section = &section[..section[4..].find("\n#").map_or(section.len(), |i| i + 4)];
    let mut items: Vec<String> = Vec::new();
    for line in section.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_string());
        } else if line.starts_with("  ") && !items.is_empty() {
            let last = items.last_mut().unwrap();
            last.push(' ');
            last.push_str(line.trim());
        }
    }
    items
        .iter()
        .map(|item| {
            let (who, what) = item.split_once(": ").expect("`who: variables`");
            // The names are the first backticked word of each comma-separated part, outside
            // parentheses (which only explain).
            let mut names = Vec::new();
            let mut depth = 0;
            let mut rest = what;
            while let Some(i) = rest.find(['`', '(', ')']) {
                match &rest[i..i + 1] {
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    _ => {
                        let end = rest[i + 1..].find('`').unwrap() + i + 1;
                        if depth == 0 {
                            names.push(rest[i + 1..end].to_string());
                        }
                        rest = &rest[end + 1..];
                        continue;
                    }
                }
                rest = &rest[i + 1..];
            }
            (who.to_string(), names)
        })
        .collect()
}

#[test]
fn the_readme_lists_every_template_variable_and_no_other() {
    let site = fixture("basic");
    // A theme whose pages print their whole context.
    for page in ["home", "category", "entry", "contact", "search", "404"] {
        site.write(&format!("themes/dump/templates/{page}.html"), "{{ __tera_context }}");
    }
    site.write("helpmark.yaml", format!("{}theme: dump\n", site.read("helpmark.yaml")));
    site.build_ok();
    let keys = |page: &str| -> std::collections::BTreeSet<String> {
        let text = site.read(&format!("public/{page}"));
        let text = text
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#x2F;", "/")
            .replace("&amp;", "&");
        let value: serde_json::Value = serde_json::from_str(&text).expect("the context as JSON");
        value.as_object().unwrap().keys().cloned().collect()
    };
    let documented = documented_variables();
    let every: std::collections::BTreeSet<String> =
        documented.iter().find(|(who, _)| who == "every page").expect("every page").1.iter().cloned().collect();
    let of = |template: &str| -> std::collections::BTreeSet<String> {
        let own = documented.iter().filter(|(who, _)| who.contains(&format!("`{template}`")));
        every.iter().cloned().chain(own.flat_map(|(_, names)| names.clone())).collect()
    };
    for (page, template) in [
        ("index.html", "home.html"),
        ("billing/index.html", "category.html"),
        ("billing/refund.html", "entry.html"),
        ("contact.html", "contact.html"),
        ("search.html", "search.html"),
        ("404.html", "404.html"),
    ] {
        assert_eq!(keys(page), of(template), "the README's template variables of `{template}`");
    }
}

#[test]
fn extra_in_the_config_reaches_the_templates() {
    let site = fixture("theme-override");
    site.write(
        "helpmark.yaml",
        format!("{}extra:\n  banner: Closed on 1 May\n  social: [{{name: Mastodon}}]\n", site.read("helpmark.yaml")),
    );
    site.write("themes/acme/templates/404.html", "<p>{{ extra.banner }} · {{ extra.social.0.name }}</p>");
    site.build_ok();
    assert_eq!(site.read("public/404.html"), "<p>Closed on 1 May · Mastodon</p>");
}
