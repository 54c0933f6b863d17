//! Service standards from the complaint logs: monthly volume per channel with the email
//! staffing line, and per channel how fast customers got a first response against the
//! promise (`contact: response_time:` per channel, else `response_time_hours`). Every row
//! counts here, in the window or not.
//!
//! **Never answered counts against the promise.** A channel is held to a promise when one is
//! set for it by name, or when `response_time_hours` is set and some of its rows record a
//! first response (a site-search log or a phone line records none, and no customer waits for
//! an answer there). In such a channel a row without a first response is *never answered*
//! and counts as a broken promise, unless it is younger than the promise at the window's end
//! (*still open*: it may yet be answered in time). The share is answered within the promise
//! out of all that were due.
//!
//! **Breached weeks**: a week in which less than [`TARGET_SHARE`] of a channel's due
//! complaints were answered within the promise.
//!
//! **Staffing**: from `email_staffing_threshold` emails a month (400 by default) one person
//! answers email full time; a month over the line needs `ceil(emails / line)` people. The
//! last month of the logs, when the window ends before its last day, is also projected to a
//! whole month at its pace so far.

use super::{hash_words, PrehashedMap};
use crate::config::Contact;
use crate::shared::date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// Names of the email channel as help desks export it.
pub const EMAIL_CHANNELS: &[&str] = &["email", "e-mail", "mail"];

/// Share of a week's due complaints that must be answered within the promise; below it the
/// week is breached.
pub const TARGET_SHARE: f64 = 0.9;

/// Volumes and response times.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ServiceStandards {
    /// Complaints per month (`YYYY-MM`) and channel.
    pub monthly: BTreeMap<String, BTreeMap<String, u64>>,
    /// Monthly email volume from which one person should answer email full time.
    pub email_staffing_threshold: u32,
    /// Email volume per month against the line, oldest first.
    pub staffing: Vec<StaffingMonth>,
    /// Per channel (every channel of the logs, phone and search included), by name.
    pub channels: Vec<ChannelService>,
    /// Per week (Monday, `YYYY-MM-DD`) and channel held to a promise, oldest first.
    pub weeks: Vec<WeekService>,
}

/// One month's email volume against the staffing line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffingMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Emails that month (so far, for a partial month).
    pub email: u64,
    /// People answering email full time that volume needs (0 under the line).
    pub people: u64,
    /// Whether the month passed the line.
    pub over: bool,
    /// For the last month when the window ends before its last day: days counted and days in
    /// the month.
    pub partial: Option<(u32, u32)>,
    /// For a partial month: the emails of the whole month at the pace so far.
    pub projected: Option<u64>,
    /// For a partial month: people the projection needs.
    pub projected_people: Option<u64>,
}

/// First responses in one channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChannelService {
    /// Channel name (lower-cased).
    pub channel: String,
    /// Complaints in the channel (all rows).
    pub complaints: u64,
    /// The promised first-response time, in seconds, when the channel is held to one.
    pub promise_seconds: Option<u32>,
    /// Complaints with a recorded first response.
    pub answered: u64,
    /// Of those, answered within the promise.
    pub within: u64,
    /// Without a first response, past the promise (only in a channel held to a promise).
    pub never_answered: u64,
    /// Without a first response, still within the promise at the window's end.
    pub still_open: u64,
    /// Median first response of the answered, in seconds.
    pub median_seconds: Option<f64>,
    /// 90th percentile of the first response of the answered, in seconds.
    pub p90_seconds: Option<f64>,
}

impl ChannelService {
    /// Complaints that were due: answered, or never answered.
    pub fn due(&self) -> u64 {
        self.answered + self.never_answered
    }

    /// Answered within the promise out of those due, when the channel is held to a promise.
    pub fn share(&self) -> Option<f64> {
        ratio(self.within, self.due()).filter(|_| self.promise_seconds.is_some())
    }
}

