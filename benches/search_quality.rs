//! Search quality on the labelled query sets in `benches/queries/` against the bundled sample
//! help center: acc@1, acc@3 and MRR@10 per set, for helpmark (submitted query, and the same
//! query as typed with its last word a prefix) and for a plain BM25 baseline (Tantivy's default
//! tokenizer, no stemming, one field holding question + answer, any word may match).
//!
//! Run: `cargo bench --bench search_quality` (prints a Markdown table).

use helpmark::index::{build_index_with, search_docs, settings, SearchOptions};
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
            doc.add_text(text, format!("{} {}", d.title, d.body));
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

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (model, _) = helpmark::load_model(root, None, false).expect("site loads").expect("site has no errors");
    let settings = settings(&model);
    println!("| set | queries | helpmark acc@1 | acc@3 | MRR@10 | as typed (prefix) acc@1 | acc@3 | MRR@10 | plain BM25 acc@1 | acc@3 | MRR@10 |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    // QUALITY_VERBOSE=1 lists every query whose first result is wrong (on stderr).
    let verbose = std::env::var_os("QUALITY_VERBOSE").is_some();
    for set in ["en", "tr", "hi", "hinglish"] {
        let queries = read_set(set);
        let lang = &queries[0].lang;
        let language = model.languages.iter().find(|l| &l.code == lang).expect("language in the sample");
        let docs = search_docs(language);
        let index = build_index_with(lang, docs.clone(), &settings).expect("index");
        let baseline = Baseline::new(&docs);
        let (mut ours, mut typed, mut plain) = (Score::default(), Score::default(), Score::default());
        for q in queries.iter().filter(|q| q.id.is_some()) {
            let expected = q.id.as_deref().unwrap_or_default();
            let ids =
                |opts| index.search_with(&q.q, opts, 10).expect("search").into_iter().map(|h| h.id).collect::<Vec<_>>();
            let submitted = ids(SearchOptions { as_you_type: false });
            if verbose && submitted.first().map(String::as_str) != Some(expected) {
                eprintln!("MISS [{set}] {:?} want {expected}, got {:?}", q.q, &submitted[..submitted.len().min(3)]);
            }
            ours.add(submitted.iter().map(|s| Some(s.as_str())), expected);
            typed.add(ids(SearchOptions { as_you_type: true }).iter().map(|s| Some(s.as_str())), expected);
            plain.add(baseline.search(&q.q).iter().map(|s| Some(s.as_str())), expected);
        }
        println!("| {set} | {} | {} | {} | {} |", ours.n, ours.row(), typed.row(), plain.row());
    }
}
