//! The list of HTML pages and the Tera context of each. Links between pages are relative (a
//! `../` prefix per folder level) so the site works from any folder and from `file://`.

use super::context::{
    Alternate, CategoryLink, CategoryView, ContactBlock, Crumb, EntryLink, EntryView, KindContext, Outdated,
    PageContext, PageLink, Pagination, SearchFallback, SwitcherItem,
};
use super::schema_org;
use super::theme::Strings;
use super::{OutputFile, Page, PageKind};
use crate::model::popularity::Popularity;
use crate::model::{Entry, Language, Model};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Every page of every language, in a stable order.
pub(super) fn list(model: &Model) -> Vec<Page> {
    list_where(model, |_, _| true)
}

/// The pages of [`list`] whose language (index) and kind `keep` accepts, in the same order.
pub(super) fn list_where(model: &Model, keep: impl Fn(usize, PageKind) -> bool) -> Vec<Page> {
    let lookups: Vec<Lookup<'_>> = model.languages.iter().map(Lookup::new).collect();
    let mut pages = Vec::new();
    for (li, language) in model.languages.iter().enumerate() {
        let mut kinds = vec![PageKind::Home, PageKind::Contact, PageKind::Search, PageKind::NotFound];
        kinds.extend((0..language.categories.len()).map(PageKind::Category));
        for (i, c) in language.categories.iter().enumerate() {
            kinds.extend((2..=page_count(c.entries.len())).map(|n| PageKind::CategoryPage(i, n)));
        }
        kinds.extend((0..language.entries.len()).map(PageKind::Entry));
        for kind in kinds.into_iter().filter(|&kind| keep(li, kind)) {
            let path = path_of(language, kind);
            let lastmod = match kind {
                PageKind::Entry(i) => language.entries[i].updated.clone(),
                _ => None,
            };
            let in_sitemap = match kind {
                PageKind::NotFound | PageKind::Search => false,
                // A draft is shown only in previews (`--drafts`): never offered to search engines.
                PageKind::Entry(i) => !language.entries[i].noindex && !language.entries[i].draft,
                _ => true,
            };
            let translations: Vec<Option<PageKind>> =
                lookups.iter().map(|other| other.counterpart(language, kind)).collect();
            let alternates =
                if matches!(kind, PageKind::NotFound) { Vec::new() } else { alternates(model, &translations) };
            pages.push(Page { lang: li, kind, path, in_sitemap, lastmod, alternates, translations });
        }
    }
    pages
}

fn path_of(language: &Language, kind: PageKind) -> String {
    let p = &language.prefix;
    match kind {
        PageKind::Home => format!("{p}index.html"),
        PageKind::Contact => format!("{p}contact.html"),
        PageKind::Search => format!("{p}search.html"),
        PageKind::NotFound => format!("{p}404.html"),
        PageKind::Category(i) => format!("{p}{}/index.html", language.categories[i].slug),
        // `page/` cannot be an entry's page (those end in `.html`) nor another category.
        PageKind::CategoryPage(i, n) => format!("{p}{}/page/{n}/index.html", language.categories[i].slug),
        PageKind::Entry(i) => language.entries[i].url.clone(),
    }
}

/// How many questions one category page lists. A category of a thousand questions was one
/// 2 MB page (issue 17); fifty titles are a page a customer can scan.
pub(super) const CATEGORY_PAGE_SIZE: usize = 50;

/// How many pages a category of `entries` questions has (at least one).
pub(super) fn page_count(entries: usize) -> usize {
    entries.div_ceil(CATEGORY_PAGE_SIZE).max(1)
}

/// Where each entry and category sits in one language, by translation key and slug.
struct Lookup<'m> {
    language: &'m Language,
    entries: HashMap<&'m str, usize>,
    categories: HashMap<&'m str, usize>,
}

impl<'m> Lookup<'m> {
    fn new(language: &'m Language) -> Self {
        Lookup {
            language,
            entries: language.entries.iter().enumerate().map(|(i, e)| (e.key.as_str(), i)).collect(),
            categories: language.categories.iter().enumerate().map(|(i, c)| (c.slug.as_str(), i)).collect(),
        }
    }

