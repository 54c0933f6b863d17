//! Complaint logs as help desks and spreadsheets really write them (issue 14, "Real exports and
//! bad rows"): the export presets of Zendesk, Freshdesk, Intercom and Help Scout with their own
//! column names and units, CRLF and CR line endings, a UTF-8 byte-order mark, semicolons and
//! tabs between fields, UTF-16, and files that are not text at all. The site is
//! `tests/fixtures/logs-formats`: two entries (`refund`, `track`), a promise to answer within 3
//! hours, and one small comma-separated log that each test replaces.

use crate::support::{entry, fixture, Run, Site};
use serde_json::Value;

const LOG: &str = "complaints/tickets.csv";

fn report(site: &Site) -> (Run, Value) {
    let run = site.run(&["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = serde_json::from_str(&run.stdout).expect("JSON report");
    (run, json)
}

fn count(report: &Value, id: &str) -> u64 {
    entry(report, id)["count"].as_u64().unwrap_or(0)
}

/// The site with `source` (the YAML of one complaint source, indented as a list item) as its
/// only source.
fn with_source(source: &str) -> Site {
    let site = fixture("logs-formats");
    let config = site.read("helpmark.yaml").replace("    - path: complaints/tickets.csv\n", source);
    site.write("helpmark.yaml", config);
    site
}

/// The rows answered within the 3-hour promise, over all channels, and the rows with an answer.
fn answered_within(report: &Value) -> (u64, u64) {
    let service = &report["service"];
    let channels = service["channels"].as_array().or(service["response_by_channel"].as_array()).expect("channels");
    channels.iter().fold((0, 0), |(within, answered), c| {
        (within + c["within"].as_u64().expect("within"), answered + c["answered"].as_u64().expect("answered"))
    })
}

/// `text` in UTF-16 with a byte-order mark.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

const ROWS: &str = "ticket_id,created_at,channel,subject,first_response_hours
T-1,2025-10-01T09:00:00Z,email,When will I get my refund,1
T-2,2025-10-02T09:00:00Z,email,when will i get my refund?,2
T-3,2025-10-03T13:45:00Z,chat,Where is my order,0.5
T-4,2025-13-04T09:00:00Z,email,refund please,1
T-5,2025-10-05T09:00:00Z,email,\"a quote left open,1
T-6,2025-10-06T09:00:00Z,email,Where is my order,1
T-7,2025-10-07T09:00:00Z,email,one,field,too many,1
";

/// The diagnostics' places, in order.
fn places(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.trim().strip_prefix("--> ")).collect()
}

// Issue 14: "CRLF files give the right line numbers (today every CSV diagnostic points one line
// up)". Checked: the streamed reader of issue 13 already counted CRLF lines right; this holds it.
#[test]
fn a_crlf_log_names_the_same_lines_as_the_same_log_with_lf() {
    let site = fixture("logs-formats");
    site.write(LOG, ROWS);
    let (lf, lf_json) = report(&site);
    let expected = ["complaints/tickets.csv:5", "complaints/tickets.csv:6", "complaints/tickets.csv:8"];
    assert_eq!(places(&lf.stderr), expected, "{}", lf.stderr);
    site.write(LOG, ROWS.replace('\n', "\r\n"));
    let (crlf, crlf_json) = report(&site);
    assert_eq!(places(&crlf.stderr), expected, "{}", crlf.stderr);
    assert_eq!(crlf_json["entries"], lf_json["entries"]);
    assert_eq!(crlf_json["summary"], lf_json["summary"]);
}

#[test]
fn a_log_whose_lines_end_in_cr_alone_is_read_line_by_line() {
    let site = fixture("logs-formats");
    site.write(LOG, ROWS.replace('\n', "\r"));
    let (run, json) = report(&site);
    assert_eq!(
        places(&run.stderr),
        ["complaints/tickets.csv:5", "complaints/tickets.csv:6", "complaints/tickets.csv:8"],
        "{}",
        run.stderr
    );
    assert_eq!(count(&json, "refund"), 2);
    assert_eq!(count(&json, "track"), 2);
}

#[test]
fn a_utf8_byte_order_mark_is_not_part_of_the_first_column_name() {
    let site = fixture("logs-formats");
    // The first column is the date: with the mark glued to it, no date column would be found.
    site.write(
        LOG,
        "\u{feff}created_at,subject\r\n2025-10-01,When will I get my refund\r\n2025-10-02,Where is my order\r\n",
    );
    site.write("complaints/search.jsonl", "\u{feff}{\"query\": \"where is my order\", \"at\": \"2025-10-03\"}\n");
    let config = site.read("helpmark.yaml").replace(
        "    - path: complaints/tickets.csv\n",
        "    - path: complaints/tickets.csv\n    - path: complaints/search.jsonl\n",
    );
    site.write("helpmark.yaml", config);
    let (run, json) = report(&site);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(json["summary"]["rows"], 3);
    assert_eq!(count(&json, "refund"), 1);
    assert_eq!(count(&json, "track"), 2);
}

// Excel in Turkish (and German, French, ...) separates fields with semicolons, writes dates day
// first with dots and decimals with a comma.
#[test]
fn a_semicolon_separated_excel_export_with_day_first_dates_is_read() {
    let site = fixture("logs-formats");
    site.write(
        LOG,
        "ticket_id;created_at;channel;subject;first_response_hours\r\n\
         T-1;01.10.2025 09:00;email;When will I get my refund, please;1,5\r\n\
         T-2;2.10.2025;email;\"refund; when will i get it\";2,5\r\n\
         T-3;03.10.2025 13:45:10;chat;Where is my order;4\r\n\
         T-4;31.02.2025;chat;Where is my order;1\r\n",
    );
    let (run, json) = report(&site);
    assert_eq!(json["summary"]["rows"], 4);
    assert_eq!(json["summary"]["skipped"]["bad_date"], 1, "{}", run.stderr);
    assert!(run.stderr.contains("`2025-02-31` in column `created_at` is not a date"), "{}", run.stderr);
    assert!(run.stderr.contains("--> complaints/tickets.csv:5\n"), "{}", run.stderr);
    assert_eq!(count(&json, "refund"), 2);
    assert_eq!(count(&json, "track"), 1);
    assert_eq!(json["summary"]["skipped"]["bad_first_response"], 0);
    assert_eq!(answered_within(&json), (2, 3));
}

#[test]
fn utf16_logs_with_a_byte_order_mark_are_read_as_written() {
    // Excel's "Unicode text" is UTF-16 with tabs between fields; Turkish letters and a Hindi
    // word make sure whole characters survive (U+0A0D and friends hold a byte 0x0A).
    let text = "created_at\tsubject\tchannel\r\n\
                2025-10-01\tWhen will I get my refund\temail\r\n\
                2025-10-02\tWhere is my order, şimdi?\tchat\r\n\
                2025-13-03\trefund\temail\r\n\
                2025-10-04\tWhere is my order ਊ\tchat\r\n";
    for big_endian in [false, true] {
        let site = fixture("logs-formats");
        site.write(LOG, utf16(text, big_endian));
        let (run, json) = report(&site);
        assert_eq!(places(&run.stderr), ["complaints/tickets.csv:4"], "{}", run.stderr);
        assert_eq!(count(&json, "refund"), 1, "big endian: {big_endian}");
        assert_eq!(count(&json, "track"), 2, "big endian: {big_endian}");
        assert_eq!(json["service"]["monthly"]["2025-10"]["chat"], 2);
    }
}

#[test]
fn utf16_without_a_byte_order_mark_is_refused_with_the_command_that_converts_it() {
    let site = fixture("logs-formats");
    let mut bytes = utf16("created_at,subject\n2025-10-01,refund\n", false);
    bytes.drain(..2);
    site.write(LOG, bytes);
    let run = site.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[HM017]: the complaint log looks like UTF-16 without a byte-order mark"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> complaints/tickets.csv\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "iconv -f UTF-16LE -t UTF-8 complaints/tickets.csv > complaints/tickets.csv.tmp && mv \
             complaints/tickets.csv.tmp complaints/tickets.csv"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_excel_workbook_named_csv_is_refused_with_how_to_export_it() {
    let site = fixture("logs-formats");
    site.write(LOG, b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml");
    let run = site.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("is a ZIP archive (an Excel workbook?), not a text export"), "{}", run.stderr);
    assert!(run.stderr.contains("`CSV UTF-8`"), "{}", run.stderr);
}

// Zendesk's CSV export (Admin Center > Account > Tools > Reports > Export): its first reply
// time is in minutes. Read as hours, 120 minutes would break the 3-hour promise.
#[test]
fn the_zendesk_preset_reads_the_csv_export_and_its_minutes() {
    let site = with_source("    - path: complaints/tickets.csv\n      preset: zendesk\n");
    site.write(
        LOG,
        "Id,Requester,Subject,Status,Via,Created at,First reply time in minutes,First reply time in minutes \
         within business hours\n\
         101,Ayşe,When will I get my refund,solved,Mail,2025-10-01 09:00:00 +0300,120,60\n\
         102,Ravi,Where is my order,solved,Web Widget,2025-10-02 10:00:00 +0530,30,30\n\
         103,Jo,Where is my order?,open,Mail,2025-10-03 11:00:00 +0000,,\n\
         104,Li,When will I get my refund,solved,Mail,2025-10-04 11:00:00 +0000,600,120\n",
    );
    let (run, json) = report(&site);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(count(&json, "refund"), 2);
    assert_eq!(count(&json, "track"), 2);
    assert_eq!(json["service"]["monthly"]["2025-10"]["mail"], 3);
    assert_eq!(answered_within(&json), (2, 3));
}

// A Zendesk Explore report of tickets names its columns after Explore's attributes.
#[test]
fn the_zendesk_preset_reads_an_explore_report() {
    let site = with_source("    - path: complaints/tickets.csv\n      preset: zendesk\n");
    site.write(
        LOG,
        "Ticket ID,Ticket created - Date,Ticket channel,Ticket subject\n\
         1,2025-10-01,Email,When will I get my refund\n\
         2,2025-10-02,Chat,Where is my order\n",
    );
    let (_, json) = report(&site);
    assert_eq!(count(&json, "refund"), 1);
    assert_eq!(count(&json, "track"), 1);
    assert_eq!(json["service"]["monthly"]["2025-10"]["chat"], 1);
}

// Freshdesk (Tickets > Export): `Initial response time` is a date-time, `First response time
// (in hrs)` a duration written as hours, minutes and seconds.
#[test]
fn the_freshdesk_preset_reads_the_ticket_export() {
    let site = with_source("    - path: complaints/freshdesk.csv\n      preset: freshdesk\n");
    site.write(
        "complaints/freshdesk.csv",
        "Ticket ID,Subject,Description,Status,Source,Created time,Initial response time,First response time (in hrs)\n\
         1,Refund,When will I get my refund,Closed,Email,2025-10-01 09:00:00,2025-10-01 10:30:00,01:30:00\n\
         2,Order,Where is my order,Closed,Portal,2025-10-02 09:00:00,2025-10-02 15:00:00,06:00:00\n\
         3,Order,Where is my order,Open,Chat,2025-10-03 09:00:00,,\n",
    );
    let (run, json) = report(&site);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(count(&json, "refund"), 1);
    assert_eq!(count(&json, "track"), 2);
    assert_eq!(json["service"]["monthly"]["2025-10"]["portal"], 1);
    assert_eq!(answered_within(&json), (1, 2));
}

// Intercom's dataset export writes the workspace's time zone into the names of its date
// columns and its durations in seconds.
#[test]
fn the_intercom_preset_reads_the_dataset_export() {
    let site = with_source("    - path: complaints/intercom.csv\n      preset: intercom\n");
    site.write(
        "complaints/intercom.csv",
        "Conversation ID,Conversation started at (Europe/Istanbul),Channel,Title,First response time (seconds)\n\
         9001,2025-10-01 09:00:00,Chat,When will I get my refund,600\n\
         9002,2025-10-02 09:00:00,Email,Where is my order,36000\n\
         9003,2025-10-03 09:00:00,Chat,Where is my order,5400\n",
    );
    let (run, json) = report(&site);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(count(&json, "refund"), 1);
    assert_eq!(count(&json, "track"), 2);
    assert_eq!(answered_within(&json), (2, 3));
}

#[test]
fn the_helpscout_preset_reads_help_scouts_field_names() {
    let site = with_source("    - path: complaints/helpscout.csv\n      preset: helpscout\n");
    site.write(
        "complaints/helpscout.csv",
        "number,type,subject,preview,createdAt\n\
         1,email,Refund,When will I get my refund,2025-10-01T09:00:00Z\n\
         2,chat,Order,Where is my order,2025-10-02T09:00:00Z\n",
    );
    let (_, json) = report(&site);
    assert_eq!(count(&json, "refund"), 1);
    assert_eq!(count(&json, "track"), 1);
    assert_eq!(json["service"]["monthly"]["2025-10"]["chat"], 1);
}

#[test]
fn explicit_columns_override_a_preset_key_by_key() {
    let site =
        with_source("    - path: complaints/tickets.csv\n      preset: zendesk\n      columns: {date: Solved at}\n");
    site.write(
        LOG,
        "Id,Subject,Via,Created at,Solved at,First reply time in minutes\n\
         1,When will I get my refund,Mail,2025-09-30 09:00:00,2025-10-01 09:00:00,60\n\
         2,Where is my order,Mail,2025-10-02 09:00:00,2025-10-02 12:00:00,60\n",
    );
    let (_, json) = report(&site);
    // Counted by the day they were solved; the subject and the minutes still come from the preset.
    assert_eq!(json["service"]["monthly"]["2025-10"]["mail"], 2, "{}", json["service"]);
    assert!(json["service"]["monthly"]["2025-09"].is_null(), "{}", json["service"]);
    assert_eq!(count(&json, "refund"), 1);
    assert_eq!(answered_within(&json), (2, 2));
}

#[test]
fn an_unknown_preset_is_an_error_at_its_line_with_the_closest_name() {
    let site = with_source("    - path: complaints/tickets.csv\n      preset: zendsk\n");
    let run = site.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`zendsk` is not a help-desk preset"), "{}", run.stderr);
    assert!(run.stderr.contains("--> helpmark.yaml:8:"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `zendesk`?"), "{}", run.stderr);
    let site = with_source("    - path: complaints/tickets.csv\n      preset: kayako\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("use one of `zendesk`, `freshdesk`, `intercom`, `helpscout`"), "{}", run.stderr);
}
