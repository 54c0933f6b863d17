//! Content gaps: unmatched complaints grouped into topics by shared salient words.
//!
//! Each distinct text is analysed with its language's search analyzer (so "deliveries" and
//! "delivery" are one word, and Hindi and Turkish are handled as in search). A word's salience
//! is its BM25 idf over every distinct text of the logs in that language: words most customers
//! use ("my", "order") weigh little, so no stop-word list is needed. Topics are formed
//! greedily: among the texts not yet in a topic, the word in the most distinct texts × idf seeds
//! a topic holding every such text that has it; repeat while a word is shared by two complaints
//! or more. A seed must also be over-represented among unmatched texts (at least 1.5× its share
//! of all texts), which keeps out everyday words and the words of existing entries.
//!
//! **Codes are no words.** Numbers never count, and neither do the letters of a code
//! (`MM` of `MM-482913`, `T` of `T-1042`: [`CodeWords`], learnt from the logs as written) nor
//! the word that labels one (`order` in `order MM-482913`): on a log where a fifth of the
//! texts end in an order number, those texts would otherwise form the largest topic.
//!
//! **The suggested question** is a ticket subject when the log has subjects (the most asked
//! subject of two words or more that holds a word of the topic), else the shortest clean
//! phrasing of the topic; never subject and body glued together. Masking placeholders
//! (`[email]`), codes and long numbers are taken out of it (`question`).
//!
//! Everything that leaves this module is built from masked text.

use super::{mask, matching};
use rayon::prelude::*;
use search_index::analyzer::Analyzer;
use search_index::analyzer_for;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};

/// A topic needs at least this many complaints.
const MIN_TOPIC_SIZE: u64 = 2;
/// Topics listed at most.
const MAX_TOPICS: usize = 50;
/// Phrasings and words shown per topic.
const SHOWN: usize = 5;
/// Texts of a topic read again (most asked first) for its phrasings and question.
const READ_PER_TOPIC: usize = 30;
/// Complaints in no topic listed at most (most asked first); the rest are counted.
pub const MAX_UNGROUPED_LISTED: usize = 200;
/// A word in more than this share of the entries' titles (and in at least
/// [`FRAMING_MIN_TITLES`]) frames questions and seeds no topic.
const FRAMING_SHARE: f64 = 0.05;
/// See [`FRAMING_SHARE`].
const FRAMING_MIN_TITLES: u64 = 3;
/// Longest suggested question, in words.
const MAX_QUESTION_WORDS: usize = 14;
/// Longest phrasing shown, in characters.
const MAX_PHRASING_CHARS: usize = 200;

/// One unmatched distinct text and how many complaints in the window had it.
#[derive(Debug, Clone, Copy)]
pub struct Unmatched<'a> {
    /// Language code.
    pub lang: &'a str,
    /// Normalised text (lower-cased, personal data removed).
    pub key: &'a str,
    /// The caller's number for the text, handed back to ask for it as first written.
    pub text: u32,
    /// Complaints with this text in the window.
    pub count: u64,
}

/// A text as first written (not yet masked), read again for a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Example {
    /// Every text column of the row, joined by a space.
    pub text: String,
    /// The ticket's subject, when the log has several text columns (the first of them).
    pub subject: Option<String>,
}

impl Example {
    /// A text without a subject.
    pub fn plain(text: impl Into<String>) -> Self {
        Example { text: text.into(), subject: None }
    }

    /// The text on one line, masked and shortened, the subject set apart from the body
    /// (`subject — body`).
    fn shown(&self) -> String {
        let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = one_line(&self.text);
        let joined = match self.subject.as_deref().map(one_line) {
            Some(subject) if text.len() > subject.len() && text.starts_with(&subject) => {
                format!("{subject} — {}", text[subject.len()..].trim_start())
            }
            _ => text,
        };
        shorten(&mask::mask(&joined), MAX_PHRASING_CHARS)
    }
}

/// A group of unmatched complaints about one thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// Language code.
    pub lang: String,
    /// Complaints in the topic.
    pub size: u64,
    /// Distinct texts in the topic.
    pub texts: usize,
    /// A few masked phrasings, most frequent first.
    pub phrasings: Vec<String>,
    /// The words that define the topic, most telling first.
    pub terms: Vec<String>,
    /// A question title an editor could start an entry from.
    pub suggested_title: String,
}

/// An unmatched complaint in no topic, as written (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phrasing {
    /// Language code.
    pub lang: String,
    /// The text, masked, on one line.
    pub text: String,
    /// Complaints in the window with this text.
    pub count: u64,
}

