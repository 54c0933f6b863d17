//! `helpmark check`: one fixture per finding under `tests/fixtures/check-*/`, each snapshotted as
//! an editor reads it; the JSON shape, GitHub annotations, `--deny warnings`, exit codes, ids,
//! `helpmark new` and the staleness check by git history.

use crate::support::{fixture, git, Site};

/// `helpmark check` on `site`, which must exit `code`; its human output.
fn check(site: &Site, code: i32) -> String {
    let run = site.run(&["check"]);
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    assert!(!site.path().join("public").exists(), "check wrote output");
    run.stderr
}

macro_rules! check_case {
    ($name:ident, $dir:literal, $code:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(check(&fixture($dir), $code));
        }
    };
}

check_case!(missing_images_and_attachments_are_errors_with_the_file_that_exists, "check-missing-file", 1);
check_case!(a_broken_entry_link_suggests_the_entry_file_that_exists, "check-broken-link", 1);
check_case!(anchors_that_name_no_heading_are_warnings, "check-anchor", 0);
check_case!(a_link_to_an_entry_s_page_asks_for_its_file, "check-page-link", 0);
check_case!(an_image_without_alt_text_is_a_warning, "check-alt-text", 0);
check_case!(an_empty_answer_is_a_warning, "check-empty-answer", 0);
check_case!(two_entries_asking_the_same_are_a_pair_with_a_similarity, "check-near-duplicate", 0);
check_case!(translations_missing_stale_and_untranslated_titles, "check-translations", 0);
check_case!(one_language_to_several_is_one_diagnostic_with_the_move, "check-new-language", 1);
check_case!(config_files_and_model_are_all_reported_in_one_run, "check-all-at-once", 1);
check_case!(shared_file_names_get_qualified_ids_reported_as_infos, "check-same-file-name", 0);

