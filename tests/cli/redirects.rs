//! Renamed or moved entries keep their old URLs (issue 15): `redirect_from:` makes a page at
//! each old path and a `_redirects` file for hosts that read one.

use crate::support::fixture;

fn with_redirects(site: &crate::support::Site, list: &str) {
    let refund =
        site.read("content/en/billing/refund.md").replacen("---\n", &format!("---\nredirect_from: {list}\n"), 1);
    site.write("content/en/billing/refund.md", refund);
}

#[test]
fn old_paths_lead_to_the_entry_and_hosts_get_a_redirects_file() {
    let site = fixture("basic");
    with_redirects(&site, "[faq/refunds.html, /money-back/]");
    site.build_ok();
    let page = site.read("public/faq/refunds.html");
    assert!(page.contains(r#"<meta http-equiv="refresh" content="0; url=../billing/refund.html">"#), "{page}");
    assert!(page.contains(r#"<link rel="canonical" href="https://help.acme.test/billing/refund.html">"#), "{page}");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(site.read("public/money-back/index.html").contains("url=../billing/refund.html"));
    let redirects = site.read("public/_redirects");
    assert!(redirects.contains("/faq/refunds.html /billing/refund.html 301\n"), "{redirects}");
    assert!(redirects.contains("/money-back/index.html /billing/refund.html 301\n"), "{redirects}");
    assert!(!site.read("public/sitemap.xml").contains("refunds"), "old paths are no pages of the sitemap");
    // Without redirects there is no `_redirects`.
    let plain = fixture("basic");
    plain.build_ok();
    assert!(!plain.path().join("public/_redirects").exists());
}

#[test]
fn an_old_path_that_is_another_page_or_leaves_the_site_is_an_error_with_its_line() {
    let site = fixture("basic");
    with_redirects(&site, "[billing/invoice.html]");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("HM018") && run.stderr.contains("invoice"), "a collision names both: {}", run.stderr);
    let site = fixture("basic");
    with_redirects(&site, "[../outside.html]");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/en/billing/refund.md:2"), "{}", run.stderr);
    assert!(run.stderr.contains("`redirect_from` must name an old page of the site"), "{}", run.stderr);
}

#[test]
fn an_entry_moved_in_git_with_its_id_keeps_its_old_url_and_a_renamed_one_does_not() {
    use crate::support::git;
    let site = fixture("basic");
    // A fixture's `public/` is no source: leave it out of the history.
    site.write(".gitignore", "public/\n");
    git(&site, &["init", "-q"], "2026-01-01T10:00:00Z");
    git(&site, &["add", "-A"], "2026-01-01T10:00:00Z");
    git(&site, &["commit", "-qm", "site"], "2026-01-01T10:00:00Z");
    // `orders/cancel` moves to the billing topic, its file name (and so its id) kept; the
    // invoice entry is renamed, which gives it another id.
    git(&site, &["mv", "content/en/orders/cancel.md", "content/en/billing/cancel.md"], "2026-01-02T10:00:00Z");
    git(&site, &["mv", "content/en/billing/invoice.md", "content/en/billing/invoices.md"], "2026-01-02T10:00:00Z");
    let links = |from: &str, to: &str| {
        for file in ["content/en/billing/refund.md", "content/tr/billing/refund.md"] {
            site.write(file, site.read(file).replace(from, to));
        }
    };
    links("../orders/cancel.md", "cancel.md");
    git(&site, &["commit", "-qam", "move"], "2026-01-02T10:00:00Z");
    site.build_ok();
    let old = site.read("public/orders/cancel.html");
    assert!(old.contains(r#"<meta http-equiv="refresh" content="0; url=../billing/cancel.html">"#), "{old}");
    assert!(old.contains(r#"<link rel="canonical" href="https://help.acme.test/billing/cancel.html">"#), "{old}");
    let redirects = site.read("public/_redirects");
    assert!(redirects.contains("/orders/cancel.html /billing/cancel.html 301\n"), "{redirects}");
    assert!(!redirects.contains("invoice"), "a new id names another page: {redirects}");
    assert!(site.read("public/billing/cancel.html").contains("<h1"), "the entry is at its new path");

    // Moved back: the old path is the entry's page again, not a redirect to itself.
    git(&site, &["mv", "content/en/billing/cancel.md", "content/en/orders/cancel.md"], "2026-01-03T10:00:00Z");
    links("(cancel.md)", "(../orders/cancel.md)");
    git(&site, &["commit", "-qam", "back"], "2026-01-03T10:00:00Z");
    site.build_ok();
    assert!(!site.read("public/orders/cancel.html").contains("http-equiv=\"refresh\""));
    let redirects = site.read("public/_redirects");
    assert!(redirects.contains("/billing/cancel.html /orders/cancel.html 301\n"), "{redirects}");
}
