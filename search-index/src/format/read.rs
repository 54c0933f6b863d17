//! The reader: parses and checks the manifest, shards and fragment files written by
//! [`super::write_index`]. Every length is bounds-checked; damage yields [`FormatError`].

use super::codec::{checked_body, file_name, name_hash, Cursor};
use super::{
    FieldStats, FormatError, Fragment, Posting, TermPostings, BUCKET_FILES, FORMAT_VERSION, FRAGMENT_MAGIC, HEAD_DOCS,
    MANIFEST_MAGIC, PAGE_MAGIC, SHARD_MAGIC,
};
use crate::schema::NUM_FIELDS;

/// Largest document count a manifest may declare (bounds the popularity table allocation).
const MAX_DOCS: u32 = 1 << 24;

/// What a term file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShardKind {
    /// Terms with their postings.
    Postings,
    /// A term-list page: the terms, without postings, of these shards.
    Terms {
        /// The postings shards the page covers.
        shards: std::ops::Range<usize>,
    },
}

/// A term file (a postings shard or a term-list page): where its terms sort and how to fetch it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardRef {
    /// Term file number (postings shards first, then term-list pages).
    pub number: usize,
    /// Postings shard or term-list page.
    pub kind: ShardKind,
    /// First term in the shard.
    pub first: String,
    /// The next shard's first term: every term of this shard sorts before it.
    pub end: Option<String>,
    /// Name hash of the file's bucket.
    pub hash: [u8; 4],
}

impl ShardRef {
    /// The file name.
    pub fn file_name(&self) -> String {
        let kind = if self.kind == ShardKind::Postings { "s" } else { "t" };
        file_name(kind, &self.hash, self.number)
    }
}

/// Which documents a fragment file holds and how to fetch it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragmentRef {
    /// File number.
    pub number: usize,
    /// First document number in the file.
    pub first_doc: u32,
    /// Number of documents in the file.
    pub count: u32,
    /// Name hash of the file's bucket (of the manifest, for a head file).
    pub hash: [u8; 4],
    /// A head file (`h-`, excerpts empty) rather than a fragment file (`f-`).
    pub head: bool,
}

