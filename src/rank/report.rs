//! The complaint report for people: one typed [`Report`] built from a [`Ranking`] and the
//! model, rendered as a terminal table, JSON (the struct itself, through serde), a
//! self-contained HTML page, or CSV; and draft entries for the top content gaps
//! ([`stub_drafts`]).
//!
//! All complaint text in a `Ranking` is masked already (see [`super::gaps`]); the HTML escapes
//! every value on top of that, and the CSV defuses cells a spreadsheet would take for a
//! formula. Nothing here writes files.
//!
//! The HTML page has no script and loads nothing: its pictures are inline SVG and CSS bars (a
//! weekly sparkline per top question, volume per channel, email per month against the
//! staffing line, breached weeks highlighted), and it reads on a phone (one column, tables
//! that scroll sideways on their own).

mod feedback;

use super::aliases::AliasSuggestion;
use super::gaps::{Phrasing, Topic};
use super::service::{self, ChannelService, ServiceStandards, TARGET_SHARE};
use super::{Ranking, Skip};
use crate::model::Model;
use crate::render::escape::escape;
use crate::shared::date;
use search_index::analyzer_for;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::path::Path;

/// Weeks shown in trends.
const TREND_WEEKS: i64 = 8;
/// Entries listed in the table and the HTML page (JSON and CSV list them all).
const TABLE_ENTRIES: usize = 20;
/// Complaints in no topic listed in the table (JSON, CSV and HTML list all that are kept).
const TABLE_UNGROUPED: usize = 10;
/// Months drawn as bars in the HTML page.
const CHART_MONTHS: usize = 6;

/// Everything a report shows, in the order it shows it. JSON is this struct as serde writes it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The site's title in its default language.
    pub site_title: String,
    /// The last day of the window (`YYYY-MM-DD`), if the logs had any row.
    pub as_of: Option<String>,
    /// The window, in days.
    pub window_days: u32,
    /// The decay half-life, in days.
    pub half_life_days: f64,
    /// What happened to the rows.
    pub summary: SummaryRow,
    /// The Mondays of the trend weeks, oldest first.
    pub weeks: Vec<String>,
    /// Entries asked about in the window, most popular first.
    pub entries: Vec<EntryRow>,
    /// Content gaps: unmatched complaints by topic, largest first.
    pub gaps: Vec<Topic>,
    /// Topics past those listed: how many, and their complaints.
    pub more_gaps: MoreGaps,
    /// Unmatched complaints in no topic.
    pub ungrouped: u64,
    /// The most asked of them, as written (masked).
    pub ungrouped_complaints: Vec<Phrasing>,
    /// Phrases customers use for an entry that it lacks.
    pub suggested_aliases: Vec<AliasRow>,
    /// Volumes, staffing and first responses.
    pub service: ServiceStandards,
    /// "Was this helpful?" votes, labelled contacts, and the before and after of changes.
    pub feedback: super::feedback::Feedback,
}

/// Row counts (see [`super::Summary`]).
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    /// Log files read.
    pub files: usize,
    /// Rows read.
    pub rows: u64,
    /// Rows skipped as bad.
    pub bad_rows: u64,
    /// Rows skipped, per reason (`bad_date`, ...).
    pub skipped: BTreeMap<&'static str, u64>,
    /// Rows read on their own after a quote left open.
    pub recovered: u64,
    /// Rows with a count of 0.
    pub zero_count: u64,
    /// Rows older than the window.
    pub outside_window: u64,
    /// Rows counted through their entry id.
    pub by_id: u64,
    /// Rows whose text matched an entry.
    pub matched: u64,
    /// Rows whose text matched no entry.
    pub unmatched: u64,
    /// Distinct normalised texts matched.
    pub distinct_texts: usize,
    /// The skipped rows in words: `2 skipped (1 malformed, 1 bad date)`.
    pub skipped_in_words: String,
}

/// One entry of the ranking.
#[derive(Debug, Clone, Serialize)]
pub struct EntryRow {
    /// Position, from 1.
    pub rank: usize,
    /// Id in the default language (or the first that has the entry).
    pub id: String,
    /// Translation key.
    pub key: String,
    /// Title in that language.
    pub title: String,
    /// The entry's page (absolute, from `base_url`).
    pub url: String,
    /// Its source file, relative to the site folder.
    pub source: String,
    /// Decayed count, to three decimals.
    pub popularity: f64,
    /// Complaints in the window.
    pub count: u64,
    /// Complaints in the last 30 days.
    pub last_30_days: u64,
    /// Complaints per channel.
    pub by_channel: BTreeMap<String, u64>,
    /// Complaints per language.
    pub by_language: BTreeMap<String, u64>,
    /// Complaints per trend week, oldest first.
    pub weekly: Vec<WeekCount>,
}

