//! The only file that touches `serde_yaml`: parses a YAML slice of a file into a strict type and
//! turns every failure into a [`Diagnostic`] placed in the whole file (byte offsets re-based on the
//! slice's start, so line numbers are the file's, not the block's).

use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text[start..end]` as `T`. An empty or comment-only block parses as an empty mapping.
pub fn parse<T: DeserializeOwned>(text: &str, start: usize, end: usize, path: &Path) -> Result<T, Diagnostic> {
    let slice = &text[start..end];
    let has_content = slice.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let result = if has_content { serde_yaml::from_str(slice) } else { serde_yaml::from_str("{}") };
    result.map_err(|e| {
        let offset = e.location().map_or(start, |l| start + l.index());
        let message = e.to_string();
        to_diagnostic(&message, offset, text, path)
    })
}

/// The list of strings at top-level `key` of the YAML document `text`, read leniently (unknown
/// and broken keys elsewhere do not matter): what is left of a config that does not validate.
pub fn string_list(text: &str, key: &str) -> Option<Vec<String>> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let list = value.get(key)?.as_sequence()?;
    list.iter().map(|item| item.as_str().map(str::to_string)).collect()
}

/// Classifies serde_yaml's message: unknown keys get a did-you-mean hint, type errors name the
/// expected shape, the rest is a syntax error.
fn to_diagnostic(message: &str, offset: usize, text: &str, path: &Path) -> Diagnostic {
    // serde_yaml appends " at line L column C"; we print our own place.
    let message = message.split(" at line ").next().unwrap_or(message).trim();
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let span = key_span_near(text, offset, key);
        let mut d = Diagnostic::error(Code::UnknownKey, path, Some(span), format!("unknown key `{key}`"));
        d = match did_you_mean(key, expected.iter().copied()) {
            Some(best) => d.with_hint(format!("did you mean `{best}`?")),
            None => d.with_hint(format!("known keys here: {}", backticked(&expected))),
        };
        return d;
    }
    let span = Some(offset..offset + 1);
    if message.contains("invalid type") || message.contains("invalid value") || message.contains("missing field") {
        return Diagnostic::error(Code::InvalidValue, path, span, message.to_string())
            .with_hint("check the value's shape: a list is written `[a, b]`, text with a `:` needs quotes");
    }
    Diagnostic::error(Code::InvalidYaml, path, span, format!("invalid YAML: {message}"))
        .with_hint("check indentation, and quote values that contain `: ` or start with `[`, `{`, `*`, `&` or `!`")
}

/// serde_yaml places unknown-key errors at the mapping, not the key: find the key itself on or
/// after that offset so the caret points at it.
fn key_span_near(text: &str, offset: usize, key: &str) -> std::ops::Range<usize> {
    let mut pos = offset.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let needle = format!("{key}:");
    // Look from the start of the line that holds the offset.
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    match text[line_start..].find(&needle) {
        Some(i) => line_start + i..line_start + i + key.len(),
        None => offset..offset + 1,
    }
}

fn backticked(items: &[&str]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: Option<String>,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn unknown_key_points_at_the_key_with_a_hint() {
        let text = "---\ntitle: a\ntitel: b\n---\n";
        let d = parse::<Meta>(text, 4, 21, Path::new("x.md")).unwrap_err();
        assert_eq!(d.code, Code::UnknownKey);
        assert_eq!(&text[d.span.clone().unwrap()], "titel");
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn syntax_error_offsets_are_rebased_on_the_file() {
        let text = "---\ntitle: a\ntags: [x\n---\n";
        let d = parse::<Meta>(text, 4, 21, Path::new("x.md")).unwrap_err();
        assert_eq!(d.code, Code::InvalidYaml);
        assert!(d.span.unwrap().start >= 4);
    }

    #[test]
    fn empty_block_is_an_empty_mapping() {
        let m: Meta = parse("---\n\n---\n", 4, 5, Path::new("x.md")).unwrap();
        assert!(m.title.is_none());
    }
}
