//! What the answers link to, checked against the files that exist: images and attachments
//! (`../files/manual.pdf`) must be in `content/`, a `#fragment` must name a heading of the page
//! it points into, a link should name an entry's `.md` file rather than its `.html` page, an
//! image needs alt text, an answer should say something.
//!
//! A pass of its own over each body's Markdown, beside the renderer's (`markdown`): the
//! renderer rewrites `.md` links and reports those that name no entry; this pass knows every
//! file of the site. Hints are computed from what exists ("did you mean
//! `../billing/refund.md`?"), never canned.

use super::markdown::{resolve, slugify};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::shared::url::percent_decode;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// One link or image of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// Byte range of the whole link in the body.
    pub span: Range<usize>,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
    /// The image's alt text (links: their text), trimmed.
    pub text: String,
}

/// What one body links to and what it offers to links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Links and images, in order.
    pub links: Vec<Link>,
    /// The ids the renderer gives the body's headings (`##` and `###`), in order.
    pub anchors: Vec<String>,
    /// Nothing to read: no text, no image, no HTML.
    pub empty: bool,
}

/// Scans `body` with the renderer's Markdown options.
pub fn scan(body: &str) -> Scan {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES;
    let mut out = Scan { empty: true, ..Scan::default() };
    let mut used = HashSet::new();
    // Open links and images (they nest: an image inside a link), and an open heading.
    let mut open: Vec<Link> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let skip = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let dest = if skip { String::new() } else { dest_url.to_string() };
                open.push(Link { dest, span: range, image: false, text: String::new() });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.empty = false;
                open.push(Link { dest: dest_url.to_string(), span: range, image: true, text: String::new() });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(mut link) = open.pop() {
                    link.text = link.text.trim().to_string();
                    if let Some(outer) = open.last_mut() {
                        outer.text.push_str(&link.text);
                    }
                    if !link.dest.is_empty() || link.image {
                        out.links.push(link);
                    }
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    // The renderer's rule (`markdown::add_heading_ids`): `##` and `###` only,
                    // a repeated slug numbered from 2.
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        let base = slugify(&text);
                        let mut slug = base.clone();
                        let mut n = 1;
                        while !used.insert(slug.clone()) {
                            n += 1;
                            slug = format!("{base}-{n}");
                        }
                        out.anchors.push(slug);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if !t.trim().is_empty() {
                    out.empty = false;
                }
                if let Some((_, text)) = &mut heading {
                    text.push_str(&t);
                }
                if let Some(link) = open.last_mut() {
                    link.text.push_str(&t);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => out.empty = false,
            _ => {}
        }
    }
    out.links.sort_by_key(|l| l.span.start);
    out
}

/// One Markdown file to check, inside one language.
pub struct Body<'a> {
    /// The file, as shown.
    pub path: &'a Path,
    /// Its path inside the language folder (`orders/refund.md`).
    pub rel: &'a str,
    /// Where its body starts in the file, to place diagnostics.
    pub offset: usize,
    /// What it links to.
    pub scan: &'a Scan,
    /// An entry (a category intro may be empty).
    pub entry: bool,
}

/// What links of one language can point at.
pub struct Targets<'a> {
    /// The language folder inside `content/` (`en/`), empty for a site without one.
    pub folder: &'a str,
    /// Every file under `content/`, Markdown or not, relative to `content/`.
    pub files: &'a BTreeSet<String>,
    /// Published entries of the language: path inside the language folder (`orders/refund.md`)
    /// → the anchors of their headings.
    pub entries: &'a HashMap<String, Vec<String>>,
}

