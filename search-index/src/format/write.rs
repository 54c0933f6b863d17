//! The writer: turns [`IndexData`] into the manifest, shard, term-list page and fragment files.
//! Output is a pure function of the input (no timestamps, no randomness).

use super::codec::{file_name, name_hash, put_checksum, put_str, put_varint};
use super::{
    FieldStats, FormatError, Fragment, IndexData, TermPostings, BUCKET_FILES, EXCERPT_CHARS, FORMAT_VERSION,
    FRAGMENT_DOCS, FRAGMENT_MAGIC, HEAD_DOCS, MANIFEST_FILE, MANIFEST_MAGIC, PAGE_MAGIC, PAGE_TARGET_BYTES,
    SHARD_MAGIC, SHARD_TARGET_BYTES,
};
use crate::schema::NUM_FIELDS;

/// One file of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// File name inside the language folder.
    pub name: String,
    /// File content.
    pub bytes: Vec<u8>,
}

/// The first [`EXCERPT_CHARS`] characters of `text`, whitespace collapsed.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    // Stops at the limit: answers are long, the excerpt is short.
    for word in text.split_whitespace() {
        for c in (chars > 0).then_some(' ').into_iter().chain(word.chars()) {
            if chars == EXCERPT_CHARS {
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

pub(super) struct Packed {
    pub(super) first: String,
    /// The terms of a postings shard with their document frequency (summed over fields).
    pub(super) terms: Vec<(String, u64)>,
    pub(super) bytes: Vec<u8>,
}

/// A term-list page: the terms of shards `shards.start..shards.end`, with their frequencies.
struct Page {
    shards: std::ops::Range<usize>,
    packed: Packed,
}

/// Serialises the index: the manifest first, then shards, then fragment files.
pub fn write_index(data: &IndexData) -> Result<Vec<ExportFile>, FormatError> {
    validate(data)?;
    let shards = pack_shards(&data.terms);
    let pages = pack_pages(&shards);
    let fragments = pack_fragments(&data.fragments, FRAGMENT_DOCS, true);
    let heads = pack_fragments(&data.fragments, HEAD_DOCS, false);

    let head = ManifestHead {
        lang: &data.lang,
        num_docs: data.num_docs,
        fields: &data.fields,
        popularity_weight: data.popularity_weight,
        popularity: &data.popularity,
        synonyms: &data.synonyms,
    };
    let firsts: Vec<&str> = shards.iter().map(|s| s.first.as_str()).collect();
    let spans: Vec<usize> = pages.iter().map(|p| p.shards.len()).collect();
    let hashes = BucketHashes {
        shards: bucket_hashes(shards.iter()),
        pages: bucket_hashes(pages.iter().map(|p| &p.packed)),
        fragments: bucket_hashes(fragments.iter()),
    };
    let m = write_manifest(&head, &firsts, &spans, &hashes);
    let heads_hash = name_hash(&m);

    let mut files = vec![ExportFile { name: MANIFEST_FILE.to_string(), bytes: m }];
    let shard_count = shards.len();
    for (n, shard) in shards.into_iter().enumerate() {
        files.push(ExportFile { name: file_name("s", &hashes.shards[n / BUCKET_FILES], n), bytes: shard.bytes });
    }
    // Term-list pages are numbered after the shards (one numbering for every term file).
    for (k, page) in pages.into_iter().enumerate() {
        let name = file_name("t", &hashes.pages[k / BUCKET_FILES], shard_count + k);
        files.push(ExportFile { name, bytes: page.packed.bytes });
    }
    for (n, group) in fragments.into_iter().enumerate() {
        files.push(ExportFile { name: file_name("f", &hashes.fragments[n / BUCKET_FILES], n), bytes: group.bytes });
    }
    for (n, group) in heads.into_iter().enumerate() {
        files.push(ExportFile { name: file_name("h", &heads_hash, n), bytes: group.bytes });
    }
    Ok(files)
}

/// What the manifest says before its term files: the index's statistics and settings.
pub(super) struct ManifestHead<'a> {
    pub(super) lang: &'a str,
    pub(super) num_docs: u32,
    pub(super) fields: &'a [FieldStats],
    pub(super) popularity_weight: f32,
    /// Per document, dense.
    pub(super) popularity: &'a [u8],
    pub(super) synonyms: &'a [Vec<String>],
}

/// The name hashes of the buckets of each kind of file.
pub(super) struct BucketHashes {
    pub(super) shards: Vec<[u8; 4]>,
    pub(super) pages: Vec<[u8; 4]>,
    pub(super) fragments: Vec<[u8; 4]>,
}

/// The manifest: `head`, the shards' first terms, the shards each term-list page covers, and
/// the bucket hashes.
pub(super) fn write_manifest(
    head: &ManifestHead<'_>,
    firsts: &[&str],
    spans: &[usize],
    hashes: &BucketHashes,
) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(MANIFEST_MAGIC);
    m.push(FORMAT_VERSION);
    put_str(&mut m, head.lang);
    put_varint(&mut m, u64::from(head.num_docs));
    m.push(NUM_FIELDS as u8);
    for field in head.fields {
        put_str(&mut m, &field.name);
        m.extend_from_slice(&field.boost.to_le_bytes());
        put_varint(&mut m, field.total_tokens);
    }
    m.extend_from_slice(&head.popularity_weight.to_le_bytes());
    let nonzero: Vec<(usize, u8)> = head.popularity.iter().copied().enumerate().filter(|&(_, q)| q > 0).collect();
    put_varint(&mut m, nonzero.len() as u64);
    let mut previous = 0usize;
    for (doc, q) in nonzero {
        put_varint(&mut m, (doc - previous) as u64);
        m.push(q);
        previous = doc;
    }
    put_varint(&mut m, head.synonyms.len() as u64);
    for group in head.synonyms {
        put_varint(&mut m, group.len() as u64);
        for member in group {
            put_str(&mut m, member);
        }
    }
    put_varint(&mut m, firsts.len() as u64);
    let mut previous_first: &str = "";
    for first in firsts {
        put_prefixed(&mut m, previous_first, first);
        previous_first = first;
    }
    put_varint(&mut m, spans.len() as u64);
    for span in spans {
        put_varint(&mut m, *span as u64);
    }
    put_varint(&mut m, u64::from(FRAGMENT_DOCS));
    for hash in hashes.shards.iter().chain(&hashes.pages).chain(&hashes.fragments) {
        m.extend_from_slice(hash);
    }
    put_checksum(&mut m);
    m
}

/// One name hash per [`BUCKET_FILES`] consecutive files: the hash of their concatenation.
fn bucket_hashes<'a>(files: impl Iterator<Item = &'a Packed>) -> Vec<[u8; 4]> {
    let files: Vec<&[u8]> = files.map(|f| f.bytes.as_slice()).collect();
    files.chunks(BUCKET_FILES).map(bucket_hash).collect()
}

