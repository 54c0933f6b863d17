//! The Content-Security-Policy the site needs and the `_headers` file (Netlify and Cloudflare
//! Pages format) that asks the host to send it with a few other safe headers. The pages carry
//! the same policy in a `<meta http-equiv>` (for hosts that read no `_headers`, and from
//! `file://`), without what a `<meta>` cannot hold (`frame-ancestors`).
//!
//! What the built-in theme loads: its own CSS, icon and scripts, the search client's
//! WebAssembly (`'wasm-unsafe-eval'` lets it compile) and the index files it fetches, all from
//! the site itself; answers may show images from any https host and embed the video hosts of
//! `markdown.iframe_hosts`. No inline script or style: the JSON-LD block is data, not a
//! script, and table alignment is written as `align` attributes (`model::markdown`).

use crate::config::Config;

/// The policy's directives. `for_meta` leaves out those a `<meta>` element cannot set.
pub(crate) fn content_security_policy(config: &Config, for_meta: bool) -> String {
    let frames = if config.markdown.iframe_hosts.is_empty() {
        "'none'".to_string()
    } else {
        config.markdown.iframe_hosts.iter().map(|h| format!("https://{h}")).collect::<Vec<_>>().join(" ")
    };
    // A `feedback: {url}` endpoint receives the "Was this helpful?" form, posted by the page
    // (`form-action`) or by `feedback.js` (`connect-src`), issue 16.
    let feedback_origin = config.feedback.as_ref().and_then(|f| f.origin());
    let feedback = feedback_origin.as_ref().map(|o| format!(" {o}")).unwrap_or_default();
    // `search.log_url` receives one record per submitted query, sent by the search script with
    // fetch (`connect-src` only; nothing is posted there as a form), issue 16.
    let search_log = config.search.log_origin().filter(|o| Some(o) != feedback_origin.as_ref());
    let search_log = search_log.map(|o| format!(" {o}")).unwrap_or_default();
    let mut directives = vec![
        "default-src 'self'".to_string(),
        "script-src 'self' 'wasm-unsafe-eval'".to_string(),
        "style-src 'self'".to_string(),
        "img-src 'self' https:".to_string(),
        format!("connect-src 'self'{feedback}{search_log}"),
        format!("frame-src {frames}"),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        format!("form-action 'self'{feedback}"),
    ];
    if !for_meta {
        directives.push("frame-ancestors 'none'".to_string());
    }
    directives.join("; ")
}

/// Whether the build publishes a policy at all: a site that publishes its editors' raw HTML
/// (`markdown.unsafe_html`) may embed anything, which a policy written here would break.
pub(crate) fn publishes_policy(config: &Config) -> bool {
    !config.markdown.unsafe_html
}

/// The `_headers` file: the policy and the safe headers for every path under the site's base
/// path, and the WebAssembly type for the search client (some hosts send it as a download).
pub(super) fn headers_file(config: &Config) -> String {
    let base = config.base_path();
    let mut out = String::from("# Response headers for Netlify and Cloudflare Pages (written by helpmark build).\n");
    out.push_str(&format!("{base}*\n"));
    if publishes_policy(config) {
        out.push_str(&format!("  Content-Security-Policy: {}\n", content_security_policy(config, false)));
    }
    for (name, value) in [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ] {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out.push_str(&format!("{base}assets/search/*.wasm\n  Content-Type: application/wasm\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("helpmark.yaml"), yaml).unwrap();
        crate::config::load(dir.path(), dir.path(), &Default::default()).unwrap()
    }

    #[test]
    fn the_policy_allows_the_wasm_search_and_only_the_configured_video_hosts() {
        let c = config("title: T\nbase_url: https://h.test/help/\nmarkdown:\n  iframe_hosts: [player.vimeo.com]\n");
        let header = content_security_policy(&c, false);
        assert!(header.contains("script-src 'self' 'wasm-unsafe-eval'"), "{header}");
        assert!(header.contains("frame-src https://player.vimeo.com;"), "{header}");
        assert!(header.ends_with("frame-ancestors 'none'"), "{header}");
        assert!(!content_security_policy(&c, true).contains("frame-ancestors"));
        let file = headers_file(&c);
        assert!(file.contains("\n/help/*\n  Content-Security-Policy: default-src 'self'; "), "{file}");
        assert!(file.contains("  X-Content-Type-Options: nosniff\n"), "{file}");
    }

    #[test]
    fn a_site_publishing_raw_html_gets_no_policy_but_the_other_headers() {
        let c = config("title: T\nbase_url: https://h.test/\nmarkdown:\n  unsafe_html: true\n");
        let file = headers_file(&c);
        assert!(!file.contains("Content-Security-Policy"), "{file}");
        assert!(file.contains("X-Frame-Options: DENY"), "{file}");
        assert!(content_security_policy(&c, true).contains("frame-src 'none'"));
    }
}
