//! `helpmark.yaml`: a strict raw form (unknown keys are errors with a did-you-mean hint), then a
//! validated [`Config`] that the rest of the build relies on.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The config file's name inside a site folder.
pub const FILE_NAME: &str = "helpmark.yaml";

/// Text that is either one string for every language or one per language code.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Localized {
    /// The same text in every language.
    One(String),
    /// `{en: ..., hi: ...}`; a missing language falls back to the default language's text.
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang`, else for `default`, else any.
    pub fn get(&self, lang: &str, default: &str) -> String {
        match self {
            Localized::One(s) => s.clone(),
            Localized::PerLanguage(map) => {
                map.get(lang).or_else(|| map.get(default)).or_else(|| map.values().next()).cloned().unwrap_or_default()
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<Localized>,
    base_url: Option<String>,
    languages: Option<Vec<String>>,
    theme: Option<String>,
    top_questions: Option<usize>,
    contact: Option<RawContact>,
    search: Option<RawSearch>,
    complaints: Option<RawComplaints>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    phone: Option<String>,
    #[serde(default)]
    toll_free: bool,
    email: Option<String>,
    chat_url: Option<String>,
    hours: Option<Localized>,
    response_time_hours: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    popularity_weight: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComplaints {
    #[serde(default)]
    sources: Vec<RawSource>,
    window_days: Option<u32>,
    half_life_days: Option<f64>,
    as_of: Option<String>,
    match_threshold: Option<f32>,
    match_margin: Option<f32>,
    email_staffing_threshold: Option<u32>,
    #[serde(default)]
    show_counts: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    path: String,
    format: Option<String>,
    channel: Option<String>,
    language: Option<String>,
    columns: Option<RawColumns>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    text: Option<OneOrMany>,
    date: Option<String>,
    id: Option<String>,
    channel: Option<String>,
    count: Option<String>,
    language: Option<String>,
    first_response: Option<String>,
}

/// `text: body` or `text: [subject, body]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title, per language.
    pub title: Localized,
    /// Absolute URL of the site root, always ending in `/`.
    pub base_url: String,
    /// Language codes; the first is the default, served at the root.
    pub languages: Vec<String>,
    /// Name of a theme folder under `themes/` that overrides the built-in theme file by file.
    pub theme: Option<String>,
    /// How many questions the home page lists as top questions.
    pub top_questions: usize,
    /// How customers reach a human.
    pub contact: Contact,
    /// Search tuning.
    pub search: SearchConfig,
    /// Complaint logs and how to rank with them (DESIGN §4).
    pub complaints: ComplaintsConfig,
}

/// The `complaints:` section: where the logs are and how they count.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintsConfig {
    /// Log files to read, in the order given.
    pub sources: Vec<ComplaintSource>,
    /// Only rows this many days old or newer count (relative to `as_of`).
    pub window_days: u32,
    /// A row this many days old counts half as much as one from `as_of`.
    pub half_life_days: f64,
    /// The day the window ends (`YYYY-MM-DD`); default: the newest date in the logs, never
    /// the wall clock, so that builds are reproducible.
    pub as_of: Option<String>,
    /// Minimum search score of the best entry for a text row to count for it.
    pub match_threshold: f32,
    /// Minimum lead of the best entry over the runner-up, as a share of the best score (0..1).
    pub match_margin: f32,
    /// Monthly email volume from which one person should answer email full time.
    pub email_staffing_threshold: u32,
    /// Show "asked N times in the last 30 days" on entry pages.
    pub show_counts: bool,
}

impl Default for ComplaintsConfig {
    fn default() -> Self {
        ComplaintsConfig {
            sources: Vec::new(),
            window_days: DEFAULT_WINDOW_DAYS,
            half_life_days: DEFAULT_HALF_LIFE_DAYS,
            as_of: None,
            match_threshold: DEFAULT_MATCH_THRESHOLD,
            match_margin: DEFAULT_MATCH_MARGIN,
            email_staffing_threshold: DEFAULT_EMAIL_STAFFING_THRESHOLD,
            show_counts: false,
        }
    }
}

