//! `helpmark report`: the complaint ranking, content gaps and service standards.

use super::{eprint, print, quiet, EXIT_CONTENT};
use anyhow::Context;
use helpmark::cli::{ReportArgs, ReportFormat};
use helpmark::diagnostics::{render_human, Diagnostic};
use helpmark::rank::report;
use std::path::Path;
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
    let (ranking, problems) = helpmark::rank_model(&model, &args.source, args.strict)?;
    let mut diagnostics: Vec<Diagnostic> = warnings.into_iter().chain(problems).collect();
    helpmark::diagnostics::sort(&mut diagnostics);
    eprint(&render_human(&diagnostics));
    if diagnostics.iter().any(Diagnostic::is_error) {
        eprint("report failed: the complaint logs have bad rows (`--strict`); nothing was written\n");
        return Ok(EXIT_CONTENT);
    }
    let text = match args.format {
        ReportFormat::Table => report::to_table(&ranking),
        ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report::to_json(&ranking))?),
        ReportFormat::Html => {
            let title = model.config.title.get(model.config.default_language(), model.config.default_language());
            report::to_html(&ranking, &title)
        }
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
