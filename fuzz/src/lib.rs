//! Helpers shared by the fuzz targets in `fuzz_targets/`.
//!
//! Some entry points of the helpmark library read their input from a path (`config::load`,
//! `rank::read::read_file`) and the human diagnostic renderer reads the file a diagnostic
//! names, so those targets write each input to a scratch folder first. `scripts/fuzz.sh` points
//! `TMPDIR` at a folder it removes afterwards.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A folder of this fuzzing process's own (created on first use, reused by every run).
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("helpmark-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the scratch folder can be created");
        dir
    })
}

/// Writes `bytes` to `name` in the scratch folder and returns its path.
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, bytes).expect("the scratch file can be written");
    path
}

/// Separates the parts of a structured input (see `search_index.rs`). Long and unlikely in the
/// index files themselves, so a seed made of real files splits where it was joined.
pub const SEPARATOR: &[u8] = b"--HMFZ--";

/// Splits `data` at every [`SEPARATOR`].
pub fn split_parts(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        parts.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

/// FNV-1a, 64 bits, as the index format defines it (`search-index/src/format/codec.rs`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `file` with its last four bytes replaced by the checksum of the rest, so that a mutated
/// index file gets past the checksum to the parser behind it. Files under four bytes are
/// returned as they are (the reader must reject them as truncated).
pub fn with_checksum(file: &[u8]) -> Vec<u8> {
    let mut out = file.to_vec();
    if let Some(body_len) = out.len().checked_sub(4) {
        let sum = (fnv1a(&out[..body_len]) as u32).to_le_bytes();
        out[body_len..].copy_from_slice(&sum);
    }
    out
}
