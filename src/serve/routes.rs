//! Which bytes a path gets: a file of the site (HTML with the reload script added), a folder's
//! `index.html`, the server's own files under `/_helpmark/`, or the site's 404 page with status
//! 404. The site is served below its base path (`/help/` when `base_url` ends so), as it will
//! be published, so that the 404 page's links (which start there) work.

use super::http::{content_type, Request, Response};
use super::live::Snapshot;
use super::reload;

/// What to answer a request with.
#[derive(Debug)]
pub(super) enum Answer {
    /// A response, complete.
    Respond(Response),
    /// The event stream, after the page's version.
    Events(Option<u64>),
}

/// The page shown while no version of the site has ever been produced: empty but for the
/// reload script, which lays the problems over it.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>helpmark</title>\n</head>\n<body>\n</body>\n</html>\n";

/// Answers `request` from `snapshot`.
pub(super) fn route(request: &Request, snapshot: &Snapshot) -> Answer {
    if let Some(name) = request.path.strip_prefix(reload::PREFIX) {
        if name == "search" {
            let value = |name| super::http::query_value(&request.query, name).unwrap_or_default();
            return Answer::Respond(match super::served_search::answer(&snapshot.site, value("lang"), value("q")) {
                Some(json) => Response::new("200 OK", "application/json", json),
                None => Response::text("404 Not Found", "no search in that language"),
            });
        }
        return match reload::own_file(name, snapshot) {
            Some(response) => Answer::Respond(response),
            None => Answer::Events(super::http::query_value(&request.query, "since").and_then(|v| v.parse().ok())),
        };
    }
    let site = &snapshot.site;
    let Some(rel) = request.path.strip_prefix(site.base_path.as_str()) else {
        // `/` of a site published at `/help/`; `/help` without its slash.
        if request.path == "/" || format!("{}/", request.path) == site.base_path {
            return Answer::Respond(Response::redirect(site.base_path.clone()));
        }
        return Answer::Respond(not_found(snapshot, ""));
    };
    let wanted = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    if let Some(bytes) = site.file(&wanted) {
        return Answer::Respond(file(&wanted, &bytes, "200 OK", snapshot));
    }
    // A folder asked for without its slash: its page's relative links need the slash.
    if site.files.contains_key(&format!("{rel}/index.html")) {
        return Answer::Respond(Response::redirect(format!("{}/", request.path)));
    }
    Answer::Respond(not_found(snapshot, rel))
}

fn file(path: &str, bytes: &[u8], status: &'static str, snapshot: &Snapshot) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") { reload::inject(bytes, snapshot.version) } else { bytes.to_vec() };
    Response::new(status, kind, body)
}

/// The 404 page of the language whose folder `rel` is in (`tr/…` → `tr/404.html`), else the
/// default language's.
fn not_found(snapshot: &Snapshot, rel: &str) -> Response {
    let site = &snapshot.site;
    let own = site.prefixes.iter().find(|p| rel.starts_with(p.as_str())).map(|p| format!("{p}404.html"));
    let page = own.into_iter().chain(["404.html".to_string()]).find_map(|p| site.files.get(&p).map(|b| (p, b)));
    match page {
        Some((path, held)) => file(&path, &held.bytes(), "404 Not Found", snapshot),
        None => file("404.html", NO_SITE_YET.as_bytes(), "404 Not Found", snapshot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::memory::{Held, Site};
    use std::sync::Arc;

    fn snapshot(base_path: &str) -> Snapshot {
        let mut site = Site { base_path: base_path.into(), prefixes: vec!["tr/".into()], ..Site::default() };
        for (path, text) in [
            ("index.html", "<body>home</body>"),
            ("404.html", "<body>lost</body>"),
            ("tr/404.html", "<body>kayıp</body>"),
            ("orders/index.html", "<body>orders</body>"),
            ("assets/search/helpmark-search.wasm", "\0asm"),
        ] {
            site.files.insert(path.into(), Arc::new(Held::new(path, text.as_bytes().to_vec())));
        }
        Snapshot { version: 3, site: Arc::new(site), settled: true, problems: None }
    }

    fn get(snapshot: &Snapshot, path: &str) -> Response {
        let request = Request { head_only: false, path: path.into(), query: String::new(), host: None };
        match route(&request, snapshot) {
            Answer::Respond(r) => r,
            Answer::Events(_) => panic!("{path} is no event stream"),
        }
    }

    fn body(r: &Response) -> String {
        String::from_utf8_lossy(&r.body).into_owned()
    }

    #[test]
    fn folders_get_their_index_and_pages_get_the_reload_script() {
        let s = snapshot("/");
        let home = get(&s, "/");
        assert_eq!(home.status, "200 OK");
        assert!(body(&home).contains("home<script src=\"/_helpmark/reload.js\" data-version=\"3\""), "{}", body(&home));
        assert_eq!(body(&get(&s, "/orders/")), body(&get(&s, "/orders/index.html")));
        let bare = get(&s, "/orders");
        assert_eq!((bare.status, bare.headers[0].1.as_str()), ("301 Moved Permanently", "/orders/"));
        let wasm = get(&s, "/assets/search/helpmark-search.wasm");
        assert_eq!((wasm.content_type, wasm.body.as_slice()), ("application/wasm", &b"\0asm"[..]));
    }

    #[test]
    fn a_missing_page_gets_its_languages_404_page_with_status_404() {
        let s = snapshot("/");
        let lost = get(&s, "/nothing.html");
        assert_eq!(lost.status, "404 Not Found");
        assert!(body(&lost).contains("lost"));
        assert!(body(&get(&s, "/tr/yok.html")).contains("kayıp"));
    }

    #[test]
    fn a_site_published_below_a_path_is_served_there() {
        let s = snapshot("/help/");
        assert_eq!(get(&s, "/").headers[0].1, "/help/");
        assert!(body(&get(&s, "/help/")).contains("home"));
        assert_eq!(get(&s, "/index.html").status, "404 Not Found");
    }

    #[test]
    fn the_event_stream_is_told_the_version_of_its_page() {
        let s = snapshot("/");
        let request =
            Request { head_only: false, path: "/_helpmark/events".into(), query: "since=2".into(), host: None };
        assert!(matches!(route(&request, &s), Answer::Events(Some(2))));
        let d = get(&s, "/_helpmark/diagnostics");
        let json: serde_json::Value = serde_json::from_slice(&d.body).unwrap();
        assert_eq!((json["version"].as_u64(), json["problems"].is_null()), (Some(3), true));
    }
}
