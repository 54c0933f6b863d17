//! What customers said after reading an answer (issue 16): the votes of "Was this helpful?"
//! (sources with `kind: feedback`) and the contacts that arrived labelled with the entry they
//! read or the search that found nothing ([`super::labels`]). Per entry: helpful and not
//! helpful votes with their reasons and comments, contacts after reading it and the contact
//! rate; the searches that ended in contact; for each entry changed in the window, its
//! complaints and "not helpful" share before and after the change; and a "needs attention"
//! list.
//!
//! The contact rate has no page views to divide by (nothing tracks visitors): it is the share
//! of contacts among the customers who reacted to the answer at all, contacts over contacts
//! plus votes. Comments and queries are masked when read and never published.

use crate::shared::date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Comments kept per entry (the newest).
const COMMENTS: usize = 5;
/// Searches that ended in contact listed.
const QUERIES: usize = 50;
/// "Not helpful" votes from which an entry may need attention…
const ATTENTION_NOT_HELPFUL: u64 = 3;
/// …when at least this share of its votes are "not helpful".
const ATTENTION_SHARE: f64 = 0.5;
/// Contacts in the last 30 days from which a rising contact rate needs attention.
const ATTENTION_CONTACTS: u64 = 3;
/// The channel of vote rows in the complaint counts (votes are not complaints in a change's
/// before/after).
pub const VOTE_CHANNEL: &str = "feedback";

/// One labelled thing read from the logs.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub(super) time: i64,
    /// The entry (its key number), when the event names one.
    pub(super) key: Option<u32>,
    pub(super) lang: u16,
    pub(super) what: What,
}

#[derive(Debug, Clone)]
pub(super) enum What {
    /// A "Was this helpful?" answer; reason and comment masked.
    Vote { helpful: bool, reason: Option<String>, comment: Option<String> },
    /// A message that carried its context; the query masked.
    Contact { query: Option<String> },
}

/// `yes`/`no` as a vote (also `true`/`false`, `1`/`0`, `y`/`n`), any case.
pub(super) fn parse_vote(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "helpful" => Some(true),
        "no" | "n" | "false" | "0" | "not-helpful" | "not helpful" => Some(false),
        _ => None,
    }
}

/// A reason as sent (`not-answered`), lower-cased and masked; `None` when empty.
pub(super) fn clean_reason(value: &str) -> Option<String> {
    let value = super::mask::mask(value.trim()).to_lowercase();
    let value: String = value.chars().take(40).collect();
    (!value.is_empty()).then_some(value)
}

/// When an entry last changed, and how that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    /// Seconds since the epoch.
    pub time: i64,
    /// `git` (the last commit of its file) or `updated` (its front matter).
    pub by: &'static str,
}

/// The feedback part of a report: empty lists when the logs hold no vote and no labelled
/// contact (and no entry changed in the window).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Feedback {
    /// Votes counted in the window.
    pub votes: u64,
    /// Labelled contacts counted in the window.
    pub contacts: u64,
    /// Entries that need attention first: many "not helpful" votes, or a rising contact rate.
    pub needs_attention: Vec<Attention>,
    /// Per entry with any vote or contact, most "not helpful" first.
    pub entries: Vec<EntryFeedback>,
    /// Entries changed inside the window: complaints and votes before and after.
    pub changes: Vec<Change>,
    /// Searches that found nothing and ended in contact, most frequent first (masked).
    pub queries_ending_in_contact: Vec<ContactQuery>,
}

/// Which entry a line is about.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntryRef {
    /// Id in the default language (or the first that has the entry).
    pub id: String,
    /// Translation key.
    pub key: String,
    /// Title in that language.
    pub title: String,
    /// Its source file, relative to the site folder.
    pub source: String,
}

/// What customers said about one entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryFeedback {
    /// The entry.
    #[serde(flatten)]
    pub entry: EntryRef,
    /// "Yes" votes.
    pub helpful: u64,
    /// "No" votes.
    pub not_helpful: u64,
    /// Reasons of the "No" votes, by how they were sent (`unclear`).
    pub reasons: BTreeMap<String, u64>,
    /// The newest comments (masked), newest first.
    pub comments: Vec<String>,
    /// Contacts that carried this entry: the customer read it and still wrote.
    pub contacts: u64,
    /// Contacts over contacts plus votes; `None` without either.
    pub contact_rate: Option<f64>,
    /// The same over the last 30 days of the window.
    pub recent_contact_rate: Option<f64>,
    /// The same before them.
    pub earlier_contact_rate: Option<f64>,
}