    /// This language's version of page `kind` of language `from`, if it has one.
    fn counterpart(&self, from: &Language, kind: PageKind) -> Option<PageKind> {
        match kind {
            PageKind::Category(i) => {
                self.categories.get(from.categories[i].slug.as_str()).map(|&j| PageKind::Category(j))
            }
            PageKind::CategoryPage(i, n) => {
                let j = *self.categories.get(from.categories[i].slug.as_str())?;
                (n <= page_count(self.language.categories[j].entries.len())).then_some(PageKind::CategoryPage(j, n))
            }
            PageKind::Entry(i) => self.entries.get(from.entries[i].key.as_str()).map(|&j| PageKind::Entry(j)),
            k => Some(k),
        }
    }
}

fn alternates(model: &Model, translations: &[Option<PageKind>]) -> Vec<(String, String)> {
    let base = &model.config.base_url;
    let mut out: Vec<(String, String)> = (0..model.languages.len())
        .filter_map(|other| {
            let k = translations[other]?;
            let language = &model.languages[other];
            Some((language.code.clone(), format!("{base}{}", public_path(&path_of(language, k)))))
        })
        .collect();
    if out.len() > 1 {
        let default = out.iter().find(|(l, _)| l == model.config.default_language()).map(|(_, h)| h.clone());
        if let Some(href) = default {
            out.push(("x-default".to_string(), href));
        }
    } else {
        out.clear();
    }
    out
}

/// Canonical URLs drop the `index.html` that relative links need for `file://`.
pub(super) fn public_path(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// What every page of a language shares, computed once per build rather than once per page.
pub(super) struct LanguageParts<'m> {
    /// The UI strings, as the templates' `t`.
    t: Value,
    /// The contact block.
    contact: ContactBlock,
    /// Entry number by id, for related questions.
    by_id: HashMap<&'m str, usize>,
    /// How much each entry is asked.
    popularity: &'m Popularity,
    /// Each category's entries (indices into the language's), most asked first.
    category_entries: Vec<Vec<usize>>,
    /// The Content-Security-Policy for the pages' `<meta>`; empty when the site publishes none.
    csp: String,
    /// The brand's logo, icon and stylesheet (`render::brand`).
    brand: Value,
    /// Where the search also looks for the default language's entries this language has not
    /// translated (`index::fallback`): the fallback index's folder from the site root; `None`
    /// when it has them all.
    search_fallback: Option<String>,
}

impl<'m> LanguageParts<'m> {
    pub(super) fn new(
        model: &Model,
        popularity: &'m Popularity,
        language: &'m Language,
        t: &Strings,
        brand: &Value,
    ) -> Self {
        LanguageParts {
            popularity,
            category_entries: language
                .categories
                .iter()
                .map(|c| popularity.most_asked_first(language, &c.entries))
                .collect(),
            t: json!(t),
            contact: contact(model, language, t),
            by_id: language.entries.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect(),
            csp: if super::headers::publishes_policy(&model.config) {
                super::headers::content_security_policy(&model.config, true)
            } else {
                String::new()
            },
            brand: brand.clone(),
            search_fallback: search_fallback(model, language),
        }
    }
}

/// Renders one page from its template and context ([`page_context`]).
pub(super) fn render_page(
    tera: &tera::Tera,
    page: &Page,
    template: &str,
    context: Value,
) -> Result<OutputFile, tera::Error> {
    let context = tera::Context::from_value(context)?;
    let html = tera.render(template, &context)?;
    Ok(OutputFile { path: page.path.clone(), bytes: html.into_bytes() })
}

