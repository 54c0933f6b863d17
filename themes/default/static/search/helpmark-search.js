// helpmark search client: the header search box as an ARIA combobox with instant results, and
// the search page (?q=). Ranking happens in helpmark-search.wasm (the same code as the build's
// Tantivy-derived reader); this file only fetches files, moves bytes and draws results.
// No framework, no inline script (CSP-friendly), every untrusted string goes in as text.
(() => {
  "use strict";
  const form = document.querySelector("form.search-form");
  if (!form) return;
  // Without WebAssembly (iOS Lockdown Mode, old browsers) the engine cannot run: search says
  // so and offers the topics and the contact channels instead of failing silently.
  const hasWasm = typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function";
  const root = form.dataset.searchRoot || "";
  const lang = form.dataset.lang || "en";
  const base = `_search/${lang}/`;
  const input = form.querySelector("input[name=q]");
  // The page's own language for every message (data- attributes of the search box, from the
  // theme's strings; English only when a theme leaves them out).
  const say = {
    noResults: form.dataset.tNoResults || "No answer matches. Try other words, or contact us.",
    unavailable: form.dataset.tUnavailable || "Search is unavailable",
    contact: form.dataset.tContact || "Contact us about “{query}”",
    noWasm: form.dataset.tNoWasm || "This browser cannot run the search. Browse the topics or contact us.",
    topics: form.dataset.tTopics || "Browse the topics",
  };
  // Where a search that found nothing leads, carrying the query and the language: the site's
  // mailto or chat link with `{q}` where the query goes, else the contact page.
  const contactHref = (query) => {
    const q = encodeURIComponent(query);
    if (form.dataset.contact) return form.dataset.contact.split("{q}").join(q);
    return `${new URL("contact.html", form.action).href}?q=${q}&lang=${encodeURIComponent(lang)}`;
  };
  const contactLink = (query) => {
    const a = document.createElement("a");
    a.href = contactHref(query);
    a.className = "search-contact-link";
    a.textContent = say.contact.replace("{query}", query);
    return a;
  };
  // The default language's entries this language has not translated (`index::fallback`):
  // an index of their own, searched beside the page's; its results carry their language.
  const fallback = form.dataset.fallback
    ? { folder: form.dataset.fallback, lang: form.dataset.fallbackLang, name: form.dataset.fallbackName }
    : null;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  // One engine (a module instance holding one index) per index folder.
  const engines = new Map();

  // Files are named by their path from the site root. Over http(s) they are fetched; from
  // file://, where browsers refuse fetch(), scripts holding them are run and leave the bytes
  // (base64) in window.helpmarkFiles: the wasm's own `.js` twin, and for search index files
  // the folder's `disk-<n>.js` bundle, n a hash of the file name (as script_twin.rs computes).
  const fromDisk = window.location.protocol === "file:";
  const bundleOf = (name) => {
    let h = 0;
    for (let i = 0; i < name.length; i += 1) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
    return h % 32;
  };
  const scripts = new Map();
  const runScript = (src) => {
    if (!scripts.has(src)) {
      scripts.set(src, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`cannot load ${src}`));
        document.head.append(script);
      }));
    }
    return scripts.get(src);
  };
  const fetchBytes = async (path) => {
    if (!fromDisk) {
      const response = await fetch(root + path);
      if (!response.ok) throw new Error(`cannot load ${path} (${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    }
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    await runScript(path.startsWith("_search/")
      ? `${root}${path.slice(0, slash)}/disk-${bundleOf(name)}.js`
      : `${root}${path}.js`);
    const text = atob((window.helpmarkFiles || {})[path] || "");
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return bytes;
  };

  // Copies `bytes` into the module, calls `fn(...before, ptr, len, ...after)`, returns the JSON answer.
  const call = (ex, fn, bytes, before, after) => {
    const len = bytes.length;
    const ptr = len ? ex.hm_alloc(len) : 0;
    if (len && !ptr) throw new Error("search: out of memory");
    if (len) new Uint8Array(ex.memory.buffer, ptr, len).set(bytes);
    try {
      const outLen = fn(...before, ptr, len, ...after);
      const out = new Uint8Array(ex.memory.buffer, ex.hm_output_ptr(), outLen);
      const answer = JSON.parse(decoder.decode(out));
      if (answer.error) throw new Error(answer.error);
      return answer;
    } finally {
      if (len) ex.hm_free(ptr, len);
    }
  };

  // The module and the manifest are fetched at once (neither waits for the other), and over
  // http(s) the module compiles while it downloads. One module, compiled once, serves every
  // index the page searches (each engine is an instance of it holding one index).
  const WASM = "assets/search/helpmark-search.wasm";
  const compile = async () => {
    if (!fromDisk && typeof WebAssembly.compileStreaming === "function") {
      const response = fetch(root + WASM).then((r) => {
        if (!r.ok) throw new Error(`cannot load ${WASM} (${r.status})`);
        return r;
      }, () => { throw new Error(`cannot load ${WASM}`); });
      try {
        return await WebAssembly.compileStreaming(response);
      } catch (err) {
        await response; // a failed download is that, not a browser without WebAssembly
        // A host that sends the module with another type than application/wasm: its bytes.
      }
    }
    return WebAssembly.compile(await fetchBytes(WASM));
  };
  let module = null;
  const instantiate = async () => {
    module = module || compile();
    return WebAssembly.instantiate(await module, {});
  };
  const load = async (folder) => {
    const manifestBytes = fetchBytes(`${folder}manifest.bin`);
    manifestBytes.catch(() => {}); // awaited below; no unhandled rejection while the module loads
    let instance;
    try {
      instance = await instantiate();
    } catch (err) {
      if (/^cannot load/.test(err.message)) throw err;
      throw Object.assign(new Error(say.noWasm), { noWasm: true, cause: err });
    }
    const ex = instance.exports;
    const manifest = call(ex, ex.hm_load_manifest, await manifestBytes, [], []);
    return { ex, folder, manifest, shards: new Map(), fragments: new Map() };
  };
  // The engine of an index folder, loaded once per page (from the first query or the box
  // getting focus).
  const ready = (folder) => {
    if (!engines.has(folder)) engines.set(folder, load(folder));
    return engines.get(folder);
  };

  // Characters of a result's passage (cut at words, `…` where cut).
  const EXCERPT_CHARS = 180;
  // `{text, marks}` of `text` for `query` (marks: [from, to] in UTF-16 units); `max` 0 keeps
  // the whole text. The buffer is the query's bytes, then the text's.
  const passage = (e, query, asYouType, text, max) => {
    const q = encoder.encode(query);
    const t = encoder.encode(text);
    const both = new Uint8Array(q.length + t.length);
    both.set(q);
    both.set(t, q.length);
    return call(e.ex, e.ex.hm_excerpt, both, [], [q.length, asYouType ? 1 : 0, max || 0x7fffffff]);
  };

  // Scores cross the wasm boundary as the bits of an f32.
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  const score = (b) => { bits[0] = b; return asFloat[0]; };

  // The results of one index. `shown.floor` drops, before their fragments are fetched, the
  // hits `relevant` would hide; `shown.excerpts: false` leaves out the passages (the dropdown
  // draws titles only), so only what is drawn is fetched and cut.
  const searchIn = async (folder, query, asYouType, limit, shown) => {
    const e = await ready(folder);
    const q = encoder.encode(query);
    // The engine names the term files this query needs (shards, and for prefixes and typos
    // term-list pages); fetch only those. A typo takes three rounds, the fourth finds none.
    for (let round = 0; round < 4; round += 1) {
      const { missing } = call(e.ex, e.ex.hm_missing_shards, q, [], [asYouType ? 1 : 0]);
      if (!missing.length) break;
      await Promise.all(missing.map(async ([i, name]) => {
        if (!e.shards.has(i)) e.shards.set(i, fetchBytes(e.folder + name));
        call(e.ex, e.ex.hm_load_shard, await e.shards.get(i), [i], []);
      }));
    }
    let { hits } = call(e.ex, e.ex.hm_search, q, [], [asYouType ? 1 : 0, limit]);
    if (shown.floor && hits.length) {
      const best = score(hits[0].score);
      hits = hits.filter((hit) => score(hit.score) >= shown.floor * best);
    }
    // Every result's fragment file at once (each holds a couple of entries); without
    // excerpts, its head file instead (titles of 8 entries, a fifth of the bytes).
    const heads = shown.excerpts === false;
    const files = hits.map((hit) => {
      const key = heads ? `h${hit.head}` : hit.file;
      if (!e.fragments.has(key)) {
        const [name, read, number] = heads
          ? [hit.headName, e.ex.hm_read_heads, hit.head]
          : [hit.name, e.ex.hm_read_fragments, hit.file];
        e.fragments.set(key, fetchBytes(e.folder + name).then((bytes) => call(e.ex, read, bytes, [number], []).fragments));
      }
      return e.fragments.get(key);
    });
    const results = [];
    for (const [i, hit] of hits.entries()) {
      const fragment = (await files[i])[heads ? hit.headSlot : hit.slot];
      // What is drawn: the title and the passage around the matched words, those words
      // marked by the engine's own analysis (this script never guesses at words).
      const marked = {
        title: passage(e, query, asYouType, fragment.title, 0),
        excerpt: shown.excerpts === false ? null : passage(e, query, asYouType, fragment.excerpt, EXCERPT_CHARS),
      };
      results.push({ ...fragment, score: score(hit.score), all: hit.all, marked });
    }
    return results;
  };

  // The page language's results, then at most FALLBACK_RESULTS of the fallback index, those
  // first when the best of them matched every word and the page's best did not: the rule of
  // `index::fallback::merge`, so `helpmark search` shows what the page shows.
  const FALLBACK_RESULTS = 3;
  const search = async (query, asYouType, limit, shown = {}) => {
    if (!hasWasm) throw Object.assign(new Error(say.noWasm), { noWasm: true });
    const [own, others] = await Promise.all([
      searchIn(base, query, asYouType, limit, shown),
      // The page's own answers still show if the other index cannot be read.
      fallback ? searchIn(fallback.folder, query, asYouType, limit, shown).catch(() => []) : [],
    ]);
    const marked = others.slice(0, Math.min(FALLBACK_RESULTS, limit))
      .map((r) => ({ ...r, lang: fallback.lang, langName: fallback.name }));
    const matchedAll = (r) => Boolean(r && r.all);
    const mine = own.slice(0, limit - marked.length);
    return marked.length && matchedAll(marked[0]) && !matchedAll(own[0]) ? [...marked, ...mine] : [...mine, ...marked];
  };

  // A passage with its marked words; built from text nodes, so nothing is parsed as HTML.
  const highlighted = ({ text, marks }) => {
    const span = document.createElement("span");
    let at = 0;
    for (const [from, to] of marks) {
      span.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      span.append(mark);
      at = to;
    }
    span.append(text.slice(at));
    return span;
  };

  // Results worth showing: those scoring at least RELEVANCE_FLOOR of the best. A result that
  // matched only a weak word of the query (a word most entries share) scores a small fraction
  // of one that matched the words that carry the question ("refund" on the sample: 1, 0.19,
  // 0.17, 0.16, 0.15, then thirteen results at 0.03-0.05). Measured on the dev sets' top 10
  // (`helpmark search`, same ranking): 0.1 shows 12% (clinc150) and 26% (hinglish) fewer
  // results and loses the right answer of 6 of 2,944 and 9 of 1,008 queries (MRR@10 0.7357 →
  // 0.7354 and 0.6307 → 0.6296); 0.2 lost 52 and 42. Applied in the page only:
  // `helpmark search` and `window.helpmarkSearch` rank unfiltered.
  const RELEVANCE_FLOOR = 0.1;
  // Each index's results against that index's best (scores of two indexes do not compare).
  const relevant = (results) => {
    const best = new Map();
    for (const r of results) if (!best.has(r.lang || "")) best.set(r.lang || "", r.score);
    return results.filter((r) => r.score >= RELEVANCE_FLOOR * best.get(r.lang || ""));
  };

  // A result in another language says which, in that language's own name and words.
  const inLanguage = (element, r) => {
    if (!r.lang) return;
    element.lang = r.lang;
    const mark = document.createElement("span");
    mark.className = "result-lang";
    mark.textContent = r.langName || r.lang;
    // Spaced by its margin: a space would be underlined with the link.
    element.append(mark);
  };

  // A result as the search page and the contact page list it: the title, linked, and the
  // excerpt, the query's words marked.
  const resultItem = (r, query) => {
    const li = document.createElement("li");
    li.dataset.id = r.id;
    const a = document.createElement("a");
    a.href = root + r.url;
    a.append(highlighted(r.marked.title));
    if (r.lang) a.hreflang = r.lang;
    const p = document.createElement("p");
    p.className = "excerpt";
    p.append(highlighted(r.marked.excerpt));
    if (r.lang) p.lang = r.lang;
    inLanguage(a, r);
    li.append(a, p);
    return li;
  };

  // The search log (`search.log_url`, issue 16; off when the site sets none): one record per
  // submitted query with exactly `query`, `lang`, `results` (how many were shown) and, when
  // one was chosen, `entry` (its id). No cookie (credentials omitted), no referrer, no
  // identifier of the visitor; `keepalive` lets it leave while the page is being left.
  const logUrl = form.dataset.logUrl || "";
  const logSearch = (query, results, entry) => {
    if (!logUrl || !query.trim()) return;
    const body = new URLSearchParams({ query: query.trim(), lang, results: String(results) });
    if (entry) body.set("entry", entry);
    fetch(logUrl, {
      method: "POST",
      body,
      keepalive: true,
      mode: "no-cors",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
    }).catch(() => {});
  };
  // A submitted query whose record waits for the customer's choice: the returned function
  // sends it once, with the entry chosen, and leaving the page sends it without one.
  const pendingLog = (query, results) => {
    let sent = false;
    const send = (entry) => {
      if (sent) return;
      sent = true;
      logSearch(query, results, entry);
    };
    window.addEventListener("pagehide", () => send());
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") send(); });
    return send;
  };

  // For integrations and the search contract test: ranked results of a query.
  window.helpmarkSearch = search;
  // For the contact page's box (contact.js): the same engine, results and log.
  window.helpmark = { search, relevant, resultItem, logSearch, pendingLog };

  // The header box: a combobox with a listbox of instant results. Options hold no link or
  // button (axe `nested-interactive`): choosing one, by click or Enter, follows its data-href.
  const list = document.createElement("ul");
  list.id = "search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
  list.hidden = true;
  form.append(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  let active = -1;
  let generation = 0;

  const open = () => {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const options = () => list.querySelectorAll("[role=option]:not([aria-disabled=true])");
  const setActive = (i) => {
    const all = options();
    all.forEach((o, j) => o.setAttribute("aria-selected", String(i === j)));
    active = i;
    if (i >= 0 && all[i]) input.setAttribute("aria-activedescendant", all[i].id);
  };
  const option = (id, className, href, content) => {
    const li = document.createElement("li");
    li.id = id;
    li.className = className;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    if (href) li.dataset.href = href;
    li.append(content);
    return li;
  };
  // A row that says something and leads nowhere (no results, no engine).
  const note = (className, text) => {
    const li = option(`search-option-${className}`, className, "", text);
    li.setAttribute("aria-disabled", "true");
    return li;
  };
  // The rows after the answers: the topics when search cannot run, and always a person.
  const endRows = (query, noWasm) => {
    const rows = [];
    if (noWasm) {
      const topics = `${form.action}?q=${encodeURIComponent(query)}`;
      rows.push(option("search-option-topics", "search-topics", topics, say.topics));
    }
    rows.push(option("search-option-contact", "search-contact", contactHref(query), say.contact.replace("{query}", query)));
    return rows;
  };
  const draw = (rows) => {
    list.replaceChildren(...rows);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    open();
  };
  // "No answer" waits for a pause in typing: a word half typed often matches nothing, and
  // the list must not flash empty between keystrokes that lead to an answer.
  const EMPTY_AFTER_MS = 350;
  let emptyTimer = 0;
  const suggest = async () => {
    const query = input.value;
    const mine = ++generation;
    clearTimeout(emptyTimer);
    if (!query.trim()) { close(); return; }
    let results;
    try {
      results = relevant(await search(query, true, 8, { floor: RELEVANCE_FLOOR, excerpts: false }));
    } catch (err) {
      results = err;
    }
    if (mine !== generation) return; // a newer keystroke won
    if (results instanceof Error) {
      const text = results.noWasm ? say.noWasm : `${say.unavailable}: ${results.message}`;
      draw([note(results.noWasm ? "search-no-wasm" : "search-error", text), ...endRows(query, results.noWasm)]);
      return;
    }
    if (!results.length) {
      const empty = () => draw([note("search-empty", say.noResults), ...endRows(query, false)]);
      if (list.hidden || !list.querySelector("[data-id]")) empty();
      else emptyTimer = setTimeout(() => { if (mine === generation) empty(); }, EMPTY_AFTER_MS);
      return;
    }
    const rows = results.map((r, i) => {
      const li = option(`search-option-${i}`, "search-answer", root + r.url, highlighted(r.marked.title));
      li.dataset.id = r.id;
      inLanguage(li, r);
      return li;
    });
    draw([...rows, ...endRows(query, false)]);
  };

  // Choosing a row: a result is a submitted query, logged with the entry chosen.
  const choose = (li) => {
    if (!li || !li.dataset.href) return;
    if (li.dataset.id) logSearch(input.value, list.querySelectorAll("[role=option][data-id]").length, li.dataset.id);
    window.location.href = li.dataset.href;
  };
  // Pressing a row must not blur the box first (that would close the list under the pointer).
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => choose(event.target.closest("[role=option]")));

  input.addEventListener("input", suggest);
  input.addEventListener("focus", () => {
    // Someone about to search: load the engine now rather than at the first keystroke.
    if (hasWasm) {
      ready(base).catch(() => {});
      if (fallback) ready(fallback.folder).catch(() => {});
    }
    if (input.value.trim() && list.childElementCount) open();
  });
  input.addEventListener("keydown", (event) => {
    const count = options().length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) open();
      setActive((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      setActive((active - 1 + count) % count);
    } else if (event.key === "Escape" && !list.hidden) {
      // Closes the list only: a search box would also clear itself on Escape.
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      choose(options()[active]);
    }
  });
  input.addEventListener("blur", close);
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); }
  });

  // The search page: a submitted query uses whole words (no prefix), as the CLI does. Its
  // space is reserved from the first paint (search-page.js, in <head>), so results arriving
  // move nothing; the count says how many answers were found, in the page's language.
  const resultsList = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const query = new URLSearchParams(window.location.search).get("q");
  const plural = new Intl.PluralRules(lang);
  const counted = (n) => {
    const one = status.dataset.tCountOne || "1 answer";
    const other = status.dataset.tCountOther || "{n} answers";
    return (plural.select(n) === "one" && n === 1 ? one : other).replace("{n}", n.toLocaleString(lang));
  };
  const done = () => document.documentElement.classList.remove("search-pending");
  const contactAfter = () => {
    const p = document.getElementById("search-contact");
    if (p) p.replaceChildren(contactLink(query));
  };
  if (resultsList && query) {
    input.value = query;
    search(query, false, 20, { floor: RELEVANCE_FLOOR }).then((all) => {
      const results = relevant(all);
      status.textContent = results.length ? counted(results.length) : say.noResults;
      resultsList.replaceChildren(...results.map((r) => resultItem(r, query)));
      contactAfter();
      done();
      // For benches/search.sh (User Timing, no cost): when the results were drawn.
      performance.mark("helpmark-results");
      // The page's query is a submitted one: logged once, with the result chosen if any.
      const log = pendingLog(query, results.length);
      resultsList.addEventListener("click", (event) => {
        const li = event.target.closest("a") && event.target.closest("li[data-id]");
        if (li) log(li.dataset.id);
      });
    }).catch((err) => {
      status.textContent = err.noWasm ? say.noWasm : `${say.unavailable}: ${err.message}`;
      // Without the engine the topics and channels are the answer: no space kept for results.
      if (err.noWasm) document.documentElement.classList.remove("search-has-query");
      if (err.noWasm) status.classList.add("search-no-wasm");
      resultsList.replaceChildren();
      contactAfter();
      done();
    });
  }
})();
