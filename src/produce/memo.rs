//! What one production keeps for the next ([`Memo`]).

use crate::index::IndexSettings;
use crate::model::popularity::Popularity;
use crate::model::Language;
use crate::render::PageMemo;
use search_index::SearchDoc;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

/// The memo of a `serve` session: what one production keeps for the next, so that `serve`
/// produces again only what a change touched, and still exactly what a clean build would. Each
/// stage skipped is a pure function whose inputs are fingerprinted:
///
/// - a language's search (the related suggestions its index makes and the exported
///   `_search/<lang>/` files) is a function of the language's search documents, the search
///   settings, each entry's popularity and the entries' own questions: the same fingerprint,
///   the same suggestions and files;
/// - a page is a function of the templates and its context ([`PageMemo`]).
///
/// Only what the site is made of goes into a fingerprint, never the file names that changed:
/// an edit, an added or deleted entry, a config or theme change all re-produce exactly what
/// their change reaches, and a watcher that missed an event cannot leave a stale page.
#[derive(Debug, Default)]
pub struct Memo {
    pub(crate) pages: PageMemo,
    hasher: std::hash::RandomState,
    /// The searches of the last production kept, by language code.
    searches: HashMap<String, Search>,
    /// Those of the production under way.
    next: HashMap<String, Search>,
}

/// One language's search as produced.
#[derive(Debug, Clone)]
pub(crate) struct Search {
    fingerprint: u64,
    /// Its related suggestions ([`crate::index::related::suggest_language`]).
    pub(crate) related: crate::index::related::Suggestions,
    /// The paths of its files (not its disk bundles), in export order.
    pub(crate) files: Vec<String>,
}

impl Memo {
    /// The fingerprint of the search of `language`, made of `docs` with `settings`.
    pub(crate) fn search_fingerprint(
        &self,
        language: &Language,
        docs: &[SearchDoc],
        settings: &IndexSettings,
        popularity: &Popularity,
    ) -> u64 {
        let mut h = self.hasher.build_hasher();
        language.code.hash(&mut h);
        settings.synonyms.hash(&mut h);
        settings.popularity_weight.to_bits().hash(&mut h);
        for d in docs {
            // Every field, named: a field added to `SearchDoc` must be added here too.
            let SearchDoc { id, url, title, aliases, headings, body, borrowed, tags, category, popularity } = d;
            (id, url, title, aliases, headings, body, borrowed, tags, category).hash(&mut h);
            popularity.to_bits().hash(&mut h);
        }
        // What the related suggestions ask, besides the index: each entry's question, and
        // whether it names its own related entries.
        for e in &language.entries {
            (crate::index::related::query(e), e.related.is_empty()).hash(&mut h);
            // The boost each document's score gets (the search documents carry none).
            popularity.of_entry(e).to_bits().hash(&mut h);
        }
        h.finish()
    }

    /// The previous production's search of `code`, if its fingerprint was `fingerprint`.
    pub(crate) fn search(&self, code: &str, fingerprint: u64) -> Option<&Search> {
        self.searches.get(code).filter(|s| s.fingerprint == fingerprint)
    }

    /// Remembers the search of `code` in the production under way.
    pub(crate) fn keep_search(
        &mut self,
        code: &str,
        fingerprint: u64,
        related: crate::index::related::Suggestions,
        files: Vec<String>,
    ) {
        self.next.insert(code.to_string(), Search { fingerprint, related, files });
    }

    /// The search files of the production under way that are the previous production's.
    pub(crate) fn kept_search_files(&self) -> Vec<String> {
        self.next
            .iter()
            .filter(|(code, s)| self.searches.get(*code).is_some_and(|old| old.fingerprint == s.fingerprint))
            .flat_map(|(_, s)| s.files.iter().cloned())
            .collect()
    }

    /// The files of the production under way that it did not produce, because they are the
    /// previous production's: the caller takes their bytes from that production.
    pub fn kept(&self) -> Vec<String> {
        let mut kept = self.pages.kept();
        kept.extend(self.kept_search_files());
        kept
    }

    /// The search files of each language of the production under way (the disk bundles
    /// pack them in this order), by the folder they are in.
    pub fn search_files(&self) -> Vec<(String, Vec<String>)> {
        self.next.iter().map(|(code, s)| (crate::index::search_folder(code), s.files.clone())).collect()
    }

    /// The related suggestions of the production last kept, for the languages of `model` in
    /// its order; `None` when one of them has none kept.
    pub fn related(&self, model: &crate::model::Model) -> Option<crate::index::related::Related> {
        let by_language = model.languages.iter().map(|l| self.searches.get(&l.code).map(|s| s.related.clone()));
        by_language.collect::<Option<Vec<_>>>().map(crate::index::related::Related::from_languages)
    }

    /// The production under way was kept (it is served now): the next is compared with it.
    pub fn commit(&mut self) {
        self.searches = std::mem::take(&mut self.next);
        self.pages.commit();
    }

    /// The production under way was not kept (it had errors): the next one is compared with
    /// the last one that was.
    pub fn abandon(&mut self) {
        self.next.clear();
        self.pages.abandon();
    }
}
