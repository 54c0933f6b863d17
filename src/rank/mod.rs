//! Stage 4, `rank`: complaint logs → popularity per entry, content gaps and service standards
//! (DESIGN §4). It reads the site's search index of each language (stage 3, built once from
//! the model) and returns popularity as a value ([`Ranking::popularity`]) that the search
//! export and the pages read; it changes neither the model nor the index.
//!
//! Rows are read from the logs named in `complaints:` ([`read`]), checked (date, count,
//! language, entry id) and summed as they are read (`sums`, [`service`]): each distinct
//! normalised text is stored once ([`Texts`]), and rows alike in everything the report
//! compares are one cell, so memory stays flat as a log grows. Reading needs no index and
//! runs while the indexes are built ([`read_logs`], then [`rank`]). A row naming an entry id
//! counts for it; a text row is matched in its language through the Tantivy index
//! ([`matching`]), each distinct normalised text once, in parallel. Counts decay by age relative to the window's end, so the
//! same logs give the same site. Unmatched texts are grouped into topics ([`gaps`]); volumes
//! and response times give the service standards ([`service`]). Complaint text leaves this
//! module only masked ([`mask`]), and only into reports, never into the site; diagnostics
//! name the line and column of a bad row, and quote a value only when it cannot be personal
//! data (a malformed date, a language code).
//!
//! **The window's end** is `as_of` (the end of that day) when set; rows dated after it are
//! warnings and do not count. Without `as_of` it is the newest row's date, leaving out, with a
//! warning each:
//! - *future rows*, dated more than a day after the moment of the build (a day for time
//!   zones). The wall clock is only an upper bound: logs without such rows rank the same
//!   whenever they are built;
//! - *stray rows*: at most 1% of the rows (at least one), dated more than a window (at most
//!   [`OUTLIER_GAP_DAYS`] days) after all the others, a typo such as `2062` for `2026` once the
//!   clock has passed it. One mistyped row must not move the window past every other row and
//!   empty the ranking.
//!
//! Under `--strict` every warning about a row is an error, these included.
//!
//! This stage must not write files: [`report`] renders, the `report` command writes.

pub mod aliases;
mod collect;
pub mod feedback;
pub mod gaps;
pub mod labels;
pub mod mask;
pub mod matching;
pub mod neighbours;
pub mod read;
pub mod report;
pub mod self_teach;
pub mod semantic;
pub mod service;
mod sums;
pub mod teach;

use crate::config::{ComplaintSource, ComplaintsConfig};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::index::{BatchSearcher, IndexError, LangIndex};
use crate::model::popularity::{Asked, Popularity};
use crate::model::Model;
use crate::shared::date;
use crate::shared::git::History;
use matching::{Match, MatchSettings};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

/// Bad-row diagnostics shown per file; the rest are counted in one closing diagnostic.
const MAX_ROW_DIAGNOSTICS: usize = 20;

/// "Asked N times in the last … days".
pub const RECENT_DAYS: u32 = 30;

/// A row dated more than this many days (or a window, if shorter) after every other row is a
/// stray row when `as_of` is unset (see the module docs).
pub const OUTLIER_GAP_DAYS: u32 = 30;

/// Where the logs are and how strict to be.
#[derive(Debug, Clone, Copy)]
pub struct RankOptions<'a> {
    /// The site folder, to read the logs from.
    pub source: &'a Path,
    /// The site folder as shown in diagnostics.
    pub display: &'a Path,
    /// Bad rows are errors, not warnings.
    pub strict: bool,
    /// The site's git history, for when each entry last changed (a report's before and
    /// after); without it, `updated` tells.
    pub history: Option<&'a History>,
}

/// The output of the stage.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    /// End of the window (seconds since the epoch): the first instant after it, if the logs had any row.
    pub as_of: Option<i64>,
    /// The window, in days.
    pub window_days: u32,
    /// The decay half-life, in days.
    pub half_life_days: f64,
    /// Entries asked about within the window, most popular first.
    pub entries: Vec<EntryRank>,
    /// Unmatched complaints grouped into topics, largest first.
    pub gaps: Vec<gaps::Topic>,
    /// Topics past those listed in `gaps`, and their complaints.
    pub more_gaps: (usize, u64),
    /// Phrasings customers use for an entry that the entry lacks, most used first.
    pub aliases: Vec<aliases::AliasSuggestion>,
    /// Unmatched complaints in no topic (asked once, sharing no salient word).
    pub ungrouped: u64,
    /// The most asked of them, as written (masked).
    pub ungrouped_texts: Vec<gaps::Phrasing>,
    /// Volumes per channel and response times.
    pub service: service::ServiceStandards,
    /// Votes of "Was this helpful?", labelled contacts and the before and after of changes.
    pub feedback: feedback::Feedback,
    /// Row counts.
    pub summary: Summary,
}

/// How often one entry (all its translations together) was asked about within the window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryRank {
    /// Translation key (`orders/refund`).
    pub key: String,
    /// Id in the default language (or the first language that has the entry).
    pub id: String,
    /// Title in that language.
    pub title: String,
    /// Decayed count: each complaint weighs `0.5^(age / half_life)`.
    pub popularity: f64,
    /// Complaints within the window, undecayed.
    pub count: u64,
    /// Complaints within the last [`RECENT_DAYS`] days.
    pub recent: u64,
    /// Complaints within the window per channel.
    pub by_channel: BTreeMap<String, u64>,
    /// Complaints within the window per language.
    pub by_language: BTreeMap<String, u64>,
    /// Complaints within the window per week (keyed by the week's Monday, `YYYY-MM-DD`).
    pub weekly: BTreeMap<String, u64>,
}

