//! Readers for complaint logs: CSV with a header row, and JSON Lines. They only split files into
//! rows and pick the mapped columns; what the values mean (dates, ids, languages) is checked by
//! the caller. Format problems (a malformed row, a missing column) are diagnostics with the
//! file and line; reading goes on with the next row.
//!
//! Unmapped columns are found by their usual names in help-desk exports, case-insensitively:
//! the first of each list below that the header has (for the text, every one it has, in this
//! order, joined by a space).

use crate::config::{Columns, ComplaintSource, LogFormat};
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use std::borrow::Cow;
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

/// One row of a log, borrowed from the reader's buffer.
#[derive(Debug, Default)]
pub struct RawRow<'a> {
    /// 1-based line of the row's start.
    pub line: u64,
    /// Byte range of the row in the file (for diagnostics).
    pub span: Range<usize>,
    /// The text columns joined by a space; empty when there are none or all are empty.
    pub text: Cow<'a, str>,
    /// The date column.
    pub date: Cow<'a, str>,
    /// The entry id, if the row has a non-empty one.
    pub id: Option<Cow<'a, str>>,
    /// The channel, if non-empty.
    pub channel: Option<Cow<'a, str>>,
    /// The count, if non-empty.
    pub count: Option<Cow<'a, str>>,
    /// The language, if non-empty.
    pub language: Option<Cow<'a, str>>,
    /// The first-response value, if non-empty.
    pub first_response: Option<Cow<'a, str>>,
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

/// Key names for a JSON Lines file (the mapping, with defaults resolved per object).
struct Keys<'c> {
    columns: &'c Columns,
}

/// Reads `path` (shown as `display`) and calls `row` for every well-formed row. Returns the
/// format diagnostics (bad rows as `severity`; a file that cannot be used at all as an error)
/// and the number of malformed rows skipped.
pub fn read_file(
    path: &Path,
    display: &Path,
    source: &ComplaintSource,
    bad_row: &mut dyn FnMut(Diagnostic),
    row: &mut dyn FnMut(RawRow<'_>),
) -> Result<(), Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(Code::InvalidComplaintRow, display, None, format!("cannot read the complaint log: {e}"))
    })?;
    match source.format {
        LogFormat::Csv => read_csv(&bytes, display, &source.columns, bad_row, row),
        LogFormat::JsonLines => {
            read_jsonl(&bytes, display, &Keys { columns: &source.columns }, bad_row, row);
            Ok(())
        }
    }
}

fn read_csv(
    bytes: &[u8],
    display: &Path,
    columns: &Columns,
    bad_row: &mut dyn FnMut(Diagnostic),
    row: &mut dyn FnMut(RawRow<'_>),
) -> Result<(), Diagnostic> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => {
            h.iter().map(|f| String::from_utf8_lossy(f).trim().trim_start_matches('\u{feff}').to_string()).collect()
        }
        Err(e) => {
            return Err(Diagnostic::error(
                Code::InvalidComplaintRow,
                display,
                Some(0..1),
                format!("the header row does not parse: {e}"),
            ))
        }
    };
    let layout = layout(&header, columns, display, bytes)?;
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, span) = match e.position() {
                    Some(p) => (p.line(), line_span(bytes, p.byte() as usize)),
                    None => (0, 0..1),
                };
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("row has {len} fields, the header has {expected_len}")
                    }
                    _ => format!("malformed CSV row: {e}"),
                };
                let _ = line;
                bad_row(
                    Diagnostic::warning(Code::InvalidComplaintRow, display, Some(span), message)
                        .with_hint("quote fields that contain commas, quotes or line breaks (`\"like, this\"`)"),
                );
                continue;
            }
        }
        let Some(position) = record.position() else { continue };
        let start = position.byte() as usize;
        let span = line_span(bytes, start);
        let field =
            |i: usize| -> Result<&str, ()> { std::str::from_utf8(record.get(i).unwrap_or(b"")).map_err(|_| ()) };
        let opt = |i: Option<usize>| -> Result<Option<Cow<'_, str>>, ()> {
            match i {
                Some(i) => field(i).map(|s| Some(s.trim()).filter(|s| !s.is_empty()).map(Cow::Borrowed)),
                None => Ok(None),
            }
        };
        let parsed = (|| -> Result<RawRow<'_>, ()> {
            let text = join_text(layout.text.iter().map(|&i| field(i)).collect::<Result<Vec<_>, _>>()?);
            Ok(RawRow {
                line: position.line(),
                span: span.clone(),
                text,
                date: Cow::Borrowed(field(layout.date)?.trim()),
                id: opt(layout.id)?,
                channel: opt(layout.channel)?,
                count: opt(layout.count)?,
                language: opt(layout.language)?,
                first_response: opt(layout.first_response)?,
            })
        })();
        match parsed {
            Ok(r) => row(r),
            Err(()) => bad_row(
                Diagnostic::warning(Code::InvalidComplaintRow, display, Some(span), "row is not UTF-8")
                    .with_hint("export the log as UTF-8"),
            ),
        }
    }
    Ok(())
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

