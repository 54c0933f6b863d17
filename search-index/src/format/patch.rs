//! The patcher: the files of an exported index after some of its documents changed, made
//! from the files before and the changed documents alone, byte for byte the files
//! [`super::write_index`] makes of the whole changed index (a test holds it to that).
//!
//! The writer cuts shards and term-list pages greedily, each cut decided by what precedes it
//! since the last; so the files before the first changed term are the same, and after a
//! changed run the old cuts come back as soon as a new cut falls on an old one. Only the
//! shards and pages between are packed again; the others keep their bytes (their names change
//! when their bucket's hash or their number does). Of the fragment and head files, only those
//! holding a changed document are.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use super::read::{
    read_fragments, read_manifest, read_shard, read_shard_first, read_term_list, FragmentRef, Manifest, ShardKind,
    ShardRef,
};
use super::write::{
    bucket_hash, fragment_file, write_manifest, BucketHashes, ManifestHead, Packed, PagePacker, ShardPacker,
};
use super::{FieldStats, FormatError, IndexData, Posting, TermPostings, BUCKET_FILES, HEAD_DOCS, MANIFEST_FILE};
use crate::format::codec::{file_name, name_hash};
use crate::schema::NUM_FIELDS;

/// Some documents of an index, before and after a change: each side a small index of just
/// those documents, numbered `0..` in the order of its numbers in the whole index (as the
/// writer's input is). A document replaced is on both sides; one removed from the end (the
/// index shrinks to [`DocChanges::num_docs`]) only before; one added at the end only after.
#[derive(Clone, Copy, Debug)]
pub struct DocChanges<'a> {
    /// The documents as they were (their terms and token counts are read): their numbers in
    /// the whole index, ascending, and their index.
    pub before: (&'a [u32], &'a IndexData),
    /// The documents as they are now (their terms, token counts and fragments are read).
    pub after: (&'a [u32], &'a IndexData),
    /// How many documents the index has now.
    pub num_docs: u32,
    /// The quantised popularity of each document now.
    pub popularity: &'a [u8],
}

/// One file of a patched index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchedFile {
    /// New bytes.
    Bytes(Vec<u8>),
    /// The same bytes as the old file of this name.
    Kept(String),
}

