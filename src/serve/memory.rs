//! The site produced into memory: [`produce`](crate::produce::produce) with a sink that keeps
//! every file in a map, plus what the server needs to know about the site it serves.

pub use super::held::Held;
use crate::diagnostics::Diagnostic;
use crate::produce::{self, Memo, SiteOptions};
use crate::render::script_twin;
use crate::render::theme::Theme;
use crate::BuildError;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Every file of a produced site, by path from the site root (`/` separators), held
/// ([`Held`]: text compressed). Shared: a file that an edit left unchanged is one allocation
/// in the old site and the new.
pub type Files = HashMap<String, Arc<Held>>;

/// The keys of the theme's strings that the preview's problem overlay shows.
const OVERLAY_STRINGS: [&str; 4] = ["preview_problems_one", "preview_problems_other", "preview_hint", "preview_hide"];

/// A site produced in memory.
#[derive(Debug, Default)]
pub struct Site {
    /// Its files, exactly the bytes `build` would write.
    pub files: Files,
    /// How many of them differ from the previous site's (all of them, for the first).
    pub changed: usize,
    /// The warnings of producing it.
    pub warnings: Vec<Diagnostic>,
    /// Where the site lives below its host (`/` or `/help/`, from `base_url`): it is served
    /// there, so that links starting from the base path (the 404 page's) work.
    pub base_path: String,
    /// The output prefix of each language but the default one (`hi/`), for its 404 page.
    pub prefixes: Vec<String>,
    /// The overlay's strings in each language, by language code.
    pub overlay_strings: BTreeMap<String, BTreeMap<String, String>>,
    /// The complaint logs the config names (files or folders), relative to the site folder,
    /// to watch.
    pub logs: Vec<PathBuf>,
    /// Each language's search folder with the paths of its files in export order: its disk
    /// bundles (the same files again, in base64, for `file://`) are made when asked for, not
    /// held (see [`Site::file`]).
    pub search: Vec<(String, Vec<String>)>,
}

/// What a site was produced from, kept by the preview to show the next edit's pages first,
/// before the whole site is produced again.
#[derive(Debug)]
pub struct Basis {
    /// The model.
    pub model: crate::model::Model,
    /// How much customers ask each entry.
    pub popularity: crate::model::popularity::Popularity,
}

impl Site {
    /// This site with `pages` in place of its files at their paths and without the files at
    /// `gone`: the other files shared.
    pub fn with_pages(&self, pages: Vec<crate::render::OutputFile>, gone: &[String]) -> Site {
        let mut files = self.files.clone();
        let mut changed = 0;
        for path in gone {
            changed += usize::from(files.remove(path).is_some());
        }
        for page in pages {
            let held = Held::new(&page.path, page.bytes);
            if files.get(&page.path).is_none_or(|old| **old != held) {
                changed += 1;
                files.insert(page.path, Arc::new(held));
            }
        }
        self.with_files(files, changed)
    }

    /// This site with the search files of `folder` (from the site root) replaced by `files`
    /// (names in the folder, in export order; a kept one is this site's file of that name).
    /// Unchanged when a kept file is not this site's.
    pub fn with_search(mut self, folder: &str, files: Vec<(String, search_index::format::PatchedFile)>) -> Site {
        use search_index::format::PatchedFile;
        let Some(slot) = self.search.iter().position(|(f, _)| f == folder) else { return self };
        // Most files keep their name and bytes: only the others are looked up and moved.
        let mut moved = Vec::new();
        let mut paths = Vec::with_capacity(files.len());
        for (name, file) in files {
            let path = format!("{folder}/{name}");
            match file {
                PatchedFile::Kept(was) if was == name && self.files.contains_key(&path) => {}
                PatchedFile::Kept(was) => match self.files.get(&format!("{folder}/{was}")) {
                    Some(held) => moved.push((path.clone(), held.clone())),
                    None => return self,
                },
                PatchedFile::Bytes(bytes) => moved.push((path.clone(), Arc::new(Held::new(&path, bytes)))),
            }
            paths.push(path);
        }
        let now: std::collections::HashSet<&String> = paths.iter().collect();
        for gone in self.search[slot].1.iter().filter(|p| !now.contains(p)) {
            self.files.remove(gone);
        }
        self.changed += moved.len();
        self.files.extend(moved);
        self.search[slot].1 = paths;
        self
    }

