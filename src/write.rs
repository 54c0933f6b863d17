//! Stage 6, `write`: puts the rendered site on disk without ever leaving a half-built output.
//! Everything is written into a fresh folder beside the output, and only when that succeeded is
//! it swapped in (two renames on the same file system); the old output is removed last.
//!
//! A file identical to the one at the same path in the previous output is hard-linked into the
//! new folder instead of written: a rebuild then creates inodes only for what changed, which on
//! ext4 is most of the cost of writing a large site.
//!
//! Pages are written by the task that rendered them, as soon as they are rendered: no page
//! waits in memory, and no writer thread waits for a batch (handing batches to a writer thread
//! left a core idle at every hand-over). Creating a file takes its folder's lock, so threads in
//! one folder wait for each other; rayon gives each thread its own stretch of the page list,
//! hence mostly its own folders, and [`Staging::write`] gives a batch's folders one task each.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An I/O failure at `path`.
    #[error("cannot write `{path}`")]
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

/// A new site being written beside `output`. Dropped without [`Staging::commit`], it removes
/// itself and the previous output stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// The output folder, when there is one to link unchanged files from.
    previous: Option<PathBuf>,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder beside `output` (removing leftovers of interrupted builds).
    pub fn new(output: &Path) -> Result<Staging, WriteError> {
        let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let previous = output.is_dir().then(|| output.to_path_buf());
        Ok(Staging { dir, output: output.to_path_buf(), previous, parent, name, committed: false })
    }

    /// Writes `files` into the new site, one task per folder; unchanged files are linked from
    /// the previous output. Callable from many threads at once.
    pub fn write(&self, files: &[OutputFile]) -> Result<(), WriteError> {
        let previous = self.previous.as_deref();
        if let [file] = files {
            return write_one(&self.dir, file, previous);
        }
        let mut by_dir: BTreeMap<&Path, Vec<&OutputFile>> = BTreeMap::new();
        for f in files {
            by_dir.entry(Path::new(&f.path).parent().unwrap_or(Path::new(""))).or_default().push(f);
        }
        by_dir
            .into_par_iter()
            .try_for_each(|(_, files)| files.into_iter().try_for_each(|f| write_one(&self.dir, f, previous)))
    }

    /// Swaps the new site in for the old one, then removes the old one.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let old = self.parent.join(format!(".{}.old-{}", self.name, std::process::id()));
        let had_old = self.output.exists();
        if had_old {
            std::fs::rename(&self.output, &old).map_err(io_err(&self.output))?;
        }
        if let Err(source) = std::fs::rename(&self.dir, &self.output) {
            // Put the previous site back before reporting.
            if had_old {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(WriteError::Io { path: self.output.clone(), source });
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

fn write_one(staging: &Path, f: &OutputFile, previous: Option<&Path>) -> Result<(), WriteError> {
    let path = staging.join(&f.path);
    let placed = match place(&path, f, previous) {
        // The first file of its folder: make the folder, then try again. (Asking first would
        // cost every file a system call.)
        Err(e) if e.kind() == io::ErrorKind::NotFound => match path.parent() {
            Some(folder) => std::fs::create_dir_all(folder).and_then(|()| place(&path, f, previous)),
            None => Err(e),
        },
        placed => placed,
    };
    placed.map_err(io_err(&path))
}

/// Links `path` to the same file of the previous output when that holds the same bytes, else
/// writes it.
fn place(path: &Path, f: &OutputFile, previous: Option<&Path>) -> io::Result<()> {
    if let Some(old) = previous.map(|p| p.join(&f.path)) {
        if same_contents(&old, &f.bytes) {
            match std::fs::hard_link(&old, path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound && !path.parent().is_some_and(Path::is_dir) => {
                    return Err(e)
                }
                Ok(()) => return Ok(()),
                Err(_) => {} // another file system, or links not allowed: write instead
            }
        }
    }
    std::fs::write(path, &f.bytes)
}

/// Whether the regular file at `path` holds exactly `bytes` (size first, contents only then).
fn same_contents(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return false };
    meta.is_file() && meta.len() == bytes.len() as u64 && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Removes staging folders left by an interrupted build of the same output; those of a build
/// still running (another process writing the same output) are left to it.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(read) = std::fs::read_dir(parent) else { return };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for item in read.flatten() {
        let file_name = item.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes.iter().find_map(|p| file_name.strip_prefix(p.as_str())) else { continue };
        if !is_running(pid) {
            remove_tree(&item.path());
        }
    }
}

