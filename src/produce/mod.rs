//! Producing the site: every file of it (pages, search files, feeds, assets) as
//! [`OutputFile`] values handed to a sink, with nothing written here. `build` hands them to
//! the atomic staging folder of [`write`](mod@crate::write); `serve` keeps them in memory. One
//! code path makes both, so what `serve` shows is byte for byte what `build` publishes.

use crate::diagnostics::{self, Diagnostic};
use crate::render::OutputFile;
use crate::{analyze_timed, display_path, index, render, render_diagnostics};
use crate::{AnalyzeOptions, BuildError, Prepared, StageClock};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

mod memo;
pub use memo::Memo;

/// What a site is produced from, and the options that change what it holds.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The site folder (holds `helpmark.yaml` and `content/`).
    pub source: PathBuf,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Bad complaint-log rows are errors instead of warnings.
    pub strict: bool,
    /// Warnings are errors (`--deny warnings`).
    pub deny_warnings: bool,
}

/// Where produced files go. Called from many threads at once, each call with a batch of files,
/// handed over (a sink that keeps them, `serve`'s, keeps them without a copy); an `Err` stops
/// the production.
pub type Sink<'a> = &'a (dyn Fn(Vec<OutputFile>) -> Result<(), BuildError> + Sync);

/// What [`produce`] handed to the sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Produced {
    /// HTML pages.
    pub pages: usize,
    /// Files in all, pages and search files included.
    pub files: usize,
}

/// Runs `load`, `model` and `rank` on the site: the model to produce, with its warnings, or
/// (`Err` inside) every diagnostic of every stage, the `render` stage's included, when any is
/// an error.
pub fn prepare_site(options: &SiteOptions) -> Result<Result<Prepared, Vec<Diagnostic>>, BuildError> {
    prepare_site_timed(options, &mut StageClock::off())
}

/// [`prepare_site`], timing its stages on `clock`.
pub(crate) fn prepare_site_timed(
    options: &SiteOptions,
    clock: &mut StageClock,
) -> Result<Result<Prepared, Vec<Diagnostic>>, BuildError> {
    let mut analysis = analyze_timed(
        &options.source,
        &AnalyzeOptions {
            base_url: options.base_url.clone(),
            drafts: options.drafts,
            strict: options.strict,
            rank: true,
            keep_files: false,
        },
        clock,
    )?;
    if options.deny_warnings {
        diagnostics::deny_warnings(&mut analysis.diagnostics);
    }
    if analysis.has_errors() {
        let mut all = render_diagnostics(&analysis, &options.source);
        all.append(&mut analysis.diagnostics);
        diagnostics::sort(&mut all);
        return Ok(Err(all));
    }
    Ok(Ok(Prepared::new(analysis, clock)?))
}

/// Produces every file of the site of `prepared` (read from `source`) into `sink`: suggests
/// related questions through its indexes, exports the search files and renders the pages. `Err` inside holds the `render`
/// stage's diagnostics (a broken template, two files at one path); the outer `Err` is the
/// sink's or the index's failure.
pub fn produce(
    prepared: &Prepared,
    source: &Path,
    sink: Sink<'_>,
) -> Result<Result<Produced, Vec<Diagnostic>>, BuildError> {
    produce_timed(prepared, source, sink, &mut StageClock::off(), None)
}

