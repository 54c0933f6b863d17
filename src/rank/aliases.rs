//! Alias suggestions: phrasings customers use for an entry that the entry itself lacks.
//!
//! A phrasing qualifies when it recurs (at least [`MIN_COUNT`] complaints in the window) among
//! the complaints counted for one entry, either matched with confidence or tagged with the
//! entry's id by an agent, is short enough to be an alias, and holds at least one word none of
//! whose terms occur in the entry (question, aliases, headings, answer, tags). Customers write
//! "beneficiary" where the entry says "payee": that word is what the suggestion adds (a
//! misspelling of a word the entry has is not new: search's typo tolerance covers it). Phrasings
//! are already normalised and masked again before they are shown; nothing is published until an
//! editor copies a suggestion into the entry's `aliases:`.

use super::{mask, Texts};
use crate::model::{Entry, Model};
use search_index::analyzer_for;
use search_index::query::typo::{edit_distance, max_edits, TYPO_PREFIX_CHARS};
use std::collections::{HashMap, HashSet};

/// Complaints a phrasing needs before it is suggested.
pub const MIN_COUNT: u64 = 2;
/// Longest phrasing, in words, that still reads like an alias.
const MAX_WORDS: usize = 8;
/// Suggestions kept per entry and language.
const PER_ENTRY: usize = 3;
/// Suggestions in a report at most: an editor reads the top of the list.
const MAX_SUGGESTIONS: usize = 100;
/// Most-used phrasings examined at most (each costs an analysis of it and of its entry).
const MAX_EXAMINED: usize = 500;

/// One suggested alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasSuggestion {
    /// Translation key of the entry (`orders/refund`).
    pub key: String,
    /// Language of the phrasing.
    pub lang: String,
    /// Id of the entry in that language.
    pub id: String,
    /// Title of the entry in that language.
    pub title: String,
    /// The phrasing, normalised and masked.
    pub phrasing: String,
    /// Complaints in the window that used it.
    pub count: u64,
    /// Its words that the entry does not contain.
    pub new_words: Vec<String>,
}

/// Suggestions from `phrasings`: (key number, text number) → complaints, where `keys` names the
/// key numbers and `texts` the text numbers. Most used first.
pub(super) fn suggest(
    model: &Model,
    keys: &[&str],
    phrasings: &HashMap<(u32, u32), u64>,
    texts: &Texts,
) -> Vec<AliasSuggestion> {
    // Most used first, so the costly checks run only on what can reach the report.
    let mut candidates: Vec<((u32, u32), u64)> =
        phrasings.iter().filter(|(_, &count)| count >= MIN_COUNT).map(|(&kt, &count)| (kt, count)).collect();
    candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    candidates.truncate(MAX_EXAMINED);
    let by_key: Vec<HashMap<&str, &Entry>> =
        model.languages.iter().map(|l| l.entries.iter().map(|e| (e.key.as_str(), e)).collect()).collect();
    let mut vocabularies: HashMap<(usize, &str), HashSet<String>> = HashMap::new();
    let mut out: Vec<AliasSuggestion> = Vec::new();
    for ((k, t), count) in candidates {
        let Some(&key) = keys.get(k as usize).filter(|_| (t as usize) < texts.len()) else { continue };
        let text_key = texts.key(t as usize);
        let lang = usize::from(texts.lang(t as usize));
        let Some(language) = model.languages.get(lang) else { continue };
        let Some(&entry) = by_key[lang].get(key) else { continue };
        let analyzer = analyzer_for(&language.code);
        let words = analyzer.words(text_key);
        if words.is_empty() || words.len() > MAX_WORDS {
            continue;
        }
        let vocabulary = vocabularies.entry((lang, key)).or_insert_with(|| vocabulary_of(entry, &language.code));
        let mut new_words: Vec<String> = Vec::new();
        for word in &words {
            let surface = &text_key[word.from..word.to];
            let informative = word.chars >= 3 && !surface.chars().any(|c| c.is_numeric());
            if informative
                && !word.terms.iter().any(|t| vocabulary.contains(t))
                && !is_typo_of_any(&word.terms[0], word.chars, vocabulary)
                && !new_words.iter().any(|w| w == surface)
            {
                new_words.push(surface.to_string());
            }
        }
        if new_words.is_empty() {
            continue;
        }
        out.push(AliasSuggestion {
            key: key.to_string(),
            lang: language.code.clone(),
            id: entry.id.clone(),
            title: entry.title.clone(),
            phrasing: mask::mask(text_key),
            count,
            new_words,
        });
    }
    out.sort_by(|a, b| {
        (&a.key, &a.lang).cmp(&(&b.key, &b.lang)).then(b.count.cmp(&a.count)).then_with(|| a.phrasing.cmp(&b.phrasing))
    });
    let mut kept: Vec<AliasSuggestion> = Vec::new();
    for s in out {
        let same = kept.iter().filter(|k| k.key == s.key && k.lang == s.lang).count();
        if same < PER_ENTRY {
            kept.push(s);
        }
    }
    kept.sort_by(|a, b| {
        b.count.cmp(&a.count).then_with(|| (&a.key, &a.lang, &a.phrasing).cmp(&(&b.key, &b.lang, &b.phrasing)))
    });
    kept.truncate(MAX_SUGGESTIONS);
    kept
}

/// Whether `term` is a misspelling of a term of the entry, as search's typo tolerance sees it
/// (same first characters, few edits): search already finds the entry for it, so it is no new
/// word ("cancle" for "cancel").
fn is_typo_of_any(term: &str, chars: usize, vocabulary: &HashSet<String>) -> bool {
    let edits = max_edits(chars);
    let start: String = term.chars().take(TYPO_PREFIX_CHARS).collect();
    edits > 0 && vocabulary.iter().any(|v| v.starts_with(&start) && edit_distance(term, v, edits).is_some())
}

/// Every term of an entry's searchable text.
fn vocabulary_of(entry: &Entry, lang: &str) -> HashSet<String> {
    let analyzer = analyzer_for(lang);
    std::iter::once(&entry.title)
        .chain(&entry.aliases)
        .chain(&entry.headings)
        .chain(std::iter::once(&entry.text))
        .chain(&entry.tags)
        .flat_map(|text| analyzer.words(text))
        .flat_map(|w| w.terms)
        .collect()
}
