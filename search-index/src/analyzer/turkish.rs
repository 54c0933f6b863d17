//! Turkish case folding and ASCII folding.
//!
//! Unicode's default lower-casing maps `İ` to `i̇` (i + combining dot) and `I` to `i`; Turkish
//! needs `İ`→`i` and `I`→`ı`. ASCII folding (`ş`→`s`, `ı`→`i`, ...) is applied after stemming so
//! that text typed without Turkish letters still matches.

/// Lower-cases with Turkish rules (`İ`→`i`, `I`→`ı`), dropping stray combining dots above `i`.
pub(super) fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'İ' => out.push('i'),
            'I' => out.push('ı'),
            // A combining dot above left by another lower-caser ("i̇") adds nothing.
            '\u{307}' if out.ends_with('i') => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Removes the suffix after an apostrophe (`İstanbul'da` → `İstanbul`), the Turkish way of
/// inflecting proper nouns.
pub(super) fn strip_apostrophe_suffix(word: &str) -> &str {
    match word.find(['\'', '’']) {
        Some(i) if i > 0 => &word[..i],
        _ => word,
    }
}

/// Folds Turkish (and circumflexed) letters of lower-case text to ASCII.
pub(super) fn ascii_fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ş' => 's',
            'ı' | 'î' => 'i',
            'ğ' => 'g',
            'ü' | 'û' => 'u',
            'ö' => 'o',
            'ç' => 'c',
            'â' => 'a',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::analyzer_for;
    use super::super::test_support::assert_tokens;
    use super::*;

    #[test]
    fn dotted_and_dotless_capitals_fold_the_turkish_way() {
        assert_eq!(lowercase("İSTANBUL IŞIK"), "istanbul ışık");
        assert_eq!(lowercase("i\u{307}ade"), "iade");
    }

    #[test]
    fn iade_matches_however_it_is_typed() {
        let tr = analyzer_for("tr");
        let terms = |s: &str| tr.words(s).remove(0).terms;
        let iade = terms("iade");
        assert_eq!(terms("İADE"), iade);
        assert!(terms("ıade").iter().any(|t| iade.contains(t)));
    }

    #[test]
    fn turkish_tokens_are_stemmed_then_ascii_folded() {
        // "ödemeler" stems to "ödeme" and folds to "odeme" either way.
        assert_tokens(&analyzer_for("tr"), "Ödemeler", &[("odeme", 0, 9, 0)]);
        // "ışıklar" keeps its stem only with its letters; the folded spelling is a variant.
        assert_tokens(
            &analyzer_for("tr"),
            "IŞIKLAR İstanbul'da",
            &[("isik", 0, 8, 0), ("isiklar", 0, 8, 0), ("istanbul", 9, 21, 1)],
        );
    }
}
