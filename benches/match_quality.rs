//! Quality of complaint matching on the labelled query sets in `benches/queries/` against the
//! bundled sample help center: accuracy@1 of the best entry, how often a confident match is
//! counted right or wrong, and precision/recall of "unmatched" (rows with no entry, `id: null`),
//! over a grid of `match_threshold` (the match confidence, 0 to 1) × `match_margin`, next to the
//! rule of issue 14's time (search score ≥ 5). The defaults in `config.rs` were chosen on this
//! and on `benches/devset_match.rs` together.
//!
//! Then what tagged rows (entry id + text) teach the matcher, on a held-out split: the labelled
//! queries of each (set, entry), and those with no entry, alternate between two folds; each
//! fold is matched once with the other fold's queries taught as tagged rows and once without,
//! and the two folds add up. The same again on the tagged rows of the sample's ticket export
//! (`complaints/tickets.csv`).
//!
//! Run: `cargo bench --bench match_quality`

use helpmark::index::LangIndex;
use helpmark::model::Model;
use helpmark::rank::matching::{candidates, normalize, MatchSettings};
use helpmark::rank::teach::matching_index;
use std::collections::HashMap;
use std::path::Path;

#[path = "support/labelled.rs"]
mod labelled;
use labelled::{read_set, Labelled};

#[path = "support/outcome.rs"]
mod outcome;
use outcome::{self_taught, Judged, Outcome, Rule};

const SETS: [&str; 5] = ["en", "hi", "hinglish", "tr", "none"];

/// A labelled query with the set it comes from and its fold of the held-out split.
struct Query {
    labelled: Labelled,
    set: String,
    fold: usize,
}

/// Folds alternate within each (set, entry), in file order.
fn with_folds(queries: impl IntoIterator<Item = (String, Labelled)>) -> Vec<Query> {
    let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    queries
        .into_iter()
        .map(|(set, labelled)| {
            let n = seen.entry((set.clone(), labelled.id.clone())).or_insert(0);
            let fold = *n % 2;
            *n += 1;
            Query { labelled, set, fold }
        })
        .collect()
}

/// A judged query and the set it comes from.
struct Scored {
    set: String,
    judged: Judged,
}

/// The judged queries of `scored`.
fn judged(scored: &[Scored]) -> impl Iterator<Item = &Judged> {
    scored.iter().map(|s| &s.judged)
}

/// Every labelled query, with its fold.
fn read_queries() -> Vec<Query> {
    with_folds(SETS.iter().flat_map(|set| read_set(set).into_iter().map(|q| (set.to_string(), q))))
}

/// The sample's ticket export rows that an agent tagged with an entry (text = subject + body),
/// with their fold.
fn read_tickets(root: &Path) -> Result<Vec<Query>, Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_path(root.join("complaints/tickets.csv"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("no `{name}` column"));
    let (subject, body, lang, id) = (column("subject")?, column("body")?, column("language")?, column("entry_id")?);
    let mut tagged = Vec::new();
    for record in reader.records() {
        let record = record?;
        let entry = record.get(id).unwrap_or_default();
        if entry.is_empty() {
            continue;
        }
        let q = format!("{} {}", record.get(subject).unwrap_or_default(), record.get(body).unwrap_or_default());
        let lang = record.get(lang).unwrap_or("en").to_string();
        tagged.push(("tickets".to_string(), Labelled { q, lang, id: Some(entry.to_string()), kind: String::new() }));
    }
    Ok(with_folds(tagged))
}

/// The matching indexes of every language, taught the `taught` queries as tagged rows.
fn indexes(model: &Model, taught: &[&Query]) -> Result<Vec<(String, LangIndex)>, Box<dyn std::error::Error>> {
    let keys: Vec<String> = taught.iter().map(|q| normalize(&q.labelled.q, &q.labelled.lang)).collect();
    let mut out = Vec::new();
    for language in &model.languages {
        let rows: Vec<(usize, &str, u64)> = taught
            .iter()
            .zip(&keys)
            .filter(|(q, _)| q.labelled.lang == language.code)
            .filter_map(|(q, key)| {
                let entry = language.entries.iter().position(|e| Some(&e.id) == q.labelled.id.as_ref())?;
                Some((entry, key.as_str(), 1))
            })
            .collect();
        out.push((language.code.clone(), matching_index(model, language, &rows)?));
    }
    Ok(out)
}

