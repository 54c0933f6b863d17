//! The look (issue 17): the brand from `helpmark.yaml`, long answers (anchors, table of
//! contents, callouts, sized images) and related questions suggested through the index.

use crate::support::fixture;

/// The hrefs of the "Related questions" section of `html`, in order.
fn related_links(html: &str) -> Vec<String> {
    let Some(start) = html.find("<section class=\"related\"") else { return Vec::new() };
    let section = &html[start..start + html[start..].find("</section>").expect("section ends")];
    section.split("<a href=\"").skip(1).map(|s| s[..s.find('"').expect("quoted")].to_string()).collect()
}

#[test]
fn a_brand_is_copied_styled_and_linked_and_a_weak_accent_is_a_warning_with_the_nearest_passing_colour() {
    let site = fixture("look");
    let run = site.build_ok();
    assert!(run.stderr.contains("warning[HM019]: `accent` `#ff8800` has a contrast of 2."), "{}", run.stderr);
    assert!(run.stderr.contains("helpmark.yaml:8:3"), "the warning names the line: {}", run.stderr);
    // The warning as printed (HM019), without the build's timing line.
    let warning = &run.stderr[run.stderr.find("warning[HM019]").expect("HM019")..];
    insta::assert_snapshot!(&warning[..warning.find("\n\n").unwrap_or(warning.len())]);
    let hint = run.stderr.split("the nearest colour that passes is `").nth(1).expect("a computed hint");
    assert!(hint.starts_with("#") && hint[1..7].chars().all(|c| c.is_ascii_hexdigit()), "{}", run.stderr);
    let css = site.read("public/assets/brand.css");
    assert!(css.contains(":root { --accent: #ff8800;"), "written as given: {css}");
    assert!(css.contains("@media (prefers-color-scheme: dark) { :root { --accent: #"), "{css}");
    for copied in ["logo.svg", "logo-dark.svg", "favicon.png"] {
        assert!(site.path().join("public/assets/brand").join(copied).is_file(), "{copied} not copied");
    }
    let home = site.read("public/index.html");
    for expected in [
        r#"<link rel="stylesheet" href="assets/brand.css">"#,
        r#"<link rel="icon" href="assets/brand/favicon.png" type="image/png">"#,
        r#"<source srcset="assets/brand/logo-dark.svg" media="(prefers-color-scheme: dark)">"#,
        r#"<img class="logo" src="assets/brand/logo.svg" alt="Look Shop Help" width="180" height="36">"#,
    ] {
        assert!(home.contains(expected), "{expected} missing from the home page");
    }
    assert!(!home.contains(" style="), "no inline style under the CSP");
    let entry = site.read("public/general/setup.html");
    assert!(entry.contains(r#"<link rel="stylesheet" href="../assets/brand.css">"#));
    // Without `brand:`, the theme's own icon and no stylesheet.
    let plain = fixture("basic");
    plain.build_ok();
    let home = plain.read("public/index.html");
    assert!(home.contains(r#"<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">"#));
    assert!(!home.contains("brand.css") && !plain.path().join("public/assets/brand.css").exists());
}

#[test]
fn a_readable_accent_builds_without_a_warning() {
    let site = fixture("look");
    let config = site.read("helpmark.yaml").replace("#ff8800", "#b45309");
    site.write("helpmark.yaml", config);
    let run = site.build_ok();
    assert!(!run.stderr.contains("HM019"), "{}", run.stderr);
}

#[test]
fn long_answers_get_heading_anchors_a_table_of_contents_callouts_and_sized_lazy_images() {
    let site = fixture("look");
    site.build_ok();
    let html = site.read("public/general/setup.html");
    let toc = &html[html.find("<nav class=\"toc\"").expect("a table of contents")..];
    let toc = &toc[..toc.find("</nav>").expect("toc ends")];
    for item in [
        r##"<li class="toc-2"><a href="#create-the-account">Create the account</a></li>"##,
        r##"<li class="toc-2"><a href="#add-a-payment-card">Add a payment card</a></li>"##,
        r##"<li class="toc-3"><a href="#check-the-card">Check the card</a></li>"##,
    ] {
        assert!(toc.contains(item), "{item} missing: {toc}");
    }
    assert!(html.contains(r##"<h2 id="create-the-account">Create the account<a class="anchor" href="#create-the-account" aria-labelledby="create-the-account">"##));
    assert!(html.contains("<div class=\"callout callout-note\">\n<p class=\"callout-title callout-title-note\">Note</p>\n<p>You need an email address you can open.</p>\n</div>"), "{html}");
    assert!(html.contains("<p class=\"callout-title callout-title-caution\">Caution</p>"));
    assert!(html.contains("<blockquote>\n<p>Just a quote, not a callout.</p>\n</blockquote>"));
    assert!(
        html.contains(
            r#"<img src="screen.png" alt="The card screen" loading="lazy" decoding="async" width="64" height="48">"#
        ),
        "{html}"
    );
    // Fewer than three headings: no table of contents.
    assert!(!site.read("public/general/account-email.html").contains("class=\"toc\""));
}

#[test]
fn entries_without_related_get_similar_questions_of_their_language_never_themselves_the_same_every_build() {
    let site = fixture("look");
    site.build_ok();
    let pages = ["account-email", "delete-account", "setup", "gift-wrap", "opening-hours"];
    let first: Vec<Vec<String>> =
        pages.iter().map(|p| related_links(&site.read(&format!("public/general/{p}.html")))).collect();
    for (page, links) in pages.iter().zip(&first) {
        assert!(links.len() <= 3, "{page}: {links:?}");
        assert!(!links.contains(&format!("../general/{page}.html")), "{page} suggests itself: {links:?}");
    }
    // The three questions about the shop account point at each other; the others share no topic.
    assert_eq!(first[0], ["../general/setup.html", "../general/delete-account.html"], "account-email");
    assert!(first[1].contains(&"../general/account-email.html".to_string()), "delete-account: {:?}", first[1]);
    assert_eq!(first[3], [] as [&str; 0], "gift-wrap shares no topic");
    // `related:` given: exactly that, no suggestions.
    assert_eq!(first[4], ["../general/setup.html"]);
    site.build_ok();
    let again: Vec<Vec<String>> =
        pages.iter().map(|p| related_links(&site.read(&format!("public/general/{p}.html")))).collect();
    assert_eq!(first, again);
}