/// The template of one page and its context: all the page is made of. Only the pages that list
/// every category (home, search, 404) get `categories`: building it for each of thousands of
/// entry pages was a quarter of rendering.
pub(super) fn page_context(
    model: &Model,
    suggested: &crate::index::related::Related,
    strings: &[Strings],
    parts: &[LanguageParts<'_>],
    page: &Page,
) -> (&'static str, Value) {
    let language = &model.languages[page.lang];
    let t = &strings[page.lang];
    let shared = &parts[page.lang];
    // A 404 page is served at any depth, so its links start from the site's base path.
    let root = if page.kind == PageKind::NotFound {
        model.config.base_path()
    } else {
        "../".repeat(page.path.matches('/').count())
    };
    let lang_root = format!("{root}{}", language.prefix);
    let default = model.config.default_language();
    let site_title = model.config.title.get(&language.code, default);
    let entry_link = |e: &Entry| EntryLink {
        href: format!("{root}{}", e.url),
        title: e.title.clone(),
        id: e.id.clone(),
        lang: None,
        lang_name: None,
    };
    let category_link = |i: usize| {
        let c = &language.categories[i];
        let n = c.entries.len();
        let label =
            if n == 1 { text(t, "questions_one") } else { text(t, "questions_other").replace("{n}", &n.to_string()) };
        CategoryLink {
            href: format!("{lang_root}{}/index.html", c.slug),
            title: c.title.clone(),
            description: c.description.clone(),
            count_label: label,
            slug: c.slug.clone(),
        }
    };
    // A category page lists the other topics beside its questions (a category page per
    // category: a few pages, not thousands).
    let lists_categories = matches!(
        page.kind,
        PageKind::Home | PageKind::Search | PageKind::NotFound | PageKind::Category(_) | PageKind::CategoryPage(..)
    );
    let categories: Vec<CategoryLink> =
        if lists_categories { (0..language.categories.len()).map(category_link).collect() } else { Vec::new() };
    let home_crumb = || Crumb::Home { href: format!("{lang_root}index.html"), title: text(t, "home") };
    // What a kind of page sets: its title, description, schema.org data, breadcrumbs, whether
    // search engines skip it ("not found" is no page to find; the search page may be indexed,
    // Lighthouse's SEO audit fails a noindex page, issue 17: every `?q=` variant names the bare
    // search page as canonical, so an engine keeps one page, the search form), and its own part.
    struct Kind<'a> {
        template: &'static str,
        page_title: String,
        description: String,
        json_ld: String,
        breadcrumbs: Vec<Crumb>,
        noindex: bool,
        og_type: &'static str,
        context: KindContext<'a>,
    }
    let plain = |template, page_title: String, context| Kind {
        template,
        page_title,
        description: site_title.clone(),
        json_ld: String::new(),
        breadcrumbs: Vec::new(),
        noindex: false,
        og_type: "website",
        context,
    };
    let kind = match page.kind {
        PageKind::Home => {
            let top = top_questions(language, shared.popularity, model.config.top_questions)
                .into_iter()
                .map(entry_link)
                .collect();
            plain("home.html", site_title.clone(), KindContext::Home { top })
        }
        PageKind::Category(i) | PageKind::CategoryPage(i, _) => {
            let c = &language.categories[i];
            let n = if let PageKind::CategoryPage(_, n) = page.kind { n } else { 1 };
            let total = page_count(c.entries.len());
            let first = (n - 1) * CATEGORY_PAGE_SIZE;
            let entries: Vec<&Entry> = shared.category_entries[i]
                .iter()
                .skip(first)
                .take(CATEGORY_PAGE_SIZE)
                .map(|&e| &language.entries[e])
                .collect();
            let pagination = (total > 1).then(|| pagination(language, t, i, n, total, &root));
            let page_label = text(t, "page_of").replace("{n}", &n.to_string()).replace("{total}", &total.to_string());
            let page_title = if n > 1 { format!("{} · {page_label}", c.title) } else { c.title.clone() };
            let category = CategoryView {
                title: c.title.clone(),
                description: c.description.clone(),
                slug: c.slug.clone(),
                intro_html: if n == 1 { super::callouts::label(&c.intro_html, t) } else { "".into() },
                entries: entries.iter().map(|e| entry_link(e)).collect(),
                pagination,
            };
            Kind {
                description: c.description.clone().unwrap_or_else(|| c.title.clone()),
                json_ld: schema_org::item_list(&model.config.base_url, &entries, first),
                breadcrumbs: vec![home_crumb(), Crumb::Here { title: c.title.clone() }],
                ..plain("category.html", page_title, KindContext::Category { category })
            }
        }
        PageKind::Entry(i) => {
            let e = &language.entries[i];
            let c = language.categories.iter().position(|c| c.slug == e.category).map(category_link);
            // The entry's own `related:` (one not translated yet is the default language's,
            // marked with it), else the entries the search index finds closest.
            let default_language = &model.languages[0];
            let related: Vec<EntryLink> = if e.related.is_empty() {
                suggested.of(page.lang, i).iter().map(|&r| entry_link(&language.entries[r])).collect()
            } else {
                e.related
                    .iter()
                    .filter_map(|id| match shared.by_id.get(id.as_str()) {
                        Some(&r) => Some(entry_link(&language.entries[r])),
                        None => parts[0].by_id.get(id.as_str()).map(|&r| EntryLink {
                            lang: Some(default_language.code.clone()),
                            lang_name: Some(text(&strings[0], "language_name")),
                            ..entry_link(&default_language.entries[r])
                        }),
                    })
                    .collect()
            };
            let description: String = e.description.clone().unwrap_or_else(|| e.text.chars().take(160).collect());
            // "Asked N times in the last 30 days", only when the site opts in (issue 4).
            let recent = shared.popularity.of(&e.key).recent;
            let asked = (model.config.complaints.show_counts && recent > 0).then(|| recent.to_string());
            // A table of contents only where an answer is long enough to need one.
            let toc: &[crate::model::markdown::Heading] = if e.toc.len() >= TOC_MIN_HEADINGS { &e.toc } else { &[] };
            let entry = EntryView {
                id: &e.id,
                title: &e.title,
                html: super::callouts::label(&e.html, t),
                updated: e.updated.as_deref(),
                tags: &e.tags,
                asked,
                toc,
                draft: e.draft,
            };
            // "Was this helpful?" and the contact links carrying the entry (issue 16).
            let contact = &model.config.contact.for_language(&language.code);
            let (email, chat) = (contact.email.as_deref(), contact.chat_url.as_deref());
            let context = KindContext::Entry {
                entry,
                related,
                outdated: outdated(model, page, e, &strings[0], &root),
                feedback: super::feedback::entry(model.config.feedback.as_ref(), &language.code, e, t),
                contact_links: super::feedback::contact_links(email, chat, &language.code, e, t),
            };
            Kind {
                description,
                json_ld: schema_org::faq_page(&[e]),
                breadcrumbs: vec![home_crumb(), Crumb::Topic(c), Crumb::Here { title: e.title.clone() }],
                noindex: e.noindex || e.draft,
                og_type: "article",
                ..plain("entry.html", e.title.clone(), context)
            }
        }
        PageKind::Contact => {
            let c = &model.config.contact.for_language(&language.code);
            let contact_prefill =
                super::feedback::described_contact(c.email.as_deref(), c.chat_url.as_deref(), &language.code, t);
            Kind {
                breadcrumbs: vec![home_crumb(), Crumb::Here { title: text(t, "contact_us") }],
                ..plain("contact.html", text(t, "contact_us"), KindContext::Contact { contact_prefill })
            }
        }
        PageKind::Search => plain("search.html", text(t, "search_heading"), KindContext::Plain {}),
        PageKind::NotFound => {
            Kind { noindex: true, ..plain("404.html", text(t, "not_found_heading"), KindContext::Plain {}) }
        }
    };
    let context = PageContext {
        lang: &language.code,
        dir: text(t, "dir"),
        t: &shared.t,
        site_title: site_title.clone(),
        canonical: format!("{}{}", model.config.base_url, public_path(&page.path)),
        alternates: page.alternates.iter().map(|(lang, href)| Alternate { lang, href }).collect(),
        switcher: switcher(model, strings, page, &root),
        root,
        lang_root,
        contact: &shared.contact,
        extra: &model.config.extra,
        categories,
        description: kind.description,
        json_ld: kind.json_ld,
        breadcrumbs: kind.breadcrumbs,
        csp: &shared.csp,
        brand: &shared.brand,
        search_fallback: shared.search_fallback.as_deref().map(|folder| SearchFallback {
            folder,
            lang: &model.languages[0].code,
            name: text(&strings[0], "language_name"),
        }),
        noindex: kind.noindex,
        og_type: kind.og_type,
        og_locale: language.code.replace('-', "_"),
        search_log_url: model.config.search.log_url.as_deref().unwrap_or_default(),
        page_title: kind.page_title,
        kind: kind.context,
    };
    (kind.template, serde_json::to_value(context).unwrap_or_default())
}