/// Why a row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A row the reader could not split into the header's columns (or a line that is no JSON
    /// object, or a quote left open).
    Malformed,
    /// No date, or one that does not parse.
    BadDate,
    /// Dated after the window's end: after `as_of`, after the build, or a stray row far beyond
    /// the others.
    FutureDate,
    /// A count that is not a whole number.
    BadCount,
    /// A language the site does not have.
    UnknownLanguage,
    /// An entry id that names no entry.
    UnknownId,
    /// Neither text nor an entry id.
    NoText,
    /// A first response that is neither a later date-time nor hours.
    BadFirstResponse,
    /// A feedback row without a yes or no, or without the entry it is about.
    BadVote,
}

impl Skip {
    /// Every reason, in the order reports list them.
    pub const ALL: [Skip; 9] = [
        Skip::Malformed,
        Skip::BadDate,
        Skip::FutureDate,
        Skip::BadCount,
        Skip::UnknownLanguage,
        Skip::UnknownId,
        Skip::NoText,
        Skip::BadFirstResponse,
        Skip::BadVote,
    ];

    /// The reason in words, for people.
    pub fn label(self) -> &'static str {
        match self {
            Skip::Malformed => "malformed",
            Skip::BadDate => "bad date",
            Skip::FutureDate => "future date",
            Skip::BadCount => "bad count",
            Skip::UnknownLanguage => "unknown language",
            Skip::UnknownId => "unknown entry id",
            Skip::NoText => "no text",
            Skip::BadFirstResponse => "bad first response",
            Skip::BadVote => "bad vote",
        }
    }

    /// The reason as a JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Skip::Malformed => "malformed",
            Skip::BadDate => "bad_date",
            Skip::FutureDate => "future_date",
            Skip::BadCount => "bad_count",
            Skip::UnknownLanguage => "unknown_language",
            Skip::UnknownId => "unknown_id",
            Skip::NoText => "no_text",
            Skip::BadFirstResponse => "bad_first_response",
            Skip::BadVote => "bad_vote",
        }
    }
}

/// Rows skipped, per reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped([u64; Skip::ALL.len()]);

impl Skipped {
    /// Rows skipped for `reason`.
    pub fn get(&self, reason: Skip) -> u64 {
        self.0[reason as usize]
    }

    fn add(&mut self, reason: Skip) {
        self.0[reason as usize] += 1;
    }

    fn extend(&mut self, other: &Skipped) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// Rows skipped for any reason.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// The reasons with their counts, those with none left out: `2 malformed, 1 bad date`.
    pub fn describe(&self) -> String {
        Skip::ALL
            .iter()
            .filter(|&&r| self.get(r) > 0)
            .map(|&r| format!("{} {}", self.get(r), r.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What happened to the rows (each row once, whatever its count). Every row read is in
/// exactly one of `skipped`, `zero_count`, `outside_window`, `by_id`, `matched`, `unmatched`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Log files read.
    pub files: usize,
    /// Rows read (bad ones included).
    pub rows: u64,
    /// Rows skipped as bad (the total of `skipped`).
    pub bad_rows: u64,
    /// Rows skipped, per reason.
    pub skipped: Skipped,
    /// Rows that a quote left open would have swallowed, read on their own.
    pub recovered: u64,
    /// Rows with a count of 0 (they count for nothing).
    pub zero_count: u64,
    /// Rows older than the window.
    pub outside_window: u64,
    /// Rows in the window counted through their entry id.
    pub by_id: u64,
    /// Rows in the window whose text matched an entry confidently.
    pub matched: u64,
    /// Rows in the window whose text matched no entry confidently.
    pub unmatched: u64,
    /// Distinct normalised texts matched.
    pub distinct_texts: usize,
}

impl Summary {
    /// `8 skipped (2 malformed, 1 bad date, …)`, or `0 skipped`.
    pub fn describe_skipped(&self) -> String {
        let mut out = format!("{} skipped", self.bad_rows);
        if self.bad_rows > 0 {
            out.push_str(&format!(" ({})", self.skipped.describe()));
        }
        if self.recovered > 0 {
            let s = if self.recovered == 1 { "" } else { "s" };
            out.push_str(&format!(", {} row{s} read on their own after a quote left open", self.recovered));
        }
        out
    }
}

impl Ranking {
    /// How much each entry is asked, by translation key.
    pub fn popularity(&self) -> Popularity {
        Popularity::new(
            self.entries.iter().map(|e| (e.key.clone(), Asked { popularity: e.popularity, recent: e.recent })),
        )
    }
}

/// A row as checked, before it is summed into [`sums::Sums`] and the service standards.
struct Row {
    time: i64,
    target: Target,
    /// For a row with an entry id and a text: the text (it teaches alias suggestions), or
    /// [`NO_TEXT`].
    tagged_text: u32,
    count: u32,
    /// Hours to the first response, or NaN.
    response_hours: f32,
    channel: u16,
    lang: u16,
}

/// Where a row is, for a diagnostic found after reading: file number, byte offset, line.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    file: u16,
    offset: u64,
    line: u64,
}

/// The newest rows read with their places, at most [`MAX_ROW_DIAGNOSTICS`]: stray rows are
/// among the newest, and only that many are shown, so no row needs to keep its place.
#[derive(Default)]
struct Newest {
    heap: std::collections::BinaryHeap<std::cmp::Reverse<(i64, Place)>>,
}

impl Newest {
    fn offer(&mut self, time: i64, place: Place) {
        if self.heap.len() < MAX_ROW_DIAGNOSTICS {
            self.heap.push(std::cmp::Reverse((time, place)));
        } else if self.heap.peek().is_some_and(|std::cmp::Reverse((t, _))| *t < time) {
            self.heap.pop();
            self.heap.push(std::cmp::Reverse((time, place)));
        }
    }
}

/// `tagged_text` of a row without one.
const NO_TEXT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Key(u32),
    Text(u32),
}

impl Row {
    fn response_hours(&self) -> Option<f32> {
        (!self.response_hours.is_nan()).then_some(self.response_hours)
    }
}

impl sums::Class {
    fn tagged_text(&self) -> Option<u32> {
        (self.tagged_text != NO_TEXT).then_some(self.tagged_text)
    }
}

/// The distinct normalised texts of the logs, each stored once: its key (the normalised text)
/// in blocks of one string each, where its first row is (a report reads that row again for
/// the text as written: keeping every raw text would double the memory), and a hash table
/// from (language, key) to its number.
#[derive(Default)]
pub struct Texts {
    blocks: Vec<String>,
    list: Vec<TextSpan>,
    /// Hash of (language, key) → the newest text with that hash; [`TextSpan::next`] chains
    /// the others. Emptied once the logs are read.
    index: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
    /// The letters of codes in the texts as written (`MM` of `MM-482913`), which the keys
    /// keep once masking has taken the digits: they never form a topic or an alias.
    codes: gaps::CodeWords,
    /// Texts as written, for rows that repeat one.
    written: WrittenTexts,
}

/// Texts as written with their numbers: a row repeating a text word for word skips
/// normalising and masking it (the same text always gives the same key, and its codes are
/// noted already). Only a cache: emptied when it holds [`WrittenTexts::BYTES`], so a log of
/// texts that never repeat costs no more memory; a text whose hash another holds is not kept.
#[derive(Default)]
struct WrittenTexts {
    bytes: String,
    /// (start in `bytes`, length, language, text number).
    spans: Vec<(u32, u32, u16, u32)>,
    /// Hash of (language, text) → its span.
    index: HashMap<u64, u32, BuildHasherDefault<Prehashed>>,
}

impl WrittenTexts {
    const BYTES: usize = 8 << 20;

