//! The page-first preview: an editor who saves an entry looks at that entry's page, so it is
//! shown first. When a burst of changes only edits, adds or deletes entries in ways that leave
//! the others as they were, each change is read ([`edit::read_change`]) into the model the
//! served site was produced from, and only the pages that show it (the entry's own, its
//! category's, its language's home) are rendered again and served in place of the old ones,
//! in a few milliseconds at any site size. The full production runs right after and replaces
//! this site with the exact one (search, related questions, every other page): the page
//! first, the rest a moment later.

use super::memory::{Basis, Site};
use super::watch::Burst;
use crate::model::edit;
use crate::model::popularity::Popularity;
use crate::model::{Model, ModelOptions};
use crate::produce::{Memo, SiteOptions};
use search_index::format::PatchedFile;
use search_index::SearchDoc;
use std::collections::BTreeMap;
use std::path::Path;

/// `site` with the pages that show the entries `burst` changed as they read now; `None` when
/// the burst is anything but edits, additions and deletions of entries that leave every other
/// entry as it was (see [`edit`]), changes no page, or the pages cannot be rendered: the full
/// production alone shows it then. `basis` is what `site` was produced from; its model takes
/// the changes.
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
        let rel = path.strip_prefix(&content).ok().filter(|_| is_markdown && !path.is_dir())?;
        entries.push(rel.to_str()?.replace('\\', "/"));
    }
    if entries.is_empty() {
        return None;
    }
    let mut clock = crate::StageClock::from_env();
    let display = crate::display_path(&options.source);
    let model_options = ModelOptions { drafts: options.drafts };
    let mut related = memo.related(&basis.model)?;
    let mut searched = Searched::new(&basis.model);
    let mut shown = Vec::new();
    let mut gone = Vec::new();
    // One after the other: each change is read against the model the previous ones made.
    for rel in &entries {
        let change = edit::read_change(&basis.model, &options.source, &display, rel, model_options)?;
        searched.note(&basis.model, &change);
        if let edit::Change::Removed { language, entry } = change {
            gone.push(basis.model.languages[language].entries[entry].url.clone());
            related.without_entry(language, entry);
            // The last entry took its place, also if the burst changed it before.
            let last = basis.model.languages[language].entries.len() - 1;
            for s in shown.iter_mut().filter(|s: &&mut edit::Shown| s.language == language) {
                s.entry = s.entry.filter(|&e| e != entry).map(|e| if e == last { entry } else { e });
            }
        }
        shown.push(edit::apply(&mut basis.model, change));
    }
    clock.lap("page first: read the change");
    let sources = (options.source.as_path(), display.as_path());
    let (pages, search) = rayon::join(
        || {
            let mut clock = crate::StageClock::from_env();
            let pages = crate::render::render_pages_showing(&basis.model, &basis.popularity, &related, sources, &shown);
            clock.lap("page first: pages");
            pages
        },
        || searched.patched(&basis.model, &basis.popularity, site),
    );
    clock.lap("page first: pages and search");
    let mut first = site.with_pages(pages.ok()?, &gone);
    for (folder, files) in search {
        first = first.with_search(&folder, files);
    }
    clock.lap("page first: site");
    // An edit that changes no page (a file saved as it was) is not worth a reload.
    Some(first).filter(|first| first.changed > 0)
}

/// What search saw of the entries a burst changes, before it changed them: to patch the
/// search files of each language with what the burst made of its documents.
struct Searched {
    /// Per language; `None` once the burst changed it in a way no patch follows (anything
    /// more in a language where it deleted an entry): its search waits for the full production.
    languages: Vec<Option<LanguageSearched>>,
}

/// One language's documents as search numbered them before the burst.
struct LanguageSearched {
    /// The changed entries' documents before, by document number.
    before: BTreeMap<usize, SearchDoc>,
    /// How many documents it had: the entries added since are numbered from here on.
    len: usize,
    /// The number of the one entry the burst deleted: the last document takes its place, as
    /// the last entry does in the model (the others keep their numbers and shards).
    deleted: Option<usize>,
}

