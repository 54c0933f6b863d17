//! The theme: the built-in files embedded in the binary through one path → bytes table, and a
//! site's `themes/<name>/` folder that replaces them file by file (by relative path).

use crate::diagnostics::{Code, Diagnostic};
use crate::load::yaml;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the built-in theme, by path relative to `themes/default/`.
const BUILTIN: &[(&str, &[u8])] = builtin!(
    "templates/base.html",
    "templates/home.html",
    "templates/category.html",
    "templates/entry.html",
    "templates/contact.html",
    "templates/search.html",
    "templates/404.html",
    "templates/partials/contact.html",
    "templates/partials/entry-list.html",
    "templates/partials/feedback.html",
    "templates/partials/search-form.html",
    "strings/en.yaml",
    "strings/hi.yaml",
    "strings/tr.yaml",
    "static/style.css",
    "static/favicon.svg",
    "static/phone.svg",
    "static/search/helpmark-search.js",
    "static/search/search-page.js",
    "static/feedback.js",
    "static/contact.js",
    "static/search/helpmark-search.wasm",
);

/// Every file of the built-in theme as (path relative to `themes/default/`, bytes), for
/// `helpmark theme eject`.
pub fn builtin_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    BUILTIN.iter().copied()
}

/// The files of the theme in use, built-in ones replaced by the site's where it has them.
/// Strings files are the exception: a site's `strings/<lang>.yaml` overrides the built-in one
/// key by key, so a theme that changes one text does not lose every other.
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Cow<'static, [u8]>>,
    /// The site's own strings files, by the same paths (`strings/en.yaml`).
    site_strings: BTreeMap<String, Vec<u8>>,
}

/// UI strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

impl Theme {
    /// The built-in theme overridden by `site/themes/<name>/` when `name` is given.
    pub fn load(site: &Path, display_site: &Path, name: Option<&str>) -> Result<Theme, Diagnostic> {
        let mut files: BTreeMap<String, Cow<'static, [u8]>> =
            BUILTIN.iter().map(|(p, b)| (p.to_string(), Cow::Borrowed(*b))).collect();
        let mut site_strings = BTreeMap::new();
        let Some(name) = name else { return Ok(Theme { files, site_strings }) };
        let folder = site.join("themes").join(name);
        if !folder.is_dir() {
            return Err(Diagnostic::error(
                Code::InvalidConfig,
                display_site.join(crate::config::FILE_NAME),
                None,
                format!("theme folder `themes/{name}` does not exist"),
            )
            .with_hint(
                "create it with the files you want to replace, like `templates/base.html`, or remove `theme:`",
            ));
        }
        for item in walkdir::WalkDir::new(&folder).sort_by_file_name() {
            let item = item.map_err(|e| {
                Diagnostic::error(
                    Code::WalkError,
                    display_site.join("themes").join(name),
                    None,
                    format!("cannot read the theme: {e}"),
                )
            })?;
            if !item.file_type().is_file() {
                continue;
            }
            let rel = item.path().strip_prefix(&folder).expect("walkdir yields paths under its root");
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let bytes = std::fs::read(item.path()).map_err(|e| {
                Diagnostic::error(
                    Code::WalkError,
                    display_site.join("themes").join(name).join(rel),
                    None,
                    format!("cannot read: {e}"),
                )
            })?;
            if key.starts_with("strings/") {
                site_strings.insert(key, bytes);
            } else {
                files.insert(key, Cow::Owned(bytes));
            }
        }
        Ok(Theme { files, site_strings })
    }

    /// The text of one file of the theme (`templates/entry.html`), if it has it.
    pub(crate) fn file_text(&self, rel: &str) -> Option<String> {
        self.files.get(rel).map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// Whether the site's theme folder provides `rel` (rather than the built-in theme).
    pub(crate) fn is_site_file(&self, rel: &str) -> bool {
        matches!(self.files.get(rel), Some(Cow::Owned(_))) || self.site_strings.contains_key(rel)
    }

    /// Templates as (name relative to `templates/`, text).
    pub fn templates(&self) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
        self.files.iter().filter_map(|(path, bytes)| {
            path.strip_prefix("templates/").map(|name| (name, String::from_utf8_lossy(bytes)))
        })
    }

    /// Static files as (path relative to `static/`, bytes).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(path, bytes)| path.strip_prefix("static/").map(|name| (name, bytes.as_ref())))
    }

    /// UI strings for `lang`, layered key by key: the built-in English, the site's English,
    /// then (for another language) the built-in strings of `lang` and the site's. English
    /// fills any key a language lacks.
    pub fn strings(&self, lang: &str, display_site: &Path) -> Result<Strings, Diagnostic> {
        let mut strings = Strings::new();
        self.layer(&mut strings, "en", display_site)?;
        if lang != "en" {
            // English fills missing UI text, but a language must never call itself "English".
            strings.insert("language_name".to_string(), lang.to_string());
            self.layer(&mut strings, lang, display_site)?;
        }
        Ok(strings)
    }

    /// Adds the built-in strings of `lang`, then the site's over them.
    fn layer(&self, strings: &mut Strings, lang: &str, display_site: &Path) -> Result<(), Diagnostic> {
        let key = format!("strings/{lang}.yaml");
        if let Some(bytes) = self.files.get(&key) {
            strings.extend(parse_strings(bytes, &Path::new("(built-in theme)").join(&key))?);
        }
        if let Some(bytes) = self.site_strings.get(&key) {
            strings.extend(parse_strings(bytes, &display_site.join("themes").join(&key))?);
        }
        Ok(())
    }
}

fn parse_strings(bytes: &[u8], path: &Path) -> Result<Strings, Diagnostic> {
    let text = String::from_utf8_lossy(bytes);
    yaml::parse(&text, 0, text.len(), path)
}
