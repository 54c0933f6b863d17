//! helpmark: turns a folder of Markdown FAQ entries into a static, searchable help center.
//!
//! The build is a pipeline of stages, one module each (see `DESIGN.md` §2):
//! [`load`] → [`model`] → [`index`] → [`rank`] → [`render`] → [`write`](mod@write). Each stage is a function of
//! the values of the stages below it, and changes none of them: the search index of each
//! language is built once from the model, `rank` reads it and returns popularity as a value of
//! its own ([`model::popularity`]), and the search export and the pages read that value.
//! [`produce`] takes a site through all of them but the last,
//! handing its files to a sink, and [`build()`] hands them to `write`. A stage with errors
//! does not stop the next one (see [`analyze`]): every problem is reported in one run, and
//! nothing is written. [`embed`] (a sentence-embedding model) is a tool below `rank`, used
//! only where `complaints.match_model` names a model.

// Diagnostics travel in `Err` on purpose: they are rare, and boxing every one buys nothing.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod embed;
pub mod index;
pub mod init;
pub mod load;
pub mod model;
pub mod new_entry;
pub mod produce;
pub mod rank;
pub mod render;
pub mod serve;
pub mod shared;
pub mod theme_eject;
pub mod write;

use diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `helpmark.yaml` and `content/`).
    pub source: PathBuf,
    /// Where the site goes; replaced as a whole.
    pub output: PathBuf,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Bad complaint-log rows are errors (nothing is written) instead of warnings.
    pub strict: bool,
    /// Replace an existing output folder even when helpmark did not write it.
    pub force: bool,
    /// Warnings are errors (`--deny warnings`): the build fails and writes nothing.
    pub deny_warnings: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Languages built.
    pub languages: usize,
    /// Warnings (a build with errors is not a report).
    pub warnings: Vec<Diagnostic>,
    /// What the complaint logs held, when `complaints:` names any.
    pub complaints: Option<rank::Summary>,
}

/// How a build ended when the tool itself worked.
#[derive(Debug)]
pub enum BuildOutcome {
    /// The site was written.
    Built(BuildReport),
    /// The content has errors; nothing was written. Holds every diagnostic, warnings included.
    Failed(Vec<Diagnostic>),
}

/// The tool could not do its job (not a content problem).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The output folder would overwrite the sources.
    #[error("the output `{0}` would replace {1}; choose another `--output`")]
    UnsafeOutput(PathBuf, String),
    /// The folder holds no site.
    #[error("`{0}` holds no `helpmark.yaml`; run `helpmark init` there, or pass `--source` with a site folder")]
    NoSite(PathBuf),
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] write::WriteError),
    /// Indexing or exporting the search index failed.
    #[error(transparent)]
    Index(#[from] index::IndexError),
}

/// Builds the site in `options.source` into `options.output`: [`produce::prepare_site`], then
/// [`produce::produce`] into the atomic staging folder of [`write`](mod@write).
///
/// A site with errors is still carried through every stage it can reach (rendering included,
/// to a sink that keeps nothing) so that one run reports every problem; nothing is written.
pub fn build(options: &BuildOptions) -> Result<BuildOutcome, BuildError> {
    write::recover(&options.output)?;
    let mut clock = StageClock::from_env();
    let prepared = match produce::prepare_site_timed(&options.site(), &mut clock)? {
        Ok(prepared) => prepared,
        Err(all) => return Ok(BuildOutcome::Failed(all)),
    };
    check_output(&options.source, &options.output, &prepared.model.config)?;
    // Pages go to disk as they are produced, into a folder beside the output: nothing of the
    // previous site changes until `commit`, and dropping `staging` on an error removes it.
    let staging = write::Staging::new(&options.output, options.force)?;
    let produced =
        produce::produce_timed(&prepared, &options.source, &|files| Ok(staging.write(&files)?), &mut clock, None)?;
    let Prepared { model, mut diagnostics, complaints, .. } = prepared;
    let produced = match produced {
        Ok(p) => p,
        Err(problems) => {
            diagnostics.extend(problems);
            return Ok(failed(diagnostics));
        }
    };
    clock.lap("export+render+write");
    staging.commit()?;
    clock.lap("commit");
    diagnostics::sort(&mut diagnostics);
    Ok(BuildOutcome::Built(BuildReport {
        pages: produced.pages,
        files: produced.files,
        languages: model.languages.len(),
        warnings: diagnostics,
        complaints,
    }))
}

