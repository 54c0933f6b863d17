//! Export of a [`LangIndex`] to the static index format (`public/_search/<lang>/`).
//!
//! Statistics, postings and field-norm ids are read back from Tantivy, not recomputed, so the
//! exported index scores exactly as Tantivy does. The encoding itself lives in
//! `search_index::format`.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use search_index::format::{
    excerpt, patch_index, write_index, DocChanges, FieldStats, Fragment, IndexData, PatchedFile, Posting, TermPostings,
};
use search_index::schema::{FIELDS, NUM_FIELDS};
use search_index::SearchDoc;
use tantivy::postings::Postings as _;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term, TERMINATED};

use super::{build_index_with, IndexError, IndexSettings, LangIndex};

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Files written (manifest, shards, term-list pages, fragment files).
    pub files: usize,
    /// Total bytes written.
    pub bytes: u64,
    /// Number of term shards.
    pub shards: usize,
    /// Size of the manifest in bytes.
    pub manifest_bytes: u64,
}

/// Writes the static index of `index` into `out_dir` (created if missing; files of a previous
/// export with other hashes are left alone — the caller writes into a fresh folder).
pub fn export(index: &LangIndex, out_dir: &Path) -> Result<ExportSummary, IndexError> {
    let files = export_files(index)?;
    std::fs::create_dir_all(out_dir).map_err(|source| IndexError::Io { path: out_dir.to_path_buf(), source })?;
    let mut summary = ExportSummary { files: files.len(), ..ExportSummary::default() };
    for file in &files {
        let path = out_dir.join(&file.name);
        std::fs::write(&path, &file.bytes).map_err(|source| IndexError::Io { path, source })?;
        summary.bytes += file.bytes.len() as u64;
        if file.name.starts_with("s-") {
            summary.shards += 1;
        } else if file.name == search_index::format::MANIFEST_FILE {
            summary.manifest_bytes = file.bytes.len() as u64;
        }
    }
    Ok(summary)
}

/// The files of the static index of `index` (name, bytes), in memory: the site builder writes
/// them with the rest of the site, atomically.
pub fn export_files(index: &LangIndex) -> Result<Vec<search_index::format::ExportFile>, IndexError> {
    Ok(write_index(&index_data(index)?)?)
}

/// The static index files of `lang` (whose files were `old`, by name) after the documents
/// numbered `before.0` (as `before.1` reads them) became `after.1` at the numbers `after.0`,
/// the index now holding `num_docs` documents with `popularity`, without indexing the others
/// again: each side is indexed alone, as the whole index indexes it (a document's term
/// frequencies and field norms are its own), and `search_index::format::patch_index` packs
/// again what they changed, byte for byte what exporting the whole index again would give.
pub fn patch_files(
    old: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    lang: &str,
    before: (&[u32], Vec<SearchDoc>),
    after: (&[u32], Vec<SearchDoc>),
    (num_docs, popularity): (u32, &[u8]),
    settings: &IndexSettings,
) -> Result<Vec<(String, PatchedFile)>, IndexError> {
    let mut clock = crate::StageClock::from_env();
    // Each document once (a deletion's moved document is on both sides), alone, on every core.
    let mut docs: Vec<SearchDoc> = Vec::new();
    let mut slot = |doc: SearchDoc| match docs.iter().position(|d| *d == doc) {
        Some(i) => i,
        None => {
            docs.push(doc);
            docs.len() - 1
        }
    };
    let (was, is): (Vec<usize>, Vec<usize>) =
        (before.1.into_iter().map(&mut slot).collect(), after.1.into_iter().map(&mut slot).collect());
    let alone: Vec<IndexData> = docs
        .into_par_iter()
        .map(|doc| index_data(&build_index_with(lang, vec![doc], settings)?))
        .collect::<Result<_, _>>()?;
    let side = |slots: &[usize]| side_by_side(lang, &slots.iter().map(|&i| &alone[i]).collect::<Vec<_>>());
    let (was, is) = (side(&was), side(&is));
    clock.lap("patch: the changed documents indexed");
    let changes = DocChanges { before: (before.0, &was), after: (after.0, &is), num_docs, popularity };
    let patched = patch_index(old, &changes)?;
    clock.lap("patch: search files patched");
    Ok(patched)
}

