//! Ids helpmark chose because a file name is taken (`model::ids`): one info per entry, with
//! the `id:` line that pins it.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use std::collections::HashSet;

/// An info for each entry whose default id is qualified by its folder, once per entry (on its
/// file in the first language that has it).
pub fn qualified(model: &Model) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for language in &model.languages {
        for entry in &language.entries {
            let Some(other) = &entry.shares_name_with else { continue };
            if !seen.insert(entry.key.clone()) {
                continue;
            }
            let name = entry.key.rsplit('/').next().unwrap_or(&entry.key);
            out.push(
                Diagnostic::info(
                    Code::QualifiedId,
                    &entry.path,
                    Some(0..3),
                    format!("the id of this entry is `{}`: its file name `{name}` is also `{other}`'s", entry.id),
                )
                .with_hint(format!(
                    "pin it with `id: {}` in the front matter, so it stays when the other entry goes (ids are in URLs, logs and `related`)",
                    entry.id
                )),
            );
        }
    }
    out
}
