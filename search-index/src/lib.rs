//! helpmark's shared search: analyzers, the static index format and the query engine.
//!
//! Compiled natively (the CLI and tests) and to `wasm32-unknown-unknown` (the browser client);
//! it must never depend on Tantivy. See `DESIGN.md` §3.
#![warn(missing_docs)]

pub mod analyzer;
pub mod client;
pub mod excerpt;
pub mod format;
pub mod query;
pub mod reader;
pub mod schema;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyzer::{analyzer_for, Analyzer, Language, Word};
pub use reader::StaticIndex;
pub use schema::SearchDoc;
