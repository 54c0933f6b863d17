//! The one escaping function for markup we write: HTML pages (as Tera's escape function), the
//! sitemap and feed (XML), and the complaint report. `'` becomes `&#39;`, valid in both HTML and
//! XML; `/` is left alone so URLs stay readable (it is harmless in content and quoted attributes).

/// Escapes text for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut done = 0;
    // The special characters are ASCII, so byte positions are character boundaries; the text
    // between them is copied in one piece.
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[done..i]);
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(&text[done..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            super::escape("<a href=\"x\">Tom & Jerry's</a> é/ü"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é/ü"
        );
        assert_eq!(super::escape(""), "");
        assert_eq!(super::escape("पैसे"), "पैसे");
    }
}
