//! Command-line interface (clap derive). Each doc comment is the `--help` text.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// helpmark turns a folder of Markdown FAQ entries into a fast, static, searchable help center.
#[derive(Debug, Parser)]
#[command(name = "helpmark", version, about, long_about = None)]
pub struct Cli {
    /// Print nothing but errors and warnings (also the default when the `CI` variable is set).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new help center that builds as it is.
    Init {
        /// Folder to create the site in (created if missing; must not already hold a site).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build the static site.
    ///
    /// Exit codes: 0 built (warnings allowed, unless `--deny warnings`), 1 the content has
    /// errors and nothing was written (every error is listed, with file, line, column and a
    /// hint), 2 usage or I/O failure.
    Build(BuildArgs),
    /// Preview the help center while you write: builds it in memory, serves it on 127.0.0.1,
    /// and builds again whenever `content/`, `themes/`, `helpmark.yaml` or a complaint log
    /// changes; open pages reload, and an edit with errors keeps the last good version on
    /// screen with every problem listed over it. Writes nothing to disk. Ctrl-C stops it.
    Serve(ServeArgs),
    /// Check the help center without writing anything: every diagnostic of a build, all in one
    /// run, plus broken links, images and attachments, `#anchors` that name no heading, links to
    /// `.html` pages instead of `.md` files, images without alt text, empty answers,
    /// near-duplicate questions, missing, stale and untranslated translations, and ids helpmark
    /// chose.
    ///
    /// Exit codes: 0 no errors (warnings and infos allowed, unless `--deny warnings`), 1 the
    /// content has errors, 2 usage or I/O failure.
    Check(CheckArgs),
    /// Write a draft entry (or, with `--from`, start a translation of one) with its front
    /// matter, at `content/<lang>/<category>/<slug>.md`; never overwrites a file.
    New(NewArgs),
    /// Search the help center from the terminal, with the same ranking as the site's search box.
    Search(SearchArgs),
    /// Rank questions by how often customers ask them, and list what the help center is
    /// missing: the questions most asked (per channel, weekly trend), unmatched complaints
    /// grouped into topics, and service standards (volume per channel, first-response times).
    /// Reads the logs named in `complaints:` of `helpmark.yaml`. Personal data (emails, phone,
    /// card and account numbers) is masked in every format.
    Report(ReportArgs),
    /// Work on the site's theme: `helpmark theme eject` copies built-in files into
    /// `themes/<name>/` for a designer to change.
    Theme(ThemeArgs),
}

/// Options of `helpmark theme`.
#[derive(Debug, clap::Args)]
pub struct ThemeArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ThemeAction,
}

/// What `helpmark theme` does.
#[derive(Debug, clap::Subcommand)]
pub enum ThemeAction {
    /// Copy built-in theme files into `themes/<name>/`, where they replace the built-in ones:
    /// every template without FILE, else the files named (`templates/entry.html`,
    /// `static/style.css`, `strings/tr.yaml`). Never overwrites a file.
    Eject {
        /// Files of the built-in theme, by their path in it.
        files: Vec<String>,
        /// The site folder: the one holding `helpmark.yaml`.
        #[arg(long, short, default_value = ".")]
        source: PathBuf,
        /// The theme folder's name; default: `theme:` of `helpmark.yaml`, else `custom`.
        #[arg(long)]
        name: Option<String>,
    },
}

/// Output format of `helpmark report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A plain-text report on the terminal.
    Table,
    /// JSON, for scripts and dashboards.
    Json,
    /// A self-contained HTML page, written to `reports/complaints.html` in the site folder
    /// (never inside `public/`).
    Html,
    /// CSV for spreadsheets: the most-asked table, one row per entry (rank, id, key, title,
    /// url, source, popularity, count, last_30_days, a `channel:<name>` column per channel and
    /// a `week:<Monday>` column per trend week).
    Csv,
}