/// Complaints in one week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekCount {
    /// The week's Monday.
    pub week: String,
    /// Complaints that week.
    pub count: u64,
}

/// Topics not listed.
#[derive(Debug, Clone, Serialize)]
pub struct MoreGaps {
    /// How many.
    pub topics: usize,
    /// Their complaints.
    pub complaints: u64,
}

/// A suggested alias with where to add it.
#[derive(Debug, Clone, Serialize)]
pub struct AliasRow {
    /// Entry id in the phrase's language.
    pub id: String,
    /// Translation key.
    pub key: String,
    /// Language of the phrase.
    pub lang: String,
    /// The entry's title in that language.
    pub title: String,
    /// The phrase (masked).
    pub alias: String,
    /// Complaints whose text holds it.
    pub count: u64,
    /// Its words the entry lacks.
    pub new_words: Vec<String>,
    /// The entry's page.
    pub url: String,
    /// The file to add it to.
    pub source: String,
}

impl Report {
    /// The report of `ranking` on `model`; `site` is the site folder, to name source files
    /// relative to it.
    pub fn new(ranking: &Ranking, model: &Model, site: &Path) -> Report {
        let config = &model.config;
        let default = config.default_language();
        let weeks = trend_weeks(ranking);
        let s = &ranking.summary;
        let page = |lang: Option<&str>, key: &str| -> (String, String) {
            let entry = model
                .languages
                .iter()
                .filter(|l| lang.is_none_or(|code| l.code == code))
                .find_map(|l| l.entries.iter().find(|e| e.key == key));
            entry.map_or_else(Default::default, |e| {
                let source = e.path.strip_prefix(site).unwrap_or(&e.path);
                (format!("{}{}", config.base_url, e.url), source.display().to_string())
            })
        };
        let entries = ranking
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (url, source) = page(None, &e.key);
                EntryRow {
                    rank: i + 1,
                    id: e.id.clone(),
                    key: e.key.clone(),
                    title: e.title.clone(),
                    url,
                    source,
                    popularity: (e.popularity * 1000.0).round() / 1000.0,
                    count: e.count,
                    last_30_days: e.recent,
                    by_channel: e.by_channel.clone(),
                    by_language: e.by_language.clone(),
                    weekly: weeks
                        .iter()
                        .map(|w| WeekCount { week: w.clone(), count: e.weekly.get(w).copied().unwrap_or(0) })
                        .collect(),
                }
            })
            .collect();
        let suggested_aliases = ranking
            .aliases
            .iter()
            .map(|a: &AliasSuggestion| {
                let (url, source) = page(Some(&a.lang), &a.key);
                AliasRow {
                    id: a.id.clone(),
                    key: a.key.clone(),
                    lang: a.lang.clone(),
                    title: a.title.clone(),
                    alias: a.phrasing.clone(),
                    count: a.count,
                    new_words: a.new_words.clone(),
                    url,
                    source,
                }
            })
            .collect();
        Report {
            site_title: config.title.get(default, default),
            as_of: ranking.as_of.map(|t| date::format_day(t - 1)),
            window_days: ranking.window_days,
            half_life_days: ranking.half_life_days,
            summary: SummaryRow {
                files: s.files,
                rows: s.rows,
                bad_rows: s.bad_rows,
                skipped: Skip::ALL.iter().map(|&r| (r.key(), s.skipped.get(r))).collect(),
                recovered: s.recovered,
                zero_count: s.zero_count,
                outside_window: s.outside_window,
                by_id: s.by_id,
                matched: s.matched,
                unmatched: s.unmatched,
                distinct_texts: s.distinct_texts,
                skipped_in_words: s.describe_skipped(),
            },
            weeks,
            entries,
            gaps: ranking.gaps.clone(),
            more_gaps: MoreGaps { topics: ranking.more_gaps.0, complaints: ranking.more_gaps.1 },
            ungrouped: ranking.ungrouped,
            ungrouped_complaints: ranking.ungrouped_texts.clone(),
            suggested_aliases,
            service: ranking.service.clone(),
            feedback: ranking.feedback.clone(),
        }
    }

    /// The opening line: rows, files, window and what happened to the rows.
    fn headline(&self) -> String {
        let s = &self.summary;
        format!(
            "{} rows from {} file{} up to {} ({}-day window, half-life {} days): {} by entry id, {} matched, {} unmatched, {} outside the window, {}",
            s.rows,
            s.files,
            plural(s.files as u64),
            self.as_of.as_deref().unwrap_or("no data"),
            self.window_days,
            self.half_life_days,
            s.by_id,
            s.matched,
            s.unmatched,
            s.outside_window,
            s.skipped_in_words
        )
    }

    /// The trend weeks to show of the service weeks: the last [`TREND_WEEKS`] that have any.
    fn service_weeks(&self) -> Vec<&str> {
        let mut weeks: Vec<&str> = self.service.weeks.iter().map(|w| w.week.as_str()).collect();
        weeks.dedup();
        let skip = weeks.len().saturating_sub(TREND_WEEKS as usize);
        weeks.split_off(skip)
    }
}

