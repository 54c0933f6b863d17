//! Quality of complaint matching on the labelled query sets in `benches/queries/` against the
//! bundled sample help center: accuracy@1 of the best entry, how often a confident match is
//! counted right or wrong, and precision/recall of "unmatched" (rows with no entry, `id: null`),
//! over a grid of `match_threshold` × `match_margin`. The defaults in `config.rs` come from here.
//!
//! Run: `cargo bench --bench match_quality`

use helpmark::rank::matching::{is_confident, match_text, MatchSettings};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Labelled {
    q: String,
    lang: String,
    id: Option<String>,
}

/// One query with its label and the scores of its two best entries.
struct Scored {
    set: String,
    expected: Option<String>,
    best: Option<(String, f32)>,
    runner_up: Option<f32>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (model, _) = helpmark::load_model(root, None, false)?.map_err(|d| format!("{} diagnostics", d.len()))?;
    let mut indexes = Vec::new();
    for language in &model.languages {
        indexes.push((language.code.clone(), helpmark::index::index_language(&model, language)?));
    }
    let everything = MatchSettings { threshold: 0.0, margin: 0.0 };
    let mut scored = Vec::new();
    for set in ["en", "hi", "hinglish", "tr", "none"] {
        let text = std::fs::read_to_string(root.join(format!("benches/queries/{set}.jsonl")))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let q: Labelled = serde_json::from_str(line)?;
            let Some((_, index)) = indexes.iter().find(|(code, _)| *code == q.lang) else { continue };
            let key = helpmark::rank::matching::normalize(&q.q, &q.lang);
            let m = match_text(index, &key, everything)?;
            let best = m.best.map(|(doc, score)| (index.docs()[doc as usize].id.clone(), score));
            scored.push(Scored { set: set.to_string(), expected: q.id, best, runner_up: m.runner_up });
        }
    }

    println!("accuracy@1 of the best entry (no threshold):\n");
    println!("| set | queries | acc@1 |\n|---|---|---|");
    for set in ["en", "hi", "hinglish", "tr"] {
        let rows: Vec<&Scored> = scored.iter().filter(|s| s.set == set).collect();
        let right = rows.iter().filter(|s| s.best.as_ref().map(|b| &b.0) == s.expected.as_ref()).count();
        println!("| {set} | {} | {:.3} |", rows.len(), right as f64 / rows.len().max(1) as f64);
    }
    let labelled: Vec<&Scored> = scored.iter().filter(|s| s.expected.is_some()).collect();
    let right = labelled.iter().filter(|s| s.best.as_ref().map(|b| &b.0) == s.expected.as_ref()).count();
    println!("| all | {} | {:.3} |\n", labelled.len(), right as f64 / labelled.len().max(1) as f64);

    println!(
        "confident matches and \"unmatched\" by threshold × margin ({} labelled, {} with no entry):\n",
        labelled.len(),
        scored.len() - labelled.len()
    );
    println!("| threshold | margin | counted right | counted wrong | unmatched precision | unmatched recall | F1 |");
    println!("|---|---|---|---|---|---|---|");
    for threshold in [0.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0] {
        for margin in [0.0f32, 0.05, 0.1, 0.15, 0.2, 0.3] {
            let s = MatchSettings { threshold, margin };
            let (mut right, mut wrong, mut tp, mut fp, mut fn_) = (0, 0, 0, 0, 0);
            for q in &scored {
                let confident = q.best.as_ref().is_some_and(|(_, score)| is_confident(*score, q.runner_up, s));
                match (&q.expected, confident) {
                    (Some(id), true) if q.best.as_ref().map(|b| &b.0) == Some(id) => right += 1,
                    (Some(_), true) => wrong += 1,
                    (Some(_), false) => fp += 1,
                    (None, false) => tp += 1,
                    (None, true) => fn_ += 1,
                }
            }
            let n = labelled.len().max(1) as f64;
            let precision = tp as f64 / (tp + fp).max(1) as f64;
            let recall = tp as f64 / (tp + fn_).max(1) as f64;
            let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
            println!(
                "| {threshold} | {margin} | {:.3} | {:.3} | {precision:.3} | {recall:.3} | {f1:.3} |",
                right as f64 / n,
                wrong as f64 / n
            );
        }
    }
    Ok(())
}
