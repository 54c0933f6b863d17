//! The reader: parses and checks the manifest, shards and fragment files written by
//! [`super::write_index`]. Every length is bounds-checked; damage yields [`FormatError`].

use super::codec::{content_hash, fnv1a, Cursor};
use super::write::{fragment_file_name, shard_file_name};
use super::{
    FieldStats, FormatError, Fragment, Posting, TermPostings, FORMAT_VERSION, FRAGMENT_MAGIC, MANIFEST_MAGIC,
    SHARD_MAGIC,
};
use crate::schema::NUM_FIELDS;

/// Largest document count a manifest may declare (bounds the popularity table allocation).
const MAX_DOCS: u32 = 1 << 24;

/// Where a shard's terms sort and how to fetch it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardRef {
    /// First term in the shard.
    pub first: String,
    /// Last term in the shard.
    pub last: String,
    /// Content hash (the file name derives from it).
    pub hash: [u8; 6],
    /// File size in bytes.
    pub len: usize,
}

impl ShardRef {
    /// The shard's file name.
    pub fn file_name(&self) -> String {
        shard_file_name(&self.hash)
    }
}

/// Which documents a fragment file holds and how to fetch it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragmentRef {
    /// First document number in the file.
    pub first_doc: u32,
    /// Number of documents in the file.
    pub count: u32,
    /// Content hash.
    pub hash: [u8; 6],
    /// File size in bytes.
    pub len: usize,
}

impl FragmentRef {
    /// The fragment file's name.
    pub fn file_name(&self) -> String {
        fragment_file_name(&self.hash)
    }
}

/// The parsed manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// Language code.
    pub lang: String,
    /// Number of documents.
    pub num_docs: u32,
    /// Per-field statistics, in [`crate::schema::FIELDS`] order.
    pub fields: Vec<FieldStats>,
    /// Popularity weight.
    pub popularity_weight: f32,
    /// Quantised popularity per document (dense).
    pub popularity: Vec<u8>,
    /// Synonym groups as configured.
    pub synonyms: Vec<Vec<String>>,
    /// Shards in term order.
    pub shards: Vec<ShardRef>,
    /// Fragment files in document order.
    pub fragments: Vec<FragmentRef>,
}

/// Reads and checks a manifest.
pub fn read_manifest(bytes: &[u8]) -> Result<Manifest, FormatError> {
    let body_len = bytes.len().checked_sub(4).ok_or(FormatError::Corrupt {
        what: "manifest",
        offset: 0,
        detail: "truncated".to_string(),
    })?;
    let (body, trailer) = bytes.split_at(body_len);
    let mut c = Cursor::new(body, "manifest");
    c.header(MANIFEST_MAGIC, FORMAT_VERSION)?;
    if (fnv1a(body) as u32).to_le_bytes() != trailer {
        return Err(FormatError::HashMismatch { what: "manifest" });
    }
    let limit = body.len();
    let lang = c.str()?;
    let num_docs = c.varint_u32()?;
    let field_count = usize::from(c.u8()?);
    if field_count != NUM_FIELDS {
        return Err(FormatError::Invalid(format!("{field_count} fields, expected {NUM_FIELDS}")));
    }
    let mut fields = Vec::with_capacity(NUM_FIELDS);
    for _ in 0..NUM_FIELDS {
        let name = c.str()?;
        let boost = c.f32()?;
        let total_tokens = c.varint()?;
        fields.push(FieldStats { name, boost, total_tokens });
    }
    let popularity_weight = c.f32()?;
    if num_docs > MAX_DOCS {
        return Err(FormatError::Invalid(format!("{num_docs} documents, at most {MAX_DOCS} supported")));
    }
    let mut popularity = vec![0u8; num_docs as usize];
    let nonzero = c.count(limit)?;
    let mut doc = 0usize;
    for _ in 0..nonzero {
        doc = doc.saturating_add(c.count(MAX_DOCS as usize)?);
        let q = c.u8()?;
        let slot = popularity
            .get_mut(doc)
            .ok_or(FormatError::Invalid(format!("popularity of doc {doc} beyond {num_docs} docs")))?;
        *slot = q;
    }
    let group_count = c.count(limit)?;
    let mut synonyms = Vec::with_capacity(group_count);
    for _ in 0..group_count {
        let members = c.count(limit)?;
        let mut group = Vec::with_capacity(members);
        for _ in 0..members {
            group.push(c.str()?);
        }
        synonyms.push(group);
    }
    let shard_count = c.count(limit)?;
    let mut shards = Vec::with_capacity(shard_count);
    for _ in 0..shard_count {
        let first = c.str()?;
        let last = c.str()?;
        let hash = c.array::<6>()?;
        let len = c.count(usize::MAX)?;
        if first > last || shards.last().is_some_and(|s: &ShardRef| s.last >= first) {
            return Err(FormatError::Invalid(format!("shard ranges out of order at `{first}`")));
        }
        shards.push(ShardRef { first, last, hash, len });
    }
    let fragment_count = c.count(limit)?;
    let mut fragments = Vec::with_capacity(fragment_count);
    let mut first_doc = 0u32;
    for _ in 0..fragment_count {
        let count = c.varint_u32()?;
        let hash = c.array::<6>()?;
        let len = c.count(usize::MAX)?;
        fragments.push(FragmentRef { first_doc, count, hash, len });
        first_doc = first_doc
            .checked_add(count)
            .filter(|&end| end <= num_docs)
            .ok_or(FormatError::Invalid("fragment files cover more than every document".into()))?;
    }
    if first_doc != num_docs {
        return Err(FormatError::Invalid("fragment files do not cover every document".into()));
    }
    if !c.is_at_end() {
        return Err(FormatError::Invalid("trailing bytes in manifest".into()));
    }
    Ok(Manifest { lang, num_docs, fields, popularity_weight, popularity, synonyms, shards, fragments })
}

