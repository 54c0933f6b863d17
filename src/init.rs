//! `helpmark init`: writes a minimal site that builds and passes `helpmark check` as it is, a
//! `.gitignore` that keeps the output, reports and raw complaint exports (personal data) out of
//! git, and a GitHub Actions workflow that checks, builds and publishes the site on GitHub
//! Pages ([`WORKFLOW`]).

use std::io;
use std::path::{Path, PathBuf};

/// `init` could not create the site.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// There is a site there already.
    #[error("`{0}` already holds a help center (`helpmark.yaml` exists); nothing was changed")]
    Exists(PathBuf),
    /// Writing failed.
    #[error("cannot write `{path}`")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

const FILES: &[(&str, &str)] = &[
    (
        "helpmark.yaml",
        "# helpmark site configuration. Every key is documented in helpmark's README.\n\
title: My Help Center\n\
base_url: https://help.example.com/\n\
languages: [en]\n\
top_questions: 8\n\
contact:\n  phone: \"+1 800 555 0100\"\n  toll_free: true\n  email: support@example.com\n  hours: \"Monday to Friday, 9:00 to 17:00\"\n  response_time_hours: 24\n",
    ),
    ("content/getting-started/_category.md", "---\ntitle: Getting started\ndescription: The first things new customers ask.\norder: 1\n---\nStart here.\n"),
    (
        "content/getting-started/contact-support.md",
        "---\ntitle: How do I contact support?\naliases: [talk to a person, phone number]\norder: 10\nupdated: 2026-01-01\n---\nCall us or write to us: the numbers and addresses are at the bottom of every page.\n",
    ),
];

/// Where the GitHub Pages workflow goes.
pub const WORKFLOW_PATH: &str = ".github/workflows/help.yml";

/// The GitHub Actions workflow: on every push and pull request, `helpmark check` with GitHub
/// annotations (the findings show on the pull request's lines) and `helpmark build`; on the
/// default branch, the site is deployed to GitHub Pages. A CLI test runs its `helpmark`
/// commands on a fixture.
pub const WORKFLOW: &str = r#"# Checks and builds the help center; publishes it on GitHub Pages from the default branch.
# Enable Pages once: Settings -> Pages -> Build and deployment -> Source: GitHub Actions.
name: Help center
on:
  push:
  pull_request:
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: pages-${{ github.ref }}
  cancel-in-progress: true
env:
  # The repository helpmark is installed from (`cargo install --git`).
  HELPMARK_GIT: https://github.com/helpmark/helpmark
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the whole history: `check` compares translations with their originals' commits
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/helpmark
          key: helpmark-${{ runner.os }}-${{ env.HELPMARK_GIT }}
      - name: Install helpmark
        run: command -v helpmark || cargo install --locked --git "$HELPMARK_GIT" helpmark
      - id: pages
        uses: actions/configure-pages@v5
        if: github.event_name != 'pull_request'
      - name: Check
        run: helpmark check --format github
      - name: Build
        env:
          PAGES_URL: ${{ steps.pages.outputs.base_url }} # empty on pull requests: `base_url` of helpmark.yaml
        run: helpmark build ${PAGES_URL:+--base-url "$PAGES_URL/"}
      - uses: actions/upload-pages-artifact@v3
        if: github.event_name != 'pull_request'
        with:
          path: public
  deploy:
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// What `.gitignore` keeps out of git: the built site, complaint reports and raw complaint
/// exports (their rows hold customers' personal data).
pub const GITIGNORE: &str = "# helpmark: the built site, complaint reports and raw complaint exports (personal data)\n/public/\n/reports/\n/complaints/\n";

/// Creates the starter site in `dir`; returns how many files it wrote. An existing
/// `.gitignore` gets the missing lines appended; an existing workflow is left as it is.
pub fn create(dir: &Path) -> Result<usize, InitError> {
    if dir.join(crate::config::FILE_NAME).exists() {
        return Err(InitError::Exists(dir.to_path_buf()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    let mut written = 0;
    for (rel, text) in FILES.iter().copied().chain([(WORKFLOW_PATH, WORKFLOW)]) {
        let path = dir.join(rel);
        if rel == WORKFLOW_PATH && path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
        written += 1;
    }
    let ignore = dir.join(".gitignore");
    let existing = match std::fs::read_to_string(&ignore) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(InitError::Io { path: ignore, source: e }),
    };
    let missing: Vec<&str> = GITIGNORE.lines().filter(|l| !existing.lines().any(|e| e.trim() == *l)).collect();
    if missing.iter().any(|l| !l.starts_with('#')) {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in missing {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(&ignore, text).map_err(io(&ignore))?;
        written += 1;
    }
    Ok(written)
}
