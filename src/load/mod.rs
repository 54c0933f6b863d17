//! Stage 1, `load`: reads the config and every file under `content/` (walkdir + rayon), splits
//! front matter and parses it. Returns what parsed plus a diagnostic for everything that did not;
//! it never stops at the first bad file.

pub mod front_matter;
pub mod yaml;

use crate::config::{self, Config, Overrides};
use crate::diagnostics::{Code, Diagnostic};
use front_matter::{CategoryMeta, EntryMeta, Split};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The name of a category's own file inside its folder.
pub const CATEGORY_FILE: &str = "_category.md";

/// One parsed Markdown file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators.
    pub rel: String,
    /// The path as shown to the user in diagnostics.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
    /// Where the front matter and body are.
    pub split: Split,
    /// Entry or category.
    pub kind: SourceKind,
}

/// What a Markdown file describes.
#[derive(Debug, Clone)]
pub enum SourceKind {
    /// A question and its answer.
    Entry(EntryMeta),
    /// A category (`_category.md`).
    Category(CategoryMeta),
}

/// A non-Markdown file under `content/` (an image, a PDF), copied to the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, with `/` separators.
    pub rel: String,
    /// Where to read it from.
    pub source: PathBuf,
}

/// The output of the load stage.
#[derive(Debug)]
pub struct LoadedSite {
    /// The validated config; when `helpmark.yaml` is unusable, a stand-in with its languages (or
    /// the language folders of `content/`) and defaults for the rest, so that the content is
    /// still modelled and its problems are reported in the same run (see `config_ok`).
    pub config: Config,
    /// Whether `config` is the site's own. Without it, a build fails whatever the content.
    pub config_ok: bool,
    /// Every Markdown file that parsed.
    pub files: Vec<SourceFile>,
    /// Every other file.
    pub assets: Vec<Asset>,
    /// Earlier paths of files git recorded moving ([`crate::shared::git::moves`]), by their
    /// path now, both from `content/`.
    pub moves: std::collections::HashMap<String, Vec<String>>,
}

/// Loads the site in `source`. `display_source` is how the user named it (for messages).
/// Everything is read whatever failed: an unusable config is replaced by a stand-in (see
/// [`LoadedSite::config_ok`]) so that the content's problems are reported in the same run.
pub fn load(source: &Path, display_source: &Path, overrides: &Overrides) -> (LoadedSite, Vec<Diagnostic>) {
    let (config, mut diagnostics) = match config::load(source, display_source, overrides) {
        Ok(config) => {
            let warnings = config::brand_warnings(&config, &display_source.join(config::FILE_NAME));
            (Some(config), warnings)
        }
        Err(problems) => (None, problems),
    };
    let content = source.join("content");
    let (paths, walk_problems) = walk(&content, &display_source.join("content"));
    diagnostics.extend(walk_problems);

    let results: Vec<Result<Loaded, Diagnostic>> =
        paths.par_iter().map(|(rel, path)| read_one(&content, rel, path)).collect();
    let mut files = Vec::new();
    let mut assets = Vec::new();
    for result in results {
        match result {
            Ok(Loaded::Markdown(file)) => files.push(*file),
            Ok(Loaded::Asset(asset)) => assets.push(asset),
            Err(d) => diagnostics.push(d),
        }
    }
    let config_ok = config.is_some();
    let config = config.unwrap_or_else(|| stand_in_config(source, &files));
    let moves = crate::shared::git::moves(source);
    (LoadedSite { config, config_ok, files, assets, moves }, diagnostics)
}

/// A config to model the content with when `helpmark.yaml` is unusable: its `languages` when
/// that key still reads as a list of codes, else the language folders the content has (top
/// folders named like a language code that hold category folders), else one language.
fn stand_in_config(source: &Path, files: &[SourceFile]) -> Config {
    let text = std::fs::read_to_string(source.join(config::FILE_NAME)).unwrap_or_default();
    let looks_like_code =
        |s: &str| (2..=12).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let mut languages: Vec<String> = yaml::string_list(&text, "languages")
        .filter(|codes| !codes.is_empty() && codes.iter().all(|c| looks_like_code(c)))
        .unwrap_or_else(|| {
            let mut folders: Vec<String> = files
                .iter()
                .filter(|f| f.rel.matches('/').count() >= 2)
                .filter_map(|f| f.rel.split('/').next())
                .filter(|top| top.len() <= 5 && looks_like_code(top))
                .map(str::to_string)
                .collect();
            folders.sort();
            folders.dedup();
            folders
        });
    languages.dedup();
    if languages.is_empty() {
        languages.push("en".to_string());
    }
    Config {
        extra: serde_json::Value::Null,
        title: config::Localized::One(String::new()),
        base_url: "https://example.invalid/".to_string(),
        languages,
        theme: None,
        top_questions: 0,
        contact: config::Contact::default(),
        search: config::SearchConfig::with_defaults(),
        complaints: config::ComplaintsConfig::default(),
        markdown: config::MarkdownConfig::default(),
        feedback: None,
        brand: config::Brand::default(),
    }
}

