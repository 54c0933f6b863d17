//! What assistants and chatbots read: `llms.txt` (the llmstxt.org format: a Markdown list of
//! every question with a link to its page, by category) and `faq.json`, every question and
//! answer of a language as data, both per language beside its home page. Entries marked
//! `noindex` are left out of both, as they are of the sitemap.

use crate::model::popularity::Popularity;
use crate::model::{Entry, Language, Model};
use serde::Serialize;
use std::fmt::Write;

/// The JSON export of one language.
#[derive(Serialize)]
struct Export<'a> {
    /// Format version: a consumer can tell a future incompatible change.
    version: u32,
    language: &'a str,
    title: &'a str,
    /// The language's home page.
    url: String,
    entries: Vec<ExportEntry<'a>>,
}

/// One question and its answer in the JSON export.
#[derive(Serialize)]
struct ExportEntry<'a> {
    id: &'a str,
    /// The page, absolute; relative links inside `answer_html` resolve against it.
    url: String,
    question: &'a str,
    aliases: &'a [String],
    tags: &'a [String],
    /// The category's folder name and title.
    category: &'a str,
    category_title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    /// The answer as the page shows it (sanitised HTML).
    answer_html: &'a str,
    /// The answer as plain text.
    answer_text: &'a str,
}

/// The entries machines may read (not `noindex`, and no draft: drafts are shown only in
/// previews), topic by topic, most asked first.
fn published<'l>(language: &'l Language, popularity: &Popularity) -> impl Iterator<Item = &'l Entry> {
    popularity.in_display_order(language).into_iter().map(|i| &language.entries[i]).filter(|e| is_published(e))
}

fn is_published(e: &Entry) -> bool {
    !e.noindex && !e.draft
}

/// `faq.json` of `language`.
pub(super) fn faq_json(model: &Model, popularity: &Popularity, language: &Language, title: &str) -> String {
    let base = &model.config.base_url;
    let titles: std::collections::HashMap<&str, &str> =
        language.categories.iter().map(|c| (c.slug.as_str(), c.title.as_str())).collect();
    let export = Export {
        version: 1,
        language: &language.code,
        title,
        url: format!("{base}{}", language.prefix),
        entries: published(language, popularity)
            .map(|e| ExportEntry {
                id: &e.id,
                url: format!("{base}{}", e.url),
                question: &e.title,
                aliases: &e.aliases,
                tags: &e.tags,
                category: &e.category,
                category_title: titles.get(e.category.as_str()).copied().unwrap_or_default(),
                updated: e.updated.as_deref(),
                description: e.description.as_deref(),
                answer_html: &e.html,
                answer_text: &e.text,
            })
            .collect(),
    };
    // Compact: indentation would add a tenth to a file as large as the language's answers.
    let mut json = serde_json::to_string(&export).expect("strings always serialise");
    json.push('\n');
    json
}

/// `llms.txt` of `language`; the default language's also names the other languages' files.
pub(super) fn llms_txt(model: &Model, popularity: &Popularity, language: &Language, title: &str) -> String {
    let base = &model.config.base_url;
    let mut out = format!("# {}\n\n", markdown_text(title));
    let questions = published(language, popularity).count();
    let _ = writeln!(
        out,
        "> {questions} questions customers ask, with their answers, in {} topics.\n",
        language.categories.len()
    );
    let _ = writeln!(
        out,
        "Every question of this help center in `{}`, by topic. The same questions with their full answers, as JSON: {base}{}faq.json\n",
        language.code, language.prefix
    );
    for category in &language.categories {
        let entries: Vec<&Entry> = popularity
            .most_asked_first(language, &category.entries)
            .into_iter()
            .map(|i| &language.entries[i])
            .filter(|e| is_published(e))
            .collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", markdown_text(&category.title));
        for e in entries {
            let note = e.description.clone().unwrap_or_else(|| summary_of(&e.text));
            let _ = write!(out, "- [{}]({base}{})", markdown_text(&e.title), e.url);
            if !note.is_empty() {
                let _ = write!(out, ": {}", markdown_text(&note));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    let others: Vec<&Language> = model.languages.iter().filter(|l| l.code != language.code).collect();
    if language.prefix.is_empty() && !others.is_empty() {
        out.push_str("## Other languages\n\n");
        for other in others {
            let _ = writeln!(out, "- [{}]({base}{}llms.txt)", other.code, other.prefix);
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The start of an answer, cut at a word boundary near 160 characters.
fn summary_of(text: &str) -> String {
    const LENGTH: usize = 160;
    if text.chars().count() <= LENGTH {
        return text.to_string();
    }
    let cut: String = text.chars().take(LENGTH).collect();
    let at_word = cut.rfind(' ').filter(|&i| i > LENGTH / 2).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end())
}

/// `text` on one line with Markdown's punctuation escaped, so a title can neither break the
/// list nor become a link or raw HTML in a Markdown viewer.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '[' | ']' | '(' | ')' | '<' | '>' | '*' | '_' | '`' | '#' | '!' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_text_cannot_become_markup() {
        assert_eq!(super::markdown_text("<script>[x](y)\nz"), "\\<script\\>\\[x\\]\\(y\\) z");
    }

    #[test]
    fn summaries_end_at_a_word() {
        let long = "word ".repeat(60);
        let s = super::summary_of(long.trim());
        assert!(s.ends_with("word…") && s.chars().count() <= 161, "{s}");
    }
}
