//! Sure matches teach the matcher (self-training). A log says one question in many ways, and
//! the site's words reach only some of them: "what's my balance" matches "How do I check my
//! account balance?", "how much money do i have" shares no word with it. But other rows of
//! the same log say both kinds of thing. So the texts whose match is sure (a confidence and a
//! lead well above the counting rule's, [`SURE`]) are taught to a matcher as if an agent had
//! tagged them ([`super::teach::matching_index`]), and the other texts are matched again
//! through it; what that makes sure teaches the next round, for at most [`ROUNDS`] rounds. The
//! texts that were sure keep their match; a text that counts only thanks to the lessons must
//! say enough of one lesson of its entry ([`NEAR_LESSON`]). Like tagged rows, the texts reach
//! only the matcher, never the site. Texts of more than [`MAX_TERMS`] terms take no part.
//!
//! A language whose rows agents tagged is left as its tags teach it: they are the better
//! teacher, and adding sure texts to them cost the CLINC150 log with 20 % of its rows tagged
//! half a point of right matches and a point of wrong ones.
//!
//! Measured with `cargo bench --bench devset_match` on the CLINC150 log (3,000 rows, 64
//! entries), before → after: right 0.496 → 0.613, wrong 0.171 → 0.122, unmatched F1 0.313 →
//! 0.366, top-10 overlap 0.8 → 0.9. Rounds (before the nearest-lesson check): one 0.578 right,
//! two 0.624, three 0.641, four 0.646 with wrong rising again. Sure at a confidence of 0.25 and a lead of 0.5 was the best
//! balance of right and wrong; a lead of 0.4 counts more rows right and more wrong (0.649 /
//! 0.170), 0.6 fewer of both (0.631 / 0.146). The figures on every set are in
//! `benches/README.md`.

use super::matching::{match_text_with, Match, MatchSettings};
use crate::index::{build_index_with, BatchSearcher, IndexError, IndexSettings, LangIndex};
use rayon::prelude::*;
use search_index::SearchDoc;
use std::collections::HashSet;

/// How sure a match must be to teach: well above the counting rule's defaults (0.15 and 0.15),
/// so that few wrong matches teach.
pub const SURE: MatchSettings = MatchSettings { threshold: 0.25, margin: 0.5 };

/// At most this many rounds of teaching and matching again.
pub const ROUNDS: usize = 3;

/// A round runs only if it teaches at least 1/`MIN_GROWTH` more texts than the rounds before
/// taught. On the CLINC150 log each round adds 58 % and 21 %; on the generated 1M-row log of
/// `benches/scale.sh` the second round would add 2 % (36 texts) for a whole index more.
pub const MIN_GROWTH: usize = 10;

/// Texts of more terms than this are neither taught nor matched again: a ticket's body says
/// more than its question, and taught, its other words pull other long texts to its entry.
/// Measured (before the nearest-lesson check): at no limit the Hinglish queries as a log lost
/// (right − 1.5 × wrong + unmatched F1) 0.057, at 10 they gain 0.054, the CLINC150 log
/// unchanged within 0.3 points (its queries have 9 words at the median); 6 and 8 cost the log
/// 0.2 to 1.5 points of right. A generated
/// log of 566,739 distinct long texts (`BENCH_UNIQUE=0.55 benches/rank.sh`) took 3 times as
/// long at no limit: most of its texts were matched three times.
pub const MAX_TERMS: usize = 10;

/// Whether `key` (a normalised text) is short enough to take part: at most [`MAX_TERMS`] terms
/// in `site`'s analyzer.
pub fn takes_part(site: &LangIndex, key: &str) -> bool {
    site.terms(key).len() <= MAX_TERMS
}

/// How much of its nearest lesson a text counted only thanks to the lessons must say (its
/// score in the lesson as a share of the lesson's own score). Measured (right − 1.5 × wrong +
/// unmatched F1 summed over the sets of `benches/README.md`): without this check +0.89 over
/// no self-teaching, at 0.1 +1.04, 0.2 +1.09, 0.3 +1.10, 0.5 +1.06, 0.7 +1.05.
pub const NEAR_LESSON: f32 = 0.3;

