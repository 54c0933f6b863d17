//! Complaint matching on the CLINC150 development set (`../shared/devsets/clinc150/`, read from
//! there and never copied into the repository; skipped with a note when the folder is missing).
//!
//! - `complaints.csv` (3,000 rows) matched against `site/` (64 entries) as `helpmark report`
//!   matches it (each distinct normalised text once), scored against `complaints_gold.csv`: the
//!   share of rows with an entry counted for it (right) or for another (wrong), precision /
//!   recall / F1 of "unmatched" (rows without an entry should stay unmatched), the overlap of the
//!   ten most counted entries with `gold_counts.json` `top10`, and Spearman's ρ of the counts.
//! - `complaints_tagged.csv`: the 600 tagged rows teach the matcher (`rank::teach`) and count
//!   for their entry; the other rows are scored as above.
//! - `queries.jsonl` + `none.jsonl` as complaint texts, per CLINC split (`val` to tune, `test`
//!   to check).
//! - The same log against sites of 4 to 32 of the 64 entries (seeded draws; rows whose entry was
//!   left out become rows without an entry), and against 127 entries (the sample's and the
//!   Hinglish set's English entries added): a threshold that means the same at every size keeps
//!   the same share of the right best entries.
//! - The Hinglish set's queries as complaint texts against its Hindi site.
//!
//! Texts of a language without tagged rows are matched as `helpmark report` matches them: through
//! the site's index, then again as their sure matches teach (`rank::self_teach`). Each table
//! shows the defaults without that ("no self-teaching"), the rule of issue 14's time (search
//! score ≥ 5, lead 15%) and the defaults, so the change reads in one run. Run: `cargo bench
//! --bench devset_match`.

use helpmark::index::{build_index_with, search_docs, settings, IndexSettings, LangIndex};
use helpmark::model::Model;
use helpmark::rank::matching::{candidates_with, normalize, Candidates, Match, MatchSettings};
use helpmark::rank::neighbours::vote;
use helpmark::rank::self_teach::Text;
use helpmark::rank::teach::{matching_index, taught_docs, told};
use search_index::SearchDoc;
use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::path::Path;

#[path = "support/outcome.rs"]
mod outcome;
use outcome::{self_taught, spearman, top10_overlap, Judged, Outcome, Rule};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Builds a matcher taught (entry number, text, uses), as `rank::teach::matching_index` takes them.
type Teach<'t> = dyn Fn(&[(usize, &str, u64)]) -> std::result::Result<LangIndex, helpmark::index::IndexError> + 't;

/// One text with its label (`None`: no entry answers it).
struct Labelled {
    text: String,
    gold: Option<String>,
    /// The entry an agent tagged it with, in `complaints_tagged.csv`.
    tagged: Option<String>,
    /// CLINC split of a query (`val`, `test`), empty for log rows.
    split: String,
}

