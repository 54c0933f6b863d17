//! Stage 2, `model`: turns loaded files into languages, categories and entries. Resolves ids,
//! translations (same relative path = same entry), related links and Markdown links, and
//! reports every inconsistency as a diagnostic.

pub mod edit;
pub mod ids;
pub mod image_size;
pub mod links;
pub mod markdown;
pub mod popularity;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::load::front_matter::{self, CategoryMeta, EntryMeta};
use crate::load::{Asset, LoadedSite, SourceFile, SourceKind, CATEGORY_FILE};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// The whole site, ready to rank, index and render.
#[derive(Debug)]
pub struct Model {
    /// The validated config.
    pub config: Config,
    /// One per configured language, default first.
    pub languages: Vec<Language>,
    /// Files copied as they are: (output path from the site root, source).
    pub assets: Vec<(String, PathBuf)>,
    /// What `helpmark check` reports beyond the build's diagnostics: anchors that name no
    /// heading, links to `.html` pages, images without alt text, empty answers (see `links`).
    pub lints: Vec<Diagnostic>,
}

/// All content of one language.
#[derive(Debug)]
pub struct Language {
    /// Language code.
    pub code: String,
    /// Output prefix from the site root: empty for the default language, `hi/` for others.
    pub prefix: String,
    /// Categories that hold at least one entry, in display order.
    pub categories: Vec<Category>,
    /// Every published entry, grouped by category in display order.
    pub entries: Vec<Entry>,
}

/// A category folder.
#[derive(Debug)]
pub struct Category {
    /// Folder name, used in URLs.
    pub slug: String,
    /// Heading.
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// Intro text as HTML.
    pub intro_html: String,
    /// Manual position.
    pub order: Option<i64>,
    /// Indices into [`Language::entries`], in display order.
    pub entries: Vec<usize>,
}

/// One question and its answer.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable id (front matter `id`, else the file stem).
    pub id: String,
    /// Source path inside the language folder without `.md` (`orders/refund`): the translation key.
    pub key: String,
    /// Category slug.
    pub category: String,
    /// Page path from the site root (`hi/orders/refund.html`).
    pub url: String,
    /// The question.
    pub title: String,
    /// Other phrasings.
    pub aliases: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Ids of related published entries, in the order given.
    pub related: Vec<String>,
    /// Manual order.
    pub order: Option<i64>,
    /// Last update (`YYYY-MM-DD`).
    pub updated: Option<String>,
    /// Whether the entry is a draft (only present with `--drafts`).
    pub draft: bool,
    /// When the entry has no `id:` and its file name is another entry's too: that entry's key
    /// (its id is then qualified by its folder, see `ids`).
    pub shares_name_with: Option<String>,
    /// What a translation was translated from (`translated_from:`), for the staleness check.
    pub translated_from: Option<front_matter::TranslatedFrom>,
    /// The page's meta description, when the front matter gives one.
    pub description: Option<String>,
    /// Search engines are asked not to index the page (front matter `noindex: true`).
    pub noindex: bool,
    /// Earlier paths of the page from the site root (`billing/refunds.html`), each ending in
    /// `.html` (`old/` is read as `old/index.html`).
    pub redirect_from: Vec<String>,
    /// Old paths of the entry's page from moves git recorded with its id unchanged (automatic
    /// redirects); none that is a page or a redirect of the site already.
    pub moved_from: Vec<String>,
    /// The answer as HTML.
    pub html: String,
    /// Headings of the answer.
    pub headings: Vec<String>,
    /// The same headings with level and anchor, for the page's table of contents.
    pub toc: Vec<markdown::Heading>,
    /// The answer as plain text.
    pub text: String,
    /// The source file, as shown to the user.
    pub path: PathBuf,
    /// The question as the entry's English translation asks it (its title and aliases), on an
    /// entry in another language: customers mix English words into other languages ("message",
    /// "refund" on a Hindi page that writes मैसेज, रिफंड), so search and matching know them too.
    /// Empty on English entries and when there is no English translation.
    pub english_phrasings: Vec<String>,
    /// The answer of the entry's English translation as plain text, on an entry in another
    /// language (empty otherwise): the English words customers borrow for the topic.
    pub english_text: String,
}

