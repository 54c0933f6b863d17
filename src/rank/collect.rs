//! Reading the complaint logs named in `complaints:`: every row of every source checked (date,
//! count, language, entry id, labels) and summed ([`super::sums`], [`super::service`]), with a
//! diagnostic naming the line and column of each bad row; and the stray rows whose date is
//! a typo, left out before the window is set.

use super::sums::{Class, Cuts};
use super::{feedback, labels, mask, read, service};
use super::{Collected, Entries, NewText, Place, RankOptions, Row, Skip, Skipped, Target, Texts};
use super::{MAX_ROW_DIAGNOSTICS, NO_TEXT};
use crate::config::{ComplaintSource, SourceKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use crate::shared::date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Reads and checks every row of every source and sums it (see [`super::sums`]); `cuts`: the
/// instants rows are compared with beyond their day; `found` is told of each distinct text
/// as soon as a row brings it. Rows dated at `latest` or after (the end of `as_of` when
/// `fixed`, else a day after the build) are skipped as future rows.
pub(super) fn collect<'m>(
    model: &'m Model,
    entries: &Entries<'_>,
    options: RankOptions<'_>,
    (latest, fixed): (i64, bool),
    (cuts, found): (&Cuts, &mut dyn FnMut(NewText)),
    diagnostics: &mut Vec<Diagnostic>,
) -> Collected<'m> {
    let mut out = Collected::default();
    let mut channel_index: HashMap<String, u16> = HashMap::new();
    let config_path = options.display.join(crate::config::FILE_NAME);
    for source in &model.config.complaints.sources {
        let files = expand(options.source, &source.path);
        if files.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::InvalidComplaintRow,
                    &config_path,
                    None,
                    format!("no complaint log matches `{}`", source.path),
                )
                .with_hint("check `complaints: sources:` in `helpmark.yaml`; paths are relative to the site folder"),
            );
        }
        for rel in files {
            out.summary.files += 1;
            let display = options.display.join(&rel);
            let file = u16::try_from(out.files.len()).unwrap_or(u16::MAX);
            out.files.push(display.clone());
            out.sources.push((options.source.join(&rel), source));
            let state = std::cell::RefCell::new(FileState::default());
            let mut checker = RowChecker { model, entries, source, display: &display, latest, fixed };
            let mut rows = 0u64;
            let result = read::read_file(
                &options.source.join(&rel),
                &display,
                source,
                &mut |bad| {
                    let mut s = state.borrow_mut();
                    s.malformed += 1;
                    s.bad(bad.skip, bad.diagnostic, bad.always_shown);
                },
                &mut |raw| {
                    rows += 1;
                    let texts = &mut out.texts;
                    let known = texts.len();
                    let mut channels =
                        Channels { index: &mut channel_index, names: &mut out.channels, service: &mut out.service };
                    match checker.check(&raw, file, texts, &mut channels, &mut out.events) {
                        Ok(Some(row)) => {
                            let place = Place { file, offset: raw.span.start as u64, line: raw.line };
                            out.newest.offer(row.time, place);
                            let slot = out.sums.slot(cuts.slot(row.time), row.time);
                            let class = Class {
                                target: row.target,
                                tagged_text: row.tagged_text,
                                channel: row.channel,
                                lang: row.lang,
                            };
                            out.sums.add(class, slot, row.count);
                            out.service.add(row.channel, row.time, row.count, row.response_hours());
                        }
                        Ok(None) => out.summary.zero_count += 1,
                        Err((skip, d)) => state.borrow_mut().bad(skip, d, false),
                    }
                    for t in known..out.texts.len() {
                        let (lang, key) = (out.texts.lang(t), out.texts.key(t).to_string());
                        found(NewText { number: t as u32, lang, key });
                    }
                },
            );
            let state = state.into_inner();
            out.summary.rows += rows + state.malformed;
            out.summary.skipped.extend(&state.skipped);
            diagnostics.extend(state.shown);
            match result {
                Ok(recovered) => out.summary.recovered += recovered,
                Err(d) => diagnostics.push(d),
            }
            let hidden = state.hidden;
            if hidden > 0 {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::InvalidComplaintRow,
                        &display,
                        None,
                        format!("{hidden} more bad rows in this file were skipped"),
                    )
                    .with_hint("fix the rows above first; the same causes are likely"),
                );
            }
        }
    }
    out.summary.bad_rows = out.summary.skipped.total();
    // Texts of tagged rows are kept for alias suggestions but not counted as matched texts.
    let mut matched = vec![false; out.texts.len()];
    for (class, _) in out.sums.classes() {
        if let Target::Text(t) = class.target {
            matched[t as usize] = true;
        }
    }
    out.summary.distinct_texts = matched.iter().filter(|&&m| m).count();
    // Texts are looked up by number from here on.
    out.texts.forget_lookups();
    out
}

