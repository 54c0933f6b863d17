//! Synonym groups from `helpmark.yaml` (`search: synonyms: [[refund, money back], ...]`),
//! analysed once per language and applied at query time by every consumer.
//!
//! A query span whose primary terms equal those of a member phrase becomes one query word
//! whose alternatives are all members of the group, so "money back" finds an entry that only
//! says "refund" and counts as matching every word of the query.

use crate::analyzer::{Analyzer, Word};

/// Synonym groups analysed with one language's analyzer.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    /// Per group, per member phrase, the phrase's analysed words.
    groups: Vec<Vec<Vec<Word>>>,
}

impl Synonyms {
    /// Analyses the groups, function words kept in place so that "sign in" stays a phrase
    /// rather than becoming "sign"; members with no searchable word are dropped, as are groups
    /// left with fewer than two members.
    pub fn new(analyzer: &Analyzer, groups: &[Vec<String>]) -> Synonyms {
        let groups = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|phrase| analyzer.words_with_function_words(phrase))
                    .filter(|words| words.iter().any(|w| !w.function))
                    .collect::<Vec<_>>()
            })
            .filter(|members| members.len() >= 2)
            .collect();
        Synonyms { groups }
    }

    /// The longest member matching `words` at their start: its length in words and its group.
    pub(crate) fn match_at(&self, words: &[Word]) -> Option<(usize, &[Vec<Word>])> {
        let mut best: Option<(usize, &[Vec<Word>])> = None;
        for members in &self.groups {
            for member in members {
                let len = member.len();
                let fits = len <= words.len() && member.iter().zip(words).all(|(m, w)| m.terms[0] == w.terms[0]);
                if fits && best.is_none_or(|(best_len, _)| len > best_len) {
                    best = Some((len, members.as_slice()));
                }
            }
        }
        best
    }
}
