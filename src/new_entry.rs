//! `helpmark new`: writes a draft entry, or starts a translation of one, with its front matter.
//!
//! A new entry's file name is a slug of its question in its own language: the words that carry
//! meaning (the search analyzers' function words and question words are left out), lower-cased
//! the language's way (Turkish `İ` is `i`, `I` is `ı`), letters of every script kept as they
//! are, so "How do I change my delivery address?" is `change-delivery-address`, "Teslimat
//! adresimi nasıl değiştiririm?" is `teslimat-adresimi-değiştiririm` and "मैं अपना पता कैसे
//! बदलूँ?" is `पता-बदलूँ`. A translation keeps its original's path (same path = same entry)
//! and records `translated_from:` (the original's `updated` and content hash) for the
//! staleness check of `helpmark check`.

use crate::check::translations::file_hash;
use crate::config::{self, Config};
use crate::load::front_matter::{self, EntryMeta};
use crate::model::{is_safe_segment, markdown::is_combining};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    /// The site folder.
    pub source: &'a Path,
    /// The question; with `from`, defaults to the original's.
    pub title: Option<&'a str>,
    /// The category folder; with `from`, the original's.
    pub category: Option<&'a str>,
    /// Language code; default: the site's first language.
    pub lang: Option<&'a str>,
    /// The entry to translate, relative to `content/` (`en/orders/change-address.md`).
    pub from: Option<&'a Path>,
    /// The file name without `.md`; default: [`slug`] of the title.
    pub slug: Option<&'a str>,
    /// Today, `YYYY-MM-DD`, for `updated:`.
    pub today: &'a str,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// The folder holds no site.
    #[error("`{0}` holds no `helpmark.yaml`; run `helpmark init` there, or pass `--source` with a site folder")]
    NoSite(PathBuf),
    /// The config does not load.
    #[error("`helpmark.yaml` has errors ({0}); `helpmark check` lists them")]
    Config(String),
    /// Something asked for is missing or wrong.
    #[error("{0}")]
    Usage(String),
    /// The file is there already.
    #[error("`{0}` exists already; nothing was changed (pass `--slug` for another file name)")]
    Exists(PathBuf),
    /// Reading or writing failed.
    #[error("cannot write `{path}`")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes the entry; returns its path (the site folder joined with `content/…`).
pub fn create(new: &NewEntry<'_>) -> Result<PathBuf, NewError> {
    if !new.source.join(config::FILE_NAME).is_file() {
        return Err(NewError::NoSite(new.source.to_path_buf()));
    }
    let config = config::load(new.source, Path::new(""), &config::Overrides::default()).map_err(|problems| {
        NewError::Config(format!("{} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" }))
    })?;
    let lang = new.lang.unwrap_or(config.default_language()).to_string();
    if !config.languages.contains(&lang) {
        return Err(NewError::Usage(format!(
            "`{lang}` is not one of the site's languages ({}); add it to `languages:` in `helpmark.yaml` first",
            config.languages.join(", ")
        )));
    }
    let content = new.source.join("content");
    let folders = config.languages.len() > 1 || content.join(config.default_language()).is_dir();
    let (rel, text) = match new.from {
        Some(from) => translation(new, &config, &content, from, &lang, folders)?,
        None => draft(new, &lang, folders)?,
    };
    let path = content.join(&rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| NewError::Io { path: dir.to_path_buf(), source })?;
    }
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(NewError::Exists(path)),
        Err(source) => return Err(NewError::Io { path, source }),
    };
    file.write_all(text.as_bytes()).map_err(|source| NewError::Io { path: path.clone(), source })?;
    Ok(path)
}