/// Default `window_days`: a quarter.
pub const DEFAULT_WINDOW_DAYS: u32 = 90;
/// Default `half_life_days`: a month-old complaint counts half.
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 30.0;
/// Default `match_threshold` (see `rank::matching` for how it was chosen).
pub const DEFAULT_MATCH_THRESHOLD: f32 = 5.0;
/// Default `match_margin` (see `rank::matching` for how it was chosen).
pub const DEFAULT_MATCH_MARGIN: f32 = 0.15;
/// Default `email_staffing_threshold`: from 400 emails a month, one person answers email full time.
pub const DEFAULT_EMAIL_STAFFING_THRESHOLD: u32 = 400;

/// One log file, or a glob of them.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintSource {
    /// Path relative to the site folder; `*` and `?` match within one path segment.
    pub path: String,
    /// How to read it.
    pub format: LogFormat,
    /// Channel of rows that do not name one (`email`, `chat`, `phone`, `form`, `search`, ...).
    pub channel: Option<String>,
    /// Language of rows that do not name one; default: the site's default language.
    pub language: Option<String>,
    /// Which columns (or JSON keys) hold what; `None` fields are found by their usual names.
    pub columns: Columns,
}

/// File format of a complaint log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Comma-separated values with a header row (`.csv`).
    Csv,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
}

/// Column mapping of a complaint log. Unset columns are looked up by their usual names (see
/// `rank::read` for the lists).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Columns joined into the complaint text (subject and body, say).
    pub text: Vec<String>,
    /// Date or date-time the complaint was made.
    pub date: Option<String>,
    /// Entry id the row is about, when the help desk recorded it.
    pub id: Option<String>,
    /// Channel (`email`, `chat`, ...).
    pub channel: Option<String>,
    /// How many times the row counts (pre-aggregated exports).
    pub count: Option<String>,
    /// Language code of the text.
    pub language: Option<String>,
    /// When (date-time) or after how many hours (number) the customer got a first answer.
    pub first_response: Option<String>,
}

/// Contact channels, phone first (DESIGN §1).
#[derive(Debug, Clone, Default)]
pub struct Contact {
    /// Phone number as displayed.
    pub phone: Option<String>,
    /// Whether calling is free for the customer.
    pub toll_free: bool,
    /// Support email address.
    pub email: Option<String>,
    /// URL of a live chat.
    pub chat_url: Option<String>,
    /// Opening hours, per language.
    pub hours: Option<Localized>,
    /// Promised first response time, in hours.
    pub response_time_hours: Option<u32>,
}

impl Contact {
    /// The phone number as a `tel:` URI: digits and a leading `+` only.
    pub fn tel_uri(&self) -> Option<String> {
        self.phone.as_ref().map(|p| {
            let digits: String = p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
            format!("tel:{digits}")
        })
    }
}

/// Search settings shared by build-time search and the browser client.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// Groups of words or phrases that mean the same.
    pub synonyms: Vec<Vec<String>>,
    /// How much popularity lifts a result (0 = not at all).
    pub popularity_weight: f32,
}

impl SearchConfig {
    /// No synonyms, the default popularity weight.
    pub fn with_defaults() -> Self {
        SearchConfig { synonyms: Vec::new(), popularity_weight: search_index::schema::DEFAULT_POPULARITY_WEIGHT }
    }
}

/// Settings given on the command line that win over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
}

/// Reads and validates `helpmark.yaml` from `source`. All problems are returned together.
pub fn load(source: &Path, display_source: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
    let path = display_source.join(FILE_NAME);
    let text = match std::fs::read(source.join(FILE_NAME)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                return Err(vec![Diagnostic::error(
                    Code::NotUtf8,
                    &path,
                    Some(at..at + 1),
                    "the config file is not UTF-8",
                )
                .with_hint("save the file as UTF-8")]);
            }
        },
        Err(e) => {
            return Err(vec![Diagnostic::error(
                Code::InvalidConfig,
                &path,
                None,
                format!("cannot read `{FILE_NAME}`: {e}"),
            )
            .with_hint("run `helpmark init` to create a site, or pass `--source DIR`")])
        }
    };
    let raw: RawConfig = yaml::parse(&text, 0, text.len(), &path).map_err(|d| vec![d])?;
    validate(raw, &text, &path, overrides)
}

