//! `helpmark init`.

use super::{eprint, quiet};
use std::path::Path;

/// Creates a new site in `dir`.
pub(crate) fn run(dir: &Path, quiet_flag: bool) -> anyhow::Result<u8> {
    let written = helpmark::init::create(dir)?;
    if !quiet(quiet_flag) {
        eprint(&format!(
            "created a help center with {written} files in `{dir}`; check it with `helpmark check --source {dir}` and build it with `helpmark build --source {dir}`; `{dir}/{}` publishes it on GitHub Pages\n",
            helpmark::init::WORKFLOW_PATH,
            dir = dir.display(),
        ));
    }
    Ok(0)
}