/// A new entry: (path from `content/`, text).
fn draft(new: &NewEntry<'_>, lang: &str, folders: bool) -> Result<(String, String), NewError> {
    let title = new.title.map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
        NewError::Usage("give the question: `helpmark new \"How do I …?\" --category orders`".to_string())
    })?;
    let category =
        new.category.ok_or_else(|| NewError::Usage("give the category folder: `--category orders`".to_string()))?;
    if !is_safe_segment(category) {
        return Err(NewError::Usage(format!(
            "`{category}` is not a category folder name: use letters, digits, `-` and `_`"
        )));
    }
    let name = match new.slug {
        Some(s) => s.to_string(),
        None => slug(title, lang),
    };
    if !is_safe_segment(&name) {
        return Err(NewError::Usage(format!(
            "`{name}` is not a file name helpmark can use: letters, digits, `-` and `_`"
        )));
    }
    let folder = if folders { format!("{lang}/") } else { String::new() };
    let text = format!(
        "---\ntitle: {}\naliases: []\nupdated: {}\ndraft: true\n---\nThe answer, in a few sentences: the first one should answer the question on its own.\n",
        quoted(title),
        new.today
    );
    Ok((format!("{folder}{category}/{name}.md"), text))
}

/// A translation of `from`: (path from `content/`, text).
fn translation(
    new: &NewEntry<'_>,
    config: &Config,
    content: &Path,
    from: &Path,
    lang: &str,
    folders: bool,
) -> Result<(String, String), NewError> {
    if !folders {
        return Err(NewError::Usage(
            "the site has one language; add the new one to `languages:` in `helpmark.yaml` first (`helpmark check` then says how to arrange `content/`)".to_string(),
        ));
    }
    let written = from.to_string_lossy().replace('\\', "/");
    let rel = written.trim_start_matches("./").trim_start_matches("content/").to_string();
    let Some((source_lang, rest)) = rel.split_once('/').filter(|(l, _)| config.languages.iter().any(|c| c == l)) else {
        return Err(NewError::Usage(format!(
            "`--from {written}` must start with a language folder, like `{}/orders/change-address.md`",
            config.default_language()
        )));
    };
    if source_lang == lang {
        return Err(NewError::Usage(format!(
            "`--from {written}` is in `{lang}` already; pass the language to translate into with `--lang`"
        )));
    }
    let category = rest.split_once('/').map(|(c, _)| c).unwrap_or("");
    if let Some(asked) = new.category.filter(|c| *c != category) {
        return Err(NewError::Usage(format!(
            "a translation stays in its original's category (`{category}`, not `{asked}`): same path = same entry"
        )));
    }
    if new.slug.is_some() {
        return Err(NewError::Usage("a translation keeps its original's file name; leave out `--slug`".to_string()));
    }
    let path = content.join(&rel);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| NewError::Usage(format!("cannot read `--from` `{}`: {e}", path.display())))?;
    let bad = |what: &str| NewError::Usage(format!("`{}` {what}; `helpmark check` says more", path.display()));
    let split = front_matter::split(&text, &path).map_err(|_| bad("has no front matter"))?;
    let meta: EntryMeta = front_matter::parse(&text, &split, &path).map_err(|_| bad("has front matter errors"))?;
    let file = crate::load::SourceFile {
        rel: rel.clone(),
        path: path.clone(),
        text: text.clone(),
        split: split.clone(),
        kind: crate::load::SourceKind::Entry(meta.clone()),
    };
    let hash = file_hash(&file).unwrap_or_default();
    let title = new.title.map(str::trim).filter(|t| !t.is_empty()).or(meta.title.as_deref()).unwrap_or("");
    let mut front = format!("---\ntitle: {}\n", quoted(title));
    if let Some(id) = &meta.id {
        front.push_str(&format!("id: {id}\n"));
    }
    if let Some(order) = meta.order {
        front.push_str(&format!("order: {order}\n"));
    }
    front.push_str(&format!("updated: {}\ndraft: true\ntranslated_from:\n", new.today));
    if let Some(updated) = &meta.updated {
        front.push_str(&format!("  updated: {updated}\n"));
    }
    front.push_str(&format!("  hash: {hash}\n---\n"));
    Ok((format!("{lang}/{rest}"), front + &text[split.body]))
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if c.is_control() => vec![' '],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// Question words, which every question has; left out of slugs like function words.
const QUESTION_WORDS: &[&str] = &[
    "how",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "nasıl",
    "ne",
    "neden",
    "niçin",
    "nerede",
    "ne zaman",
    "hangi",
    "kim",
    "क्या",
    "कैसे",
    "कब",
    "कहाँ",
    "कहां",
    "क्यों",
    "कौन",
    "कितना",
    "कितने",
];

