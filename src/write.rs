//! Stage 6, `write`: puts the rendered site on disk without ever leaving a half-built output.
//! Everything is written into a fresh folder beside the output, and only when that succeeded is
//! it swapped in by one atomic exchange of the two folders (`renameat2(RENAME_EXCHANGE)`); the
//! old site is removed only after that. Where the kernel or file system cannot exchange, two
//! renames do it, and a build killed between them leaves the old site beside the output, where
//! the next build puts it back before doing anything else. At every moment the output path
//! holds the old site or the new one.
//!
//! A file identical to the one at the same path in the previous output is hard-linked into the
//! new folder instead of written: a rebuild then creates inodes only for what changed, which on
//! ext4 is most of the cost of writing a large site. Files are only ever created, never opened
//! for writing when they exist, so nothing can be written through such a link into the old site.
//!
//! Pages are written by the task that rendered them, as soon as they are rendered: no page
//! waits in memory, and no writer thread waits for a batch (handing batches to a writer thread
//! left a core idle at every hand-over). Creating a file takes its folder's lock, so threads in
//! one folder wait for each other; rayon gives each thread its own stretch of the page list,
//! hence mostly its own folders, and [`Staging::write`] gives a batch's folders one task each.
//!
//! helpmark replaces only folders it wrote: every output holds [`MARKER`], and an existing
//! folder without it (and not empty) is refused unless the caller forces it.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The file every output folder holds, so that a later build knows the folder is its to replace.
pub const MARKER: &str = ".helpmark-output";

const MARKER_TEXT: &[u8] = b"This folder was written by helpmark and is replaced as a whole by every build.\n\
Files put here by hand are deleted by the next build.\n";

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
    /// The output exists and is not a folder.
    #[error("the output `{0}` exists and is not a folder; choose another `--output`")]
    NotAFolder(PathBuf),
    /// The output is a folder that helpmark did not write.
    #[error(
        "the output folder `{0}` holds files helpmark did not write (it has no `{MARKER}`), and a build replaces \
         the whole folder; choose an empty or new folder, or pass `--force` to replace it anyway"
    )]
    NotOurs(PathBuf),
    /// The output is a mount point, which cannot be swapped for another folder.
    #[error(
        "the output folder `{0}` is a mount point (a volume), which a build cannot swap for the new site; \
         build into a folder inside it instead, like `--output {0}/site`, and serve that"
    )]
    MountPoint(PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// A new site being written beside the output. Dropped without [`Staging::commit`], it removes
/// itself and the previous output stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// Where the site goes: the output path, or the folder it links to.
    target: PathBuf,
    /// The target, when it exists: unchanged files are linked from it.
    previous: Option<PathBuf>,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder beside `output`. A symlinked output is built into the folder
    /// it points to (the link stays). An existing output must be a folder helpmark wrote (or an
    /// empty one) unless `force`; a site left beside the output by a build killed mid-commit is
    /// put back first, and leftovers of other dead builds are removed.
    pub fn new(output: &Path, force: bool) -> Result<Staging, WriteError> {
        let target = follow_link(output);
        let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        restore_interrupted(&parent, &name, &target)?;
        let previous = match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => Some(target.clone()),
            Ok(_) => return Err(WriteError::NotAFolder(output.to_path_buf())),
            Err(_) => None,
        };
        if let Some(previous) = &previous {
            if !force && !is_ours(previous) {
                return Err(WriteError::NotOurs(output.to_path_buf()));
            }
            if is_mount_point(previous, &parent) {
                return Err(WriteError::MountPoint(output.to_path_buf()));
            }
        }
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let staging = Staging { dir, target, previous, parent, name, committed: false };
        staging.write(&[OutputFile { path: MARKER.into(), bytes: MARKER_TEXT.to_vec() }])?;
        Ok(staging)
    }

    /// Writes `files` into the new site, one task per folder; unchanged files are linked from
    /// the previous output. Callable from many threads at once. Two files at one path are an
    /// error (the caller checks for collisions first; this is the last line of defence).
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

    /// Puts the new site at the output path in one atomic step, then removes the old one.
    pub fn commit(mut self) -> Result<(), WriteError> {
        fault_point("before-commit");
        if self.previous.is_none() {
            std::fs::rename(&self.dir, &self.target).map_err(io_err(&self.target))?;
            self.committed = true;
            return Ok(());
        }
        match exchange(&self.dir, &self.target) {
            Ok(()) => {
                self.committed = true;
                fault_point("after-exchange");
                // The staging path now holds the old site.
                remove_tree(&self.dir);
                Ok(())
            }
            Err(e) if exchange_unsupported(&e) => self.commit_by_renames(),
            Err(source) => Err(WriteError::Io { path: self.target.clone(), source }),
        }
    }

    /// The commit where folders cannot be exchanged: the old site steps aside under a name
    /// that [`restore_interrupted`] recognises, and the new one takes its place.
    fn commit_by_renames(&mut self) -> Result<(), WriteError> {
        let old = self.parent.join(format!(".{}.old-{}", self.name, std::process::id()));
        std::fs::rename(&self.target, &old).map_err(io_err(&self.target))?;
        fault_point("between-renames");
        if let Err(source) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, &self.target);
            return Err(WriteError::Io { path: self.target.clone(), source });
        }
        self.committed = true;
        remove_tree(&old);
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

