//! The complaint-log readers (`src/rank/read.rs`): CSV with a header and JSON Lines, under the
//! usual column names or the mappings the README shows; each row's date and first response
//! parsed as the rank stage does (`shared::date`), its text masked (`rank::mask`), and the
//! diagnostics rendered. `read_file` reads from a path, so each input is written to the
//! scratch folder first.
//!
//! Input: one selector byte (bit 0: JSON Lines instead of CSV; the rest: which column
//! mapping), then the log.
//!
//! Invariants: every row and diagnostic points inside the log; a row's line is 1 or more; its
//! values are trimmed; the masked spans are in order, apart and on character boundaries.
#![no_main]

use helpmark::config::{Columns, ComplaintSource, LogFormat, Preset, SourceKind};
use helpmark::diagnostics::{render_human, Diagnostic};
use helpmark::rank::{mask, read};
use helpmark::shared::date;
use libfuzzer_sys::fuzz_target;

fn columns(selector: u8) -> Columns {
    let name = |s: &str| Some(s.to_string());
    match selector % 3 {
        // Found by their usual names.
        0 => Columns::default(),
        // The README's ticket export.
        1 => Columns {
            text: vec!["subject".into(), "body".into()],
            date: name("created_at"),
            id: name("entry_id"),
            channel: name("channel"),
            language: name("language"),
            first_response: name("first_response_at"),
            count: None,
            helpful: name("helpful"),
            reason: name("reason"),
        },
        // The README's site-search log.
        _ => Columns {
            text: vec!["query".into()],
            date: name("at"),
            language: name("lang"),
            count: name("count"),
            ..Columns::default()
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, log)) = data.split_first() else { return };
    let format = if selector & 1 == 0 { LogFormat::Csv } else { LogFormat::JsonLines };
    let name = if format == LogFormat::Csv { "log.csv" } else { "log.jsonl" };
    let source = ComplaintSource {
        path: name.to_string(),
        format,
        channel: None,
        language: None,
        columns: columns(selector >> 1),
        // Bits 3-5: one of the help-desk presets, or none.
        preset: Preset::ALL.get(usize::from(selector >> 3) % (Preset::ALL.len() + 1)).copied(),
        // Bit 6: a feedback export (its `helpful` and `reason` columns are read too).
        kind: if selector & 64 == 0 { SourceKind::Complaints } else { SourceKind::Feedback },
    };
    let path = helpmark_fuzz::scratch_file(name, log);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let bad_row = &mut |bad: read::BadRow| diagnostics.push(bad.diagnostic);
    let result = read::read_file(&path, &path, &source, bad_row, &mut |row| {
        assert!(row.line >= 1, "row lines are 1-based");
        assert!(row.span.start < row.span.end && row.span.start <= log.len(), "{:?} in {} bytes", row.span, log.len());
        if let Some(time) = date::parse_timestamp(&row.date.value) {
            let _ = (date::format_day(time), date::format_month(time), date::week_start(time));
        }
        if let Some(first_response) = &row.first_response {
            let _ = date::parse_timestamp(&first_response.value);
            let _ = first_response.value.parse::<f32>();
        }
        if let Some(count) = &row.count {
            let _ = count.value.parse::<u32>();
        }
        let fields = [Some(&row.date), row.id.as_ref(), row.count.as_ref(), row.language.as_ref()];
        for field in fields.into_iter().flatten() {
            assert_eq!(field.value.trim(), field.value, "values are trimmed");
        }
        check_mask(&row.text);
    });
    if let Err(d) = result {
        diagnostics.push(d);
    }
    for d in &diagnostics {
        if let Some(span) = &d.span {
            assert!(span.start <= log.len(), "{span:?} in {} bytes: {}", log.len(), d.message);
        }
    }
    // The rank stage shows the first 20 bad rows of a file.
    diagnostics.truncate(20);
    let _ = render_human(&diagnostics);
});

fn check_mask(text: &str) {
    let spans = mask::find(text);
    let mut at = 0;
    for (range, _) in &spans {
        assert!(at <= range.start && range.start < range.end, "{spans:?} in order and apart");
        assert!(text.get(range.clone()).is_some(), "{range:?} slices {text:?}");
        at = range.end;
    }
    let _ = mask::mask(text);
}
