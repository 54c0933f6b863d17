//! Readers for complaint logs: CSV with a header row, and JSON Lines. They only split files into
//! rows and pick the mapped columns; what the values mean (dates, ids, languages) is checked by
//! the caller. Format problems (a malformed row, a missing column) are diagnostics with the
//! file and line; reading goes on with the next row.
//!
//! Both read the file as a stream (a `BufReader`, one line at a time into a reused buffer), so
//! memory does not grow with the log. Diagnostics name the line and the column, never the row's
//! text: logs hold personal data ([`Diagnostic::line`]).
//!
//! A CSV field that opens a quote and never closes it would swallow every row after it. The
//! CSV reader notices when a quoted field runs over lines that look like whole rows (the
//! header's number of fields and a date in the date column), or reaches the end of the file,
//! or grows past [`MAX_FIELD_LINES`]: the row is reported where the quote opened and skipped,
//! and reading starts again on the next line, so the rows it covered are read as rows. Its
//! diagnostic says how many rows the quote would have swallowed (up to the line where a
//! quote-aware reader would have closed it).
//!
//! Unmapped columns are found by their usual names in help-desk exports, case-insensitively:
//! the first of each list below that the header has (for the text, every one it has, in this
//! order, joined by a space).

use super::{mask, Skip};
use crate::config::{Columns, ComplaintSource, LogFormat};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::shared::date;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::ops::Range;
use std::path::Path;

/// Usual names of text columns (all that are present are joined, in this order).
pub const TEXT_NAMES: &[&str] =
    &["subject", "body", "text", "query", "q", "question", "message", "description", "complaint", "comment"];
/// Usual names of the date column.
pub const DATE_NAMES: &[&str] = &["date", "created_at", "created", "at", "timestamp", "time", "submitted_at"];
/// Usual names of the entry-id column (never a plain `id`, which is usually the ticket's own).
pub const ID_NAMES: &[&str] = &["entry_id", "entry", "faq_id", "article_id"];
/// Usual names of the channel column.
pub const CHANNEL_NAMES: &[&str] = &["channel", "source", "via"];
/// Usual names of the count column.
pub const COUNT_NAMES: &[&str] = &["count", "searches", "hits", "volume"];
/// Usual names of the language column.
pub const LANGUAGE_NAMES: &[&str] = &["language", "lang", "locale"];
/// Usual names of the first-response column.
pub const FIRST_RESPONSE_NAMES: &[&str] =
    &["first_response_at", "first_response", "first_reply_at", "first_response_hours"];

/// Lines a quoted CSV field may run over before it is taken for a quote left open.
pub const MAX_FIELD_LINES: usize = 1000;
/// Bytes a quoted CSV field may hold before it is taken for a quote left open.
const MAX_FIELD_BYTES: usize = 1 << 20;

/// A value and the column (CSV) or key (JSON Lines) it came from, for diagnostics.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// The column's name as the file writes it.
    pub column: &'a str,
    /// The value, trimmed.
    pub value: Cow<'a, str>,
}

/// One row of a log, borrowed from the reader's buffer.
#[derive(Debug)]
pub struct RawRow<'a> {
    /// 1-based line of the row's start.
    pub line: u64,
    /// Byte range of the row's first line in the file (for ordering diagnostics).
    pub span: Range<usize>,
    /// The text columns joined by a space; empty when there are none or all are empty.
    pub text: Cow<'a, str>,
    /// The first text column when the row has several (a ticket's subject), if not empty.
    pub subject: Option<Cow<'a, str>>,
    /// The date column (its value empty when the row has none).
    pub date: Field<'a>,
    /// The entry id, if the row has a non-empty one.
    pub id: Option<Field<'a>>,
    /// The channel, if non-empty.
    pub channel: Option<Cow<'a, str>>,
    /// The count, if non-empty.
    pub count: Option<Field<'a>>,
    /// The language, if non-empty.
    pub language: Option<Field<'a>>,
    /// The first-response value, if non-empty.
    pub first_response: Option<Field<'a>>,
}

