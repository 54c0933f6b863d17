//! BERT's uncased WordPiece tokenizer: text is cleaned, lower-cased, stripped of accents and
//! split at spaces and punctuation; each word becomes the longest pieces of the vocabulary
//! that spell it (`refund` → `ref`, `##und`), or `[UNK]` when none do.

use super::EmbedError;
use std::collections::HashMap;
use std::path::Path;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// A word longer than this is `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// The vocabulary of a BERT model (`vocab.txt`, one piece per line; a piece's number is its line).
pub(super) struct WordPiece {
    ids: HashMap<String, u32>,
    cls: u32,
    sep: u32,
    unk: u32,
}

impl WordPiece {
    /// Reads `vocab.txt` at `path`.
    pub(super) fn read(path: &Path) -> Result<WordPiece, EmbedError> {
        let text = std::fs::read_to_string(path).map_err(|e| EmbedError::io(path, e))?;
        let ids: HashMap<String, u32> = text.lines().zip(0u32..).map(|(piece, id)| (piece.to_string(), id)).collect();
        let special = |name: &str| {
            ids.get(name).copied().ok_or_else(|| EmbedError::Format {
                path: path.to_path_buf(),
                why: format!("no `{name}` in the vocabulary"),
            })
        };
        Ok(WordPiece { cls: special("[CLS]")?, sep: special("[SEP]")?, unk: special("[UNK]")?, ids })
    }

    /// Pieces in the vocabulary.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The piece numbers of `text` between `[CLS]` and `[SEP]`, at most `max` in all.
    pub(super) fn encode(&self, text: &str, max: usize) -> Vec<u32> {
        let mut out = vec![self.cls];
        'words: for word in words(text) {
            let start = out.len();
            let chars: Vec<char> = word.chars().collect();
            if chars.len() > MAX_WORD_CHARS {
                out.push(self.unk);
                continue;
            }
            let mut from = 0;
            let mut piece = String::new();
            while from < chars.len() {
                // The longest piece of the vocabulary starting at `from`.
                let found = (from + 1..=chars.len()).rev().find_map(|to| {
                    piece.clear();
                    if from > 0 {
                        piece.push_str("##");
                    }
                    piece.extend(&chars[from..to]);
                    self.ids.get(&piece).map(|&id| (id, to))
                });
                let Some((id, to)) = found else {
                    out.truncate(start);
                    out.push(self.unk);
                    continue 'words;
                };
                out.push(id);
                from = to;
            }
        }
        out.truncate(max.saturating_sub(1).max(1));
        out.push(self.sep);
        out
    }
}

/// The words of `text` as BERT's basic uncased tokenizer splits them: control characters
/// dropped, lower-cased, accents stripped, CJK ideographs and punctuation each a word.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in text.chars().flat_map(char::to_lowercase).nfd().filter(|&c| !is_combining_mark(c)) {
        if c.is_whitespace() {
            flush(&mut word, &mut words);
        } else if c.is_control() || c == '\u{fffd}' {
            continue;
        } else if is_punctuation(c) || is_cjk(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut words);
    words
}

/// BERT's punctuation: every ASCII non-alphanumeric sign (`$`, `^` and `` ` `` included) and
/// the Unicode punctuation marks in common use.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3000}'..='\u{303f}' | '¡' | '§' | '«' | '¶' | '·' | '»' | '¿' | '।' | '॥')
}

/// CJK ideographs, each a word of its own in BERT.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2fa1f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(pieces: &[&str]) -> WordPiece {
        let ids: HashMap<String, u32> = pieces.iter().zip(0u32..).map(|(p, i)| (p.to_string(), i)).collect();
        WordPiece { cls: ids["[CLS]"], sep: ids["[SEP]"], unk: ids["[UNK]"], ids }
    }

    #[test]
    fn words_are_cleaned_lower_cased_and_split_at_punctuation() {
        assert_eq!(words("Café déjà-vu: $5 refund!!"), ["cafe", "deja", "-", "vu", ":", "$", "5", "refund", "!", "!"]);
        assert_eq!(words(" a\u{0}b\tC—d 中文 "), ["ab", "c", "—", "d", "中", "文"]);
    }

    #[test]
    fn a_word_is_its_longest_pieces_or_unknown() {
        let v = vocab(&["[PAD]", "[UNK]", "[CLS]", "[SEP]", "ref", "##und", "re", "##f", "get", "a", "!"]);
        assert_eq!(v.encode("Get a REFUND!", 16), [2, 8, 9, 4, 5, 10, 3]);
        assert_eq!(v.encode("refx get", 16), [2, 1, 8, 3], "a word no pieces spell is one [UNK]");
        assert_eq!(v.encode("get get get get", 4), [2, 8, 8, 3], "at most `max` in all");
    }
}
