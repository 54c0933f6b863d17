//! Building a language's Tantivy index in RAM with our analyzers registered by name.

use std::collections::BTreeMap;

use search_index::analyzer_for;
use search_index::query::{builtin_synonyms, Synonyms};
use search_index::schema::{quantize_popularity, SearchDoc, DEFAULT_POPULARITY_WEIGHT, FIELDS, NUM_FIELDS};
use tantivy::directory::RamDirectory;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{Index, IndexWriter, ReloadPolicy, TantivyDocument};

use super::{IndexError, LangIndex};

/// Name of the fast field holding our document number.
const DOC_NUMBER_FIELD: &str = "doc_number";
/// Indexing memory budget, shared by the two indexing threads.
const WRITER_MEMORY: usize = 50_000_000;
/// Fewer documents than this are indexed as one segment on the calling thread.
const SMALL_INDEX: usize = 64;
/// The memory budget of such a small index (it sizes the term table: Tantivy's least,
/// 15 MB, takes 5 ms to set up for one document).
const SMALL_WRITER_MEMORY: usize = 1_000_000;

/// Search settings from `helpmark.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexSettings {
    /// Groups of equivalent words or phrases.
    pub synonyms: Vec<Vec<String>>,
    /// Weight of the popularity boost (`score × (1 + weight × popularity)`, popularity in 0..=1).
    pub popularity_weight: f32,
}

impl Default for IndexSettings {
    fn default() -> Self {
        IndexSettings { synonyms: Vec::new(), popularity_weight: DEFAULT_POPULARITY_WEIGHT }
    }
}

/// Builds the index of one language with the default popularity weight.
pub fn build_index(lang: &str, docs: &[SearchDoc], synonyms: &[Vec<String>]) -> Result<LangIndex, IndexError> {
    let settings = IndexSettings { synonyms: synonyms.to_vec(), ..IndexSettings::default() };
    build_index_with(lang, docs.to_vec(), &settings)
}

/// Builds the index of one language; document numbers follow the order of `docs`.
pub fn build_index_with(lang: &str, docs: Vec<SearchDoc>, settings: &IndexSettings) -> Result<LangIndex, IndexError> {
    let analyzer = analyzer_for(lang);
    let mut builder = Schema::builder();
    let indexing =
        TextFieldIndexing::default().set_tokenizer(analyzer.name()).set_index_option(IndexRecordOption::WithFreqs);
    let options = TextOptions::default().set_indexing_options(indexing);
    let fields: [Field; NUM_FIELDS] = FIELDS.map(|spec| builder.add_text_field(spec.name, options.clone()));
    let doc_number = builder.add_u64_field(DOC_NUMBER_FIELD, FAST);
    let schema = builder.build();
    let tokenizers = TokenizerManager::default();
    tokenizers.register(analyzer.name(), TextAnalyzer::from(analyzer.tokenizer()));
    let document = |number: usize, doc: &SearchDoc| {
        let mut document = TantivyDocument::new();
        document.add_text(fields[0], &doc.title);
        for alias in &doc.aliases {
            document.add_text(fields[1], alias);
        }
        for heading in &doc.headings {
            document.add_text(fields[2], heading);
        }
        document.add_text(fields[3], &doc.body);
        if !doc.borrowed.is_empty() {
            document.add_text(fields[3], &doc.borrowed);
        }
        for tag in &doc.tags {
            document.add_text(fields[4], tag);
        }
        document.add_u64(doc_number, number as u64);
        document
    };
    let index = if docs.len() < SMALL_INDEX {
        // A few documents (the preview indexes the ones an edit changed alone): one segment,
        // written on this thread, without the threads and commit of an `IndexWriter` (10 ms
        // each time). How many segments hold them changes nothing read from the index.
        let mut writer = Index::builder()
            .schema(schema)
            .tokenizers(tokenizers)
            .single_segment_index_writer(RamDirectory::create(), SMALL_WRITER_MEMORY)?;
        for (number, doc) in docs.iter().enumerate() {
            writer.add_document(document(number, doc))?;
        }
        writer.finalize()?
    } else {
        let index = Index::builder().schema(schema).tokenizers(tokenizers).create_in_ram()?;
        let mut writer: IndexWriter = index.writer_with_num_threads(2, WRITER_MEMORY)?;
        for (number, doc) in docs.iter().enumerate() {
            writer.add_document(document(number, doc))?;
        }
        writer.commit()?;
        index
    };
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    let searcher = reader.searcher();

    let mut doc_numbers = Vec::new();
    // Each document's title length as Tantivy stores it (its field-norm id), for title coverage.
    let mut title_norms = vec![0u8; docs.len()];
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(DOC_NUMBER_FIELD)?;
        let numbers: Vec<u32> = (0..segment.max_doc())
            .map(|d| column.first(d).and_then(|n| u32::try_from(n).ok()).unwrap_or(u32::MAX))
            .collect();
        let norms = segment.get_fieldnorms_reader(fields[0])?;
        for (d, &number) in numbers.iter().enumerate() {
            if let Some(slot) = title_norms.get_mut(number as usize) {
                *slot = norms.fieldnorm_id(d as u32);
            }
        }
        doc_numbers.push(numbers);
    }

    let mut vocabulary: BTreeMap<String, [u64; NUM_FIELDS]> = BTreeMap::new();
    for (i, &field) in fields.iter().enumerate() {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream().map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                // Terms come from our analyzer, hence valid UTF-8; skip anything else.
                let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
                let doc_freq = u64::from(stream.value().doc_freq);
                // Most terms were seen in another field or segment already: no new key then.
                match vocabulary.get_mut(term) {
                    Some(counts) => counts[i] += doc_freq,
                    None => {
                        let mut counts = [0; NUM_FIELDS];
                        counts[i] = doc_freq;
                        vocabulary.insert(term.to_string(), counts);
                    }
                }
            }
        }
    }

    let popularities: Vec<f32> = docs.iter().map(|d| d.popularity).collect();
    // The site's groups first, then the language's built-in ones; both travel in the manifest.
    let mut synonym_groups = settings.synonyms.clone();
    synonym_groups.extend(builtin_synonyms(lang));
    Ok(LangIndex {
        lang: lang.to_string(),
        synonyms: Synonyms::new(&analyzer, &synonym_groups),
        analyzer,
        synonym_groups,
        docs,
        popularity: quantize_popularity(&popularities),
        popularity_weight: settings.popularity_weight,
        searcher,
        fields,
        doc_numbers,
        title_norms,
        vocabulary,
        title_scores: std::sync::OnceLock::new(),
    })
}
