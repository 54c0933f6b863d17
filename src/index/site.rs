//! Stage 4, `index`: one Tantivy index per language of the model, and the static index files
//! exported from each (`_search/<lang>/…`), to be written with the rest of the site.

use super::{build_index_with, export_files, IndexError, IndexSettings, LangIndex};
use crate::model::popularity::Popularity;
use crate::model::{Entry, Language, Model};
use rayon::prelude::*;
use search_index::SearchDoc;
use std::collections::HashSet;

/// What search sees of each published entry of `language`, in the language's display order.
pub fn search_docs(language: &Language) -> Vec<SearchDoc> {
    docs_of(language, 0..language.entries.len())
}

/// What search sees of the entries `entries` (indices into `language.entries`, which are
/// their document numbers in [`search_docs`]), in that order.
pub fn docs_of(language: &Language, entries: impl Iterator<Item = usize>) -> Vec<SearchDoc> {
    let category_title =
        |slug: &str| language.categories.iter().find(|c| c.slug == slug).map(|c| c.title.clone()).unwrap_or_default();
    entries
        .map(|i| {
            let e = &language.entries[i];
            SearchDoc {
                id: e.id.clone(),
                url: e.url.clone(),
                title: e.title.clone(),
                // The English translation's title counts as another phrasing of the question.
                aliases: e.aliases.iter().chain(&e.english_phrasings).cloned().collect(),
                headings: e.headings.clone(),
                body: e.text.clone(),
                borrowed: e.english_text.clone(),
                tags: e.tags.clone(),
                category: category_title(&e.category),
                // The model knows no popularity: the site's index gets it from `boost`.
                popularity: 0.0,
            }
        })
        .collect()
}

/// The entries of the default language (indices into its entries) that language `l` has no
/// translation of; none for the default language itself.
pub fn untranslated(model: &Model, l: usize) -> Vec<usize> {
    if l == 0 {
        return Vec::new();
    }
    let translated: HashSet<&str> = model.languages[l].entries.iter().map(|e| e.key.as_str()).collect();
    let originals = model.languages[0].entries.iter().enumerate();
    originals.filter(|(_, e)| !translated.contains(e.key.as_str())).map(|(i, _)| i).collect()
}

/// The fallback index of language `l`: the default language's entries it has not translated
/// ([`untranslated`]), in the default language's words and analyzer, searched beside the
/// language's own index so that a customer on a Hindi page who asks about a topic not
/// translated yet finds the original. `None` when the language has every entry. An index of
/// its own, not documents added to the language's: those would change the language's BM25
/// statistics (on the sample, Turkish acc@1 fell 2.6 and Hindi 4.4 points even when they
/// never scored).
pub fn fallback_index(model: &Model, l: usize) -> Result<Option<LangIndex>, IndexError> {
    let entries = untranslated(model, l);
    if entries.is_empty() {
        return Ok(None);
    }
    let default = &model.languages[0];
    Ok(Some(build_index_with(&default.code, docs_of(default, entries.into_iter()), &settings(model))?))
}

/// [`fallback_index`] of every language (in parallel), in the model's language order.
pub fn fallback_indexes(model: &Model) -> Result<Vec<Option<LangIndex>>, IndexError> {
    (0..model.languages.len()).into_par_iter().map(|l| fallback_index(model, l)).collect()
}

/// The folder of language `code`'s fallback index, from the site root.
pub fn fallback_folder(code: &str) -> String {
    format!("_search/{code}/fallback")
}

/// The site's search settings from `helpmark.yaml`.
pub fn settings(model: &Model) -> IndexSettings {
    IndexSettings {
        synonyms: model.config.search.synonyms.clone(),
        popularity_weight: model.config.search.popularity_weight,
    }
}

/// The Tantivy index of one language of the model.
pub fn index_language(model: &Model, language: &Language) -> Result<LangIndex, IndexError> {
    build_index_with(&language.code, search_docs(language), &settings(model))
}

/// The Tantivy index of every language (in parallel), in the model's language order.
pub fn index_languages(model: &Model) -> Result<Vec<LangIndex>, IndexError> {
    model.languages.par_iter().map(|l| index_language(model, l)).collect()
}

/// The site's index of `language` (as [`index_language`] built it) with the popularity boost
/// of how much customers ask each entry.
pub fn boost(index: LangIndex, language: &Language, popularity: &Popularity) -> LangIndex {
    let asked: Vec<f32> = language.entries.iter().map(|e| popularity.of_entry(e) as f32).collect();
    index.with_popularity(&asked)
}

/// The quantised popularity of `entries` (of one language), in that order, as the site's index
/// holds it ([`boost`]).
pub fn quantized_popularity<'e>(entries: impl Iterator<Item = &'e Entry>, popularity: &Popularity) -> Vec<u8> {
    let asked: Vec<f32> = entries.map(|e| popularity.of_entry(e) as f32).collect();
    search_index::schema::quantize_popularity(&asked)
}

/// Language `l`'s fallback index (as [`fallback_index`] built it) with the popularity boost.
pub fn boost_fallback(index: LangIndex, model: &Model, l: usize, popularity: &Popularity) -> LangIndex {
    let default = &model.languages[0];
    let asked: Vec<f32> =
        untranslated(model, l).into_iter().map(|i| popularity.of_entry(&default.entries[i]) as f32).collect();
    index.with_popularity(&asked)
}

/// The static index files of every language (`languages`, in the model's order) and of their
/// fallback indexes, with their disk bundles for `file://`: (path from the site root, bytes).
pub fn export_site(
    languages: &[LangIndex],
    fallbacks: &[Option<LangIndex>],
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let mut files = Vec::new();
    let own = languages.iter().map(|index| (search_folder(index.lang()), index));
    let others = languages.iter().zip(fallbacks).filter_map(|(l, f)| Some((fallback_folder(l.lang()), f.as_ref()?)));
    for (folder, index) in own.chain(others) {
        let exported = export_index(&folder, index)?;
        files.extend(disk_bundles(&folder, &exported));
        files.extend(exported);
    }
    Ok(files)
}

/// The static index files of one language (`_search/<lang>/…`), in the order the disk
/// bundles pack them: (path from the site root, bytes).
pub fn export_language(index: &LangIndex) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    export_index(&search_folder(index.lang()), index)
}

/// The static index files of `index` in `folder` (from the site root), in the order the disk
/// bundles pack them: (path from the site root, bytes).
pub fn export_index(folder: &str, index: &LangIndex) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    Ok(export_files(index)?.into_iter().map(|f| (format!("{folder}/{}", f.name), f.bytes)).collect())
}

/// The disk bundles (for `file://`) of the files exported into `folder`.
pub fn disk_bundles(folder: &str, exported: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    crate::render::script_twin::bundles(folder, exported)
}

/// Where the static index of language `code` goes, from the site root.
pub fn search_folder(code: &str) -> String {
    format!("_search/{code}")
}
