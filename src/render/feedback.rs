//! "Was this helpful?" on entry pages and contact links that carry their context (issue 16):
//! the values the templates `feedback.html` and `partials/contact.html` and the search script
//! need, so every message a customer sends arrives labelled with the entry, its title and the
//! language, or with the query that found nothing.
//!
//! Labels are the same everywhere: the POST fields (`entry`, `title`, `lang`, `helpful`,
//! `reason`, `comment`), the `name: value` lines of a mail body and the query parameters of a
//! chat link, so one reader of the exports can take them back. Everything here is text for an
//! attribute: URLs are percent-encoded here and HTML-escaped by the template.

use super::theme::Strings;
use crate::config::Feedback;
use crate::model::Entry;

/// The reasons "No" offers, as sent (`reason=unclear`), with the key of their UI label.
pub(super) const REASONS: [(&str, &str); 4] = [
    ("outdated", "feedback_reason_outdated"),
    ("unclear", "feedback_reason_unclear"),
    ("not-answered", "feedback_reason_not_answered"),
    ("other", "feedback_reason_other"),
];

/// Placeholder in [`search_contact`]'s URL that the search script replaces with the
/// percent-encoded query. Braces are always percent-encoded elsewhere, so it cannot collide.
pub(super) const QUERY_PLACEHOLDER: &str = "{q}";

/// Placeholder in [`described_contact`]'s mail link for the subject's form of what the
/// customer typed (one line, shortened by `contact.js`).
pub(super) const SUBJECT_PLACEHOLDER: &str = "{s}";

/// The feedback block of an entry page (`feedback` in `partials/feedback.html`): a form that
/// posts, or mail links.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub(super) enum FeedbackBlock {
    /// `feedback: https://…`: forms posting to `action`.
    Post {
        /// The URL the forms post to.
        action: String,
        /// The hidden fields that label every answer.
        fields: Vec<Field>,
        /// What "No" offers.
        reasons: Vec<Reason>,
    },
    /// `feedback: mailto:…`: a mail link per answer.
    Email {
        /// The address.
        email: String,
        /// The mail link of "Yes".
        yes_href: String,
        /// What "No" offers, each with its mail link.
        reasons: Vec<Reason>,
    },
}

/// One hidden field of a feedback form.
#[derive(Debug, serde::Serialize)]
pub(super) struct Field {
    name: &'static str,
    value: String,
}

/// One reason "No" offers: as sent, its label and (mail feedback) its mail link.
#[derive(Debug, serde::Serialize)]
pub(super) struct Reason {
    value: &'static str,
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<String>,
}

/// The contact links of an entry page (`contact_links`), each carrying the entry.
#[derive(Debug, serde::Serialize)]
pub(super) struct ContactLinks {
    /// A `mailto:` with subject and body.
    email: Option<String>,
    /// The chat URL with query parameters.
    chat: Option<String>,
}

/// The feedback block of an entry page: `None` when the site configured no `feedback:` (the
/// template then shows nothing and nothing is ever sent).
pub(super) fn entry(feedback: Option<&Feedback>, lang: &str, e: &Entry, t: &Strings) -> Option<FeedbackBlock> {
    let feedback = feedback?;
    let fields = [("entry", e.id.as_str()), ("title", e.title.as_str()), ("lang", lang)];
    Some(match feedback {
        Feedback::Post(url) => FeedbackBlock::Post {
            action: url.clone(),
            fields: fields.iter().map(|(name, value)| Field { name, value: value.to_string() }).collect(),
            reasons: REASONS.iter().map(|(value, key)| Reason { value, label: text(t, key), href: None }).collect(),
        },
        Feedback::Email(address) => {
            let subject = text(t, "feedback_mail_subject").replace("{title}", &e.title);
            let mail = |helpful: &str, reason: Option<&str>| {
                let mut lines: Vec<(&str, &str)> = fields.to_vec();
                lines.push(("helpful", helpful));
                if let Some(reason) = reason {
                    lines.push(("reason", reason));
                    lines.push(("comment", ""));
                }
                mailto(address, &subject, &labelled_body(text(t, "mail_write_above"), &lines))
            };
            FeedbackBlock::Email {
                email: address.clone(),
                yes_href: mail("yes", None),
                reasons: REASONS
                    .iter()
                    .map(|(value, key)| Reason { value, label: text(t, key), href: Some(mail("no", Some(value))) })
                    .collect(),
            }
        }
    })
}

