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

/// [`escape`] for the XML documents (sitemap, feed), which also leaves out every character XML
/// 1.0 forbids (C0 controls other than tab, newline and carriage return; U+FFFE and U+FFFF):
/// one of them anywhere makes the whole document ill-formed, and no reference (`&#7;`) makes
/// it legal.
pub fn escape_xml(text: &str) -> String {
    let allowed =
        |c: char| !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    let escaped = escape(text);
    if escaped.chars().all(allowed) {
        escaped
    } else {
        escaped.chars().filter(|&c| allowed(c)).collect()
    }
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

    #[test]
    fn xml_escaping_leaves_out_what_xml_forbids() {
        assert_eq!(super::escape_xml("Bell\u{7}, <b>\u{0}\u{1f}\u{fffe}"), "Bell, &lt;b&gt;");
        assert_eq!(super::escape_xml("tab\tline\ncr\r\u{7f}é"), "tab\tline\ncr\r\u{7f}é");
    }
}
