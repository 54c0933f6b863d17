//! schema.org `FAQPage` data (JSON-LD) for entry and category pages.

use crate::model::Entry;
use serde_json::json;

/// JSON-LD for a page answering `entries`, safe to place inside a `<script>` element.
pub(super) fn faq_page(entries: &[&Entry]) -> String {
    let questions: Vec<_> = entries
        .iter()
        .map(|e| json!({"@type": "Question", "name": e.title, "acceptedAnswer": {"@type": "Answer", "text": e.html}}))
        .collect();
    let value = json!({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions});
    // `<` only occurs inside JSON strings, where \u003c means the same; this keeps `</script>` out.
    value.to_string().replace('<', "\\u003c")
}
