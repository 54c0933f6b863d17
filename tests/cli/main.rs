//! CLI integration tests: the real `helpmark` binary on fixture sites in `tests/fixtures/`.

// Test helpers are `pub` for their sibling modules; this crate exports nothing.
#![allow(unreachable_pub)]

mod aggregated;
mod build;
mod check;
mod contact_page;
mod diagnostics;
mod fallbacks;
mod feedback;
mod hostile;
mod init;
mod log_formats;
mod logs;
mod look;
mod match_model;
mod output_safety;
mod redirects;
mod report;
mod report_feedback;
mod search;
mod search_log;
mod seo;
mod serve;
mod small_site;
mod support;
mod theme;
mod validation;
