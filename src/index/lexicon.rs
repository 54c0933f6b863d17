//! Tantivy as a backend of the shared planner and ranker: the vocabulary comes from its term
//! dictionaries, and each concrete term is scored by a `TermQuery` (boosted per field), whose
//! BM25 is Tantivy's own. [`CachedScorer`] memoises each term's scores and each unknown word's
//! corrections for batches of queries.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{OnceLock, PoisonError, RwLock};

use search_index::query::{prefix_end, typo_corrections, Lexicon, QueryError, TermScorer};
use search_index::schema::FIELDS;
use tantivy::query::{BoostQuery, EnableScoring, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::LangIndex;

/// Borrowed view of a [`LangIndex`] implementing the shared traits.
pub(super) struct TantivyLexicon<'a> {
    pub(super) index: &'a LangIndex,
}

impl Lexicon for TantivyLexicon<'_> {
    fn contains(&self, term: &str) -> Result<bool, QueryError> {
        Ok(self.index.vocabulary.contains_key(term))
    }

    fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, u64)>, QueryError> {
        let range = self.index.vocabulary.range(prefix.to_string()..);
        let end = prefix_end(prefix);
        Ok(range
            .take_while(|(t, _)| end.as_ref().is_none_or(|e| t.as_str() < e.as_str()))
            .map(|(t, dfs)| (t.clone(), dfs.iter().sum()))
            .collect())
    }
}

impl TermScorer for TantivyLexicon<'_> {
    fn field_scores(&self, term: &str, field: usize) -> Result<Vec<(u32, f32)>, QueryError> {
        let (Some(&tantivy_field), Some(spec)) = (self.index.fields.get(field), FIELDS.get(field)) else {
            return Ok(Vec::new());
        };
        let term_query = TermQuery::new(Term::from_field_text(tantivy_field, term), IndexRecordOption::WithFreqs);
        let query: Box<dyn Query> = if spec.boost == 1.0 {
            Box::new(term_query)
        } else {
            Box::new(BoostQuery::new(Box::new(term_query), spec.boost))
        };
        let searcher = &self.index.searcher;
        let backend = |e: tantivy::TantivyError| QueryError::Backend(e.to_string());
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher)).map_err(backend)?;
        let mut out = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let numbers = &self.index.doc_numbers[segment_ord];
            weight
                .for_each(segment, &mut |doc, score| {
                    if let Some(&number) = numbers.get(doc as usize) {
                        out.push((number, score));
                    }
                })
                .map_err(backend)?;
        }
        out.sort_by_key(|&(doc, _)| doc);
        Ok(out)
    }

    fn title_matches(&self, term: &str) -> Result<Cow<'_, [(u32, u8)]>, QueryError> {
        let norms = &self.index.title_norms;
        let docs = self.field_scores(term, 0)?;
        Ok(docs.into_iter().map(|(doc, _)| (doc, norms.get(doc as usize).copied().unwrap_or(0))).collect())
    }

    fn popularity(&self, doc: u32) -> u8 {
        self.index.popularity.get(doc as usize).copied().unwrap_or(0)
    }

    fn popularity_weight(&self) -> f32 {
        self.index.popularity_weight
    }
}

/// Memos of one batch of queries against one index (see [`super::BatchSearcher`]), shared by
/// the threads answering them. Neither depends on the query, so each is computed once (two
/// threads asking at the same time may both compute it; the answers are equal).
#[derive(Debug)]
pub(super) struct TermCache<'a> {
    /// Every term of the index, with its scores once asked for: at most every posting of the
    /// index, 8 bytes each. Filled without a lock, and lent rather than copied per query.
    scores: HashMap<&'a str, OnceLock<Vec<(u32, f32)>>>,
    /// Every term of the index, with the titles holding it once asked for: each query asks
    /// them for each of its terms, and reading them from Tantivy was a quarter of suggesting
    /// related questions.
    titles: HashMap<&'a str, OnceLock<Vec<(u32, u8)>>>,
    /// Typo corrections of unknown words, per edit budget (0, 1, 2): a log repeats its
    /// unknown words, and each costs an edit distance per indexed term of its prefix.
    corrections: [RwLock<HashMap<String, Vec<String>>>; 3],
}

impl<'a> TermCache<'a> {
    pub(super) fn new(index: &'a LangIndex) -> Self {
        TermCache {
            scores: index.vocabulary.keys().map(|term| (term.as_str(), OnceLock::new())).collect(),
            titles: index.vocabulary.keys().map(|term| (term.as_str(), OnceLock::new())).collect(),
            corrections: Default::default(),
        }
    }
}

/// A [`TantivyLexicon`] answering [`TermScorer::term_scores`], [`TermScorer::title_matches`]
/// and [`Lexicon::corrections`] from a [`TermCache`]: the same answers, bit for bit, as the provided methods compute (they
/// are what fills the cache).
pub(super) struct CachedScorer<'c, 'a> {
    pub(super) lexicon: TantivyLexicon<'a>,
    pub(super) cache: &'c TermCache<'a>,
}

impl Lexicon for CachedScorer<'_, '_> {
    fn contains(&self, term: &str) -> Result<bool, QueryError> {
        Ok(self.cache.scores.contains_key(term))
    }

    fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, u64)>, QueryError> {
        self.lexicon.with_prefix(prefix)
    }

    fn corrections(&self, term: &str, edits: usize) -> Result<Vec<String>, QueryError> {
        let Some(memo) = self.cache.corrections.get(edits) else {
            return typo_corrections(term, edits, &self.lexicon);
        };
        // A panic elsewhere cannot leave the map half-updated (inserts are single calls).
        if let Some(found) = memo.read().unwrap_or_else(PoisonError::into_inner).get(term) {
            return Ok(found.clone());
        }
        // Computed outside the lock, so the other threads keep reading meanwhile.
        let found = typo_corrections(term, edits, &self.lexicon)?;
        memo.write().unwrap_or_else(PoisonError::into_inner).insert(term.to_string(), found.clone());
        Ok(found)
    }
}

impl TermScorer for CachedScorer<'_, '_> {
    fn field_scores(&self, term: &str, field: usize) -> Result<Vec<(u32, f32)>, QueryError> {
        self.lexicon.field_scores(term, field)
    }

    fn term_scores(&self, term: &str) -> Result<Cow<'_, [(u32, f32)]>, QueryError> {
        let Some(cell) = self.cache.scores.get(term) else { return self.lexicon.term_scores(term) };
        if let Some(scores) = cell.get() {
            return Ok(Cow::Borrowed(scores));
        }
        let scores = self.lexicon.term_scores(term)?.into_owned();
        Ok(Cow::Borrowed(cell.get_or_init(|| scores)))
    }

    fn title_matches(&self, term: &str) -> Result<Cow<'_, [(u32, u8)]>, QueryError> {
        let Some(cell) = self.cache.titles.get(term) else { return self.lexicon.title_matches(term) };
        if let Some(titles) = cell.get() {
            return Ok(Cow::Borrowed(titles));
        }
        let titles = self.lexicon.title_matches(term)?.into_owned();
        Ok(Cow::Borrowed(cell.get_or_init(|| titles)))
    }

    fn popularity(&self, doc: u32) -> u8 {
        self.lexicon.popularity(doc)
    }

    fn popularity_weight(&self) -> f32 {
        self.lexicon.popularity_weight()
    }
}
