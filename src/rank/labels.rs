//! The labels helpmark's contact links put at the end of a message (`render::feedback`): a
//! `-- ` note line, then `entry: refund`, `title: …`, `lang: tr` or `query: …`, one per line.
//! A ticket exported from the help desk carries them in its body; reading them back tags the
//! row with the entry the customer read, its language and the search that found nothing,
//! without an agent tagging it.

/// The names a label line may have (what `render::feedback` writes).
const NAMES: [&str; 7] = ["entry", "title", "lang", "query", "helpful", "reason", "comment"];

/// What the labels of one message say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels<'a> {
    /// The message without its labels and their note: what the customer wrote (and the
    /// subject before it).
    pub text: &'a str,
    /// The id of the entry the customer read.
    pub entry: Option<&'a str>,
    /// The title of that entry, as the page showed it.
    pub title: Option<&'a str>,
    /// The language of the page they wrote from.
    pub lang: Option<&'a str>,
    /// The search that found nothing.
    pub query: Option<&'a str>,
}

/// The labels at the end of `text`, if it ends with a block of label lines naming an entry or
/// a query; `None` for any other text (a label must be a whole line, so a customer writing
/// "entry: …" mid-message is not one).
pub fn parse(text: &str) -> Option<Labels<'_>> {
    let mut entry = None;
    let mut title = None;
    let mut lang = None;
    let mut query = None;
    // Walk the lines from the end: `end` is where the unread part of `text` stops.
    let mut end = text.trim_end().len();
    let mut cut = None;
    while end > 0 {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..end].trim_end_matches('\r').trim();
        let Some((name, value)) = line.split_once(':') else { break };
        if !NAMES.contains(&name) {
            break;
        }
        let value = value.trim();
        let value = (!value.is_empty()).then_some(value);
        match name {
            "entry" => entry = entry.or(value),
            "title" => title = title.or(value),
            "lang" => lang = lang.or(value),
            "query" => query = query.or(value),
            _ => {}
        }
        cut = Some(start);
        end = start.saturating_sub(1);
    }
    let cut = cut?;
    if entry.is_none() && query.is_none() {
        return None;
    }
    // The note line above the labels ("-- write above this line") is helpmark's too. An
    // export that trims its columns and joins subject and body glues it to the subject's line.
    let before = text[..cut].trim_end();
    let line = before.rfind('\n').map_or(0, |i| i + 1);
    let note =
        if before[line..].starts_with("-- ") { Some(line) } else { before[line..].rfind(" -- ").map(|i| line + i) };
    let before = note.map_or(before, |n| &before[..n]);
    Some(Labels { text: before.trim(), entry, title, lang, query })
}

impl<'a> Labels<'a> {
    /// What the customer wrote: [`Labels::text`] without a `subject` that helpmark's link
    /// filled in (one holding the title or the query: "Question about: {title}"), else the
    /// query when they wrote nothing.
    pub fn words(&self, subject: Option<&str>) -> &'a str {
        let filled = |s: &str| self.title.is_some_and(|t| s.contains(t)) || self.query.is_some_and(|q| s.contains(q));
        let text = match subject {
            Some(s) if filled(s) && self.text.starts_with(s) => self.text[s.len()..].trim(),
            _ => self.text,
        };
        if text.is_empty() {
            self.query.unwrap_or("")
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labels_of_a_contact_mail_are_read_back() {
        let body = "Question about: How do I get a refund? It has been two weeks.\n\n\n-- write above this line\nentry: refund\ntitle: How do I get a refund?\nlang: tr\n";
        let labels = parse(body).unwrap();
        assert_eq!(labels.text, "Question about: How do I get a refund? It has been two weeks.");
        assert_eq!(labels.words(Some("Question about: How do I get a refund?")), "It has been two weeks.");
        assert_eq!(labels.words(Some("My own subject")), labels.text, "a subject the customer wrote stays");
        assert_eq!((labels.entry, labels.lang, labels.query), (Some("refund"), Some("tr"), None));
        let search = "Search: iade\r\n\r\n-- bu satırın üstüne yazın\r\nlang: tr\r\nquery: iade ne zaman\r\n";
        let labels = parse(search).unwrap();
        assert_eq!((labels.text, labels.query, labels.entry), ("Search: iade", Some("iade ne zaman"), None));
        // Subject and a trimmed body joined by a space.
        let joined = "Search: iade -- write above this line\nlang: en\nquery: iade";
        assert_eq!(parse(joined).unwrap().text, "Search: iade");
        assert_eq!(parse(joined).unwrap().words(Some("Search: iade")), "iade", "nothing written: the query");
    }

    #[test]
    fn only_a_trailing_block_naming_an_entry_or_a_query_is_labels() {
        assert_eq!(parse("my order never came"), None);
        assert_eq!(parse("note the entry: refund part\nthanks"), None);
        assert_eq!(parse("hello\nlang: en\n"), None, "a language alone tags nothing");
        assert_eq!(parse("hello\nentry: \n"), None, "an empty entry is no entry");
        let labels = parse("entry: refund").unwrap();
        assert_eq!((labels.text, labels.entry), ("", Some("refund")));
    }
}