/// The name hash of one bucket of files.
pub(super) fn bucket_hash(bucket: &[&[u8]]) -> [u8; 4] {
    name_hash(&bucket.concat())
}

/// Groups consecutive shards' term lists into pages of about [`PAGE_TARGET_BYTES`].
fn pack_pages(shards: &[Packed]) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut packer = PagePacker::default();
    let mut start = 0;
    for (n, shard) in shards.iter().enumerate() {
        if let Some(bytes) = packer.push(&shard.terms, n + 1 == shards.len()) {
            let first = shards[start].first.clone();
            pages.push(Page { shards: start..n + 1, packed: Packed { first, terms: Vec::new(), bytes } });
            start = n + 1;
        }
    }
    pages
}

/// Packs term-list pages, shard after shard.
#[derive(Default)]
pub(super) struct PagePacker {
    body: Vec<u8>,
    count: usize,
    previous: String,
}

impl PagePacker {
    /// Adds the terms of the next shard; the page's bytes when this shard closes it: it brings
    /// the page to [`PAGE_TARGET_BYTES`], or it is the `last` shard.
    pub(super) fn push(&mut self, terms: &[(String, u64)], last: bool) -> Option<Vec<u8>> {
        for (term, df) in terms {
            put_prefixed(&mut self.body, &self.previous, term);
            put_varint(&mut self.body, *df);
            self.previous.clone_from(term);
            self.count += 1;
        }
        if self.body.len() < PAGE_TARGET_BYTES && !last {
            return None;
        }
        let mut bytes = Vec::with_capacity(self.body.len() + 12);
        bytes.extend_from_slice(PAGE_MAGIC);
        bytes.push(FORMAT_VERSION);
        put_varint(&mut bytes, self.count as u64);
        bytes.extend_from_slice(&self.body);
        put_checksum(&mut bytes);
        *self = PagePacker::default();
        Some(bytes)
    }
}

/// Appends `term` front-coded against `previous`: shared byte count, then the rest as a string.
fn put_prefixed(out: &mut Vec<u8>, previous: &str, term: &str) {
    let shared = common_prefix(previous.as_bytes(), term.as_bytes());
    put_varint(out, shared as u64);
    put_varint(out, (term.len() - shared) as u64);
    out.extend_from_slice(&term.as_bytes()[shared..]);
}

fn validate(data: &IndexData) -> Result<(), FormatError> {
    let invalid = |m: String| Err(FormatError::Invalid(m));
    if data.fields.len() != NUM_FIELDS {
        return invalid(format!("{} fields, expected {NUM_FIELDS}", data.fields.len()));
    }
    let n = data.num_docs as usize;
    if data.popularity.len() != n || data.fragments.len() != n {
        return invalid("popularity or fragments do not cover every document".to_string());
    }
    for pair in data.terms.windows(2) {
        if pair[0].term >= pair[1].term {
            return invalid(format!("terms not sorted at `{}`", pair[1].term));
        }
    }
    for entry in &data.terms {
        if entry.term.is_empty() || entry.fields.iter().all(Vec::is_empty) {
            return invalid(format!("term `{}` is empty or has no postings", entry.term));
        }
        for postings in &entry.fields {
            let sorted = postings.windows(2).all(|p| p[0].doc < p[1].doc);
            if !sorted || postings.iter().any(|p| p.doc >= data.num_docs || p.term_freq == 0) {
                return invalid(format!("bad postings for term `{}`", entry.term));
            }
        }
    }
    Ok(())
}

