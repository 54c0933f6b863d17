//! What the server shows right now: the last site that produced without errors, and the
//! problems of the latest attempt when it had any. Each attempt publishes a new [`Snapshot`]
//! in one swap, so a request sees the old site or the new one, never half of each; the version
//! tells open pages (waiting on the event stream) that there is something new.

use super::memory::Site;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// One published state.
#[derive(Debug)]
pub struct Snapshot {
    /// Raised by every attempt to produce the site, good or bad.
    pub version: u64,
    /// The last good site.
    pub site: Arc<Site>,
    /// Whether `site` is the whole site produced, not a page-first one whose search and other
    /// pages are still being produced (the page-first preview).
    pub settled: bool,
    /// The diagnostics of the latest attempt as the JSON document of
    /// [`render_json`](crate::diagnostics::render_json), when it had errors.
    pub problems: Option<Arc<String>>,
}

/// The shared state, and a way to wait for it to change.
#[derive(Debug)]
pub struct Live {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

impl Live {
    /// Starts at version 1 with `site` and the `problems` of its first attempt, if any.
    pub fn new(site: Site, problems: Option<String>) -> Live {
        let first = Snapshot { version: 1, site: Arc::new(site), settled: true, problems: problems.map(Arc::new) };
        Live { current: Mutex::new(Arc::new(first)), changed: Condvar::new() }
    }

    /// The current snapshot.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Publishes a new good site, produced in full: its problems are gone.
    pub fn publish_site(&self, site: Arc<Site>) {
        self.swap(|old| Snapshot { version: old.version + 1, site, settled: true, problems: None });
    }

    /// Publishes a page-first site: the full production is on its way.
    pub fn publish_page_first(&self, site: Site) {
        self.swap(|old| Snapshot { version: old.version + 1, site: Arc::new(site), settled: false, problems: None });
    }

    /// Replaces the site served by `site`, which serves the same bytes: nothing to reload.
    pub fn replace_site(&self, site: Arc<Site>) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let Snapshot { version, settled, problems, .. } = &**current;
        *current = Arc::new(Snapshot { version: *version, site, settled: *settled, problems: problems.clone() });
    }

    /// Publishes the problems of a failed attempt; the last good site stays.
    pub fn publish_problems(&self, problems: String) {
        self.swap(|old| Snapshot {
            version: old.version + 1,
            site: old.site.clone(),
            settled: true,
            problems: Some(Arc::new(problems)),
        });
    }

    fn swap(&self, next: impl FnOnce(&Snapshot) -> Snapshot) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        *current = Arc::new(next(&current));
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for a version other than `seen`; the snapshot then current.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> Arc<Snapshot> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let (current, _) = self
            .changed
            .wait_timeout_while(current, timeout, |c| c.version == seen)
            .unwrap_or_else(PoisonError::into_inner);
        current.clone()
    }
}
