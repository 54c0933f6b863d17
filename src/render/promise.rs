//! Each channel's promised first-response time as a customer reads it beside the channel
//! ("Reply within 5 minutes"), issue 16: a contact block shows, with the hours, how long each
//! way of reaching a person takes, so the customer can choose.
//!
//! Only promises the site gave for a channel (`contact.response_time: {chat: 5m}`) are shown
//! beside it; `response_time_hours` is the block's general sentence, not repeated per channel.

use super::theme::Strings;
use crate::config::Contact;
use serde::Serialize;

/// The channels of a contact block, by the names `response_time` uses.
const CHANNELS: [&str; 3] = ["phone", "email", "chat"];

/// The promise beside each channel of a contact block (`contact.promises.email`), `None` for a
/// channel without a promise of its own.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(super) struct ChannelPromises {
    phone: Option<String>,
    email: Option<String>,
    chat: Option<String>,
}

/// The promises of `contact`'s channels in the language of `t`.
pub(super) fn channel_promises(contact: &Contact, t: &Strings) -> ChannelPromises {
    let [phone, email, chat] = CHANNELS.map(|channel| {
        let seconds = *contact.response_time.get(channel)?;
        Some(text(t, "promise_within").replace("{time}", &duration(seconds, t)))
    });
    ChannelPromises { phone, email, chat }
}

/// `seconds` in words, its two largest units at most: `1 hour 30 minutes`, `2 days`.
fn duration(seconds: u32, t: &Strings) -> String {
    let units =
        [(86_400, "duration_days"), (3_600, "duration_hours"), (60, "duration_minutes"), (1, "duration_seconds")];
    let mut left = seconds;
    let mut parts = Vec::new();
    for (size, key) in units {
        let n = left / size;
        if n > 0 && parts.len() < 2 {
            let form = if n == 1 { "one" } else { "other" };
            parts.push(text(t, &format!("{key}_{form}")).replace("{n}", &n.to_string()));
            left -= n * size;
        }
        if !parts.is_empty() && (left == 0 || parts.len() == 2) {
            break;
        }
    }
    parts.join(" ")
}

fn text(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Strings {
        let theme = super::super::theme::Theme::load(std::path::Path::new("."), std::path::Path::new("."), None)
            .expect("the built-in theme");
        theme.strings("en", std::path::Path::new(".")).expect("the English strings parse")
    }

    #[test]
    fn a_promise_reads_in_its_two_largest_units() {
        let t = english();
        assert_eq!(duration(300, &t), "5 minutes");
        assert_eq!(duration(5_400, &t), "1 hour 30 minutes");
        assert_eq!(duration(86_400 * 2 + 3_600 + 61, &t), "2 days 1 hour");
        assert_eq!(duration(1, &t), "1 second");
    }

    #[test]
    fn only_channels_with_a_promise_of_their_own_show_one() {
        let contact = Contact {
            response_time_hours: Some(24),
            response_time: [("chat".to_string(), 300)].into_iter().collect(),
            ..Contact::default()
        };
        let promises = channel_promises(&contact, &english());
        assert_eq!(promises.chat.as_deref(), Some("Reply within 5 minutes"));
        assert_eq!((promises.phone, promises.email), (None, None));
    }
}
