//! The browser client's logic as plain Rust: every call takes bytes or text and returns JSON
//! text, errors included (`{"error": "..."}`), so `wasm.rs` is only a thin raw-ABI wrapper and
//! everything here is tested natively.
//!
//! The JSON is written by hand (`Json`): serde_json and float formatting were a fifth of the
//! shipped module. Scores cross as the bits of their `f32` (exact, and no float printing).

use crate::excerpt::excerpt;
use crate::format::{read_fragments, HEAD_DOCS};
use crate::query::QueryOptions;
use crate::reader::StaticIndex;

/// One language's client state: the open index and its loaded shards.
#[derive(Debug, Default)]
pub struct Client {
    index: Option<StaticIndex>,
}

/// A minimal JSON writer: objects, arrays, strings, unsigned integers and booleans.
struct Json(String);

impl Json {
    fn new() -> Json {
        Json(String::with_capacity(256))
    }

    fn raw(&mut self, text: &str) -> &mut Json {
        self.0.push_str(text);
        self
    }

    /// Appends `"key":` after a comma unless it opens the object.
    fn key(&mut self, key: &str) -> &mut Json {
        if !self.0.ends_with('{') {
            self.0.push(',');
        }
        self.string(key).raw(":")
    }

    /// Appends a comma unless it opens the array.
    fn item(&mut self) -> &mut Json {
        if !self.0.ends_with('[') {
            self.0.push(',');
        }
        self
    }

    fn number(&mut self, value: u64) -> &mut Json {
        crate::format::push_decimal(&mut self.0, value);
        self
    }

    fn boolean(&mut self, value: bool) -> &mut Json {
        self.raw(if value { "true" } else { "false" })
    }

    fn string(&mut self, text: &str) -> &mut Json {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.push('"');
        for c in text.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                c if u32::from(c) < 0x20 => {
                    self.0.push_str("\\u00");
                    self.0.push(char::from(HEX[(u32::from(c) >> 4) as usize]));
                    self.0.push(char::from(HEX[(u32::from(c) & 15) as usize]));
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
        self
    }

    fn finish(&mut self) -> String {
        std::mem::take(&mut self.0)
    }
}

fn error(message: impl ToString) -> String {
    Json::new().raw("{").key("error").string(&message.to_string()).raw("}").finish()
}

const NO_MANIFEST: &str = "no manifest loaded";

impl Client {
    /// Opens a manifest; answers `{"lang": code, "shards": count}`.
    pub fn load_manifest(&mut self, bytes: &[u8]) -> String {
        match StaticIndex::open(bytes) {
            Ok(index) => {
                let m = index.manifest();
                let mut out = Json::new();
                out.raw("{").key("lang").string(&m.lang).key("shards").number(m.shards.len() as u64).raw("}");
                self.index = Some(index);
                out.finish()
            }
            Err(e) => error(e),
        }
    }

    /// Loads shard number `shard`; answers `{"ok": true}`.
    pub fn load_shard(&mut self, shard: usize, bytes: &[u8]) -> String {
        match self.index.as_mut() {
            None => error(NO_MANIFEST),
            Some(index) => match index.load_shard(shard, bytes) {
                Ok(()) => r#"{"ok":true}"#.to_string(),
                Err(e) => error(e),
            },
        }
    }

    /// Shards `query` still needs; answers `{"missing": [[number, file name], ...]}` (empty:
    /// ready to search).
    pub fn missing_shards(&self, query: &str, as_you_type: bool) -> String {
        let Some(index) = &self.index else { return error(NO_MANIFEST) };
        let mut out = Json::new();
        out.raw("{").key("missing").raw("[");
        for shard in index.missing_shards(query, QueryOptions { as_you_type }) {
            let name = index.manifest().shards.get(shard).map(|s| s.file_name()).unwrap_or_default();
            out.item().raw("[").number(shard as u64).raw(",").string(&name).raw("]");
        }
        out.raw("]}").finish()
    }