fn main() -> Result<()> {
    let devsets = Path::new(env!("CARGO_MANIFEST_DIR")).parent().ok_or("no parent folder")?.join("shared/devsets");
    let set = devsets.join("clinc150");
    if !set.join("site").is_dir() {
        println!("skipped: no development set at {} (see benches/README.md)", set.display());
        return Ok(());
    }
    let model = load(&set.join("site"))?;
    let en = model.languages.iter().find(|l| l.code == "en").ok_or("no English")?;
    let log = read_log(&set)?;
    let gold_counts: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(set.join("gold_counts.json"))?)?;
    let top10: Vec<String> = serde_json::from_value(gold_counts["top10"].clone())?;
    let true_counts: BTreeMap<String, u64> = serde_json::from_value(gold_counts["counts"].clone())?;

    // The untagged log.
    let index = matching_index(&model, en, &[])?;
    let first = judge(&index, &log)?;
    let teach_en = |taught: &[(usize, &str, u64)]| matching_index(&model, en, taught);
    let judged = judge_settled(&teach_en, &index, &settings(&model), &log, "en")?;
    if std::env::var_os("DEVSET_CONFUSIONS").is_some() {
        println!("### First match (no self-teaching)\n");
        print_confusions(&first);
        println!("### Defaults\n");
        print_confusions(&judged);
    }
    if let Some(path) = std::env::var_os("DEVSET_DUMP") {
        let mut out = String::from("text\tgold\tfirst\tfirst_conf\tfirst_lead\tbest\tconf\tlead\tcounted\n");
        let lead = |c: &Candidates| c.best.map_or(0.0, |(_, b)| (b - c.runner_up.unwrap_or(0.0)) / b);
        for ((row, f), j) in log.iter().zip(&first).zip(&judged) {
            let name = |id: &Option<String>| id.clone().unwrap_or_else(|| "-".into());
            out.push_str(&format!(
                "{}\t{}\t{}\t{:.3}\t{:.3}\t{}\t{:.3}\t{:.3}\t{}\n",
                row.text,
                name(&row.gold),
                name(&f.best),
                f.candidates.confidence,
                lead(&f.candidates),
                name(&j.best),
                j.candidates.confidence,
                lead(&j.candidates),
                j.counted
            ));
        }
        std::fs::write(path, out)?;
    }
    let acc = judged.iter().filter(|j| j.right()).count() as f64 / answerable(&judged) as f64;
    println!(
        "## `complaints.csv`: {} rows, {} with an entry (best entry right: {acc:.3})\n",
        log.len(),
        answerable(&judged)
    );
    println!("| rule | right | wrong | unmatched P | unmatched R | F1 | top-10 overlap | Spearman ρ |");
    println!("|---|---|---|---|---|---|---|---|");
    let o = Outcome::of(&first, Rule::defaults());
    let (top, rho) = (top10_overlap(&o.counts, &top10), spearman(&o.counts, &true_counts));
    println!("| defaults, no self-teaching | {} | {top:.1} | {rho:.3} |", o.row());
    let mut rules = vec![Rule::BEFORE, Rule::defaults()];
    for threshold in [0.0f32, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4] {
        for margin in [0.0f32, 0.1, 0.15, 0.2, 0.3] {
            rules.push(Rule::Confidence(MatchSettings { threshold, margin }));
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        let o = Outcome::of(&judged, *rule);
        let name = if i == 1 { format!("**{}**", rule.label()) } else { rule.label() };
        let (top, rho) = (top10_overlap(&o.counts, &top10), spearman(&o.counts, &true_counts));
        println!("| {name} | {} | {top:.1} | {rho:.3} |", o.row());
    }

    // The tagged log: tagged rows teach and count for their entry; the others are matched.
    let keys: Vec<String> = log.iter().map(|r| normalize(&r.text, "en")).collect();
    let mut taught: Vec<(usize, &str, u64)> = Vec::new();
    let mut tagged_counts: BTreeMap<String, u64> = BTreeMap::new();
    for (row, key) in log.iter().zip(&keys) {
        let Some(id) = &row.tagged else { continue };
        *tagged_counts.entry(id.clone()).or_insert(0) += 1;
        if let Some(entry) = en.entries.iter().position(|e| &e.id == id) {
            taught.push((entry, key, 1));
        }
    }
    let taught_index = matching_index(&model, en, &taught)?;
    let told = told(taught.iter().map(|&(entry, key, uses)| (key, entry, uses)));
    let untagged: Vec<&Labelled> = log.iter().filter(|r| r.tagged.is_none()).collect();
    // A language with tagged rows is not self-taught (`rank::self_teach`): the tags teach it.
    let mut judged = judge(&taught_index, untagged.iter().copied())?;
    // As `helpmark report` does: a row repeating a tagged text counts for the tag.
    let mut repeats = 0;
    for (j, row) in judged.iter_mut().zip(&untagged) {
        if let Some(&entry) = told.get(normalize(&row.text, "en").as_str()) {
            j.best = Some(en.entries[entry].id.clone());
            j.candidates = Candidates { best: Some((entry as u32, f32::MAX)), runner_up: None, confidence: 1.0 };
            j.counted = true;
            repeats += 1;
        }
    }
    // Then the texts' neighbours vote, the tagged texts with their tags' full weight.
    let unvoted = judged.clone();
    vote_with_tags(&taught_index, &settings(&model), &mut judged, &untagged, &taught, &told)?;
    let acc = judged.iter().filter(|j| j.right()).count() as f64 / answerable(&judged) as f64;
    println!(
        "\n## `complaints_tagged.csv`: {} tagged rows taught; the {} others scored, {repeats} of them repeating a tagged text (best entry right: {acc:.3})\n",
        taught.len(),
        untagged.len()
    );
    println!("| rule | right | wrong | unmatched P | unmatched R | F1 | top-10 overlap | Spearman ρ |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, judged, rule) in [
        (None, &unvoted, Rule::BEFORE),
        (Some("defaults, no vote"), &unvoted, Rule::defaults()),
        (None, &judged, Rule::defaults()),
    ] {
        let o = Outcome::of(judged, rule);
        let mut counts = o.counts.clone();
        for (id, n) in &tagged_counts {
            *counts.entry(id.clone()).or_insert(0) += n;
        }
        let (top, rho) = (top10_overlap(&counts, &top10), spearman(&counts, &true_counts));
        println!("| {} | {} | {top:.1} | {rho:.3} |", name.map_or_else(|| rule.label(), String::from), o.row());
    }

    // The labelled queries as complaint texts, per split.
    let mut queries = read_jsonl(&set.join("queries.jsonl"))?;
    queries.extend(read_jsonl(&set.join("none.jsonl"))?);
    println!("\n## `queries.jsonl` + `none.jsonl` as complaint texts\n");
    println!("| split | texts (no entry) | rule | right | wrong | unmatched P | unmatched R | F1 |");
    println!("|---|---|---|---|---|---|---|---|");
    for split in ["val", "test"] {
        let rows: Vec<&Labelled> = queries.iter().filter(|q| q.split == split).collect();
        let first = judge(&index, rows.iter().copied())?;
        let judged = judge_settled(&teach_en, &index, &settings(&model), rows.iter().copied(), "en")?;
        let none = judged.len() - answerable(&judged);
        println!(
            "| {split} | {} ({none}) | defaults, no self-teaching | {} |",
            judged.len(),
            Outcome::of(&first, Rule::defaults()).row()
        );
        let mut rules = vec![Rule::BEFORE, Rule::defaults()];
        rules.extend([0.1f32, 0.15, 0.2, 0.25, 0.3].map(|threshold| {
            Rule::Confidence(MatchSettings { threshold, margin: helpmark::config::DEFAULT_MATCH_MARGIN })
        }));
        for rule in rules {
            println!(
                "| {split} | {} ({none}) | {} | {} |",
                judged.len(),
                rule.label(),
                Outcome::of(&judged, rule).row()
            );
        }
    }

    // The same log on smaller and larger sites.
    println!("\n## `complaints.csv` against sites of other sizes\n");
    println!("Rows whose entry is not on the site count as rows without an entry. \"kept\" is the share of rows");
    println!("whose best entry is right that the rule counts: a threshold that means the same at every size keeps");
    println!("about the same share.\n");
    println!("| entries | sites | rows with an entry | best entry right | rule | right | kept | wrong | F1 |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let docs = search_docs(en);
    let mut seed: u64 = 20_261_214;
    for size in [4usize, 6, 8, 16, 32, 64] {
        let draws = if size == docs.len() { 1 } else { 6 };
        let mut all = (Vec::new(), Vec::new());
        for _ in 0..draws {
            let sub = if size == docs.len() { docs.clone() } else { sample(&docs, size, &mut seed) };
            let (first, settled) = judge_on(&model, sub, &log)?;
            all.0.extend(first);
            all.1.extend(settled);
        }
        sweep_rows(&size.to_string(), draws, &all);
    }
    let mut big = docs.clone();
    let sample_site = load(Path::new(env!("CARGO_MANIFEST_DIR")))?;
    let hinglish_site = load(&devsets.join("hinglish/site"));
    for other in std::iter::once(&sample_site).chain(hinglish_site.as_ref().ok()) {
        other.languages.iter().filter(|l| l.code == "en").for_each(|l| big.extend(search_docs(l)));
    }
    let size = big.len();
    sweep_rows(&format!("{size} (+ sample, Hinglish set)"), 1, &judge_on(&model, big, &log)?);

    // Matching by meaning (`rank::semantic`), where a sentence-embedding model is at hand.
    match helpmark::embed::test_model() {
        Some(folder) => {
            semantic_tables(&helpmark::embed::Embedder::load(&folder)?, &model, &log, &queries, &top10, &true_counts)?
        }
        None => println!(
            "\n(no sentence-embedding model: the tables of `rank::semantic` are skipped; run scripts/install-deps.sh)"
        ),
    }

    // Another language: the Hinglish queries against the Hindi site.
    if let Ok(hinglish) = hinglish_site {
        let folder = devsets.join("hinglish");
        let mut queries = read_jsonl(&folder.join("queries.jsonl"))?;
        queries.extend(read_jsonl(&folder.join("none.jsonl"))?);
        if let Some(hi) = hinglish.languages.iter().find(|l| l.code == "hi") {
            let index = matching_index(&hinglish, hi, &[])?;
            let first = judge_lang(&index, queries.iter(), "hi")?;
            let teach_hi = |taught: &[(usize, &str, u64)]| matching_index(&hinglish, hi, taught);
            let judged = judge_settled(&teach_hi, &index, &settings(&hinglish), queries.iter(), "hi")?;
            let acc = judged.iter().filter(|j| j.right()).count() as f64 / answerable(&judged) as f64;
            println!(
                "\n## Hinglish queries as complaint texts, Hindi site ({} entries): {} texts, {} without an entry (best entry right: {acc:.3})\n",
                hi.entries.len(),
                judged.len(),
                judged.len() - answerable(&judged)
            );
            println!("| rule | right | wrong | unmatched P | unmatched R | F1 |\n|---|---|---|---|---|---|");
            println!("| defaults, no self-teaching | {} |", Outcome::of(&first, Rule::defaults()).row());
            for rule in [Rule::BEFORE, Rule::defaults()] {
                println!("| {} | {} |", rule.label(), Outcome::of(&judged, rule).row());
            }
        }
    }
    Ok(())
}

/// The tables of matching by meaning (`rank::semantic`): the untagged and the tagged log, the
/// queries per split and the log on sites of other sizes, each as `helpmark report` matches
/// a language with `complaints.match_model` (the match by words first, then `semantic::settle`).
fn semantic_tables(
    embedder: &helpmark::embed::Embedder,
    model: &Model,
    log: &[Labelled],
    queries: &[Labelled],
    top10: &[String],
    true_counts: &BTreeMap<String, u64>,
) -> Result<()> {
    let en = model.languages.iter().find(|l| l.code == "en").ok_or("no English")?;
    let docs = search_docs(en);
    let started = std::time::Instant::now();
    let judged = judge_semantic(embedder, model, &docs, log.iter(), &HashMap::new())?;
    let took = started.elapsed();
    let acc = judged.iter().filter(|j| j.right()).count() as f64 / answerable(&judged) as f64;
    println!("\n## Matching by meaning (`rank::semantic`, all-MiniLM-L6-v2)\n");
    println!("`complaints.csv` untagged: best entry right {acc:.3}; matched in {:.1} s\n", took.as_secs_f64());
    println!("| set | right | wrong | unmatched P | unmatched R | F1 | top-10 overlap | Spearman ρ |");
    println!("|---|---|---|---|---|---|---|---|");
    let o = Outcome::of(&judged, Rule::Decided);
    let (top, rho) = (top10_overlap(&o.counts, top10), spearman(&o.counts, true_counts));
    println!("| `complaints.csv` | {} | {top:.1} | {rho:.3} |", o.row());
    if std::env::var_os("DEVSET_CONFUSIONS").is_some() {
        let mut ranked: Vec<(&String, &u64)> = o.counts.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let gold: Vec<String> = top10.iter().map(|id| format!("{id} {}", true_counts.get(id).unwrap_or(&0))).collect();
        println!("\ncounted top 12: {:?}\ntrue top 10: {gold:?}\n", &ranked[..ranked.len().min(12)]);
    }
    // Tagged: the tagged rows count for their tags and vote with them; the others are scored.
    let mut tags: HashMap<String, usize> = HashMap::new();
    let mut tagged_counts: BTreeMap<String, u64> = BTreeMap::new();
    for row in log {
        let Some(id) = &row.tagged else { continue };
        *tagged_counts.entry(id.clone()).or_insert(0) += 1;
        if let Some(entry) = en.entries.iter().position(|e| &e.id == id) {
            tags.insert(normalize(&row.text, "en"), entry);
        }
    }
    let judged = judge_semantic(embedder, model, &docs, log.iter(), &tags)?;
    let untagged: Vec<Judged> =
        judged.into_iter().zip(log).filter(|(_, row)| row.tagged.is_none()).map(|(j, _)| j).collect();
    let o = Outcome::of(&untagged, Rule::Decided);
    let mut counts = o.counts.clone();
    for (id, n) in &tagged_counts {
        *counts.entry(id.clone()).or_insert(0) += n;
    }
    let (top, rho) = (top10_overlap(&counts, top10), spearman(&counts, true_counts));
    println!("| `complaints_tagged.csv`, the untagged rows | {} | {top:.1} | {rho:.3} |", o.row());
    for split in ["val", "test"] {
        let rows: Vec<&Labelled> = queries.iter().filter(|q| q.split == split).collect();
        let judged = judge_semantic(embedder, model, &docs, rows.iter().copied(), &HashMap::new())?;
        println!("| queries `{split}` | {} | | |", Outcome::of(&judged, Rule::Decided).row());
    }
    println!("\n| entries | sites | best entry right | right | wrong | F1 |\n|---|---|---|---|---|---|");
    let mut seed: u64 = 20_261_214;
    for size in [4usize, 6, 8, 16, 32] {
        let mut all = Vec::new();
        for _ in 0..6 {
            let sub = sample(&docs, size, &mut seed);
            let ids: Vec<String> = sub.iter().map(|d| d.id.clone()).collect();
            let mut judged = judge_semantic(embedder, model, &sub, log.iter(), &HashMap::new())?;
            for j in &mut judged {
                if j.expected.as_ref().is_some_and(|id| !ids.contains(id)) {
                    j.expected = None;
                }
            }
            all.extend(judged);
        }
        let o = Outcome::of(&all, Rule::Decided);
        let best = all.iter().filter(|j| j.right()).count() as f64 / answerable(&all).max(1) as f64;
        println!("| {size} | 6 | {best:.3} | {:.3} | {:.3} | {:.3} |", o.right, o.wrong, o.f1());
    }
    Ok(())
}

/// `rows` matched as `helpmark report` matches a language with a model: each distinct text by
/// words through a site of `docs`, then by meaning (`rank::semantic::settle`), the texts in
/// `tags` (normalised text → entry number) tagged.
fn judge_semantic<'a>(
    embedder: &helpmark::embed::Embedder,
    model: &Model,
    docs: &[SearchDoc],
    rows: impl IntoIterator<Item = &'a Labelled>,
    tags: &HashMap<String, usize>,
) -> Result<Vec<Judged>> {
    let index = build_index_with("en", docs.to_vec(), &settings(model))?;
    let rows: Vec<&Labelled> = rows.into_iter().collect();
    let keys: Vec<String> = rows.iter().map(|r| normalize(&r.text, "en")).collect();
    let mut number: HashMap<&str, usize> = HashMap::new();
    let mut texts: Vec<Text<'_>> = Vec::new();
    for key in &keys {
        let n = *number.entry(key).or_insert_with(|| {
            texts.push(Text { key, uses: 0 });
            texts.len() - 1
        });
        texts[n].uses += 1;
    }
    let searcher = index.batch_searcher();
    let mut matches: Vec<Match> = texts
        .iter()
        .map(|t| helpmark::rank::matching::match_text_with(&searcher, t.key, Rule::default_settings()))
        .collect::<std::result::Result<_, _>>()?;
    let tagged: Vec<Option<u32>> = texts.iter().map(|t| tags.get(t.key).map(|&e| e as u32)).collect();
    helpmark::rank::semantic::settle(embedder, docs, &texts, &mut matches, &tagged);
    // As `helpmark report` does: a tagged text counts for its tag.
    for (m, tag) in matches.iter_mut().zip(&tagged) {
        if let Some(doc) = *tag {
            *m = Match { best: Some((doc, f32::MAX)), runner_up: None, confidence: 1.0, confident: true };
        }
    }
    Ok(rows
        .iter()
        .zip(&keys)
        .map(|(row, key)| {
            let m = matches[number[key.as_str()]];
            Judged::of(row.gold.clone(), &index, m)
        })
        .collect())
}