/// The Mondays of the last `TREND_WEEKS` weeks up to `as_of`, oldest first.
pub fn trend_weeks(ranking: &Ranking) -> Vec<String> {
    let Some(as_of) = ranking.as_of else { return Vec::new() };
    // `as_of` may be the first instant after the window: the last counted moment is just before.
    let last = as_of - 1;
    (0..TREND_WEEKS).rev().map(|k| date::week_start(last - k * 7 * date::DAY)).collect()
}

/// The report as JSON.
pub fn to_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report serializes: its maps have string keys");
    text.push('\n');
    text
}

/// `email: 48 % within 24 h; 144 of 457 never answered; median 3 h 20 min, 90th percentile
/// 2 d 4 h`, or what the channel lacks.
fn describe_channel(c: &ChannelService) -> String {
    let mut out = match (c.promise_seconds, c.share()) {
        (Some(promise), Some(share)) => format!(
            "{}: {} within {}; {} of {} never answered",
            c.channel,
            percent(Some(share)),
            service::duration(f64::from(promise)),
            c.never_answered,
            c.due()
        ),
        (Some(promise), None) => {
            format!("{}: nothing due yet (promise {})", c.channel, service::duration(f64::from(promise)))
        }
        (None, _) if c.answered > 0 => format!("{}: no promise set", c.channel),
        (None, _) => format!(
            "{}: no first response recorded ({} complaint{}, not held to a promise)",
            c.channel,
            c.complaints,
            plural(c.complaints)
        ),
    };
    if c.still_open > 0 {
        let _ = write!(out, "; {} still open", c.still_open);
    }
    if let (Some(median), Some(p90)) = (c.median_seconds, c.p90_seconds) {
        let _ = write!(out, "; median {}, 90th percentile {}", service::duration(median), service::duration(p90));
    }
    out
}

/// Lines about email staffing: the months over the line with the people they need, the
/// projection of a partial month, or that it was checked.
fn staffing_lines(s: &ServiceStandards) -> Vec<(bool, String)> {
    let line = s.email_staffing_threshold;
    let mut out = Vec::new();
    for m in &s.staffing {
        if m.over {
            let so_far = if m.partial.is_some() { " so far" } else { "" };
            out.push((
                true,
                format!(
                    "{}: {} emails{so_far}, over the {line}-a-month line: {} {} answering email full time",
                    m.month,
                    m.email,
                    m.people,
                    if m.people == 1 { "person" } else { "people" }
                ),
            ));
        }
        if let (Some((days, of)), Some(projected), Some(people)) = (m.partial, m.projected, m.projected_people) {
            let verdict = if projected > u64::from(line) {
                format!(
                    "over the {line}-a-month line: {people} {} answering email full time",
                    if people == 1 { "person" } else { "people" }
                )
            } else {
                format!("under the {line}-a-month line")
            };
            out.push((
                projected > u64::from(line),
                format!(
                    "{}: {} emails in {days} of {of} days, projected {projected} for the month, {verdict}",
                    m.month, m.email
                ),
            ));
        }
    }
    if !s.staffing.iter().any(|m| m.over || m.projected.is_some_and(|p| p > u64::from(line))) {
        let most = s.staffing.iter().max_by(|a, b| a.email.cmp(&b.email).then_with(|| b.month.cmp(&a.month)));
        let most = most.map_or_else(String::new, |m| format!(" (most: {} in {})", m.email, m.month));
        out.push((
            false,
            format!("checked: email stayed under the {line}-a-month line in every month{most}; no one needs to answer email full time"),
        ));
    }
    out
}