/// The files of the index whose files were `old` (by name) after `changes`, in the order
/// [`super::write_index`] gives them: `(name, file)`. Popularity, settings and the document
/// count stay the manifest's.
pub fn patch_index(
    old: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    changes: &DocChanges<'_>,
) -> Result<Vec<(String, PatchedFile)>, FormatError> {
    let fetch = |name: &str| old(name).ok_or_else(|| FormatError::Invalid(format!("no file `{name}` to patch")));
    let manifest = read_manifest(&fetch(MANIFEST_FILE)?)?;
    let terms = TermChanges::new(&manifest, changes)?;
    let old_shards = &manifest.shards[..manifest.postings_shards];
    let read = |k: usize| -> Result<Vec<TermPostings>, FormatError> {
        let shard = &old_shards[k];
        Ok(read_shard(&fetch(&shard.file_name())?, shard, manifest.num_docs)?.terms)
    };

    // The shards again: the old ones where no term changed, packed again from a changed run
    // until a cut falls where an old one did.
    let dirty = terms.dirty_shards(old_shards);
    // The changed shards' terms, read and changed side by side; packing them again is serial.
    let dirty_list: Vec<usize> = dirty.iter().copied().collect();
    let patched = each(&dirty_list, |&k| Ok(terms.apply(read(k)?, k, old_shards)));
    let mut applied: BTreeMap<usize, Vec<TermPostings>> =
        dirty_list.iter().copied().zip(patched).map(|(k, made)| made.map(|t| (k, t))).collect::<Result<_, _>>()?;
    let mut shards: Vec<NewShard> = Vec::with_capacity(old_shards.len() + 1);
    let mut k = 0;
    while k < old_shards.len() {
        if !dirty.contains(&k) {
            shards.push(TermFile::Old(k));
            k += 1;
            continue;
        }
        let mut packer = ShardPacker::default();
        let mut j = k;
        k = loop {
            if j == old_shards.len() {
                shards.extend(packer.finish().map(TermFile::New));
                break j;
            }
            let entries = match applied.remove(&j) {
                Some(entries) => entries,
                // An untouched shard (the run starts at a dirty one) that the greedy cut
                // starts anyway: the old cuts from here on. Its first term tells; the shard
                // is decoded whole only when the run goes on into it.
                None => {
                    let shard = &old_shards[j];
                    let bytes = fetch(&shard.file_name())?;
                    if packer.would_close(&read_shard_first(&bytes, shard, manifest.num_docs)?) {
                        shards.extend(packer.finish().map(TermFile::New));
                        break j;
                    }
                    read_shard(&bytes, shard, manifest.num_docs)?.terms
                }
            };
            shards.extend(entries.iter().filter_map(|t| packer.push(t)).map(TermFile::New));
            j += 1;
        };
    }
    if shards.is_empty() {
        return Err(FormatError::Invalid("a patched index with no terms".into()));
    }

    let pages = repage(&manifest, &shards, &fetch)?;
    let old_pages = &manifest.shards[manifest.postings_shards..];
    let shard_bytes = |s: &NewShard| s.bytes(old_shards, &fetch, |p| &p.bytes);
    let page_bytes = |p: &NewPage| p.bytes(old_pages, &fetch, |(bytes, _)| bytes);
    let (old_shard_hash, old_page_hash) = (|n: usize| old_shards[n].hash, |n: usize| old_pages[n].hash);
    let shard_hashes = hashes(&shards, &NewShard::is_old, (old_shards.len(), &old_shard_hash), &shard_bytes)?;
    let page_hashes = hashes(&pages, &NewPage::is_old, (old_pages.len(), &old_page_hash), &page_bytes)?;

    // Fragment and head files: those holding a changed document, or fewer or more documents,
    // made again.
    let fragments = refragment(&manifest.fragments, manifest.fragment_docs, changes, true, &fetch)?;
    let heads = refragment(&manifest.heads, HEAD_DOCS, changes, false, &fetch)?;
    let fragment_hashes = fragment_hashes(&manifest.fragments, &fragments, &fetch)?;

    let fields = terms.fields(&manifest);
    let head = ManifestHead {
        lang: &manifest.lang,
        num_docs: changes.num_docs,
        fields: &fields,
        popularity_weight: manifest.popularity_weight,
        popularity: changes.popularity,
        synonyms: &manifest.synonyms,
    };
    let firsts: Vec<&str> = shards
        .iter()
        .map(|s| match s {
            TermFile::Old(k) => old_shards[*k].first.as_str(),
            TermFile::New(p) => p.first.as_str(),
        })
        .collect();
    let spans: Vec<usize> = pages
        .iter()
        .map(|p| match p {
            TermFile::Old(k) => span(&old_pages[*k]),
            TermFile::New((_, shards)) => *shards,
        })
        .collect();
    let bucket_hashes = BucketHashes { shards: shard_hashes, pages: page_hashes, fragments: fragment_hashes };
    let m = write_manifest(&head, &firsts, &spans, &bucket_hashes);
    let heads_hash = name_hash(&m);

    let mut files = vec![(MANIFEST_FILE.to_string(), PatchedFile::Bytes(m))];
    let shard_count = shards.len();
    for (n, shard) in shards.into_iter().enumerate() {
        let name = file_name("s", &bucket_hashes.shards[n / BUCKET_FILES], n);
        files.push((name, shard.into_file(old_shards, |p| p.bytes)));
    }
    for (k, page) in pages.into_iter().enumerate() {
        let name = file_name("t", &bucket_hashes.pages[k / BUCKET_FILES], shard_count + k);
        files.push((name, page.into_file(old_pages, |(bytes, _)| bytes)));
    }
    for (n, file) in fragments.into_iter().enumerate() {
        files.push((file_name("f", &bucket_hashes.fragments[n / BUCKET_FILES], n), file));
    }
    for (n, file) in heads.into_iter().enumerate() {
        files.push((file_name("h", &heads_hash, n), file));
    }
    Ok(files)
}

/// `f` of each of `items`, in order: on every core with the `parallel` feature.
fn each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

/// A term file (shard or term-list page) of the patched index: the old file of that kind
/// with this number, as it was, or one packed again.
enum TermFile<T> {
    Old(usize),
    New(T),
}