/// Prints the rule of issue 14's time and the defaults on the texts judged on `sites` sites.
fn sweep_rows(entries: &str, sites: usize, (first, judged): &(Vec<Judged>, Vec<Judged>)) {
    let n = answerable(judged).max(1);
    let right_best = judged.iter().filter(|j| j.right()).count();
    for (rule, judged) in [(None, first), (Some(Rule::BEFORE), judged), (Some(Rule::defaults()), judged)] {
        let o = Outcome::of(judged, rule.unwrap_or_else(Rule::defaults));
        let kept = o.right * n as f64 / right_best.max(1) as f64;
        println!(
            "| {entries} | {sites} | {} | {:.3} | {} | {:.3} | {kept:.3} | {:.3} | {:.3} |",
            n / sites,
            right_best as f64 / n as f64,
            rule.map_or("defaults, no self-teaching".to_string(), |r| r.label()),
            o.right,
            o.wrong,
            o.f1()
        );
    }
}

fn load(site: &Path) -> Result<Model> {
    let (model, _) = helpmark::load_model(site, None, false)?.map_err(|d| format!("{} diagnostics", d.len()))?;
    Ok(model)
}

fn answerable(judged: &[Judged]) -> usize {
    judged.iter().filter(|j| j.expected.is_some()).count()
}