    /// This site with up to `budget` bytes more of its files held as a production after the
    /// first holds them (the first holds them as they are, to be ready as soon as a build would
    /// be): the same bytes. `None` when every file is held so already. Packed a part at a time
    /// and served between parts, the files held as they are go as their packed copies come:
    /// packed all at once, a 10,000-entry site was held both ways (210 and 60 MiB) at the peak.
    pub fn packed_part(&self, budget: usize) -> Option<Site> {
        use rayon::prelude::*;
        let mut part: Vec<(&String, &Arc<Held>)> = Vec::new();
        let mut taken = 0;
        for (path, held) in &self.files {
            if taken >= budget {
                break;
            }
            if held.packs(path) {
                taken += held.held_len();
                part.push((path, held));
            }
        }
        if part.is_empty() {
            return None;
        }
        let packed: Vec<(String, Arc<Held>)> = part
            .into_par_iter()
            .filter_map(|(path, held)| Some((path.clone(), Arc::new(held.packed(path)?))))
            .collect();
        let mut files = self.files.clone();
        files.extend(packed);
        Some(self.with_files(files, self.changed))
    }

    fn with_files(&self, files: Files, changed: usize) -> Site {
        Site {
            files,
            changed,
            warnings: self.warnings.clone(),
            base_path: self.base_path.clone(),
            prefixes: self.prefixes.clone(),
            overlay_strings: self.overlay_strings.clone(),
            logs: self.logs.clone(),
            search: self.search.clone(),
        }
    }