#[test]
fn every_problem_of_every_stage_comes_in_one_build_too() {
    let site = fixture("check-all-at-once");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    for code in ["HM001", "HM003", "HM005", "HM012", "HM030"] {
        assert!(run.stderr.contains(code), "{code} missing:\n{}", run.stderr);
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn the_build_refuses_to_publish_a_missing_image() {
    let site = fixture("check-missing-file");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[HM030]: image `../images/receipt.png`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `../media/receipt.png`?"), "{}", run.stderr);
}

#[test]
fn the_hint_of_a_broken_link_is_computed_never_an_example() {
    let site = fixture("check-broken-link");
    let run = site.run(&["check"]);
    assert!(run.stderr.contains("did you mean `../billing/refund.md`?"), "{}", run.stderr);
    assert!(!run.stderr.contains("like `../orders/cancel-order.md`"), "{}", run.stderr);
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = fixture("check-broken-link");
    let run = site.run(&["new", "How do I change my delivery address?", "--category", "orders"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.write(
        "content/billing/refund.md",
        "---\ntitle: When will I get my refund?\n---\nMoved? See [the address](../orders/change-delivery-address.md#top).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("hint: `../orders/change-delivery-address.md` is a draft, no entry yet"),
        "{}",
        run.stderr
    );
    // With the drafts, the link leads to it.
    let run = site.run(&["check", "--drafts"]);
    assert!(!run.stderr.contains("change-delivery-address.md` names no entry"), "{}", run.stderr);
}

#[test]
fn json_output_has_the_documented_shape() {
    let site = fixture("check-missing-file");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document on stdout");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"], serde_json::json!({"errors": 3, "warnings": 0, "infos": 0}));
    let first = &doc["diagnostics"][0];
    let keys: Vec<&str> = first.as_object().expect("object").keys().map(String::as_str).collect();
    let mut expected =
        ["code", "severity", "message", "file", "line", "column", "end_line", "end_column", "hint", "related"];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(first["code"], "HM030");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/orders/receipt.md");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(4), Some(31)));
    assert_eq!(first["hint"], "did you mean `../media/receipt.png`?");
    assert!(first["related"].is_null());
    // A finding about a whole file has no line.
    let site = fixture("check-translations");
    let doc: serde_json::Value = serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    let missing = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "HM036").unwrap();
    assert!(missing["line"].is_null() && missing["column"].is_null());
    assert_eq!(missing["severity"], "info");
    let stale = doc["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "HM037").unwrap();
    assert_eq!(stale["related"]["file"], "content/en/orders/cancel-order.md");
}

#[test]
fn github_format_prints_annotations_on_stdout() {
    let site = fixture("check-anchor");
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn deny_warnings_fails_check_and_build_and_writes_nothing() {
    let site = fixture("check-anchor");
    let run = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[HM031]"), "{}", run.stderr);
    // The build reports what it reports (the anchors are `check`'s), so it still builds…
    assert_eq!(site.run(&["build", "--deny", "warnings"]).code, 0);
    std::fs::remove_dir_all(site.path().join("public")).unwrap();
    // …but a build warning under `--deny warnings` fails it, and nothing is written.
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("content/billing/passwd.txt")).unwrap();
    let run = site.run(&["build", "--deny", "warnings", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["severity"], "error");
    assert!(!site.path().join("public").exists());
    // Infos never fail.
    assert_eq!(fixture("check-same-file-name").run(&["check", "--deny", "warnings"]).code, 0);
}

#[test]
fn help_documents_the_exit_codes_and_formats() {
    let site = fixture("check-anchor");
    for command in ["check", "build"] {
        let run = site.run(&[command, "--help"]);
        assert_eq!(run.code, 0);
        // Help is wrapped to the terminal: compare words, not lines.
        let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in ["Exit codes: 0", "1 the content has errors", "2 usage or I/O failure", "--format", "github"] {
            assert!(text.contains(needle), "{command} --help lacks {needle}:\n{}", run.stdout);
        }
        assert!(run.stdout.contains("--deny"), "{}", run.stdout);
    }
    assert_eq!(site.run(&["check", "--source", "nowhere"]).code, 2);
}

#[test]
fn entries_with_one_file_name_in_two_categories_build_with_qualified_ids() {
    let site = fixture("check-same-file-name");
    site.build_ok();
    assert!(site.path().join("public/billing/billing-faq.html").is_file());
    assert!(site.path().join("public/shipping/shipping-faq.html").is_file());
    // `related: [shipping-faq]` resolved, and the `.md` link became the page's address.
    let page = site.read("public/shipping/customs.html");
    assert!(page.contains("shipping-faq.html"), "{page}");
    assert!(page.contains("../billing/billing-faq.html"), "{page}");
    // Pinning the id changes nothing; an explicit id stays as it is.
    let pinned = site.read("content/billing/faq.md").replacen("---\n", "---\nid: billing-faq\n", 1);
    site.write("content/billing/faq.md", pinned);
    std::fs::remove_dir_all(site.path().join("public")).unwrap();
    site.build_ok();
    assert!(site.path().join("public/billing/billing-faq.html").is_file());
    let run = site.run(&["check"]);
    assert_eq!(run.stderr.matches("info[HM039]").count(), 1, "{}", run.stderr);
}

#[test]
fn a_translation_committed_before_its_original_changed_is_stale_by_git_history() {
    let site = fixture("check-git-stale");
    // Not a repository: the git half is skipped.
    assert!(!check(&site, 0).contains("HM037"));
    git(&site, &["init", "-q", "-b", "main"], "2026-01-01T10:00:00Z");
    git(&site, &["add", "."], "2026-01-01T10:00:00Z");
    git(&site, &["commit", "-q", "-m", "first"], "2026-01-01T10:00:00Z");
    assert!(!check(&site, 0).contains("HM037"), "committed together: current");
    site.write(
        "content/en/orders/track.md",
        "---\ntitle: Where is my parcel?\n---\nOpen **My orders**, or the link in the SMS.\n",
    );
    git(&site, &["commit", "-q", "-am", "the original changes"], "2026-02-03T10:00:00Z");
    let out = check(&site, 0);
    insta::assert_snapshot!(out);
    // `--deny warnings` makes it an error.
    assert_eq!(site.run(&["check", "--deny", "warnings"]).code, 1);
}

#[test]
fn new_writes_a_draft_with_a_unicode_slug_and_refuses_to_overwrite() {
    let site = fixture("check-translations");
    let run = site.run(&["new", "How do I change my delivery address?", "--category", "orders"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "content/en/orders/change-delivery-address.md");
    let text = site.read("content/en/orders/change-delivery-address.md");
    assert!(text.starts_with("---\ntitle: \"How do I change my delivery address?\"\n"), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    let run = site.run(&["new", "Teslimat adresimi nasıl değiştiririm?", "--category", "orders", "--lang", "tr"]);
    assert_eq!(run.stdout.trim(), "content/tr/orders/teslimat-adresimi-değiştiririm.md", "{}", run.stderr);
    let run = site.run(&["new", "मैं अपना पता कैसे बदलूँ?", "--category", "orders", "--lang", "hi"]);
    assert_eq!(run.stdout.trim(), "content/hi/orders/पता-बदलूँ.md", "{}", run.stderr);
    // The same again: refused, the file unchanged.
    site.write("content/en/orders/change-delivery-address.md", "mine");
    let run = site.run(&["new", "How do I change my delivery address?", "--category", "orders"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert_eq!(site.read("content/en/orders/change-delivery-address.md"), "mine");
    std::fs::remove_file(site.path().join("content/en/orders/change-delivery-address.md")).unwrap();
    // Drafts build and check cleanly.
    let run = site.run(&["check", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.run(&["new", "x", "--category", "orders", "--lang", "de"]).code, 2);
}

#[test]
fn new_from_starts_a_translation_that_check_holds_current_until_the_original_changes() {
    let site = fixture("check-translations");
    let run = site.run(&["new", "--lang", "tr", "--from", "en/billing/refund.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "content/tr/billing/refund.md");
    let text = site.read("content/tr/billing/refund.md");
    assert!(text.contains("translated_from:\n  updated: 2026-01-01\n  hash: "), "{text}");
    assert!(text.ends_with("Within five working days.\n"), "{text}");
    let run = site.run(&["check", "--drafts"]);
    assert!(!run.stderr.contains("content/tr/billing/refund.md"), "{}", run.stderr);
    // The original changes: the translation is stale by its hash, whatever the dates.
    let original = site.read("content/en/billing/refund.md").replace("five", "three");
    site.write("content/en/billing/refund.md", original);
    let run = site.run(&["check", "--drafts"]);
    assert!(
        run.stderr.contains("warning[HM037]: the `en` original changed since this was translated"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/tr/billing/refund.md"), "{}", run.stderr);
    // A translation keeps its original's path; a second one is refused.
    assert_eq!(site.run(&["new", "--lang", "tr", "--from", "en/billing/refund.md"]).code, 2);
    assert_eq!(site.run(&["new", "--lang", "en", "--from", "en/billing/refund.md"]).code, 2);
}
