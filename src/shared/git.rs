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

/// Where each file of `content/` was before git recorded it moving: by its path now (from
/// `content/`, `en/shipping/cancel.md`), its earlier paths (`en/orders/cancel.md`), each once,
/// in order. Empty without git or history (a shallow clone knows no moves).
pub fn moves(source: &Path) -> HashMap<String, Vec<String>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(source)
        .args(["-c", "core.quotePath=false", "log", "--format=", "--name-status", "-M", "--diff-filter=R"])
        .args(["--relative", "--", "content"])
        .output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else { return HashMap::new() };
    parse_moves(&String::from_utf8_lossy(&output.stdout))
}

/// Parses `git log --name-status --diff-filter=R` output, newest commit first: a file moved
/// twice (`a` → `b`, later `b` → `c`) was at `b` and at `a`.
fn parse_moves(log: &str) -> HashMap<String, Vec<String>> {
    let under_content = |p: &str| p.strip_prefix("content/").map(str::to_string);
    let mut moves: HashMap<String, Vec<String>> = HashMap::new();
    // Each path seen as a move's source → the path its file has now.
    let mut now: HashMap<String, String> = HashMap::new();
    for line in log.lines() {
        let mut parts = line.split('\t');
        let (Some(status), Some(from), Some(to)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Some(from), Some(to)) = (under_content(from), under_content(to)) else { continue };
        if !status.starts_with('R') || from == to {
            continue;
        }
        let current = now.get(&to).cloned().unwrap_or(to);
        let earlier = moves.entry(current.clone()).or_default();
        if !earlier.contains(&from) && from != current {
            earlier.push(from.clone());
        }
        now.insert(from, current);
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_moved_twice_remembers_both_places() {
        let log = "\nR100\tcontent/en/b/x.md\tcontent/en/c/x.md\n\nR090\tcontent/en/a/x.md\tcontent/en/b/x.md\nM\tcontent/en/y.md\n";
        let moves = parse_moves(log);
        assert_eq!(moves["en/c/x.md"], ["en/b/x.md", "en/a/x.md"]);
        assert_eq!(moves.len(), 1);
    }

    #[test]
    fn the_newest_commit_of_a_file_wins() {
        let log = "\u{1}2026-03-02T10:00:00+05:30\n\ncontent/en/a.md\n\n\u{1}2026-03-01T10:00:00Z\n\ncontent/en/a.md\ncontent/hi/a.md\n";
        let h = History::parse(log);
        assert_eq!(h.last_commit("content/en/a.md"), crate::shared::date::parse_timestamp("2026-03-02T04:30:00Z"));
        assert_eq!(h.last_commit("content/hi/a.md"), crate::shared::date::parse_timestamp("2026-03-01T10:00:00Z"));
        assert_eq!(h.last_commit("content/tr/a.md"), None);
    }
}
