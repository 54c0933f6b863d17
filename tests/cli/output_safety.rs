//! The output is replaced safely, or not at all (issue 13): helpmark never deletes what it did
//! not write, never writes through into the previous site, and a build killed at any moment
//! leaves the old site or the new one at the output path.

use crate::support::{fixture, Run, Site};
use std::path::Path;

/// Builds, then returns every file of `public/` to compare with later.
fn built(site: &Site) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    site.build_ok();
    site.files("public")
}

fn build_aborting_at(site: &Site, point: &str, extra: &[(&str, &str)]) -> Run {
    let mut env = vec![("CI", "1"), ("HELPMARK_TEST_ABORT_AT", point)];
    env.extend_from_slice(extra);
    site.run_with(&["build"], &env)
}

fn leftovers(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    names.sort();
    names
}

#[test]
fn every_output_holds_the_marker() {
    let site = fixture("basic");
    site.build_ok();
    assert!(site.path().join("public/.helpmark-output").is_file());
}

#[test]
fn output_on_the_sites_own_files_is_refused_and_they_stay() {
    let site = fixture("basic");
    site.write("complaints/tickets.csv", "subject,date\nrefund,2026-10-01\n");
    site.write("reports/complaints.html", "<p>report</p>");
    let before = site.files("");
    for (output, names) in [
        (".", "the site folder itself"),
        ("..", "the site folder itself"),
        ("content", "the site's `content`"),
        ("content/out", "the site's `content`"),
        ("helpmark.yaml", "the site's `helpmark.yaml`"),
        ("complaints", "the site's `complaints`"),
        ("reports", "the site's `reports`"),
        ("themes/acme", "the site's `themes`"),
    ] {
        for force in [false, true] {
            let mut args = vec!["build", "--output", output];
            if force {
                args.push("--force");
            }
            let run = site.run(&args);
            assert_eq!(run.code, 2, "{output}: {}", run.stderr);
            assert!(run.stderr.contains(names), "{output}: {}", run.stderr);
        }
    }
    assert_eq!(site.files(""), before, "nothing of the site changed");
}

