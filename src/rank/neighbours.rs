//! A text's neighbours in the log vote on its entry (label propagation). Customers who ask the
//! same question say it in words that are closer to each other than to the entry's: in the
//! CLINC150 log, the nearest other text asks the same question for 91 % of the rows with an
//! entry (measured with the labels), while the site's best entry is right for 72 % after
//! [`super::self_teach`]. So each text's match is weighed against its nearest texts' matches:
//!
//! - Every text starts with its own evidence: its best entry with its confidence (full at
//!   [`FULL`]), and the rest of its weight on "no entry".
//! - For [`ROUNDS`] rounds, each text's vote becomes [`OWN`] of its own evidence plus the rest
//!   shared among its [`NEIGHBOURS`] nearest texts' votes, in proportion to how near each is
//!   (the text's score in it as a share of its score in itself, as `check` finds
//!   near-duplicate questions); neighbours that together make less than one whole text are
//!   heard less. A question many customers ask settles on the entry most of
//!   them found; a text with no near neighbour keeps its own evidence.
//! - A text counts for the entry its vote favours when its own match already counted for that
//!   entry, or when the vote for it is at least [`STRONG`], half of that from its neighbours; a
//!   vote that favours "no entry" or another entry too weakly leaves it uncounted.
//!
//! A text an agent tagged votes for its tag with its full weight, every round, and its own
//! decision is the tag's (it is not decided again here).
//!
//! Texts of more than [`MAX_TERMS`](super::self_teach::MAX_TERMS) terms take no part, as in
//! self-teaching ([`takes_part`]): a ticket's body is near too many others; nor do texts beyond
//! the [`MAX_TEXTS`] most used. The votes are kept for a few entries per text ([`KEPT`]), so
//! memory grows with the texts, not with texts × entries.
//!
//! Measured with `cargo bench --bench devset_match` and `--bench match_quality` (every set and
//! what was tried in `benches/README.md`): on the CLINC150 log right 0.613 → 0.665, wrong 0.122
//! → 0.108, unmatched F1 0.366 → 0.408; the constants were chosen on all the sets together.
//! Heard in full, the neighbours of a log with few texts per question (the in-repo labelled
//! sets) took 9 points of right matches. With 20 % of the log tagged: right 0.839 → 0.869,
//! wrong 0.057 → 0.037, F1 0.629 → 0.651.

use super::matching::{Match, MatchSettings};
use super::self_teach::{takes_part, Text};
use crate::index::{build_index_with, IndexError, IndexSettings, LangIndex};
use rayon::prelude::*;
use search_index::SearchDoc;

/// Nearest texts each text listens to.
pub const NEIGHBOURS: usize = 10;

/// Share of a text's vote that stays its own evidence each round; the rest is its neighbours'.
pub const OWN: f32 = 0.2;

/// The confidence at which a text's own match is whole evidence for its entry (the sure
/// matches of self-teaching start at 0.25).
pub const FULL: f32 = 0.3;

/// Rounds of voting: the votes reach texts up to this many neighbours away.
pub const ROUNDS: usize = 10;

/// The vote a text's neighbours must give another entry than its own match's for the text to
/// count for it.
pub const STRONG: f32 = 0.5;

/// Entries kept in a text's vote, strongest first.
pub const KEPT: usize = 4;

/// At most this many texts vote, the most used: a search log of millions of distinct queries
/// would cost an index and a search of each. A log's rows follow its most asked questions, so
/// the texts left out are the rare ones, which keep their own match. At 16,262 distinct texts
/// the vote took 0.4-0.6 s of a 1M-row report (`benches/scale.sh`); on a search log of 195,529
/// distinct queries every text voting took the report from 17.5 s to 54.5 s, the cap to 18.0 s.
pub const MAX_TEXTS: usize = 20_000;

/// A text's vote: weight on entries (document numbers of the language's index), strongest
/// first, and on "no entry".
#[derive(Clone, Debug, Default, PartialEq)]
struct Vote {
    entries: Vec<(u32, f32)>,
    none: f32,
}

impl Vote {
    /// The evidence of a text's own match.
    fn own(m: &Match) -> Vote {
        match m.best {
            Some((doc, _)) => {
                let weight = (m.confidence / FULL).clamp(0.0, 1.0);
                Vote { entries: vec![(doc, weight)], none: 1.0 - weight }
            }
            None => Vote { entries: Vec::new(), none: 1.0 },
        }
    }

    /// Adds `share` of `other`.
    fn add(&mut self, other: &Vote, share: f32) {
        for &(doc, weight) in &other.entries {
            match self.entries.iter_mut().find(|(d, _)| *d == doc) {
                Some((_, w)) => *w += share * weight,
                None => self.entries.push((doc, share * weight)),
            }
        }
        self.none += share * other.none;
    }

