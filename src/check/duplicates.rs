//! Near-duplicate questions: two entries of one language that ask the same thing, found
//! through the search index. Each entry's question is searched in an index of the questions
//! alone (titles and aliases, with the site's analyzers and synonyms, no answers: two answers
//! about one topic do not make two questions the same); the similarity of a pair is the mean
//! of its two match confidences, each the score of one question in the other entry as a share
//! of its score in its own (as `rank::matching` measures confidence), capped at 1.
//! Scores are deterministic, so the pairs and their similarities are too.

use crate::diagnostics::{Code, Diagnostic};
use crate::index::{build_index_with, settings, IndexError, PlannedQuery};
use crate::model::{Language, Model};
use rayon::prelude::*;
use search_index::SearchDoc;

/// From this similarity two questions are reported as one. Measured on the bundled sample site
/// (42 English, 16 Hindi and 16 Turkish questions, none of them a duplicate): its closest pair
/// scores 0.57 ("where is my order" and "how do I cancel my order", in Hindi); the rewording
/// "How do I cancel my order?" / "Can I cancel an order?" scores 0.64, and rewordings with
/// the same words score above 0.7 (unit tests below). Rewordings in other words ("refund" and
/// "money back") are found only through `synonyms:`.
pub const THRESHOLD: f32 = 0.6;

/// How many other questions each question is compared with: the best hits of its search.
const CANDIDATES: usize = 5;

/// One near-duplicate pair, `first` before `second` in the language's display order.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Index of one entry in [`Language::entries`].
    pub first: usize,
    /// Index of the other.
    pub second: usize,
    /// From 0 to 1.
    pub similarity: f32,
}

/// The pairs of `language` at or above `threshold`, most similar first (then by position).
pub fn pairs(model: &Model, language: &Language, threshold: f32) -> Result<Vec<Pair>, IndexError> {
    let docs: Vec<SearchDoc> = language
        .entries
        .iter()
        .map(|e| SearchDoc {
            id: e.id.clone(),
            url: e.url.clone(),
            title: e.title.clone(),
            aliases: e.aliases.clone(),
            ..SearchDoc::default()
        })
        .collect();
    if docs.len() < 2 {
        return Ok(Vec::new());
    }
    let mut settings = settings(model);
    settings.popularity_weight = 0.0;
    let index = build_index_with(&language.code, docs, &settings)?;
    let searcher = index.batch_searcher();
    let own = searcher.title_scores()?.to_vec();
    let confidence = |from: usize, score: f32| if own[from] > 0.0 { (score / own[from]).min(1.0) } else { 0.0 };
    // Candidate pairs from either side's search, each scored once in both directions. A mean
    // of two confidences of at most 1 reaches the threshold only if each is `2t - 1` or more.
    // Both loops run on every core: the searcher is shared by the threads.
    // Each question is planned once, not again for each pair it is in.
    let questions: Vec<PlannedQuery> =
        language.entries.par_iter().map(|e| searcher.plan(&e.title)).collect::<Result<_, IndexError>>()?;
    let found: Vec<Vec<(usize, usize)>> = (0..language.entries.len())
        .into_par_iter()
        .map(|a| {
            let similar = searcher.similar_to_planned(a as u32, &questions[a], CANDIDATES)?;
            Ok(similar
                .into_iter()
                .filter(|&(_, share)| share >= 2.0 * threshold - 1.0)
                .map(|(b, _)| (a.min(b as usize), a.max(b as usize)))
                .collect())
        })
        .collect::<Result<_, IndexError>>()?;
    let candidates: Vec<(usize, usize)> =
        found.into_iter().flatten().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let scored: Vec<Option<Pair>> = candidates
        .into_par_iter()
        .map(|(a, b)| {
            let forward = confidence(a, searcher.score_planned(&questions[a], b as u32)?);
            let backward = confidence(b, searcher.score_planned(&questions[b], a as u32)?);
            let similarity = (forward + backward) / 2.0;
            Ok((similarity >= threshold).then_some(Pair { first: a, second: b, similarity }))
        })
        .collect::<Result<_, IndexError>>()?;
    let mut found: Vec<Pair> = scored.into_iter().flatten().collect();
    found.sort_by(|x, y| y.similarity.total_cmp(&x.similarity).then((x.first, x.second).cmp(&(y.first, y.second))));
    Ok(found)
}

