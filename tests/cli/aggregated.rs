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

/// Rewrites the CSV log `rel` of `site`: `change` gets the header and the data rows.
fn rewrite_log(site: &Site, rel: &str, change: impl FnOnce(&mut Vec<String>, &mut Vec<Vec<String>>)) {
    let text = site.read(rel);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut header: Vec<String> = reader.headers().expect("a header").iter().map(String::from).collect();
    let mut rows: Vec<Vec<String>> =
        reader.records().map(|r| r.expect("a row").iter().map(String::from).collect()).collect();
    change(&mut header, &mut rows);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("header");
    for row in &rows {
        writer.write_record(row).expect("row");
    }
    site.write(rel, writer.into_inner().expect("flushed"));
}

fn full_report(site: &Site) -> serde_json::Value {
    let run = site.run(&["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON report")
}

/// `report-service` without `as_of` (the window ends with the newest row), and a stray row
/// dated weeks after every other.
fn service_site_with_stray_row() -> Site {
    let site = fixture("report-service");
    let config: String =
        site.read("helpmark.yaml").lines().filter(|l| !l.contains("as_of:")).map(|l| format!("{l}\n")).collect();
    site.write("helpmark.yaml", config);
    rewrite_log(&site, "complaints/tickets.csv", |_, rows| {
        let mut stray = rows[0].clone();
        stray[1] = "2026-11-25T09:00:00Z".into();
        stray[6] = String::new();
        rows.push(stray);
    });
    site
}

// Issue 14: rows are summed while read, per class and day; nothing in the report may depend
// on the order they came in (popularity included, to the last digit).
#[test]
fn a_report_is_the_same_whatever_the_order_of_the_rows() {
    let sites = [("report-feedback", vec!["complaints/tickets.csv", "complaints/feedback.csv"])];
    for (name, logs) in sites {
        let (site, reversed) = (fixture(name), fixture(name));
        for log in logs {
            rewrite_log(&reversed, log, |_, rows| rows.reverse());
        }
        let report = full_report(&site);
        assert!(report["feedback"]["entries"].as_array().is_some_and(|e| !e.is_empty()), "{report}");
        assert_eq!(report, full_report(&reversed), "{name}");
    }
    let (site, reversed) = (service_site_with_stray_row(), service_site_with_stray_row());
    rewrite_log(&reversed, "complaints/tickets.csv", |_, rows| rows.reverse());
    let report = full_report(&site);
    assert_eq!(report["summary"]["skipped"]["future_date"], 1, "the stray row: {report}");
    assert!(report["service"]["channels"].as_array().is_some_and(|c| c.len() >= 3), "{report}");
    assert_eq!(report, full_report(&reversed));
}

// Issue 14: a row with a count of 2 is two rows summed, in the ranking and in the service
// standards (volumes, first responses, promises kept); only the rows read differ. (Not so for
// stray rows, which are at most 1% of the rows, whatever their counts.)
#[test]
fn a_row_counted_twice_reports_like_the_same_row_twice() {
    let (doubled, counted) = (fixture("report-service"), fixture("report-service"));
    rewrite_log(&doubled, "complaints/tickets.csv", |_, rows| {
        *rows = rows.iter().flat_map(|r| [r.clone(), r.clone()]).collect();
    });
    rewrite_log(&counted, "complaints/tickets.csv", |header, rows| {
        header.push("count".into());
        for row in rows {
            row.push("2".into());
        }
    });
    let (mut a, mut b) = (full_report(&doubled), full_report(&counted));
    assert_eq!(a["summary"]["rows"].as_u64(), b["summary"]["rows"].as_u64().map(|n| n * 2));
    for report in [&mut a, &mut b] {
        report.as_object_mut().expect("an object").remove("summary");
    }
    assert!(a["entries"].as_array().is_some_and(|e| !e.is_empty()), "{a}");
    assert_eq!(a, b);
}
