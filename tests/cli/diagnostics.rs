//! Bad input: one fixture per diagnostic under `tests/fixtures/invalid/`, each snapshotted with
//! its file, line, column and hint. Every case exits 1 and writes nothing.

use crate::support::{fixture, Site};

fn failing_build(site: &Site) -> String {
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "expected content errors:\n{}", run.stderr);
    assert!(!site.path().join("public").exists(), "a failed build wrote output");
    run.stderr
}

macro_rules! invalid_case {
    ($name:ident, $dir:literal) => {
        #[test]
        fn $name() {
            let site = fixture(concat!("invalid/", $dir));
            insta::assert_snapshot!(failing_build(&site));
        }
    };
}

invalid_case!(invalid_yaml_points_at_the_line, "invalid-yaml");
invalid_case!(missing_title_is_reported, "missing-title");
invalid_case!(unknown_front_matter_key_suggests_closest, "unknown-key");
invalid_case!(unknown_config_key_suggests_closest, "unknown-config-key");
invalid_case!(duplicate_id_names_both_files, "duplicate-id");
invalid_case!(unknown_related_id_suggests_closest, "unknown-related");
invalid_case!(empty_file_is_reported, "empty-file");
invalid_case!(id_that_escapes_the_output_is_refused, "unsafe-id");
invalid_case!(bad_date_is_reported, "bad-date");
invalid_case!(missing_front_matter_is_reported, "missing-front-matter");
invalid_case!(folder_that_is_no_language_is_reported, "unknown-language");
invalid_case!(every_error_is_reported_in_one_run, "many-errors");
// Issue 13: values are checked for their meaning, not only their type.
invalid_case!(impossible_date_names_the_real_last_day, "impossible-date");
invalid_case!(impossible_as_of_names_the_real_last_day, "impossible-as-of");
invalid_case!(base_url_without_host_is_refused, "base-url-without-host");
invalid_case!(chat_url_without_scheme_is_refused, "chat-url-not-absolute");
invalid_case!(email_without_dot_in_domain_is_refused, "email-without-domain");
invalid_case!(phone_with_too_few_digits_is_refused, "phone-too-short");
invalid_case!(phone_with_extension_is_refused, "phone-with-extension");
invalid_case!(nan_popularity_weight_names_the_range, "nan-popularity-weight");
invalid_case!(window_days_out_of_range_names_the_range, "window-days-out-of-range");
invalid_case!(synonym_group_of_one_is_refused, "synonym-group-of-one");
// Issue 17: the brand's files must be images inside the site; its colours, colours.
invalid_case!(brand_files_missing_or_outside_the_site_and_bad_colours_are_all_reported, "brand-missing-logo");
invalid_case!(brand_colour_and_file_type_are_checked, "brand-bad-accent");

#[test]
fn non_utf8_file_is_reported_with_its_position() {
    let site = fixture("invalid/not-utf8");
    site.write("content/general/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    insta::assert_snapshot!(failing_build(&site));
}

#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let site = fixture("invalid/symlink-loop");
    std::os::unix::fs::symlink("..", site.path().join("content/general/loop")).unwrap();
    insta::assert_snapshot!(failing_build(&site));
}