/// A shard packed again.
type NewShard = TermFile<Packed>;
/// A term-list page packed again: its bytes, and how many shards it covers.
type NewPage = TermFile<(Vec<u8>, usize)>;

impl<T> TermFile<T> {
    /// Whether this is the old file of number `n`, as it was.
    fn is_old(&self, n: usize) -> bool {
        matches!(self, TermFile::Old(k) if *k == n)
    }

    /// Its bytes: the old file's (of `old`, read with `fetch`), or those `new` gives.
    fn bytes(
        &self,
        old: &[ShardRef],
        fetch: &dyn Fn(&str) -> Result<Vec<u8>, FormatError>,
        new: impl Fn(&T) -> &[u8],
    ) -> Result<Vec<u8>, FormatError> {
        match self {
            TermFile::Old(k) => fetch(&old[*k].file_name()),
            TermFile::New(made) => Ok(new(made).to_vec()),
        }
    }

    /// The old file of `old` kept, or the new bytes `new` gives.
    fn into_file(self, old: &[ShardRef], new: impl FnOnce(T) -> Vec<u8>) -> PatchedFile {
        match self {
            TermFile::Old(k) => PatchedFile::Kept(old[k].file_name()),
            TermFile::New(made) => PatchedFile::Bytes(new(made)),
        }
    }
}

/// How many shards a term-list page covers.
fn span(page: &ShardRef) -> usize {
    match &page.kind {
        ShardKind::Terms { shards } => shards.len(),
        ShardKind::Postings => 0,
    }
}

/// The bucket hashes of `files`: an old bucket's hash where it holds the same old files at the
/// same numbers (`same`), else the hash of its files' bytes. `old` is the old files' count and
/// the hash of the old bucket holding file `n`.
fn hashes<F>(
    files: &[F],
    same: &dyn Fn(&F, usize) -> bool,
    (old_count, old_hash): (usize, &dyn Fn(usize) -> [u8; 4]),
    bytes: &dyn Fn(&F) -> Result<Vec<u8>, FormatError>,
) -> Result<Vec<[u8; 4]>, FormatError> {
    let mut out = Vec::with_capacity(files.len().div_ceil(BUCKET_FILES));
    for (b, bucket) in files.chunks(BUCKET_FILES).enumerate() {
        let start = b * BUCKET_FILES;
        let old_size = old_count.saturating_sub(start).min(BUCKET_FILES);
        let unchanged = old_size == bucket.len() && bucket.iter().enumerate().all(|(i, f)| same(f, start + i));
        if unchanged {
            out.push(old_hash(start));
        } else {
            let all = bucket.iter().map(bytes).collect::<Result<Vec<_>, _>>()?;
            out.push(bucket_hash(&all.iter().map(Vec::as_slice).collect::<Vec<_>>()));
        }
    }
    Ok(out)
}

/// The fragment files (with `excerpts`; else the head files, whose old ones are `old`) of
/// `per_file` documents each after `changes`: new bytes for those holding a changed document
/// or another number of documents than before, the old file for the others.
fn refragment(
    old: &[FragmentRef],
    per_file: u32,
    changes: &DocChanges<'_>,
    excerpts: bool,
    fetch: &dyn Fn(&str) -> Result<Vec<u8>, FormatError>,
) -> Result<Vec<PatchedFile>, FormatError> {
    let (numbers, after) = changes.after;
    let mut files = Vec::new();
    for n in 0..changes.num_docs.div_ceil(per_file) {
        let first_doc = n * per_file;
        let count = per_file.min(changes.num_docs - first_doc);
        let range = first_doc..first_doc + count;
        let was = old.get(n as usize);
        match was {
            Some(was) if was.count == count && !numbers.iter().any(|d| range.contains(d)) => {
                files.push(PatchedFile::Kept(was.file_name()));
                continue;
            }
            _ => {}
        }
        let mut group = match was {
            Some(was) => read_fragments(&fetch(&was.file_name())?, was)?,
            None => Vec::new(),
        };
        group.resize(count as usize, super::Fragment::default());
        for (i, &doc) in numbers.iter().enumerate().filter(|(_, d)| range.contains(d)) {
            group[(doc - first_doc) as usize] = after.fragments[i].clone();
        }
        files.push(PatchedFile::Bytes(fragment_file(u64::from(first_doc), &group, excerpts)));
    }
    Ok(files)
}

