//! Complaint-frequency ranking (issue 4): `helpmark report` and its effect on `build`.

use crate::support::{entry, fixture, main_of, report_formats, report_json};
use serde_json::Value;

#[test]
fn rows_count_by_id_by_text_with_typos_and_in_hindi_and_turkish() {
    let site = fixture("complaints-basic");
    let report = report_json(&site);
    // Two rows name `invoice` directly.
    assert_eq!(entry(&report, "invoice")["count"], 2);
    // `track`: two English tickets, one with typos, one Turkish ticket in capitals, one Turkish
    // search typed without Turkish letters.
    let track = entry(&report, "track");
    assert_eq!(track["count"], 5, "{track:#}");
    assert_eq!(track["by_language"]["tr"], 2);
    assert_eq!(track["by_channel"]["phone"], 1, "the typo row (`wheres my odrer`)");
    // `refund`: a Hindi ticket, a Hindi search, and two spellings of "money back" (matched once).
    let refund = entry(&report, "refund");
    assert_eq!(refund["count"], 4, "{refund:#}");
    assert_eq!(refund["by_language"]["hi"], 2);
    assert_eq!(report["summary"]["outside_window"], 1);
    assert_eq!(report["summary"]["distinct_texts"], 11, "`money back` and `Money back!` are one text");
}

#[test]
fn popularity_decays_with_a_half_life_relative_to_as_of() {
    let site = fixture("complaints-basic");
    let report = report_json(&site);
    // Ages count in whole days, `as_of` (2026-10-31) being day 0: both invoice rows are from
    // that day and count fully; the `bill` row's hours do not matter.
    let expected = 2.0 * 0.5f64.powf(0.0 / 30.0);
    let popularity = entry(&report, "invoice")["popularity"].as_f64().expect("number");
    assert!((popularity - (expected * 1000.0).round() / 1000.0).abs() < 1e-9, "{popularity} vs {expected}");
    assert_eq!(report["as_of"], "2026-10-31");
}

