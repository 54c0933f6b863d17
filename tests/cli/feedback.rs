//! "Was this helpful?" and contact links that carry their context (issue 16), as built: the
//! form's fields, the mail links' subject and body, and a hostile title escaped in each.

use crate::support::fixture;

/// The value of every `name="…" value="…"` hidden field of `html`, in order.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once("\" value=\"").expect("hidden field has a value");
            (name.to_string(), rest[..rest.find('"').expect("value is quoted")].to_string())
        })
        .collect()
}

/// Every `href` in `html` that starts with `prefix`.
fn hrefs<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.match_indices(&format!("href=\"{prefix}"))
        .map(|(at, _)| {
            let value = &html[at + 6..];
            &value[..value.find('"').expect("href is quoted")]
        })
        .collect()
}

#[test]
fn an_entry_page_asks_whether_it_helped_with_a_plain_form_to_the_configured_endpoint() {
    let site = fixture("feedback");
    site.build_ok();
    let page = site.read("public/tr/orders/cancel.html");
    assert!(page.contains("<h2 id=\"feedback-heading\">Bu yanıt işinize yaradı mı?</h2>"), "{page}");
    assert_eq!(page.matches("<form class=\"feedback-form").count(), 2, "a Yes form and a No form");
    assert_eq!(page.matches("method=\"post\" action=\"https://forms.acme.test/helpful\"").count(), 2);
    let fields = hidden_fields(&page);
    let no_form: Vec<(&str, &str)> = fields[4..].iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        no_form,
        [("entry", "cancel"), ("title", "Siparişimi iptal edebilir miyim?"), ("lang", "tr"), ("helpful", "no")]
    );
    for reason in ["outdated", "unclear", "not-answered", "other"] {
        assert!(page.contains(&format!("name=\"reason\" value=\"{reason}\"")), "{reason}");
    }
    assert!(page.contains("<textarea id=\"feedback-comment\" name=\"comment\""));
    // The script is the site's own file; no inline script anywhere.
    assert!(page.contains("<script src=\"../../assets/feedback.js\" defer></script>"));
    assert!(!page.contains("<script>"), "no inline script");
    // Inside "No", the channels again, the phone first.
    let no = &page[page.find("<summary>Hayır</summary>").expect("No")..];
    let phone = no.find("channel-phone").expect("phone");
    assert!(phone < no.find("channel-email").expect("email") && phone < no.find("channel-chat").expect("chat"));
    // The policy lets the page post to the endpoint, and nothing else.
    let csp = page.split("Content-Security-Policy\" content=\"").nth(1).map(|c| &c[..c.find('"').unwrap()]);
    if let Some(csp) = csp {
        assert!(csp.contains("form-action &#39;self&#39; https://forms.acme.test"), "{csp}");
        assert!(csp.contains("connect-src &#39;self&#39; https://forms.acme.test"), "{csp}");
    }
}

#[test]
fn contact_links_on_an_entry_page_name_the_entry_its_title_and_the_language() {
    let site = fixture("feedback");
    site.build_ok();
    let page = site.read("public/tr/orders/cancel.html");
    let mail = hrefs(&page, "mailto:");
    assert!(!mail.is_empty());
    for href in &mail {
        assert_eq!(
            *href,
            "mailto:help@acme.test?subject=Soru%3A%20Sipari%C5%9Fimi%20iptal%20edebilir%20miyim%3F&amp;body=%0A%0A%0A--%20mesaj%C4%B1n%C4%B1z%C4%B1%20bu%20sat%C4%B1r%C4%B1n%20%C3%BCst%C3%BCne%20yaz%C4%B1n%0Aentry%3A%20cancel%0Atitle%3A%20Sipari%C5%9Fimi%20iptal%20edebilir%20miyim%3F%0Alang%3A%20tr%0A"
        );
    }
    let chat = hrefs(&page, "https://acme.test/chat");
    assert_eq!(chat.len(), 2, "the contact block and the one inside No");
    assert_eq!(
        chat[0],
        "https://acme.test/chat?from=help&amp;entry=cancel&amp;title=Sipari%C5%9Fimi%20iptal%20edebilir%20miyim%3F&amp;lang=tr"
    );
    // Other pages link the plain address.
    assert!(site.read("public/tr/index.html").contains("href=\"mailto:help@acme.test\""));
}

