//! How complaint matching is scored against labels: shared by `benches/match_quality.rs` (the
//! labelled sets in `benches/queries/`) and `benches/devset_match.rs` (`../shared/devsets/`), so
//! both count right, wrong and "unmatched" the same way.

// Each bench reads the parts it needs.
#![allow(dead_code)]

use helpmark::index::{IndexError, IndexSettings, LangIndex};
use helpmark::rank::matching::{match_text_with, Candidates, Match, MatchSettings};
use helpmark::rank::self_teach::{self, rematch};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A labelled text and what matching found for it.
#[derive(Clone)]
pub(crate) struct Judged {
    /// The entry that answers it; `None` when no entry does.
    pub(crate) expected: Option<String>,
    /// Id of the best entry, if any shares a word.
    pub(crate) best: Option<String>,
    /// Scores and confidence of the two best entries.
    pub(crate) candidates: Candidates,
    /// Whether matching counted it for its best entry (`Match::confident`).
    pub(crate) counted: bool,
}

impl Judged {
    /// A text expected to be answered by `expected`, with the candidates of one search
    /// (counted as the defaults decide them).
    pub(crate) fn searched(expected: Option<String>, best: Option<String>, candidates: Candidates) -> Judged {
        let counted = candidates.is_confident(Rule::default_settings());
        Judged { expected, best, candidates, counted }
    }

    /// Whether the best entry is the expected one (any confidence).
    pub(crate) fn right(&self) -> bool {
        self.best.is_some() && self.best == self.expected
    }
}

impl Judged {
    /// A text expected to be answered by `expected`, and what `m` made of it in `index`.
    pub(crate) fn of(expected: Option<String>, index: &LangIndex, m: Match) -> Judged {
        let best = m.best.map(|(doc, _)| index.docs()[doc as usize].id.clone());
        Judged {
            expected,
            best,
            candidates: Candidates { best: m.best, runner_up: m.runner_up, confidence: m.confidence },
            counted: m.confident,
        }
    }
}

/// The match of each of `keys` (normalised texts, one per row) as `helpmark report` makes it in
/// a language without tagged rows: each distinct text once through `index` (the site's, built
/// with `index_settings`), then again as its sure matches teach the matchers `teach` builds
/// (`rank::self_teach`), at the defaults.
pub(crate) fn self_taught(
    index: &LangIndex,
    index_settings: &IndexSettings,
    teach: impl Fn(&[(usize, &str, u64)]) -> Result<LangIndex, IndexError>,
    keys: &[String],
) -> Result<Vec<Match>, IndexError> {
    let mut number: HashMap<&str, usize> = HashMap::new();
    let mut texts: Vec<self_teach::Text<'_>> = Vec::new();
    for key in keys {
        let n = *number.entry(key).or_insert_with(|| {
            texts.push(self_teach::Text { key, uses: 0 });
            texts.len() - 1
        });
        texts[n].uses += 1;
    }
    let settings = Rule::default_settings();
    let searcher = index.batch_searcher();
    let mut matches: Vec<Match> =
        texts.iter().map(|t| match_text_with(&searcher, t.key, settings)).collect::<Result<_, _>>()?;
    rematch(index, index_settings, teach, &texts, &mut matches, settings)?;
    helpmark::rank::neighbours::vote(index, index_settings, &texts, &mut matches, &[], settings)?;
    Ok(keys.iter().map(|key| matches[number[key.as_str()]]).collect())
}

/// A rule deciding whether the best entry counts.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rule {
    /// The rule of issue 14's time: search score ≥ `threshold`, lead ≥ `margin`.
    Score { threshold: f32, margin: f32 },
    /// A rule on the candidates alone: confidence ≥ `threshold`, lead ≥ `margin`
    /// (`Candidates::is_confident`).
    Confidence(MatchSettings),
    /// What matching decided at the defaults (`Match::confident`): the rule on the candidates,
    /// then what self-teaching and the neighbours' vote made of it.
    Decided,
}

impl Rule {
    /// The rule before issue 14: a search score of 5, a 15% lead.
    pub(crate) const BEFORE: Rule = Rule::Score { threshold: 5.0, margin: 0.15 };

    /// What matching decides with the defaults of `config.rs`.
    pub(crate) fn defaults() -> Rule {
        Rule::Decided
    }

    /// The settings of [`Rule::defaults`].
    pub(crate) fn default_settings() -> MatchSettings {
        MatchSettings {
            threshold: helpmark::config::DEFAULT_MATCH_THRESHOLD,
            margin: helpmark::config::DEFAULT_MATCH_MARGIN,
        }
    }