impl FragmentRef {
    /// The fragment or head file's name.
    pub fn file_name(&self) -> String {
        file_name(if self.head { "h" } else { "f" }, &self.hash, self.number)
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
    /// Term files: the postings shards in term order, then the term-list pages in term order.
    pub shards: Vec<ShardRef>,
    /// How many of [`Manifest::shards`] are postings shards.
    pub postings_shards: usize,
    /// Documents per fragment file.
    pub fragment_docs: u32,
    /// Head files ([`crate::format::HEAD_DOCS`] documents each), named by the manifest's hash.
    pub heads: Vec<FragmentRef>,
    /// Fragment files in document order.
    pub fragments: Vec<FragmentRef>,
}

fn invalid(message: &str) -> FormatError {
    FormatError::Invalid(message.to_string())
}

/// Reads `count` bucket hashes.
fn bucket_hashes(c: &mut Cursor<'_>, files: usize) -> Result<Vec<[u8; 4]>, FormatError> {
    let buckets = files.div_ceil(BUCKET_FILES);
    if buckets > c.remaining() / 4 {
        return Err(invalid("manifest too short for its bucket hashes"));
    }
    (0..buckets).map(|_| c.array::<4>()).collect()
}

/// Reads and checks a manifest.
pub fn read_manifest(bytes: &[u8]) -> Result<Manifest, FormatError> {
    let mut c = Cursor::new(bytes, "manifest");
    // The version is checked before the checksum, so an old manifest says so clearly.
    c.header(MANIFEST_MAGIC, FORMAT_VERSION)?;
    let body = checked_body(bytes, "manifest")?;
    let mut c = Cursor::new(body, "manifest");
    c.header(MANIFEST_MAGIC, FORMAT_VERSION)?;
    let limit = body.len();
    let lang = c.str()?;
    let num_docs = c.varint_u32()?;
    if num_docs > MAX_DOCS {
        return Err(invalid("too many documents"));
    }
    let field_count = usize::from(c.u8()?);
    if field_count != NUM_FIELDS {
        return Err(invalid("wrong number of fields"));
    }
    let mut fields = Vec::with_capacity(NUM_FIELDS);
    for _ in 0..NUM_FIELDS {
        let name = c.str()?;
        let boost = c.f32()?;
        let total_tokens = c.varint()?;
        fields.push(FieldStats { name, boost, total_tokens });
    }
    let popularity_weight = c.f32()?;
    let mut popularity = vec![0u8; num_docs as usize];
    let nonzero = c.count(limit)?;
    let mut doc = 0usize;
    for _ in 0..nonzero {
        doc = doc.saturating_add(c.count(MAX_DOCS as usize)?);
        let q = c.u8()?;
        *popularity.get_mut(doc).ok_or_else(|| invalid("popularity beyond the document count"))? = q;
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
    let mut firsts: Vec<String> = Vec::with_capacity(shard_count);
    for _ in 0..shard_count {
        let first = c.prefixed(firsts.last().map_or("", String::as_str))?;
        if first.is_empty() || firsts.last().is_some_and(|previous| *previous >= first) {
            return Err(invalid("shard ranges out of order"));
        }
        firsts.push(first);
    }
    let page_count = c.count(limit)?;
    let mut page_ranges = Vec::with_capacity(page_count);
    let mut covered = 0usize;
    for _ in 0..page_count {
        let span = c.count(shard_count - covered)?;
        if span == 0 {
            return Err(invalid("empty term-list page"));
        }
        page_ranges.push(covered..covered + span);
        covered += span;
    }
    if covered != shard_count {
        return Err(invalid("term-list pages do not cover every shard"));
    }
    let fragment_docs = c.varint_u32()?;
    if fragment_docs == 0 {
        return Err(invalid("fragment files hold no documents"));
    }
    let fragment_files = num_docs.div_ceil(fragment_docs) as usize;
    let shard_hashes = bucket_hashes(&mut c, shard_count)?;
    let page_hashes = bucket_hashes(&mut c, page_count)?;
    let fragment_hashes = bucket_hashes(&mut c, fragment_files)?;
    if !c.is_at_end() {
        return Err(invalid("trailing bytes in manifest"));
    }
    let end_of = |shard: usize| firsts.get(shard + 1).cloned();
    let mut shards: Vec<ShardRef> = (0..shard_count)
        .map(|number| ShardRef {
            number,
            kind: ShardKind::Postings,
            first: firsts[number].clone(),
            end: end_of(number),
            hash: shard_hashes[number / BUCKET_FILES],
        })
        .collect();
    for (k, range) in page_ranges.into_iter().enumerate() {
        shards.push(ShardRef {
            number: shard_count + k,
            first: firsts[range.start].clone(),
            end: end_of(range.end - 1),
            kind: ShardKind::Terms { shards: range },
            hash: page_hashes[k / BUCKET_FILES],
        });
    }
    let files = |per_file: u32, hash: &dyn Fn(usize) -> [u8; 4], head: bool| -> Vec<FragmentRef> {
        (0..num_docs.div_ceil(per_file) as usize)
            .map(|number| {
                let first_doc = number as u32 * per_file;
                FragmentRef { number, first_doc, count: per_file.min(num_docs - first_doc), hash: hash(number), head }
            })
            .collect()
    };
    let fragments = files(fragment_docs, &|number| fragment_hashes[number / BUCKET_FILES], false);
    let heads_hash = name_hash(bytes);
    let heads = files(HEAD_DOCS, &|_| heads_hash, true);
    Ok(Manifest {
        lang,
        num_docs,
        fields,
        popularity_weight,
        popularity,
        synonyms,
        shards,
        postings_shards: shard_count,
        fragment_docs,
        fragments,
        heads,
    })
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
    let terms = read_shard_terms(bytes, expected, num_docs, usize::MAX)?;
    let in_range = |t: &TermPostings| expected.end.as_ref().is_none_or(|end| t.term < *end);
    if !terms.last().is_some_and(in_range) {
        return Err(invalid("shard terms do not match the manifest"));
    }
    Ok(Shard { terms })
}

/// The first term of a shard with its postings, without decoding the others (the patcher
/// asks where a shard's first term falls).
pub(super) fn read_shard_first(bytes: &[u8], expected: &ShardRef, num_docs: u32) -> Result<TermPostings, FormatError> {
    let mut terms = read_shard_terms(bytes, expected, num_docs, 1)?;
    terms.pop().ok_or_else(|| invalid("an empty shard"))
}

/// The first `take` terms of a shard (all of them when it holds no more), checked against its
/// manifest entry's first term.
fn read_shard_terms(
    bytes: &[u8],
    expected: &ShardRef,
    num_docs: u32,
    take: usize,
) -> Result<Vec<TermPostings>, FormatError> {
    let body = checked_body(bytes, "shard")?;
    let mut c = Cursor::new(body, "shard");
    c.header(SHARD_MAGIC, FORMAT_VERSION)?;
    let limit = body.len();
    let term_count = c.count(limit)?;
    let mut terms: Vec<TermPostings> = Vec::with_capacity(term_count.min(take));
    for _ in 0..term_count.min(take) {
        let term = c.prefixed(terms.last().map_or("", |t| t.term.as_str()))?;
        if terms.last().is_some_and(|t| t.term >= term) {
            return Err(invalid("terms out of order"));
        }
        let mask = c.u8()?;
        if mask == 0 || u32::from(mask) >> NUM_FIELDS != 0 {
            return Err(invalid("bad field mask"));
        }
        let mut entry = TermPostings { term, ..TermPostings::default() };
        for (field, postings) in entry.fields.iter_mut().enumerate() {
            if mask & (1 << field) == 0 {
                continue;
            }
            let df = c.count(limit)?;
            if df == 0 {
                return Err(invalid("empty postings list"));
            }
            postings.reserve_exact(df);
            let mut doc = 0u32;
            for i in 0..df {
                let delta = c.varint_u32()?;
                if i > 0 && delta == 0 {
                    return Err(invalid("postings out of order"));
                }
                doc = doc
                    .checked_add(delta)
                    .filter(|&d| d < num_docs)
                    .ok_or_else(|| invalid("posting beyond the document count"))?;
                postings.push(Posting { doc, term_freq: 0, fieldnorm_id: 0 });
            }
            for posting in postings.iter_mut() {
                posting.term_freq = c.varint_u32()?;
            }
            for (posting, &id) in postings.iter_mut().zip(c.take(df)?) {
                posting.fieldnorm_id = id;
            }
        }
        terms.push(entry);
    }
    if take >= term_count && !c.is_at_end() {
        return Err(invalid("trailing bytes in shard"));
    }
    if terms.first().map(|t| &t.term) != Some(&expected.first) {
        return Err(invalid("shard terms do not match the manifest"));
    }
    Ok(terms)
}

/// A loaded term-list page: terms in byte order with their document frequency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermList {
    /// `(term, document frequency summed over fields)`, in byte order.
    pub terms: Vec<(String, u64)>,
}

/// Reads a term-list page, checking it against its manifest entry.
pub fn read_term_list(bytes: &[u8], expected: &ShardRef) -> Result<TermList, FormatError> {
    let body = checked_body(bytes, "term list")?;
    let mut c = Cursor::new(body, "term list");
    c.header(PAGE_MAGIC, FORMAT_VERSION)?;
    let count = c.count(body.len())?;
    let mut terms: Vec<(String, u64)> = Vec::with_capacity(count);
    for _ in 0..count {
        let term = c.prefixed(terms.last().map_or("", |t| t.0.as_str()))?;
        if terms.last().is_some_and(|t| t.0 >= term) {
            return Err(invalid("terms out of order"));
        }
        let df = c.varint()?;
        terms.push((term, df));
    }
    if !c.is_at_end() {
        return Err(invalid("trailing bytes in term list"));
    }
    let in_range = |t: &(String, u64)| expected.end.as_ref().is_none_or(|end| t.0 < *end);
    if terms.first().map(|t| &t.0) != Some(&expected.first) || !terms.last().is_some_and(in_range) {
        return Err(invalid("term list does not match the manifest"));
    }
    Ok(TermList { terms })
}

/// Reads a fragment file, checking it against its manifest entry.
pub fn read_fragments(bytes: &[u8], expected: &FragmentRef) -> Result<Vec<Fragment>, FormatError> {
    let body = checked_body(bytes, "fragment file")?;
    let mut c = Cursor::new(body, "fragment file");
    c.header(FRAGMENT_MAGIC, FORMAT_VERSION)?;
    let first_doc = c.varint_u32()?;
    let count = c.count(body.len())?;
    if first_doc != expected.first_doc || count != expected.count as usize {
        return Err(invalid("fragment file does not match the manifest"));
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        out.push(Fragment { id: c.str()?, url: c.str()?, title: c.str()?, category: c.str()?, excerpt: c.str()? });
    }
    if !c.is_at_end() {
        return Err(invalid("trailing bytes in fragment file"));
    }
    Ok(out)
}
