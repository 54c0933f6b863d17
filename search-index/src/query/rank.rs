//! Ranking: combines per-term, per-field BM25 scores into ordered hits, identically for every
//! consumer (the backends only supply the scores of concrete terms).
//!
//! Scores add up like Tantivy's `BooleanQuery` of `Should` clauses, with the summation order
//! fixed here so that every side produces bit-identical `f32`s:
//! - a term's score is the sum over fields, in [`crate::schema::FIELDS`] order;
//! - a slot (variants, prefix or typo expansions of one word) takes its best term;
//! - an alternative (a synonym phrasing) sums its slots; a group takes its best alternative;
//! - a document sums its groups in query order, then is multiplied by its coordination factor
//!   (the share of query words it matches, as in Lucene's classic similarity), by its title
//!   coverage factor ([`TITLE_COVERAGE_WEIGHT`]: the share of its title's words the query
//!   holds, from [`TITLE_COVERAGE_MIN`]) and by the popularity boost.
//!
//! Title coverage puts "How do I reset my password?" first for "reset password" (below "Is it
//! possible to reset a password after it was reset?" on a generated 1,000-entry site before).
//! Measured with `cargo bench --bench search_quality` (acc@1, before → after): CLINC150 0.635
//! → 0.642, en 0.709 → 0.714, tr, hi, Hinglish and the Hinglish dev set unchanged; weights of
//! 0.25–1 without the minimum cost en, tr and hi 1–4 points (a shared common word lifted the
//! wrong short title).
//!
//! Order (the documented tie rule): by score (higher first), then by document number (the order
//! the site builder handed the entries). Whether a document matched every query word is
//! reported with each hit, and rewarded through the coordination factor, but it is no tier of
//! its own: measured with `cargo bench --bench search_quality`, putting such documents first
//! cost real users' words (CLINC150 0.635 → 0.631 acc@1) and the sample's Hindi (0.691 → 0.632)
//! and Hinglish (0.769 → 0.738), for one English query gained: an entry that holds every word of
//! a long sentence is rarely its answer. (Coordination itself lifts Hinglish from 0.48 to 0.65
//! and English from 0.62 to 0.64.)

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;

use super::bm25::FIELD_NORMS_TABLE;
use super::plan::{Alternative, Group, QueryPlan};
use super::QueryError;
use crate::schema::{popularity_boost, NUM_FIELDS};

/// Scored postings of concrete terms, from Tantivy or from the static index.
pub trait TermScorer {
    /// The BM25 score (field boost included) of every document holding `term` in field number
    /// `field`, as `(doc, score)` sorted by doc; empty if none.
    fn field_scores(&self, term: &str, field: usize) -> Result<Vec<(u32, f32)>, QueryError>;

    /// The score of every document holding `term` in any field, as `(doc, score)` sorted by
    /// doc: per document, `0.0` plus its [`field_scores`](Self::field_scores) in
    /// [`crate::schema::FIELDS`] order. This is what [`rank`] scores with.
    ///
    /// A term's scores do not depend on the query, so a backend answering many queries may
    /// override this to memoise them (and lend them, rather than copy a long list per query);
    /// an override must return exactly (bit for bit) what this provided body returns.
    fn term_scores(&self, term: &str) -> Result<Cow<'_, [(u32, f32)]>, QueryError> {
        let mut all = Vec::new();
        for field in 0..NUM_FIELDS {
            all.extend(self.field_scores(term, field)?);
        }
        // A stable sort keeps each document's scores in field order, the order they add up in.
        all.sort_by_key(|&(doc, _)| doc);
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(all.len());
        for (doc, score) in all {
            match out.last_mut() {
                Some(last) if last.0 == doc => last.1 += score,
                // Starting from 0.0 (not from `score`) keeps the sum's bits the same as ever
                // (`0.0 + -0.0` is `0.0`).
                _ => out.push((doc, 0.0 + score)),
            }
        }
        Ok(Cow::Owned(out))
    }

    /// The documents holding `term` in their title ([`crate::schema::FIELDS`]' first field),
    /// each with its title's field-norm id (the title's length in tokens, exact up to 40), as
    /// `(doc, fieldnorm_id)` sorted by doc.
    /// Like [`term_scores`](Self::term_scores), a backend may lend a memo of them.
    fn title_matches(&self, term: &str) -> Result<Cow<'_, [(u32, u8)]>, QueryError>;

    /// The quantised popularity of `doc` (see [`crate::schema::quantize_popularity`]).
    fn popularity(&self, doc: u32) -> u8;
    /// The popularity weight (see [`crate::schema::popularity_boost`]).
    fn popularity_weight(&self) -> f32;
}

