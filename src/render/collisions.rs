//! Every output path claimed once: two pages, a page and a copied file, or a copied file and a
//! generated one (the sitemap, a feed, the search index) at one path would silently overwrite
//! each other, so they are errors naming both sources, found before anything is rendered.

use super::pages::public_path;
use super::{Page, PageKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use std::collections::HashMap;
use std::path::PathBuf;

/// Where an output file comes from, as the editor would name it.
struct Claim {
    /// The source file, when there is one to point at.
    file: Option<PathBuf>,
    what: String,
}

/// Folder the search index is written to; nothing else may go there.
const SEARCH_FOLDER: &str = "_search";

/// Every collision among the output paths of `pages`, the generated files, the theme's static
/// files (`theme_files`, relative to `assets/`), the sitemap files (`sitemaps`), the old paths
/// of entries (`redirects`), the brand's files (`brand_files`: its copies and
/// `assets/brand.css`) and the model's copied assets.
pub(super) fn check<'a>(
    model: &Model,
    pages: &[Page],
    redirects: &[(&str, &crate::model::Entry, &str)],
    theme_files: impl Iterator<Item = &'a str>,
    sitemaps: impl Iterator<Item = &'a str>,
    brand_files: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let mut claims: Vec<(String, Claim)> = Vec::new();
    for page in pages {
        let language = &model.languages[page.lang];
        let claim = match page.kind {
            PageKind::Entry(i) => {
                let entry = &language.entries[i];
                Claim { file: Some(entry.path.clone()), what: format!("the entry `{}`", entry.id) }
            }
            PageKind::Category(i) | PageKind::CategoryPage(i, _) => Claim {
                file: None,
                what: format!("the category `{}` of `{}`", language.categories[i].slug, language.code),
            },
            kind => Claim { file: None, what: format!("the {} page of `{}`", generated_name(kind), language.code) },
        };
        claims.push((page.path.clone(), claim));
    }
    let generated = |what: &str| Claim { file: None, what: what.to_string() };
    for path in sitemaps {
        claims.push((path.to_string(), generated("the sitemap")));
    }
    claims.push(("robots.txt".into(), generated("`robots.txt`")));
    claims.push(("_headers".into(), generated("the `_headers` file")));
    if !redirects.is_empty() {
        claims.push(("_redirects".into(), generated("the `_redirects` file")));
    }
    for (old, entry, _) in redirects {
        claims.push((
            old.to_string(),
            Claim {
                file: Some(entry.path.clone()),
                what: format!("the old path (`redirect_from`) of the entry `{}`", entry.id),
            },
        ));
    }
    for language in &model.languages {
        let (p, code) = (&language.prefix, &language.code);
        claims.push((format!("{p}feed.xml"), generated(&format!("the feed of `{code}`"))));
        claims.push((format!("{p}opensearch.xml"), generated(&format!("the OpenSearch description of `{code}`"))));
        claims.push((format!("{p}llms.txt"), generated(&format!("`llms.txt` of `{code}`"))));
        claims.push((format!("{p}faq.json"), generated(&format!("the JSON export of `{code}`"))));
    }
    for name in theme_files {
        let what = format!("the theme's `static/{name}`");
        if name.ends_with(".wasm") {
            claims.push((format!("assets/{name}.js"), generated(&what)));
        }
        claims.push((format!("assets/{name}"), generated(&what)));
    }
    for path in brand_files {
        claims.push((path.to_string(), generated("the brand's files (`brand:` in `helpmark.yaml`)")));
    }
    for (rel, source) in &model.assets {
        let shown = source.strip_prefix(".").unwrap_or(source).to_path_buf();
        claims.push((rel.clone(), Claim { file: Some(shown), what: "a copied file".into() }));
    }
    collisions(claims)
}

fn generated_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Contact => "contact",
        PageKind::Search => "search",
        PageKind::NotFound => "404",
        PageKind::Category(_) | PageKind::CategoryPage(..) | PageKind::Entry(_) => "",
    }
}

/// The diagnostics for paths claimed twice, for claims inside the search folder, and for files
/// that sit where another claim needs a folder.
fn collisions(claims: Vec<(String, Claim)>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_path: HashMap<&str, &Claim> = HashMap::with_capacity(claims.len());
    for (path, claim) in &claims {
        if path == SEARCH_FOLDER || path.starts_with(&format!("{SEARCH_FOLDER}/")) {
            problems.push(diagnostic(path, claim, None, "the search index"));
        } else if let Some(first) = by_path.insert(path, claim) {
            problems.push(diagnostic(path, claim, Some(first), &first.what));
        }
    }
    for (path, claim) in &claims {
        for (i, _) in path.match_indices('/') {
            if let Some(file) = by_path.get(&path[..i]) {
                let message = format!(
                    "{} would go to `{}`, but {} is a file at `{}`",
                    claim.what,
                    public_path(path),
                    file.what,
                    &path[..i]
                );
                problems.push(located(claim, Some(file), message));
            }
        }
    }
    problems
}

fn diagnostic(path: &str, claim: &Claim, first: Option<&Claim>, first_what: &str) -> Diagnostic {
    let message = format!("{} and {first_what} would both be written to `{path}`", claim.what);
    located(claim, first, message)
}

/// The diagnostic at whichever of the two claims has a file (the second first).
fn located(claim: &Claim, other: Option<&Claim>, message: String) -> Diagnostic {
    let (at, related) = match (&claim.file, other.and_then(|o| o.file.as_ref().map(|f| (f, &o.what)))) {
        (Some(file), related) => (file.clone(), related),
        (None, Some((file, _))) => (file.clone(), None),
        (None, None) => (PathBuf::from("content"), None),
    };
    let mut d = Diagnostic::error(Code::OutputCollision, at, None, message)
        .with_hint("rename or move one of them (an entry's `id:` sets its file name in the output)");
    if let Some((file, what)) = related {
        d.related = Some((file.clone(), None, format!("{what} is here")));
    }
    d
}