#[test]
fn unmatched_complaints_are_grouped_into_topics() {
    let site = fixture("complaints-basic");
    let report = report_json(&site);
    let gaps = report["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["size"], 3);
    assert_eq!(gaps[0]["terms"][0], "crypto");
    assert!(gaps[0]["suggested_title"].as_str().is_some_and(|t| t.ends_with('?')));
}

#[test]
fn personal_data_is_masked_in_every_format() {
    let site = fixture("complaints-basic");
    // Make the ticket with an email, an order number and a phone number unmatched.
    // (Only texts that say all their entry's title says, ten times more than any other's.)
    site.write("helpmark.yaml", format!("{}  match_threshold: 1\n  match_margin: 0.9\n", site.read("helpmark.yaml")));
    let [json, table, html] = report_formats(&site);
    for out in [&json, &table, &html] {
        for secret in ["priya.k@example.com", "48213377", "98765 43210", "4111 1111"] {
            assert!(!out.contains(secret), "`{secret}` leaked:\n{out}");
        }
    }
    assert!(json.contains("[email]") && json.contains("[number]") && json.contains("[card]"));
}

#[test]
fn html_report_is_written_outside_public_and_escaped() {
    let site = fixture("complaints-basic");
    site.write("complaints/evil.jsonl", "{\"query\": \"<script>alert(1)</script> crypto\", \"at\": \"2026-10-30\"}\n");
    let run = site.run(&["report", "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("reports/complaints.html");
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    let refused = site.run(&["report", "--format", "html", "--output", "public/report.html"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("inside `public/`"), "{}", refused.stderr);
    site.build_ok();
    let published: Vec<u8> = site.files("public").into_iter().flat_map(|(_, b)| b).collect();
    let published = String::from_utf8_lossy(&published);
    for text in ["crypto", "bitcoin", "traking", "Kargo takibi çalışmıyor"] {
        assert!(!published.contains(text), "complaint text `{text}` was published");
    }
}

#[test]
fn bad_rows_are_reported_with_file_and_line_and_skipped() {
    let site = fixture("invalid/complaints-bad-rows");
    let run = site.run(&["report", "--format", "json"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["summary"]["bad_rows"], 8);
    assert_eq!(report["summary"]["rows"], 10);
}

#[test]
fn strict_makes_bad_rows_fatal_and_writes_nothing() {
    let site = fixture("invalid/complaints-bad-rows");
    let run = site.run(&["report", "--strict", "--format", "html"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[HM017]"), "{}", run.stderr);
    assert!(!site.path().join("reports").exists());
    let build = site.run(&["build", "--strict"]);
    assert_eq!(build.code, 1);
    assert!(!site.path().join("public").exists());
    // Without `--strict` the same site builds, with warnings.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("warning[HM017]"));
}

#[test]
fn ranking_and_build_are_deterministic() {
    let site = fixture("complaints-basic");
    let first = site.run(&["report", "--format", "json"]).stdout;
    let second = site.run(&["report", "--format", "json"]).stdout;
    assert_eq!(first, second);
    site.build_ok();
    let a = site.files("public");
    site.build_ok();
    assert_eq!(a, site.files("public"));
}

#[test]
fn home_page_and_categories_put_the_most_asked_questions_first() {
    let site = fixture("complaints-basic");
    site.build_ok();
    let home = site.read("public/index.html");
    let main = main_of(&home);
    let at = |title: &str| main.find(title).unwrap_or_else(|| panic!("`{title}` on the home page:\n{main}"));
    // Popularity: track > refund > invoice; without data manual order would put refund after
    // track's category-mates.
    assert!(at("Where is my order?") < at("When will I get my refund?"));
    assert!(at("When will I get my refund?") < at("Where is my invoice?"));
    // Inside Billing, `invoice` (order 2) is asked less than `refund` (order 1): manual order stays.
    let billing = site.read("public/billing/index.html");
    let billing = main_of(&billing);
    assert!(billing.find("When will I get my refund?") < billing.find("Where is my invoice?"));
    // Inside Orders, `cancel` (order 2) and `address` (order 3) have no complaints: manual order.
    let orders = site.read("public/orders/index.html");
    let orders = main_of(&orders);
    assert!(orders.find("Where is my order?") < orders.find("How do I cancel my order?"));
    assert!(orders.find("How do I cancel my order?") < orders.find("Can I change the delivery address?"));
}

#[test]
fn complaints_reorder_entries_inside_a_category() {
    let site = fixture("complaints-basic");
    // Three complaints about the address (order 3) put it before cancel (order 2), not before
    // track (5 complaints).
    let rows = "T-20,2026-10-31T10:00:00Z,chat,en,x,,address,\n".repeat(3);
    site.write("complaints/tickets.csv", format!("{}{rows}", site.read("complaints/tickets.csv")));
    site.build_ok();
    let orders = site.read("public/orders/index.html");
    let orders = main_of(&orders);
    let at = |t: &str| orders.find(t).unwrap_or(usize::MAX);
    assert!(at("Where is my order?") < at("Can I change the delivery address?"));
    assert!(at("Can I change the delivery address?") < at("How do I cancel my order?"), "{orders}");
}

#[test]
fn entry_pages_show_how_often_a_question_was_asked_only_when_enabled() {
    let site = fixture("complaints-basic");
    site.build_ok();
    assert!(!site.read("public/orders/track.html").contains("Asked 4 times"));
    site.write("helpmark.yaml", format!("{}  show_counts: true\n", site.read("helpmark.yaml")));
    site.build_ok();
    assert!(site.read("public/orders/track.html").contains("Asked 4 times in the last 30 days"));
    assert!(site.read("public/tr/orders/track.html").contains("Son 30 günde 4 kez soruldu"));
}

// Issue 8: phrasings customers use, tagged by agents or matched with confidence, that the
// entry lacks, are suggested as aliases; once is not enough, and nothing is published.
#[test]
fn report_suggests_aliases_from_recurring_phrasings_the_entry_lacks() {
    let site = fixture("complaints-basic");
    let tickets = site.read("complaints/tickets.csv");
    site.write(
        "complaints/tickets.csv",
        format!(
            "{tickets}T-90,2026-10-30T09:00:00Z,email,en,GST receipt,,invoice,\n\
             T-91,2026-10-29T09:00:00Z,email,en,gst receipt,,invoice,\n\
             T-92,2026-10-29T10:00:00Z,email,en,tax certificate,,invoice,\n\
             T-93,2026-10-29T11:00:00Z,email,en,my invoise,,invoice,\n\
             T-94,2026-10-29T12:00:00Z,email,en,my invoise,,invoice,\n"
        ),
    );
    let report = report_json(&site);
    let aliases = report["suggested_aliases"].as_array().expect("suggested_aliases");
    let gst = aliases.iter().find(|a| a["alias"] == "gst receipt").unwrap_or_else(|| panic!("{aliases:#?}"));
    assert_eq!(gst["id"], "invoice");
    assert_eq!(gst["count"], 2);
    assert_eq!(gst["new_words"], serde_json::json!(["gst", "receipt"]));
    assert!(!aliases.iter().any(|a| a["alias"] == "tax certificate"), "asked once: not suggested");
    assert!(!aliases.iter().any(|a| a["alias"] == "my invoise"), "a typo of a word the entry has is no new word");
    let table = site.run(&["report"]);
    assert!(
        table.stdout.contains("[en] invoice: \"gst receipt\" (2 complaints; new: gst, receipt)"),
        "{}",
        table.stdout
    );
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.read("public/billing/invoice.html").contains("receipt"), "suggestions are never published");
}

// Issue 8: rows tagged with an entry id teach the matcher: an untagged row worded like them
// now counts for that entry instead of landing in the gap report.
#[test]
fn tagged_rows_teach_the_matcher() {
    let site = fixture("complaints-basic");
    let tickets = site.read("complaints/tickets.csv");
    let untagged = "T-95,2026-10-30T11:00:00Z,chat,en,Need my GST receipt,,,\n";
    site.write("complaints/tickets.csv", format!("{tickets}{untagged}"));
    let before = report_json(&site);
    assert_eq!(entry(&before, "invoice")["count"], 2, "no entry mentions GST or receipts");
    let unmatched_before = before["summary"]["unmatched"].as_u64().expect("number");

    let tagged = "T-90,2026-10-29T09:00:00Z,email,en,GST receipt,,invoice,\n\
                  T-91,2026-10-29T10:00:00Z,email,en,where is the gst receipt,,invoice,\n";
    site.write("complaints/tickets.csv", format!("{tickets}{untagged}{tagged}"));
    let after = report_json(&site);
    assert_eq!(entry(&after, "invoice")["count"], 5, "two rows by id, two tagged, one taught match");
    assert_eq!(after["summary"]["unmatched"].as_u64(), Some(unmatched_before - 1));
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.read("public/billing/invoice.html").to_lowercase().contains("gst"), "taught texts stay private");
}

// Issue 14: an untagged row that repeats a tagged text word for word is the question the
// agent already answered: it counts for the tag, even where its words match another entry.
#[test]
fn a_row_repeating_a_tagged_text_counts_for_the_tag() {
    let site = fixture("complaints-basic");
    let tickets = site.read("complaints/tickets.csv");
    let untagged = "T-95,2026-10-30T11:00:00Z,chat,en,Where is my order refund?,,,\n";
    site.write("complaints/tickets.csv", format!("{tickets}{untagged}"));
    let before = report_json(&site);
    let (track, refund) = (entry(&before, "track")["count"].clone(), entry(&before, "refund")["count"].clone());

    let tagged = "T-90,2026-10-29T09:00:00Z,email,en,where is my ORDER refund,,refund,\n";
    site.write("complaints/tickets.csv", format!("{tickets}{untagged}{tagged}"));
    let after = report_json(&site);
    assert_eq!(entry(&after, "refund")["count"], refund.as_u64().unwrap() + 2, "the tagged row and its repeat");
    assert_eq!(entry(&after, "track")["count"], track.as_u64().unwrap() - 1, "matching had sent the repeat here");
}

// The report as an editor reads it, table and HTML, pinned: ranking, trends, gaps, aliases and
// service standards in one view of the fixture (dates are fixed by `as_of`).
#[test]
fn report_table_and_html_as_editors_read_them() {
    let site = fixture("complaints-basic");
    let table = site.run(&["report"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("report_table", table.stdout);
    let html = site.run(&["report", "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    insta::assert_snapshot!("report_html", site.read("reports/complaints.html"));
}

// Issue 14: the report a support lead acts on, on a one-language site with subjects, bodies,
// order numbers, promises per channel and tagged rows.
mod acts_on {
    use crate::support::{fixture, report_json};
    use serde_json::Value;

    fn channel<'a>(report: &'a Value, name: &str) -> &'a Value {
        let channels = report["service"]["channels"].as_array().expect("channels");
        channels.iter().find(|c| c["channel"] == name).unwrap_or_else(|| panic!("no `{name}`: {channels:#?}"))
    }

    #[test]
    fn never_answered_tickets_count_against_the_promise_per_channel() {
        let site = fixture("report-service");
        let report = report_json(&site);
        let email = channel(&report, "email");
        // 4 answered (3 within 24 h), 1 never answered, 1 asked 4 hours before the window's
        // end: still open, not yet due.
        assert_eq!((&email["answered"], &email["within"], &email["never_answered"]), (&4.into(), &3.into(), &1.into()));
        assert_eq!(email["still_open"], 1);
        assert_eq!((&email["median_seconds"], &email["p90_seconds"]), (&3600.0.into(), &108_000.0.into()));
        let chat = channel(&report, "chat");
        assert_eq!(chat["promise_seconds"], 300, "`response_time: {{chat: 5m}}` wins over `response_time_hours`");
        let phone = channel(&report, "phone");
        assert_eq!((&phone["complaints"], &phone["promise_seconds"]), (&2.into(), &Value::Null), "phone stays listed");
        let table = site.run(&["report"]).stdout;
        for line in [
            "  email: 60 % within 24 h; 1 of 5 never answered; 1 still open; median 1 h, 90th percentile 30 h",
            "  chat: 60 % within 5 min; 1 of 5 never answered; median 2 min, 90th percentile 10 min",
            "  phone: no first response recorded (2 complaints, not held to a promise)",
        ] {
            assert!(table.contains(line), "`{line}` missing:\n{table}");
        }
    }

    #[test]
    fn breached_weeks_are_marked_and_staffing_says_it_was_checked() {
        let site = fixture("report-service");
        let report = report_json(&site);
        let weeks = report["service"]["weeks"].as_array().expect("weeks");
        let breached: Vec<(&str, &str)> = weeks
            .iter()
            .filter(|w| w["breached"] == true)
            .map(|w| (w["week"].as_str().unwrap_or_default(), w["channel"].as_str().unwrap_or_default()))
            .collect();
        assert_eq!(breached, [("2026-09-14", "email"), ("2026-09-28", "email"), ("2026-10-05", "chat")]);
        let october = &report["service"]["staffing"][1];
        assert_eq!(
            (&october["month"], &october["email"], &october["projected"]),
            (&"2026-10".into(), &5.into(), &11.into())
        );
        let table = site.run(&["report"]).stdout;
        assert!(table.contains("week of 2026-10-05: chat 60 % !, email 100 %"), "{table}");
        assert!(
            table.contains("  checked: email stayed under the 400-a-month line in every month (most: 5 in 2026-10)"),
            "{table}"
        );
    }

    #[test]
    fn email_over_the_line_needs_people_and_the_current_month_is_projected() {
        let site = fixture("report-service");
        let mut log = site.read("complaints/tickets.csv");
        for i in 0..450 {
            log.push_str(&format!("S-{i},2026-09-{:02}T10:00:00Z,email,,,track,\n", i % 30 + 1));
        }
        for i in 0..200 {
            log.push_str(&format!("O-{i},2026-10-{:02}T10:00:00Z,email,,,track,\n", i % 14 + 1));
        }
        site.write("complaints/tickets.csv", log);
        let table = site.run(&["report"]).stdout;
        assert!(
            table.contains("  ! 2026-09: 451 emails, over the 400-a-month line: 2 people answering email full time"),
            "{table}"
        );
        assert!(
            table.contains(
                "  ! 2026-10: 205 emails in 14 of 31 days, projected 454 for the month, over the 400-a-month line: 2 people answering email full time"
            ),
            "{table}"
        );
        assert!(!table.contains("checked:"), "{table}");
    }

    #[test]
    fn the_suggested_question_is_the_subject_and_codes_form_no_topic() {
        let site = fixture("report-service");
        let report = report_json(&site);
        let gaps = report["gaps"].as_array().expect("gaps");
        assert_eq!(gaps.len(), 1, "{gaps:#?}");
        assert_eq!(gaps[0]["suggested_title"], "Gift card balance?");
        assert_eq!(gaps[0]["size"], 3);
        let text = report.to_string();
        assert!(!text.contains("priya@example.com") && !text.contains("482913"), "{text}");
        // The texts that only share `order MM-<number>` stay apart, and are listed.
        let listed: Vec<&str> = report["ungrouped_complaints"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect();
        assert_eq!(report["ungrouped"], 4);
        assert!(listed.contains(&"purple elephant dancing order MM-[number]"), "{listed:?}");
        assert!(listed.contains(&"Do you ship to Antarctica"), "{listed:?}");
        let table = site.run(&["report"]).stdout;
        assert!(table.contains("  [en] Do you ship to Antarctica ×1"), "{table}");
        let html = site.run(&["report", "--format", "html", "--output", "r.html"]);
        assert_eq!(html.code, 0, "{}", html.stderr);
        assert!(site.read("r.html").contains("<li>Do you ship to Antarctica <small>(en, ×1)</small></li>"));
    }

    #[test]
    fn aliases_are_short_phrases_without_codes() {
        let site = fixture("report-service");
        let report = report_json(&site);
        let aliases = report["suggested_aliases"].as_array().expect("aliases");
        let money = aliases.iter().find(|a| a["alias"] == "money back").unwrap_or_else(|| panic!("{aliases:#?}"));
        assert_eq!((&money["id"], &money["count"]), (&"refund".into(), &3.into()));
        assert_eq!(money["source"], "content/billing/refund.md");
        assert_eq!(money["url"], "https://help.shop.test/billing/refund.html");
        for a in aliases {
            let alias = a["alias"].as_str().unwrap_or_default();
            let words = alias.split(' ').count();
            assert!((2..=4).contains(&words), "`{alias}` is no short phrase");
            assert!(!alias.contains("mm") && !alias.contains("order"), "`{alias}` holds a code");
        }
    }

    #[test]
    fn entries_link_to_their_pages_and_name_their_files_and_csv_is_the_ranking() {
        let site = fixture("report-service");
        let report = report_json(&site);
        let track = crate::support::entry(&report, "track");
        assert_eq!(track["url"], "https://help.shop.test/orders/track.html");
        assert_eq!(track["source"], "content/orders/track.md");
        let csv = site.run(&["report", "--format", "csv"]);
        assert_eq!(csv.code, 0, "{}", csv.stderr);
        let mut lines = csv.stdout.lines();
        assert_eq!(
            lines.next(),
            Some(
                "rank,id,key,title,url,source,popularity,count,last_30_days,channel:chat,channel:email,channel:phone,\
                 week:2026-08-24,week:2026-08-31,week:2026-09-07,week:2026-09-14,week:2026-09-21,week:2026-09-28,week:2026-10-05,week:2026-10-12"
            )
        );
        let row = ",track,orders/track,How do I track my parcel?,https://help.shop.test/orders/track.html,content/orders/track.md,";
        assert!(lines.any(|l| l.contains(row)), "{}", csv.stdout);
    }

    #[test]
    fn html_report_draws_sparklines_bars_and_breaches_and_loads_nothing() {
        let site = fixture("report-service");
        let run = site.run(&["report", "--format", "html"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let html = site.read("reports/complaints.html");
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(html.contains("<svg width=\"96\" height=\"24\"") && html.contains("<polyline"), "a sparkline");
        assert!(html.contains("<div class=\"bar\"><span>phone</span>"), "volume per channel as bars");
        assert!(html.contains("<td class=\"n breach\" title=\"breached\">⚠ 60 %"), "a breached week");
        assert!(html.contains("<a href=\"https://help.shop.test/orders/track.html\">How do I track my parcel?</a>"));
        for outside in ["<script", "<link", "<img", "src=", "@import", "url("] {
            assert!(!html.contains(outside), "`{outside}`: the report loads nothing");
        }
    }

    #[test]
    fn stubs_are_drafts_never_written_over_a_file() {
        let site = fixture("report-service");
        let run = site.run(&["report", "--stubs"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("drafted `content/orders/gift-card-balance.md`"), "{}", run.stderr);
        let draft = site.read("content/orders/gift-card-balance.md");
        assert!(draft.starts_with("---\ntitle: \"Gift card balance?\"\ndraft: true\n# Drafted by"), "{draft}");
        assert!(draft.contains("#   - Gift card balance — balance on gift card please, mail me at [email]"), "{draft}");
        assert!(!draft.contains("priya@example.com"));
        // Again: the draft is there already.
        let again = site.run(&["report", "--stubs"]);
        assert!(again.stderr.contains("holds this draft already"), "{}", again.stderr);
        // An editor's own file of that name is never replaced: the draft takes the next name.
        site.write("content/orders/gift-card-balance.md", "---\ntitle: Mine\n---\nMine.\n");
        let third = site.run(&["report", "--stubs", "1"]);
        assert!(third.stderr.contains("drafted `content/orders/gift-card-balance-2.md`"), "{}", third.stderr);
        assert_eq!(site.read("content/orders/gift-card-balance.md"), "---\ntitle: Mine\n---\nMine.\n");
        // Drafts build only with `--drafts`, and their comments are never published.
        site.build_ok();
        assert!(!site.path().join("public/orders/gift-card-balance-2.html").exists());
        let drafts = site.run(&["build", "--drafts"]);
        assert_eq!(drafts.code, 0, "{}", drafts.stderr);
        let page = site.read("public/orders/gift-card-balance-2.html");
        assert!(page.contains("Gift card balance?") && !page.contains("balance on gift card please"));
    }
}
