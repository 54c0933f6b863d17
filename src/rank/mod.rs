//! Stage 4, `rank`: complaint logs → popularity per entry, content gaps and service standards
//! (DESIGN §4). It reads the site's search index of each language (stage 3, built once from
//! the model) and returns popularity as a value ([`Ranking::popularity`]) that the search
//! export and the pages read; it changes neither the model nor the index.
//!
//! Rows are read from the logs named in `complaints:` ([`read`]), checked (date, count,
//! language, entry id) and kept in a compact form: each distinct normalised text is stored
//! once ([`Texts`]), a row only holds its number. A row naming an entry id counts for it; a
//! text row is matched in its language through the Tantivy index ([`matching`]), each distinct
//! normalised text once, in parallel. Counts decay by age relative to the window's end, so the
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
pub mod feedback;
pub mod gaps;
pub mod labels;
pub mod mask;
pub mod matching;
pub mod read;
pub mod report;
pub mod service;
pub mod teach;

use crate::config::{ComplaintSource, ComplaintsConfig, SourceKind};
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

/// A row kept after checking (32 bytes: a log of millions of rows is kept whole).
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

/// The rows, in chunks of fixed size: growing never copies them all (a log of millions would
/// need twice their size at that moment).
#[derive(Default)]
struct Rows {
    chunks: Vec<Vec<Row>>,
}

impl Rows {
    const CHUNK: usize = 1 << 16;