/// Without `as_of`: leaves out the stray rows (see the module docs) and returns the window's
/// end, the first instant after the newest row left.
pub(super) fn drop_stray_rows(
    collected: &mut Collected,
    window_days: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<i64> {
    let Some(cutoff) = collected.sums.stray_cutoff(window_days) else {
        return collected.sums.newest().map(|newest| newest + 1);
    };
    // The cutoff is the last row of its day: the stray rows are those of the days after it.
    let cutoff_day = cutoff.div_euclid(date::DAY);
    let stray = collected.sums.drop_after(cutoff_day);
    collected.service.drop_after(cutoff_day);
    for _ in 0..stray {
        collected.summary.skipped.add(Skip::FutureDate);
    }
    collected.summary.bad_rows += stray;
    let mut shown: Vec<(i64, Place)> = std::mem::take(&mut collected.newest.heap)
        .into_iter()
        .map(|std::cmp::Reverse(newest)| newest)
        .filter(|(time, _)| *time > cutoff)
        .collect();
    shown.sort_by_key(|(_, place)| *place);
    let files = &collected.files;
    for (time, place) in &shown {
        let at = place.offset as usize;
        let days = (time - cutoff) / date::DAY;
        diagnostics.push(
            Diagnostic::warning(
                Code::InvalidComplaintRow,
                files.get(usize::from(place.file)).cloned().unwrap_or_default(),
                Some(at..at + 1),
                format!(
                    "row is dated `{}`, {days} days after every other row: taken for a typo, it does not count",
                    date::format_day(*time)
                ),
            )
            .on_unquoted_line(place.line)
            .with_hint("fix the date, or set `as_of` in `helpmark.yaml` to end the window"),
        );
    }
    let hidden = stray - shown.len() as u64;
    if hidden > 0 {
        diagnostics.push(
            Diagnostic::warning(
                Code::InvalidComplaintRow,
                files.first().cloned().unwrap_or_default(),
                None,
                format!("{hidden} more rows dated far after every other row were skipped"),
            )
            .with_hint("fix the dates above first; the same causes are likely"),
        );
    }
    Some(cutoff + 1)
}

/// Bad rows of one file: the first few as diagnostics, the rest only counted.
#[derive(Default)]
struct FileState {
    shown: Vec<Diagnostic>,
    /// Diagnostics that count against [`MAX_ROW_DIAGNOSTICS`] (broken quotes do not).
    limited: usize,
    /// Bad rows past the limit, not shown.
    hidden: u64,
    /// Rows the reader could not hand over (they count as rows read).
    malformed: u64,
    skipped: Skipped,
}

impl FileState {
    fn bad(&mut self, skip: Skip, d: Diagnostic, always_shown: bool) {
        self.skipped.add(skip);
        if always_shown {
            self.shown.push(d);
        } else if self.limited < MAX_ROW_DIAGNOSTICS {
            self.shown.push(d);
            self.limited += 1;
        } else {
            self.hidden += 1;
        }
    }
}

/// A value from a row, shown in a diagnostic only when it is short, made of `allowed`
/// characters and holds nothing [`mask`] would hide (or is shaped like a date, which masking
/// takes for a number when the month is `13`); otherwise only its column is named.
fn quoted(value: &str, allowed: fn(char) -> bool) -> Option<&str> {
    let safe = !mask::has_pii(value) || date_shaped(value);
    (value.len() <= 40 && !value.is_empty() && value.chars().all(allowed) && safe).then_some(value)
}

/// `2026-13-45` or `2026-1-5T25:61`: four digits, `-`, one or two, `-`, one or two, then no
/// run of more than four digits.
fn date_shaped(value: &str) -> bool {
    let runs: Vec<&str> = value.split(|c: char| !c.is_ascii_digit()).collect();
    let b = value.as_bytes();
    runs.len() >= 3
        && runs[0].len() == 4
        && b.get(4) == Some(&b'-')
        && (1..=2).contains(&runs[1].len())
        && b.get(5 + runs[1].len()) == Some(&b'-')
        && (1..=2).contains(&runs[2].len())
        && runs.iter().all(|r| r.len() <= 4)
}

fn date_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '-' | ':' | '/' | '.' | ',' | '+' | ' ' | 'T' | 't' | 'Z' | 'z')
}