impl BuildOptions {
    /// What the site is produced from.
    pub fn site(&self) -> produce::SiteOptions {
        produce::SiteOptions {
            source: self.source.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            strict: self.strict,
            deny_warnings: self.deny_warnings,
        }
    }
}

/// Stage timings on stderr when `HELPMARK_TIMINGS` is set: where a build's time goes, for
/// benchmarks and profiling.
pub(crate) struct StageClock(Option<(std::time::Instant, Option<u64>)>);

impl StageClock {
    pub(crate) fn from_env() -> Self {
        StageClock(std::env::var_os("HELPMARK_TIMINGS").map(|_| (std::time::Instant::now(), cpu_ms())))
    }

    /// A clock that prints nothing.
    pub(crate) fn off() -> Self {
        StageClock(None)
    }

    /// Prints the wall time of the stage just ended and, where `/proc` tells, the CPU time of
    /// the whole process during it: CPU well under twice the wall time marks a serial stretch.
    pub(crate) fn lap(&mut self, stage: &str) {
        if let Some((start, cpu_start)) = self.0 {
            let cpu = cpu_ms();
            let cpu_note = match (cpu_start, cpu) {
                (Some(a), Some(b)) => format!(", CPU {} ms", b.saturating_sub(a)),
                _ => String::new(),
            };
            eprintln!("{stage}: {} ms{cpu_note}", start.elapsed().as_millis());
            self.0 = Some((std::time::Instant::now(), cpu));
        }
    }
}

/// User + system CPU time of this process so far, from Linux's `/proc/self/stat` (in clock
/// ticks, taken as the usual 100 per second); `None` elsewhere.
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ').skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}

/// A site ready to export and render: the model, its search indexes and how much each entry
/// is asked.
pub struct Prepared {
    /// The model.
    pub model: model::Model,
    /// Each language's search index, in the model's language order, with the popularity boost.
    pub indexes: Vec<index::LangIndex>,
    /// Each language's fallback index (the default language's entries it has not translated,
    /// [`index::fallback_index`]), with the popularity boost; `None` where it has them all.
    pub fallbacks: Vec<Option<index::LangIndex>>,
    /// How much customers ask each entry (nothing without complaint logs).
    pub popularity: model::popularity::Popularity,
    /// Warnings of every stage so far.
    pub diagnostics: Vec<Diagnostic>,
    /// What the complaint logs held, when `complaints:` names any.
    pub complaints: Option<rank::Summary>,
}

impl Prepared {
    /// From an analysis without errors: the indexes it ranked with (built here when it did not
    /// rank), boosted by its popularity.
    pub(crate) fn new(analysis: Analysis, clock: &mut StageClock) -> Result<Prepared, BuildError> {
        let Analysis { model, diagnostics, complaints, indexes, popularity, .. } = analysis;
        let indexes = match indexes {
            Some(indexes) => indexes,
            None => {
                let built = index::index_languages(&model)?;
                clock.lap("index");
                built
            }
        };
        let indexes = indexes.into_iter().zip(&model.languages).map(|(i, l)| index::boost(i, l, &popularity)).collect();
        let fallbacks = index::fallback_indexes(&model)?;
        if fallbacks.iter().any(Option::is_some) {
            clock.lap("fallback index");
        }
        let fallbacks = (fallbacks.into_iter().enumerate())
            .map(|(l, f)| f.map(|f| index::boost_fallback(f, &model, l, &popularity)))
            .collect();
        Ok(Prepared { model, indexes, fallbacks, popularity, diagnostics, complaints })
    }
}

/// What to analyse, and how far.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Bad complaint-log rows are errors.
    pub strict: bool,
    /// Run the `rank` stage (when the config names complaint logs).
    pub rank: bool,
    /// Keep the parsed source files ([`Analysis::files`]), for `check`.
    pub keep_files: bool,
}

