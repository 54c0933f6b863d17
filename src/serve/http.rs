//! The little of HTTP/1.1 the preview needs: one GET or HEAD request per connection, read with
//! limits, and a response with the right `Content-Type`. Anything else is refused with a status
//! that says why.

use std::io::{self, BufRead, Write};

/// The longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;

/// A request the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Request {
    /// HEAD: the headers of a GET, without its body.
    pub(super) head_only: bool,
    /// The path, percent-decoded, always starting with `/`.
    pub(super) path: String,
    /// The query string, without `?` (not decoded).
    pub(super) query: String,
    /// The `Host` header, when sent.
    pub(super) host: Option<String>,
}

/// Why a request is not answered with a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Malformed, or a path that climbs out of the site (`..`).
    BadRequest,
    /// A method other than GET and HEAD.
    MethodNotAllowed,
    /// The client sent nothing, or hung up.
    Gone,
}

/// Reads one request head from `reader`.
pub(super) fn read_request(reader: &mut impl BufRead) -> Result<Request, Refusal> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let read = io::Read::take(&mut *reader, (MAX_HEAD - head.len()) as u64 + 1).read_until(b'\n', &mut head);
        match read {
            Ok(0) | Err(_) if head.is_empty() => return Err(Refusal::Gone),
            Ok(0) | Err(_) => return Err(Refusal::BadRequest),
            Ok(_) => {}
        }
        if head.len() > MAX_HEAD {
            return Err(Refusal::BadRequest);
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let text = std::str::from_utf8(&head).map_err(|_| Refusal::BadRequest)?;
    let mut lines = text.lines();
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let (method, target) = match (request_line.next(), request_line.next(), request_line.next()) {
        (Some(m), Some(t), Some(v)) if v.starts_with("HTTP/1.") => (m, t),
        _ => return Err(Refusal::BadRequest),
    };
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(Refusal::MethodNotAllowed),
    };
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_string());
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let raw_path = raw_path.split('#').next().unwrap_or("");
    let path = clean_path(raw_path).ok_or(Refusal::BadRequest)?;
    Ok(Request { head_only, path, query: query.to_string(), host })
}

/// The decoded path, or `None` when it is not a plain path inside the site: not absolute,
/// not UTF-8, or holding `..`, `.`, a backslash or a NUL in any segment.
fn clean_path(raw: &str) -> Option<String> {
    if !raw.starts_with('/') {
        return None;
    }
    let decoded = String::from_utf8(crate::shared::url::percent_decode_strict(raw)?).ok()?;
    let climbs = decoded.split('/').any(|segment| segment == ".." || segment == ".");
    (!climbs && !decoded.contains(['\\', '\0']) && !decoded.contains("//")).then_some(decoded)
}

/// The value of `name` in a query string (`since=4&x=1`).
pub(super) fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// A response to write.
#[derive(Debug)]
pub(super) struct Response {
    /// Status code and reason (`200 OK`).
    pub(super) status: &'static str,
    /// `Content-Type`.
    pub(super) content_type: &'static str,
    /// Further headers (name, value).
    pub(super) headers: Vec<(&'static str, String)>,
    /// The body (for HEAD, only its length is sent).
    pub(super) body: Vec<u8>,
}

impl Response {
    /// A response with `body` of `content_type`.
    pub(super) fn new(status: &'static str, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response { status, content_type, headers: Vec::new(), body: body.into() }
    }

    /// A plain-text response: for refusals, which no page explains.
    pub(super) fn text(status: &'static str, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{body}\n"))
    }

    /// A redirect to `location`.
    pub(super) fn redirect(location: String) -> Response {
        let mut r = Response::text("301 Moved Permanently", &location);
        r.headers.push(("Location", location));
        r
    }

    /// Writes the response and closes the exchange (`Connection: close`). A preview is never
    /// cached: after an edit, a reload must fetch the new files.
    pub(super) fn write_to(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The `Content-Type` of a site file, by its extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "csv" => "text/csv; charset=utf-8",
        "zip" => "application/zip",
        // `_headers` and `_redirects`, read by hosts.
        _ if name.starts_with('_') && !name.contains('.') => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<Request, Refusal> {
        read_request(&mut raw.as_bytes())
    }

    #[test]
    fn a_get_is_read_with_its_decoded_path_query_and_host() {
        let r = read("GET /tr/%C3%BCr%C3%BCn.html?q=a%20b HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n").unwrap();
        assert_eq!(
            r,
            Request {
                head_only: false,
                path: "/tr/ürün.html".into(),
                query: "q=a%20b".into(),
                host: Some("127.0.0.1:8000".into())
            }
        );
        assert!(read("HEAD / HTTP/1.0\r\n\r\n").unwrap().head_only);
    }

    #[test]
    fn paths_that_climb_out_of_the_site_and_other_methods_are_refused() {
        for path in ["/../etc/passwd", "/a/%2e%2e/b", "/a/..", "/a%5c..%5cb", "/%00", "relative", "/%zz", "//etc"] {
            assert_eq!(read(&format!("GET {path} HTTP/1.1\r\n\r\n")), Err(Refusal::BadRequest), "{path}");
        }
        assert_eq!(read("POST / HTTP/1.1\r\n\r\n"), Err(Refusal::MethodNotAllowed));
        assert_eq!(read(""), Err(Refusal::Gone));
        assert_eq!(read("GET / HTTP/1.1\r\n"), Err(Refusal::BadRequest), "a head without its end");
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(read(&huge), Err(Refusal::BadRequest));
    }

    #[test]
    fn files_get_their_type_by_extension() {
        assert_eq!(content_type("assets/search/helpmark-search.wasm"), "application/wasm");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("_search/en/manifest.bin"), "application/octet-stream");
        assert_eq!(content_type("assets/favicon.SVG"), "image/svg+xml");
        assert_eq!(content_type("_headers"), "text/plain; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }

    #[test]
    fn a_head_response_carries_the_length_but_no_body() {
        let mut out = Vec::new();
        Response::new("200 OK", "text/plain", "hello").write_to(&mut out, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n") && text.contains("Content-Length: 5\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n"), "{text}");
    }
}
