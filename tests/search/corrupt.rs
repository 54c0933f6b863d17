//! Damaged or stale downloads are errors, never panics (issue #3).

use search_index::format::{read_fragments, FormatError, FORMAT_VERSION, MANIFEST_FILE};
use search_index::StaticIndex;

use crate::fixtures;
use crate::support::{build_and_export, open};

#[test]
fn truncated_or_flipped_shards_and_term_lists_are_rejected() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let mut reader = open(dir.path());
    let files = reader.manifest().shards.clone();
    assert!(files.len() > reader.manifest().postings_shards, "a term-list page too");
    for file in &files {
        let n = file.number;
        let bytes = std::fs::read(dir.path().join(file.file_name())).expect("term file");
        for len in 0..bytes.len() {
            assert!(reader.load_shard(n, &bytes[..len]).is_err(), "{n} truncated to {len}");
        }
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x5A;
            assert!(reader.load_shard(n, &damaged).is_err(), "{n}: byte {i} flipped");
        }
        assert!(reader.load_shard(99, &bytes).is_err(), "unknown shard number");
        reader.load_shard(n, &bytes).expect("the intact file loads");
    }
    // A shard handed over as a term-list page (or the other way round) is rejected.
    let shard = std::fs::read(dir.path().join(files[0].file_name())).expect("shard");
    assert!(reader.load_shard(files[files.len() - 1].number, &shard).is_err());
}

#[test]
fn truncated_or_flipped_manifests_are_rejected() {
    let (_index, dir) = build_and_export("tr", &fixtures::turkish(), &fixtures::synonyms());
    let bytes = std::fs::read(dir.path().join(MANIFEST_FILE)).expect("manifest");
    for len in 0..bytes.len() {
        assert!(StaticIndex::open(&bytes[..len]).is_err(), "truncated to {len}");
    }
    for i in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x01;
        assert!(StaticIndex::open(&damaged).is_err(), "byte {i} flipped");
    }
}

#[test]
fn a_manifest_of_another_format_version_says_so() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let mut bytes = std::fs::read(dir.path().join(MANIFEST_FILE)).expect("manifest");
    bytes[4] = 1;
    let err = StaticIndex::open(&bytes).expect_err("version 1 is not read");
    assert!(matches!(err, FormatError::Version { found: 1, expected: FORMAT_VERSION, .. }), "{err}");
}

#[test]
fn truncated_or_flipped_fragment_files_are_rejected() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let reader = open(dir.path());
    let expected = &reader.manifest().fragments[0];
    let bytes = std::fs::read(dir.path().join(expected.file_name())).expect("fragment file");
    for len in 0..bytes.len() {
        assert!(read_fragments(&bytes[..len], expected).is_err(), "truncated to {len}");
    }
    for i in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x5A;
        assert!(read_fragments(&damaged, expected).is_err(), "byte {i} flipped");
    }
    let other = &reader.manifest().fragments[1];
    assert!(read_fragments(&bytes, other).is_err(), "a file read as another one");
    assert_eq!(read_fragments(&bytes, expected).expect("the intact file reads").len(), expected.count as usize);
}

#[test]
fn searching_before_loading_shards_is_an_error() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let reader = open(dir.path());
    let err = reader.search("refund", Default::default(), 5);
    assert!(err.is_err());
}

#[test]
fn head_files_hold_every_fragment_without_its_excerpt() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let reader = open(dir.path());
    let m = reader.manifest();
    let read = |file: &search_index::format::FragmentRef| {
        let bytes = std::fs::read(dir.path().join(file.file_name())).expect("file named by the manifest");
        read_fragments(&bytes, file).expect("reads")
    };
    let fragments: Vec<_> = m.fragments.iter().flat_map(read).collect();
    let heads: Vec<_> = m.heads.iter().flat_map(read).collect();
    assert_eq!(heads.len(), m.num_docs as usize);
    assert!(m.heads.iter().all(|h| h.file_name().starts_with("h-")));
    for (head, full) in heads.iter().zip(&fragments) {
        assert_eq!(
            (&head.id, &head.url, &head.title, &head.category),
            (&full.id, &full.url, &full.title, &full.category)
        );
        assert!(head.excerpt.is_empty() && !full.excerpt.is_empty(), "{}", head.id);
    }
    // A head file is checked against its manifest entry like a fragment file.
    if let [first, second, ..] = &m.heads[..] {
        let bytes = std::fs::read(dir.path().join(first.file_name())).expect("head file");
        assert!(read_fragments(&bytes, second).is_err());
    }
}
