//! When each file of `content/` was last committed, when the site is a git repository: one
//! `git log` for the whole folder (not one per file), newest commit first, so a file's first
//! appearance is its last change. Without git, or outside a repository, nothing is known:
//! `check`'s staleness check then uses `updated` and `translated_from` alone, and the report's
//! before/after of a change uses `updated`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Last commit time (seconds since the epoch) of each file, by its path relative to the site
/// folder (`content/en/orders/refund.md`).
#[derive(Debug, Default)]
pub struct History {
    last_commit: HashMap<String, i64>,
}

impl History {
    /// Reads the history of `source/content`; empty when git or the repository is missing.
    pub fn read(source: &Path) -> History {
        let output = Command::new("git")
            .arg("-C")
            .arg(source)
            .args(["-c", "core.quotePath=false", "log", "--format=%x01%cI", "--name-only", "--no-renames"])
            .args(["--relative", "--", "content"])
            .output();
        let Some(output) = output.ok().filter(|o| o.status.success()) else { return History::default() };
        History::parse(&String::from_utf8_lossy(&output.stdout))
    }

    /// Parses `git log --format=%x01%cI --name-only` output.
    fn parse(log: &str) -> History {
        let mut last_commit = HashMap::new();
        let mut current = None;
        for line in log.lines() {
            if let Some(date) = line.strip_prefix('\u{1}') {
                current = crate::shared::date::parse_timestamp(date);
            } else if let (Some(time), false) = (current, line.is_empty()) {
                last_commit.entry(line.to_string()).or_insert(time);
            }
        }
        History { last_commit }
    }

    /// When the file at `rel` (from the site folder) was last committed.
    pub fn last_commit(&self, rel: &str) -> Option<i64> {
        self.last_commit.get(rel).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_file_wins() {
        let log = "\u{1}2026-03-02T10:00:00+05:30\n\ncontent/en/a.md\n\n\u{1}2026-03-01T10:00:00Z\n\ncontent/en/a.md\ncontent/hi/a.md\n";
        let h = History::parse(log);
        assert_eq!(h.last_commit("content/en/a.md"), crate::shared::date::parse_timestamp("2026-03-02T04:30:00Z"));
        assert_eq!(h.last_commit("content/hi/a.md"), crate::shared::date::parse_timestamp("2026-03-01T10:00:00Z"));
        assert_eq!(h.last_commit("content/tr/a.md"), None);
    }
}