/// The folder of `language`'s fallback index from the site root, when it has one.
fn search_fallback(model: &Model, language: &Language) -> Option<String> {
    let l = model.languages.iter().position(|l| std::ptr::eq(l, language)).unwrap_or(0);
    if crate::index::untranslated(model, l).is_empty() {
        return None;
    }
    Some(format!("{}/", crate::index::fallback_folder(&language.code)))
}

/// From how many `##`/`###` headings an answer gets a table of contents.
const TOC_MIN_HEADINGS: usize = 3;

/// The home page's top questions: most asked first when complaint data exists, else manual order.
pub(crate) fn top_questions<'l>(language: &'l Language, popularity: &Popularity, count: usize) -> Vec<&'l Entry> {
    let mut entries: Vec<&Entry> = language.entries.iter().collect();
    // Stable sort: entries are already in category order, manual order inside each.
    entries.sort_by(|a, b| {
        popularity
            .of_entry(b)
            .total_cmp(&popularity.of_entry(a))
            .then_with(|| (a.order.is_none(), a.order.unwrap_or(0)).cmp(&(b.order.is_none(), b.order.unwrap_or(0))))
    });
    entries.truncate(count);
    entries
}

/// Links to every page of category `i` of `language`, seen from page `n` of `total`.
fn pagination(language: &Language, t: &Strings, i: usize, n: usize, total: usize, root: &str) -> Pagination {
    let href = |k: usize| {
        let kind = if k == 1 { PageKind::Category(i) } else { PageKind::CategoryPage(i, k) };
        format!("{root}{}", path_of(language, kind))
    };
    // The first, the last and two on each side of the current page; `gap` where some are left
    // out, so a category of a thousand pages does not list a thousand links on each.
    let mut pages: Vec<PageLink> = Vec::new();
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(n) <= 2 {
            pages.push(PageLink::Page { n: k, href: href(k), current: k == n });
        } else if !matches!(pages.last(), Some(PageLink::Gap { .. })) {
            pages.push(PageLink::Gap { gap: true });
        }
    }
    Pagination {
        label: text(t, "page_of").replace("{n}", &n.to_string()).replace("{total}", &total.to_string()),
        prev: (n > 1).then(|| href(n - 1)),
        next: (n < total).then(|| href(n + 1)),
        pages,
    }
}

