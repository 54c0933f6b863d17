//! The search contract: Tantivy (`helpmark::index`) and the native reader over the exported
//! static index return the same entries in the same order with the same scores; the exported
//! format stays readable (golden copy) and damaged files are errors, never panics.

// Test helpers are `pub` for their sibling modules; this crate exports nothing.
#![allow(unreachable_pub)]

mod contract;
mod corrupt;
mod fixtures;
mod golden;
mod support;