/// Options of `helpmark report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The site folder: the one holding `helpmark.yaml` and `content/`.
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the report to this file instead of the terminal (or instead of
    /// `reports/complaints.html` for `--format html`). Refused inside `public/`, `content/`
    /// and `themes/`, which are published.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Treat bad rows in the logs (malformed, bad date, unknown id or language) as errors:
    /// exit 1 and write nothing.
    #[arg(long)]
    pub strict: bool,
    /// Also write a draft entry (`draft: true`) for each of the N largest content gaps (5
    /// without a number) into `content/<lang>/<category>/`: the suggested question as its
    /// title and how customers asked (masked) as comments, for an editor to finish. Never
    /// overwrites a file: a taken name gets a number, a draft already there is skipped.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "5")]
    pub stubs: Option<usize>,
}

/// Options of `helpmark search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What a customer would type, e.g. "where is my refund".
    pub query: String,
    /// The site folder: the one holding `helpmark.yaml` and `content/`.
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Language to search in (a code from `languages`); defaults to the first language.
    #[arg(long)]
    pub lang: Option<String>,
    /// How many results to show at most.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print the results as JSON (id, title, url, score) instead of a list.
    #[arg(long)]
    pub json: bool,
    /// Treat the last word as the start of a word, as the search box does while you type.
    #[arg(long)]
    pub prefix: bool,
}

/// How `build` and `check` print diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// For people, in the style of rustc, on stderr.
    Human,
    /// One JSON document on stdout (its shape is in the README).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…::…`) on stdout.
    Github,
}

/// What `--deny` turns into errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Every warning.
    Warnings,
}

/// Options of `build` and `check` about their diagnostics.
#[derive(Debug, Clone, clap::Args)]
pub struct DiagnosticArgs {
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// `--deny warnings`: treat warnings as errors (exit 1; `build` then writes nothing).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
}

/// Options of `helpmark check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder: the one holding `helpmark.yaml` and `content/`.
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Check drafts as if they were published.
    #[arg(long)]
    pub drafts: bool,
    /// Treat bad rows in the complaint logs as errors instead of warnings.
    #[arg(long)]
    pub strict: bool,
    /// Output format and `--deny`.
    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

/// Options of `helpmark new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The question, in the customer's words ("How do I change my delivery address?"). With
    /// `--from`, defaults to the source's title, to be translated.
    pub title: Option<String>,
    /// The category folder (`orders`); with `--from`, the source's.
    #[arg(long, short)]
    pub category: Option<String>,
    /// Language of the entry (a code from `languages`); defaults to the first language.
    #[arg(long)]
    pub lang: Option<String>,
    /// Start a translation of this entry (`en/orders/change-address.md`, relative to
    /// `content/`): same path in `--lang`, its body to translate, and `translated_from:`
    /// recording the source's `updated` and hash for `helpmark check`'s staleness check.
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// The file name without `.md`; default: made from the title.
    #[arg(long)]
    pub slug: Option<String>,
    /// The site folder: the one holding `helpmark.yaml` and `content/`.
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
}

/// Options of `helpmark serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder: the one holding `helpmark.yaml` and `content/`.
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Port on 127.0.0.1; `0` picks any free port. Without it, the first free port from 8000.
    #[arg(long, short)]
    pub port: Option<u16>,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Show entries marked `draft: true`, with a "draft" banner (never in the sitemap or feed).
    #[arg(long)]
    pub drafts: bool,
    /// Treat bad rows in the complaint logs as errors instead of warnings.
    #[arg(long)]
    pub strict: bool,
}

/// Options of `helpmark build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder: the one holding `helpmark.yaml` and `content/`.
    #[arg(long, short, default_value = ".")]
    pub source: PathBuf,
    /// Where to write the site. Replaced as a whole, and only once the new site is complete.
    /// Defaults to `public/` inside the site folder.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Absolute URL the site will be served from (overrides `base_url` in `helpmark.yaml`);
    /// used for canonical links, the sitemap and the feed.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also publish entries marked `draft: true` (for previews, never for production).
    #[arg(long)]
    pub drafts: bool,
    /// Treat bad rows in the complaint logs as errors (the build fails and writes nothing)
    /// instead of warnings (skipped and counted).
    #[arg(long)]
    pub strict: bool,
    /// Replace the output folder even if helpmark did not write it (it has no `.helpmark-output`
    /// marker). Never needed for a folder an earlier build wrote, or an empty one.
    #[arg(long)]
    pub force: bool,
    /// Output format and `--deny`.
    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}