/// A bad row the reader skipped: why (for the summary) and the diagnostic.
pub struct BadRow {
    /// The reason counted in the summary.
    pub skip: Skip,
    /// Always shown, even past the per-file limit (a broken quote explains the rows after it).
    pub always_shown: bool,
    /// What to tell the user.
    pub diagnostic: Diagnostic,
}

/// Reads `path` (shown as `display`) and calls `row` for every well-formed row and `bad_row`
/// for every malformed one. Returns the number of rows a broken quote would have swallowed
/// and that were read on their own; `Err` for a file that cannot be used at all.
pub fn read_file(
    path: &Path,
    display: &Path,
    source: &ComplaintSource,
    bad_row: &mut dyn FnMut(BadRow),
    row: &mut dyn FnMut(RawRow<'_>),
) -> Result<u64, Diagnostic> {
    let cannot_read = |e: std::io::Error| {
        Diagnostic::error(Code::InvalidComplaintRow, display, None, format!("cannot read the complaint log: {e}"))
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut lines = Lines::new(BufReader::with_capacity(1 << 16, file));
    match source.format {
        LogFormat::Csv => read_csv(&mut lines, display, &source.columns, bad_row, row),
        LogFormat::JsonLines => {
            read_jsonl(&mut lines, display, &Keys { columns: &source.columns }, bad_row, row).map_err(cannot_read)?;
            Ok(0)
        }
    }
}

/// A warning about a row, placed on its line without quoting it.
fn row_warning(display: &Path, line: u64, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(Code::InvalidComplaintRow, display, Some(span), message).on_unquoted_line(line)
}

/// One physical line of a file, without its line break.
struct Line {
    /// 1-based.
    number: u64,
    /// Byte offset of its start.
    offset: u64,
    bytes: Vec<u8>,
}

/// The lines of a file, with lines put back to be read again first.
struct Lines<R> {
    reader: R,
    next_number: u64,
    next_offset: u64,
    replay: VecDeque<Line>,
    /// The buffer of the last line read from the file (reused).
    current: Line,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Lines {
            reader,
            next_number: 1,
            next_offset: 0,
            replay: VecDeque::new(),
            current: Line { number: 0, offset: 0, bytes: Vec::new() },
        }
    }

    /// The next line, `None` at the end of the file.
    fn next(&mut self) -> std::io::Result<Option<&Line>> {
        if let Some(line) = self.replay.pop_front() {
            self.current = line;
            return Ok(Some(&self.current));
        }
        self.current.bytes.clear();
        let n = self.reader.read_until(b'\n', &mut self.current.bytes)?;
        if n == 0 {
            return Ok(None);
        }
        self.current.number = self.next_number;
        self.current.offset = self.next_offset;
        self.next_number += 1;
        self.next_offset += n as u64;
        let b = &mut self.current.bytes;
        if b.last() == Some(&b'\n') {
            b.pop();
            if b.last() == Some(&b'\r') {
                b.pop();
            }
        }
        Ok(Some(&self.current))
    }

    /// A copy of the line just read, to put back later.
    fn keep(&self) -> Line {
        Line { number: self.current.number, offset: self.current.offset, bytes: self.current.bytes.clone() }
    }
}

/// Where the CSV parser is inside a record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
}

/// One CSV record being parsed: its fields' bytes end to end and where each ends.
#[derive(Default)]
struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    state: Option<State>,
}

