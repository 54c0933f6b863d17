//! The loader's front matter: `---` fences split, then the YAML parsed into the strict entry
//! and category types (`src/load/front_matter.rs`, `src/load/yaml.rs`), then the key and value
//! spans the model points diagnostics at, and every diagnostic rendered for people.
//!
//! Invariants: the split's ranges are in order, inside the text and on character boundaries;
//! the spans the model uses slice the text; rendering never panics.
#![no_main]

use helpmark::diagnostics::{render_human, Diagnostic};
use helpmark::load::front_matter::{self, CategoryMeta, EntryMeta, Split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader rejects a file that is not UTF-8 before it looks for front matter.
    let text = String::from_utf8_lossy(data);
    let path = helpmark_fuzz::scratch_dir().join("entry.md");
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    match front_matter::split(&text, &path) {
        Err(d) => diagnostics.push(d),
        Ok(split) => {
            check_split(&text, &split);
            match front_matter::parse::<EntryMeta>(&text, &split, &path) {
                Ok(meta) => check_entry(&text, &split, &meta),
                Err(d) => diagnostics.push(d),
            }
            if let Err(d) = front_matter::parse::<CategoryMeta>(&text, &split, &path) {
                diagnostics.push(d);
            }
        }
    }
    if !diagnostics.is_empty() {
        std::fs::write(&path, text.as_bytes()).expect("the scratch file can be written");
        let rendered = render_human(&diagnostics);
        assert!(rendered.contains(&diagnostics[0].message));
    }
});

fn check_split(text: &str, split: &Split) {
    assert!(split.yaml.start <= split.yaml.end, "{split:?}");
    assert!(split.yaml.end <= split.body.start, "{split:?}");
    assert_eq!(split.body.end, text.len());
    assert!(text.get(split.yaml.clone()).is_some(), "yaml range {:?} slices the text", split.yaml);
    assert!(text.get(split.body.clone()).is_some(), "body range {:?} slices the text", split.body);
}

/// The spans `model::check_entry` and the `related` check take for diagnostics.
fn check_entry(text: &str, split: &Split, meta: &EntryMeta) {
    for key in ["title", "id", "updated", "related", "aliases", "tags", "order", "draft"] {
        let span = front_matter::key_span(text, split, key);
        assert!(text.get(span.clone()).is_some(), "key span {span:?} of `{key}` slices the text");
    }
    for (key, values) in [("related", &meta.related), ("aliases", &meta.aliases), ("tags", &meta.tags)] {
        for value in values {
            let span = front_matter::value_span(text, split, key, value);
            assert!(text.get(span.clone()).is_some(), "value span {span:?} of `{value}` slices the text");
        }
    }
    if let Some(id) = &meta.id {
        let _ = helpmark::model::is_safe_segment(id);
    }
    if let Some(updated) = &meta.updated {
        let _ = helpmark::shared::date::parse_timestamp(updated);
    }
}
