//! `helpmark.yaml`: a strict raw form (unknown keys are errors with a did-you-mean hint), then a
//! validated [`Config`] that the rest of the build relies on.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::yaml;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
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
    extra: Option<serde_yaml::Value>,
    title: Option<Localized>,
    base_url: Option<String>,
    languages: Option<Vec<String>>,
    theme: Option<String>,
    top_questions: Option<u32>,
    contact: Option<RawContact>,
    search: Option<RawSearch>,
    complaints: Option<RawComplaints>,
    feedback: Option<RawFeedback>,
    markdown: Option<RawMarkdown>,
    brand: Option<RawBrand>,
}

/// `brand: {logo, logo_dark, favicon, accent, accent_dark}` (issue 17).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    logo: Option<String>,
    logo_dark: Option<String>,
    favicon: Option<String>,
    accent: Option<String>,
    accent_dark: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    unsafe_html: bool,
    #[serde(default)]
    iframe_hosts: Vec<String>,
}

/// `feedback: {url: https://…}` or `feedback: {email: help@…}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    url: Option<String>,
    email: Option<String>,
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
    response_time: Option<BTreeMap<String, RawDuration>>,
    by_language: Option<BTreeMap<String, RawContactOverride>>,
}

/// `contact.by_language.<code>`: what differs on one language's pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContactOverride {
    phone: Option<String>,
    toll_free: Option<bool>,
    email: Option<String>,
    chat_url: Option<String>,
    hours: Option<String>,
}

/// A promised time as written: `24h`, `5m`, `1h30m`, `2d`, or a number of hours.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawDuration {
    Hours(f64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    popularity_weight: Option<f32>,
    log_url: Option<String>,
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
    match_model: Option<RawMatchModel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatchModel {
    path: String,
    languages: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    path: String,
    format: Option<String>,
    preset: Option<String>,
    kind: Option<String>,
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
    helpful: Option<String>,
    reason: Option<String>,
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
    /// Free-form values for the theme's templates (`extra:`), as the templates' `extra`.
    pub extra: serde_json::Value,
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
    /// Where "Was this helpful?" answers go; `None`: the pages ask nothing and send nothing.
    pub feedback: Option<Feedback>,
    /// How raw HTML inside Markdown is treated.
    pub markdown: MarkdownConfig,
    /// The shop's logo, colour and icon.
    pub brand: Brand,
}

/// The `brand:` section: files are paths from the site folder (checked to exist), copied into
/// the output's `assets/brand/`; colours restyle the theme through `assets/brand.css`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Brand {
    /// The logo shown in the header instead of the site title's text.
    pub logo: Option<String>,
    /// The logo on a dark background (`prefers-color-scheme: dark`); the light one otherwise.
    pub logo_dark: Option<String>,
    /// The page icon (SVG, PNG or ICO).
    pub favicon: Option<String>,
    /// The accent (links, buttons, focus ring) on the light background.
    pub accent: Option<Accent>,
    /// The accent on the dark background; without it, the nearest colour to `accent` that
    /// reads on the dark background.
    pub accent_dark: Option<Accent>,
}

/// A colour of `brand:` and where the file gives it, for the contrast warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Accent {
    /// The colour.
    pub colour: crate::shared::colour::Rgb,
    /// The key's place in `helpmark.yaml`.
    pub span: Option<Range<usize>>,
}

/// Image types a logo may be.
const LOGO_TYPES: [&str; 6] = ["svg", "png", "webp", "jpg", "jpeg", "gif"];
/// Image types a favicon may be.
const FAVICON_TYPES: [&str; 3] = ["svg", "png", "ico"];

/// The `markdown:` section: what raw HTML an answer may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownConfig {
    /// Publish raw HTML as written (`unsafe_html: true`), for sites that trust every editor.
    /// Off by default: raw HTML is sanitised (`model::markdown`).
    pub unsafe_html: bool,
    /// Host names (`www.youtube-nocookie.com`) whose `https://` pages an answer may embed in an
    /// `<iframe>`; every other iframe loses its `src`. The Content-Security-Policy's
    /// `frame-src` lists the same hosts.
    pub iframe_hosts: Vec<String>,
}

/// The `feedback:` section: where an entry page's "Was this helpful?" answers are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feedback {
    /// A form endpoint that accepts a plain `application/x-www-form-urlencoded` POST.
    Post(String),
    /// An address the answer is written to, through a `mailto:` link.
    Email(String),
}

impl Feedback {
    /// The origin (`https://forms.example.com`) of a form endpoint, which the page's
    /// Content-Security-Policy must allow in `form-action` and `connect-src`; `None` for email.
    pub fn origin(&self) -> Option<String> {
        let Feedback::Post(url) = self else { return None };
        origin(url)
    }
}

/// The origin (`https://forms.example.com:8443`) of an absolute URL, lower-cased, as a
/// Content-Security-Policy source names it.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    Some(format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
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
    /// Minimum match confidence (0..1, see `rank::matching`) of the best entry for a text row
    /// to count for it.
    pub match_threshold: f32,
    /// Minimum lead of the best entry over the runner-up, as a share of the best score (0..1).
    pub match_margin: f32,
    /// Monthly email volume from which one person should answer email full time.
    pub email_staffing_threshold: u32,
    /// Show "asked N times in the last 30 days" on entry pages.
    pub show_counts: bool,
    /// A sentence-embedding model that matches complaint texts by meaning (`rank::semantic`).
    pub match_model: Option<MatchModel>,
}

/// `complaints.match_model`: a sentence-embedding model folder and the languages it matches.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchModel {
    /// The folder (`config.json`, `vocab.txt`, `model.safetensors`), relative to the site
    /// folder unless absolute.
    pub path: String,
    /// Languages matched by meaning (default `[en]`: the models of the `all-MiniLM` family
    /// were trained on English); the others are matched by words.
    pub languages: Vec<String>,
    /// The key's place in `helpmark.yaml`, for an error loading the model.
    pub span: Option<Range<usize>>,
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
            match_model: None,
        }
    }
}

/// Default `window_days`: a quarter.
pub const DEFAULT_WINDOW_DAYS: u32 = 90;
/// Default `half_life_days`: a month-old complaint counts half.
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 30.0;
/// Default `match_threshold`: the minimum match confidence, from 0 to 1, the best entry's search
/// score as a share of the score of its own title (`rank::matching::confidence`); 0.15 counts a
/// text carrying about a seventh of what the entry's question says. One value for every site
/// size and language (see `rank::matching` for how it was chosen).
pub const DEFAULT_MATCH_THRESHOLD: f32 = 0.15;
/// Default `match_margin`: the best entry's search score must lead the runner-up's by 15% of
/// itself (see `rank::matching` for how it was chosen).
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
    /// Which columns (or JSON keys) hold what; `None` fields are found by the preset's names,
    /// then by their usual names.
    pub columns: Columns,
    /// The help desk whose export this is (`preset: zendesk`): its column names and units.
    pub preset: Option<Preset>,
    /// What the rows are: complaints (the default), or the answers of "Was this helpful?".
    pub kind: SourceKind,
}

/// What the rows of a complaint source are (`kind:`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SourceKind {
    /// Tickets, messages, searches: each row is a customer asking.
    #[default]
    Complaints,
    /// What the `feedback:` endpoint received (`kind: feedback`): each row is a vote on an
    /// entry (`entry`, `lang`, `helpful`, `reason`, `comment` and a date).
    Feedback,
}

/// A help desk whose export format helpmark knows (`preset:` of a complaint source). Only
/// the name lives here; the column names and units of each export are in `rank::read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Zendesk: the Support CSV export, or an Explore report of tickets.
    Zendesk,
    /// Freshdesk: the ticket export of the Tickets list.
    Freshdesk,
    /// Intercom: the conversations dataset export of Reports.
    Intercom,
    /// Help Scout: conversations with Help Scout's own field names.
    HelpScout,
}

impl Preset {
    /// Every preset, in the order the docs list them.
    pub const ALL: [Preset; 4] = [Preset::Zendesk, Preset::Freshdesk, Preset::Intercom, Preset::HelpScout];