/// What [`group`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grouped {
    /// Topics, largest first, at most `MAX_TOPICS`.
    pub topics: Vec<Topic>,
    /// Topics past `MAX_TOPICS`, not listed, and their complaints.
    pub more_topics: (usize, u64),
    /// Unmatched complaints in no topic.
    pub ungrouped: u64,
    /// The most asked of them, at most [`MAX_UNGROUPED_LISTED`] distinct texts.
    pub ungrouped_texts: Vec<Phrasing>,
}

/// Words that are the letters of codes in the logs, per language: a run of one to four
/// letters touching a run of three digits or more inside one token (`MM` of `MM-482913`, `T`
/// of `T-1042`, `INV` of `INV2026`), learnt from texts as written, before masking takes the
/// digits out. Kept normalised as the texts' keys are.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CodeWords {
    by_lang: HashMap<String, HashSet<String>>,
}

impl CodeWords {
    /// Learns the code letters of `raw`, a text in language `lang`.
    pub fn note(&mut self, lang: &str, raw: &str) {
        for run in code_letters(raw) {
            let word = matching::normalize(run, lang);
            if !word.is_empty() && !self.by_lang.get(lang).is_some_and(|s| s.contains(&word)) {
                self.by_lang.entry(lang.to_string()).or_default().insert(word);
            }
        }
    }

    /// The code letters of language `lang`, normalised.
    pub fn of(&self, lang: &str) -> Option<&HashSet<String>> {
        self.by_lang.get(lang)
    }
}

/// The letter runs of `raw` that belong to codes (see [`CodeWords`]).
pub fn code_letters(raw: &str) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Letters,
        Digits,
        Joint,
        Other,
    }
    let kind = |c: char| {
        if c.is_numeric() {
            Kind::Digits
        } else if c.is_alphabetic() || is_mark(c) {
            Kind::Letters
        } else if matches!(c, '-' | '_' | '/' | '#' | '.' | ':') {
            Kind::Joint
        } else {
            Kind::Other
        }
    };
    let mut out = Vec::new();
    for token in raw.split_whitespace() {
        // Runs of one kind: (kind, start, end, characters).
        let mut runs: Vec<(Kind, usize, usize, usize)> = Vec::new();
        for (at, c) in token.char_indices() {
            let k = kind(c);
            match runs.last_mut() {
                Some(last) if last.0 == k && k != Kind::Joint => {
                    last.2 = at + c.len_utf8();
                    last.3 += 1;
                }
                _ => runs.push((k, at, at + c.len_utf8(), 1)),
            }
        }
        let long_number =
            |i: Option<usize>| i.and_then(|i| runs.get(i)).is_some_and(|r| r.0 == Kind::Digits && r.3 >= 3);
        for (i, run) in runs.iter().enumerate() {
            if run.0 != Kind::Letters || run.3 > 4 {
                continue;
            }
            let joint = |j: Option<usize>| j.and_then(|j| runs.get(j)).is_some_and(|r| r.0 == Kind::Joint);
            let after = long_number(Some(i + 1)) || (joint(Some(i + 1)) && long_number(Some(i + 2)));
            let before = long_number(i.checked_sub(1)) || (joint(i.checked_sub(1)) && long_number(i.checked_sub(2)));
            if after || before {
                out.push(&token[run.1..run.2]);
            }
        }
    }
    out
}

/// A combining mark (Devanagari vowel signs are part of their word).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{0900}'..='\u{0903}' | '\u{093a}'..='\u{094f}' | '\u{0951}'..='\u{0957}' | '\u{0962}'..='\u{0963}')
}

/// The distinct primary terms of each text (numbers in the language's [`Vocabulary`]), in
/// order of first occurrence, end to end: one allocation for all the texts of a log.
#[derive(Default)]
struct Analysed {
    terms: Vec<u32>,
    /// Where each text's terms start in `terms`, and the end.
    starts: Vec<usize>,
}

impl Analysed {
    fn of(&self, text: usize) -> &[u32] {
        &self.terms[self.starts[text]..self.starts[text + 1]]
    }
}