/// The language switcher. A language without this page leads to a notice on this page, in
/// that language ("not yet available in Türkçe"), shown by `:target` without a script; the
/// link's `hreflang` is this page's language, where it really leads.
fn switcher(model: &Model, strings: &[Strings], page: &Page, root: &str) -> Vec<SwitcherItem> {
    let here = &model.languages[page.lang].code;
    model
        .languages
        .iter()
        .enumerate()
        .map(|(other, language)| {
            let name = text(&strings[other], "language_name");
            match page.translations[other] {
                Some(kind) => SwitcherItem::Translated {
                    code: language.code.clone(),
                    name,
                    hreflang: language.code.clone(),
                    href: format!("{root}{}", path_of(language, kind)),
                    current: other == page.lang,
                },
                None => SwitcherItem::Missing {
                    code: language.code.clone(),
                    notice: text(&strings[other], "not_translated").replace("{language}", &name),
                    name,
                    hreflang: here.clone(),
                    href: format!("#untranslated-{}", language.code),
                    current: false,
                    missing: true,
                    home: format!("{root}{}", path_of(language, PageKind::Home)),
                    home_label: text(&strings[other], "home"),
                },
            }
        })
        .collect()
}

/// On a translation whose original was updated after it was translated (by `updated`; `check`
/// also compares content hashes and git history): the notice and a link to the original.
fn outdated(model: &Model, page: &Page, e: &Entry, default_strings: &Strings, root: &str) -> Option<Outdated> {
    if page.lang == 0 {
        return None;
    }
    let original = model.languages[0].entries.iter().find(|o| o.key == e.key)?;
    let day = |d: Option<&str>| d.and_then(crate::shared::date::parse_day);
    let translated = day(e.translated_from.as_ref().and_then(|t| t.updated.as_deref())).or(day(e.updated.as_deref()));
    match (day(original.updated.as_deref()), translated) {
        (Some(changed), Some(translated)) if changed > translated => Some(Outdated {
            href: format!("{root}{}", original.url),
            lang: model.languages[0].code.clone(),
            lang_name: text(default_strings, "language_name"),
            updated: original.updated.clone(),
        }),
        _ => None,
    }
}

fn contact(model: &Model, language: &Language, t: &Strings) -> ContactBlock {
    let c = model.config.contact.for_language(&language.code);
    let promise = c.response_time_hours.map(|h| text(t, "response_promise").replace("{hours}", &h.to_string()));
    let (email, chat) = (c.email.as_deref(), c.chat_url.as_deref());
    ContactBlock {
        tel: c.tel_uri(),
        toll_free: c.toll_free,
        hours: c.hours.as_ref().map(|h| h.get(&language.code, model.config.default_language())),
        promise,
        promises: super::promise::channel_promises(&c, t),
        search_href: super::feedback::search_contact(email, chat, &language.code, t).unwrap_or_default(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        chat_url: c.chat_url.clone(),
    }
}

fn text(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_default()
}