impl Record {
    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.state = None;
    }

    /// Parses one more line of the record; `true` when the record is complete at its end.
    /// Quotes follow RFC 4180 as the `csv` crate reads them: a field that starts with `"` is
    /// quoted, `""` inside it is a quote, and a quote anywhere else is a character.
    fn feed(&mut self, line: &[u8]) -> bool {
        let mut state = match self.state {
            None => State::FieldStart,
            Some(s) => {
                // The line break belongs to the quoted field.
                self.bytes.push(b'\n');
                s
            }
        };
        for &b in line {
            state = match (state, b) {
                (State::FieldStart | State::Unquoted, b',') => {
                    self.ends.push(self.bytes.len());
                    State::FieldStart
                }
                (State::FieldStart, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') => {
                    self.bytes.push(b'"');
                    State::Quoted
                }
                (State::QuoteInQuoted, b',') => {
                    self.ends.push(self.bytes.len());
                    State::FieldStart
                }
                (State::Quoted, _) => {
                    self.bytes.push(b);
                    State::Quoted
                }
                (_, _) => {
                    self.bytes.push(b);
                    State::Unquoted
                }
            };
        }
        if state == State::Quoted {
            self.state = Some(state);
            false
        } else {
            self.ends.push(self.bytes.len());
            self.state = None;
            true
        }
    }

    fn field(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Follows a quote left open the way a quote-aware reader would, line after line, to tell how
/// many rows it would have swallowed.
struct OpenQuote {
    /// Where it opened.
    line: u64,
    span: Range<usize>,
    /// Rows read since (each would have been part of the broken row).
    rows: u64,
    state: State,
}

impl OpenQuote {
    /// Feeds a line; `true` when the quote-aware reader's record would end with it.
    fn feed(&mut self, line: &[u8]) -> bool {
        for &b in line {
            self.state = match (self.state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::FieldStart, b'"') => State::Quoted,
                (State::QuoteInQuoted | State::FieldStart | State::Unquoted, b',') => State::FieldStart,
                _ => State::Unquoted,
            };
        }
        if self.state == State::Quoted {
            false
        } else {
            self.state = State::FieldStart;
            true
        }
    }

    fn diagnostic(&self, display: &Path, closed_at: Option<u64>) -> BadRow {
        let rows = self.rows;
        let plural = if rows == 1 { "" } else { "s" };
        let message = match closed_at {
            None if rows == 0 => "a quote opened in this row is never closed".to_string(),
            None => format!(
                "a quote opened in this row is never closed: it would swallow the {rows} row{plural} after it, \
                 to the end of the file"
            ),
            Some(end) => format!(
                "a quote opened in this row runs on to line {end}: it would swallow the {rows} row{plural} after it"
            ),
        };
        BadRow {
            skip: Skip::Malformed,
            always_shown: true,
            diagnostic: row_warning(display, self.line, self.span.clone(), message).with_hint(
                "this row was skipped and the rows after it were read on their own; close the quote, or double \
                 quotes inside quoted fields (`\"\"`)",
            ),
        }
    }
}

/// Where each wanted value sits in a CSV row.
struct Layout {
    text: Vec<usize>,
    date: usize,
    id: Option<usize>,
    channel: Option<usize>,
    count: Option<usize>,
    language: Option<usize>,
    first_response: Option<usize>,
}

