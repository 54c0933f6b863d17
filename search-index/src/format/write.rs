//! The writer: turns [`IndexData`] into the manifest, shard and fragment files.
//! Output is a pure function of the input (no timestamps, no randomness).

use super::codec::{content_hash, fnv1a, hex, put_str, put_varint};
use super::{
    FormatError, Fragment, IndexData, TermPostings, EXCERPT_CHARS, FORMAT_VERSION, FRAGMENT_MAGIC,
    FRAGMENT_TARGET_BYTES, MANIFEST_FILE, MANIFEST_MAGIC, SHARD_MAGIC, SHARD_TARGET_BYTES,
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
    let collapsed: Vec<&str> = text.split_whitespace().collect();
    collapsed.join(" ").chars().take(EXCERPT_CHARS).collect()
}

struct Packed {
    first: String,
    last: String,
    count: usize,
    bytes: Vec<u8>,
}

/// Serialises the index: the manifest first, then shards, then fragment files.
pub fn write_index(data: &IndexData) -> Result<Vec<ExportFile>, FormatError> {
    validate(data)?;
    let shards = pack_shards(&data.terms);
    let fragments = pack_fragments(&data.fragments);

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
    for shard in &shards {
        put_str(&mut m, &shard.first);
        put_str(&mut m, &shard.last);
        m.extend_from_slice(&content_hash(&shard.bytes));
        put_varint(&mut m, shard.bytes.len() as u64);
    }
    put_varint(&mut m, fragments.len() as u64);
    for group in &fragments {
        put_varint(&mut m, group.count as u64);
        m.extend_from_slice(&content_hash(&group.bytes));
        put_varint(&mut m, group.bytes.len() as u64);
    }
    let checksum = fnv1a(&m) as u32;
    m.extend_from_slice(&checksum.to_le_bytes());

    let mut files = vec![ExportFile { name: MANIFEST_FILE.to_string(), bytes: m }];
    for shard in shards {
        files.push(ExportFile { name: shard_file_name(&content_hash(&shard.bytes)), bytes: shard.bytes });
    }
    for group in fragments {
        files.push(ExportFile { name: fragment_file_name(&content_hash(&group.bytes)), bytes: group.bytes });
    }
    Ok(files)
}

/// File name of a shard with this content hash.
pub(crate) fn shard_file_name(hash: &[u8; 6]) -> String {
    format!("s-{}.bin", hex(hash))
}

/// File name of a fragment file with this content hash.
pub(crate) fn fragment_file_name(hash: &[u8; 6]) -> String {
    format!("f-{}.bin", hex(hash))
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

fn encode_term(out: &mut Vec<u8>, previous: Option<&str>, entry: &TermPostings) {
    let shared = previous.map_or(0, |p| common_prefix(p.as_bytes(), entry.term.as_bytes()));
    let suffix = &entry.term.as_bytes()[shared..];
    put_varint(out, shared as u64);
    put_varint(out, suffix.len() as u64);
    out.extend_from_slice(suffix);
    let mut mask = 0u8;
    for (i, postings) in entry.fields.iter().enumerate() {
        if !postings.is_empty() {
            mask |= 1 << i;
        }
    }
    out.push(mask);
    for postings in entry.fields.iter().filter(|p| !p.is_empty()) {
        put_varint(out, postings.len() as u64);
        let mut previous_doc = 0u32;
        for (i, posting) in postings.iter().enumerate() {
            let delta = if i == 0 { posting.doc } else { posting.doc - previous_doc };
            put_varint(out, u64::from(delta));
            put_varint(out, u64::from(posting.term_freq));
            out.push(posting.fieldnorm_id);
            previous_doc = posting.doc;
        }
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
        encode_term(&mut encoded, members.last().map(|t| t.term.as_str()), entry);
        if !members.is_empty() && body.len() + encoded.len() > SHARD_TARGET_BYTES {
            shards.push(finish_shard(&members, &body));
            members.clear();
            body.clear();
            encoded.clear();
            encode_term(&mut encoded, None, entry);
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
    let mut bytes = Vec::with_capacity(body.len() + 8);
    bytes.extend_from_slice(SHARD_MAGIC);
    bytes.push(FORMAT_VERSION);
    put_varint(&mut bytes, members.len() as u64);
    bytes.extend_from_slice(body);
    Packed {
        first: members.first().map(|t| t.term.clone()).unwrap_or_default(),
        last: members.last().map(|t| t.term.clone()).unwrap_or_default(),
        count: members.len(),
        bytes,
    }
}

fn encode_fragment(out: &mut Vec<u8>, f: &Fragment) {
    for s in [&f.id, &f.url, &f.title, &f.category, &f.excerpt] {
        put_str(out, s);
    }
}

fn pack_fragments(fragments: &[Fragment]) -> Vec<Packed> {
    let mut groups = Vec::new();
    let mut body = Vec::new();
    let mut count = 0usize;
    for fragment in fragments {
        let mut encoded = Vec::new();
        encode_fragment(&mut encoded, fragment);
        if count > 0 && body.len() + encoded.len() > FRAGMENT_TARGET_BYTES {
            groups.push(finish_fragments(count, &body));
            body.clear();
            count = 0;
        }
        body.extend_from_slice(&encoded);
        count += 1;
    }
    if count > 0 {
        groups.push(finish_fragments(count, &body));
    }
    groups
}

fn finish_fragments(count: usize, body: &[u8]) -> Packed {
    let mut bytes = Vec::with_capacity(body.len() + 8);
    bytes.extend_from_slice(FRAGMENT_MAGIC);
    bytes.push(FORMAT_VERSION);
    put_varint(&mut bytes, count as u64);
    bytes.extend_from_slice(body);
    Packed { first: String::new(), last: String::new(), count, bytes }
}
