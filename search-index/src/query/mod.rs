//! The query engine shared by Tantivy's side, the native reader and the wasm client:
//! planning (analysis, synonyms, prefix and typo expansion into concrete terms), BM25 exactly
//! as Tantivy computes it, and ranking.
//!
//! It never touches files or Tantivy: backends plug in through [`Lexicon`] and [`TermScorer`].

pub mod bm25;
mod builtin_synonyms;
mod plan;
mod rank;
mod synonyms;
pub mod typo;

pub use builtin_synonyms::builtin_synonyms;
pub use plan::{
    plan_query, prefix_end, typo_corrections, Alternative, Group, Lexicon, QueryOptions, QueryPlan, Slot,
    MAX_PREFIX_TERMS, MAX_TYPO_TERMS, MIN_PREFIX_CHARS,
};
pub use rank::{rank, score_of, Hit, TermScorer, TITLE_COVERAGE_MIN, TITLE_COVERAGE_WEIGHT};
pub use synonyms::Synonyms;

/// Why a query could not be answered.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The query needs a shard that has not been loaded yet (load it and ask again).
    #[error("shard {0} is needed but not loaded")]
    MissingShard(usize),
    /// The backend failed (Tantivy error, corrupt data).
    #[error("search backend failed: {0}")]
    Backend(String),
}