/// One result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// Document number (the position of the entry in the indexed list).
    pub doc: u32,
    /// Final score: text score times popularity boost.
    pub score: f32,
    /// Whether every query word matched.
    pub matched_all: bool,
}

/// Scores and orders the documents matching any word of `plan`; at most `limit` hits.
///
/// Works list by list rather than document by document: each group's scores come from merging
/// the doc-sorted term lists, and groups add up in a dense array indexed by document. Every
/// document still sees the same additions and maxima in the same order as in the module docs,
/// so the scores are the same bits (the unit tests hold this against the plain evaluation).
pub fn rank(plan: &QueryPlan, scorer: &dyn TermScorer, limit: usize) -> Result<Vec<Hit>, QueryError> {
    let terms = plan.terms();
    // In term order, so that a backend's first error (e.g. a missing shard) is always the same.
    let postings = terms.iter().map(|term| scorer.term_scores(term)).collect::<Result<Vec<_>, _>>()?;
    let scores_of = |term: &str| terms.binary_search(&term).map_or(&[][..], |i| &*postings[i]);
    let titles = terms.iter().map(|term| scorer.title_matches(term)).collect::<Result<Vec<_>, _>>()?;
    let titles_of = |term: &str| terms.binary_search(&term).map_or(&[][..], |i| &*titles[i]);
    let num_docs = postings.iter().filter_map(|p| p.last()).map(|&(doc, _)| doc as usize + 1).max().unwrap_or(0);
    let num_groups = plan.groups.len();
    let weight = scorer.popularity_weight();
    let order = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));

    let tally = |scratch: &mut Scratch| {
        scratch.reset(num_docs);
        for group in &plan.groups {
            match single_term(group) {
                // The common case, without building the group's list: one alternative of one
                // slot of one term scores `0.0 + (0.0 + score)` (slot sum, then the total).
                Some(term) => {
                    for &(doc, score) in scores_of(term) {
                        scratch.add(doc, 0.0 + score, true);
                    }
                }
                None => {
                    for (doc, (best, matched)) in group_scores(group, &scores_of) {
                        scratch.add(doc, best, matched);
                    }
                }
            }
        }
        // Which query words each title holds (a title word is a term of the document's
        // postings, so its document is tallied already).
        for (g, group) in plan.groups.iter().enumerate() {
            for alternative in &group.alternatives {
                for term in alternative.slots.iter().flat_map(|s| &s.terms) {
                    for &(doc, norm) in titles_of(term) {
                        scratch.title(doc, g as u32, norm);
                    }
                }
            }
        }
        let hits = scratch.touched.iter().map(|&doc| {
            let tally = scratch.docs[doc as usize];
            let coordination = tally.scored_groups as f32 / num_groups.max(1) as f32;
            // The share of the title's words the query holds: "reset password" is all of "How do
            // I reset my password?" but for its question word, and less of a longer title.
            let title_length = FIELD_NORMS_TABLE[usize::from(tally.title_norm)].max(1) as f32;
            let coverage = title_coverage(tally.title_words, title_length);
            let score = tally.text_score
                * coordination
                * (1.0 + TITLE_COVERAGE_WEIGHT * coverage)
                * popularity_boost(scorer.popularity(doc), weight);
            Hit { doc, score, matched_all: tally.matched_groups as usize == num_groups }
        });
        best_hits(hits, limit, order)
    };
    // The per-document tallies are reused across the queries a thread ranks: they are as long
    // as the index has documents, and zeroing fresh ones per query costs more than scoring.
    Ok(SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => tally(&mut scratch),
        Err(_) => tally(&mut Scratch::default()),
    }))
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// How much a title the query covers lifts a document: its score is multiplied by
/// `1 + TITLE_COVERAGE_WEIGHT * coverage` (the coverage as `title_coverage` computes it).
pub const TITLE_COVERAGE_WEIGHT: f32 = 0.5;
/// The least share of a title's words the query must hold for the title to lift the document.
pub const TITLE_COVERAGE_MIN: f32 = 0.6;