/// The byte range of the line that starts at `start` (without its line break).
fn line_span(bytes: &[u8], start: usize) -> Range<usize> {
    let start = start.min(bytes.len());
    let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
    let end = if end > start && bytes.get(end - 1) == Some(&b'\r') { end - 1 } else { end };
    start..end.max(start + 1)
}

/// Resolves the column mapping against a CSV header.
fn layout(header: &[String], columns: &Columns, display: &Path, bytes: &[u8]) -> Result<Layout, Diagnostic> {
    let header_span = line_span(bytes, 0);
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let missing = |name: &str| {
        let mut d = Diagnostic::error(
            Code::InvalidComplaintRow,
            display,
            Some(header_span.clone()),
            format!("the header has no column `{name}`"),
        );
        d = match did_you_mean(name, header.iter().map(String::as_str)) {
            Some(best) => d.with_hint(format!("did you mean `{best}`? (see `columns:` in `helpmark.yaml`)")),
            None => d.with_hint(format!("the columns are {}", list(header))),
        };
        d
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
        Diagnostic::error(
            Code::InvalidComplaintRow,
            display,
            Some(header_span.clone()),
            "the header has no date column",
        )
        .with_hint(format!("name it in `helpmark.yaml` (`columns: {{date: ...}}`); the columns are {}", list(header)))
    })?;
    if text.is_empty() && id.is_none() {
        return Err(Diagnostic::error(
            Code::InvalidComplaintRow,
            display,
            Some(header_span),
            "the header has neither a text column nor an entry-id column",
        )
        .with_hint(format!(
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

fn list(header: &[String]) -> String {
    header.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", ")
}

fn read_jsonl(
    bytes: &[u8],
    display: &Path,
    keys: &Keys<'_>,
    bad_row: &mut dyn FnMut(Diagnostic),
    row: &mut dyn FnMut(RawRow<'_>),
) {
    let mut start = 0;
    let mut line = 0u64;
    while start < bytes.len() {
        line += 1;
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        let span = line_span(bytes, start);
        let text = &bytes[start..end];
        let next = end + 1;
        if text.iter().all(u8::is_ascii_whitespace) {
            start = next;
            continue;
        }
        match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(text) {
            Ok(object) => match keys.row(&object, line, span.clone()) {
                Ok(r) => row(r),
                Err(message) => bad_row(Diagnostic::warning(Code::InvalidComplaintRow, display, Some(span), message)),
            },
            Err(e) => bad_row(
                Diagnostic::warning(
                    Code::InvalidComplaintRow,
                    display,
                    Some(span),
                    format!("line is not a JSON object: {e}"),
                )
                .with_hint("write one object per line, like `{\"query\": \"refund\", \"at\": \"2026-10-01\"}`"),
            ),
        }
        start = next;
    }
}

impl Keys<'_> {
    fn row<'a>(
        &self,
        object: &'a serde_json::Map<String, serde_json::Value>,
        line: u64,
        span: Range<usize>,
    ) -> Result<RawRow<'a>, String> {
        let get = |name: &str| -> Option<&'a serde_json::Value> {
            object.get(name).or_else(|| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
        };
        let value = |configured: &Option<String>, usual: &[&str]| -> Option<Cow<'a, str>> {
            let v = match configured {
                Some(name) => get(name),
                None => usual.iter().find_map(|n| get(n)),
            }?;
            match v {
                serde_json::Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(Cow::Borrowed),
                serde_json::Value::Number(n) => Some(Cow::Owned(n.to_string())),
                _ => None,
            }
        };
        let text_keys: Vec<&str> = if self.columns.text.is_empty() {
            TEXT_NAMES.to_vec()
        } else {
            self.columns.text.iter().map(String::as_str).collect()
        };
        let texts: Vec<&str> = text_keys.iter().filter_map(|k| get(k)).filter_map(serde_json::Value::as_str).collect();
        let date_key = self.columns.date.as_deref();
        let date = value(&self.columns.date, DATE_NAMES).ok_or_else(|| match date_key {
            Some(k) => format!("the object has no `{k}` date"),
            None => format!(
                "the object has no date (looked for {})",
                DATE_NAMES.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        })?;
        Ok(RawRow {
            line,
            span,
            text: join_text(texts),
            date,
            id: value(&self.columns.id, ID_NAMES),
            channel: value(&self.columns.channel, CHANNEL_NAMES),
            count: value(&self.columns.count, COUNT_NAMES),
            language: value(&self.columns.language, LANGUAGE_NAMES),
            first_response: value(&self.columns.first_response, FIRST_RESPONSE_NAMES),
        })
    }
}
