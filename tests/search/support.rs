//! Helpers: build, export and reopen an index; run a query through the native reader,
//! loading shards the way the browser does.

use std::path::Path;

use helpmark::index::{build_index, export, LangIndex};
use search_index::format::MANIFEST_FILE;
use search_index::query::QueryOptions;
use search_index::{SearchDoc, StaticIndex};

/// Builds the Tantivy index and exports it into a fresh temporary folder.
pub(crate) fn build_and_export(
    lang: &str,
    docs: &[SearchDoc],
    synonyms: &[Vec<String>],
) -> (LangIndex, tempfile::TempDir) {
    let index = build_index(lang, docs, synonyms).expect("fixture indexes");
    let dir = tempfile::tempdir().expect("temp dir");
    export(&index, dir.path()).expect("export succeeds");
    (index, dir)
}

/// Opens an exported index (manifest only).
pub(crate) fn open(dir: &Path) -> StaticIndex {
    let manifest = std::fs::read(dir.join(MANIFEST_FILE)).expect("manifest exists");
    StaticIndex::open(&manifest).expect("manifest reads")
}

/// Runs `query` natively: fetch missing shards until none is missing, then search.
/// Returns `(ids, scores)` and the number of shards fetched.
pub(crate) fn native_search(
    reader: &mut StaticIndex,
    dir: &Path,
    query: &str,
    options: QueryOptions,
    limit: usize,
) -> (Vec<(String, f32)>, usize) {
    let mut read = |name: &str| std::fs::read(dir.join(name)).ok();
    let fetched = reader.load_needed(query, options, &mut read).expect("every needed shard loads");
    let hits = reader.search(query, options, limit).expect("all shards loaded");
    let ids = hits
        .iter()
        .map(|h| {
            let file = reader.fragment_file_for(h.doc).expect("doc has a fragment file");
            let fragment_ref = &reader.manifest().fragments[file];
            let bytes = std::fs::read(dir.join(fragment_ref.file_name())).expect("fragment file exists");
            let fragments = search_index::format::read_fragments(&bytes, fragment_ref).expect("fragments read");
            let id = fragments[(h.doc - fragment_ref.first_doc) as usize].id.clone();
            (id, h.score)
        })
        .collect();
    (ids, fetched)
}