/// One week of one channel held to a promise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekService {
    /// The week's Monday, `YYYY-MM-DD`.
    pub week: String,
    /// Channel name.
    pub channel: String,
    /// Complaints due that week (answered, or never answered).
    pub due: u64,
    /// Of those, answered within the promise.
    pub within: u64,
    /// `within / due`.
    pub share: Option<f64>,
    /// Less than [`TARGET_SHARE`] answered within the promise.
    pub breached: bool,
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// What one channel's rows of one day added up to while reading.
#[derive(Debug, Default, Clone, Copy)]
struct DaySums {
    complaints: u64,
    /// Complaints with a first response, and of those answered within the promise.
    answered: u64,
    within: u64,
    /// Complaints without a first response, by [`OpenClass`].
    unanswered: [u64; 3],
}

/// Whether a complaint without a first response is still open (younger than the promise at
/// the window's end) depends on the end, known only once every row is read. The end is the
/// start of a day, so for a row at second `s` of its day and a promise of `q` days and `r`
/// seconds, the end's day `E` and the row's day `d` decide it with `s + r`, which only
/// needs to be known against `0` and a day: see [`DaySums::open`].
type OpenClass = usize;

fn open_class(time: i64, promise: Option<u32>) -> OpenClass {
    let x = time.rem_euclid(date::DAY) + promise.map_or(0, |p| i64::from(p) % date::DAY);
    match x {
        0 => 0,
        x if x <= date::DAY => 1,
        _ => 2,
    }
}

impl DaySums {
    /// Complaints of day `day` without a first response still open at `end` (the start of a
    /// day) under `promise`: those with `time + promise > end`.
    fn open(&self, day: i64, promise: Option<u32>, end: Option<i64>) -> u64 {
        let (Some(p), Some(end)) = (promise, end) else { return 0 };
        debug_assert_eq!(end.rem_euclid(date::DAY), 0, "the window ends at midnight");
        // time + p > end  ⇔  (day + q − E)·DAY + (s + r) > 0, with 0 ≤ s + r < 2·DAY.
        let k = day + i64::from(p) / date::DAY - end.div_euclid(date::DAY);
        let [_, up_to_a_day, over_a_day] = self.unanswered;
        match k {
            1.. => self.unanswered.iter().sum(),
            0 => up_to_a_day + over_a_day,
            -1 => over_a_day,
            _ => 0,
        }
    }
}

/// One channel's rows while reading.
#[derive(Debug, Default)]
struct ChannelSums {
    name: String,
    promise: Option<u32>,
    /// Set for a channel named in `response_time:`.
    named_promise: bool,
    days: BTreeMap<i64, DaySums>,
    /// Complaints per day and first response: exact percentiles in memory bounded by the
    /// distinct durations.
    responses: PrehashedMap<Response, u64>,
}

/// A first response on a day, in whole seconds as reports show it (the bits of an `f64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Response {
    day: i64,
    seconds: u64,
}

impl Hash for Response {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(hash_words(&[self.day as u64, self.seconds]));
    }
}

/// What one channel added up to, for the report.
#[derive(Debug, Default)]
struct Tally {
    complaints: u64,
    answered: u64,
    within: u64,
    /// Rows without a first response past the promise (or any, without a promise).
    unanswered: u64,
    still_open: u64,
    /// Per week: (within, answered, unanswered).
    weeks: BTreeMap<String, (u64, u64, u64)>,
}

/// Accumulates rows as they are read, by channel number.
#[derive(Debug, Default)]
pub(super) struct Builder {
    channels: Vec<ChannelSums>,
}

impl Builder {
    /// Names channel number `number` (the next one) and sets its promise from `contact`.
    pub(super) fn open_channel(&mut self, number: u16, name: &str, contact: &Contact) {
        debug_assert_eq!(usize::from(number), self.channels.len(), "channels are numbered in order");
        let named = promise_by_name(contact, name);
        self.channels.push(ChannelSums {
            name: name.to_string(),
            promise: named.or_else(|| contact.response_time_hours.map(|h| h.saturating_mul(3600))),
            named_promise: named.is_some(),
            ..ChannelSums::default()
        });
    }

    /// Adds `count` complaints at `time` in channel number `channel`, answered after
    /// `response_hours`.
    pub(super) fn add(&mut self, channel: u16, time: i64, count: u32, response_hours: Option<f32>) {
        let Some(sums) = self.channels.get_mut(usize::from(channel)) else { return };
        let n = u64::from(count);
        let day = time.div_euclid(date::DAY);
        let today = sums.days.entry(day).or_default();
        today.complaints += n;
        match response_hours {
            Some(hours) => {
                let seconds = hours * 3600.0;
                let within = sums.promise.is_some_and(|p| f64::from(seconds) <= f64::from(p) + 0.5);
                today.answered += n;
                today.within += u64::from(within) * n;
                let seconds = f64::from(seconds).round().to_bits();
                *sums.responses.entry(Response { day, seconds }).or_insert(0) += n;
            }
            None => today.unanswered[open_class(time, sums.promise)] += n,
        }
    }

