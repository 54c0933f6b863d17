//! Related questions for entries whose `related:` is empty (issue 17): the entries of the same
//! language that the search index finds closest to the entry's own question (its title and
//! aliases searched as one query, the entry itself left out). Computed once per build, after
//! the index and before rendering, and handed to the render stage as a value.

use super::{IndexError, LangIndex};
use crate::model::{Entry, Language, Model};
use rayon::prelude::*;
use std::sync::Arc;

/// How many related questions an entry page suggests.
pub const SUGGESTIONS: usize = 3;

/// The least confidence (an entry's score for the question as a share of the question's own
/// entry's score) a suggestion needs: below it, entries share only a common word. Measured on
/// the bundled sample site (English): "Is cash on delivery available?" → "What payment methods
/// do you accept?" 0.121, "I missed my delivery" → "How long does delivery take?" 0.124; below,
/// "How do I cancel my order?" → "How do I use my Marigold Points?" 0.067, "How do I download
/// my invoice?" → "Do you take bulk orders?" 0.038. (The own score includes its title
/// coverage, as every hit's does: confidences are about 2/3 of what they were without it.)
pub const FLOOR: f32 = 0.08;

/// Per language (in the model's order), per entry: the suggested entries (indices into
/// `Language::entries`), best first. Empty for an entry with its own `related:`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    by_language: Vec<Suggestions>,
}

/// One language's suggestions, per entry: shared by the productions that keep them (the
/// preview copies a language's only when it deletes one of its entries).
pub type Suggestions = Arc<Vec<Vec<usize>>>;

impl Related {
    /// The suggestions for entry `entry` of language `language`; empty when there are none.
    pub fn of(&self, language: usize, entry: usize) -> &[usize] {
        self.by_language.get(language).and_then(|l| l.get(entry)).map_or(&[], Vec::as_slice)
    }
}

/// The suggestions of every entry without `related:`, through `indexes` (one per language of
/// `model`, in its order, as [`super::index_languages`] builds them).
pub fn suggest(model: &Model, indexes: &[LangIndex]) -> Result<Related, IndexError> {
    let by_language = model
        .languages
        .par_iter()
        .zip(indexes)
        .map(|(language, index)| suggest_language(language, index).map(Arc::new))
        .collect::<Result<_, _>>()?;
    Ok(Related { by_language })
}

/// The suggestions of each entry of `language` (in its order), through its `index`.
pub fn suggest_language(language: &Language, index: &LangIndex) -> Result<Vec<Vec<usize>>, IndexError> {
    // One searcher for the language's entries, on every thread: a term's scores are read from
    // the index once.
    let searcher = index.batch_searcher();
    language
        .entries
        .par_iter()
        .enumerate()
        .map(|(i, entry)| {
            if !entry.related.is_empty() {
                return Ok(Vec::new());
            }
            Ok(searcher
                .similar_to(i as u32, &query(entry), SUGGESTIONS)?
                .into_iter()
                .filter(|&(_, confidence)| confidence >= FLOOR)
                .map(|(doc, _)| doc as usize)
                .collect())
        })
        .collect()
}

/// The question an entry's suggestions answer: its title and aliases, searched as one query.
pub fn query(entry: &Entry) -> String {
    std::iter::once(entry.title.as_str()).chain(entry.aliases.iter().map(String::as_str)).collect::<Vec<_>>().join(" ")
}

impl Related {
    /// The suggestions of each language, in the model's order, as [`suggest_language`] makes
    /// them.
    pub fn from_languages(by_language: Vec<Suggestions>) -> Related {
        Related { by_language }
    }

    /// These suggestions once entry `entry` of language `language` is removed from it (as
    /// `model::edit::apply` removes it: the last entry takes its place): suggested no more.
    pub fn without_entry(&mut self, language: usize, entry: usize) {
        let Some(rows) = self.by_language.get_mut(language).map(Arc::make_mut) else { return };
        if entry >= rows.len() {
            return;
        }
        let last = rows.len() - 1;
        rows.swap_remove(entry);
        for row in rows {
            row.retain(|&i| i != entry);
            row.iter_mut().filter(|i| **i == last).for_each(|i| *i = entry);
        }
    }

    /// The suggestions of each language, as [`Related::from_languages`] takes them.
    pub fn into_languages(self) -> Vec<Suggestions> {
        self.by_language
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_removed_is_suggested_no_more_and_the_last_takes_its_place() {
        let other = Arc::new(vec![vec![]]);
        let mut related =
            Related::from_languages(vec![Arc::new(vec![vec![1, 2], vec![0, 3], vec![3, 1], vec![0]]), other.clone()]);
        related.without_entry(0, 1);
        let now = related.into_languages();
        assert_eq!(now, vec![Arc::new(vec![vec![2], vec![0], vec![1]]), Arc::new(vec![vec![]])]);
        assert!(Arc::ptr_eq(&now[1], &other), "the other language's are shared, not copied");
    }

    fn sample() -> Model {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::load_model(root, None, false).expect("loads").expect("no errors").0
    }

    #[test]
    fn suggestions_are_other_entries_of_the_language_and_the_same_every_time() {
        let model = sample();
        let indexes = super::super::index_languages(&model).expect("index");
        let related = suggest(&model, &indexes).expect("suggest");
        assert_eq!(related, suggest(&model, &indexes).expect("again"));
        for (l, language) in model.languages.iter().enumerate() {
            let searcher = indexes[l].batch_searcher();
            for (i, entry) in language.entries.iter().enumerate() {
                let mine = related.of(l, i);
                assert!(mine.len() <= SUGGESTIONS && !mine.contains(&i), "{}", entry.id);
                if std::env::var_os("HELPMARK_SHOW_RELATED").is_some() {
                    let query =
                        std::iter::once(entry.title.clone()).chain(entry.aliases.clone()).collect::<Vec<_>>().join(" ");
                    for (doc, c) in searcher.similar_to(i as u32, &query, 5).unwrap() {
                        eprintln!("{} | {:.3} {}", entry.title, c, language.entries[doc as usize].title);
                    }
                }
                if !entry.related.is_empty() {
                    assert_eq!(mine, [] as [usize; 0], "{} has its own", entry.id);
                }
            }
        }
    }
}
