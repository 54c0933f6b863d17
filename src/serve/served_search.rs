//! `/_helpmark/search?lang=<code>&q=<query>`: what the served site's search finds, read from
//! the served search files by the reader the browser runs (`search_index::StaticIndex`), for
//! scripts that ask what search shows now (the latency benchmark waits on it). JSON:
//! `{"lang": …, "query": …, "hits": [{"id": …, "url": …}, best first]}`; 404 without such a
//! language.

use super::memory::Site;
use search_index::format::{read_fragments, HEAD_DOCS};
use search_index::query::QueryOptions;
use search_index::StaticIndex;

/// The most hits answered.
const LIMIT: usize = 10;

/// The JSON answer for `lang` and `query` (as a form encodes it), or `None` when
/// the site has no search files for `lang` or they do not read.
pub(crate) fn answer(site: &Site, lang: &str, query: &str) -> Option<String> {
    let query = form_decoded(query);
    let folder = crate::index::search_folder(lang);
    let file = |name: &str| site.file(&format!("{folder}/{name}"));
    let mut index = StaticIndex::open(&file(search_index::format::MANIFEST_FILE)?).ok()?;
    index.load_needed(&query, QueryOptions::default(), &mut |name| file(name).map(|b| b.into_owned())).ok()?;
    let hits = index.search(&query, QueryOptions::default(), LIMIT).ok()?;
    let mut shown = Vec::with_capacity(hits.len());
    for hit in hits {
        let head = index.manifest().heads.get((hit.doc / HEAD_DOCS) as usize)?;
        let docs = read_fragments(&file(&head.file_name())?, head).ok()?;
        let doc = docs.get((hit.doc - head.first_doc) as usize)?;
        shown.push(serde_json::json!({ "id": doc.id, "url": doc.url }));
    }
    Some(serde_json::json!({ "lang": lang, "query": query, "hits": shown }).to_string())
}

/// A query-string value as a form sends it: `+` for a space, `%XX` escapes.
fn form_decoded(value: &str) -> String {
    crate::shared::url::percent_decode(&value.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_percent_decoded() {
        assert_eq!(form_decoded("reset+my%20password%C3%A7%zz"), "reset my passwordç%zz");
    }
}
