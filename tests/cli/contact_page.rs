//! The contact page as built (issue 16): the "Describe your problem" box first, a plain search
//! form without JavaScript, then the channels, the phone first, each with the opening hours
//! and its own promised response time in the page's language.

use crate::support::{fixture, main_of};

#[test]
fn the_contact_page_shows_the_hours_and_each_channels_own_promise_in_its_language() {
    let site = fixture("feedback");
    let config = site.read("helpmark.yaml").replace(
        "  chat_url: https://acme.test/chat?from=help\n",
        "  chat_url: https://acme.test/chat?from=help\n  hours: {en: Every day 9 to 5, tr: Her gün 09-17}\n  response_time_hours: 24\n  response_time: {chat: 5m, email: 1h30m}\n",
    );
    site.write("helpmark.yaml", config);
    site.build_ok();
    for (page, email, chat, hours) in [
        ("public/contact.html", "Reply within 1 hour 30 minutes", "Reply within 5 minutes", "Every day 9 to 5"),
        ("public/tr/contact.html", "1 saat 30 dakika içinde yanıt", "5 dakika içinde yanıt", "Her gün 09-17"),
    ] {
        let html = site.read(page);
        let main = main_of(&html);
        let channel = |class: &str| {
            let at = main.find(&format!("class=\"channel {class}\"")).unwrap_or_else(|| panic!("{page}: {class}"));
            &main[at..at + main[at..].find("</li>").expect("closed")]
        };
        assert!(
            channel("channel-email").contains(&format!("<span class=\"channel-promise\">{email}</span>")),
            "{main}"
        );
        assert!(channel("channel-chat").contains(&format!("<span class=\"channel-promise\">{chat}</span>")), "{main}");
        assert!(!channel("channel-phone").contains("channel-promise"), "no promise of its own: {main}");
        assert!(channel("channel-hours").contains(hours), "{main}");
        // The box comes first, a plain search form, then the channels, the phone first.
        let box_at = main.find("<form class=\"describe-form\" role=\"search\" action=\"").expect("the box");
        assert!(box_at < main.find("channel-phone").expect("phone"), "{main}");
        assert!(main.find("channel-phone") < main.find("channel-email"), "{main}");
    }
    let hindi = fixture("feedback");
    hindi.write(
        "helpmark.yaml",
        hindi.read("helpmark.yaml").replace("[en, tr]", "[en, tr, hi]").replace(
            "  chat_url: https://acme.test/chat?from=help\n",
            "  chat_url: https://acme.test/chat?from=help\n  response_time: {chat: 2d}\n",
        ),
    );
    hindi.build_ok();
    assert!(hindi.read("public/hi/contact.html").contains("<span class=\"channel-promise\">2 दिन के अंदर जवाब</span>"));
}
