//! Byte spans → lines and columns, for the machine-readable renderers (JSON, GitHub
//! annotations). Each file is read once, however many diagnostics name it.

use super::{Diagnostic, LineIndex};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where a diagnostic is, in 1-based lines and columns (columns count chars, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Line of the span's start.
    pub line: u64,
    /// Column of the span's start; `None` for a diagnostic that names only its line.
    pub column: Option<u64>,
    /// Line of the span's end (the last character, so a one-line span ends on its line).
    pub end_line: Option<u64>,
    /// Column just after the span's last character.
    pub end_column: Option<u64>,
}

/// The files read so far, with their line indexes.
#[derive(Debug, Default)]
pub struct Places {
    sources: HashMap<PathBuf, Option<(String, LineIndex)>>,
}

impl Places {
    /// No file read yet.
    pub fn new() -> Self {
        Places::default()
    }

    /// Where `d` is: `None` when it names no place inside its file (or the file cannot be
    /// read any more). A diagnostic that names its line ([`Diagnostic::line`]) is placed
    /// without reading its file.
    pub fn of(&mut self, d: &Diagnostic) -> Option<Place> {
        if let Some(line) = d.line {
            return Some(Place { line, column: None, end_line: None, end_column: None });
        }
        self.span(&d.path, d.span.clone()?)
    }

    /// Where `span` of the file at `path` is.
    pub fn span(&mut self, path: &Path, span: Range<usize>) -> Option<Place> {
        let source = self.sources.entry(path.to_path_buf()).or_insert_with(|| {
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let index = LineIndex::new(&text);
            Some((text, index))
        });
        let (text, index) = source.as_ref()?;
        let (line, column) = index.line_col(text, span.start);
        let (end_line, end_column) = index.line_col(text, span.end.max(span.start));
        Some(Place {
            line: line as u64,
            column: Some(column as u64),
            end_line: Some(end_line as u64),
            end_column: Some(end_column as u64),
        })
    }
}
