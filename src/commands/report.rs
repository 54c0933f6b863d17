//! `helpmark report`: the complaint ranking, content gaps and service standards, and with
//! `--stubs` draft entries for the largest content gaps.

use super::{eprint, print, quiet, EXIT_CONTENT};
use anyhow::Context;
use helpmark::cli::{ReportArgs, ReportFormat};
use helpmark::diagnostics::{render_human, Diagnostic};
use helpmark::rank::report::{self, Report, StubDraft};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Ranks the site's complaint logs and prints or writes the report.
pub(crate) fn run(args: ReportArgs, quiet_flag: bool) -> anyhow::Result<u8> {
    let started = Instant::now();
    let (model, warnings) = match helpmark::load_model(&args.source, None, false)? {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprint(&render_human(&diagnostics));
            return Ok(EXIT_CONTENT);
        }
    };
    if model.config.complaints.sources.is_empty() {
        anyhow::bail!(
            "`helpmark.yaml` names no complaint logs; add them under `complaints: sources:` (see the README)"
        );
    }
    let target = match (args.format, &args.output) {
        (_, Some(path)) => Some(path.clone()),
        (ReportFormat::Html, None) => Some(args.source.join("reports").join("complaints.html")),
        _ => None,
    };
    if let Some(path) = &target {
        refuse_public(&args.source, path)?;
    }
    let indexed = Instant::now();
    // When each entry last changed, for the before and after of a change.
    let history = helpmark::shared::git::History::read(&args.source);
    let (indexes, ranking, problems) = helpmark::rank_model(&model, &args.source, args.strict, Some(&history))?;
    drop(indexes);
    let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(problems).collect();
    helpmark::diagnostics::sort(&mut diagnostics);
    eprint(&render_human(&diagnostics));
    if diagnostics.iter().any(Diagnostic::is_error) {
        let what =
            if diagnostics.iter().any(|d| d.is_error() && d.code == helpmark::diagnostics::Code::InvalidComplaintRow) {
                "the complaint logs have bad rows (`--strict`)"
            } else {
                "see the errors above"
            };
        eprint(&format!("report failed: {what}; nothing was written\n"));
        return Ok(EXIT_CONTENT);
    }
    let data = Report::new(&ranking, &model, &args.source);
    let text = match args.format {
        ReportFormat::Table => report::to_table(&data),
        ReportFormat::Json => report::to_json(&data),
        ReportFormat::Html => report::to_html(&data),
        ReportFormat::Csv => report::to_csv(&data),
    };
    match &target {
        Some(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
            }
            std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        None => print(&text),
    }
    if let Some(limit) = args.stubs {
        write_stubs(&args.source, &model, report::stub_drafts(&data, &model, limit))?;
    }
    if !quiet(quiet_flag) {
        let s = &ranking.summary;
        let seconds = indexed.elapsed().as_secs_f64();
        let written = target.map(|p| format!(" → {}", p.display())).unwrap_or_default();
        eprint(&format!(
            "ranked {} rows ({} distinct texts) in {:.0} ms, {:.0} rows/s; {} ms in all{written}\n",
            s.rows,
            s.distinct_texts,
            seconds * 1000.0,
            s.rows as f64 / seconds.max(1e-9),
            started.elapsed().as_millis()
        ));
    }
    Ok(0)
}

/// Writes each draft as `content/<lang>/<category>/<slug>.md` (without the language folder on
/// a one-language site that has none), never over a file: a draft of the same question there
/// already is skipped, another file or an id the language uses already gets `-2`, `-3`, ….
fn write_stubs(source: &Path, model: &helpmark::model::Model, drafts: Vec<StubDraft>) -> anyhow::Result<()> {
    if drafts.is_empty() {
        eprint("--stubs: no content gap to draft\n");
    }
    for draft in drafts {
        let content = source.join("content");
        let language_root = if content.join(&draft.lang).is_dir() || model.config.languages.len() > 1 {
            content.join(&draft.lang)
        } else {
            content.clone()
        };
        let dir = language_root.join(&draft.category);
        // Ids in use in the language: published entries', and every file name (drafts too).
        let mut taken: std::collections::HashSet<String> = model
            .languages
            .iter()
            .filter(|l| l.code == draft.lang)
            .flat_map(|l| l.entries.iter().map(|e| e.id.clone()))
            .collect();
        taken.extend(
            walkdir::WalkDir::new(&language_root)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|f| f.path().extension().is_some_and(|x| x == "md"))
                .filter_map(|f| f.path().file_stem().and_then(|s| s.to_str()).map(String::from)),
        );
        let title_line = draft.text.lines().nth(1).unwrap_or_default().to_string();
        let mut written: Option<PathBuf> = None;
        let mut already: Option<PathBuf> = None;
        for n in 1..=20 {
            let slug = if n == 1 { draft.slug.clone() } else { format!("{}-{n}", draft.slug) };
            let path = dir.join(format!("{slug}.md"));
            if path.exists() {
                let same = std::fs::read_to_string(&path).is_ok_and(|t| t.lines().any(|l| l == title_line));
                if same {
                    already = Some(path);
                    break;
                }
                continue;
            }
            if taken.contains(&slug) {
                continue;
            }
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
            // `create_new`: a file that appeared meanwhile is never overwritten.
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    file.write_all(draft.text.as_bytes())
                        .with_context(|| format!("cannot write `{}`", path.display()))?;
                    written = Some(path);
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e).with_context(|| format!("cannot write `{}`", path.display())),
            }
        }
        let shown = |p: &Path| p.strip_prefix(source).unwrap_or(p).display().to_string();
        match (written, already) {
            (Some(path), _) => {
                eprint(&format!("drafted `{}`: \"{}\" ({} complaints)\n", shown(&path), draft.title, draft.size))
            }
            (None, Some(path)) => {
                eprint(&format!("skipped \"{}\": `{}` holds this draft already\n", draft.title, shown(&path)))
            }
            (None, None) => eprint(&format!(
                "skipped \"{}\": every name from `{}` to `{}-20` in `{}` is taken\n",
                draft.title,
                draft.slug,
                draft.slug,
                shown(&dir)
            )),
        }
    }
    Ok(())
}

/// Complaint text must never be published: refuse a report path inside the site's `public/`, or
/// inside `content/` and `themes/`, which the next build publishes.
fn refuse_public(source: &Path, path: &Path) -> anyhow::Result<()> {
    for folder in ["public", "content", "themes"] {
        if helpmark::shared::paths::is_within(path, &source.join(folder)) {
            anyhow::bail!(
                "`{}` is inside `{folder}/`, which is published; complaint reports go elsewhere (the default is `reports/`)",
                path.display()
            );
        }
    }
    Ok(())
}
