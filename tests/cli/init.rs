//! `helpmark init`.

use crate::support::empty;

#[test]
fn init_creates_a_site_that_builds() {
    let site = empty();
    assert_eq!(site.run(&["init", "mysite"]).code, 0);
    let run = site.run(&["build", "--source", "mysite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path().join("mysite/public/getting-started/contact-support.html").is_file());
}

#[test]
fn init_refuses_to_overwrite_a_site() {
    let site = empty();
    assert_eq!(site.run(&["init"]).code, 0);
    let run = site.run(&["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already holds a help center"));
}

#[test]
fn help_explains_every_build_flag() {
    let site = empty();
    let run = site.run(&["build", "--help"]);
    assert_eq!(run.code, 0);
    for flag in ["--source", "--output", "--base-url", "--drafts"] {
        assert!(run.stdout.contains(flag), "{flag} missing from help");
    }
}