    /// The name written in `helpmark.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Zendesk => "zendesk",
            Preset::Freshdesk => "freshdesk",
            Preset::Intercom => "intercom",
            Preset::HelpScout => "helpscout",
        }
    }

    /// The preset written `name` (case-insensitive; `help_scout` and `help-scout` too).
    pub fn from_name(name: &str) -> Option<Preset> {
        let folded: String = name.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).collect();
        Preset::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(&folded))
    }
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
    /// A feedback vote: yes or no (`kind: feedback`).
    pub helpful: Option<String>,
    /// Why a feedback vote said no.
    pub reason: Option<String>,
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
    /// Promised first response time per channel (lower-cased channel name), in seconds
    /// (`response_time: {email: 24h, chat: 5m}`); a channel not listed is held to
    /// `response_time_hours`.
    pub response_time: BTreeMap<String, u32>,
    /// What differs on one language's pages (`contact.by_language.tr`): a Turkish page must
    /// not show an Indian toll-free number as free to call.
    pub by_language: BTreeMap<String, ContactOverride>,
}

/// The contact details of one language that differ from the site's (`None`: the same).
#[derive(Debug, Clone, Default)]
pub struct ContactOverride {
    /// Phone number as displayed.
    pub phone: Option<String>,
    /// Whether calling that number is free.
    pub toll_free: Option<bool>,
    /// Support email address.
    pub email: Option<String>,
    /// URL of a live chat.
    pub chat_url: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
}

impl Contact {
    /// The promised first-response time of `channel` in seconds: its own from
    /// `response_time`, else `response_time_hours`.
    pub fn response_promise(&self, channel: &str) -> Option<u32> {
        self.response_time
            .get(&channel.to_lowercase())
            .copied()
            .or_else(|| self.response_time_hours.map(|h| h.saturating_mul(3600)))
    }

    /// The phone number as a `tel:` URI that dials what the number shows (see `dial_string`:
    /// `1-800-FLOWERS` is `tel:18003569377`). `None` without a phone number, or for one that
    /// validation rejects.
    /// The contact details shown on pages of language `code`.
    pub fn for_language(&self, code: &str) -> Contact {
        let mut c = self.clone();
        if let Some(o) = self.by_language.get(code) {
            if o.phone.is_some() {
                c.phone.clone_from(&o.phone);
                // A number of its own is not free to call unless the language says so.
                c.toll_free = o.toll_free.unwrap_or(false);
            } else if let Some(free) = o.toll_free {
                c.toll_free = free;
            }
            if o.email.is_some() {
                c.email.clone_from(&o.email);
            }
            if o.chat_url.is_some() {
                c.chat_url.clone_from(&o.chat_url);
            }
            if let Some(hours) = &o.hours {
                c.hours = Some(Localized::One(hours.clone()));
            }
        }
        c
    }

    pub fn tel_uri(&self) -> Option<String> {
        let dialled = dial_string(self.phone.as_deref()?).ok()?;
        Some(format!("tel:{dialled}"))
    }
}

/// Search settings shared by build-time search and the browser client.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// Groups of words or phrases that mean the same.
    pub synonyms: Vec<Vec<String>>,
    /// How much popularity lifts a result (0 = not at all).
    pub popularity_weight: f32,
    /// Where the pages post one record per submitted query (`search.log_url`, issue 16);
    /// `None` (the default): the search sends nothing anywhere.
    pub log_url: Option<String>,
}

impl SearchConfig {
    /// No synonyms, the default popularity weight, no search log.
    pub fn with_defaults() -> Self {
        SearchConfig {
            synonyms: Vec::new(),
            popularity_weight: search_index::schema::DEFAULT_POPULARITY_WEIGHT,
            log_url: None,
        }
    }

    /// The origin of `log_url`, which the pages' `connect-src` must allow.
    pub fn log_origin(&self) -> Option<String> {
        origin(self.log_url.as_deref()?)
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
    validate(raw, &text, &path, overrides, Some(source))
}

/// The values a number key accepts. One table feeds the check, its hint and the docs (the
/// README lists the same ranges).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits<T> {
    /// The smallest value accepted.
    pub min: T,
    /// The largest value accepted.
    pub max: T,
    /// A good value, shown in the hint: the default where the key has one.
    pub example: T,
}

/// `top_questions`: `0` hides the list; more than a hundred is no longer a "top".
pub const TOP_QUESTIONS: Limits<u32> = Limits { min: 0, max: 100, example: 8 };
/// `contact.response_time_hours`: from an hour to a month.
pub const RESPONSE_TIME_HOURS: Limits<u32> = Limits { min: 1, max: 720, example: 24 };
/// `contact.response_time.<channel>`, in seconds: from a second (a chat bot) to a month.
pub const RESPONSE_TIME_SECONDS: Limits<u32> = Limits { min: 1, max: 720 * 3600, example: 24 * 3600 };
/// `search.popularity_weight`: `score × (1 + weight × popularity)`; `0` turns the boost off, `10`
/// lets popularity outweigh almost any difference in relevance.
pub const POPULARITY_WEIGHT: Limits<f32> =
    Limits { min: 0.0, max: 10.0, example: search_index::schema::DEFAULT_POPULARITY_WEIGHT };
/// `complaints.window_days`: a day to ten years.
pub const WINDOW_DAYS: Limits<u32> = Limits { min: 1, max: 3650, example: DEFAULT_WINDOW_DAYS };
/// `complaints.half_life_days`: a day to ten years (below a day, a week-old complaint would
/// count for nothing).
pub const HALF_LIFE_DAYS: Limits<f64> = Limits { min: 1.0, max: 3650.0, example: DEFAULT_HALF_LIFE_DAYS };
/// `complaints.match_threshold`: a match confidence, the best entry's score as a share of its
/// own title's score (capped at 1): `0` counts every best entry, `1` only texts that say all
/// the title says.
pub const MATCH_THRESHOLD: Limits<f32> = Limits { min: 0.0, max: 1.0, example: DEFAULT_MATCH_THRESHOLD };
/// `complaints.match_margin`: at `0.9` the best entry must score ten times the runner-up.
pub const MATCH_MARGIN: Limits<f32> = Limits { min: 0.0, max: 0.9, example: DEFAULT_MATCH_MARGIN };
/// `complaints.email_staffing_threshold`: emails a month.
pub const EMAIL_STAFFING_THRESHOLD: Limits<u32> =
    Limits { min: 1, max: 1_000_000, example: DEFAULT_EMAIL_STAFFING_THRESHOLD };

/// Collects the problems of one config file, each placed at the key it is about.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    keys: KeySpans,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// An error at `key` (a dotted path such as `contact.phone`).
    fn problem(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let span = self.keys.span(key);
        self.problems.push(Diagnostic::error(Code::InvalidConfig, self.path, span, message).with_hint(hint));
    }

    /// A required key that is missing, reported at the top of the file.
    fn missing(&mut self, key: &str, hint: &str) {
        self.problems.push(
            Diagnostic::error(Code::InvalidConfig, self.path, Some(0..0), format!("missing required key `{key}`"))
                .with_hint(hint),
        );
    }

    /// `value` if it is a finite number within `limits`; reports it otherwise. Every number key
    /// goes through here, so every one of them rejects `.nan` and `.inf` the same way.
    fn number<T>(&mut self, key: &str, value: Option<T>, limits: Limits<T>) -> Option<T>
    where
        T: Copy + PartialOrd + fmt::Display + Into<f64>,
    {
        let v = value?;
        let Limits { min, max, example } = limits;
        // NaN compares false with everything, so the finiteness test comes first.
        if !(v.into().is_finite() && v >= min && v <= max) {
            let written = self.value_text(key).unwrap_or_else(|| v.to_string());
            self.problem(
                key,
                format!("`{}` must be a number from {min} to {max}, not `{written}`", leaf(key)),
                format!("use a number from `{min}` to `{max}`, like `{example}`"),
            );
        }
        Some(v)
    }

    /// The value of `key` as written on its line (`.nan`, `1e9`), for messages.
    fn value_text(&self, key: &str) -> Option<String> {
        let at = self.keys.span(key)?;
        let line = self.text[at.end..].split('\n').next().unwrap_or("");
        let value = line.strip_prefix(':')?;
        // A comment starts with ` #`.
        let value = value.split(" #").next().unwrap_or(value).trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    /// Reports a URL that is not an absolute http(s) URL with a host (see [`url_problem`]).
    fn url(&mut self, key: &str, url: &str, allow_query: bool) -> bool {
        match url_problem(url, allow_query) {
            Some((problem, hint)) => {
                self.problem(key, format!("`{}` {problem}", leaf(key)), hint);
                false
            }
            None => true,
        }
    }

    /// Checks an endpoint the pages send customers' text to (`feedback.url`,
    /// `search.log_url`): an absolute https URL, plain http only on this machine (for tests).
    /// `why` opens the hint (what travels encrypted).
    fn endpoint(&mut self, key: &str, url: &str, why: &str) -> bool {
        if !self.url(key, url, true) {
            return false;
        }
        let rest = url.split_once("://").map_or("", |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = match authority.strip_prefix('[') {
            Some(_) => authority.split_inclusive(']').next().unwrap_or(""),
            None => authority.split(':').next().unwrap_or(""),
        };
        let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
        if !url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")) && !loopback {
            self.problem(
                key,
                format!("`{}` must be an https URL, not `{url}`", leaf(key)),
                format!("{why}: `https://{rest}`"),
            );
            return false;
        }
        true
    }
}