/// Matches `queries`: the best entry, the runner-up's score and the confidence.
fn score(indexes: &[(String, LangIndex)], queries: &[&Query]) -> Result<Vec<Scored>, Box<dyn std::error::Error>> {
    let mut scored = Vec::new();
    for query in queries {
        let q = &query.labelled;
        let Some((_, index)) = indexes.iter().find(|(code, _)| *code == q.lang) else { continue };
        let c = candidates(index, &normalize(&q.q, &q.lang))?;
        let best = c.best.map(|(doc, _)| index.docs()[doc as usize].id.clone());
        scored.push(Scored { set: query.set.clone(), judged: Judged::searched(q.id.clone(), best, c) });
    }
    Ok(scored)
}

/// Matches `queries` as one log per language, as `helpmark report` matches a log without tagged
/// rows: each distinct text through the site's index, then again as the sure matches teach
/// (`rank::self_teach`).
fn score_self_taught(model: &Model, queries: &[&Query]) -> Result<Vec<Scored>, Box<dyn std::error::Error>> {
    let mut scored = Vec::new();
    for language in &model.languages {
        let mine: Vec<&Query> = queries.iter().copied().filter(|q| q.labelled.lang == language.code).collect();
        let keys: Vec<String> = mine.iter().map(|q| normalize(&q.labelled.q, &language.code)).collect();
        let index = matching_index(model, language, &[])?;
        let teach = |taught: &[(usize, &str, u64)]| matching_index(model, language, taught);
        let matches = self_taught(&index, &helpmark::index::settings(model), teach, &keys)?;
        for (query, m) in mine.iter().zip(matches) {
            let judged = Judged::of(query.labelled.id.clone(), &index, m);
            scored.push(Scored { set: query.set.clone(), judged });
        }
    }
    Ok(scored)
}

/// Matches `queries` (of one language with a model) as one log by meaning, as `helpmark
/// report` does with `complaints.match_model`: by words first, then `rank::semantic::settle`.
fn score_semantic(
    model: &Model,
    embedder: &helpmark::embed::Embedder,
    queries: &[&Query],
) -> Result<Vec<Scored>, Box<dyn std::error::Error>> {
    let language = model.languages.iter().find(|l| l.code == "en").ok_or("no English")?;
    let keys: Vec<String> = queries.iter().map(|q| normalize(&q.labelled.q, "en")).collect();
    let mut number: HashMap<&str, usize> = HashMap::new();
    let mut texts: Vec<helpmark::rank::self_teach::Text<'_>> = Vec::new();
    for key in &keys {
        let n = *number.entry(key).or_insert_with(|| {
            texts.push(helpmark::rank::self_teach::Text { key, uses: 0 });
            texts.len() - 1
        });
        texts[n].uses += 1;
    }
    let index = matching_index(model, language, &[])?;
    let searcher = index.batch_searcher();
    let mut matches = texts
        .iter()
        .map(|t| helpmark::rank::matching::match_text_with(&searcher, t.key, Rule::default_settings()))
        .collect::<Result<Vec<_>, _>>()?;
    helpmark::rank::semantic::settle(
        embedder,
        &helpmark::index::search_docs(language),
        &texts,
        &mut matches,
        &vec![None; texts.len()],
    );
    Ok(queries
        .iter()
        .zip(&keys)
        .map(|(q, key)| Scored {
            set: q.set.clone(),
            judged: Judged::of(q.labelled.id.clone(), &index, matches[number[key.as_str()]]),
        })
        .collect())
}

