//! Stage 4, `index`: one Tantivy index per language of the model, and the static index files
//! exported from each (`_search/<lang>/…`), to be written with the rest of the site.

use super::{build_index_with, export_files, IndexError, IndexSettings, LangIndex};
use crate::model::popularity::Popularity;
use crate::model::{Language, Model};
use rayon::prelude::*;
use search_index::SearchDoc;

/// What search sees of each published entry of `language`, in the language's display order.
pub fn search_docs(language: &Language) -> Vec<SearchDoc> {
    let category_title =
        |slug: &str| language.categories.iter().find(|c| c.slug == slug).map(|c| c.title.clone()).unwrap_or_default();
    language
        .entries
        .iter()
        .map(|e| SearchDoc {
            id: e.id.clone(),
            url: e.url.clone(),
            title: e.title.clone(),
            // The English translation's title counts as another phrasing of the question.
            aliases: e.aliases.iter().chain(&e.english_phrasings).cloned().collect(),
            headings: e.headings.clone(),
            body: e.text.clone(),
            tags: e.tags.clone(),
            category: category_title(&e.category),
            // The model knows no popularity: the site's index gets it from `boost`.
            popularity: 0.0,
        })
        .collect()
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

/// The static index files of every language, and their disk bundles for `file://`: (path from
/// the site root, bytes).
pub fn export_site(languages: &[LangIndex]) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let mut files = Vec::new();
    for index in languages {
        let exported = export_language(index)?;
        files.extend(disk_bundles(index, &exported));
        files.extend(exported);
    }
    Ok(files)
}

/// The static index files of one language (`_search/<lang>/…`), in the order the disk
/// bundles pack them: (path from the site root, bytes).
pub fn export_language(index: &LangIndex) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let folder = search_folder(index.lang());
    Ok(export_files(index)?.into_iter().map(|f| (format!("{folder}/{}", f.name), f.bytes)).collect())
}

/// The disk bundles (for `file://`) of the files [`export_language`] exported from `index`.
pub fn disk_bundles(index: &LangIndex, exported: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    crate::render::script_twin::bundles(&search_folder(index.lang()), exported)
}

/// Where the static index of language `code` goes, from the site root.
pub fn search_folder(code: &str) -> String {
    format!("_search/{code}")
}