fn validate(raw: RawConfig, text: &str, path: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let span_of = |key: &str| text.find(&format!("{key}:")).map(|i| i..i + key.len());
    let missing = |key: &str, hint: &str| {
        Diagnostic::error(Code::InvalidConfig, path, Some(0..0), format!("missing required key `{key}`"))
            .with_hint(hint.to_string())
    };
    let title = raw.title.unwrap_or_else(|| {
        problems.push(missing("title", "add `title: My Help Center`"));
        Localized::One(String::new())
    });
    let base_url = match overrides.base_url.clone().or(raw.base_url) {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            }
        }
        Some(url) => {
            problems.push(
                Diagnostic::error(
                    Code::InvalidConfig,
                    path,
                    span_of("base_url"),
                    format!("`base_url` must be an absolute http(s) URL, not `{url}`"),
                )
                .with_hint("write it like `https://help.example.com/`"),
            );
            String::new()
        }
        None => {
            problems.push(missing("base_url", "add `base_url: https://help.example.com/` (or pass `--base-url`)"));
            String::new()
        }
    };
    let languages = raw.languages.unwrap_or_else(|| vec!["en".to_string()]);
    if languages.is_empty() {
        problems.push(
            Diagnostic::error(Code::InvalidConfig, path, span_of("languages"), "`languages` is empty")
                .with_hint("list at least one language code, like `[en]`"),
        );
    }
    for (i, code) in languages.iter().enumerate() {
        let valid = !code.is_empty() && code.len() <= 12 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            problems.push(
                Diagnostic::error(
                    Code::InvalidConfig,
                    path,
                    span_of("languages"),
                    format!("`{code}` is not a language code"),
                )
                .with_hint("use codes like `en`, `hi`, `tr` or `pt-BR`"),
            );
        } else if languages[..i].contains(code) {
            problems.push(Diagnostic::error(
                Code::InvalidConfig,
                path,
                span_of("languages"),
                format!("language `{code}` is listed twice"),
            ));
        }
    }
    if let Some(theme) = &raw.theme {
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            problems.push(
                Diagnostic::error(
                    Code::InvalidConfig,
                    path,
                    span_of("theme"),
                    format!("`{theme}` is not a theme folder name"),
                )
                .with_hint("name a folder under `themes/`, like `theme: acme`"),
            );
        }
    }
    let contact = raw.contact.map_or_else(Contact::default, |c| Contact {
        phone: c.phone,
        toll_free: c.toll_free,
        email: c.email,
        chat_url: c.chat_url,
        hours: c.hours,
        response_time_hours: c.response_time_hours,
    });
    if contact.phone.as_deref().is_some_and(|p| !p.chars().any(|c| c.is_ascii_digit())) {
        problems.push(
            Diagnostic::error(Code::InvalidConfig, path, span_of("phone"), "the phone number has no digits")
                .with_hint("write it as customers dial it, like `+1 800 555 0199`"),
        );
    }
    let search = raw.search.map_or_else(SearchConfig::with_defaults, |s| SearchConfig {
        synonyms: s.synonyms,
        popularity_weight: s.popularity_weight.unwrap_or(search_index::schema::DEFAULT_POPULARITY_WEIGHT),
    });
    let complaints = match raw.complaints {
        Some(c) => complaints(c, &languages, path, &span_of, &mut problems),
        None => ComplaintsConfig::default(),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        title,
        base_url,
        languages,
        theme: raw.theme,
        top_questions: raw.top_questions.unwrap_or(8),
        contact,
        search,
        complaints,
    })
}