    /// The bytes of the file at `path`: held, or a disk bundle made from the search files it
    /// packs, byte for byte the one `build` writes.
    pub fn file(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        if let Some(held) = self.files.get(path) {
            return Some(held.bytes());
        }
        let (folder, n) = script_twin::bundle_at(path)?;
        let (_, packed) = self.search.iter().find(|(f, _)| f == folder)?;
        let files: Vec<(&str, Cow<'_, [u8]>)> =
            packed.iter().filter_map(|p| self.files.get(p).map(|b| (p.as_str(), b.bytes()))).collect();
        script_twin::bundle(n, files.iter().map(|(p, b)| (*p, &b[..]))).map(Cow::Owned)
    }

    /// How many files the site has, disk bundles included.
    pub fn file_count(&self) -> usize {
        let bundles: usize = self
            .search
            .iter()
            .map(|(_, packed)| {
                let used: std::collections::BTreeSet<u32> =
                    packed.iter().map(|p| script_twin::bundle_of(p.rsplit('/').next().unwrap_or(p))).collect();
                used.len()
            })
            .sum();
        self.files.len() + bundles
    }
}

/// Produces the site of `options` into memory: the site, or every diagnostic when the content
/// has errors. `previous` is the site served now, and `memo` what its production left (see
/// [`Memo`]): what the memo finds unchanged is not produced again but shared with `previous`,
/// and a file produced again identical to its previous self shares its bytes too, so that the
/// old site (served until the new one is swapped in) and the new one take the memory of one
/// site and what changed. The memo is committed when the site is returned, and abandoned when
/// its diagnostics are. With `HELPMARK_TIMINGS` set, prints the time of each stage, as `build`
/// does.
pub fn produce_site(
    options: &SiteOptions,
    previous: Option<&Files>,
    memo: &mut Memo,
) -> Result<Result<(Site, Basis), Vec<Diagnostic>>, BuildError> {
    let produced = produce_into(options, previous, memo);
    match &produced {
        Ok(Ok(_)) => memo.commit(),
        _ => memo.abandon(),
    }
    produced
}

fn produce_into(
    options: &SiteOptions,
    previous: Option<&Files>,
    memo: &mut Memo,
) -> Result<Result<(Site, Basis), Vec<Diagnostic>>, BuildError> {
    let mut clock = crate::StageClock::from_env();
    let prepared = match produce::prepare_site(options)? {
        Ok(p) => p,
        Err(all) => return Ok(Err(all)),
    };
    // Without the files it was made for, the memo would keep pages the site does not hold.
    if previous.is_none() {
        *memo = Memo::default();
    }
    clock.lap("prepare");
    let files = Mutex::new(Files::new());
    let changed = AtomicUsize::new(0);
    let sink = |batch: Vec<crate::render::OutputFile>| {
        // Held and compared before the lock: the threads compress and compare side by side.
        // The first production holds its files as they are, to be served as soon as a build
        // would be written; the preview packs them right after ([`Site::packed_part`]).
        let held: Vec<(String, Arc<Held>)> = batch
            .into_iter()
            .map(|f| {
                let held = if previous.is_some() { Held::new(&f.path, f.bytes) } else { Held::as_is(f.bytes) };
                match previous.and_then(|p| p.get(&f.path)).filter(|old| ***old == held) {
                    Some(old) => (f.path, old.clone()),
                    None => {
                        changed.fetch_add(1, Ordering::Relaxed);
                        (f.path, Arc::new(held))
                    }
                }
            })
            .collect();
        files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(held);
        Ok(())
    };
    let produced = produce::produce_timed(&prepared, &options.source, &sink, &mut clock, Some(memo))?;
    clock.lap("export+render");
    let mut files = files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(previous) = previous {
        for path in memo.kept() {
            if let Some(bytes) = previous.get(&path) {
                files.insert(path, bytes.clone());
            }
        }
    }
    let crate::Prepared { model, diagnostics: mut warnings, popularity, .. } = prepared;
    if let Err(problems) = produced {
        warnings.extend(problems);
        crate::diagnostics::sort(&mut warnings);
        return Ok(Err(warnings));
    }
    let display = crate::display_path(&options.source);
    // The theme loaded for rendering a moment ago, so it loads again.
    let theme = Theme::load(&options.source, &display, model.config.theme.as_deref()).ok();
    let codes = model.languages.iter().map(|l| l.code.as_str());
    let overlay_strings = theme.map(|t| overlay_strings(&t, codes, &display)).unwrap_or_default();
    let site = Site {
        search: memo.search_files(),
        files,
        changed: changed.into_inner(),
        warnings,
        base_path: model.config.base_path(),
        prefixes: model.languages.iter().map(|l| l.prefix.clone()).filter(|p| !p.is_empty()).collect(),
        overlay_strings,
        logs: log_places(&model),
    };
    Ok(Ok((site, Basis { model, popularity })))
}

/// The overlay's strings of `theme` in each language of `codes`.
fn overlay_strings<'c>(
    theme: &Theme,
    codes: impl Iterator<Item = &'c str>,
    display: &std::path::Path,
) -> BTreeMap<String, BTreeMap<String, String>> {
    codes
        .filter_map(|code| {
            let strings = theme.strings(code, display).ok()?;
            let picked = OVERLAY_STRINGS.iter().filter_map(|k| strings.get(*k).map(|v| (k.to_string(), v.clone())));
            Some((code.to_string(), picked.collect()))
        })
        .collect()
}

/// The overlay's strings of the built-in theme in its languages: for a site that has never
/// produced, whose own theme and languages are not known.
pub fn builtin_overlay_strings() -> BTreeMap<String, BTreeMap<String, String>> {
    let builtin = std::path::Path::new("");
    Theme::load(builtin, builtin, None)
        .map(|t| overlay_strings(&t, ["en", "hi", "tr"].into_iter(), builtin))
        .unwrap_or_default()
}