    /// Leaves out every row of a day after `day` (stray rows).
    pub(super) fn drop_after(&mut self, day: i64) {
        for sums in &mut self.channels {
            sums.days.retain(|&d, _| d <= day);
            sums.responses.retain(|r, _| r.day <= day);
        }
    }

    /// The standards, with the window ending at `end` (the first instant after it).
    pub(super) fn finish(self, email_staffing_threshold: u32, end: Option<i64>) -> ServiceStandards {
        let threshold = email_staffing_threshold.max(1);
        let mut monthly: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut tallies: BTreeMap<String, (Tally, &ChannelSums)> = BTreeMap::new();
        for sums in &self.channels {
            let mut tally = Tally::default();
            for (&day, d) in &sums.days {
                let time = day * date::DAY;
                *monthly.entry(date::format_month(time)).or_default().entry(sums.name.clone()).or_insert(0) +=
                    d.complaints;
                let open = d.open(day, sums.promise, end);
                let due_unanswered = d.unanswered.iter().sum::<u64>() - open;
                tally.complaints += d.complaints;
                tally.answered += d.answered;
                tally.within += d.within;
                tally.still_open += open;
                tally.unanswered += due_unanswered;
                let week = tally.weeks.entry(date::week_start(time)).or_default();
                week.0 += d.within;
                week.1 += d.answered;
                week.2 += due_unanswered;
            }
            if tally.complaints > 0 {
                tallies.insert(sums.name.clone(), (tally, sums));
            }
        }
        let mut channels = Vec::new();
        let mut weeks = Vec::new();
        for (name, (tally, sums)) in tallies {
            // Held to a promise: named in `response_time:`, or some first response recorded.
            let held = sums.promise.is_some() && (sums.named_promise || tally.answered > 0);
            let (median, p90) = quantiles(&sums.responses);
            if held {
                for (week, (within, answered, unanswered)) in &tally.weeks {
                    let due = answered + unanswered;
                    if due == 0 {
                        continue;
                    }
                    let share = ratio(*within, due);
                    weeks.push(WeekService {
                        week: week.clone(),
                        channel: name.clone(),
                        due,
                        within: *within,
                        share,
                        breached: share.is_some_and(|s| s < TARGET_SHARE),
                    });
                }
            }
            channels.push(ChannelService {
                channel: name,
                complaints: tally.complaints,
                promise_seconds: sums.promise.filter(|_| held),
                answered: tally.answered,
                within: if held { tally.within } else { 0 },
                never_answered: if held { tally.unanswered } else { 0 },
                still_open: if held { tally.still_open } else { 0 },
                median_seconds: median,
                p90_seconds: p90,
            });
        }
        weeks.sort_by(|a, b| (&a.week, &a.channel).cmp(&(&b.week, &b.channel)));
        let staffing = staffing(&monthly, threshold, end);
        ServiceStandards { monthly, email_staffing_threshold: threshold, staffing, channels, weeks }
    }
}

/// Email volume per month against the staffing line, the last month projected when the
/// window ends before its last day.
fn staffing(monthly: &BTreeMap<String, BTreeMap<String, u64>>, threshold: u32, end: Option<i64>) -> Vec<StaffingMonth> {
    let threshold = u64::from(threshold);
    let people = |email: u64| if email > threshold { email.div_ceil(threshold) } else { 0 };
    let last_day = end.map(|end| end - 1);
    let mut staffing: Vec<StaffingMonth> = monthly
        .iter()
        .map(|(month, channels)| {
            let email: u64 =
                channels.iter().filter(|(c, _)| EMAIL_CHANNELS.contains(&c.as_str())).map(|(_, n)| n).sum();
            StaffingMonth {
                month: month.clone(),
                email,
                people: people(email),
                over: email > threshold,
                partial: None,
                projected: None,
                projected_people: None,
            }
        })
        .collect();
    if let (Some(last), Some(at)) = (staffing.last_mut(), last_day) {
        let (year, month, day) = date::civil_from_days(at.div_euclid(date::DAY));
        let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
        let days = date::days_from_civil(next_year, next_month, 1) - date::days_from_civil(year, month, 1);
        if last.month == date::format_month(at) && day < days {
            let projected = (last.email as f64 * days as f64 / day as f64).round() as u64;
            last.partial = Some((day as u32, days as u32));
            last.projected = Some(projected);
            last.projected_people = Some(people(projected));
        }
    }
    staffing
}