/// Removes the folder `dir` and everything in it, its top-level entries side by side: removing
/// a file takes its folder's lock, so two folders empty twice as fast as one (the old output of
/// a 10,000-page site took 100 ms alone). Best effort, like `remove_dir_all`, and symlinks are
/// removed, never followed.
fn remove_tree(dir: &Path) {
    if let Ok(read) = std::fs::read_dir(dir) {
        let entries: Vec<std::fs::DirEntry> = read.flatten().collect();
        entries.par_iter().for_each(|entry| {
            let _ = match entry.file_type() {
                Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(entry.path()),
                _ => std::fs::remove_file(entry.path()),
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Whether `pid` names a running process other than this one. Only Linux's `/proc` is asked;
/// elsewhere every leftover counts as stale, as before.
fn is_running(pid: &str) -> bool {
    pid.parse::<u32>().is_ok_and(|p| p != std::process::id() && Path::new("/proc").join(pid).is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One whole site in one batch (a build writes page by page, then the rest in batches).
    fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
        let staging = Staging::new(output)?;
        staging.write(files)?;
        staging.commit()
    }

    #[test]
    fn pages_written_one_by_one_from_many_threads_make_their_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: String| OutputFile { path, bytes: b"x".to_vec() };
        let staging = Staging::new(&out).unwrap();
        (0..200).into_par_iter().try_for_each(|i| staging.write(&[file(format!("{}/d/{i}.html", i % 7))])).unwrap();
        staging.commit().unwrap();
        assert!((0..200).all(|i| out.join(format!("{}/d/{i}.html", i % 7)).is_file()));

        // `a` is a file, so `a/b.html` cannot be written: the I/O error comes back.
        let staging = Staging::new(&out).unwrap();
        staging.write(&[file("a".into())]).unwrap();
        let result = staging.write(&[file("a/b.html".into())]);
        assert!(matches!(result, Err(WriteError::Io { .. })), "{result:?}");
    }

    #[test]
    fn an_io_error_names_its_cause_once() {
        let error = WriteError::Io { path: "public/a.html".into(), source: io::Error::other("disk full") };
        let shown = format!("{:#}", anyhow::Error::from(error));
        assert_eq!(shown, "cannot write `public/a.html`: disk full");
    }

    #[test]
    fn leftovers_of_dead_builds_go_but_a_running_builds_staging_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut running = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let alive = dir.path().join(format!(".public.new-{}", running.id()));
        // A pid above the kernel's limit (2^22) is never a running process.
        let dead = dir.path().join(".public.new-4194305");
        for d in [&alive, &dead] {
            std::fs::create_dir_all(d).unwrap();
        }
        write_site(&out, &[OutputFile { path: "a.html".into(), bytes: b"1".to_vec() }]).unwrap();
        let _ = running.kill();
        let _ = running.wait();
        assert!(alive.is_dir(), "another build is still writing there");
        assert!(!dead.exists(), "a dead build's leftovers are removed");
    }

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

    #[test]
    fn unchanged_files_are_linked_and_changed_ones_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: &str, bytes: &[u8]| OutputFile { path: path.into(), bytes: bytes.to_vec() };
        write_site(&out, &[file("same.html", b"1"), file("changed.html", b"2")]).unwrap();
        let before = std::fs::metadata(out.join("same.html")).unwrap().ino();
        write_site(&out, &[file("same.html", b"1"), file("changed.html", b"3")]).unwrap();
        assert_eq!(std::fs::metadata(out.join("same.html")).unwrap().ino(), before);
        assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"3");
        assert_eq!(std::fs::metadata(out.join("same.html")).unwrap().nlink(), 1, "the old output is gone");
    }
}
