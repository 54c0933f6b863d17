//! Live reload and the problem overlay: what the server adds to the site it serves, and only
//! there (a built site never holds any of it). Every HTML page gets one `<script src>` to
//! `/_helpmark/reload.js` (a file, not inline: the site's Content-Security-Policy forbids
//! inline scripts, and `script-src 'self'` allows a same-origin file). The script listens to
//! `/_helpmark/events`, a server-sent event stream that says `reload` when the site changed,
//! and shows what `/_helpmark/diagnostics` lists over the page.

use super::http::Response;
use super::live::{Live, Snapshot};
use std::io::{self, Write};
use std::time::Duration;

/// Where the server's own files live; no site file can be there (helpmark writes no `_helpmark`).
pub(super) const PREFIX: &str = "/_helpmark/";

const SCRIPT: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// How often an idle event stream says it is alive, so that a closed page is noticed and its
/// thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// Answers a request for `/_helpmark/<name>`; `None` for the event stream (see [`stream`]).
pub(super) fn own_file(name: &str, snapshot: &Snapshot) -> Option<Response> {
    Some(match name {
        "reload.js" => Response::new("200 OK", "text/javascript; charset=utf-8", SCRIPT),
        "overlay.css" => Response::new("200 OK", "text/css; charset=utf-8", OVERLAY_CSS),
        "diagnostics" => Response::new("200 OK", "application/json", diagnostics_json(snapshot)),
        "events" => return None,
        _ => Response::text("404 Not Found", "not found"),
    })
}

/// `{"version": N, "settled": bool, "problems": <the JSON diagnostics document> | null,
/// "strings": {lang: {key: text}}}`; `settled` is false while a page-first site is served
/// and the rest of the site is being produced.
fn diagnostics_json(snapshot: &Snapshot) -> String {
    let problems = snapshot
        .problems
        .as_deref()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "version": snapshot.version,
        "settled": snapshot.settled,
        "problems": problems,
        "strings": snapshot.site.overlay_strings,
    })
    .to_string()
}

/// `html` with the reload script added before its last `</body>` (or at its end), carrying the
/// version it was served at.
pub(super) fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}reload.js\" data-version=\"{version}\" defer></script>\n");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Streams events to one page until it goes away: `reload` as soon as the version differs from
/// `since` (the one its page was served at, so a change made while the page loaded is not
/// missed), then at every change.
pub(super) fn stream(out: &mut impl Write, live: &Live, since: Option<u64>) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    out.flush()?;
    let mut seen = since.unwrap_or_else(|| live.current().version);
    loop {
        let now = live.wait_for_change(seen, KEEP_ALIVE);
        if now.version != seen {
            seen = now.version;
            out.write_all(format!("event: reload\ndata: {seen}\n\n").as_bytes())?;
        } else {
            out.write_all(b": alive\n\n")?;
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", 7);
        let text = String::from_utf8(page).unwrap();
        assert_eq!(
            text,
            "<html><body><p>x</p><script src=\"/_helpmark/reload.js\" data-version=\"7\" defer></script>\n</BODY></html>"
        );
        let bare = String::from_utf8(inject(b"<p>no body</p>", 1)).unwrap();
        assert!(bare.starts_with("<p>no body</p><script src="), "{bare}");
    }

    #[test]
    fn the_script_has_no_inline_handlers_and_builds_the_overlay_from_text_only() {
        // Diagnostics quote the editor's files: the overlay must never parse them as HTML.
        assert!(!SCRIPT.contains("innerHTML") && !SCRIPT.contains("insertAdjacentHTML"));
        assert!(SCRIPT.contains("textContent"));
    }
}