fn read_csv<R: BufRead>(
    lines: &mut Lines<R>,
    display: &Path,
    columns: &Columns,
    bad_row: &mut dyn FnMut(BadRow),
    row: &mut dyn FnMut(RawRow<'_>),
) -> Result<u64, Diagnostic> {
    let io_error = |e: std::io::Error| {
        Diagnostic::error(Code::InvalidComplaintRow, display, None, format!("cannot read the complaint log: {e}"))
    };
    let (header, header_span) = read_header(lines, display)?;
    let layout = layout(&header, columns, display, &header_span)?;
    let mut record = Record::default();
    let width = header.len();
    let mut reading = CsvRows { open_quotes: Vec::new(), recovered: 0 };
    // The lines of the record being read, while it runs over several.
    let mut pending: Vec<Line> = Vec::new();
    let mut pending_bytes = 0usize;
    let mut scratch = Record::default();
    loop {
        let Some(line) = lines.next().map_err(io_error)? else {
            if pending.is_empty() {
                break;
            }
            // The end of the file inside a quoted field: the quote was left open.
            reading.reopen(lines, &mut pending, display, bad_row);
            pending_bytes = 0;
            record.clear();
            continue;
        };
        if pending.is_empty() && line.bytes.is_empty() {
            continue;
        }
        if !pending.is_empty() {
            // A line inside a quoted field that reads as a whole row of its own: the quote
            // was left open. So is a field that runs on too long.
            pending_bytes += line.bytes.len();
            let too_long = pending.len() >= MAX_FIELD_LINES || pending_bytes > MAX_FIELD_BYTES;
            if too_long || looks_like_row(&mut scratch, &line.bytes, width, layout.date) {
                pending.push(lines.keep());
                reading.reopen(lines, &mut pending, display, bad_row);
                pending_bytes = 0;
                record.clear();
                continue;
            }
        }
        if !record.feed(&line.bytes) {
            pending.push(lines.keep());
            continue;
        }
        if !reading.open_quotes.is_empty() {
            for (k, l) in pending.iter().enumerate() {
                reading.commit(&l.bytes, k == 0, l.number, display, bad_row);
            }
            reading.commit(&line.bytes, pending.is_empty(), line.number, display, bad_row);
        }
        let (number, offset, len) = match pending.first() {
            Some(first) => (first.number, first.offset as usize, first.bytes.len()),
            None => (line.number, line.offset as usize, line.bytes.len()),
        };
        emit_csv(&record, &header, &layout, width, display, number, offset..offset + len.max(1), bad_row, row);
        pending.clear();
        pending_bytes = 0;
        record.clear();
    }
    for q in reading.open_quotes {
        bad_row(q.diagnostic(display, None));
        reading.recovered += q.rows;
    }
    Ok(reading.recovered)
}

/// The header's column names, and its line and span.
type Header = (Vec<String>, (u64, Range<usize>));

/// The header row: the first line that is not empty, on one line.
fn read_header<R: BufRead>(lines: &mut Lines<R>, display: &Path) -> Result<Header, Diagnostic> {
    let mut record = Record::default();
    loop {
        let line = lines.next().map_err(|e| {
            Diagnostic::error(Code::InvalidComplaintRow, display, None, format!("cannot read the complaint log: {e}"))
        })?;
        let Some(line) = line else {
            return Err(Diagnostic::error(Code::InvalidComplaintRow, display, None, "the file is empty")
                .with_hint("export the log with its header row"));
        };
        let bytes = line.bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line.bytes);
        if bytes.is_empty() {
            continue;
        }
        let span = line.offset as usize..(line.offset as usize + line.bytes.len()).max(line.offset as usize + 1);
        if !record.feed(bytes) {
            return Err(Diagnostic::error(
                Code::InvalidComplaintRow,
                display,
                Some(span),
                "the header row opens a quote it does not close",
            )
            .on_unquoted_line(line.number));
        }
        let names: Vec<String> = (0..record.len())
            .map(|i| String::from_utf8_lossy(record.field(i).unwrap_or_default()).trim().to_string())
            .collect();
        return Ok((names, (line.number, span)));
    }
}

/// The text of the row that starts at byte `offset` of `path` (its text columns joined, as
/// [`RawRow::text`], and its [`RawRow::subject`]), read again for a report: the ranking keeps
/// only the normalised text of each row. `None` if the file no longer holds a row there.
pub fn text_at(path: &Path, source: &ComplaintSource, offset: u64) -> Option<(String, Option<String>)> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let columns = &source.columns;
    let mut lines = Lines::new(BufReader::new(file.try_clone().ok()?));
    let csv = match source.format {
        LogFormat::Csv => {
            let (header, header_span) = read_header(&mut lines, path).ok()?;
            let layout = layout(&header, columns, path, &header_span).ok()?;
            Some((header, layout))
        }
        LogFormat::JsonLines => None,
    };
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut lines = Lines::new(BufReader::new(file));
    lines.next_offset = offset;
    match csv {
        Some((header, layout)) => {
            let mut record = Record::default();
            for _ in 0..MAX_FIELD_LINES {
                let line = lines.next().ok()??;
                if !record.feed(&line.bytes) {
                    continue;
                }
                if record.len() != header.len() {
                    return None;
                }
                let texts = layout
                    .text
                    .iter()
                    .map(|&i| std::str::from_utf8(record.field(i).unwrap_or_default()).ok())
                    .collect::<Option<Vec<&str>>>()?;
                let subject = subject_of(&texts).map(Cow::into_owned);
                return Some((join_text(texts).into_owned(), subject));
            }
            None
        }
        None => {
            let line = lines.next().ok()??;
            let object = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&line.bytes).ok()?;
            let keys = Keys { columns };
            let row = keys.row(&object, 0, 0..1).ok()?;
            Some((row.text.into_owned(), row.subject.map(Cow::into_owned)))
        }
    }
}