/// Build options that change the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// Publish entries marked `draft: true`.
    pub drafts: bool,
}

/// Builds the model. Returns `None` only if errors make a site impossible; diagnostics always.
pub fn build(loaded: LoadedSite, options: ModelOptions) -> (Model, Vec<Diagnostic>) {
    let LoadedSite { config, files, assets, moves, .. } = loaded;
    let mut diagnostics = Vec::new();
    let mut lints = Vec::new();
    let content_files: BTreeSet<String> =
        files.iter().map(|f| f.rel.clone()).chain(assets.iter().map(|a| a.rel.clone())).collect();
    let sources: HashMap<String, PathBuf> = assets.iter().map(|a| (a.rel.clone(), a.source.clone())).collect();
    let (by_language, folders) = assign_languages(&config, files, &mut diagnostics);
    let default_ids = ids::default_ids(by_language.values().flatten().filter_map(|(rel, f)| match &f.kind {
        SourceKind::Entry(meta) => Some((rel.strip_suffix(".md").unwrap_or(rel), meta.id.as_deref())),
        SourceKind::Category(_) => None,
    }));
    let default = config.default_language().to_string();
    // Keys of the default language, to warn about translations of nothing.
    let default_keys: std::collections::HashSet<String> = by_language
        .get(&default)
        .map(|files| {
            files.iter().filter(|(_, f)| matches!(f.kind, SourceKind::Entry(_))).map(|(rel, _)| strip_md(rel)).collect()
        })
        .unwrap_or_default();

    let mut languages = Vec::new();
    let mut default_categories: HashMap<String, (String, Option<String>)> = HashMap::new();
    let policy = markdown::HtmlPolicy::new(&config.markdown);
    for code in &config.languages {
        let prefix = if *code == default { String::new() } else { format!("{code}/") };
        let files = by_language.get(code).map(Vec::as_slice).unwrap_or_default();
        let folder = if folders { format!("{code}/") } else { String::new() };
        let site = SiteFiles { default_ids: &default_ids, files: &content_files, folder: &folder, sources: &sources };
        let language = build_language(
            code,
            &prefix,
            files,
            options,
            &default_keys,
            *code == default,
            &default_categories,
            languages.first().filter(|_| *code != default),
            &policy,
            (&site, &mut lints),
            &mut diagnostics,
        );
        if *code == default {
            default_categories = language
                .categories
                .iter()
                .map(|c| (c.slug.clone(), (c.title.clone(), c.description.clone())))
                .collect();
        }
        languages.push(language);
    }
    add_english_phrasings(&mut languages);
    add_moves(&mut languages, &moves, folders);
    let assets = place_assets(&config, assets);
    (Model { config, languages, assets, lints }, diagnostics)
}

/// What every language's entries are checked against.
struct SiteFiles<'a> {
    /// Default ids by entry key, for the whole site.
    default_ids: &'a HashMap<String, ids::DefaultId>,
    /// Every file under `content/`, relative to it.
    files: &'a BTreeSet<String>,
    /// The language's folder inside `content/` (`en/`), or empty.
    folder: &'a str,
    /// Every non-Markdown file under `content/` (relative to it) → where it is, for image sizes.
    sources: &'a HashMap<String, PathBuf>,
}

/// Fills [`Entry::moved_from`]: an entry whose file git saw move (`orders/cancel.md` →
/// `shipping/cancel.md`) with its id unchanged had its page at the old category's path, which
/// links and search engines still know. A move that changed the id (a renamed file without
/// `id:`) is not followed: the old page named another id, and `redirect_from:` says which.
/// Paths that are a page or a redirect of the site now keep them. `folders`: whether content
/// is in language folders.
fn add_moves(languages: &mut [Language], moves: &HashMap<String, Vec<String>>, folders: bool) {
    if moves.is_empty() {
        return;
    }
    let mut taken: BTreeSet<String> = languages
        .iter()
        .flat_map(|l| {
            let pages =
                l.entries.iter().flat_map(|e| std::iter::once(e.url.clone()).chain(e.redirect_from.iter().cloned()));
            pages.chain(l.categories.iter().map(|c| format!("{}{}/index.html", l.prefix, c.slug))).collect::<Vec<_>>()
        })
        .collect();
    for language in languages.iter_mut() {
        let folder = if folders { format!("{}/", language.code) } else { String::new() };
        for entry in &mut language.entries {
            let Some(earlier) = moves.get(&format!("{folder}{}.md", entry.key)) else { continue };
            for old in earlier {
                let Some(old_key) = old.strip_prefix(folder.as_str()).and_then(|k| k.strip_suffix(".md")) else {
                    continue;
                };
                let Some((category, _)) = old_key.split_once('/') else { continue };
                let path = format!("{}{category}/{}.html", language.prefix, entry.id);
                if is_safe_segment(category) && taken.insert(path.clone()) {
                    entry.moved_from.push(path);
                }
            }
        }
    }
}

