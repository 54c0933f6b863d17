//! The page-first preview: an editor who saves an entry looks at that entry's page, so it is
//! shown first. When a burst of changes only edits existing entries, each is read again
//! ([`reread_entry`]) into the model the served site was produced from, and only the pages
//! that show it (its own, its category's, its language's home) are rendered again and served
//! in place of the old ones, in a few milliseconds at any site size. The full production runs
//! right after and replaces this site with the exact one (search, related questions, every
//! other page): the page first, the rest a moment later.

use super::memory::{Basis, Site};
use super::watch::Burst;
use crate::model::edit::{reread_entry, Edited};
use crate::model::ModelOptions;
use crate::produce::{Memo, SiteOptions};
use std::path::Path;

/// `site` with the pages of the entries `burst` edited as they read now; `None` when the burst
/// is anything but edits of existing entries that keep their place (see [`reread_entry`]),
/// changes no page, or the pages cannot be rendered: the full production alone shows it then.
/// `basis` is what `site` was produced from; its model takes the edits.
pub(super) fn preview(
    options: &SiteOptions,
    root: &Path,
    burst: &Burst,
    basis: &mut Basis,
    memo: &Memo,
    site: &Site,
) -> Option<Site> {
    if burst.incomplete {
        return None;
    }
    let content = root.join("content");
    let mut entries = Vec::new();
    for path in &burst.paths {
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        // A scratch file an editor wrote and removed again (vim's `4913`) changes nothing.
        if !is_markdown && !path.exists() {
            continue;
        }
        let rel = path.strip_prefix(&content).ok().filter(|_| is_markdown && path.is_file())?;
        entries.push(rel.to_str()?.replace('\\', "/"));
    }
    if entries.is_empty() {
        return None;
    }
    let display = crate::display_path(&options.source);
    let model_options = ModelOptions { drafts: options.drafts };
    let mut edited = Vec::new();
    for rel in &entries {
        let Edited { language, entry, now } = reread_entry(&basis.model, &options.source, &display, rel, model_options)?;
        basis.model.languages[language].entries[entry] = now;
        edited.push((language, entry));
    }
    let related = memo.related(&basis.model)?;
    let mut pages = Vec::new();
    for at in edited {
        let rendered = crate::render::render_entry_pages(
            &basis.model,
            &basis.popularity,
            &related,
            &options.source,
            &display,
            at,
        );
        pages.extend(rendered.ok()?);
    }
    // An edit that changes no page (a file saved as it was) is not worth a reload.
    Some(site.with_pages(pages)).filter(|first| first.changed > 0)
}