/// What the CSV reader keeps across rows about quotes left open.
struct CsvRows {
    /// Broken quotes a quote-aware reader would still be inside.
    open_quotes: Vec<OpenQuote>,
    /// Rows read on their own that a broken quote would have swallowed.
    recovered: u64,
}

impl CsvRows {
    /// Follows the open quotes over one line read for good (`starts_row`: the first line of a
    /// row), and reports those that close with it.
    fn commit(&mut self, bytes: &[u8], starts_row: bool, line: u64, display: &Path, bad_row: &mut dyn FnMut(BadRow)) {
        let recovered = &mut self.recovered;
        self.open_quotes.retain_mut(|q| {
            if starts_row {
                q.rows += 1;
            }
            if q.feed(bytes) {
                bad_row(q.diagnostic(display, Some(line)));
                *recovered += q.rows;
                false
            } else {
                true
            }
        });
    }

    /// The record in `pending` opened a quote that was left open: its first line is dropped
    /// (and reported once a quote-aware reader's view of it closes), the others are put back
    /// to be read again, as rows.
    fn reopen<R: BufRead>(
        &mut self,
        lines: &mut Lines<R>,
        pending: &mut Vec<Line>,
        display: &Path,
        bad_row: &mut dyn FnMut(BadRow),
    ) {
        let mut drained = pending.drain(..);
        let Some(first) = drained.next() else { return };
        let rest: Vec<Line> = drained.collect();
        for line in rest.into_iter().rev() {
            lines.replay.push_front(line);
        }
        // For a quote opened earlier, the broken row is a row like the others.
        self.commit(&first.bytes, true, first.number, display, bad_row);
        let offset = first.offset as usize;
        let span = offset..offset + first.bytes.len().max(1);
        self.open_quotes.push(OpenQuote { line: first.number, span, rows: 0, state: State::Quoted });
    }
}

/// Whether `line`, read alone, is a complete row with the header's width and a date.
fn looks_like_row(scratch: &mut Record, line: &[u8], width: usize, date_column: usize) -> bool {
    scratch.clear();
    let complete = scratch.feed(line);
    let dated = || {
        scratch
            .field(date_column)
            .and_then(|d| std::str::from_utf8(d).ok())
            .is_some_and(|d| date::parse_timestamp(d).is_some())
    };
    complete && scratch.len() == width && dated()
}

/// Hands a complete CSV record to `row`, or reports it.
#[allow(clippy::too_many_arguments)]
fn emit_csv(
    record: &Record,
    header: &[String],
    layout: &Layout,
    width: usize,
    display: &Path,
    line: u64,
    span: Range<usize>,
    bad_row: &mut dyn FnMut(BadRow),
    row: &mut dyn FnMut(RawRow<'_>),
) {
    if record.len() != width {
        bad_row(BadRow {
            skip: Skip::Malformed,
            always_shown: false,
            diagnostic: row_warning(
                display,
                line,
                span,
                format!("row has {} fields, the header has {width}", record.len()),
            )
            .with_hint("quote fields that contain commas, quotes or line breaks (`\"like, this\"`)"),
        });
        return;
    }
    let field = |i: usize| -> Result<&str, usize> {
        std::str::from_utf8(record.field(i).unwrap_or_default()).map(str::trim).map_err(|_| i)
    };
    let named = |i: Option<usize>| -> Result<Option<Field<'_>>, usize> {
        match i {
            Some(i) => {
                let value = field(i)?;
                Ok((!value.is_empty()).then(|| Field { column: &header[i], value: Cow::Borrowed(value) }))
            }
            None => Ok(None),
        }
    };
    let parsed = (|| -> Result<RawRow<'_>, usize> {
        let texts = layout.text.iter().map(|&i| field(i)).collect::<Result<Vec<_>, _>>()?;
        let subject = subject_of(&texts);
        Ok(RawRow {
            line,
            span: span.clone(),
            text: join_text(texts),
            subject,
            date: Field { column: &header[layout.date], value: Cow::Borrowed(field(layout.date)?) },
            id: named(layout.id)?,
            channel: named(layout.channel)?.map(|f| f.value),
            count: named(layout.count)?,
            language: named(layout.language)?,
            first_response: named(layout.first_response)?,
        })
    })();
    match parsed {
        Ok(r) => row(r),
        Err(i) => bad_row(BadRow {
            skip: Skip::Malformed,
            always_shown: false,
            diagnostic: row_warning(display, line, span, format!("column `{}` is not UTF-8", mask::mask(&header[i])))
                .with_hint("export the log as UTF-8"),
        }),
    }
}

