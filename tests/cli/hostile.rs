//! Content that cannot attack its readers (issue 17): `tests/fixtures/hostile` holds every payload
//! of the issue in an answer, a title, aliases, tags, a category's title, description and intro
//! and the site title. The built site must carry none of them as markup, and still show the
//! entries. The same site runs in Chromium in `tests/browser/hostile.rs`.

use crate::support::{fixture, main_of};

/// One start tag as a browser would read it: its name and attributes (names lower-cased).
#[derive(Debug)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl StartTag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`. Enough of HTML's tokenizer for pages whose text is escaped: a `<`
/// followed by a letter opens a tag, comments and `</...>` are skipped, values may be quoted
/// either way or not at all.
fn start_tags(html: &str) -> Vec<StartTag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i += html[i..].find("-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                if let Some(&q) = b.get(j).filter(|&&q| q == b'"' || q == b'\'') {
                    let end = html[j + 1..].find(q as char).map_or(b.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_string();
                    j = end + 1;
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[start..j].to_string();
                }
            }
            attrs.push((attr, decode(&value)));
        }
        tags.push(StartTag { name, attrs });
        i = j + 1;
    }
    tags
}

/// The character references a browser decodes in attribute values, as far as payloads use them.
fn decode(value: &str) -> String {
    value
        .replace("&#x09;", "")
        .replace("&#9;", "")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// What no published page may hold; `Err` names the first thing found.
fn check_page(page: &str, html: &str) -> Result<(), String> {
    const URL_ATTRS: [&str; 8] = ["href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"];
    for tag in start_tags(html) {
        let bad = |why: &str| Err(format!("{page}: {why}: <{} {:?}>", tag.name, tag.attrs));
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                return bad("event handler");
            }
            if matches!(name.as_str(), "style" | "formaction" | "srcset" | "poster" | "http-equiv")
                && !(name == "http-equiv" && value.eq_ignore_ascii_case("content-security-policy"))
            {
                return bad("forbidden attribute");
            }
            let url: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            if URL_ATTRS.contains(&name.as_str())
                && (url.starts_with("javascript:")
                    || url.starts_with("data:")
                    || url.starts_with("vbscript:")
                    || url.contains("evil.example"))
            {
                return bad("unsafe URL");
            }
        }
        match tag.name.as_str() {
            "script" => {
                // The theme's own scripts, all same-origin files.
                let theme_script = |s: &str| {
                    [
                        "assets/search/helpmark-search.js",
                        "assets/search/search-page.js",
                        "assets/contact.js",
                        "assets/feedback.js",
                    ]
                    .iter()
                    .any(|own| s.ends_with(own))
                };
                let ours = tag.attr("src").is_some_and(theme_script) || tag.attr("type") == Some("application/ld+json");
                if !ours {
                    return bad("script");
                }
            }
            // The search box (`search-form`, `search-form search-large` in the home page's hero)
            // and the contact page's "Describe your problem" box.
            "form"
                if !matches!(
                    tag.attr("class").and_then(|c| c.split(' ').next()),
                    Some("search-form" | "describe-form")
                ) =>
            {
                return bad("form")
            }
            "textarea" if tag.attr("id") == Some("describe-q") => {}
            "input" if tag.attr("id") != Some("search-q") && tag.attr("type") != Some("checkbox") => {
                return bad("input")
            }
            "iframe" => {
                let allowed = tag.attr("src").is_some_and(|s| s.starts_with("https://www.youtube-nocookie.com/"));
                if !allowed || tag.attr("sandbox").is_none() || tag.attr("allow").is_some() {
                    return bad("iframe");
                }
            }
            "label" if !matches!(tag.attr("for"), Some("search-q" | "describe-q")) => return bad("label"),
            "meta" if tag.attr("http-equiv").is_some() && tag.attr("content").is_some_and(|c| c.contains("url=")) => {
                return bad("meta refresh")
            }
            "style" | "base" | "svg" | "math" | "object" | "embed" | "video" | "audio" | "source" | "frame"
            | "frameset" | "template" | "textarea" | "select" => return bad("element"),
            "link"
                if !matches!(tag.attr("rel"), Some("canonical" | "alternate" | "stylesheet" | "icon" | "search")) =>
            {
                return bad("link")
            }
            _ => {}
        }
    }
    // JSON-LD sits inside a <script>: it must hold no `<` that could close it, and be JSON.
    for block in html.split("<script type=\"application/ld+json\">").skip(1) {
        let json = block.split("</script>").next().unwrap_or_default();
        if json.contains('<') {
            return Err(format!("{page}: JSON-LD holds a `<`"));
        }
        serde_json::from_str::<serde_json::Value>(json).map_err(|e| format!("{page}: JSON-LD: {e}"))?;
    }
    Ok(())
}

#[test]
fn the_scanner_sees_the_payloads_it_looks_for() {
    // The checker itself, on unsanitised markup: it must catch every kind of payload.
    for payload in [
        "<script>x</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" javascript:x\">a</a>",
        "<a href=\"java&#x09;script:x\">a</a>",
        "<form action=https://evil.example/>",
        "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
        "<base href=https://evil.example/>",
        "<style>b{}</style>",
        "<iframe src=https://evil.example/></iframe>",
        "<svg onload=x>",
        "<a href='data:text/html,x'>a</a>",
        "<div style=\"position:fixed\">",
    ] {
        assert!(check_page("test", payload).is_err(), "{payload} passed the checker");
    }
    assert!(check_page("test", "<p title=\"&lt;script&gt;\">&lt;script&gt;</p>").is_ok());
}

#[test]
fn hostile_content_is_published_as_text_and_the_entries_still_render() {
    let site = fixture("hostile");
    site.build_ok();
    let mut pages = 0;
    for (path, bytes) in site.files("public") {
        let text = String::from_utf8_lossy(&bytes);
        let name = path.display().to_string();
        if name.ends_with(".html") {
            pages += 1;
            if let Err(problem) = check_page(&name, &text) {
                panic!("{problem}");
            }
        } else if name.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        }
    }
    assert!(pages >= 6, "{pages} pages");

    let refund = site.read("public/billing/refund.html");
    let main = main_of(&refund);
    assert!(main.contains("<h1>&lt;script&gt;window.pwned=&#39;title&#39;&lt;/script&gt; How do I get a refund?</h1>"));
    for kept in ["Refunds take five working days.", "<b>bold</b>", "Details stay.", "Overlay", "The end of the answer."]
    {
        assert!(main.contains(kept), "the answer lost `{kept}`:\n{main}");
    }
    let video = site.read("public/orders/video.html");
    assert!(video.contains(r#"src="https://www.youtube-nocookie.com/embed/abc123""#), "{}", main_of(&video));
    assert!(video.contains(r#"href="../billing/refund.html""#), "links between entries still work");
    let category = site.read("public/billing/index.html");
    assert!(main_of(&category).contains("Intro"), "{}", main_of(&category));
}