/// Groups `unmatched` into topics; `background` holds every distinct text of the logs and the
/// titles and aliases of the entries as (language, normalised text), for the idf; `titles`
/// the entries' titles alone (their framing words seed no topic); `codes` the
/// code letters of the logs; `example` gives a text as first written (not yet masked) from
/// its number, asked only for the topics kept and the complaints listed.
pub fn group(
    unmatched: &[Unmatched<'_>],
    background: &[(&str, &str)],
    titles: &[(&str, &str)],
    codes: &CodeWords,
    example: &dyn Fn(u32) -> Example,
) -> Grouped {
    let mut langs: Vec<&str> = unmatched.iter().map(|u| u.lang).collect();
    langs.sort_unstable();
    langs.dedup();
    let mut topics = Vec::new();
    let mut left: Vec<&Unmatched<'_>> = Vec::new();
    let no_codes = HashSet::new();
    for lang in langs {
        let texts: Vec<&Unmatched<'_>> = unmatched.iter().filter(|u| u.lang == lang).collect();
        let corpus: Vec<&str> = background.iter().filter(|(l, _)| *l == lang).map(|(_, k)| *k).collect();
        let codes = codes.of(lang).unwrap_or(&no_codes);
        let titles: Vec<&str> = titles.iter().filter(|(l, _)| *l == lang).map(|(_, k)| *k).collect();
        let (mut found, rest) = group_language(lang, &texts, &corpus, &titles, codes);
        topics.append(&mut found);
        left.extend(rest.into_iter().map(|i| texts[i]));
    }
    topics.sort_by(|(a, ..), (b, ..)| {
        b.size.cmp(&a.size).then_with(|| a.lang.cmp(&b.lang)).then_with(|| a.terms.cmp(&b.terms))
    });
    let hidden = topics.split_off(topics.len().min(MAX_TOPICS));
    let topics = topics
        .into_iter()
        .map(|(mut topic, by_count, stems)| {
            let examples: Vec<(Example, u64)> =
                by_count.iter().take(READ_PER_TOPIC).map(|&(t, count)| (example(t), count)).collect();
            topic.phrasings = phrasings(&examples);
            if let Some(q) =
                suggested_question(&topic.lang, &examples, &stems, codes.of(&topic.lang).unwrap_or(&no_codes))
            {
                topic.suggested_title = q;
            }
            topic
        })
        .collect();
    left.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (a.lang, a.key).cmp(&(b.lang, b.key))));
    let ungrouped_texts = left
        .iter()
        .take(MAX_UNGROUPED_LISTED)
        .map(|u| Phrasing { lang: u.lang.to_string(), text: example(u.text).shown(), count: u.count })
        .collect();
    Grouped {
        topics,
        more_topics: (hidden.len(), hidden.iter().map(|(t, ..)| t.size).sum()),
        ungrouped: left.iter().map(|u| u.count).sum(),
        ungrouped_texts,
    }
}

/// The first [`SHOWN`] distinct phrasings of `examples` (most asked first), on one line,
/// masked and shortened.
fn phrasings(examples: &[(Example, u64)]) -> Vec<String> {
    let mut phrasings: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for (example, _) in examples {
        let shown = example.shown();
        if seen.insert(shown.to_lowercase()) {
            phrasings.push(shown);
        }
        if phrasings.len() == SHOWN {
            break;
        }
    }
    phrasings
}

/// The question a topic suggests (see the module docs): from the subjects if the texts have
/// them, else from the shortest clean phrasing. `stems` are the topic's words as the
/// analyzer gives them. `None` leaves the title made from the normalised text.
fn suggested_question(
    lang: &str,
    examples: &[(Example, u64)],
    stems: &[String],
    codes: &HashSet<String>,
) -> Option<String> {
    let analyzer = analyzer_for(lang);
    let on_topic = |text: &str| analyzer.words(text).iter().any(|w| w.terms.iter().any(|t| stems.contains(t)));
    // Subjects: the most asked one of two words or more about the topic.
    let mut subjects: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for (example, count) in examples {
        let Some(subject) = &example.subject else { continue };
        let q = question(lang, subject, codes);
        if q.words >= 2 && on_topic(&q.text) {
            let entry = subjects.entry(q.text.to_lowercase()).or_insert((0, q.text));
            entry.0 += count;
        }
    }
    let best_subject = subjects.into_values().max_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| b.1.chars().count().cmp(&a.1.chars().count())).then_with(|| b.1.cmp(&a.1))
    });
    if let Some((_, text)) = best_subject {
        return Some(text);
    }
    // Otherwise the shortest clean phrasing: on topic, nothing taken out, two words or more.
    let best = examples
        .iter()
        .map(|(example, count)| (question(lang, &example.text, codes), *count))
        .filter(|(q, _)| !q.text.is_empty())
        .max_by(|(a, ca), (b, cb)| {
            let rank = |q: &Question| (on_topic(&q.text), q.words >= 2, !q.cut);
            rank(a).cmp(&rank(b)).then(b.words.cmp(&a.words)).then(ca.cmp(cb)).then_with(|| b.text.cmp(&a.text))
        });
    best.map(|(q, _)| q.text)
}

/// A text made into a question by [`question`].
#[derive(Debug, PartialEq)]
struct Question {
    /// Capitalised, ending in `?`.
    text: String,
    /// Its words.
    words: usize,
    /// Whether anything was taken out or cut off.
    cut: bool,
}

/// Words that name the code after them (`order no. 12345`): taken out with it.
const CODE_LABELS: &[&str] = &["no", "nr", "number", "num", "ref", "id", "#", "numarası", "numaralı", "no'lu", "नंबर"];

