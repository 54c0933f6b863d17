//! Script twins for sites opened from disk. Browsers refuse `fetch()` on `file://`, but they
//! run classic `<script src>` files; so every binary file the search client needs (the wasm
//! module, the search index) also ships as `<name>.js`, which stores its bytes (base64) under
//! the file's path in `window.helpmarkFiles`. The client uses the twins only on `file://`.

/// The `.js` twin of the binary file at `path` (from the site root).
pub(crate) fn script_twin(path: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let key = serde_json::to_string(path).expect("a string always serialises");
    let script = format!("(window.helpmarkFiles=window.helpmarkFiles||{{}})[{key}]=\"{}\";\n", base64(bytes));
    (format!("{path}.js"), script.into_bytes())
}

/// Standard base64 with padding (what the browser's `atob` decodes).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar\xff"), "Zm9vYmFy/w==");
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
