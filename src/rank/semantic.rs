//! Matching by meaning, where `complaints.match_model` names a sentence-embedding model for the
//! language ([`crate::embed`]). Words alone cannot tell that "do I need any shots before I go to
//! South Africa" asks "What vaccinations do I need for my trip?", or that "apply for a
//! mastercard" asks "How do I apply for a Larkspur credit card?" rather than "Has my
//! application gone through?"; a model trained on paraphrases places them near each other.
//!
//! - Each entry is a few vectors: its question with the start of its answer (the question's
//!   vector and that one's sum, so neither a short title nor a long answer decides alone), and
//!   each alias. A text's cosine with an entry is the highest with any of them.
//! - A text's own evidence is its [`KEPT`] nearest entries, each weighed by its cosine cubed
//!   (the nearest stand out) as a share of their sum.
//! - Then the texts' nearest texts vote, as the lexical matcher's do ([`super::neighbours`]):
//!   for [`ROUNDS`] rounds a text's vote is [`OWN`] of its own evidence and the rest its
//!   [`NEIGHBOURS`] nearest texts' votes, each heard by its cosine. A tagged text votes for its
//!   tag with its full weight every round.
//! - A text counts for the entry its vote favours when its own cosine with that entry is at
//!   least [`THRESHOLD`] and the favourite leads the runner-up by at least [`LEAD`] of its
//!   weight. A cosine means the same on a site of 5 entries and of 10,000: it compares the
//!   text with one entry, not with the others.
//!
//! The match by words is not mixed in: moving 10–20 % of a text's own evidence to the entry its
//! words match best helped the in-repo English set (acc@1 0.651 → 0.730) but let wrong matches
//! through on the CLINC150 log (wrong 0.062 → 0.068–0.094, top-10 overlap 0.9 → 0.8: tickets
//! asking for a new card counted for "damaged card" by the word "card"); real customers' words
//! decided.
//!
//! Measured with `cargo bench --bench devset_match` on the CLINC150 development log (3,000
//! rows, 64 entries), its labelled queries and the log on sites of 4 to 32 entries, and with
//! `--bench match_quality` on the in-repo English set (figures in `benches/README.md`); the
//! constants were chosen on the log and the queries' `val` split, then checked on the others.
//! A lead of 0.2 cut wrong matches on the log to 0.045 but right to 0.775 and "unmatched" F1
//! to 0.467; a threshold of 0.4 counted fewer right (0.788) for more wrong (0.088) with the
//! words mixed in.

use super::matching::Match;
use super::self_teach::Text;
use crate::embed::{nearest, Embedder};
use rayon::prelude::*;
use search_index::SearchDoc;

/// Entries kept in a text's evidence and vote, strongest first.
pub const KEPT: usize = 8;

/// The power a cosine is raised to as evidence: the nearest entries stand out from the many
/// that are a little near.
pub const POWER: i32 = 3;

/// Nearest texts each text listens to.
pub const NEIGHBOURS: usize = 10;

/// Share of a text's vote that stays its own evidence each round.
pub const OWN: f32 = 0.4;

/// Rounds of voting.
pub const ROUNDS: usize = 10;

/// Minimum cosine of a text with the entry it counts for.
pub const THRESHOLD: f32 = 0.35;

/// Minimum lead of the favourite over the runner-up, as a share of the favourite's weight.
pub const LEAD: f32 = 0.15;

/// Characters of an answer embedded with its question: its start says what it answers.
pub const ANSWER_CHARS: usize = 400;

/// At most this many texts, the most used, are matched by meaning (as in
/// [`super::neighbours::MAX_TEXTS`]); the others keep their match by words.
pub const MAX_TEXTS: usize = 20_000;

/// A text's weights on entries (document numbers), strongest first.
type Vote = Vec<(u32, f32)>;