/// The promise set for `channel` by name; an email channel also takes the one set for
/// another name of email.
fn promise_by_name(contact: &Contact, channel: &str) -> Option<u32> {
    contact.response_time.get(channel).copied().or_else(|| {
        EMAIL_CHANNELS
            .contains(&channel)
            .then(|| EMAIL_CHANNELS.iter().find_map(|c| contact.response_time.get(*c).copied()))
            .flatten()
    })
}

/// The median and 90th percentile (nearest rank) of first responses counted per day and whole
/// seconds, in seconds. Rounding keeps the order, so the nearest rank's rounded
/// value is the one every row kept would give.
fn quantiles(responses: &PrehashedMap<Response, u64>) -> (Option<f64>, Option<f64>) {
    let mut by_value: BTreeMap<u64, u64> = BTreeMap::new();
    for (r, &n) in responses {
        *by_value.entry(r.seconds).or_insert(0) += n;
    }
    let mut values: Vec<(f64, u64)> = by_value.into_iter().map(|(bits, n)| (f64::from_bits(bits), n)).collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: u64 = values.iter().map(|&(_, c)| c).sum();
    let at = |q: f64| -> Option<f64> {
        let rank = ((q * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        values
            .iter()
            .find(|&&(_, c)| {
                seen += c;
                seen >= rank
            })
            .map(|&(v, _)| v)
    };
    if total == 0 {
        (None, None)
    } else {
        (at(0.5), at(0.9))
    }
}

/// A duration for people: `45 s`, `12 min`, `3 h 20 min`, `24 h`, `2 d 4 h` (days from 48
/// hours: promises are said in hours up to there).
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", (s + 30) / 60),
        3600..=172_799 => {
            let minutes = (s + 30) / 60;
            match minutes % 60 {
                0 => format!("{} h", minutes / 60),
                m => format!("{} h {m} min", minutes / 60),
            }
        }
        _ => {
            let hours = (s + 1800) / 3600;
            match hours % 24 {
                0 => format!("{} d", hours / 24),
                h => format!("{} d {h} h", hours / 24),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: i64) -> i64 {
        date::days_from_civil(2026, 10, d) * date::DAY
    }

    /// A builder that numbers channels by name, as the reader does.
    struct Rows<'c> {
        builder: Builder,
        names: Vec<String>,
        contact: &'c Contact,
    }

    impl<'c> Rows<'c> {
        fn new(contact: &'c Contact) -> Self {
            Rows { builder: Builder::default(), names: Vec::new(), contact }
        }

        fn add(&mut self, time: i64, channel: &str, count: u32, response_hours: Option<f32>) {
            let number = match self.names.iter().position(|n| n == channel) {
                Some(n) => n as u16,
                None => {
                    self.names.push(channel.to_string());
                    let n = (self.names.len() - 1) as u16;
                    self.builder.open_channel(n, channel, self.contact);
                    n
                }
            };
            self.builder.add(number, time, count, response_hours);
        }
    }

    #[test]
    fn never_answered_counts_against_the_promise_and_open_tickets_wait() {
        let contact = Contact { response_time_hours: Some(24), ..Contact::default() };
        // The window ends with 2026-10-20.
        let mut b = Rows::new(&contact);
        b.add(day(1), "email", 3, Some(2.0));
        b.add(day(2), "email", 1, Some(30.0));
        b.add(day(2), "email", 2, None);
        b.add(day(20) + 3600, "email", 1, None);
        b.add(day(3), "phone", 4, None);
        b.add(day(3), "search", 1, None);
        let s = b.builder.finish(400, Some(day(21)));
        let email = &s.channels[0];
        assert_eq!((email.channel.as_str(), email.answered, email.within, email.never_answered), ("email", 4, 3, 2));
        assert_eq!(email.still_open, 1, "asked an hour before the end: not yet due");
        assert_eq!(email.share(), Some(0.5), "3 of 6 due");
        assert_eq!((email.median_seconds, email.p90_seconds), (Some(7200.0), Some(108_000.0)));
        let phone = &s.channels[1];
        assert_eq!((phone.channel.as_str(), phone.complaints, phone.promise_seconds), ("phone", 4, None));
        assert_eq!(phone.never_answered, 0, "no first response recorded in the channel: not measured");
        assert_eq!(s.weeks.len(), 1);
        assert_eq!((s.weeks[0].due, s.weeks[0].within, s.weeks[0].breached), (6, 3, true));
    }

    #[test]
    fn still_open_is_decided_to_the_second_though_rows_are_summed_per_day() {
        // Issue 14: rows are summed by day before the window's end is known.
        let times: Vec<i64> = (0..400).map(|i| day(10) + i * 997).collect();
        for promise in [0, 1, 300, 86_399, 86_400, 86_401, 3 * 86_400 + 7] {
            let contact = Contact { response_time: [("chat".to_string(), promise)].into(), ..Contact::default() };
            for end_day in [12, 13, 14, 15] {
                let end = day(end_day);
                let mut b = Rows::new(&contact);
                for &t in &times {
                    b.add(t, "chat", 1, None);
                }
                let s = b.builder.finish(400, Some(end));
                let expected = times.iter().filter(|&&t| t + i64::from(promise) > end).count() as u64;
                assert_eq!(s.channels[0].still_open, expected, "promise {promise}, end {end_day}");
                assert_eq!(s.channels[0].never_answered, times.len() as u64 - expected);
            }
        }
    }

    #[test]
    fn a_promise_per_channel_wins_over_the_hours() {
        let contact = Contact {
            response_time_hours: Some(24),
            response_time: [("chat".to_string(), 300), ("mail".to_string(), 3600)].into(),
            ..Contact::default()
        };
        let mut b = Rows::new(&contact);
        b.add(day(1), "chat", 1, Some(0.05));
        b.add(day(1), "chat", 1, Some(0.5));
        b.add(day(1), "email", 1, Some(2.0));
        b.add(day(1), "chat", 2, None);
        let s = b.builder.finish(400, None);
        assert_eq!((s.channels[0].within, s.channels[0].due(), s.channels[0].promise_seconds), (1, 4, Some(300)));
        assert_eq!(s.channels[1].promise_seconds, Some(3600), "`mail` names the email channel too");
        assert_eq!(s.channels[1].within, 0);
    }

    #[test]
    fn email_over_the_line_needs_people_and_a_partial_month_is_projected() {
        let contact = Contact::default();
        let mut b = Rows::new(&contact);
        b.add(date::days_from_civil(2026, 9, 3) * date::DAY, "email", 900, None);
        b.add(date::days_from_civil(2026, 8, 3) * date::DAY, "e-mail", 120, None);
        b.add(day(2), "email", 200, None);
        b.add(day(2), "phone", 7, None);
        let s = b.builder.finish(400, Some(day(11)));
        let months: Vec<(&str, u64, u64, bool)> =
            s.staffing.iter().map(|m| (m.month.as_str(), m.email, m.people, m.over)).collect();
        assert_eq!(months, [("2026-08", 120, 0, false), ("2026-09", 900, 3, true), ("2026-10", 200, 0, false)]);
        let october = &s.staffing[2];
        assert_eq!(october.partial, Some((10, 31)));
        assert_eq!((october.projected, october.projected_people), (Some(620), Some(2)));
        assert_eq!(s.monthly["2026-10"]["phone"], 7);
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(42.0), "42 s");
        assert_eq!(duration(300.0), "5 min");
        assert_eq!(duration(3600.0 * 3.0 + 1200.0), "3 h 20 min");
        assert_eq!(duration(86_400.0 * 2.0 + 3600.0 * 4.0), "2 d 4 h");
        assert_eq!(duration(86_400.0), "24 h");
        assert_eq!(duration(86_400.0 * 3.0), "3 d");
    }
}