/// The contact links of an entry page, each carrying the entry id, its title and the language:
/// a `mailto:` with subject and body, the chat URL with query parameters.
pub(super) fn contact_links(
    email: Option<&str>,
    chat_url: Option<&str>,
    lang: &str,
    e: &Entry,
    t: &Strings,
) -> ContactLinks {
    let fields = [("entry", e.id.as_str()), ("title", e.title.as_str()), ("lang", lang)];
    let subject = text(t, "contact_mail_subject").replace("{title}", &e.title);
    ContactLinks {
        email: email.map(|a| mailto(a, &subject, &labelled_body(text(t, "mail_write_above"), &fields))),
        chat: chat_url.map(|u| with_params(u, &fields)),
    }
}

/// Where a search that found nothing good leads, with [`QUERY_PLACEHOLDER`] where the query
/// goes: a `mailto:` (query in subject and body) when the site has an email address, else the
/// chat URL with `q` and `lang`; `None` when it has neither (the script then links the contact
/// page).
pub(super) fn search_contact(email: Option<&str>, chat_url: Option<&str>, lang: &str, t: &Strings) -> Option<String> {
    if let Some(address) = email {
        let subject = text(t, "search_mail_subject");
        let (before, after) = subject.split_once("{query}").unwrap_or((subject.as_str(), ""));
        let body = labelled_body(text(t, "mail_write_above"), &[("lang", lang)]);
        return Some(format!(
            "mailto:{}?subject={}{QUERY_PLACEHOLDER}{}&body={}{QUERY_PLACEHOLDER}{}",
            encode_address(address),
            encode(before),
            encode(after),
            encode(&format!("{body}query: ")),
            encode("\n"),
        ));
    }
    chat_url.map(|url| chat_with_query(url, lang))
}

/// The channel links of the contact page, for its "Describe your problem" box to fill with
/// what the customer typed (issue 16): a `mailto:` whose subject ([`SUBJECT_PLACEHOLDER`])
/// and body start with it and whose labels name the language and the text as `query`, and the
/// chat URL with `lang` and `q`. Without the script the links stay the plain channels.
#[derive(Debug, serde::Serialize)]
pub(super) struct DescribedContact {
    email: Option<String>,
    chat: Option<String>,
}

pub(super) fn described_contact(
    email: Option<&str>,
    chat_url: Option<&str>,
    lang: &str,
    t: &Strings,
) -> DescribedContact {
    let email = email.map(|address| {
        let subject = text(t, "contact_page_mail_subject");
        let (before, after) = subject.split_once("{query}").unwrap_or((subject.as_str(), ""));
        let labels = labelled_body(text(t, "mail_write_above"), &[("lang", lang)]);
        format!(
            "mailto:{}?subject={}{SUBJECT_PLACEHOLDER}{}&body={QUERY_PLACEHOLDER}{}{QUERY_PLACEHOLDER}{}",
            encode_address(address),
            encode(&one_line(before)),
            encode(&one_line(after)),
            encode(&format!("{labels}query: ")),
            encode("\n"),
        )
    });
    DescribedContact { email, chat: chat_url.map(|url| chat_with_query(url, lang)) }
}

/// The chat URL with `lang` and a `q` holding [`QUERY_PLACEHOLDER`], before any fragment.
fn chat_with_query(url: &str, lang: &str) -> String {
    let with_lang = with_params(url, &[("lang", lang)]);
    let (head, fragment) = with_lang.split_once('#').map_or((with_lang.as_str(), None), |(h, f)| (h, Some(f)));
    format!("{head}&q={QUERY_PLACEHOLDER}{}", fragment.map(|f| format!("#{f}")).unwrap_or_default())
}