/// The fragment files' bucket hashes: an old bucket's where it holds the same old files.
fn fragment_hashes(
    old: &[FragmentRef],
    files: &[PatchedFile],
    fetch: &dyn Fn(&str) -> Result<Vec<u8>, FormatError>,
) -> Result<Vec<[u8; 4]>, FormatError> {
    // A kept fragment file is always the old file of its number.
    let kept = |f: &PatchedFile, _: usize| matches!(f, PatchedFile::Kept(_));
    let bytes = |f: &PatchedFile| match f {
        PatchedFile::Bytes(bytes) => Ok(bytes.clone()),
        PatchedFile::Kept(name) => fetch(name),
    };
    hashes(files, &kept, (old.len(), &|n| old[n].hash), &bytes)
}

/// The term-list pages over the patched shards: the old pages whose shards are all old ones
/// in the same run, packed again between.
fn repage(
    manifest: &Manifest,
    shards: &[NewShard],
    fetch: &dyn Fn(&str) -> Result<Vec<u8>, FormatError>,
) -> Result<Vec<NewPage>, FormatError> {
    let old_pages = &manifest.shards[manifest.postings_shards..];
    let page_at: BTreeMap<usize, usize> = old_pages
        .iter()
        .enumerate()
        .filter_map(|(p, page)| match &page.kind {
            ShardKind::Terms { shards } => Some((shards.start, p)),
            ShardKind::Postings => None,
        })
        .collect();
    // An old shard's terms come from its old term-list page (a few pages hold every term),
    // not from decoding its postings again.
    let mut read_pages: BTreeMap<usize, Vec<(String, u64)>> = BTreeMap::new();
    let postings_shards = &manifest.shards[..manifest.postings_shards];
    let mut terms_of = |s: &NewShard| -> Result<Vec<(String, u64)>, FormatError> {
        let k = match s {
            TermFile::Old(k) => *k,
            TermFile::New(p) => return Ok(p.terms.clone()),
        };
        let p = old_pages.partition_point(|page| match &page.kind {
            ShardKind::Terms { shards } => shards.end <= k,
            ShardKind::Postings => true,
        });
        let page = old_pages.get(p).ok_or_else(|| FormatError::Invalid("a shard no page covers".into()))?;
        let terms = match read_pages.entry(p) {
            std::collections::btree_map::Entry::Occupied(read) => read.into_mut(),
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(read_term_list(&fetch(&page.file_name())?, page)?.terms)
            }
        };
        let shard = &postings_shards[k];
        let in_shard = |t: &&(String, u64)| t.0 >= shard.first && shard.end.as_ref().is_none_or(|end| t.0 < *end);
        Ok(terms.iter().filter(in_shard).cloned().collect())
    };
    let mut pages = Vec::new();
    let mut i = 0;
    while i < shards.len() {
        let reusable = match &shards[i] {
            TermFile::Old(k) => page_at.get(k).copied().filter(|&p| {
                let len = span(&old_pages[p]);
                let last_old = p + 1 == old_pages.len();
                let run = shards.get(i..i + len).is_some_and(|run| {
                    run.iter().enumerate().all(|(o, s)| matches!(s, TermFile::Old(m) if *m == k + o))
                });
                run && (!last_old || i + len == shards.len())
            }),
            TermFile::New(_) => None,
        };
        if let Some(p) = reusable {
            pages.push(TermFile::Old(p));
            i += span(&old_pages[p]);
            continue;
        }
        let mut packer = PagePacker::default();
        let start = i;
        loop {
            let terms = terms_of(&shards[i])?;
            i += 1;
            if let Some(bytes) = packer.push(&terms, i == shards.len()) {
                pages.push(TermFile::New((bytes, i - start)));
                break;
            }
        }
    }
    Ok(pages)
}

/// The terms the changed documents held or hold, with their new postings.
struct TermChanges<'a> {
    changes: &'a DocChanges<'a>,
    /// The terms of the changed documents whose postings in them changed.
    changed: BTreeSet<&'a str>,
    /// The new postings of each term of the changed documents now (document numbers of the
    /// whole index).
    added: BTreeMap<&'a str, [Vec<Posting>; NUM_FIELDS]>,
}