#[test]
fn a_folder_helpmark_did_not_write_is_refused_unless_forced() {
    let site = fixture("basic");
    site.write("www/index.html", "someone else's site");
    site.write("www/keep/notes.txt", "notes");
    let run = site.run(&["build", "--output", "www"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("holds files helpmark did not write"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.read("www/keep/notes.txt"), "notes");

    let run = site.run(&["build", "--output", "www", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path().join("www/keep").exists());
    // Now it is helpmark's: the next build needs no `--force`.
    assert_eq!(site.run(&["build", "--output", "www"]).code, 0);
    // An empty folder is fine too.
    std::fs::create_dir(site.path().join("empty")).unwrap();
    assert_eq!(site.run(&["build", "--output", "empty"]).code, 0);
}

#[test]
fn a_symlinked_output_is_built_into_its_target_and_the_link_stays() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("srv/www")).unwrap();
    std::os::unix::fs::symlink("srv/www/help", site.path().join("public")).unwrap();
    site.build_ok();
    assert!(std::fs::symlink_metadata(site.path().join("public")).unwrap().file_type().is_symlink());
    assert!(site.path().join("srv/www/help/index.html").is_file());
    // A rebuild goes through the link again.
    site.build_ok();
    assert!(site.path().join("srv/www/help/.helpmark-output").is_file());

    // A link to a folder of someone else's files: refused, nothing deleted.
    std::fs::remove_file(site.path().join("public")).unwrap();
    site.write("srv/other/private.key", "secret");
    std::os::unix::fs::symlink("srv/other", site.path().join("public")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(site.read("srv/other/private.key"), "secret");
}

#[test]
fn a_build_killed_before_the_commit_leaves_the_old_site_byte_for_byte() {
    let site = fixture("basic");
    let before = built(&site);
    site.write("content/en/billing/refund.md", "---\ntitle: Changed refund\n---\nNew text.\n");
    let run = build_aborting_at(&site, "before-commit", &[]);
    assert_ne!(run.code, 0);
    assert_eq!(site.files("public"), before);
    // The next build removes the dead build's staging and publishes the change.
    site.build_ok();
    assert!(site.read("public/billing/refund.html").contains("Changed refund"));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_build_killed_right_after_the_exchange_leaves_the_new_site() {
    let site = fixture("basic");
    site.build_ok();
    site.write("content/en/billing/refund.md", "---\ntitle: Changed refund\n---\nNew text.\n");
    let run = build_aborting_at(&site, "after-exchange", &[]);
    assert_ne!(run.code, 0);
    assert!(site.read("public/billing/refund.html").contains("Changed refund"));
    site.build_ok();
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_build_killed_between_the_fallback_renames_is_repaired_by_the_next_build_even_a_failing_one() {
    let site = fixture("basic");
    let before = built(&site);
    site.write("content/en/billing/refund.md", "---\ntitle: Changed refund\n---\nNew text.\n");
    let run = build_aborting_at(&site, "between-renames", &[("HELPMARK_TEST_NO_EXCHANGE", "1")]);
    assert_ne!(run.code, 0);
    assert!(!site.path().join("public").exists(), "the kill hit the window between the renames");
    // The next build has a content error; it still puts the old site back, as it says.
    site.write("content/en/billing/broken.md", "---\ntitle: [unclosed\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`public` was left as it was"), "{}", run.stderr);
    assert_eq!(site.files("public"), before);
}

#[test]
fn the_fallback_commit_without_exchange_builds_normally() {
    let site = fixture("basic");
    site.build_ok();
    let run = site.run_with(&["build"], &[("CI", "1"), ("HELPMARK_TEST_NO_EXCHANGE", "1")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path().join("public/index.html").is_file());
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn an_asset_at_the_path_of_an_unchanged_page_is_an_error_and_the_old_site_is_untouched() {
    // Unchanged pages are hard-linked from the old site: an asset written at the same path used
    // to be written through the link into it.
    let site = fixture("basic");
    let before = built(&site);
    site.write("content/en/billing/refund.html", "<p>an asset</p>");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("HM018"), "{}", run.stderr);
    assert!(run.stderr.contains("content/en/billing/refund.html"), "{}", run.stderr);
    assert!(run.stderr.contains("content/en/billing/refund.md"), "{}", run.stderr);
    assert_eq!(site.files("public"), before);
}

#[test]
fn every_output_path_collision_is_an_error_naming_both_sources() {
    for (file, text, first, second) in [
        ("content/en/index.html", "x", "a copied file", "the home page of `en`"),
        ("content/en/sitemap.xml", "x", "a copied file", "the sitemap"),
        ("content/en/_search/en/manifest.bin", "x", "a copied file", "the search index"),
        ("content/en/billing/index.md", "---\ntitle: Index\n---\nx\n", "the entry `index`", "the category `billing`"),
        ("content/en/tr/_category.md", "---\ntitle: Turkish?\n---\n", "the home page of `tr`", "the category `tr`"),
        ("content/en/assets/style.css", "x", "a copied file", "the theme's `static/style.css`"),
    ] {
        let site = fixture("basic");
        site.write(file, text);
        if file.ends_with("tr/_category.md") {
            site.write("content/en/tr/q.md", "---\ntitle: Question\n---\nx\n");
        }
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains("HM018"), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(first) && run.stderr.contains(second), "{file}: {}", run.stderr);
        assert!(!site.path().join("public").exists());
    }
}

#[test]
fn symlinks_out_of_the_site_are_not_published_and_links_inside_are_followed() {
    let site = fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("content/en/passwd.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/en/keys")).unwrap();
    site.write("shared/logo.txt", "logo");
    std::os::unix::fs::symlink(site.path().join("shared"), site.path().join("content/en/shared")).unwrap();
    let run = site.build_ok();
    for name in ["passwd.txt", "keys"] {
        assert!(run.stderr.contains(&format!("content/en/{name}")), "{}", run.stderr);
        assert!(!site.path().join("public").join(name).exists(), "{name} was published");
    }
    assert!(run.stderr.contains("outside the site folder"), "{}", run.stderr);
    assert_eq!(site.read("public/shared/logo.txt"), "logo");
}

#[test]
fn a_report_is_never_written_where_the_next_build_publishes_it() {
    let site = fixture("complaints-basic");
    for output in ["public/r.html", "content/r.html", "content/en/r.json", "themes/r.html"] {
        let run = site.run(&["report", "--format", "json", "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("which is published"), "{}", run.stderr);
        assert!(!Path::new(&site.path().join(output)).exists());
    }
}

/// Unmounts on drop, so a failing assertion leaves no mount behind.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_mount_point_output_is_refused_with_the_reason_and_left_as_it_is() {
    let site = fixture("basic");
    let public = site.path().join("public");
    std::fs::create_dir(&public).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&public)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    }
    let _guard = Mounted(public.clone());
    site.write("public/.helpmark-output", "from an earlier build");
    site.write("public/index.html", "the old site");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a mount point"), "{}", run.stderr);
    assert!(run.stderr.contains("--output public/site"), "{}", run.stderr);
    assert_eq!(site.read("public/index.html"), "the old site");
    // The suggested folder inside the volume builds.
    let run = site.run(&["build", "--output", "public/site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(public.join("site/index.html").is_file());
}
