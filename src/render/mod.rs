//! Stage 5, `render`: Tera templates from the theme → every page, plus sitemap, robots.txt, feeds
//! and static files. Pages render in parallel, each handed to the caller's sink as soon as it is
//! rendered; nothing here touches the disk except reading the theme and the assets.

mod brand;
mod callouts;
mod collisions;
mod context;
pub mod escape;
mod feed;
mod feedback;
pub(crate) mod headers;
mod llms;
mod memo;
mod opensearch;
mod pages;
mod promise;
mod redirects;
mod schema_org;
pub(crate) mod script_twin;
mod sitemap;
mod template_errors;
pub mod theme;

use crate::diagnostics::{self, Code, Diagnostic};
use crate::index::related::Related;
use crate::model::popularity::Popularity;
use crate::model::Model;
pub use memo::PageMemo;
use rayon::prelude::*;
use std::path::Path;
use theme::{Strings, Theme};

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path from the site root, with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// What rendering produced (the files themselves went to the sink).
#[derive(Debug)]
pub struct Rendered {
    /// How many HTML pages there are.
    pub pages: usize,
    /// How many files there are in all, pages included.
    pub files: usize,
}

/// What kind of page a [`Page`] is, with the index of its category or entry in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The language's home page.
    Home,
    /// A category page (its first page of questions).
    Category(usize),
    /// Page `n` (from 2) of a category's questions, when they fill more than one page.
    CategoryPage(usize, usize),
    /// An entry page.
    Entry(usize),
    /// The contact page.
    Contact,
    /// The search page.
    Search,
    /// The "page not found" page.
    NotFound,
}

/// One HTML page to render.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index into [`Model::languages`].
    pub lang: usize,
    /// What it shows.
    pub kind: PageKind,
    /// Output path from the site root.
    pub path: String,
    /// Whether search engines should find it.
    pub in_sitemap: bool,
    /// Last modification date, when known.
    pub lastmod: Option<String>,
    /// (hreflang, absolute URL) of every language version, `x-default` last; empty when alone.
    pub alternates: Vec<(String, String)>,
    /// The same page in each language (by index into [`Model::languages`]), where it exists.
    pub translations: Vec<Option<PageKind>>,
}

/// The pages rendered, and what the site's other files are made from.
pub struct RenderedPages<'m> {
    theme: Theme,
    sitemaps: Vec<(String, String)>,
    /// (old path, entry, language code) of every redirect page.
    redirects: Vec<(&'m str, &'m crate::model::Entry, &'m str)>,
    brand_files: Vec<OutputFile>,
    count: usize,
}

/// Renders the model's pages (topics list their questions most asked first by `popularity`;
/// entries without `related:` link to the related questions suggested for them), handing each
/// page to `sink` as soon as it is rendered (so pages need not all be in memory, and are written
/// while others render); [`RenderedPages::finish`] then hands over the site's other files in
/// one batch. A broken user template is a diagnostic, not a crash; the sink's own errors (the
/// disk) come back as the outer `Err`. With a `memo`, a page it finds unchanged since the
/// previous production is not rendered nor handed over ([`PageMemo::kept`] lists them).
///
/// Every diagnostic of rendering but an unreadable asset ([`unreadable_assets`]) is found
/// here (theme, templates, brand, colliding paths, every page), so `check` stops at it: the
/// other files are made from the model and cannot fail but for the disk.
pub fn render_pages<'m, E: Send>(
    model: &'m Model,
    popularity: &Popularity,
    related: &Related,
    site: &Path,
    display_site: &Path,
    sink: &(dyn Fn(Vec<OutputFile>) -> Result<(), E> + Sync),
    memo: Option<&PageMemo>,
) -> Result<Result<RenderedPages<'m>, Vec<Diagnostic>>, E> {
    let Kit { theme, tera, strings, brand_files, brand } = match Kit::load(model, site, display_site) {
        Ok(kit) => kit,
        Err(problems) => return Ok(Err(problems)),
    };
    let pages = pages::list(model);
    let sitemaps = sitemap::sitemaps(&model.config.base_url, &pages);
    let redirects = redirects::all(model);
    let collisions = collisions::check(
        model,
        &pages,
        &redirects,
        theme.static_files().map(|(name, _)| name),
        sitemaps.iter().map(|(path, _)| path.as_str()),
        brand_files.iter().map(|f| f.path.as_str()),
    );
    if !collisions.is_empty() {
        return Ok(Err(collisions));
    }
    let parts = kit_parts(model, popularity, &strings, &brand);
    // A broken template breaks every page it renders: report each distinct problem once, the
    // same ones whatever order the threads took.
    let broken = std::sync::Mutex::new(Vec::new());
    let templates = memo.map(|m| m.templates_fingerprint(theme.templates()));
    pages.par_iter().try_for_each(|page| {
        let (template, context) = pages::page_context(model, related, &strings, &parts, page);
        if let (Some(memo), Some(templates)) = (memo, templates) {
            if memo.unchanged(&page.path, templates, template, &context) {
                return Ok(());
            }
        }
        match pages::render_page(&tera, page, template, context) {
            Ok(file) => sink(vec![file]),
            Err(e) => {
                let problem = template_errors::diagnostic(&e, &theme, display_site, model.config.theme.as_deref());
                broken.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(problem);
                Ok(())
            }
        }
    })?;
    let mut problems = broken.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        problems.dedup();
        problems.truncate(5);
        return Ok(Err(problems));
    }
    Ok(Ok(RenderedPages { theme, sitemaps, redirects, brand_files, count: pages.len() }))
}

