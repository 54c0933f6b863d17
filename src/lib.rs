//! helpmark: turns a folder of Markdown FAQ entries into a static, searchable help center.
//!
//! The build is a pipeline of stages, one module each (see `DESIGN.md` §2):
//! [`load`] → [`model`] → [`rank`] → [`index`] → [`render`] → [`write`](mod@write). Each stage is a function of
//! the previous stage's value; [`build()`] folds a site through all of them and stops between
//! stages when a stage reported errors, before anything is written.

// Diagnostics travel in `Err` on purpose: they are rare, and boxing every one buys nothing.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod index;
pub mod init;
pub mod load;
pub mod model;
pub mod rank;
pub mod render;
pub mod shared;
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

/// Builds the site in `options.source` into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildOutcome, BuildError> {
    write::recover(&options.output)?;
    let mut clock = StageClock::from_env();
    let Prepared { model, mut diagnostics, complaints } =
        match prepare(&options.source, options.base_url.clone(), options.drafts, options.strict)? {
            Ok(prepared) => prepared,
            Err(diagnostics) => return Ok(failed(diagnostics)),
        };
    clock.lap("prepare");
    check_output(&options.source, &options.output, &model.config)?;
    let display = display_path(&options.source);
    let indexes = index::index_languages(&model)?;
    clock.lap("index");
    // Pages go to disk as they are rendered, into a folder beside the output: nothing of the
    // previous site changes until `commit`, and dropping `staging` on an error removes it.
    let staging = write::Staging::new(&options.output, options.force)?;
    let (rendered, search_files) = std::thread::scope(|scope| {
        // The search index is exported and written on a thread of its own while the pages
        // render: the export is serial, and its files all go into one folder, which one thread
        // at a time can fill. After the rendering, either would leave a core idle.
        let search = scope.spawn(|| -> Result<usize, BuildError> {
            let files = index::export_site(&indexes)?;
            let count = files.len();
            for (path, bytes) in files {
                staging.write(&[render::OutputFile { path, bytes }])?;
            }
            Ok(count)
        });
        let rendered = render::render(&model, &options.source, &display, &|files| staging.write(files));
        (rendered, search.join().expect("the search export does not panic"))
    });
    let (rendered, search_files) = (rendered?, search_files?);
    let rendered = match rendered {
        Ok(r) => r,
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
        pages: rendered.pages,
        files: rendered.files + search_files,
        languages: model.languages.len(),
        warnings: diagnostics,
        complaints,
    }))
}

/// Stage timings on stderr when `HELPMARK_TIMINGS` is set: where a build's time goes, for
/// benchmarks and profiling.
struct StageClock(Option<(std::time::Instant, Option<u64>)>);

impl StageClock {
    fn from_env() -> Self {
        StageClock(std::env::var_os("HELPMARK_TIMINGS").map(|_| (std::time::Instant::now(), cpu_ms())))
    }

    /// Prints the wall time of the stage just ended and, where `/proc` tells, the CPU time of
    /// the whole process during it: CPU well under twice the wall time marks a serial stretch.
    fn lap(&mut self, stage: &str) {
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

/// A model ready to index and render: popularity from the complaint logs applied.
pub struct Prepared {
    /// The model.
    pub model: model::Model,
    /// Warnings of every stage so far.
    pub diagnostics: Vec<Diagnostic>,
    /// What the complaint logs held, when `complaints:` names any.
    pub complaints: Option<rank::Summary>,
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
    let (mut model, mut diagnostics) = match load_model(source, base_url, drafts)? {
        Ok(loaded) => loaded,
        Err(diagnostics) => return Ok(Err(diagnostics)),
    };
    let mut complaints = None;
    if !model.config.complaints.sources.is_empty() {
        let (ranking, problems) = rank_model(&model, source, strict)?;
        diagnostics.extend(problems);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Ok(Err(diagnostics));
        }
        model.apply_popularity(&ranking.by_key());
        complaints = Some(ranking.summary);
    }
    Ok(Ok(Prepared { model, diagnostics, complaints }))
}

/// Runs the `rank` stage on a model: reads the logs named in `complaints:`, matches their texts
/// to entries and counts them.
pub fn rank_model(
    model: &model::Model,
    source: &Path,
    strict: bool,
) -> Result<(rank::Ranking, Vec<Diagnostic>), BuildError> {
    let display = display_path(source);
    Ok(rank::rank(model, rank::RankOptions { source, display: &display, strict })?)
}

/// The model and its warnings, or every diagnostic when the content has errors.
pub type Loaded = Result<(model::Model, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Runs the `load` and `model` stages: the model plus its warnings, or every diagnostic when
/// any is an error.
pub fn load_model(source: &Path, base_url: Option<String>, drafts: bool) -> Result<Loaded, BuildError> {
    if !source.join(config::FILE_NAME).is_file() {
        return Err(BuildError::NoSite(source.to_path_buf()));
    }
    let overrides = config::Overrides { base_url };
    let display = display_path(source);
    let (loaded, mut diagnostics) = load::load(source, &display, &overrides);
    let Some(loaded) = loaded else { return Ok(Err(diagnostics)) };
    let (model, model_diagnostics) = model::build(loaded, model::ModelOptions { drafts });
    diagnostics.extend(model_diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Err(diagnostics));
    }
    Ok(Ok((model, diagnostics)))
}

fn failed(mut diagnostics: Vec<Diagnostic>) -> BuildOutcome {
    diagnostics::sort(&mut diagnostics);
    BuildOutcome::Failed(diagnostics)
}

/// The site folder as the user would write it: `.` becomes nothing so paths read
/// `content/en/x.md`, not `./content/en/x.md`.
fn display_path(source: &Path) -> PathBuf {
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
