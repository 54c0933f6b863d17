//! Tantivy as a backend of the shared planner and ranker: the vocabulary comes from its term
//! dictionaries, and each concrete term is scored by a `TermQuery` (boosted per field), whose
//! BM25 is Tantivy's own. [`CachedScorer`] memoises each term's scores for batches of queries.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use search_index::query::{prefix_end, Lexicon, QueryError, TermScorer};
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

    fn popularity(&self, doc: u32) -> u8 {
        self.index.popularity.get(doc as usize).copied().unwrap_or(0)
    }

    fn popularity_weight(&self) -> f32 {
        self.index.popularity_weight
    }
}

/// A term's scores, as [`TermScorer::term_scores`] returns them.
type TermScores = Vec<(u32, f32)>;

/// Term scores memoised across the queries of a batch, shared by the threads answering them.
///
/// A term's scores depend only on the index, never on the query, so each is computed once
/// (two threads asking for a new term at the same time may both compute it; the answers are
/// equal). It holds at most every posting of the index, 8 bytes each.
#[derive(Debug, Default)]
pub(super) struct TermCache {
    scores: Mutex<HashMap<String, Arc<TermScores>>>,
}

impl TermCache {
    fn get(&self, term: &str) -> Option<Arc<TermScores>> {
        // A panic elsewhere cannot leave the map half-updated (inserts are single calls).
        self.scores.lock().unwrap_or_else(PoisonError::into_inner).get(term).cloned()
    }

    fn insert(&self, term: &str, scores: Arc<TermScores>) {
        self.scores.lock().unwrap_or_else(PoisonError::into_inner).insert(term.to_string(), scores);
    }
}

/// A [`TantivyLexicon`] answering [`TermScorer::term_scores`] from a [`TermCache`]: the same
/// scores, bit for bit, as the provided method computes (it is what fills the cache).
pub(super) struct CachedScorer<'a> {
    pub(super) lexicon: TantivyLexicon<'a>,
    pub(super) cache: &'a TermCache,
}

impl TermScorer for CachedScorer<'_> {
    fn field_scores(&self, term: &str, field: usize) -> Result<Vec<(u32, f32)>, QueryError> {
        self.lexicon.field_scores(term, field)
    }

    fn term_scores(&self, term: &str) -> Result<Vec<(u32, f32)>, QueryError> {
        if let Some(scores) = self.cache.get(term) {
            return Ok(scores.to_vec());
        }
        // Computed outside the lock, so the other threads keep reading meanwhile.
        let scores = self.lexicon.term_scores(term)?;
        self.cache.insert(term, Arc::new(scores.clone()));
        Ok(scores)
    }

    fn popularity(&self, doc: u32) -> u8 {
        self.lexicon.popularity(doc)
    }

    fn popularity_weight(&self) -> f32 {
        self.lexicon.popularity_weight()
    }
}
