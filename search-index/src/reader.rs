//! The static-index client: what the browser (through `wasm.rs`) and the native tests run.
//!
//! Loading is driven by the caller, since only it can fetch files: open the manifest, ask
//! [`StaticIndex::missing_shards`] for a query, fetch and [`StaticIndex::load_shard`] those term
//! files, and repeat until nothing is missing; then [`StaticIndex::search`]. A query word needs
//! the shard where it sorts. Prefix and typo candidates come from term-list pages (terms and
//! frequencies only), and then only the chosen candidates' shards are fetched: a typo takes at
//! most three rounds (the word's shard, the pages of its range, the corrections' shards).

use std::borrow::Cow;
use std::cell::RefCell;

use crate::analyzer::{analyzer_for, Analyzer};
use crate::format::{
    read_manifest, read_shard, read_term_list, FormatError, Manifest, Shard, ShardKind, ShardRef, TermList,
    TermPostings,
};
use crate::query::bm25::TermWeight;
use crate::query::{plan_query, prefix_end, rank, Hit, Lexicon, QueryError, QueryOptions, Synonyms, TermScorer};

/// Rounds of fetching in [`StaticIndex::load_needed`].
const LOAD_ROUNDS: usize = 4;

/// A loaded term file.
#[derive(Clone, Debug)]
enum Loaded {
    Postings(Shard),
    Terms(TermList),
}

/// A static index for one language, with the term files loaded so far.
#[derive(Debug)]
pub struct StaticIndex {
    manifest: Manifest,
    analyzer: Analyzer,
    synonyms: Synonyms,
    /// Per term file (postings shards, then term-list pages), once loaded.
    loaded: Vec<Option<Loaded>>,
}

impl StaticIndex {
    /// Opens an index from its manifest bytes; no term file is loaded yet.
    pub fn open(manifest: &[u8]) -> Result<StaticIndex, FormatError> {
        let manifest = read_manifest(manifest)?;
        let analyzer = analyzer_for(&manifest.lang);
        let synonyms = Synonyms::new(&analyzer, &manifest.synonyms);
        let loaded = vec![None; manifest.shards.len()];
        Ok(StaticIndex { manifest, analyzer, synonyms, loaded })
    }

    /// The parsed manifest (term and fragment file names, statistics).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Term files (by number: shards and term-list pages) that `query` needs and that are not
    /// loaded yet, in order.
    pub fn missing_shards(&self, query: &str, options: QueryOptions) -> Vec<usize> {
        let view = View { index: self, missing: RefCell::new(Vec::new()) };
        // Planning fails when files are missing; what matters here is which ones it named.
        if let Ok(plan) = plan_query(&self.analyzer, &self.synonyms, query, options, &view) {
            // Expansions chosen from term-list pages still need their postings.
            for term in plan.terms() {
                if let Some(i) = self.shard_for(term) {
                    if !matches!(self.loaded[i], Some(Loaded::Postings(_))) {
                        view.need(i);
                    }
                }
            }
        }
        view.missing.into_inner()
    }

    /// Loads every term file `query` needs, each read by `fetch` (given its file name), in
    /// rounds until nothing is missing: a word's shard, the term-list pages of its range, the
    /// shards of the corrections chosen, and one round to spare. How many files it loaded.
    pub fn load_needed(
        &mut self,
        query: &str,
        options: QueryOptions,
        fetch: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
    ) -> Result<usize, FormatError> {
        let mut loaded = 0;
        for _round in 0..LOAD_ROUNDS {
            let missing = self.missing_shards(query, options);
            if missing.is_empty() {
                break;
            }
            for shard in missing {
                let name = self.manifest.shards[shard].file_name();
                let bytes = fetch(&name).ok_or_else(|| FormatError::Invalid(format!("no file `{name}`")))?;
                self.load_shard(shard, &bytes)?;
                loaded += 1;
            }
        }
        Ok(loaded)
    }

    /// Loads term file number `shard` from its bytes (checked against the manifest).
    pub fn load_shard(&mut self, shard: usize, bytes: &[u8]) -> Result<(), FormatError> {
        let expected =
            self.manifest.shards.get(shard).ok_or_else(|| FormatError::Invalid("no such shard".to_string()))?;
        let parsed = match expected.kind {
            ShardKind::Postings => Loaded::Postings(read_shard(bytes, expected, self.manifest.num_docs)?),
            ShardKind::Terms { .. } => Loaded::Terms(read_term_list(bytes, expected)?),
        };
        self.loaded[shard] = Some(parsed);
        Ok(())
    }