fn encode_term(out: &mut Vec<u8>, previous: &str, entry: &TermPostings) {
    put_prefixed(out, previous, &entry.term);
    let mut mask = 0u8;
    for (i, postings) in entry.fields.iter().enumerate() {
        if !postings.is_empty() {
            mask |= 1 << i;
        }
    }
    out.push(mask);
    // Column by column: deltas, frequencies and field norms each have their own small alphabet.
    for postings in entry.fields.iter().filter(|p| !p.is_empty()) {
        put_varint(out, postings.len() as u64);
        let mut previous_doc = 0u32;
        for (i, posting) in postings.iter().enumerate() {
            let delta = if i == 0 { posting.doc } else { posting.doc - previous_doc };
            put_varint(out, u64::from(delta));
            previous_doc = posting.doc;
        }
        for posting in postings {
            put_varint(out, u64::from(posting.term_freq));
        }
        out.extend(postings.iter().map(|p| p.fieldnorm_id));
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn pack_shards(terms: &[TermPostings]) -> Vec<Packed> {
    let mut packer = ShardPacker::default();
    let mut shards: Vec<Packed> = terms.iter().filter_map(|entry| packer.push(entry)).collect();
    shards.extend(packer.finish());
    shards
}

/// Packs postings shards, term after term: a shard is closed when the next term would take it
/// past [`SHARD_TARGET_BYTES`].
#[derive(Default)]
pub(super) struct ShardPacker {
    body: Vec<u8>,
    /// The open shard's terms with their document frequency (summed over fields).
    terms: Vec<(String, u64)>,
}

impl ShardPacker {
    /// Adds the next term; the shard it closed, if it did not fit.
    pub(super) fn push(&mut self, entry: &TermPostings) -> Option<Packed> {
        let mut encoded = Vec::new();
        encode_term(&mut encoded, self.terms.last().map_or("", |t| t.0.as_str()), entry);
        let closed = if self.body.len() + encoded.len() > SHARD_TARGET_BYTES { self.finish() } else { None };
        if closed.is_some() {
            encoded.clear();
            encode_term(&mut encoded, "", entry);
        }
        self.body.extend_from_slice(&encoded);
        self.terms.push((entry.term.clone(), entry.fields.iter().map(|p| p.len() as u64).sum()));
        closed
    }

    /// Whether `entry` would close the open shard rather than join it.
    pub(super) fn would_close(&self, entry: &TermPostings) -> bool {
        let mut encoded = Vec::new();
        encode_term(&mut encoded, self.terms.last().map_or("", |t| t.0.as_str()), entry);
        !self.terms.is_empty() && self.body.len() + encoded.len() > SHARD_TARGET_BYTES
    }

    /// The open shard, closed; `None` when it holds no term.
    pub(super) fn finish(&mut self) -> Option<Packed> {
        if self.terms.is_empty() {
            return None;
        }
        let terms = std::mem::take(&mut self.terms);
        let mut bytes = Vec::with_capacity(self.body.len() + 12);
        bytes.extend_from_slice(SHARD_MAGIC);
        bytes.push(FORMAT_VERSION);
        put_varint(&mut bytes, terms.len() as u64);
        bytes.extend_from_slice(&self.body);
        put_checksum(&mut bytes);
        self.body.clear();
        Some(Packed { first: terms[0].0.clone(), terms, bytes })
    }
}

/// Fragment files of `per_file` documents each; with `excerpts` false, head files (the same
/// layout, every excerpt empty).
fn pack_fragments(fragments: &[Fragment], per_file: u32, excerpts: bool) -> Vec<Packed> {
    fragments
        .chunks(per_file as usize)
        .enumerate()
        .map(|(n, group)| {
            let bytes = fragment_file(n as u64 * u64::from(per_file), group, excerpts);
            Packed { first: String::new(), terms: Vec::new(), bytes }
        })
        .collect()
}

/// One fragment file (a head file without `excerpts`): `group`, from document `first_doc` on.
pub(super) fn fragment_file(first_doc: u64, group: &[Fragment], excerpts: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(FRAGMENT_MAGIC);
    bytes.push(FORMAT_VERSION);
    put_varint(&mut bytes, first_doc);
    put_varint(&mut bytes, group.len() as u64);
    for f in group {
        let excerpt = if excerpts { f.excerpt.as_str() } else { "" };
        for s in [f.id.as_str(), &f.url, &f.title, &f.category, excerpt] {
            put_str(&mut bytes, s);
        }
    }
    put_checksum(&mut bytes);
    bytes
}