/// Fills [`Entry::english_phrasings`] from the English translation of each entry (same key).
/// English is the language customers borrow product words from whatever they write in;
/// measured on Hindi typed in Latin letters (`cargo bench --bench search_quality`).
fn add_english_phrasings(languages: &mut [Language]) {
    let Some(english) = english_of(languages) else { return };
    let by_key: HashMap<String, (Vec<String>, String)> =
        languages[english].entries.iter().map(|e| (e.key.clone(), english_words(e))).collect();
    for (i, language) in languages.iter_mut().enumerate() {
        if i == english {
            continue;
        }
        for entry in &mut language.entries {
            if let Some((phrasings, text)) = by_key.get(&entry.key) {
                entry.english_phrasings.clone_from(phrasings);
                entry.english_text.clone_from(text);
            }
        }
    }
}

/// [`add_english_phrasings`] for the translations of the entry `key` alone, after it changed.
pub(crate) fn refresh_english_phrasings(languages: &mut [Language], key: &str) {
    let Some(english) = english_of(languages) else { return };
    let words = languages[english].entries.iter().find(|e| e.key == key).map(english_words).unwrap_or_default();
    for (i, language) in languages.iter_mut().enumerate() {
        for entry in language.entries.iter_mut().filter(|e| i != english && e.key == key) {
            (entry.english_phrasings, entry.english_text) = words.clone();
        }
    }
}

/// The English language of `languages`, if it has one.
fn english_of(languages: &[Language]) -> Option<usize> {
    languages.iter().position(|l| l.code == "en" || l.code.starts_with("en-"))
}

/// What an English entry lends its translations: its phrasings (title and aliases) and text.
fn english_words(entry: &Entry) -> (Vec<String>, String) {
    (std::iter::once(entry.title.clone()).chain(entry.aliases.iter().cloned()).collect(), entry.text.clone())
}

/// Splits files by language folder (or puts all in the one language of a one-language site);
/// also says whether the content has language folders. A site that lists several languages
/// but has none (it had one language until now) gets one diagnostic with the exact move to
/// make, and its files are modelled as the default language's so that their own problems are
/// found in the same run; a top folder that is no language gets one diagnostic, however many
/// files it holds.
fn assign_languages(
    config: &Config,
    files: Vec<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Vec<(String, SourceFile)>>, bool) {
    let mut out: BTreeMap<String, Vec<(String, SourceFile)>> = BTreeMap::new();
    let single = config.languages.len() == 1;
    let only = config.default_language().to_string();
    let is_language = |rel: &str| rel.split_once('/').is_some_and(|(top, _)| config.languages.iter().any(|l| l == top));
    let uses_folder = !single || files.iter().any(|f| f.rel.starts_with(&format!("{only}/")));
    if !single && !files.is_empty() && !files.iter().any(|f| is_language(&f.rel)) {
        diagnostics.push(no_language_folders(config, &files));
        for file in files {
            out.entry(only.clone()).or_default().push((file.rel.clone(), file));
        }
        return (out, false);
    }
    // Top folder → the files in it that are in no language.
    let mut strays: BTreeMap<String, Vec<SourceFile>> = BTreeMap::new();
    for file in files {
        if !uses_folder {
            out.entry(only.clone()).or_default().push((file.rel.clone(), file));
            continue;
        }
        match file.rel.split_once('/') {
            Some((lang, rest)) if is_language(&file.rel) => {
                out.entry(lang.to_string()).or_default().push((rest.to_string(), file));
            }
            _ => {
                let top = file.rel.split('/').next().unwrap_or("").to_string();
                strays.entry(top).or_default().push(file);
            }
        }
    }
    for (top, mut files) in strays {
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        let (path, message) = match files.as_slice() {
            [one] => (one.path.clone(), format!("`{top}` is not one of the configured languages")),
            many => (
                content_folder(&many[0]).join(&top),
                format!("`{top}` is not one of the configured languages ({} files)", many.len()),
            ),
        };
        let d = Diagnostic::error(Code::UnknownLanguage, path, None, message);
        diagnostics.push(match did_you_mean(&top, config.languages.iter().map(String::as_str)) {
            Some(best) => d.with_hint(format!("did you mean `{best}`? Each top folder of `content/` is a language")),
            None => d.with_hint(format!(
                "put the file under `content/<language>/<category>/` with a language from `languages` in `helpmark.yaml` ({})",
                config.languages.join(", ")
            )),
        });
    }
    (out, uses_folder)
}

