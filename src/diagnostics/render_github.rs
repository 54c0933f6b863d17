//! Renders diagnostics as GitHub Actions workflow commands, which GitHub shows as annotations
//! on the files and lines of a pull request:
//!
//! ```text
//! ::error file=content/en/orders/refund.md,line=7,col=5,endLine=7,endColumn=31,title=HM030::link to `x.pdf` …%0Ahint: …
//! ```
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. The hint follows the message
//! on a line of its own (`%0A`, as the workflow-command syntax escapes a line break).

use super::{Diagnostic, Places, Severity};
use std::fmt::Write;

/// One workflow command per diagnostic, each on its line.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut places = Places::new();
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", property(&d.path.display().to_string()));
        if let Some(place) = places.of(d) {
            let _ = write!(properties, ",line={}", place.line);
            if let Some(column) = place.column {
                let _ = write!(properties, ",col={column}");
            }
            if let (Some(line), Some(column)) = (place.end_line, place.end_column) {
                let _ = write!(properties, ",endLine={line},endColumn={column}");
            }
        }
        let _ = write!(properties, ",title={}", property(d.code.as_str()));
        let mut message = d.message.clone();
        if let Some((path, _, note)) = &d.related {
            let _ = write!(message, "\nnote: {note}: {}", path.display());
        }
        if let Some(hint) = &d.hint {
            let _ = write!(message, "\nhint: {hint}");
        }
        let _ = writeln!(out, "::{command} {properties}::{}", data(&message));
    }
    out
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn messages_and_properties_are_escaped() {
        let d = Diagnostic::warning(Code::MissingAlt, "content/a,b.md", None, "50% done: yes")
            .with_hint("line one\nline two");
        assert_eq!(
            render_github(&[d]),
            "::warning file=content/a%2Cb.md,title=HM033::50%25 done: yes%0Ahint: line one%0Aline two\n"
        );
    }
}
