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
        let Edited { language, entry, now } =
            reread_entry(&basis.model, &options.source, &display, rel, model_options)?;
        basis.model.languages[language].entries[entry] = now;
        edited.push((language, entry));
    }
    let related = memo.related(&basis.model)?;
    let mut pages = Vec::new();
    for at in edited {
        let rendered =
            crate::render::render_entry_pages(&basis.model, &basis.popularity, &related, &options.source, &display, at);
        pages.extend(rendered.ok()?);
    }
    // An edit that changes no page (a file saved as it was) is not worth a reload.
    Some(site.with_pages(pages)).filter(|first| first.changed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::memory::{produce_site, tests::sample_copy};
    use std::sync::Arc;

    fn burst(path: &Path) -> Burst {
        Burst { paths: [path.to_path_buf()].into(), incomplete: false }
    }

    /// An edited answer is served first with exactly the pages the full production then makes
    /// of it; what the page-first preview cannot place (a new file, a new id, a broken link, a
    /// burst the watcher may have lost part of) waits for the full production.
    #[test]
    fn an_edited_answer_is_served_first_as_the_full_production_then_makes_it() {
        let copy = sample_copy();
        let root = copy.path().canonicalize().unwrap();
        let options = SiteOptions {
            source: copy.path().to_path_buf(),
            base_url: None,
            drafts: false,
            strict: false,
            deny_warnings: false,
        };
        let mut memo = Memo::default();
        let (site, mut basis) = produce_site(&options, None, &mut memo).unwrap().unwrap();
        let entry = root.join("content/en/orders/cancel-order.md");
        let text = std::fs::read_to_string(&entry).unwrap();
        std::fs::write(&entry, text.replace("within a few minutes", "within ten minutes")).unwrap();
        let first = preview(&options, &root, &burst(&entry), &mut basis, &memo, &site).expect("page first");
        let page = "orders/cancel-order.html";
        assert!(String::from_utf8_lossy(&first.files[page]).contains("within ten minutes"));
        let shown: Vec<&String> =
            first.files.keys().filter(|k| !Arc::ptr_eq(&first.files[*k], &site.files[*k])).collect();
        assert_eq!(shown, [page], "only the page that changed is new; the others are shared");
        let (exact, _) = produce_site(&options, Some(&site.files), &mut memo).unwrap().unwrap();
        assert!(exact.files[page] == first.files[page], "the page is the one the full production makes");

        // A new title shows on the page and in the category's list at once.
        let (site, mut basis) = (exact, produce_site(&options, None, &mut Memo::default()).unwrap().unwrap().1);
        std::fs::write(&entry, text.replace("title: How do I cancel my order?", "title: Can I still cancel?")).unwrap();
        let first = preview(&options, &root, &burst(&entry), &mut basis, &memo, &site).expect("page first");
        assert!(String::from_utf8_lossy(&first.files[page]).contains("<h1>Can I still cancel?</h1>"));
        assert!(String::from_utf8_lossy(&first.files["orders/index.html"]).contains("Can I still cancel?"));

        let added = root.join("content/en/orders/gift-wrap.md");
        std::fs::write(&added, "---\ntitle: Can you gift-wrap it?\n---\nYes.\n").unwrap();
        assert!(preview(&options, &root, &burst(&added), &mut basis, &memo, &site).is_none(), "a new file");
        std::fs::remove_file(&added).unwrap();
        let cases = [
            ("a new id", text.replace("title: How do I cancel", "id: stop-order\ntitle: How do I cancel")),
            ("a broken link", text.replace("../returns-refunds/return-item.md", "../returns-refunds/no-such.md")),
            ("bad front matter", text.replace("title: How do I cancel my order?", "title: [unclosed")),
            ("new related ids", text.replace("related: [refund-time, ", "related: [")),
        ];
        for (what, edit) in cases {
            std::fs::write(&entry, edit).unwrap();
            assert!(preview(&options, &root, &burst(&entry), &mut basis, &memo, &site).is_none(), "{what}");
        }
        std::fs::write(&entry, &text).unwrap();
        let lost = Burst { paths: [entry.clone()].into(), incomplete: true };
        assert!(preview(&options, &root, &lost, &mut basis, &memo, &site).is_none(), "a burst with lost events");
        let config = root.join("helpmark.yaml");
        assert!(preview(&options, &root, &burst(&config), &mut basis, &memo, &site).is_none(), "the config");
    }
}