/// The last part of a dotted key path, as the file spells it.
fn leaf(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

/// Validates `raw`; with `site` (the site folder), also that the files it names exist.
fn validate(
    raw: RawConfig,
    text: &str,
    path: &Path,
    overrides: &Overrides,
    site: Option<&Path>,
) -> Result<Config, Vec<Diagnostic>> {
    let mut check = Checker { path, text, keys: KeySpans::new(text), problems: Vec::new() };
    let title = raw.title.unwrap_or_else(|| {
        check.missing("title", "add `title: My Help Center`");
        Localized::One(String::new())
    });
    let base_url = match (overrides.base_url.clone(), raw.base_url) {
        (Some(url), _) => {
            // Given on the command line: no place in the file to point at.
            if let Some((problem, hint)) = url_problem(&url, false) {
                check.problems.push(
                    Diagnostic::error(Code::InvalidConfig, path, None, format!("`--base-url` {problem}"))
                        .with_hint(hint),
                );
            }
            url
        }
        (None, Some(url)) => {
            check.url("base_url", &url, false);
            url
        }
        (None, None) => {
            check.missing("base_url", "add `base_url: https://help.example.com/` (or pass `--base-url`)");
            String::new()
        }
    };
    let base_url = if base_url.ends_with('/') { base_url } else { format!("{base_url}/") };
    let languages = raw.languages.unwrap_or_else(|| vec!["en".to_string()]);
    if languages.is_empty() {
        check.problem("languages", "`languages` is empty", "list at least one language code, like `[en]`");
    }
    for (i, code) in languages.iter().enumerate() {
        let valid = !code.is_empty() && code.len() <= 12 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            check.problem(
                "languages",
                format!("`{code}` is not a language code"),
                "use codes like `en`, `hi`, `tr` or `pt-BR`",
            );
        } else if languages[..i].contains(code) {
            check.problem("languages", format!("language `{code}` is listed twice"), "list each language once");
        }
    }
    if let Some(theme) = &raw.theme {
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            check.problem(
                "theme",
                format!("`{theme}` is not a theme folder name"),
                "name a folder under `themes/`, like `theme: acme`",
            );
        }
    }
    let top_questions =
        check.number("top_questions", raw.top_questions, TOP_QUESTIONS).unwrap_or(TOP_QUESTIONS.example);
    let contact = raw.contact.map_or_else(Contact::default, |c| contact(c, &languages, &mut check));
    let search = raw.search.map_or_else(SearchConfig::with_defaults, |s| search(s, &mut check));
    let complaints = match raw.complaints {
        Some(c) => complaints(c, &languages, &mut check),
        None => ComplaintsConfig::default(),
    };
    let feedback = raw.feedback.and_then(|f| feedback(f, &mut check));
    let extra = raw.extra.map_or(serde_json::Value::Null, |e| extra(e, &mut check));
    let markdown = raw.markdown.map_or_else(MarkdownConfig::default, |m| markdown(m, &mut check));
    let brand = raw.brand.map_or_else(Brand::default, |b| brand(b, site, &mut check));
    if !check.problems.is_empty() {
        return Err(check.problems);
    }
    Ok(Config {
        extra,
        title,
        base_url,
        languages,
        theme: raw.theme,
        top_questions: top_questions as usize,
        contact,
        search,
        complaints,
        feedback,
        markdown,
        brand,
    })
}

/// Validates the `brand:` section's shape: files are relative paths inside the site of an image
/// type the browser shows, and files of `site` when it is given; colours are `#rgb` or `#rrggbb`.
fn brand(b: RawBrand, site: Option<&Path>, check: &mut Checker<'_>) -> Brand {
    let mut file = |key: &str, value: Option<String>, types: &[&str]| -> Option<String> {
        let value = value?;
        let path = value.trim().trim_start_matches("./").to_string();
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        let dotted = format!("brand.{key}");
        if path.is_empty() || path.starts_with('/') || path.contains('\\') || path.contains(':') {
            check.problem(
                &dotted,
                format!("`{key}` must be a path inside the site folder, not `{value}`"),
                format!("write it from the folder of `{FILE_NAME}`, like `{key}: assets/{key}.svg`"),
            );
        } else if path.split('/').any(|part| part == "..") {
            check.problem(
                &dotted,
                format!("`{key}` leads out of the site folder: `{value}`"),
                "put the file inside the site folder (beside `content/`)",
            );
        } else if !types.contains(&extension.as_str()) {
            check.problem(
                &dotted,
                format!(
                    "`{key}` must be an image of type {}, not `{value}`",
                    types.iter().map(|t| format!("`.{t}`")).collect::<Vec<_>>().join(", ")
                ),
                "convert the image, or name the right file",
            );
        } else if site.is_some_and(|site| !site.join(&path).is_file()) {
            check.problem(
                &dotted,
                format!("`{key}` names `{path}`, which is not a file"),
                "paths are from the folder of `helpmark.yaml`; check the name and the folder",
            );
        } else {
            return Some(path);
        }
        None
    };
    let logo = file("logo", b.logo, &LOGO_TYPES);
    let logo_dark = file("logo_dark", b.logo_dark, &LOGO_TYPES);
    let favicon = file("favicon", b.favicon, &FAVICON_TYPES);
    let mut colour = |key: &str, value: Option<String>| -> Option<Accent> {
        let dotted = format!("brand.{key}");
        // `accent: #0b57d0` without quotes is a YAML comment: the key is there, its value is not.
        let Some(value) = value else {
            if check.keys.spans.contains_key(&dotted) {
                check.problem(
                    &dotted,
                    format!("`{key}` has no value"),
                    format!("put the colour in quotes (YAML reads `#` as a comment): `{key}: \"#0b57d0\"`"),
                );
            }
            return None;
        };
        match crate::shared::colour::Rgb::parse(&value) {
            Some(colour) => Some(Accent { colour, span: check.keys.span(&dotted) }),
            None => {
                check.problem(
                    &dotted,
                    format!("`{key}` must be a colour like `#0b57d0`, not `{value}`"),
                    "write the colour as `#` and six hex digits, in quotes: `accent: \"#0b57d0\"`",
                );
                None
            }
        }
    };
    let accent = colour("accent", b.accent);
    let accent_dark = colour("accent_dark", b.accent_dark);
    Brand { logo, logo_dark, favicon, accent, accent_dark }
}

/// A warning for each brand colour that text cannot be read in on the built-in theme's
/// backgrounds (WCAG AA, 4.5:1), with the nearest colour that can. `accent` is read on the
/// light backgrounds, `accent_dark` on the dark ones (a missing `accent_dark` is derived so
/// that it passes).
pub fn brand_warnings(config: &Config, path: &Path) -> Vec<Diagnostic> {
    use crate::shared::colour::{AA_TEXT, DARK_BACKGROUNDS, LIGHT_BACKGROUNDS};
    let mut out = Vec::new();
    let brand = &config.brand;
    for (key, accent, backgrounds, scheme) in [
        ("accent", &brand.accent, &LIGHT_BACKGROUNDS, "light"),
        ("accent_dark", &brand.accent_dark, &DARK_BACKGROUNDS, "dark"),
    ] {
        let Some(accent) = accent else { continue };
        let ratio = accent.colour.worst_contrast(backgrounds);
        if ratio >= AA_TEXT {
            continue;
        }
        let hint = match accent.colour.nearest_passing(backgrounds, AA_TEXT) {
            Some(fixed) => format!(
                "the nearest colour that passes is `{}` ({:.2}:1); write `{key}: \"{}\"`",
                fixed.hex(),
                fixed.worst_contrast(backgrounds),
                fixed.hex()
            ),
            None => "choose a colour further from the background".to_string(),
        };
        let background = backgrounds
            .iter()
            .min_by(|a, b| accent.colour.contrast(**a).total_cmp(&accent.colour.contrast(**b)))
            .map(|b| b.hex())
            .unwrap_or_default();
        out.push(
            Diagnostic::warning(
                Code::LowContrast,
                path,
                accent.span.clone(),
                format!("`{key}` `{}` has a contrast of {ratio:.2}:1 on the {scheme} background `{background}`; text needs 4.5:1 (WCAG AA)", accent.colour.hex()),
            )
            .with_hint(hint),
        );
    }
    out
}

