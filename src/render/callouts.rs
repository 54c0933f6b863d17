//! The labels of an answer's callouts (`> [!NOTE]` …) in the page's language. `model::markdown`
//! writes each callout with an empty title paragraph, as the model knows no theme strings; here
//! each is filled with the theme's `callout_<kind>` text, escaped.

use super::escape::escape;
use super::theme::Strings;
use std::borrow::Cow;

/// The callout kinds, as `model::markdown::callout_name` names them.
const KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// `html` with every empty callout title labelled; borrowed when it has none.
pub(super) fn label<'h>(html: &'h str, t: &Strings) -> Cow<'h, str> {
    if !html.contains("<p class=\"callout-title callout-title-") {
        return Cow::Borrowed(html);
    }
    let mut out = html.to_string();
    for kind in KINDS {
        let empty = format!("<p class=\"callout-title callout-title-{kind}\"></p>");
        if out.contains(&empty) {
            let text = t.get(&format!("callout_{kind}")).map_or(kind, String::as_str);
            out = out.replace(&empty, &format!("<p class=\"callout-title callout-title-{kind}\">{}</p>", escape(text)));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_callout_gets_its_label_in_the_page_s_language() {
        let t = Strings::from([("callout_warning".to_string(), "Uyarı <b>".to_string())]);
        let html = "<div class=\"callout callout-warning\">\n<p class=\"callout-title callout-title-warning\"></p>\n<p>x</p></div><p class=\"callout-title callout-title-tip\"></p>";
        let out = label(html, &t);
        assert!(out.contains("callout-title-warning\">Uyarı &lt;b&gt;</p>"), "{out}");
        assert!(out.contains("callout-title-tip\">tip</p>"), "a missing string falls back to the kind: {out}");
        assert!(matches!(label("<p>plain</p>", &t), Cow::Borrowed(_)));
    }
}
