//! `helpmark serve`.

use super::{eprint, quiet};
use helpmark::cli::ServeArgs;
use helpmark::diagnostics::{render_human, Severity};
use helpmark::produce::SiteOptions;
use helpmark::serve::{Event, ServeOptions};
use std::sync::Arc;

/// Serves the preview until Ctrl-C, printing what happens on stderr. The `serving <url>` line
/// is printed even with `--quiet`: it is how a script finds the port.
pub(crate) fn run(args: ServeArgs, quiet_flag: bool) -> anyhow::Result<u8> {
    crate::purge_freed_memory_sooner();
    let options = ServeOptions {
        site: SiteOptions {
            source: args.source,
            base_url: None,
            drafts: args.drafts,
            strict: args.strict,
            deny_warnings: false,
        },
        port: args.port,
        open: args.open,
        release_memory: crate::release_memory,
    };
    let quiet = quiet(quiet_flag);
    let report = move |event: Event<'_>| match event {
        Event::Serving { url, instead_of } => {
            if let Some(port) = instead_of {
                eprint(&format!("port {port} is in use, so the preview uses another (choose one with `--port N`)\n"));
            }
            eprint(&format!("serving {url}\n"));
            if !quiet {
                eprint("watching content/, themes/, helpmark.yaml and the complaint logs; Ctrl-C stops\n");
            }
        }
        Event::Produced { millis, files, changed, warnings, first } => {
            if !warnings.is_empty() {
                eprint(&render_human(warnings));
            }
            if !quiet {
                if first {
                    eprint(&format!("built {files} files in memory in {millis} ms\n"));
                } else {
                    eprint(&format!("rebuilt in {millis} ms: {changed} of {files} files changed\n"));
                }
            }
        }
        Event::PageFirst { millis, changed } => {
            if !quiet {
                eprint(&format!("changed pages served in {millis} ms ({changed} files); rebuilding the rest\n"));
            }
        }
        Event::Failed { diagnostics } => {
            eprint(&render_human(diagnostics));
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            eprint(&format!(
                "{errors} error{}: the preview keeps the last version that built, and lists the problems on every page\n",
                if errors == 1 { "" } else { "s" }
            ));
        }
        Event::CannotOpen(why) => eprint(&format!("cannot open a browser ({why}); open the address above\n")),
        Event::Stopped => {
            if !quiet {
                eprint("stopped; nothing was written\n");
            }
        }
    };
    helpmark::serve::run(&options, Arc::new(report))?;
    Ok(0)
}