    fn get(&self, hash: u64, lang: u16, raw: &str) -> Option<u32> {
        let &(start, len, l, t) = self.spans.get(*self.index.get(&hash)? as usize)?;
        (l == lang && &self.bytes[start as usize..(start + len) as usize] == raw).then_some(t)
    }

    fn insert(&mut self, hash: u64, lang: u16, raw: &str, t: u32) {
        if raw.len() > Self::BYTES || self.index.contains_key(&hash) {
            return;
        }
        if self.bytes.len() + raw.len() > Self::BYTES {
            *self = WrittenTexts::default();
        }
        self.index.insert(hash, self.spans.len() as u32);
        self.spans.push((self.bytes.len() as u32, raw.len() as u32, lang, t));
        self.bytes.push_str(raw);
    }
}

/// Where one text sits in [`Texts::blocks`], and its first row.
struct TextSpan {
    block: u32,
    start: u32,
    len: u32,
    lang: u16,
    /// The first row's file (its number in [`Collected::files`]) and byte offset.
    file: u16,
    offset: u64,
    /// The next text with the same hash, or [`NO_TEXT`].
    next: u32,
}

impl Texts {
    /// Bytes of one block of keys (a longer key gets a block of its own size).
    const BLOCK: usize = 1 << 20;

    /// The number of distinct texts.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The language number of text `t`.
    pub fn lang(&self, t: usize) -> u16 {
        self.list[t].lang
    }

    /// Drops what only finding a text by its key needs, once the logs are read.
    fn forget_lookups(&mut self) {
        self.index = HashMap::default();
        self.written = WrittenTexts::default();
    }

    /// The normalised text `t` (lower-cased, personal data removed).
    pub fn key(&self, t: usize) -> &str {
        let s = &self.list[t];
        &self.blocks[s.block as usize][s.start as usize..(s.start + s.len) as usize]
    }

    /// The file number and byte offset of the first row with text `t`.
    fn origin(&self, t: usize) -> (u16, u64) {
        (self.list[t].file, self.list[t].offset)
    }

    /// The number of the distinct normalised text of `raw` in language `lang` (code `code`),
    /// adding it if new with `origin` (file number, byte offset) as its first row; `None` for
    /// a text with nothing left after normalising.
    fn intern(&mut self, raw: &str, lang: usize, code: &str, origin: (u16, u64)) -> Option<u32> {
        let lang = lang as u16;
        let written = hash_text(lang, raw);
        if let Some(t) = self.written.get(written, lang, raw) {
            return Some(t);
        }
        let t = self.intern_key(raw, lang, code, origin)?;
        self.written.insert(written, lang, raw, t);
        Some(t)
    }

    /// [`Texts::intern`] for a text not seen as written.
    fn intern_key(&mut self, raw: &str, lang: u16, code: &str, origin: (u16, u64)) -> Option<u32> {
        let key = matching::normalize(raw, code);
        if key.is_empty() {
            return None;
        }
        let hash = hash_text(lang, &key);
        let first = self.index.get(&hash).copied().unwrap_or(NO_TEXT);
        let mut t = first;
        while t != NO_TEXT {
            if self.list[t as usize].lang == lang && self.key(t as usize) == key {
                return Some(t);
            }
            t = self.list[t as usize].next;
        }
        let number = u32::try_from(self.list.len()).ok().filter(|&n| n != NO_TEXT)?;
        // No complaint is 4 GiB long; clip rather than fail.
        let key = clip(&key, u32::MAX as usize);
        let room = self.blocks.last().is_some_and(|b| b.capacity() - b.len() >= key.len());
        if !room {
            self.blocks.push(String::with_capacity(Self::BLOCK.max(key.len())));
        }
        let block = self.blocks.len() - 1;
        let start = self.blocks[block].len();
        self.blocks[block].push_str(key);
        self.list.push(TextSpan {
            block: block as u32,
            start: start as u32,
            len: key.len() as u32,
            lang,
            file: origin.0,
            offset: origin.1,
            next: first,
        });
        self.index.insert(hash, number);
        if raw.chars().any(char::is_numeric) {
            self.codes.note(code, raw);
        }
        Some(number)
    }
}

/// The longest prefix of `s` of at most `max` bytes, on a character boundary.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// FxHash's step: one more word into hash `h`.
fn mix(h: u64, word: u64) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

/// A hash of a few words, for a key that hashes itself as one word (see [`Prehashed`]). The
/// last rotation brings the well-mixed high bits down, where the table picks its bucket.
fn hash_words(words: &[u64]) -> u64 {
    words.iter().fold(0, |h, &w| mix(h, w)).rotate_left(26)
}

/// A hash map whose keys hash themselves as one word.
type PrehashedMap<K, V> = HashMap<K, V, BuildHasherDefault<Prehashed>>;

/// A 64-bit hash of a language number and a text (FxHash's mixing, 8 bytes at a time).
fn hash_text(lang: u16, text: &str) -> u64 {
    let mut h = mix(0, u64::from(lang));
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        h = mix(h, u64::from_le_bytes(chunk.try_into().expect("chunks of 8 bytes")));
    }
    for &b in chunks.remainder() {
        h = mix(h, u64::from(b));
    }
    mix(h, text.len() as u64)
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Lookup tables from the model.
struct Entries<'m> {
    keys: Vec<&'m str>,
    key_index: HashMap<&'m str, u32>,
    /// Per language: id → key number.
    ids: Vec<HashMap<&'m str, u32>>,
}

