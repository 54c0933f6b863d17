//! Renders a [`Ranking`] for people: a terminal table, JSON, or a self-contained HTML page.
//!
//! All complaint text in a `Ranking` is masked already (see [`super::gaps`]); the HTML escapes
//! every value on top of that. Nothing here writes files.

use super::{Ranking, Skip};
use crate::render::escape::escape;
use crate::shared::date;
use serde_json::{json, Value};
use std::fmt::Write;

/// Weeks shown in trends.
const TREND_WEEKS: i64 = 8;
/// Entries listed in the table and the HTML page (JSON lists them all).
const TABLE_ENTRIES: usize = 20;

/// The Mondays of the last `TREND_WEEKS` weeks up to `as_of`, oldest first.
pub fn trend_weeks(ranking: &Ranking) -> Vec<String> {
    let Some(as_of) = ranking.as_of else { return Vec::new() };
    // `as_of` may be the first instant after the window: the last counted moment is just before.
    let last = as_of - 1;
    (0..TREND_WEEKS).rev().map(|k| date::week_start(last - k * 7 * date::DAY)).collect()
}

/// The ranking as JSON (every entry, every topic).
pub fn to_json(ranking: &Ranking) -> Value {
    let weeks = trend_weeks(ranking);
    let s = &ranking.summary;
    let service = &ranking.service;
    json!({
        "as_of": ranking.as_of.map(|t| date::format_day(t - 1)),
        "window_days": ranking.window_days,
        "half_life_days": ranking.half_life_days,
        "summary": {
            "files": s.files, "rows": s.rows, "bad_rows": s.bad_rows,
            "skipped": Skip::ALL.iter().map(|&r| (r.key().to_string(), json!(s.skipped.get(r)))).collect::<serde_json::Map<_, _>>(),
            "recovered": s.recovered, "zero_count": s.zero_count, "outside_window": s.outside_window,
            "by_id": s.by_id, "matched": s.matched, "unmatched": s.unmatched, "distinct_texts": s.distinct_texts,
        },
        "entries": ranking.entries.iter().map(|e| json!({
            "id": e.id, "key": e.key, "title": e.title,
            "popularity": (e.popularity * 1000.0).round() / 1000.0,
            "count": e.count, "last_30_days": e.recent,
            "by_channel": e.by_channel, "by_language": e.by_language,
            "weekly": weeks.iter().map(|w| json!({"week": w, "count": e.weekly.get(w).copied().unwrap_or(0)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "gaps": ranking.gaps.iter().map(|t| json!({
            "lang": t.lang, "size": t.size, "texts": t.texts, "terms": t.terms,
            "phrasings": t.phrasings, "suggested_title": t.suggested_title,
        })).collect::<Vec<_>>(),
        "ungrouped": ranking.ungrouped,
        "suggested_aliases": ranking.aliases.iter().map(|a| json!({
            "id": a.id, "key": a.key, "lang": a.lang, "title": a.title,
            "alias": a.phrasing, "count": a.count, "new_words": a.new_words,
        })).collect::<Vec<_>>(),
        "service": {
            "monthly": service.monthly,
            "email_staffing_threshold": service.email_staffing_threshold,
            "staffing_flags": service.staffing_flags.iter().map(|(m, n)| json!({"month": m, "email": n})).collect::<Vec<_>>(),
            "response_time_hours": service.promise_hours,
            "response_by_channel": service.response_by_channel.iter().map(|(c, s)| json!({
                "channel": c, "within": s.within, "answered": s.answered, "share": s.ratio(),
            })).collect::<Vec<_>>(),
            "response_by_week": service.response_by_week.iter().flat_map(|(w, m)| m.iter().map(move |(c, s)| json!({
                "week": w, "channel": c, "within": s.within, "answered": s.answered, "share": s.ratio(),
            }))).collect::<Vec<_>>(),
        },
    })
}

/// The ranking as a plain-text report for a terminal.
pub fn to_table(ranking: &Ranking) -> String {
    let mut out = String::new();
    let s = &ranking.summary;
    let as_of = ranking.as_of.map_or_else(|| "no data".to_string(), |t| date::format_day(t - 1));
    let _ = writeln!(
        out,
        "{} rows from {} file{} up to {as_of} ({}-day window, half-life {} days): {} by entry id, {} matched, {} unmatched, {} outside the window, {}",
        s.rows, s.files, plural(s.files as u64), ranking.window_days, ranking.half_life_days, s.by_id, s.matched, s.unmatched, s.outside_window, s.describe_skipped()
    );
    let weeks = trend_weeks(ranking);
    let _ = writeln!(out, "\nMost asked (weekly trend: the last {} weeks, oldest first)", weeks.len());
    if ranking.entries.is_empty() {
        let _ = writeln!(out, "  no complaint counted for any entry");
    }
    for (i, e) in ranking.entries.iter().take(TABLE_ENTRIES).enumerate() {
        let channels = e.by_channel.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ");
        let trend =
            weeks.iter().map(|w| e.weekly.get(w).copied().unwrap_or(0).to_string()).collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "{:>3}. {:<48} {:>8.1} {:>6}  [{}]  {channels}  | {trend}",
            i + 1,
            clip(&format!("{} ({})", e.title, e.id), 48),
            e.popularity,
            e.count,
            e.recent
        );
    }
    if ranking.entries.len() > TABLE_ENTRIES {
        let _ = writeln!(out, "     … {} more (see `--format json`)", ranking.entries.len() - TABLE_ENTRIES);
    }
    let _ = writeln!(
        out,
        "     columns: entry, popularity (decayed), complaints in the window, [last 30 days], per channel"
    );
    let _ = writeln!(out, "\nContent gaps: unmatched complaints by topic");
    if ranking.gaps.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (i, t) in ranking.gaps.iter().enumerate() {
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
    if ranking.ungrouped > 0 {
        let _ = writeln!(out, "     and {} unmatched complaints in no topic", ranking.ungrouped);
    }
    let _ = writeln!(out, "\nSuggested aliases: how customers ask, in words the entry lacks (add to `aliases:`)");
    if ranking.aliases.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for a in &ranking.aliases {
        let _ = writeln!(
            out,
            "  [{}] {}: \"{}\" ({} complaints; new: {})",
            a.lang,
            a.id,
            clip(&a.phrasing, 80),
            a.count,
            a.new_words.join(", ")
        );
    }
    let service = &ranking.service;
    let _ = writeln!(out, "\nMonthly volume per channel");
    for (month, channels) in &service.monthly {
        let list = channels.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "  {month}: {list}");
    }
    for (month, n) in &service.staffing_flags {
        let _ = writeln!(
            out,
            "  ! {month}: {n} emails, over {} a month: one person should answer email full time",
            service.email_staffing_threshold
        );
    }
    if let Some(hours) = service.promise_hours {
        if !service.response_by_channel.is_empty() {
            let _ = writeln!(out, "\nFirst response within {hours} hours");
            for (c, share) in &service.response_by_channel {
                let _ = writeln!(out, "  {c}: {} ({} of {})", percent(share.ratio()), share.within, share.answered);
            }
            for (week, channels) in &service.response_by_week {
                let list =
                    channels.iter().map(|(c, s)| format!("{c} {}", percent(s.ratio()))).collect::<Vec<_>>().join(", ");
                let _ = writeln!(out, "  week of {week}: {list}");
            }
        }
    }
    out
}

/// The ranking as a self-contained HTML page (no scripts, no external files).
pub fn to_html(ranking: &Ranking, site_title: &str) -> String {
    let e = escape;
    let mut out = String::new();
    let s = &ranking.summary;
    let as_of = ranking.as_of.map_or_else(|| "no data".to_string(), |t| date::format_day(t - 1));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <title>Complaint report · {}</title>\n<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
         td.n{{text-align:right}}.flag{{color:#a30}}</style>\n</head>\n<body>\n<h1>Complaint report · {}</h1>\n",
        e(site_title),
        e(site_title)
    );
    let _ = writeln!(
        out,
        "<p>{} rows from {} files up to {} ({}-day window, half-life {} days): {} by entry id, {} matched, {} unmatched, {} outside the window, {}.</p>",
        s.rows, s.files, e(&as_of), ranking.window_days, ranking.half_life_days, s.by_id, s.matched, s.unmatched, s.outside_window, e(&s.describe_skipped())
    );
    let weeks = trend_weeks(ranking);
    out.push_str("<h2>Most asked</h2>\n<table>\n<tr><th>#</th><th>Question</th><th>Popularity</th><th>Complaints</th><th>Last 30 days</th><th>Channels</th>");
    for w in &weeks {
        let _ = write!(out, "<th>{}</th>", e(&w[5..]));
    }
    out.push_str("</tr>\n");
    for (i, r) in ranking.entries.iter().take(TABLE_ENTRIES).enumerate() {
        let channels = r.by_channel.iter().map(|(c, n)| format!("{} {n}", e(c))).collect::<Vec<_>>().join(", ");
        let _ = write!(
            out,
            "<tr><td class=\"n\">{}</td><td>{} <code>{}</code></td><td class=\"n\">{:.1}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{channels}</td>",
            i + 1, e(&r.title), e(&r.id), r.popularity, r.count, r.recent
        );
        for w in &weeks {
            let _ = write!(out, "<td class=\"n\">{}</td>", r.weekly.get(w).copied().unwrap_or(0));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n<h2>Content gaps</h2>\n");
    if ranking.gaps.is_empty() {
        out.push_str("<p>No unmatched complaints share a topic.</p>\n");
    }
    for t in &ranking.gaps {
        let _ = writeln!(
            out,
            "<section><h3>{} <small>({}, {} complaints, {} phrasings)</small></h3>\n<p>Words: {}</p>\n<ul>",
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
    if ranking.ungrouped > 0 {
        let _ = writeln!(out, "<p>And {} unmatched complaints in no topic.</p>", ranking.ungrouped);
    }
    out.push_str("<h2>Suggested aliases</h2>\n<p>How customers ask, in words the entry lacks. Add the good ones to the entry's <code>aliases:</code>.</p>\n<table>\n");
    for a in &ranking.aliases {
        let _ = writeln!(
            out,
            "<tr><th>{} <small>({})</small></th><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(&a.title),
            e(&a.lang),
            e(&a.phrasing),
            a.count,
            e(&a.new_words.join(", "))
        );
    }
    out.push_str("</table>\n");
    let service = &ranking.service;
    out.push_str("<h2>Monthly volume per channel</h2>\n<table>\n");
    for (month, channels) in &service.monthly {
        let list = channels.iter().map(|(c, n)| format!("{} {n}", e(c))).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "<tr><th>{}</th><td>{list}</td></tr>", e(month));
    }
    out.push_str("</table>\n");
    for (month, n) in &service.staffing_flags {
        let _ = writeln!(
            out,
            "<p class=\"flag\">{}: {n} emails, over {} a month: one person should answer email full time.</p>",
            e(month),
            service.email_staffing_threshold
        );
    }
    if let (Some(hours), false) = (service.promise_hours, service.response_by_channel.is_empty()) {
        let _ = writeln!(out, "<h2>First response within {hours} hours</h2>\n<table>");
        for (c, share) in &service.response_by_channel {
            let _ = writeln!(
                out,
                "<tr><th>{}</th><td>{} ({} of {})</td></tr>",
                e(c),
                percent(share.ratio()),
                share.within,
                share.answered
            );
        }
        for (week, channels) in &service.response_by_week {
            let list =
                channels.iter().map(|(c, s)| format!("{} {}", e(c), percent(s.ratio()))).collect::<Vec<_>>().join(", ");
            let _ = writeln!(out, "<tr><th>week of {}</th><td>{list}</td></tr>", e(week));
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "–".to_string(), |r| format!("{:.0}%", r * 100.0))
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
}
