//! Watching the site's sources: `content/`, `themes/`, `helpmark.yaml` and the complaint logs
//! the config names, with `notify` (inotify on Linux). Events are filtered to those places
//! (an editor's swap files and a `public/` written by a `build` beside the preview are not
//! changes) and debounced: an editor's save is several events, and a `git checkout` hundreds,
//! and each burst makes one re-production once it has been quiet for [`QUIET`], or for
//! [`SETTLED`] after an entry's save is complete.

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long the sources must be quiet before the site is produced again. An editor's save
/// (a write, or a scratch file renamed over the entry) is one burst of events within a
/// millisecond or two; a burst cut short by a slow `git checkout` makes one production more,
/// exact all the same.
pub const QUIET: Duration = Duration::from_millis(30);

/// How long the sources must be quiet after an event that completes an entry's change: the
/// file closed after writing, renamed into place, or removed: an editor's save ends with one
/// of these. Waiting the whole [`QUIET`] after them was a third of an edit's preview latency;
/// a burst cut short here makes one production more, exact all the same.
pub const SETTLED: Duration = Duration::from_millis(5);

/// The longest a burst of events delays the re-production.
const LONGEST_WAIT: Duration = Duration::from_secs(1);

/// The places watched, relative to the site folder.
fn places(logs: &[PathBuf]) -> Vec<PathBuf> {
    let mut places: Vec<PathBuf> = ["content", "themes", crate::config::FILE_NAME].iter().map(PathBuf::from).collect();
    places.extend(logs.iter().cloned());
    places
}

/// A watch on a site's sources; [`Watch::next_burst`] waits for its changes.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    /// The places changes count in, absolute; shared with the event handler.
    places: Arc<Mutex<Vec<PathBuf>>>,
    /// The folders given to the watcher.
    watched: HashSet<PathBuf>,
    /// Each relevant event; `None` for a watcher error, which may have lost some.
    changes: Receiver<Option<Change>>,
}

/// What one event changed.
struct Change {
    /// The paths among the places watched.
    paths: Vec<PathBuf>,
    /// Whether it completes an entry's change (see [`SETTLED`]).
    completes: bool,
}

/// One burst of changes.
#[derive(Debug, Default)]
pub struct Burst {
    /// The paths that changed, among the places watched.
    pub paths: BTreeSet<PathBuf>,
    /// Whether `paths` may miss some (the watcher had an error, an overflowed queue say).
    pub incomplete: bool,
}