/// `text` as a question title: masked, without masking placeholders, codes (letters and three
/// digits or more: `MM-482913`, `T-1042`), numbers of four digits or more and the label
/// before them, reply prefixes (`Re:`) and trailing punctuation; at most
/// [`MAX_QUESTION_WORDS`] words, capitalised, ending in `?`. Words that are `codes` (code
/// letters whose digits are gone already) go too.
fn question(lang: &str, text: &str, codes: &HashSet<String>) -> Question {
    let masked = mask::mask(text);
    let mut kept: Vec<&str> = Vec::new();
    let mut cut = false;
    for token in masked.split_whitespace() {
        let core = token.trim_matches(|c: char| !(c.is_alphanumeric() || c == '[' || c == ']' || c == '#'));
        let digits = core.chars().filter(|c| c.is_numeric()).count();
        let letters = core.chars().any(char::is_alphabetic);
        // `MM-[number]`: what masking left of a code is taken out whole.
        let placeholder = core.contains('[') && core.contains(']');
        let code = (letters && digits >= 3)
            || (!letters && digits >= 4)
            || (core.starts_with('#') && digits > 0)
            || (!core.is_empty() && codes.contains(&matching::normalize(core, lang)));
        if placeholder || code {
            cut = true;
            let label = kept.last().map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()).to_lowercase());
            if label.is_some_and(|l| CODE_LABELS.contains(&l.as_str()) || l.is_empty()) {
                kept.pop();
            }
            continue;
        }
        if kept.is_empty() && matches!(token.to_lowercase().as_str(), "re:" | "fw:" | "fwd:" | "aw:" | "wg:" | "ynt:") {
            continue;
        }
        kept.push(token);
    }
    let words = kept.len().min(MAX_QUESTION_WORDS);
    cut |= kept.len() > words;
    let joined = kept[..words].join(" ");
    let trimmed = joined.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '-' | '–' | '—' | '।' | '…')
    });
    let mut chars = trimmed.chars();
    let mut out: String = match chars.next() {
        Some('i') if lang.starts_with("tr") => std::iter::once('İ').chain(chars).collect(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.is_empty() {
        out.push('?');
    }
    Question { text: out, words, cut }
}

/// The distinct terms of a text in order of first occurrence, for each countable word (two
/// characters or more, no digit, no code letters, not the label of a code) also its surface
/// form.
fn countable_words<'t>(
    analyzer: &Analyzer,
    text: &'t str,
    codes: &HashSet<String>,
    mut each: impl FnMut(&str, &'t str),
) {
    let words = analyzer.words(text);
    let is_code =
        |i: usize| words.get(i).is_some_and(|w: &search_index::analyzer::Word| codes.contains(&text[w.from..w.to]));
    for (i, word) in words.iter().enumerate() {
        let Some(term) = word.terms.first() else { continue };
        let surface = &text[word.from..word.to];
        if word.chars < 2 || surface.chars().any(|c| c.is_numeric()) || is_code(i) || is_code(i + 1) {
            continue;
        }
        each(term, surface);
    }
}

/// In how many texts of `corpus` each term occurs, analysed in parallel.
fn document_frequencies(analyzer: &Analyzer, corpus: &[&str], codes: &HashSet<String>) -> HashMap<String, u64> {
    let chunk = (corpus.len() / (rayon::current_num_threads() * 4)).max(256);
    corpus
        .par_chunks(chunk)
        .map(|texts| {
            let mut df: HashMap<String, u64> = HashMap::new();
            let mut seen: Vec<String> = Vec::new();
            for text in texts {
                seen.clear();
                countable_words(analyzer, text, codes, |term, _| {
                    if !seen.iter().any(|s| s == term) {
                        seen.push(term.to_string());
                    }
                });
                for term in seen.drain(..) {
                    *df.entry(term).or_insert(0) += 1;
                }
            }
            df
        })
        .reduce(HashMap::new, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            for (term, n) in b {
                *a.entry(term).or_insert(0) += n;
            }
            a
        })
}

/// The terms of the unmatched texts of one language, numbered.
struct Vocabulary {
    names: Vec<String>,
    numbers: HashMap<String, u32>,
    /// Per term: its surface forms and how many complaints wrote each.
    surfaces: Vec<BTreeMap<String, u64>>,
}

impl Vocabulary {
    fn number(&mut self, term: &str) -> u32 {
        if let Some(&n) = self.numbers.get(term) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(term.to_string());
        self.numbers.insert(term.to_string(), n);
        self.surfaces.push(BTreeMap::new());
        n
    }
}