fn accuracy(scored: &[Scored], set: &str) -> (usize, f64) {
    let rows: Vec<&Scored> =
        scored.iter().filter(|s| set == "all" && s.judged.expected.is_some() || s.set == set).collect();
    let right = rows.iter().filter(|s| s.judged.right()).count();
    (rows.len(), right as f64 / rows.len().max(1) as f64)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (model, _) = helpmark::load_model(root, None, false)?.map_err(|d| format!("{} diagnostics", d.len()))?;
    let queries = read_queries();
    let all: Vec<&Query> = queries.iter().collect();
    let scored = score(&indexes(&model, &[])?, &all)?;

    println!("accuracy@1 of the best entry (no threshold):\n");
    println!("| set | queries | acc@1 |\n|---|---|---|");
    for set in ["en", "hi", "hinglish", "tr", "all"] {
        let (n, acc) = accuracy(&scored, set);
        println!("| {set} | {n} | {acc:.3} |");
    }
    let labelled = scored.iter().filter(|s| s.judged.expected.is_some()).count();
    println!(
        "\nconfident matches and \"unmatched\" by threshold × margin ({labelled} labelled, {} with no entry):\n",
        scored.len() - labelled
    );
    println!("| rule | counted right | counted wrong | unmatched precision | unmatched recall | F1 |");
    println!("|---|---|---|---|---|---|");
    let mut rules = vec![Rule::BEFORE, Rule::defaults()];
    for threshold in [0.0f32, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5] {
        for margin in [0.0f32, 0.05, 0.1, 0.15, 0.2, 0.3] {
            rules.push(Rule::Confidence(MatchSettings { threshold, margin }));
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        let name = if i == 1 { format!("**{}**", rule.label()) } else { rule.label() };
        println!("| {name} | {} |", Outcome::of(judged(&scored), *rule).row());
    }
    let self_taught = score_self_taught(&model, &all)?;
    println!(
        "| defaults, each language's queries as one log, self-taught (`rank::self_teach`) | {} |",
        Outcome::of(judged(&self_taught), Rule::defaults()).row()
    );

    // English matched by meaning (`rank::semantic`), where the model is at hand.
    if let Some(folder) = helpmark::embed::test_model() {
        let embedder = helpmark::embed::Embedder::load(&folder)?;
        let english: Vec<&Query> = all.iter().copied().filter(|q| q.labelled.lang == "en").collect();
        let by_words = score_self_taught(&model, &english)?;
        let by_meaning = score_semantic(&model, &embedder, &english)?;
        println!(
            "\nthe English queries ({} labelled, {} with no entry) as one log:\n",
            english.iter().filter(|q| q.labelled.id.is_some()).count(),
            english.iter().filter(|q| q.labelled.id.is_none()).count()
        );
        println!("| matcher | acc@1 | counted right | counted wrong | unmatched precision | unmatched recall | F1 |");
        println!("|---|---|---|---|---|---|---|");
        for (name, scored) in [
            ("by words, self-taught (the defaults)", &by_words),
            ("by meaning (`complaints.match_model`)", &by_meaning),
        ] {
            let n = scored.iter().filter(|s| s.judged.expected.is_some()).count().max(1);
            let acc = scored.iter().filter(|s| s.judged.right()).count() as f64 / n as f64;
            println!("| {name} | {acc:.3} | {} |", Outcome::of(judged(scored), Rule::defaults()).row());
        }
    }

    // Held out: each fold matched with the other fold taught, and without.
    let (mut taught_scores, mut plain_scores) = (Vec::new(), Vec::new());
    for fold in 0..2 {
        let test: Vec<&Query> = queries.iter().filter(|q| q.fold == fold).collect();
        let train: Vec<&Query> = queries.iter().filter(|q| q.fold != fold && q.labelled.id.is_some()).collect();
        taught_scores.extend(score(&indexes(&model, &train)?, &test)?);
        plain_scores.extend(score(&indexes(&model, &[])?, &test)?);
    }
    println!("\ntagged rows, held out (2 folds; the other fold's labelled queries taught as tagged rows):\n");
    println!("| set | queries | acc@1 untaught | acc@1 taught |\n|---|---|---|---|");
    for set in ["en", "hi", "hinglish", "tr", "all"] {
        let ((n, plain), (_, taught)) = (accuracy(&plain_scores, set), accuracy(&taught_scores, set));
        println!("| {set} | {n} | {plain:.3} | {taught:.3} |");
    }
    println!("\nat the defaults and with the rule of issue 14's time:\n");
    println!("| | rule | counted right | counted wrong | unmatched precision | unmatched recall | F1 |");
    println!("|---|---|---|---|---|---|---|");
    for (name, scored) in [("untaught", &plain_scores), ("taught", &taught_scores)] {
        for rule in [Rule::BEFORE, Rule::defaults()] {
            println!("| {name} | {} | {} |", rule.label(), Outcome::of(judged(scored), rule).row());
        }
    }

    // The same on the sample's tagged tickets: longer texts, personal data, one language each.
    let tickets = read_tickets(root)?;
    let (mut taught_scores, mut plain_scores) = (Vec::new(), Vec::new());
    for fold in 0..2 {
        let test: Vec<&Query> = tickets.iter().filter(|q| q.fold == fold).collect();
        let train: Vec<&Query> = tickets.iter().filter(|q| q.fold != fold).collect();
        taught_scores.extend(score(&indexes(&model, &train)?, &test)?);
        plain_scores.extend(score(&indexes(&model, &[])?, &test)?);
    }
    println!("\nthe sample's {} tagged tickets (complaints/tickets.csv), held out the same way:\n", tickets.len());
    println!("| | acc@1 | rule | counted right | counted wrong |\n|---|---|---|---|---|");
    for (name, scored) in [("untaught", &plain_scores), ("taught", &taught_scores)] {
        for rule in [Rule::BEFORE, Rule::defaults()] {
            let o = Outcome::of(judged(scored), rule);
            let acc = accuracy(scored, "tickets").1;
            println!("| {name} | {acc:.3} | {} | {:.3} | {:.3} |", rule.label(), o.right, o.wrong);
        }
    }
    Ok(())
}