impl Watch {
    /// Watches the site in `source` and the complaint logs `logs` (relative to it).
    pub fn start(source: &Path, logs: &[PathBuf]) -> notify::Result<Watch> {
        let root = source.canonicalize().unwrap_or_else(|_| source.to_path_buf());
        let places = Arc::new(Mutex::new(Vec::new()));
        let (send, changes) = mpsc::channel();
        let seen = places.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // A watcher error (an overflowed inotify queue) may have lost changes: produce again.
            let relevant = match event {
                // Reads change nothing; a file closed after writing ends its save.
                Ok(event) if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write)) => {
                    return
                }
                Ok(event) => {
                    let places = seen.lock().unwrap_or_else(PoisonError::into_inner);
                    let completes = completes(&event, &places);
                    let paths: Vec<PathBuf> = event.paths.into_iter().filter(|p| counts(p, &places)).collect();
                    if paths.is_empty() {
                        return;
                    }
                    Some(Change { paths, completes })
                }
                Err(_) => None,
            };
            let _ = send.send(relevant);
        })?;
        let mut watch = Watch { watcher, root, places, watched: HashSet::new(), changes };
        watch.follow(logs)?;
        Ok(watch)
    }

    /// Watches the places of a site whose logs are `logs`: around every re-production, since
    /// the config may name other logs, and a folder may have appeared (`themes/`) or gone.
    /// `true` when it watches a folder it did not watch before: what changed there before now
    /// was not seen.
    pub fn follow(&mut self, logs: &[PathBuf]) -> notify::Result<bool> {
        let absolute: Vec<PathBuf> = places(logs).iter().map(|p| self.root.join(p)).collect();
        // The site folder itself, not recursively: for `helpmark.yaml`, and for `content/` or
        // `themes/` made anew (an editor that saves by renaming replaces the file, and a watch
        // on the file alone would be lost with it).
        let mut folders = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        for place in &absolute {
            if place.is_dir() {
                folders.push((place.clone(), RecursiveMode::Recursive));
            } else if let Some(parent) = place.parent() {
                folders.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        // A folder that went away took its watch with it; it is watched again when it is back.
        self.watched.retain(|w| w.is_dir());
        let mut added = false;
        for (folder, mode) in folders {
            if folder.is_dir() && !self.watched.contains(&folder) {
                self.watcher.watch(&folder, mode)?;
                self.watched.insert(folder);
                added = true;
            }
        }
        *self.places.lock().unwrap_or_else(PoisonError::into_inner) = absolute;
        Ok(added)
    }

    /// Waits for the next burst of changes to end; `None` when the watcher is gone.
    pub fn next_burst(&self) -> Option<Burst> {
        let mut burst = Burst::default();
        // How long to wait for the burst's next event after this one.
        let mut add = |change: Option<Change>| match change {
            Some(Change { paths, completes }) => {
                burst.paths.extend(paths);
                if completes {
                    SETTLED
                } else {
                    QUIET
                }
            }
            None => {
                burst.incomplete = true;
                QUIET
            }
        };
        let mut quiet = add(self.changes.recv().ok()?);
        let started = Instant::now();
        loop {
            match self.changes.recv_timeout(quiet) {
                Ok(change) => {
                    quiet = add(change);
                    if started.elapsed() >= LONGEST_WAIT {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(burst)
    }

    /// The site folder, as the watcher names the paths that change.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Whether `event` completes an entry's change (see [`SETTLED`]): it leaves an entry's file
/// written, in place or removed. Of an entry only: an editor's probe file (vim's `4913`) or
/// the entry renamed to its backup does not end its save.
fn completes(event: &notify::Event, places: &[PathBuf]) -> bool {
    let left = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) | EventKind::Remove(_) => event.paths.first(),
        // A rename's destination.
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => event.paths.last(),
        _ => None,
    };
    left.is_some_and(|p| p.extension().is_some_and(|e| e == "md") && counts(p, places))
}

/// Whether a change at `path` changes the site: inside one of `places`, and not an editor's
/// hidden or backup file (`.entry.md.swp`, `entry.md~`).
fn counts(path: &Path, places: &[PathBuf]) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let scratch = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp");
    !scratch && places.iter().any(|place| path.starts_with(place))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_to_the_sources_count() {
        let places: Vec<PathBuf> =
            places(&[PathBuf::from("complaints")]).iter().map(|p| Path::new("/site").join(p)).collect();
        for path in
            ["/site/content/en/a.md", "/site/helpmark.yaml", "/site/themes/x/strings/en.yaml", "/site/complaints/t.csv"]
        {
            assert!(counts(Path::new(path), &places), "{path}");
        }
        for path in
            ["/site/public/index.html", "/site/content/en/.a.md.swp", "/site/content/en/a.md~", "/site/notes.txt"]
        {
            assert!(!counts(Path::new(path), &places), "{path}");
        }
    }

    #[test]
    fn an_entry_written_renamed_into_place_or_removed_completes_its_change() {
        let places: Vec<PathBuf> = places(&[]).iter().map(|p| Path::new("/site").join(p)).collect();
        let event =
            |kind, paths: &[&str]| paths.iter().fold(notify::Event::new(kind), |e, p| e.add_path(PathBuf::from(p)));
        let entry = "/site/content/en/a.md";
        let done = [
            event(EventKind::Access(AccessKind::Close(AccessMode::Write)), &[entry]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &["/site/content/en/a.md.tmp", entry]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &[entry]),
            event(EventKind::Remove(notify::event::RemoveKind::File), &[entry]),
        ];
        for e in &done {
            assert!(completes(e, &places), "{e:?}");
        }
        let not_yet = [
            event(EventKind::Create(notify::event::CreateKind::File), &[entry]),
            event(EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any)), &[entry]),
            // An editor moving the entry to its backup before writing it anew.
            event(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &[entry, "/site/content/en/a.md~"]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::From)), &[entry]),
            // vim's probe file, and the config (which goes to the full production anyway).
            event(EventKind::Remove(notify::event::RemoveKind::File), &["/site/content/en/4913"]),
            event(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/site/helpmark.yaml"]),
            event(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/site/public/a.md"]),
        ];
        for e in &not_yet {
            assert!(!completes(e, &places), "{e:?}");
        }
    }

    #[test]
    fn edits_to_an_entry_and_to_the_config_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/en")).unwrap();
        std::fs::write(dir.path().join("helpmark.yaml"), "title: x\n").unwrap();
        let watch = Watch::start(dir.path(), &[]).unwrap();
        for n in 0..5 {
            std::fs::write(dir.path().join("content/en/a.md"), format!("edit {n}")).unwrap();
        }
        let burst = watch.next_burst().unwrap();
        assert!(burst.paths.iter().any(|p| p.ends_with("content/en/a.md")), "{burst:?}");
        while watch.changes.recv_timeout(QUIET * 3).is_ok() {}
        std::fs::write(dir.path().join("helpmark.yaml"), "title: y\n").unwrap();
        let burst = watch.next_burst().unwrap();
        assert!(burst.paths.iter().all(|p| p.ends_with("helpmark.yaml")), "{burst:?}");
    }
}