/// An entry to look at first, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    /// The entry.
    #[serde(flatten)]
    pub entry: EntryRef,
    /// Why, in words: `4 of 5 votes said not helpful (unclear 3)`.
    pub why: Vec<String>,
}

/// An entry changed inside the window.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The entry.
    #[serde(flatten)]
    pub entry: EntryRef,
    /// The day it changed.
    pub changed: String,
    /// How that is known: `git` or `updated`.
    pub changed_by: &'static str,
    /// From the window's start to the change.
    pub before: Period,
    /// From the change to the window's end.
    pub after: Period,
}

/// Complaints and votes in one stretch of days.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Period {
    /// Days in it.
    pub days: u64,
    /// Complaints counted for the entry (votes are not complaints).
    pub complaints: u64,
    /// Complaints per week, to one decimal.
    pub complaints_per_week: f64,
    /// "Yes" votes.
    pub helpful: u64,
    /// "No" votes.
    pub not_helpful: u64,
    /// "No" over all votes; `None` without votes.
    pub not_helpful_share: Option<f64>,
}

/// A search that ended in contact.
#[derive(Debug, Clone, Serialize)]
pub struct ContactQuery {
    /// Its language.
    pub lang: String,
    /// The query (masked).
    pub query: String,
    /// How many contacts carried it.
    pub count: u64,
}

/// Counts of one entry while the window is read.
#[derive(Default)]
struct Tally {
    helpful: u64,
    not_helpful: u64,
    reasons: BTreeMap<String, u64>,
    /// (time, comment), to keep the newest.
    comments: Vec<(i64, String)>,
    contacts: u64,
    /// Contacts and votes in the last 30 days, and before them.
    recent: (u64, u64),
    earlier: (u64, u64),
    /// Complaints and (helpful, not helpful) votes before and after its change.
    before: (u64, u64, u64),
    after: (u64, u64, u64),
}

/// Collects the window's events and complaint counts into a [`Feedback`].
pub(super) struct Builder {
    tallies: HashMap<u32, Tally>,
    changed: HashMap<u32, Changed>,
    queries: BTreeMap<(u16, String), u64>,
    votes: u64,
    contacts: u64,
    /// The window: its first and last day (day numbers), when the logs had rows.
    window: Option<(i64, i64)>,
}

impl Builder {
    /// `changed`: when each entry (key number) last changed; only changes inside the window
    /// (`as_of`, the first instant after it, and its length) are kept.
    pub(super) fn new(changed: HashMap<u32, Changed>, as_of: Option<i64>, window_days: u32) -> Builder {
        let window = as_of.map(|end| {
            let last = (end - 1).div_euclid(date::DAY);
            (last - i64::from(window_days), last)
        });
        let changed = match window {
            Some((first, last)) => changed
                .into_iter()
                .filter(|(_, c)| {
                    let day = c.time.div_euclid(date::DAY);
                    day > first && day <= last
                })
                .collect(),
            None => HashMap::new(),
        };
        Builder { tallies: HashMap::new(), changed, queries: BTreeMap::new(), votes: 0, contacts: 0, window }
    }

    /// `count` complaints counted for `key` (not votes); `before(time)`: whether they came
    /// before that instant.
    pub(super) fn complaint(&mut self, key: u32, count: u64, before: &dyn Fn(i64) -> bool) {
        if let Some(changed) = self.changed.get(&key).copied() {
            let tally = self.tallies.entry(key).or_default();
            let side = if before(changed.time) { &mut tally.before } else { &mut tally.after };
            side.0 += count;
        }
    }

    /// An event inside the window (the caller checks the window).
    pub(super) fn event(&mut self, event: Event) {
        let recent = self
            .window
            .is_some_and(|(_, last)| last - event.time.div_euclid(date::DAY) < i64::from(super::RECENT_DAYS));
        match (&event.what, event.key) {
            (What::Contact { query }, key) => {
                self.contacts += 1;
                if let Some(q) = query {
                    *self.queries.entry((event.lang, q.clone())).or_insert(0) += 1;
                }
                if let Some(key) = key {
                    let tally = self.tallies.entry(key).or_default();
                    tally.contacts += 1;
                    let side = if recent { &mut tally.recent } else { &mut tally.earlier };
                    side.0 += 1;
                }
            }
            (What::Vote { helpful, reason, comment }, Some(key)) => {
                self.votes += 1;
                let changed = self.changed.get(&key).copied();
                let tally = self.tallies.entry(key).or_default();
                if *helpful {
                    tally.helpful += 1;
                } else {
                    tally.not_helpful += 1;
                    if let Some(reason) = reason {
                        *tally.reasons.entry(reason.clone()).or_insert(0) += 1;
                    }
                }
                if let Some(comment) = comment {
                    tally.comments.push((event.time, comment.clone()));
                }
                let side = if recent { &mut tally.recent } else { &mut tally.earlier };
                side.1 += 1;
                if let Some(changed) = changed {
                    let side = if event.time < changed.time { &mut tally.before } else { &mut tally.after };
                    if *helpful {
                        side.1 += 1;
                    } else {
                        side.2 += 1;
                    }
                }
            }
            // A vote names its entry (the reader skips one that does not).
            (What::Vote { .. }, None) => {}
        }
    }

