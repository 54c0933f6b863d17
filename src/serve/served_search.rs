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
/// Rounds of fetching term files: a word's shard, the term-list pages of its range, the
/// shards of the corrections chosen (see `search_index::reader`), and one to spare.
const ROUNDS: usize = 4;

/// The JSON answer for `lang` and `query` (percent-encoded, `+` for a space), or `None` when
/// the site has no search files for `lang` or they do not read.
pub(crate) fn answer(site: &Site, lang: &str, query: &str) -> Option<String> {
    let query = percent_decoded(query);
    let folder = crate::index::search_folder(lang);
    let file = |name: &str| site.file(&format!("{folder}/{name}"));
    let mut index = StaticIndex::open(&file(search_index::format::MANIFEST_FILE)?).ok()?;
    for _ in 0..ROUNDS {
        let missing = index.missing_shards(&query, QueryOptions::default());
        if missing.is_empty() {
            break;
        }
        for n in missing {
            let name = index.manifest().shards.get(n)?.file_name();
            index.load_shard(n, &file(&name)?).ok()?;
        }
    }
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

/// `text` with `+` as a space and `%XX` as the byte it encodes (invalid UTF-8 replaced).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_percent_decoded() {
        assert_eq!(percent_decoded("reset+my%20password%C3%A7%zz"), "reset my passwordç%zz");
    }
}
