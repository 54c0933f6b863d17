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
    Build(BuildArgs),
    /// Search the help center from the terminal, with the same ranking as the site's search box.
    Search(SearchArgs),
    /// Rank questions by how often customers ask them, and list what the help center is
    /// missing: the questions most asked (per channel, weekly trend), unmatched complaints
    /// grouped into topics, and service standards (volume per channel, first-response times).
    /// Reads the logs named in `complaints:` of `helpmark.yaml`. Personal data (emails, phone,
    /// card and account numbers) is masked in every format.
    Report(ReportArgs),
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
}