/// `content/`, as the user sees it, from one of its files.
fn content_folder(file: &SourceFile) -> PathBuf {
    let depth = file.rel.split('/').count();
    file.path.ancestors().nth(depth).map_or_else(|| PathBuf::from("content"), std::path::Path::to_path_buf)
}

/// The one diagnostic of a site that lists several languages in `helpmark.yaml` but keeps its
/// content in no language folder: the folders to move, and where.
fn no_language_folders(config: &Config, files: &[SourceFile]) -> Diagnostic {
    let content = content_folder(&files[0]);
    let shown = content.display().to_string();
    let default = config.default_language();
    let mut tops: Vec<&str> = files.iter().filter_map(|f| f.rel.split('/').next()).collect();
    tops.sort();
    tops.dedup();
    let others: Vec<String> = config.languages[1..].iter().map(|l| format!("`{shown}/{l}/`")).collect();
    let moved: Vec<String> = tops.iter().map(|t| format!("{shown}/{t}")).collect();
    Diagnostic::error(
        Code::UnknownLanguage,
        &content,
        None,
        format!(
            "`helpmark.yaml` lists {} languages ({}), but `{shown}/` has no language folders",
            config.languages.len(),
            config.languages.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
        ),
    )
    .with_hint(format!(
        "move what is there into the default language's folder: `mkdir {shown}/{default} && mv {} {shown}/{default}/`; translations then go to {} at the same paths",
        moved.join(" "),
        others.join(", ")
    ))
}

