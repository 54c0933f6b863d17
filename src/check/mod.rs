//! `helpmark check`: every diagnostic a build would give, all in one run (see
//! [`crate::analyze`]), plus what only a reader would notice: links and anchors that lead
//! nowhere, images without alt text, empty answers (the model finds them, see
//! `model::links`), ids helpmark chose ([`ids`]), near-duplicate questions ([`duplicates`]),
//! and translations that are missing, out of date or leave a category's title in the default
//! language ([`translations`]). Nothing is written.

pub mod duplicates;
pub mod ids;
pub mod translations;

use crate::diagnostics::{self, Diagnostic};
use crate::{render_diagnostics, AnalyzeOptions, BuildError};
use std::path::Path;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Check drafts as if they were published.
    pub drafts: bool,
    /// Bad complaint-log rows are errors.
    pub strict: bool,
    /// Warnings are errors.
    pub deny_warnings: bool,
}

/// What `check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every finding, sorted (file, position, code).
    pub diagnostics: Vec<Diagnostic>,
    /// Entries checked (published ones, every language).
    pub entries: usize,
    /// Languages checked.
    pub languages: usize,
}

/// Checks the site in `source`.
pub fn check(source: &Path, options: &CheckOptions) -> Result<CheckReport, BuildError> {
    // `HELPMARK_TIMINGS` prints each step's time, as for `build`.
    let mut clock = crate::StageClock::from_env();
    let analysis = crate::analyze_timed(
        source,
        &AnalyzeOptions {
            base_url: None,
            drafts: options.drafts,
            strict: options.strict,
            rank: true,
            keep_files: true,
        },
        &mut clock,
    )?;
    let mut found = render_diagnostics(&analysis, source);
    clock.lap("render");
    found.extend(analysis.model.lints.iter().cloned());
    found.extend(ids::qualified(&analysis.model));
    let default_folder = format!("{}/", analysis.model.config.default_language());
    // Without language folders (the error says how to make them) there are no translations yet.
    if analysis.model.languages.len() > 1 && analysis.files.iter().any(|f| f.rel.starts_with(&default_folder)) {
        let history = crate::shared::git::History::read(source);
        found.extend(translations::check(&analysis.model, &analysis.files, &crate::display_path(source), &history));
        clock.lap("translations");
    }
    found.extend(duplicates::near_duplicates(&analysis.model, duplicates::THRESHOLD)?);
    clock.lap("near-duplicates");
    let mut all = analysis.diagnostics;
    all.extend(found);
    if options.deny_warnings {
        diagnostics::deny_warnings(&mut all);
    }
    diagnostics::sort(&mut all);
    all.dedup();
    Ok(CheckReport {
        diagnostics: all,
        entries: analysis.model.languages.iter().map(|l| l.entries.len()).sum(),
        languages: analysis.model.languages.len(),
    })
}
