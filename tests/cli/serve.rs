//! `helpmark serve` for real (issue 15): the binary on a copy of a fixture, on a free port;
//! pages fetched over TCP, edits made to the files, reload events read off the event stream.

#[path = "../support/preview.rs"]
mod preview;

use crate::support::fixture;
use preview::{page_version, Preview};
use std::time::Duration;

const WITHIN: Duration = Duration::from_secs(60);

const ENTRY: &str = "content/en/billing/refund.md";

#[test]
fn an_edit_reloads_the_page_a_bad_edit_keeps_the_last_good_site_with_its_problems_and_a_fix_recovers() {
    let site = fixture("basic");
    let good = site.read(ENTRY);
    let preview = Preview::start(site.path(), &[]);
    assert!(preview.url.starts_with("http://127.0.0.1:") && preview.url.ends_with('/'), "{}", preview.url);

    let page = preview.get("billing/refund.html");
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(page.head.contains("Content-Type: text/html; charset=utf-8"), "{}", page.head);
    let html = page.text();
    assert!(html.contains("<h1>How do I get a refund?</h1>"));
    assert!(html.contains(r#"<script src="/_helpmark/reload.js""#), "the preview adds its reload script");
    let script = preview.get("_helpmark/reload.js");
    assert!(script.status == 200 && script.head.contains("text/javascript"), "{}", script.head);

    // An edit: the open page is told to reload, and gets the new title.
    let before = page_version(&html);
    let mut events = preview.events(before);
    site.write(ENTRY, good.replace("title: How do I get a refund?", "title: When does my refund arrive?"));
    let edited = events.next_settled(&preview, WITHIN);
    // The page first (one reload), then the whole site (another).
    assert!(edited >= before + 2, "{before} -> {edited}:\n{}", preview.said());
    assert!(preview.said().contains("changed pages served in"), "{}", preview.said());
    let html = preview.get("billing/refund.html").text();
    assert!(html.contains("<h1>When does my refund arrive?</h1>"), "{}", preview.said());
    assert_eq!(page_version(&html), edited);
    let problems = json(&preview.get("_helpmark/diagnostics").body);
    assert!(problems["problems"].is_null(), "{problems}");
    // Search finds the new title: the served search files, read as the browser reads them.
    let found = json(&preview.get("_helpmark/search?lang=en&q=when+does+my+refund+arrive%3F").body);
    assert_eq!(found["query"], "when does my refund arrive?", "{found}");
    assert_eq!(found["hits"][0]["url"], "billing/refund.html", "{found}");
    assert_eq!(preview.get("_helpmark/search?lang=xx&q=refund").status, 404, "no such language");

    // A bad edit: the page reloads to the last good site, and the diagnostics say what is wrong.
    site.write(ENTRY, "---\ntitle: [When does my refund arrive?\n---\nRefunds arrive within 5 days.\n");
    let broken = events.next_settled(&preview, WITHIN);
    assert!(broken > edited);
    let report = json(&preview.get("_helpmark/diagnostics").body);
    let listed = report["problems"]["diagnostics"].as_array().unwrap_or_else(|| panic!("no diagnostics: {report}"));
    let about_it = listed.iter().find(|d| d["file"] == ENTRY).unwrap_or_else(|| panic!("{ENTRY} not listed: {report}"));
    assert_eq!(about_it["severity"], "error");
    assert!(about_it["line"].as_u64().is_some() && about_it["column"].as_u64().is_some(), "{about_it}");
    assert!(about_it["message"].as_str().is_some_and(|m| !m.is_empty()), "{about_it}");
    assert!(report["strings"]["en"]["preview_problems_one"].is_string(), "the overlay's strings: {report}");
    let kept = preview.get("billing/refund.html");
    assert_eq!(kept.status, 200);
    assert!(kept.text().contains("<h1>When does my refund arrive?</h1>"), "the last good page is served");
    assert_eq!(page_version(&kept.text()), broken, "served at the new version, so it loads the overlay");
    assert!(preview.said().contains(ENTRY), "the problem is printed too:\n{}", preview.said());

    // The fix: the problems are gone on the next reload.
    site.write(ENTRY, good.replace("title: How do I get a refund?", "title: Where is my money?"));
    events.next_settled(&preview, WITHIN);
    assert!(json(&preview.get("_helpmark/diagnostics").body)["problems"].is_null());
    assert!(preview.get("billing/refund.html").text().contains("<h1>Where is my money?</h1>"));

    let missing = preview.get("billing/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(r#"<script src="/_helpmark/reload.js""#), "the site's own 404 page");

    let (status, said) = preview.stop();
    assert!(status.success(), "Ctrl-C stops it cleanly: {status}\n{said}");
    assert!(said.contains("stopped"), "{said}");
    assert!(!site.path().join("public").exists(), "serve writes no `public/`");
    let left: Vec<_> = std::fs::read_dir(site.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 2, "nothing was written into the site folder: {left:?}");
}

#[test]
fn serve_answers_only_get_and_head_inside_the_site_and_types_the_search_client() {
    let site = fixture("basic");
    let preview = Preview::start(site.path(), &[]);
    let wasm = preview.get("assets/search/helpmark-search.wasm");
    assert_eq!(wasm.status, 200);
    assert!(wasm.head.contains("Content-Type: application/wasm"), "{}", wasm.head);
    assert_eq!(&wasm.body[..4], b"\0asm");
    let head = preview.request(&format!("HEAD /billing/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", preview.port));
    assert_eq!(head.status, 200, "a folder is its index.html");
    assert!(head.body.is_empty() && head.head.contains("Content-Length: "), "{head:?}");
    let climb = preview.request(&format!("GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", preview.port));
    assert_eq!(climb.status, 400);
    let encoded = preview.get("billing/%2e%2e/%2e%2e/helpmark.yaml");
    assert_eq!(encoded.status, 400);
    let post =
        preview.request(&format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\r\n", preview.port));
    assert_eq!(post.status, 405);
    let rebound = preview.request("GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
    assert_eq!(rebound.status, 403, "a foreign Host (DNS rebinding) gets nothing");
}

#[test]
fn a_taken_port_is_named_with_how_to_choose_another() {
    let site = fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")), "{}", run.stderr);
    assert!(run.stderr.contains("--port 0"), "{}", run.stderr);
}

#[test]
fn serve_shows_drafts_with_a_banner_only_when_asked() {
    let site = fixture("basic");
    let without = Preview::start(site.path(), &[]);
    assert_eq!(without.get("orders/secret-plan.html").status, 404);
    drop(without);
    let with = Preview::start(site.path(), &["--drafts"]);
    let draft = with.get("orders/secret-plan.html");
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains(r#"<p class="draft-banner" role="note">"#), "{}", draft.text());
    assert!(!with.get("sitemap.xml").text().contains("secret-plan"));
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn serve_follows_the_config_a_theme_folder_made_after_it_started_and_the_complaint_logs() {
    let site = fixture("small-site");
    let preview = Preview::start(site.path(), &[]);
    let rebuilds = |p: &Preview| p.said().matches("rebuilt in ").count();
    let style = |p: &Preview| p.get("assets/style.css").text();
    assert!(!style(&preview).contains("/* mine */"));

    // `themes/` does not exist yet: the watch on the site folder sees it made.
    site.write("themes/mine/static/style.css", "/* mine */\n");
    let config = site.read("helpmark.yaml");
    site.write("helpmark.yaml", format!("{config}theme: mine\n"));
    preview.poll("assets/style.css", WITHIN, "the theme named in the config", |r| r.text() == "/* mine */\n");
    site.write("themes/mine/static/style.css", "/* mine, edited */\n");
    preview.poll("assets/style.css", WITHIN, "an edit inside the new theme folder", |r| {
        r.text() == "/* mine, edited */\n"
    });

    // A complaint log the config names: appending to it produces the site again.
    let before = rebuilds(&preview);
    let log = site.read("complaints/search.jsonl");
    site.write(
        "complaints/search.jsonl",
        format!("{log}{{\"query\": \"refund\", \"at\": \"2026-10-30T09:00:00Z\", \"lang\": \"en\"}}\n"),
    );
    let started = std::time::Instant::now();
    while rebuilds(&preview) == before {
        assert!(started.elapsed() < WITHIN, "no rebuild after the log changed:\n{}", preview.said());
        std::thread::sleep(Duration::from_millis(25));
    }
    // Files that are not sources (a build's output beside the preview) change nothing. Once
    // the rebuilds have settled (an editor's save may come as two bursts):
    let mut settled = rebuilds(&preview);
    loop {
        std::thread::sleep(Duration::from_millis(400));
        let now = rebuilds(&preview);
        if now == settled {
            break;
        }
        settled = now;
    }
    site.write("public/index.html", "not a source");
    site.write("notes.txt", "not a source");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(rebuilds(&preview), settled, "{}", preview.said());
}

#[test]
fn a_site_with_errors_from_the_start_is_served_as_its_problems_until_fixed() {
    let site = fixture("basic");
    let good = site.read(ENTRY);
    site.write(ENTRY, "---\ntitle: [unclosed\n---\nRefunds arrive within 5 days.\n");
    let preview = Preview::start(site.path(), &[]);
    let home = preview.get("");
    assert_eq!(home.status, 404, "no site has been produced yet");
    assert!(home.text().contains(r#"<script src="/_helpmark/reload.js""#), "{}", home.text());
    let report = json(&preview.get("_helpmark/diagnostics").body);
    let listed = report["problems"]["diagnostics"].as_array().unwrap_or_else(|| panic!("{report}"));
    assert!(listed.iter().any(|d| d["file"] == ENTRY && d["severity"] == "error"), "{report}");
    assert!(report["strings"]["tr"]["preview_hide"].is_string(), "the built-in strings: {report}");
    site.write(ENTRY, good);
    preview.poll("billing/refund.html", WITHIN, "the fixed site", |r| r.status == 200);
    assert!(json(&preview.get("_helpmark/diagnostics").body)["problems"].is_null());
}

/// Writes `text` to `rel` as an editor saves: into a scratch file the watch ignores, renamed
/// over the file, so that the preview never sees it half written.
fn save(site: &crate::support::Site, rel: &str, text: &str) {
    let scratch = format!("{rel}.tmp");
    site.write(&scratch, text);
    std::fs::rename(site.path().join(&scratch), site.path().join(rel)).expect("rename");
}

/// Every file a clean `helpmark build` of the site's sources writes, fetched from the preview:
/// the paths whose bytes differ (a page's reload script taken out) or that it does not serve.
fn differences_from_a_clean_build(site: &crate::support::Site, preview: &Preview) -> Vec<String> {
    let out = tempfile::tempdir().expect("temp dir");
    let output = out.path().join("public");
    let run = site.run(&["build", "--output", output.to_str().expect("utf-8 path")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut differ = Vec::new();
    for item in walkdir::WalkDir::new(&output) {
        let item = item.expect("readable");
        let rel = item.path().strip_prefix(&output).expect("inside").to_string_lossy().replace('\\', "/");
        if !item.file_type().is_file() || rel == ".helpmark-output" {
            continue;
        }
        let built = std::fs::read(item.path()).expect("read");
        let served = preview.get(&rel);
        let mut body = served.body;
        if rel.ends_with(".html") {
            let text = String::from_utf8_lossy(&body).into_owned();
            let at =
                text.find("<script src=\"/_helpmark/reload.js\"").unwrap_or_else(|| panic!("{rel}: no reload script"));
            let end = at + text[at..].find("</script>\n").expect("closed") + "</script>\n".len();
            body = format!("{}{}", &text[..at], &text[end..]).into_bytes();
        }
        if served.status != 200 || body != built {
            differ.push(rel);
        }
    }
    differ
}

/// After each change the preview produces only what it reaches, and serves exactly what a
/// clean build of the changed sources writes: an edited title, an added entry, a deleted one,
/// a bad edit (the last good site stays, with its problems) and its fix.
#[test]
fn after_an_edit_an_added_and_a_deleted_entry_and_a_fixed_bad_edit_serve_serves_a_clean_build_byte_for_byte() {
    let site = fixture("basic");
    let good = site.read(ENTRY);
    let preview = Preview::start(site.path(), &[]);
    let first = page_version(&preview.get("billing/refund.html").text());
    let mut events = preview.events(first);
    assert_eq!(differences_from_a_clean_build(&site, &preview), [] as [String; 0], "the first production");

    save(&site, ENTRY, &good.replace("title: How do I get a refund?", "title: When does my refund arrive?"));
    let edited = events.next_settled(&preview, WITHIN);
    assert!(edited >= first + 2, "the edited page is served first, then the whole site: {first} -> {edited}");
    assert!(preview.get("billing/index.html").text().contains("When does my refund arrive?"), "its category lists it");
    assert_eq!(differences_from_a_clean_build(&site, &preview), [] as [String; 0], "after an edit");

    let added = "content/en/billing/gift-card.md";
    save(&site, added, "---\ntitle: Can I pay with a gift card?\n---\nYes: enter its code at checkout.\n");
    let with_added = events.next_settled(&preview, WITHIN);
    assert!(with_added >= edited + 2, "a new entry's page is served first too: {edited} -> {with_added}");
    assert_eq!(preview.get("billing/gift-card.html").status, 200);
    assert_eq!(differences_from_a_clean_build(&site, &preview), [] as [String; 0], "after an added entry");

    std::fs::remove_file(site.path().join(added)).expect("delete");
    events.next_settled(&preview, WITHIN);
    assert_eq!(preview.get("billing/gift-card.html").status, 404);
    assert!(!preview.get("sitemap.xml").text().contains("gift-card"));
    assert_eq!(differences_from_a_clean_build(&site, &preview), [] as [String; 0], "after a deleted entry");

    save(&site, ENTRY, "---\ntitle: [unclosed\n---\nRefunds arrive within 5 days.\n");
    events.next_settled(&preview, WITHIN);
    let report = json(&preview.get("_helpmark/diagnostics").body);
    assert!(
        report["problems"]["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["file"] == ENTRY)),
        "{report}"
    );
    assert!(preview.get("billing/refund.html").text().contains("When does my refund arrive?"), "the last good page");
    save(&site, ENTRY, &good.replace("title: How do I get a refund?", "title: Where is my money?"));
    events.next_settled(&preview, WITHIN);
    assert!(json(&preview.get("_helpmark/diagnostics").body)["problems"].is_null());
    assert_eq!(differences_from_a_clean_build(&site, &preview), [] as [String; 0], "after a bad edit's fix");
}