#[allow(clippy::too_many_arguments)]
fn build_language(
    code: &str,
    prefix: &str,
    files: &[(String, SourceFile)],
    options: ModelOptions,
    default_keys: &std::collections::HashSet<String>,
    is_default: bool,
    default_categories: &HashMap<String, (String, Option<String>)>,
    fallback: Option<&Language>,
    policy: &markdown::HtmlPolicy,
    (site, lints): (&SiteFiles<'_>, &mut Vec<Diagnostic>),
    diagnostics: &mut Vec<Diagnostic>,
) -> Language {
    let mut category_meta: BTreeMap<String, (&SourceFile, &CategoryMeta)> = BTreeMap::new();
    let mut drafts: Vec<Entry> = Vec::new();
    let mut first_by_id: HashMap<String, &SourceFile> = HashMap::new();
    for (rel, file) in files {
        let Some((category, _)) = rel.rsplit_once('/').map(|(dir, name)| (dir.split('/').next().unwrap_or(dir), name))
        else {
            diagnostics.push(
                Diagnostic::error(Code::UnsafeId, &file.path, None, "the file is not inside a category folder")
                    .with_hint(format!("move it into a folder such as `content/{code}/general/`")),
            );
            continue;
        };
        if !is_safe_segment(category) {
            diagnostics.push(unsafe_segment(&file.path, None, "category folder", category));
            continue;
        }
        match &file.kind {
            SourceKind::Category(meta) => {
                if rel.matches('/').count() == 1 {
                    if meta.title.as_deref().is_none_or(is_blank) {
                        diagnostics.push(missing_title(file));
                    }
                    category_meta.insert(category.to_string(), (file, meta));
                }
            }
            SourceKind::Entry(meta) => {
                let Some(entry) = check_entry(rel, category, prefix, file, meta, site.default_ids, diagnostics) else {
                    continue;
                };
                if let Some(first) = first_by_id.get(&entry.id) {
                    let span = front_matter::key_span(&file.text, &file.split, "id");
                    diagnostics.push(
                        Diagnostic::error(
                            Code::DuplicateId,
                            &file.path,
                            Some(span),
                            format!("duplicate id `{}` in language `{code}`", entry.id),
                        )
                        .with_related(&first.path, None, "first used here")
                        .with_hint(format!(
                            "give one of the entries its own `id:` (`id: {}`, say) or rename the file",
                            strip_md(rel).replace('/', "-")
                        )),
                    );
                    continue;
                }
                first_by_id.insert(entry.id.clone(), file);
                // A draft may start in any language (`report --stubs` drafts a Turkish gap in
                // Turkish): it is an orphan once it is published.
                if !is_default && !entry.draft && !default_keys.contains(&entry.key) {
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::OrphanTranslation,
                            &file.path,
                            None,
                            format!("no entry at the same path in the default language for `{}`", entry.key),
                        )
                        .with_hint("a translation must have the same folder and file name as its original"),
                    );
                }
                drafts.push(entry);
            }
        }
    }

    // Related ids resolve against every entry, drafts included, so a draft is not an error.
    let known: Vec<&str> = drafts.iter().map(|e| e.id.as_str()).collect();
    let known_set: std::collections::HashSet<&str> = known.iter().copied().collect();
    let published: std::collections::HashSet<&str> =
        drafts.iter().filter(|e| options.drafts || !e.draft).map(|e| e.id.as_str()).collect();
    // Entries find their source file through this map: a scan per entry is quadratic.
    let file_of: HashMap<&std::path::Path, &SourceFile> = files.iter().map(|(_, f)| (f.path.as_path(), f)).collect();
    let mut related_ok: Vec<Vec<String>> = Vec::new();
    // An entry not translated yet is still related: readers get the default language's page.
    let untranslated = |id: &str| fallback.is_some_and(|d| d.entries.iter().any(|e| e.id == id));
    for entry in &drafts {
        let file = file_of[entry.path.as_path()];
        let mut keep = Vec::new();
        for id in &entry.related {
            if !known_set.contains(id.as_str()) && untranslated(id) {
                keep.push(id.clone());
            } else if !known_set.contains(id.as_str()) {
                let span = front_matter::value_span(&file.text, &file.split, "related", id);
                let mut d = Diagnostic::error(
                    Code::UnknownRelated,
                    &file.path,
                    Some(span),
                    format!("related id `{id}` names no entry in language `{code}`"),
                );
                d = match did_you_mean(id, known.iter().copied()) {
                    Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                    None => d.with_hint("use the id of another entry: its `id:` or its file name without `.md`"),
                };
                diagnostics.push(d);
            } else if published.contains(id.as_str()) && *id != entry.id {
                keep.push(id.clone());
            }
        }
        related_ok.push(keep);
    }
    // Drafts left out, as their links name them (`orders/refund.md`): a link to one is told so.
    let unpublished: BTreeSet<String> =
        drafts.iter().filter(|e| e.draft && !options.drafts).map(|e| format!("{}.md", e.key)).collect();
    let mut entries: Vec<Entry> = drafts
        .into_iter()
        .zip(related_ok)
        .filter(|(e, _)| options.drafts || !e.draft)
        .map(|(mut e, related)| {
            e.related = related;
            e
        })
        .collect();

    // Markdown last: link rewriting needs every page's URL, link checking every page's headings.
    // A link to an entry this language lacks leads to the default language's page.
    let mut pages: BTreeMap<String, String> =
        entries.iter().map(|e| (format!("{}.md", e.key), e.url.clone())).collect();
    let scans: Vec<links::Scan> = entries.par_iter().map(|e| links::scan(body_of(file_of[e.path.as_path()]))).collect();
    let mut anchors: HashMap<String, Vec<String>> =
        entries.iter().zip(&scans).map(|(e, s)| (format!("{}.md", e.key), s.anchors.clone())).collect();
    for e in fallback.map(|d| d.entries.as_slice()).unwrap_or_default() {
        let rel = format!("{}.md", e.key);
        if !pages.contains_key(&rel) {
            pages.insert(rel.clone(), e.url.clone());
            anchors.insert(rel, e.headings.iter().map(|h| markdown::slugify(h)).collect());
        }
    }
    let targets = links::Targets { folder: site.folder, files: site.files, entries: &anchors };
    for (entry, scan) in entries.iter().zip(&scans) {
        let file = file_of[entry.path.as_path()];
        let rel = format!("{}.md", entry.key);
        let body = links::Body { path: &file.path, rel: &rel, offset: file.split.body.start, scan, entry: true };
        links::check(&body, &targets, diagnostics, lints);
    }
    for (slug, (file, _)) in &category_meta {
        let scan = links::scan(body_of(file));
        let rel = format!("{slug}/{CATEGORY_FILE}");
        let body =
            links::Body { path: &file.path, rel: &rel, offset: file.split.body.start, scan: &scan, entry: false };
        links::check(&body, &targets, diagnostics, lints);
    }
    let local = markdown::LocalFiles { folder: site.folder, sources: site.sources };
    let links = BodyLinks { pages: &pages, anchors: &anchors, drafts: &unpublished };
    let rendered: Vec<(markdown::Rendered, Vec<Diagnostic>)> = entries
        .par_iter()
        .map(|e| render_body(file_of[e.path.as_path()], &e.key, &e.url, &links, (policy, &local)))
        .collect();
    for (entry, (r, problems)) in entries.iter_mut().zip(rendered) {
        entry.html = r.html;
        entry.headings = r.headings;
        entry.toc = r.toc;
        entry.text = r.text;
        diagnostics.extend(problems);
    }

    let categories = build_categories(
        code,
        prefix,
        &mut entries,
        &category_meta,
        default_categories,
        &links,
        (policy, &local),
        diagnostics,
    );
    Language { code: code.to_string(), prefix: prefix.to_string(), categories, entries }
}

