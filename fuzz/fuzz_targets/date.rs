//! The date parser of complaint logs, `as_of` and `updated` (`src/shared/date.rs`), and the
//! calendar arithmetic the reports use on what it returns.
//!
//! Invariants: a parsed timestamp lies within a day of the calendar day written at its start
//! (offsets stay under 15 hours); a bare date is exactly its midnight and formats back to
//! itself; a parsed day formats back to a date that parses to the same day; the week of a day
//! starts on a Monday at most six days before it.
#![no_main]

use helpmark::shared::date::{self, DAY};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(time) = date::parse_timestamp(&text) else { return };
    let s = text.trim();
    // It parsed, so it starts with `YYYY-MM-DD` in ASCII.
    let field = |range: std::ops::Range<usize>| -> i64 { s[range].parse().expect("a parsed date starts with digits") };
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    let written = date::days_from_civil(year, month, day);
    assert_eq!(date::civil_from_days(written), (year, month, day));
    let utc_day = time.div_euclid(DAY);
    assert!((utc_day - written).abs() <= 1, "{s:?} is day {utc_day}, written {written}");
    if s.len() == 10 {
        assert_eq!(time, written * DAY);
        assert_eq!(date::format_day(time), s);
    }
    let formatted = date::format_day(time);
    let (utc_year, _, _) = date::civil_from_days(utc_day);
    // Years outside 0..=9999 do not format as four digits (and do not parse back).
    if (0..=9999).contains(&utc_year) {
        assert_eq!(date::parse_timestamp(&formatted), Some(utc_day * DAY), "{s:?} -> {formatted}");
        assert!(date::format_month(time).len() == 7 && formatted.starts_with(&date::format_month(time)));
    }
    let week = date::week_start(time);
    if let Some(monday) = date::parse_timestamp(&week) {
        let monday = monday.div_euclid(DAY);
        assert!(utc_day - 6 <= monday && monday <= utc_day, "{week} starts the week of {formatted}");
        assert_eq!((monday + 3).rem_euclid(7), 0, "{week} is a Monday");
    }
});