/// Everything `load`, `model` and `rank` found, as far as one run can get: each stage runs on
/// what the stages before it could make of the site, whatever their errors, so that every
/// problem is reported at once (no waves of errors, one build after another).
#[derive(Debug)]
pub struct Analysis {
    /// The model of every file that parsed; built with a stand-in config when `helpmark.yaml`
    /// is unusable (`config_ok` is false).
    pub model: model::Model,
    /// Every diagnostic of every stage, errors included.
    pub diagnostics: Vec<Diagnostic>,
    /// What the complaint logs held, when they were ranked.
    pub complaints: Option<rank::Summary>,
    /// Whether the model was built with the site's own config.
    pub config_ok: bool,
    /// The parsed source files, when asked for ([`AnalyzeOptions::keep_files`]).
    pub files: Vec<load::SourceFile>,
    /// The search index of each language (no popularity boost), when `rank` ran: it matched
    /// the complaints through them.
    pub indexes: Option<Vec<index::LangIndex>>,
    /// How much customers ask each entry (nothing when `rank` did not run).
    pub popularity: model::popularity::Popularity,
}

impl Analysis {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs `load`, `model` and (when asked and the config names logs) `rank` on `source`,
/// collecting every diagnostic; see [`Analysis`].
pub fn analyze(source: &Path, options: &AnalyzeOptions) -> Result<Analysis, BuildError> {
    analyze_timed(source, options, &mut StageClock::off())
}

/// [`analyze`], timing its stages on `clock`.
pub(crate) fn analyze_timed(
    source: &Path,
    options: &AnalyzeOptions,
    clock: &mut StageClock,
) -> Result<Analysis, BuildError> {
    if !source.join(config::FILE_NAME).is_file() {
        return Err(BuildError::NoSite(source.to_path_buf()));
    }
    let overrides = config::Overrides { base_url: options.base_url.clone() };
    let display = display_path(source);
    let (loaded, mut diagnostics) = load::load(source, &display, &overrides);
    let config_ok = loaded.config_ok;
    let files = if options.keep_files { loaded.files.clone() } else { Vec::new() };
    let (model, model_diagnostics) = model::build(loaded, model::ModelOptions { drafts: options.drafts });
    diagnostics.extend(model_diagnostics);
    clock.lap("load+model");
    let (mut complaints, mut indexes, mut popularity) = (None, None, model::popularity::Popularity::default());
    if options.rank && config_ok && !model.config.complaints.sources.is_empty() {
        let (built, ranking, problems) = rank_model(&model, source, options.strict, None)?;
        clock.lap("index+rank");
        diagnostics.extend(problems);
        popularity = ranking.popularity();
        complaints = Some(ranking.summary);
        indexes = Some(built);
    }
    Ok(Analysis { model, diagnostics, complaints, config_ok, files, indexes, popularity })
}

/// The diagnostics of the `render` stage (a theme that does not load, a template that does not
/// render, two sources of one output path), found by rendering every page and keeping none.
/// Empty with a stand-in config: the site's theme is not known.
pub fn render_diagnostics(analysis: &Analysis, source: &Path) -> Vec<Diagnostic> {
    if !analysis.config_ok {
        return Vec::new();
    }
    let display = display_path(source);
    let discard = |_: Vec<render::OutputFile>| Ok::<(), std::convert::Infallible>(());
    // Related suggestions change which entries a page links to, not whether it renders.
    let related = index::related::Related::default();
    // The pages alone: the site's other files add no diagnostic (`render::render_pages`).
    match render::render_pages(&analysis.model, &analysis.popularity, &related, source, &display, &discard, None) {
        Ok(Ok(_)) => render::unreadable_assets(&analysis.model, &display),
        Ok(Err(problems)) => problems,
        Err(never) => match never {},
    }
}

/// Runs `load`, `model` and `rank` (when the config names complaint logs): what `build` and
/// `search` both start from, so the terminal ranks exactly like the site. `Err` inside holds
/// every diagnostic when any is an error.
pub fn prepare(
    source: &Path,
    base_url: Option<String>,
    drafts: bool,
    strict: bool,
) -> Result<Result<Prepared, Vec<Diagnostic>>, BuildError> {
    let options = AnalyzeOptions { base_url, drafts, strict, rank: true, keep_files: false };
    let analysis = analyze(source, &options)?;
    if analysis.has_errors() {
        return Ok(Err(analysis.diagnostics));
    }
    Ok(Ok(Prepared::new(analysis, &mut StageClock::off())?))
}

/// Distinct texts queued for matching while the logs are read (about 40 bytes each).
const EARLY_TEXTS: usize = 1 << 16;

/// Runs the `index` and `rank` stages on a model: builds its indexes
/// ([`index::index_languages`]) while it reads the logs named in `complaints:`, matches their
/// texts to entries through those indexes and counts them; returns the indexes too.
/// `history` (the site's git history) dates each entry's last change for a report's before
/// and after; without it, `updated` does.
pub fn rank_model(
    model: &model::Model,
    source: &Path,
    strict: bool,
    history: Option<&shared::git::History>,
) -> Result<(Vec<index::LangIndex>, rank::Ranking, Vec<Diagnostic>), BuildError> {
    let display = display_path(source);
    let options = rank::RankOptions { source, display: &display, strict, history };
    // Reading the logs needs no index and is one thread: another builds the indexes, then
    // matches the texts read so far (what it has not reached when reading ends, `rank` does).
    let (found, texts) = std::sync::mpsc::sync_channel(EARLY_TEXTS);
    let done = std::sync::atomic::AtomicBool::new(false);
    let (indexed, logs) = std::thread::scope(|scope| {
        let (done, texts) = (&done, texts);
        let matcher = scope.spawn(move || -> Result<_, index::IndexError> {
            let indexes = index::index_languages(model)?;
            let early = rank::match_early(model, &indexes, &texts, done)?;
            Ok((indexes, early))
        });
        let logs = {
            let found = found;
            // A full queue drops the text: `rank` matches it.
            rank::read_logs(model, options, &mut |text| drop(found.try_send(text)))
        };
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (matcher.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), logs)
    });
    let (indexes, early) = indexed?;
    let (ranking, diagnostics) = rank::rank(model, &indexes, (logs, early), options)?;
    Ok((indexes, ranking, diagnostics))
}

