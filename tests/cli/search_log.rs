//! `search.log_url` (issue 16): validated like `feedback.url`, allowed by the pages' policy,
//! handed to the search script; and the README's recipe that gets the same search log from a
//! web server's access log, with no script, run as written and read by `helpmark report`.

use crate::support::{copy_dir, empty, entry, fixture, report_json};
use std::path::Path;

const LOG_URL: &str = "search:\n  log_url: https://logs.acme.test/help-search\n";

/// The policy of a page's `<meta>`, HTML-escaped as written.
fn meta_policy(page: &str) -> &str {
    let csp = page.split("Content-Security-Policy\" content=\"").nth(1).expect("a policy");
    &csp[..csp.find('"').expect("quoted")]
}

#[test]
fn a_search_log_url_is_allowed_by_the_policy_and_handed_to_the_search_script() {
    let site = fixture("feedback");
    site.write("helpmark.yaml", format!("{}{LOG_URL}", site.read("helpmark.yaml")));
    site.build_ok();
    let page = site.read("public/tr/index.html");
    let csp = meta_policy(&page);
    assert!(
        csp.contains("connect-src &#39;self&#39; https://forms.acme.test https://logs.acme.test;"),
        "the feedback endpoint and the search log: {csp}"
    );
    assert!(
        csp.ends_with("form-action &#39;self&#39; https://forms.acme.test"),
        "nothing is posted as a form there: {csp}"
    );
    let headers = site.read("public/_headers");
    assert!(headers.contains("connect-src 'self' https://forms.acme.test https://logs.acme.test;"), "{headers}");
    assert!(
        page.contains(" data-log-url=\"https://logs.acme.test/help-search\""),
        "the script reads it from the search box"
    );
}

#[test]
fn without_a_search_log_url_the_pages_name_no_log_and_allow_no_other_origin() {
    let site = fixture("feedback");
    let config = site.read("helpmark.yaml").replace("feedback:\n  url: https://forms.acme.test/helpful\n", "");
    site.write("helpmark.yaml", config);
    site.build_ok();
    let page = site.read("public/index.html");
    assert!(!page.contains("data-log-url"), "{page}");
    assert!(meta_policy(&page).contains("connect-src &#39;self&#39;;"), "{}", meta_policy(&page));
}

#[test]
fn a_search_log_url_must_be_https_with_the_file_and_line_named() {
    let site = fixture("feedback");
    let config = format!(
        "{}search:\n  synonyms: [[cancel, call off]]\n  log_url: http://logs.acme.test/q\n",
        site.read("helpmark.yaml")
    );
    site.write("helpmark.yaml", config);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`log_url` must be an https URL, not `http://logs.acme.test/q`"), "{}", run.stderr);
    assert!(run.stderr.contains("helpmark.yaml:13:"), "{}", run.stderr);
    assert!(run.stderr.contains("`https://logs.acme.test/q`"), "the hint writes it with https: {}", run.stderr);
    // Not a URL at all: the usual URL diagnostic, same place.
    let config = site.read("helpmark.yaml").replace("http://logs.acme.test/q", "logs.acme.test");
    site.write("helpmark.yaml", config);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`log_url` must be an absolute http(s) URL, not `logs.acme.test`"), "{}", run.stderr);
    assert!(run.stderr.contains("helpmark.yaml:13:"), "{}", run.stderr);
    // On this machine plain http is fine (a test endpoint).
    let config = site.read("helpmark.yaml").replace("logs.acme.test", "http://127.0.0.1:8080/q");
    site.write("helpmark.yaml", config);
    assert_eq!(site.run(&["check"]).code, 0);
}

/// The README's fenced block that starts with `start` and holds `holds`.
fn readme_block(lang: &str, start: &str, holds: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    readme
        .split(&format!("```{lang}\n"))
        .skip(1)
        .map(|block| &block[..block.find("\n```").expect("a closed block")])
        .find(|block| block.starts_with(start) && block.contains(holds))
        .unwrap_or_else(|| panic!("README has a ```{lang} block starting `{start}` with `{holds}`"))
        .to_string()
}

#[test]
fn the_readme_recipe_turns_an_access_log_into_a_search_log_that_report_reads() {
    // The sample help center (en, hi, tr) with the README's `complaints:` for the recipe's CSV.
    let site = empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &site.path().join("content"));
    let sources = readme_block("yaml", "complaints:", "complaints/searches.csv");
    site.write(
        "helpmark.yaml",
        format!("title: Help\nbase_url: https://help.example/\nlanguages: [en, hi, tr]\n{sources}\n"),
    );
    std::fs::create_dir_all(site.path().join("complaints")).expect("mkdir");
    std::fs::copy(root.join("tests/fixtures/search-log/access.log"), site.path().join("access.log")).expect("copy");

    let recipe = readme_block("sh", "LC_ALL=C awk", "> complaints/searches.csv");
    let command = recipe.replace("/var/log/nginx/access.log", "access.log");
    assert_ne!(command, recipe, "the recipe reads nginx's access log");
    let out = std::process::Command::new("sh").arg("-c").arg(&command).current_dir(site.path()).output().expect("sh");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        site.read("complaints/searches.csv"),
        "text,date,language\n\
         \"cancel my order\",2026-10-03,en\n\
         \"मेरा OTP नहीं आ रहा\",2026-10-04,hi\n\
         \"siparişimi iptal etmek istiyorum\",2026-10-05,tr\n\
         \"say \"\"hi\"\", then  leave\",2026-10-05,en\n",
        "successful GETs of the search page with a query: decoded, quoted, dated, in their language"
    );

    let report = report_json(&site);
    let summary = &report["summary"];
    assert_eq!((summary["rows"].as_u64(), summary["bad_rows"].as_u64()), (Some(4), Some(0)), "{summary}");
    assert_eq!(summary["skipped_in_words"], "0 skipped", "{summary}");
    let cancel = entry(&report, "cancel-order");
    assert_eq!(cancel["by_language"]["en"], 1, "{cancel}");
    assert_eq!(cancel["by_language"]["tr"], 1, "{cancel}");
    assert_eq!(cancel["by_channel"]["search"], 2, "{cancel}");
    assert_eq!(entry(&report, "otp-not-received")["by_language"]["hi"], 1);
}
