//! Search quality on the labelled query sets in `benches/queries/` against the bundled sample
//! help center: acc@1, acc@3 and MRR@10 per set, for helpmark (submitted query, and the same
//! query as typed with its last word a prefix) and for a plain BM25 baseline (Tantivy's default
//! tokenizer, no stemming, one field holding question + answer, any word may match).
//!
//! Then the same on the development sets of real users' words in `../shared/devsets/`
//! (CLINC150 in English, Hinglish-TOP against a Hindi + English site), each against its own help
//! center, read from there and never copied into the repository; left out with a note when the
//! folder is missing. (`../shared/devsets/score.py` also scores their `none.jsonl`.)
//!
//! Run: `cargo bench --bench search_quality` (prints a Markdown table).

use helpmark::index::fallback::merge;
use helpmark::index::{build_index_with, fallback_index, search_docs, settings, SearchOptions};
use std::path::Path;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, Value as _, STORED, TEXT};
use tantivy::{Index, TantivyDocument};

#[path = "support/labelled.rs"]
mod labelled;
use labelled::{read_set, Score};

/// Plain BM25: what a generic site search does without our analyzers.
struct Baseline {
    index: Index,
    parser: QueryParser,
    id_field: tantivy::schema::Field,
}

impl Baseline {
    fn new(docs: &[search_index::SearchDoc]) -> Baseline {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let id_field = schema.add_text_field("id", STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 20_000_000).expect("writer");
        for d in docs {
            let mut doc = TantivyDocument::new();
            // All the text the entry is found by, as helpmark indexes it.
            doc.add_text(text, format!("{} {} {}", d.title, d.body, d.borrowed));
            doc.add_text(id_field, &d.id);
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let parser = QueryParser::for_index(&index, vec![text]);
        Baseline { index, parser, id_field }
    }

    fn search(&self, q: &str) -> Vec<String> {
        // Query syntax characters would be operators; a customer's text is just words.
        let clean: String = q.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let (query, _) = self.parser.parse_query_lenient(&clean);
        let searcher = self.index.reader().expect("reader").searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(10).order_by_score()).expect("search");
        top.into_iter()
            .filter_map(|(_, addr)| {
                let doc: TantivyDocument = searcher.doc(addr).ok()?;
                doc.get_first(self.id_field).and_then(|v| v.as_str().map(String::from))
            })
            .collect()
    }
}

/// A query of a development set: `gold` is an entry id, or `__none__` in `none.jsonl`.
#[derive(serde::Deserialize)]
struct DevQuery {
    q: String,
    lang: String,
    gold: String,
}

/// The development sets beside the repository (`../shared/devsets/<name>/`).
fn devsets_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devsets")
}

fn read_dev(path: &Path) -> Vec<DevQuery> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("devset line")).collect()
}

/// Scores helpmark (submitted and as typed) and plain BM25 on `queries` in `model`, printing one
/// table row named `set`. `verbose` lists the misses on stderr.
fn evaluate(set: &str, model: &helpmark::model::Model, queries: &[(&str, &str, &str)], verbose: bool) {
    let Some(&(_, lang, _)) = queries.first() else { return };
    let l = model.languages.iter().position(|l| l.code == lang).expect("language in the site");
    let docs = search_docs(&model.languages[l]);
    let index = build_index_with(lang, docs.clone(), &settings(model)).expect("index");
    // The default language's entries this one has not translated, searched beside it as the
    // site searches them (`index::fallback`).
    let fallback = fallback_index(model, l).expect("fallback index");
    let baseline = Baseline::new(&docs);
    let (mut ours, mut typed, mut plain) = (Score::default(), Score::default(), Score::default());
    for &(q, _, expected) in queries {
        let ids = |opts| {
            let own = index.search_with(q, opts, 10).expect("search");
            let others = fallback.as_ref().map_or_else(Vec::new, |f| f.search_with(q, opts, 10).expect("search"));
            merge(own, others, 10).into_iter().map(|h| h.hit.id).collect::<Vec<_>>()
        };
        let submitted = ids(SearchOptions { as_you_type: false });
        if verbose && submitted.first().map(String::as_str) != Some(expected) {
            eprintln!("MISS [{set}] {q:?} want {expected}, got {:?}", &submitted[..submitted.len().min(3)]);
        }
        ours.add(submitted.iter().map(|s| Some(s.as_str())), expected);
        typed.add(ids(SearchOptions { as_you_type: true }).iter().map(|s| Some(s.as_str())), expected);
        plain.add(baseline.search(q).iter().map(|s| Some(s.as_str())), expected);
    }
    println!("| {set} | {} | {} | {} | {} |", ours.n, ours.row(), typed.row(), plain.row());
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (model, _) = helpmark::load_model(root, None, false).expect("site loads").expect("site has no errors");
    println!("| set | queries | helpmark acc@1 | acc@3 | MRR@10 | as typed (prefix) acc@1 | acc@3 | MRR@10 | plain BM25 acc@1 | acc@3 | MRR@10 |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    // QUALITY_VERBOSE=1 lists every query whose first result is wrong (on stderr).
    let verbose = std::env::var_os("QUALITY_VERBOSE").is_some();
    for set in ["en", "tr", "hi", "hinglish"] {
        let queries = read_set(set);
        let labelled: Vec<(&str, &str, &str)> =
            queries.iter().filter_map(|q| Some((q.q.as_str(), q.lang.as_str(), q.id.as_deref()?))).collect();
        evaluate(set, &model, &labelled, verbose);
    }
    let devsets = devsets_root();
    for name in ["clinc150", "hinglish"] {
        let folder = devsets.join(name);
        if !folder.is_dir() {
            println!("| {name} (dev) | not found at `{}` | | | | | | | | | |", folder.display());
            continue;
        }
        let (model, _) = helpmark::load_model(&folder.join("site"), None, false)
            .expect("devset site loads")
            .expect("devset site has no errors");
        let queries = read_dev(&folder.join("queries.jsonl"));
        let labelled: Vec<(&str, &str, &str)> =
            queries.iter().map(|q| (q.q.as_str(), q.lang.as_str(), q.gold.as_str())).collect();
        evaluate(&format!("{name} (dev)"), &model, &labelled, verbose);
    }
}
