//! `helpmark new`.

use super::{eprint, quiet};
use helpmark::cli::NewArgs;
use helpmark::new_entry::{create, NewEntry};

/// Writes a draft entry or starts a translation.
pub(crate) fn run(args: NewArgs, quiet_flag: bool) -> anyhow::Result<u8> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    let today = helpmark::shared::date::format_day(seconds);
    let path = create(&NewEntry {
        source: &args.source,
        title: args.title.as_deref(),
        category: args.category.as_deref(),
        lang: args.lang.as_deref(),
        from: args.from.as_deref(),
        slug: args.slug.as_deref(),
        today: &today,
    })?;
    let shown = path.strip_prefix(".").unwrap_or(&path).display().to_string();
    // The path alone on stdout, for scripts and editors (`$EDITOR "$(helpmark new …)"`).
    super::print(&format!("{shown}\n"));
    if !quiet(quiet_flag) {
        eprint("created a draft: `draft: true` keeps it off the site until you remove that line; `helpmark check` checks it with `--drafts`\n");
    }
    Ok(0)
}
