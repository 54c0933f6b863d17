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

#[test]
fn init_writes_a_site_that_passes_check_a_gitignore_and_a_pages_workflow() {
    let site = empty();
    assert_eq!(site.run(&["init", "mysite"]).code, 0);
    let run = site.run(&["check", "--source", "mysite", "--deny", "warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the new site has findings");
    let ignore = site.read("mysite/.gitignore");
    for line in ["/public/", "/reports/", "/complaints/"] {
        assert!(ignore.lines().any(|l| l == line), "{line} missing:\n{ignore}");
    }
    let workflow = site.read("mysite/.github/workflows/help.yml");
    for step in ["helpmark check --format github", "actions/upload-pages-artifact@", "actions/deploy-pages@"] {
        assert!(workflow.contains(step), "{step} missing:\n{workflow}");
    }
}

#[test]
fn the_workflow_s_helpmark_commands_run_on_a_fixture() {
    // The `run:` steps that call helpmark, run by a shell as the Actions runner would, with the
    // binary on the PATH, in a fixture site (the upload and deploy are GitHub's).
    let site = crate::support::fixture("basic");
    let init = empty();
    assert_eq!(init.run(&["init", "s"]).code, 0);
    let workflow = init.read("s/.github/workflows/help.yml");
    let commands: Vec<&str> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: "))
        .filter(|c| c.starts_with("helpmark "))
        .collect();
    assert_eq!(commands.len(), 2, "{workflow}");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_helpmark")).parent().expect("bin dir").to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    for (pages_url, output) in
        [("", "https://help.acme.test/"), ("https://acme.github.io/help", "https://acme.github.io/help/")]
    {
        let _ = std::fs::remove_dir_all(site.path().join("public"));
        for command in &commands {
            let out = std::process::Command::new("sh")
                .args(["-c", command])
                .current_dir(site.path())
                .env("PATH", &path)
                .env("PAGES_URL", pages_url)
                .env("CI", "true")
                .output()
                .expect("sh runs");
            assert!(out.status.success(), "`{command}` failed:\n{}", String::from_utf8_lossy(&out.stderr));
            if command.contains("--format github") {
                // Annotations only, one per line (the fixture's draft and translations give some).
                let stdout = String::from_utf8_lossy(&out.stdout);
                assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}");
            }
        }
        assert!(site.read("public/sitemap.xml").contains(output), "{pages_url}");
    }
}

#[test]
fn init_keeps_an_existing_gitignore_and_adds_what_it_lacks() {
    let site = empty();
    site.write("s/.gitignore", "target/\n/public/");
    assert_eq!(site.run(&["init", "s"]).code, 0);
    let expected = format!("target/\n/public/\n{}\n/reports/\n/complaints/\n", helpmark_comment());
    assert_eq!(site.read("s/.gitignore"), expected);
}

fn helpmark_comment() -> &'static str {
    "# helpmark: the built site, complaint reports and raw complaint exports (personal data)"
}
