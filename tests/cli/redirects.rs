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
