//! URL text: `%XX` escapes, as links in Markdown and requests to `serve` write them.

/// The bytes of `text` with its `%XX` escapes decoded; a `%` that starts no escape is kept as
/// it is, or, when `strict`, makes the whole text `None` (a request line must be well formed).
fn decode(text: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let escape = text.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            match escape.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                    continue;
                }
                None if strict => return None,
                None => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

/// `text` with its `%XX` escapes decoded, as a link's path names a file (`my%20file.pdf`).
/// Text that does not decode to UTF-8, and a `%` that starts no escape, stay as written.
pub fn percent_decode(text: &str) -> String {
    decode(text, false).and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_else(|| text.to_string())
}

/// The bytes of `raw` with its `%XX` escapes decoded; `None` when a `%` starts no escape.
pub fn percent_decode_strict(raw: &str) -> Option<Vec<u8>> {
    decode(raw, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_to_the_end_of_the_text_and_broken_ones_stay_or_fail() {
        assert_eq!(percent_decode("my%20file%2Epdf"), "my file.pdf");
        assert_eq!(percent_decode("a%20"), "a ");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("50%zz%2"), "50%zz%2");
        // Not UTF-8 once decoded: the text as written.
        assert_eq!(percent_decode("%FF.pdf"), "%FF.pdf");
        assert_eq!(percent_decode_strict("a%2Fb"), Some(b"a/b".to_vec()));
        assert_eq!(percent_decode_strict("a%2"), None);
        assert_eq!(percent_decode_strict("%+1"), None);
    }
}