/// Validates one entry's front matter; `None` when it cannot be published at all.
fn check_entry(
    rel: &str,
    category: &str,
    prefix: &str,
    file: &SourceFile,
    meta: &EntryMeta,
    default_ids: &HashMap<String, ids::DefaultId>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    let key = strip_md(rel);
    let stem = key.rsplit('/').next().unwrap_or(&key).to_string();
    let mut ok = true;
    let title = without_controls(meta.title.as_deref().unwrap_or_default(), "title", file, diagnostics);
    if title.trim().is_empty() {
        diagnostics.push(missing_title(file));
        ok = false;
    }
    let default_id = default_ids.get(&key).filter(|_| meta.id.is_none());
    let id = meta.id.clone().or_else(|| default_id.map(|d| d.id.clone())).unwrap_or(stem);
    if !is_safe_segment(&id) {
        let span = meta.id.as_ref().map(|_| front_matter::key_span(&file.text, &file.split, "id"));
        diagnostics.push(unsafe_segment(&file.path, span, "id", &id));
        ok = false;
    }
    if let Some(date) = &meta.updated {
        if crate::shared::date::parse_day(date).is_none() {
            let span = front_matter::key_span(&file.text, &file.split, "updated");
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    &file.path,
                    Some(span),
                    format!("`updated` must be a date like `2026-10-01`, not `{date}`"),
                )
                .with_hint(crate::shared::date::day_hint(date)),
            );
            ok = false;
        }
    }
    ok.then(|| Entry {
        url: format!("{prefix}{category}/{id}.html"),
        id,
        key,
        category: category.to_string(),
        title: title.trim().to_string(),
        aliases: meta.aliases.iter().map(|a| without_controls(a, "aliases", file, diagnostics)).collect(),
        tags: meta.tags.iter().map(|t| without_controls(t, "tags", file, diagnostics)).collect(),
        related: meta.related.clone(),
        order: meta.order,
        updated: meta.updated.clone(),
        draft: meta.draft,
        shares_name_with: default_id.and_then(|d| d.shares_name_with.clone()),
        translated_from: meta.translated_from.clone(),
        description: meta
            .description
            .as_deref()
            .map(|d| without_controls(d, "description", file, diagnostics).trim().to_string())
            .filter(|d| !d.is_empty()),
        noindex: meta.noindex,
        redirect_from: redirects_of(meta, file, diagnostics),
        moved_from: Vec::new(),
        html: String::new(),
        headings: Vec::new(),
        toc: Vec::new(),
        text: String::new(),
        path: file.path.clone(),
        english_phrasings: Vec::new(),
        english_text: String::new(),
    })
}

