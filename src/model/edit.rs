//! One entry file changed by an editor, applied to a built model, for `serve`'s page-first
//! preview: an edited entry as [`build`](super::build) would make it, a new entry (or a new
//! translation) in an existing category, an entry deleted. Only changes that leave every
//! other entry as it was are taken (same ids, no new category, no problem); what
//! the preview cannot know without the whole site stays as it was: where a new title sorts an
//! entry among its category's questions on the pages that are not rendered again, the links
//! other entries make to its headings, the related questions suggested, how much customers
//! ask it. The full production that follows makes the site exact.

use super::{check_entry, ids, markdown, order_key, render_body, BodyLinks, Entry, Language, Model, ModelOptions};
use crate::load::{self, SourceFile, SourceKind};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A change to one entry file, read.
#[derive(Debug)]
pub enum Change {
    /// Entry `entry` of language `language` (indices into the model) now reads `now`.
    Edited {
        /// Index into [`Model::languages`].
        language: usize,
        /// Index into that language's entries.
        entry: usize,
        /// The entry as it reads now.
        now: Entry,
    },
    /// A new entry in category `category` (index into the language's) of `language`.
    Added {
        /// Index into [`Model::languages`].
        language: usize,
        /// Index into that language's categories.
        category: usize,
        /// The new entry.
        now: Entry,
    },
    /// Entry `entry` of `language` was deleted.
    Removed {
        /// Index into [`Model::languages`].
        language: usize,
        /// Index into that language's entries.
        entry: usize,
    },
}

/// Where a change shows, once applied ([`apply`]): the language, the category whose pages
/// list it, and the entry whose own page shows it (none for a deleted one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Index into [`Model::languages`].
    pub language: usize,
    /// Index into that language's categories.
    pub category: usize,
    /// Index into that language's entries, when it has a page.
    pub entry: Option<usize>,
}

/// Reads the change to the entry file at `rel` (from `content/`) of the site in `source`
/// (shown as `display`), whose model is `model`: `None` when only a full production can tell
/// (see the module's documentation).
pub fn read_change(model: &Model, source: &Path, display: &Path, rel: &str, options: ModelOptions) -> Option<Change> {
    let shown = display.join("content").join(rel);
    let found = model
        .languages
        .iter()
        .enumerate()
        .find_map(|(li, l)| l.entries.iter().position(|e| e.path == shown).map(|ei| (li, ei)));
    let file = load::read_markdown(&source.join("content"), rel, &shown);
    match (found, file) {
        (Some((language, entry)), Some(file)) => edited(model, source, rel, &file, (language, entry), options),
        (None, Some(file)) => added(model, (source, display), rel, &file, options),
        (Some((language, entry)), None) if !source.join("content").join(rel).exists() => {
            removed(model, language, entry)
        }
        _ => None,
    }
}

/// Applies `change` to `model`: where it shows. An added entry goes after the language's
/// others (no entry's index moves) and into its category's list where its order and title
/// sort it; a deleted one leaves the language, and the last entry takes its place (see
/// [`crate::index::related::Related::without_entry`] for the suggestions made before). The
/// categories list their entries in their own order, so no page shows the move.
pub fn apply(model: &mut Model, change: Change) -> Shown {
    let key = match &change {
        Change::Edited { now, .. } | Change::Added { now, .. } => Some(now.key.clone()),
        // Not translated (see [`removed`]): no other entry borrows its words.
        Change::Removed { .. } => None,
    };
    let shown = apply_change(model, change);
    if let Some(key) = key {
        // What search reads of its translations (pages show none of it).
        super::refresh_english_phrasings(&mut model.languages, &key);
    }
    shown
}

fn apply_change(model: &mut Model, change: Change) -> Shown {
    match change {
        Change::Edited { language, entry, now } => {
            let l = &mut model.languages[language];
            l.entries[entry] = now;
            Shown { language, category: category_of(l, entry), entry: Some(entry) }
        }
        Change::Added { language, category, now } => {
            let l = &mut model.languages[language];
            let key = |e: &Entry| (order_key(e.order), e.title.clone(), e.id.clone());
            let at = l.categories[category].entries.partition_point(|&i| key(&l.entries[i]) < key(&now));
            l.entries.push(now);
            let entry = l.entries.len() - 1;
            l.categories[category].entries.insert(at, entry);
            Shown { language, category, entry: Some(entry) }
        }
        Change::Removed { language, entry } => {
            let l = &mut model.languages[language];
            let category = category_of(l, entry);
            // The last entry takes its place, as the patched search's last document does:
            // no other entry moves (shifting ten thousand entries took 5-9 ms).
            let last = l.entries.len() - 1;
            l.entries.swap_remove(entry);
            for c in &mut l.categories {
                c.entries.retain(|&i| i != entry);
                c.entries.iter_mut().filter(|i| **i == last).for_each(|i| *i = entry);
            }
            Shown { language, category, entry: None }
        }
    }
}

fn category_of(language: &Language, entry: usize) -> usize {
    language.categories.iter().position(|c| c.entries.contains(&entry)).unwrap_or_default()
}

