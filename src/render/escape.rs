//! The one escaping function for markup we write: HTML pages (as Tera's escape function), the
//! sitemap and feed (XML), and the complaint report. `'` becomes `&#39;`, valid in both HTML and
//! XML; `/` is left alone so URLs stay readable (it is harmless in content and quoted attributes).

/// Escapes text for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