/// [`produce`], timing its stages on `clock`. With a `memo` of the previous production, what
/// it finds unchanged is neither produced nor handed to the sink ([`Memo::kept`] lists it),
/// what the production made is remembered in it for the next ([`Memo::commit`]), and the
/// search's disk bundles are left for the caller to make ([`Memo::search_files`]).
pub(crate) fn produce_timed(
    prepared: &Prepared,
    source: &Path,
    sink: Sink<'_>,
    clock: &mut StageClock,
    mut memo: Option<&mut Memo>,
) -> Result<Result<Produced, Vec<Diagnostic>>, BuildError> {
    let model = &prepared.model;
    let display = display_path(source);
    let settings = index::settings(model);
    let shared = memo.as_deref();
    // Per language: its fingerprint, and the previous production's search when it is the same.
    let searches: Vec<LanguageSearch> = model
        .languages
        .par_iter()
        .map(|language| {
            let fingerprint = shared.map(|m| {
                m.search_fingerprint(language, &index::search_docs(language), &settings, &prepared.popularity)
            });
            let kept = shared.zip(fingerprint).and_then(|(m, f)| m.search(&language.code, f)).cloned();
            LanguageSearch { fingerprint, kept }
        })
        .collect();
    let related = model
        .languages
        .par_iter()
        .zip(&searches)
        .zip(&prepared.indexes)
        .map(|((language, search), index)| match &search.kept {
            Some(kept) => Ok(kept.related.clone()),
            None => index::related::suggest_language(language, index).map(std::sync::Arc::new),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let related = index::related::Related::from_languages(related);
    clock.lap("related");
    let (rendered, exported) = std::thread::scope(|scope| {
        // The search index is exported on a thread of its own while the pages render: the
        // export is serial, and its files all go into one folder, which one thread at a time
        // can fill. After the rendering, either would leave a core idle.
        let search = scope.spawn(|| -> Result<Exported, BuildError> {
            let (mut paths, mut sent) = (Vec::new(), 0);
            for (search, index) in searches.iter().zip(&prepared.indexes) {
                if search.kept.is_some() {
                    paths.push(None);
                    continue;
                }
                let files = index::export_language(index)?;
                paths.push(Some(files.iter().map(|(path, _)| path.clone()).collect()));
                // With a memo (`serve`), the disk bundles are not produced: they are the
                // search files again, in base64, and the preview makes one when asked for it.
                let bundles = if shared.is_none() {
                    index::disk_bundles(&index::search_folder(index.lang()), &files)
                } else {
                    Vec::new()
                };
                for (path, bytes) in bundles.into_iter().chain(files) {
                    sink(vec![OutputFile { path, bytes }])?;
                    sent += 1;
                }
            }
            // Another language's entries where this one has none: produced every time.
            for (index, fallback) in prepared.indexes.iter().zip(&prepared.fallbacks) {
                let Some(fallback) = fallback else { continue };
                let folder = index::fallback_folder(index.lang());
                let files = index::export_index(&folder, fallback)?;
                for (path, bytes) in index::disk_bundles(&folder, &files).into_iter().chain(files) {
                    sink(vec![OutputFile { path, bytes }])?;
                    sent += 1;
                }
            }
            Ok((paths, sent))
        });
        let pages = shared.map(|m| &m.pages);
        let rendered = render::render_pages(model, &prepared.popularity, &related, source, &display, sink, pages)
            .and_then(|pages| match pages {
                Ok(pages) => pages.finish(model, &prepared.popularity, &display, sink),
                Err(problems) => Ok(Err(problems)),
            });
        (rendered, search.join().expect("the search export does not panic"))
    });
    let (rendered, (exported, mut search_files)) = (rendered?, exported?);
    let by_language = related.into_languages();
    for (((language, search), paths), related) in model.languages.iter().zip(searches).zip(exported).zip(by_language) {
        let files = match (paths, search.kept) {
            (Some(paths), _) => paths,
            (None, kept) => {
                let files = kept.map(|k| k.files).unwrap_or_default();
                search_files += files.len();
                files
            }
        };
        if let (Some(memo), Some(fingerprint)) = (memo.as_deref_mut(), search.fingerprint) {
            memo.keep_search(&language.code, fingerprint, related, files);
        }
    }
    Ok(rendered.map(|r| Produced { pages: r.pages, files: r.files + search_files }))
}

/// What the search export sent: per language, the paths of its files (`None` for a search
/// kept from the previous production), and how many files it handed to the sink in all.
type Exported = (Vec<Option<Vec<String>>>, usize);

/// One language's search in a production: its fingerprint (with a memo), and the previous
/// production's search when that had the same (else it is suggested and exported again).
struct LanguageSearch {
    fingerprint: Option<u64>,
    kept: Option<memo::Search>,
}
