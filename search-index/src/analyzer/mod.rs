//! Text analysis shared by every consumer of the search: Tantivy at build time, the native reader
//! and the wasm client.
//!
//! One [`Analyzer`] per language turns text into [`Word`]s; each word carries one or more index
//! terms (variants that all stand for the same word, such as a Turkish stem and its ASCII-folded
//! twin, or a Hindi word and its phonetic Latin key). The same code is registered in Tantivy as a
//! tokenizer (see [`Analyzer::name`]) through `tantivy-tokenizer-api`, so index and query
//! analysis can never drift apart.
//!
//! Pipeline per word, in this order (each step needs the previous one):
//! 1. segment by Unicode word boundaries (UAX #29), which keeps Devanagari clusters whole;
//! 2. case fold (language-aware: Turkish İ→i, I→ı) — must precede stemming, whose rules are
//!    written for lower-case text;
//! 3. normalise (Hindi nukta/chandrabindu spellings) — before stemming/keys for the same reason;
//! 4. stem, then derive variants (ASCII fold, phonetic key) from the stemmed/normalised form.
//!
//! This module must not know about the index format or scoring.

mod function_words;
mod hindi;
mod irregular;
mod memo;
mod segment;
mod turkish;

#[cfg(test)]
pub(crate) mod test_support;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

pub use hindi::{phonetic_key, transliterate};

/// Longest word, in characters (not bytes), that is indexed; longer words are dropped.
pub const MAX_WORD_CHARS: usize = 40;

/// Marks a Hindi phonetic key term so it never collides with a real word.
pub const PHONETIC_KEY_MARK: char = '#';

/// The languages with dedicated analysis; every other language code maps to [`Language::Generic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English: lower-case + Snowball English stemmer.
    English,
    /// Turkish: Turkish case folding + Snowball Turkish stemmer + ASCII-folded variants.
    Turkish,
    /// Hindi: Devanagari normalisation + phonetic Latin keys for Hinglish queries.
    Hindi,
    /// Any other language: Unicode words, lower-cased.
    Generic,
}

/// One analysed word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the word's first character in the analysed text.
    pub from: usize,
    /// Byte offset just past the word's last character.
    pub to: usize,
    /// Index terms standing for this word, primary first, without duplicates; never empty.
    pub terms: Vec<String>,
    /// The case-folded, normalised but unstemmed form, used when the word is a typed prefix.
    pub prefix: String,
    /// Length of the folded word in characters (drives typo tolerance).
    pub chars: usize,
    /// A function word ("the", "है"): never indexed nor looked up, but part of a synonym
    /// phrase ("log in") and, while typed, the prefix of the word it begins. Only
    /// [`Analyzer::words_with_function_words`] returns such words.
    pub function: bool,
}

/// A language-specific analyzer; cheap to clone, registered in Tantivy under [`Analyzer::name`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analyzer {
    language: Language,
}

/// Returns the analyzer for a language code: `"en"`, `"tr"`, `"hi"`, anything else is generic.
///
/// Region subtags are ignored (`"en-GB"` is English).
pub fn analyzer_for(lang: &str) -> Analyzer {
    let base = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let language = match base.as_str() {
        "en" => Language::English,
        "tr" => Language::Turkish,
        "hi" => Language::Hindi,
        _ => Language::Generic,
    };
    Analyzer { language }
}