/// Decides `matches` (`matches[i]` is `texts[i]`'s match by words) by meaning: `docs` are the
/// language's entries as search sees them (document `i` is entry `i`), `tagged[i]` the
/// document of `texts[i]`'s tag, if an agent tagged it. A tagged text's match is left as it is.
pub fn settle(
    embedder: &Embedder,
    docs: &[SearchDoc],
    texts: &[Text<'_>],
    matches: &mut [Match],
    tagged: &[Option<u32>],
) {
    if docs.is_empty() || texts.is_empty() {
        return;
    }
    // The entries' vectors, each with its document.
    let mut inputs: Vec<String> = Vec::new();
    let mut owners: Vec<u32> = Vec::new();
    for (doc, d) in docs.iter().enumerate() {
        let doc = doc as u32;
        let answer: String = d.body.chars().take(ANSWER_CHARS).collect();
        inputs.push(d.title.clone());
        inputs.push(format!("{} {answer}", d.title));
        owners.push(doc);
        for alias in &d.aliases {
            inputs.push(alias.clone());
            owners.push(doc);
        }
    }
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let embedded = embedder.embed(&refs);
    let mut keys: Vec<Vec<f32>> = Vec::with_capacity(owners.len());
    let mut at = 0;
    for d in docs {
        // The question's vector plus the question-and-answer's, at unit length.
        let sum: Vec<f32> = embedded[at].iter().zip(&embedded[at + 1]).map(|(a, b)| a + b).collect();
        let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
        keys.push(sum.into_iter().map(|v| v / norm).collect());
        at += 2;
        keys.extend(embedded[at..at + d.aliases.len()].iter().cloned());
        at += d.aliases.len();
    }

    // The texts that take part: the most used, in a fixed order.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by(|&a, &b| texts[b].uses.cmp(&texts[a].uses).then(a.cmp(&b)));
    order.truncate(MAX_TEXTS);
    order.sort_unstable();
    let keys_of: Vec<&str> = order.iter().map(|&i| texts[i].key).collect();
    let vectors = embedder.embed(&keys_of);
    // A tagged text is one more way its entry is asked, as a tagged row teaches the matcher by
    // words (`super::teach`).
    for (n, &i) in order.iter().enumerate() {
        if let Some(doc) = tagged[i] {
            keys.push(vectors[n].clone());
            owners.push(doc);
        }
    }

    // Each text's cosine with its nearest entries (the best of each entry's vectors).
    let near_keys = nearest(&vectors, &keys, KEPT * 4, false);
    let cosines: Vec<Vote> = near_keys
        .into_par_iter()
        .map(|near| {
            let mut best: Vote = Vec::new();
            for (key, cos) in near {
                let doc = owners[key as usize];
                if !best.iter().any(|&(d, _)| d == doc) {
                    best.push((doc, cos));
                }
            }
            best.truncate(KEPT);
            best
        })
        .collect();
    let own: Vec<Vote> = order
        .iter()
        .zip(&cosines)
        .map(|(&i, cos)| match tagged[i] {
            Some(doc) => vec![(doc, 1.0)],
            None => evidence(cos),
        })
        .collect();

    // The neighbours' votes.
    let neighbours = nearest(&vectors, &vectors, NEIGHBOURS, true);
    let mut votes = own.clone();
    for _ in 0..ROUNDS {
        votes = (0..order.len())
            .into_par_iter()
            .map(|n| {
                if tagged[order[n]].is_some() {
                    return own[n].clone();
                }
                let heard: Vec<(usize, f32)> =
                    neighbours[n].iter().map(|&(m, cos)| (m as usize, cos.max(0.0))).filter(|p| p.1 > 0.0).collect();
                let total: f32 = heard.iter().map(|p| p.1).sum();
                if total <= 0.0 {
                    return own[n].clone();
                }
                let mut vote: Vote = own[n].iter().map(|&(d, w)| (d, OWN * w)).collect();
                for (m, cos) in heard {
                    for &(doc, w) in &votes[m] {
                        let share = (1.0 - OWN) * cos / total * w;
                        match vote.iter_mut().find(|(d, _)| *d == doc) {
                            Some((_, v)) => *v += share,
                            None => vote.push((doc, share)),
                        }
                    }
                }
                strongest(vote)
            })
            .collect();
    }

    for (n, &i) in order.iter().enumerate() {
        if tagged[i].is_some() {
            continue;
        }
        let Some(&(doc, weight)) = votes[n].first() else {
            matches[i] = Match::NONE;
            continue;
        };
        let runner_up = votes[n].get(1).map(|p| p.1);
        let cos = cosines[n]
            .iter()
            .find(|p| p.0 == doc)
            .map_or_else(|| own_cosine(&vectors[n], &keys, &owners, doc), |p| p.1);
        let lead = (weight - runner_up.unwrap_or(0.0)) / weight;
        matches[i] = Match {
            best: Some((doc, weight)),
            runner_up,
            confidence: cos.clamp(0.0, 1.0),
            confident: cos >= THRESHOLD && lead >= LEAD,
        };
    }
}

/// A text's own evidence from its cosines with its nearest entries.
fn evidence(cosines: &[(u32, f32)]) -> Vote {
    let powered: Vote = cosines.iter().map(|&(d, c)| (d, c.max(0.0).powi(POWER))).filter(|p| p.1 > 0.0).collect();
    let total: f32 = powered.iter().map(|p| p.1).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    powered.into_iter().map(|(d, w)| (d, w / total)).collect()
}

/// The [`KEPT`] strongest entries of a vote, strongest first (equal weights by document, so
/// the same log always votes the same).
fn strongest(mut vote: Vote) -> Vote {
    vote.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    vote.truncate(KEPT);
    vote
}

/// A text's cosine with entry `doc` (the best of its vectors), for an entry the neighbours
/// voted for that is not among the text's own nearest.
fn own_cosine(vector: &[f32], keys: &[Vec<f32>], owners: &[u32], doc: u32) -> f32 {
    keys.iter()
        .zip(owners)
        .filter(|(_, &o)| o == doc)
        .map(|(k, _)| crate::embed::cosine(vector, k))
        .fold(f32::NEG_INFINITY, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_shares_the_cubed_cosines() {
        let e = evidence(&[(3, 0.8), (1, 0.4), (2, -0.2)]);
        assert_eq!(e.len(), 2, "a negative cosine is no evidence");
        assert_eq!(e[0].0, 3);
        assert!((e[0].1 - 0.512 / 0.576).abs() < 1e-6);
        assert!(evidence(&[(0, -0.1)]).is_empty());
    }

    #[test]
    fn the_strongest_entries_are_kept_in_a_fixed_order() {
        let v = strongest((0..20u32).map(|d| (d, if d == 7 { 1.0 } else { 0.5 })).collect());
        assert_eq!(v.len(), KEPT);
        assert_eq!(v[0], (7, 1.0));
        assert_eq!(v[1], (0, 0.5), "equal weights by document");
    }
}