/// Longest slug, in characters: cut at a word boundary.
const MAX_SLUG_CHARS: usize = 60;

/// The file name for a question in `lang` (see the module's documentation).
pub fn slug(title: &str, lang: &str) -> String {
    let analyzer = search_index::analyzer_for(lang);
    let mut words = analyzer.words_with_function_words(title);
    // A joined code form (`E-1042` after `E` and `1042`) covers words already taken.
    let mut end = 0;
    words.retain(|w| {
        let fresh = w.from >= end;
        end = end.max(w.to);
        fresh
    });
    let folded: Vec<(String, bool)> = words
        .iter()
        .map(|w| {
            let word = lower(&title[w.from..w.to], lang);
            let skip = w.function || QUESTION_WORDS.contains(&word.as_str());
            (word, skip)
        })
        .filter(|(w, _)| !w.is_empty())
        .collect();
    let meaningful: Vec<&str> = folded.iter().filter(|(_, skip)| !skip).map(|(w, _)| w.as_str()).collect();
    let chosen: Vec<&str> =
        if meaningful.is_empty() { folded.iter().map(|(w, _)| w.as_str()).collect() } else { meaningful };
    let mut slug = String::new();
    for word in chosen {
        let grown = slug.chars().count() + word.chars().count() + usize::from(!slug.is_empty());
        if grown > MAX_SLUG_CHARS && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    let slug: String = slug.chars().take(MAX_SLUG_CHARS).collect();
    if slug.is_empty() {
        "entry".to_string()
    } else {
        slug
    }
}

/// `word` lower-cased the way of `lang`, with only what a safe file name holds: letters and
/// digits of any script and the marks that belong to Devanagari words; anything else (the
/// dot `İ` leaves in other languages, joiners, punctuation inside a word) becomes `-` or goes.
fn lower(word: &str, lang: &str) -> String {
    let turkic = matches!(lang.split(['-', '_']).next(), Some("tr" | "az"));
    let mut out = String::new();
    for c in word.chars() {
        match c {
            'I' if turkic => out.push('ı'),
            'İ' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    let mut kept = String::new();
    for c in out.chars() {
        if c.is_alphanumeric() || is_combining(c) {
            kept.push(c);
        } else if matches!(c, '-' | '_' | '.' | '\'' | '’') && !kept.ends_with('-') && !kept.is_empty() {
            kept.push('-');
        }
    }
    kept.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_the_words_that_mean_something_in_every_script() {
        assert_eq!(slug("How do I change my delivery address?", "en"), "change-delivery-address");
        assert_eq!(slug("Teslimat adresimi nasıl değiştiririm?", "tr"), "teslimat-adresimi-değiştiririm");
        assert_eq!(slug("İADE İÇİN NE YAPMALIYIM?", "tr"), "iade-yapmalıyım");
        assert_eq!(slug("मैं अपना पता कैसे बदलूँ?", "hi"), "पता-बदलूँ");
        assert_eq!(slug("Where is E-1042?", "en"), "e-1042");
        assert_eq!(slug("How?", "en"), "how");
        assert_eq!(slug("???", "en"), "entry");
        for s in [slug("मैं अपना पता कैसे बदलूँ?", "hi"), slug("İSTANBUL'a kargo", "en")]
        {
            assert!(is_safe_segment(&s), "{s}");
        }
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(quoted("a: \"b\" \\ c"), "\"a: \\\"b\\\" \\\\ c\"");
    }
}
