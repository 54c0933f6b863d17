//! The writer: turns [`IndexData`] into the manifest, shard, term-list page and fragment files.
//! Output is a pure function of the input (no timestamps, no randomness).

use super::codec::{file_name, name_hash, put_checksum, put_str, put_varint};
use super::{
    FormatError, Fragment, IndexData, TermPostings, BUCKET_FILES, EXCERPT_CHARS, FORMAT_VERSION, FRAGMENT_DOCS,
    FRAGMENT_MAGIC, HEAD_DOCS, MANIFEST_FILE, MANIFEST_MAGIC, PAGE_MAGIC, PAGE_TARGET_BYTES, SHARD_MAGIC,
    SHARD_TARGET_BYTES,
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

struct Packed {
    first: String,
    /// The terms of a postings shard with their document frequency (summed over fields).
    terms: Vec<(String, u64)>,
    bytes: Vec<u8>,
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

    let mut m = Vec::new();
    m.extend_from_slice(MANIFEST_MAGIC);
    m.push(FORMAT_VERSION);
    put_str(&mut m, &data.lang);
    put_varint(&mut m, u64::from(data.num_docs));
    m.push(NUM_FIELDS as u8);
    for field in &data.fields {
        put_str(&mut m, &field.name);
        m.extend_from_slice(&field.boost.to_le_bytes());
        put_varint(&mut m, field.total_tokens);
    }
    m.extend_from_slice(&data.popularity_weight.to_le_bytes());
    let nonzero: Vec<(usize, u8)> = data.popularity.iter().copied().enumerate().filter(|&(_, q)| q > 0).collect();
    put_varint(&mut m, nonzero.len() as u64);
    let mut previous = 0usize;
    for (doc, q) in nonzero {
        put_varint(&mut m, (doc - previous) as u64);
        m.push(q);
        previous = doc;
    }
    put_varint(&mut m, data.synonyms.len() as u64);
    for group in &data.synonyms {
        put_varint(&mut m, group.len() as u64);
        for member in group {
            put_str(&mut m, member);
        }
    }
    put_varint(&mut m, shards.len() as u64);
    let mut previous_first: &str = "";
    for shard in &shards {
        put_prefixed(&mut m, previous_first, &shard.first);
        previous_first = &shard.first;
    }
    put_varint(&mut m, pages.len() as u64);
    for page in &pages {
        put_varint(&mut m, page.shards.len() as u64);
    }
    put_varint(&mut m, u64::from(FRAGMENT_DOCS));
    let shard_hashes = bucket_hashes(shards.iter());
    let page_hashes = bucket_hashes(pages.iter().map(|p| &p.packed));
    let fragment_hashes = bucket_hashes(fragments.iter());
    for hash in shard_hashes.iter().chain(&page_hashes).chain(&fragment_hashes) {
        m.extend_from_slice(hash);
    }
    put_checksum(&mut m);
    let heads_hash = name_hash(&m);

    let mut files = vec![ExportFile { name: MANIFEST_FILE.to_string(), bytes: m }];
    let shard_count = shards.len();
    for (n, shard) in shards.into_iter().enumerate() {
        files.push(ExportFile { name: file_name("s", &shard_hashes[n / BUCKET_FILES], n), bytes: shard.bytes });
    }
    // Term-list pages are numbered after the shards (one numbering for every term file).
    for (k, page) in pages.into_iter().enumerate() {
        let name = file_name("t", &page_hashes[k / BUCKET_FILES], shard_count + k);
        files.push(ExportFile { name, bytes: page.packed.bytes });
    }
    for (n, group) in fragments.into_iter().enumerate() {
        files.push(ExportFile { name: file_name("f", &fragment_hashes[n / BUCKET_FILES], n), bytes: group.bytes });
    }
    for (n, group) in heads.into_iter().enumerate() {
        files.push(ExportFile { name: file_name("h", &heads_hash, n), bytes: group.bytes });
    }
    Ok(files)
}

/// One name hash per [`BUCKET_FILES`] consecutive files: the hash of their concatenation.
fn bucket_hashes<'a>(files: impl Iterator<Item = &'a Packed>) -> Vec<[u8; 4]> {
    let files: Vec<&Packed> = files.collect();
    files
        .chunks(BUCKET_FILES)
        .map(|bucket| name_hash(&bucket.iter().flat_map(|f| f.bytes.iter().copied()).collect::<Vec<u8>>()))
        .collect()
}

/// Groups consecutive shards' term lists into pages of about [`PAGE_TARGET_BYTES`].
fn pack_pages(shards: &[Packed]) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut body = Vec::new();
    let mut count = 0usize;
    let mut previous = String::new();
    for (n, shard) in shards.iter().enumerate() {
        for (term, df) in &shard.terms {
            put_prefixed(&mut body, &previous, term);
            put_varint(&mut body, *df);
            previous.clone_from(term);
            count += 1;
        }
        if body.len() >= PAGE_TARGET_BYTES || n + 1 == shards.len() {
            let mut bytes = Vec::with_capacity(body.len() + 12);
            bytes.extend_from_slice(PAGE_MAGIC);
            bytes.push(FORMAT_VERSION);
            put_varint(&mut bytes, count as u64);
            bytes.extend_from_slice(&body);
            put_checksum(&mut bytes);
            let first = shards[start].first.clone();
            pages.push(Page { shards: start..n + 1, packed: Packed { first, terms: Vec::new(), bytes } });
            start = n + 1;
            body.clear();
            count = 0;
            previous.clear();
        }
    }
    pages
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
    let mut shards = Vec::new();
    let mut body = Vec::new();
    let mut members: Vec<&TermPostings> = Vec::new();
    for entry in terms {
        let mut encoded = Vec::new();
        encode_term(&mut encoded, members.last().map_or("", |t| t.term.as_str()), entry);
        if !members.is_empty() && body.len() + encoded.len() > SHARD_TARGET_BYTES {
            shards.push(finish_shard(&members, &body));
            members.clear();
            body.clear();
            encoded.clear();
            encode_term(&mut encoded, "", entry);
        }
        body.extend_from_slice(&encoded);
        members.push(entry);
    }
    if !members.is_empty() {
        shards.push(finish_shard(&members, &body));
    }
    shards
}

fn finish_shard(members: &[&TermPostings], body: &[u8]) -> Packed {
    let mut bytes = Vec::with_capacity(body.len() + 12);
    bytes.extend_from_slice(SHARD_MAGIC);
    bytes.push(FORMAT_VERSION);
    put_varint(&mut bytes, members.len() as u64);
    bytes.extend_from_slice(body);
    put_checksum(&mut bytes);
    let terms = members.iter().map(|t| (t.term.clone(), t.fields.iter().map(|p| p.len() as u64).sum())).collect();
    Packed { first: members.first().map(|t| t.term.clone()).unwrap_or_default(), terms, bytes }
}

/// Fragment files of `per_file` documents each; with `excerpts` false, head files (the same
/// layout, every excerpt empty).
fn pack_fragments(fragments: &[Fragment], per_file: u32, excerpts: bool) -> Vec<Packed> {
    let mut first_doc = 0u64;
    fragments
        .chunks(per_file as usize)
        .map(|group| {
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
            first_doc += group.len() as u64;
            Packed { first: String::new(), terms: Vec::new(), bytes }
        })
        .collect()
}
