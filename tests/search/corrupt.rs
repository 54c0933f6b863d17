//! Damaged or stale downloads are errors, never panics (issue #3).

use search_index::format::MANIFEST_FILE;
use search_index::StaticIndex;

use crate::fixtures;
use crate::support::{build_and_export, open};

#[test]
fn truncated_or_flipped_shards_are_rejected() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let mut reader = open(dir.path());
    let shard = &reader.manifest().shards[0];
    let bytes = std::fs::read(dir.path().join(shard.file_name())).expect("shard");
    for len in 0..bytes.len() {
        assert!(reader.load_shard(0, &bytes[..len]).is_err(), "truncated to {len}");
    }
    for i in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x5A;
        assert!(reader.load_shard(0, &damaged).is_err(), "byte {i} flipped");
    }
    assert!(reader.load_shard(99, &bytes).is_err(), "unknown shard number");
    reader.load_shard(0, &bytes).expect("the intact shard loads");
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
fn searching_before_loading_shards_is_an_error() {
    let (_index, dir) = build_and_export("en", &fixtures::english(), &[]);
    let reader = open(dir.path());
    let err = reader.search("refund", Default::default(), 5);
    assert!(err.is_err());
}