/// The share of a title of `title_length` tokens that `title_words` query words cover, or 0
/// below [`TITLE_COVERAGE_MIN`]: a query that says most of what a title says is asking that
/// question ("reset password" and "How do I reset my password?", where only the question word
/// is missing), while one common word shared with a short title ("order" in "How do I cancel my
/// order?") says little.
fn title_coverage(title_words: u32, title_length: f32) -> f32 {
    let coverage = (title_words as f32 / title_length).min(1.0);
    if coverage >= TITLE_COVERAGE_MIN {
        coverage
    } else {
        0.0
    }
}

/// The score [`rank`] gives document `doc` for `plan` (bit for bit), or 0 when it holds no word
/// of the plan: a single document's hit, for a confidence measured against a document's own
/// question without ranking the index.
pub fn score_of(plan: &QueryPlan, scorer: &dyn TermScorer, doc: u32) -> Result<f32, QueryError> {
    // The score of `term` in `doc`, if it holds the term.
    let score_of_term = |term: &str| -> Result<Option<f32>, QueryError> {
        let scores = scorer.term_scores(term)?;
        Ok(scores.binary_search_by_key(&doc, |&(d, _)| d).ok().map(|i| scores[i].1))
    };
    let (mut text_score, mut scored_groups) = (0.0f32, 0u32);
    let (mut title_words, mut title_norm) = (0u32, 0u8);
    for group in &plan.groups {
        // The best alternative; each sums `0.0` and the best term of each slot it holds, as
        // `rank` adds them.
        let mut best: Option<f32> = None;
        let mut in_title = None;
        for alternative in &group.alternatives {
            let mut sum: Option<f32> = None;
            for slot in &alternative.slots {
                let mut slot_best: Option<f32> = None;
                for term in &slot.terms {
                    if let Some(score) = score_of_term(term)? {
                        slot_best = Some(slot_best.map_or(score, |b| b.max(score)));
                        if in_title.is_none() {
                            in_title = scorer.title_matches(term)?.iter().copied().find(|&(d, _)| d == doc);
                        }
                    }
                }
                if let Some(score) = slot_best {
                    sum = Some(sum.unwrap_or(0.0) + score);
                }
            }
            if let Some(sum) = sum {
                best = Some(best.map_or(sum, |b| b.max(sum)));
            }
        }
        if let Some(score) = best {
            text_score += score;
            scored_groups += 1;
        }
        if let Some((_, norm)) = in_title {
            title_words += 1;
            title_norm = norm;
        }
    }
    if scored_groups == 0 {
        return Ok(0.0);
    }
    let coordination = scored_groups as f32 / plan.groups.len().max(1) as f32;
    let title_length = FIELD_NORMS_TABLE[usize::from(title_norm)].max(1) as f32;
    let coverage = title_coverage(title_words, title_length);
    Ok(text_score
        * coordination
        * (1.0 + TITLE_COVERAGE_WEIGHT * coverage)
        * popularity_boost(scorer.popularity(doc), scorer.popularity_weight()))
}

