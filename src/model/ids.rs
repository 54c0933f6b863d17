//! Default ids. An entry without `id:` is known by its file name (`refund.md` is `refund`),
//! unless another entry of the site has that name too (`billing/faq.md` and `shipping/faq.md`,
//! or an `id: faq` elsewhere): then by its path inside the language folder, `/` written `-`
//! (`billing-faq`, `shipping-faq`). Every entry that shares the name is qualified, none keeps
//! it, so the choice depends on the set of files alone, never on the order they were read in;
//! a translation (same path) gets the id of its original. `helpmark check` lists the qualified
//! ids so they can be pinned with `id:`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An id helpmark chose for an entry without `id:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultId {
    /// The id.
    pub id: String,
    /// When the file name was taken: the path (without `.md`) of another entry that has it.
    pub shares_name_with: Option<String>,
}

/// The default id of every entry key (path inside the language folder without `.md`) among
/// `entries`: (key, explicit `id:` if any) of every entry file of every language.
pub fn default_ids<'a>(entries: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> HashMap<String, DefaultId> {
    // File name → keys of entries known by it: by default, or by an explicit id equal to it.
    let mut claims: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut defaults: BTreeSet<&str> = BTreeSet::new();
    for (key, explicit) in entries {
        match explicit {
            Some(id) => {
                claims.entry(id).or_default().insert(key);
                // A pinned qualified id (`id: billing-faq` on `billing/faq`) still holds the
                // file name, so pinning one entry leaves the others' ids as they were.
                if id == qualified(key) {
                    claims.entry(stem(key)).or_default().insert(key);
                }
            }
            None => {
                defaults.insert(key);
                claims.entry(stem(key)).or_default().insert(key);
            }
        }
    }
    defaults
        .into_iter()
        .map(|key| {
            let other = claims[stem(key)].iter().find(|k| **k != key);
            let id = match other {
                Some(_) => qualified(key),
                None => stem(key).to_string(),
            };
            (key.to_string(), DefaultId { id, shares_name_with: other.map(|k| k.to_string()) })
        })
        .collect()
}

/// The id of `key` qualified by its folders: `billing/faq` is `billing-faq`.
fn qualified(key: &str) -> String {
    key.replace('/', "-")
}

fn stem(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_file_name_is_qualified_by_its_folder_whatever_the_order() {
        let files =
            [("billing/faq", None), ("shipping/faq", None), ("billing/refund", None), ("x/cancel", Some("faq"))];
        let forward = default_ids(files);
        let backward = default_ids(files.iter().rev().copied());
        assert_eq!(forward, backward);
        assert_eq!(forward["billing/faq"].id, "billing-faq");
        assert_eq!(forward["billing/faq"].shares_name_with.as_deref(), Some("shipping/faq"));
        assert_eq!(forward["shipping/faq"].id, "shipping-faq");
        assert_eq!(forward["billing/refund"], DefaultId { id: "refund".into(), shares_name_with: None });
        assert!(!forward.contains_key("x/cancel"));
        // Pinning one qualified id changes nobody else's.
        let pinned = default_ids([("billing/faq", Some("billing-faq")), ("shipping/faq", None)]);
        assert_eq!(pinned["shipping/faq"].id, "shipping-faq");
    }

    #[test]
    fn a_translation_without_id_of_an_entry_with_one_keeps_the_name_it_shares() {
        // `en` pins `id: faq` on billing/faq, `hi` does not: hi's billing/faq is not qualified
        // against its own original.
        let ids = default_ids([("billing/faq", Some("faq")), ("billing/faq", None)]);
        assert_eq!(ids["billing/faq"].id, "faq");
    }
}
