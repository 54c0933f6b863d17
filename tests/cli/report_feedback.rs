//! The loop closes in `report` (issue 16): "Was this helpful?" votes (`kind: feedback`) and
//! contacts labelled by helpmark's links are read back as tagged rows, per entry and per change.

use crate::support::{entry, fixture, git, report_formats, report_json};
use serde_json::Value;

fn feedback_of<'a>(report: &'a Value, id: &str) -> &'a Value {
    let entries = report["feedback"]["entries"].as_array().expect("feedback entries");
    entries.iter().find(|e| e["id"] == id).unwrap_or(&Value::Null)
}

#[test]
fn votes_reasons_and_contacts_after_reading_are_counted_per_entry() {
    let site = fixture("report-feedback");
    let report = report_json(&site);
    let f = &report["feedback"];
    assert_eq!((f["votes"].as_u64(), f["contacts"].as_u64()), (Some(13), Some(10)), "{f:#}");
    let refund = feedback_of(&report, "refund");
    assert_eq!((refund["helpful"].as_u64(), refund["not_helpful"].as_u64()), (Some(1), Some(4)), "{refund:#}");
    assert_eq!(refund["reasons"]["unclear"], 3);
    assert_eq!(refund["reasons"]["outdated"], 1);
    // Five English mails and one Turkish one carried `entry: refund`.
    assert_eq!(refund["contacts"], 6);
    assert_eq!(refund["contact_rate"].as_f64().map(|r| (r * 100.0).round()), Some(55.0));
    // The labelled mails count for the entry by id, in the language their label names.
    let ranked = entry(&report, "refund");
    assert_eq!(ranked["by_channel"]["email"], 6, "{ranked:#}");
    assert_eq!(ranked["by_channel"]["feedback"], 5);
    assert_eq!(ranked["by_language"]["tr"], 2, "a Turkish mail and a Turkish vote");
    // A vote that is no yes or no is a counted, explained skip.
    assert_eq!(report["summary"]["skipped"]["bad_vote"], 1);
}

#[test]
fn many_not_helpful_votes_and_a_rising_contact_rate_lead_needs_attention() {
    let site = fixture("report-feedback");
    let report = report_json(&site);
    let attention = report["feedback"]["needs_attention"].as_array().expect("list");
    assert_eq!(attention.len(), 1, "{attention:#?}");
    assert_eq!(attention[0]["id"], "refund");
    let why = attention[0]["why"].as_array().unwrap();
    assert_eq!(why[0], "4 of 5 votes said not helpful (most: unclear, 3)");
    assert!(why[1].as_str().unwrap().starts_with("contact rate rising: 33 % before the last 30 days"), "{why:?}");
}

#[test]
fn a_changed_entry_shows_complaints_and_not_helpful_before_and_after() {
    let site = fixture("report-feedback");
    // Not a repository: `updated: 2026-10-01` dates the change.
    let report = report_json(&site);
    let changes = report["feedback"]["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let c = &changes[0];
    assert_eq!(
        (c["id"].as_str(), c["changed"].as_str(), c["changed_by"].as_str()),
        (Some("gift-cards"), Some("2026-10-01"), Some("updated"))
    );
    assert_eq!((c["before"]["complaints"].as_u64(), c["before"]["not_helpful"].as_u64()), (Some(7), Some(3)));
    assert_eq!((c["after"]["complaints"].as_u64(), c["after"]["not_helpful"].as_u64()), (Some(1), Some(0)));
    assert_eq!(c["after"]["helpful"], 3);

    // In a git repository the last commit of the file dates it, whatever `updated` says.
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    git(&site, &["add", "."], "2026-01-01T10:00:00Z");
    git(&site, &["commit", "-q", "-m", "first"], "2026-01-01T10:00:00Z");
    let rewritten = site.read("content/en/billing/gift-cards.md").replace("Sign in", "Sign in on the website");
    site.write("content/en/billing/gift-cards.md", rewritten);
    git(&site, &["commit", "-q", "-am", "clearer"], "2026-09-20T10:00:00Z");
    let report = report_json(&site);
    let c = &report["feedback"]["changes"][0];
    assert_eq!((c["changed"].as_str(), c["changed_by"].as_str()), (Some("2026-09-20"), Some("git")), "{c:#}");
    assert_eq!((c["before"]["complaints"].as_u64(), c["after"]["complaints"].as_u64()), (Some(5), Some(3)));
}

#[test]
fn searches_that_ended_in_contact_are_listed_masked() {
    let site = fixture("report-feedback");
    let report = report_json(&site);
    let queries = report["feedback"]["queries_ending_in_contact"].as_array().expect("queries");
    let listed: Vec<(String, String, u64)> = queries
        .iter()
        .map(|q| {
            (q["lang"].as_str().unwrap().into(), q["query"].as_str().unwrap().into(), q["count"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("en".into(), "pay with crypto".into(), 2),
            ("en".into(), "call me on [phone]".into(), 1),
            ("tr".into(), "kripto ile ödeme".into(), 1)
        ]
    );
    // Without an entry to count for, they are content gaps, worded as the customer asked.
    let ungrouped = report["ungrouped_complaints"].as_array().unwrap();
    assert!(ungrouped.iter().any(|p| p["text"] == "do you take bitcoin"), "{ungrouped:#?}");
    assert!(!report.to_string().contains("write above"), "helpmark's own note is no complaint text");
}

#[test]
fn feedback_text_is_masked_in_every_format_and_escaped_in_html() {
    let site = fixture("report-feedback");
    let [json, table, html] = report_formats(&site);
    for out in [&json, &table, &html] {
        assert!(!out.contains("98765"), "a phone number in a comment or a query is masked");
    }
    assert!(html.contains("Which button? I see no Refund &lt;script&gt;"), "comments are escaped");
    assert!(!html.contains("<script"), "nothing in the page runs");
    let start = html.find("<h2>Needs attention").expect("feedback sections");
    let end = html.find("<h2>Content gaps").expect("gaps after them");
    insta::assert_snapshot!("feedback_html", &html[start..end]);
    let start = table.find("\nNeeds attention").expect("table sections");
    let end = table.find("\nContent gaps").expect("gaps after them");
    insta::assert_snapshot!("feedback_table", &table[start..end]);
}

#[test]
fn a_site_without_feedback_shows_no_feedback_sections() {
    let site = fixture("report-service");
    let run = site.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Needs attention") && !run.stdout.contains("Was this helpful?"), "{}", run.stdout);
    let report = report_json(&site);
    assert_eq!(report["feedback"]["votes"], 0);
}
