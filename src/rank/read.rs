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
//! Unmapped columns are found by the names of the source's help-desk preset (`preset:`, see
//! [`preset_names`]), then by their usual names in help-desk exports, case-insensitively: the
//! first of each list below that the header has (for the text, every one it has, in this order,
//! joined by a space). A header may add a time zone in parentheses (Intercom writes
//! `Conversation started at (Europe/Istanbul)`): it still matches. A first-response column
//! whose name says minutes or seconds (`First reply time in minutes`, `First response time
//! (seconds)`) is read in that unit; any other number is hours.
//!
//! What a file's first bytes say is read once (`sniff`): a UTF-8 byte-order mark is skipped,
//! UTF-16 with a byte-order mark is transcoded line by line (so offsets stay those of the
//! file, and reading stays streamed), UTF-16 without one, UTF-32 and Excel workbooks are
//! refused with a way to convert them, and lines may end in LF, CRLF or CR alone. A CSV file's
//! field separator is told from its header: a comma, a semicolon (Excel in Turkish and most
//! European locales) or a tab (Excel's "Unicode text"). Dates written day first with dots
//! (`01.10.2025 14:30`, as those Excels rewrite them) are read as ISO dates.

use super::{mask, Skip};
use crate::config::{Columns, ComplaintSource, LogFormat, Preset};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::shared::date;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fs::File;
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

/// Usual names of a feedback vote's yes/no column (`kind: feedback`).
pub const HELPFUL_NAMES: &[&str] = &["helpful", "was_helpful", "vote"];
/// Usual names of a feedback vote's reason column.
pub const REASON_NAMES: &[&str] = &["reason"];

/// Column names of one help desk's export, each list most specific first. Only names seen in
/// the help desks' own exports or documentation; a name that is not in the header is skipped
/// (an export can leave columns out), and the usual names are tried after these.
#[derive(Debug)]
pub struct PresetNames {
    /// Text columns (every one present is used, joined in this order).
    pub text: &'static [&'static str],
    /// The date the customer asked.
    pub date: &'static [&'static str],
    /// The channel.
    pub channel: &'static [&'static str],
    /// The first response: a date-time, or a duration in the unit its name says.
    pub first_response: &'static [&'static str],
}

/// The column names of `preset`'s export (README, "Help-desk exports", says where each is).
pub fn preset_names(preset: Preset) -> &'static PresetNames {
    match preset {
        // Admin Center > Account > Tools > Reports > Export > CSV: `Subject`, `Via`, `Created
        // at`, `First reply time in minutes` (the CSV export has no description). An Explore
        // report of tickets: `Ticket subject`, `Ticket channel`, `Ticket created - Date`.
        Preset::Zendesk => &PresetNames {
            text: &["Subject", "Ticket subject", "Description"],
            date: &["Created at", "Ticket created - Date"],
            channel: &["Via", "Ticket channel"],
            first_response: &["First reply time in minutes", "First reply time (min)"],
        },
        // Tickets > Export: `Subject`, `Description`, `Source`, `Created time`, `Initial
        // response time` (a date-time) and `First response time (in hrs)`.
        Preset::Freshdesk => &PresetNames {
            text: &["Subject", "Description"],
            date: &["Created time"],
            channel: &["Source"],
            first_response: &["Initial response time", "First response time (in hrs)"],
        },
        // Reports > Dataset export, conversations: `Title`, `AI Issue summary`, `Channel`,
        // `Conversation started at (zone)`, `First response time (seconds)`.
        Preset::Intercom => &PresetNames {
            text: &["Title", "AI Issue summary"],
            date: &["Conversation started at", "Conversation created at"],
            channel: &["Channel"],
            first_response: &["First response time (seconds)", "Conversation first replied at"],
        },
        // Help Scout's own field names for a conversation (Mailbox API and report drilldowns).
        Preset::HelpScout => &PresetNames {
            text: &["subject", "preview"],
            date: &["createdAt"],
            channel: &["type"],
            first_response: &[],
        },
    }
}

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
    /// A feedback vote's yes or no, if non-empty.
    pub helpful: Option<Field<'a>>,
    /// A feedback vote's reason, if non-empty.
    pub reason: Option<Field<'a>>,
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
    let mut lines = open(path, display)?;
    let names = Names::of(source);
    match source.format {
        LogFormat::Csv => read_csv(&mut lines, display, &names, bad_row, row),
        LogFormat::JsonLines => {
            read_jsonl(&mut lines, display, &Keys { names }, bad_row, row).map_err(cannot_read)?;
            Ok(0)
        }
    }
}