/// A warning for each near-duplicate pair of every language, on the pair's second entry.
pub fn near_duplicates(model: &Model, threshold: f32) -> Result<Vec<Diagnostic>, IndexError> {
    let mut out = Vec::new();
    for language in &model.languages {
        for pair in pairs(model, language, threshold)? {
            let (a, b) = (&language.entries[pair.first], &language.entries[pair.second]);
            out.push(
                Diagnostic::warning(
                    Code::NearDuplicate,
                    &b.path,
                    Some(0..3),
                    format!(
                        "“{}” asks what “{}” asks (similarity {:.2})",
                        b.title, a.title, pair.similarity
                    ),
                )
                .with_related(&a.path, None, "the other question")
                .with_hint(
                    "merge the two into one entry and keep the other wording in its `aliases:`, or make each question say what sets it apart",
                ),
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Model {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::load_model(root, None, false).expect("loads").expect("no errors").0
    }

    /// A one-language site of `titles` (one category), loaded.
    fn site(titles: &[&str]) -> (tempfile::TempDir, Model) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("helpmark.yaml"), "title: T\nbase_url: https://t.test/\nlanguages: [en]\n")
            .expect("config");
        std::fs::create_dir_all(dir.path().join("content/general")).expect("mkdir");
        for (i, title) in titles.iter().enumerate() {
            let text = format!("---\ntitle: \"{title}\"\n---\nAn answer.\n");
            std::fs::write(dir.path().join(format!("content/general/q{i}.md")), text).expect("entry");
        }
        let model = crate::load_model(dir.path(), None, false).expect("loads").expect("no errors").0;
        (dir, model)
    }

    /// The similarity of `a` and `b` among the sample site's English questions (a realistic
    /// share of each word, which a site of two questions would not have).
    fn similarity(a: &str, b: &str) -> f32 {
        let sample = sample();
        let mut titles: Vec<&str> = sample.languages[0].entries.iter().map(|e| e.title.as_str()).collect();
        titles.extend([a, b]);
        let (_dir, model) = site(&titles);
        let n = titles.len();
        let entries = &model.languages[0].entries;
        let index_of = |t: &str| entries.iter().position(|e| e.title == t).expect("entry");
        let (x, y) = (index_of(titles[n - 2]), index_of(titles[n - 1]));
        pairs(&model, &model.languages[0], 0.0)
            .unwrap()
            .iter()
            .find(|p| (p.first, p.second) == (x.min(y), x.max(y)))
            .map_or(0.0, |p| p.similarity)
    }

    #[test]
    fn rewordings_of_one_question_are_near_duplicates_and_other_questions_are_not() {
        // Measured (mean of both confidences): 0.748 and 0.716 for these rewordings; 0.285 for
        // two questions about one order; the sample site's closest pair is 0.572 (hi).
        assert!(similarity("How do I cancel my order?", "Can I cancel an order?") >= THRESHOLD);
        assert!(similarity("How do I reset my password?", "I forgot my password, how do I reset it?") >= THRESHOLD);
        assert!(similarity("How do I cancel my order?", "How do I track my order?") < THRESHOLD);
        assert!(similarity("How do I earn Marigold Points?", "How do I use my Marigold Points?") < THRESHOLD);
    }

    #[test]
    fn the_sample_site_has_no_near_duplicates_and_the_search_is_deterministic() {
        let model = sample();
        for language in &model.languages {
            assert_eq!(pairs(&model, language, THRESHOLD).unwrap(), [], "{}", language.code);
            assert_eq!(pairs(&model, language, 0.3).unwrap(), pairs(&model, language, 0.3).unwrap());
        }
    }
}