fn number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | ',')
}

/// A language tag (`de`, `pt-BR`, `zh_Hant`): two or three letters, then short subtags.
pub(super) fn is_language_tag(value: &str) -> bool {
    let mut parts = value.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `` `value` in column `name` `` when the value may be shown (see [`quoted`]), else
/// `the value in column `name``. Column names are masked too: a log exported without its
/// header has a row there.
fn describe(field: &read::Field<'_>, allowed: fn(char) -> bool) -> String {
    let column = mask::mask(field.column);
    match quoted(&field.value, allowed) {
        Some(value) => format!("`{value}` in column `{column}`"),
        None => format!("the value in column `{column}`"),
    }
}

/// Checks one raw row against the model and turns it into a [`Row`].
struct RowChecker<'a, 'm> {
    model: &'a Model,
    entries: &'a Entries<'m>,
    source: &'a ComplaintSource,
    display: &'a Path,
    /// Rows dated at this moment or after are future rows.
    latest: i64,
    /// `latest` is the end of `as_of`.
    fixed: bool,
}

impl RowChecker<'_, '_> {
    /// `Ok(None)`: a row that counts for nothing (count 0).
    fn check(
        &mut self,
        raw: &read::RawRow<'_>,
        file: u16,
        texts: &mut Texts,
        channels: &mut Channels<'_>,
        events: &mut Vec<feedback::Event>,
    ) -> Result<Option<Row>, (Skip, Diagnostic)> {
        let bad = |skip: Skip, message: String, hint: &str| {
            let d = Diagnostic::warning(Code::InvalidComplaintRow, self.display, Some(raw.span.clone()), message)
                .on_unquoted_line(raw.line)
                .with_hint(hint.to_string());
            (skip, d)
        };
        let time = date::parse_timestamp(&raw.date.value).ok_or_else(|| {
            if raw.date.value.is_empty() {
                bad(
                    Skip::BadDate,
                    format!("row has no date in column `{}`", mask::mask(raw.date.column)),
                    "every row needs the date the customer asked",
                )
            } else {
                bad(
                    Skip::BadDate,
                    format!("{} is not a date", describe(&raw.date, date_char)),
                    "write dates like `2026-10-01` or `2026-10-01T14:30:00Z`",
                )
            }
        })?;
        if time >= self.latest {
            return Err(if self.fixed {
                bad(
                    Skip::FutureDate,
                    format!(
                        "row is dated `{}`, after `as_of` (`{}`): it does not count",
                        date::format_day(time),
                        date::format_day(self.latest - 1)
                    ),
                    "move `as_of` in `helpmark.yaml`, or leave it out to end the window at the newest row",
                )
            } else {
                bad(
                    Skip::FutureDate,
                    format!("row is dated `{}`, after today: it does not count", date::format_day(time)),
                    "fix the date; the window ends at the newest row dated up to today",
                )
            });
        }
        let count = match &raw.count {
            None => 1,
            Some(c) => c.value.parse::<u32>().map_err(|_| {
                bad(
                    Skip::BadCount,
                    format!("{} is not a whole number", describe(c, number_char)),
                    "the count column holds how many times the row happened",
                )
            })?,
        };
        if count == 0 {
            return Ok(None);
        }
        let vote = self.source.kind == SourceKind::Feedback;
        // A contact that helpmark's links labelled (the entry read, the language, the search
        // that found nothing), unless a column names the entry already.
        let labels = if vote || raw.id.is_some() { None } else { labels::parse(&raw.text) };
        let text: &str = match &labels {
            Some(l) => l.words(raw.subject.as_deref()),
            None => &raw.text,
        };
        let languages = &self.model.config.languages;
        let labelled_lang = labels.as_ref().and_then(|l| l.lang).and_then(|code| resolve_language(languages, code));
        let lang = match raw.language.as_ref() {
            Some(field) => resolve_language(languages, &field.value).ok_or_else(|| {
                let column = mask::mask(field.column);
                let shown = match quoted(&field.value, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    Some(code) if is_language_tag(code) => format!("`{code}` in column `{column}`"),
                    _ => format!("the value in column `{column}`"),
                };
                bad(
                    Skip::UnknownLanguage,
                    format!("{shown} is not one of the site's languages"),
                    &format!(
                        "use one of {}, or drop the row",
                        languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                    ),
                )
            })?,
            None if labelled_lang.is_some() => labelled_lang.unwrap_or(0),
            None => match self.source.language.as_deref() {
                None => 0,
                // The source's own language is config, not row data.
                Some(code) => resolve_language(languages, code).ok_or_else(|| {
                    bad(
                        Skip::UnknownLanguage,
                        format!("the source's language `{code}` is not one of the site's languages"),
                        "fix `language:` of this source in `helpmark.yaml`",
                    )
                })?,
            },
        };
        if vote && raw.id.is_none() {
            return Err(bad(
                Skip::BadVote,
                "feedback row names no entry".into(),
                "a feedback export needs the `entry` the vote is about",
            ));
        }
        // A label naming an entry that is gone (renamed since) leaves the row to matching.
        let labelled_key = labels.as_ref().and_then(|l| l.entry).and_then(|id| self.entries.by_id(lang, id));
        let target = if let Some(key) = labelled_key {
            Target::Key(key)
        } else if let Some(id) = &raw.id {
            let key = self.entries.by_id(lang, &id.value).ok_or_else(|| {
                let known =
                    self.entries.ids.get(lang).map(|m| m.keys().copied().collect::<Vec<_>>()).unwrap_or_default();
                let message = format!("the entry id in column `{}` names no entry", mask::mask(id.column));
                match crate::diagnostics::did_you_mean(&id.value, known) {
                    Some(best) => bad(Skip::UnknownId, message, &format!("did you mean `{best}`?")),
                    None => bad(Skip::UnknownId, message, "use the id of an entry: its `id:` or its file name"),
                }
            })?;
            Target::Key(key)
        } else {
            match texts.intern(text, lang, &languages[lang], (file, raw.span.start as u64)) {
                Some(t) => Target::Text(t),
                None => {
                    return Err(bad(
                        Skip::NoText,
                        "row has neither text nor an entry id".into(),
                        "fill the text column or the entry id",
                    ))
                }
            }
        };
        let response_hours = match &raw.first_response {
            None => f32::NAN,
            Some(field) => response_hours(time, &field.value).ok_or_else(|| {
                bad(
                    Skip::BadFirstResponse,
                    format!(
                        "{} is neither a date-time after the row's date nor a number of hours",
                        describe(field, date_char)
                    ),
                    "write it like `2026-10-01T16:00:00Z`, or as hours like `5.5`",
                )
            })?,
        };
        let what = if vote {
            let helpful = raw.helpful.as_ref().and_then(|f| feedback::parse_vote(&f.value)).ok_or_else(|| {
                let message = match &raw.helpful {
                    Some(f) => format!("{} is not a vote", describe(f, |c| c.is_alphanumeric() || c == '-')),
                    None => "feedback row has no vote (looked for `helpful`, `was_helpful`, `vote`)".to_string(),
                };
                bad(Skip::BadVote, message, "a vote is `yes` or `no`")
            })?;
            let comment = Some(mask::mask(raw.text.trim())).filter(|c| !c.is_empty());
            let reason = raw.reason.as_ref().and_then(|f| feedback::clean_reason(&f.value));
            Some(feedback::What::Vote { helpful, reason, comment })
        } else {
            labels.as_ref().map(|l| feedback::What::Contact { query: l.query.map(mask::mask) })
        };
        // A vote's comment says what the answer lacked, not how to ask for it: it teaches nothing.
        let tagged_text = match target {
            Target::Key(_) if !vote => {
                texts.intern(text, lang, &languages[lang], (file, raw.span.start as u64)).unwrap_or(NO_TEXT)
            }
            _ => NO_TEXT,
        };
        let source_channel = if vote { Some(feedback::VOTE_CHANNEL) } else { self.source.channel.as_deref() };
        let contact = &self.model.config.contact;
        let channel = match raw.channel.as_deref().filter(|_| !vote).or(source_channel) {
            None => channels.number("other", contact),
            Some(c) => match channels.index.get(c) {
                Some(&n) => n,
                None => channels.number(&c.trim().to_lowercase(), contact),
            },
        };
        if let Some(what) = what {
            let key = match target {
                Target::Key(k) => Some(k),
                Target::Text(_) => None,
            };
            events.push(feedback::Event { time, key, lang: lang as u16, what });
        }
        Ok(Some(Row { time, target, tagged_text, count, response_hours, channel, lang: lang as u16 }))
    }
}

/// The channels met so far, by name (lower-cased) and number.
struct Channels<'a> {
    index: &'a mut HashMap<String, u16>,
    names: &'a mut Vec<String>,
    /// Told of each new channel, for its promise.
    service: &'a mut service::Builder,
}