/// A mail body: an empty space to write in, the note that says so, then one `name: value` line
/// per field (values on one line each, so a hostile title cannot add a line of its own).
fn labelled_body(note: String, fields: &[(&str, &str)]) -> String {
    let mut body = format!("\n\n\n-- {note}\n");
    for (name, value) in fields {
        body.push_str(&format!("{name}: {}\n", one_line(value)));
    }
    body
}

/// `mailto:address?subject=…&body=…`, every part percent-encoded (RFC 6068); the subject on
/// one line, so a title cannot add a header (`%0ABcc:`).
fn mailto(address: &str, subject: &str, body: &str) -> String {
    let subject = one_line(subject);
    format!("mailto:{}?subject={}&body={}", encode_address(address), encode(&subject), encode(body))
}

/// `text` with every control character (a line break) made a space.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `url` with `params` added to its query (before any fragment).
fn with_params(url: &str, params: &[(&str, &str)]) -> String {
    let (head, fragment) = url.split_once('#').map_or((url, None), |(h, f)| (h, Some(f)));
    let mut out = head.to_string();
    let mut sep = if !head.contains('?') {
        "?"
    } else if head.ends_with(['?', '&']) {
        ""
    } else {
        "&"
    };
    for (name, value) in params {
        out.push_str(&format!("{sep}{}={}", encode(name), encode(value)));
        sep = "&";
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters; spaces become `%20`,
/// which mail programs read (they do not all read `+`).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An address for `mailto:`, its `@` kept as written.
fn encode_address(address: &str) -> String {
    encode(address).replace("%40", "@")
}

fn text(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        [
            ("contact_mail_subject", "Question about: {title}"),
            ("search_mail_subject", "Search: {query}"),
            ("mail_write_above", "write above this line"),
            ("contact_page_mail_subject", "Help: {query}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn every_part_of_a_link_is_percent_encoded() {
        assert_eq!(encode("a b&c=d/é\n"), "a%20b%26c%3Dd%2F%C3%A9%0A");
        assert_eq!(
            with_params("https://chat.example.com/start?topic=x#now", &[("entry", "a&b"), ("lang", "tr")]),
            "https://chat.example.com/start?topic=x&entry=a%26b&lang=tr#now"
        );
        assert_eq!(with_params("https://c.example.com/", &[("q", "x y")]), "https://c.example.com/?q=x%20y");
    }

    #[test]
    fn a_search_contact_link_has_one_place_for_the_query() {
        let t = strings();
        let mail = search_contact(Some("help@acme.com"), None, "hi", &t).unwrap();
        assert_eq!(
            mail,
            "mailto:help@acme.com?subject=Search%3A%20{q}&body=%0A%0A%0A--%20write%20above%20this%20line%0Alang%3A%20hi%0Aquery%3A%20{q}%0A"
        );
        let chat = search_contact(None, Some("https://chat.example.com/#open"), "en", &t).unwrap();
        assert_eq!(chat, "https://chat.example.com/?lang=en&q={q}#open");
        assert_eq!(search_contact(None, None, "en", &t), None);
    }

    #[test]
    fn the_contact_page_links_have_places_for_what_the_customer_typed() {
        let t = strings();
        let links = described_contact(Some("help@acme.com"), Some("https://chat.example.com/?from=help"), "tr", &t);
        assert_eq!(
            links.email.as_deref(),
            Some("mailto:help@acme.com?subject=Help%3A%20{s}&body={q}%0A%0A%0A--%20write%20above%20this%20line%0Alang%3A%20tr%0Aquery%3A%20{q}%0A")
        );
        assert_eq!(links.chat.as_deref(), Some("https://chat.example.com/?from=help&lang=tr&q={q}"));
    }
}
