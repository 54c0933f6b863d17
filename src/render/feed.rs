//! An Atom feed per language of the most recently updated entries. Its own `updated` is the
//! newest entry's date, never the build time, so rebuilds stay byte-identical. All text goes
//! through `escape_xml`: a control character in a title or an answer cannot make it ill-formed.

use super::escape::escape_xml;
use crate::model::Language;
use std::fmt::Write;

/// How many entries a feed lists.
const FEED_LENGTH: usize = 20;

/// The Atom feed of `language`.
pub(super) fn atom(base_url: &str, title: &str, language: &Language) -> String {
    // Drafts (built with `--drafts`, for previews) are never announced.
    let mut dated: Vec<_> = language.entries.iter().filter(|e| e.updated.is_some() && !e.draft).collect();
    dated.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    dated.truncate(FEED_LENGTH);
    let newest = dated.first().and_then(|e| e.updated.clone()).unwrap_or_else(|| "1970-01-01".to_string());
    let home = format!("{base_url}{}", language.prefix);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape_xml(&language.code));
    let _ = writeln!(out, "  <title>{}</title>", escape_xml(title));
    let _ = writeln!(out, "  <id>{}</id>", escape_xml(&home));
    let _ = writeln!(out, "  <link href=\"{}\"/>", escape_xml(&home));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}feed.xml\"/>", escape_xml(&home));
    let _ = writeln!(out, "  <updated>{newest}T00:00:00Z</updated>");
    for e in dated {
        let url = format!("{base_url}{}", e.url);
        let summary: String = e.text.chars().take(280).collect();
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{}</title>", escape_xml(&e.title));
        let _ = writeln!(out, "    <id>{}</id>", escape_xml(&url));
        let _ = writeln!(out, "    <link href=\"{}\"/>", escape_xml(&url));
        let _ = writeln!(
            out,
            "    <updated>{}T00:00:00Z</updated>",
            escape_xml(e.updated.as_deref().unwrap_or("1970-01-01"))
        );
        let _ = writeln!(out, "    <author><name>{}</name></author>", escape_xml(title));
        let _ = writeln!(out, "    <summary>{}</summary>", escape_xml(&summary));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}
