//! The static search index: one definition, writer and reader side by side.
//!
//! Files of one language folder (`public/_search/<lang>/`), format version [`FORMAT_VERSION`]:
//! - `manifest.bin` (fixed name, fetched first): header, language, document count, per-field
//!   boost and token total (BM25 statistics), popularity weight and the non-zero quantised
//!   popularities, synonym groups, then per shard its first and last term, content hash and
//!   size, and per fragment file its document count, hash and size; a checksum ends it.
//! - `s-<hash>.bin` shards: a run of the sorted term dictionary (terms prefix-compressed),
//!   each term with its postings per field: doc delta, term frequency, field-norm id. Cut at
//!   about [`SHARD_TARGET_BYTES`], never inside a term, so a query fetches only the shards
//!   where its terms (or its prefix / typo ranges) sort.
//! - `f-<hash>.bin` fragments: id, URL, title, category and excerpt of consecutive documents,
//!   fetched only for results shown.
//!
//! All integers are LEB128 varints unless stated; strings are varint length + UTF-8; `<hash>`
//! is the hex of the first 6 bytes of the file's FNV-1a-64, checked on load. Readers return
//! [`FormatError`] on any inconsistency, never panic. A change to any of this is a new version
//! with its own golden copy under `tests/golden/`.

mod codec;
mod read;
mod write;

pub use read::{read_fragments, read_manifest, read_shard, FragmentRef, Manifest, Shard, ShardRef};
pub use write::{excerpt, write_index, ExportFile};

use crate::schema::NUM_FIELDS;

/// Version of the format written by [`write_index`] and read by [`read_manifest`].
pub const FORMAT_VERSION: u8 = 1;
/// Name of the manifest file.
pub const MANIFEST_FILE: &str = "manifest.bin";
/// A shard is closed once adding the next term would pass this size (a single large term
/// may exceed it).
pub const SHARD_TARGET_BYTES: usize = 6 * 1024;
/// Same bound for fragment files.
pub const FRAGMENT_TARGET_BYTES: usize = 8 * 1024;
/// Characters of the answer kept as the result excerpt.
pub const EXCERPT_CHARS: usize = 240;

pub(crate) const MANIFEST_MAGIC: &[u8; 4] = b"HMIX";
pub(crate) const SHARD_MAGIC: &[u8; 4] = b"HMSH";
pub(crate) const FRAGMENT_MAGIC: &[u8; 4] = b"HMFR";

/// One document's occurrence of a term in one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Occurrences of the term in the field.
    pub term_freq: u32,
    /// Tantivy field-norm id of the field in this document.
    pub fieldnorm_id: u8,
}

/// A term and its postings per field (in [`crate::schema::FIELDS`] order, sorted by doc).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermPostings {
    /// The index term.
    pub term: String,
    /// Postings per field; an empty list when the field lacks the term.
    pub fields: [Vec<Posting>; NUM_FIELDS],
}

/// BM25 statistics and boost of one field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldStats {
    /// Field name.
    pub name: String,
    /// Score multiplier.
    pub boost: f32,
    /// Tokens in this field over all documents (Tantivy's `total_num_tokens`).
    pub total_tokens: u64,
}

/// What a result shows: fetched only for results on screen.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Fragment {
    /// Entry id.
    pub id: String,
    /// Entry URL.
    pub url: String,
    /// Entry title.
    pub title: String,
    /// Category title.
    pub category: String,
    /// The first [`EXCERPT_CHARS`] characters of the answer.
    pub excerpt: String,
}

/// Everything the writer needs: statistics and postings read from Tantivy, plus fragments.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexData {
    /// Language code.
    pub lang: String,
    /// Number of documents.
    pub num_docs: u32,
    /// Per field, in [`crate::schema::FIELDS`] order.
    pub fields: Vec<FieldStats>,
    /// Quantised popularity per document.
    pub popularity: Vec<u8>,
    /// Popularity weight.
    pub popularity_weight: f32,
    /// Synonym groups as configured (re-analysed by the reader).
    pub synonyms: Vec<Vec<String>>,
    /// Every term with its postings, sorted by term (byte order), no duplicates.
    pub terms: Vec<TermPostings>,
    /// One fragment per document, in document order.
    pub fragments: Vec<Fragment>,
}

/// Why static index data could not be written or read.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes are not what the format says (truncated, corrupt, inconsistent).
    #[error("corrupt {what} at byte {offset}: {detail}")]
    Corrupt {
        /// Which file kind.
        what: &'static str,
        /// Byte offset where reading failed.
        offset: usize,
        /// What was wrong.
        detail: String,
    },
    /// Written by another format version.
    #[error("{what} has format version {found}, this reader reads version {expected}")]
    Version {
        /// Which file kind.
        what: &'static str,
        /// Version in the file.
        found: u8,
        /// Version this code reads.
        expected: u8,
    },
    /// The content does not match the hash the manifest gives for it.
    #[error("{what} content does not match its hash (stale or damaged download)")]
    HashMismatch {
        /// Which file kind.
        what: &'static str,
    },
    /// The data handed to the writer is inconsistent.
    #[error("invalid index data: {0}")]
    Invalid(String),
}
