//! Test support: copy a fixture site to a temp dir, run the real binary on it, read its output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixture site copied into its own temp dir.
pub struct Site {
    dir: tempfile::TempDir,
}

/// What one run of `helpmark` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Copies `tests/fixtures/<name>` (located from the manifest dir, never the cwd).
pub fn fixture(name: &str) -> Site {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&from, dir.path());
    Site { dir }
}

/// An empty temp dir, for `init`.
pub fn empty() -> Site {
    Site { dir: tempfile::tempdir().expect("temp dir") }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for item in walkdir::WalkDir::new(from) {
        let item = item.expect("fixture is readable");
        let rel = item.path().strip_prefix(from).expect("under root");
        let target = to.join(rel);
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(item.path(), &target).expect("copy");
        }
    }
}

impl Site {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `helpmark ARGS` in the site folder, quiet (as in CI) so output is deterministic.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[("CI", "1")])
    }

    /// Runs with extra environment variables; `CI` is removed unless given.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_helpmark"));
        cmd.args(args).current_dir(self.path()).env_remove("CI").env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run helpmark");
        let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&self.path().display().to_string(), "[SITE]");
        Run { code: out.status.code().unwrap_or(-1), stdout: clean(&out.stdout), stderr: clean(&out.stderr) }
    }

    /// Builds into `public/` and panics with the output if it fails.
    pub fn build_ok(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Every file under `rel`, as (relative path, bytes), sorted.
    pub fn files(&self, rel: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let root = self.path().join(rel);
        let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|i| i.expect("readable"))
            .filter(|i| i.file_type().is_file())
            .map(|i| {
                (
                    i.path().strip_prefix(&root).expect("under root").to_path_buf(),
                    std::fs::read(i.path()).expect("read"),
                )
            })
            .collect();
        out.sort();
        out
    }
}

/// The `<main>` element of a page (pages are compared by their main content, not whole).
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// `helpmark report --format json` on `site`, which must succeed.
pub fn report_json(site: &Site) -> serde_json::Value {
    let run = site.run(&["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON report")
}

/// The report as JSON, as a table and as HTML (read from `reports/complaints.html`); each run
/// must succeed.
pub fn report_formats(site: &Site) -> [String; 3] {
    let json = site.run(&["report", "--format", "json"]);
    let table = site.run(&["report"]);
    let html = site.run(&["report", "--format", "html"]);
    assert_eq!((json.code, table.code, html.code), (0, 0, 0), "{}", json.stderr);
    [json.stdout, table.stdout, site.read("reports/complaints.html")]
}

/// The report's row for entry `id`, or `null`.
pub fn entry<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["entries"].as_array().expect("entries").iter().find(|e| e["id"] == id).unwrap_or(&serde_json::Value::Null)
}

/// Runs `git` in the site with `date` as the author and committer date and no user config.
pub fn git(site: &Site, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args(args)
        .current_dir(site.path())
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t.test")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}
