//! Build-time search: Tantivy indexes per language and the export to the static index.
//!
//! Tantivy is the reference ranking. Our analyzers (from `search-index`) are registered in it
//! by name; queries are planned by the shared planner into concrete terms, each scored by a
//! Tantivy `TermQuery` per field, and combined by the shared ranker — so the native reader and
//! the browser, running the same planner and ranker over the exported statistics, return the
//! same entries in the same order. The index lives in RAM (`RamDirectory`).

mod build;
mod export;
pub mod fallback;
mod lexicon;
pub mod related;
mod site;

use std::collections::BTreeMap;

use search_index::query::{Lexicon, QueryOptions, Synonyms, TermScorer};
use search_index::schema::NUM_FIELDS;
use search_index::{Analyzer, SearchDoc};
use tantivy::schema::Field;
use tantivy::Searcher;

pub use build::{build_index, build_index_with, IndexSettings};
pub use export::{export, export_files, patch_files, ExportSummary};
pub use search_index::query::QueryOptions as SearchOptions;
pub use site::{
    boost, boost_fallback, disk_bundles, docs_of, export_index, export_language, export_site, fallback_folder,
    fallback_index, fallback_indexes, index_language, index_languages, quantized_popularity, search_docs,
    search_folder, settings, untranslated,
};

/// Why indexing, searching or exporting failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Tantivy failed.
    #[error("search index")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Planning or scoring failed.
    #[error("search query")]
    Query(#[from] search_index::query::QueryError),
    /// The static index could not be encoded.
    #[error("static search index")]
    Format(#[from] search_index::format::FormatError),
    /// Writing the static index failed.
    #[error("cannot write `{path}`")]
    Io {
        /// The file or folder concerned.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Entry id.
    pub id: String,
    /// Position of the entry in the indexed list.
    pub doc: u32,
    /// Score: BM25 over fields and words, times the popularity boost.
    pub score: f32,
    /// Whether every query word matched (such hits come first).
    pub matched_all: bool,
}

/// The Tantivy index of one language plus the documents it was built from.
pub struct LangIndex {
    lang: String,
    analyzer: Analyzer,
    synonym_groups: Vec<Vec<String>>,
    synonyms: Synonyms,
    docs: Vec<SearchDoc>,
    popularity: Vec<u8>,
    popularity_weight: f32,
    searcher: Searcher,
    fields: [Field; NUM_FIELDS],
    /// Per segment: Tantivy doc id → our document number.
    doc_numbers: Vec<Vec<u32>>,
    /// Per document: its title's field-norm id (its length in tokens, exact up to 40).
    title_norms: Vec<u8>,
    /// Every indexed term with its document frequency per field (from Tantivy's dictionaries).
    vocabulary: BTreeMap<String, [u64; NUM_FIELDS]>,
    /// Per document, the score of its own title as a query ([`LangIndex::title_scores`]).
    title_scores: std::sync::OnceLock<Vec<f32>>,
}

impl std::fmt::Debug for LangIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LangIndex")
            .field("lang", &self.lang)
            .field("docs", &self.docs.len())
            .field("terms", &self.vocabulary.len())
            .finish()
    }
}

impl LangIndex {
    /// The language code.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The indexed documents, in document-number order.
    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// This index with the popularity boost of the site's search: document `i` is asked
    /// `popularity[i]` (any scale; quantized to 0..=255 against the most asked). Documents and
    /// terms stay as they are; own-title scores kept from before the boost are dropped.
    pub fn with_popularity(mut self, popularity: &[f32]) -> LangIndex {
        for (doc, &p) in self.docs.iter_mut().zip(popularity) {
            doc.popularity = p;
        }
        let values: Vec<f32> = self.docs.iter().map(|d| d.popularity).collect();
        self.popularity = search_index::schema::quantize_popularity(&values);
        self.title_scores = std::sync::OnceLock::new();
        self
    }

