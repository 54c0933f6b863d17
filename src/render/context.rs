//! The templates' contract: what every page's context holds, as types the compiler checks.
//! [`super::pages::page_context`] fills them; a page's context is a [`PageContext`], serialised
//! to the JSON value Tera and the page memo read. A field renamed here renames the variable
//! every template sees, so the README's list of template variables is checked against these
//! contexts by a test (`tests/cli/build.rs`).
//!
//! An optional field that a template tests for (`{% if link.lang %}`) is left out when it is
//! `None`; the others are `null`, as templates written for a JSON context expect.

use crate::model::markdown::Heading;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

use super::feedback::{ContactLinks, DescribedContact, FeedbackBlock};
use super::promise::ChannelPromises;

/// Every page's context: what the base template uses, then what the page's kind adds.
#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    /// The language code (`en`, `hi`).
    pub lang: &'a str,
    /// `ltr` or `rtl`, from the strings.
    pub dir: String,
    /// The UI strings of the language.
    pub t: &'a Value,
    pub site_title: String,
    /// The way back to the site's root from this page (`../../`), empty at the root.
    pub root: String,
    /// The way to the language's home folder.
    pub lang_root: String,
    pub canonical: String,
    /// Every language version of the page, `x-default` last.
    pub alternates: Vec<Alternate<'a>>,
    pub switcher: Vec<SwitcherItem>,
    pub contact: &'a ContactBlock,
    /// `extra:` of `helpmark.yaml`, as written.
    pub extra: &'a Value,
    /// Every topic, on the pages that list them (home, search, 404, categories); else empty.
    pub categories: Vec<CategoryLink>,
    pub description: String,
    /// schema.org data (`<script type="application/ld+json">`), empty when none.
    pub json_ld: String,
    pub breadcrumbs: Vec<Crumb>,
    /// The Content-Security-Policy for the `<meta>`; empty when the site publishes none.
    pub csp: &'a str,
    /// The brand's logo, icon and stylesheet (`render::brand`).
    pub brand: &'a Value,
    pub search_fallback: Option<SearchFallback<'a>>,
    pub noindex: bool,
    pub og_type: &'static str,
    pub og_locale: String,
    /// Where the search script posts each submitted query; empty when off.
    pub search_log_url: &'a str,
    pub page_title: String,
    /// What the page's kind adds.
    #[serde(flatten)]
    pub kind: KindContext<'a>,
}

/// What one kind of page adds to [`PageContext`].
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum KindContext<'a> {
    Home {
        /// The most asked questions.
        top: Vec<EntryLink>,
    },
    Category {
        category: CategoryView<'a>,
    },
    Entry {
        entry: EntryView<'a>,
        related: Vec<EntryLink>,
        /// The notice on a translation older than its original; `null` otherwise.
        outdated: Option<Outdated>,
        /// "Was this helpful?" (`render::feedback`); `null` without `feedback:`.
        feedback: Option<FeedbackBlock>,
        /// The contact links carrying the entry (`render::feedback`).
        contact_links: ContactLinks,
    },
    Contact {
        /// The contact page's "describe your problem" links.
        contact_prefill: DescribedContact,
    },
    /// Search and "not found" add nothing.
    Plain {},
}

/// A link to an entry.
#[derive(Serialize, Clone)]
pub(super) struct EntryLink {
    pub href: String,
    pub title: String,
    pub id: String,
    /// On a link to the default language's entry from a language without it: its code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// And its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang_name: Option<String>,
}

/// A link to a topic.
#[derive(Serialize, Clone)]
pub(super) struct CategoryLink {
    pub href: String,
    pub title: String,
    pub description: Option<String>,
    /// "6 questions", in the page's language.
    pub count_label: String,
    pub slug: String,
}

/// One step of the breadcrumbs.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Crumb {
    /// The home page.
    Home { href: String, title: String },
    /// The entry's topic; `null` when its category has no page.
    Topic(Option<CategoryLink>),
    /// Where the reader is (no link).
    Here { title: String },
}

/// A category page's own part.
#[derive(Serialize)]
pub(super) struct CategoryView<'a> {
    pub title: String,
    pub description: Option<String>,
    pub slug: String,
    /// The category's introduction, on its first page only (else empty).
    pub intro_html: Cow<'a, str>,
    /// This page's questions.
    pub entries: Vec<EntryLink>,
    /// `null` when the questions fit on one page.
    pub pagination: Option<Pagination>,
}

/// The links between a category's pages.
#[derive(Serialize)]
pub(super) struct Pagination {
    /// "Page 2 of 20".
    pub label: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

/// One place in [`Pagination::pages`].
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum PageLink {
    Page {
        n: usize,
        href: String,
        current: bool,
    },
    /// Pages left out here.
    Gap {
        gap: bool,
    },
}

/// An entry page's own part.
#[derive(Serialize)]
pub(super) struct EntryView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The answer as HTML (sanitised, callouts labelled).
    pub html: Cow<'a, str>,
    pub updated: Option<&'a str>,
    pub tags: &'a [String],
    /// "Asked N times in the last 30 days", when the site shows counts.
    pub asked: Option<String>,
    /// The table of contents, empty for a short answer.
    pub toc: &'a [Heading],
    pub draft: bool,
}

/// One language in the switcher.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum SwitcherItem {
    /// A language that has this page.
    Translated { code: String, name: String, hreflang: String, href: String, current: bool },
    /// A language without it: the link leads to a notice on this page, in that language.
    Missing {
        code: String,
        name: String,
        /// This page's language: where the link really leads.
        hreflang: String,
        href: String,
        current: bool,
        missing: bool,
        notice: String,
        home: String,
        home_label: String,
    },
}

/// (hreflang, absolute URL) of one language version.
#[derive(Serialize)]
pub(super) struct Alternate<'a> {
    pub lang: &'a str,
    pub href: &'a str,
}

/// The contact block of a language.
#[derive(Serialize)]
pub(super) struct ContactBlock {
    pub phone: Option<String>,
    /// The `tel:` URI of the phone number.
    pub tel: Option<String>,
    pub toll_free: bool,
    pub email: Option<String>,
    pub chat_url: Option<String>,
    pub hours: Option<String>,
    /// "We answer within 24 hours".
    pub promise: Option<String>,
    pub promises: ChannelPromises,
    /// Where a failed search leads to a human, with the query.
    pub search_href: String,
}

/// Where the search also looks for the default language's entries this language lacks.
#[derive(Serialize)]
pub(super) struct SearchFallback<'a> {
    /// The fallback index's folder from the site root.
    pub folder: &'a str,
    /// The default language's code.
    pub lang: &'a str,
    /// And its name.
    pub name: String,
}

/// The notice on a translation whose original changed after it.
#[derive(Serialize)]
pub(super) struct Outdated {
    /// The original's page.
    pub href: String,
    pub lang: String,
    pub lang_name: String,
    pub updated: Option<String>,
}
