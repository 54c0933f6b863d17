//! Paths as the file system sees them: where a path the user typed really leads, so that two
//! spellings of one folder (`public`, `./x/../public`, a symlink) compare equal.

use std::path::{Path, PathBuf};

/// `path` made absolute, with its existing part resolved through symlinks and `..`; the part
/// that does not exist yet is kept as written.
pub fn resolve(path: &Path) -> PathBuf {
    let abs =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// Whether `path` is `place` or lies inside it (both resolved).
pub fn is_within(path: &Path, place: &Path) -> bool {
    resolve(path).starts_with(resolve(place))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_folder_resolve_alike() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("link")).unwrap();
        assert_eq!(resolve(&dir.path().join("link/new")), resolve(&dir.path().join("a/./new")));
        assert!(is_within(&dir.path().join("a/x/../y"), &dir.path().join("link")));
        assert!(!is_within(&dir.path().join("b"), &dir.path().join("a")));
    }
}
