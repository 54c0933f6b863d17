//! "Was this helpful?" as a customer meets it (issue 16): on an entry page of
//! `tests/fixtures/feedback`, built with its `feedback.url` pointed at an endpoint this test
//! serves on 127.0.0.1, No → a reason → a comment → Send posts exactly the documented fields,
//! under the page's own Content-Security-Policy, and the page thanks in place.

use crate::webdriver::{Browser, Server};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every request an endpoint received: its method and path, and its body.
pub type Received = Arc<Mutex<Vec<(String, String)>>>;

/// A form endpoint on loopback: records the method, path and body of every request and
/// answers 204, as a form service would (the page reads no answer: it posts `no-cors`).
pub fn endpoint() -> (u16, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut length = 0usize;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let line = request_line.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            log.lock().expect("log").push((line, String::from_utf8_lossy(&body).into_owned()));
            let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        }
    });
    (port, seen)
}

/// `a=1&b=x+y` → {a: 1, b: x y}, percent-decoded.
pub fn form_fields(body: &str) -> BTreeMap<String, String> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match (bytes[i], s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'%', Some(b)) => {
                    out.push(b);
                    i += 3;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    body.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (decode(k), decode(v))).collect()
}

/// The feedback fixture with its endpoint on `port`, built into `public/` in a temp dir.
fn built_with_endpoint(port: u16) -> tempfile::TempDir {
    crate::site::built_fixture("feedback", |text| {
        let moved = text.replace("https://forms.acme.test/helpful", &format!("http://127.0.0.1:{port}/helpful"));
        assert_ne!(moved, text, "the fixture names its endpoint");
        moved
    })
}

#[test]
fn a_customer_who_says_no_sends_their_reason_and_comment_labelled_with_the_answer_they_read() {
    let (port, received) = endpoint();
    let site = built_with_endpoint(port);
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(390, 900);
    browser.goto(&format!("{}orders/cancel.html", server.url));
    browser.wait_for("return document.querySelector('section.feedback') !== null", 10);
    // What a customer does: opens No, picks a reason, writes a comment, sends.
    browser.eval("document.querySelector('.feedback-no summary').click(); return true;");
    browser.eval(
        "document.querySelector('.feedback-no input[name=reason][value=unclear]').click();
         document.querySelector('.feedback-no textarea[name=comment]').value = 'Which button? 5 & 6';
         document.querySelector('.feedback-no button[type=submit]').click(); return true;",
    );
    browser.wait_for("return !document.querySelector('.feedback-thanks').hidden", 10);

    let deadline = Instant::now() + Duration::from_secs(10);
    while received.lock().expect("log").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let requests = received.lock().expect("log").clone();
    assert_eq!(requests.len(), 1, "one post, nothing else: {requests:?}");
    let (line, body) = &requests[0];
    assert_eq!(line, "POST /helpful");
    let fields = form_fields(body);
    let expected: BTreeMap<String, String> = [
        ("entry", "cancel"),
        ("title", "Can I cancel my order?"),
        ("lang", "en"),
        ("helpful", "no"),
        ("reason", "unclear"),
        ("comment", "Which button? 5 & 6"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(fields, expected, "exactly the documented fields: {body}");
    // The page stayed where it was: the thank-you is shown in place of the buttons.
    let still_there = browser.eval("return location.pathname");
    assert_eq!(still_there.as_str(), Some("/orders/cancel.html"));
}

#[test]
fn a_search_that_finds_nothing_offers_a_contact_link_carrying_the_query() {
    let (port, _received) = endpoint();
    let site = built_with_endpoint(port);
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start(1000, 800);
    // The search page, submitted.
    browser.goto(&format!("{}search.html?q=zebra%20quokka", server.url));
    let href = browser
        .wait_for("const a = document.querySelector('#search-results ~ .search-contact a'); return a && a.href;", 15);
    let href = href.as_str().expect("a link").to_string();
    assert!(href.starts_with("mailto:help@acme.test"), "the site's email: {href}");
    assert!(href.contains("zebra%20quokka"), "the query goes with it: {href}");
    // The dropdown, while typing: never empty, its last row the same way to a human.
    browser.goto(&format!("{}orders/cancel.html", server.url));
    browser.eval("document.getElementById('search-q').focus();");
    browser.keys("zebra quokka");
    // Options hold no link (axe `nested-interactive`): choosing one follows its `data-href`.
    // The row is there from the first letter on (nothing matches "z" either): it is read once
    // it carries the whole query.
    let row = browser.wait_for(
        "const o = document.getElementById('search-option-contact'); \
         return o && o.dataset.href.includes('zebra%20quokka') && o.dataset.href;",
        15,
    );
    assert!(row.as_str().is_some_and(|h| h.contains("zebra%20quokka")), "{row}");
}

#[test]
fn without_javascript_the_feedback_form_posts_the_same_fields_as_a_plain_form() {
    let (port, received) = endpoint();
    let site = built_with_endpoint(port);
    let server = Server::start(&site.path().join("public"));
    let browser = Browser::start_with(390, 900, &["--blink-settings=scriptEnabled=false"]);
    browser.goto(&format!("{}orders/cancel.html", server.url));
    let ran = browser.eval("return typeof window.helpmark;");
    assert_eq!(ran.as_str(), Some("undefined"), "no page script runs");
    // The same steps, with the browser's own form submission (the endpoint answers 204, so
    // the page stays).
    browser.eval(
        "document.querySelector('.feedback-no summary').click();
         document.querySelector('.feedback-no input[name=reason][value=outdated]').click();
         document.querySelector('.feedback-no textarea[name=comment]').value = 'Prices changed';
         document.querySelector('.feedback-no button[type=submit]').click(); return true;",
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    while received.lock().expect("log").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let requests = received.lock().expect("log").clone();
    assert_eq!(requests.len(), 1, "one post: {requests:?}");
    assert_eq!(requests[0].0, "POST /helpful");
    let fields = form_fields(&requests[0].1);
    let expected: BTreeMap<String, String> = [
        ("entry", "cancel"),
        ("title", "Can I cancel my order?"),
        ("lang", "en"),
        ("helpful", "no"),
        ("reason", "outdated"),
        ("comment", "Prices changed"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(fields, expected, "the plain form sends what the script sends: {}", requests[0].1);
}
