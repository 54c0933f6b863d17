//! The one assertion helper every analyzer test uses: token text, byte offsets and position.

use super::Analyzer;

/// Asserts that `text` analyses to exactly `expected`, given as
/// `(term, offset_from, offset_to, position)`, variants included, in stream order.
pub(crate) fn assert_tokens(analyzer: &Analyzer, text: &str, expected: &[(&str, usize, usize, usize)]) {
    let got: Vec<(String, usize, usize, usize)> =
        analyzer.tokens(text).into_iter().map(|t| (t.text, t.offset_from, t.offset_to, t.position)).collect();
    let want: Vec<(String, usize, usize, usize)> =
        expected.iter().map(|&(s, a, b, p)| (s.to_string(), a, b, p)).collect();
    assert_eq!(got, want, "tokens of {text:?}");
    for (term, from, to, _) in &got {
        assert!(text.get(*from..*to).is_some(), "offsets of {term:?} cut a character");
    }
}