/// A candidate seed in the heap: its score when pushed, with the text count it was computed
/// from (a smaller count now means the entry is stale), ties to the alphabetically first word.
#[derive(PartialEq)]
struct Candidate {
    score: f64,
    with: u64,
    alphabetical: std::cmp::Reverse<u32>,
    term: u32,
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score.total_cmp(&other.score).then(self.alphabetical.cmp(&other.alphabetical))
    }
}

/// A topic before its phrasings and question are read: its texts' numbers with their
/// complaints, most asked first, and its top words as the analyzer gives them.
type Found = (Topic, Vec<(u32, u64)>, Vec<String>);

/// The topics of one language, and the indices in `texts` of the texts left in no topic.
fn group_language(
    lang: &str,
    texts: &[&Unmatched<'_>],
    corpus: &[&str],
    titles: &[&str],
    codes: &HashSet<String>,
) -> (Vec<Found>, Vec<usize>) {
    let analyzer = analyzer_for(lang);
    let df = document_frequencies(&analyzer, corpus, codes);
    // Framing words ("where", "why" on a site whose questions start so) are in many entries'
    // titles: they shape questions about anything, and name no topic.
    let title_df = document_frequencies(&analyzer, titles, codes);
    let framing = |term: &str| {
        title_df.get(term).is_some_and(|&d| d >= FRAMING_MIN_TITLES && d as f64 > FRAMING_SHARE * titles.len() as f64)
    };
    let n = corpus.len().max(texts.len()) as u64;
    let mut vocabulary = Vocabulary { names: Vec::new(), numbers: HashMap::new(), surfaces: Vec::new() };
    let mut analysed = Analysed { terms: Vec::new(), starts: Vec::with_capacity(texts.len() + 1) };
    for t in texts {
        let start = analysed.terms.len();
        analysed.starts.push(start);
        countable_words(&analyzer, t.key, codes, |term, surface| {
            let number = vocabulary.number(term);
            *vocabulary.surfaces[number as usize].entry(surface.to_string()).or_insert(0) += t.count;
            if !analysed.terms[start..].contains(&number) {
                analysed.terms.push(number);
            }
        });
    }
    analysed.starts.push(analysed.terms.len());
    let frequency: Vec<Option<u64>> = vocabulary.names.iter().map(|t| df.get(t).copied()).collect();
    let frames: Vec<bool> = vocabulary.names.iter().map(|t| framing(t)).collect();
    drop(df);
    let idf: Vec<f64> = frequency
        .iter()
        .map(|d| {
            let d = d.unwrap_or(1).min(n) as f64;
            (1.0 + (n as f64 - d + 0.5) / (d + 0.5)).ln()
        })
        .collect();
    // Words in most texts never seed a topic (when there are enough texts to tell).
    let common: Vec<bool> = frequency.iter().map(|d| n >= 10 && d.unwrap_or(0) * 2 > n).collect();
    let salient = |i: usize| analysed.of(i).iter().copied().filter(|&t| !common[t as usize]);

    // Per word: complaints and distinct texts among the texts not yet in a topic.
    let mut mass: Vec<(u64, u64)> = vec![(0, 0); vocabulary.names.len()];
    for (i, t) in texts.iter().enumerate() {
        for term in salient(i) {
            let m = &mut mass[term as usize];
            m.0 += t.count;
            m.1 += 1;
        }
    }
    // A seed must be over-represented among unmatched texts compared with all texts (words of
    // existing entries and everyday words are not): at least 1.5× their share of all texts, or
    // 90% of its texts when unmatched texts are most of them.
    let share = texts.len() as f64 / n as f64;
    let specific = |term: u32, texts_with: u64| {
        texts_with as f64 >= (1.5 * share).min(0.9) * frequency[term as usize].unwrap_or(0) as f64
    };
    let eligible = |term: u32, (count, with): (u64, u64)| {
        count >= MIN_TOPIC_SIZE && specific(term, with) && !frames[term as usize]
    };
    // Texts by salient word, so a topic's members are found without scanning every text.
    let mut posting_starts = vec![0usize; vocabulary.names.len() + 1];
    for i in 0..texts.len() {
        for term in salient(i) {
            posting_starts[term as usize + 1] += 1;
        }
    }
    for k in 1..posting_starts.len() {
        posting_starts[k] += posting_starts[k - 1];
    }
    let mut postings = vec![0u32; posting_starts[vocabulary.names.len()]];
    let mut filled = posting_starts.clone();
    for i in 0..texts.len() {
        for term in salient(i) {
            postings[filled[term as usize]] = i as u32;
            filled[term as usize] += 1;
        }
    }
    drop(filled);
    let postings_of = |term: u32| &postings[posting_starts[term as usize]..posting_starts[term as usize + 1]];
    // The seed is the eligible word with the highest texts × idf, ties to the alphabetically
    // first. Assigning texts only lowers the counts, so a max-heap whose stale entries are
    // pushed again with their current score finds it without scanning every word each time.
    let mut order: Vec<u32> = (0..vocabulary.names.len() as u32).collect();
    order.sort_by(|&a, &b| vocabulary.names[a as usize].cmp(&vocabulary.names[b as usize]));
    let mut alphabetical = vec![0u32; order.len()];
    for (rank, &term) in order.iter().enumerate() {
        alphabetical[term as usize] = rank as u32;
    }
    let candidate = |term: u32, with: u64| Candidate {
        score: with as f64 * idf[term as usize],
        with,
        alphabetical: std::cmp::Reverse(alphabetical[term as usize]),
        term,
    };
    let mut heap: BinaryHeap<Candidate> = (0..mass.len() as u32)
        .filter(|&t| eligible(t, mass[t as usize]))
        .map(|t| candidate(t, mass[t as usize].1))
        .collect();
    let mut assigned = vec![false; texts.len()];
    let mut topics = Vec::new();
    while let Some(top) = heap.pop() {
        let now = mass[top.term as usize];
        if !eligible(top.term, now) {
            continue;
        }
        if now.1 != top.with {
            heap.push(candidate(top.term, now.1));
            continue;
        }
        let seed = top.term;
        let members: Vec<usize> = postings_of(seed).iter().map(|&i| i as usize).filter(|&i| !assigned[i]).collect();
        for &i in &members {
            assigned[i] = true;
            for term in salient(i) {
                let m = &mut mass[term as usize];
                m.0 = m.0.saturating_sub(texts[i].count);
                m.1 = m.1.saturating_sub(1);
            }
        }
        // The seed is used up.
        mass[seed as usize] = (0, 0);
        topics.push(topic(lang, seed, &members, texts, &analysed, &idf, &vocabulary, codes));
    }
    let left = (0..texts.len()).filter(|&i| !assigned[i]).collect();
    (topics, left)
}

#[allow(clippy::too_many_arguments)]
fn topic(
    lang: &str,
    seed: u32,
    members: &[usize],
    texts: &[&Unmatched<'_>],
    analysed: &Analysed,
    idf: &[f64],
    vocabulary: &Vocabulary,
    codes: &HashSet<String>,
) -> Found {
    let name = |t: u32| vocabulary.names[t as usize].as_str();
    let seed = name(seed);
    let mut weight: BTreeMap<&str, f64> = BTreeMap::new();
    for &i in members {
        for &term in analysed.of(i) {
            *weight.entry(name(term)).or_insert(0.0) += texts[i].count as f64 * idf[term as usize];
        }
    }
    let mut ranked: Vec<(&str, f64)> = weight.into_iter().collect();
    ranked.sort_by(|a, b| (b.0 == seed).cmp(&(a.0 == seed)).then(b.1.total_cmp(&a.1)).then_with(|| a.0.cmp(b.0)));
    let top: Vec<&str> = ranked.iter().take(SHOWN).map(|(t, _)| *t).collect();
    let terms: Vec<String> = top
        .iter()
        .map(|t| {
            vocabulary
                .numbers
                .get(*t)
                .and_then(|&n| {
                    vocabulary.surfaces[n as usize].iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                })
                .map_or_else(|| t.to_string(), |(s, _)| s.clone())
        })
        .map(|t| mask::mask(&t))
        .collect();
    let mut by_count: Vec<usize> = members.to_vec();
    by_count.sort_by(|&a, &b| {
        texts[b]
            .count
            .cmp(&texts[a].count)
            .then(texts[a].key.len().cmp(&texts[b].key.len()))
            .then(texts[a].key.cmp(texts[b].key))
    });
    // The title comes from the most typical text: most of the top words, then most asked,
    // preferring texts short enough to be a question.
    let best = members.iter().copied().max_by(|&a, &b| {
        let covered = |i: usize| analysed.of(i).iter().filter(|&&t| top.contains(&name(t))).count();
        let words = |i: usize| texts[i].key.split(' ').count();
        ((words(a) <= 14), covered(a), texts[a].count, std::cmp::Reverse(words(a)), std::cmp::Reverse(texts[a].key))
            .cmp(&(
                (words(b) <= 14),
                covered(b),
                texts[b].count,
                std::cmp::Reverse(words(b)),
                std::cmp::Reverse(texts[b].key),
            ))
    });
    // Replaced by a subject or a phrasing as written when the topic is kept; masked again:
    // normalising could have joined what masking saw apart.
    let suggested_title = best.map(|i| question(lang, texts[i].key, codes).text).unwrap_or_default();
    let topic = Topic {
        lang: lang.to_string(),
        size: members.iter().map(|&i| texts[i].count).sum(),
        texts: members.len(),
        phrasings: Vec::new(),
        terms,
        suggested_title,
    };
    let stems = top.iter().map(|t| t.to_string()).collect();
    (topic, by_count.iter().map(|&i| (texts[i].text, texts[i].count)).collect(), stems)
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(key: &'static str, count: u64) -> Unmatched<'static> {
        Unmatched { lang: "en", key, text: 0, count }
    }

    /// Groups texts written as `raws` (their keys normalised from them), learning their codes.
    fn group_raw(raws: &[(&str, u64)], extra_background: &[&str]) -> Grouped {
        let keys: Vec<String> = raws.iter().map(|(r, _)| matching::normalize(r, "en")).collect();
        let unmatched: Vec<Unmatched<'_>> = keys
            .iter()
            .zip(raws)
            .enumerate()
            .map(|(i, (key, (_, count)))| Unmatched { lang: "en", key, text: i as u32, count: *count })
            .collect();
        let mut background: Vec<(&str, &str)> = keys.iter().map(|k| ("en", k.as_str())).collect();
        background.extend(extra_background.iter().map(|b| ("en", *b)));
        let mut codes = CodeWords::default();
        for (raw, _) in raws {
            codes.note("en", raw);
        }
        group(&unmatched, &background, &[], &codes, &|t| Example::plain(raws[t as usize].0))
    }

    /// Groups texts whose examples are their keys.
    fn group_keys(unmatched: &[Unmatched<'_>], background: &[(&str, &str)]) -> Grouped {
        let keys: Vec<String> = unmatched.iter().map(|u| u.key.to_string()).collect();
        let numbered: Vec<Unmatched<'_>> =
            unmatched.iter().enumerate().map(|(i, u)| Unmatched { text: i as u32, ..*u }).collect();
        group(&numbered, background, &[], &CodeWords::default(), &|t| Example::plain(keys[t as usize].clone()))
    }

    #[test]
    fn texts_sharing_a_rare_word_form_one_topic() {
        let unmatched = [
            u("can i pay with my crypto wallet", 3),
            u("do you accept crypto payments", 2),
            u("crypto not working at checkout", 1),
            u("where do i find the size chart", 2),
            u("size chart for shoes please", 1),
            u("my cat ate the parcel", 1),
        ];
        let mut background: Vec<(&str, &str)> = unmatched.iter().map(|u| ("en", u.key)).collect();
        background.extend([("en", "where is my order"), ("en", "my order is late"), ("en", "refund my order")]);
        let grouped = group_keys(&unmatched, &background);
        let topics = &grouped.topics;
        assert_eq!(topics.len(), 2, "{topics:#?}");
        assert_eq!(topics[0].size, 6);
        assert_eq!(topics[0].terms[0], "crypto");
        assert_eq!(topics[0].phrasings[0], "can i pay with my crypto wallet");
        assert_eq!(topics[0].suggested_title, "Do you accept crypto payments?", "the shortest phrasing on topic");
        assert_eq!(topics[1].size, 3);
        assert_eq!(topics[1].terms[0..2], ["chart".to_string(), "size".to_string()]);
        assert_eq!(grouped.ungrouped, 1);
        assert_eq!(
            grouped.ungrouped_texts,
            [Phrasing { lang: "en".into(), text: "my cat ate the parcel".into(), count: 1 }],
            "complaints in no topic are listed, not only counted"
        );
    }

    #[test]
    fn phrasings_are_masked() {
        let unmatched = [
            Unmatched { lang: "en", key: "gift voucher not applied", text: 0, count: 2 },
            Unmatched { lang: "en", key: "voucher expired", text: 1, count: 1 },
        ];
        let examples = ["Gift voucher not applied, mail me at a.b@c.com", "voucher 123456789 expired"];
        let mut background: Vec<(&str, &str)> = unmatched.iter().map(|u| ("en", u.key)).collect();
        background.extend([("en", "where is my order"), ("en", "refund please"), ("en", "cancel my order")]);
        let grouped =
            group(&unmatched, &background, &[], &CodeWords::default(), &|t| Example::plain(examples[t as usize]));
        let all = format!("{:?}", grouped.topics);
        assert!(!all.contains("a.b@c.com") && !all.contains("123456789"), "{all}");
        assert!(all.contains("[email]") && all.contains("[number]"), "{all}");
        assert!(!grouped.topics[0].suggested_title.contains('['), "{all}");
    }

    #[test]
    fn code_letters_are_the_letters_touching_long_numbers() {
        assert_eq!(code_letters("order MM-482913 and T-1042, ref INV2026/7 or #AB_12345"), ["MM", "T", "INV", "AB"]);
        assert!(code_letters("10:30am, COVID-19, 3 days, e-mail, 5pm, order 12345").is_empty());
    }

    // Issue 14: on a generated log the largest "content gap" was unrelated texts grouped by
    // their `order MM-<number>` suffix.
    #[test]
    fn order_numbers_and_their_letters_never_form_a_topic() {
        let raws = [
            ("purple elephant dancing order MM-482913", 3),
            ("tax forms for freelancers order MM-118822", 1),
            ("garden hose leaking order MM-993311", 1),
            ("how do i knit a scarf order MM-557201", 1),
            ("quantum widget recall order MM-100200", 1),
            ("purple elephant figurine", 2),
        ];
        let grouped = group_raw(&raws, &["where is my order", "refund please", "cancel my order", "change address"]);
        let words: Vec<&str> = grouped.topics.iter().flat_map(|t| t.terms.iter().map(String::as_str)).collect();
        assert!(!words.iter().any(|w| ["mm", "MM", "order"].contains(w)), "{:#?}", grouped.topics);
        assert_eq!(grouped.topics.len(), 1, "{:#?}", grouped.topics);
        assert_eq!(grouped.topics[0].terms[0], "elephant");
        assert_eq!(grouped.topics[0].suggested_title, "Purple elephant figurine?", "the clean phrasing");
        assert_eq!(grouped.ungrouped_texts.len(), 4);
        assert_eq!(grouped.ungrouped_texts[0].text, "garden hose leaking order MM-[number]", "listed, masked");
    }

    #[test]
    fn the_suggested_question_is_a_subject_never_subject_and_body_glued() {
        let examples = [
            (Example { text: "crypto Paying with crypto wallet?".into(), subject: Some("crypto".into()) }, 2),
            (
                Example {
                    text: "Re: Crypto payments bitcoin accepted?".into(),
                    subject: Some("Re: Crypto payments".into()),
                },
                1,
            ),
        ];
        let stems = vec!["crypto".to_string()];
        let none = HashSet::new();
        assert_eq!(suggested_question("en", &examples, &stems, &none).as_deref(), Some("Crypto payments?"));
        // Without subjects: the shortest clean phrasing on topic.
        let examples = [
            (Example::plain("my crypto wallet payment failed for order MM-482913, mail a@b.com"), 5),
            (Example::plain("crypto wallet payment failed"), 1),
            (Example::plain("crypto"), 9),
        ];
        assert_eq!(
            suggested_question("en", &examples, &stems, &none).as_deref(),
            Some("Crypto wallet payment failed?")
        );
    }

    #[test]
    fn questions_lose_placeholders_codes_and_their_labels() {
        let q = |t: &str| question("en", t, &HashSet::new()).text;
        assert_eq!(q("Order no. 48213377 not delivered!!"), "Order not delivered?");
        assert_eq!(q("where is my order MM-482913"), "Where is my order?");
        assert_eq!(q("call me on +91 98765 43210 about ticket #4521."), "Call me on about ticket?");
        assert_eq!(q("Fwd: 2 parcels missing"), "2 parcels missing?");
        assert_eq!(question("tr", "iade nerede", &HashSet::new()).text, "İade nerede?");
        let codes: HashSet<String> = ["mm".to_string()].into();
        assert_eq!(question("en", "where is my order mm", &codes).text, "Where is my order?");
    }

    #[test]
    fn words_that_frame_many_titles_seed_no_topic() {
        let unmatched =
            [u("where do i open my avatar", 1), u("where do i rotate my card", 1), u("where is the lamp", 1)];
        let titles = [
            ("en", "where is my order"),
            ("en", "where do i find my invoice"),
            ("en", "where is the help page"),
            ("en", "how do i pay"),
        ];
        let mut background: Vec<(&str, &str)> = unmatched.iter().map(|u| ("en", u.key)).collect();
        background.extend(titles);
        let matched = ["refund please", "cancel my order", "pay by card", "change address", "invoice copy"];
        background.extend(matched.iter().chain(&matched).map(|m| ("en", *m)));
        let keys: Vec<String> = unmatched.iter().map(|u| u.key.to_string()).collect();
        let numbered: Vec<Unmatched<'_>> =
            unmatched.iter().enumerate().map(|(i, u)| Unmatched { text: i as u32, ..*u }).collect();
        let example = |t: u32| Example::plain(keys[t as usize].clone());
        let framed = group(&numbered, &background, &titles, &CodeWords::default(), &example);
        assert!(framed.topics.is_empty(), "{:#?}", framed.topics);
        assert_eq!(framed.ungrouped, 3);
        let unframed = group(&numbered, &background, &[], &CodeWords::default(), &example);
        assert_eq!(unframed.topics[0].terms[0], "where");
    }
}
