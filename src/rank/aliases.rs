//! Alias suggestions: short phrases customers use for an entry that the entry itself lacks.
//!
//! The phrasings counted for one entry (matched with confidence, or tagged with the entry's id
//! by an agent) are cut into phrases of two to four words that neither start nor end with a
//! function word ("money back", "cash on delivery", "gst receipt"); a phrase qualifies when it
//! recurs (in at least [`MIN_COUNT`] complaints in the window) and holds at least one word
//! none of whose terms occur in the entry (question, aliases, headings, answer, tags).
//! Customers write "beneficiary" where the entry says "payee": that word is what the
//! suggestion adds (a misspelling of a word the entry has is not new: search's typo tolerance
//! covers it). Numbers, the letters of codes (`MM` of `MM-482913`) and the word labelling a
//! code (`order` before it) are never part of a phrase. Per entry the most used phrases are
//! kept, shorter first at equal use, each adding new words the ones before did not. Phrases
//! are masked again before they are shown; nothing is published until an editor copies a
//! suggestion into the entry's `aliases:`.

use super::gaps::CodeWords;
use super::{mask, Texts};
use crate::model::{Entry, Model};
use search_index::analyzer_for;
use search_index::query::typo::{edit_distance, max_edits, TYPO_PREFIX_CHARS};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Complaints a phrase needs before it is suggested.
pub const MIN_COUNT: u64 = 2;
/// Words of a suggested phrase, function words included.
const PHRASE_WORDS: std::ops::RangeInclusive<usize> = 2..=4;
/// Suggestions kept per entry and language.
const PER_ENTRY: usize = 3;
/// Suggestions in a report at most: an editor reads the top of the list.
const MAX_SUGGESTIONS: usize = 100;
/// Most-used phrasings examined at most (each costs an analysis of it and of its entry).
const MAX_EXAMINED: usize = 500;

/// One suggested alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AliasSuggestion {
    /// Translation key of the entry (`orders/refund`).
    pub key: String,
    /// Language of the phrase.
    pub lang: String,
    /// Id of the entry in that language.
    pub id: String,
    /// Title of the entry in that language.
    pub title: String,
    /// The phrase, normalised and masked.
    pub phrasing: String,
    /// Complaints in the window whose text holds it.
    pub count: u64,
    /// Its words that the entry does not contain.
    pub new_words: Vec<String>,
}

/// A phrase found in the phrasings of one entry: complaints and new words.
struct Candidate {
    count: u64,
    words: usize,
    new_words: Vec<String>,
    /// Its first and last words.
    ends: (String, String),
}

/// A new word of more entries than this share of those with phrases (and more than
/// [`FILLER_MIN_ENTRIES`]) is a filler ("please", "help", "urgent"): customers add it to any
/// question, so it is no alias of one. It counts as no new word and ends no phrase.
const FILLER_SHARE: f64 = 0.05;
/// See [`FILLER_SHARE`].
const FILLER_MIN_ENTRIES: usize = 3;