impl<'a> TermChanges<'a> {
    fn new(manifest: &Manifest, changes: &'a DocChanges<'a>) -> Result<TermChanges<'a>, FormatError> {
        let ((was_docs, before), (now_docs, after)) = (changes.before, changes.after);
        let (old_n, new_n) = (manifest.num_docs, changes.num_docs);
        let ascending =
            |docs: &[u32], below: u32| docs.windows(2).all(|w| w[0] < w[1]) && docs.iter().all(|&d| d < below);
        let sides = ascending(was_docs, old_n)
            && ascending(now_docs, new_n)
            && before.num_docs as usize == was_docs.len()
            && after.num_docs as usize == now_docs.len()
            && after.fragments.len() == now_docs.len()
            && before.fields.len() == NUM_FIELDS
            && after.fields.len() == NUM_FIELDS;
        // Every document that leaves the end is taken out, every one that comes is put in.
        let ends = (new_n..old_n).all(|d| was_docs.binary_search(&d).is_ok())
            && (old_n..new_n).all(|d| now_docs.binary_search(&d).is_ok());
        if !sides || !ends || changes.popularity.len() != new_n as usize {
            return Err(FormatError::Invalid("changed documents that do not fit the index".into()));
        }
        // Postings numbered as in the whole index.
        let renumbered = |(docs, data): (&'a [u32], &'a IndexData)| -> BTreeMap<&'a str, [Vec<Posting>; NUM_FIELDS]> {
            let posting = |p: &Posting| Posting { doc: docs[p.doc as usize], ..*p };
            let fields = |t: &TermPostings| t.fields.clone().map(|ps| ps.iter().map(posting).collect());
            data.terms.iter().map(|t| (t.term.as_str(), fields(t))).collect()
        };
        let (was, added) = (renumbered(changes.before), renumbered(changes.after));
        // A term whose postings in the changed documents are the same as before (a title
        // edited, an answer's words with the same count and field length) keeps its shard.
        let changed = was.keys().chain(added.keys()).copied().filter(|t| was.get(t) != added.get(t)).collect();
        Ok(TermChanges { changes, changed, added })
    }

    /// The old shards holding a changed term (or where a new one sorts), and the shard before
    /// each whose first term changed: the cut before a shard is decided by its first term.
    fn dirty_shards(&self, shards: &[ShardRef]) -> BTreeSet<usize> {
        let mut dirty: BTreeSet<usize> = self.changed.iter().map(|t| shard_of(shards, t)).collect();
        for k in (1..shards.len()).rev() {
            if dirty.contains(&k) && self.changed.contains(shards[k].first.as_str()) {
                dirty.insert(k - 1);
            }
        }
        dirty
    }

    /// The terms of old shard `k` after the change: the changed documents' postings taken out
    /// and their new ones put in, new terms that sort in its range added, emptied terms gone.
    fn apply(&self, terms: Vec<TermPostings>, k: usize, shards: &[ShardRef]) -> Vec<TermPostings> {
        // The changed terms in shard `k`'s range (the first shard's starts with any term).
        let from = if k == 0 { Bound::Unbounded } else { Bound::Included(shards[k].first.as_str()) };
        let to = shards.get(k + 1).map_or(Bound::Unbounded, |next| Bound::Excluded(next.first.as_str()));
        let mut changed = self.changed.range::<str, _>((from, to)).copied().peekable();
        let mut old = terms.into_iter().peekable();
        let mut out = Vec::with_capacity(old.len() + 1);
        // Both in byte order: one merge walk.
        loop {
            let next_changed = changed.peek().copied();
            let untouched = match (old.peek(), next_changed) {
                (None, None) => break,
                (Some(t), Some(c)) => t.term.as_str() < c,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            if untouched {
                out.extend(old.next());
                continue;
            }
            let term = changed.next().unwrap_or_default();
            let mut entry = match old.next_if(|t| t.term == term) {
                Some(t) => t,
                None => TermPostings { term: term.to_string(), ..TermPostings::default() },
            };
            self.update(term, &mut entry);
            if entry.fields.iter().any(|p| !p.is_empty()) {
                out.push(entry);
            }
        }
        out
    }

    /// `entry`'s postings (of changed term `term`) with the changed documents' taken out and
    /// their new ones put in.
    fn update(&self, term: &str, entry: &mut TermPostings) {
        let docs = self.changes.before.0;
        for (f, postings) in entry.fields.iter_mut().enumerate() {
            postings.retain(|p| docs.binary_search(&p.doc).is_err());
            if let Some(added) = self.added.get(term) {
                postings.extend_from_slice(&added[f]);
                postings.sort_by_key(|p| p.doc);
            }
        }
    }

    /// The manifest's field statistics with the changed documents' tokens counted anew.
    fn fields(&self, manifest: &Manifest) -> Vec<FieldStats> {
        let (before, after) = (&self.changes.before.1.fields, &self.changes.after.1.fields);
        manifest
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| FieldStats {
                // Exact when `before` is what the index holds of the documents.
                total_tokens: f.total_tokens.saturating_sub(before[i].total_tokens) + after[i].total_tokens,
                ..f.clone()
            })
            .collect()
    }
}