/// The index data of the documents of `parts` (each one document's, indexed alone) side by
/// side, numbered in that order: what indexing them together gives, since a document's term
/// frequencies and field norms are its own (a test holds it to that). Popularity and synonyms,
/// which the patcher does not read, stay empty.
fn side_by_side(lang: &str, parts: &[&IndexData]) -> IndexData {
    let mut fields: Vec<FieldStats> = FIELDS
        .iter()
        .map(|spec| FieldStats { name: spec.name.to_string(), boost: spec.boost, total_tokens: 0 })
        .collect();
    let mut terms: BTreeMap<&str, [Vec<Posting>; NUM_FIELDS]> = BTreeMap::new();
    for (n, part) in parts.iter().enumerate() {
        for (all, own) in fields.iter_mut().zip(&part.fields) {
            all.total_tokens += own.total_tokens;
        }
        for t in &part.terms {
            let postings = terms.entry(t.term.as_str()).or_default();
            for (all, own) in postings.iter_mut().zip(&t.fields) {
                all.extend(own.iter().map(|p| Posting { doc: n as u32, ..*p }));
            }
        }
    }
    IndexData {
        lang: lang.to_string(),
        num_docs: parts.len() as u32,
        fields,
        popularity: vec![0; parts.len()],
        popularity_weight: 0.0,
        synonyms: Vec::new(),
        terms: terms.into_iter().map(|(term, fields)| TermPostings { term: term.to_string(), fields }).collect(),
        fragments: parts.iter().flat_map(|p| p.fragments.iter().cloned()).collect(),
    }
}

/// Collects everything the format writer needs from the Tantivy index.
fn index_data(index: &LangIndex) -> Result<IndexData, IndexError> {
    let searcher = &index.searcher;
    let mut fields = Vec::with_capacity(NUM_FIELDS);
    for (spec, &field) in FIELDS.iter().zip(&index.fields) {
        let mut total_tokens = 0u64;
        for segment in searcher.segment_readers() {
            total_tokens += segment.inverted_index(field)?.total_num_tokens();
        }
        fields.push(FieldStats { name: spec.name.to_string(), boost: spec.boost, total_tokens });
    }

    let mut terms = Vec::with_capacity(index.vocabulary.len());
    for (term, doc_freqs) in &index.vocabulary {
        let mut entry = TermPostings { term: term.clone(), ..TermPostings::default() };
        for (i, &field) in index.fields.iter().enumerate() {
            // Most terms occur in one or two fields: skip the dictionary lookups of the rest.
            if doc_freqs[i] == 0 {
                continue;
            }
            let tantivy_term = Term::from_field_text(field, term);
            for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
                let inverted = segment.inverted_index(field)?;
                let Some(mut postings) = inverted
                    .read_postings(&tantivy_term, IndexRecordOption::WithFreqs)
                    .map_err(tantivy::TantivyError::from)?
                else {
                    continue;
                };
                let fieldnorms = segment.get_fieldnorms_reader(field)?;
                let numbers = &index.doc_numbers[segment_ord];
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if let Some(&number) = numbers.get(doc as usize) {
                        entry.fields[i].push(Posting {
                            doc: number,
                            term_freq: postings.term_freq(),
                            fieldnorm_id: fieldnorms.fieldnorm_id(doc),
                        });
                    }
                    doc = postings.advance();
                }
            }
            entry.fields[i].sort_by_key(|p| p.doc);
        }
        terms.push(entry);
    }

    let fragments = index
        .docs
        .iter()
        .map(|d| Fragment {
            id: d.id.clone(),
            url: d.url.clone(),
            title: d.title.clone(),
            category: d.category.clone(),
            excerpt: excerpt(&d.body),
        })
        .collect();
    Ok(IndexData {
        lang: index.lang.clone(),
        num_docs: u32::try_from(index.docs.len())
            .map_err(|_| search_index::format::FormatError::Invalid("too many documents".into()))?,
        fields,
        popularity: index.popularity.clone(),
        popularity_weight: index.popularity_weight,
        synonyms: index.synonym_groups.clone(),
        terms,
        fragments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_indexed_alone_side_by_side_are_the_documents_indexed_together() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let model = crate::load_model(root, None, false).expect("loads").expect("no errors").0;
        let settings = super::super::settings(&model);
        for language in &model.languages {
            let docs: Vec<SearchDoc> = super::super::search_docs(language).into_iter().skip(2).take(4).collect();
            let together = index_data(&build_index_with(&language.code, docs.clone(), &settings).unwrap()).unwrap();
            let alone: Vec<IndexData> = docs
                .into_iter()
                .map(|doc| index_data(&build_index_with(&language.code, vec![doc], &settings).unwrap()).unwrap())
                .collect();
            let side = side_by_side(&language.code, &alone.iter().collect::<Vec<_>>());
            assert_eq!(side.num_docs, 4);
            assert_eq!(side.terms, together.terms, "{}", language.code);
            assert_eq!(side.fields, together.fields, "{}", language.code);
            assert_eq!(side.fragments, together.fragments, "{}", language.code);
        }
    }
}