/// One distinct text of a language: its normalised key and how many rows say it.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    /// The normalised text ([`super::matching::normalize`]).
    pub key: &'a str,
    /// Rows saying it.
    pub uses: u64,
}

/// Matches `texts` of one language again after their first matches through `site`, the site's
/// index of the language built with `index_settings` (`matches[i]` is `texts[i]`'s), each round
/// through the matcher `teach` builds from the sure matches so far, given as (entry number,
/// text, uses) as [`super::teach::matching_index`] takes them. The matches are decided with
/// `settings`. Deterministic: the same texts, in the same order, teach the same matcher.
pub fn rematch(
    site: &LangIndex,
    index_settings: &IndexSettings,
    teach: impl Fn(&[(usize, &str, u64)]) -> Result<LangIndex, IndexError>,
    texts: &[Text<'_>],
    matches: &mut [Match],
    settings: MatchSettings,
) -> Result<(), IndexError> {
    let part: Vec<bool> = texts.par_iter().map(|t| takes_part(site, t.key)).collect();
    let mut sure: Vec<bool> = matches.iter().map(|m| m.meets(SURE)).collect();
    let first: Vec<Match> = matches.to_vec();
    // (text, entry) of the texts taught so far, and whether each text is among them.
    let mut taught = Vec::new();
    let mut is_taught = vec![false; texts.len()];
    for _ in 0..ROUNDS {
        // The texts sure since the last round teach this one, with those before.
        let new: Vec<usize> = (0..texts.len()).filter(|&i| part[i] && sure[i] && !is_taught[i]).collect();
        // Nothing new to teach, or too little to be worth another index: another round would
        // match (nearly) the same.
        if new.is_empty() || new.len() * MIN_GROWTH < taught.len() {
            break;
        }
        for &i in &new {
            is_taught[i] = true;
        }
        // Document `i` of a language's index is its entry `i`.
        taught.extend(new.iter().filter_map(|&i| matches[i].best.map(|(doc, _)| (i, doc as usize))));
        let lessons: Vec<(usize, &str, u64)> =
            taught.iter().map(|&(i, entry)| (entry, texts[i].key, texts[i].uses)).collect();
        let index = teach(&lessons)?;
        let fresh: HashSet<String> = new.iter().flat_map(|&i| index.terms(texts[i].key)).collect();
        let searcher = index.batch_searcher();
        // A text with no word of the new lessons would find what it found before (the other
        // entries' texts changed only their lengths): it is not matched again.
        let again: Vec<Option<Match>> = (0..texts.len())
            .into_par_iter()
            .map(|i| {
                if !part[i] || sure[i] || !index.terms(texts[i].key).iter().any(|t| fresh.contains(t)) {
                    return Ok(None);
                }
                match_text_with(&searcher, texts[i].key, settings).map(Some)
            })
            .collect::<Result<_, _>>()?;
        for (i, m) in again.into_iter().enumerate() {
            if let Some(m) = m {
                sure[i] = m.meets(SURE);
                matches[i] = m;
            }
        }
    }
    // A text that counts only thanks to the lessons must say what one of them says, not only
    // share the words of many.
    let lessons: Vec<(&str, usize)> = taught.iter().map(|&(i, entry)| (texts[i].key, entry)).collect();
    let rescued: Vec<usize> =
        (0..texts.len()).filter(|&i| !first[i].confident && matches[i].confident && !is_taught[i]).collect();
    if !rescued.is_empty() {
        let nearest = Nearest::new(site, &lessons, index_settings)?;
        // One searcher for every rescued text: a term's scores are read once.
        let searcher = nearest.index.batch_searcher();
        for i in rescued {
            let entry = matches[i].best.map(|(doc, _)| doc as usize);
            if !nearest.supports(&searcher, texts[i].key, entry)? {
                matches[i] = first[i];
            }
        }
    }
    Ok(())
}

/// The taught texts (lessons) as documents of their own, to find the one a text is nearest.
struct Nearest<'l> {
    index: LangIndex,
    lessons: &'l [(&'l str, usize)],
}

