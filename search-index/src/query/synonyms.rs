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
    /// Every member as (group, member), bucketed by a hash of the primary term of its first
    /// word: bucket `b` is `members[starts[b]..starts[b + 1]]`, in group and member order. A
    /// query word looks only at its bucket; scanning every group for every query word made a
    /// build with 200,000 groups take minutes (complaint matching plans thousands of queries).
    /// Two linear passes build it, with no sort and no hash map code in the wasm client.
    starts: Vec<usize>,
    /// See `starts`.
    members: Vec<(usize, usize)>,
}

impl Synonyms {
    /// Analyses the groups, function words kept in place so that "sign in" stays a phrase
    /// rather than becoming "sign"; members with no searchable word are dropped, as are groups
    /// left with fewer than two members.
    pub fn new(analyzer: &Analyzer, groups: &[Vec<String>]) -> Synonyms {
        let groups: Vec<Vec<Vec<Word>>> = groups
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
        let all = || groups.iter().enumerate().flat_map(|(g, members)| (0..members.len()).map(move |m| (g, m)));
        let total = all().count();
        let mask = total.next_power_of_two() - 1;
        let buckets: Vec<usize> = all().map(|(g, m)| bucket(first_term(&groups[g][m]), mask)).collect();
        // Counting sort by bucket: sizes, then where each bucket starts, then the members in
        // order, which keeps every bucket in group and member order.
        let mut starts = vec![0; mask + 2];
        for &b in &buckets {
            starts[b + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let mut members = vec![(0, 0); total];
        for (member, &b) in all().zip(&buckets) {
            members[next[b]] = member;
            next[b] += 1;
        }
        Synonyms { groups, starts, members }
    }

    /// The longest member matching `words` at their start: its length in words and its group.
    /// Of equally long members, the first in group order wins.
    pub(crate) fn match_at(&self, words: &[Word]) -> Option<(usize, &[Vec<Word>])> {
        let first = words.first().map(|w| w.terms[0].as_str())?;
        // Empty (`Synonyms::default()`): no bucket at all.
        let mask = self.starts.len().checked_sub(2)?;
        let b = bucket(first, mask);
        let mut best: Option<(usize, &[Vec<Word>])> = None;
        for &(g, m) in &self.members[self.starts[b]..self.starts[b + 1]] {
            let candidate = &self.groups[g][m];
            let len = candidate.len();
            let fits = len <= words.len() && candidate.iter().zip(words).all(|(m, w)| m.terms[0] == w.terms[0]);
            if fits && best.is_none_or(|(best_len, _)| len > best_len) {
                best = Some((len, self.groups[g].as_slice()));
            }
        }
        best
    }
}

/// The primary term of a member's first word (members and words are never empty).
fn first_term(member: &[Word]) -> &str {
    &member[0].terms[0]
}

/// The bucket of `term` among `mask + 1` (a power of two): FNV-1a, the same on every platform.
fn bucket(term: &str, mask: usize) -> usize {
    let hash = term.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    // Truncation is the point: the low bits pick the bucket.
    (hash as usize) & mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer_for;

    fn groups(lists: &[&[&str]]) -> Vec<Vec<String>> {
        lists.iter().map(|g| g.iter().map(|s| s.to_string()).collect()).collect()
    }

    /// The first member of the group `match_at` picks for `query`, and the span's length.
    fn matched(synonyms: &Synonyms, query: &str) -> Option<(usize, Vec<String>)> {
        let words = analyzer_for("en").words_with_function_words(query);
        synonyms.match_at(&words).map(|(len, members)| (len, members[0].iter().map(|w| w.terms[0].clone()).collect()))
    }

    #[test]
    fn the_longest_member_wins_and_ties_go_to_the_earlier_group() {
        let en = analyzer_for("en");
        let synonyms = Synonyms::new(
            &en,
            &groups(&[&["cash", "money"], &["refund", "money back"], &["repayment", "money"], &["sign in", "login"]]),
        );
        assert_eq!(matched(&synonyms, "money back please"), Some((2, vec!["refund".into()])));
        assert_eq!(matched(&synonyms, "money now"), Some((1, vec!["cash".into()])), "first group of two");
        assert_eq!(matched(&synonyms, "sign in"), Some((2, vec!["sign".into(), "in".into()])));
        assert_eq!(matched(&synonyms, "sign up"), None);
        assert_eq!(matched(&synonyms, "parcel"), None);
        assert_eq!(matched(&synonyms, ""), None);
        assert_eq!(matched(&Synonyms::new(&en, &[]), "money"), None);
        assert_eq!(matched(&Synonyms::default(), "money"), None);
    }

    #[test]
    fn a_word_finds_its_group_among_many() {
        // Regression (issue 13): 200,000 groups were scanned for every query word.
        let en = analyzer_for("en");
        let many: Vec<Vec<String>> = (0..20_000).map(|i| vec![format!("zq{i}a"), format!("zq{i}b zq{i}c")]).collect();
        let synonyms = Synonyms::new(&en, &many);
        assert_eq!(matched(&synonyms, "zq12345b zq12345c"), Some((2, vec!["zq12345a".into()])));
        assert_eq!(matched(&synonyms, "zq12345b"), None, "half a phrase is no member");
    }
}
