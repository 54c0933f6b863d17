//! Complaint logs that are wrong in ways a help desk's export can be (issue 13: never crash,
//! never lose rows silently, never leak): odd dates, rows from the future, a quote left open,
//! and personal data where a diagnostic would echo it. The site is `tests/fixtures/logs-basic`:
//! two entries, ten rows in October 2025 naming them by id, no `as_of`.

use crate::support::{fixture, Run, Site};
use serde_json::Value;

const HEADER: &str = "ticket_id,created_at,channel,language,subject,entry_id\n";

fn report(site: &Site, args: &[&str]) -> (Run, Value) {
    let run = site.run(&[&["report", "--format", "json"], args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = serde_json::from_str(&run.stdout).expect("JSON report");
    (run, json)
}

fn count(report: &Value, id: &str) -> u64 {
    report["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["id"] == id)
        .map_or(0, |e| e["count"].as_u64().expect("count"))
}

fn append(site: &Site, rel: &str, text: &str) {
    site.write(rel, format!("{}{text}", site.read(rel)));
}

// Issue 13: a multibyte character where a date's digit belongs panicked (exit 101).
#[test]
fn a_multibyte_character_in_a_csv_date_is_a_bad_row_not_a_crash() {
    let site = fixture("logs-basic");
    append(&site, "complaints/tickets.csv", "T-8,2026-11-1é,email,en,refund again,refund\n");
    let (run, json) = report(&site, &[]);
    assert!(run.stderr.contains("warning[HM017]: the value in column `created_at` is not a date"), "{}", run.stderr);
    assert!(run.stderr.contains("--> complaints/tickets.csv:9\n"), "{}", run.stderr);
    assert_eq!(json["summary"]["skipped"]["bad_date"], 1);
    assert_eq!(count(&json, "refund"), 7);
    assert_eq!(site.run(&["report", "--strict"]).code, 1);
}

#[test]
fn a_multibyte_character_in_a_json_lines_date_is_a_bad_row_not_a_crash() {
    let site = fixture("logs-basic");
    append(&site, "complaints/search.jsonl", "{\"query\": \"refund\", \"at\": \"2026-11-1é\"}\n");
    append(&site, "complaints/search.jsonl", "{\"query\": \"refund\", \"at\": \"२०२५-१०-०१\"}\n");
    let (run, json) = report(&site, &[]);
    assert!(run.stderr.contains("the value in column `at` is not a date"), "{}", run.stderr);
    assert!(run.stderr.contains("--> complaints/search.jsonl:4\n"), "{}", run.stderr);
    assert_eq!(json["summary"]["skipped"]["bad_date"], 2);
    assert_eq!(site.run(&["build", "--strict"]).code, 1);
}

#[test]
fn a_multibyte_character_in_as_of_is_a_config_error_not_a_crash() {
    let site = fixture("logs-basic");
    append(&site, "helpmark.yaml", "  as_of: 2026-11-1é\n");
    for args in [&["report"][..], &["build"]] {
        let run = site.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("as_of"), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

// Issue 13: one row dated 2099 moved the window's end to 2099 and emptied the ranking, exit 0
// even with --strict.
#[test]
fn a_row_from_the_future_is_a_warning_and_leaves_the_ranking_as_it_was() {
    let site = fixture("logs-basic");
    let (_, before) = report(&site, &[]);
    append(&site, "complaints/tickets.csv", "T-8,2099-01-01T00:00:00Z,email,en,refund,refund\n");
    let (run, after) = report(&site, &[]);
    assert!(
        run.stderr.contains("warning[HM017]: row is dated `2099-01-01`, after today: it does not count"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> complaints/tickets.csv:9\n"), "{}", run.stderr);
    assert_eq!(after["as_of"], "2025-10-30");
    assert_eq!(after["entries"], before["entries"]);
    assert_eq!((count(&after, "refund"), count(&after, "track")), (7, 3));
    assert_eq!(after["summary"]["skipped"]["future_date"], 1);
    let strict = site.run(&["report", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("error[HM017]: row is dated `2099-01-01`"), "{}", strict.stderr);
    assert_eq!(site.run(&["build", "--strict"]).code, 1);
    assert!(!site.path().join("public").exists());
}

// A typo that is no longer in the future (2026 for 2025, read in 2027) must not move the
// window either: a few rows far after all the others are stray rows.
#[test]
fn a_stray_row_far_after_all_the_others_does_not_move_the_window() {
    let site = fixture("logs-basic");
    let (_, before) = report(&site, &[]);
    append(&site, "complaints/tickets.csv", "T-8,2026-06-01T00:00:00Z,email,en,refund,refund\n");
    let (run, after) = report(&site, &[]);
    assert!(
        run.stderr
            .contains("row is dated `2026-06-01`, 213 days after every other row: taken for a typo, it does not count"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> complaints/tickets.csv:9\n"), "{}", run.stderr);
    assert_eq!(after["entries"], before["entries"]);
    assert_eq!(after["as_of"], "2025-10-30");
    assert_eq!(site.run(&["report", "--strict"]).code, 1);
}

#[test]
fn rows_after_as_of_are_warnings_and_do_not_count() {
    let site = fixture("logs-basic");
    append(&site, "helpmark.yaml", "  as_of: 2025-10-25\n");
    let (run, json) = report(&site, &[]);
    assert!(
        run.stderr.contains("row is dated `2025-10-30`, after `as_of` (`2025-10-25`): it does not count"),
        "{}",
        run.stderr
    );
    assert_eq!(json["as_of"], "2025-10-25");
    assert_eq!(count(&json, "refund"), 6);
}

/// A 1,000-row export whose row `broken` (1-based, after the header) opens a quote in its
/// subject; rows name `refund` and `track` by turns.
fn export_with_an_open_quote(broken: usize, closing: Option<usize>) -> String {
    let mut csv = HEADER.to_string();
    for row in 1..=1000 {
        let id = if row % 2 == 0 { "refund" } else { "track" };
        let subject = match (row == broken, closing == Some(row)) {
            (true, _) => "\"parcel never came, again".to_string(),
            (_, true) => "\"late, very late\"".to_string(),
            _ => format!("subject {row}"),
        };
        csv.push_str(&format!("T-{row},2025-10-{:02}T10:00:00Z,email,en,{subject},{id}\n", 1 + row % 28));
    }
    csv
}

// Issue 13: a stray quote in row 11 of a 1,000-row CSV swallowed the remaining 990 rows and was
// reported as "1 bad row".
#[test]
fn a_quote_left_open_is_reported_where_it_opened_and_the_rows_after_it_are_read() {
    let site = fixture("logs-basic");
    site.write("complaints/tickets.csv", export_with_an_open_quote(11, None));
    site.write("complaints/search.jsonl", "");
    let (run, json) = report(&site, &[]);
    assert!(
        run.stderr.contains(
            "warning[HM017]: a quote opened in this row is never closed: it would swallow the 989 rows after it, \
             to the end of the file\n  --> complaints/tickets.csv:12\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the rows after it were read on their own"), "{}", run.stderr);
    let summary = &json["summary"];
    assert_eq!((summary["rows"].as_u64(), summary["bad_rows"].as_u64()), (Some(1000), Some(1)));
    assert_eq!((summary["skipped"]["malformed"].as_u64(), summary["recovered"].as_u64()), (Some(1), Some(989)));
    // Row 11 names `track`: 500 rows name each entry, one of them is lost.
    assert_eq!((count(&json, "refund"), count(&json, "track")), (500, 499));
    let strict = site.run(&["report", "--strict", "--format", "html"]);
    assert_eq!(strict.code, 1);
    assert!(strict.stderr.contains("error[HM017]: a quote opened in this row is never closed"), "{}", strict.stderr);
    assert!(!site.path().join("reports").exists());
}

#[test]
fn a_quote_left_open_until_a_later_quote_is_reported_with_the_rows_in_between() {
    let site = fixture("logs-basic");
    site.write("complaints/tickets.csv", export_with_an_open_quote(11, Some(500)));
    site.write("complaints/search.jsonl", "");
    let (run, json) = report(&site, &[]);
    // A quote-aware reader would have read rows 11 to 500 (lines 12 to 501) as one.
    assert!(
        run.stderr.contains(
            "a quote opened in this row runs on to line 501: it would swallow the 489 rows after it\n  --> \
             complaints/tickets.csv:12\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(json["summary"]["recovered"], 489);
    assert_eq!((count(&json, "refund"), count(&json, "track")), (500, 499));
}

#[test]
fn multi_line_quoted_fields_are_still_one_row() {
    let site = fixture("logs-basic");
    append(
        &site,
        "complaints/tickets.csv",
        "T-8,2025-10-07T09:00:00Z,email,en,\"refund, please:\nI returned it\n\non 2025-10-01, twice\",refund\n",
    );
    let (run, json) = report(&site, &[]);
    assert!(!run.stderr.contains("HM017"), "{}", run.stderr);
    assert_eq!(json["summary"]["rows"], 11);
    assert_eq!(count(&json, "refund"), 8);
}

// Issue 13: rows read, skipped and why, in every output.
#[test]
fn every_output_counts_the_rows_skipped_per_reason() {
    let site = fixture("logs-basic");
    append(
        &site,
        "complaints/tickets.csv",
        "T-8,2025-10-08,email,en,refund,refund,extra\n\
         T-9,yesterday,email,en,refund,refund\n\
         T-10,2099-01-01,email,en,refund,refund\n\
         T-11,2025-10-08,email,de,geld zurück,\n\
         T-12,2025-10-08,email,en,refund,refnud\n\
         T-13,2025-10-08,email,en,,\n",
    );
    append(
        &site,
        "complaints/search.jsonl",
        "not json\n{\"query\": \"refund\", \"at\": \"2025-10-09\", \"count\": \"many\"}\n",
    );
    let (_, json) = report(&site, &[]);
    let summary = &json["summary"];
    let skipped = &summary["skipped"];
    assert_eq!(summary["rows"], 18);
    assert_eq!(summary["bad_rows"], 8);
    for (reason, n) in [
        ("malformed", 2),
        ("bad_date", 1),
        ("future_date", 1),
        ("bad_count", 1),
        ("unknown_language", 1),
        ("unknown_id", 1),
        ("no_text", 1),
        ("bad_first_response", 0),
    ] {
        assert_eq!(skipped[reason], n, "{reason}: {summary:#}");
    }
    // Every row read is accounted for once.
    let parts = ["bad_rows", "zero_count", "outside_window", "by_id", "matched", "unmatched"];
    assert_eq!(parts.iter().map(|k| summary[k].as_u64().expect(k)).sum::<u64>(), 18, "{summary:#}");
    let reasons = "8 skipped (2 malformed, 1 bad date, 1 future date, 1 bad count, 1 unknown language, \
                   1 unknown entry id, 1 no text)";
    let table = site.run(&["report"]);
    assert!(table.stdout.lines().next().is_some_and(|l| l.ends_with(reasons)), "{}", table.stdout);
    site.run(&["report", "--format", "html"]);
    assert!(site.read("reports/complaints.html").contains(reasons));
    let build = site.run_with(&["build"], &[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains(&format!(
            "ranked by 18 complaint rows: 10 by entry id, 0 matched, 0 unmatched, 0 outside the window, {reasons}\n"
        )),
        "{}",
        build.stderr
    );
}

// Issue 13: diagnostics quoted row values (`{date}` is not a date, entry id `{id}` names no
// entry...) and the source line itself: personal data in the wrong column was printed.
#[test]
fn no_diagnostic_echoes_personal_data_from_a_row() {
    let site = fixture("logs-basic");
    site.write(
        "complaints/tickets.csv",
        format!(
            "{HEADER}T-1,priya.k@example.com,email,en,refund,refund\n\
             T-2,+91 98765 43210,email,en,refund,refund\n\
             T-3,2025-10-01,email,Priya Sharma,refund,\n\
             T-4,2025-10-01,email,en,refund,priya.k@example.com\n\
             T-5,2025-10-01,email,en,Paid by card 4111 1111 1111 1111,refund,mail priya.k@example.com\n\
             T-6,2025-10-01,email,en,\"refund, call 9876543210\n"
        ),
    );
    site.write(
        "complaints/search.jsonl",
        "{\"query\": \"refund\", \"at\": \"ABCDE1234F\"}\n{\"query\": \"x\", \"at\": priya.k@example.com}\n\
         {\"query\": \"refund\", \"at\": \"2025-10-01\", \"count\": \"9876543210\", \"lang\": \"priya.k@example.com\"}\n",
    );
    let table = site.run(&["report"]);
    let strict = site.run(&["report", "--strict"]);
    let build = site.run_with(&["build"], &[]);
    assert_eq!(strict.code, 1);
    for out in [&table.stderr, &table.stdout, &strict.stderr, &build.stderr] {
        for secret in ["priya", "Priya", "98765", "9876543210", "4111", "ABCDE1234F", "Sharma"] {
            assert!(!out.contains(secret), "`{secret}` leaked:\n{out}");
        }
    }
    assert!(table.stderr.contains("the value in column `created_at` is not a date"), "{}", table.stderr);
    assert!(table.stderr.contains("the value in column `language` is not one of the site's languages"));
    assert!(table.stderr.contains("the entry id in column `entry_id` names no entry"));
    assert!(table.stderr.contains("--> complaints/search.jsonl:2\n"), "{}", table.stderr);
}