    /// Whether the best entry of `j` counts.
    pub(crate) fn counts(&self, j: &Judged) -> bool {
        let c = &j.candidates;
        match *self {
            Rule::Score { threshold, margin } => {
                let everything = Candidates { confidence: 1.0, ..*c };
                c.best.is_some_and(|(_, score)| score >= threshold)
                    && everything.is_confident(MatchSettings { threshold: 0.0, margin })
            }
            Rule::Confidence(settings) => c.is_confident(settings),
            Rule::Decided => j.counted,
        }
    }

    /// `score ≥ 5, lead 0.15` or `confidence ≥ 0.2, lead 0.15`.
    pub(crate) fn label(&self) -> String {
        match self {
            Rule::Score { threshold, margin } => format!("score ≥ {threshold}, lead {margin}"),
            Rule::Confidence(s) => format!("confidence ≥ {}, lead {}", s.threshold, s.margin),
            Rule::Decided => {
                let s = Rule::default_settings();
                format!("defaults (confidence ≥ {}, lead {}, then the vote)", s.threshold, s.margin)
            }
        }
    }
}

/// What a rule makes of a list of judged texts.
#[derive(Default)]
pub(crate) struct Outcome {
    /// Share of texts with an entry that count for it.
    pub(crate) right: f64,
    /// Share of texts with an entry that count for another one.
    pub(crate) wrong: f64,
    /// "Unmatched" precision: share of uncounted texts that have no entry.
    pub(crate) precision: f64,
    /// "Unmatched" recall: share of texts without an entry left uncounted.
    pub(crate) recall: f64,
    /// Rows counted per entry id.
    pub(crate) counts: BTreeMap<String, u64>,
}

impl Outcome {
    pub(crate) fn of<'a>(judged: impl IntoIterator<Item = &'a Judged>, rule: Rule) -> Outcome {
        let (mut right, mut wrong, mut answerable) = (0u32, 0u32, 0u32);
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        let mut counts = BTreeMap::new();
        for j in judged {
            let counted = rule.counts(j) && j.best.is_some();
            if counted {
                *counts.entry(j.best.clone().unwrap_or_default()).or_insert(0) += 1;
            }
            match (&j.expected, counted) {
                (Some(_), true) if j.right() => right += 1,
                (Some(_), true) => wrong += 1,
                (Some(_), false) => fp += 1,
                (None, false) => tp += 1,
                (None, true) => fn_ += 1,
            }
            answerable += u32::from(j.expected.is_some());
        }
        let n = f64::from(answerable.max(1));
        Outcome {
            right: f64::from(right) / n,
            wrong: f64::from(wrong) / n,
            precision: f64::from(tp) / f64::from((tp + fp).max(1)),
            recall: f64::from(tp) / f64::from((tp + fn_).max(1)),
            counts,
        }
    }

    pub(crate) fn f1(&self) -> f64 {
        let sum = self.precision + self.recall;
        if sum > 0.0 {
            2.0 * self.precision * self.recall / sum
        } else {
            0.0
        }
    }

    /// `right | wrong | P | R | F1` for a Markdown table.
    pub(crate) fn row(&self) -> String {
        format!("{:.3} | {:.3} | {:.3} | {:.3} | {:.3}", self.right, self.wrong, self.precision, self.recall, self.f1())
    }
}

/// Share of `gold` (ten ids) among the ten ids most counted in `counts` (ties by id).
pub(crate) fn top10_overlap(counts: &BTreeMap<String, u64>, gold: &[String]) -> f64 {
    let mut ranked: Vec<(&String, &u64)> = counts.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: HashSet<&String> = ranked.into_iter().take(10).map(|(id, _)| id).collect();
    gold.iter().filter(|id| top.contains(id)).count() as f64 / gold.len().max(1) as f64
}

/// Spearman's ρ between `counts` and `gold` over the ids of `gold` (missing ids count 0,
/// average ranks for ties).
pub(crate) fn spearman(counts: &BTreeMap<String, u64>, gold: &BTreeMap<String, u64>) -> f64 {
    let ids: Vec<&String> = gold.keys().collect();
    let ranks = |values: Vec<f64>| -> Vec<f64> {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let mut ranks = vec![0.0; values.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
                j += 1;
            }
            for &k in &order[i..=j] {
                ranks[k] = (i + j) as f64 / 2.0 + 1.0;
            }
            i = j + 1;
        }
        ranks
    };
    let a = ranks(ids.iter().map(|id| counts.get(*id).copied().unwrap_or(0) as f64).collect());
    let b = ranks(ids.iter().map(|id| gold[*id] as f64).collect());
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (ma, mb) = (mean(&a), mean(&b));
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let var = |v: &[f64], m: f64| v.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
    cov / (var(&a, ma) * var(&b, mb)).sqrt().max(f64::MIN_POSITIVE)
}