    fn push(&mut self, row: Row) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < Self::CHUNK => chunk.push(row),
            _ => {
                let mut chunk = Vec::with_capacity(Self::CHUNK);
                chunk.push(row);
                self.chunks.push(chunk);
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Row> {
        self.chunks.iter().flatten()
    }

    fn retain(&mut self, mut keep: impl FnMut(&Row) -> bool) {
        for chunk in &mut self.chunks {
            chunk.retain(&mut keep);
        }
    }
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

#[derive(Clone, Copy)]
enum Target {
    Key(u32),
    Text(u32),
}

impl Row {
    fn tagged_text(&self) -> Option<u32> {
        (self.tagged_text != NO_TEXT).then_some(self.tagged_text)
    }

    fn response_hours(&self) -> Option<f32> {
        (!self.response_hours.is_nan()).then_some(self.response_hours)
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
        let key = matching::normalize(raw, code);
        if key.is_empty() {
            return None;
        }
        let lang = lang as u16;
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

/// A 64-bit hash of a language number and a text (FxHash's mixing, 8 bytes at a time).
fn hash_text(lang: u16, text: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
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
    rows: Rows,
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

/// Runs the stage: reads the logs and matches the texts through `indexes`, the site's index of
/// each language of `model` in its order, as [`crate::index::index_languages`] builds them
/// (no popularity boost). A language with tagged rows gets a matcher of its own, taught by
/// them ([`teach`]). Errors only when indexing fails; problems in the logs are diagnostics.
pub fn rank(
    model: &Model,
    indexes: &[LangIndex],
    options: RankOptions<'_>,
) -> Result<(Ranking, Vec<Diagnostic>), IndexError> {
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
    let mut collected = collect(model, &entries, options, latest, as_of.is_some(), &mut diagnostics);
    let end = match as_of {
        Some(end) => Some(end),
        // The whole day of the newest row is inside the window, as the whole `as_of` day is.
        None => drop_stray_rows(&mut collected, config.window_days, &mut diagnostics)
            .map(|newest| (newest.div_euclid(date::DAY) + 1) * date::DAY),
    };
    if options.strict {
        for d in &mut diagnostics {
            if d.code == Code::InvalidComplaintRow {
                d.severity = Severity::Error;
            }
        }
    }
    let taught = taught_matchers(model, &entries, &collected)?;
    let indexes: Vec<&LangIndex> =
        indexes.iter().zip(&taught).map(|(site, taught)| taught.as_ref().unwrap_or(site)).collect();
    let settings = MatchSettings { threshold: config.match_threshold, margin: config.match_margin };
    // One searcher per language, shared by the threads: a term's scores are computed once.
    let searchers: Vec<BatchSearcher<'_>> = indexes.iter().map(|i| i.batch_searcher()).collect();
    let texts = &collected.texts;
    let matches: Vec<Match> = (0..texts.len())
        .into_par_iter()
        .map(|t| match searchers.get(usize::from(texts.lang(t))) {
            Some(searcher) => matching::match_text_with(searcher, texts.key(t), settings),
            None => Ok(Match { best: None, runner_up: None, confident: false }),
        })
        .collect::<Result<_, _>>()?;
    // Document number → key number, per language.
    let doc_keys: Vec<Vec<Option<u32>>> = indexes
        .iter()
        .enumerate()
        .map(|(l, index)| index.docs().iter().map(|d| entries.by_id(l, &d.id)).collect())
        .collect();
    drop(searchers);
    drop(taught);
    let text_keys: Vec<Option<u32>> = matches
        .iter()
        .enumerate()
        .map(|(t, m)| {
            let (doc, _) = m.best.filter(|_| m.confident)?;
            doc_keys.get(usize::from(texts.lang(t)))?.get(doc as usize).copied().flatten()
        })
        .collect();
    drop(matches);
    let changed = last_changes(model, &entries, options);
    let place = Places { model, entries: &entries, site: options.display };
    Ok((aggregate(&place, config, collected, end, &text_keys, changed), diagnostics))
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

/// Per language, a matcher taught by the texts of its tagged rows (all of them, in the window or
/// not: an old ticket still shows how customers word a question); `None` for a language
/// without tagged rows, which matches through the site's index.
fn taught_matchers(
    model: &Model,
    entries: &Entries<'_>,
    collected: &Collected,
) -> Result<Vec<Option<LangIndex>>, IndexError> {
    // Per language: key number → entry number in that language.
    let numbers: Vec<HashMap<u32, usize>> = model
        .languages
        .iter()
        .map(|l| l.entries.iter().enumerate().map(|(i, e)| (entries.key_index[e.key.as_str()], i)).collect())
        .collect();
    let mut taught: Vec<Vec<(usize, &str, u64)>> = vec![Vec::new(); model.languages.len()];
    for row in collected.rows.iter() {
        let (Target::Key(key), Some(t)) = (row.target, row.tagged_text()) else { continue };
        let lang = usize::from(row.lang);
        if let Some(&entry) = numbers.get(lang).and_then(|n| n.get(&key)) {
            taught[lang].push((entry, collected.texts.key(t as usize), u64::from(row.count)));
        }
    }
    model
        .languages
        .par_iter()
        .zip(&taught)
        .map(|(l, taught)| if taught.is_empty() { Ok(None) } else { teach::matching_index(model, l, taught).map(Some) })
        .collect()
}

/// Reads and checks every row of every source. Rows dated at `latest` or after (the end of
/// `as_of` when `fixed`, else a day after the build) are skipped as future rows.
fn collect<'m>(
    model: &'m Model,
    entries: &Entries<'_>,
    options: RankOptions<'_>,
    latest: i64,
    fixed: bool,
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
                    match checker.check(&raw, file, texts, &mut channel_index, &mut out.channels, &mut out.events) {
                        Ok(Some(row)) => {
                            let place = Place { file, offset: raw.span.start as u64, line: raw.line };
                            out.newest.offer(row.time, place);
                            out.rows.push(row);
                        }
                        Ok(None) => out.summary.zero_count += 1,
                        Err((skip, d)) => state.borrow_mut().bad(skip, d, false),
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
    for r in out.rows.iter() {
        if let Target::Text(t) = r.target {
            matched[t as usize] = true;
        }
    }
    out.summary.distinct_texts = matched.iter().filter(|&&m| m).count();
    // Texts are looked up by number from here on.
    out.texts.index = HashMap::default();
    out
}

/// Without `as_of`: leaves out the stray rows (see the module docs) and returns the window's
/// end, the first instant after the newest row left.
fn drop_stray_rows(collected: &mut Collected, window_days: u32, diagnostics: &mut Vec<Diagnostic>) -> Option<i64> {
    let times: Vec<i64> = collected.rows.iter().map(|r| r.time).collect();
    let Some(cutoff) = stray_cutoff(times, window_days) else {
        return collected.rows.iter().map(|r| r.time + 1).max();
    };
    let mut stray = 0u64;
    collected.rows.retain(|r| {
        stray += u64::from(r.time > cutoff);
        r.time <= cutoff
    });
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

/// The newest time that is not a stray row's, if there are stray rows: at most 1% of `times`
/// (at least one) lie more than a window (at most [`OUTLIER_GAP_DAYS`]) after all the others.
fn stray_cutoff(mut times: Vec<i64>, window_days: u32) -> Option<i64> {
    if times.len() < 2 {
        return None;
    }
    let most = (times.len() / 100).max(1);
    // Only the newest `most + 1` times matter: put them first, newest first.
    let newest = most + 1;
    if times.len() > newest {
        times.select_nth_unstable_by(newest - 1, |a, b| b.cmp(a));
        times.truncate(newest);
    }
    times.sort_unstable_by(|a, b| b.cmp(a));
    let gap = i64::from(window_days.clamp(1, OUTLIER_GAP_DAYS)) * date::DAY;
    // The deepest such gap among the newest rows: everything above it is stray.
    (0..most.min(times.len() - 1)).rev().find(|&i| times[i] - times[i + 1] > gap).map(|i| times[i + 1])
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
fn is_language_tag(value: &str) -> bool {
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
        channel_index: &mut HashMap<String, u16>,
        channels: &mut Vec<String>,
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
        let channel = match raw.channel.as_deref().filter(|_| !vote).or(source_channel) {
            None => channel_number("other", channel_index, channels),
            Some(c) => match channel_index.get(c) {
                Some(&n) => n,
                None => channel_number(&c.trim().to_lowercase(), channel_index, channels),
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

/// The number of a channel name (lower-cased), adding it if new.
fn channel_number(name: &str, channel_index: &mut HashMap<String, u16>, channels: &mut Vec<String>) -> u16 {
    if let Some(&c) = channel_index.get(name) {
        return c;
    }
    let c = u16::try_from(channels.len()).unwrap_or(u16::MAX);
    channels.push(name.to_string());
    channel_index.insert(name.to_string(), c);
    c
}

/// A log's language code resolved against the site's: exact, case-insensitive, then by its
/// base (`hi-IN` → `hi`).
fn resolve_language(languages: &[String], code: &str) -> Option<usize> {
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

/// Counts rows with decay inside the window ending at `as_of`, and hands unmatched texts to
/// [`gaps`].
fn aggregate(
    place: &Places<'_, '_>,
    config: &ComplaintsConfig,
    collected: Collected,
    as_of: Option<i64>,
    text_keys: &[Option<u32>],
    changed: HashMap<u32, feedback::Changed>,
) -> Ranking {
    let (model, entries) = (place.model, place.entries);
    let Collected { rows, texts, channels, sources, events, mut summary, .. } = collected;
    let mut heard = feedback::Builder::new(changed, as_of, config.window_days);
    let mut ranks: BTreeMap<u32, EntryRank> = BTreeMap::new();
    let mut unmatched: BTreeMap<u32, u64> = BTreeMap::new();
    // Phrasings counted for each entry, for alias suggestions: a matched text always counts for
    // the same entry, so those are counted per text; tagged texts per (entry, text).
    let mut matched_uses: Vec<u64> = vec![0; texts.len()];
    let mut tagged_uses: HashMap<(u32, u32), u64> = HashMap::new();
    let mut service = service::Builder::new(config.email_staffing_threshold, &model.config.contact, as_of);
    let window = f64::from(config.window_days);
    for row in rows.iter() {
        let channel = channels.get(usize::from(row.channel)).map_or("other", String::as_str);
        service.add(row.time, channel, row.count, row.response_hours());
        let Some(as_of) = as_of else { continue };
        // Ages in whole days, the last day of the window being day 0: a log summed per day in
        // a warehouse (text, language, day, count) then ranks exactly like its rows.
        // `as_of` is the first instant after the window.
        let age = ((as_of - 1).div_euclid(date::DAY) - row.time.div_euclid(date::DAY)) as f64;
        if !(0.0..=window).contains(&age) {
            summary.outside_window += 1;
            continue;
        }
        let key = match row.target {
            Target::Key(k) => {
                summary.by_id += 1;
                k
            }
            Target::Text(t) => match text_keys.get(t as usize).copied().flatten() {
                Some(k) => {
                    summary.matched += 1;
                    k
                }
                None => {
                    summary.unmatched += 1;
                    *unmatched.entry(t).or_insert(0) += u64::from(row.count);
                    continue;
                }
            },
        };
        match (row.target, row.tagged_text()) {
            (Target::Text(t), _) => matched_uses[t as usize] += u64::from(row.count),
            (Target::Key(_), Some(t)) => *tagged_uses.entry((key, t)).or_insert(0) += u64::from(row.count),
            (Target::Key(_), None) => {}
        }
        if channel != feedback::VOTE_CHANNEL {
            heard.complaint(key, row.time, row.count);
        }
        let rank = ranks.entry(key).or_default();
        rank.popularity += f64::from(row.count) * decay(age, config.half_life_days);
        rank.count += u64::from(row.count);
        if age < f64::from(RECENT_DAYS) {
            rank.recent += u64::from(row.count);
        }
        *rank.by_channel.entry(channel.to_string()).or_insert(0) += u64::from(row.count);
        let lang = model.languages.get(usize::from(row.lang)).map_or("", |l| l.code.as_str());
        *rank.by_language.entry(lang.to_string()).or_insert(0) += u64::from(row.count);
        *rank.weekly.entry(date::week_start(row.time)).or_insert(0) += u64::from(row.count);
    }
    drop(rows);
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
        .map(|(k, mut rank)| {
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
        service: service.finish(),
        feedback,
        summary,
    }
}

/// Weight of a complaint `age_days` old: `0.5^(age / half_life)`.
pub fn decay(age_days: f64, half_life_days: f64) -> f64 {
    0.5f64.powf(age_days / half_life_days)
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
fn wildcard(pattern: &str, name: &str) -> bool {
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
    fn a_complaint_one_half_life_old_counts_half() {
        assert_eq!(decay(0.0, 30.0), 1.0);
        assert!((decay(30.0, 30.0) - 0.5).abs() < 1e-12);
        assert!((decay(60.0, 30.0) - 0.25).abs() < 1e-12);
        assert!((decay(15.0, 30.0) - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12);
    }

    #[test]
    fn wildcards_match_within_a_segment() {
        assert!(wildcard("*.csv", "tickets.csv"));
        assert!(wildcard("t?ckets-*.csv", "tickets-2026.csv"));
        assert!(!wildcard("*.csv", "tickets.jsonl"));
    }

    #[test]
    fn a_few_rows_far_after_the_rest_are_stray_and_the_window_ends_before_them() {
        let day = |d: i64| d * date::DAY;
        // 200 rows over 100 days, then one typo a year later: the window ends at day 99.
        let mut times: Vec<i64> = (0..200).map(|i| day(i / 2)).collect();
        times.push(day(465));
        assert_eq!(stray_cutoff(times.clone(), 90), Some(day(99)));
        // Two typos: 1% of 202 rows is 2, both are stray.
        times.push(day(800));
        assert_eq!(stray_cutoff(times.clone(), 90), Some(day(99)));
        // A gap of less than a window (at most 30 days) is no stray row.
        assert_eq!(stray_cutoff((0..200).map(day).chain([day(229)]).collect(), 90), None);
        assert_eq!(stray_cutoff((0..200).map(day).chain([day(209)]).collect(), 7), Some(day(199)));
        // Many rows far after the rest are no typo: the log has a gap.
        assert_eq!(stray_cutoff((0..100).map(day).chain((0..10).map(|i| day(500 + i))).collect(), 90), None);
        assert_eq!(stray_cutoff(vec![day(5)], 90), None);
        assert_eq!(stray_cutoff(vec![day(5), day(500)], 90), Some(day(5)));
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
