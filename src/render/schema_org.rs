//! schema.org data (JSON-LD): `FAQPage` for entry pages, `ItemList` for category pages.

use crate::model::Entry;
use serde::Serialize;

// Fields in alphabetical order, as the JSON-LD of earlier builds had them.

#[derive(Serialize)]
struct FaqPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntity")]
    main_entity: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: Answer<'a>,
    name: &'a str,
}

#[derive(Serialize)]
struct Answer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct ItemList {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem>,
}

#[derive(Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    url: String,
}

/// JSON-LD for a category page: the list of its questions' pages (`entries`, the first of them
/// at `offset` in the category). A category page shows titles, not answers, so it is no
/// `FAQPage`; listing every answer here made a category of a thousand questions a 2 MB page.
pub(super) fn item_list(base_url: &str, entries: &[&Entry], offset: usize) -> String {
    let list = ItemList {
        context: "https://schema.org",
        kind: "ItemList",
        items: entries
            .iter()
            .enumerate()
            .map(|(k, e)| ListItem { kind: "ListItem", position: offset + k + 1, url: format!("{base_url}{}", e.url) })
            .collect(),
    };
    let json = serde_json::to_string(&list).expect("strings always serialise");
    json.replace('<', "\\u003c")
}

/// JSON-LD for a page answering `entries`, safe to place inside a `<script>` element.
pub(super) fn faq_page(entries: &[&Entry]) -> String {
    let page = FaqPage {
        context: "https://schema.org",
        kind: "FAQPage",
        main_entity: entries
            .iter()
            .map(|e| Question {
                kind: "Question",
                name: &e.title,
                accepted_answer: Answer { kind: "Answer", text: &e.html },
            })
            .collect(),
    };
    let json = serde_json::to_string(&page).expect("strings always serialise");
    // `<` only occurs inside JSON strings, where \u003c means the same; this keeps `</script>` out.
    json.replace('<', "\\u003c")
}
