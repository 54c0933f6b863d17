//! Query planning: from the query text to concrete index terms, shared by every consumer.
//!
//! The plan is made against a [`Lexicon`] (which terms exist), so prefix and typo expansion
//! produce the same concrete terms whether the lexicon is Tantivy's term dictionary or the
//! shards a browser downloaded; each concrete term is then scored like a `TermQuery`.

use super::synonyms::Synonyms;
use super::typo::{edit_distance, max_edits, TYPO_PREFIX_CHARS};
use super::QueryError;
use crate::analyzer::{Analyzer, Word};

/// A typed prefix is expanded only from this many characters on.
pub const MIN_PREFIX_CHARS: usize = 3;
/// At most this many terms (most frequent first) stand for a typed prefix.
pub const MAX_PREFIX_TERMS: usize = 30;
/// At most this many corrections (closest, then most frequent) stand for an unknown word.
pub const MAX_TYPO_TERMS: usize = 5;

/// How the query was entered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// The user is still typing: the last word (if no space follows it) is also a prefix.
    /// A submitted query uses whole words only.
    pub as_you_type: bool,
}

/// What a planner needs to know about the index vocabulary.
pub trait Lexicon {
    /// Whether `term` occurs in any field.
    fn contains(&self, term: &str) -> Result<bool, QueryError>;
    /// Every term starting with `prefix`, with its document frequency summed over fields,
    /// in term order.
    fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, u64)>, QueryError>;

    /// The known terms within `edits` of `term`, an unknown word: what [`typo_corrections`]
    /// finds. A backend answering many queries may override this to memoise them (a log
    /// repeats its unknown words, and each costs an edit distance per term of its prefix); an
    /// override must return exactly what the provided body returns.
    fn corrections(&self, term: &str, edits: usize) -> Result<Vec<String>, QueryError> {
        typo_corrections(term, edits, self)
    }
}

/// Any one of these terms (the best scoring one counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Concrete index terms, all present in the lexicon.
    pub terms: Vec<String>,
}

/// All of these slots (scores add up; matched only if every slot is present).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    /// The words of this phrasing.
    pub slots: Vec<Slot>,
}

/// One query word (or a synonym span): the best of its alternatives counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Phrasings of this word; none when the word is unknown and has no correction.
    pub alternatives: Vec<Alternative>,
}

/// The concrete, scorable form of a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryPlan {
    /// One group per query word, in query order.
    pub groups: Vec<Group>,
}

impl QueryPlan {
    /// Every distinct term of the plan, sorted.
    pub fn terms(&self) -> Vec<&str> {
        let mut terms: Vec<&str> = self
            .groups
            .iter()
            .flat_map(|g| &g.alternatives)
            .flat_map(|a| &a.slots)
            .flat_map(|s| s.terms.iter().map(String::as_str))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }
}