    /// The finished section; `entry` names an entry by its key number, `lang` a language by
    /// its number.
    pub(super) fn finish(self, entry: &dyn Fn(u32) -> EntryRef, lang: &dyn Fn(u16) -> String) -> Feedback {
        let Builder { tallies, changed, queries, votes, contacts, window } = self;
        let mut keys: Vec<u32> = tallies.keys().copied().collect();
        keys.sort_unstable();
        let rate =
            |(contacts, votes): (u64, u64)| (contacts + votes > 0).then(|| contacts as f64 / (contacts + votes) as f64);
        let mut entries = Vec::new();
        let mut needs_attention = Vec::new();
        let mut changes = Vec::new();
        for key in keys {
            let t = &tallies[&key];
            let entry_ref = entry(key);
            if let (Some(c), Some((first, last))) = (changed.get(&key), window) {
                let change_day = c.time.div_euclid(date::DAY);
                let period = |(complaints, helpful, not_helpful): (u64, u64, u64), days: i64| {
                    let days = days.max(1) as u64;
                    Period {
                        days,
                        complaints,
                        complaints_per_week: (complaints as f64 * 7.0 / days as f64 * 10.0).round() / 10.0,
                        helpful,
                        not_helpful,
                        not_helpful_share: (helpful + not_helpful > 0)
                            .then(|| not_helpful as f64 / (helpful + not_helpful) as f64),
                    }
                };
                changes.push(Change {
                    entry: entry_ref.clone(),
                    changed: date::format_day(c.time),
                    changed_by: c.by,
                    before: period(t.before, change_day - first),
                    after: period(t.after, last - change_day + 1),
                });
            }
            let votes = t.helpful + t.not_helpful;
            if votes + t.contacts == 0 {
                continue;
            }
            let mut why = Vec::new();
            if t.not_helpful >= ATTENTION_NOT_HELPFUL && t.not_helpful as f64 >= ATTENTION_SHARE * votes as f64 {
                let top = t.reasons.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
                let reason = top.map(|(r, n)| format!(" (most: {r}, {n})")).unwrap_or_default();
                why.push(format!("{} of {votes} votes said not helpful{reason}", t.not_helpful));
            }
            let (recent, earlier) = (rate(t.recent), rate(t.earlier));
            if t.recent.0 >= ATTENTION_CONTACTS && recent > earlier {
                why.push(format!(
                    "contact rate rising: {} before the last {} days, {} in them",
                    earlier.map_or_else(|| "no reaction".to_string(), percent),
                    super::RECENT_DAYS,
                    recent.map_or_else(String::new, percent)
                ));
            }
            if !why.is_empty() {
                needs_attention.push((t.not_helpful + t.recent.0, Attention { entry: entry_ref.clone(), why }));
            }
            let mut comments = t.comments.clone();
            comments.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            entries.push(EntryFeedback {
                entry: entry_ref,
                helpful: t.helpful,
                not_helpful: t.not_helpful,
                reasons: t.reasons.clone(),
                comments: comments.into_iter().take(COMMENTS).map(|(_, c)| c).collect(),
                contacts: t.contacts,
                contact_rate: rate((t.contacts, votes)),
                recent_contact_rate: recent,
                earlier_contact_rate: earlier,
            });
        }
        entries.sort_by(|a, b| {
            b.not_helpful
                .cmp(&a.not_helpful)
                .then(b.contacts.cmp(&a.contacts))
                .then_with(|| a.entry.key.cmp(&b.entry.key))
        });
        needs_attention.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.entry.key.cmp(&b.1.entry.key)));
        changes.sort_by(|a, b| b.changed.cmp(&a.changed).then_with(|| a.entry.key.cmp(&b.entry.key)));
        let mut queries: Vec<ContactQuery> =
            queries.into_iter().map(|((l, query), count)| ContactQuery { lang: lang(l), query, count }).collect();
        queries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.lang, &a.query).cmp(&(&b.lang, &b.query))));
        queries.truncate(QUERIES);
        Feedback {
            votes,
            contacts,
            needs_attention: needs_attention.into_iter().map(|(_, a)| a).collect(),
            entries,
            changes,
            queries_ending_in_contact: queries,
        }
    }
}