impl<'m> Entries<'m> {
    fn new(model: &'m Model) -> Self {
        let mut keys: Vec<&str> =
            model.languages.iter().flat_map(|l| l.entries.iter().map(|e| e.key.as_str())).collect();
        keys.sort_unstable();
        keys.dedup();
        let key_index: HashMap<&str, u32> = keys.iter().enumerate().map(|(i, k)| (*k, i as u32)).collect();
        let ids = model
            .languages
            .iter()
            .map(|l| l.entries.iter().map(|e| (e.id.as_str(), key_index[e.key.as_str()])).collect())
            .collect();
        Entries { keys, key_index, ids }
    }

    /// The key named by `id` in language `lang`, else in any language (default first).
    fn by_id(&self, lang: usize, id: &str) -> Option<u32> {
        self.ids.get(lang).and_then(|m| m.get(id)).or_else(|| self.ids.iter().find_map(|m| m.get(id))).copied()
    }
}

/// Everything read from the logs (`'c`: the config).
#[derive(Default)]
struct Collected<'c> {
    /// The rows kept, summed.
    sums: sums::Sums,
    /// Their volumes and first responses, summed.
    service: service::Builder,
    /// The newest rows' places.
    newest: Newest,
    texts: Texts,
    channels: Vec<String>,
    /// Each log file as shown in diagnostics.
    files: Vec<PathBuf>,
    /// Each log file as read, and its source.
    sources: Vec<(PathBuf, &'c ComplaintSource)>,
    /// Votes and labelled contacts (few: kept whole).
    events: Vec<feedback::Event>,
    summary: Summary,
}

/// The first half of the stage: the logs read, checked and summed, and the window's end. It
/// needs no index, so it can run while the indexes are built.
pub struct Logs<'m> {
    entries: Entries<'m>,
    collected: Collected<'m>,
    /// The window's end (the first instant after it), if the logs had any row.
    end: Option<i64>,
    /// When each entry (key number) last changed, and those instants as cuts of the slots.
    changed: HashMap<u32, feedback::Changed>,
    cuts: sums::Cuts,
    diagnostics: Vec<Diagnostic>,
}

/// A distinct text met while the logs are read, to match before reading ends.
pub struct NewText {
    number: u32,
    lang: u16,
    key: String,
}

/// Matches made while the logs were read ([`match_early`]), by text number.
#[derive(Default)]
pub struct EarlyMatches(Vec<(u32, Match)>);

/// Reads the logs of `model` (see [`Logs`]); `found` is told of each distinct text as soon as
/// it is read (to [`match_early`]).
pub fn read_logs<'m>(model: &'m Model, options: RankOptions<'_>, found: &mut dyn FnMut(NewText)) -> Logs<'m> {
    let config = &model.config.complaints;
    let entries = Entries::new(model);
    let mut diagnostics = Vec::new();
    // The whole `as_of` day is inside the window.
    let as_of = config.as_of.as_deref().and_then(date::parse_timestamp).map(|day| day + date::DAY);
    // The wall clock only bounds the dates (see the module docs).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(i64::MAX, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let latest = as_of.unwrap_or_else(|| now.saturating_add(date::DAY));
    let changed = last_changes(model, &entries, options);
    let cuts = sums::Cuts::new(changed.values().map(|c| c.time));
    let mut collected =
        collect::collect(model, &entries, options, (latest, as_of.is_some()), (&cuts, found), &mut diagnostics);
    let end = match as_of {
        Some(end) => Some(end),
        // The whole day of the newest row is inside the window, as the whole `as_of` day is.
        None => collect::drop_stray_rows(&mut collected, config.window_days, &mut diagnostics)
            .map(|newest| (newest.div_euclid(date::DAY) + 1) * date::DAY),
    };
    if options.strict {
        for d in &mut diagnostics {
            if d.code == Code::InvalidComplaintRow {
                d.severity = Severity::Error;
            }
        }
    }
    Logs { entries, collected, end, changed, cuts, diagnostics }
}

/// Matches the texts of `found` through `indexes` (as [`rank`] takes them) while the logs are
/// still read, until `done` (matching is a pure function of the text and the index, so what
/// is matched here is what [`rank`] would find). The texts not reached, and those of a language
/// whose tagged rows teach a matcher of its own, are matched by [`rank`].
pub fn match_early(
    model: &Model,
    indexes: &[LangIndex],
    found: &std::sync::mpsc::Receiver<NewText>,
    done: &std::sync::atomic::AtomicBool,
) -> Result<EarlyMatches, IndexError> {
    let config = &model.config.complaints;
    let settings = MatchSettings { threshold: config.match_threshold, margin: config.match_margin };
    let searchers: Vec<BatchSearcher<'_>> = indexes.iter().map(|i| i.batch_searcher()).collect();
    let mut early = Vec::new();
    for text in found {
        if done.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        if let Some(searcher) = searchers.get(usize::from(text.lang)) {
            early.push((text.number, matching::match_text_with(searcher, &text.key, settings)?));
        }
    }
    Ok(EarlyMatches(early))
}