    /// Runs `query`; fails with [`QueryError::MissingShard`] if a needed file is not loaded.
    pub fn search(&self, query: &str, options: QueryOptions, limit: usize) -> Result<Vec<Hit>, QueryError> {
        let view = View { index: self, missing: RefCell::new(Vec::new()) };
        let plan = plan_query(&self.analyzer, &self.synonyms, query, options, &view)?;
        rank(&plan, self, limit)
    }

    /// The concrete terms `query` is scored with (sorted): what a result's excerpt marks.
    /// Empty while a needed file is not loaded.
    pub fn query_terms(&self, query: &str, options: QueryOptions) -> Vec<String> {
        let view = View { index: self, missing: RefCell::new(Vec::new()) };
        match plan_query(&self.analyzer, &self.synonyms, query, options, &view) {
            Ok(plan) => plan.terms().into_iter().map(String::from).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The analyzer of the index's language.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The number of the fragment file holding document `doc`.
    pub fn fragment_file_for(&self, doc: u32) -> Option<usize> {
        let file = (doc / self.manifest.fragment_docs) as usize;
        (doc < self.manifest.num_docs && file < self.manifest.fragments.len()).then_some(file)
    }

    fn postings_shards(&self) -> &[ShardRef] {
        &self.manifest.shards[..self.manifest.postings_shards]
    }

    /// The postings shard where `term` would sort (it holds the term if the index has it).
    fn shard_for(&self, term: &str) -> Option<usize> {
        self.postings_shards().partition_point(|s| s.first.as_str() <= term).checked_sub(1)
    }

    /// The postings shards whose ranges meet the terms starting with `prefix`.
    fn shards_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let shards = self.postings_shards();
        let start = self.shard_for(prefix).unwrap_or(0);
        let end = match prefix_end(prefix) {
            Some(end) => shards.partition_point(|s| s.first < end),
            None => shards.len(),
        };
        start..end.max(start)
    }

    /// The term-list page covering postings shard `shard`.
    fn page_for(&self, shard: usize) -> usize {
        let pages = &self.manifest.shards[self.manifest.postings_shards..];
        let k = pages.partition_point(|p| matches!(&p.kind, ShardKind::Terms { shards } if shards.end <= shard));
        self.manifest.postings_shards + k
    }

    fn postings(&self, term: &str) -> Result<Option<&TermPostings>, QueryError> {
        match self.shard_for(term) {
            None => Ok(None),
            Some(i) => match &self.loaded[i] {
                Some(Loaded::Postings(shard)) => Ok(shard.get(term)),
                _ => Err(QueryError::MissingShard(i)),
            },
        }
    }
}

/// Prefix ranges of at most this many postings shards are read from the shards themselves.
const DIRECT_PREFIX_SHARDS: usize = 2;

/// The index seen as a [`Lexicon`]: a lookup needing an unloaded file records it and fails
/// with [`QueryError::MissingShard`].
struct View<'a> {
    index: &'a StaticIndex,
    /// Files found missing, sorted, no duplicates (a sorted `Vec`: no `BTreeSet` code in the
    /// shipped module).
    missing: RefCell<Vec<usize>>,
}