/// The model and its warnings, or every diagnostic when the content has errors.
pub type Loaded = Result<(model::Model, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Runs the `load` and `model` stages: the model plus its warnings, or every diagnostic when
/// any is an error.
pub fn load_model(source: &Path, base_url: Option<String>, drafts: bool) -> Result<Loaded, BuildError> {
    let analysis = analyze(source, &AnalyzeOptions { base_url, drafts, ..AnalyzeOptions::default() })?;
    if analysis.has_errors() {
        return Ok(Err(analysis.diagnostics));
    }
    Ok(Ok((analysis.model, analysis.diagnostics)))
}

fn failed(mut diagnostics: Vec<Diagnostic>) -> BuildOutcome {
    diagnostics::sort(&mut diagnostics);
    BuildOutcome::Failed(diagnostics)
}

/// The site folder as the user would write it: `.` becomes nothing so paths read
/// `content/en/x.md`, not `./content/en/x.md`.
pub(crate) fn display_path(source: &Path) -> PathBuf {
    if source == Path::new(".") {
        PathBuf::new()
    } else {
        source.to_path_buf()
    }
}

/// Refuses an output that is, holds or lies inside the site's own files: the config, `content/`,
/// `themes/`, `reports/`, the complaint logs. Swapping the new site in would delete them, and
/// `--force` does not change that.
fn check_output(source: &Path, output: &Path, config: &config::Config) -> Result<(), BuildError> {
    use shared::paths::{is_within, resolve};
    let refuse = |what: String| Err(BuildError::UnsafeOutput(output.to_path_buf(), what));
    if is_within(source, output) {
        return refuse("the site folder itself".into());
    }
    let mut own: Vec<(PathBuf, String)> = [config::FILE_NAME, "content", "themes", "reports", "complaints"]
        .iter()
        .map(|name| (source.join(name), format!("the site's `{name}`")))
        .collect();
    for log in &config.complaints.sources {
        // The folder of a pattern (`complaints/*.csv`), or the log itself.
        let fixed: Vec<&str> = log.path.split('/').take_while(|part| !part.contains(['*', '?'])).collect();
        let place = source.join(fixed.join("/"));
        if resolve(&place) != resolve(source) {
            own.push((place, format!("the complaint log `{}`", log.path)));
        }
    }
    match own.into_iter().find(|(place, _)| is_within(output, place)) {
        Some((_, what)) => refuse(what),
        None => Ok(()),
    }
}
