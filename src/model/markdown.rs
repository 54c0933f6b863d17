//! Markdown → HTML for answers and category intros (pulldown-cmark), plus what search needs from
//! the same pass: the headings and the plain text. Links to other entries' `.md` files become
//! links to their pages; a link to a `.md` file that is no entry is reported.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// One rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Text of the `##`/`###` headings, in order.
    pub headings: Vec<String>,
    /// The plain text, for search and excerpts.
    pub text: String,
    /// `.md` links that name no entry: (byte range in the body, target).
    pub broken_links: Vec<(Range<usize>, String)>,
}

/// What link rewriting needs to know about the page being rendered.
pub struct LinkContext<'a> {
    /// Folder of the source file inside its language folder (`orders`), empty at the root.
    pub source_dir: &'a str,
    /// Prefix from this page back to the site root (`../../`).
    pub root: &'a str,
    /// Entry source path inside its language folder (`orders/refund.md`) → page URL from the
    /// site root (`hi/orders/refund.html`).
    pub pages: &'a BTreeMap<String, String>,
}

/// Renders `body`.
pub fn render(body: &str, links: &LinkContext<'_>) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES;
    let mut events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, options).into_offset_iter().collect();
    let mut out = Rendered::default();
    rewrite_links(&mut events, links, &mut out.broken_links);
    out.headings = add_heading_ids(&mut events);
    out.text = plain_text(&events);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    out
}

fn rewrite_links(
    events: &mut [(Event<'_>, Range<usize>)],
    links: &LinkContext<'_>,
    broken: &mut Vec<(Range<usize>, String)>,
) {
    for (event, range) in events.iter_mut() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let (path, fragment) = match dest_url.split_once('#') {
            Some((p, f)) => (p.to_string(), Some(f.to_string())),
            None => (dest_url.to_string(), None),
        };
        if !path.ends_with(".md") || path.contains("://") || path.starts_with('/') {
            continue;
        }
        match normalize(links.source_dir, &path).and_then(|key| links.pages.get(&key)) {
            Some(url) => {
                let mut href = format!("{}{url}", links.root);
                if let Some(f) = fragment {
                    href.push('#');
                    href.push_str(&f);
                }
                *dest_url = CowStr::from(href);
            }
            None => broken.push((range.clone(), path)),
        }
    }
}

/// Joins `dir` and a relative `path`, resolving `.` and `..`; `None` if it climbs out of the
/// language folder.
fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Gives `##` and `###` headings a stable, unique `id` for deep links and returns their texts.
fn add_heading_ids(events: &mut [(Event<'_>, Range<usize>)]) -> Vec<String> {
    let mut headings = Vec::new();
    let mut used = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i].0 {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                let mut slug = slugify(&text);
                let base = slug.clone();
                let mut n = 1;
                while !used.insert(slug.clone()) {
                    n += 1;
                    slug = format!("{base}-{n}");
                }
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                    *id = Some(CowStr::from(slug));
                }
                headings.push(text.trim().to_string());
            }
            i = j;
        }
        i += 1;
    }
    headings
}

/// Lower-case letters and digits of any script joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || is_combining(c))).filter(|w| !w.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Devanagari vowel signs, virama and nukta are marks, not letters, but belong to the word.
pub fn is_combining(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}' | '\u{0962}'..='\u{0963}')
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) if !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> BTreeMap<String, String> {
        BTreeMap::from([("orders/cancel.md".to_string(), "hi/orders/cancel.html".to_string())])
    }

    #[test]
    fn md_links_become_page_links_and_broken_ones_are_reported() {
        let pages = pages();
        let ctx = LinkContext { source_dir: "billing", root: "../../", pages: &pages };
        let r = render("See [cancel](../orders/cancel.md#how) and [gone](../x.md).\n", &ctx);
        assert!(r.html.contains(r#"href="../../hi/orders/cancel.html#how""#), "{}", r.html);
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].1, "../x.md");
    }

    #[test]
    fn headings_get_unique_ids_and_text_is_plain() {
        let pages = pages();
        let ctx = LinkContext { source_dir: "", root: "", pages: &pages };
        let r = render("## रिफ़ंड कैसे\n\ntext *em*\n\n## रिफ़ंड कैसे\n", &ctx);
        assert!(r.html.contains(r#"id="रिफ़ंड-कैसे""#), "{}", r.html);
        assert!(r.html.contains(r#"id="रिफ़ंड-कैसे-2""#));
        assert_eq!(r.headings.len(), 2);
        assert_eq!(r.text, "रिफ़ंड कैसे text em रिफ़ंड कैसे");
    }
}
