//! Stage 3, `rank`: complaint logs → popularity per entry, content gaps and service standards
//! (DESIGN §4).
//!
//! Rows are read from the logs named in `complaints:` ([`read`]), checked (date, count,
//! language, entry id) and kept in a compact form. A row naming an entry id counts for it; a
//! text row is matched in its language through the Tantivy index ([`matching`]), each distinct
//! normalised text once, in parallel. Counts decay by age relative to the newest date in the
//! logs (or `as_of`), never the wall clock, so the same logs give the same site. Unmatched
//! texts are grouped into topics ([`gaps`]); volumes and response times give the service
//! standards ([`service`]). Complaint text leaves this module only masked ([`mask`]), and only
//! into reports, never into the site.
//!
//! This stage must not write files: [`report`] renders, the `report` command writes.

pub mod aliases;
pub mod gaps;
pub mod mask;
pub mod matching;
pub mod read;
pub mod report;
pub mod service;
pub mod teach;

use crate::config::{ComplaintSource, ComplaintsConfig};
use crate::shared::date;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::index::{BatchSearcher, IndexError, LangIndex};
use crate::model::Model;
use matching::{Match, MatchSettings};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Bad-row diagnostics shown per file; the rest are counted in one closing diagnostic.
const MAX_ROW_DIAGNOSTICS: usize = 20;

/// "Asked N times in the last … days".
pub const RECENT_DAYS: u32 = 30;

/// Where the logs are and how strict to be.
#[derive(Debug, Clone, Copy)]
pub struct RankOptions<'a> {
    /// The site folder, to read the logs from.
    pub source: &'a Path,
    /// The site folder as shown in diagnostics.
    pub display: &'a Path,
    /// Bad rows are errors, not warnings.
    pub strict: bool,
}

/// The output of the stage.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    /// End of the window (seconds since the epoch), if the logs had any row.
    pub as_of: Option<i64>,
    /// The window, in days.
    pub window_days: u32,
    /// The decay half-life, in days.
    pub half_life_days: f64,
    /// Entries asked about within the window, most popular first.
    pub entries: Vec<EntryRank>,
    /// Unmatched complaints grouped into topics, largest first.
    pub gaps: Vec<gaps::Topic>,
    /// Phrasings customers use for an entry that the entry lacks, most used first.
    pub aliases: Vec<aliases::AliasSuggestion>,
    /// Unmatched complaints in no topic (asked once, sharing no salient word).
    pub ungrouped: u64,
    /// Volumes per channel and response times.
    pub service: service::ServiceStandards,
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

/// What happened to the rows (each row once, whatever its count).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Log files read.
    pub files: usize,
    /// Rows read (bad ones included).
    pub rows: u64,
    /// Rows skipped as bad.
    pub bad_rows: u64,
    /// Rows older than the window (or after `as_of`).
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

impl Ranking {
    /// Popularity and recent count by translation key.
    pub fn by_key(&self) -> HashMap<&str, (f64, u64)> {
        self.entries.iter().map(|e| (e.key.as_str(), (e.popularity, e.recent))).collect()
    }
}

/// A row kept after checking.
struct Row {
    /// For a row with an entry id and a text: the text (it teaches alias suggestions).
    tagged_text: Option<u32>,
    time: i64,
    count: u32,
    channel: u16,
    lang: u16,
    target: Target,
    response_hours: Option<f32>,
}

enum Target {
    Key(u32),
    Text(u32),
}

