//! The static-index client: what the browser (through `wasm.rs`) and the native tests run.
//!
//! Loading is driven by the caller, since only it can fetch files: open the manifest, ask
//! [`StaticIndex::missing_shards`] for a query, fetch and [`StaticIndex::load_shard`] them, and
//! repeat until nothing is missing (at most twice more: typo ranges are known only once the
//! exact terms are known to be absent); then [`StaticIndex::search`].

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::analyzer::{analyzer_for, Analyzer};
use crate::format::{read_manifest, read_shard, FormatError, Manifest, Shard, TermPostings};
use crate::query::bm25::TermWeight;
use crate::query::{plan_query, prefix_end, rank, Hit, Lexicon, QueryError, QueryOptions, Synonyms, TermScorer};

/// A static index for one language, with the shards loaded so far.
#[derive(Debug)]
pub struct StaticIndex {
    manifest: Manifest,
    analyzer: Analyzer,
    synonyms: Synonyms,
    shards: Vec<Option<Shard>>,
}

impl StaticIndex {
    /// Opens an index from its manifest bytes; no shard is loaded yet.
    pub fn open(manifest: &[u8]) -> Result<StaticIndex, FormatError> {
        let manifest = read_manifest(manifest)?;
        let analyzer = analyzer_for(&manifest.lang);
        let synonyms = Synonyms::new(&analyzer, &manifest.synonyms);
        let shards = vec![None; manifest.shards.len()];
        Ok(StaticIndex { manifest, analyzer, synonyms, shards })
    }

    /// The parsed manifest (shard and fragment file names, statistics).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Shards (by number) that `query` needs and that are not loaded yet, in order.
    pub fn missing_shards(&self, query: &str, options: QueryOptions) -> Vec<usize> {
        let view = View { index: self, missing: RefCell::new(BTreeSet::new()) };
        // Planning fails when shards are missing; what matters here is which ones it named.
        let _ = plan_query(&self.analyzer, &self.synonyms, query, options, &view);
        view.missing.into_inner().into_iter().collect()
    }

    /// Loads shard number `shard` from its file's bytes (checked against the manifest).
    pub fn load_shard(&mut self, shard: usize, bytes: &[u8]) -> Result<(), FormatError> {
        let expected = self
            .manifest
            .shards
            .get(shard)
            .ok_or_else(|| FormatError::Invalid(format!("no shard {shard} (index has {})", self.shards.len())))?;
        let parsed = read_shard(bytes, expected, self.manifest.num_docs)?;
        self.shards[shard] = Some(parsed);
        Ok(())
    }

    /// Runs `query`; fails with [`QueryError::MissingShard`] if a needed shard is not loaded.
    pub fn search(&self, query: &str, options: QueryOptions, limit: usize) -> Result<Vec<Hit>, QueryError> {
        let view = View { index: self, missing: RefCell::new(BTreeSet::new()) };
        let plan = plan_query(&self.analyzer, &self.synonyms, query, options, &view)?;
        rank(&plan, self, limit)
    }

    /// The number of the fragment file holding document `doc`.
    pub fn fragment_file_for(&self, doc: u32) -> Option<usize> {
        let i = self.manifest.fragments.partition_point(|f| f.first_doc + f.count <= doc);
        (i < self.manifest.fragments.len()).then_some(i)
    }

    /// The shard whose range holds `term`, if any.
    fn shard_for(&self, term: &str) -> Option<usize> {
        let shards = &self.manifest.shards;
        let i = shards.partition_point(|s| s.last.as_str() < term);
        (i < shards.len() && shards[i].first.as_str() <= term).then_some(i)
    }

    /// The shards whose ranges meet the terms starting with `prefix`.
    fn shards_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let shards = &self.manifest.shards;
        let start = shards.partition_point(|s| s.last.as_str() < prefix);
        let end = match prefix_end(prefix) {
            Some(end) => shards.partition_point(|s| s.first < end),
            None => shards.len(),
        };
        start..end.max(start)
    }

    fn postings(&self, term: &str) -> Result<Option<&TermPostings>, QueryError> {
        match self.shard_for(term) {
            None => Ok(None),
            Some(i) => match &self.shards[i] {
                Some(shard) => Ok(shard.get(term)),
                None => Err(QueryError::MissingShard(i)),
            },
        }
    }
}

/// The index seen as a [`Lexicon`]: a lookup needing an unloaded shard records it and fails
/// with [`QueryError::MissingShard`].
struct View<'a> {
    index: &'a StaticIndex,
    missing: RefCell<BTreeSet<usize>>,
}

impl View<'_> {
    fn shard(&self, i: usize) -> Result<&Shard, QueryError> {
        match self.index.shards.get(i) {
            Some(Some(shard)) => Ok(shard),
            _ => {
                self.missing.borrow_mut().insert(i);
                Err(QueryError::MissingShard(i))
            }
        }
    }
}

impl Lexicon for View<'_> {
    fn contains(&self, term: &str) -> Result<bool, QueryError> {
        match self.index.shard_for(term) {
            None => Ok(false),
            Some(i) => Ok(self.shard(i)?.get(term).is_some()),
        }
    }

    fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, u64)>, QueryError> {
        let mut out = Vec::new();
        let mut first_error = None;
        for i in self.index.shards_for_prefix(prefix) {
            let shard = match self.shard(i) {
                Ok(shard) => shard,
                Err(e) => {
                    first_error.get_or_insert(e);
                    continue;
                }
            };
            let start = shard.terms.partition_point(|t| t.term.as_str() < prefix);
            for entry in shard.terms[start..].iter().take_while(|t| t.term.starts_with(prefix)) {
                let df: u64 = entry.fields.iter().map(|p| p.len() as u64).sum();
                out.push((entry.term.clone(), df));
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }
}

impl TermScorer for StaticIndex {
    fn field_scores(&self, term: &str, field: usize) -> Result<Vec<(u32, f32)>, QueryError> {
        let Some(entry) = self.postings(term)? else { return Ok(Vec::new()) };
        let (Some(postings), Some(stats)) = (entry.fields.get(field), self.manifest.fields.get(field)) else {
            return Ok(Vec::new());
        };
        if postings.is_empty() {
            return Ok(Vec::new());
        }
        let num_docs = u64::from(self.manifest.num_docs);
        let weight = TermWeight::new(postings.len() as u64, num_docs, stats.total_tokens, stats.boost);
        Ok(postings.iter().map(|p| (p.doc, weight.score(p.fieldnorm_id, p.term_freq))).collect())
    }

    fn popularity(&self, doc: u32) -> u8 {
        self.manifest.popularity.get(doc as usize).copied().unwrap_or(0)
    }

    fn popularity_weight(&self) -> f32 {
        self.manifest.popularity_weight
    }
}
