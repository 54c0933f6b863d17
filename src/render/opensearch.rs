//! An OpenSearch description per language (`opensearch.xml`, linked from every page with
//! `<link rel="search">`), so browsers offer the help center's search in their address bar.

use super::escape::escape_xml;
use crate::model::Language;
use std::fmt::Write;

/// OpenSearch 1.1 caps `ShortName` at 16 characters.
const SHORT_NAME_CHARS: usize = 16;

/// The description of `language`'s search page, for a site titled `title`.
pub(super) fn description(base_url: &str, title: &str, language: &Language) -> String {
    let short: String = title.chars().take(SHORT_NAME_CHARS).collect();
    let home = format!("{base_url}{}", language.prefix);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:moz=\"http://www.mozilla.org/2006/browser/search/\">\n");
    let _ = writeln!(out, "  <ShortName>{}</ShortName>", escape_xml(short.trim()));
    let _ = writeln!(out, "  <Description>{}</Description>", escape_xml(title));
    let _ = writeln!(out, "  <InputEncoding>UTF-8</InputEncoding>");
    let _ = writeln!(out, "  <Language>{}</Language>", escape_xml(&language.code));
    let _ = writeln!(out, "  <Image type=\"image/svg+xml\">{}assets/favicon.svg</Image>", escape_xml(base_url));
    let _ = writeln!(
        out,
        "  <Url type=\"text/html\" method=\"get\" template=\"{}search.html?q={{searchTerms}}\"/>",
        escape_xml(&home)
    );
    let _ = writeln!(out, "  <moz:SearchForm>{}search.html</moz:SearchForm>", escape_xml(&home));
    out.push_str("</OpenSearchDescription>\n");
    out
}