/// Entry `entry` of `language` as `file` reads now, when the edit keeps what places it in the
/// model.
fn edited(
    model: &Model,
    source: &Path,
    rel: &str,
    file: &SourceFile,
    (language, entry): (usize, usize),
    options: ModelOptions,
) -> Option<Change> {
    let lang = &model.languages[language];
    let was = &lang.entries[entry];
    // The id it had when the front matter names none: where the file name is another entry's
    // too, only the whole site says which id is whose, and the entry keeps its own.
    let default_ids = HashMap::from([(
        was.key.clone(),
        ids::DefaultId { id: was.id.clone(), shares_name_with: was.shares_name_with.clone() },
    )]);
    let mut now = checked(&was.key, &was.category, lang, file, &default_ids)?;
    let same_place = now.id == was.id
        && now.draft == was.draft
        && now.order == was.order
        && now.related == was.related
        && now.redirect_from == was.redirect_from
        && (options.drafts || !now.draft);
    if !same_place {
        return None;
    }
    render(model, source, rel, file, language, &mut now)?;
    now.moved_from = was.moved_from.clone();
    now.english_phrasings = was.english_phrasings.clone();
    now.english_text = was.english_text.clone();
    Some(Change::Edited { language, entry, now })
}

/// A new entry file: taken when it is published, in a category its language has, with a file
/// name and id that no other entry of any language has but its own translations (else other
/// entries' ids may change), naming only entries of its language as related. A translation
/// added so is shown with its own page; the other languages' pages of the entry link to it
/// once the whole site is produced again.
fn added(
    model: &Model,
    (source, display): (&Path, &Path),
    rel: &str,
    file: &SourceFile,
    options: ModelOptions,
) -> Option<Change> {
    let SourceKind::Entry(meta) = &file.kind else { return None };
    let (language, key) = model.languages.iter().enumerate().find_map(|(li, l)| {
        let key = rel.strip_prefix(folder_of(l, display)?.as_str())?.strip_suffix(".md")?.to_string();
        Some((li, key))
    })?;
    let (lang, key) = (&model.languages[language], key.as_str());
    let (category_slug, _) = key.split_once('/')?;
    let category = lang.categories.iter().position(|c| c.slug == category_slug)?;
    let stem = key.rsplit('/').next().unwrap_or(key);
    let id = meta.id.as_deref().unwrap_or(stem);
    let everyone = || model.languages.iter().flat_map(|l| &l.entries);
    // Its translations share its key (and so its default id) in the other languages.
    let taken = |e: &Entry| {
        e.key != key && (e.id == id || e.id == stem || e.key.rsplit('/').next().is_some_and(|s| s == stem || s == id))
    };
    if everyone().any(taken) || !meta.redirect_from.is_empty() || (meta.draft && !options.drafts) {
        return None;
    }
    let default_ids = HashMap::from([(key.to_string(), ids::DefaultId { id: id.to_string(), shares_name_with: None })]);
    let mut now = checked(key, category_slug, lang, file, &default_ids)?;
    let known = |r: &String| lang.entries.iter().any(|e| e.id == *r && (options.drafts || !e.draft));
    if !now.related.iter().all(known) {
        return None;
    }
    render(model, source, rel, file, language, &mut now)?;
    Some(Change::Added { language, category, now })
}

/// A deleted entry: taken when its category keeps other entries and no other language has it.
fn removed(model: &Model, language: usize, entry: usize) -> Option<Change> {
    let lang = &model.languages[language];
    let key = &lang.entries[entry].key;
    let translated =
        model.languages.iter().enumerate().any(|(li, l)| li != language && l.entries.iter().any(|e| e.key == *key));
    let alone = lang.categories[category_of(lang, entry)].entries.len() < 2;
    (!translated && !alone).then_some(Change::Removed { language, entry })
}

/// The language folder of `language` inside `content/` (`en/`, or empty for a site without
/// language folders), from where one of its entries is (`display` is the site as shown).
fn folder_of(language: &Language, display: &Path) -> Option<String> {
    let e = language.entries.first()?;
    let rel = e.path.strip_prefix(display.join("content")).ok()?.to_str()?.replace('\\', "/");
    rel.strip_suffix(&format!("{}.md", e.key)).map(str::to_string)
}

/// `file` checked as the entry of `key` in `category` of `language`: `None` on any problem.
fn checked(
    key: &str,
    category: &str,
    language: &Language,
    file: &SourceFile,
    default_ids: &HashMap<String, ids::DefaultId>,
) -> Option<Entry> {
    let SourceKind::Entry(meta) = &file.kind else { return None };
    let mut problems = Vec::new();
    let now = check_entry(&format!("{key}.md"), category, &language.prefix, file, meta, default_ids, &mut problems)?;
    problems.is_empty().then_some(now)
}

/// Renders the answer of `now` from `file`, its links resolved as the model resolves them (to
/// the language's pages, else the default language's); `None` when a link names no entry.
fn render(model: &Model, source: &Path, rel: &str, file: &SourceFile, language: usize, now: &mut Entry) -> Option<()> {
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for e in [&model.languages[0], &model.languages[language]].into_iter().flat_map(|l| &l.entries) {
        pages.insert(format!("{}.md", e.key), e.url.clone());
    }
    pages.insert(format!("{}.md", now.key), now.url.clone());
    let content = source.join("content");
    let sources: HashMap<String, std::path::PathBuf> = model
        .assets
        .iter()
        .filter_map(|(_, path)| {
            let rel = path.strip_prefix(&content).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, path.clone()))
        })
        .collect();
    let folder = rel.strip_suffix(&format!("{}.md", now.key)).unwrap_or_default();
    let local = markdown::LocalFiles { folder, sources: &sources };
    let policy = markdown::HtmlPolicy::new(&model.config.markdown);
    let (anchors, drafts) = (HashMap::new(), Default::default());
    let links = BodyLinks { pages: &pages, anchors: &anchors, drafts: &drafts };
    let (rendered, broken) = render_body(file, &now.key, &now.url, &links, (&policy, &local));
    if !broken.is_empty() {
        return None;
    }
    now.html = rendered.html;
    now.headings = rendered.headings;
    now.toc = rendered.toc;
    now.text = rendered.text;
    Some(())
}
