//! The browser client's logic as plain Rust: every call takes bytes or text and returns JSON
//! text, errors included (`{"error": "..."}`), so `wasm.rs` is only a thin raw-ABI wrapper and
//! everything here is tested natively.

use serde_json::{json, Value};

use crate::format::read_fragments;
use crate::query::QueryOptions;
use crate::reader::StaticIndex;

/// One language's client state: the open index and its loaded shards.
#[derive(Debug, Default)]
pub struct Client {
    index: Option<StaticIndex>,
}

fn error(message: impl std::fmt::Display) -> String {
    json!({ "error": message.to_string() }).to_string()
}

impl Client {
    /// Opens a manifest; answers `{"shards": [file names], "fragments": [file names]}`.
    pub fn load_manifest(&mut self, bytes: &[u8]) -> String {
        match StaticIndex::open(bytes) {
            Ok(index) => {
                let m = index.manifest();
                let shards: Vec<String> = m.shards.iter().map(|s| s.file_name()).collect();
                let fragments: Vec<String> = m.fragments.iter().map(|f| f.file_name()).collect();
                let answer = json!({ "lang": m.lang, "shards": shards, "fragments": fragments });
                self.index = Some(index);
                answer.to_string()
            }
            Err(e) => error(e),
        }
    }

    /// Loads shard number `shard`; answers `{"ok": true}`.
    pub fn load_shard(&mut self, shard: usize, bytes: &[u8]) -> String {
        match self.index.as_mut() {
            None => error("no manifest loaded"),
            Some(index) => match index.load_shard(shard, bytes) {
                Ok(()) => json!({ "ok": true }).to_string(),
                Err(e) => error(e),
            },
        }
    }

    /// Shards `query` still needs; answers `{"missing": [numbers]}` (empty: ready to search).
    pub fn missing_shards(&self, query: &str, as_you_type: bool) -> String {
        match &self.index {
            None => error("no manifest loaded"),
            Some(index) => {
                let missing = index.missing_shards(query, QueryOptions { as_you_type });
                json!({ "missing": missing }).to_string()
            }
        }
    }

    /// Searches; answers `{"hits": [{"doc", "score", "all", "fragment"}]}` where `fragment` is
    /// the number of the fragment file holding the document.
    pub fn search(&self, query: &str, as_you_type: bool, limit: usize) -> String {
        let Some(index) = &self.index else { return error("no manifest loaded") };
        match index.search(query, QueryOptions { as_you_type }, limit) {
            Ok(hits) => {
                let hits: Vec<Value> = hits
                    .iter()
                    .map(|h| {
                        json!({
                            "doc": h.doc,
                            "score": h.score,
                            "all": h.matched_all,
                            "fragment": index.fragment_file_for(h.doc),
                        })
                    })
                    .collect();
                json!({ "hits": hits }).to_string()
            }
            Err(e) => error(e),
        }
    }

    /// Decodes fragment file number `file`; answers `{"first_doc": n, "fragments": [...]}`.
    pub fn read_fragments(&self, file: usize, bytes: &[u8]) -> String {
        let Some(index) = &self.index else { return error("no manifest loaded") };
        let Some(expected) = index.manifest().fragments.get(file) else {
            return error(format!("no fragment file {file}"));
        };
        match read_fragments(bytes, expected) {
            Ok(fragments) => json!({ "first_doc": expected.first_doc, "fragments": fragments }).to_string(),
            Err(e) => error(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_back_as_json_data() {
        let mut client = Client::default();
        assert_eq!(client.search("x", false, 5), r#"{"error":"no manifest loaded"}"#);
        let answer: Value = serde_json::from_str(&client.load_manifest(b"garbage")).unwrap();
        assert!(answer["error"].as_str().unwrap().contains("manifest"));
        assert!(client.load_shard(0, b"").contains("error"));
    }
}