    /// Keeps the [`KEPT`] strongest entries, strongest first (equal weights by document, so the
    /// same log always votes the same).
    fn trim(mut self) -> Vote {
        self.entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        self.entries.truncate(KEPT);
        self
    }

    /// The weight on entry `doc`.
    fn weight(&self, doc: u32) -> f32 {
        self.entries.iter().find(|(d, _)| *d == doc).map_or(0.0, |&(_, w)| w)
    }

    /// The entry this vote favours and its weight, unless "no entry" weighs more.
    fn favourite(&self) -> Option<(u32, f32)> {
        self.entries.first().copied().filter(|&(_, w)| w > self.none)
    }
}

/// Decides `matches` (`matches[i]` is `texts[i]`'s, after self-teaching) again as their
/// neighbours vote. `site` is the language's index (or its taught matcher), built with
/// `index_settings`: the texts are indexed the same way to find each one's nearest. A text
/// with `tagged[i]` (missing: false) is a tagged text whose match names its tag: it votes for
/// it unchanged and is left as it is. A vote moves a text to another entry only when it reaches
/// `settings.threshold` too.
/// Deterministic: the same texts, in the same order, vote the same.
pub fn vote(
    site: &LangIndex,
    index_settings: &IndexSettings,
    texts: &[Text<'_>],
    matches: &mut [Match],
    tagged: &[bool],
    settings: MatchSettings,
) -> Result<(), IndexError> {
    let is_tagged = |i: usize| tagged.get(i).copied().unwrap_or(false);
    let mut part: Vec<usize> = (0..texts.len()).into_par_iter().filter(|&i| takes_part(site, texts[i].key)).collect();
    if part.len() > MAX_TEXTS {
        // Tagged texts and then the most used, ties in text order; then back in text order, as
        // the rest expects.
        part.sort_by_key(|&i| (!is_tagged(i), std::cmp::Reverse(texts[i].uses), i));
        part.truncate(MAX_TEXTS);
        part.sort_unstable();
    }
    if part.len() < 2 {
        return Ok(());
    }
    let docs = part
        .iter()
        .enumerate()
        .map(|(n, &i)| SearchDoc { id: n.to_string(), body: texts[i].key.to_string(), ..SearchDoc::default() })
        .collect();
    let index = build_index_with(site.lang(), docs, index_settings)?;
    let searcher = index.batch_searcher();
    // Per text taking part (numbered as in `part`), its nearest texts and how near each is.
    let near: Vec<Vec<(u32, f32)>> = part
        .par_iter()
        .enumerate()
        .map(|(n, &i)| searcher.similar_to(n as u32, texts[i].key, NEIGHBOURS))
        .collect::<Result<_, _>>()?;
    let own: Vec<Vote> = part.iter().map(|&i| Vote::own(&matches[i])).collect();
    // How near text `n`'s neighbours are together, and the share of its vote they make.
    // Neighbours that together say less than one whole text are heard less: in a log of few
    // texts per question the nearest ones ask other questions. A tagged text is not swayed.
    let totals: Vec<f32> = near.iter().map(|near| near.iter().map(|&(_, s)| s).sum()).collect();
    let heard: Vec<f32> = totals
        .iter()
        .zip(&part)
        .map(|(&total, &i)| if total <= 0.0 || is_tagged(i) { 0.0 } else { (1.0 - OWN) * total / total.max(1.0) })
        .collect();
    let mut votes = own.clone();
    for _ in 0..ROUNDS {
        votes = (0..part.len())
            .into_par_iter()
            .map(|n| {
                if heard[n] == 0.0 {
                    return own[n].clone();
                }
                let mut vote = Vote::default();
                vote.add(&own[n], 1.0 - heard[n]);
                for &(m, s) in &near[n] {
                    vote.add(&votes[m as usize], heard[n] * s / totals[n]);
                }
                vote.trim()
            })
            .collect();
    }
    let site_searcher = site.batch_searcher();
    for (n, &i) in part.iter().enumerate() {
        let before = matches[i];
        if is_tagged(i) {
            continue;
        }
        matches[i] = match votes[n].favourite() {
            Some((doc, _)) if before.confident && before.best.map(|(d, _)| d) == Some(doc) => before,
            // A site that asks for surer matches (`match_threshold`) asks it of votes too; and
            // half the vote must be the neighbours', or a text no near text backs would count
            // on its own evidence, which its match's margin found too close to call.
            Some((doc, weight))
                if weight >= STRONG.max(settings.threshold)
                    && weight - (1.0 - heard[n]) * own[n].weight(doc) >= STRONG / 2.0 =>
            {
                Match {
                    best: Some((doc, site_searcher.score_in(texts[i].key, doc)?)),
                    runner_up: None,
                    confidence: weight,
                    confident: true,
                }
            }
            _ => Match { confident: false, ..before },
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::matching::normalize;
    use crate::rank::teach::matching_index;

    /// The sample site and its English matcher, untaught.
    fn english_matcher() -> (crate::model::Model, LangIndex) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let model = crate::load_model(root, None, false).expect("loads").expect("no errors").0;
        let en = model.languages.iter().find(|l| l.code == "en").expect("English");
        let site = matching_index(&model, en, &[]).expect("index");
        (model, site)
    }

    const DEFAULTS: MatchSettings = MatchSettings {
        threshold: crate::config::DEFAULT_MATCH_THRESHOLD,
        margin: crate::config::DEFAULT_MATCH_MARGIN,
    };

    #[test]
    fn a_text_counts_for_the_entry_its_near_texts_agree_on_and_not_against_them() {
        let (model, site) = english_matcher();
        let (refund, other) = (3u32, 0u32);
        let keys = [
            "glimmerfox wexlor zanthrope refund",
            "glimmerfox wexlor zanthrope refund please",
            "my glimmerfox wexlor zanthrope refund",
            // Said as the three above say it, but matched weakly elsewhere.
            "glimmerfox wexlor zanthrope",
            // Alone in the log: its own match stands.
            "quorble trantic",
            // Confident, but its near texts match nothing.
            "plimsey dorvant ocksel",
            "plimsey dorvant ocksel again",
            "plimsey dorvant ocksel still",
            // Alone too, and too close to call between two entries: the vote does not count it.
            "zibbet wumple",
        ]
        .map(|t| normalize(t, "en"));
        let texts: Vec<Text<'_>> = keys.iter().map(|key| Text { key, uses: 1 }).collect();
        let sure = |doc| Match { best: Some((doc, 5.0)), runner_up: None, confidence: 0.5, confident: true };
        let weak = Match { best: Some((other, 1.0)), runner_up: Some(0.9), confidence: 0.05, confident: false };
        let barely = Match { best: Some((other, 2.0)), runner_up: None, confidence: 0.16, confident: true };
        let close = Match { best: Some((refund, 3.0)), runner_up: Some(2.9), confidence: 0.5, confident: false };
        let mut matches =
            vec![sure(refund), sure(refund), sure(refund), weak, sure(other), barely, Match::NONE, Match::NONE, close];
        let before = matches.clone();
        vote(&site, &crate::index::settings(&model), &texts, &mut matches, &[], DEFAULTS).expect("votes");
        assert_eq!(matches[..3], before[..3], "agreeing matches stay as they were");
        assert_eq!(matches[3].best.map(|(doc, _)| doc), Some(refund), "{:?}", matches[3]);
        assert!(matches[3].confident && matches[3].confidence >= STRONG, "{:?}", matches[3]);
        assert_eq!(matches[4], before[4], "a text with no near text keeps its match");
        assert!(!matches[5].confident, "its near texts say no entry: {:?}", matches[5]);
        assert_eq!(matches[5].best, before[5].best, "the best entry is still shown");
        assert_eq!(matches[6..], before[6..], "{:?}", matches[8]);
        // Deterministic.
        let mut again = before.clone();
        vote(&site, &crate::index::settings(&model), &texts, &mut again, &[], DEFAULTS).expect("votes");
        assert_eq!(again, matches);
    }

    #[test]
    fn tagged_texts_vote_for_their_tag_and_stay_as_tagged() {
        let (model, site) = english_matcher();
        let (tag, other) = (2u32, 0u32);
        let keys = [
            "glimmerfox wexlor",
            "my glimmerfox wexlor",
            "glimmerfox wexlor now",
            "glimmerfox wexlor today",
            "glimmerfox wexlor again",
            "glimmerfox wexlor help",
        ]
        .map(|t| normalize(t, "en"));
        let texts: Vec<Text<'_>> = keys.iter().map(|key| Text { key, uses: 1 }).collect();
        let told = Match { best: Some((tag, f32::MAX)), runner_up: None, confidence: 1.0, confident: true };
        let weak = Match { best: Some((other, 1.0)), runner_up: None, confidence: 0.05, confident: false };
        // The last text is tagged too, with a match its neighbours would outvote if it were not.
        let outvoted = Match { best: Some((other, 9.0)), runner_up: None, confidence: 1.0, confident: true };
        // The first text says only what the others say: they are all near it.
        let mut matches = vec![weak, told, told, told, told, outvoted];
        let tagged = [false, true, true, true, true, true];
        vote(&site, &crate::index::settings(&model), &texts, &mut matches, &tagged, DEFAULTS).expect("votes");
        assert_eq!(matches[0].best.map(|(doc, _)| doc), Some(tag), "{:?}", matches[0]);
        assert!(matches[0].confident);
        assert_eq!(matches[1..5], [told; 4], "tagged texts are left as they are");
        assert_eq!(matches[5], outvoted, "even when their neighbours say otherwise");
    }
}