/// The file or folder of each complaint log: a pattern's fixed folder (`complaints/` of
/// `complaints/*.csv`), or the log itself.
fn log_places(model: &crate::model::Model) -> Vec<PathBuf> {
    model
        .config
        .complaints
        .sources
        .iter()
        .map(|log| {
            let fixed: Vec<&str> = log.path.split('/').take_while(|part| !part.contains(['*', '?'])).collect();
            PathBuf::from(fixed.join("/"))
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::path::Path;

    /// Every file `build` writes into `output`, by path from it.
    fn written(output: &Path) -> HashMap<String, Vec<u8>> {
        let mut written = HashMap::new();
        for item in walkdir::WalkDir::new(output) {
            let item = item.unwrap();
            if item.file_type().is_file() {
                let rel = item.path().strip_prefix(output).unwrap().to_string_lossy().replace('\\', "/");
                if rel != crate::write::MARKER {
                    written.insert(rel, std::fs::read(item.path()).unwrap());
                }
            }
        }
        written
    }

    fn build_options(source: &Path, output: &Path) -> crate::BuildOptions {
        crate::BuildOptions {
            source: source.to_path_buf(),
            output: output.to_path_buf(),
            base_url: None,
            drafts: false,
            strict: false,
            force: true,
            deny_warnings: false,
        }
    }

    /// The paths where the site in memory and a clean build of the same sources differ.
    fn differences(site: &Site, source: &Path) -> Vec<String> {
        let out = tempfile::tempdir().unwrap();
        let output = out.path().join("public");
        let built = crate::build(&build_options(source, &output)).unwrap();
        assert!(matches!(built, crate::BuildOutcome::Built(_)), "{built:?}");
        let written = written(&output);
        let mut differ: Vec<String> = written
            .iter()
            .filter(|(k, v)| site.file(k).is_none_or(|held| *held != v[..]))
            .map(|(k, _)| k.clone())
            .chain(site.files.keys().filter(|k| !written.contains_key(*k)).cloned())
            .collect();
        differ.sort();
        differ
    }

    /// A copy of the bundled sample site to change.
    pub(in crate::serve) fn sample_copy() -> tempfile::TempDir {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let copy = tempfile::tempdir().unwrap();
        for item in ["helpmark.yaml", "content", "complaints", "brand", "themes"] {
            for file in walkdir::WalkDir::new(root.join(item)) {
                let file = file.unwrap();
                let to = copy.path().join(file.path().strip_prefix(root).unwrap());
                if file.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(file.path(), &to).unwrap();
                }
            }
        }
        copy
    }

    /// Produced again after each change with what the previous production left, the site is
    /// byte for byte a clean build of the changed sources: an edit, an entry added, one
    /// deleted, a translation's date (no search is produced again), a bad edit (the last good
    /// site stays) and its fix.
    #[test]
    fn the_site_produced_again_after_each_change_is_byte_for_byte_a_clean_build_of_it() {
        let copy = sample_copy();
        let source = copy.path();
        let options = build_options(source, &source.join("unused")).site();
        let mut memo = Memo::default();
        let mut site = produce_site(&options, None, &mut memo).unwrap().unwrap().0;
        // Makes the change, produces again, compares with a clean build: the site before and
        // what the production kept of it.
        let change = |site: &mut Site, memo: &mut Memo, what: &str, edit: &dyn Fn()| {
            edit();
            // `produce_site` but for the commit, so that what it kept can be asked first.
            let next = produce_into(&options, Some(&site.files), memo).unwrap().unwrap().0;
            let kept = memo.kept();
            memo.commit();
            assert!(next.changed < next.files.len() / 2, "{what}: {} of {} changed", next.changed, next.files.len());
            assert_eq!(differences(&next, source), [] as [String; 0], "{what}");
            (std::mem::replace(site, next), kept)
        };
        let entry = source.join("content/en/orders/cancel-order.md");
        let text = std::fs::read_to_string(&entry).unwrap();
        let (_, kept) = change(&mut site, &mut memo, "an edited title", &|| {
            std::fs::write(&entry, text.replace("title: How do I cancel", "title: Can I still cancel")).unwrap()
        });
        assert!(kept.iter().any(|k| k.ends_with(".html")), "unchanged pages are not rendered again");
        let added = source.join("content/en/orders/gift-wrap.md");
        change(&mut site, &mut memo, "an added entry", &|| {
            std::fs::write(&added, "---\ntitle: Can you gift-wrap my order?\n---\nYes, at checkout.\n").unwrap()
        });
        change(&mut site, &mut memo, "a deleted entry", &|| std::fs::remove_file(&added).unwrap());
        // A date is in no search document: every language's search stays as it was (a title
        // would change which complaints match it, and so the popularity every language sees).
        let turkish = source.join("content/tr/orders/cancel-order.md");
        let tr_text = std::fs::read_to_string(&turkish).unwrap();
        let (before, kept) = change(&mut site, &mut memo, "a translation's date", &|| {
            std::fs::write(&turkish, tr_text.replace("updated: 2026-09-18", "updated: 2026-10-02")).unwrap()
        });
        let fallbacks = ["en", "hi", "tr"].map(|code| format!("{}/", crate::index::fallback_folder(code)));
        for search in before.files.keys().filter(|k| k.starts_with("_search/")) {
            // A fallback index (the entries a language has not translated) is exported again
            // each time, and its unchanged files shared.
            let fallback = fallbacks.iter().any(|f| search.starts_with(f.as_str()));
            assert!(fallback || kept.contains(search), "{search} is produced again");
            assert!(Arc::ptr_eq(&before.files[search], &site.files[search]), "{search}");
        }
        assert!(before.files.keys().any(|k| fallbacks.iter().any(|f| k.starts_with(f.as_str()))), "{fallbacks:?}");
        assert!(
            !kept.contains(&"tr/orders/cancel-order.html".to_string())
                && kept.contains(&"orders/cancel-order.html".to_string())
        );
        // A bad edit: no site; the memo stays that of the site served, so the fix is exact.
        std::fs::write(&entry, "---\ntitle: [unclosed\n---\nText.\n").unwrap();
        assert!(produce_site(&options, Some(&site.files), &mut memo).unwrap().is_err());
        change(&mut site, &mut memo, "the fix of a bad edit", &|| std::fs::write(&entry, &text).unwrap());
    }

    /// What `serve` holds is byte for byte what `build` writes, for every file of the bundled
    /// sample site (three languages, complaint logs, the search index): one code path.
    #[test]
    fn the_site_in_memory_is_byte_for_byte_the_site_build_writes() {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
        let out = tempfile::tempdir().unwrap();
        let output = out.path().join("public");
        let options = crate::BuildOptions {
            source: source.clone(),
            output: output.clone(),
            base_url: None,
            drafts: false,
            strict: false,
            force: false,
            deny_warnings: false,
        };
        let built = crate::build(&options).unwrap();
        assert!(matches!(built, crate::BuildOutcome::Built(_)), "{built:?}");
        let mut written: HashMap<String, Vec<u8>> = HashMap::new();
        for item in walkdir::WalkDir::new(&output) {
            let item = item.unwrap();
            if item.file_type().is_file() {
                let rel = item.path().strip_prefix(&output).unwrap().to_string_lossy().replace('\\', "/");
                if rel != crate::write::MARKER {
                    written.insert(rel, std::fs::read(item.path()).unwrap());
                }
            }
        }
        let mut memo = Memo::default();
        let site = produce_site(&options.site(), None, &mut memo).unwrap().unwrap().0;
        assert!(written.len() > 200, "the sample site has its pages: {}", written.len());
        let mut only_written: Vec<&String> = written.keys().filter(|k| site.file(k).is_none()).collect();
        let mut only_held: Vec<&String> = site.files.keys().filter(|k| !written.contains_key(*k)).collect();
        only_written.sort();
        only_held.sort();
        assert!(
            only_written.is_empty() && only_held.is_empty(),
            "written only: {only_written:?}; held only: {only_held:?}"
        );
        let mut differ: Vec<&String> =
            written.iter().filter(|(k, v)| site.file(k).is_none_or(|held| *held != v[..])).map(|(k, _)| k).collect();
        differ.sort();
        assert!(differ.is_empty(), "these files differ: {differ:?}");
        assert!(written.contains_key("_search/en/manifest.bin") && written.contains_key("tr/index.html"));
        assert!(written.contains_key("_search/en/disk-0.js") && !site.files.contains_key("_search/en/disk-0.js"));
        assert_eq!(site.file_count(), written.len(), "disk bundles are made when asked for, not held");
        assert_eq!(site.base_path, "/");
        assert_eq!(site.prefixes, ["hi/", "tr/"]);
        assert_eq!(site.logs, [PathBuf::from("complaints/tickets.csv"), PathBuf::from("complaints/search-log.jsonl")]);
        assert_eq!(site.changed, site.files.len());
        // Produced again from the same sources, every file is the previous one's, shared.
        let again = produce_site(&options.site(), Some(&site.files), &mut memo).unwrap().unwrap().0;
        assert_eq!(again.changed, 0);
        assert!(again.files.iter().all(|(k, v)| Arc::ptr_eq(v, &site.files[k])));
    }
}