    /// This index without the texts of its documents (kept: id, url and title, which hits and
    /// title scores read): a matcher searches the index, and the texts would hold the site's
    /// words a second time. Exporting it would lose them.
    pub fn without_texts(mut self) -> LangIndex {
        for doc in &mut self.docs {
            let SearchDoc { id, url, title, category, popularity, .. } = std::mem::take(doc);
            *doc = SearchDoc { id, url, title, category, popularity, ..SearchDoc::default() };
        }
        self
    }

    /// The index terms of the words of `text` that search looks up (function words left out),
    /// as this index's analyzer makes them.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyzer.words(text).into_iter().flat_map(|w| w.terms).collect()
    }

    /// Searches a submitted query (whole words); at most `limit` hits, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        self.search_with(query, QueryOptions::default(), limit)
    }

    /// Searches with explicit options (e.g. `as_you_type` for the last word as a prefix).
    pub fn search_with(&self, query: &str, options: QueryOptions, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let lexicon = lexicon::TantivyLexicon { index: self };
        self.search_scored(query, options, limit, &lexicon, &lexicon)
    }

    /// A searcher for many queries against this index (matching a complaint log): it returns
    /// what [`LangIndex::search_with`] returns, bit for bit, memoising each term's scores.
    pub fn batch_searcher(&self) -> BatchSearcher<'_> {
        BatchSearcher { index: self, cache: lexicon::TermCache::new(self) }
    }

    /// Plans `query` against the vocabulary of `lexicon` and ranks it with the term scores of
    /// `scorer`.
    fn search_scored(
        &self,
        query: &str,
        options: QueryOptions,
        limit: usize,
        lexicon: &dyn Lexicon,
        scorer: &dyn TermScorer,
    ) -> Result<Vec<Hit>, IndexError> {
        self.rank_plan(&self.plan(query, options, lexicon)?, limit, scorer)
    }

    /// Plans `query` against the vocabulary of `lexicon`, with this index's analyzer and
    /// synonyms.
    fn plan(
        &self,
        query: &str,
        options: QueryOptions,
        lexicon: &dyn Lexicon,
    ) -> Result<search_index::query::QueryPlan, IndexError> {
        Ok(search_index::query::plan_query(&self.analyzer, &self.synonyms, query, options, lexicon)?)
    }

    /// Ranks a planned query with the term scores of `scorer`.
    fn rank_plan(
        &self,
        plan: &search_index::query::QueryPlan,
        limit: usize,
        scorer: &dyn TermScorer,
    ) -> Result<Vec<Hit>, IndexError> {
        let hits = search_index::query::rank(plan, scorer, limit)?;
        Ok(hits
            .into_iter()
            .map(|h| Hit {
                id: self.docs.get(h.doc as usize).map(|d| d.id.clone()).unwrap_or_default(),
                doc: h.doc,
                score: h.score,
                matched_all: h.matched_all,
            })
            .collect())
    }
}

/// Searches many queries against one [`LangIndex`], from any number of threads at once (see
/// [`LangIndex::batch_searcher`]). A term's scores do not depend on the query, so each is asked
/// from Tantivy once per batch; the memo holds at most every posting of the index.
#[derive(Debug)]
pub struct BatchSearcher<'a> {
    index: &'a LangIndex,
    cache: lexicon::TermCache<'a>,
}

impl<'a> BatchSearcher<'a> {
    fn scorer(&self) -> lexicon::CachedScorer<'_, 'a> {
        lexicon::CachedScorer { lexicon: lexicon::TantivyLexicon { index: self.index }, cache: &self.cache }
    }

    /// The same as [`LangIndex::search_with`].
    pub fn search_with(&self, query: &str, options: QueryOptions, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let scorer = self.scorer();
        self.index.search_scored(query, options, limit, &scorer, &scorer)
    }
}

