//! Glue between the CLI and the library: one function per subcommand, no logic of their own.
//! Each returns the process exit code: 0 success, 1 the content has errors, 2 usage or
//! operational failure (reported through `anyhow`).

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod report;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod theme;

use helpmark::cli::DiagnosticFormat;
use helpmark::diagnostics::{render_github, render_human, render_json, Diagnostic};
use std::io::Write;

/// Exit code: the content has errors.
pub(crate) const EXIT_CONTENT: u8 = 1;

/// Whether to stay quiet about success (in CI, or when asked).
pub(crate) fn quiet(flag: bool) -> bool {
    flag || std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Writes to stdout; a closed pipe (`helpmark search … | head`) is not an error.
pub(crate) fn print(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Writes to stderr; a closed pipe is not an error.
pub(crate) fn eprint(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Prints diagnostics in `format`: people's on stderr, machines' (JSON, GitHub annotations) on
/// stdout, where a script or the Actions runner reads them.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic], format: DiagnosticFormat) {
    match format {
        DiagnosticFormat::Human => eprint(&render_human(diagnostics)),
        DiagnosticFormat::Json => print(&render_json(diagnostics)),
        DiagnosticFormat::Github => print(&render_github(diagnostics)),
    }
}