impl Channels<'_> {
    /// The number of a channel name (lower-cased), adding it if new.
    fn number(&mut self, name: &str, contact: &crate::config::Contact) -> u16 {
        if let Some(&c) = self.index.get(name) {
            return c;
        }
        let c = u16::try_from(self.names.len()).unwrap_or(u16::MAX);
        if usize::from(c) == self.names.len() {
            self.service.open_channel(c, name, contact);
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), c);
        c
    }
}

/// A log's language code resolved against the site's: exact, case-insensitive, then by its
/// base (`hi-IN` → `hi`).
pub(super) fn resolve_language(languages: &[String], code: &str) -> Option<usize> {
    languages.iter().position(|l| l.eq_ignore_ascii_case(code)).or_else(|| {
        let base = code.split(['-', '_']).next().unwrap_or(code);
        languages.iter().position(|l| l.eq_ignore_ascii_case(base))
    })
}

/// Hours from `created` to the first response written as a date-time or a number of hours.
fn response_hours(created: i64, value: &str) -> Option<f32> {
    if let Some(at) = date::parse_timestamp(value) {
        return (at >= created).then(|| (at - created) as f32 / 3600.0);
    }
    value.parse::<f32>().ok().filter(|h| h.is_finite() && *h >= 0.0)
}

/// Files matching `pattern` under `root`, relative to it, sorted. `*` and `?` match within one
/// path segment; a pattern without them names one file.
fn expand(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::new()];
    let parts: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let mut next = Vec::new();
        for base in &found {
            if part.contains(['*', '?']) {
                let Ok(dir) = std::fs::read_dir(root.join(base)) else { continue };
                let mut names: Vec<String> =
                    dir.filter_map(Result::ok).filter_map(|e| e.file_name().into_string().ok()).collect();
                names.sort();
                for name in names {
                    if wildcard(part, &name) && !name.starts_with('.') {
                        next.push(base.join(name));
                    }
                }
            } else {
                next.push(base.join(part));
            }
        }
        found =
            next.into_iter().filter(|p| if last { root.join(p).is_file() } else { root.join(p).is_dir() }).collect();
    }
    found
}