/// What every page renders with: the theme, its templates and strings in each language (in
/// the model's order), and the brand's files and template values.
struct Kit {
    theme: Theme,
    tera: tera::Tera,
    strings: Vec<Strings>,
    brand_files: Vec<OutputFile>,
    brand: serde_json::Value,
}

impl Kit {
    fn load(model: &Model, site: &Path, display_site: &Path) -> Result<Kit, Vec<Diagnostic>> {
        let theme = Theme::load(site, display_site, model.config.theme.as_deref()).map_err(|d| vec![d])?;
        let tera = build_tera(&theme, display_site, model.config.theme.as_deref()).map_err(|d| vec![d])?;
        let strings: Vec<Strings> = model
            .languages
            .iter()
            .map(|l| theme.strings(&l.code, display_site))
            .collect::<Result<_, _>>()
            .map_err(|d| vec![d])?;
        let (brand_files, brand) = brand::prepare(&model.config.brand, site, display_site).map_err(|d| vec![d])?;
        let brand = serde_json::to_value(&brand).unwrap_or_default();
        Ok(Kit { theme, tera, strings, brand_files, brand })
    }
}

/// What each language's pages share.
fn kit_parts<'m>(
    model: &'m Model,
    popularity: &'m Popularity,
    strings: &[Strings],
    brand: &serde_json::Value,
) -> Vec<pages::LanguageParts<'m>> {
    model
        .languages
        .iter()
        .zip(strings)
        .map(|(l, t)| pages::LanguageParts::new(model, popularity, l, t, brand))
        .collect()
}

/// Renders only the pages that show the changes `shown` to entries of `model` (see
/// [`crate::model::edit`]): of each, the pages of its category, its language's home page and
/// its own page (none for a deleted entry), each page once, exactly as [`render_pages`]
/// renders them from the same model. For `serve`'s page-first preview, which shows an edit
/// before the whole site is produced again.
pub fn render_pages_showing(
    model: &Model,
    popularity: &Popularity,
    related: &Related,
    (site, display_site): (&Path, &Path),
    shown: &[crate::model::edit::Shown],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let Kit { theme, tera, strings, brand, .. } = Kit::load(model, site, display_site)?;
    let shows = |lang: usize, kind: PageKind| {
        shown.iter().filter(|s| s.language == lang).any(|s| match kind {
            PageKind::Entry(i) => Some(i) == s.entry,
            PageKind::Category(c) | PageKind::CategoryPage(c, _) => c == s.category,
            PageKind::Home => true,
            _ => false,
        })
    };
    let parts = kit_parts(model, popularity, &strings, &brand);
    pages::list_where(model, shows)
        .par_iter()
        .map(|page| {
            let (template, context) = pages::page_context(model, related, &strings, &parts, page);
            pages::render_page(&tera, page, template, context)
                .map_err(|e| vec![template_errors::diagnostic(&e, &theme, display_site, model.config.theme.as_deref())])
        })
        .collect()
}

