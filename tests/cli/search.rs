//! `helpmark search` and the static search index written by `build`.

use crate::support::fixture;

fn top_ids(site: &crate::support::Site, args: &[&str]) -> Vec<String> {
    let mut full = vec!["search", "--json"];
    full.extend_from_slice(args);
    let run = site.run(&full);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    results.as_array().expect("a list").iter().map(|r| r["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn search_finds_the_entry_a_customer_means() {
    let site = fixture("basic");
    assert_eq!(top_ids(&site, &["how do I get my money back"]).first().map(String::as_str), Some("refund"));
    assert_eq!(top_ids(&site, &["E-1042"]).first().map(String::as_str), Some("invoice"));
}

#[test]
fn turkish_search_ignores_dotted_and_dotless_i_case() {
    let site = fixture("basic");
    for query in ["İADE", "iade", "IADE", "ıade"] {
        assert_eq!(top_ids(&site, &[query, "--lang", "tr"]), vec!["refund".to_string()], "query {query}");
    }
}

#[test]
fn a_page_in_another_language_also_finds_its_entries_by_their_english_words() {
    // Customers mix English product words into other languages; the Turkish refund entry
    // says "iade", its English translation "refund".
    let site = fixture("basic");
    assert_eq!(top_ids(&site, &["refund", "--lang", "tr"]), vec!["refund".to_string()]);
    // The English page is left as it is: no Turkish words in it.
    assert!(top_ids(&site, &["iade"]).is_empty());
}

#[test]
fn search_lists_results_for_people() {
    let site = fixture("basic");
    let run = site.run(&["search", "cancel", "--limit", "1"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with(" 1. Can I cancel my order?  [cancel]  orders/cancel.html  ("), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn search_in_an_unknown_language_is_a_usage_error() {
    let site = fixture("basic");
    let run = site.run(&["search", "x", "--lang", "de"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`de` is not one of the site's languages (en, tr)"), "{}", run.stderr);
}

#[test]
fn build_ships_a_static_search_index_per_language_without_drafts() {
    let site = fixture("basic");
    site.build_ok();
    for lang in ["en", "tr"] {
        assert!(site.path().join(format!("public/_search/{lang}/manifest.bin")).is_file());
    }
    let files = site.files("public/_search/en");
    assert!(files.iter().any(|(p, _)| p.to_string_lossy().starts_with("s-")), "term shards");
    assert!(files.iter().any(|(p, _)| p.to_string_lossy().starts_with("f-")), "result fragments");
    let all: Vec<u8> = files.into_iter().flat_map(|(_, b)| b).collect();
    let text = String::from_utf8_lossy(&all);
    assert!(!text.contains("secret"), "a draft leaked into the search index");
}
