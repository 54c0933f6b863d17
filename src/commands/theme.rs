//! `helpmark theme eject`.

use super::{eprint, print, quiet};
use helpmark::cli::{ThemeAction, ThemeArgs};

/// Copies built-in theme files into the site's theme folder.
pub(crate) fn run(args: ThemeArgs, quiet_flag: bool) -> anyhow::Result<u8> {
    let ThemeAction::Eject { files, source, name } = args.action;
    // The theme the site uses already, if it names one: ejecting adds to it.
    let configured = std::fs::read_to_string(source.join(helpmark::config::FILE_NAME))
        .ok()
        .and_then(|text| serde_yaml::from_str::<serde_yaml::Value>(&text).ok())
        .and_then(|v| v.get("theme").and_then(|t| t.as_str()).map(String::from));
    let name = name.or_else(|| configured.clone()).unwrap_or_else(|| "custom".to_string());
    let done = helpmark::theme_eject::eject(&source, &name, &files)?;
    for path in &done.written {
        print(&format!("{}\n", path.display()));
    }
    // Not chatter: what was left alone and what is still to do are said even when quiet.
    for path in &done.kept {
        eprint(&format!("kept `{}`: it is there already\n", path.display()));
    }
    if configured.as_deref() != Some(name.as_str()) {
        eprint(&format!("add `theme: {name}` to `helpmark.yaml` to use `{}`\n", done.folder.display()));
    } else if !quiet(quiet_flag) {
        eprint(&format!("copied {} file(s) into `{}`\n", done.written.len(), done.folder.display()));
    }
    Ok(0)
}