/// Runs the stage on the logs read: matches the texts through `indexes`, the site's index of
/// each language of `model` in its order, as [`crate::index::index_languages`] builds them
/// (no popularity boost). A language with tagged rows gets a matcher of its own, taught by
/// them ([`teach`]). Errors only when indexing fails; problems in the logs are diagnostics.
pub fn rank(
    model: &Model,
    indexes: &[LangIndex],
    (logs, early): (Logs<'_>, EarlyMatches),
    options: RankOptions<'_>,
) -> Result<(Ranking, Vec<Diagnostic>), IndexError> {
    let config = &model.config.complaints;
    let Logs { entries, collected, end, changed, cuts, diagnostics } = logs;
    let tags = tagged_texts(model, &entries, &collected);
    let taught = taught_matchers(model, &tags)?;
    // Text number → the key its tagged rows name most.
    let told = teach::told(collected.sums.classes().filter_map(|(class, cells)| {
        let uses: u64 = cells.iter().map(|c| u64::from(c.count)).sum();
        match (class.target, class.tagged_text()) {
            // A class whose rows were all stray has no cell left.
            (Target::Key(key), Some(t)) if uses > 0 => Some((t, key, uses)),
            _ => None,
        }
    }));
    let indexes: Vec<&LangIndex> =
        indexes.iter().zip(&taught).map(|(site, taught)| taught.as_ref().unwrap_or(site)).collect();
    let settings = MatchSettings { threshold: config.match_threshold, margin: config.match_margin };
    // One searcher per language, shared by the threads: a term's scores are computed once.
    let searchers: Vec<BatchSearcher<'_>> = indexes.iter().map(|i| i.batch_searcher()).collect();
    let texts = &collected.texts;
    // Early matches went through the site's index: they stand where no matcher was taught.
    let mut known: Vec<Option<Match>> = vec![None; texts.len()];
    for (t, m) in early.0 {
        let lang = usize::from(texts.lang(t as usize));
        if taught.get(lang).is_some_and(Option::is_none) {
            known[t as usize] = Some(m);
        }
    }
    let mut matches: Vec<Match> = (0..texts.len())
        .into_par_iter()
        .map(|t| match (known[t], searchers.get(usize::from(texts.lang(t)))) {
            // A told text counts for its tag below, whatever it would match.
            _ if told.contains_key(&(t as u32)) => Ok(Match::NONE),
            (Some(early), _) => Ok(early),
            (None, Some(searcher)) => matching::match_text_with(searcher, texts.key(t), settings),
            (None, None) => Ok(Match::NONE),
        })
        .collect::<Result<_, _>>()?;
    drop(searchers);
    // Document number → key number, per language.
    let doc_keys: Vec<Vec<Option<u32>>> = indexes
        .iter()
        .enumerate()
        .map(|(l, index)| index.docs().iter().map(|d| entries.by_id(l, &d.id)).collect())
        .collect();
    // Each told text's entry as a document of its language's matcher.
    let key_docs: Vec<HashMap<u32, u32>> = doc_keys
        .iter()
        .map(|keys| keys.iter().enumerate().filter_map(|(doc, key)| Some(((*key)?, doc as u32))).collect())
        .collect();
    let told_docs: HashMap<u32, u32> = told
        .iter()
        .filter_map(|(&t, key)| Some((t, *key_docs.get(usize::from(texts.lang(t as usize)))?.get(key)?)))
        .collect();
    let mut diagnostics = diagnostics;
    let embedder = config.match_model.as_ref().and_then(|m| load_match_model(m, options, &mut diagnostics));
    let semantic = embedder.as_deref().zip(config.match_model.as_ref()).map(|(e, m)| (e, m.languages.as_slice()));
    settle_matches(model, &indexes, &tags, &told_docs, texts, &collected, &mut matches, settings, semantic)?;
    drop(taught);
    let text_keys: Vec<Option<u32>> = matches
        .iter()
        .enumerate()
        .map(|(t, m)| {
            if let Some(&key) = told.get(&(t as u32)) {
                return Some(key);
            }
            let (doc, _) = m.best.filter(|_| m.confident)?;
            doc_keys.get(usize::from(texts.lang(t)))?.get(doc as usize).copied().flatten()
        })
        .collect();
    drop(matches);
    let place = Places { model, entries: &entries, site: options.display };
    Ok((aggregate(&place, config, collected, end, &text_keys, (changed, &cuts)), diagnostics))
}

/// When each entry (key number) last changed: the newest last commit of its files in the
/// site's git history, else the newest `updated` of its translations.
fn last_changes(model: &Model, entries: &Entries<'_>, options: RankOptions<'_>) -> HashMap<u32, feedback::Changed> {
    let mut changed: HashMap<u32, feedback::Changed> = HashMap::new();
    for e in model.languages.iter().flat_map(|l| &l.entries) {
        let rel = e.path.strip_prefix(options.display).unwrap_or(&e.path);
        let committed = options.history.and_then(|h| h.last_commit(&rel.to_string_lossy().replace('\\', "/")));
        let found = match committed {
            Some(time) => Some(feedback::Changed { time, by: "git" }),
            None => e
                .updated
                .as_deref()
                .and_then(date::parse_timestamp)
                .map(|time| feedback::Changed { time, by: "updated" }),
        };
        if let Some(found) = found {
            let key = entries.key_index[e.key.as_str()];
            let slot = changed.entry(key).or_insert(found);
            if found.time > slot.time {
                *slot = found;
            }
        }
    }
    changed
}

/// What names an entry in a report: its id, key, title and source file.
struct Places<'a, 'm> {
    model: &'m Model,
    entries: &'a Entries<'m>,
    /// The site folder as diagnostics show it (entries' paths start with it).
    site: &'a Path,
}

impl Places<'_, '_> {
    fn entry(&self, key: u32) -> feedback::EntryRef {
        let key = self.entries.keys[key as usize];
        let found = self.model.languages.iter().find_map(|l| l.entries.iter().find(|e| e.key == key));
        found.map_or_else(
            || feedback::EntryRef { key: key.to_string(), ..feedback::EntryRef::default() },
            |e| feedback::EntryRef {
                id: e.id.clone(),
                key: key.to_string(),
                title: e.title.clone(),
                source: e.path.strip_prefix(self.site).unwrap_or(&e.path).display().to_string(),
            },
        )
    }
}

/// Per language, the texts of its tagged rows (all of them, in the window or not: an old
/// ticket still shows how customers word a question), as (entry number in the language, text,
/// uses).
fn tagged_texts<'c>(model: &Model, entries: &Entries<'_>, collected: &'c Collected) -> Vec<Vec<(usize, &'c str, u64)>> {
    // Per language: key number → entry number in that language.
    let numbers: Vec<HashMap<u32, usize>> = model
        .languages
        .iter()
        .map(|l| l.entries.iter().enumerate().map(|(i, e)| (entries.key_index[e.key.as_str()], i)).collect())
        .collect();
    let mut tags: Vec<Vec<(usize, &str, u64)>> = vec![Vec::new(); model.languages.len()];
    for (class, cells) in collected.sums.classes() {
        let (Target::Key(key), Some(t)) = (class.target, class.tagged_text()) else { continue };
        let lang = usize::from(class.lang);
        let uses: u64 = cells.iter().map(|c| u64::from(c.count)).sum();
        if let (Some(&entry), true) = (numbers.get(lang).and_then(|n| n.get(&key)), uses > 0) {
            tags[lang].push((entry, collected.texts.key(t as usize), uses));
        }
    }
    tags
}