/// The log rows with their gold (by physical line, header = 1) and tags.
fn read_log(set: &Path) -> Result<Vec<Labelled>> {
    let mut gold: HashMap<u64, String> = HashMap::new();
    for record in csv::Reader::from_path(set.join("complaints_gold.csv"))?.records() {
        let record = record?;
        gold.insert(record.get(1).ok_or("no line")?.parse()?, record.get(2).ok_or("no gold")?.to_string());
    }
    let mut reader = csv::Reader::from_path(set.join("complaints_tagged.csv"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("no `{name}` column"));
    let (text, tag) = (column("text")?, column("entry_id")?);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().ok_or("no position")?.line();
        let gold = gold.get(&line).ok_or(format!("no gold for line {line}"))?;
        let tagged = record.get(tag).filter(|t| !t.is_empty()).map(String::from);
        rows.push(Labelled {
            text: record.get(text).unwrap_or_default().to_string(),
            gold: (gold != "__none__").then(|| gold.clone()),
            tagged,
            split: String::new(),
        });
    }
    Ok(rows)
}

fn read_jsonl(path: &Path) -> Result<Vec<Labelled>> {
    let mut out = Vec::new();
    for line in std::fs::read_to_string(path)?.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        out.push(Labelled {
            text: v["q"].as_str().unwrap_or_default().to_string(),
            gold: v["gold"].as_str().filter(|g| *g != "__none__").map(String::from),
            tagged: None,
            split: v["split"].as_str().unwrap_or_default().to_string(),
        });
    }
    Ok(out)
}

