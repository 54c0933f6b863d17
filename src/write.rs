//! Stage 6, `write`: puts the rendered site on disk without ever leaving a half-built output.
//! Everything is written into a fresh folder beside the output, and only when that succeeded is
//! it swapped in (two renames on the same file system); the old output is removed last.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// The output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An I/O failure at `path`.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// Where it failed.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Writes `files` to `output`, replacing what was there only once the new site is complete.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    remove_stale(&parent, &name);
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    if let Err(e) = write_all(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = output.exists();
    if had_old {
        std::fs::rename(output, &old).map_err(io_err(output))?;
    }
    if let Err(source) = std::fs::rename(&staging, output) {
        // Put the previous site back before reporting.
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(WriteError::Io { path: output.to_path_buf(), source });
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    std::fs::create_dir_all(staging).map_err(io_err(staging))?;
    let dirs: BTreeSet<PathBuf> =
        files.iter().filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p))).collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = staging.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(io_err(&path))
    })
}

/// Removes staging folders left by an interrupted build of the same output.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(read) = std::fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for item in read.flatten() {
        let file_name = item.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p)) {
            let _ = std::fs::remove_dir_all(item.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_output_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile { path: "a/b.html".into(), bytes: b"1".to_vec() }]).unwrap();
        write_site(&out, &[OutputFile { path: "c.html".into(), bytes: b"2".to_vec() }]).unwrap();
        assert!(!out.join("a/b.html").exists());
        assert_eq!(std::fs::read(out.join("c.html")).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
