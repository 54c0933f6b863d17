//! Matching complaint text to entries through the language's Tantivy index.
//!
//! A text counts for the best entry only when the match is confident: its score reaches
//! `match_threshold` **and** it leads the runner-up by at least `match_margin` of its own score.
//! The score is the one `helpmark search` prints (BM25 over title, aliases, headings, body and
//! tags, with our analyzers), computed before popularity exists, so matching never feeds on
//! its own output.
//!
//! Defaults (`config::DEFAULT_MATCH_THRESHOLD` = 5, `config::DEFAULT_MATCH_MARGIN` = 0.15) were
//! chosen on the labelled query sets in `benches/queries/` (`cargo bench --bench match_quality`;
//! 398 labelled queries, 30 with no entry, sample help center): they count 58% of labelled
//! queries for the right entry and 13% for a wrong one (72% / 28% when every best entry
//! counts), and send five in six off-topic queries to the gap report (precision 0.18 against a
//! base rate of 0.07). Lower settings count more for the right entry and more for a wrong
//! one. Scores grow with the number of entries (idf): lower the threshold for a
//! help center of a handful of entries.

use crate::index::{BatchSearcher, Hit, IndexError, LangIndex, SearchOptions};

/// The two knobs of a confident match.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatchSettings {
    /// Minimum score of the best entry.
    pub threshold: f32,
    /// Minimum `(best - runner_up) / best`.
    pub margin: f32,
}

/// What matching made of one text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    /// Best entry (document number in the index) and its score, if any entry shares a word.
    pub best: Option<(u32, f32)>,
    /// Score of the runner-up, if any.
    pub runner_up: Option<f32>,
    /// Whether the best entry counts.
    pub confident: bool,
}

/// Hits looked at for the two best scores: search ranks entries matching every word first, so
/// the best scores need not be its first two hits.
const CANDIDATES: usize = 20;

/// Matches `text` in `index`.
pub fn match_text(index: &LangIndex, text: &str, settings: MatchSettings) -> Result<Match, IndexError> {
    Ok(decide(&index.search_with(text, SearchOptions::default(), CANDIDATES)?, settings))
}

/// Matches `text` through a searcher shared by many texts: the same answer as [`match_text`]
/// in the searcher's index, faster over a whole log.
pub fn match_text_with(searcher: &BatchSearcher<'_>, text: &str, settings: MatchSettings) -> Result<Match, IndexError> {
    Ok(decide(&searcher.search_with(text, SearchOptions::default(), CANDIDATES)?, settings))
}

/// What the two best-scoring hits make of a text. By score alone, not in search's order (all
/// words first): a match goes to the strongest evidence, and the margin compares scores.
/// Measured: acc@1 0.704 → 0.719 on the labelled sets.
fn decide(hits: &[Hit], settings: MatchSettings) -> Match {
    let mut hits = hits.to_vec();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    let best = hits.first().map(|h| (h.doc, h.score));
    let runner_up = hits.get(1).map(|h| h.score);
    let confident = best.is_some_and(|(_, score)| is_confident(score, runner_up, settings));
    Match { best, runner_up, confident }
}

/// The confidence rule on its own (see the module docs).
pub fn is_confident(best: f32, runner_up: Option<f32>, settings: MatchSettings) -> bool {
    if !(best.is_finite() && best > 0.0) || best < settings.threshold {
        return false;
    }
    let lead = (best - runner_up.unwrap_or(0.0)) / best;
    lead >= settings.margin
}

/// The key under which identical texts of language `lang` are matched once: personal data
/// removed, lower-cased (Turkish İ→i, I→ı for `tr`), punctuation dropped, spaces collapsed.
/// `"Where is my order #123456?"` and `"where is my ORDER 654321"` share one key.
pub fn normalize(text: &str, lang: &str) -> String {
    let turkish = lang.split(['-', '_']).next().is_some_and(|l| l.eq_ignore_ascii_case("tr"));
    let masked = super::mask::mask_with(text, |_| " ");
    let mut out = String::with_capacity(masked.len());
    let mut space = true;
    for c in masked.chars() {
        let separator = c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punctuation(c);
        if separator {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            match c {
                'İ' if turkish => out.push('i'),
                'I' if turkish => out.push('ı'),
                _ => out.extend(c.to_lowercase()),
            }
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn is_unicode_punctuation(c: char) -> bool {
    matches!(c, '।' | '॥' | '…' | '“' | '”' | '‘' | '’' | '«' | '»' | '¿' | '¡' | '–' | '—' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_share_a_key_whatever_the_case_punctuation_or_numbers() {
        assert_eq!(normalize("Where is my order #123456?", "en"), "where is my order");
        assert_eq!(normalize("  where is my ORDER 654321 ", "en"), "where is my order");
        assert_eq!(normalize("पैसे वापस कब मिलेंगे?।", "hi"), "पैसे वापस कब मिलेंगे");
        assert_eq!(normalize("SİPARİŞİM GELMEDİ, IŞIK", "tr"), "siparişim gelmedi ışık");
    }

    #[test]
    fn confidence_needs_both_score_and_margin() {
        let s = MatchSettings { threshold: 4.0, margin: 0.1 };
        assert!(is_confident(10.0, Some(8.0), s));
        assert!(is_confident(10.0, None, s));
        assert!(!is_confident(3.0, None, s), "below the threshold");
        assert!(!is_confident(10.0, Some(9.5), s), "too close to the runner-up");
        assert!(!is_confident(f32::NAN, None, s));
    }
}