/// Validates the `complaints:` section.
fn complaints(
    raw: RawComplaints,
    languages: &[String],
    path: &Path,
    span_of: &dyn Fn(&str) -> Option<std::ops::Range<usize>>,
    problems: &mut Vec<Diagnostic>,
) -> ComplaintsConfig {
    let mut bad = |key: &str, message: String, hint: &str| {
        problems.push(Diagnostic::error(Code::InvalidConfig, path, span_of(key), message).with_hint(hint.to_string()));
    };
    let mut sources = Vec::new();
    for s in raw.sources {
        let lower = s.path.to_ascii_lowercase();
        let format = match s.format.as_deref() {
            Some("csv") => Some(LogFormat::Csv),
            Some("jsonl" | "ndjson") => Some(LogFormat::JsonLines),
            Some(other) => {
                bad("format", format!("`{other}` is not a complaint log format"), "use `csv` or `jsonl`");
                None
            }
            None if lower.ends_with(".csv") => Some(LogFormat::Csv),
            None if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") => Some(LogFormat::JsonLines),
            None => {
                bad(
                    "path",
                    format!("cannot tell the format of `{}` from its extension", s.path),
                    "name the file `.csv` or `.jsonl`, or add `format: csv` or `format: jsonl`",
                );
                None
            }
        };
        if s.path.trim().is_empty() || Path::new(&s.path).is_absolute() || s.path.split(['/', '\\']).any(|p| p == "..")
        {
            bad(
                "path",
                format!("`{}` is not a path inside the site folder", s.path),
                "write it relative to the site folder, like `complaints/tickets.csv`",
            );
        }
        if let Some(lang) = &s.language {
            if !languages.contains(lang) {
                bad("language", format!("`{lang}` is not one of the site's languages"), "use a code from `languages`");
            }
        }
        let columns = s.columns.map_or_else(Columns::default, |c| Columns {
            text: match c.text {
                Some(OneOrMany::One(one)) => vec![one],
                Some(OneOrMany::Many(many)) => many,
                None => Vec::new(),
            },
            date: c.date,
            id: c.id,
            channel: c.channel,
            count: c.count,
            language: c.language,
            first_response: c.first_response,
        });
        if let Some(format) = format {
            sources.push(ComplaintSource { path: s.path, format, channel: s.channel, language: s.language, columns });
        }
    }
    let window_days = raw.window_days.unwrap_or(DEFAULT_WINDOW_DAYS);
    if window_days == 0 {
        bad("window_days", "`window_days` must be at least 1".into(), "a quarter (`90`) is a good start");
    }
    let half_life_days = raw.half_life_days.unwrap_or(DEFAULT_HALF_LIFE_DAYS);
    if !(half_life_days.is_finite() && half_life_days > 0.0) {
        bad("half_life_days", "`half_life_days` must be a positive number".into(), "try `30`");
    }
    if let Some(day) = &raw.as_of {
        if crate::shared::date::parse_timestamp(day).is_none() {
            bad("as_of", format!("`as_of` must be a date like `2026-10-01`, not `{day}`"), "write year-month-day");
        }
    }
    let match_threshold = raw.match_threshold.unwrap_or(DEFAULT_MATCH_THRESHOLD);
    if !(match_threshold.is_finite() && match_threshold >= 0.0) {
        bad("match_threshold", "`match_threshold` must be a number of 0 or more".into(), "try the default, `5`");
    }
    let match_margin = raw.match_margin.unwrap_or(DEFAULT_MATCH_MARGIN);
    if !(0.0..1.0).contains(&match_margin) {
        bad("match_margin", "`match_margin` must be at least 0 and below 1".into(), "try the default, `0.15`");
    }
    ComplaintsConfig {
        sources,
        window_days,
        half_life_days,
        as_of: raw.as_of,
        match_threshold,
        match_margin,
        email_staffing_threshold: raw.email_staffing_threshold.unwrap_or(DEFAULT_EMAIL_STAFFING_THRESHOLD),
        show_counts: raw.show_counts,
    }
}

impl Config {
    /// The default language (served at the site root).
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// The path part of `base_url` (`/` or `/help/`), for pages served at unknown depths (404).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split("://").nth(1).unwrap_or("");
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}
