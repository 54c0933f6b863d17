//! Pages for the old paths of renamed or moved entries (`redirect_from:`, and moves git
//! recorded, [`Entry::moved_from`]): each sends the
//! reader on with a meta refresh and names the entry's page as canonical, so links and search
//! results that knew the old path still arrive; and a `_redirects` file, which hosts such as
//! Netlify and Cloudflare Pages read to answer with a real 301 instead.

use super::escape::escape;
use super::OutputFile;
use crate::model::{Entry, Model};

/// Every redirect of the site: (old path, the entry it leads to, the entry's language code).
pub(super) fn all(model: &Model) -> Vec<(&str, &Entry, &str)> {
    let mut out: Vec<(&str, &Entry, &str)> = model
        .languages
        .iter()
        .flat_map(|l| {
            l.entries.iter().flat_map(move |e| {
                e.redirect_from.iter().chain(&e.moved_from).map(move |old| (old.as_str(), e, l.code.as_str()))
            })
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// The redirect page at `old` for `entry`.
pub(super) fn page(base_url: &str, old: &str, entry: &Entry, lang: &str) -> OutputFile {
    // Relative, so the site works from a folder and from `file://`.
    let target = format!("{}{}", "../".repeat(old.matches('/').count()), entry.url);
    let (title, target) = (escape(&entry.title), escape(&target));
    let canonical = escape(&format!("{base_url}{}", entry.url));
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
        escape(lang)
    );
    OutputFile { path: old.to_string(), bytes: html.into_bytes() }
}

/// `_redirects`: `/old /new 301` per line, both from the host's root (the path of `base_url`
/// first), or `None` when the site has no redirect.
pub(super) fn redirects_file(base_url: &str, redirects: &[(&str, &Entry, &str)]) -> Option<String> {
    if redirects.is_empty() {
        return None;
    }
    // The path of `https://host/help/` is `/help/`.
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let root = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let mut out = String::from(
        "# Old paths of renamed or moved entries (`redirect_from:`, moves in git), written by helpmark.\n",
    );
    for (old, entry, _) in redirects {
        out.push_str(&format!("{root}{old} {root}{} 301\n", entry.url));
    }
    Some(out)
}