/// Validates the `markdown:` section: iframe hosts are bare host names, as the CSP needs them.
fn markdown(m: RawMarkdown, check: &mut Checker<'_>) -> MarkdownConfig {
    let mut hosts = Vec::new();
    for (i, host) in m.iframe_hosts.iter().enumerate() {
        let bare = host.trim().trim_start_matches("https://").trim_start_matches("http://");
        let bare = bare.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
        let valid = !bare.is_empty()
            && bare.len() <= 253
            && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            && !bare.starts_with(['.', '-'])
            && bare.contains('.');
        if !valid {
            check.problem(
                &format!("markdown.iframe_hosts.{i}"),
                format!("`{host}` is not a host name"),
                "write just the host of the video player, like `www.youtube-nocookie.com`",
            );
        } else if bare != *host {
            check.problem(
                &format!("markdown.iframe_hosts.{i}"),
                format!("`{host}` must be a bare host name"),
                format!("write `{bare}` (iframes are only ever allowed over https)"),
            );
        } else if !hosts.contains(&bare) {
            hosts.push(bare);
        }
    }
    MarkdownConfig { unsafe_html: m.unsafe_html, iframe_hosts: hosts }
}

/// `extra:` as the value templates see: any YAML a template can read (maps with text keys).
fn extra(value: serde_yaml::Value, check: &mut Checker<'_>) -> serde_json::Value {
    serde_json::to_value(&value).unwrap_or_else(|e| {
        check.problem(
            "extra",
            format!("`extra` cannot be given to the templates: {e}"),
            "use maps with text keys, lists, text and numbers",
        );
        serde_json::Value::Null
    })
}

/// Validates the `feedback:` section: one destination, an https form endpoint (plain http
/// only on this machine, for testing) or an address a `mailto:` link can write to.
fn feedback(f: RawFeedback, check: &mut Checker<'_>) -> Option<Feedback> {
    match (f.url, f.email) {
        (Some(_), Some(_)) => {
            check.problem(
                "feedback.email",
                "`feedback` has both `url` and `email`",
                "keep one: answers go to a form endpoint (`url`) or to an address (`email`)",
            );
            None
        }
        (None, None) => {
            check.problem(
                "feedback",
                "`feedback` names no destination",
                "add `url: https://forms.example.com/helpful` (a form endpoint) or `email: help@example.com`",
            );
            None
        }
        (Some(url), None) => {
            if !check.endpoint("feedback.url", &url, "answers customers write travel encrypted") {
                return None;
            }
            Some(Feedback::Post(url))
        }
        (None, Some(email)) => match email_problem(&email) {
            Some(hint) => {
                check.problem("feedback.email", format!("`email` must be an email address, not `{email}`"), hint);
                None
            }
            None => Some(Feedback::Email(email)),
        },
    }
}

/// Validates the `contact:` section: a phone that dials, an address that can be mailed, a chat
/// link that opens.
fn contact(c: RawContact, languages: &[String], check: &mut Checker<'_>) -> Contact {
    check_channels("contact", c.phone.as_deref(), c.email.as_deref(), c.chat_url.as_deref(), check);
    let mut by_language = BTreeMap::new();
    for (code, o) in c.by_language.unwrap_or_default() {
        let key = format!("contact.by_language.{code}");
        if !languages.contains(&code) {
            check.problem(
                &key,
                format!("`{code}` is not one of the site's languages"),
                format!("use a code from `languages` ({})", languages.join(", ")),
            );
        }
        check_channels(&key, o.phone.as_deref(), o.email.as_deref(), o.chat_url.as_deref(), check);
        by_language.insert(
            code,
            ContactOverride {
                phone: o.phone,
                toll_free: o.toll_free,
                email: o.email,
                chat_url: o.chat_url,
                hours: o.hours,
            },
        );
    }
    let response_time_hours = check.number("contact.response_time_hours", c.response_time_hours, RESPONSE_TIME_HOURS);
    let mut response_time = BTreeMap::new();
    for (channel, written) in c.response_time.unwrap_or_default() {
        let key = format!("contact.response_time.{channel}");
        let seconds = match &written {
            RawDuration::Hours(h) => Some(h * 3600.0).filter(|s| s.is_finite()),
            RawDuration::Text(text) => duration_seconds(text),
        };
        let shown = match &written {
            RawDuration::Hours(h) => format!("{h}"),
            RawDuration::Text(text) => text.clone(),
        };
        let Limits { min, max, .. } = RESPONSE_TIME_SECONDS;
        match seconds {
            Some(s) if s >= f64::from(min) && s <= f64::from(max) && !channel.trim().is_empty() => {
                response_time.insert(channel.trim().to_lowercase(), s.round() as u32);
            }
            Some(_) => check.problem(
                &key,
                format!("the promise for `{channel}` must be from 1 second to 30 days, not `{shown}`"),
                "write it like `24h`, `5m` or `1h30m`",
            ),
            None => check.problem(
                &key,
                format!("`{shown}` is not a duration"),
                "write it like `24h`, `5m`, `1h30m` or `2d` (s, m, h, d), or a number of hours",
            ),
        }
    }
    Contact {
        phone: c.phone,
        toll_free: c.toll_free,
        email: c.email,
        chat_url: c.chat_url,
        hours: c.hours,
        response_time_hours,
        response_time,
        by_language,
    }
}

/// Checks a phone that dials, an address that can be mailed and a chat URL, at `prefix`
/// (`contact` or `contact.by_language.tr`).
fn check_channels(
    prefix: &str,
    phone: Option<&str>,
    email: Option<&str>,
    chat_url: Option<&str>,
    check: &mut Checker<'_>,
) {
    if let Some(phone) = phone {
        if let Err(problem) = dial_string(phone) {
            let (message, hint) = problem.describe(phone);
            check.problem(&format!("{prefix}.phone"), message, hint);
        }
    }
    if let Some(email) = email {
        if let Some(hint) = email_problem(email) {
            check.problem(&format!("{prefix}.email"), format!("`email` must be an email address, not `{email}`"), hint);
        }
    }
    if let Some(url) = chat_url {
        check.url(&format!("{prefix}.chat_url"), url, true);
    }
}

/// Seconds in a duration written as numbers with units (`24h`, `5m`, `1h30m`, `1.5 h`, `2d`,
/// `90s`, also `min`, `hours`, `days`); `None` if it is not one.
fn duration_seconds(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    let mut rest = text.as_str();
    let mut total = 0.0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = rest[number_len..].trim_start();
        let unit_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86400.0,
            _ => return None,
        };
        total += number * unit;
        rest = rest[unit_len..].trim_start();
    }
    Some(total)
}

/// Validates the `search:` section. Linear in the number of synonym groups (sites keep tens of
/// thousands of them).
fn search(s: RawSearch, check: &mut Checker<'_>) -> SearchConfig {
    for (i, group) in s.synonyms.iter().enumerate() {
        let members = group.iter().filter(|m| !m.trim().is_empty()).count();
        if members < 2 {
            let written = format!("[{}]", group.join(", "));
            check.problem(
                &format!("search.synonyms.{i}"),
                format!("synonym group `{written}` needs at least two words or phrases"),
                "list words that mean the same in one group, like `[refund, money back]`, or remove it",
            );
        }
    }
    let popularity_weight = check.number("search.popularity_weight", s.popularity_weight, POPULARITY_WEIGHT);
    let log_url =
        s.log_url.filter(|url| check.endpoint("search.log_url", url, "the queries customers type travel encrypted"));
    SearchConfig {
        synonyms: s.synonyms,
        popularity_weight: popularity_weight.unwrap_or(POPULARITY_WEIGHT.example),
        log_url,
    }
}

