//! What a result shows of its text: the passage around the words the query matched, cut at word
//! boundaries, and those words marked.
//!
//! A word is marked when one of its index terms is a term of the query's plan, so marks follow
//! the engine exactly: stems ("refunds" for "refund"), the typed prefix's expansions, typo
//! corrections, synonyms, Turkish ASCII folding and Hindi phonetic keys; function words and
//! pieces of words are never marked (they are not index terms of any word).

use crate::analyzer::Analyzer;

/// A passage of a text with the matched words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The passage, with `…` where the text was cut.
    pub text: String,
    /// Byte ranges of the marked words in [`Excerpt::text`], in order, not overlapping.
    pub marks: Vec<(usize, usize)>,
}

/// Marks in `text` the words whose terms are in `terms` (sorted), and keeps the passage of at
/// most about `max_chars` characters that holds the most distinct matched words (ties: the
/// earliest). Without a match the passage is the text's beginning.
pub fn excerpt(analyzer: &Analyzer, terms: &[&str], text: &str, max_chars: usize) -> Excerpt {
    let words = analyzer.words_with_function_words(text);
    // Matched words, as (byte range, the term that matched) — code forms ("e1042") overlap
    // their parts; a range inside the previous one adds nothing.
    let mut matched: Vec<(usize, usize, &str)> = Vec::new();
    for w in words.iter().filter(|w| !w.function) {
        let Some(term) = w.terms.iter().find(|t| terms.binary_search(&t.as_str()).is_ok()) else { continue };
        match matched.last_mut() {
            Some(last) if w.from < last.1 => last.1 = last.1.max(w.to),
            _ => matched.push((w.from, w.to, term)),
        }
    }
    let (from, to) = window(text, &words, &matched, max_chars);
    let mut out = String::with_capacity(to - from + 6);
    if from > 0 {
        out.push('…');
    }
    let shift = out.len();
    out.push_str(&text[from..to]);
    let marks =
        matched.iter().filter(|m| m.0 >= from && m.1 <= to).map(|m| (m.0 - from + shift, m.1 - from + shift)).collect();
    if to < text.len() {
        out.push('…');
    }
    Excerpt { text: out, marks }
}

/// The byte range of the passage: whole words, starting a little before the best run of matches.
fn window(text: &str, words: &[crate::Word], matched: &[(usize, usize, &str)], max_chars: usize) -> (usize, usize) {
    if text.chars().count() <= max_chars {
        return (0, text.len());
    }
    // Character offsets of the matches (counted once: texts are a few thousand characters).
    let mut at = (0, 0);
    let mut chars_at = |byte: usize| {
        at = (byte, at.1 + text[at.0..byte].chars().count());
        at.1
    };
    let spans: Vec<(usize, usize, &str)> = matched.iter().map(|m| (chars_at(m.0), chars_at(m.1), m.2)).collect();
    // The passage opens this many characters before its first match: the words leading to it.
    let lead = max_chars / 5;
    // (distinct matched terms, span of their run, start char): the most words, then the
    // tightest run of them, which leaves the most room for the words around it.
    let mut best = (0usize, usize::MAX, 0usize);
    for (i, m) in spans.iter().enumerate() {
        let start = m.0.saturating_sub(lead);
        let run: Vec<&(usize, usize, &str)> = spans[i..].iter().take_while(|n| n.1 <= start + max_chars).collect();
        let mut seen: Vec<&str> = run.iter().map(|n| n.2).collect();
        seen.sort_unstable();
        seen.dedup();
        let span = run.last().map_or(0, |n| n.1) - m.0;
        if seen.len() > best.0 || (seen.len() == best.0 && span < best.1) {
            // The run of matches in the middle of the passage: as much before as after.
            best = (seen.len(), span, m.0.saturating_sub(lead.max((max_chars - span.min(max_chars)) / 2)));
        }
    }
    let (start_char, end_char) = (best.2, best.2 + max_chars);
    let byte_of = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b);
    let (start, end) = (byte_of(start_char), byte_of(end_char));
    // Whole words: begin at the first word starting in the window, end after the last one
    // ending in it, with the punctuation that closes it ("days." and not "days").
    let from = if start == 0 { 0 } else { words.iter().find(|w| w.from >= start).map_or(start, |w| w.from) };
    let last = words.iter().rev().find(|w| w.to <= end && w.from >= from).map_or(end, |w| w.to);
    let tail = text[last..].find(|c: char| c.is_whitespace() || c.is_alphanumeric()).unwrap_or(text.len() - last);
    (from, last + tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer_for;

    /// The marked substrings of an excerpt.
    fn marked(e: &Excerpt) -> Vec<&str> {
        e.marks.iter().map(|&(a, b)| &e.text[a..b]).collect()
    }

    /// The plan terms of `query` for `lang`, as the index would hold them (primary terms).
    fn terms(lang: &str, query: &str) -> Vec<String> {
        let mut t: Vec<String> = analyzer_for(lang).words(query).into_iter().flat_map(|w| w.terms).collect();
        t.sort();
        t.dedup();
        t
    }

    fn run(lang: &str, query: &str, text: &str, max: usize) -> Excerpt {
        let t = terms(lang, query);
        let refs: Vec<&str> = t.iter().map(String::as_str).collect();
        excerpt(&analyzer_for(lang), &refs, text, max)
    }

    #[test]
    fn whole_words_are_marked_never_function_words_nor_pieces_of_words() {
        let e = run("en", "is English refunds", "This is English: your refund is on its way.", 200);
        assert_eq!(e.text, "This is English: your refund is on its way.");
        assert_eq!(marked(&e), ["English", "refund"]);
    }

    #[test]
    fn the_passage_is_the_one_around_the_matches_cut_at_words_with_ellipses() {
        let filler = "Lorem ipsum dolor sit amet consectetur adipiscing elit. ".repeat(8);
        let text = format!("{filler}Card refunds take five business days. {filler}");
        let e = run("en", "card refund", &text, 80);
        assert!(e.text.starts_with('…') && e.text.ends_with('…'), "{}", e.text);
        assert!(e.text.contains("Card refunds take five business days."), "{}", e.text);
        assert_eq!(marked(&e), ["Card", "refunds"]);
        assert!(e.text.chars().count() <= 82, "{}", e.text);
        // Cut between words: the first and last words are whole words of the text.
        let inner = e.text.trim_matches('…');
        for word in [inner.split(' ').next().unwrap(), inner.split(' ').next_back().unwrap()] {
            assert!(text.split(' ').any(|w| w == word), "{word:?} is a piece of a word");
        }
    }

    #[test]
    fn the_passage_with_more_distinct_words_wins_over_repeats_of_one() {
        let filler = "Lorem ipsum dolor sit amet consectetur adipiscing elit. ".repeat(4);
        let text = format!("refund refund refund. {filler}Your refund reaches the bank in days. {filler}");
        let e = run("en", "refund bank", &text, 60);
        assert_eq!(marked(&e), ["refund", "bank"], "{}", e.text);
    }

    #[test]
    fn without_a_match_the_passage_is_the_beginning() {
        let e = run("en", "zebra", &"word ".repeat(100), 50);
        assert!(e.text.starts_with("word word") && e.text.ends_with('…') && e.marks.is_empty());
    }

    #[test]
    fn turkish_typed_without_its_letters_marks_the_turkish_words() {
        let e = run("tr", "kapida odeme", "Kapıda ödeme seçeneği var.", 200);
        assert_eq!(marked(&e), ["Kapıda", "ödeme"]);
    }
}
