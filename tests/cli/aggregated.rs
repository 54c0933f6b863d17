//! A log pre-aggregated in a warehouse (one row per text, language and day, with a count) ranks
//! exactly like the raw rows it was made from (issue 14: billions of rows are summed where they
//! live, and only the aggregate reaches helpmark).

use crate::support::{fixture, Site};
use std::collections::BTreeMap;

const CONFIG_HEAD: &str = "title: Acme Help
base_url: https://help.acme.test/
languages: [en, hi, tr]
top_questions: 3
contact:
  phone: \"+1 800 555 0100\"
  email: help@acme.test
complaints:
  window_days: 30
  half_life_days: 10
  as_of: 2026-10-31
  sources:
";

/// Raw search-log rows: (query, language, timestamp). Times of day vary, as in a real log.
fn raw_rows() -> Vec<(&'static str, &'static str, String)> {
    let texts = [
        ("money back", "en"),
        ("Money back!", "en"),
        ("where is my order", "en"),
        ("cancel my order", "en"),
        ("siparisim nerede", "tr"),
        ("पैसे वापस", "hi"),
        ("something nobody answers", "en"),
    ];
    let mut rows = Vec::new();
    for i in 0..200u32 {
        let (text, lang) = texts[(i * 7 + i / 5) as usize % texts.len()];
        // Twelve days of October, and every tenth row in September, out of the window.
        let day = if i % 10 == 0 { -3 } else { 31 - (i * 13 % 12) as i32 };
        let (month, day) = if day >= 1 { (10, day) } else { (9, 30 + day) };
        let stamp = format!("2026-{month:02}-{day:02}T{:02}:{:02}:00Z", (i * 5) % 24, (i * 11) % 60);
        rows.push((text, lang, stamp));
    }
    rows
}

fn report_entries(site: &Site) -> serde_json::Value {
    let run = site.run(&["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let mut entries = json["entries"].clone();
    // Popularity is compared to 9 digits: the sums add the same terms in another order.
    for e in entries.as_array_mut().expect("a list") {
        let p = e["popularity"].as_f64().expect("popularity");
        e["popularity"] = serde_json::json!(format!("{p:.9}"));
    }
    serde_json::json!({"entries": entries, "gaps": json["gaps"].clone()})
}

#[test]
fn a_log_aggregated_per_text_language_and_day_ranks_exactly_like_its_raw_rows() {
    let rows = raw_rows();
    let raw = fixture("complaints-basic");
    std::fs::remove_dir_all(raw.path().join("complaints")).unwrap();
    let jsonl: String = rows
        .iter()
        .map(|(q, lang, at)| format!("{}\n", serde_json::json!({"query": q, "lang": lang, "at": at})))
        .collect();
    raw.write("complaints/search.jsonl", jsonl);
    raw.write(
        "helpmark.yaml",
        format!("{CONFIG_HEAD}    - path: complaints/search.jsonl\n      channel: search\n      columns: {{text: query, date: at, language: lang}}\n"),
    );

    // What the warehouse query in the README computes: count(*) per (text, language, day).
    let mut sums: BTreeMap<(&str, &str, &str), u32> = BTreeMap::new();
    for (q, lang, at) in &rows {
        *sums.entry((q, lang, &at[..10])).or_insert(0) += 1;
    }
    let aggregated = fixture("complaints-basic");
    std::fs::remove_dir_all(aggregated.path().join("complaints")).unwrap();
    let mut csv = String::from("text,language,day,count\n");
    for ((q, lang, day), n) in &sums {
        csv.push_str(&format!("\"{q}\",{lang},{day},{n}\n"));
    }
    aggregated.write("complaints/daily.csv", csv);
    aggregated.write(
        "helpmark.yaml",
        format!("{CONFIG_HEAD}    - path: complaints/daily.csv\n      channel: search\n      columns: {{text: text, date: day, language: language, count: count}}\n"),
    );
    assert!(sums.len() < rows.len(), "the aggregate is smaller than the log");

    let (from_raw, from_aggregate) = (report_entries(&raw), report_entries(&aggregated));
    assert!(from_raw["entries"].as_array().is_some_and(|e| e.len() >= 3), "{from_raw}");
    assert_eq!(from_raw, from_aggregate);
}
