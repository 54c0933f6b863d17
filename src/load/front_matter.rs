//! Splits a Markdown file into its YAML front matter and its body, and parses the front matter
//! of entries and of `_category.md` files into strict types (unknown keys are errors).

use super::yaml;
use crate::diagnostics::{Code, Diagnostic};
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;

/// Front matter of one entry (DESIGN §1). Everything is optional here; the model checks what is
/// required so that it can report all problems of a file together.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryMeta {
    /// The question, in the customer's words.
    pub title: Option<String>,
    /// Stable key for logs and links; defaults to the file stem.
    pub id: Option<String>,
    /// Other phrasings of the question.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Ids of related entries.
    #[serde(default)]
    pub related: Vec<String>,
    /// Manual order inside the category.
    pub order: Option<i64>,
    /// Last update, `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// The page's meta description (search results, link previews); default: the answer's start.
    pub description: Option<String>,
    /// Asks search engines not to index the page; it is also left out of the sitemap, `llms.txt`
    /// and the JSON export.
    #[serde(default)]
    pub noindex: bool,
    /// On a translation: what its original was when it was translated (`helpmark new --from`
    /// writes it), so that `helpmark check` can tell when the original changed since.
    pub translated_from: Option<TranslatedFrom>,
    /// Paths this entry's page had before it was renamed or moved (`billing/refunds.html`, from
    /// the site root): each gets a page that sends the reader on, and a `_redirects` line.
    #[serde(default)]
    pub redirect_from: Vec<String>,
}

/// `translated_from:` of a translation: the original's state it was translated from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedFrom {
    /// The original's `updated` then.
    pub updated: Option<String>,
    /// The original's content hash then (`helpmark check` prints the current one).
    pub hash: Option<String>,
}

/// Front matter of a `_category.md` file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryMeta {
    /// Shown as the category's heading.
    pub title: Option<String>,
    /// One line under the title on the home page.
    pub description: Option<String>,
    /// Position among categories.
    pub order: Option<i64>,
}

/// Where the parts of a file are, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the fences.
    pub yaml: Range<usize>,
    /// Everything after the closing fence.
    pub body: Range<usize>,
}

/// Finds the `---` fences. `Err` when the file has no front matter or it is never closed.
pub fn split(text: &str, path: &Path) -> Result<Split, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    if text[start..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            Code::MissingFrontMatter,
            path,
            Some(start..first_line_end.max(start + 1).min(text.len().max(start + 1))),
            "missing front matter",
        )
        .with_hint("start the file with a `---` line, then `title: ...`, then another `---` line"));
    }
    let mut pos = first_line_end;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..line_end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split { yaml: first_line_end..pos, body: line_end..text.len() });
        }
        pos = line_end;
    }
    Err(Diagnostic::error(Code::InvalidYaml, path, Some(start..start + 3), "front matter is never closed")
        .with_hint("add a line with just `---` after the last front matter key"))
}

/// Parses the front matter of `text` as `T`.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str, split: &Split, path: &Path) -> Result<T, Diagnostic> {
    yaml::parse(text, split.yaml.start, split.yaml.end, path)
}

/// The byte span of `key:` inside the front matter, for diagnostics about a key's value; falls
/// back to the opening fence.
pub fn key_span(text: &str, split: &Split, key: &str) -> Range<usize> {
    let yaml = &text[split.yaml.clone()];
    let mut offset = split.yaml.start;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return offset..offset + key.len();
            }
        }
        offset += line.len();
    }
    0..3.min(text.len())
}

/// The byte span of `value` on the line of `key` (or anywhere in the front matter), to point
/// at one item of a list such as `related`.
pub fn value_span(text: &str, split: &Split, key: &str, value: &str) -> Range<usize> {
    let key_at = key_span(text, split, key);
    let yaml_end = split.yaml.end;
    text[key_at.start..yaml_end].find(value).map(|i| key_at.start + i..key_at.start + i + value.len()).unwrap_or(key_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fences_and_body() {
        let text = "---\ntitle: a\n---\nbody\n";
        let s = split(text, Path::new("x")).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: a\n");
        assert_eq!(&text[s.body.clone()], "body\n");
        assert_eq!(&text[key_span(text, &s, "title")], "title");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = split("---\ntitle: a\n", Path::new("x")).unwrap_err();
        assert_eq!(d.code, Code::InvalidYaml);
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let d = split("# Hello\n", Path::new("x")).unwrap_err();
        assert_eq!(d.code, Code::MissingFrontMatter);
    }
}