/// Lists files under `content/` in a stable order. Symlinks are followed only when they lead
/// to a place inside the site folder, and once: links inside a linked folder are not followed
/// again. A link out of the site (`passwd.txt -> /etc/passwd`) would publish what it points to,
/// so it is a warning and the file is left out; a link to one of its own parent folders is a
/// loop, an error.
fn walk(content: &Path, display: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !content.is_dir() {
        problems.push(
            Diagnostic::error(Code::WalkError, display, None, "the `content` folder is missing")
                .with_hint("create `content/` and put one Markdown file per question in it"),
        );
        return (files, problems);
    }
    let site = content.parent().map_or_else(|| content.to_path_buf(), Path::to_path_buf);
    let site = std::fs::canonicalize(&site).unwrap_or(site);
    let mut walk = Walk { display, site: &site, files: &mut files, problems: &mut problems };
    walk.folder(content, "", true);
    (files, problems)
}

/// One walk of `content/`: where the site is, and what was found.
struct Walk<'a> {
    display: &'a Path,
    site: &'a Path,
    files: &'a mut Vec<(String, PathBuf)>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    /// Lists `folder`, whose files go under `prefix` (`""` or `"en/linked/"`); `follow` says
    /// whether its symlinks may still be followed.
    fn folder(&mut self, folder: &Path, prefix: &str, follow: bool) {
        let walker = walkdir::WalkDir::new(folder).follow_links(false).sort_by_file_name();
        for item in walker {
            let entry = match item {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e.path().map_or_else(|| self.display.to_path_buf(), |p| self.shown(folder, prefix, p));
                    let message = format!("cannot read: {}", e.io_error().map_or(e.to_string(), |io| io.to_string()));
                    self.problems.push(
                        Diagnostic::error(Code::WalkError, at, None, message).with_hint("check the file's permissions"),
                    );
                    continue;
                }
            };
            let Ok(rel) = entry.path().strip_prefix(folder) else { continue };
            if rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
                continue;
            }
            let rel = format!(
                "{prefix}{}",
                rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
            );
            if entry.file_type().is_file() {
                self.files.push((rel.clone(), self.display.join(&rel)));
            } else if entry.path_is_symlink() {
                self.link(entry.path(), &rel, follow);
            }
        }
    }

    /// A symlink at `rel`: followed when it stays inside the site.
    fn link(&mut self, path: &Path, rel: &str, follow: bool) {
        let shown = self.display.join(rel);
        let Ok(to) = std::fs::canonicalize(path) else {
            self.problems.push(
                Diagnostic::warning(Code::WalkError, shown, None, "broken symlink: it points to nothing")
                    .with_hint("remove the link, or point it at a file inside the site"),
            );
            return;
        };
        if !to.starts_with(self.site) {
            self.problems.push(
                Diagnostic::warning(
                    Code::WalkError,
                    shown,
                    None,
                    format!("symlink to `{}`, outside the site folder: not published", to.display()),
                )
                .with_hint("copy the file into `content/` if it belongs on the site, else remove the link"),
            );
            return;
        }
        if !follow {
            self.problems.push(
                Diagnostic::warning(Code::WalkError, shown, None, "symlink inside a linked folder: not followed")
                    .with_hint("links are followed once; link to the file itself from `content/`"),
            );
            return;
        }
        if to.is_file() {
            self.files.push((rel.to_string(), shown));
        } else if path.parent().and_then(|p| std::fs::canonicalize(p).ok()).is_some_and(|p| p.starts_with(&to)) {
            self.problems.push(
                Diagnostic::error(Code::WalkError, shown, None, "symlink loop")
                    .with_hint("remove the link that points back to one of its own parent folders"),
            );
        } else if to.is_dir() {
            self.folder(&to, &format!("{rel}/"), false);
        }
    }

    /// The path as shown for a walk error at `path` inside `folder`.
    fn shown(&self, folder: &Path, prefix: &str, path: &Path) -> PathBuf {
        match path.strip_prefix(folder) {
            Ok(r) => self.display.join(format!("{prefix}{}", r.display())),
            Err(_) => path.to_path_buf(),
        }
    }
}

enum Loaded {
    Markdown(Box<SourceFile>),
    Asset(Asset),
}

/// Reads the one Markdown file at `rel` under `content` (shown as `path`), as [`load`] does:
/// for `serve`, which reads again only the entry an editor saved.
pub(crate) fn read_markdown(content: &Path, rel: &str, path: &Path) -> Option<SourceFile> {
    match read_one(content, rel, path) {
        Ok(Loaded::Markdown(file)) => Some(*file),
        _ => None,
    }
}

fn read_one(content: &Path, rel: &str, path: &Path) -> Result<Loaded, Diagnostic> {
    let source = content.join(rel);
    if !rel.ends_with(".md") {
        return Ok(Loaded::Asset(Asset { rel: rel.to_string(), source }));
    }
    let bytes = std::fs::read(&source).map_err(|e| {
        Diagnostic::error(Code::WalkError, path, None, format!("cannot read: {e}"))
            .with_hint("check the file's permissions")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Diagnostic::error(Code::NotUtf8, path, Some(at..at + 1), "the file is not valid UTF-8")
            .with_hint("save the file as UTF-8 (most editors offer it under \"Save with encoding\")")
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(Code::EmptyFile, path, None, "the file is empty")
            .with_hint("add front matter with a `title`, then the answer, or delete the file"));
    }
    let split = front_matter::split(&text, path)?;
    let kind = if rel.rsplit('/').next() == Some(CATEGORY_FILE) {
        SourceKind::Category(front_matter::parse(&text, &split, path)?)
    } else {
        SourceKind::Entry(front_matter::parse(&text, &split, path)?)
    };
    Ok(Loaded::Markdown(Box::new(SourceFile { rel: rel.to_string(), path: path.to_path_buf(), text, split, kind })))
}
