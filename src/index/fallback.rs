//! A language's search with its fallback index ([`super::fallback_index`]): the default
//! language's entries it has not translated, searched beside its own. The browser's search
//! (`helpmark-search.js`) merges the two lists by the same rule, so `helpmark search` shows
//! what a customer sees.

use super::Hit;

/// At most this many results of the fallback index are shown with a language's own.
pub const FALLBACK_RESULTS: usize = 3;

/// One result of a language's search.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteHit {
    /// The hit, in the index it came from.
    pub hit: Hit,
    /// Whether it came from the fallback index (an entry in the default language).
    pub fallback: bool,
}

/// The results of a language's search: its own hits, then the first [`FALLBACK_RESULTS`] of
/// the fallback index; the fallback ones first when the best of them matched every word of
/// the query and the best own hit did not (the topic is one the language has not translated).
/// At most `limit`, the fallback ones kept whenever there are any.
pub fn merge(own: Vec<Hit>, fallback: Vec<Hit>, limit: usize) -> Vec<SiteHit> {
    let of = |fallback: bool| move |hit: Hit| SiteHit { hit, fallback };
    let others: Vec<SiteHit> = fallback.into_iter().take(FALLBACK_RESULTS.min(limit)).map(of(true)).collect();
    let first = |h: Option<&Hit>| h.is_some_and(|h| h.matched_all);
    let others_first = !others.is_empty() && first(others.first().map(|h| &h.hit)) && !first(own.first());
    let own: Vec<SiteHit> = own.into_iter().take(limit - others.len()).map(of(false)).collect();
    if others_first {
        others.into_iter().chain(own).collect()
    } else {
        own.into_iter().chain(others).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str, matched_all: bool) -> Hit {
        Hit { id: id.into(), doc: 0, score: 1.0, matched_all }
    }

    fn ids(hits: &[SiteHit]) -> Vec<(&str, bool)> {
        hits.iter().map(|h| (h.hit.id.as_str(), h.fallback)).collect()
    }

    #[test]
    fn the_fallback_comes_first_only_when_it_matches_every_word_and_the_own_best_does_not() {
        let own = || vec![hit("a", false), hit("b", false)];
        let merged = merge(own(), vec![hit("x", true)], 10);
        assert_eq!(ids(&merged), [("x", true), ("a", false), ("b", false)]);
        let merged = merge(own(), vec![hit("x", false)], 10);
        assert_eq!(ids(&merged), [("a", false), ("b", false), ("x", true)]);
        let merged = merge(vec![hit("a", true)], vec![hit("x", true)], 10);
        assert_eq!(ids(&merged), [("a", false), ("x", true)]);
        assert_eq!(ids(&merge(Vec::new(), vec![hit("x", false)], 10)), [("x", true)]);
        assert_eq!(ids(&merge(own(), Vec::new(), 1)), [("a", false)]);
    }

    #[test]
    fn the_limit_keeps_the_fallback_results() {
        let own: Vec<Hit> = (0..10).map(|i| hit(&format!("o{i}"), true)).collect();
        let others: Vec<Hit> = (0..5).map(|i| hit(&format!("f{i}"), true)).collect();
        let merged = merge(own, others, 5);
        assert_eq!(merged.len(), 5);
        assert_eq!(merged.iter().filter(|h| h.fallback).count(), FALLBACK_RESULTS);
    }
}
