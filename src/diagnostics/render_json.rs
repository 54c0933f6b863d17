//! Renders diagnostics as one JSON document, for scripts and editors. The shape (version 1,
//! documented in the README and held by a CLI test):
//!
//! ```json
//! {
//!   "version": 1,
//!   "summary": {"errors": 1, "warnings": 0, "infos": 0},
//!   "diagnostics": [{
//!     "code": "HM030", "severity": "error", "message": "…",
//!     "file": "content/en/orders/refund.md", "line": 7, "column": 5,
//!     "end_line": 7, "end_column": 31, "hint": "…" | null,
//!     "related": {"file": "…", "line": 3 | null, "column": 1 | null, "message": "…"} | null
//!   }]
//! }
//! ```
//!
//! `line`, `column`, `end_line` and `end_column` are 1-based (columns in characters) and
//! `null` when the diagnostic is about a whole file; the list is in the order of the human
//! output (file, position, code).

use super::{count, Diagnostic, Places};
use serde_json::{json, Value};

/// Version of the JSON shape; raised only when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// The JSON document for `diagnostics`, pretty-printed, with a final newline.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let mut places = Places::new();
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let place = places.of(d);
            let related = d.related.as_ref().map(|(path, span, note)| {
                let at = span.clone().and_then(|s| places.span(path, s));
                json!({
                    "file": path.display().to_string(),
                    "line": at.map(|p| p.line),
                    "column": at.and_then(|p| p.column),
                    "message": note,
                })
            });
            json!({
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": d.path.display().to_string(),
                "line": place.map(|p| p.line),
                "column": place.and_then(|p| p.column),
                "end_line": place.and_then(|p| p.end_line),
                "end_column": place.and_then(|p| p.end_column),
                "hint": d.hint,
                "related": related,
            })
        })
        .collect();
    let (errors, warnings, infos) = count(diagnostics);
    let document = json!({
        "version": JSON_VERSION,
        "summary": {"errors": errors, "warnings": warnings, "infos": infos},
        "diagnostics": items,
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}