/// What the links of a body are resolved and checked against.
struct BodyLinks<'a> {
    /// Entry source path inside its language folder (`orders/refund.md`) → page URL.
    pages: &'a BTreeMap<String, String>,
    /// The same paths → the anchors of the entry's headings.
    anchors: &'a HashMap<String, Vec<String>>,
    /// The drafts left out, by the same paths: a link to one is told it is a draft.
    drafts: &'a BTreeSet<String>,
}

fn render_body(
    file: &SourceFile,
    key: &str,
    url: &str,
    links: &BodyLinks<'_>,
    (policy, files): (&markdown::HtmlPolicy, &markdown::LocalFiles<'_>),
) -> (markdown::Rendered, Vec<Diagnostic>) {
    let BodyLinks { pages, anchors: entries, drafts } = *links;
    let body = body_of(file);
    let source_dir = key.rsplit_once('/').map_or("", |(d, _)| d);
    let root = "../".repeat(url.matches('/').count());
    let r =
        markdown::render(body, &markdown::LinkContext { source_dir, root: &root, pages, files: Some(files) }, policy);
    let problems = r
        .broken_links
        .iter()
        .map(|(range, target)| {
            let span = file.split.body.start + range.start..file.split.body.start + range.end;
            let d = Diagnostic::error(
                Code::BrokenLink,
                &file.path,
                Some(span),
                format!("link to `{target}` names no entry"),
            );
            let rel = if key.ends_with(".md") { key.to_string() } else { format!("{key}.md") };
            let path = target.split(['#', '?']).next().unwrap_or(target);
            if markdown::resolve(source_dir, path).is_some_and(|p| drafts.contains(&p)) {
                return d.with_hint(format!(
                    "`{path}` is a draft, no entry yet: link to it once its `draft: true` is gone (`--drafts` checks and previews both)"
                ));
            }
            match links::entry_suggestion(&rel, target, entries) {
                Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                None => d.with_hint("link to another entry's file, by its path from this file"),
            }
        })
        .collect();
    (r, problems)
}

/// The Markdown body of a file, after its front matter.
fn body_of(file: &SourceFile) -> &str {
    &file.text[file.split.body.clone()]
}

#[allow(clippy::too_many_arguments)]
fn build_categories(
    code: &str,
    prefix: &str,
    entries: &mut [Entry],
    meta: &BTreeMap<String, (&SourceFile, &CategoryMeta)>,
    default_categories: &HashMap<String, (String, Option<String>)>,
    links: &BodyLinks<'_>,
    markup: (&markdown::HtmlPolicy, &markdown::LocalFiles<'_>),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let mut slugs: Vec<String> = entries.iter().map(|e| e.category.clone()).collect();
    slugs.sort();
    slugs.dedup();
    let mut categories: Vec<Category> = slugs
        .into_iter()
        .map(|slug| {
            let (title, description, order, intro_html) = match meta.get(&slug) {
                Some((file, m)) => {
                    let url = format!("{prefix}{slug}/index.html");
                    let (r, problems) = render_body(file, &format!("{slug}/{CATEGORY_FILE}"), &url, links, markup);
                    diagnostics.extend(problems);
                    let title = without_controls(m.title.as_deref().unwrap_or_default(), "title", file, diagnostics);
                    let description =
                        m.description.as_deref().map(|d| without_controls(d, "description", file, diagnostics));
                    (title, description, m.order, r.html)
                }
                None => {
                    let fallback =
                        default_categories.get(&slug).cloned().unwrap_or_else(|| (title_from_slug(&slug), None));
                    (fallback.0, fallback.1, None, String::new())
                }
            };
            Category { slug, title, description, intro_html, order, entries: Vec::new() }
        })
        .collect();
    categories.sort_by(|a, b| {
        order_key(a.order)
            .cmp(&order_key(b.order))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let position: HashMap<String, usize> = categories.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect();
    entries.sort_by(|a, b| {
        (position[&a.category], order_key(a.order), &a.title, &a.id).cmp(&(
            position[&b.category],
            order_key(b.order),
            &b.title,
            &b.id,
        ))
    });
    for (i, e) in entries.iter().enumerate() {
        categories[position[&e.category]].entries.push(i);
    }
    let _ = code;
    categories
}

/// Entries and categories without `order` come after those with one.
fn order_key(order: Option<i64>) -> (bool, i64) {
    (order.is_none(), order.unwrap_or(0))
}

fn strip_md(rel: &str) -> String {
    rel.strip_suffix(".md").unwrap_or(rel).to_string()
}

fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// An id or folder name that is safe as one path segment and in a URL: letters and digits of any
/// script, `-` and `_`; no dots, slashes or spaces, so it cannot escape the output folder.
pub fn is_safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 100
        && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || markdown::is_combining(c))
}

/// The `redirect_from:` paths of an entry, made relative to the site root and ending in
/// `.html`; a path that could leave the output folder or names no page is an error.
fn redirects_of(meta: &EntryMeta, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut out = Vec::new();
    for written in &meta.redirect_from {
        let trimmed = written.trim().trim_start_matches('/');
        let path = if trimmed.is_empty() || trimmed.ends_with('/') {
            format!("{trimmed}index.html")
        } else {
            trimmed.to_string()
        };
        // Old sites name pages `faq.refund.html` too, so dots are allowed, but never a
        // segment that starts with one (`..`, `.git`).
        let segments_ok = path.split('/').all(|s| {
            !s.is_empty()
                && !s.starts_with('.')
                && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
        if path.ends_with(".html") && segments_ok && path != "index.html" {
            out.push(path);
        } else {
            let span = front_matter::key_span(&file.text, &file.split, "redirect_from");
            diagnostics.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    &file.path,
                    Some(span),
                    format!("`redirect_from` must name an old page of the site, not `{written}`"),
                )
                .with_hint("write the old page's path from the site root, like `billing/refunds.html` or `old-faq/`"),
            );
        }
    }
    out
}

/// A title with nothing to show: only spaces and control characters.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c.is_control())
}

/// `value` without its control characters (tab and newline stay), with a warning at `key`
/// naming the first one. XML 1.0 forbids most of them, so one in a title made the whole feed
/// unreadable (issue 13), and no page should show any.
fn without_controls(value: &str, key: &str, file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> String {
    let stray = |c: char| c.is_control() && c != '\t' && c != '\n';
    let Some(first) = value.chars().find(|&c| stray(c)) else { return value.to_string() };
    let code = format!("{:04X}", u32::from(first));
    diagnostics.push(
        Diagnostic::warning(
            Code::InvalidValue,
            &file.path,
            Some(front_matter::key_span(&file.text, &file.split, key)),
            format!("`{key}` contains the control character U+{code}"),
        )
        .with_hint(format!(
            "delete it (in a quoted value, an escape such as `\\u{code}`); the site is built without it"
        )),
    );
    value.chars().filter(|&c| !stray(c)).collect()
}

fn missing_title(file: &SourceFile) -> Diagnostic {
    Diagnostic::error(
        Code::MissingTitle,
        &file.path,
        Some(0..3.min(file.text.len())),
        "missing `title` in front matter",
    )
    .with_hint("add `title: ...` with the question as a customer would ask it")
}

fn unsafe_segment(path: &std::path::Path, span: Option<std::ops::Range<usize>>, what: &str, value: &str) -> Diagnostic {
    Diagnostic::error(Code::UnsafeId, path, span, format!("{what} `{value}` is not a safe URL segment"))
        .with_hint("use letters, digits, `-` and `_` only (no `/`, `.`, or spaces)")
}

/// Copies of assets go to the same place inside the language's output folder.
fn place_assets(config: &Config, assets: Vec<Asset>) -> Vec<(String, PathBuf)> {
    let default = config.default_language();
    let multi = config.languages.len() > 1;
    let mut placed: Vec<(String, PathBuf)> = assets
        .into_iter()
        .map(|a| {
            let rel = match a.rel.split_once('/') {
                Some((lang, rest)) if lang == default && (multi || a.rel.starts_with(&format!("{default}/"))) => {
                    rest.to_string()
                }
                _ => a.rel.clone(),
            };
            (rel, a.source)
        })
        .collect();
    placed.sort();
    placed
}
