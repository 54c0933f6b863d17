//! One entry read again after an editor saved it, for `serve`'s page-first preview: the entry
//! as [`build`](super::build) would make it, when the edit keeps what places it in the model
//! (its file, id, category, order, related ids, redirects, draft) and has no problem. What it
//! cannot know without the whole site stays as it was: where a new title sorts it among its
//! category's questions, the links other entries make to its headings, its suggested related
//! questions, how much customers ask it. The full production that follows makes the site exact.

use super::{check_entry, ids, markdown, render_body, Entry, Model, ModelOptions};
use crate::load::{self, SourceKind};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Where an edited entry is in the model, and what it is now.
#[derive(Debug)]
pub struct Edited {
    /// Index into [`Model::languages`].
    pub language: usize,
    /// Index into that language's entries.
    pub entry: usize,
    /// The entry as it reads now.
    pub now: Entry,
}

/// Reads the entry at `rel` (from `content/`) of the site in `source` (shown as `display`)
/// again: what it is now, when the edit keeps it in place; `None` when only a full production
/// can tell (a new file, a changed id, order or related list, a draft published, any problem).
pub fn reread_entry(model: &Model, source: &Path, display: &Path, rel: &str, options: ModelOptions) -> Option<Edited> {
    let shown = display.join("content").join(rel);
    let (language, entry) = model
        .languages
        .iter()
        .enumerate()
        .find_map(|(li, l)| l.entries.iter().position(|e| e.path == shown).map(|ei| (li, ei)))?;
    let lang = &model.languages[language];
    let was = &lang.entries[entry];
    let file = load::read_markdown(&source.join("content"), rel, &shown)?;
    let SourceKind::Entry(meta) = &file.kind else { return None };
    // The id it had when the front matter names none: where the file name is another entry's
    // too, only the whole site says which id is whose, and the entry keeps its own.
    let default_ids = HashMap::from([(
        was.key.clone(),
        ids::DefaultId { id: was.id.clone(), shares_name_with: was.shares_name_with.clone() },
    )]);
    let mut problems = Vec::new();
    let rel_in_language = format!("{}.md", was.key);
    let mut now = check_entry(&rel_in_language, &was.category, &lang.prefix, &file, meta, &default_ids, &mut problems)?;
    let same_place = now.id == was.id
        && now.draft == was.draft
        && now.order == was.order
        && now.related == was.related
        && now.redirect_from == was.redirect_from
        && (options.drafts || !now.draft);
    if !problems.is_empty() || !same_place {
        return None;
    }
    // Links resolve as the model resolves them: to this language's pages, else the default's.
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for e in [&model.languages[0], lang].into_iter().flat_map(|l| &l.entries) {
        pages.insert(format!("{}.md", e.key), e.url.clone());
    }
    let content = source.join("content");
    let sources: HashMap<String, std::path::PathBuf> = model
        .assets
        .iter()
        .filter_map(|(_, path)| {
            let rel = path.strip_prefix(&content).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, path.clone()))
        })
        .collect();
    let folder = rel.strip_suffix(&rel_in_language).unwrap_or_default();
    let local = markdown::LocalFiles { folder, sources: &sources };
    let policy = markdown::HtmlPolicy::new(&model.config.markdown);
    let (rendered, broken) = render_body(&file, &was.key, &was.url, &pages, (&policy, &local), &HashMap::new());
    if !broken.is_empty() {
        return None;
    }
    now.html = rendered.html;
    now.headings = rendered.headings;
    now.toc = rendered.toc;
    now.text = rendered.text;
    now.moved_from = was.moved_from.clone();
    now.english_phrasings = was.english_phrasings.clone();
    now.english_text = was.english_text.clone();
    Some(Edited { language, entry, now })
}