impl<'l> Nearest<'l> {
    fn new(site: &LangIndex, lessons: &'l [(&'l str, usize)], settings: &IndexSettings) -> Result<Self, IndexError> {
        let docs = lessons
            .iter()
            .enumerate()
            .map(|(n, (text, _))| SearchDoc { id: n.to_string(), body: text.to_string(), ..SearchDoc::default() })
            .collect();
        Ok(Nearest { index: build_index_with(site.lang(), docs, settings)?, lessons })
    }

    /// Whether the lesson nearest `text` teaches `entry` and `text` says at least
    /// [`NEAR_LESSON`] of it (its score as a share of the lesson's own), through `searcher`
    /// (this index's).
    fn supports(&self, searcher: &BatchSearcher<'_>, text: &str, entry: Option<usize>) -> Result<bool, IndexError> {
        let Some(hit) = searcher.search_with(text, Default::default(), 1)?.into_iter().next() else {
            return Ok(false);
        };
        let (lesson, taught) = self.lessons[hit.doc as usize];
        let own = searcher.score_in(lesson, hit.doc)?;
        Ok(Some(taught) == entry && own > 0.0 && hit.score / own >= NEAR_LESSON)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::matching::{match_text, normalize};
    use crate::rank::teach::matching_index;

    #[test]
    fn a_text_in_no_entry_s_words_is_matched_through_sure_texts_that_say_it_too() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let model = crate::load_model(root, None, false).expect("loads").expect("no errors").0;
        let en = model.languages.iter().find(|l| l.code == "en").expect("English");
        let refund = en.entries.iter().position(|e| e.id == "refund-time").expect("the refund entry");
        let settings = MatchSettings {
            threshold: crate::config::DEFAULT_MATCH_THRESHOLD,
            margin: crate::config::DEFAULT_MATCH_MARGIN,
        };
        // Words no entry holds (and none is a typo of): only other customers' texts link them
        // to an entry.
        let keys = [
            "when will i get my refund for the glimmerfox zanthrope wexlor",
            "refund not received glimmerfox zanthrope wexlor",
            "glimmerfox zanthrope wexlor",
            "wexlor",
        ]
        .map(|t| normalize(t, "en"));
        let texts: Vec<Text<'_>> = keys.iter().map(|key| Text { key, uses: 1 }).collect();
        let site = matching_index(&model, en, &[]).expect("index");
        let mut matches: Vec<Match> =
            texts.iter().map(|t| match_text(&site, t.key, settings).expect("matches")).collect();
        assert!(matches[0].meets(SURE) && matches[1].meets(SURE), "{matches:?}");
        assert_eq!((matches[2].best, matches[3].best), (None, None), "no entry holds the words");
        let before = matches.clone();
        rematch(
            &site,
            &crate::index::settings(&model),
            |taught| matching_index(&model, en, taught),
            &texts,
            &mut matches,
            settings,
        )
        .expect("rematches");
        assert_eq!(matches[..2], before[..2], "sure matches stay");
        assert_eq!(matches[2].best.map(|(doc, _)| doc as usize), Some(refund));
        assert!(matches[2].confident, "{:?}", matches[2]);
        // One word of a lesson is not what the lesson says: it does not count.
        assert!(!matches[3].confident, "{:?}", matches[3]);
        // Deterministic: the same texts teach the same matcher.
        let mut again = before.clone();
        rematch(
            &site,
            &crate::index::settings(&model),
            |taught| matching_index(&model, en, taught),
            &texts,
            &mut again,
            settings,
        )
        .expect("rematches");
        assert_eq!(again, matches);
    }
}
