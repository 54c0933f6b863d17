//! Service standards from the complaint logs: monthly volume per channel with a staffing flag
//! for email, and the share of complaints answered within the promised first-response time,
//! per channel and per week. Every row counts here, in the window or not.

use crate::shared::date;
use std::collections::BTreeMap;

/// Names of the email channel as help desks export it.
const EMAIL_CHANNELS: &[&str] = &["email", "e-mail", "mail"];

/// Volumes and response times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceStandards {
    /// Complaints per month (`YYYY-MM`) and channel.
    pub monthly: BTreeMap<String, BTreeMap<String, u64>>,
    /// Monthly email volume from which one person should answer email full time.
    pub email_staffing_threshold: u32,
    /// Months whose email volume passed the threshold, with the volume.
    pub staffing_flags: Vec<(String, u64)>,
    /// The promised first-response time in hours (`contact.response_time_hours`).
    pub promise_hours: Option<u32>,
    /// Per channel: answered within the promise, answered at all (rows with a response time).
    pub response_by_channel: BTreeMap<String, Share>,
    /// Per week (Monday, `YYYY-MM-DD`) and channel.
    pub response_by_week: BTreeMap<String, BTreeMap<String, Share>>,
}

/// Complaints answered within the promise out of those with a recorded first response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    /// Answered within the promised time.
    pub within: u64,
    /// With a recorded first response.
    pub answered: u64,
}

impl Share {
    /// `within / answered` as a fraction, if anything was answered.
    pub fn ratio(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.within as f64 / self.answered as f64)
    }
}

/// Accumulates rows.
#[derive(Debug)]
pub(super) struct Builder {
    standards: ServiceStandards,
}

impl Builder {
    pub(super) fn new(email_staffing_threshold: u32, promise_hours: Option<u32>) -> Self {
        Builder {
            standards: ServiceStandards { email_staffing_threshold, promise_hours, ..ServiceStandards::default() },
        }
    }

    pub(super) fn add(&mut self, time: i64, channel: &str, count: u32, response_hours: Option<f32>) {
        let s = &mut self.standards;
        *s.monthly.entry(date::format_month(time)).or_default().entry(channel.to_string()).or_insert(0) +=
            u64::from(count);
        if let (Some(hours), Some(promise)) = (response_hours, s.promise_hours) {
            let within = u64::from(hours <= promise as f32) * u64::from(count);
            for share in [
                s.response_by_channel.entry(channel.to_string()).or_default(),
                s.response_by_week.entry(date::week_start(time)).or_default().entry(channel.to_string()).or_default(),
            ] {
                share.answered += u64::from(count);
                share.within += within;
            }
        }
    }

    pub(super) fn finish(mut self) -> ServiceStandards {
        let s = &mut self.standards;
        s.staffing_flags = s
            .monthly
            .iter()
            .filter_map(|(month, channels)| {
                let email: u64 =
                    channels.iter().filter(|(c, _)| EMAIL_CHANNELS.contains(&c.as_str())).map(|(_, n)| n).sum();
                (email > u64::from(s.email_staffing_threshold)).then(|| (month.clone(), email))
            })
            .collect();
        self.standards
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_volume_over_the_threshold_flags_the_month_and_shares_are_per_week() {
        let day = |d: i64| date::days_from_civil(2026, 10, d) * date::DAY;
        let mut b = Builder::new(400, Some(24));
        b.add(day(1), "email", 401, Some(2.0));
        b.add(day(2), "chat", 5, Some(30.0));
        b.add(day(9), "email", 1, Some(25.0));
        let s = b.finish();
        assert_eq!(s.staffing_flags, vec![("2026-10".to_string(), 402)]);
        assert_eq!(s.monthly["2026-10"]["chat"], 5);
        assert_eq!(s.response_by_channel["email"], Share { within: 401, answered: 402 });
        assert_eq!(s.response_by_week["2026-09-28"]["chat"], Share { within: 0, answered: 5 });
        assert_eq!(s.response_by_week["2026-10-05"]["email"].ratio(), Some(0.0));
    }
}