/// Per-document tallies of one query, indexed by document number.
#[derive(Debug, Default)]
struct Scratch {
    docs: Vec<Tally>,
    /// The documents with a nonzero tally, in the order first scored.
    touched: Vec<u32>,
}

/// What the groups of a query gave one document.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    /// The sum of its group scores, in query order.
    text_score: f32,
    /// How many groups it has a score in.
    scored_groups: u32,
    /// How many groups it matched fully.
    matched_groups: u32,
    /// How many groups have a term in its title.
    title_words: u32,
    /// The last group counted in `title_words`, plus one (0: none yet).
    title_group: u32,
    /// Its title's field-norm id.
    title_norm: u8,
}

impl Scratch {
    /// Zeroes the previous query's tallies (here rather than after it, so that even an unwound
    /// panic leaves nothing behind) and makes room for `num_docs` documents.
    fn reset(&mut self, num_docs: usize) {
        for doc in self.touched.drain(..) {
            self.docs[doc as usize] = Tally::default();
        }
        if self.docs.len() < num_docs {
            self.docs.resize(num_docs, Tally::default());
        }
    }

    /// Notes that group number `group` has a term in the title of `doc` (of field-norm `norm`).
    fn title(&mut self, doc: u32, group: u32, norm: u8) {
        let Some(tally) = self.docs.get_mut(doc as usize) else { return };
        if tally.title_group != group + 1 {
            tally.title_group = group + 1;
            tally.title_words += 1;
            tally.title_norm = norm;
        }
    }

    /// Adds one group's score of `doc` (groups in query order).
    fn add(&mut self, doc: u32, score: f32, matched: bool) {
        let tally = &mut self.docs[doc as usize];
        if tally.scored_groups == 0 {
            self.touched.push(doc);
        }
        tally.text_score += score;
        tally.scored_groups += 1;
        tally.matched_groups += u32::from(matched);
    }
}

/// The best `limit` of `hits` under `order`, best first. `order` is total (documents are
/// distinct), so this is exactly the head of the fully sorted list.
fn best_hits(hits: impl Iterator<Item = Hit>, limit: usize, order: impl Fn(&Hit, &Hit) -> Ordering) -> Vec<Hit> {
    // Few hits wanted (matching wants 2): keep them sorted while scanning; most documents
    // fail the one comparison with the last kept.
    const INSERTION_MAX: usize = 16;
    if limit <= INSERTION_MAX {
        let mut best: Vec<Hit> = Vec::with_capacity(limit + 1);
        for hit in hits {
            if best.len() == limit && best.last().is_none_or(|last| order(&hit, last) != Ordering::Less) {
                continue;
            }
            let at = best.partition_point(|kept| order(kept, &hit) == Ordering::Less);
            best.insert(at, hit);
            best.truncate(limit);
        }
        return best;
    }
    let mut all: Vec<Hit> = hits.collect();
    if limit < all.len() {
        all.select_nth_unstable_by(limit - 1, &order);
        all.truncate(limit);
    }
    all.sort_unstable_by(order);
    all
}

