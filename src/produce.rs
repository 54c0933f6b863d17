//! Producing the site: every file of it (pages, search files, feeds, assets) as
//! [`OutputFile`] values handed to a sink, with nothing written here. `build` hands them to
//! the atomic staging folder of [`write`](mod@crate::write); `serve` keeps them in memory. One
//! code path makes both, so what `serve` shows is byte for byte what `build` publishes.

use crate::diagnostics::{self, Diagnostic};
use crate::render::OutputFile;
use crate::{analyze_timed, display_path, index, render, render_diagnostics};
use crate::{AnalyzeOptions, BuildError, Prepared, StageClock};
use std::path::{Path, PathBuf};

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

/// Where produced files go. Called from many threads at once, each call with a batch of files;
/// an `Err` stops the production.
pub type Sink<'a> = &'a (dyn Fn(&[OutputFile]) -> Result<(), BuildError> + Sync);

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
    produce_timed(prepared, source, sink, &mut StageClock::off())
}

/// [`produce`], timing its stages on `clock`.
pub(crate) fn produce_timed(
    prepared: &Prepared,
    source: &Path,
    sink: Sink<'_>,
    clock: &mut StageClock,
) -> Result<Result<Produced, Vec<Diagnostic>>, BuildError> {
    let model = &prepared.model;
    let display = display_path(source);
    let indexes = &prepared.indexes;
    let related = index::related::suggest(model, indexes)?;
    clock.lap("related");
    let (rendered, search_files) = std::thread::scope(|scope| {
        // The search index is exported on a thread of its own while the pages render: the
        // export is serial, and its files all go into one folder, which one thread at a time
        // can fill. After the rendering, either would leave a core idle.
        let search = scope.spawn(|| -> Result<usize, BuildError> {
            let files = index::export_site(indexes, &prepared.fallbacks)?;
            let count = files.len();
            for (path, bytes) in files {
                sink(&[OutputFile { path, bytes }])?;
            }
            Ok(count)
        });
        let rendered = render::render(model, &prepared.popularity, &related, source, &display, sink);
        (rendered, search.join().expect("the search export does not panic"))
    });
    let (rendered, search_files) = (rendered?, search_files?);
    Ok(rendered.map(|r| Produced { pages: r.pages, files: r.files + search_files }))
}
