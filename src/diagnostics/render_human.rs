//! Renders diagnostics for people, in the style of rustc:
//!
//! ```text
//! error[HM003]: unknown key `titel` in front matter
//!   --> content/en/orders/refund.md:2:1
//!    |
//!  2 | titel: How do I get a refund?
//!    | ^^^^^
//!    = hint: did you mean `title`?
//! ```

use super::{Diagnostic, LineIndex};
use std::collections::HashMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Renders every diagnostic, reading each file once for its line index; a file that cannot be
/// read any more is rendered without the source line, and a diagnostic that names its line
/// ([`Diagnostic::line`]) is rendered without reading the file.
pub fn render_human(diagnostics: &[Diagnostic]) -> String {
    let mut sources: HashMap<PathBuf, Option<(String, LineIndex)>> = HashMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        match d.line {
            // Not quoted, not read: the file holds personal data (see `Diagnostic::line`).
            Some(line) => {
                let _ = writeln!(out, "  --> {}:{line}", d.path.display());
            }
            None => write_place(&mut out, &mut sources, &d.path, d.span.clone(), true),
        }
        if let Some((path, span, note)) = &d.related {
            let _ = writeln!(out, "   = note: {note}");
            write_place(&mut out, &mut sources, path, span.clone(), false);
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "   = hint: {hint}");
        }
        out.push('\n');
    }
    out
}

fn write_place(
    out: &mut String,
    sources: &mut HashMap<PathBuf, Option<(String, LineIndex)>>,
    path: &Path,
    span: Option<std::ops::Range<usize>>,
    excerpt: bool,
) {
    let source = sources.entry(path.to_path_buf()).or_insert_with(|| {
        let bytes = std::fs::read(path).ok()?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let index = LineIndex::new(&text);
        Some((text, index))
    });
    let display = path.display();
    match (span, source.as_ref()) {
        (Some(span), Some((text, index))) => {
            let (line, col) = index.line_col(text, span.start);
            let _ = writeln!(out, "  --> {display}:{line}:{col}");
            if excerpt {
                let line_text = index.line_text(text, line);
                let width = line.to_string().len();
                let line_end = index.line_start(line) + line_text.len();
                let marked = text.get(span.start..span.end.min(line_end)).map_or(1, |s| s.chars().count()).max(1);
                let _ = writeln!(out, "{:>width$} |", "", width = width + 1);
                let _ = writeln!(out, "{line:>width$} | {line_text}", width = width + 1);
                let _ =
                    writeln!(out, "{:>width$} | {}{}", "", " ".repeat(col - 1), "^".repeat(marked), width = width + 1);
            }
        }
        _ => {
            let _ = writeln!(out, "  --> {display}");
        }
    }
}