/// Validates the `complaints:` section.
fn complaints(raw: RawComplaints, languages: &[String], check: &mut Checker<'_>) -> ComplaintsConfig {
    let mut sources = Vec::new();
    for (i, s) in raw.sources.into_iter().enumerate() {
        let key = |name: &str| format!("complaints.sources.{i}.{name}");
        let lower = s.path.to_ascii_lowercase();
        let format = match s.format.as_deref() {
            Some("csv") => Some(LogFormat::Csv),
            Some("jsonl" | "ndjson") => Some(LogFormat::JsonLines),
            Some(other) => {
                check.problem(
                    &key("format"),
                    format!("`{other}` is not a complaint log format"),
                    "use `csv` or `jsonl`",
                );
                None
            }
            None if lower.ends_with(".csv") || lower.ends_with(".tsv") => Some(LogFormat::Csv),
            None if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") => Some(LogFormat::JsonLines),
            // Help-desk exports are CSV whatever they are named (Excel's `.txt`, say).
            None if s.preset.is_some() => Some(LogFormat::Csv),
            None => {
                check.problem(
                    &key("path"),
                    format!("cannot tell the format of `{}` from its extension", s.path),
                    "name the file `.csv` or `.jsonl`, or add `format: csv` or `format: jsonl`",
                );
                None
            }
        };
        if s.path.trim().is_empty() || Path::new(&s.path).is_absolute() || s.path.split(['/', '\\']).any(|p| p == "..")
        {
            check.problem(
                &key("path"),
                format!("`{}` is not a path inside the site folder", s.path),
                "write it relative to the site folder, like `complaints/tickets.csv`",
            );
        }
        if let Some(lang) = &s.language {
            if !languages.contains(lang) {
                check.problem(
                    &key("language"),
                    format!("`{lang}` is not one of the site's languages"),
                    format!("use a code from `languages` ({})", languages.join(", ")),
                );
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
            helpful: c.helpful,
            reason: c.reason,
        });
        let kind = match s.kind.as_deref() {
            None | Some("complaints") => SourceKind::Complaints,
            Some("feedback") => SourceKind::Feedback,
            Some(other) => {
                check.problem(
                    &key("kind"),
                    format!("`{other}` is not a kind of complaint source"),
                    "use `kind: feedback` for what the feedback endpoint received, or leave `kind` out",
                );
                SourceKind::Complaints
            }
        };
        let preset = s.preset.as_deref().and_then(|name| {
            let preset = Preset::from_name(name);
            if preset.is_none() {
                let names = Preset::ALL.map(Preset::name);
                let hint = match crate::diagnostics::did_you_mean(&name.to_ascii_lowercase(), names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("use one of {}", names.map(|n| format!("`{n}`")).join(", ")),
                };
                check.problem(&key("preset"), format!("`{name}` is not a help-desk preset"), hint);
            }
            preset
        });
        if let Some(format) = format {
            sources.push(ComplaintSource {
                path: s.path,
                format,
                channel: s.channel,
                language: s.language,
                columns,
                preset,
                kind,
            });
        }
    }
    if let Some(day) = &raw.as_of {
        if crate::shared::date::parse_day(day).is_none() {
            check.problem(
                "complaints.as_of",
                format!("`as_of` must be a date like `2026-10-01`, not `{day}`"),
                crate::shared::date::day_hint(day),
            );
        }
    }
    ComplaintsConfig {
        sources,
        window_days: check
            .number("complaints.window_days", raw.window_days, WINDOW_DAYS)
            .unwrap_or(DEFAULT_WINDOW_DAYS),
        half_life_days: check
            .number("complaints.half_life_days", raw.half_life_days, HALF_LIFE_DAYS)
            .unwrap_or(DEFAULT_HALF_LIFE_DAYS),
        as_of: raw.as_of,
        match_threshold: check
            .number("complaints.match_threshold", raw.match_threshold, MATCH_THRESHOLD)
            .unwrap_or(DEFAULT_MATCH_THRESHOLD),
        match_margin: check
            .number("complaints.match_margin", raw.match_margin, MATCH_MARGIN)
            .unwrap_or(DEFAULT_MATCH_MARGIN),
        email_staffing_threshold: check
            .number("complaints.email_staffing_threshold", raw.email_staffing_threshold, EMAIL_STAFFING_THRESHOLD)
            .unwrap_or(DEFAULT_EMAIL_STAFFING_THRESHOLD),
        show_counts: raw.show_counts,
        match_model: raw.match_model.and_then(|m| match_model(m, languages, check)),
    }
}