impl Searched {
    fn new(model: &Model) -> Searched {
        let languages = model
            .languages
            .iter()
            .map(|l| Some(LanguageSearched { before: BTreeMap::new(), len: l.entries.len(), deleted: None }));
        Searched { languages: languages.collect() }
    }

    /// Notes what search sees of the entries `change` reaches, in every language (a change to
    /// an English entry reaches the search documents of its translations), before it applies.
    fn note(&mut self, model: &Model, change: &edit::Change) {
        let doc = |l: usize, n: usize| crate::index::docs_of(&model.languages[l], std::iter::once(n)).remove(0);
        let key = match change {
            edit::Change::Edited { now, .. } | edit::Change::Added { now, .. } => now.key.as_str(),
            edit::Change::Removed { language, entry } => {
                let (l, n) = (*language, *entry);
                let slot = &mut self.languages[l];
                match slot.take() {
                    Some(mut s)
                        if s.before.is_empty() && s.deleted.is_none() && s.len == model.languages[l].entries.len() =>
                    {
                        s.before.insert(n, doc(l, n));
                        s.before.entry(s.len - 1).or_insert_with(|| doc(l, s.len - 1));
                        s.deleted = Some(n);
                        *slot = Some(s);
                    }
                    _ => {}
                }
                // Not translated (see `edit`): no other language's documents change.
                return;
            }
        };
        if let edit::Change::Added { language, .. } = change {
            if self.languages[*language].as_ref().is_some_and(|s| s.deleted.is_some()) {
                self.languages[*language] = None;
            }
        }
        for (l, slot) in self.languages.iter_mut().enumerate() {
            let entries = &model.languages[l].entries;
            for (n, _) in entries.iter().enumerate().filter(|(_, e)| e.key == key) {
                match slot {
                    Some(s) if s.deleted.is_some() => *slot = None,
                    // Entries added in this burst have no document before.
                    Some(s) if n < s.len => {
                        s.before.entry(n).or_insert_with(|| doc(l, n));
                    }
                    _ => {}
                }
            }
        }
    }

    /// The search files of each language of `model` whose documents the burst changed: `(folder,
    /// files in export order)`, patched from `site`'s ([`crate::index::patch_files`]) with the
    /// popularity `site` was produced with. The fallback indexes wait for the full production.
    fn patched(self, model: &Model, popularity: &Popularity, site: &Site) -> Vec<(String, Vec<(String, PatchedFile)>)> {
        let settings = crate::index::settings(model);
        let mut patched = Vec::new();
        for (language, searched) in model.languages.iter().zip(self.languages) {
            let Some(LanguageSearched { before, len, deleted }) = searched else { continue };
            let doc = |n: usize| crate::index::docs_of(language, std::iter::once(n)).remove(0);
            let (mut was, mut is) = ((Vec::new(), Vec::new()), (Vec::new(), Vec::new()));
            // Search numbers the documents as the model orders the entries (a deleted entry's
            // place taken by the last one, see `edit::apply`).
            match deleted {
                Some(d) => {
                    (was.0, was.1) = before.into_iter().map(|(n, doc)| (n as u32, doc)).unzip();
                    if d + 1 < len {
                        is = (vec![d as u32], vec![doc(d)]);
                    }
                }
                None => {
                    for (n, old) in before {
                        let now = doc(n);
                        if now != old {
                            was.0.push(n as u32);
                            was.1.push(old);
                            is.0.push(n as u32);
                            is.1.push(now);
                        }
                    }
                    for n in len..language.entries.len() {
                        is.0.push(n as u32);
                        is.1.push(doc(n));
                    }
                }
            }
            if was.0.is_empty() && is.0.is_empty() {
                continue;
            }
            let popularity = crate::index::quantized_popularity(language.entries.iter(), popularity);
            let folder = crate::index::search_folder(&language.code);
            let old = |name: &str| site.files.get(&format!("{folder}/{name}")).map(|held| held.bytes().into_owned());
            let size = (language.entries.len() as u32, popularity.as_slice());
            // A patch that fails leaves the old search to the full production.
            if let Ok(files) =
                crate::index::patch_files(&old, &language.code, (&was.0, was.1), (&is.0, is.1), size, &settings)
            {
                patched.push((folder, files));
            }
        }
        patched
    }
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
        assert!(String::from_utf8_lossy(&first.files[page].bytes()).contains("within ten minutes"));
        let shown: Vec<&String> = first
            .files
            .keys()
            .filter(|k| !k.starts_with("_search/") && !Arc::ptr_eq(&first.files[*k], &site.files[*k]))
            .collect();
        assert_eq!(shown, [page], "only the page that changed is new; the others are shared");
        let (exact, _) = produce_site(&options, Some(&site.files), &mut memo).unwrap().unwrap();
        assert!(exact.files[page] == first.files[page], "the page is the one the full production makes");
        // And the search with it: its files patched are the ones the full production exports.
        let search = |s: &Site| -> BTreeMap<String, Vec<u8>> {
            let own = |p: &String| p.starts_with("_search/") && !p.contains("/fallback/");
            s.files.iter().filter(|(p, _)| own(p)).map(|(p, h)| (p.clone(), h.bytes().into_owned())).collect()
        };
        assert!(search(&first) != search(&site), "the edit reached search");
        assert!(search(&first) == search(&exact), "the search files are the full production's");
        let order = |s: &Site| s.search.iter().cloned().collect::<BTreeMap<_, _>>();
        assert_eq!(order(&first), order(&exact), "in the order the disk bundles pack them");

