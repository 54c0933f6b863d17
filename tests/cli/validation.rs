//! Config and front-matter values checked for their meaning (issue 13): variants of one fault
//! on a fixture, and faults that are only warnings (the site still builds, correctly).

use crate::support::fixture;

/// Runs `helpmark build` on the `basic` fixture with `from` replaced by `to` in its config and
/// returns the new config and what the build printed; the build must fail with content errors.
fn config_errors(from: &str, to: &str) -> (String, String) {
    let site = fixture("basic");
    let config = site.read("helpmark.yaml");
    assert!(config.contains(from), "`{from}` is not in the fixture's config");
    let config = config.replace(from, to);
    site.write("helpmark.yaml", &config);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "`{to}` was accepted:\n{}", run.stderr);
    assert!(!site.path().join("public").exists(), "a failed build wrote output");
    (config, run.stderr)
}

#[test]
fn base_url_must_be_an_http_url_with_a_host_and_no_query() {
    let from = "base_url: https://help.acme.test/";
    let report: Vec<String> = [
        "base_url: https://",
        "base_url: ftp://help.acme.test/",
        "base_url: \"https://help.acme.test/my help/\"",
        "base_url: https://help.acme.test/?lang=en",
        "base_url: https://help.acme.test/#top",
    ]
    .iter()
    .map(|to| config_errors(from, to).1)
    .collect();
    insta::assert_snapshot!(report.join("\n"));
}

#[test]
fn every_number_key_rejects_nan_infinity_and_values_out_of_range() {
    let cases = [
        ("top_questions: 2", "top_questions: 1000"),
        ("response_time_hours: 24", "response_time_hours: 0"),
        ("response_time_hours: 24", "response_time_hours: 24\nsearch:\n  popularity_weight: -.inf"),
        ("response_time_hours: 24", "response_time_hours: 24\ncomplaints:\n  half_life_days: .nan"),
        ("response_time_hours: 24", "response_time_hours: 24\ncomplaints:\n  match_threshold: .inf"),
        ("response_time_hours: 24", "response_time_hours: 24\ncomplaints:\n  match_margin: 1.5"),
        ("response_time_hours: 24", "response_time_hours: 24\ncomplaints:\n  email_staffing_threshold: 0"),
    ];
    for (from, to) in cases {
        let (config, stderr) = config_errors(from, to);
        let key = to.lines().last().and_then(|l| l.split(':').next()).unwrap_or_default().trim();
        let line = config.lines().position(|l| l.trim_start().starts_with(&format!("{key}:"))).expect("key") + 1;
        assert!(stderr.contains(&format!("--> helpmark.yaml:{line}:")), "`{key}` not placed on line {line}:\n{stderr}");
        assert!(stderr.contains(&format!("`{key}` must be a number from ")), "{stderr}");
        assert!(stderr.contains("= hint: use a number from `"), "{stderr}");
    }
}

#[test]
fn a_vanity_phone_number_dials_its_keypad_digits() {
    // Issue 13: `1-800-FLOWERS` was linked as `tel:1800`.
    let site = fixture("basic");
    site.write("helpmark.yaml", site.read("helpmark.yaml").replace("\"+1 800 555 0100\"", "1-800-FLOWERS"));
    site.build_ok();
    let html = site.read("public/billing/refund.html");
    assert!(html.contains(r#"<a href="tel:18003569377">1-800-FLOWERS</a>"#), "{html}");
}

#[test]
fn a_control_character_in_a_title_is_a_warning_and_the_feed_stays_xml() {
    // Issue 13: a `\a` in a title made the Atom feed ill-formed XML.
    let site = fixture("invalid/control-character-in-title");
    let run = site.build_ok();
    insta::assert_snapshot!(run.stderr);
    let feed = site.read("public/feed.xml");
    let doc = roxmltree::Document::parse(&feed).expect("the feed is well-formed XML");
    let titles: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert_eq!(titles, ["Bell", "Why does my order ring?", "Fine"]);
    roxmltree::Document::parse(&site.read("public/sitemap.xml")).expect("the sitemap is well-formed XML");
    let page = site.read("public/general/bell.html");
    assert!(!page.contains('\u{7}') && !page.contains('\u{1}'), "the page shows a control character");
}