/// Matches each distinct normalised English text once, as `helpmark report` does.
fn judge<'a>(index: &LangIndex, rows: impl IntoIterator<Item = &'a Labelled>) -> Result<Vec<Judged>> {
    judge_lang(index, rows, "en")
}

fn judge_lang<'a>(index: &LangIndex, rows: impl IntoIterator<Item = &'a Labelled>, lang: &str) -> Result<Vec<Judged>> {
    let searcher = index.batch_searcher();
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let key = normalize(&row.text, lang);
        let candidates = match seen.get(&key) {
            Some(c) => *c,
            None => *seen.entry(key.clone()).or_insert(candidates_with(&searcher, &key)?),
        };
        let best = candidates.best.map(|(doc, _)| index.docs()[doc as usize].id.clone());
        out.push(Judged::searched(row.gold.clone(), best, candidates));
    }
    Ok(out)
}

/// Matches each distinct normalised text once through `index` (the site's), then again as its
/// sure matches teach (`rank::self_teach`), as `helpmark report` does for a language without
/// tagged rows; `teach` builds the matcher from the sure texts.
fn judge_settled<'a>(
    teach: &Teach<'_>,
    index: &LangIndex,
    index_settings: &IndexSettings,
    rows: impl IntoIterator<Item = &'a Labelled>,
    lang: &str,
) -> Result<Vec<Judged>> {
    let rows: Vec<&Labelled> = rows.into_iter().collect();
    let keys: Vec<String> = rows.iter().map(|r| normalize(&r.text, lang)).collect();
    let matches = self_taught(index, index_settings, teach, &keys)?;
    Ok(rows.iter().zip(matches).map(|(row, m)| Judged::of(row.gold.clone(), index, m)).collect())
}

