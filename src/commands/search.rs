//! `helpmark search`: the build-time Tantivy index, queried from the terminal.

use super::{eprint, print, EXIT_CONTENT};
use helpmark::cli::SearchArgs;
use helpmark::diagnostics::render_human;
use serde_json::json;
use std::fmt::Write;

/// Searches one language of the site and prints the ranked entries.
pub(crate) fn run(args: SearchArgs) -> anyhow::Result<u8> {
    let prepared = match helpmark::prepare(&args.source, None, false, false)? {
        Ok(prepared) => prepared,
        Err(diagnostics) => {
            eprint(&render_human(&diagnostics));
            return Ok(EXIT_CONTENT);
        }
    };
    let config = &prepared.model.config;
    let lang = args.lang.unwrap_or_else(|| config.default_language().to_string());
    // The site's own index of the language, with its popularity boost: the terminal ranks
    // exactly like the site.
    let Some(index) = prepared.indexes.iter().find(|i| i.lang() == lang) else {
        anyhow::bail!("`{lang}` is not one of the site's languages ({})", config.languages.join(", "));
    };
    let options = helpmark::index::SearchOptions { as_you_type: args.prefix };
    let hits = index.search_with(&args.query, options, args.limit)?;
    let docs = index.docs();
    if args.json {
        let results: Vec<_> = hits
            .iter()
            .map(|h| {
                let d = &docs[h.doc as usize];
                json!({"id": h.id, "title": d.title, "url": d.url, "category": d.category, "score": h.score, "matched_all": h.matched_all})
            })
            .collect();
        print(&format!("{}\n", serde_json::to_string_pretty(&results)?));
        return Ok(0);
    }
    let mut out = String::new();
    if hits.is_empty() {
        out.push_str("no entry matches; try other words, or fewer\n");
    }
    for (rank, h) in hits.iter().enumerate() {
        let d = &docs[h.doc as usize];
        let _ = writeln!(out, "{:>2}. {}  [{}]  {}  ({:.3})", rank + 1, d.title, h.id, d.url, h.score);
    }
    print(&out);
    Ok(0)
}
