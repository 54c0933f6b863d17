//! Segmentation: Unicode word boundaries (UAX #29) plus joined forms of codes.
//!
//! UAX #29 keeps Devanagari words whole across vowel signs, virama and nukta, and keeps
//! `v2.3` together, but splits `E-1042` into `E` and `1042`. For codes, the parts stay (so
//! "1042" alone still finds the entry) and a joined form without the connectors follows them
//! (`E1042`), which is what a customer copying the code without its dash types.

use unicode_segmentation::UnicodeSegmentation;

/// Characters that join the parts of a code (`E-1042`, `MM/48`, `A:1`).
const CONNECTORS: [char; 4] = ['-', '/', ':', '.'];

/// A word of the original text, before case folding.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct RawWord<'a> {
    /// The word's text (for a joined code: the parts concatenated, connectors removed).
    pub(super) text: std::borrow::Cow<'a, str>,
    pub(super) from: usize,
    pub(super) to: usize,
}

/// Splits `text` into words; each chain of code parts is followed by its joined form.
pub(super) fn raw_words(text: &str) -> Vec<RawWord<'_>> {
    let words: Vec<(usize, &str)> = text.unicode_word_indices().collect();
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // Find the longest chain words[i..=j] glued by single connector characters.
        let mut j = i;
        while j + 1 < words.len() {
            let (start, word) = words[j];
            let end = start + word.len();
            let (next_start, _) = words[j + 1];
            let gap = text.get(end..next_start).unwrap_or("");
            let mut gap_chars = gap.chars();
            match (gap_chars.next(), gap_chars.next()) {
                (Some(c), None) if CONNECTORS.contains(&c) => j += 1,
                _ => break,
            }
        }
        for &(start, word) in &words[i..=j] {
            out.push(RawWord { text: word.into(), from: start, to: start + word.len() });
        }
        let chain = &words[i..=j];
        // Most words stand alone: look for digits only in chains.
        if chain.len() > 1 && chain.iter().any(|(_, w)| w.chars().any(|c| c.is_numeric())) {
            let joined: String = chain.iter().map(|(_, w)| *w).collect();
            let (from, _) = chain[0];
            let (last_start, last) = chain[chain.len() - 1];
            out.push(RawWord { text: joined.into(), from, to: last_start + last.len() });
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        raw_words(text).into_iter().map(|w| w.text.into_owned()).collect()
    }

    #[test]
    fn hindi_words_stay_whole_across_virama_and_nukta() {
        assert_eq!(texts("ग्राहक ज़रूरत"), ["ग्राहक", "ज़रूरत"]);
    }

    #[test]
    fn codes_are_joined_only_when_they_contain_digits() {
        assert_eq!(texts("E-1042 well-known"), ["E", "1042", "E1042", "well", "known"]);
        assert_eq!(texts("a - 1"), ["a", "1"]);
    }
}