/// The report as plain text for a terminal.
pub fn to_table(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.headline());
    let _ = writeln!(out, "\nMost asked (weekly trend: the last {} weeks, oldest first)", report.weeks.len());
    if report.entries.is_empty() {
        let _ = writeln!(out, "  no complaint counted for any entry");
    }
    for e in report.entries.iter().take(TABLE_ENTRIES) {
        let channels = e.by_channel.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ");
        let trend = e.weekly.iter().map(|w| w.count.to_string()).collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "{:>3}. {:<48} {:>8.1} {:>6}  [{}]  {channels}  | {trend}",
            e.rank,
            clip(&format!("{} ({})", e.title, e.id), 48),
            e.popularity,
            e.count,
            e.last_30_days
        );
        let _ = writeln!(out, "     {}  {}", e.source, e.url);
    }
    if report.entries.len() > TABLE_ENTRIES {
        let _ = writeln!(
            out,
            "     … {} more (see `--format json` or `--format csv`)",
            report.entries.len() - TABLE_ENTRIES
        );
    }
    let _ = writeln!(
        out,
        "     columns: entry, popularity (decayed), complaints in the window, [last 30 days], per channel"
    );
    feedback::table(&mut out, &report.feedback);
    let _ = writeln!(out, "\nContent gaps: unmatched complaints by topic");
    if report.gaps.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (i, t) in report.gaps.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. [{}] {} complaints, {} phrasings: {}",
            i + 1,
            t.lang,
            t.size,
            t.texts,
            t.terms.join(", ")
        );
        let _ = writeln!(out, "     suggested question: {}", t.suggested_title);
        for p in t.phrasings.iter().take(3) {
            let _ = writeln!(out, "     - {}", clip(p, 100));
        }
    }
    if report.more_gaps.topics > 0 {
        let _ = writeln!(
            out,
            "     … {} more topics ({} complaints; see `--format json`)",
            report.more_gaps.topics, report.more_gaps.complaints
        );
    }
    if report.ungrouped > 0 {
        let _ = writeln!(out, "\nComplaints in no topic: {} (most asked first)", report.ungrouped);
        for p in report.ungrouped_complaints.iter().take(TABLE_UNGROUPED) {
            let _ = writeln!(out, "  [{}] {} ×{}", p.lang, clip(&p.text, 100), p.count);
        }
        let more = report.ungrouped_complaints.len().saturating_sub(TABLE_UNGROUPED);
        if more > 0 {
            let _ = writeln!(out, "  … {more} more listed in `--format json` and `--format html`");
        }
    }
    let _ = writeln!(out, "\nSuggested aliases: how customers ask, in words the entry lacks (add to `aliases:`)");
    if report.suggested_aliases.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for a in &report.suggested_aliases {
        let _ = writeln!(
            out,
            "  [{}] {}: \"{}\" ({} complaints; new: {}) in {}",
            a.lang,
            a.id,
            clip(&a.alias, 80),
            a.count,
            a.new_words.join(", "),
            a.source
        );
    }
    let service = &report.service;
    let _ = writeln!(out, "\nMonthly volume per channel");
    for (month, channels) in &service.monthly {
        let list = channels.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "  {month}: {list}");
    }
    let _ = writeln!(out, "\nEmail staffing");
    for (flag, line) in staffing_lines(service) {
        let _ = writeln!(out, "  {}{line}", if flag { "! " } else { "" });
    }
    if !service.channels.is_empty() {
        let _ = writeln!(out, "\nFirst response per channel");
        for c in &service.channels {
            let _ = writeln!(out, "  {}", describe_channel(c));
        }
        let weeks = report.service_weeks();
        if !weeks.is_empty() {
            let _ = writeln!(out, "  by week (! breached: under {} within the promise):", percent(Some(TARGET_SHARE)));
        }
        for week in weeks {
            let list = service
                .weeks
                .iter()
                .filter(|w| w.week == week)
                .map(|w| format!("{} {}{}", w.channel, percent(w.share), if w.breached { " !" } else { "" }))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(out, "  week of {week}: {list}");
        }
    }
    out
}

/// The report as CSV: the most-asked table, one row per entry (every entry), for a
/// spreadsheet. Columns: `rank, id, key, title, url, source, popularity, count, last_30_days`,
/// then one `channel:<name>` column per channel and one `week:<Monday>` column per trend week.
pub fn to_csv(report: &Report) -> String {
    let mut channels: Vec<&str> = report.entries.iter().flat_map(|e| e.by_channel.keys().map(String::as_str)).collect();
    channels.sort_unstable();
    channels.dedup();
    let mut out = String::new();
    let mut header: Vec<String> =
        ["rank", "id", "key", "title", "url", "source", "popularity", "count", "last_30_days"]
            .map(String::from)
            .to_vec();
    header.extend(channels.iter().map(|c| format!("channel:{c}")));
    header.extend(report.weeks.iter().map(|w| format!("week:{w}")));
    csv_line(&mut out, &header);
    for e in &report.entries {
        let mut row = vec![
            e.rank.to_string(),
            e.id.clone(),
            e.key.clone(),
            e.title.clone(),
            e.url.clone(),
            e.source.clone(),
            e.popularity.to_string(),
            e.count.to_string(),
            e.last_30_days.to_string(),
        ];
        row.extend(channels.iter().map(|c| e.by_channel.get(*c).copied().unwrap_or(0).to_string()));
        row.extend(e.weekly.iter().map(|w| w.count.to_string()));
        csv_line(&mut out, &row);
    }
    out
}