impl Analyzer {
    /// The language this analyzer handles.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The tokenizer name under which Tantivy knows this analyzer.
    pub fn name(&self) -> &'static str {
        match self.language {
            Language::English => "helpmark_en",
            Language::Turkish => "helpmark_tr",
            Language::Hindi => "helpmark_hi",
            Language::Generic => "helpmark_generic",
        }
    }

    /// Analyses `text` into words, in text order; joined code forms follow their parts.
    /// Function words are left out: this is what is indexed and searched.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut words = self.words_with_function_words(text);
        words.retain(|w| !w.function);
        words
    }

    /// [`Analyzer::words`] with the function words in their places, marked: what query planning
    /// needs to match synonym phrases and to see the word being typed.
    pub fn words_with_function_words(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for raw in segment::raw_words(text) {
            self.with_word(&raw, |analysed| {
                if let Some((prefix, terms, chars, function)) = analysed {
                    out.push(Word {
                        from: raw.from,
                        to: raw.to,
                        terms: terms.clone(),
                        prefix: prefix.clone(),
                        chars: *chars,
                        function: *function,
                    });
                }
            });
        }
        out
    }

    /// Calls `emit(position, from, to, term)` for every term of every word of `text` but the
    /// function words, variants sharing the position of their word: what Tantivy indexes,
    /// without copying the terms (the memo's analysis is read in place).
    pub fn for_each_term(&self, text: &str, mut emit: impl FnMut(usize, usize, usize, &str)) {
        let mut position = 0;
        for raw in segment::raw_words(text) {
            self.with_word(&raw, |analysed| {
                if let Some((_, terms, _, false)) = analysed {
                    for term in terms {
                        emit(position, raw.from, raw.to, term);
                    }
                    position += 1;
                }
            });
        }
    }

    fn with_word<R>(&self, raw: &segment::RawWord<'_>, read: impl FnOnce(&memo::Analysed) -> R) -> R {
        memo::with_analysed(self.language, &raw.text, || self.analyze_text(&raw.text), read)
    }

    /// Analyses `text` into Tantivy tokens (see [`Analyzer::for_each_term`]).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.for_each_term(text, |position, from, to, term| {
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: term.to_string(),
                position_length: 1,
            });
        });
        tokens
    }

    /// This analyzer as a Tantivy tokenizer.
    pub fn tokenizer(&self) -> AnalyzerTokenizer {
        AnalyzerTokenizer { analyzer: self.clone(), tokens: Vec::new() }
    }

    /// The folded form, the terms, the length in chars of one raw word and whether it is a
    /// function word; `None` when the word is dropped whatever its use (empty, too long). A pure
    /// function of the language and the word, hence memoised.
    fn analyze_text(&self, raw: &str) -> memo::Analysed {
        let (folded, terms) = match self.language {
            Language::English => {
                let folded = raw.to_lowercase();
                // The stemmer cannot derive "pay" from "paid": irregular forms go via their base.
                let base = irregular::english_base(&folded).unwrap_or(&folded);
                let stem = Stemmer::create(Algorithm::English).stem(base).into_owned();
                (folded, vec![stem])
            }
            Language::Turkish => {
                let folded = turkish::lowercase(turkish::strip_apostrophe_suffix(raw));
                let stemmer = Stemmer::create(Algorithm::Turkish);
                // Stem with the Turkish letters first (the stemmer checks vowel harmony on
                // them), then fold; also stem the folded form, which is what a query typed
                // without Turkish letters produces.
                let with_letters = turkish::ascii_fold(&stemmer.stem(&folded));
                let ascii = turkish::ascii_fold(&folded);
                let without_letters = stemmer.stem(&ascii).into_owned();
                (ascii, vec![with_letters, without_letters])
            }
            Language::Hindi => hindi::analyze(raw)?,
            Language::Generic => {
                let folded = raw.to_lowercase();
                (folded.clone(), vec![folded])
            }
        };
        let chars = folded.chars().count();
        if chars == 0 || chars > MAX_WORD_CHARS {
            return None;
        }
        let mut unique: Vec<String> = Vec::with_capacity(terms.len());
        for term in terms {
            if !term.is_empty() && !unique.contains(&term) {
                unique.push(term);
            }
        }
        if unique.is_empty() {
            return None;
        }
        // A number of one or two digits is a value ("3 days ago", "alarm at 7"), not a topic:
        // matched, it finds whichever answer's example holds the same number. Longer ones
        // (error codes, years, order numbers) stay words. Measured with `cargo bench --bench
        // search_quality`, acc@1: Hinglish dev 0.597 → 0.604, en 0.714 → 0.720, CLINC150 0.642
        // → 0.643, tr 0.750 → 0.737 (one query whose "3 days ago" met an answer's "3 days").
        let short_number = folded.len() <= 2 && folded.bytes().all(|b| b.is_ascii_digit());
        let function = short_number
            || match self.language {
                Language::English => function_words::is_english(&folded),
                Language::Turkish => function_words::is_turkish(&folded),
                Language::Hindi => function_words::is_hindi(&folded),
                Language::Generic => false,
            };
        Some((folded, unique, chars, function))
    }
}

/// An [`Analyzer`] registered in Tantivy. It keeps its tokens between texts and overwrites
/// them in place, so indexing allocates no string per token.
#[derive(Clone, Debug)]
pub struct AnalyzerTokenizer {
    analyzer: Analyzer,
    tokens: Vec<Token>,
}

