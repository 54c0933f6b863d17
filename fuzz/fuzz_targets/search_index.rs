//! The static search index as the browser client reads it (`search-index/src/client.rs`, which
//! drives `format/read.rs` and `reader.rs`): a manifest, then term files (postings shards and
//! term-list pages) and fragment files, then a query planned and ranked against what loaded.
//!
//! Input, in parts joined by [`helpmark_fuzz::SEPARATOR`]:
//! 1. a flags byte (bit 0: as-you-type; bit 7: keep checksums as they are; bits 1-6: the
//!    result limit), then the query;
//! 2. the manifest;
//! 3. and on: one file each, after a byte naming it: below 0x80 the term file of that number,
//!    from 0x80 the fragment file of number `byte - 0x80`, from 0xC0 the head file of `byte - 0xC0`.
//!
//! Each file's last four bytes are replaced by its checksum unless bit 7 says not to, so
//! mutations reach the parsers behind the checksum.
//!
//! Invariants: every answer is valid JSON; term files asked for exist; a query for which no
//! term file is missing is searched without a missing-shard error; hits name documents of the
//! index, in fragment files that exist, at most `limit` of them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use search_index::client::Client;
use search_index::StaticIndex;
use serde_json::Value;

fn json(answer: &str) -> Value {
    serde_json::from_str(answer).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {answer}"))
}

fuzz_target!(|data: &[u8]| {
    let parts = helpmark_fuzz::split_parts(data);
    let [head, manifest, files @ ..] = parts.as_slice() else { return };
    let Some((&flags, query)) = head.split_first() else { return };
    let query = String::from_utf8_lossy(query);
    let as_you_type = flags & 1 != 0;
    let limit = usize::from((flags >> 1) & 0x3F);
    let fix = |file: &[u8]| if flags & 0x80 == 0 { helpmark_fuzz::with_checksum(file) } else { file.to_vec() };

    let manifest = fix(manifest);
    let mut client = Client::default();
    let opened = json(&client.load_manifest(&manifest));
    // The same bytes through the reader directly: both agree on whether they are a manifest.
    let index = StaticIndex::open(&manifest);
    assert_eq!(opened.get("error").is_none(), index.is_ok(), "{opened}");
    let Ok(index) = index else { return };
    let m = index.manifest();
    assert_eq!(opened["shards"].as_u64(), Some(m.shards.len() as u64));
    assert_eq!(m.fragments.len(), m.num_docs.div_ceil(m.fragment_docs) as usize);

    for file in files {
        let Some((&name, bytes)) = file.split_first() else { continue };
        let bytes = fix(bytes);
        let answer = if name < 0x80 {
            json(&client.load_shard(usize::from(name), &bytes))
        } else if name < 0xC0 {
            json(&client.read_fragments(usize::from(name - 0x80), &bytes))
        } else {
            json(&client.read_heads(usize::from(name - 0xC0), &bytes))
        };
        if let Some(fragments) = answer.get("fragments") {
            let expected =
                if name < 0xC0 { &m.fragments[usize::from(name - 0x80)] } else { &m.heads[usize::from(name - 0xC0)] };
            assert_eq!(fragments.as_array().map(Vec::len), Some(expected.count as usize));
        }
    }

    let missing = json(&client.missing_shards(&query, as_you_type));
    let missing = missing["missing"].as_array().expect("`missing` is a list");
    for shard in missing {
        let number = shard[0].as_u64().expect("a shard number") as usize;
        assert!(number < m.shards.len(), "missing shard {number} of {}", m.shards.len());
        assert_eq!(shard[1].as_str(), Some(m.shards[number].file_name().as_str()));
    }
    let answer = json(&client.search(&query, as_you_type, limit));
    if missing.is_empty() {
        let error = answer.get("error").and_then(Value::as_str).unwrap_or("");
        assert!(!error.contains("is needed but not loaded"), "nothing was missing, yet: {error}");
    }
    if let Some(hits) = answer.get("hits").and_then(Value::as_array) {
        assert!(hits.len() <= limit, "{} hits, limit {limit}", hits.len());
        for hit in hits {
            let doc = hit["doc"].as_u64().expect("a document number");
            assert!(doc < u64::from(m.num_docs), "hit {doc} of {} documents", m.num_docs);
            let file = &m.fragments[hit["file"].as_u64().expect("a fragment file") as usize];
            assert_eq!(hit["slot"].as_u64(), Some(doc - u64::from(file.first_doc)));
            assert!(doc - u64::from(file.first_doc) < u64::from(file.count));
        }
    }
});
