//! Build-time search: Tantivy indexes per language and the export to the static index.
//!
//! Tantivy is the reference ranking. Our analyzers (from `search-index`) are registered in it
//! by name; queries are planned by the shared planner into concrete terms, each scored by a
//! Tantivy `TermQuery` per field, and combined by the shared ranker — so the native reader and
//! the browser, running the same planner and ranker over the exported statistics, return the
//! same entries in the same order. The index lives in RAM (`RamDirectory`).

mod build;
mod export;
mod lexicon;
mod site;

use std::collections::BTreeMap;

use search_index::query::{QueryOptions, Synonyms};
use search_index::schema::NUM_FIELDS;
use search_index::{Analyzer, SearchDoc};
use tantivy::schema::Field;
use tantivy::Searcher;

pub use build::{build_index, build_index_with, IndexSettings};
pub use export::{export, export_files, ExportSummary};
pub use search_index::query::QueryOptions as SearchOptions;
pub use site::{export_site, index_language, index_languages, search_docs, settings};

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
    /// Every indexed term with its document frequency per field (from Tantivy's dictionaries).
    vocabulary: BTreeMap<String, [u64; NUM_FIELDS]>,
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

    /// Searches a submitted query (whole words); at most `limit` hits, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        self.search_with(query, QueryOptions::default(), limit)
    }

    /// Searches with explicit options (e.g. `as_you_type` for the last word as a prefix).
    pub fn search_with(&self, query: &str, options: QueryOptions, limit: usize) -> Result<Vec<Hit>, IndexError> {
        self.search_scored(query, options, limit, &lexicon::TantivyLexicon { index: self })
    }

    /// A searcher for many queries against this index (matching a complaint log): it returns
    /// what [`LangIndex::search_with`] returns, bit for bit, memoising each term's scores.
    pub fn batch_searcher(&self) -> BatchSearcher<'_> {
        BatchSearcher { index: self, cache: lexicon::TermCache::default() }
    }

    /// Plans `query` against the vocabulary and ranks it with the term scores of `scorer`.
    fn search_scored(
        &self,
        query: &str,
        options: QueryOptions,
        limit: usize,
        scorer: &dyn search_index::query::TermScorer,
    ) -> Result<Vec<Hit>, IndexError> {
        let lexicon = lexicon::TantivyLexicon { index: self };
        let plan = search_index::query::plan_query(&self.analyzer, &self.synonyms, query, options, &lexicon)?;
        let hits = search_index::query::rank(&plan, scorer, limit)?;
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
    cache: lexicon::TermCache,
}

impl BatchSearcher<'_> {
    /// The same as [`LangIndex::search_with`].
    pub fn search_with(&self, query: &str, options: QueryOptions, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let scorer =
            lexicon::CachedScorer { lexicon: lexicon::TantivyLexicon { index: self.index }, cache: &self.cache };
        self.index.search_scored(query, options, limit, &scorer)
    }
}