impl LangIndex {
    /// The score of `query` (submitted, as [`LangIndex::search`] plans it) in document `doc`:
    /// the score search would give that document, or 0 if it holds no word of the query.
    pub fn score_in(&self, query: &str, doc: u32) -> Result<f32, IndexError> {
        let lexicon = lexicon::TantivyLexicon { index: self };
        self.score_in_scored(query, doc, &lexicon, &lexicon)
    }

    /// Per document, the score of its own title searched as a query ([`LangIndex::score_in`]):
    /// what the index makes of the entry's own question, the yardstick of match confidence.
    /// Computed on first use and kept.
    pub fn title_scores(&self) -> Result<&[f32], IndexError> {
        let lexicon = lexicon::TantivyLexicon { index: self };
        self.title_scores_with(&lexicon, &lexicon)
    }

    fn title_scores_with(&self, lexicon: &dyn Lexicon, scorer: &dyn TermScorer) -> Result<&[f32], IndexError> {
        if let Some(scores) = self.title_scores.get() {
            return Ok(scores);
        }
        // Outside the cell: two threads asking first may both compute it (the answers are equal).
        let scores = (0..self.docs.len() as u32)
            .map(|doc| self.score_in_scored(&self.docs[doc as usize].title, doc, lexicon, scorer))
            .collect::<Result<Vec<f32>, _>>()?;
        Ok(self.title_scores.get_or_init(|| scores))
    }

    /// [`LangIndex::score_in`] with the term scores of `scorer`, added up as the shared ranker
    /// adds them (`search_index::query::rank`), so the result is the hit's score, bit for bit.
    fn score_in_scored(
        &self,
        query: &str,
        doc: u32,
        lexicon: &dyn Lexicon,
        scorer: &dyn TermScorer,
    ) -> Result<f32, IndexError> {
        Ok(search_index::query::score_of(&self.plan(query, QueryOptions::default(), lexicon)?, scorer, doc)?)
    }
}

/// A submitted query planned against one index ([`BatchSearcher::plan`]).
#[derive(Debug)]
pub struct PlannedQuery(search_index::query::QueryPlan);

