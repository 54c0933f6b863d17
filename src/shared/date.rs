//! Dates and times of complaint logs, parsed by hand (ISO 8601 and its common export forms) into
//! seconds since 1970-01-01 UTC, and the calendar arithmetic the reports need (months, weeks).
//!
//! No wall clock here: everything is relative to dates found in the logs or the config.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Parses `2026-10-01`, `2026-10-01T14:30`, `2026-10-01 14:30:05`, `2026-10-01T14:30:05.123Z` or
/// with an offset (`+05:30`, `+0530`, `-03`) into seconds since the epoch, UTC. A date alone
/// is midnight UTC. `None` for anything else, including impossible dates like `2026-02-30`.
///
/// Never panics, whatever the input: the text is read as bytes, every field is an ASCII
/// pattern, so a multibyte character anywhere (`2026-11-1é`) is just a byte that fails it
/// (issue 13: slicing the `str` by byte offsets panicked there).
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let (date, rest) = (b.get(..10)?, &b[10..]);
    if date[4] != b'-' || date[7] != b'-' {
        return None;
    }
    let year = digits(&date[0..4])?;
    let month = digits(&date[5..7])?;
    let day = digits(&date[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * DAY;
    let Some((&separator, rest)) = rest.split_first() else { return Some(seconds) };
    if !matches!(separator, b'T' | b't' | b' ') {
        return None;
    }
    let time = rest.get(..5)?;
    if time[2] != b':' {
        return None;
    }
    let hour = digits(&time[0..2])?;
    let minute = digits(&time[3..5])?;
    let mut tail = &rest[5..];
    let mut second = 0;
    if let Some((b':', after)) = tail.split_first() {
        second = digits(after.get(..2)?)?;
        tail = &after[2..];
        if let Some((b'.' | b',', fraction)) = tail.split_first() {
            let n = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            tail = &fraction[n..];
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    seconds += hour * 3600 + minute * 60 + second;
    Some(seconds - offset_seconds(tail)?)
}

/// The UTC offset written after a time: empty or `Z` is UTC.
fn offset_seconds(tail: &[u8]) -> Option<i64> {
    let tail = tail.trim_ascii();
    let (sign, rest) = match tail.split_first() {
        None | Some((b'Z' | b'z', [])) => return Some(0),
        Some((b'+', rest)) => (1, rest),
        Some((b'-', rest)) => (-1, rest),
        Some(_) => return None,
    };
    // `05:30` or `0530` or `05`: at most one colon, after the hours.
    let (h, m) = match rest {
        [h0, h1] => (digits(&[*h0, *h1])?, 0),
        [h0, h1, b':', m0, m1] | [h0, h1, m0, m1] => (digits(&[*h0, *h1])?, digits(&[*m0, *m1])?),
        _ => return None,
    };
    (h <= 14 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

/// The value of a run of ASCII digits (at most four here, so no overflow).
fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

/// `YYYY-MM-DD` of a timestamp.
pub fn format_day(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM` of a timestamp.
pub fn format_month(seconds: i64) -> String {
    let (y, m, _) = civil_from_days(seconds.div_euclid(DAY));
    format!("{y:04}-{m:02}")
}

/// The Monday starting the week of a timestamp, as `YYYY-MM-DD` (weeks run Monday to Sunday).
pub fn week_start(seconds: i64) -> String {
    let days = seconds.div_euclid(DAY);
    // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday = 0.
    let monday = days - (days + 3).rem_euclid(7);
    format_day(monday * DAY)
}

/// A day alone, `YYYY-MM-DD` (what front matter `updated` and the config's `as_of` take), as
/// midnight UTC in seconds since the epoch; `None` for a date-time or for anything
/// [`parse_timestamp`] rejects, such as `2026-02-30`.
pub fn parse_day(text: &str) -> Option<i64> {
    if text.len() == 10 {
        parse_timestamp(text)
    } else {
        None
    }
}

/// What to do about a value that [`parse_day`] rejects, for a diagnostic's hint: the real day
/// closest to an impossible one, the padded form of `2026-2-3`, the day of a date-time, else
/// the expected shape.
pub fn day_hint(text: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let text = text.trim();
    if parse_timestamp(text).is_some() {
        // Its first ten bytes are the ASCII date.
        return format!("give the day alone: `{}`", text.get(..10).unwrap_or(text));
    }
    let parts: Vec<&[u8]> = text.as_bytes().split(|&b| b == b'-').collect();
    // Lengths first: `digits` takes at most four digits.
    let shaped = matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()));
    let numbers: Option<Vec<i64>> = if shaped { parts.iter().map(|p| digits(p)).collect() } else { None };
    let Some(&[year, month, day]) = numbers.as_deref() else {
        return "write it as year-month-day, like `2026-10-01`".to_string();
    };
    if !(1..=12).contains(&month) {
        return format!("there is no month `{month:02}`: months run from `01` to `12`");
    }
    let last = days_in_month(year, month);
    let name = MONTHS[(month - 1) as usize];
    if day < 1 {
        format!("days start at `01`: did you mean `{year:04}-{month:02}-01`?")
    } else if day > last {
        format!("{name} {year} has {last} days: did you mean `{year:04}-{month:02}-{last:02}`?")
    } else {
        format!("write the month and the day with two digits: `{year:04}-{month:02}-{day:02}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_date_times_with_offsets() {
        assert_eq!(parse_timestamp("1970-01-02"), Some(DAY));
        assert_eq!(parse_timestamp("2026-10-01"), Some(days_from_civil(2026, 10, 1) * DAY));
        let base = days_from_civil(2026, 10, 1) * DAY;
        assert_eq!(parse_timestamp("2026-10-01T14:30"), Some(base + 14 * 3600 + 30 * 60));
        assert_eq!(parse_timestamp("2026-10-01 14:30:05"), Some(base + 14 * 3600 + 30 * 60 + 5));
        assert_eq!(parse_timestamp("2026-10-01T14:30:05.250Z"), Some(base + 14 * 3600 + 30 * 60 + 5));
        assert_eq!(parse_timestamp("2026-10-01T05:30:00+05:30"), Some(base));
        assert_eq!(parse_timestamp("2026-10-01T05:30:00+0530"), Some(base));
        assert_eq!(parse_timestamp("2026-09-30T21:00:00-03"), Some(base));
    }

    #[test]
    fn rejects_impossible_or_foreign_dates() {
        for bad in ["2026-02-30", "2026-13-01", "01/10/2026", "2026-10-1", "yesterday", "2026-10-01T25:00", ""] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
        assert!(parse_timestamp("2028-02-29").is_some());
    }

    // Issue 13: a multibyte character where a digit or separator belongs panicked (exit 101).
    #[test]
    fn multibyte_characters_are_rejected_not_panicked_on() {
        for bad in [
            "2026-11-1é",
            "é026-11-01",
            "2026-1é-01",
            "2026-11-01Té4:30",
            "2026-11-01T14:3é",
            "2026-11-01T14:30:é",
            "2026-11-01T14:30:0é",
            "2026-11-01T14:30:05.é",
            "2026-11-01T14:30:05+é",
            "2026-11-01T14:30:05+05:é",
            "2026-11-01T14:30:05+0é30",
            "२०२६-११-०१",
            "2026-11-01\u{a0}14:30",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_day_is_a_date_alone_and_its_hint_names_the_real_day() {
        assert_eq!(parse_day("2026-10-01"), parse_timestamp("2026-10-01"));
        for bad in ["2026-02-30", "2026-10-01T10:00", "2026-2-3", " 2026-10-01", "2026-13-01"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        assert_eq!(day_hint("2026-02-30"), "February 2026 has 28 days: did you mean `2026-02-28`?");
        assert_eq!(day_hint("2028-02-30"), "February 2028 has 29 days: did you mean `2028-02-29`?");
        assert_eq!(day_hint("2026-04-00"), "days start at `01`: did you mean `2026-04-01`?");
        assert_eq!(day_hint("2026-13-01"), "there is no month `13`: months run from `01` to `12`");
        assert_eq!(day_hint("2026-2-3"), "write the month and the day with two digits: `2026-02-03`");
        assert_eq!(day_hint("2026-10-01T10:00"), "give the day alone: `2026-10-01`");
        for shapeless in ["1st of May", "2026-99999999999999999999-1", "२०२६-१०-०१", ""] {
            assert_eq!(day_hint(shapeless), "write it as year-month-day, like `2026-10-01`", "{shapeless}");
        }
    }

    #[test]
    fn calendar_round_trips_and_weeks_start_on_monday() {
        for days in [-1000, 0, 19_000, 20_727, 40_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        let thursday = days_from_civil(2026, 10, 1) * DAY;
        assert_eq!(week_start(thursday), "2026-09-28");
        assert_eq!(week_start(days_from_civil(2026, 9, 28) * DAY), "2026-09-28");
        assert_eq!(format_month(thursday), "2026-10");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text that looks like a timestamp, with characters of any width mixed in.
        fn date_like() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("2026".to_string()),
                Just("-".to_string()),
                Just("11".to_string()),
                Just("T".to_string()),
                Just(":".to_string()),
                Just("+05:30".to_string()),
                Just(".250Z".to_string()),
                "[0-9]{1,3}",
                any::<char>().prop_map(String::from),
                "[é२٩ß€😀\u{300}]",
            ];
            prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
        }

        proptest! {
            #[test]
            fn no_input_panics(text in any::<String>()) {
                let _ = parse_timestamp(&text);
            }

            #[test]
            fn no_date_like_input_panics(text in date_like()) {
                let _ = parse_timestamp(&text);
            }

            #[test]
            fn valid_dates_round_trip(
                year in 0i64..=9999,
                month in 1i64..=12,
                day in 1i64..=31,
                hour in 0i64..=23,
                minute in 0i64..=59,
                second in 0i64..=59,
                offset in -14 * 60i64..=14 * 60,
                form in 0usize..5,
            ) {
                let day = day.min(days_in_month(year, month));
                let date = format!("{year:04}-{month:02}-{day:02}");
                let midnight = days_from_civil(year, month, day) * DAY;
                prop_assert_eq!(parse_timestamp(&date), Some(midnight));
                prop_assert_eq!(format_day(midnight), date.clone());
                let sign = if offset < 0 { '-' } else { '+' };
                let (oh, om) = (offset.abs() / 60, offset.abs() % 60);
                let text = match form {
                    0 => format!("{date}T{hour:02}:{minute:02}:{second:02}Z"),
                    1 => format!("{date} {hour:02}:{minute:02}:{second:02}.123"),
                    2 => format!("{date}T{hour:02}:{minute:02}:{second:02}{sign}{oh:02}:{om:02}"),
                    3 => format!("{date}T{hour:02}:{minute:02}:{second:02}{sign}{oh:02}{om:02}"),
                    _ => format!("  {date}t{hour:02}:{minute:02}:{second:02} {sign}{oh:02}{om:02}  "),
                };
                let offset = if form >= 2 { offset } else { 0 };
                let expected = midnight + hour * 3600 + minute * 60 + second - offset * 60;
                prop_assert_eq!(parse_timestamp(&text), Some(expected), "{}", text);
            }
        }
    }
}
