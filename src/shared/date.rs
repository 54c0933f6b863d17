//! Dates and times of complaint logs, parsed by hand (ISO 8601 and its common export forms) into
//! seconds since 1970-01-01 UTC, and the calendar arithmetic the reports need (months, weeks).
//!
//! No wall clock here: everything is relative to dates found in the logs or the config.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Parses `2026-10-01`, `2026-10-01T14:30`, `2026-10-01 14:30:05`, `2026-10-01T14:30:05.123Z` or
/// with an offset (`+05:30`, `+0530`, `-03`) into seconds since the epoch, UTC. A date alone
/// is midnight UTC. `None` for anything else, including impossible dates like `2026-02-30`.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let s = text.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i64 = digits(&s[0..4])?;
    let month: i64 = digits(&s[5..7])?;
    let day: i64 = digits(&s[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * DAY;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(seconds);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let rb = rest.as_bytes();
    if rb.len() < 5 || rb[2] != b':' {
        return None;
    }
    let hour: i64 = digits(&rest[0..2])?;
    let minute: i64 = digits(&rest[3..5])?;
    let mut tail = &rest[5..];
    let mut second = 0;
    if let Some(after) = tail.strip_prefix(':') {
        second = digits(after.get(0..2)?)?;
        tail = &after[2..];
        if let Some(fraction) = tail.strip_prefix(['.', ',']) {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
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
fn offset_seconds(tail: &str) -> Option<i64> {
    let tail = tail.trim();
    if tail.is_empty() || tail == "Z" || tail == "z" {
        return Some(0);
    }
    let (sign, rest) = match tail.as_bytes()[0] {
        b'+' => (1, &tail[1..]),
        b'-' => (-1, &tail[1..]),
        _ => return None,
    };
    let compact: String = rest.chars().filter(|&c| c != ':').collect();
    let (h, m) = match compact.len() {
        2 => (digits(&compact)?, 0),
        4 => (digits(&compact[0..2])?, digits(&compact[2..4])?),
        _ => return None,
    };
    (h <= 14 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
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
}