impl View<'_> {
    /// Records that file `i` is needed.
    fn need(&self, i: usize) -> QueryError {
        let mut missing = self.missing.borrow_mut();
        let at = missing.partition_point(|&m| m < i);
        if missing.get(at) != Some(&i) {
            missing.insert(at, i);
        }
        QueryError::MissingShard(i)
    }

    fn loaded(&self, i: usize) -> Option<&Loaded> {
        self.index.loaded.get(i).and_then(Option::as_ref)
    }

    /// The terms of postings shards `range` with their frequencies, from the shards if all are
    /// loaded, else from their term-list pages (which are much smaller).
    fn terms_of(
        &self,
        range: std::ops::Range<usize>,
        prefix: &str,
        out: &mut Vec<(String, u64)>,
    ) -> Result<(), QueryError> {
        let all_loaded = range.clone().all(|i| matches!(self.loaded(i), Some(Loaded::Postings(_))));
        if all_loaded {
            for i in range {
                if let Some(Loaded::Postings(shard)) = self.loaded(i) {
                    let start = shard.terms.partition_point(|t| t.term.as_str() < prefix);
                    for entry in shard.terms[start..].iter().take_while(|t| t.term.starts_with(prefix)) {
                        let df: u64 = entry.fields.iter().map(|p| p.len() as u64).sum();
                        out.push((entry.term.clone(), df));
                    }
                }
            }
            return Ok(());
        }
        if range.is_empty() {
            return Ok(());
        }
        let (first, last) = (self.index.page_for(range.start), self.index.page_for(range.end - 1));
        // A narrow range (a word typed far enough) asks for its shards rather than their
        // pages: the expansions the page would name have their postings in those same
        // shards, so the browser fetches once instead of twice (the page, then the shards).
        let pages_loaded = (first..=last).all(|p| matches!(self.loaded(p), Some(Loaded::Terms(_))));
        if range.len() <= DIRECT_PREFIX_SHARDS && !pages_loaded {
            let mut first_error = None;
            for i in range.filter(|&i| !matches!(self.loaded(i), Some(Loaded::Postings(_)))) {
                first_error.get_or_insert(self.need(i));
            }
            return first_error.map_or(Ok(()), Err);
        }
        let mut first_error = None;
        for page in first..=last {
            match self.loaded(page) {
                Some(Loaded::Terms(list)) => {
                    let start = list.terms.partition_point(|t| t.0.as_str() < prefix);
                    out.extend(list.terms[start..].iter().take_while(|t| t.0.starts_with(prefix)).cloned());
                }
                _ => {
                    first_error.get_or_insert(self.need(page));
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

impl Lexicon for View<'_> {
    fn contains(&self, term: &str) -> Result<bool, QueryError> {
        let Some(i) = self.index.shard_for(term) else { return Ok(false) };
        match self.loaded(i) {
            Some(Loaded::Postings(shard)) => Ok(shard.get(term).is_some()),
            // A loaded page answers for an absent term: no need to fetch its shard. A present
            // term's postings are asked for once the plan is made.
            _ => match self.loaded(self.index.page_for(i)) {
                Some(Loaded::Terms(list)) => Ok(list.terms.binary_search_by(|t| t.0.as_str().cmp(term)).is_ok()),
                _ => Err(self.need(i)),
            },
        }
    }

    fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, u64)>, QueryError> {
        let mut out = Vec::new();
        self.terms_of(self.index.shards_for_prefix(prefix), prefix, &mut out)?;
        Ok(out)
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

    fn title_matches(&self, term: &str) -> Result<Cow<'_, [(u32, u8)]>, QueryError> {
        let Some(entry) = self.postings(term)? else { return Ok(Cow::Borrowed(&[])) };
        Ok(entry
            .fields
            .first()
            .map(|title| title.iter().map(|p| (p.doc, p.fieldnorm_id)).collect())
            .unwrap_or_default())
    }

    fn popularity(&self, doc: u32) -> u8 {
        self.manifest.popularity.get(doc as usize).copied().unwrap_or(0)
    }

    fn popularity_weight(&self) -> f32 {
        self.manifest.popularity_weight
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{write_index, ExportFile, FieldStats, Fragment, IndexData, Posting, MANIFEST_FILE};
    use crate::schema::{FIELDS, NUM_FIELDS};
    use std::collections::BTreeMap;

    /// A few thousand documents over a vocabulary of letter-only words that stemming keeps
    /// whole, so the files hold many shards and term-list pages.
    fn files() -> Vec<ExportFile> {
        let letters = b"bcfgkmnprt";
        let mut seed = 12345u64;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        // Two first letters only, so a two-letter typo range spans many shards.
        let vocabulary: Vec<String> = (0..3000)
            .map(|_| {
                let start = if next(2) == 0 { "br" } else { "kt" };
                start.chars().chain((0..4 + next(4)).map(|_| char::from(letters[next(10) as usize]))).collect()
            })
            .collect();
        let num_docs = 6000u32;
        let mut postings: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
        let mut total_tokens = 0;
        for doc in 0..num_docs {
            for _ in 0..20 {
                // Skewed: low-numbered words are frequent.
                let word = &vocabulary[(next(3000) * next(3000) / 3000) as usize];
                *postings.entry(word.clone()).or_default().entry(doc).or_default() += 1;
                total_tokens += 1;
            }
        }
        let terms = postings
            .into_iter()
            .map(|(term, docs)| {
                let mut entry = TermPostings { term, ..TermPostings::default() };
                entry.fields[3] =
                    docs.into_iter().map(|(doc, term_freq)| Posting { doc, term_freq, fieldnorm_id: 12 }).collect();
                entry
            })
            .collect();
        let data = IndexData {
            lang: "en".into(),
            num_docs,
            fields: FIELDS
                .iter()
                .map(|f| FieldStats {
                    name: f.name.into(),
                    boost: f.boost,
                    total_tokens: if f.name == "body" { total_tokens } else { 0 },
                })
                .collect(),
            popularity: vec![0; num_docs as usize],
            popularity_weight: 0.3,
            synonyms: Vec::new(),
            terms,
            fragments: (0..num_docs).map(|d| Fragment { id: d.to_string(), ..Fragment::default() }).collect(),
        };
        assert_eq!(data.fields.len(), NUM_FIELDS);
        write_index(&data).expect("valid data")
    }

    fn bytes<'a>(files: &'a [ExportFile], name: &str) -> &'a [u8] {
        &files.iter().find(|f| f.name == name).expect("file exists").bytes
    }

    /// Searches the way the browser does; returns the hits and the term files fetched.
    fn lazily(files: &[ExportFile], query: &str, as_you_type: bool) -> (Vec<(u32, u32)>, Vec<usize>) {
        let mut index = StaticIndex::open(bytes(files, MANIFEST_FILE)).expect("manifest");
        let options = QueryOptions { as_you_type };
        let mut fetched = Vec::new();
        for _round in 0..4 {
            let missing = index.missing_shards(query, options);
            for &i in &missing {
                let name = index.manifest().shards[i].file_name();
                index.load_shard(i, bytes(files, &name)).expect("term file loads");
            }
            fetched.extend(missing);
        }
        assert!(index.missing_shards(query, options).is_empty(), "{query}: settled within four rounds");
        let hits = index.search(query, options, 10).expect("everything needed is loaded");
        (hits.iter().map(|h| (h.doc, h.score.to_bits())).collect(), fetched)
    }

    /// Searches with every postings shard loaded (and no term-list page).
    fn eagerly(files: &[ExportFile], query: &str, as_you_type: bool) -> Vec<(u32, u32)> {
        let mut index = StaticIndex::open(bytes(files, MANIFEST_FILE)).expect("manifest");
        for i in 0..index.manifest().postings_shards {
            let name = index.manifest().shards[i].file_name();
            index.load_shard(i, bytes(files, &name)).expect("shard loads");
        }
        let hits = index.search(query, QueryOptions { as_you_type }, 10).expect("all shards loaded");
        hits.iter().map(|h| (h.doc, h.score.to_bits())).collect()
    }

    #[test]
    fn typos_and_prefixes_read_term_lists_and_fetch_only_the_shards_they_choose() {
        let files = files();
        let index = StaticIndex::open(bytes(&files, MANIFEST_FILE)).expect("manifest");
        let postings_shards = index.manifest().postings_shards;
        let pages = index.manifest().shards.len() - postings_shards;
        assert!(postings_shards > 40 && pages > 3, "many shards ({postings_shards}) and pages ({pages})");
        let vocabulary: Vec<String> = files
            .iter()
            .filter(|f| f.name.starts_with("t-"))
            .flat_map(|f| {
                let i = index.manifest().shards.iter().position(|s| s.file_name() == f.name).expect("listed");
                read_term_list(&f.bytes, &index.manifest().shards[i]).expect("page").terms
            })
            .map(|(t, _)| t)
            .collect();
        let word = vocabulary.iter().find(|w| w.chars().count() >= 6).expect("a long word").clone();
        let typo: String = word.chars().take(3).chain(['x']).chain(word.chars().skip(4)).collect();
        let queries = [
            (word.clone(), false),
            (typo.clone(), false),
            (format!("{} {typo}", vocabulary[7]), false),
            (word.chars().take(3).collect(), true),
            (format!("{} {}", vocabulary[3], &word[..4]), true),
            ("zzzzzz".to_string(), false),
        ];
        for (query, as_you_type) in &queries {
            let (hits, fetched) = lazily(&files, query, *as_you_type);
            assert_eq!(hits, eagerly(&files, query, *as_you_type), "{query:?} (as you type: {as_you_type})");
            let shards_fetched = fetched.iter().filter(|&&i| i < postings_shards).count();
            assert!(shards_fetched <= 31, "{query:?} fetched {shards_fetched} shards");
        }
        // A typo fetches the shard where the word sorts, the pages of its two-letter range and the
        // shards of at most five corrections; not every shard of the range.
        let (hits, fetched) = lazily(&files, &typo, false);
        assert!(!hits.is_empty(), "{typo:?} is corrected");
        let range = index.shards_for_prefix(&typo[..2]);
        let shards_fetched = fetched.iter().filter(|&&i| i < postings_shards).count();
        assert!(shards_fetched <= 6 && range.len() > 20, "{typo:?}: {shards_fetched} shards, range {range:?}");
    }
}