/// Checks the links of `body`. Missing files are errors (the site would publish a broken
/// link or image) and go to `errors`; the rest are warnings for `helpmark check`, in `lints`.
pub fn check(body: &Body<'_>, targets: &Targets<'_>, errors: &mut Vec<Diagnostic>, lints: &mut Vec<Diagnostic>) {
    let dir = body.rel.rsplit_once('/').map_or("", |(d, _)| d);
    for link in &body.scan.links {
        let span = Some(body.offset + link.span.start..body.offset + link.span.end);
        if link.image && link.text.is_empty() {
            lints.push(
                Diagnostic::warning(Code::MissingAlt, body.path, span.clone(), "image without alt text").with_hint(
                    format!(
                    "describe what it shows between the brackets, `![what it shows]({})`: screen readers read it aloud",
                    link.dest
                ),
                ),
            );
        }
        if is_external(&link.dest) {
            continue;
        }
        let (path, fragment) = split_dest(&link.dest);
        if path.is_empty() {
            if let Some(fragment) = fragment {
                if !body.scan.anchors.contains(&fragment) {
                    lints.push(missing_anchor(body.path, span, &fragment, "this page", &body.scan.anchors));
                }
            }
            continue;
        }
        // `.md` links are rewritten by the renderer, which reports those that name no entry.
        if link.dest.split('#').next().is_some_and(|p| p.ends_with(".md")) {
            if let (Some(fragment), Some(anchors)) =
                (fragment, resolve(dir, &path).and_then(|key| targets.entries.get(&key)))
            {
                if !anchors.contains(&fragment) {
                    lints.push(missing_anchor(body.path, span, &fragment, &format!("`{path}`"), anchors));
                }
            }
            continue;
        }
        let Some(resolved) = resolve(dir, &path) else {
            errors.push(
                Diagnostic::error(
                    Code::MissingFile,
                    body.path,
                    span,
                    format!("{} `{path}` leads out of the language folder", what(link)),
                )
                .with_hint("paths are relative to this file; count the `../` again"),
            );
            continue;
        };
        if let Some(page) = resolved.strip_suffix(".html") {
            let md = format!("{page}.md");
            if targets.entries.contains_key(&md) {
                let written = relative(dir, &md);
                lints.push(
                    Diagnostic::warning(
                        Code::PageLink,
                        body.path,
                        span,
                        format!("link to the page `{path}` instead of the entry's file"),
                    )
                    .with_hint(format!(
                        "write `{written}`: helpmark turns it into the page's address, in every language and whatever its id"
                    )),
                );
                continue;
            }
        }
        let in_content = format!("{}{resolved}", targets.folder);
        let last = resolved.rsplit('/').next().unwrap_or(&resolved);
        // A folder, or a page of the site without an extension: nothing to compare with.
        if !last.contains('.') || targets.files.contains(&in_content) {
            continue;
        }
        let message = format!("{} `{path}`: there is no `content/{in_content}`", what(link));
        let mut d = Diagnostic::error(Code::MissingFile, body.path, span, message);
        d = match suggestion(dir, &path, &resolved, targets) {
            Some(better) => d.with_hint(format!("did you mean `{better}`?")),
            None => d.with_hint(format!(
                "put the file at `content/{in_content}`, or fix the path: it is relative to this file"
            )),
        };
        errors.push(d);
    }
    if body.entry && body.scan.empty {
        lints.push(
            Diagnostic::warning(Code::EmptyAnswer, body.path, Some(body.offset..body.offset), "the answer is empty")
                .with_hint("write the answer below the front matter, or mark the entry `draft: true` until it has one"),
        );
    }
}

/// The hint for a broken `.md` link of the renderer (`target` as written in `rel`, a path
/// inside the language folder): the closest entry file, as this file would write it.
pub fn entry_suggestion(rel: &str, target: &str, entries: &HashMap<String, Vec<String>>) -> Option<String> {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let written: Vec<String> = entries.keys().filter(|k| k.as_str() != rel).map(|k| relative(dir, k)).collect();
    if let Some(best) = did_you_mean(target, written.iter().map(String::as_str)) {
        return Some(best.to_string());
    }
    // The same file name in another folder (the entry moved).
    let name = target.rsplit('/').next().unwrap_or(target);
    let mut same_name: Vec<&String> =
        written.iter().filter(|w| w.rsplit('/').next() == Some(name) || w.as_str() == name).collect();
    same_name.sort();
    same_name.first().map(|s| s.to_string())
}

fn what(link: &Link) -> &'static str {
    if link.image {
        "image"
    } else {
        "link to"
    }
}