/// With `DEVSET_CONFUSIONS` set: the most frequent ways the defaults get rows wrong (expected →
/// counted, `-` for no entry), to see what an idea would have to fix.
fn print_confusions(judged: &[Judged]) {
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for j in judged {
        let counted = if j.counted { j.best.clone() } else { None };
        if counted != j.expected {
            let name = |id: &Option<String>| id.clone().unwrap_or_else(|| "-".into());
            *pairs.entry((name(&j.expected), name(&counted))).or_insert(0) += 1;
        }
    }
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total: usize = pairs.iter().map(|p| p.1).sum();
    println!("{total} rows not counted as labelled; the most frequent (expected -> counted):\n");
    for ((expected, counted), n) in pairs.iter().take(25) {
        println!("- {n:4}  {expected} -> {counted}");
    }
    println!();
}

/// What the neighbours' vote (`rank::neighbours`) makes of `judged` (the matches of `untagged`
/// through `index`, the matcher `taught` teaches), the distinct texts of `taught` (told: their
/// entry in `told`) voting with their tag's full weight, as `helpmark report` votes.
fn vote_with_tags(
    index: &LangIndex,
    index_settings: &IndexSettings,
    judged: &mut [Judged],
    untagged: &[&Labelled],
    taught: &[(usize, &str, u64)],
    told: &HashMap<&str, usize>,
) -> Result<()> {
    let mut number: HashMap<String, usize> = HashMap::new();
    let mut keys: Vec<String> = Vec::new();
    let mut matches: Vec<Match> = Vec::new();
    let mut add = |key: String, m: Match| {
        *number.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            matches.push(m);
            keys.len() - 1
        })
    };
    for &(_, key, _) in taught {
        let tag = Match { best: Some((told[key] as u32, f32::MAX)), runner_up: None, confidence: 1.0, confident: true };
        add(key.to_string(), tag);
    }
    let at: Vec<usize> = judged
        .iter()
        .zip(untagged)
        .map(|(j, row)| {
            let c = j.candidates;
            let m = Match { best: c.best, runner_up: c.runner_up, confidence: c.confidence, confident: j.counted };
            add(normalize(&row.text, "en"), m)
        })
        .collect();
    let texts: Vec<Text<'_>> = keys.iter().map(|key| Text { key, uses: 1 }).collect();
    let tagged: Vec<bool> = keys.iter().map(|k| told.contains_key(k.as_str())).collect();
    vote(index, index_settings, &texts, &mut matches, &tagged, Rule::default_settings())?;
    for (j, &n) in judged.iter_mut().zip(&at) {
        *j = Judged::of(j.expected.clone(), index, matches[n]);
    }
    Ok(())
}

/// The log against a site of `docs`: rows whose entry is not among them have none.
fn judge_on(model: &Model, docs: Vec<SearchDoc>, log: &[Labelled]) -> Result<(Vec<Judged>, Vec<Judged>)> {
    let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    let index = build_index_with("en", docs.clone(), &settings(model))?;
    let teach =
        |taught: &[(usize, &str, u64)]| build_index_with("en", taught_docs(docs.clone(), taught), &settings(model));
    let mut judged = (judge(&index, log)?, judge_settled(&teach, &index, &settings(model), log, "en")?);
    for j in judged.0.iter_mut().chain(&mut judged.1) {
        if j.expected.as_ref().is_some_and(|id| !ids.contains(id)) {
            j.expected = None;
        }
    }
    Ok(judged)
}

/// `size` of `docs`, drawn by a seeded shuffle (the same every run).
fn sample(docs: &[SearchDoc], size: usize, seed: &mut u64) -> Vec<SearchDoc> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    for i in (1..order.len()).rev() {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (*seed >> 33) as usize % (i + 1));
    }
    order[..size].iter().map(|&i| docs[i].clone()).collect()
}