    /// Searches; answers `{"hits": [{"doc", "score", "all", "file", "name", "slot", "head",
    /// "headName", "headSlot"}]}` where `score` is the bits of the `f32` score, `file` and
    /// `name` the number and name of the fragment file holding the document and `slot` its
    /// position there, and the `head…` keys the same of its head file.
    pub fn search(&self, query: &str, as_you_type: bool, limit: usize) -> String {
        let Some(index) = &self.index else { return error(NO_MANIFEST) };
        let hits = match index.search(query, QueryOptions { as_you_type }, limit) {
            Ok(hits) => hits,
            Err(e) => return error(e),
        };
        let mut out = Json::new();
        out.raw("{").key("hits").raw("[");
        for hit in hits {
            let m = index.manifest();
            let (Some(file), Some(head)) = (
                index.fragment_file_for(hit.doc).and_then(|f| m.fragments.get(f)),
                m.heads.get((hit.doc / HEAD_DOCS) as usize),
            ) else {
                return error("a result has no fragment file");
            };
            out.item().raw("{").key("doc").number(u64::from(hit.doc));
            out.key("score").number(u64::from(hit.score.to_bits())).key("all").boolean(hit.matched_all);
            out.key("file").number(file.number as u64).key("name").string(&file.file_name());
            out.key("slot").number(u64::from(hit.doc - file.first_doc));
            out.key("head").number(head.number as u64).key("headName").string(&head.file_name());
            out.key("headSlot").number(u64::from(hit.doc - head.first_doc)).raw("}");
        }
        out.raw("]}").finish()
    }

    /// The passage of `text` (at most about `max_chars` characters) around the words `query`
    /// matched, those words marked; answers `{"text": passage, "marks": [[from, to], ...]}`
    /// with offsets in UTF-16 code units of the passage (what JavaScript strings index).
    pub fn excerpt(&self, query: &str, as_you_type: bool, text: &str, max_chars: usize) -> String {
        let Some(index) = &self.index else { return error(NO_MANIFEST) };
        let terms = index.query_terms(query, QueryOptions { as_you_type });
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let passage = excerpt(index.analyzer(), &terms, text, max_chars);
        let mut out = Json::new();
        out.raw("{").key("text").string(&passage.text).key("marks").raw("[");
        let mut at = (0, 0); // (byte, UTF-16 units before it); marks are in order
        for &(from, to) in &passage.marks {
            let mut units = |byte: usize| {
                at = (byte, at.1 + passage.text[at.0..byte].encode_utf16().count());
                at.1 as u64
            };
            let (a, b) = (units(from), units(to));
            out.item().raw("[").number(a).raw(",").number(b).raw("]");
        }
        out.raw("]}").finish()
    }

    /// Decodes fragment file number `file`; answers `{"fragments": [{"id", "url", "title",
    /// "category", "excerpt"}]}`.
    pub fn read_fragments(&self, file: usize, bytes: &[u8]) -> String {
        self.read_fragment_file(file, bytes, false)
    }

    /// Decodes head file number `file`; answers as [`Client::read_fragments`] (excerpts empty).
    pub fn read_heads(&self, file: usize, bytes: &[u8]) -> String {
        self.read_fragment_file(file, bytes, true)
    }

    fn read_fragment_file(&self, file: usize, bytes: &[u8], head: bool) -> String {
        let Some(index) = &self.index else { return error(NO_MANIFEST) };
        let m = index.manifest();
        let Some(expected) = (if head { &m.heads } else { &m.fragments }).get(file) else {
            return error("no such fragment file");
        };
        match read_fragments(bytes, expected) {
            Ok(fragments) => {
                let mut out = Json::new();
                out.raw("{").key("fragments").raw("[");
                for f in &fragments {
                    out.item().raw("{").key("id").string(&f.id).key("url").string(&f.url);
                    out.key("title").string(&f.title).key("category").string(&f.category);
                    out.key("excerpt").string(&f.excerpt).raw("}");
                }
                out.raw("]}").finish()
            }
            Err(e) => error(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn errors_come_back_as_json_data() {
        let mut client = Client::default();
        assert_eq!(client.search("x", false, 5), r#"{"error":"no manifest loaded"}"#);
        let answer: Value = serde_json::from_str(&client.load_manifest(b"garbage")).unwrap();
        assert!(answer["error"].as_str().unwrap().contains("manifest"));
        assert!(client.load_shard(0, b"").contains("error"));
    }

    #[test]
    fn hand_written_json_escapes_strings() {
        let text = "a \"quoted\" back\\slash, tab\t, newline\n, bell\u{7}, ğüşİ, हिन्दी";
        let json = Json::new().raw("{").key("s").string(text).key("n").number(u64::MAX).raw("}").finish();
        let parsed: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["s"], text);
        assert_eq!(parsed["n"], u64::MAX);
    }
}
