//! schema.org `FAQPage` data (JSON-LD) for entry and category pages.

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
