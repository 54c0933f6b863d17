//! `helpmark search`: the build-time Tantivy index, queried from the terminal.

use super::{eprint, print, EXIT_CONTENT};
use helpmark::cli::SearchArgs;
use helpmark::diagnostics::render_human;
use helpmark::index::fallback::{merge, SiteHit};
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
    let Some(l) = prepared.indexes.iter().position(|i| i.lang() == lang) else {
        anyhow::bail!("`{lang}` is not one of the site's languages ({})", config.languages.join(", "));
    };
    let (index, fallback) = (&prepared.indexes[l], prepared.fallbacks[l].as_ref());
    let options = helpmark::index::SearchOptions { as_you_type: args.prefix };
    let own = index.search_with(&args.query, options, args.limit)?;
    // Entries the language has not translated, found in the default language's words.
    let others = match fallback {
        Some(f) => f.search_with(&args.query, options, args.limit)?,
        None => Vec::new(),
    };
    let hits = merge(own, others, args.limit);
    let doc = |h: &SiteHit| match (h.fallback, fallback) {
        (true, Some(f)) => &f.docs()[h.hit.doc as usize],
        _ => &index.docs()[h.hit.doc as usize],
    };
    let default = config.default_language();
    if args.json {
        let results: Vec<_> = hits
            .iter()
            .map(|h| {
                let (d, hit) = (doc(h), &h.hit);
                let mut result = json!({"id": hit.id, "title": d.title, "url": d.url, "category": d.category, "score": hit.score, "matched_all": hit.matched_all});
                if h.fallback {
                    result["lang"] = json!(default);
                }
                result
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
        let d = doc(h);
        let mark = if h.fallback { format!("  ({default})") } else { String::new() };
        let _ = writeln!(out, "{:>2}. {}{mark}  [{}]  {}  ({:.3})", rank + 1, d.title, h.hit.id, d.url, h.hit.score);
    }
    print(&out);
    Ok(0)
}
