//! How often customers ask each question: what the `rank` stage found, as a value of its own
//! that the search export and the `render` stage read. The model never changes after it is
//! built; the order "most asked first" is worked out where a page or an index needs it.

use super::{Entry, Language};
use std::collections::HashMap;

/// How much one question (all its translations together) is asked.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Asked {
    /// Decayed complaint count; 0 without data.
    pub popularity: f64,
    /// Complaints in the last 30 days of the logs (all languages).
    pub recent: u64,
}

/// [`Asked`] per translation key; a key it does not hold is asked 0 times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Popularity {
    by_key: HashMap<String, Asked>,
}

impl Popularity {
    /// From (translation key, how much it is asked) pairs.
    pub fn new(asked: impl IntoIterator<Item = (String, Asked)>) -> Self {
        Popularity { by_key: asked.into_iter().collect() }
    }

    /// How much the entry of translation key `key` is asked.
    pub fn of(&self, key: &str) -> Asked {
        self.by_key.get(key).copied().unwrap_or_default()
    }

    /// The entries `entries` (indices into `language.entries`) most asked first; a stable sort,
    /// so equally asked entries (all of them, without data) keep their manual order.
    pub fn most_asked_first(&self, language: &Language, entries: &[usize]) -> Vec<usize> {
        let mut ordered = entries.to_vec();
        ordered.sort_by(|&a, &b| self.of_entry(&language.entries[b]).total_cmp(&self.of_entry(&language.entries[a])));
        ordered
    }

    /// Every entry of `language` (indices into its entries), topic by topic in the topics'
    /// order, each topic's entries most asked first.
    pub fn in_display_order(&self, language: &Language) -> Vec<usize> {
        language.categories.iter().flat_map(|c| self.most_asked_first(language, &c.entries)).collect()
    }

    /// The decayed count of `entry`.
    pub fn of_entry(&self, entry: &Entry) -> f64 {
        self.of(&entry.key).popularity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_it_does_not_hold_is_asked_zero_times() {
        let popularity = Popularity::new([("b".to_string(), Asked { popularity: 2.0, recent: 1 })]);
        assert_eq!(popularity.of("a"), Asked::default());
        assert_eq!(popularity.of("b").recent, 1);
    }
}
