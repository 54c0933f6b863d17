//! The labelled query sets in `benches/queries/` and how ranked answers are scored against them:
//! shared by `benches/search_quality.rs` (helpmark, plain BM25) and the Pagefind quality test in
//! `tests/browser/quality.rs`, so every engine is counted the same way.

// Each user reads the fields it needs (the Pagefind test counts empty results by `kind`).
#![allow(dead_code)]

use serde::Deserialize;
use std::path::Path;

/// One labelled query.
#[derive(Deserialize)]
pub(crate) struct Labelled {
    /// The query, as a customer typed it.
    pub(crate) q: String,
    /// The site language it is asked in.
    pub(crate) lang: String,
    /// The entry that answers it; `None` when no entry does.
    pub(crate) id: Option<String>,
    /// How it is phrased (sentence, typo, hinglish, ...).
    #[serde(default)]
    pub(crate) kind: String,
}

/// The queries of set `name` (`en`, `tr`, `hi`, `hinglish`, `none`).
pub(crate) fn read_set(name: &str) -> Vec<Labelled> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/queries").join(format!("{name}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("labelled line")).collect()
}

/// acc@1, acc@3 and MRR@10 over the queries added so far.
#[derive(Default, Clone, Copy)]
pub(crate) struct Score {
    /// Queries added.
    pub(crate) n: usize,
    at1: f64,
    at3: f64,
    mrr: f64,
}

impl Score {
    /// Adds one query whose ranked answers are `ranked` (entry ids; `None` for a page that is
    /// no entry), best first.
    pub(crate) fn add<'a>(&mut self, ranked: impl IntoIterator<Item = Option<&'a str>>, expected: &str) {
        self.n += 1;
        if let Some(pos) = ranked.into_iter().take(10).position(|id| id == Some(expected)) {
            self.at1 += f64::from(u8::from(pos == 0));
            self.at3 += f64::from(u8::from(pos < 3));
            self.mrr += 1.0 / (pos as f64 + 1.0);
        }
    }

    /// `acc@1 | acc@3 | MRR@10` for a Markdown table.
    pub(crate) fn row(&self) -> String {
        let n = self.n.max(1) as f64;
        format!("{:.3} | {:.3} | {:.3}", self.at1 / n, self.at3 / n, self.mrr / n)
    }
}