/// The tokens of one text, in order.
#[derive(Debug)]
pub struct AnalyzerStream<'a> {
    tokens: &'a mut [Token],
    /// Tokens handed out so far; the current one is `tokens[next - 1]`.
    next: usize,
}

impl Tokenizer for AnalyzerTokenizer {
    type TokenStream<'a> = AnalyzerStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzerStream<'a> {
        let AnalyzerTokenizer { analyzer, tokens } = self;
        let mut used = 0;
        analyzer.for_each_term(text, |position, from, to, term| {
            if used == tokens.len() {
                tokens.push(Token::default());
            }
            let token = &mut tokens[used];
            token.offset_from = from;
            token.offset_to = to;
            token.position = position;
            token.position_length = 1;
            token.text.clear();
            token.text.push_str(term);
            used += 1;
        });
        AnalyzerStream { tokens: &mut tokens[..used], next: 0 }
    }
}

impl TokenStream for AnalyzerStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.max(1) - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next.max(1) - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::assert_tokens;
    use super::*;

    #[test]
    fn english_words_are_lower_cased_and_stemmed() {
        assert_tokens(
            &analyzer_for("en"),
            "Refunds, REFUNDING: money",
            &[("refund", 0, 7, 0), ("refund", 9, 18, 1), ("money", 20, 25, 2)],
        );
    }

    #[test]
    fn codes_keep_their_parts_and_a_joined_form() {
        assert_tokens(
            &analyzer_for("en"),
            "error E-1042 after v2.3",
            &[
                ("error", 0, 5, 0),
                ("e", 6, 7, 1),
                ("1042", 8, 12, 2),
                ("e1042", 6, 12, 3),
                ("after", 13, 18, 4),
                ("v2.3", 19, 23, 5),
            ],
        );
        let words = analyzer_for("hi").words("MM-482913");
        let terms: Vec<&str> = words.iter().map(|w| w.terms[0].as_str()).collect();
        assert_eq!(terms, ["mm", "482913", "mm482913"]);
    }

    #[test]
    fn function_words_are_dropped_but_negations_and_english_question_words_kept() {
        let primary = |lang: &str, text: &str| {
            analyzer_for(lang).words(text).into_iter().map(|w| w.terms[0].clone()).collect::<Vec<_>>()
        };
        assert_eq!(primary("en", "Is my card not there?"), ["card", "not"]);
        assert_eq!(primary("en", "Where is my order?"), ["where", "order"]);
        assert_eq!(primary("tr", "Siparişim neden hala gelmedi?"), primary("tr", "siparişim gelmedi"));
        assert!(primary("en", "is it the").is_empty());
    }

    #[test]
    fn short_numbers_are_values_and_longer_ones_words() {
        let primary = |lang: &str, text: &str| {
            analyzer_for(lang).words(text).into_iter().map(|w| w.terms[0].clone()).collect::<Vec<_>>()
        };
        assert_eq!(primary("en", "ordered 3 days ago"), ["order", "day", "ago"]);
        assert_eq!(primary("hi", "7 baje alarm"), ["baje", "alarm"]);
        assert_eq!(primary("en", "error 404 in 2026"), ["error", "404", "2026"]);
        assert!(primary("tr", "12").is_empty());
    }

    #[test]
    fn long_words_are_measured_in_characters() {
        // 30 Devanagari characters are 90 bytes: still indexed.
        let long_hindi = "क".repeat(30);
        assert_eq!(analyzer_for("hi").words(&long_hindi).len(), 1);
        let too_long = "a".repeat(MAX_WORD_CHARS + 1);
        assert!(analyzer_for("en").words(&too_long).is_empty());
    }

    #[test]
    fn generic_language_only_segments_and_lower_cases() {
        assert_tokens(&analyzer_for("fr"), "Remboursé ÉTÉ", &[("remboursé", 0, 10, 0), ("été", 11, 16, 1)]);
    }

    #[test]
    fn tantivy_stream_yields_the_same_tokens_text_after_text() {
        let analyzer = analyzer_for("en");
        let mut tokenizer = analyzer.tokenizer();
        // The second, shorter text reuses the first one's tokens: nothing of it may leak.
        for text in ["Cancel my orders, E-1042", "Refunds"] {
            let mut stream = tokenizer.token_stream(text);
            let mut seen = Vec::new();
            while stream.advance() {
                seen.push(stream.token().clone());
            }
            assert_eq!(seen, analyzer.tokens(text));
        }
    }
}