/// A loaded shard: its terms in order with their postings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shard {
    /// Terms in byte order.
    pub terms: Vec<TermPostings>,
}

impl Shard {
    /// The postings of `term`, if the shard holds it.
    pub fn get(&self, term: &str) -> Option<&TermPostings> {
        self.terms.binary_search_by(|t| t.term.as_str().cmp(term)).ok().and_then(|i| self.terms.get(i))
    }
}

/// Reads a shard, checking it against its manifest entry and the document count.
pub fn read_shard(bytes: &[u8], expected: &ShardRef, num_docs: u32) -> Result<Shard, FormatError> {
    if content_hash(bytes) != expected.hash || bytes.len() != expected.len {
        return Err(FormatError::HashMismatch { what: "shard" });
    }
    let mut c = Cursor::new(bytes, "shard");
    c.header(SHARD_MAGIC, FORMAT_VERSION)?;
    let limit = bytes.len();
    let term_count = c.count(limit)?;
    let mut terms: Vec<TermPostings> = Vec::with_capacity(term_count);
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..term_count {
        let shared = c.count(previous.len())?;
        let suffix_len = c.count(limit)?;
        let mut term_bytes = previous[..shared].to_vec();
        term_bytes.extend_from_slice(c.take(suffix_len)?);
        let term =
            String::from_utf8(term_bytes.clone()).map_err(|_| FormatError::Invalid("term is not UTF-8".into()))?;
        if terms.last().is_some_and(|t| t.term >= term) {
            return Err(FormatError::Invalid(format!("terms out of order at `{term}`")));
        }
        let mask = c.u8()?;
        if mask == 0 || u32::from(mask) >> NUM_FIELDS != 0 {
            return Err(FormatError::Invalid(format!("bad field mask for `{term}`")));
        }
        let mut entry = TermPostings { term, ..TermPostings::default() };
        for (field, postings) in entry.fields.iter_mut().enumerate() {
            if mask & (1 << field) == 0 {
                continue;
            }
            let df = c.count(limit)?;
            let mut doc = 0u32;
            for i in 0..df {
                let delta = c.varint_u32()?;
                if i > 0 && delta == 0 {
                    return Err(FormatError::Invalid("postings out of order".into()));
                }
                doc = doc
                    .checked_add(delta)
                    .filter(|&d| d < num_docs)
                    .ok_or(FormatError::Invalid("posting beyond the document count".into()))?;
                let term_freq = c.varint_u32()?;
                let fieldnorm_id = c.u8()?;
                postings.push(Posting { doc, term_freq, fieldnorm_id });
            }
            if postings.is_empty() {
                return Err(FormatError::Invalid("empty postings list".into()));
            }
        }
        previous = entry.term.as_bytes().to_vec();
        terms.push(entry);
    }
    if !c.is_at_end() {
        return Err(FormatError::Invalid("trailing bytes in shard".into()));
    }
    let first_last = (terms.first().map(|t| &t.term), terms.last().map(|t| &t.term));
    if first_last != (Some(&expected.first), Some(&expected.last)) {
        return Err(FormatError::Invalid("shard terms do not match the manifest".into()));
    }
    Ok(Shard { terms })
}

/// Reads a fragment file, checking it against its manifest entry.
pub fn read_fragments(bytes: &[u8], expected: &FragmentRef) -> Result<Vec<Fragment>, FormatError> {
    if content_hash(bytes) != expected.hash || bytes.len() != expected.len {
        return Err(FormatError::HashMismatch { what: "fragment file" });
    }
    let mut c = Cursor::new(bytes, "fragment file");
    c.header(FRAGMENT_MAGIC, FORMAT_VERSION)?;
    let count = c.count(bytes.len())?;
    if count != expected.count as usize {
        return Err(FormatError::Invalid("fragment count does not match the manifest".into()));
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        out.push(Fragment { id: c.str()?, url: c.str()?, title: c.str()?, category: c.str()?, excerpt: c.str()? });
    }
    if !c.is_at_end() {
        return Err(FormatError::Invalid("trailing bytes in fragment file".into()));
    }
    Ok(out)
}
