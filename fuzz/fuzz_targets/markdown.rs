//! The Markdown renderer (`src/model/markdown.rs`): pulldown-cmark events, `.md` links rewritten
//! to page URLs (or reported as broken), heading ids and the plain text.
//!
//! Input: the first line is the entry's folder inside its language folder (`orders`,
//! `billing/cards`, possibly nonsense), the rest is the body.
//!
//! Invariants: every broken link is a byte range of the body on character boundaries, naming
//! an `.md` target; headings slug to non-empty ids made of lower-case words joined by `-`;
//! the plain text is trimmed; the sanitised HTML holds no script element and no `javascript:`
//! link (issue 17).
#![no_main]

use helpmark::model::markdown::{self, LinkContext};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Entry sources → page URLs, as the model builds them for a two-language site.
static PAGES: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    [
        ("orders/cancel.md", "orders/cancel.html"),
        ("billing/refund.md", "billing/refund.html"),
        ("billing/cards/expired.md", "billing/expired-card.html"),
        ("iade/para-iadesi.md", "tr/iade/para-iadesi.html"),
        ("भुगतान/रिफ़ंड.md", "hi/भुगतान/रिफ़ंड.html"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
});

/// The default policy (raw HTML sanitised), with one allowed iframe host.
static POLICY: LazyLock<markdown::HtmlPolicy> = LazyLock::new(|| {
    markdown::HtmlPolicy::new(&helpmark::config::MarkdownConfig {
        unsafe_html: false,
        iframe_hosts: vec!["www.youtube-nocookie.com".to_string()],
    })
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (source_dir, body) = text.split_once('\n').unwrap_or(("", &text));
    // As `model::render_body` computes it from the page URL's depth.
    let root = "../".repeat(source_dir.matches('/').count() + usize::from(!source_dir.is_empty()));
    let rendered = markdown::render(body, &LinkContext { source_dir, root: &root, pages: &PAGES, files: None }, &POLICY);
    for (range, target) in &rendered.broken_links {
        assert!(body.get(range.clone()).is_some(), "broken link {range:?} slices the body ({} bytes)", body.len());
        assert!(target.ends_with(".md"), "{target:?}");
    }
    for heading in &rendered.headings {
        let slug = markdown::slugify(heading);
        assert!(!slug.is_empty() && !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
    }
    assert_eq!(rendered.text.trim(), rendered.text);
    // Inside tags only: text may hold `src="javascript:` as words (a `<` of text is `&lt;`, so
    // every `<` starts a tag).
    let html = rendered.html.to_ascii_lowercase();
    for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(rest)) {
        assert!(!tag.starts_with("script"), "{}", rendered.html);
        assert!(!tag.contains("href=\"javascript:") && !tag.contains("src=\"javascript:"), "{}", rendered.html);
    }
});
