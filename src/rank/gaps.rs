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
//! Everything that leaves this module is built from masked text.

use super::mask;
use rayon::prelude::*;
use search_index::analyzer::Analyzer;
use search_index::analyzer_for;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

/// A topic needs at least this many complaints.
const MIN_TOPIC_SIZE: u64 = 2;
/// Topics listed at most.
const MAX_TOPICS: usize = 50;
/// Phrasings and words shown per topic.
const SHOWN: usize = 5;

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

/// A group of unmatched complaints about one thing.
#[derive(Debug, Clone, PartialEq)]
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
/// titles and aliases of the entries as (language, normalised text), for the idf; `example`
/// gives a text as first written (not yet masked) from its number, asked only for the
/// phrasings of the topics kept. Returns the topics, largest first, and the number of
/// unmatched complaints left in no topic.
pub fn group(
    unmatched: &[Unmatched<'_>],
    background: &[(&str, &str)],
    example: &dyn Fn(u32) -> String,
) -> (Vec<Topic>, u64) {
    let mut langs: Vec<&str> = unmatched.iter().map(|u| u.lang).collect();
    langs.sort_unstable();
    langs.dedup();
    let mut topics = Vec::new();
    let mut ungrouped = 0;
    for lang in langs {
        let texts: Vec<&Unmatched<'_>> = unmatched.iter().filter(|u| u.lang == lang).collect();
        let corpus: Vec<&str> = background.iter().filter(|(l, _)| *l == lang).map(|(_, k)| *k).collect();
        let (mut found, left) = group_language(lang, &texts, &corpus);
        topics.append(&mut found);
        ungrouped += left;
    }
    topics.sort_by(|(a, _), (b, _)| {
        b.size.cmp(&a.size).then_with(|| a.lang.cmp(&b.lang)).then_with(|| a.terms.cmp(&b.terms))
    });
    topics.truncate(MAX_TOPICS);
    let topics = topics
        .into_iter()
        .map(|(mut topic, by_count)| {
            topic.phrasings = phrasings(&by_count, example);
            topic
        })
        .collect();
    (topics, ungrouped)
}

/// The first [`SHOWN`] distinct phrasings of `texts` (most asked first), on one line, masked
/// and shortened.
fn phrasings(texts: &[u32], example: &dyn Fn(u32) -> String) -> Vec<String> {
    let mut phrasings: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for &t in texts {
        let one_line = example(t).split_whitespace().collect::<Vec<_>>().join(" ");
        let masked = shorten(&mask::mask(&one_line), 200);
        if seen.insert(masked.to_lowercase()) {
            phrasings.push(masked);
        }
        if phrasings.len() == SHOWN {
            break;
        }
    }
    phrasings
}

/// The distinct terms of a text in order of first occurrence, for each countable word (two
/// characters or more, no digit) also its surface form.
fn countable_words<'t>(analyzer: &Analyzer, text: &'t str, mut each: impl FnMut(&str, &'t str)) {
    for word in analyzer.words(text) {
        let Some(term) = word.terms.first() else { continue };
        let surface = &text[word.from..word.to];
        if word.chars < 2 || surface.chars().any(|c| c.is_numeric()) {
            continue;
        }
        each(term, surface);
    }
}

/// In how many texts of `corpus` each term occurs, analysed in parallel.
fn document_frequencies(analyzer: &Analyzer, corpus: &[&str]) -> HashMap<String, u64> {
    let chunk = (corpus.len() / (rayon::current_num_threads() * 4)).max(256);
    corpus
        .par_chunks(chunk)
        .map(|texts| {
            let mut df: HashMap<String, u64> = HashMap::new();
            let mut seen: Vec<String> = Vec::new();
            for text in texts {
                seen.clear();
                countable_words(analyzer, text, |term, _| {
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

/// The topics of one language, each with its texts' numbers, most asked first (phrasings are
/// filled in for the topics kept).
fn group_language(lang: &str, texts: &[&Unmatched<'_>], corpus: &[&str]) -> (Vec<(Topic, Vec<u32>)>, u64) {
    let analyzer = analyzer_for(lang);
    let df = document_frequencies(&analyzer, corpus);
    let n = corpus.len().max(texts.len()) as u64;
    let mut vocabulary = Vocabulary { names: Vec::new(), numbers: HashMap::new(), surfaces: Vec::new() };
    let mut analysed = Analysed { terms: Vec::new(), starts: Vec::with_capacity(texts.len() + 1) };
    for t in texts {
        let start = analysed.terms.len();
        analysed.starts.push(start);
        countable_words(&analyzer, t.key, |term, surface| {
            let number = vocabulary.number(term);
            *vocabulary.surfaces[number as usize].entry(surface.to_string()).or_insert(0) += t.count;
            if !analysed.terms[start..].contains(&number) {
                analysed.terms.push(number);
            }
        });
    }
    analysed.starts.push(analysed.terms.len());
    let frequency: Vec<Option<u64>> = vocabulary.names.iter().map(|t| df.get(t).copied()).collect();
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
    let eligible = |term: u32, (count, with): (u64, u64)| count >= MIN_TOPIC_SIZE && specific(term, with);
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
        topics.push(topic(lang, seed, &members, texts, &analysed, &idf, &vocabulary));
    }
    let left = (0..texts.len()).filter(|&i| !assigned[i]).map(|i| texts[i].count).sum();
    (topics, left)
}

fn topic(
    lang: &str,
    seed: u32,
    members: &[usize],
    texts: &[&Unmatched<'_>],
    analysed: &Analysed,
    idf: &[f64],
    vocabulary: &Vocabulary,
) -> (Topic, Vec<u32>) {
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
    // Masked again: normalising could have joined what masking saw apart.
    let suggested_title = best.map(|i| mask::mask(&title(texts[i].key))).unwrap_or_default();
    let topic = Topic {
        lang: lang.to_string(),
        size: members.iter().map(|&i| texts[i].count).sum(),
        texts: members.len(),
        phrasings: Vec::new(),
        terms,
        suggested_title,
    };
    (topic, by_count.iter().map(|&i| texts[i].text).collect())
}

/// A question title from a normalised text: capitalised, at most 14 words, ending in `?`.
fn title(key: &str) -> String {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).take(14).collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    if !out.is_empty() {
        out.push('?');
    }
    out
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

    /// Groups texts whose examples are their keys.
    fn group_keys(unmatched: &[Unmatched<'_>], background: &[(&str, &str)]) -> (Vec<Topic>, u64) {
        let keys: Vec<String> = unmatched.iter().map(|u| u.key.to_string()).collect();
        let numbered: Vec<Unmatched<'_>> =
            unmatched.iter().enumerate().map(|(i, u)| Unmatched { text: i as u32, ..*u }).collect();
        group(&numbered, background, &|t| keys[t as usize].clone())
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
        let (topics, left) = group_keys(&unmatched, &background);
        assert_eq!(topics.len(), 2, "{topics:#?}");
        assert_eq!(topics[0].size, 6);
        assert_eq!(topics[0].terms[0], "crypto");
        assert_eq!(topics[0].phrasings[0], "can i pay with my crypto wallet");
        assert!(topics[0].suggested_title.ends_with('?'));
        assert_eq!(topics[1].size, 3);
        assert_eq!(topics[1].terms[0..2], ["chart".to_string(), "size".to_string()]);
        assert_eq!(left, 1);
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
        let (topics, _) = group(&unmatched, &background, &|t| examples[t as usize].to_string());
        let all = format!("{topics:?}");
        assert!(!all.contains("a.b@c.com") && !all.contains("123456789"), "{all}");
        assert!(all.contains("[email]") && all.contains("[number]"), "{all}");
    }
}