/// The old shard whose range holds `term` (the first for a term before every shard).
fn shard_of(shards: &[ShardRef], term: &str) -> usize {
    shards.partition_point(|s| s.first.as_str() <= term).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{write_index, Fragment};
    use std::collections::HashMap;

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
        }
    }

    /// One document: per term, its frequency in each field; per field its norm and tokens.
    #[derive(Clone, Default, PartialEq)]
    struct Doc {
        terms: BTreeMap<String, [u32; NUM_FIELDS]>,
        norms: [u8; NUM_FIELDS],
        tokens: [u64; NUM_FIELDS],
        title: String,
    }

    fn random_doc(rng: &mut Rng, words: &[String], n_terms: usize, id: usize) -> Doc {
        let mut doc = Doc { title: format!("question {id} {}", rng.below(1000)), ..Doc::default() };
        for f in 0..NUM_FIELDS {
            doc.norms[f] = rng.below(60) as u8;
            doc.tokens[f] = rng.below(200);
        }
        for _ in 0..n_terms {
            let word = words[rng.below(words.len() as u64) as usize].clone();
            let freqs = doc.terms.entry(word).or_default();
            freqs[rng.below(NUM_FIELDS as u64) as usize] = 1 + rng.below(4) as u32;
        }
        doc
    }

    /// The writer's input for `docs`, numbered in order.
    fn index_of(docs: &[&Doc], popularity: &[u8]) -> IndexData {
        let mut terms: BTreeMap<&str, TermPostings> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for (term, freqs) in &doc.terms {
                let entry =
                    terms.entry(term).or_insert_with(|| TermPostings { term: term.clone(), ..Default::default() });
                for f in (0..NUM_FIELDS).filter(|&f| freqs[f] > 0) {
                    let posting = Posting { doc: d as u32, term_freq: freqs[f], fieldnorm_id: doc.norms[f] };
                    entry.fields[f].push(posting);
                }
            }
        }
        let fields = (0..NUM_FIELDS)
            .map(|f| FieldStats {
                name: format!("field{f}"),
                boost: 1.0 + f as f32,
                total_tokens: docs.iter().map(|d| d.tokens[f]).sum(),
            })
            .collect();
        let fragments = docs
            .iter()
            .enumerate()
            .map(|(d, doc)| Fragment {
                id: format!("doc-{d}"),
                url: format!("d/{d}.html"),
                title: doc.title.clone(),
                category: "Things".into(),
                excerpt: format!("The answer about {}.", doc.title),
            })
            .collect();
        IndexData {
            lang: "en".into(),
            num_docs: docs.len() as u32,
            fields,
            popularity: popularity.to_vec(),
            popularity_weight: 0.5,
            synonyms: vec![vec!["refund".into(), "money back".into()]],
            terms: terms.into_values().collect(),
            fragments,
        }
    }

    /// Patches the files of `docs` with `changed` (document number → new document) and checks
    /// them against the files written from scratch; returns the names of those with new bytes.
    fn check_patch(docs: &[Doc], changed: &BTreeMap<u32, Doc>) -> Vec<String> {
        let now: Vec<Doc> =
            (0..docs.len() as u32).map(|d| changed.get(&d).unwrap_or(&docs[d as usize]).clone()).collect();
        check_resized(docs, &now)
    }

    /// Patches the files of `docs` into those of `now` (documents replaced, and added or
    /// removed at the end), as [`check_patch`].
    fn check_resized(docs: &[Doc], now: &[Doc]) -> Vec<String> {
        let popularity = |n: usize| -> Vec<u8> { (0..n).map(|d| (d % 7) as u8 * 30).collect() };
        let all: Vec<&Doc> = docs.iter().collect();
        let old: HashMap<String, Vec<u8>> = write_index(&index_of(&all, &popularity(docs.len())))
            .unwrap()
            .into_iter()
            .map(|f| (f.name, f.bytes))
            .collect();
        let differs = |n: usize| docs.get(n) != now.get(n);
        let was: Vec<u32> = (0..docs.len()).filter(|&n| differs(n)).map(|n| n as u32).collect();
        let is: Vec<u32> = (0..now.len()).filter(|&n| differs(n)).map(|n| n as u32).collect();
        let side = |numbers: &[u32], of: &[Doc]| {
            let picked: Vec<&Doc> = numbers.iter().map(|&d| &of[d as usize]).collect();
            let mut data = index_of(&picked, &vec![0; picked.len()]);
            // The fragments of the small index name its own numbering: give them the real ones.
            for (f, &d) in data.fragments.iter_mut().zip(numbers) {
                f.id = format!("doc-{d}");
                f.url = format!("d/{d}.html");
            }
            data
        };
        let (before, after) = (side(&was, docs), side(&is, now));
        let new_popularity = popularity(now.len());
        let changes = DocChanges {
            before: (&was, &before),
            after: (&is, &after),
            num_docs: now.len() as u32,
            popularity: &new_popularity,
        };
        let patched = patch_index(&|name| old.get(name).cloned(), &changes).unwrap();

        let now: Vec<&Doc> = now.iter().collect();
        let expected = write_index(&index_of(&now, &new_popularity)).unwrap();
        let names: Vec<&str> = patched.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, expected.iter().map(|f| f.name.as_str()).collect::<Vec<_>>());
        let mut new = Vec::new();
        for ((name, file), want) in patched.iter().zip(&expected) {
            let bytes = match file {
                PatchedFile::Bytes(b) => {
                    new.push(name.clone());
                    b
                }
                PatchedFile::Kept(old_name) => &old[old_name],
            };
            assert!(*bytes == want.bytes, "{name} differs from the written one");
        }
        new
    }

    fn corpus(seed: u64, n_docs: usize) -> (Rng, Vec<String>, Vec<Doc>) {
        let mut rng = Rng(seed);
        let mut words: Vec<String> =
            (0..2500).map(|_| (0..2 + rng.below(8)).map(|_| (b'a' + rng.below(26) as u8) as char).collect()).collect();
        words.sort();
        words.dedup();
        let docs = (0..n_docs).map(|d| random_doc(&mut rng, &words, 100, d)).collect();
        (rng, words, docs)
    }

    #[test]
    fn a_patched_index_is_byte_for_byte_the_one_written_from_scratch() {
        for seed in 1..=6u64 {
            let (mut rng, words, docs) = corpus(seed * 7919, 700);
            // One document changed a little: a few terms swapped, its title new.
            let d = rng.below(700) as u32;
            let mut doc = docs[d as usize].clone();
            let first = doc.terms.keys().next().cloned().unwrap();
            doc.terms.remove(&first);
            doc.terms.insert(words[rng.below(words.len() as u64) as usize].clone(), [1, 0, 0, 2, 0]);
            doc.title = "How do I get my money back?".into();
            doc.tokens[0] += 3;
            let new = check_patch(&docs, &BTreeMap::from([(d, doc)]));
            let made = |kind: &str| new.iter().filter(|n| n.starts_with(kind)).count();
            assert_eq!((made("f-"), made("h-")), (1, 1), "the document's fragment and head files alone");
            assert!(made("s-") < docs.len() / 10, "{new:?}");
            // More shards than a bucket holds: buckets kept whole and buckets hashed again.
            let all: Vec<&Doc> = docs.iter().collect();
            let written = write_index(&index_of(&all, &vec![0; docs.len()])).unwrap();
            assert!(written.iter().filter(|f| f.name.starts_with("s-")).count() > BUCKET_FILES);

            // Terms no other document has, before and after every other term; one sorting
            // first in the whole index.
            let mut doc = docs[d as usize].clone();
            for t in ["0000", "zzzzzzzzzz", "mmm-new", "aaaa-first"] {
                doc.terms.insert(t.into(), [0, 1, 0, 0, 1]);
            }
            check_patch(&docs, &BTreeMap::from([(d, doc)]));

            // A document emptied of every term, another rewritten whole with many terms (the
            // shards' cuts move and their number changes), a third with only its title new.
            let (a, b, c) = (rng.below(200) as u32, 200 + rng.below(200) as u32, 400 + rng.below(300) as u32);
            let emptied = Doc { title: "Empty".into(), ..Doc::default() };
            let rewritten = random_doc(&mut rng, &words, 900, 1);
            let retitled = Doc { title: "A new title".into(), ..docs[c as usize].clone() };
            check_patch(&docs, &BTreeMap::from([(a, emptied), (b, rewritten), (c, retitled)]));
        }
    }

    /// The cut before a shard is decided by the shard's first term: with it gone, the next
    /// term may fit in the shard before.
    #[test]
    fn a_term_that_starts_a_shard_can_leave_the_whole_index() {
        let (_, _, docs) = corpus(99, 250);
        let all: Vec<&Doc> = docs.iter().collect();
        let files = write_index(&index_of(&all, &vec![0; docs.len()])).unwrap();
        let manifest = read_manifest(&files[0].bytes).unwrap();
        assert!(manifest.postings_shards > 10);
        for shard in &manifest.shards[1..manifest.postings_shards] {
            let holders: BTreeMap<u32, Doc> = docs
                .iter()
                .enumerate()
                .filter(|(_, d)| d.terms.contains_key(&shard.first))
                .map(|(n, d)| {
                    let mut d = d.clone();
                    d.terms.remove(&shard.first);
                    (n as u32, d)
                })
                .collect();
            check_patch(&docs, &holders);
        }
    }

    /// A shard closed before a long term: with that term gone, the short one after it fits.
    #[test]
    fn the_shard_before_takes_the_next_term_when_its_first_one_leaves() {
        let mut tried = 0;
        for n in (500..800).step_by(20) {
            let mut docs = vec![Doc::default(); 300];
            for i in 0..n {
                docs[0].terms.insert(format!("a{i:05}"), [1, 0, 0, 0, 0]);
            }
            // Held by every document but the one holding the others.
            for doc in &mut docs[1..] {
                doc.terms.insert("b".into(), [0, 0, 0, 1, 0]);
            }
            docs[0].terms.insert("c".into(), [1, 0, 0, 0, 0]);
            let all: Vec<&Doc> = docs.iter().collect();
            let manifest = read_manifest(&write_index(&index_of(&all, &[0; 300])).unwrap()[0].bytes).unwrap();
            if manifest.shards.get(1).is_none_or(|s| s.first != "b") {
                continue;
            }
            tried += 1;
            let without_b: BTreeMap<u32, Doc> = (1..300u32)
                .map(|d| {
                    let mut doc = docs[d as usize].clone();
                    doc.terms.remove("b");
                    (d, doc)
                })
                .collect();
            check_patch(&docs, &without_b);
        }
        assert!(tried > 0);
    }

    /// Documents added at the end (a new fragment and head file), removed from the end (one
    /// fewer), and one removed from the middle as the preview does: the last moved into its
    /// place.
    #[test]
    fn documents_come_and_go_at_the_end() {
        let (mut rng, words, docs) = corpus(4242, 301);
        let mut grown = docs.clone();
        grown.push(random_doc(&mut rng, &words, 120, 301));
        grown.push(Doc { title: "Can I pay by card?".into(), ..random_doc(&mut rng, &words, 3, 302) });
        check_resized(&docs, &grown);
        check_resized(&grown, &docs);
        let mut moved = docs.clone();
        let last = moved.pop().unwrap();
        moved[17] = last;
        check_resized(&docs, &moved);
        check_resized(&docs, &docs[..300]);
    }
}
