//! `helpmark check`.

use super::{eprint, print_diagnostics, quiet, EXIT_CONTENT};
use helpmark::check::{check, CheckOptions};
use helpmark::cli::{CheckArgs, DiagnosticFormat};
use helpmark::diagnostics::count;
use std::time::Instant;

/// Checks the site and prints every finding.
pub(crate) fn run(args: CheckArgs, quiet_flag: bool) -> anyhow::Result<u8> {
    let started = Instant::now();
    let options =
        CheckOptions { drafts: args.drafts, strict: args.strict, deny_warnings: args.diagnostics.deny.is_some() };
    let report = check(&args.source, &options)?;
    print_diagnostics(&report.diagnostics, args.diagnostics.format);
    let (errors, warnings, infos) = count(&report.diagnostics);
    if !quiet(quiet_flag) && args.diagnostics.format == DiagnosticFormat::Human {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        eprint(&format!(
            "checked {} in {} in {} ms: {}, {}, {}\n",
            plural(report.entries, "entry").replace("entrys", "entries"),
            plural(report.languages, "language"),
            started.elapsed().as_millis(),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info"),
        ));
    }
    Ok(if errors > 0 { EXIT_CONTENT } else { 0 })
}