/// The first of several text fields, if not empty (see [`RawRow::subject`]).
fn subject_of<'a>(parts: &[&'a str]) -> Option<Cow<'a, str>> {
    (parts.len() > 1).then(|| parts[0].trim()).filter(|s| !s.is_empty()).map(Cow::Borrowed)
}

/// Joins the non-empty text fields with a space.
fn join_text<'a>(parts: Vec<&'a str>) -> Cow<'a, str> {
    let mut parts = parts.into_iter().map(str::trim).filter(|p| !p.is_empty());
    match (parts.next(), parts.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(one), None) => Cow::Borrowed(one),
        (Some(a), Some(b)) => {
            let mut s = format!("{a} {b}");
            for p in parts {
                s.push(' ');
                s.push_str(p);
            }
            Cow::Owned(s)
        }
    }
}

/// Resolves the column mapping against a CSV header.
fn layout(
    header: &[String],
    columns: &Columns,
    display: &Path,
    (line, span): &(u64, Range<usize>),
) -> Result<Layout, Diagnostic> {
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let error = |message: String| {
        Diagnostic::error(Code::InvalidComplaintRow, display, Some(span.clone()), message).on_unquoted_line(*line)
    };
    let missing = |name: &str| {
        let d = error(format!("the header has no column `{name}`"));
        match did_you_mean(name, header.iter().map(String::as_str)) {
            Some(best) => {
                d.with_hint(format!("did you mean `{}`? (see `columns:` in `helpmark.yaml`)", mask::mask(best)))
            }
            None => d.with_hint(format!("the columns are {}", list(header))),
        }
    };
    let named = |configured: &Option<String>, usual: &[&str]| -> Result<Option<usize>, Diagnostic> {
        match configured {
            Some(name) => find(name).map(Some).ok_or_else(|| missing(name)),
            None => Ok(usual.iter().find_map(|n| find(n))),
        }
    };
    let text = if columns.text.is_empty() {
        TEXT_NAMES.iter().filter_map(|n| find(n)).collect()
    } else {
        columns.text.iter().map(|n| find(n).ok_or_else(|| missing(n))).collect::<Result<Vec<_>, _>>()?
    };
    let id = named(&columns.id, ID_NAMES)?;
    let date = named(&columns.date, DATE_NAMES)?.ok_or_else(|| {
        error("the header has no date column".into()).with_hint(format!(
            "name it in `helpmark.yaml` (`columns: {{date: ...}}`); the columns are {}",
            list(header)
        ))
    })?;
    if text.is_empty() && id.is_none() {
        return Err(error("the header has neither a text column nor an entry-id column".into()).with_hint(format!(
            "name them in `helpmark.yaml` (`columns: {{text: ..., id: ...}}`); the columns are {}",
            list(header)
        )));
    }
    Ok(Layout {
        text,
        date,
        id,
        channel: named(&columns.channel, CHANNEL_NAMES)?,
        count: named(&columns.count, COUNT_NAMES)?,
        language: named(&columns.language, LANGUAGE_NAMES)?,
        first_response: named(&columns.first_response, FIRST_RESPONSE_NAMES)?,
    })
}

/// The header's names for a hint, masked: a log exported without its header has a row there.
fn list(header: &[String]) -> String {
    header.iter().map(|h| format!("`{}`", mask::mask(h))).collect::<Vec<_>>().join(", ")
}

/// Key names for a JSON Lines file (the mapping, with defaults resolved per object).
struct Keys<'c> {
    columns: &'c Columns,
}

