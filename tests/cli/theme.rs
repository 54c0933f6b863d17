//! `helpmark theme eject` (issue 15): built-in theme files copied into `themes/<name>/` for a
//! designer, never over a file.

use crate::support::fixture;

#[test]
fn ejected_templates_build_the_same_site_and_are_never_overwritten() {
    let site = fixture("basic");
    site.build_ok();
    let before = site.files("public");
    let run = site.run(&["theme", "eject"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().any(|l| l == "themes/custom/templates/entry.html"), "{}", run.stdout);
    assert!(run.stderr.contains("add `theme: custom` to `helpmark.yaml`"), "{}", run.stderr);
    let builtin =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/base.html")).unwrap();
    assert_eq!(site.read("themes/custom/templates/base.html"), builtin);
    // Using the ejected theme changes nothing.
    site.write("helpmark.yaml", format!("{}theme: custom\n", site.read("helpmark.yaml")));
    std::fs::remove_dir_all(site.path().join("public")).unwrap();
    site.build_ok();
    assert_eq!(site.files("public"), before, "the ejected templates render the same site");
    // A designer's change is kept when ejecting again.
    site.write("themes/custom/templates/entry.html", "changed");
    let again = site.run(&["theme", "eject", "templates/entry.html", "static/style.css"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(site.read("themes/custom/templates/entry.html"), "changed");
    assert!(again.stderr.contains("kept `themes/custom/templates/entry.html`"), "{}", again.stderr);
    assert_eq!(again.stdout, "themes/custom/static/style.css\n", "the theme named in the config is used");
}

#[test]
fn an_unknown_file_is_refused_with_the_closest_name() {
    let site = fixture("basic");
    let run = site.run(&["theme", "eject", "templates/entri.html"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `templates/entry.html`?"), "{}", run.stderr);
    assert!(!site.path().join("themes").exists(), "nothing is written");
}