/// How a file's bytes are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16 { big_endian: bool },
}

/// Opens `path` and reads what its first bytes say: the encoding, a byte-order mark to skip,
/// the line ending. `Err` for a file that is not text helpmark can read, saying how to
/// convert it.
fn open(path: &Path, display: &Path) -> Result<Lines<BufReader<File>>, Diagnostic> {
    let error = |message: String| Diagnostic::error(Code::InvalidComplaintRow, display, None, message);
    let file = File::open(path).map_err(|e| error(format!("cannot read the complaint log: {e}")))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader.fill_buf().map_err(|e| error(format!("cannot read the complaint log: {e}")))?;
    let (encoding, bom, terminator) = sniff(head, display)?;
    reader.consume(bom);
    let mut lines = Lines::new(reader, encoding, terminator);
    lines.next_offset = bom as u64;
    Ok(lines)
}

/// The encoding, the length of the byte-order mark and the byte that ends a line, from the
/// first bytes of a file (up to 64 KiB).
fn sniff(head: &[u8], display: &Path) -> Result<(Encoding, usize, u8), Diagnostic> {
    let refuse = |message: String, hint: String| {
        Diagnostic::error(Code::InvalidComplaintRow, display, None, message).with_hint(hint)
    };
    let converted = {
        let name = display.display().to_string();
        move |from: &str| {
            format!("convert it to UTF-8: `iconv -f {from} -t UTF-8 {name} > {name}.tmp && mv {name}.tmp {name}`")
        }
    };
    match head {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => {
            Err(refuse("the complaint log is UTF-32, which helpmark does not read".into(), converted("UTF-32")))
        }
        [0xFF, 0xFE, ..] => Ok((Encoding::Utf16 { big_endian: false }, 2, b'\n')),
        [0xFE, 0xFF, ..] => Ok((Encoding::Utf16 { big_endian: true }, 2, b'\n')),
        [b'P', b'K', 3, 4, ..] => Err(refuse(
            "the complaint log is a ZIP archive (an Excel workbook?), not a text export".into(),
            "export it from the help desk as CSV, or save it from Excel as `CSV UTF-8`".into(),
        )),
        _ => {
            let (bom, text) = match head.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => (3, rest),
                None => (0, head),
            };
            let zeros = text.iter().filter(|&&b| b == 0).count();
            if zeros > 0 {
                // Text in UTF-16 without a byte-order mark has a zero in every other byte.
                let message = if zeros * 3 >= text.len() {
                    "the complaint log looks like UTF-16 without a byte-order mark, which helpmark cannot tell apart"
                } else {
                    "the complaint log holds zero bytes: it is not a text file"
                };
                let from = if text.first() == Some(&0) { "UTF-16BE" } else { "UTF-16LE" };
                return Err(refuse(message.into(), converted(from)));
            }
            // Lines that end in CR alone (Excel for Mac's "CSV (Macintosh)"): no LF at all.
            let terminator = if !text.contains(&b'\n') && text.contains(&b'\r') { b'\r' } else { b'\n' };
            Ok((Encoding::Utf8, bom, terminator))
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

/// The lines of a file as UTF-8, with lines put back to be read again first. Offsets are the
/// file's own, whatever its encoding.
struct Lines<R> {
    reader: R,
    encoding: Encoding,
    /// The byte that ends a line in UTF-8: `\n`, or `\r` in a file of CR line endings.
    terminator: u8,
    next_number: u64,
    next_offset: u64,
    replay: VecDeque<Line>,
    /// The buffer of the last line read from the file (reused).
    current: Line,
    /// UTF-16: the last line's bytes before transcoding (reused).
    raw: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, encoding: Encoding, terminator: u8) -> Self {
        Lines {
            reader,
            encoding,
            terminator,
            next_number: 1,
            next_offset: 0,
            replay: VecDeque::new(),
            current: Line { number: 0, offset: 0, bytes: Vec::new() },
            raw: Vec::new(),
        }
    }

    /// The next line, `None` at the end of the file.
    fn next(&mut self) -> std::io::Result<Option<&Line>> {
        if let Some(line) = self.replay.pop_front() {
            self.current = line;
            return Ok(Some(&self.current));
        }
        self.current.bytes.clear();
        let n = match self.encoding {
            Encoding::Utf8 => self.reader.read_until(self.terminator, &mut self.current.bytes)?,
            Encoding::Utf16 { big_endian } => {
                self.raw.clear();
                let n = read_utf16_line(&mut self.reader, big_endian, &mut self.raw)?;
                decode_utf16(&self.raw, big_endian, &mut self.current.bytes);
                n
            }
        };
        if n == 0 {
            return Ok(None);
        }
        self.current.number = self.next_number;
        self.current.offset = self.next_offset;
        self.next_number += 1;
        self.next_offset += n as u64;
        let b = &mut self.current.bytes;
        if b.last() == Some(&self.terminator) {
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

/// Appends the next line of a UTF-16 file to `raw`: its code units up to and including the
/// line feed (U+000A, found unit by unit: its byte can be half of another character). Returns
/// the bytes read, 0 at the end of the file.
fn read_utf16_line<R: BufRead>(reader: &mut R, big_endian: bool, raw: &mut Vec<u8>) -> std::io::Result<usize> {
    let newline = if big_endian { [0, b'\n'] } else { [b'\n', 0] };
    let mut read = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(read);
        }
        // A unit split between two reads is completed first.
        let mut i = 0;
        let mut end = None;
        if raw.len() % 2 == 1 {
            i = 1;
            if [raw[raw.len() - 1], buf[0]] == newline {
                end = Some(1);
            }
        }
        while end.is_none() && i + 1 < buf.len() {
            if buf[i..i + 2] == newline {
                end = Some(i + 2);
            }
            i += 2;
        }
        let take = end.unwrap_or(buf.len());
        raw.extend_from_slice(&buf[..take]);
        reader.consume(take);
        read += take;
        if end.is_some() {
            return Ok(read);
        }
    }
}

/// Appends UTF-16 `raw` to `out` as UTF-8; an unpaired surrogate becomes U+FFFD.
fn decode_utf16(raw: &[u8], big_endian: bool, out: &mut Vec<u8>) {
    let units = raw.chunks_exact(2).map(|u| {
        if big_endian {
            u16::from_be_bytes([u[0], u[1]])
        } else {
            u16::from_le_bytes([u[0], u[1]])
        }
    });
    let mut utf8 = [0; 4];
    for c in char::decode_utf16(units) {
        out.extend_from_slice(c.unwrap_or(char::REPLACEMENT_CHARACTER).encode_utf8(&mut utf8).as_bytes());
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
struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    state: Option<State>,
    /// The field separator: `,`, `;` or a tab.
    delimiter: u8,
}

impl Record {
    fn new(delimiter: u8) -> Self {
        Record { bytes: Vec::new(), ends: Vec::new(), state: None, delimiter }
    }

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
        let delimiter = self.delimiter;
        for &b in line {
            state = match (state, b) {
                (State::FieldStart | State::Unquoted, b) if b == delimiter => {
                    self.ends.push(self.bytes.len());
                    State::FieldStart
                }
                (State::FieldStart, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') => {
                    self.bytes.push(b'"');
                    State::Quoted
                }
                (State::QuoteInQuoted, b) if b == delimiter => {
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
    delimiter: u8,
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
                (State::QuoteInQuoted | State::FieldStart | State::Unquoted, b) if b == self.delimiter => {
                    State::FieldStart
                }
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

/// Where to look for each value: the source's `columns:`, then its preset's names, then the
/// usual names.
#[derive(Clone, Copy)]
struct Names<'c> {
    columns: &'c Columns,
    preset: Option<&'static PresetNames>,
}

impl<'c> Names<'c> {
    fn of(source: &'c ComplaintSource) -> Self {
        Names { columns: &source.columns, preset: source.preset.map(preset_names) }
    }

    /// The preset's names for a value (empty without a preset).
    fn preset(&self, pick: fn(&PresetNames) -> &'static [&'static str]) -> &'static [&'static str] {
        self.preset.map_or(&[], pick)
    }
}

/// Whether a header names the column `name`: the same, ignoring ASCII case and a time zone in
/// parentheses after it (`Conversation started at (America/New_York)`).
fn same_column(header: &str, name: &str) -> bool {
    if header.eq_ignore_ascii_case(name) {
        return true;
    }
    let Some((base, zone)) = header.strip_suffix(')').and_then(|h| h.rsplit_once(" (")) else { return false };
    let zoned = zone.contains('/') || zone.starts_with("UTC") || zone.starts_with("GMT");
    zoned && base.trim_end().eq_ignore_ascii_case(name)
}

/// The unit of a first-response duration, from its column's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Minutes,
    Seconds,
}

impl Unit {
    /// Minutes or seconds when the name says so (`First reply time in minutes`, `(min)`,
    /// `(in mins)`, `First response time (seconds)`, `(sec)`); hours otherwise.
    fn of_column(name: &str) -> Unit {
        let name = name.to_ascii_lowercase();
        if name.contains("minute") || name.contains("(min") || name.contains(" mins") {
            Unit::Minutes
        } else if name.contains("second") || name.contains("(sec") || name.contains("(s)") {
            Unit::Seconds
        } else {
            Unit::Hours
        }
    }
}

/// A first-response value as the ranking reads it: a date-time, or a number of hours. A
/// number in a column of minutes or seconds is converted, a duration written `H:MM[:SS]` is
/// read as hours, a decimal comma (`1,5` in a semicolon-separated file) as a point, a date
/// written day first as ISO; anything else is passed on as written, for the caller to report.
fn in_hours(value: Cow<'_, str>, unit: Unit, decimal_comma: bool) -> Cow<'_, str> {
    if let Some(iso) = day_first_iso(&value) {
        return Cow::Owned(iso);
    }
    if let Some(hours) = clock_hours(&value) {
        return Cow::Owned(hours.to_string());
    }
    let scale = match unit {
        Unit::Hours => 1.0,
        Unit::Minutes => 1.0 / 60.0,
        Unit::Seconds => 1.0 / 3600.0,
    };
    let comma = decimal_comma && value.contains(',');
    if unit == Unit::Hours && !comma {
        return value;
    }
    let number = if comma { value.replace(',', ".").parse::<f64>() } else { value.parse::<f64>() };
    match number {
        Ok(n) if n.is_finite() => Cow::Owned((n * scale).to_string()),
        _ => value,
    }
}

/// `H:MM` or `H:MM:SS` (a duration, as Freshdesk writes its times) in hours.
fn clock_hours(text: &str) -> Option<f64> {
    let mut parts = text.split(':');
    let hours: u32 = parts.next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()?;
    let mut minutes_seconds = [0u32; 2];
    let mut n = 0;
    for part in parts {
        if n == 2 || part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        minutes_seconds[n] = part.parse().ok().filter(|&v| v < 60)?;
        n += 1;
    }
    (n >= 1).then(|| f64::from(hours) + f64::from(minutes_seconds[0]) / 60.0 + f64::from(minutes_seconds[1]) / 3600.0)
}

/// A date written day first with dots, as Excel writes dates in Turkish, German and other
/// locales (`1.10.2025`, `01.10.2025 14:30`, `01.10.2025 14:30:05`), as ISO 8601
/// (`2025-10-01T14:30:05`); `None` for anything else. Only the shape is checked here.
fn day_first_iso(text: &str) -> Option<String> {
    let b = text.as_bytes();
    // The cheap test first: most dates are not written so.
    if !(b.get(1) == Some(&b'.') || b.get(2) == Some(&b'.')) {
        return None;
    }
    let (day_part, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let digits =
        |s: &str, min: usize, max: usize| (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let mut fields = day_part.split('.');
    let (day, month, year) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() || !digits(day, 1, 2) || !digits(month, 1, 2) || !digits(year, 4, 4) {
        return None;
    }
    let mut iso = format!("{year}-{month:0>2}-{day:0>2}");
    if let Some(time) = time {
        let mut fields = time.split(':');
        let hour = fields.next()?;
        let rest: Vec<&str> = fields.collect();
        if !digits(hour, 1, 2) || rest.is_empty() || rest.len() > 2 || !rest.iter().all(|f| digits(f, 2, 2)) {
            return None;
        }
        iso.push_str(&format!("T{hour:0>2}:{}", rest.join(":")));
    }
    Some(iso)
}

/// The field separator of a CSV file, told from its header line: whichever of `,`, `;` and
/// tab it has most of outside quotes (a comma on a tie, and for a header of one column).
fn delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).rev().max_by_key(|&i| counts[i]).unwrap_or(0);
    if counts[best] > counts[0] {
        [b',', b';', b'\t'][best]
    } else {
        b','
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
    /// The unit of a first-response duration (from the column's name).
    first_response_unit: Unit,
    helpful: Option<usize>,
    reason: Option<usize>,
    /// Numbers may be written with a decimal comma (the separator is not a comma).
    decimal_comma: bool,
}

fn read_csv<R: BufRead>(
    lines: &mut Lines<R>,
    display: &Path,
    names: &Names<'_>,
    bad_row: &mut dyn FnMut(BadRow),
    row: &mut dyn FnMut(RawRow<'_>),
) -> Result<u64, Diagnostic> {
    let io_error = |e: std::io::Error| {
        Diagnostic::error(Code::InvalidComplaintRow, display, None, format!("cannot read the complaint log: {e}"))
    };
    let (header, header_span, separator) = read_header(lines, display)?;
    let layout = layout(&header, names, separator, display, &header_span)?;
    let mut record = Record::new(separator);
    let width = header.len();
    let mut reading = CsvRows { open_quotes: Vec::new(), recovered: 0, delimiter: separator };
    // The lines of the record being read, while it runs over several.
    let mut pending: Vec<Line> = Vec::new();
    let mut pending_bytes = 0usize;
    let mut scratch = Record::new(separator);
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

/// The header's column names, its line and span, and the file's field separator.
type Header = (Vec<String>, (u64, Range<usize>), u8);

/// The header row: the first line that is not empty, on one line.
fn read_header<R: BufRead>(lines: &mut Lines<R>, display: &Path) -> Result<Header, Diagnostic> {
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
        let separator = delimiter(bytes);
        let mut record = Record::new(separator);
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
        return Ok((names, (line.number, span), separator));
    }
}

/// The text of the row that starts at byte `offset` of `path` (its text columns joined, as
/// [`RawRow::text`], and its [`RawRow::subject`]), read again for a report: the ranking keeps
/// only the normalised text of each row. `None` if the file no longer holds a row there.
pub fn text_at(path: &Path, source: &ComplaintSource, offset: u64) -> Option<(String, Option<String>)> {
    use std::io::{Seek, SeekFrom};
    let names = Names::of(source);
    let mut lines = open(path, path).ok()?;
    let (encoding, terminator) = (lines.encoding, lines.terminator);
    let csv = match source.format {
        LogFormat::Csv => {
            let (header, header_span, separator) = read_header(&mut lines, path).ok()?;
            let layout = layout(&header, &names, separator, path, &header_span).ok()?;
            Some((header, layout, separator))
        }
        LogFormat::JsonLines => None,
    };
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut lines = Lines::new(BufReader::new(file), encoding, terminator);
    lines.next_offset = offset;
    match csv {
        Some((header, layout, separator)) => {
            let mut record = Record::new(separator);
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
            let keys = Keys { names };
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
    /// The file's field separator.
    delimiter: u8,
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
        let delimiter = self.delimiter;
        self.open_quotes.push(OpenQuote { line: first.number, span, rows: 0, state: State::Quoted, delimiter });
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
            date: Field { column: &header[layout.date], value: as_iso(field(layout.date)?) },
            id: named(layout.id)?,
            channel: named(layout.channel)?.map(|f| f.value),
            count: named(layout.count)?,
            language: named(layout.language)?,
            first_response: named(layout.first_response)?
                .map(|f| Field { value: in_hours(f.value, layout.first_response_unit, layout.decimal_comma), ..f }),
            helpful: named(layout.helpful)?,
            reason: named(layout.reason)?,
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

/// A date as the file writes it, or as ISO 8601 when the file writes it day first.
fn as_iso(value: &str) -> Cow<'_, str> {
    day_first_iso(value).map_or(Cow::Borrowed(value), Cow::Owned)
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
    names: &Names<'_>,
    separator: u8,
    display: &Path,
    (line, span): &(u64, Range<usize>),
) -> Result<Layout, Diagnostic> {
    let columns = names.columns;
    let find = |name: &str| header.iter().position(|h| same_column(h, name));
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
    let named = |configured: &Option<String>, preset: &[&str], usual: &[&str]| -> Result<Option<usize>, Diagnostic> {
        match configured {
            Some(name) => find(name).map(Some).ok_or_else(|| missing(name)),
            None => Ok(preset.iter().chain(usual).find_map(|n| find(n))),
        }
    };
    let text = if columns.text.is_empty() {
        let preset: Vec<usize> = names.preset(|p| p.text).iter().filter_map(|n| find(n)).collect();
        if preset.is_empty() {
            TEXT_NAMES.iter().filter_map(|n| find(n)).collect()
        } else {
            preset
        }
    } else {
        columns.text.iter().map(|n| find(n).ok_or_else(|| missing(n))).collect::<Result<Vec<_>, _>>()?
    };
    let id = named(&columns.id, &[], ID_NAMES)?;
    let date = named(&columns.date, names.preset(|p| p.date), DATE_NAMES)?.ok_or_else(|| {
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
    let first_response = named(&columns.first_response, names.preset(|p| p.first_response), FIRST_RESPONSE_NAMES)?;
    Ok(Layout {
        text,
        date,
        id,
        channel: named(&columns.channel, names.preset(|p| p.channel), CHANNEL_NAMES)?,
        count: named(&columns.count, &[], COUNT_NAMES)?,
        language: named(&columns.language, &[], LANGUAGE_NAMES)?,
        first_response,
        first_response_unit: first_response.map_or(Unit::Hours, |i| Unit::of_column(&header[i])),
        helpful: named(&columns.helpful, &[], HELPFUL_NAMES)?,
        reason: named(&columns.reason, &[], REASON_NAMES)?,
        decimal_comma: separator != b',',
    })
}

/// The header's names for a hint, masked: a log exported without its header has a row there.
fn list(header: &[String]) -> String {
    header.iter().map(|h| format!("`{}`", mask::mask(h))).collect::<Vec<_>>().join(", ")
}

/// Key names for a JSON Lines file (the mapping, with defaults resolved per object).
struct Keys<'c> {
    names: Names<'c>,
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
                .or_else(|| object.iter().find(|(k, _)| same_column(k, name)))
                .map(|(k, v)| (k.as_str(), v))
        };
        let value = |configured: &Option<String>, preset: &[&str], usual: &[&str]| -> Option<Field<'a>> {
            let (column, v) = match configured {
                Some(name) => get(name),
                None => preset.iter().chain(usual).find_map(|n| get(n)),
            }?;
            let value = match v {
                serde_json::Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(Cow::Borrowed),
                serde_json::Value::Number(n) => Some(Cow::Owned(n.to_string())),
                // A feedback vote may be written `"helpful": true`.
                serde_json::Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
                _ => None,
            }?;
            Some(Field { column, value })
        };
        let (columns, names) = (self.names.columns, &self.names);
        let texts: Vec<&str> = if columns.text.is_empty() {
            let preset = names.preset(|p| p.text);
            let found = |list: &[&str]| -> Vec<&'a str> {
                list.iter().filter_map(|k| get(k)).filter_map(|(_, v)| v.as_str()).collect()
            };
            let texts = found(preset);
            if texts.is_empty() {
                found(TEXT_NAMES)
            } else {
                texts
            }
        } else {
            columns.text.iter().filter_map(|k| get(k)).filter_map(|(_, v)| v.as_str()).collect()
        };
        let date = value(&columns.date, names.preset(|p| p.date), DATE_NAMES).ok_or_else(|| {
            match columns.date.as_deref() {
                Some(k) => format!("the object has no `{k}` date"),
                None => format!(
                    "the object has no date (looked for {})",
                    DATE_NAMES.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            }
        })?;
        Ok(RawRow {
            line,
            span,
            subject: subject_of(&texts),
            text: join_text(texts),
            date: match day_first_iso(&date.value) {
                Some(iso) => Field { value: Cow::Owned(iso), ..date },
                None => date,
            },
            id: value(&columns.id, &[], ID_NAMES),
            channel: value(&columns.channel, names.preset(|p| p.channel), CHANNEL_NAMES).map(|f| f.value),
            count: value(&columns.count, &[], COUNT_NAMES),
            language: value(&columns.language, &[], LANGUAGE_NAMES),
            first_response: value(&columns.first_response, names.preset(|p| p.first_response), FIRST_RESPONSE_NAMES)
                .map(|f| Field { value: in_hours(f.value, Unit::of_column(f.column), false), ..f }),
            helpful: value(&columns.helpful, &[], HELPFUL_NAMES),
            reason: value(&columns.reason, &[], REASON_NAMES),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let mut r = Record::new(b',');
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
    fn the_separator_is_the_one_the_header_has_most_of_outside_quotes() {
        assert_eq!(delimiter(b"created_at,subject,channel"), b',');
        assert_eq!(delimiter(b"Tarih;Konu;\"Kanal, e-posta\""), b';');
        assert_eq!(delimiter(b"created_at\tsubject"), b'\t');
        assert_eq!(delimiter(b"query"), b',');
        assert_eq!(delimiter(b"\"a;b;c\",d"), b',', "semicolons inside quotes do not count");
        let mut r = Record::new(b';');
        assert!(r.feed(b"1;\"a; b\";2,5"));
        let fields: Vec<&[u8]> = (0..r.len()).map(|i| r.field(i).unwrap_or_default()).collect();
        assert_eq!(fields, [&b"1"[..], b"a; b", b"2,5"]);
    }

    #[test]
    fn dates_written_day_first_with_dots_become_iso() {
        assert_eq!(day_first_iso("01.10.2025").as_deref(), Some("2025-10-01"));
        assert_eq!(day_first_iso("1.2.2025 9:05").as_deref(), Some("2025-02-01T09:05"));
        assert_eq!(day_first_iso("31.12.2025 23:59:58").as_deref(), Some("2025-12-31T23:59:58"));
        for other in ["2025-10-01", "10/01/2025", "1.2.25", "01.10.2025 9", "01.10.2025 09:5", "1.2.3.2025", ""] {
            assert_eq!(day_first_iso(other), None, "{other}");
        }
    }

    #[test]
    fn first_responses_are_read_in_the_unit_their_column_names() {
        assert_eq!(Unit::of_column("First reply time in minutes"), Unit::Minutes);
        assert_eq!(Unit::of_column("First reply time (min)"), Unit::Minutes);
        assert_eq!(Unit::of_column("First response time (in mins)"), Unit::Minutes);
        assert_eq!(Unit::of_column("First response time (seconds)"), Unit::Seconds);
        assert_eq!(Unit::of_column("First response time (in hrs)"), Unit::Hours);
        assert_eq!(Unit::of_column("first_response_at"), Unit::Hours);
        let hours = |v: &str, unit, comma| in_hours(Cow::Borrowed(v), unit, comma).into_owned();
        assert_eq!(hours("90", Unit::Minutes, false), "1.5");
        assert_eq!(hours("5400", Unit::Seconds, false), "1.5");
        assert_eq!(hours("1,5", Unit::Hours, true), "1.5");
        assert_eq!(hours("5.5", Unit::Hours, false), "5.5");
        assert_eq!(hours("01:30:00", Unit::Hours, false), "1.5");
        assert_eq!(hours("26:15", Unit::Minutes, false), "26.25", "a clock duration is hours and minutes");
        assert_eq!(hours("2026-10-01T16:00:00Z", Unit::Minutes, false), "2026-10-01T16:00:00Z");
        assert_eq!(hours("01.10.2026 16:00", Unit::Hours, true), "2026-10-01T16:00");
        assert_eq!(hours("soon", Unit::Minutes, false), "soon", "left for the caller to report");
        assert_eq!(clock_hours("1:75"), None);
    }

    #[test]
    fn a_time_zone_after_a_header_name_still_matches_it() {
        assert!(same_column("Conversation started at (America/New_York)", "conversation started at"));
        assert!(same_column("Created at (UTC)", "Created at"));
        assert!(same_column("SUBJECT", "subject"));
        assert!(!same_column("First response time (in hrs)", "First response time"));
        assert!(!same_column("Created at (America/New_York)", "Created"));
    }

    /// Every line of `bytes` read through a buffer of `capacity` bytes.
    fn lines_of(bytes: &[u8], capacity: usize) -> Vec<(u64, u64, String)> {
        let (encoding, bom, terminator) = sniff(bytes, Path::new("log.csv")).expect("readable");
        let mut lines = Lines::new(BufReader::with_capacity(capacity, &bytes[bom..]), encoding, terminator);
        lines.next_offset = bom as u64;
        let mut out = Vec::new();
        while let Some(line) = lines.next().expect("read") {
            out.push((line.number, line.offset, String::from_utf8(line.bytes.clone()).expect("UTF-8")));
        }
        out
    }

    #[test]
    fn lines_keep_their_numbers_and_file_offsets_in_every_encoding_and_line_ending() {
        let expected = |offsets: [u64; 3]| {
            vec![
                (1, offsets[0], "a,b".to_string()),
                (2, offsets[1], "ş,ਊ".to_string()),
                (3, offsets[2], "c".to_string()),
            ]
        };
        for capacity in [1, 2, 3, 7, 64] {
            assert_eq!(lines_of("a,b\nş,ਊ\nc".as_bytes(), capacity), expected([0, 4, 11]));
            assert_eq!(lines_of("a,b\r\nş,ਊ\r\nc\r\n".as_bytes(), capacity), expected([0, 5, 13]));
            assert_eq!(lines_of("a,b\rş,ਊ\rc\r".as_bytes(), capacity), expected([0, 4, 11]));
            assert_eq!(lines_of("\u{feff}a,b\nş,ਊ\nc".as_bytes(), capacity), expected([3, 7, 14]));
            for big_endian in [false, true] {
                let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
                // U+0A0A (ਊ) holds the byte of a line feed twice: only whole units end a line.
                for unit in "a,b\r\nş,ਊ\r\nc".encode_utf16() {
                    bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
                }
                assert_eq!(lines_of(&bytes, capacity), expected([2, 12, 22]), "capacity {capacity}");
            }
        }
    }

    #[test]
    fn files_that_are_not_text_are_refused_with_a_way_to_convert_them() {
        let refused = |bytes: &[u8]| sniff(bytes, Path::new("t.csv")).expect_err("refused").message;
        assert!(refused(b"a\0,\0b\0").contains("UTF-16 without a byte-order mark"));
        assert!(refused(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).contains("UTF-32"));
        assert!(refused(b"PK\x03\x04rest").contains("ZIP archive"));
        assert!(refused(b"a,b\n\x00\x01\x02garbage garbage").contains("zero bytes"));
    }

    #[test]
    fn an_open_quote_is_followed_to_where_a_quote_aware_reader_closes_it() {
        let mut q = OpenQuote { line: 1, span: 0..1, rows: 0, state: State::Quoted, delimiter: b',' };
        assert!(!q.feed(b"T-2,2026-10-01,no quote here"));
        assert!(q.feed(b"T-3,\"there\",x"), "the first quote closes the open one");
        let mut q = OpenQuote { line: 1, span: 0..1, rows: 0, state: State::Quoted, delimiter: b',' };
        assert!(q.feed(b"T-2,2026\",x"));
    }
}