/// One CSV record: fields quoted when they need it, and a field a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) prefixed with `'`. Numbers are ours and left alone.
fn csv_line(out: &mut String, fields: &[String]) {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            let number = f.parse::<f64>().is_ok();
            let f =
                if !number && f.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{f}") } else { f.clone() };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// The page's style: one column, wide tables scroll on their own, bars and sparklines in the
/// text colour's family; breaches in red, with a mark so colour is not the only sign.
const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 .8rem;color:#1b1b1b}\
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #ddd}h3{font-size:1rem;margin-bottom:.2rem}\
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}\
td,th{border-bottom:1px solid #e3e3e3;padding:.3rem .4rem;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right}td.n{white-space:nowrap}small,.meta{color:#595959}code{font-size:.85em;word-break:break-all}\
a{color:#0a58ca}.flag{color:#a30;font-weight:600}.ok{color:#196b24}\
.bars{margin:.2rem 0 1rem}.bar{display:flex;align-items:center;gap:.4rem;margin:.15rem 0}\
.bar>span:first-child{width:6.5rem;flex:none}.bar>.track{flex:1;background:#f0f0f0;height:.9rem}\
.bar>.track>i{display:block;height:100%;background:#3b6ea8}.bar>.v{width:3.5rem;text-align:right;flex:none}\
td.breach{background:#fde2e1;color:#8a1c12;font-weight:600}svg{vertical-align:middle}\
ul.phrasings{padding-left:1.2rem;margin:.3rem 0}ul.phrasings li{margin:.1rem 0}";

/// The report as a self-contained HTML page (no script, nothing loaded from elsewhere).
pub fn to_html(report: &Report) -> String {
    let e = escape;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <title>Complaint report · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Complaint report · {}</h1>\n",
        e(&report.site_title),
        e(&report.site_title)
    );
    let _ = writeln!(out, "<p class=\"meta\">{}.</p>", e(&report.headline()));

    // Most asked, with a sparkline each.
    out.push_str("<h2>Most asked</h2>\n");
    if report.entries.is_empty() {
        out.push_str("<p>No complaint counted for any entry.</p>\n");
    } else {
        let _ = writeln!(
            out,
            "<div class=\"scroll\"><table>\n<tr><th class=\"n\">#</th><th>Question</th><th class=\"n\">Asked</th><th>Last {} weeks</th></tr>",
            report.weeks.len()
        );
        for r in report.entries.iter().take(TABLE_ENTRIES) {
            let channels = r.by_channel.iter().map(|(c, n)| format!("{} {n}", e(c))).collect::<Vec<_>>().join(", ");
            let weekly: Vec<u64> = r.weekly.iter().map(|w| w.count).collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"n\">{}</td><td><a href=\"{}\">{}</a><br><small><code>{}</code> · {channels}</small></td>\
                 <td class=\"n\">{}<br><small>{} in 30 days</small><br><small>pop. {:.1}</small></td><td>{}</td></tr>",
                r.rank,
                e(&r.url),
                e(&r.title),
                e(&r.source),
                r.count,
                r.last_30_days,
                r.popularity,
                sparkline(&weekly, &report.weeks)
            );
        }
        out.push_str("</table></div>\n");
        if report.entries.len() > TABLE_ENTRIES {
            let _ = writeln!(
                out,
                "<p class=\"meta\">{} more in <code>--format csv</code>.</p>",
                report.entries.len() - TABLE_ENTRIES
            );
        }
    }

    feedback::html(&mut out, &report.feedback);

    // Content gaps and the complaints in no topic.
    out.push_str("<h2>Content gaps</h2>\n");
    if report.gaps.is_empty() {
        out.push_str("<p>No unmatched complaints share a topic.</p>\n");
    }
    for t in &report.gaps {
        let _ = writeln!(
            out,
            "<section><h3>{}</h3>\n<p class=\"meta\">{} · {} complaints, {} phrasings · words: {}</p>\n<ul class=\"phrasings\">",
            e(&t.suggested_title),
            e(&t.lang),
            t.size,
            t.texts,
            e(&t.terms.join(", "))
        );
        for p in &t.phrasings {
            let _ = writeln!(out, "<li>{}</li>", e(p));
        }
        out.push_str("</ul></section>\n");
    }
    if report.more_gaps.topics > 0 {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{} more topics ({} complaints) in <code>--format json</code>.</p>",
            report.more_gaps.topics, report.more_gaps.complaints
        );
    }
    if report.ungrouped > 0 {
        let _ = writeln!(out, "<h3>In no topic: {} complaints</h3>\n<ul class=\"phrasings\">", report.ungrouped);
        for p in &report.ungrouped_complaints {
            let _ = writeln!(out, "<li>{} <small>({}, ×{})</small></li>", e(&p.text), e(&p.lang), p.count);
        }
        out.push_str("</ul>\n");
    }

    // Aliases.
    out.push_str("<h2>Suggested aliases</h2>\n<p>How customers ask, in words the entry lacks. Add the good ones to the entry's <code>aliases:</code>.</p>\n");
    if report.suggested_aliases.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str(
            "<div class=\"scroll\"><table>\n<tr><th>Alias</th><th>Entry</th><th class=\"n\">Complaints</th></tr>\n",
        );
        for a in &report.suggested_aliases {
            let _ = writeln!(
                out,
                "<tr><td>{}<br><small>new: {}</small></td><td><a href=\"{}\">{}</a> <small>({})</small><br><small><code>{}</code></small></td><td class=\"n\">{}</td></tr>",
                e(&a.alias),
                e(&a.new_words.join(", ")),
                e(&a.url),
                e(&a.title),
                e(&a.lang),
                e(&a.source),
                a.count
            );
        }
        out.push_str("</table></div>\n");
    }

    // Service standards.
    let service = &report.service;
    out.push_str("<h2>Volume per channel</h2>\n");
    let months: Vec<(&String, &BTreeMap<String, u64>)> = service.monthly.iter().rev().take(CHART_MONTHS).collect();
    let top = months.iter().flat_map(|(_, c)| c.values()).copied().max().unwrap_or(0).max(1);
    for (month, channels) in &months {
        let _ = writeln!(out, "<h3>{}</h3>\n<div class=\"bars\">", e(month));
        for (c, n) in channels.iter() {
            let width = (*n as f64 / top as f64 * 100.0).max(0.5);
            let _ = writeln!(
                out,
                "<div class=\"bar\"><span>{}</span><span class=\"track\"><i style=\"width:{width:.1}%\"></i></span><span class=\"v\">{n}</span></div>",
                e(c)
            );
        }
        out.push_str("</div>\n");
    }
    if service.monthly.len() > CHART_MONTHS {
        let _ = writeln!(
            out,
            "<p class=\"meta\">{} earlier months in <code>--format json</code>.</p>",
            service.monthly.len() - CHART_MONTHS
        );
    }
    out.push_str("<h2>Email staffing</h2>\n");
    out.push_str(&staffing_chart(service));
    for (flag, line) in staffing_lines(service) {
        let _ = writeln!(out, "<p class=\"{}\">{}.</p>", if flag { "flag" } else { "ok" }, e(&line));
    }
    if !service.channels.is_empty() {
        out.push_str("<h2>First response</h2>\n");
        for c in &service.channels {
            let _ = writeln!(out, "<h3>{}</h3>", e(&c.channel));
            if let (Some(p), Some(share)) = (c.promise_seconds, c.share()) {
                let _ = writeln!(
                    out,
                    "<div class=\"bar\"><span>within {}</span><span class=\"track\"><i style=\"width:{:.1}%\"></i></span><span class=\"v\">{}</span></div>",
                    service::duration(f64::from(p)),
                    (share * 100.0).max(0.5),
                    percent(Some(share))
                );
            }
            let _ = writeln!(out, "<p class=\"meta\">{}.</p>", e(&describe_channel(c)));
        }
        let weeks = report.service_weeks();
        let held: Vec<&str> =
            service.channels.iter().filter(|c| c.promise_seconds.is_some()).map(|c| c.channel.as_str()).collect();
        if !weeks.is_empty() && !held.is_empty() {
            let _ = writeln!(
                out,
                "<h3>By week</h3>\n<p class=\"meta\">Share answered within the promise; a highlighted week (⚠) is under {}.</p>\n<div class=\"scroll\"><table>\n<tr><th>Week of</th>{}</tr>",
                percent(Some(TARGET_SHARE)),
                held.iter().map(|c| format!("<th class=\"n\">{}</th>", e(c))).collect::<String>()
            );
            for week in weeks {
                let _ = write!(out, "<tr><th>{}</th>", e(week));
                for c in &held {
                    match service.weeks.iter().find(|w| w.week == week && w.channel == *c) {
                        Some(w) if w.breached => {
                            let _ = write!(
                                out,
                                "<td class=\"n breach\" title=\"breached\">⚠ {}<br><small>{} of {}</small></td>",
                                percent(w.share),
                                w.within,
                                w.due
                            );
                        }
                        Some(w) => {
                            let _ = write!(
                                out,
                                "<td class=\"n\">{}<br><small>{} of {}</small></td>",
                                percent(w.share),
                                w.within,
                                w.due
                            );
                        }
                        None => out.push_str("<td class=\"n\">–</td>"),
                    }
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table></div>\n");
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// An inline SVG line of weekly counts, with the counts as its text alternative.
fn sparkline(counts: &[u64], weeks: &[String]) -> String {
    const W: f64 = 96.0;
    const H: f64 = 24.0;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if counts.len() > 1 { W / (counts.len() - 1) as f64 } else { 0.0 };
    let point = |i: usize, c: u64| (i as f64 * step, H - 2.0 - (c as f64 / max) * (H - 4.0));
    let points: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let (x, y) = point(i, c);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let label = counts
        .iter()
        .zip(weeks)
        .map(|(c, w)| format!("{}: {c}", w.get(5..).unwrap_or(w)))
        .collect::<Vec<_>>()
        .join(", ");
    let last = counts.last().map(|&c| point(counts.len() - 1, c));
    let dot = last
        .map_or_else(String::new, |(x, y)| format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#3b6ea8\"/>"));
    format!(
        "<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"weekly: {}\"><title>weekly: {}</title>\
         <polyline points=\"{}\" fill=\"none\" stroke=\"#3b6ea8\" stroke-width=\"1.5\"/>{dot}</svg>",
        escape(&label),
        escape(&label),
        points.join(" ")
    )
}

/// Email per month as columns against the staffing line (dashed), a partial month's
/// projection as an outline above what came so far.
fn staffing_chart(service: &ServiceStandards) -> String {
    let months: Vec<_> = service.staffing.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
    if months.is_empty() {
        return String::new();
    }
    let line = u64::from(service.email_staffing_threshold);
    let top = months.iter().map(|m| m.email.max(m.projected.unwrap_or(0))).max().unwrap_or(0).max(line) as f64 * 1.1;
    let (w, h, bottom) = (320.0, 140.0, 18.0);
    let slot = w / months.len() as f64;
    let y = |v: f64| (h - bottom) - v / top * (h - bottom - 4.0);
    let mut svg = format!(
        "<svg width=\"100%\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"emails per month against the line of {line}\" style=\"max-width:32rem\">"
    );
    for (i, m) in months.iter().enumerate() {
        let x = i as f64 * slot + slot * 0.15;
        let bw = slot * 0.7;
        if let Some(p) = m.projected {
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#3b6ea8\" stroke-dasharray=\"3 2\"><title>{}: projected {p}</title></rect>",
                y(p as f64),
                (h - bottom) - y(p as f64),
                escape(&m.month)
            );
        }
        let fill = if m.over { "#a33" } else { "#3b6ea8" };
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{}: {} email{}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#595959\">{}</text>",
            y(m.email as f64),
            (h - bottom) - y(m.email as f64),
            escape(&m.month),
            m.email,
            plural(m.email),
            x + bw / 2.0,
            h - 5.0,
            escape(m.month.get(2..).unwrap_or(&m.month))
        );
    }
    let ly = y(line as f64);
    let _ = writeln!(
        svg,
        "<line x1=\"0\" y1=\"{ly:.1}\" x2=\"{w}\" y2=\"{ly:.1}\" stroke=\"#a30\" stroke-dasharray=\"5 3\"/>\
         <text x=\"{w}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#a30\">{line} a month</text></svg>",
        ly - 3.0
    );
    svg
}

/// A draft entry for a content gap, for the `report` command to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StubDraft {
    /// Language code of the gap.
    pub lang: String,
    /// The category folder chosen for it (the category of the entry sharing most of its words).
    pub category: String,
    /// The file name without `.md`, from the suggested question.
    pub slug: String,
    /// The suggested question.
    pub title: String,
    /// Complaints in the gap.
    pub size: u64,
    /// The file: front matter with `draft: true` and the masked phrasings as YAML comments
    /// (never rendered), then a line for the answer.
    pub text: String,
}

/// Drafts for the `limit` largest content gaps of languages that have a category to put them
/// in.
pub fn stub_drafts(report: &Report, model: &Model, limit: usize) -> Vec<StubDraft> {
    report
        .gaps
        .iter()
        .take(limit)
        .enumerate()
        .filter_map(|(i, t)| {
            let language = model.languages.iter().find(|l| l.code == t.lang)?;
            let category = closest_category(t, language)?;
            let slug = slug(&t.suggested_title).unwrap_or_else(|| format!("content-gap-{}", i + 1));
            let mut text = String::new();
            let _ = writeln!(text, "---\ntitle: {}\ndraft: true", yaml_string(&t.suggested_title));
            let _ = writeln!(
                text,
                "# Drafted by `helpmark report --stubs` from a content gap: {} unmatched complaints",
                t.size
            );
            let _ = writeln!(
                text,
                "# in the {}-day window up to {} (language `{}`; words: {}).",
                report.window_days,
                report.as_of.as_deref().unwrap_or("the last row"),
                t.lang,
                t.terms.join(", ")
            );
            let _ = writeln!(text, "# How customers asked (masked). These comments are never published;");
            let _ = writeln!(text, "# delete them and `draft: true` when the answer is written.");
            for p in &t.phrasings {
                let _ = writeln!(text, "#   - {}", p.replace(['\r', '\n'], " "));
            }
            let _ = writeln!(text, "---\n\nWrite the answer here.");
            Some(StubDraft {
                lang: t.lang.clone(),
                category,
                slug,
                title: t.suggested_title.clone(),
                size: t.size,
                text,
            })
        })
        .collect()
}

/// The category of the entry sharing most of the topic's words (title, aliases, tags), else
/// the language's first category.
fn closest_category(topic: &Topic, language: &crate::model::Language) -> Option<String> {
    let analyzer = analyzer_for(&language.code);
    let terms: HashSet<String> = topic.terms.iter().flat_map(|t| analyzer.words(t)).flat_map(|w| w.terms).collect();
    let best = language
        .entries
        .iter()
        .map(|e| {
            let words: HashSet<String> = std::iter::once(&e.title)
                .chain(&e.aliases)
                .chain(&e.tags)
                .flat_map(|t| analyzer.words(t))
                .flat_map(|w| w.terms)
                .collect();
            (terms.intersection(&words).count(), e)
        })
        .filter(|(shared, _)| *shared > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.key.cmp(&a.1.key)));
    best.map(|(_, e)| e.category.clone()).or_else(|| language.categories.first().map(|c| c.slug.clone()))
}

/// A file name from a question: its first six words, lower-cased, joined by `-`; `None` if
/// nothing is left.
fn slug(title: &str) -> Option<String> {
    let words: Vec<String> = title
        .split(|c: char| !(c.is_alphanumeric() || crate::model::markdown::is_combining(c)))
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .collect();
    let slug = words.join("-");
    let slug: String = slug.chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_string();
    (!slug.is_empty() && crate::model::is_safe_segment(&slug)).then_some(slug)
}

/// `text` as a double-quoted YAML string.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "–".to_string(), |r| format!("{:.0} %", r * 100.0))
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything() {
        assert_eq!(
            escape("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut out = String::new();
        csv_line(&mut out, &["=HYPERLINK(\"x\")".into(), "a, b".into(), "-3".into(), "-x".into()]);
        assert_eq!(out, "\"'=HYPERLINK(\"\"x\"\")\",\"a, b\",-3,'-x\r\n");
    }

    #[test]
    fn slugs_and_yaml_strings_are_safe() {
        assert_eq!(slug("Do you accept crypto payments?").as_deref(), Some("do-you-accept-crypto-payments"));
        assert_eq!(slug("पैसे वापस कब मिलेंगे?").as_deref(), Some("पैसे-वापस-कब-मिलेंगे"));
        assert_eq!(slug("?!"), None);
        assert_eq!(yaml_string("Say \"hi\" \\ now"), "\"Say \\\"hi\\\" \\\\ now\"");
    }

    #[test]
    fn sparklines_carry_their_numbers_as_text() {
        let weeks = vec!["2026-10-19".to_string(), "2026-10-26".to_string()];
        let svg = sparkline(&[1, 4], &weeks);
        assert!(svg.starts_with("<svg") && svg.contains("weekly: 10-19: 1, 10-26: 4"), "{svg}");
    }
}
