//! `sitemap.xml` with hreflang alternates, and `robots.txt`.

use super::escape::escape_xml;
use super::Page;
use std::fmt::Write;

/// The sitemap of every indexable page; translated pages list each other as alternates.
pub(super) fn sitemap(base_url: &str, pages: &[Page]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for page in pages.iter().filter(|p| p.in_sitemap) {
        let _ = writeln!(
            out,
            "  <url>\n    <loc>{}</loc>",
            escape_xml(&format!("{base_url}{}", super::pages::public_path(&page.path)))
        );
        if let Some(date) = &page.lastmod {
            let _ = writeln!(out, "    <lastmod>{}</lastmod>", escape_xml(date));
        }
        if page.alternates.len() > 1 {
            for (lang, href) in &page.alternates {
                let _ = writeln!(
                    out,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_xml(lang),
                    escape_xml(href)
                );
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` allowing everything and naming the sitemap.
pub(super) fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")
}