/// A distinct normalised text.
struct Text {
    lang: u16,
    key: String,
    example: String,
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

/// Everything read from the logs.
#[derive(Default)]
struct Collected {
    rows: Vec<Row>,
    texts: Vec<Text>,
    channels: Vec<String>,
    summary: Summary,
}

/// Runs the stage: reads the logs, builds each language's matching index (without popularity,
/// taught by the tagged rows, [`teach`]) and matches the texts. Errors only when indexing
/// fails; problems in the logs are diagnostics.
pub fn rank(model: &Model, options: RankOptions<'_>) -> Result<(Ranking, Vec<Diagnostic>), IndexError> {
    let config = &model.config.complaints;
    let entries = Entries::new(model);
    let mut diagnostics = Vec::new();
    let collected = collect(model, &entries, options, &mut diagnostics);
    if options.strict {
        for d in &mut diagnostics {
            if d.code == Code::InvalidComplaintRow {
                d.severity = Severity::Error;
            }
        }
    }
    let indexes = matching_indexes(model, &entries, &collected)?;
    let settings = MatchSettings { threshold: config.match_threshold, margin: config.match_margin };
    // One searcher per language, shared by the threads: a term's scores are computed once.
    let searchers: Vec<BatchSearcher<'_>> = indexes.iter().map(LangIndex::batch_searcher).collect();
    let matches: Vec<Match> = collected
        .texts
        .par_iter()
        .map(|t| match searchers.get(usize::from(t.lang)) {
            Some(searcher) => matching::match_text_with(searcher, &t.key, settings),
            None => Ok(Match { best: None, runner_up: None, confident: false }),
        })
        .collect::<Result<_, _>>()?;
    // Document number → key number, per language.
    let doc_keys: Vec<Vec<Option<u32>>> = indexes
        .iter()
        .enumerate()
        .map(|(l, index)| index.docs().iter().map(|d| entries.by_id(l, &d.id)).collect())
        .collect();
    let text_keys: Vec<Option<u32>> = collected
        .texts
        .iter()
        .zip(&matches)
        .map(|(t, m)| {
            let (doc, _) = m.best.filter(|_| m.confident)?;
            doc_keys.get(usize::from(t.lang))?.get(doc as usize).copied().flatten()
        })
        .collect();
    Ok((aggregate(model, &entries, config, collected, &text_keys), diagnostics))
}

/// Each language's matching index, taught by the texts of its tagged rows (all of them, in the
/// window or not: an old ticket still shows how customers word a question).
fn matching_indexes(model: &Model, entries: &Entries<'_>, collected: &Collected) -> Result<Vec<LangIndex>, IndexError> {
    // Per language: key number → entry number in that language.
    let numbers: Vec<HashMap<u32, usize>> = model
        .languages
        .iter()
        .map(|l| l.entries.iter().enumerate().map(|(i, e)| (entries.key_index[e.key.as_str()], i)).collect())
        .collect();
    let mut taught: Vec<Vec<(usize, &str, u64)>> = vec![Vec::new(); model.languages.len()];
    for row in &collected.rows {
        let (Target::Key(key), Some(t)) = (&row.target, row.tagged_text) else { continue };
        let lang = usize::from(row.lang);
        if let (Some(&entry), Some(text)) =
            (numbers.get(lang).and_then(|n| n.get(key)), collected.texts.get(t as usize))
        {
            taught[lang].push((entry, text.key.as_str(), u64::from(row.count)));
        }
    }
    model.languages.par_iter().zip(&taught).map(|(l, taught)| teach::matching_index(model, l, taught)).collect()
}

/// Reads and checks every row of every source.
fn collect(
    model: &Model,
    entries: &Entries<'_>,
    options: RankOptions<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Collected {
    let mut out = Collected::default();
    let mut text_index: Vec<HashMap<String, u32>> = vec![HashMap::new(); model.languages.len()];
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
            let state = std::cell::RefCell::new(FileState::default());
            let mut checker = RowChecker { model, entries, source, display: &display };
            let mut rows = 0u64;
            let result = read::read_file(
                &options.source.join(&rel),
                &display,
                source,
                &mut |d| {
                    let mut s = state.borrow_mut();
                    s.malformed += 1;
                    s.bad(d);
                },
                &mut |raw| {
                    rows += 1;
                    match checker.check(&raw, &mut text_index, &mut out.texts, &mut channel_index, &mut out.channels) {
                        Ok(Some(row)) => out.rows.push(row),
                        Ok(None) => {}
                        Err(d) => state.borrow_mut().bad(d),
                    }
                },
            );
            let state = state.into_inner();
            out.summary.rows += rows + state.malformed;
            out.summary.bad_rows += state.bad;
            diagnostics.extend(state.shown);
            if let Err(d) = result {
                diagnostics.push(d);
            }
            let hidden = state.bad.saturating_sub(MAX_ROW_DIAGNOSTICS as u64);
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
    // Texts of tagged rows are kept for alias suggestions but not counted as matched texts.
    let mut matched: Vec<u32> =
        out.rows.iter().filter_map(|r| if let Target::Text(t) = r.target { Some(t) } else { None }).collect();
    matched.sort_unstable();
    matched.dedup();
    out.summary.distinct_texts = matched.len();
    out
}

/// Bad rows of one file: the first few as diagnostics, the rest only counted.
#[derive(Default)]
struct FileState {
    shown: Vec<Diagnostic>,
    bad: u64,
    malformed: u64,
}

impl FileState {
    fn bad(&mut self, d: Diagnostic) {
        self.bad += 1;
        if self.shown.len() < MAX_ROW_DIAGNOSTICS {
            self.shown.push(d);
        }
    }
}

/// Checks one raw row against the model and turns it into a [`Row`].
struct RowChecker<'a, 'm> {
    model: &'a Model,
    entries: &'a Entries<'m>,
    source: &'a ComplaintSource,
    display: &'a Path,
}

impl RowChecker<'_, '_> {
    /// `Ok(None)`: a row that counts for nothing (count 0).
    fn check(
        &mut self,
        raw: &read::RawRow<'_>,
        text_index: &mut [HashMap<String, u32>],
        texts: &mut Vec<Text>,
        channel_index: &mut HashMap<String, u16>,
        channels: &mut Vec<String>,
    ) -> Result<Option<Row>, Diagnostic> {
        let bad = |message: String, hint: &str| {
            Diagnostic::warning(Code::InvalidComplaintRow, self.display, Some(raw.span.clone()), message)
                .with_hint(hint.to_string())
        };
        let time = date::parse_timestamp(&raw.date).ok_or_else(|| {
            if raw.date.is_empty() {
                bad("row has no date".into(), "every row needs the date the customer asked")
            } else {
                bad(format!("`{}` is not a date", raw.date), "write dates like `2026-10-01` or `2026-10-01T14:30:00Z`")
            }
        })?;
        let count = match &raw.count {
            None => 1,
            Some(c) => c.parse::<u32>().map_err(|_| {
                bad(
                    format!("count `{c}` is not a whole number"),
                    "the count column holds how many times the row happened",
                )
            })?,
        };
        if count == 0 {
            return Ok(None);
        }
        let languages = &self.model.config.languages;
        let lang = match raw.language.as_deref().or(self.source.language.as_deref()) {
            None => 0,
            Some(code) => resolve_language(languages, code).ok_or_else(|| {
                bad(
                    format!("`{code}` is not one of the site's languages"),
                    &format!(
                        "use one of {}, or drop the row",
                        languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                    ),
                )
            })?,
        };
        let target = if let Some(id) = &raw.id {
            let key = self.entries.by_id(lang, id).ok_or_else(|| {
                let known =
                    self.entries.ids.get(lang).map(|m| m.keys().copied().collect::<Vec<_>>()).unwrap_or_default();
                match crate::diagnostics::did_you_mean(id, known) {
                    Some(best) => bad(format!("entry id `{id}` names no entry"), &format!("did you mean `{best}`?")),
                    None => bad(
                        format!("entry id `{id}` names no entry"),
                        "use the id of an entry: its `id:` or its file name",
                    ),
                }
            })?;
            Target::Key(key)
        } else {
            match intern(&raw.text, lang, &self.model.config.languages[lang], text_index, texts) {
                Some(t) => Target::Text(t),
                None => {
                    return Err(bad(
                        "row has neither text nor an entry id".into(),
                        "fill the text column or the entry id",
                    ))
                }
            }
        };
        let tagged_text = match target {
            Target::Key(_) => intern(&raw.text, lang, &self.model.config.languages[lang], text_index, texts),
            Target::Text(_) => None,
        };
        let channel_name = raw
            .channel
            .as_deref()
            .or(self.source.channel.as_deref())
            .map_or_else(|| "other".to_string(), |c| c.trim().to_lowercase());
        let channel = match channel_index.get(&channel_name) {
            Some(&c) => c,
            None => {
                let c = u16::try_from(channels.len()).unwrap_or(u16::MAX);
                channels.push(channel_name.clone());
                channel_index.insert(channel_name, c);
                c
            }
        };
        let response_hours = match &raw.first_response {
            None => None,
            Some(value) => Some(response_hours(time, value).ok_or_else(|| {
                bad(
                    format!(
                        "first response `{value}` is neither a date-time after the row's date nor a number of hours"
                    ),
                    "write it like `2026-10-01T16:00:00Z`, or as hours like `5.5`",
                )
            })?),
        };
        Ok(Some(Row { tagged_text, time, count, channel, lang: lang as u16, target, response_hours }))
    }
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

/// Counts rows with decay inside the window, and hands unmatched texts to [`gaps`].
fn aggregate(
    model: &Model,
    entries: &Entries<'_>,
    config: &ComplaintsConfig,
    collected: Collected,
    text_keys: &[Option<u32>],
) -> Ranking {
    let Collected { rows, texts, channels, mut summary } = collected;
    let as_of = match config.as_of.as_deref().and_then(date::parse_timestamp) {
        // The whole `as_of` day is inside the window.
        Some(day) => Some(day + date::DAY),
        None => rows.iter().map(|r| r.time).max(),
    };
    let mut ranks: BTreeMap<u32, EntryRank> = BTreeMap::new();
    let mut unmatched: BTreeMap<u32, u64> = BTreeMap::new();
    // Phrasings counted for each entry, for alias suggestions: a matched text always counts for
    // the same entry, so those are counted per text; tagged texts per (entry, text).
    let mut matched_uses: Vec<u64> = vec![0; texts.len()];
    let mut tagged_uses: HashMap<(u32, u32), u64> = HashMap::new();
    let mut service = service::Builder::new(config.email_staffing_threshold, model.config.contact.response_time_hours);
    let window = f64::from(config.window_days);
    for row in &rows {
        let channel = channels.get(usize::from(row.channel)).map_or("other", String::as_str);
        service.add(row.time, channel, row.count, row.response_hours);
        let Some(as_of) = as_of else { continue };
        let age = (as_of - row.time) as f64 / date::DAY as f64;
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
        match (&row.target, row.tagged_text) {
            (Target::Text(t), _) => matched_uses[*t as usize] += u64::from(row.count),
            (Target::Key(_), Some(t)) => *tagged_uses.entry((key, t)).or_insert(0) += u64::from(row.count),
            (Target::Key(_), None) => {}
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
            let text = texts.get(t as usize)?;
            let lang = model.languages.get(usize::from(text.lang))?.code.as_str();
            Some(gaps::Unmatched { lang, key: &text.key, example: &text.example, count })
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
    let background: Vec<(&str, &str)> = texts
        .iter()
        .filter_map(|t| Some((model.languages.get(usize::from(t.lang))?.code.as_str(), t.key.as_str())))
        .chain(entry_texts.iter().map(|(l, t)| (*l, t.as_str())))
        .collect();
    let (gaps, ungrouped) = gaps::group(&unmatched_texts, &background);
    let mut phrasings = tagged_uses;
    for (t, &uses) in matched_uses.iter().enumerate() {
        if let (Some(Some(key)), true) = (text_keys.get(t), uses >= aliases::MIN_COUNT) {
            *phrasings.entry((*key, t as u32)).or_insert(0) += uses;
        }
    }
    let aliases = aliases::suggest(model, &entries.keys, &phrasings, &texts);
    Ranking {
        aliases,
        as_of,
        window_days: config.window_days,
        half_life_days: config.half_life_days,
        entries: ranked,
        gaps,
        ungrouped,
        service: service.finish(),
        summary,
    }
}

/// The number of the distinct normalised text of `raw` in language `lang`, adding it if new;
/// `None` for a text with nothing left after normalising.
fn intern(
    raw: &str,
    lang: usize,
    code: &str,
    text_index: &mut [HashMap<String, u32>],
    texts: &mut Vec<Text>,
) -> Option<u32> {
    let key = matching::normalize(raw, code);
    if key.is_empty() {
        return None;
    }
    let map = &mut text_index[lang];
    if let Some(&t) = map.get(&key) {
        return Some(t);
    }
    let t = u32::try_from(texts.len()).unwrap_or(u32::MAX);
    texts.push(Text { lang: lang as u16, key: key.clone(), example: raw.to_string() });
    map.insert(key, t);
    Some(t)
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
    fn log_languages_resolve_by_base_code() {
        let langs = vec!["en".to_string(), "hi".to_string()];
        assert_eq!(resolve_language(&langs, "HI-in"), Some(1));
        assert_eq!(resolve_language(&langs, "de"), None);
    }
}