/// Suggestions from `phrasings`: (key number, text number) → complaints, where `keys` names the
/// key numbers and `texts` the text numbers; `codes` are the code letters of the logs. Most
/// used first.
pub(super) fn suggest(
    model: &Model,
    keys: &[&str],
    phrasings: &HashMap<(u32, u32), u64>,
    texts: &Texts,
    codes: &CodeWords,
) -> Vec<AliasSuggestion> {
    // Most used first, so the costly checks run only on what can reach the report.
    let mut examined: Vec<((u32, u32), u64)> = phrasings.iter().map(|(&kt, &count)| (kt, count)).collect();
    examined.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    examined.truncate(MAX_EXAMINED);
    let by_key: Vec<HashMap<&str, &Entry>> =
        model.languages.iter().map(|l| l.entries.iter().map(|e| (e.key.as_str(), e)).collect()).collect();
    let mut vocabularies: HashMap<(usize, &str), Vocabulary> = HashMap::new();
    let no_codes = HashSet::new();
    // (language number, key) → phrase → candidate; ordered, so the output is deterministic.
    let mut found: BTreeMap<(usize, &str), BTreeMap<String, Candidate>> = BTreeMap::new();
    for ((k, t), count) in examined {
        let Some(&key) = keys.get(k as usize).filter(|_| (t as usize) < texts.len()) else { continue };
        let text_key = texts.key(t as usize);
        let lang = usize::from(texts.lang(t as usize));
        let Some(language) = model.languages.get(lang) else { continue };
        if !by_key[lang].contains_key(key) {
            continue;
        }
        let entry = by_key[lang][key];
        let (vocabulary, folded) =
            vocabularies.entry((lang, key)).or_insert_with(|| vocabulary_of(entry, &language.code));
        let codes = codes.of(&language.code).unwrap_or(&no_codes);
        let words = analyzer_for(&language.code).words_with_function_words(text_key);
        let surface = |i: usize| &text_key[words[i].from..words[i].to];
        let is_code = |i: usize| i < words.len() && codes.contains(surface(i));
        // A word that can be in no phrase: a number, a code's letters, the label before a code.
        let blocked: Vec<bool> = (0..words.len())
            .map(|i| {
                let next_content = (i + 1..words.len()).find(|&j| !words[j].function);
                surface(i).chars().any(char::is_numeric) || is_code(i) || next_content.is_some_and(is_code)
            })
            .collect();
        let new: Vec<bool> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                !w.function
                    && !blocked[i]
                    && w.chars >= 3
                    && !w.terms.iter().any(|t| vocabulary.contains(t))
                    && !is_typo_of_any(&w.terms[0], w.chars, vocabulary)
                    && !is_transposition_of_any(&w.prefix, folded)
            })
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        for start in 0..words.len() {
            for len in PHRASE_WORDS {
                let end = start + len - 1;
                if end >= words.len() || blocked[start..=end].iter().any(|&b| b) {
                    break;
                }
                if words[start].function || words[end].function || !new[start..=end].iter().any(|&n| n) {
                    continue;
                }
                let phrase = &text_key[words[start].from..words[end].to];
                if !seen.insert(phrase) {
                    continue;
                }
                let candidate = found.entry((lang, key)).or_default().entry(phrase.to_string()).or_insert_with(|| {
                    let mut new_words: Vec<String> = Vec::new();
                    for i in (start..=end).filter(|&i| new[i]) {
                        if !new_words.iter().any(|w| w == surface(i)) {
                            new_words.push(surface(i).to_string());
                        }
                    }
                    Candidate { count: 0, words: len, new_words, ends: (surface(start).into(), surface(end).into()) }
                });
                candidate.count += count;
            }
        }
    }
    // Fillers: new words of many entries.
    let mut entries_of: HashMap<&str, HashSet<(usize, &str)>> = HashMap::new();
    for (&entry, phrases) in &found {
        for word in phrases.values().flat_map(|c| &c.new_words) {
            entries_of.entry(word.as_str()).or_default().insert(entry);
        }
    }
    let most = FILLER_MIN_ENTRIES.max((found.len() as f64 * FILLER_SHARE) as usize);
    let fillers: HashSet<String> =
        entries_of.into_iter().filter(|(_, e)| e.len() > most).map(|(w, _)| w.to_string()).collect();
    let mut kept: Vec<AliasSuggestion> = Vec::new();
    for ((lang, key), phrases) in found {
        let entry = by_key[lang][key];
        let mut ranked: Vec<(String, Candidate)> = phrases
            .into_iter()
            .filter(|(_, c)| c.count >= MIN_COUNT && !fillers.contains(&c.ends.0) && !fillers.contains(&c.ends.1))
            .map(|(phrase, mut c)| {
                c.new_words.retain(|w| !fillers.contains(w));
                (phrase, c)
            })
            .filter(|(_, c)| !c.new_words.is_empty())
            .collect();
        ranked.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.1.words.cmp(&b.1.words)).then_with(|| a.0.cmp(&b.0)));
        let mut covered: HashSet<String> = HashSet::new();
        let mut taken = 0;
        for (phrase, candidate) in ranked {
            if taken == PER_ENTRY {
                break;
            }
            // Each suggestion brings a new word the ones before it did not.
            if candidate.new_words.iter().all(|w| covered.contains(w)) {
                continue;
            }
            covered.extend(candidate.new_words.iter().cloned());
            taken += 1;
            kept.push(AliasSuggestion {
                key: key.to_string(),
                lang: model.languages[lang].code.clone(),
                id: entry.id.clone(),
                title: entry.title.clone(),
                phrasing: mask::mask(&phrase),
                count: candidate.count,
                new_words: candidate.new_words,
            });
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

/// Whether `folded` (a word folded, unstemmed) is a word of `words` with two neighbouring
/// letters swapped ("taek" for "take", "sohuld" for "should"): a slip of the fingers, no new
/// word, even where search's typo tolerance (same first letters) does not reach.
fn is_transposition_of_any(folded: &str, words: &HashSet<String>) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    chars.len() >= 4
        && (0..chars.len() - 1).any(|i| {
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            swapped != chars && words.contains(&swapped.into_iter().collect::<String>())
        })
}

/// An entry's terms, and its words folded but not stemmed.
type Vocabulary = (HashSet<String>, HashSet<String>);

/// Every term of an entry's searchable text, and every word of it folded but not stemmed
/// (function words too: a misspelt "should" is no new word either).
fn vocabulary_of(entry: &Entry, lang: &str) -> Vocabulary {
    let analyzer = analyzer_for(lang);
    let words: Vec<search_index::analyzer::Word> = std::iter::once(&entry.title)
        .chain(&entry.aliases)
        .chain(&entry.headings)
        .chain(std::iter::once(&entry.text))
        .chain(&entry.tags)
        .flat_map(|text| analyzer.words_with_function_words(text))
        .collect();
    let folded = words.iter().map(|w| w.prefix.clone()).collect();
    let terms = words.into_iter().filter(|w| !w.function).flat_map(|w| w.terms).collect();
    (terms, folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_neighbours_are_slips_not_new_words() {
        let words: HashSet<String> = ["take", "should", "export"].map(String::from).into();
        assert!(is_transposition_of_any("taek", &words));
        assert!(is_transposition_of_any("sohuld", &words));
        assert!(is_transposition_of_any("xeport", &words));
        assert!(!is_transposition_of_any("gst", &words), "too short to tell");
        assert!(!is_transposition_of_any("receipt", &words));
    }
}