impl BatchSearcher<'_> {
    /// The documents closest to `doc` for `query` (a question of `doc`'s): the hits of `query`
    /// but `doc` itself, each with its confidence, its score as a share of the score `doc`
    /// gets (capped at 1; 0 when `doc` holds no word of it); best first, equal scores by id;
    /// at most `limit`. Near-duplicate questions (`check`) and related questions (`build`)
    /// are both found this way.
    pub fn similar_to(&self, doc: u32, query: &str, limit: usize) -> Result<Vec<(u32, f32)>, IndexError> {
        self.similar_to_planned(doc, &self.plan(query)?, limit)
    }

    /// [`BatchSearcher::similar_to`] for a query planned already.
    pub fn similar_to_planned(
        &self,
        doc: u32,
        query: &PlannedQuery,
        limit: usize,
    ) -> Result<Vec<(u32, f32)>, IndexError> {
        let own = self.score_planned(query, doc)?;
        // A few more than asked, so that ties cut by the limit are still ordered by id.
        let mut hits: Vec<Hit> = self.index.rank_plan(&query.0, 2 * limit + 1, &self.scorer())?;
        hits.retain(|h| h.doc != doc);
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        hits.truncate(limit);
        Ok(hits.into_iter().map(|h| (h.doc, if own > 0.0 { (h.score / own).min(1.0) } else { 0.0 })).collect())
    }

    /// `query` (submitted) planned once, for asking it of many documents: planning analyses
    /// and expands every word, and costs more than scoring one document.
    pub fn plan(&self, query: &str) -> Result<PlannedQuery, IndexError> {
        Ok(PlannedQuery(self.index.plan(query, QueryOptions::default(), &self.scorer())?))
    }

    /// [`BatchSearcher::score_in`] for a query planned already.
    pub fn score_planned(&self, query: &PlannedQuery, doc: u32) -> Result<f32, IndexError> {
        Ok(search_index::query::score_of(&query.0, &self.scorer(), doc)?)
    }

    /// The same as [`LangIndex::score_in`].
    pub fn score_in(&self, query: &str, doc: u32) -> Result<f32, IndexError> {
        let scorer = self.scorer();
        self.index.score_in_scored(query, doc, &scorer, &scorer)
    }

    /// The same as [`LangIndex::title_scores`], computed on every core.
    pub fn title_scores(&self) -> Result<&[f32], IndexError> {
        use rayon::prelude::*;
        if let Some(scores) = self.index.title_scores.get() {
            return Ok(scores);
        }
        let docs = &self.index.docs;
        let scores = (0..docs.len() as u32)
            .into_par_iter()
            .map(|doc| self.score_in(&docs[doc as usize].title, doc))
            .collect::<Result<Vec<f32>, _>>()?;
        Ok(self.index.title_scores.get_or_init(|| scores))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, aliases: &[&str], body: &str) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            title: title.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            body: body.into(),
            ..SearchDoc::default()
        }
    }

    fn index() -> LangIndex {
        let docs = [
            doc("refund", "How do I get a refund?", &["money back"], "We refund the card you paid with."),
            doc("track", "Where is my order?", &[], "Open Orders to see where your parcel is."),
            doc("cancel", "How do I cancel an order?", &[], "Cancel it until it ships; then we refund it."),
        ];
        let synonyms = vec![vec!["refund".to_string(), "reimbursement".to_string()]];
        build_index("en", &docs, &synonyms).expect("index")
    }

    #[test]
    fn a_document_s_score_is_its_search_hit_s_score_bit_for_bit() {
        let index = index();
        let searcher = index.batch_searcher();
        // "cancel an order" says most of a title: its title coverage counts here too.
        for query in
            ["refund", "where is my parcel", "money back for my order", "refnud cancel", "weather", "cancel an order"]
        {
            let hits = index.search(query, 10).expect("search");
            for _ in 0..2 {
                // The second time from the batch's memos.
                assert_eq!(searcher.search_with(query, QueryOptions::default(), 10).expect("search"), hits);
            }
            for doc in 0..3u32 {
                let expected = hits.iter().find(|h| h.doc == doc).map_or(0.0, |h| h.score);
                assert_eq!(index.score_in(query, doc).expect("score").to_bits(), expected.to_bits(), "{query}");
                assert_eq!(searcher.score_in(query, doc).expect("score").to_bits(), expected.to_bits(), "{query}");
            }
        }
    }

    #[test]
    fn title_scores_are_each_title_searched_in_its_own_document() {
        let index = index();
        let titles = index.title_scores().expect("titles").to_vec();
        for (doc, d) in index.docs().iter().enumerate() {
            assert_eq!(titles[doc], index.score_in(&d.title, doc as u32).expect("score"));
            assert!(titles[doc] > 0.0);
        }
        assert_eq!(index.batch_searcher().title_scores().expect("titles"), titles);
    }

    #[test]
    fn similar_documents_leave_out_the_document_itself_and_tie_by_id() {
        let docs = [
            doc("zeta", "How do I track a parcel?", &[], "Parcel tracking."),
            doc("self", "How do I track my parcel?", &[], "Tracking a parcel."),
            doc("alpha", "How do I track a parcel?", &[], "Parcel tracking."),
            doc("other", "Can I pay by card?", &[], "Cards are fine."),
        ];
        let index = build_index("en", &docs, &[]).expect("index");
        let found = index.batch_searcher().similar_to(1, "How do I track my parcel?", 3).expect("similar");
        let ids: Vec<&str> = found.iter().map(|&(d, _)| docs[d as usize].id.as_str()).collect();
        // `zeta` and `alpha` score the same: `alpha` first, whatever their order in the index.
        assert_eq!(ids[..2], ["alpha", "zeta"], "{found:?}");
        assert!(!ids.contains(&"self"));
        assert!(found.iter().all(|&(_, c)| (0.0..=1.0).contains(&c)));
        assert_eq!(found[0].1, found[1].1);
    }
}
