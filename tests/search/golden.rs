//! The frozen static index of format version 2 (`tests/golden/v2/`) must stay readable and
//! answer as it did when frozen. (Version 1 was retired with its reader: the format changed to
//! cut the bytes a query downloads, and no published site needs old files read by new code,
//! since a build always writes the index and the client together.) Regenerate only on purpose, for a new format version:
//! `HELPMARK_BLESS_GOLDEN=1 cargo test --test search golden` (then review the diff).

use std::path::PathBuf;

use search_index::query::QueryOptions;

use crate::fixtures;
use crate::support::{native_search, open};

const QUERIES: [&str; 6] = ["refund", "money back", "refnud", "E-1042", "where is my package", "xyzzy"];

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/v2")
}

fn run_queries(dir: &std::path::Path) -> serde_json::Value {
    let mut reader = open(dir);
    let mut answers = serde_json::Map::new();
    for query in QUERIES {
        let (hits, _) = native_search(&mut reader, dir, query, QueryOptions::default(), 5);
        let ids: Vec<String> = hits.into_iter().map(|(id, _)| id).collect();
        answers.insert(query.to_string(), serde_json::json!(ids));
    }
    serde_json::Value::Object(answers)
}

#[test]
fn golden_v2_index_still_reads_and_answers_the_same() {
    let dir = golden_dir();
    if std::env::var_os("HELPMARK_BLESS_GOLDEN").is_some() {
        let index =
            helpmark::index::build_index("en", &fixtures::english(), &fixtures::synonyms()).expect("fixture indexes");
        let _ = std::fs::remove_dir_all(&dir);
        helpmark::index::export(&index, &dir).expect("export");
        let answers = run_queries(&dir);
        let text = serde_json::to_string_pretty(&answers).expect("json") + "\n";
        std::fs::write(dir.join("expected.json"), text).expect("write expected answers");
    }
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("expected.json")).expect("tests/golden/v2/expected.json exists"),
    )
    .expect("expected.json parses");
    assert_eq!(run_queries(&dir), expected);
}