/// `42 %`.
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: i64) -> i64 {
        d * date::DAY + 3600
    }

    fn vote(d: i64, key: u32, helpful: bool, reason: Option<&str>) -> Event {
        Event {
            time: day(d),
            key: Some(key),
            lang: 0,
            what: What::Vote { helpful, reason: reason.map(String::from), comment: None },
        }
    }

    fn finish(b: Builder) -> Feedback {
        b.finish(&|k| EntryRef { id: format!("e{k}"), key: format!("k{k}"), ..EntryRef::default() }, &|_| "en".into())
    }

    #[test]
    fn votes_are_counted_and_many_not_helpful_need_attention() {
        // Window: days 10..=100.
        let mut b = Builder::new(HashMap::new(), Some(day(101) - 3600), 90);
        for (d, helpful, reason) in
            [(20, false, Some("unclear")), (30, false, Some("unclear")), (40, false, None), (50, true, None)]
        {
            b.event(vote(d, 1, helpful, reason));
        }
        b.event(vote(60, 2, true, None));
        let f = finish(b);
        assert_eq!(f.votes, 5);
        assert_eq!(f.entries[0].entry.key, "k1");
        assert_eq!((f.entries[0].helpful, f.entries[0].not_helpful), (1, 3));
        assert_eq!(f.entries[0].reasons.get("unclear"), Some(&2));
        assert_eq!(f.needs_attention.len(), 1);
        assert_eq!(f.needs_attention[0].why, vec!["3 of 4 votes said not helpful (most: unclear, 2)"]);
    }

    #[test]
    fn a_change_splits_complaints_and_votes_into_before_and_after() {
        let changed =
            HashMap::from([(1, Changed { time: day(70), by: "git" }), (2, Changed { time: day(5), by: "git" })]);
        let mut b = Builder::new(changed, Some(day(101) - 3600), 90);
        for d in [20, 30, 40, 50, 60, 65] {
            b.complaint(1, 1, &|change| day(d) < change);
        }
        b.complaint(1, 1, &|change| day(80) < change);
        b.event(vote(30, 1, false, None));
        b.event(vote(80, 1, true, None));
        let f = finish(b);
        assert_eq!(f.changes.len(), 1, "the change before the window is left out");
        let c = &f.changes[0];
        assert_eq!((c.changed.as_str(), c.changed_by), (date::format_day(day(70)).as_str(), "git"));
        assert_eq!((c.before.days, c.before.complaints, c.before.not_helpful_share), (60, 6, Some(1.0)));
        assert_eq!((c.after.days, c.after.complaints, c.after.not_helpful_share), (31, 1, Some(0.0)));
        assert_eq!(c.before.complaints_per_week, 0.7);
    }

    #[test]
    fn contacts_rising_in_the_last_days_need_attention_and_queries_are_listed() {
        let mut b = Builder::new(HashMap::new(), Some(day(101) - 3600), 90);
        for d in [20, 30, 40] {
            b.event(vote(d, 3, true, None));
        }
        for d in [90, 95, 99] {
            b.event(Event { time: day(d), key: Some(3), lang: 0, what: What::Contact { query: None } });
        }
        for _ in 0..2 {
            b.event(Event {
                time: day(99),
                key: None,
                lang: 0,
                what: What::Contact { query: Some("gift card".into()) },
            });
        }
        let f = finish(b);
        assert_eq!(f.contacts, 5);
        assert_eq!(f.entries[0].contact_rate, Some(0.5));
        assert_eq!(f.needs_attention[0].why, vec!["contact rate rising: 0 % before the last 30 days, 100 % in them"]);
        assert_eq!(f.queries_ending_in_contact[0].query, "gift card");
        assert_eq!(f.queries_ending_in_contact[0].count, 2);
    }

    #[test]
    fn votes_are_read_in_the_usual_spellings() {
        assert_eq!(parse_vote("Yes"), Some(true));
        assert_eq!(parse_vote("false"), Some(false));
        assert_eq!(parse_vote("maybe"), None);
        assert_eq!(clean_reason(" Not-Answered "), Some("not-answered".into()));
    }
}
