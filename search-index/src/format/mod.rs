//! The static search index: one definition, writer and reader side by side.
//!
//! Files of one language folder (`public/_search/<lang>/`), format version [`FORMAT_VERSION`].
//! Only the manifest is fetched up front, so it holds only what every query needs:
//! - `manifest.bin` (fixed name, fetched first): header, language, document count, per-field
//!   boost and token total (BM25 statistics), popularity weight and the non-zero quantised
//!   popularities, synonym groups; the shards' first terms (front-coded against the previous
//!   one: a shard holds the terms from its first term up to the next shard's first term); per
//!   term-list page the number of shards it covers; the documents per fragment file; then one
//!   4-byte hash per bucket of [`BUCKET_FILES`] shards, pages, and fragment files. A checksum
//!   ends it.
//! - `s-<bucket hash>-<n>.bin` shard `n`: a run of the sorted term dictionary (terms
//!   prefix-compressed), each term with its postings per field, column by column (doc deltas,
//!   then term frequencies, then field-norm ids: each column compresses better alone). Cut at
//!   about [`SHARD_TARGET_BYTES`], never inside a term (a frequent term may be larger alone), so
//!   a query fetches only the shards where its terms sort.
//! - `t-<bucket hash>-<n>.bin` term-list page: the terms (front-coded) and document frequencies,
//!   without postings, of a run of consecutive shards, cut at about [`PAGE_TARGET_BYTES`]. Prefix
//!   and typo expansion read candidates from these pages, then fetch only the shards of the
//!   terms they chose (a typo in a `re…` word used to fetch every `re…` shard). Pages are
//!   numbered after the shards: both are "term files" of one numbering.
//! - `f-<bucket hash>-<n>.bin` fragment file `n`: id, URL, title, category and excerpt of
//!   [`FRAGMENT_DOCS`] consecutive documents (document `d` is in file `d / FRAGMENT_DOCS`),
//!   fetched only for results shown. Small files: ten results cost ten small downloads, not
//!   ten groups of twenty.
//! - `h-<manifest hash>-<n>.bin` head file `n`: a fragment file of [`HEAD_DOCS`] documents
//!   with empty excerpts, what the dropdown draws (titles), at a fifth of the bytes. Named by
//!   the hash of the whole manifest, which holds the fragment files' hashes and so changes
//!   with any head; the manifest itself is the same bytes as without head files.
//!
//! Names are content-hashed by bucket: `<bucket hash>` is the hash of the concatenated files of
//! its bucket, so a file's name changes whenever its content does (safe to cache forever) while
//! the manifest stores one hash per [`BUCKET_FILES`] files instead of one per file. Every file
//! ends with a checksum of its own bytes; a shard or page must hold terms from its manifest
//! range and a fragment file names its first document, all checked on load.
//!
//! All integers are LEB128 varints unless stated; strings are varint length + UTF-8; hashes are
//! FNV-1a-64 (the high 32 bits for names, the low 32 bits little-endian for checksums). Readers
//! return [`FormatError`] on any inconsistency, never panic. A change to any of this is a new
//! version with its own golden copy under `tests/golden/`. Version 1 (one hash and size per
//! file in the manifest, fragment files of about 8 KB) is no longer read.

mod codec;
mod patch;
mod read;
mod write;

pub(crate) use codec::push_decimal;
pub use patch::{patch_index, DocChanges, PatchedFile};
pub use read::{
    read_fragments, read_manifest, read_shard, read_term_list, FragmentRef, Manifest, Shard, ShardKind, ShardRef,
    TermList,
};
pub use write::{excerpt, write_index, ExportFile};

use crate::schema::NUM_FIELDS;

/// Version of the format written by [`write_index`] and read by [`read_manifest`].
pub const FORMAT_VERSION: u8 = 2;
/// Name of the manifest file.
pub const MANIFEST_FILE: &str = "manifest.bin";
/// A shard is closed once adding the next term would pass this size (a single large term
/// may exceed it).
pub const SHARD_TARGET_BYTES: usize = 6 * 1024;
/// A term-list page is closed after the shard that brings it to this size.
pub const PAGE_TARGET_BYTES: usize = 4 * 1024;
/// Documents per fragment file.
pub const FRAGMENT_DOCS: u32 = 2;
/// Documents per head file.
pub const HEAD_DOCS: u32 = 8;
/// Files (shards, or fragment files) sharing one hash in the manifest and in their names.
pub const BUCKET_FILES: usize = 32;
/// Characters of the answer kept in its fragment, the text from which the browser cuts the
/// passage around the matched words (`client::Client::excerpt`). Most answers fit whole; a
/// longer one loses its end, which is rarely where a question's words first meet.
pub const EXCERPT_CHARS: usize = 1500;

pub(crate) const MANIFEST_MAGIC: &[u8; 4] = b"HMIX";
pub(crate) const SHARD_MAGIC: &[u8; 4] = b"HMSH";
pub(crate) const FRAGMENT_MAGIC: &[u8; 4] = b"HMFR";
pub(crate) const PAGE_MAGIC: &[u8; 4] = b"HMTL";

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
