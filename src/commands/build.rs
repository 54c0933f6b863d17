//! `helpmark build`.

use super::{eprint, print_diagnostics, quiet, EXIT_CONTENT};
use helpmark::cli::{BuildArgs, DiagnosticFormat};
use helpmark::diagnostics::Severity;
use helpmark::{BuildOptions, BuildOutcome};
use std::time::Instant;

/// Builds the site and prints diagnostics and a summary.
pub(crate) fn run(args: BuildArgs, quiet_flag: bool) -> anyhow::Result<u8> {
    let started = Instant::now();
    let output = args.output.unwrap_or_else(|| {
        if args.source == std::path::Path::new(".") {
            "public".into()
        } else {
            args.source.join("public")
        }
    });
    let options = BuildOptions {
        source: args.source,
        output: output.clone(),
        base_url: args.base_url,
        drafts: args.drafts,
        strict: args.strict,
        force: args.force,
        deny_warnings: args.diagnostics.deny.is_some(),
    };
    let format = args.diagnostics.format;
    // JSON is one document, printed even when there is nothing to say.
    let print_all = |d: &[helpmark::diagnostics::Diagnostic]| {
        if !d.is_empty() || format == DiagnosticFormat::Json {
            print_diagnostics(d, format);
        }
    };
    match helpmark::build(&options)? {
        BuildOutcome::Built(report) => {
            print_all(&report.warnings);
            if !quiet(quiet_flag) {
                let warnings = report.warnings.len();
                let warned = if warnings > 0 {
                    format!(" with {warnings} warning{}", if warnings == 1 { "" } else { "s" })
                } else {
                    String::new()
                };
                if let Some(c) = &report.complaints {
                    eprint(&format!(
                        "ranked by {} complaint rows: {} by entry id, {} matched, {} unmatched, {} outside the window, {}\n",
                        c.rows,
                        c.by_id,
                        c.matched,
                        c.unmatched,
                        c.outside_window,
                        c.describe_skipped()
                    ));
                }
                eprint(&format!(
                    "built {} pages in {} language{} in {} ms{warned} → {}\n",
                    report.pages,
                    report.languages,
                    if report.languages == 1 { "" } else { "s" },
                    started.elapsed().as_millis(),
                    output.display()
                ));
            }
            Ok(0)
        }
        BuildOutcome::Failed(diagnostics) => {
            print_all(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            eprint(&format!(
                "build failed: {errors} error{}; `{}` was left as it was\n",
                if errors == 1 { "" } else { "s" },
                output.display()
            ));
            Ok(EXIT_CONTENT)
        }
    }
}