fn read_jsonl<R: BufRead>(
    lines: &mut Lines<R>,
    display: &Path,
    keys: &Keys<'_>,
    bad_row: &mut dyn FnMut(BadRow),
    row: &mut dyn FnMut(RawRow<'_>),
) -> std::io::Result<()> {
    while let Some(line) = lines.next()? {
        if line.bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let offset = line.offset as usize;
        let span = offset..offset + line.bytes.len().max(1);
        let warning = |message: String| row_warning(display, line.number, span.clone(), message);
        match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&line.bytes) {
            Ok(object) => match keys.row(&object, line.number, span.clone()) {
                Ok(r) => row(r),
                Err(message) => {
                    bad_row(BadRow { skip: Skip::BadDate, always_shown: false, diagnostic: warning(message) })
                }
            },
            // The error's category and column only: its text may quote the line.
            Err(e) => bad_row(BadRow {
                skip: Skip::Malformed,
                always_shown: false,
                diagnostic: warning(format!(
                    "line is not a JSON object ({} at column {})",
                    json_problem(&e),
                    e.column()
                ))
                .with_hint("write one object per line, like `{\"query\": \"refund\", \"at\": \"2026-10-01\"}`"),
            }),
        }
    }
    Ok(())
}

fn json_problem(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data => "not an object",
        serde_json::error::Category::Eof => "it ends too early",
        serde_json::error::Category::Io => "a read error",
    }
}

impl Keys<'_> {
    fn row<'a>(
        &self,
        object: &'a serde_json::Map<String, serde_json::Value>,
        line: u64,
        span: Range<usize>,
    ) -> Result<RawRow<'a>, String> {
        let get = |name: &str| -> Option<(&'a str, &'a serde_json::Value)> {
            object
                .get_key_value(name)
                .or_else(|| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                .map(|(k, v)| (k.as_str(), v))
        };
        let value = |configured: &Option<String>, usual: &[&str]| -> Option<Field<'a>> {
            let (column, v) = match configured {
                Some(name) => get(name),
                None => usual.iter().find_map(|n| get(n)),
            }?;
            let value = match v {
                serde_json::Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(Cow::Borrowed),
                serde_json::Value::Number(n) => Some(Cow::Owned(n.to_string())),
                _ => None,
            }?;
            Some(Field { column, value })
        };
        let texts: Vec<&str> = if self.columns.text.is_empty() {
            TEXT_NAMES.iter().filter_map(|k| get(k)).filter_map(|(_, v)| v.as_str()).collect()
        } else {
            self.columns.text.iter().filter_map(|k| get(k)).filter_map(|(_, v)| v.as_str()).collect()
        };
        let date = value(&self.columns.date, DATE_NAMES).ok_or_else(|| match self.columns.date.as_deref() {
            Some(k) => format!("the object has no `{k}` date"),
            None => format!(
                "the object has no date (looked for {})",
                DATE_NAMES.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        })?;
        Ok(RawRow {
            line,
            span,
            subject: subject_of(&texts),
            text: join_text(texts),
            date,
            id: value(&self.columns.id, ID_NAMES),
            channel: value(&self.columns.channel, CHANNEL_NAMES).map(|f| f.value),
            count: value(&self.columns.count, COUNT_NAMES),
            language: value(&self.columns.language, LANGUAGE_NAMES),
            first_response: value(&self.columns.first_response, FIRST_RESPONSE_NAMES),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let mut r = Record::default();
        assert!(r.feed(br#"a,"b, c","say ""hi""",d"e"#));
        let fields: Vec<&[u8]> = (0..r.len()).map(|i| r.field(i).unwrap_or_default()).collect();
        assert_eq!(fields, [&b"a"[..], b"b, c", b"say \"hi\"", b"d\"e"]);
        r.clear();
        assert!(!r.feed(b"x,\"first"));
        assert!(r.feed(b"second\",y"));
        assert_eq!(r.field(1), Some(&b"first\nsecond"[..]));
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn an_open_quote_is_followed_to_where_a_quote_aware_reader_closes_it() {
        let mut q = OpenQuote { line: 1, span: 0..1, rows: 0, state: State::Quoted };
        assert!(!q.feed(b"T-2,2026-10-01,no quote here"));
        assert!(q.feed(b"T-3,\"there\",x"), "the first quote closes the open one");
        let mut q = OpenQuote { line: 1, span: 0..1, rows: 0, state: State::Quoted };
        assert!(q.feed(b"T-2,2026\",x"));
    }
}
