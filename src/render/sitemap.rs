//! `sitemap.xml` with hreflang alternates, and `robots.txt`. The sitemap protocol allows 50,000
//! URLs and 50 MB per file: a larger site gets `sitemap-1.xml`, `sitemap-2.xml`, ... and
//! `sitemap.xml` becomes their index, so `robots.txt` names the same file either way.

use super::escape::escape_xml;
use super::Page;
use std::fmt::Write;

/// The protocol's limit of URLs in one sitemap file.
const MAX_URLS: usize = 50_000;
/// The protocol's limit of bytes in one sitemap file (50 MiB), less room for its closing tag.
const MAX_BYTES: usize = 50 * 1024 * 1024 - 1024;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// Every sitemap file of the site, as (path from the site root, XML): `sitemap.xml` alone, or
/// the index and the files it names.
pub(super) fn sitemaps(base_url: &str, pages: &[Page]) -> Vec<(String, String)> {
    sitemaps_within(base_url, pages, MAX_URLS, MAX_BYTES)
}

/// [`sitemaps`] with the limits given (tests use small ones).
fn sitemaps_within(base_url: &str, pages: &[Page], max_urls: usize, max_bytes: usize) -> Vec<(String, String)> {
    // (XML, newest lastmod) of each file.
    let mut files: Vec<(String, Option<&str>)> = vec![(URLSET_OPEN.to_string(), None)];
    let mut in_file = 0;
    for page in pages.iter().filter(|p| p.in_sitemap) {
        let block = url_block(base_url, page);
        let (xml, _) = files.last().expect("one file at least");
        if in_file == max_urls || xml.len() + block.len() + URLSET_CLOSE.len() > max_bytes {
            files.push((URLSET_OPEN.to_string(), None));
            in_file = 0;
        }
        let (xml, newest) = files.last_mut().expect("one file at least");
        xml.push_str(&block);
        if let Some(date) = page.lastmod.as_deref() {
            if newest.is_none_or(|n| date > n) {
                *newest = Some(date);
            }
        }
        in_file += 1;
    }
    for (xml, _) in &mut files {
        xml.push_str(URLSET_CLOSE);
    }
    if files.len() == 1 {
        let (xml, _) = files.pop().expect("one file");
        return vec![("sitemap.xml".to_string(), xml)];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut out = Vec::with_capacity(files.len() + 1);
    for (n, (xml, newest)) in files.into_iter().enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        let _ = writeln!(index, "  <sitemap>\n    <loc>{}</loc>", escape_xml(&format!("{base_url}{path}")));
        if let Some(date) = newest {
            let _ = writeln!(index, "    <lastmod>{}</lastmod>", escape_xml(date));
        }
        index.push_str("  </sitemap>\n");
        out.push((path, xml));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, ("sitemap.xml".to_string(), index));
    out
}

/// The `<url>` element of one page; translated pages list each other as alternates.
fn url_block(base_url: &str, page: &Page) -> String {
    let mut out = String::new();
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
    out
}

/// `robots.txt` allowing everything and naming the sitemap.
pub(super) fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PageKind;

    fn pages(n: usize) -> Vec<Page> {
        (0..n)
            .map(|i| Page {
                lang: 0,
                kind: PageKind::Entry(i),
                path: format!("c/e{i}.html"),
                in_sitemap: i != 1,
                lastmod: Some(format!("2026-01-{:02}", i + 1)),
                alternates: Vec::new(),
                translations: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let files = sitemaps_within("https://h.test/", &pages(3), 2, MAX_BYTES);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert_eq!(files[0].1.matches("<loc>").count(), 2, "the page left out of the sitemap is not counted");
    }

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_full_files() {
        let files = sitemaps_within("https://h.test/", &pages(6), 2, MAX_BYTES);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex ") && index.contains("<loc>https://h.test/sitemap-3.xml</loc>"));
        assert!(index.contains("<lastmod>2026-01-06</lastmod>"), "{index}");
        let urls: usize = files[1..].iter().map(|(_, xml)| xml.matches("<loc>").count()).sum();
        assert_eq!(urls, 5);
        assert!(files[1..].iter().all(|(_, xml)| xml.matches("<loc>").count() <= 2 && xml.ends_with("</urlset>\n")));
    }

    #[test]
    fn a_file_also_ends_before_the_byte_limit() {
        let one = url_block("https://h.test/", &pages(1)[0]).len();
        let files =
            sitemaps_within("https://h.test/", &pages(4), 100, URLSET_OPEN.len() + URLSET_CLOSE.len() + 2 * one);
        assert_eq!(files.len(), 3, "index + two files of at most two URLs");
    }
}
