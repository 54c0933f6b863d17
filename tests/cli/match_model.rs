//! Matching by meaning (`complaints.match_model`, issue 14): with a sentence-embedding model,
//! complaints that share no word with any entry count for the entry they ask, on the six-entry
//! fixture; an off-topic ticket still counts for none, and a model folder that is not one is
//! an error naming the key in `helpmark.yaml`.

use crate::support::{entry, fixture, report_json, Site};

/// Searches in words no entry of the fixture holds, with the entry each asks.
const IN_OTHER_WORDS: [(&str, &str); 4] = [
    ("i want my money back", "refund"),
    ("the parcel never showed up", "track"),
    ("i can't remember my login", "password"),
    ("send the package to my new flat instead", "address"),
];

fn with_searches(site: &Site) {
    let mut searches = site.read("complaints/search.jsonl");
    for (day, (query, _)) in (20..).zip(IN_OTHER_WORDS) {
        searches.push_str(&format!(
            "{{\"query\": \"{query}\", \"at\": \"2026-10-{day:02}T08:00:00Z\", \"lang\": \"en\"}}\n"
        ));
    }
    site.write("complaints/search.jsonl", searches);
}

fn with_model(site: &Site, path: &str) {
    let config = site.read("helpmark.yaml");
    site.write("helpmark.yaml", format!("{config}  match_model:\n    path: {path}\n"));
}

#[test]
fn complaints_in_other_words_count_for_the_entry_they_ask_with_a_model() {
    let Some(model) = helpmark::embed::test_model() else { return };
    let site = fixture("small-site");
    with_searches(&site);
    let by_words = report_json(&site);
    assert_eq!(
        by_words["summary"]["unmatched"], 5,
        "by words, only the fixture's own searches count: {:#}",
        by_words["summary"]
    );

    with_model(&site, &model.display().to_string());
    let by_meaning = report_json(&site);
    assert_eq!(by_meaning["summary"]["unmatched"], 1, "only the hiring ticket: {:#}", by_meaning["summary"]);
    let address = entry(&by_meaning, "address");
    assert_eq!(
        (&address["count"], &address["by_channel"]["search"]),
        (&1.into(), &1.into()),
        "only the search, not the hiring ticket: {address:#}"
    );
    let english = |report: &serde_json::Value, id: &str| entry(report, id)["by_language"]["en"].as_u64().unwrap_or(0);
    for (query, id) in IN_OTHER_WORDS {
        assert_eq!(english(&by_meaning, id), english(&by_words, id) + 1, "`{query}` for `{id}`: {by_meaning:#}");
    }
    // What counted by words still counts, Turkish (matched by words) included.
    assert_eq!(english(&by_meaning, "refund"), 15, "{by_meaning:#}");
    assert_eq!(entry(&by_meaning, "refund")["by_language"]["tr"], 3, "{by_meaning:#}");
}

#[test]
fn a_folder_that_is_not_a_model_is_an_error_naming_the_key() {
    let site = fixture("small-site");
    with_model(&site, "models/none");
    let run = site.run(&["report", "--format", "json"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("helpmark.yaml:22"), "the line of `path:`: {}", run.stderr);
    assert!(run.stderr.contains("match_model") && run.stderr.contains("models/none"), "{}", run.stderr);
    let build = site.run(&["build"]);
    assert_ne!(build.code, 0, "{}", build.stderr);
    assert!(!site.path().join("public").exists(), "a failed build writes nothing");
}

#[test]
fn a_language_the_site_does_not_have_is_an_error() {
    let site = fixture("small-site");
    let config = site.read("helpmark.yaml");
    site.write("helpmark.yaml", format!("{config}  match_model:\n    path: models/m\n    languages: [en, de]\n"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`de` in `match_model.languages` is not a language of the site"), "{}", run.stderr);
    assert!(run.stderr.contains("helpmark.yaml:23"), "{}", run.stderr);
}