impl RenderedPages<'_> {
    /// Hands the site's other files to `sink`: sitemaps, robots.txt, `_headers`, redirects,
    /// each language's feed, OpenSearch description, `llms.txt` and `faq.json`, the brand and
    /// theme files and the content's assets.
    pub fn finish<E: Send>(
        self,
        model: &Model,
        popularity: &Popularity,
        display_site: &Path,
        sink: &(dyn Fn(Vec<OutputFile>) -> Result<(), E> + Sync),
    ) -> Result<Result<Rendered, Vec<Diagnostic>>, E> {
        let RenderedPages { theme, sitemaps, redirects, brand_files, count } = self;
        let mut files = Vec::new();
        let base = &model.config.base_url;
        files.extend(sitemaps.into_iter().map(|(path, xml)| OutputFile { path, bytes: xml.into_bytes() }));
        files.push(OutputFile { path: "robots.txt".into(), bytes: sitemap::robots(base).into_bytes() });
        files.push(OutputFile { path: "_headers".into(), bytes: headers::headers_file(&model.config).into_bytes() });
        files.extend(redirects.iter().map(|(old, entry, lang)| redirects::page(base, old, entry, lang)));
        if let Some(text) = redirects::redirects_file(base, &redirects) {
            files.push(OutputFile { path: "_redirects".into(), bytes: text.into_bytes() });
        }
        let mut generated = 0;
        for language in &model.languages {
            let title = model.config.title.get(&language.code, model.config.default_language());
            let p = &language.prefix;
            // Handed over one language at a time: `faq.json` holds every answer of the language
            // (as large as its Markdown), so the languages' exports are never in memory together.
            let language_files = [
                OutputFile { path: format!("{p}feed.xml"), bytes: feed::atom(base, &title, language).into_bytes() },
                OutputFile {
                    path: format!("{p}opensearch.xml"),
                    bytes: opensearch::description(base, &title, language).into_bytes(),
                },
                OutputFile {
                    path: format!("{p}llms.txt"),
                    bytes: llms::llms_txt(model, popularity, language, &title).into_bytes(),
                },
                OutputFile {
                    path: format!("{p}faq.json"),
                    bytes: llms::faq_json(model, popularity, language, &title).into_bytes(),
                },
            ];
            generated += language_files.len();
            sink(language_files.into())?;
        }
        files.extend(brand_files);
        for (name, bytes) in theme.static_files() {
            let path = format!("assets/{name}");
            if name.ends_with(".wasm") {
                let (twin, script) = script_twin::script_twin(&path, bytes);
                files.push(OutputFile { path: twin, bytes: script });
            }
            files.push(OutputFile { path, bytes: bytes.to_vec() });
        }
        for (rel, source) in &model.assets {
            match std::fs::read(source) {
                Ok(bytes) => files.push(OutputFile { path: rel.clone(), bytes }),
                Err(e) => return Ok(Err(vec![unreadable(display_site, rel, &e)])),
            }
        }
        let total = count + generated + files.len();
        sink(files)?;
        Ok(Ok(Rendered { pages: count, files: total }))
    }
}

/// The content's assets that cannot be opened: what [`RenderedPages::finish`] would fail on
/// when it reads them, for `check`, which does not.
pub fn unreadable_assets(model: &Model, display_site: &Path) -> Vec<Diagnostic> {
    model
        .assets
        .iter()
        .filter_map(|(rel, source)| Some(unreadable(display_site, rel, &std::fs::File::open(source).err()?)))
        .collect()
}

/// An asset of the content that cannot be read, at its path.
fn unreadable(display_site: &Path, rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::WalkError, display_site.join("content").join(rel), None, format!("cannot read: {e}"))
}

fn build_tera(theme: &Theme, display_site: &Path, theme_name: Option<&str>) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(escape::escape);
    let templates: Vec<(String, String)> = theme.templates().map(|(n, t)| (n.to_string(), t.into_owned())).collect();
    tera.add_raw_templates(templates).map_err(|e| template_errors::diagnostic(&e, theme, display_site, theme_name))?;
    Ok(tera)
}
