//! `helpmark init`: writes a minimal site that builds as it is.

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

/// Creates the starter site in `dir`; returns how many files it wrote.
pub fn create(dir: &Path) -> Result<usize, InitError> {
    if dir.join(crate::config::FILE_NAME).exists() {
        return Err(InitError::Exists(dir.to_path_buf()));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| InitError::Io { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&path, text).map_err(|source| InitError::Io { path: path.clone(), source })?;
    }
    Ok(FILES.len())
}