/// The term of a group made of one alternative of one slot of one term.
fn single_term(group: &Group) -> Option<&str> {
    match group.alternatives.as_slice() {
        [alternative] => match alternative.slots.as_slice() {
            [slot] => match slot.terms.as_slice() {
                [term] => Some(term),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Per document holding any term of `group`, sorted by doc: the score of its best alternative
/// (alternatives compared in order) and whether some alternative matched all its slots.
fn group_scores<'p>(group: &Group, scores_of: &dyn Fn(&str) -> &'p [(u32, f32)]) -> Vec<(u32, (f32, bool))> {
    let mut out: Vec<(u32, (f32, bool))> = Vec::new();
    for (i, alternative) in group.alternatives.iter().enumerate() {
        let slots = alternative.slots.len();
        // A listed document has at least one slot, so all of them present means matched.
        let sums = alternative_scores(alternative, scores_of);
        out = if i == 0 {
            sums.into_iter().map(|(doc, (sum, present))| (doc, (sum, present == slots))).collect()
        } else {
            merge_by_doc(
                &out,
                &sums,
                |best| best,
                |(sum, present)| (sum, present == slots),
                |(best, matched), (sum, present)| (best.max(sum), matched || present == slots),
            )
        };
    }
    out
}

/// Per document holding any term of `alternative`, sorted by doc: `0.0` plus the best term
/// score of each slot it has, in slot order, and how many slots it has.
fn alternative_scores<'p>(
    alternative: &Alternative,
    scores_of: &dyn Fn(&str) -> &'p [(u32, f32)],
) -> Vec<(u32, (f32, usize))> {
    let mut out: Vec<(u32, (f32, usize))> = Vec::new();
    for (i, slot) in alternative.slots.iter().enumerate() {
        // The slot's best term, compared in term order (`f32::max`, as a `reduce` would).
        let mut best: Cow<'_, [(u32, f32)]> = Cow::Borrowed(&[]);
        for (j, term) in slot.terms.iter().enumerate() {
            let scores = scores_of(term);
            best = if j == 0 {
                Cow::Borrowed(scores)
            } else {
                Cow::Owned(merge_by_doc(&best, scores, |b| b, |s| s, f32::max))
            };
        }
        out = if i == 0 {
            best.iter().map(|&(doc, score)| (doc, (0.0 + score, 1))).collect()
        } else {
            merge_by_doc(&out, &best, |acc| acc, |score| (0.0 + score, 1), |(sum, n), score| (sum + score, n + 1))
        };
    }
    out
}

/// Merges two doc-sorted lists into one: `left` or `right` maps a document found in one list
/// only, `both` combines one found in both.
fn merge_by_doc<A: Copy, B: Copy, C>(
    a: &[(u32, A)],
    b: &[(u32, B)],
    left: impl Fn(A) -> C,
    right: impl Fn(B) -> C,
    both: impl Fn(A, B) -> C,
) -> Vec<(u32, C)> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let ((da, va), (db, vb)) = (a[i], b[j]);
        if da < db {
            out.push((da, left(va)));
            i += 1;
        } else if db < da {
            out.push((db, right(vb)));
            j += 1;
        } else {
            out.push((da, both(va, vb)));
            i += 1;
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|&(d, v)| (d, left(v))));
    out.extend(b[j..].iter().map(|&(d, v)| (d, right(v))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Slot;
    use std::collections::BTreeMap;

    /// Postings per term and field drawn from a fixed-seed generator, so every run sees the
    /// same cases.
    struct Toy {
        postings: BTreeMap<(String, usize), Vec<(u32, f32)>>,
        popularity: Vec<u8>,
    }

    impl TermScorer for Toy {
        fn field_scores(&self, term: &str, field: usize) -> Result<Vec<(u32, f32)>, QueryError> {
            Ok(self.postings.get(&(term.to_string(), field)).cloned().unwrap_or_default())
        }
        fn title_matches(&self, term: &str) -> Result<Cow<'_, [(u32, u8)]>, QueryError> {
            let docs = self.postings.get(&(term.to_string(), 0)).cloned().unwrap_or_default();
            Ok(docs.into_iter().map(|(doc, _)| (doc, (doc % 7) as u8 + 1)).collect())
        }
        fn popularity(&self, doc: u32) -> u8 {
            self.popularity[doc as usize]
        }
        fn popularity_weight(&self) -> f32 {
            0.3
        }
    }

    /// xorshift64: enough randomness for test cases, no dependency.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    const DOCS: u32 = 40;
    const TERMS: u64 = 12;

    fn toy(rng: &mut Rng) -> Toy {
        let mut postings = BTreeMap::new();
        for t in 0..TERMS {
            for field in 0..NUM_FIELDS {
                // Scores with many bits set, so that any change in summation order shows.
                let mut list = Vec::new();
                for doc in 0..DOCS {
                    if rng.below(4) == 0 {
                        list.push((doc, (1 + rng.below(1_000_000)) as f32 / 7919.0));
                    }
                }
                postings.insert((format!("t{t}"), field), list);
            }
        }
        let popularity = (0..DOCS).map(|_| rng.below(256) as u8).collect();
        Toy { postings, popularity }
    }

    fn slot(rng: &mut Rng) -> Slot {
        Slot { terms: (0..1 + rng.below(3)).map(|_| format!("t{}", rng.below(TERMS))).collect() }
    }

    fn plan(rng: &mut Rng) -> QueryPlan {
        let groups = (0..rng.below(6))
            .map(|_| Group {
                // Zero alternatives: an unknown word; several: a synonym span.
                alternatives: (0..rng.below(4))
                    .map(|_| Alternative { slots: (0..1 + rng.below(3)).map(|_| slot(rng)).collect() })
                    .collect(),
            })
            .collect();
        QueryPlan { groups }
    }

    /// The ranking evaluated document by document from per-term maps: the definition that
    /// [`rank`] must reproduce bit for bit.
    fn reference(plan: &QueryPlan, scorer: &dyn TermScorer, limit: usize) -> Vec<Hit> {
        let mut term_scores: BTreeMap<&str, BTreeMap<u32, f32>> = BTreeMap::new();
        for term in plan.terms() {
            let mut per_doc: BTreeMap<u32, f32> = BTreeMap::new();
            for field in 0..NUM_FIELDS {
                for (doc, score) in scorer.field_scores(term, field).unwrap() {
                    *per_doc.entry(doc).or_insert(0.0) += score;
                }
            }
            term_scores.insert(term, per_doc);
        }
        let mut candidates: Vec<u32> = term_scores.values().flat_map(|m| m.keys().copied()).collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut hits = Vec::new();
        for doc in candidates {
            let lookup = |term: &str| term_scores.get(term).and_then(|m| m.get(&doc)).copied();
            let (mut total, mut matched_all, mut matched_groups) = (0.0f32, !plan.groups.is_empty(), 0);
            for group in &plan.groups {
                let (mut best, mut matched) = (None::<f32>, false);
                for alternative in &group.alternatives {
                    let (mut sum, mut any_slot, mut every_slot) = (0.0f32, false, true);
                    for slot in &alternative.slots {
                        match slot.terms.iter().filter_map(|t| lookup(t)).reduce(f32::max) {
                            Some(score) => {
                                sum += score;
                                any_slot = true;
                            }
                            None => every_slot = false,
                        }
                    }
                    if any_slot {
                        best = Some(best.map_or(sum, |b| b.max(sum)));
                    }
                    matched |= every_slot && !alternative.slots.is_empty();
                }
                if let Some(score) = best {
                    total += score;
                    matched_groups += 1;
                }
                matched_all &= matched;
            }
            let coordination = matched_groups as f32 / plan.groups.len().max(1) as f32;
            // The groups with a term in this document's title, and its title's length.
            let mut title_words = 0u32;
            let mut title_norm = 0u8;
            for group in &plan.groups {
                let terms = group.alternatives.iter().flat_map(|a| a.slots.iter().flat_map(|s| &s.terms));
                let found = terms
                    .filter_map(|t| scorer.title_matches(t).unwrap().iter().copied().find(|&(d, _)| d == doc))
                    .next();
                if let Some((_, norm)) = found {
                    title_words += 1;
                    title_norm = norm;
                }
            }
            let length = FIELD_NORMS_TABLE[usize::from(title_norm)].max(1) as f32;
            let coverage = title_coverage(title_words, length);
            let boost = popularity_boost(scorer.popularity(doc), scorer.popularity_weight());
            hits.push(Hit {
                doc,
                score: total * coordination * (1.0 + TITLE_COVERAGE_WEIGHT * coverage) * boost,
                matched_all,
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        hits
    }

    #[test]
    fn a_title_lifts_its_document_only_when_the_query_holds_most_of_it() {
        assert_eq!(title_coverage(2, 3.0), 2.0 / 3.0, "reset password / how reset password");
        assert_eq!(title_coverage(1, 1.0), 1.0);
        assert_eq!(title_coverage(4, 3.0), 1.0, "a word in two groups counts once at most");
        assert_eq!(title_coverage(1, 3.0), 0.0, "one shared word of three");
        assert_eq!(title_coverage(2, 5.0), 0.0);
    }

    fn bits(hits: &[Hit]) -> Vec<(u32, u32, bool)> {
        hits.iter().map(|h| (h.doc, h.score.to_bits(), h.matched_all)).collect()
    }

    #[test]
    fn ranking_by_lists_gives_the_same_bits_as_scoring_each_document() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20 {
            let scorer = toy(&mut rng);
            for _ in 0..50 {
                let plan = plan(&mut rng);
                for limit in [0, 1, 2, 5, 100] {
                    let fast = rank(&plan, &scorer, limit).unwrap();
                    assert_eq!(bits(&fast), bits(&reference(&plan, &scorer, limit)), "{plan:?} limit {limit}");
                }
            }
        }
    }

    #[test]
    fn one_document_s_score_is_its_hit_s_score_bit_for_bit_title_coverage_included() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20 {
            let scorer = toy(&mut rng);
            for _ in 0..50 {
                let plan = plan(&mut rng);
                let hits = rank(&plan, &scorer, usize::MAX).unwrap();
                for doc in 0..DOCS {
                    let expected = hits.iter().find(|h| h.doc == doc).map_or(0.0, |h| h.score);
                    assert_eq!(
                        score_of(&plan, &scorer, doc).unwrap().to_bits(),
                        expected.to_bits(),
                        "{plan:?} doc {doc}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_strong_match_of_some_words_outranks_a_weak_match_of_every_word() {
        // Doc 0 holds both words weakly; doc 1 only the first, strongly. Coordination halves
        // doc 1's score, and that is all the credit doc 0 gets for matching both: no tier.
        let mut postings = BTreeMap::new();
        postings.insert(("a".to_string(), 0), vec![(0, 1.0), (1, 9.0)]);
        postings.insert(("b".to_string(), 0), vec![(0, 1.0)]);
        let scorer = Toy { postings, popularity: vec![0, 0] };
        let word =
            |t: &str| Group { alternatives: vec![Alternative { slots: vec![Slot { terms: vec![t.to_string()] }] }] };
        let hits = rank(&QueryPlan { groups: vec![word("a"), word("b")] }, &scorer, 10).unwrap();
        assert_eq!(hits.iter().map(|h| (h.doc, h.matched_all)).collect::<Vec<_>>(), [(1, false), (0, true)]);
    }

    #[test]
    fn term_scores_add_up_fields_in_field_order() {
        let scorer = toy(&mut Rng(7));
        for t in 0..TERMS {
            let term = format!("t{t}");
            let mut expected: BTreeMap<u32, f32> = BTreeMap::new();
            for field in 0..NUM_FIELDS {
                for (doc, score) in scorer.field_scores(&term, field).unwrap() {
                    *expected.entry(doc).or_insert(0.0) += score;
                }
            }
            let got: Vec<(u32, u32)> =
                scorer.term_scores(&term).unwrap().iter().map(|&(d, s)| (d, s.to_bits())).collect();
            let expected: Vec<(u32, u32)> = expected.into_iter().map(|(d, s)| (d, s.to_bits())).collect();
            assert_eq!(got, expected);
        }
    }
}
