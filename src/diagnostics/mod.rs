//! Problems in the user's files, as values.
//!
//! A [`Diagnostic`] names a file, a byte span inside it, a message and an optional hint. Stages
//! collect them instead of stopping at the first one; the CLI renders them all (see
//! [`render_human`]) and exits 1 if any is an error. Tool failures (I/O, internal bugs) are not
//! diagnostics: they are the `Error` types of each module.

mod line_index;
mod place;
mod render_github;
mod render_human;
mod render_json;

pub use line_index::LineIndex;
pub use place::{Place, Places};
pub use render_github::render_github;
pub use render_human::render_human;
pub use render_json::{render_json, JSON_VERSION};

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// How bad a diagnostic is: errors fail the build, warnings do not (unless `--deny warnings`),
/// infos never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site builds, but something is probably not what the editor wanted.
    Warning,
    /// Worth knowing, nothing to fix: `helpmark check` only (an id helpmark chose, say).
    Info,
}

impl Severity {
    /// The word printed for it: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Stable diagnostic codes. The explanation of each lives here once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// YAML that does not parse.
    InvalidYaml,
    /// An entry or category without a title.
    MissingTitle,
    /// A key that helpmark does not know.
    UnknownKey,
    /// Two entries with the same id in one language.
    DuplicateId,
    /// A `related` id that names no entry.
    UnknownRelated,
    /// A file that is not UTF-8.
    NotUtf8,
    /// A file with no content at all.
    EmptyFile,
    /// A file or folder that cannot be read while walking (symlink loops included).
    WalkError,
    /// An id or slug that is not a safe path segment.
    UnsafeId,
    /// An entry without a `---` front matter block.
    MissingFrontMatter,
    /// A value of the right key but the wrong shape (a bad date, say).
    InvalidValue,
    /// A Markdown link to a `.md` file that is not an entry.
    BrokenLink,
    /// Something wrong in `helpmark.yaml` beyond its YAML syntax.
    InvalidConfig,
    /// A language folder that the config does not list, or the reverse.
    UnknownLanguage,
    /// A translation whose original (same path in the default language) does not exist.
    OrphanTranslation,
    /// A theme template that does not parse or render.
    ThemeError,
    /// A complaint log, or a row of one, that cannot be used (malformed, bad date, unknown id
    /// or language).
    InvalidComplaintRow,
    /// Two files of the site (pages, generated files, copied assets) would go to one output
    /// path, or a file would sit where a folder must.
    OutputCollision,
    /// A brand colour that text cannot be read in on the theme's backgrounds (WCAG AA).
    LowContrast,
    // HM030 to HM039: what `helpmark check` finds beyond the build (the build reports
    // `MissingFile` too: it would publish a broken link).
    /// A link or image whose file is not in `content/` (an image, a PDF, any attachment).
    MissingFile,
    /// A `#fragment` that names no heading of the page it points into.
    MissingAnchor,
    /// A link to an entry's page (`refund.html`) instead of its file (`refund.md`).
    PageLink,
    /// An image without alt text.
    MissingAlt,
    /// An entry whose answer is empty.
    EmptyAnswer,
    /// Two entries of one language that ask the same question.
    NearDuplicate,
    /// Entries of the default language that a language has no translation of.
    MissingTranslation,
    /// A translation whose source changed after it was translated.
    StaleTranslation,
    /// A category whose title is not translated into a language that has entries in it.
    UntranslatedCategory,
    /// An entry whose default id is not its file name, which another entry uses.
    QualifiedId,
}

impl Code {
    /// The code as printed: `HM001` and so on. Never renumber: users search for these.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidYaml => "HM001",
            Code::MissingTitle => "HM002",
            Code::UnknownKey => "HM003",
            Code::DuplicateId => "HM004",
            Code::UnknownRelated => "HM005",
            Code::NotUtf8 => "HM006",
            Code::EmptyFile => "HM007",
            Code::WalkError => "HM008",
            Code::UnsafeId => "HM009",
            Code::MissingFrontMatter => "HM010",
            Code::InvalidValue => "HM011",
            Code::BrokenLink => "HM012",
            Code::InvalidConfig => "HM013",
            Code::UnknownLanguage => "HM014",
            Code::OrphanTranslation => "HM015",
            Code::ThemeError => "HM016",
            Code::InvalidComplaintRow => "HM017",
            Code::OutputCollision => "HM018",
            Code::LowContrast => "HM019",
            Code::MissingFile => "HM030",
            Code::MissingAnchor => "HM031",
            Code::PageLink => "HM032",
            Code::MissingAlt => "HM033",
            Code::EmptyAnswer => "HM034",
            Code::NearDuplicate => "HM035",
            Code::MissingTranslation => "HM036",
            Code::StaleTranslation => "HM037",
            Code::UntranslatedCategory => "HM038",
            Code::QualifiedId => "HM039",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which rule was broken.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Lower-case, no trailing period, names in backticks.
    pub message: String,
    /// The file, as the user would type it (the source folder joined with the relative path).
    pub path: PathBuf,
    /// Byte range inside the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Another place that explains this one (the first of two duplicate ids, say).
    pub related: Option<(PathBuf, Option<Range<usize>>, String)>,
    /// The 1-based line of `span` in a file that must be neither quoted nor read again to
    /// render it: a complaint log, whose lines hold personal data and which may be hundreds of
    /// megabytes. Rendered as `path:line`, without the source line.
    pub line: Option<u64>,
}

impl Diagnostic {
    /// An error at `span` in `path`.
    pub fn error(code: Code, path: impl Into<PathBuf>, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            path: path.into(),
            span,
            hint: None,
            related: None,
            line: None,
        }
    }

    /// An info at `span` in `path`.
    pub fn info(code: Code, path: impl Into<PathBuf>, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Info, ..Diagnostic::error(code, path, span, message) }
    }

    /// A warning at `span` in `path`.
    pub fn warning(
        code: Code,
        path: impl Into<PathBuf>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, path, span, message) }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the line of the span instead of quoting it (see [`Diagnostic::line`]).
    pub fn on_unquoted_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// Adds a related place.
    pub fn with_related(
        mut self,
        path: impl Into<PathBuf>,
        span: Option<Range<usize>>,
        note: impl Into<String>,
    ) -> Self {
        self.related = Some((path.into(), span, note.into()));
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `--deny warnings`: every warning becomes an error (infos stay infos).
pub fn deny_warnings(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
    }
}

/// How many errors, warnings and infos there are.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize, usize) {
    let of = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    (of(Severity::Error), of(Severity::Warning), of(Severity::Info))
}

/// Sorts diagnostics into a stable order (file, position, code) so output is deterministic
/// whatever order the parallel stages produced them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.span.as_ref().map(|s| s.start), a.code, &a.message).cmp(&(
            &b.path,
            b.span.as_ref().map(|s| s.start),
            b.code,
            &b.message,
        ))
    });
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_key() {
        assert_eq!(did_you_mean("titel", ["title", "tags", "id"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "tags"]), None);
    }
}