#[test]
fn a_hostile_title_is_escaped_in_hidden_fields_and_encoded_in_mail_links() {
    let site = fixture("feedback");
    site.build_ok();
    let page = site.read("public/orders/hostile.html");
    assert!(!page.contains("<script>alert"), "the title never becomes markup");
    let title = &hidden_fields(&page)[1];
    assert_eq!(title.0, "title");
    assert!(title.1.starts_with("Why &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ?subject=x&amp;body=y#z"));
    for href in hrefs(&page, "mailto:") {
        let (address, query) = href.split_once('?').expect("a query");
        assert_eq!(address, "mailto:help@acme.test");
        // Exactly a subject and a body: the title's `?subject=` and `&body=` stay inside them.
        let keys: Vec<&str> = query.split("&amp;").map(|p| p.split('=').next().unwrap()).collect();
        assert_eq!(keys, ["subject", "body"], "{href}");
        assert!(!href.contains(['"', '<', '>', '#', ' ', '\n']), "{href}");
        // The subject stays on one line: no `Bcc:` header smuggled in through a line break.
        assert!(query.starts_with("subject=Question%20about%3A%20Why%20%22%3E%3Cscript%3E"), "{href}");
        assert!(!query.split("&amp;").next().unwrap().contains("%0A"), "{href}");
    }
    let chat = hrefs(&page, "https://acme.test/chat")[0];
    let keys: Vec<&str> =
        chat.split_once('?').unwrap().1.split("&amp;").map(|p| p.split('=').next().unwrap()).collect();
    assert_eq!(keys, ["from", "entry", "title", "lang"], "{chat}");
}

#[test]
fn feedback_by_email_is_a_mailto_per_answer_and_no_script() {
    let site = fixture("feedback");
    let config =
        site.read("helpmark.yaml").replace("url: https://forms.acme.test/helpful", "email: feedback@acme.test");
    site.write("helpmark.yaml", config);
    site.build_ok();
    let page = site.read("public/orders/cancel.html");
    assert!(!page.contains("<form class=\"feedback-form"), "no form without an endpoint");
    let mail = hrefs(&page, "mailto:feedback@acme.test");
    assert_eq!(mail.len(), 5, "Yes and the four reasons");
    assert_eq!(
        mail[0],
        "mailto:feedback@acme.test?subject=Feedback%3A%20Can%20I%20cancel%20my%20order%3F&amp;body=%0A%0A%0A--%20write%20your%20message%20above%20this%20line%0Aentry%3A%20cancel%0Atitle%3A%20Can%20I%20cancel%20my%20order%3F%0Alang%3A%20en%0Ahelpful%3A%20yes%0A"
    );
    assert!(mail[2].ends_with("helpful%3A%20no%0Areason%3A%20unclear%0Acomment%3A%20%0A"), "{}", mail[2]);
}

#[test]
fn without_feedback_configured_pages_ask_nothing_and_load_no_feedback_script() {
    let site = fixture("feedback");
    let config = site.read("helpmark.yaml").replace("feedback:\n  url: https://forms.acme.test/helpful\n", "");
    site.write("helpmark.yaml", config);
    site.build_ok();
    let page = site.read("public/orders/cancel.html");
    assert!(!page.contains("class=\"feedback"), "{page}");
    assert!(!page.contains("feedback.js"));
    assert!(!page.contains("forms.acme.test"));
}

#[test]
fn a_feedback_endpoint_must_be_https_with_the_line_named() {
    let site = fixture("feedback");
    let config =
        site.read("helpmark.yaml").replace("https://forms.acme.test/helpful", "http://forms.acme.test/helpful");
    site.write("helpmark.yaml", config);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`url` must be an https URL, not `http://forms.acme.test/helpful`"), "{}", run.stderr);
    assert!(run.stderr.contains("helpmark.yaml:10:"), "{}", run.stderr);
}

#[test]
fn contact_details_can_differ_per_language() {
    let site = crate::support::fixture("basic");
    let config = site.read("helpmark.yaml").replace(
        "  response_time_hours: 24\n",
        "  response_time_hours: 24\n  by_language:\n    tr:\n      phone: \"+90 212 555 0100\"\n      hours: Hafta içi 9:00–17:00\n",
    );
    site.write("helpmark.yaml", config);
    site.build_ok();
    let tr = site.read("public/tr/contact.html");
    assert!(tr.contains(r#"href="tel:+902125550100""#) && tr.contains("+90 212 555 0100"), "the Turkish number");
    assert!(!tr.contains("800 555 0100"), "not the American one");
    assert!(!tr.contains(r#"class="badge""#), "a number of its own is not called free");
    assert!(tr.contains("Hafta içi 9:00–17:00"));
    let en = site.read("public/contact.html");
    assert!(en.contains("+1 800 555 0100") && en.contains(r#"class="badge""#), "English keeps the toll-free number");
    // A bad number or a language the site lacks is an error at its line.
    let bad = site
        .read("helpmark.yaml")
        .replace("+90 212 555 0100", "call us")
        .replace("    tr:\n", "    tr:\n      email: x\n");
    site.write("helpmark.yaml", format!("{bad}    de:\n      phone: \"+49 30 1234567\"\n"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for needle in
        ["helpmark.yaml:16:7", "helpmark.yaml:17:7", "helpmark.yaml:19:5", "`de` is not one of the site's languages"]
    {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.stderr);
    }
}
