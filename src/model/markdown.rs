//! Markdown → HTML for answers and category intros (pulldown-cmark), plus what search needs from
//! the same pass: the headings and the plain text. Links to other entries' `.md` files become
//! links to their pages; a link to a `.md` file that is no entry is reported.
//!
//! Content is untrusted (issue 17): Markdown links and images keep only `http(s)`, `mailto:`,
//! `tel:` and relative URLs (a `javascript:` link becomes its text), and raw HTML is sanitised
//! by [`HtmlPolicy`] unless the site sets `markdown.unsafe_html`. Only bodies that hold raw
//! HTML go through the sanitiser (the rest is markup pulldown-cmark wrote from Markdown, which
//! escapes text), so most answers cost nothing extra.

use super::image_size::{self, Size};
use crate::config::MarkdownConfig;
use crate::shared::url::percent_decode;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

/// One rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Text of the `##`/`###` headings, in order.
    pub headings: Vec<String>,
    /// The same headings with their level and `id`, for a table of contents.
    pub toc: Vec<Heading>,
    /// The plain text, for search and excerpts.
    pub text: String,
    /// `.md` links that name no entry: (byte range in the body, target).
    pub broken_links: Vec<(Range<usize>, String)>,
}

/// One `##` or `###` heading of an answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 or 3.
    pub level: u8,
    /// The `id` the heading carries (its anchor).
    pub id: String,
    /// Its text.
    pub text: String,
}

/// The site's local files an answer's images may show, to read their sizes.
pub struct LocalFiles<'a> {
    /// The language folder inside `content/` (`en/`), empty for a site without one.
    pub folder: &'a str,
    /// Path relative to `content/` → the file on disk.
    pub sources: &'a HashMap<String, PathBuf>,
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
    /// Where local images are, to size them; `None`: images get no size.
    pub files: Option<&'a LocalFiles<'a>>,
}

/// Renders `body`, treating its raw HTML as `policy` says.
pub fn render(body: &str, links: &LinkContext<'_>, policy: &HtmlPolicy) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    let mut events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, options).into_offset_iter().collect();
    let mut out = Rendered::default();
    rewrite_links(&mut events, links, &mut out.broken_links);
    unlink_unsafe_urls(&mut events);
    out.toc = add_heading_ids(&mut events);
    out.headings = out.toc.iter().map(|h| h.text.clone()).collect();
    out.text = plain_text(&events);
    // Asked before `decorate` writes markup of its own as HTML events.
    let raw_html = events.iter().any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let events = decorate(events, links);
    let aligned = events.iter().any(|(e, _)| {
        matches!(e, Event::Start(Tag::Table(columns)) if columns.iter().any(|a| *a != pulldown_cmark::Alignment::None))
    });
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    if aligned {
        out.html = align_without_style(&out.html);
    }
    if raw_html {
        if let Some(cleaner) = &policy.cleaner {
            out.html = cleaner.clean(&out.html).to_string();
            if out.html.contains("<iframe") {
                out.html = drop_iframes_without_src(&out.html);
            }
        }
    }
    out
}

/// What raw HTML an answer may carry, built once per build from `markdown:` in `helpmark.yaml`.
///
/// The allow-list keeps what pulldown-cmark writes (heading ids, code classes, task-list
/// checkboxes, footnotes, table alignment) and plain formatting; it drops scripts and styles
/// with their content, event handlers, `style` attributes, forms, `<meta>`, `<base>`, `<link>`,
/// `<object>`, SVG and MathML, and every URL but `http(s)`, `mailto:`, `tel:` and relative
/// ones (no `javascript:`, no `data:`). Iframes stay only with an `https://` page of a host
/// in `iframe_hosts`, sandboxed.
pub struct HtmlPolicy {
    /// `None` with `unsafe_html: true`: raw HTML is published as written.
    cleaner: Option<ammonia::Builder<'static>>,
}

/// URL schemes a link may use; anything else (`javascript:`, `data:`, `vbscript:`) is dropped.
const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];
/// URL schemes an image may use.
const IMAGE_SCHEMES: [&str; 2] = ["http", "https"];
/// What an allowed iframe may do: run the player, go full screen and open the video's own page.
const IFRAME_SANDBOX: &str =
    "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox";

