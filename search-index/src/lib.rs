//! helpmark's shared search: analyzers, the static index format and the query engine.
//!
//! Compiled natively (the CLI and tests) and to `wasm32-unknown-unknown` (the browser client);
//! it must never depend on Tantivy. See `DESIGN.md` §3.
#![warn(missing_docs)]

pub mod analyzer;
pub mod query;
pub mod schema;

pub use analyzer::{analyzer_for, Analyzer, Language, Word};
pub use schema::SearchDoc;
