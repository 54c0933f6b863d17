//! Translations: which entries of the default language a language has no translation of (one
//! diagnostic per language, with the command that starts one), which translations are older
//! than their original, and which categories keep the default language's title.
//!
//! A translation is stale when its original changed after it was translated:
//! - with `translated_from: {hash: …}` (written by `helpmark new --from`), when the original's
//!   [`content_hash`] is no longer that hash; a matching hash says the translation is current,
//!   whatever the dates;
//! - otherwise when the original's `updated` is later than the translation's
//!   `translated_from.updated` (or else its own `updated`),
//! - or, in a git repository, when the original was last committed after the translation.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::front_matter;
use crate::load::{SourceFile, SourceKind, CATEGORY_FILE};
use crate::model::Model;
use crate::shared::date::{format_day, parse_day};
use crate::shared::git::History;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// How many missing entries a diagnostic names before it says "and N more".
const LISTED: usize = 8;

/// The content hash of an entry: its title and its body (line ends and the space around them
/// normalised), FNV-1a 64, as 16 hex digits. Front matter other than the title (order, tags,
/// dates) does not change it: a translator has nothing to redo for those.
pub fn content_hash(title: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in title.trim().bytes().chain([b'\n']).chain(body.trim().bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The content hash of an entry file ([`content_hash`]).
pub fn file_hash(file: &SourceFile) -> Option<String> {
    let SourceKind::Entry(meta) = &file.kind else { return None };
    Some(content_hash(meta.title.as_deref().unwrap_or(""), &file.text[file.split.body.clone()]))
}

/// Every translation finding of the site. `files` are the parsed files (paths from `content/`),
/// `site` the site folder as shown.
pub fn check(model: &Model, files: &[SourceFile], site: &Path, history: &History) -> Vec<Diagnostic> {
    let languages = &model.config.languages;
    let default = model.config.default_language();
    // (language, path inside it) → file.
    let mut by_place: BTreeMap<(&str, &str), &SourceFile> = BTreeMap::new();
    for file in files {
        if let Some((lang, rest)) = file.rel.split_once('/') {
            if languages.iter().any(|l| l == lang) {
                by_place.insert((lang, rest), file);
            }
        }
    }
    let mut out = Vec::new();
    let Some(originals) = model.languages.iter().find(|l| l.code == default) else { return out };
    for language in model.languages.iter().filter(|l| l.code != default) {
        let code = language.code.as_str();
        let missing: Vec<&str> = originals
            .entries
            .iter()
            .map(|e| e.key.as_str())
            .filter(|key| !by_place.contains_key(&(code, format!("{key}.md").as_str())))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            out.push(missing_translations(site, default, code, &missing, originals.entries.len()));
        }
        for entry in &language.entries {
            let rel = format!("{}.md", entry.key);
            let (Some(original), Some(translation)) =
                (by_place.get(&(default, rel.as_str())), by_place.get(&(code, rel.as_str())))
            else {
                continue;
            };
            if let Some(d) = stale(original, translation, default, history) {
                out.push(d);
            }
        }
        for category in &language.categories {
            let rel = format!("{}/{CATEGORY_FILE}", category.slug);
            if by_place.contains_key(&(code, rel.as_str())) {
                continue;
            }
            let folder = site.join("content").join(code).join(&category.slug);
            let mut d = Diagnostic::warning(
                Code::UntranslatedCategory,
                &folder,
                None,
                format!(
                    "category `{}` has entries in `{code}` but no `{code}` title: its pages show `{}`",
                    category.slug, category.title
                ),
            );
            d = match by_place.get(&(default, rel.as_str())) {
                Some(original) => d.with_hint(format!(
                    "copy `{}` to `{}` and translate its `title` and `description`",
                    original.path.display(),
                    folder.join(CATEGORY_FILE).display()
                )),
                None => d.with_hint(format!("add `{}` with a `title:`", folder.join(CATEGORY_FILE).display())),
            };
            out.push(d);
        }
    }
    out
}

fn missing_translations(site: &Path, default: &str, code: &str, missing: &[&str], of: usize) -> Diagnostic {
    let folder = site.join("content").join(code);
    let mut listed: Vec<String> = missing.iter().take(LISTED).map(|k| format!("`{k}`")).collect();
    if missing.len() > LISTED {
        listed.push(format!("and {} more", missing.len() - LISTED));
    }
    let message = if missing.len() == of {
        format!("`{code}` has no translation yet of any of the {of} entries of `{default}`")
    } else {
        format!(
            "`{code}` has no translation of {} of the {of} entries of `{default}`: {}",
            missing.len(),
            listed.join(", ")
        )
    };
    Diagnostic::info(Code::MissingTranslation, folder, None, message).with_hint(format!(
        "`helpmark new --lang {code} --from {default}/{}.md` starts one (same path, under `content/{code}/`)",
        missing[0]
    ))
}

/// Whether `translation` is older than `original`, and why.
fn stale(original: &SourceFile, translation: &SourceFile, default: &str, history: &History) -> Option<Diagnostic> {
    let (SourceKind::Entry(source), SourceKind::Entry(meta)) = (&original.kind, &translation.kind) else {
        return None;
    };
    let now = file_hash(original)?;
    let from = meta.translated_from.clone().unwrap_or_default();
    let place = |key: &str| Some(front_matter::key_span(&translation.text, &translation.split, key));
    let record = match &source.updated {
        Some(updated) => format!("{{updated: {updated}, hash: {now}}}"),
        None => format!("{{hash: {now}}}"),
    };
    let redo = |what: String| {
        format!(
            "bring it up to date with `{}`, then set `translated_from:` to `{record}`{what}",
            original.path.display(),
        )
    };
    let warn = |span, message: String| {
        Diagnostic::warning(Code::StaleTranslation, &translation.path, span, message).with_related(
            &original.path,
            None,
            format!("the `{default}` original"),
        )
    };
    if let Some(hash) = &from.hash {
        if *hash == now {
            return None;
        }
        return Some(
            warn(
                place("translated_from"),
                format!(
                    "the `{default}` original changed since this was translated (its hash was `{hash}`, is `{now}`)"
                ),
            )
            .with_hint(redo(String::new())),
        );
    }
    let day = |d: &Option<String>| d.as_deref().and_then(parse_day);
    let base = day(&from.updated).or_else(|| day(&meta.updated));
    if let (Some(changed), Some(translated)) = (day(&source.updated), base) {
        if changed > translated {
            let key = if from.updated.is_some() { "translated_from" } else { "updated" };
            return Some(
                warn(
                    place(key),
                    format!(
                        "the `{default}` original was updated on {}, after this translation ({})",
                        format_day(changed),
                        format_day(translated)
                    ),
                )
                .with_hint(redo(String::new())),
            );
        }
    }
    let committed = |file: &SourceFile| history.last_commit(&format!("content/{}", file.rel));
    if let (Some(changed), Some(translated)) = (committed(original), committed(translation)) {
        if changed > translated {
            return Some(
                warn(
                    None,
                    format!(
                        "the `{default}` original was last committed on {}, after this translation ({})",
                        format_day(changed),
                        format_day(translated)
                    ),
                )
                .with_hint(redo(" (which tells this check the translation is current)".into())),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_line_ends_and_surrounding_space() {
        let a = content_hash("How?", "Like this.\n\nAnd so.\n");
        assert_eq!(a, content_hash(" How? ", "\r\nLike this.\r\n\r\nAnd so.\r\n"));
        assert_ne!(a, content_hash("How?", "Like that.\n"));
        assert_eq!(a.len(), 16);
    }
}