impl HtmlPolicy {
    /// The policy of `config`.
    pub fn new(config: &MarkdownConfig) -> Self {
        if config.unsafe_html {
            return HtmlPolicy { cleaner: None };
        }
        let mut b = ammonia::Builder::default();
        b.url_schemes(LINK_SCHEMES.into_iter().collect())
            // Links are the entries' own; no `target` is allowed, so no `rel` is needed.
            .link_rel(None)
            .url_relative(ammonia::UrlRelative::PassThrough)
            .strip_comments(true)
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .set_tag_attribute_value("input", "disabled", "")
            // `decorate` writes heading anchors, callouts and sized, lazy images.
            .add_tag_attributes("a", ["title", "class", "aria-labelledby"])
            .add_tag_attributes("img", ["title", "loading", "decoding"])
            .add_tag_attributes("p", ["class"])
            .add_tag_attributes("div", ["id", "class"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("pre", ["class"])
            .add_tag_attributes("span", ["class", "aria-hidden"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("blockquote", ["class"]);
        for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            b.add_tag_attributes(heading, ["id"]);
        }
        let hosts = config.iframe_hosts.clone();
        if !hosts.is_empty() {
            b.add_tags(["iframe"])
                .add_tag_attributes("iframe", ["src", "width", "height", "title", "allowfullscreen", "loading"])
                .set_tag_attribute_value("iframe", "sandbox", IFRAME_SANDBOX)
                .set_tag_attribute_value("iframe", "referrerpolicy", "strict-origin-when-cross-origin");
        }
        b.attribute_filter(move |element, attribute, value| match (element, attribute) {
            // A checkbox is all pulldown-cmark writes; any other input becomes one (disabled).
            ("input", "type") => Some("checkbox".into()),
            ("iframe", "src") => iframe_allowed(value, &hosts).then(|| value.into()),
            ("img", "src") => url_allowed(value, &IMAGE_SCHEMES).then(|| value.into()),
            _ => Some(value.into()),
        });
        HtmlPolicy { cleaner: Some(b) }
    }
}

/// Whether `src` is an `https://` page on one of `hosts`.
fn iframe_allowed(src: &str, hosts: &[String]) -> bool {
    match ammonia::Url::parse(src.trim()) {
        Ok(url) => url.scheme() == "https" && url.host_str().is_some_and(|h| hosts.iter().any(|a| a == h)),
        Err(_) => false,
    }
}

/// Whether `url` is relative or uses one of `schemes`. Browsers drop tabs and newlines anywhere
/// in a URL and leading spaces and controls (`java\tscript:` runs), so the scheme is read the
/// same way.
fn url_allowed(url: &str, schemes: &[&str]) -> bool {
    let cleaned: String =
        url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].split_once(':') {
        None => true,
        Some((scheme, _)) => schemes.iter().any(|s| scheme.eq_ignore_ascii_case(s)),
    }
}

/// Turns Markdown links and images whose URL is not allowed into their text: the events of the
/// link's start and end become empty text, so what it wrapped stays.
fn unlink_unsafe_urls(events: &mut [(Event<'_>, Range<usize>)]) {
    let mut open: Vec<bool> = Vec::new();
    for (event, _) in events.iter_mut() {
        let drop = match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let unsafe_url = !url_allowed(dest_url, &LINK_SCHEMES);
                open.push(unsafe_url);
                unsafe_url
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let unsafe_url = !url_allowed(dest_url, &IMAGE_SCHEMES);
                open.push(unsafe_url);
                unsafe_url
            }
            Event::End(TagEnd::Link | TagEnd::Image) => open.pop().unwrap_or(false),
            _ => false,
        };
        if drop {
            *event = Event::Text(CowStr::Borrowed(""));
        }
    }
}

/// Removes the iframes the sanitiser left without a `src` (theirs was not allowed), which would
/// show as empty boxes. The input is the sanitiser's output, where every `<` of text is escaped
/// and an iframe holds only text, so its tag and its `</iframe>` are found by plain search.
fn drop_iframes_without_src(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<iframe") {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i + 1) else { break };
        let close = rest[tag_end..].find("</iframe>").map_or(rest.len(), |i| tag_end + i + "</iframe>".len());
        let keep = rest[start..tag_end].contains(" src=\"");
        out.push_str(&rest[..if keep { close } else { start }]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// pulldown-cmark aligns table cells with `style` attributes, which a Content-Security-Policy
/// without `'unsafe-inline'` blocks; the `align` attribute does the same and is not a style.
fn align_without_style(html: &str) -> String {
    html.replace(" style=\"text-align: left\"", " align=\"left\"")
        .replace(" style=\"text-align: center\"", " align=\"center\"")
        .replace(" style=\"text-align: right\"", " align=\"right\"")
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
        match resolve(links.source_dir, &path).and_then(|key| links.pages.get(&key)) {
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
/// language folder. Rewriting links here and checking them (`links`) resolve alike.
pub(super) fn resolve(dir: &str, path: &str) -> Option<String> {
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

/// Gives `##` and `###` headings a stable, unique `id` for deep links and returns them.
fn add_heading_ids(events: &mut [(Event<'_>, Range<usize>)]) -> Vec<Heading> {
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
                    *id = Some(CowStr::from(slug.clone()));
                }
                let level = if level == HeadingLevel::H2 { 2 } else { 3 };
                headings.push(Heading { level, id: slug, text: text.trim().to_string() });
            }
            i = j;
        }
        i += 1;
    }
    headings
}

/// Writes what plain Markdown has no markup for, as HTML events:
/// - after the text of each heading with an `id`, a link to it (shown on hover and focus,
///   named by the heading itself through `aria-labelledby`);
/// - GitHub's alerts (`> [!NOTE]` …) as `<div class="callout callout-note">` opened by an
///   empty `<p class="callout-title callout-title-note">`, which the render stage fills with
///   the label in the page's language (this stage has no theme strings);
/// - images `loading="lazy"`, with `width` and `height` when the file is local and its header
///   says (no layout shift when it arrives).
fn decorate<'e>(events: Vec<(Event<'e>, Range<usize>)>, links: &LinkContext<'_>) -> Vec<(Event<'e>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    let mut heading_id: Option<String> = None;
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Heading { ref id, .. }) => {
                heading_id = id.as_ref().map(|id| id.to_string());
                out.push((event, range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(id) = heading_id.take() {
                    let anchor = format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-labelledby=\"{id}\"><span aria-hidden=\"true\">#</span></a>"
                    );
                    out.push((Event::InlineHtml(anchor.into()), range.clone()));
                }
                out.push((event, range));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let name = callout_name(kind);
                let open = format!(
                    "<div class=\"callout callout-{name}\">\n<p class=\"callout-title callout-title-{name}\"></p>\n"
                );
                out.push((Event::Html(open.into()), range));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push((Event::Html("</div>\n".into()), range)),
            Event::Start(Tag::Image { .. }) => {
                let size = match &event {
                    Event::Start(Tag::Image { dest_url, .. }) => local_image_size(dest_url, links),
                    _ => None,
                };
                // The image's own events (its alt text) written by pulldown-cmark, which
                // escapes them, then our attributes before the end of the tag.
                let mut image = vec![event];
                let mut depth = 1;
                for (e, _) in events.by_ref() {
                    depth += match e {
                        Event::Start(Tag::Image { .. }) => 1,
                        Event::End(TagEnd::Image) => -1,
                        _ => 0,
                    };
                    image.push(e);
                    if depth == 0 {
                        break;
                    }
                }
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, image.into_iter());
                let tag = html.strip_suffix(" />").unwrap_or(&html);
                let mut sized = format!("{tag} loading=\"lazy\" decoding=\"async\"");
                if let Some(Size { width, height }) = size {
                    sized.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
                }
                sized.push('>');
                out.push((Event::InlineHtml(sized.into()), range));
            }
            event => out.push((event, range)),
        }
    }
    out
}

/// The callout's name in class names and theme strings (`callout_note`).
pub fn callout_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// The size of an image the site holds, from its URL relative to the page's source file.
fn local_image_size(url: &str, links: &LinkContext<'_>) -> Option<Size> {
    let files = links.files?;
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() || path.contains(':') || path.starts_with('/') {
        return None;
    }
    // Written in Markdown with `%20` for a space, as a URL.
    let path = percent_decode(path);
    let key = resolve(links.source_dir, &path)?;
    let source = files.sources.get(&format!("{}{key}", files.folder))?;
    image_size::size_of(&std::fs::read(source).ok()?)
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
            // A table reads as sentences, "Cell, cell. Cell, cell.": punctuation only, so the
            // words indexed (and the ranking) are those of the cells.
            Event::End(TagEnd::TableCell) => end_table_part(&mut text, ", "),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let cut = text.trim_end_matches([',', ' ']).len();
                text.truncate(cut);
                end_table_part(&mut text, ". ");
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock)
                if !text.ends_with(' ') =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Closes a table cell or row in plain text with `separator`, unless the text already ends
/// with punctuation or is empty (an empty cell adds nothing).
fn end_table_part(text: &mut String, separator: &str) {
    let trimmed = text.trim_end();
    if trimmed.is_empty() {
        return;
    }
    let closed = trimmed.ends_with(['.', '!', '?', ':', ';', ',', '।']);
    text.truncate(trimmed.len());
    text.push_str(if closed { " " } else { separator });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> HtmlPolicy {
        HtmlPolicy::new(&MarkdownConfig { unsafe_html: false, iframe_hosts: vec!["player.vimeo.com".to_string()] })
    }

    /// `body` rendered at the root of a site with no other pages, with the default policy.
    fn html(body: &str) -> String {
        let pages = BTreeMap::new();
        render(body, &LinkContext { source_dir: "", root: "", pages: &pages, files: None }, &policy()).html
    }

    #[test]
    fn raw_html_loses_scripts_handlers_forms_and_page_level_elements() {
        let out = html(concat!(
            "Hi <b onclick=\"steal()\">bold</b> <img src=x onerror=alert(1)>\n\n",
            "<script>alert(1)</script>\n\n",
            "<form action=\"https://evil.example/\"><input name=card type=text><button>Pay</button></form>\n\n",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n",
            "<base href=\"https://evil.example/\">\n\n<style>body{display:none}</style>\n\n",
            "<svg onload=alert(1)><script>alert(2)</script></svg>\n\n",
            "<a href=\"java\tscript:alert(1)\">x</a> <a href=\"data:text/html,<script>alert(1)</script>\">y</a>\n",
        ));
        let lower = out.to_ascii_lowercase();
        for bad in [
            "<script",
            "onclick",
            "onerror",
            "onload",
            "<form",
            "<meta",
            "<base",
            "<style",
            "<svg",
            "javascript",
            "data:",
            "display:none",
            "evil.example",
            "<button",
            "name=\"card\"",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {out}");
        }
        assert!(out.contains("<b>bold</b>") && out.contains("Pay"), "{out}");
        assert!(out.contains(r#"<input type="checkbox" disabled="">"#), "{out}");
    }

    #[test]
    fn markdown_links_and_images_keep_only_safe_urls() {
        let out = html("[a](javascript:alert(1)) [b](JAVASCRIPT:x) <javascript:alert(1)> ![c](data:image/svg+xml,x) [d](https://acme.com/) [e](../x.html) [f](mailto:a@b.co) ![g](pic.png)\n");
        // The autolink's text stays as text; no URL attribute holds a scheme that runs or embeds.
        assert!(!out.to_ascii_lowercase().contains("=\"javascript") && !out.contains("data:"), "{out}");
        assert!(out.starts_with("<p>a b javascript:alert(1) c "), "the links' texts stay: {out}");
        for good in
            [r#"href="https://acme.com/""#, r#"href="../x.html""#, r#"href="mailto:a@b.co""#, r#"src="pic.png""#]
        {
            assert!(out.contains(good), "{good} lost: {out}");
        }
    }

    #[test]
    fn iframes_stay_only_from_allowed_hosts_over_https_and_sandboxed() {
        let out = html("<iframe src=\"https://player.vimeo.com/video/1\" width=640></iframe>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n<iframe src=\"http://player.vimeo.com/video/2\"></iframe>\n");
        assert!(out.contains(r#"src="https://player.vimeo.com/video/1""#), "{out}");
        assert!(out.contains("sandbox=\"allow-scripts"), "{out}");
        assert!(!out.contains("evil.example") && !out.contains("video/2"), "{out}");
        assert_eq!(out.matches("<iframe").count(), 1, "iframes without an allowed page are gone: {out}");
        let none = HtmlPolicy::new(&MarkdownConfig::default());
        let pages = BTreeMap::new();
        let ctx = LinkContext { source_dir: "", root: "", pages: &pages, files: None };
        let out = render("<iframe src=\"https://player.vimeo.com/video/1\"></iframe>\n", &ctx, &none).html;
        assert!(!out.contains("<iframe"), "no host allowed, no iframe: {out}");
    }

    #[test]
    fn sanitising_keeps_what_markdown_writes() {
        let body = "## Steps\n\n- [x] done\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```rust\nlet x = 1 < 2;\n```\n\nNote[^1] <kbd>Ctrl</kbd>\n\n[^1]: A footnote.\n";
        let plain = html(&body.replace(" <kbd>Ctrl</kbd>", ""));
        let cleaned = html(body);
        for kept in [
            r#"<h2 id="steps">"#,
            r#"type="checkbox""#,
            r#"align="left""#,
            r#"align="right""#,
            r#"<code class="language-rust">"#,
            "1 &lt; 2",
            r#"class="footnote-definition" id="1""#,
            "<kbd>Ctrl</kbd>",
        ] {
            assert!(cleaned.contains(kept), "{kept} lost: {cleaned}");
        }
        assert!(!plain.contains("style="), "table alignment is no inline style: {plain}");
    }

    #[test]
    fn unsafe_html_publishes_raw_html_as_written() {
        let trusted = HtmlPolicy::new(&MarkdownConfig { unsafe_html: true, iframe_hosts: Vec::new() });
        let pages = BTreeMap::new();
        let ctx = LinkContext { source_dir: "", root: "", pages: &pages, files: None };
        let out = render("<div onclick=\"x()\">widget</div>\n", &ctx, &trusted).html;
        assert!(out.contains(r#"<div onclick="x()">"#), "{out}");
    }

    fn pages() -> BTreeMap<String, String> {
        BTreeMap::from([("orders/cancel.md".to_string(), "hi/orders/cancel.html".to_string())])
    }

    #[test]
    fn md_links_become_page_links_and_broken_ones_are_reported() {
        let pages = pages();
        let ctx = LinkContext { source_dir: "billing", root: "../../", pages: &pages, files: None };
        let r = render("See [cancel](../orders/cancel.md#how) and [gone](../x.md).\n", &ctx, &policy());
        assert!(r.html.contains(r#"href="../../hi/orders/cancel.html#how""#), "{}", r.html);
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].1, "../x.md");
    }

    #[test]
    fn headings_get_unique_ids_and_text_is_plain() {
        let pages = pages();
        let ctx = LinkContext { source_dir: "", root: "", pages: &pages, files: None };
        let r = render("## रिफ़ंड कैसे\n\ntext *em*\n\n## रिफ़ंड कैसे\n", &ctx, &policy());
        assert!(r.html.contains(r#"id="रिफ़ंड-कैसे""#), "{}", r.html);
        assert!(r.html.contains(r#"id="रिफ़ंड-कैसे-2""#));
        assert_eq!(r.headings.len(), 2);
        assert_eq!(r.text, "रिफ़ंड कैसे text em रिफ़ंड कैसे");
    }

    #[test]
    fn a_table_reads_as_sentences_in_the_plain_text() {
        let pages = pages();
        let ctx = LinkContext { source_dir: "", root: "", pages: &pages, files: None };
        let table =
            "Paid by:\n\n| Method | Time |\n|---|---|\n| UPI | 2–3 days |\n| Card | 5 days. |\n| | |\n\nThen wait.\n";
        let r = render(table, &ctx, &policy());
        assert_eq!(r.text, "Paid by: Method, Time. UPI, 2–3 days. Card, 5 days. Then wait.");
    }

    #[test]
    fn headings_get_an_anchor_named_by_the_heading_and_a_toc() {
        let r = {
            let pages = BTreeMap::new();
            render(
                "## One\n\n### Two `x`\n\n#### Deep\n",
                &LinkContext { source_dir: "", root: "", pages: &pages, files: None },
                &policy(),
            )
        };
        assert!(
            r.html.contains(r##"<h2 id="one">One<a class="anchor" href="#one" aria-labelledby="one"><span aria-hidden="true">#</span></a></h2>"##),
            "{}",
            r.html
        );
        assert_eq!(
            r.toc,
            [
                Heading { level: 2, id: "one".into(), text: "One".into() },
                Heading { level: 3, id: "two-x".into(), text: "Two x".into() },
            ]
        );
        assert!(r.html.contains("<h4>Deep</h4>"), "no id, no anchor: {}", r.html);
        // The sanitiser (raw HTML in the body) keeps the anchor.
        let cleaned = html("## One\n\n<b>raw</b>\n");
        assert!(
            cleaned.contains(
                r##"<a class="anchor" href="#one" aria-labelledby="one"><span aria-hidden="true">#</span></a>"##
            ),
            "{cleaned}"
        );
    }

    #[test]
    fn github_alerts_become_callouts_awaiting_their_label_and_quotes_stay_quotes() {
        for raw in [false, true] {
            let extra = if raw { "\n\n<b>raw</b>\n" } else { "" };
            let out = html(&format!("> [!WARNING]\n> Do **not** share your PIN.\n\n> Just a quote.{extra}"));
            assert!(
                out.contains("<div class=\"callout callout-warning\">\n<p class=\"callout-title callout-title-warning\"></p>\n<p>Do <strong>not</strong> share your PIN.</p>\n</div>"),
                "{out}"
            );
            assert!(out.contains("<blockquote>\n<p>Just a quote.</p>\n</blockquote>"), "{out}");
            assert!(!out.contains("[!WARNING]"), "{out}");
        }
        for (kind, name) in [("NOTE", "note"), ("TIP", "tip"), ("IMPORTANT", "important"), ("CAUTION", "caution")] {
            assert!(html(&format!("> [!{kind}]\n> x\n")).contains(&format!("callout callout-{name}\"")), "{kind}");
        }
    }

    #[test]
    fn images_are_lazy_and_local_ones_carry_their_size() {
        let dir = tempfile::tempdir().expect("temp dir");
        let gif = dir.path().join("pic.gif");
        std::fs::write(&gif, b"GIF89a\x20\x03\x58\x02rest").expect("gif");
        let sources = HashMap::from([("en/billing/shots/a b.gif".to_string(), gif)]);
        let files = LocalFiles { folder: "en/", sources: &sources };
        let pages = BTreeMap::new();
        let ctx = LinkContext { source_dir: "billing", root: "../", pages: &pages, files: Some(&files) };
        for raw in ["", "\n\n<b>raw</b>\n"] {
            let body = format!(
                "![The \"Pay\" button](shots/a%20b.gif \"t\") ![far](https://cdn.test/x.png) ![gone](nope.png){raw}"
            );
            let out = render(&body, &ctx, &policy()).html;
            assert!(
                out.contains(r#"<img src="shots/a%20b.gif" alt="The &quot;Pay&quot; button" title="t" loading="lazy" decoding="async" width="800" height="600">"#),
                "{out}"
            );
            assert!(
                out.contains(r#"<img src="https://cdn.test/x.png" alt="far" loading="lazy" decoding="async">"#),
                "{out}"
            );
            assert!(out.contains(r#"alt="gone" loading="lazy""#), "{out}");
        }
    }
}