        // A new title shows on the page and in the category's list at once.
        let (site, mut basis) = (exact, produce_site(&options, None, &mut Memo::default()).unwrap().unwrap().1);
        std::fs::write(&entry, text.replace("title: How do I cancel my order?", "title: Can I still cancel?")).unwrap();
        let first = preview(&options, &root, &burst(&entry), &mut basis, &memo, &site).expect("page first");
        assert!(String::from_utf8_lossy(&first.files[page].bytes()).contains("<h1>Can I still cancel?</h1>"));
        assert!(String::from_utf8_lossy(&first.files["orders/index.html"].bytes()).contains("Can I still cancel?"));

        std::fs::write(&entry, &text).unwrap();
        let (site, mut basis) = produce_site(&options, Some(&site.files), &mut memo).unwrap().unwrap();
        // A new entry: its page, and its category's list.
        let added = root.join("content/en/orders/gift-wrap.md");
        // Its related questions named: the ones suggested come with the whole site.
        let new = "---\ntitle: Can you gift-wrap it?\nrelated: [cancel-order]\n---\nYes, [before you cancel](cancel-order.md).\n";
        std::fs::write(&added, new).unwrap();
        let first = preview(&options, &root, &burst(&added), &mut basis, &memo, &site).expect("a new entry");
        let new_page = String::from_utf8_lossy(&first.files["orders/gift-wrap.html"].bytes()).into_owned();
        assert!(new_page.contains("<h1>Can you gift-wrap it?</h1>"), "{new_page}");
        assert!(new_page.contains(r#"href="../orders/cancel-order.html""#), "its links resolve: {new_page}");
        assert!(String::from_utf8_lossy(&first.files["orders/index.html"].bytes()).contains("gift-wrap.html"));
        let found = |site: &Site, query: &str| crate::serve::served_search::answer(site, "en", query).unwrap();
        assert!(found(&first, "gift-wrap").contains("orders/gift-wrap.html"), "search finds it at once");
        let (exact, _) = produce_site(&options, Some(&site.files), &mut memo).unwrap().unwrap();
        assert!(exact.files["orders/gift-wrap.html"] == first.files["orders/gift-wrap.html"], "the full production's");
        // Deleted again: the page is gone, and its category no longer lists it.
        let (site, mut basis) = (exact, produce_site(&options, None, &mut Memo::default()).unwrap().unwrap().1);
        std::fs::remove_file(&added).unwrap();
        let first = preview(&options, &root, &burst(&added), &mut basis, &memo, &site).expect("a deleted entry");
        assert!(!first.files.contains_key("orders/gift-wrap.html"));
        assert!(!String::from_utf8_lossy(&first.files["orders/index.html"].bytes()).contains("gift-wrap"));
        assert!(!found(&first, "gift-wrap").contains("gift-wrap.html"), "nor does search");
        assert!(found(&first, "cancel my order").contains("orders/cancel-order.html"), "the others it does");
        let (exact, _) = produce_site(&options, Some(&site.files), &mut memo).unwrap().unwrap();
        assert!(exact.files["orders/index.html"] == first.files["orders/index.html"], "the full production's");

        // A deleted top question leaves the home page at once, as its category's.
        let (site, mut basis) = (exact, produce_site(&options, None, &mut Memo::default()).unwrap().unwrap().1);
        let upi = root.join("content/en/payments/upi-payment.md");
        assert!(String::from_utf8_lossy(&site.files["index.html"].bytes()).contains("payments/upi-payment.html"));
        let upi_text = std::fs::read_to_string(&upi).unwrap();
        let en = basis.model.languages.iter().position(|l| l.code == "en").unwrap();
        let last = basis.model.languages[en].entries.last().unwrap().clone();
        assert!(!last.url.starts_with("payments/"), "the last entry is in another category: {}", last.url);
        std::fs::remove_file(&upi).unwrap();
        let first = preview(&options, &root, &burst(&upi), &mut basis, &memo, &site).expect("a deleted top question");
        assert!(!first.files.contains_key("payments/upi-payment.html"));
        for page in ["index.html", "payments/index.html"] {
            assert!(!String::from_utf8_lossy(&first.files[page].bytes()).contains("upi-payment.html"), "{page}");
        }
        assert!(!found(&first, "upi payment").contains("upi-payment.html"), "search no longer finds it");
        // The last entry took its place, in the model as in search, and no page shows it moved.
        assert!(found(&first, &last.title).contains(&last.url), "the moved entry is found: {}", last.title);
        let its_category = format!("{}/index.html", last.url.split('/').next().unwrap());
        assert!(first.files[&its_category] == site.files[&its_category], "{its_category} is as it was");
        std::fs::write(&upi, upi_text).unwrap();

        // A new translation: its page, with the way back to the original.
        let translation = root.join("content/tr/orders/bulk-order.md");
        std::fs::write(&translation, "---\ntitle: Toplu sipariş veriyor musunuz?\n---\nEvet.\n").unwrap();
        let first = preview(&options, &root, &burst(&translation), &mut basis, &memo, &site).expect("a translation");
        let page = String::from_utf8_lossy(&first.files["tr/orders/bulk-order.html"].bytes()).into_owned();
        assert!(page.contains("<h1>Toplu sipariş veriyor musunuz?</h1>"), "{page}");
        assert!(page.contains(r#"<a href="../../orders/bulk-order.html" hreflang="en""#), "the switcher: {page}");
        assert!(page.contains(r#"hreflang="en" href="https://help.marigold.example/orders/bulk-order.html""#));
        assert!(String::from_utf8_lossy(&first.files["tr/orders/index.html"].bytes()).contains("bulk-order.html"));
        std::fs::remove_file(&translation).unwrap();

        // What only the whole site can place.
        let (site, mut basis) = produce_site(&options, None, &mut Memo::default()).unwrap().unwrap();
        let elsewhere = [
            ("a new category", "content/en/gifts/gift-wrap.md"),
            ("a file name another entry has", "content/en/payments/cancel-order.md"),
        ];
        for (what, rel) in elsewhere {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "---\ntitle: Can you gift-wrap it?\n---\nYes.\n").unwrap();
            assert!(preview(&options, &root, &burst(&path), &mut basis, &memo, &site).is_none(), "{what}");
            std::fs::remove_file(&path).unwrap();
        }
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