/// Plans `query`: analyses it, applies synonyms, and expands the last word as a prefix (when
/// typing) and unknown words by typo correction.
pub fn plan_query(
    analyzer: &Analyzer,
    synonyms: &Synonyms,
    query: &str,
    options: QueryOptions,
    lexicon: &dyn Lexicon,
) -> Result<QueryPlan, QueryError> {
    // Function words stay in place for synonym phrases ("log in") and the word being typed;
    // they are never looked up themselves.
    let words = analyzer.words_with_function_words(query);
    // A trailing space or punctuation means the last word is finished.
    let typing_last = options.as_you_type
        && query.chars().last().is_some_and(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        && !words.is_empty();
    let mut typed_function_word = None;
    let mut groups = Vec::new();
    // A lexicon backed by lazily loaded shards answers MissingShard; keep planning the other
    // words so one pass names every shard this round needs, then report the first.
    let mut missing: Option<QueryError> = None;
    let mut i = 0;
    while i < words.len() {
        let is_last = i + 1 == words.len();
        let (group, used) = match synonyms.match_at(&words[i..]) {
            Some((len, members)) => (synonym_group(members, lexicon), len),
            None if words[i].function => {
                // Typed, it may begin a word ("can" of "cancel"): its expansions join last.
                if typing_last && is_last {
                    typed_function_word = Some(&words[i]);
                }
                i += 1;
                continue;
            }
            None => {
                let is_prefix = typing_last && is_last;
                let group = word_slot(&words[i], is_prefix, lexicon).map(|slot| Group {
                    alternatives: if slot.terms.is_empty() {
                        Vec::new()
                    } else {
                        vec![Alternative { slots: vec![slot] }]
                    },
                });
                (group, 1)
            }
        };
        match group {
            Ok(group) => groups.push(group),
            Err(e) => {
                missing.get_or_insert(e);
            }
        }
        i += used;
    }
    if let Some(word) = typed_function_word {
        // Only its expansions: the function word itself is never indexed, and a group that
        // matches nothing would only keep every entry out of the all-words tier.
        match prefix_terms(word, lexicon) {
            Ok(terms) if !terms.is_empty() => {
                groups.push(Group { alternatives: vec![Alternative { slots: vec![Slot { terms }] }] });
            }
            Ok(_) => {}
            Err(e) => {
                missing.get_or_insert(e);
            }
        }
    }
    if let Some(e) = missing {
        return Err(e);
    }
    Ok(QueryPlan { groups })
}

/// The group of a synonym span: every member phrasing whose words are all known.
fn synonym_group(members: &[Vec<Word>], lexicon: &dyn Lexicon) -> Result<Group, QueryError> {
    let mut alternatives = Vec::new();
    let mut first_error = None;
    for member in members {
        let mut slots = Vec::new();
        let searchable: Vec<&Word> = member.iter().filter(|w| !w.function).collect();
        for word in &searchable {
            match present(lexicon, &word.terms) {
                Ok(terms) => slots.push(Slot { terms }),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if slots.len() == searchable.len() && slots.iter().all(|s| !s.terms.is_empty()) {
            alternatives.push(Alternative { slots });
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(Group { alternatives }),
    }
}

/// The terms of `candidates` that the lexicon knows, in their order. Asks about every
/// candidate before reporting the first error (so all missing shards get named).
fn present(lexicon: &dyn Lexicon, candidates: &[String]) -> Result<Vec<String>, QueryError> {
    let mut out = Vec::new();
    let mut first_error = None;
    for term in candidates {
        match lexicon.contains(term) {
            Ok(true) => out.push(term.clone()),
            Ok(false) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The slot of one query word: its known variants, prefix expansions, else typo corrections.
fn word_slot(word: &Word, is_prefix: bool, lexicon: &dyn Lexicon) -> Result<Slot, QueryError> {
    let exact = present(lexicon, &word.terms);
    let expansions = is_prefix.then(|| prefix_terms(word, lexicon));
    // Typo correction is decided only once the exact terms are known to be absent.
    let mut terms = exact?;
    if let Some(expansions) = expansions {
        for term in expansions? {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    let edits = max_edits(word.chars);
    if terms.is_empty() && edits > 0 {
        terms = lexicon.corrections(&word.terms[0], edits)?;
    }
    Ok(Slot { terms })
}

/// The indexed terms starting with `word` typed as a prefix: none below [`MIN_PREFIX_CHARS`],
/// at most [`MAX_PREFIX_TERMS`], most frequent first, then in term order (deterministic on
/// every side).
fn prefix_terms(word: &Word, lexicon: &dyn Lexicon) -> Result<Vec<String>, QueryError> {
    if word.prefix.chars().count() < MIN_PREFIX_CHARS {
        return Ok(Vec::new());
    }
    let mut expansions = lexicon.with_prefix(&word.prefix)?;
    expansions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(expansions.into_iter().take(MAX_PREFIX_TERMS).map(|(term, _)| term).collect())
}

/// Known terms within `edits` of `term` sharing its first characters: closest first, then
/// most frequent, then term order; at most [`MAX_TYPO_TERMS`].
pub fn typo_corrections<L: Lexicon + ?Sized>(term: &str, edits: usize, lexicon: &L) -> Result<Vec<String>, QueryError> {
    let prefix: String = term.chars().take(TYPO_PREFIX_CHARS).collect();
    if prefix.chars().count() < TYPO_PREFIX_CHARS {
        return Ok(Vec::new());
    }
    let mut found: Vec<(usize, u64, String)> = lexicon
        .with_prefix(&prefix)?
        .into_iter()
        .filter_map(|(candidate, df)| edit_distance(term, &candidate, edits).map(|d| (d, df, candidate)))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    Ok(found.into_iter().take(MAX_TYPO_TERMS).map(|(_, _, t)| t).collect())
}

/// The smallest string greater than every string starting with `prefix`, if any: the
/// exclusive end of a prefix range.
pub fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = last as u32 + 1;
        // Skip the surrogate gap, which holds no `char`.
        if (0xD800..0xE000).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer_for;
    use std::collections::BTreeMap;

    struct Vocabulary(BTreeMap<String, u64>);

    impl Lexicon for Vocabulary {
        fn contains(&self, term: &str) -> Result<bool, QueryError> {
            Ok(self.0.contains_key(term))
        }
        fn with_prefix(&self, prefix: &str) -> Result<Vec<(String, u64)>, QueryError> {
            Ok(self
                .0
                .range(prefix.to_string()..)
                .take_while(|(t, _)| t.starts_with(prefix))
                .map(|(t, df)| (t.clone(), *df))
                .collect())
        }
    }

    fn vocabulary() -> Vocabulary {
        let terms = [("refund", 5), ("refer", 2), ("money", 3), ("back", 4), ("cancel", 1)];
        Vocabulary(terms.iter().map(|(t, df)| (t.to_string(), *df)).collect())
    }

    fn slot_terms(plan: &QueryPlan) -> Vec<Vec<String>> {
        plan.groups
            .iter()
            .map(|g| g.alternatives.iter().flat_map(|a| &a.slots).flat_map(|s| s.terms.clone()).collect())
            .collect()
    }

    #[test]
    fn the_last_word_is_a_prefix_only_while_typing() {
        let en = analyzer_for("en");
        let none = Synonyms::default();
        let typing = QueryOptions { as_you_type: true };
        let plan = plan_query(&en, &none, "cancel ref", typing, &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan), [vec!["cancel"], vec!["refund", "refer"]]);
        let plan = plan_query(&en, &none, "cancel ref ", typing, &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan)[1], Vec::<String>::new());
        let plan = plan_query(&en, &none, "ref", QueryOptions::default(), &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan)[0], Vec::<String>::new());
    }

    #[test]
    fn a_function_word_being_typed_is_a_prefix_of_the_words_it_begins() {
        let en = analyzer_for("en");
        let none = Synonyms::default();
        let typing = QueryOptions { as_you_type: true };
        // "can" is a function word, dropped from finished queries, but typed it begins "cancel".
        let plan = plan_query(&en, &none, "refund can", typing, &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan), [vec!["refund"], vec!["cancel"]]);
        let plan = plan_query(&en, &none, "refund can ", typing, &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan), [vec!["refund"]]);
        // Nothing starts with "the": no group that no entry could match.
        let plan = plan_query(&en, &none, "refund the", typing, &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan), [vec!["refund"]]);
    }

    #[test]
    fn synonym_phrases_keep_their_function_words() {
        let en = analyzer_for("en");
        let synonyms = Synonyms::new(&en, &[vec!["login".into(), "sign in".into()]]);
        let terms = [("login", 3), ("sign", 2), ("up", 1)];
        let vocabulary = Vocabulary(terms.iter().map(|(t, df)| (t.to_string(), *df)).collect());
        let plan = plan_query(&en, &synonyms, "how to sign in", QueryOptions::default(), &vocabulary).unwrap();
        assert_eq!(plan.terms(), ["login", "sign"], "\"sign in\" is the phrase");
        // "in" is not indexed, but "sign up" is not "sign in": "sign" alone is no synonym.
        let plan = plan_query(&en, &synonyms, "sign up", QueryOptions::default(), &vocabulary).unwrap();
        assert_eq!(slot_terms(&plan), [vec!["sign"], vec!["up"]]);
    }

    #[test]
    fn unknown_words_are_corrected_but_known_words_are_not() {
        let en = analyzer_for("en");
        let plan =
            plan_query(&en, &Synonyms::default(), "refnud canceled", QueryOptions::default(), &vocabulary()).unwrap();
        assert_eq!(slot_terms(&plan), [vec!["refund"], vec!["cancel"]]);
    }

    #[test]
    fn synonym_members_become_alternatives_of_one_word() {
        let en = analyzer_for("en");
        let synonyms = Synonyms::new(&en, &[vec!["refund".into(), "money back".into()]]);
        let plan = plan_query(&en, &synonyms, "money back", QueryOptions::default(), &vocabulary()).unwrap();
        assert_eq!(plan.groups.len(), 1);
        assert_eq!(plan.groups[0].alternatives.len(), 2);
        assert_eq!(plan.terms(), ["back", "money", "refund"]);
    }

    #[test]
    fn prefix_end_bounds_a_prefix_range() {
        assert_eq!(prefix_end("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end(""), None);
    }
}
