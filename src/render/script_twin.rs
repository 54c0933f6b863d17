//! Script twins for sites opened from disk. Browsers refuse `fetch()` on `file://`, but they
//! run classic `<script src>` files; so every binary file the search client needs also ships
//! inside a script that stores its bytes (base64) under the file's path in
//! `window.helpmarkFiles`. The wasm module gets its own twin (`<name>.js`); the search index
//! files of a folder are packed into [`BUNDLES`] scripts (`disk-<n>.js`, chosen by a hash of
//! the file name that the client computes the same way), so a site does not double its file
//! count. The client uses them only on `file://`.

/// The `.js` twin of the binary file at `path` (from the site root).
pub(crate) fn script_twin(path: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let mut script = Vec::new();
    push_twin(&mut script, path, bytes);
    (format!("{path}.js"), script)
}

/// Appends the line that stores `bytes` under `path` to `script`.
fn push_twin(script: &mut Vec<u8>, path: &str, bytes: &[u8]) {
    let key = serde_json::to_string(path).expect("a string always serialises");
    script.extend_from_slice(b"(window.helpmarkFiles=window.helpmarkFiles||{})[");
    script.extend_from_slice(key.as_bytes());
    script.extend_from_slice(b"]=\"");
    push_base64(script, bytes);
    script.extend_from_slice(b"\";\n");
}

/// How many disk bundles the files of one search folder are spread over.
pub(crate) const BUNDLES: u32 = 32;

/// The bundle of the file named `name` (a file name, no folder): a 31-multiplier hash of its
/// bytes modulo [`BUNDLES`]. `helpmark-search.js` computes the same (`bundleOf`).
pub(crate) fn bundle_of(name: &str) -> u32 {
    name.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % BUNDLES
}

/// The disk bundles of the files in `folder` (path from the site root, no trailing `/`), each
/// `(path from the site root, bytes)`: `(path, script)` for every bundle that holds at least
/// one file, in bundle order.
pub(crate) fn bundles(folder: &str, files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    (0..BUNDLES)
        .filter_map(|n| {
            let script = bundle(n, files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice())))?;
            Some((bundle_path(folder, n), script))
        })
        .collect()
}

/// Disk bundle `n` of `files` (`(path from the site root, bytes)`, all in one folder, in the
/// order [`bundles`] is given them), when it holds any of them.
pub(crate) fn bundle<'f>(n: u32, files: impl IntoIterator<Item = (&'f str, &'f [u8])>) -> Option<Vec<u8>> {
    let mut script = Vec::new();
    for (path, bytes) in files {
        let name = path.rsplit('/').next().unwrap_or(path);
        if bundle_of(name) == n {
            push_twin(&mut script, path, bytes);
        }
    }
    (!script.is_empty()).then_some(script)
}

/// The path of disk bundle `n` of `folder`.
fn bundle_path(folder: &str, n: u32) -> String {
    format!("{folder}/disk-{n}.js")
}

/// The folder and number of the disk bundle at `path`, if it names one.
pub(crate) fn bundle_at(path: &str) -> Option<(&str, u32)> {
    let (folder, name) = path.rsplit_once('/')?;
    let n: u32 = name.strip_prefix("disk-")?.strip_suffix(".js")?.parse().ok()?;
    (n < BUNDLES && bundle_path(folder, n) == path).then_some((folder, n))
}

/// Appends standard base64 with padding (what the browser's `atob` decodes).
fn push_base64(out: &mut Vec<u8>, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[18, 12, 6, 0].map(|shift| ALPHABET[(n >> shift) as usize & 63]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let n = (u32::from(rest[0]) << 16) | (u32::from(*rest.get(1).unwrap_or(&0)) << 8);
        let sextets = [18, 12, 6].map(|shift| ALPHABET[(n >> shift) as usize & 63]);
        out.extend_from_slice(&sextets[..=rest.len()]);
        out.extend(std::iter::repeat_n(b'=', 3 - rest.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        let base64 = |bytes: &[u8]| {
            let mut out = Vec::new();
            push_base64(&mut out, bytes);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar\xff"), "Zm9vYmFy/w==");
    }

    #[test]
    fn bundles_hold_every_file_once_in_the_bundle_its_name_hashes_to() {
        let files = vec![
            ("_search/en/manifest.bin".to_string(), b"m".to_vec()),
            ("_search/en/s-1.bin".to_string(), b"s".to_vec()),
        ];
        let out = bundles("_search/en", &files);
        let all: String = out.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
        assert_eq!(all.lines().count(), 2);
        let (path, script) = &out[0];
        let first = if bundle_of("manifest.bin") <= bundle_of("s-1.bin") { "manifest.bin" } else { "s-1.bin" };
        assert_eq!(path, &format!("_search/en/disk-{}.js", bundle_of(first)));
        assert!(String::from_utf8_lossy(script).contains(&format!("\"_search/en/{first}\"")));
        // The same hash as the browser client computes: ("a" = 97) → 97 % 32.
        assert_eq!(bundle_of("a"), 1);
        // One bundle made alone is that bundle, found by its path.
        let (folder, n) = bundle_at(path).expect("a bundle's path");
        assert_eq!(folder, "_search/en");
        assert_eq!(bundle(n, files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))).as_ref(), Some(script));
        for other in ["_search/en/disk-32.js", "_search/en/disk-07.js", "_search/en/disk-x.js", "disk-1.js"] {
            assert_eq!(bundle_at(other), None, "{other}");
        }
    }

    #[test]
    fn twin_stores_bytes_under_the_path() {
        let (path, script) = script_twin("_search/en/manifest.bin", b"hi");
        assert_eq!(path, "_search/en/manifest.bin.js");
        assert_eq!(
            String::from_utf8(script).unwrap(),
            "(window.helpmarkFiles=window.helpmarkFiles||{})[\"_search/en/manifest.bin\"]=\"aGk=\";\n"
        );
    }
}