/// Per language, a matcher taught by `tags` ([`tagged_texts`]); `None` for a language without
/// tagged rows, which matches through the site's index.
fn taught_matchers(model: &Model, tags: &[Vec<(usize, &str, u64)>]) -> Result<Vec<Option<LangIndex>>, IndexError> {
    model
        .languages
        .par_iter()
        .zip(tags)
        .map(|(l, tags)| if tags.is_empty() { Ok(None) } else { teach::matching_index(model, l, tags).map(Some) })
        .collect()
}

/// The sentence-embedding model `complaints.match_model` names (read once per process), or
/// an error in `diagnostics` naming the key in `helpmark.yaml`: the texts are then matched by
/// words, and the build fails on the error.
fn load_match_model(
    m: &crate::config::MatchModel,
    options: RankOptions<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<std::sync::Arc<crate::embed::Embedder>> {
    let folder = options.source.join(&m.path);
    crate::embed::Embedder::shared(&folder)
        .map_err(|e| {
            let config = options.display.join(crate::config::FILE_NAME);
            diagnostics.push(
                Diagnostic::error(Code::InvalidConfig, &config, m.span.clone(), format!("`match_model`: {e}"))
                    .with_hint("the folder needs `config.json`, `vocab.txt` and `model.safetensors` of a BERT sentence-embedding model, such as all-MiniLM-L6-v2 (see the README); the path is relative to the site folder"),
            );
        })
        .ok()
}

/// Decides the texts' matches again with what the log itself says. In a language that
/// `semantic` (the model and its languages) names, by meaning ([`semantic`]). In another
/// without tagged rows, the sure matches teach the matcher ([`self_teach`]); then each text's
/// nearest texts vote ([`neighbours`]). The tagged texts (`told_docs`: text number → the
/// document of the entry it was tagged with) vote with their tag's full weight.
#[allow(clippy::too_many_arguments)]
fn settle_matches(
    model: &Model,
    indexes: &[&LangIndex],
    tags: &[Vec<(usize, &str, u64)>],
    told_docs: &HashMap<u32, u32>,
    texts: &Texts,
    collected: &Collected,
    matches: &mut [Match],
    settings: MatchSettings,
    semantic: Option<(&crate::embed::Embedder, &[String])>,
) -> Result<(), IndexError> {
    let mut uses = vec![0u64; texts.len()];
    for (class, cells) in collected.sums.classes() {
        if let Target::Text(t) = class.target {
            uses[t as usize] += cells.iter().map(|c| u64::from(c.count)).sum::<u64>();
        }
    }
    let index_settings = crate::index::settings(model);
    for (l, language) in model.languages.iter().enumerate() {
        let Some(site) = indexes.get(l) else { continue };
        let numbers: Vec<usize> = (0..texts.len()).filter(|&t| usize::from(texts.lang(t)) == l).collect();
        if numbers.is_empty() {
            continue;
        }
        let list: Vec<self_teach::Text<'_>> =
            numbers.iter().map(|&t| self_teach::Text { key: texts.key(t), uses: uses[t] }).collect();
        let mut these: Vec<Match> = numbers.iter().map(|&t| matches[t]).collect();
        if let Some((embedder, _)) = semantic.filter(|(_, langs)| langs.contains(&language.code)) {
            let tagged: Vec<Option<u32>> = numbers.iter().map(|&t| told_docs.get(&(t as u32)).copied()).collect();
            semantic::settle(embedder, &crate::index::search_docs(language), &list, &mut these, &tagged);
            for ((&t, m), tagged) in numbers.iter().zip(these).zip(tagged) {
                if tagged.is_none() {
                    matches[t] = m;
                }
            }
            continue;
        }
        if tags.get(l).is_none_or(|t| t.is_empty()) {
            let teach = |taught: &[(usize, &str, u64)]| teach::matching_index(model, language, taught);
            self_teach::rematch(site, &index_settings, teach, &list, &mut these, settings)?;
        }
        let tagged: Vec<bool> = numbers.iter().map(|&t| told_docs.contains_key(&(t as u32))).collect();
        for (m, &t) in these.iter_mut().zip(&numbers) {
            if let Some(&doc) = told_docs.get(&(t as u32)) {
                *m = Match { best: Some((doc, f32::MAX)), runner_up: None, confidence: 1.0, confident: true };
            }
        }
        neighbours::vote(site, &index_settings, &list, &mut these, &tagged, settings)?;
        for ((&t, m), tagged) in numbers.iter().zip(these).zip(tagged) {
            // A told text counts for its tag, whatever it would match.
            if !tagged {
                matches[t] = m;
            }
        }
    }
    Ok(())
}

/// Counts the summed rows with decay inside the window ending at `as_of`, and hands unmatched
/// texts to [`gaps`]. `changed`: when each entry last changed, and the cuts of the slots.
fn aggregate(
    place: &Places<'_, '_>,
    config: &ComplaintsConfig,
    collected: Collected,
    as_of: Option<i64>,
    text_keys: &[Option<u32>],
    (changed, cuts): (HashMap<u32, feedback::Changed>, &sums::Cuts),
) -> Ranking {
    let (model, entries) = (place.model, place.entries);
    let Collected { sums, service, texts, channels, sources, events, mut summary, .. } = collected;
    let mut heard = feedback::Builder::new(changed, as_of, config.window_days);
    // Per entry: its rank, and its complaints per age in days (summed in the order of ages, a
    // popularity does not depend on the order of the rows).
    let mut ranks: BTreeMap<u32, (EntryRank, BTreeMap<u32, u64>)> = BTreeMap::new();
    let mut unmatched: BTreeMap<u32, u64> = BTreeMap::new();
    // Phrasings counted for each entry, for alias suggestions: a matched text always counts for
    // the same entry, so those are counted per text; tagged texts per (entry, text).
    let mut matched_uses: Vec<u64> = vec![0; texts.len()];
    let mut tagged_uses: HashMap<(u32, u32), u64> = HashMap::new();
    let window = i64::from(config.window_days);
    let mut weeks: HashMap<i64, String> = HashMap::new();
    for (class, cells) in sums.classes() {
        let channel = channels.get(usize::from(class.channel)).map_or("other", String::as_str);
        let lang = model.languages.get(usize::from(class.lang)).map_or("", |l| l.code.as_str());
        let Some(as_of) = as_of else { continue };
        let key = match class.target {
            Target::Key(k) => Some(k),
            Target::Text(t) => text_keys.get(t as usize).copied().flatten(),
        };
        for cell in cells {
            let slot = sums.slot_at(cell.slot);
            let count = u64::from(cell.count);
            // Ages in whole days, the last day of the window being day 0: a log summed per day in
            // a warehouse (text, language, day, count) then ranks exactly like its rows.
            // `as_of` is the first instant after the window.
            let age = (as_of - 1).div_euclid(date::DAY) - slot.day;
            if !(0..=window).contains(&age) {
                summary.outside_window += u64::from(cell.rows);
                continue;
            }
            let Some(key) = key else {
                summary.unmatched += u64::from(cell.rows);
                if let Target::Text(t) = class.target {
                    *unmatched.entry(t).or_insert(0) += count;
                }
                continue;
            };
            match (class.target, class.tagged_text()) {
                (Target::Text(t), _) => {
                    summary.matched += u64::from(cell.rows);
                    matched_uses[t as usize] += count;
                }
                (Target::Key(_), tagged) => {
                    summary.by_id += u64::from(cell.rows);
                    if let Some(t) = tagged {
                        *tagged_uses.entry((key, t)).or_insert(0) += count;
                    }
                }
            }
            if channel != feedback::VOTE_CHANNEL {
                heard.complaint(key, count, &|change| slot < cuts.slot(change));
            }
            let (rank, ages) = ranks.entry(key).or_default();
            *ages.entry(age as u32).or_insert(0) += count;
            rank.count += count;
            if age < i64::from(RECENT_DAYS) {
                rank.recent += count;
            }
            add_to(&mut rank.by_channel, channel, count);
            add_to(&mut rank.by_language, lang, count);
            let week = weeks.entry(slot.day).or_insert_with(|| date::week_start(slot.day * date::DAY));
            add_to(&mut rank.weekly, week, count);
        }
    }
    drop(sums);
    for event in events {
        let in_window = as_of.is_some_and(|as_of| {
            let age = (as_of - 1).div_euclid(date::DAY) - event.time.div_euclid(date::DAY);
            (0..=i64::from(config.window_days)).contains(&age)
        });
        if in_window {
            heard.event(event);
        }
    }
    let language = |l: u16| model.languages.get(usize::from(l)).map_or_else(String::new, |l| l.code.clone());
    let feedback = heard.finish(&|key| place.entry(key), &language);
    let mut ranked: Vec<EntryRank> = ranks
        .into_iter()
        .map(|(k, (mut rank, ages))| {
            rank.popularity =
                ages.iter().map(|(&age, &n)| n as f64 * decay(f64::from(age), config.half_life_days)).sum();
            let key = entries.keys[k as usize];
            rank.key = key.to_string();
            if let Some(e) = model.languages.iter().find_map(|l| l.entries.iter().find(|e| e.key == key)) {
                rank.id = e.id.clone();
                rank.title = e.title.clone();
            }
            rank
        })
        .collect();
    ranked.sort_by(|a, b| b.popularity.total_cmp(&a.popularity).then_with(|| a.key.cmp(&b.key)));
    let unmatched_texts: Vec<gaps::Unmatched<'_>> = unmatched
        .iter()
        .filter_map(|(&t, &count)| {
            let t = t as usize;
            let lang = model.languages.get(usize::from(texts.lang(t)))?.code.as_str();
            Some(gaps::Unmatched { lang, key: texts.key(t), text: t as u32, count })
        })
        .collect();
    let entry_texts: Vec<(&str, String)> = model
        .languages
        .iter()
        .flat_map(|l| {
            l.entries.iter().flat_map(move |e| {
                std::iter::once(&e.title)
                    .chain(&e.aliases)
                    .map(move |t| (l.code.as_str(), matching::normalize(t, &l.code)))
            })
        })
        .collect();
    let background: Vec<(&str, &str)> = (0..texts.len())
        .filter_map(|t| Some((model.languages.get(usize::from(texts.lang(t)))?.code.as_str(), texts.key(t))))
        .chain(entry_texts.iter().map(|(l, t)| (*l, t.as_str())))
        .collect();
    // A phrasing as first written is read again from its first row; if the file has changed
    // since, the normalised text stands in.
    let example = |t: u32| -> gaps::Example {
        let t = t as usize;
        let key = texts.key(t);
        let (file, offset) = texts.origin(t);
        let code = model.languages.get(usize::from(texts.lang(t))).map_or("", |l| l.code.as_str());
        sources
            .get(usize::from(file))
            .and_then(|(path, source)| read::text_at(path, source, offset))
            .filter(|(raw, _)| matching::normalize(raw, code) == key)
            .map_or_else(|| gaps::Example::plain(key), |(text, subject)| gaps::Example { text, subject })
    };
    let entry_titles: Vec<(&str, String)> = model
        .languages
        .iter()
        .flat_map(|l| l.entries.iter().map(move |e| (l.code.as_str(), matching::normalize(&e.title, &l.code))))
        .collect();
    let titles: Vec<(&str, &str)> = entry_titles.iter().map(|(l, t)| (*l, t.as_str())).collect();
    let grouped = gaps::group(&unmatched_texts, &background, &titles, &texts.codes, &example);
    let mut phrasings = tagged_uses;
    for (t, &uses) in matched_uses.iter().enumerate() {
        if let (Some(Some(key)), true) = (text_keys.get(t), uses >= aliases::MIN_COUNT) {
            *phrasings.entry((*key, t as u32)).or_insert(0) += uses;
        }
    }
    let aliases = aliases::suggest(model, &entries.keys, &phrasings, &texts, &texts.codes);
    Ranking {
        aliases,
        as_of,
        window_days: config.window_days,
        half_life_days: config.half_life_days,
        entries: ranked,
        gaps: grouped.topics,
        more_gaps: grouped.more_topics,
        ungrouped: grouped.ungrouped,
        ungrouped_texts: grouped.ungrouped_texts,
        service: service.finish(config.email_staffing_threshold, as_of),
        feedback,
        summary,
    }
}

/// Adds `n` to `map[name]`, allocating the name only the first time.
fn add_to(map: &mut BTreeMap<String, u64>, name: &str, n: u64) {
    match map.get_mut(name) {
        Some(sum) => *sum += n,
        None => {
            map.insert(name.to_string(), n);
        }
    }
}

/// Weight of a complaint `age_days` old: `0.5^(age / half_life)`.
pub fn decay(age_days: f64, half_life_days: f64) -> f64 {
    0.5f64.powf(age_days / half_life_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue 14: texts are matched while the logs are still read, through the site's index; a
    // language whose tagged rows teach a matcher of its own matches its texts again.
    #[test]
    fn matches_made_while_reading_change_nothing_and_taught_languages_match_again() {
        let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/complaints-basic");
        let (model, _) = crate::load_model(&site, None, false).expect("reads").expect("no errors");
        let indexes = crate::index::index_languages(&model).expect("indexes");
        let options = RankOptions { source: &site, display: &site, strict: false, history: None };
        let report = |early: &dyn Fn(&[NewText]) -> EarlyMatches| {
            let mut found = Vec::new();
            let logs = read_logs(&model, options, &mut |t| found.push(t));
            let taught_en = logs.collected.sums.classes().any(|(c, _)| c.lang == 0 && c.tagged_text().is_some());
            assert!(taught_en, "the fixture's English tickets are tagged");
            assert!(found.iter().any(|t| t.lang != 0), "and it has texts in other languages");
            let early = early(&found);
            let (ranking, _) = rank(&model, &indexes, (logs, early), options).expect("ranks");
            format!("{ranking:?}")
        };
        let late = report(&|_| EarlyMatches::default());
        let all_early = report(&|found| {
            let (send, texts) = std::sync::mpsc::sync_channel(found.len().max(1));
            for t in found {
                send.send(NewText { number: t.number, lang: t.lang, key: t.key.clone() }).expect("queued");
            }
            drop(send);
            match_early(&model, &indexes, &texts, &std::sync::atomic::AtomicBool::new(false)).expect("matches")
        });
        assert_eq!(late, all_early);
        // A wrong early match of an English text is never used: English is taught.
        let wrong = Match { best: Some((0, 99.0)), runner_up: None, confidence: 1.0, confident: true };
        let wrong_en =
            report(&|found| EarlyMatches(found.iter().filter(|t| t.lang == 0).map(|t| (t.number, wrong)).collect()));
        assert_eq!(late, wrong_en);
    }

    #[test]
    fn a_complaint_one_half_life_old_counts_half() {
        assert_eq!(decay(0.0, 30.0), 1.0);
        assert!((decay(30.0, 30.0) - 0.5).abs() < 1e-12);
        assert!((decay(60.0, 30.0) - 0.25).abs() < 1e-12);
        assert!((decay(15.0, 30.0) - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12);
    }

    #[test]
    fn texts_are_stored_once_per_language_and_normalised_key() {
        let mut texts = Texts::default();
        let a = texts.intern("Where is my order #123456?", 0, "en", (0, 40));
        let b = texts.intern("where is my ORDER 654321", 0, "en", (1, 80));
        let c = texts.intern("where is my order", 1, "hi", (0, 120));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(texts.intern("  ?! ", 0, "en", (0, 160)), None);
        assert_eq!(texts.len(), 2);
        assert_eq!(texts.key(0), "where is my order");
        assert_eq!(texts.origin(0), (0, 40), "the first row with the text");
        assert_eq!(texts.lang(1), 1);
    }
}
