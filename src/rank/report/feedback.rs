//! The feedback sections of a report (see [`crate::rank::feedback`]): entries that need
//! attention, votes and contacts per entry, the before and after of each change, and the
//! searches that ended in contact. Comments and queries are masked already; the HTML escapes
//! them on top.

use super::{clip, escape as e};
use crate::rank::feedback::{percent, Feedback, Period};
use std::fmt::Write;

/// Entries listed in the table (JSON lists them all).
const TABLE_ENTRIES: usize = 20;

/// Whether the logs said anything about answers: without votes and labelled contacts only the
/// changes are shown.
fn heard(f: &Feedback) -> bool {
    f.votes + f.contacts > 0
}

fn reasons(r: &std::collections::BTreeMap<String, u64>) -> String {
    r.iter().map(|(reason, n)| format!("{reason} {n}")).collect::<Vec<_>>().join(", ")
}

fn share(s: Option<f64>) -> String {
    s.map_or_else(|| "–".to_string(), percent)
}

/// `12 complaints in 60 days (1.4 a week), 3 of 4 votes not helpful (75 %)`.
fn describe_period(p: &Period) -> String {
    let votes = p.helpful + p.not_helpful;
    let s = if p.complaints == 1 { "" } else { "s" };
    let mut out = format!("{} complaint{s} in {} days ({} a week)", p.complaints, p.days, p.complaints_per_week);
    if votes > 0 {
        let _ = write!(out, ", {} of {votes} votes not helpful ({})", p.not_helpful, share(p.not_helpful_share));
    }
    out
}

/// The sections for the terminal.
pub(super) fn table(out: &mut String, f: &Feedback) {
    if heard(f) {
        let _ = writeln!(out, "\nNeeds attention ({} votes, {} labelled contacts in the window)", f.votes, f.contacts);
        if f.needs_attention.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for a in &f.needs_attention {
            let _ = writeln!(out, "  {} ({}): {}", clip(&a.entry.title, 60), a.entry.id, a.why.join("; "));
            let _ = writeln!(out, "     {}", a.entry.source);
        }
        let _ = writeln!(out, "\nWas this helpful? (yes / no, reasons; contacts after reading, contact rate)");
        for r in f.entries.iter().take(TABLE_ENTRIES) {
            let _ = writeln!(
                out,
                "  {:<48} {:>4} yes {:>4} no  {:>4} contacts ({})  {}",
                clip(&format!("{} ({})", r.entry.title, r.entry.id), 48),
                r.helpful,
                r.not_helpful,
                r.contacts,
                share(r.contact_rate),
                reasons(&r.reasons)
            );
            for c in r.comments.iter().take(2) {
                let _ = writeln!(out, "     “{}”", clip(c, 100));
            }
        }
        if f.entries.len() > TABLE_ENTRIES {
            let _ = writeln!(out, "  … {} more (see `--format json`)", f.entries.len() - TABLE_ENTRIES);
        }
    }
    if !f.changes.is_empty() {
        let _ = writeln!(out, "\nChanged in the window: before and after");
        for c in &f.changes {
            let _ = writeln!(
                out,
                "  {} ({}), changed {} ({}):",
                clip(&c.entry.title, 60),
                c.entry.id,
                c.changed,
                c.changed_by
            );
            let _ = writeln!(out, "     before: {}", describe_period(&c.before));
            let _ = writeln!(out, "     after:  {}", describe_period(&c.after));
        }
    }
    if !f.queries_ending_in_contact.is_empty() {
        let _ = writeln!(out, "\nSearches that ended in contact");
        for q in &f.queries_ending_in_contact {
            let _ = writeln!(out, "  [{}] {} ×{}", q.lang, clip(&q.query, 80), q.count);
        }
    }
}

/// The sections for the HTML page.
pub(super) fn html(out: &mut String, f: &Feedback) {
    if heard(f) {
        let _ = writeln!(
            out,
            "<h2>Needs attention</h2>\n<p class=\"meta\">{} votes and {} labelled contacts in the window.</p>",
            f.votes, f.contacts
        );
        if f.needs_attention.is_empty() {
            out.push_str("<p>No entry has many “not helpful” votes or a rising contact rate.</p>\n");
        } else {
            out.push_str("<ul class=\"attention\">\n");
            for a in &f.needs_attention {
                let _ = writeln!(
                    out,
                    "<li class=\"flag\"><strong>{}</strong> <small><code>{}</code></small><br>{}</li>",
                    e(&a.entry.title),
                    e(&a.entry.source),
                    e(&a.why.join("; "))
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str(
            "<h2>Was this helpful?</h2>\n<div class=\"scroll\"><table>\n<tr><th>Question</th><th class=\"n\">Yes</th><th class=\"n\">No</th><th>Reasons</th><th class=\"n\">Contacts after reading</th></tr>\n",
        );
        for r in f.entries.iter().take(TABLE_ENTRIES) {
            let comments: String = r.comments.iter().map(|c| format!("<br><small>“{}”</small>", e(c))).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}<br><small><code>{}</code></small>{comments}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}<br><small>{}</small></td></tr>",
                e(&r.entry.title),
                e(&r.entry.source),
                r.helpful,
                r.not_helpful,
                e(&reasons(&r.reasons)),
                r.contacts,
                share(r.contact_rate)
            );
        }
        out.push_str("</table></div>\n");
    }
    if !f.changes.is_empty() {
        out.push_str("<h2>Changed in the window</h2>\n<p class=\"meta\">Complaints and “not helpful” votes before and after each entry's last change.</p>\n<div class=\"scroll\"><table>\n<tr><th>Question</th><th>Changed</th><th>Before</th><th>After</th></tr>\n");
        for c in &f.changes {
            let _ = writeln!(
                out,
                "<tr><td>{}<br><small><code>{}</code></small></td><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td></tr>",
                e(&c.entry.title),
                e(&c.entry.source),
                e(&c.changed),
                c.changed_by,
                e(&describe_period(&c.before)),
                e(&describe_period(&c.after))
            );
        }
        out.push_str("</table></div>\n");
    }
    if !f.queries_ending_in_contact.is_empty() {
        out.push_str("<h2>Searches that ended in contact</h2>\n<ul class=\"phrasings\">\n");
        for q in &f.queries_ending_in_contact {
            let _ = writeln!(out, "<li>{} <small>({}, ×{})</small></li>", e(&q.query), e(&q.lang), q.count);
        }
        out.push_str("</ul>\n");
    }
}
