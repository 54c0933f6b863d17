//! Tagged rows teach the matcher. Help desks let agents tag a ticket with the entry that
//! answered it; such a row counts for its entry directly, and its text says how customers
//! phrase that question. In the matcher's index each entry's answer is followed by the texts
//! it was tagged with, so later untagged rows worded the same way find it.
//!
//! Measured on a held-out split of the labelled queries (`cargo bench --bench match_quality`),
//! appending to the answer did better than the texts as extra aliases or as documents of their
//! own (nearest neighbour). On the sample's tagged tickets, held out the same way, it counts 87%
//! of them for the right entry instead of 75%; on the labelled queries, whose phrasings of one
//! entry differ on purpose, it changes nothing measurable (see `benches/README.md`). Only the
//! matcher sees the texts: the site's index and pages never hold complaint text.
//!
//! A text an agent tagged is also [`told`]: an untagged row with exactly that text (after
//! normalising) is the same question, so it counts for the tagged entry without matching. On the
//! CLINC150 log with 20% of its rows tagged, 471 of the 2,400 untagged rows repeat a tagged text;
//! matched, some of them went to another entry whose title they happen to share more words with.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use crate::index::{build_index_with, search_docs, settings, IndexError, LangIndex};
use crate::model::{Language, Model};
use search_index::SearchDoc;

/// Distinct texts taught per entry, most used first: bounds the index an export of millions
/// of tagged tickets could build, while the phrasings that recur are all kept.
pub const MAX_TEXTS_PER_ENTRY: usize = 50;

/// The matcher's index of `language`: its entries as search sees them (document `i` is entry
/// `i`), each answer followed by the texts in `taught` that name the entry. `taught` holds
/// (entry number in `language.entries`, normalised text, uses); texts beyond
/// [`MAX_TEXTS_PER_ENTRY`] per entry are left out, least used first.
pub fn matching_index(
    model: &Model,
    language: &Language,
    taught: &[(usize, &str, u64)],
) -> Result<LangIndex, IndexError> {
    Ok(build_index_with(&language.code, taught_docs(search_docs(language), taught), &settings(model))?.without_texts())
}

/// `docs` with the texts of `taught` (document number, normalised text, uses) after each
/// answer, as [`matching_index`] indexes them.
pub fn taught_docs(mut docs: Vec<SearchDoc>, taught: &[(usize, &str, u64)]) -> Vec<SearchDoc> {
    let mut per_entry: Vec<BTreeMap<&str, u64>> = vec![BTreeMap::new(); docs.len()];
    for &(entry, text, uses) in taught {
        if let Some(texts) = per_entry.get_mut(entry) {
            *texts.entry(text).or_insert(0) += uses;
        }
    }
    for (doc, texts) in docs.iter_mut().zip(per_entry) {
        let mut texts: Vec<(&str, u64)> = texts.into_iter().collect();
        // Most used first, ties in text order (a stable sort of a sorted map): the same logs
        // always teach the same index.
        texts.sort_by_key(|t| std::cmp::Reverse(t.1));
        for (text, _) in texts.into_iter().take(MAX_TEXTS_PER_ENTRY) {
            doc.body.push('\n');
            doc.body.push_str(text);
        }
    }
    docs
}

/// For each tagged text, the entry it was tagged with most: `tags` holds (text, entry, uses);
/// uses are summed per entry, and a tie goes to the lower entry, so the same logs always tell
/// the same. An agent's tag beats any score: a row with a told text counts for its entry.
pub fn told<T, E>(tags: impl IntoIterator<Item = (T, E, u64)>) -> HashMap<T, E>
where
    T: Hash + Eq,
    E: Ord + Copy,
{
    let mut votes: HashMap<T, BTreeMap<E, u64>> = HashMap::new();
    for (text, entry, uses) in tags {
        *votes.entry(text).or_default().entry(entry).or_insert(0) += uses;
    }
    votes
        .into_iter()
        .filter_map(|(text, entries)| {
            // Most uses first; among equals the lowest entry (max_by_key keeps the last maximum).
            let best = entries.into_iter().rev().max_by_key(|&(_, uses)| uses)?;
            Some((text, best.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::told;

    #[test]
    fn a_text_is_told_for_the_entry_it_was_tagged_with_most() {
        let told =
            told([("refund", 2, 1), ("refund", 1, 3), ("late", 5, 1), ("refund", 2, 1), ("tie", 4, 2), ("tie", 3, 2)]);
        assert_eq!(told["refund"], 1, "3 uses against 2");
        assert_eq!(told["late"], 5);
        assert_eq!(told["tie"], 3, "a tie goes to the lower entry");
        assert_eq!(told.len(), 3);
    }
}