/// Validates `complaints.match_model`: a folder and languages of the site.
fn match_model(raw: RawMatchModel, site_languages: &[String], check: &mut Checker<'_>) -> Option<MatchModel> {
    if raw.path.trim().is_empty() {
        check.problem(
            "complaints.match_model.path",
            "`match_model.path` is empty",
            "name the model's folder, like `models/all-MiniLM-L6-v2` (see the README)",
        );
        return None;
    }
    let languages = raw.languages.unwrap_or_else(|| vec!["en".to_string()]);
    for code in &languages {
        if !site_languages.contains(code) {
            check.problem(
                "complaints.match_model.languages",
                format!("`{code}` in `match_model.languages` is not a language of the site"),
                format!(
                    "use one of {}",
                    site_languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    Some(MatchModel { path: raw.path, languages, span: check.keys.span("complaints.match_model.path") })
}

/// Why `url` is not an absolute `http(s)` URL with a host that a page can link to: the end of a
/// message about it and a hint, with the corrected URL where one can be worked out. A base URL
/// (`allow_query` false) names the folder the site is served from, so it has no query and no
/// fragment.
fn url_problem(url: &str, allow_query: bool) -> Option<(String, String)> {
    const EXAMPLE_HOST: &str = "help.example.com";
    if let Some(bad) = url.chars().find(|&c| !is_url_char(c)) {
        let what = if bad == ' ' { "a space".to_string() } else { format!("`{}`", shown(bad)) };
        let fixed = percent_encode_unsafe(url.trim());
        return Some((format!("contains {what}, which a URL cannot hold"), format!("percent-encode it: `{fixed}`")));
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        let after_scheme = match url.split_once(':') {
            Some((s, r)) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => r,
            _ => url,
        };
        let fixed = format!("https://{}", after_scheme.trim_start_matches('/'));
        let hint = if url.is_empty() || fixed == "https://" {
            format!("write it like `https://{EXAMPLE_HOST}/`")
        } else {
            format!("write it with its scheme: `{fixed}`")
        };
        return Some((format!("must be an absolute http(s) URL, not `{url}`"), hint));
    };
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        let hint = if rest.starts_with(['/', '?', '#']) || rest.is_empty() {
            format!("write it like `https://{EXAMPLE_HOST}/`")
        } else {
            format!("pages are served over the web: `https://{rest}`")
        };
        return Some((format!("must be an http(s) URL, not `{url}`"), hint));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.is_empty() {
        let tail = if tail.is_empty() { "/" } else { tail };
        return Some((
            format!("`{url}` has no host"),
            format!("put the host name after `{scheme}://`, like `{scheme}://{EXAMPLE_HOST}{tail}`"),
        ));
    }
    if let Some((userinfo, host)) = authority.rsplit_once('@') {
        return Some((
            format!("`{url}` holds a user name (`{userinfo}@`)"),
            format!("links cannot carry credentials: `{scheme}://{host}{tail}`"),
        ));
    }
    if let Some(problem) = authority_problem(authority) {
        return Some((format!("`{url}` has {problem}"), format!("write the host like `{EXAMPLE_HOST}`")));
    }
    if !allow_query {
        if let Some(at) = tail.find(['?', '#']) {
            let part = if tail[at..].starts_with('?') { "a query" } else { "a fragment" };
            let folder = &tail[..at];
            let folder = if folder.ends_with('/') { folder.to_string() } else { format!("{folder}/") };
            return Some((
                format!("`{url}` has {part} (`{}`)", &tail[at..]),
                format!("the base URL is the folder the site is served from: `{scheme}://{authority}{folder}`"),
            ));
        }
    }
    None
}

/// What is wrong with `host[:port]`, if anything.
fn authority_problem(authority: &str) -> Option<String> {
    let (host, port) = match authority.strip_prefix('[') {
        // An IPv6 literal, `[::1]:8080`.
        Some(inner) => {
            let Some((address, after)) = inner.split_once(']') else { return Some("an unclosed `[`".into()) };
            if address.is_empty() || !address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
                return Some(format!("`[{address}]`, which is no IPv6 address"));
            }
            match after.strip_prefix(':') {
                Some(port) => (None, Some(port)),
                None if after.is_empty() => (None, None),
                None => return Some(format!("`{after}` after the IPv6 address")),
            }
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        },
    };
    if let Some(host) = host {
        let label_ok = |l: &str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if !host.split('.').all(label_ok) {
            return Some(format!("`{host}`, which is no host name"));
        }
    }
    if let Some(port) = port {
        let number = if port.len() <= 5 && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
            port.parse::<u32>().ok()
        } else {
            None
        };
        if !number.is_some_and(|n| (1..=65_535).contains(&n)) {
            return Some(format!("the port `{port}`, which is no number from 1 to 65535"));
        }
    }
    None
}

/// A character that may appear in a URL as written in a link (non-ASCII letters are fine:
/// browsers encode them); spaces, controls and the characters RFC 3986 never allows are not.
fn is_url_char(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'))
}

/// `text` with every character [`is_url_char`] rejects percent-encoded (UTF-8 bytes).
fn percent_encode_unsafe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_url_char(c) {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for b in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// A character as a message shows it: itself, or `U+0007` for an invisible one.
fn shown(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// Why `email` is not an address that a `mailto:` link can write to, as a hint; `None` when it
/// is one. Deliberately plain: one `@`, a mailbox name without spaces or characters that need
/// quoting, and a host name with a dot (or `localhost`).
fn email_problem(email: &str) -> Option<String> {
    if let Some(address) = email.strip_prefix("mailto:") {
        return Some(format!("write the address without `mailto:`: `{address}`"));
    }
    if let (Some(open), Some(close)) = (email.find('<'), email.rfind('>')) {
        if open < close {
            return Some(format!("write the address alone: `{}`", email[open + 1..close].trim()));
        }
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        let joined: String = email.chars().filter(|c| !(c.is_whitespace() || c.is_control())).collect();
        return Some(format!("an address has no spaces: `{joined}`"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some(format!("an address has an `@` between the mailbox and the domain, like `{email}@example.com`"));
    };
    if domain.contains('@') {
        return Some("an address has exactly one `@`".to_string());
    }
    if local.is_empty() {
        return Some(format!("put the mailbox name before the `@`, like `support@{domain}`"));
    }
    if let Some(c) = local.chars().find(|c| "()<>[]\\,;:\"".contains(*c)) {
        return Some(format!(
            "`{c}` in the mailbox name needs quoting that mail programs handle badly: use a plain address"
        ));
    }
    if domain.is_empty() {
        return Some(format!("put the domain after the `@`, like `{local}@example.com`"));
    }
    let label_ok = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-');
    if !domain.split('.').all(label_ok) {
        return Some(format!("`{domain}` is no domain name: write it like `example.com`"));
    }
    if !domain.contains('.') && !domain.eq_ignore_ascii_case("localhost") {
        return Some(format!("the domain `{domain}` has no dot: did you mean `{local}@{domain}.com`?"));
    }
    None
}

/// Why a phone number cannot become a `tel:` link that dials what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PhoneProblem {
    /// No digit at all (letters alone are no number).
    NoDigits,
    /// A character that is neither a digit, a keypad letter, a space nor `. - ( ) /`.
    Stray(char),
    /// A `+` after the start.
    Plus,
    /// An extension (`ext. 12`, `x12`), which a `tel:` link cannot dial; the number before it.
    Extension(String),
    /// How many digits it dials, outside 3 to 15 (E.164 allows at most 15).
    Digits(usize),
}

impl PhoneProblem {
    /// The message and the hint about `phone`.
    fn describe(&self, phone: &str) -> (String, String) {
        const EXAMPLE: &str = "write it as customers dial it, like `+1 800 555 0199`";
        match self {
            PhoneProblem::NoDigits => ("the phone number has no digits".to_string(), EXAMPLE.to_string()),
            PhoneProblem::Stray(c) => (
                format!("the phone number `{phone}` has `{}`, which a phone cannot dial", shown(*c)),
                "use digits, letters of the keypad, spaces and `+ . - ( ) /` only".to_string(),
            ),
            PhoneProblem::Plus => (
                format!("the phone number `{phone}` has a `+` after its start"),
                "only the country code starts with `+`, like `+1 800 555 0199`".to_string(),
            ),
            PhoneProblem::Extension(number) => (
                format!("a `tel:` link cannot dial the extension in `{phone}`"),
                format!("link the number without it: `{number}`"),
            ),
            PhoneProblem::Digits(n) if *n < 3 => (
                format!("the phone number `{phone}` dials {n} digit{}", if *n == 1 { "" } else { "s" }),
                format!("numbers have 3 to 15 digits: {EXAMPLE}"),
            ),
            PhoneProblem::Digits(n) => (
                format!("the phone number `{phone}` dials {n} digits"),
                "numbers have at most 15 digits: check for a repeated digit, and give one number".to_string(),
            ),
        }
    }
}

/// What `phone` dials: its digits, a leading `+`, and vanity letters as their keypad digits
/// (E.161: ABC = 2, DEF = 3, GHI = 4, JKL = 5, MNO = 6, PQRS = 7, TUV = 8, WXYZ = 9), so
/// `1-800-FLOWERS` dials `18003569377`. After a `+`, a `(0)` (the trunk prefix dialled only from
/// inside the country, `+44 (0)20 …`) is left out, as a phone dialling internationally does.
fn dial_string(phone: &str) -> Result<String, PhoneProblem> {
    let phone = phone.trim();
    if !phone.chars().any(|c| c.is_ascii_digit()) {
        return Err(PhoneProblem::NoDigits);
    }
    if let Some(at) = extension_start(phone) {
        return Err(PhoneProblem::Extension(phone[..at].trim_end_matches([' ', ',', ';', '.']).to_string()));
    }
    let (plus, body) = match phone.strip_prefix('+') {
        Some(rest) => ("+", rest.replace("(0)", "")),
        None => ("", phone.to_string()),
    };
    let mut out = String::from(plus);
    for c in body.chars() {
        match c {
            '0'..='9' => out.push(c),
            c if c.is_ascii_alphabetic() => out.push(keypad_digit(c)),
            '.' | '-' | '(' | ')' | '/' => {}
            c if c.is_whitespace() => {}
            '+' => return Err(PhoneProblem::Plus),
            other => return Err(PhoneProblem::Stray(other)),
        }
    }
    let digits = out.len() - plus.len();
    if !(3..=15).contains(&digits) {
        return Err(PhoneProblem::Digits(digits));
    }
    Ok(out)
}

/// The keypad digit of an ASCII letter (E.161).
fn keypad_digit(letter: char) -> char {
    match letter.to_ascii_lowercase() {
        'a'..='c' => '2',
        'd'..='f' => '3',
        'g'..='i' => '4',
        'j'..='l' => '5',
        'm'..='o' => '6',
        'p'..='s' => '7',
        't'..='v' => '8',
        _ => '9',
    }
}

/// Where an extension starts (`ext. 12`, `extension 12`, `x12`, as a word followed only by
/// digits), so that its letters are not dialled as vanity letters.
fn extension_start(phone: &str) -> Option<usize> {
    let lower = phone.to_ascii_lowercase();
    for marker in ["extension", "ext", "x"] {
        for (at, _) in lower.match_indices(marker) {
            let word_start = lower[..at].chars().next_back().is_none_or(|c| !c.is_ascii_alphabetic());
            let after = lower[at + marker.len()..].trim_start_matches(['.', ':']).trim_start();
            let digits_only = after.starts_with(|c: char| c.is_ascii_digit())
                && after.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
            if word_start && digits_only {
                return Some(at);
            }
        }
    }
    None
}

/// Where each key of a block-style YAML file is, by dotted path: `contact.phone`,
/// `complaints.sources.1.path`, `search.synonyms.3` for the fourth item of a list. A diagnostic
/// about a value serde accepted points at its key's line with it. Keys inside flow collections
/// (`columns: {text: body}`) are not listed: [`KeySpans::span`] falls back to the nearest parent.
struct KeySpans {
    spans: HashMap<String, Range<usize>>,
}

impl KeySpans {
    /// Reads `text` line by line, keeping the open mappings and list items by indentation.
    fn new(text: &str) -> KeySpans {
        struct Open {
            indent: usize,
            path: String,
            item: bool,
            items: usize,
        }
        let join = |parent: Option<&Open>, segment: &str| match parent {
            Some(p) => format!("{}.{segment}", p.path),
            None => segment.to_string(),
        };
        let mut spans = HashMap::new();
        let mut open: Vec<Open> = Vec::new();
        // Inside a `|` or `>` block scalar of a key at this indentation, lines are text.
        let mut scalar_of: Option<usize> = None;
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let line_start = start;
            start += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let mut rest = content.trim_start_matches(' ');
            let mut column = content.len() - rest.len();
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            match scalar_of {
                Some(indent) if column > indent => continue,
                _ => scalar_of = None,
            }
            while rest == "-" || rest.starts_with("- ") {
                while open.last().is_some_and(|o| o.indent > column || (o.item && o.indent == column)) {
                    open.pop();
                }
                let index = open.last_mut().map_or(0, |o| {
                    o.items += 1;
                    o.items - 1
                });
                let path = join(open.last(), &index.to_string());
                spans.entry(path.clone()).or_insert(line_start + column..line_start + column + 1);
                open.push(Open { indent: column, path, item: true, items: 0 });
                let after = &rest[1..];
                let value = after.trim_start_matches(' ');
                column += 1 + after.len() - value.len();
                rest = value;
            }
            let name_len =
                rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
            let after_name = &rest[name_len..];
            if name_len == 0 || !(after_name == ":" || after_name.starts_with(": ")) {
                continue;
            }
            while open.last().is_some_and(|o| o.indent >= column) {
                open.pop();
            }
            let path = join(open.last(), &rest[..name_len]);
            spans.entry(path.clone()).or_insert(line_start + column..line_start + column + name_len);
            if after_name[1..].trim_start().starts_with(['|', '>']) {
                scalar_of = Some(column);
            }
            open.push(Open { indent: column, path, item: false, items: 0 });
        }
        KeySpans { spans }
    }

    /// The span of the key at `path`, else of its nearest listed parent.
    fn span(&self, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                return Some(span.clone());
            }
            path = &path[..path.rfind('.')?];
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems of a config text, as (line, message, hint), in line order.
    fn problems(yaml: &str) -> Vec<(usize, String, String)> {
        let path = Path::new("helpmark.yaml");
        let raw: RawConfig = yaml::parse(yaml, 0, yaml.len(), path).expect("parses");
        let mut found: Vec<(usize, String, String)> = match validate(raw, yaml, path, &Overrides::default(), None) {
            Ok(_) => Vec::new(),
            Err(found) => found
                .into_iter()
                .map(|d| {
                    let line = d.span.map_or(0, |s| yaml[..s.start].matches('\n').count() + 1);
                    (line, d.message, d.hint.unwrap_or_default())
                })
                .collect(),
        };
        found.sort_by_key(|(line, _, _)| *line);
        found
    }

    const SITE: &str = "title: T\nbase_url: https://help.example.com/\n";

    #[test]
    fn key_spans_follow_nesting_and_list_items() {
        let text = "# a comment with phone: in it\ntitle: T\ncontact:\n  hours: |\n    phone: not a key\n  phone: \"1\"\ncomplaints:\n  sources:\n    - path: a.csv\n      language: en\n  - path: b.csv\n    language: fr\nsearch:\n  synonyms:\n  - [a, b]\n  - - c\n    - d\n";
        let keys = KeySpans::new(text);
        let at = |path: &str| keys.span(path).map(|s| (text[..s.start].matches('\n').count() + 1, &text[s]));
        assert_eq!(at("contact.phone"), Some((6, "phone")));
        assert_eq!(at("complaints.sources.0.language"), Some((10, "language")));
        assert_eq!(at("complaints.sources.1.language"), Some((12, "language")));
        assert_eq!(at("search.synonyms.1"), Some((16, "-")));
        assert_eq!(at("search.popularity_weight"), Some((13, "search")), "falls back to the parent");
        assert_eq!(at("nothing"), None);
    }

    #[test]
    fn every_number_is_finite_and_in_range_with_its_line() {
        // Issue 13: `.nan` was accepted and zeroed matching.
        let found = problems(&format!(
            "{SITE}top_questions: 500\nsearch:\n  popularity_weight: .nan\ncontact:\n  response_time_hours: 0\ncomplaints:\n  window_days: 0\n  half_life_days: .inf  # no decay\n  match_threshold: -1\n  match_margin: 1\n  email_staffing_threshold: 0\n"
        ));
        let expected = [
            (
                3,
                "`top_questions` must be a number from 0 to 100, not `500`",
                "use a number from `0` to `100`, like `8`",
            ),
            (
                5,
                "`popularity_weight` must be a number from 0 to 10, not `.nan`",
                "use a number from `0` to `10`, like `0.3`",
            ),
            (
                7,
                "`response_time_hours` must be a number from 1 to 720, not `0`",
                "use a number from `1` to `720`, like `24`",
            ),
            (9, "`window_days` must be a number from 1 to 3650, not `0`", "use a number from `1` to `3650`, like `90`"),
            (
                10,
                "`half_life_days` must be a number from 1 to 3650, not `.inf`",
                "use a number from `1` to `3650`, like `30`",
            ),
            (
                11,
                "`match_threshold` must be a number from 0 to 1, not `-1`",
                "use a number from `0` to `1`, like `0.15`",
            ),
            (
                12,
                "`match_margin` must be a number from 0 to 0.9, not `1`",
                "use a number from `0` to `0.9`, like `0.15`",
            ),
            (
                13,
                "`email_staffing_threshold` must be a number from 1 to 1000000, not `0`",
                "use a number from `1` to `1000000`, like `400`",
            ),
        ];
        let expected: Vec<(usize, String, String)> =
            expected.iter().map(|(l, m, h)| (*l, m.to_string(), h.to_string())).collect();
        assert_eq!(found, expected);
        assert_eq!(problems(&format!("{SITE}search:\n  popularity_weight: 0\ncomplaints:\n  match_margin: 0.9\n")), []);
    }

    #[test]
    fn base_url_needs_http_a_host_and_no_query() {
        let cases = [
            ("https://", "`base_url` `https://` has no host"),
            ("https:///x", "`base_url` `https:///x` has no host"),
            ("ftp://x", "`base_url` must be an http(s) URL, not `ftp://x`"),
            ("help.example.com", "`base_url` must be an absolute http(s) URL, not `help.example.com`"),
            ("\"https://x.com/my help/\"", "`base_url` contains a space, which a URL cannot hold"),
            ("https://x.com/?lang=en", "`base_url` `https://x.com/?lang=en` has a query (`?lang=en`)"),
            ("https://x.com/help#top", "`base_url` `https://x.com/help#top` has a fragment (`#top`)"),
            ("https://me@x.com/", "`base_url` `https://me@x.com/` holds a user name (`me@`)"),
            ("https://x..com/", "`base_url` `https://x..com/` has `x..com`, which is no host name"),
            (
                "https://x.com:99999/",
                "`base_url` `https://x.com:99999/` has the port `99999`, which is no number from 1 to 65535",
            ),
        ];
        for (url, message) in cases {
            let found = problems(&format!("title: T\nbase_url: {url}\n"));
            assert_eq!(found.len(), 1, "{url}: {found:?}");
            assert_eq!((found[0].0, found[0].1.as_str()), (2, message), "{url}");
        }
        let hint = |url: &str| url_problem(url, false).map(|(_, hint)| hint);
        assert_eq!(
            hint("https:///x").as_deref(),
            Some("put the host name after `https://`, like `https://help.example.com/x`")
        );
        assert_eq!(hint("ftp://x").as_deref(), Some("pages are served over the web: `https://x`"));
        assert_eq!(hint("https://x.com/my help/").as_deref(), Some("percent-encode it: `https://x.com/my%20help/`"));
        assert_eq!(
            hint("https://x.com/docs?lang=en").as_deref(),
            Some("the base URL is the folder the site is served from: `https://x.com/docs/`")
        );
        for good in [
            "https://help.example.com/",
            "http://localhost:8000/help/",
            "https://[::1]:8080/",
            "https://yardım.örnek.tr/",
        ] {
            assert_eq!(url_problem(good, false), None, "{good}");
        }
        assert_eq!(url_problem("https://chat.example.com/start?topic=orders#now", true), None);
    }

    #[test]
    fn the_command_line_base_url_is_checked_too() {
        let path = Path::new("helpmark.yaml");
        let raw: RawConfig = yaml::parse(SITE, 0, SITE.len(), path).expect("parses");
        let overrides = Overrides { base_url: Some("https:///".into()) };
        let found = validate(raw, SITE, path, &overrides, None).expect_err("no host");
        assert_eq!(found[0].message, "`--base-url` `https:///` has no host");
        assert_eq!(found[0].span, None);
    }

    #[test]
    fn response_promises_are_per_channel_durations_and_hours_still_count() {
        let yaml = format!("{SITE}contact:\n  response_time_hours: 24\n  response_time: {{Email: 8h, chat: 5m, form: 1h30m, sms: 2}}\n");
        let path = Path::new("helpmark.yaml");
        let raw: RawConfig = yaml::parse(&yaml, 0, yaml.len(), path).expect("parses");
        let config = validate(raw, &yaml, path, &Overrides::default(), None).expect("valid");
        let c = &config.contact;
        assert_eq!(c.response_promise("email"), Some(8 * 3600));
        assert_eq!(c.response_promise("chat"), Some(300));
        assert_eq!(c.response_promise("form"), Some(5400));
        assert_eq!(c.response_promise("sms"), Some(7200), "a number is hours");
        assert_eq!(c.response_promise("phone"), Some(24 * 3600), "`response_time_hours` for the others");
        let found = problems(&format!("{SITE}contact:\n  response_time:\n    email: soon\n    chat: 40d\n"));
        let lines_and_messages: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            lines_and_messages,
            [
                (5, "`soon` is not a duration"),
                (6, "the promise for `chat` must be from 1 second to 30 days, not `40d`")
            ]
        );
    }

    #[test]
    fn contact_values_must_reach_someone() {
        let found = problems(&format!(
            "{SITE}contact:\n  phone: \"12\"\n  email: support@acme\n  chat_url: chat.example.com\n"
        ));
        let lines_and_messages: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            lines_and_messages,
            [
                (4, "the phone number `12` dials 2 digits"),
                (5, "`email` must be an email address, not `support@acme`"),
                (6, "`chat_url` must be an absolute http(s) URL, not `chat.example.com`"),
            ]
        );
        assert_eq!(found[1].2, "the domain `acme` has no dot: did you mean `support@acme.com`?");
        assert_eq!(found[2].2, "write it with its scheme: `https://chat.example.com`");
    }

    #[test]
    fn feedback_goes_to_an_https_endpoint_or_an_address() {
        let config = |yaml: &str| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(FILE_NAME), format!("{SITE}{yaml}")).unwrap();
            load(dir.path(), dir.path(), &Overrides::default()).map(|c| c.feedback)
        };
        let post = config("feedback:\n  url: https://Forms.Example.com:8443/helpful?site=acme\n").unwrap();
        assert_eq!(post.as_ref().and_then(Feedback::origin).as_deref(), Some("https://forms.example.com:8443"));
        assert_eq!(
            config("feedback: {email: help@acme.com}\n").unwrap(),
            Some(Feedback::Email("help@acme.com".into()))
        );
        assert!(config("feedback: {url: \"http://127.0.0.1:8080/f\"}\n").unwrap().is_some());
        assert_eq!(config("").unwrap(), None);
        let found = problems(&format!("{SITE}feedback:\n  url: http://forms.example.com/f\n"));
        assert_eq!(
            found,
            [(
                4,
                "`url` must be an https URL, not `http://forms.example.com/f`".to_string(),
                "answers customers write travel encrypted: `https://forms.example.com/f`".to_string()
            )]
        );
        let found = problems(&format!("{SITE}feedback:\n  email: help@acme\n"));
        assert_eq!((found[0].0, found[0].1.as_str()), (4, "`email` must be an email address, not `help@acme`"));
        let found = problems(&format!("{SITE}feedback:\n  url: https://f.example.com/\n  email: a@b.com\n"));
        assert_eq!((found[0].0, found[0].1.as_str()), (5, "`feedback` has both `url` and `email`"));
        assert_eq!(problems(&format!("{SITE}feedback: {{}}\n"))[0].1, "`feedback` names no destination");
    }

    #[test]
    fn email_addresses_are_plain_addresses() {
        for good in ["support@acme.com", "a.b+tag@mail.acme.co.uk", "root@localhost", "destek@örnek.tr"] {
            assert_eq!(email_problem(good), None, "{good}");
        }
        let hint = |email: &str| email_problem(email).unwrap_or_default();
        assert_eq!(hint("mailto:a@b.com"), "write the address without `mailto:`: `a@b.com`");
        assert_eq!(hint("Acme Support <help@acme.com>"), "write the address alone: `help@acme.com`");
        assert_eq!(hint("help @acme.com"), "an address has no spaces: `help@acme.com`");
        assert_eq!(hint("help"), "an address has an `@` between the mailbox and the domain, like `help@example.com`");
        assert_eq!(hint("a@b@c.com"), "an address has exactly one `@`");
        assert_eq!(hint("@acme.com"), "put the mailbox name before the `@`, like `support@acme.com`");
        assert_eq!(hint("help@"), "put the domain after the `@`, like `help@example.com`");
        assert_eq!(hint("help@acme..com"), "`acme..com` is no domain name: write it like `example.com`");
    }

    #[test]
    fn a_phone_link_dials_what_the_number_shows() {
        // Issue 13: `1-800-FLOWERS` became `tel:1800`.
        let dial = |phone: &str| dial_string(phone);
        assert_eq!(dial("1-800-FLOWERS").as_deref(), Ok("18003569377"));
        assert_eq!(dial("1-800-flowers").as_deref(), Ok("18003569377"));
        assert_eq!(dial("+1 (800) 555-0100").as_deref(), Ok("+18005550100"));
        assert_eq!(dial("+44 (0)20 7946 0000").as_deref(), Ok("+442079460000"), "(0) is not dialled from abroad");
        assert_eq!(dial("030/1234567").as_deref(), Ok("0301234567"));
        assert_eq!(dial("+91\u{a0}1800\u{a0}266\u{a0}7400").as_deref(), Ok("+9118002667400"));
        assert_eq!(dial("112").as_deref(), Ok("112"));
        assert_eq!(dial("12"), Err(PhoneProblem::Digits(2)));
        assert_eq!(dial("+1 800 555 0100 9999 9999"), Err(PhoneProblem::Digits(19)));
        assert_eq!(dial("CALL-NOW"), Err(PhoneProblem::NoDigits));
        assert_eq!(dial("1-800-555-0100 #2"), Err(PhoneProblem::Stray('#')));
        assert_eq!(dial("0800 555 0100 or +1 800"), Err(PhoneProblem::Plus));
        assert_eq!(dial("+1 800 555 0100 ext. 12"), Err(PhoneProblem::Extension("+1 800 555 0100".into())));
        assert_eq!(dial("+1 800 555 0100 x12"), Err(PhoneProblem::Extension("+1 800 555 0100".into())));
        assert_eq!(dial("1-800-FIX 1234").as_deref(), Ok("18003491234"), "the x of a vanity word is a letter");
        let contact = Contact { phone: Some("1-800-FLOWERS".into()), ..Contact::default() };
        assert_eq!(contact.tel_uri().as_deref(), Some("tel:18003569377"));
        assert_eq!(Contact::default().tel_uri(), None);
    }

    #[test]
    fn impossible_dates_and_lonely_synonyms_are_refused() {
        let found = problems(&format!(
            "{SITE}complaints:\n  as_of: 2026-02-30\nsearch:\n  synonyms:\n    - [refund, money back]\n    - [refund]\n"
        ));
        let expected = [
            (
                4,
                "`as_of` must be a date like `2026-10-01`, not `2026-02-30`".to_string(),
                "February 2026 has 28 days: did you mean `2026-02-28`?".to_string(),
            ),
            (
                8,
                "synonym group `[refund]` needs at least two words or phrases".to_string(),
                "list words that mean the same in one group, like `[refund, money back]`, or remove it".to_string(),
            ),
        ];
        assert_eq!(found, expected);
    }
}