/// Whether `name` matches `pattern` (`*`: any run, `?`: one character).
pub(super) fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_within_a_segment() {
        assert!(wildcard("*.csv", "tickets.csv"));
        assert!(wildcard("t?ckets-*.csv", "tickets-2026.csv"));
        assert!(!wildcard("*.csv", "tickets.jsonl"));
    }

    #[test]
    fn row_values_are_quoted_only_when_they_cannot_be_personal_data() {
        let field = |value: &'static str| read::Field { column: "created_at", value: value.into() };
        assert_eq!(describe(&field("2026-13-45"), date_char), "`2026-13-45` in column `created_at`");
        assert_eq!(describe(&field("2026-1-5T25:61"), date_char), "`2026-1-5T25:61` in column `created_at`");
        for hidden in ["priya@example.com", "98765 43210", "Priya Sharma", "2026-11-1é", "9876-54-32109"] {
            assert_eq!(describe(&field(hidden), date_char), "the value in column `created_at`", "{hidden}");
        }
        assert!(is_language_tag("pt-BR") && is_language_tag("de") && !is_language_tag("Priya"));
    }

    #[test]
    fn log_languages_resolve_by_base_code() {
        let langs = vec!["en".to_string(), "hi".to_string()];
        assert_eq!(resolve_language(&langs, "HI-in"), Some(1));
        assert_eq!(resolve_language(&langs, "de"), None);
    }
}