/// The folder a symlinked output points to (a link to a link is followed to its end); other
/// paths as they are.
fn follow_link(output: &Path) -> PathBuf {
    let mut path = output.to_path_buf();
    // A bounded walk: a link cycle ends here and fails later as an ordinary I/O error.
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            Ok(to) => path = path.parent().map_or(to.clone(), |p| p.join(&to)),
            Err(_) => return path,
        }
    }
    path
}

/// Whether an existing folder may be replaced: it holds helpmark's marker, or nothing at all,
/// or it is the output of a helpmark from before the marker (its search index folder and
/// sitemap, which no other tool writes together).
fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut items| items.next().is_none())
        || (dir.join("_search").is_dir() && dir.join("sitemap.xml").is_file() && dir.join("assets/search").is_dir())
}

/// Whether `dir` is the root of another file system than `parent`'s (a mounted volume).
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.dev() != p.dev(),
        _ => false,
    }
}

/// Swaps two existing folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os("HELPMARK_TEST_NO_EXCHANGE").is_some() {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether an exchange failed because the kernel or file system cannot do it (the fallback
/// then applies), rather than for a reason the fallback would meet too.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// A named moment of a build, where tests and the fault-injection bench stop the process as a
/// `kill -9` would (no clean-up runs): `HELPMARK_TEST_ABORT_AT=<name>`.
pub fn fault_point(name: &str) {
    if std::env::var_os("HELPMARK_TEST_ABORT_AT").is_some_and(|at| at == name) {
        std::process::abort();
    }
}

/// Puts back the previous site of `output` if a build was killed in the middle of committing
/// it (see `Staging::commit_by_renames`). A build calls this first, so that even a build that
/// then fails on its content leaves the old site at the output path.
pub fn recover(output: &Path) -> Result<(), WriteError> {
    let target = follow_link(output);
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    restore_interrupted(parent, &name, &target)
}

/// A build killed between the two renames of [`Staging::commit_by_renames`] left no output but
/// the old site beside it: put it back. Only a dead build's copy is taken, and only when the
/// output is missing.
fn restore_interrupted(parent: &Path, name: &str, target: &Path) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Ok(());
    }
    let prefix = format!(".{name}.old-");
    let Ok(read) = std::fs::read_dir(parent) else { return Ok(()) };
    let mut left: Vec<PathBuf> = read
        .flatten()
        .filter(|item| {
            let file_name = item.file_name().to_string_lossy().into_owned();
            file_name.strip_prefix(&prefix).is_some_and(|pid| !is_running(pid))
        })
        .map(|item| item.path())
        .collect();
    left.sort();
    match left.first() {
        Some(old) => std::fs::rename(old, target).map_err(io_err(target)),
        None => Ok(()),
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
    // `create_new`: a file already at `path` (a hard link into the old site, say) is never
    // opened for writing.
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(&f.bytes)
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
        let staging = Staging::new(output, false)?;
        staging.write(files)?;
        staging.commit()
    }

    #[test]
    fn pages_written_one_by_one_from_many_threads_make_their_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |path: String| OutputFile { path, bytes: b"x".to_vec() };
        let staging = Staging::new(&out, false).unwrap();
        (0..200).into_par_iter().try_for_each(|i| staging.write(&[file(format!("{}/d/{i}.html", i % 7))])).unwrap();
        staging.commit().unwrap();
        assert!((0..200).all(|i| out.join(format!("{}/d/{i}.html", i % 7)).is_file()));

        // `a` is a file, so `a/b.html` cannot be written: the I/O error comes back.
        let staging = Staging::new(&out, false).unwrap();
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
