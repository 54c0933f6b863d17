//! Match confidence on a small help center (issue 14): six entries in English and Turkish,
//! where search scores are small because few entries make every word's idf small. A score
//! threshold that suits a large site left every one of fourteen searches for "refund" and the
//! Turkish refund tickets unmatched here; the confidence (a share of the entry's own title
//! score) counts them with the default settings, and still leaves an off-topic ticket alone.

use crate::support::{entry, fixture, main_of, report_json};
use serde_json::Value;

// Issue 14: `helpmark search refund` scores 4.2 here, below the old threshold of 5.
#[test]
fn searches_and_turkish_tickets_count_for_their_entry_on_a_six_entry_site() {
    let site = fixture("small-site");
    let report = report_json(&site);
    let refund = entry(&report, "refund");
    assert_eq!(refund["by_language"]["en"], 14, "the fourteen searches for `refund`: {refund:#}");
    assert_eq!(refund["by_channel"]["search"], 14, "{refund:#}");
    assert_eq!(refund["by_language"]["tr"], 3, "the three Turkish refund tickets: {refund:#}");
    assert_eq!(entry(&report, "track")["by_language"]["tr"], 1, "`siparişim nerede`");
}

#[test]
fn an_off_topic_ticket_stays_unmatched_on_a_six_entry_site() {
    let site = fixture("small-site");
    let report = report_json(&site);
    // "Are you hiring delivery drivers in Leeds?" shares only "delivery" with an entry.
    assert_eq!(report["summary"]["unmatched"], 1, "{:#}", report["summary"]);
    assert_eq!(entry(&report, "address"), &Value::Null, "the hiring ticket counted for `address`");
}

#[test]
fn the_most_asked_question_heads_the_home_page_of_a_six_entry_site() {
    let site = fixture("small-site");
    site.build_ok();
    for (page, refund, track) in [
        ("public/index.html", "How do I get a refund?", "Where is my order?"),
        ("public/tr/index.html", "İade nasıl alırım?", "Siparişim nerede?"),
    ] {
        let home = site.read(page);
        let main = main_of(&home);
        let top = &main[main.find("top-questions").unwrap_or_else(|| panic!("no top questions in {page}"))..];
        let at = |title: &str| top.find(title).unwrap_or_else(|| panic!("`{title}` not in the top of {page}:\n{top}"));
        // Without complaint data, manual order would put `track` (Orders, order 1) first.
        assert!(at(refund) < at(track), "{page}:\n{top}");
    }
}

// Issue 14: a complaint in words no entry holds counts once other customers' sure complaints
// say those words next to the entry's (`rank::self_teach`); without them it stays unmatched.
#[test]
fn a_complaint_in_other_customers_words_counts_for_the_entry_they_asked() {
    let site = fixture("small-site");
    let searches = site.read("complaints/search.jsonl");
    let alone = asked("glimmerfox zanthrope", 20);
    site.write("complaints/search.jsonl", format!("{searches}{alone}"));
    let before = report_json(&site);
    let refund_before = entry(&before, "refund")["by_language"]["en"].as_u64().expect("refund counted");
    assert_eq!(before["summary"]["unmatched"], 2, "the hiring ticket and the unknown words: {:#}", before["summary"]);

    let sure =
        [asked("how do i get a refund for my glimmerfox zanthrope", 21), asked("glimmerfox zanthrope refund", 22)];
    site.write("complaints/search.jsonl", format!("{searches}{alone}{}", sure.concat()));
    let after = report_json(&site);
    let refund_after = entry(&after, "refund")["by_language"]["en"].as_u64().expect("refund counted");
    assert_eq!(refund_after, refund_before + 3, "the two sure searches and the one in their words: {after:#}");
    assert_eq!(after["summary"]["unmatched"], 1, "only the hiring ticket: {:#}", after["summary"]);
}

// Issue 14: a complaint whose nearest complaints in the log match no entry is asking what they
// ask, not the entry it shares one word with (`rank::neighbours`): it is left among the gaps.
#[test]
fn a_complaint_its_near_complaints_contradict_stays_unmatched() {
    let site = fixture("small-site");
    let searches = site.read("complaints/search.jsonl");
    // Counted for `cancel`, but not sure enough to teach the matcher (`rank::self_teach`).
    let cancel = asked("cancel glimmerfox", 20);
    site.write("complaints/search.jsonl", format!("{searches}{cancel}"));
    let before = report_json(&site);
    // The fixture's own searches count once for `cancel`; alone, this one counts too.
    assert_eq!(entry(&before, "cancel")["by_language"]["en"], 2, "{before:#}");
    assert_eq!(before["summary"]["unmatched"], 1, "only the hiring ticket: {:#}", before["summary"]);

    let near = ["glimmerfox", "my glimmerfox", "glimmerfox again", "glimmerfox broken", "glimmerfox help"];
    let near: String = near.iter().zip(21..).map(|(query, day)| asked(query, day)).collect();
    site.write("complaints/search.jsonl", format!("{searches}{cancel}{near}"));
    let after = report_json(&site);
    assert_eq!(entry(&after, "cancel")["by_language"]["en"], 1, "counted against its neighbours: {after:#}");
    assert_eq!(after["summary"]["unmatched"], 7, "the hiring ticket and the six: {:#}", after["summary"]);
}

/// A line of the fixture's search log: `query` searched in English on 2026-10-`day`.
fn asked(query: &str, day: u32) -> String {
    format!("{{\"query\": \"{query}\", \"at\": \"2026-10-{day:02}T08:00:00Z\", \"lang\": \"en\"}}\n")
}
