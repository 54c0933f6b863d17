//! Where a template error is: Tera names the template ("while rendering 'base.html'") and,
//! for a syntax error, the line and column; for a missing variable or filter it names only
//! the name, which is looked up in the template's text. A template of the site's theme is
//! named by its file with the line quoted; a built-in one by its path in helpmark's theme.

use super::theme::Theme;
use crate::diagnostics::{Code, Diagnostic};
use std::path::Path;

/// A Tera error with its whole chain of causes (the first line alone rarely says what is
/// wrong), placed in the template it names when it names one.
pub(crate) fn diagnostic(e: &tera::Error, theme: &Theme, display_site: &Path, theme_name: Option<&str>) -> Diagnostic {
    let mut chain = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    let hint = "check the theme's templates; the built-in ones are in helpmark's `themes/default/templates/`";
    let Some(template) = template_named(&chain) else {
        let message = format!("template error: {}", one_line(&chain));
        return Diagnostic::error(Code::ThemeError, display_site.join("themes"), None, message).with_hint(hint);
    };
    let rel = format!("templates/{template}");
    let text = theme.file_text(&rel).unwrap_or_default();
    let span = line_col(&chain)
        .and_then(|(line, col)| offset_of(&text, line, col))
        .map(|at| at..at + 1)
        .or_else(|| missing_name(&chain).and_then(|name| text.find(name).map(|at| at..at + name.len())));
    // The pest drawing of the line is replaced by the quoted line itself.
    let message = match chain.find("-->") {
        Some(arrow) => {
            let expected = chain[arrow..].find("= ").map_or("", |i| &chain[arrow + i + 2..]);
            let before = one_line(chain[..arrow].trim_end().trim_end_matches(':'));
            format!("template error: {before}: {}", one_line(expected))
        }
        None => format!("template error: {}", one_line(&chain)),
    };
    match theme_name.filter(|_| theme.is_site_file(&rel)) {
        Some(name) => {
            let path = display_site.join("themes").join(name).join(&rel);
            Diagnostic::error(Code::ThemeError, path, span, message).with_hint(hint)
        }
        None => {
            let line = span.map(|s| text[..s.start].matches('\n').count() as u64 + 1);
            let d = Diagnostic::error(Code::ThemeError, format!("themes/default/{rel}"), None, message).with_hint(
                "the built-in template met a value it does not expect: check the site's templates that extend or include it",
            );
            match line {
                Some(line) => d.on_unquoted_line(line),
                None => d,
            }
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The innermost template the chain names: `while rendering 'x'`, else `Failed to parse 'x'`
/// or `Failed to render 'x'`.
fn template_named(chain: &str) -> Option<&str> {
    let quoted_after = |marker: &str| {
        let at = chain.rfind(marker)? + marker.len();
        let rest = &chain[at..];
        rest.find('\'').map(|end| &rest[..end])
    };
    quoted_after("while rendering '")
        .or_else(|| quoted_after("Failed to parse '"))
        .or_else(|| quoted_after("Failed to render '"))
        .filter(|name| !name.is_empty() && !name.contains(".."))
}

/// `--> 3:19` of a syntax error.
fn line_col(chain: &str) -> Option<(usize, usize)> {
    let rest = chain[chain.find("--> ")? + 4..].trim_start();
    let (line, rest) = rest.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// The name Tera could not find: `` Variable `entry.x` ``, `Filter 'nofilter'`, `Function 'f'`.
fn missing_name(chain: &str) -> Option<&str> {
    for (open, close) in [("Variable `", '`'), ("Filter '", '\''), ("Function '", '\''), ("Test '", '\'')] {
        if let Some(at) = chain.find(open) {
            let rest = &chain[at + open.len()..];
            if let Some(end) = rest.find(close) {
                return Some(&rest[..end]).filter(|n| !n.is_empty());
            }
        }
    }
    None
}

/// The byte offset of 1-based `line` and `col` (in characters) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2)?.0 + 1 };
    let line_text = &text[start..];
    let end = line_text.find('\n').unwrap_or(line_text.len());
    let within = line_text[..end].char_indices().nth(col.saturating_sub(1)).map_or(end, |(i, _)| i);
    Some(start + within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_line_and_missing_name_are_read_from_the_chain() {
        let parse = "Failed to parse 'entry.html':  --> 3:19\n  |\n3 | <p>{{ x }</p>\n  |   ^---\n  = expected `}}`";
        assert_eq!(template_named(parse), Some("entry.html"));
        assert_eq!(line_col(parse), Some((3, 19)));
        let render = "Failed to render 'entry.html': Variable `entry.nothing` not found in context while rendering 'partials/list.html'";
        assert_eq!(template_named(render), Some("partials/list.html"), "the innermost template");
        assert_eq!(missing_name(render), Some("entry.nothing"));
        assert_eq!(missing_name("Failed to render 'a.html': Filter 'nofilter' not found"), Some("nofilter"));
        assert_eq!(offset_of("ab\ncdé\nf", 2, 3), Some(5));
        assert_eq!(offset_of("ab\ncd", 3, 1), None);
    }
}
