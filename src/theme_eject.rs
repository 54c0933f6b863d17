//! `helpmark theme eject`: copies built-in theme files into the site's `themes/<name>/`, where
//! they replace the built-in ones file by file (strings key by key), so a designer starts from
//! what the site shows today. It never overwrites a file.

use crate::diagnostics::did_you_mean;
use crate::render::theme::builtin_files;
use std::path::{Path, PathBuf};

/// Why nothing was copied.
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    /// The folder holds no site.
    #[error("`{0}` holds no `helpmark.yaml`; run `helpmark theme eject` in a site folder, or pass `--source`")]
    NoSite(PathBuf),
    /// A file the built-in theme does not have.
    #[error("the built-in theme has no `{0}`{1}")]
    UnknownFile(String, String),
    /// The theme's name would leave `themes/`.
    #[error("`{0}` is not a theme name; use letters, digits, `-` and `_`")]
    BadName(String),
    /// Writing failed.
    #[error("cannot write `{0}`: {1}")]
    Write(PathBuf, std::io::Error),
}

/// What happened to each file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ejected {
    /// The theme folder, relative to the site (`themes/custom`).
    pub folder: PathBuf,
    /// Files written, relative to the site.
    pub written: Vec<PathBuf>,
    /// Files that were there already and were kept.
    pub kept: Vec<PathBuf>,
}

/// Copies `files` (every template when empty) of the built-in theme into `site/themes/<name>/`.
pub fn eject(site: &Path, name: &str, files: &[String]) -> Result<Ejected, EjectError> {
    if !site.join(crate::config::FILE_NAME).is_file() {
        return Err(EjectError::NoSite(site.to_path_buf()));
    }
    if !crate::model::is_safe_segment(name) {
        return Err(EjectError::BadName(name.to_string()));
    }
    let builtin: Vec<(&str, &[u8])> = builtin_files().collect();
    let chosen: Vec<(&str, &[u8])> = if files.is_empty() {
        builtin.iter().copied().filter(|(path, _)| path.starts_with("templates/")).collect()
    } else {
        files
            .iter()
            .map(|wanted| {
                let wanted = wanted.trim_start_matches("./").trim_start_matches("themes/default/");
                builtin.iter().copied().find(|(path, _)| *path == wanted).ok_or_else(|| {
                    let hint = did_you_mean(wanted, builtin.iter().map(|(p, _)| *p))
                        .map_or_else(String::new, |best| format!("; did you mean `{best}`?"));
                    EjectError::UnknownFile(wanted.to_string(), hint)
                })
            })
            .collect::<Result<_, _>>()?
    };
    let folder = Path::new("themes").join(name);
    let mut out = Ejected { folder: folder.clone(), ..Ejected::default() };
    for (path, bytes) in chosen {
        let rel = folder.join(path);
        let target = site.join(&rel);
        if target.exists() {
            out.kept.push(rel);
            continue;
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| EjectError::Write(rel.clone(), e))?;
        }
        // `create_new`: a file that appeared meanwhile is not overwritten either.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
        written.map_err(|e| EjectError::Write(rel.clone(), e))?;
        out.written.push(rel);
    }
    Ok(out)
}
