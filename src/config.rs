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
    })
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