fn missing_anchor(
    path: &Path,
    span: Option<Range<usize>>,
    fragment: &str,
    page: &str,
    anchors: &[String],
) -> Diagnostic {
    let d = Diagnostic::warning(Code::MissingAnchor, path, span, format!("`#{fragment}` names no heading of {page}"));
    match did_you_mean(fragment, anchors.iter().map(String::as_str)) {
        Some(best) => d.with_hint(format!("did you mean `#{best}`?")),
        None if anchors.is_empty() => {
            d.with_hint("the page has no `##` or `###` heading to link to; link to the page itself")
        }
        None => d.with_hint(format!(
            "its headings are {}",
            anchors.iter().map(|a| format!("`#{a}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The closest file that exists, as this file would write the path to it.
fn suggestion(dir: &str, written: &str, resolved: &str, targets: &Targets<'_>) -> Option<String> {
    let mine: Vec<&str> = targets.files.iter().filter_map(|f| f.strip_prefix(targets.folder)).collect();
    let relatives: Vec<String> = mine.iter().map(|f| relative(dir, f)).collect();
    if let Some(best) = did_you_mean(written, relatives.iter().map(String::as_str)) {
        return Some(best.to_string());
    }
    let name = resolved.rsplit('/').next().unwrap_or(resolved);
    mine.iter().zip(&relatives).find(|(f, _)| f.rsplit('/').next() == Some(name)).map(|(_, r)| r.clone())
}

/// A URL with a scheme (`https:`, `mailto:`), protocol-relative or from the site root: not a
/// file of the site as this file names it.
fn is_external(dest: &str) -> bool {
    if dest.starts_with('/') || dest.starts_with('\\') {
        return true;
    }
    let scheme = dest.split(':').next().unwrap_or("");
    dest.contains(':')
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The path (percent-decoded, without a query) and the fragment of a destination.
fn split_dest(dest: &str) -> (String, Option<String>) {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    (percent_decode(path), fragment)
}

/// `to` (a path from the language folder) as a file in `dir` would write it.
fn relative(dir: &str, to: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markdown::{render, HtmlPolicy, LinkContext};
    use std::collections::BTreeMap;

    #[test]
    fn anchors_are_the_ids_the_renderer_gives() {
        let body = "# Top\n\n## Çok *önemli* `kod`\n\ntext\n\n### Again\n\n## Çok önemli kod\n\n#### Deep\n";
        let pages = BTreeMap::new();
        let html = render(
            body,
            &LinkContext { source_dir: "", root: "", pages: &pages, files: None },
            &HtmlPolicy::new(&Default::default()),
        )
        .html;
        let scanned = scan(body);
        let ids: Vec<String> =
            html.split("id=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or("").to_string()).collect();
        assert_eq!(scanned.anchors, ids);
        assert_eq!(scanned.anchors, ["çok-önemli-kod", "again", "çok-önemli-kod-2"]);
    }

    #[test]
    fn links_images_and_alt_text_are_found() {
        let s =
            scan("See [the manual](../files/manual%20v2.pdf#p3) and ![](a.png) ![A chart](b.png) <https://x.test>.\n");
        let dests: Vec<(&str, bool, &str)> =
            s.links.iter().map(|l| (l.dest.as_str(), l.image, l.text.as_str())).collect();
        assert_eq!(
            dests,
            [("../files/manual%20v2.pdf#p3", false, "the manual"), ("a.png", true, ""), ("b.png", true, "A chart")]
        );
        assert!(!s.empty);
        assert!(scan("\n  \n").empty);
        assert!(scan("<!-- todo -->\n").links.is_empty());
    }

    #[test]
    fn paths_resolve_and_are_written_relative() {
        assert_eq!(resolve("orders", "../billing/refund.md").as_deref(), Some("billing/refund.md"));
        assert_eq!(resolve("orders", "../../x.md"), None);
        assert_eq!(relative("orders", "billing/refund.md"), "../billing/refund.md");
        assert_eq!(relative("orders", "orders/cancel.md"), "cancel.md");
        assert_eq!(relative("", "orders/cancel.md"), "orders/cancel.md");
        assert_eq!(split_dest("my%20file.pdf?x=1#a%20b"), ("my file.pdf".to_string(), Some("a b".to_string())));
        assert!(is_external("https://x.test/a.png") && is_external("mailto:a@b.c") && is_external("/abs.png"));
        assert!(!is_external("a.png") && !is_external("../a:b.png"));
    }
}
