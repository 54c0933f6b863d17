// helpmark search client: the header search box as an ARIA combobox with instant results, and
// the search page (?q=). Ranking happens in helpmark-search.wasm (the same code as the build's
// Tantivy-derived reader); this file only fetches files, moves bytes and draws results.
// No framework, no inline script (CSP-friendly), every untrusted string goes in as text.
(() => {
  "use strict";
  const form = document.querySelector("form.search-form");
  if (!form || !window.WebAssembly) return;
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
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let engine = null;

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

  const load = async () => {
    const wasm = await fetchBytes("assets/search/helpmark-search.wasm");
    const { instance } = await WebAssembly.instantiate(wasm, {});
    const ex = instance.exports;
    const manifest = call(ex, ex.hm_load_manifest, await fetchBytes(`${base}manifest.bin`), [], []);
    return { ex, manifest, shards: new Map(), fragments: new Map() };
  };

  // Scores cross the wasm boundary as the bits of an f32.
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  const score = (b) => { bits[0] = b; return asFloat[0]; };

  const search = async (query, asYouType, limit) => {
    engine = engine || load();
    const e = await engine;
    const q = encoder.encode(query);
    // The engine names the term files this query needs (shards, and for prefixes and typos
    // term-list pages); fetch only those. A typo takes three rounds, the fourth finds none.
    for (let round = 0; round < 4; round += 1) {
      const { missing } = call(e.ex, e.ex.hm_missing_shards, q, [], [asYouType ? 1 : 0]);
      if (!missing.length) break;
      await Promise.all(missing.map(async ([i, name]) => {
        if (!e.shards.has(i)) e.shards.set(i, fetchBytes(base + name));
        call(e.ex, e.ex.hm_load_shard, await e.shards.get(i), [i], []);
      }));
    }
    const { hits } = call(e.ex, e.ex.hm_search, q, [], [asYouType ? 1 : 0, limit]);
    // Every result's fragment file at once (each holds a couple of entries).
    const files = hits.map((hit) => {
      if (!e.fragments.has(hit.file)) {
        e.fragments.set(hit.file, fetchBytes(base + hit.name)
          .then((bytes) => call(e.ex, e.ex.hm_read_fragments, bytes, [hit.file], []).fragments));
      }
      return e.fragments.get(hit.file);
    });
    const results = [];
    for (const [i, hit] of hits.entries()) {
      results.push({ ...(await files[i])[hit.slot], score: score(hit.score) });
    }
    return results;
  };

  // Text with the query's words marked; built from text nodes, so nothing is parsed as HTML.
  const highlighted = (text, query) => {
    const span = document.createElement("span");
    const words = query.toLocaleLowerCase(lang).split(/\s+/).filter((w) => w.length > 1);
    const lower = text.toLocaleLowerCase(lang);
    let at = 0;
    while (at < text.length) {
      let best = -1;
      let bestLen = 0;
      for (const w of words) {
        const i = lower.indexOf(w, at);
        if (i >= 0 && (best < 0 || i < best)) { best = i; bestLen = w.length; }
      }
      if (best < 0 || lower.length !== text.length) { span.append(text.slice(at)); break; }
      span.append(text.slice(at, best));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + bestLen);
      span.append(mark);
      at = best + bestLen;
    }
    return span;
  };

  // A result as the search page and the contact page list it: the title, linked, and the
  // excerpt, the query's words marked.
  const resultItem = (r, query) => {
    const li = document.createElement("li");
    li.dataset.id = r.id;
    const a = document.createElement("a");
    a.href = root + r.url;
    a.append(highlighted(r.title, query));
    const p = document.createElement("p");
    p.className = "excerpt";
    p.append(highlighted(r.excerpt, query));
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
  window.helpmark = { search, resultItem, logSearch, pendingLog };

  // The header box: a combobox with a listbox of instant results.
  const list = document.createElement("ul");
  list.id = "search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  form.append(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  let active = -1;
  let generation = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const setActive = (i) => {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, j) => o.setAttribute("aria-selected", String(i === j)));
    active = i;
    if (i >= 0 && options[i]) input.setAttribute("aria-activedescendant", options[i].id);
  };
  const suggest = async () => {
    const query = input.value;
    const mine = ++generation;
    if (!query.trim()) { close(); return; }
    let results;
    try {
      results = await search(query, true, 8);
    } catch (err) {
      results = err;
    }
    if (mine !== generation) return; // a newer keystroke won
    list.replaceChildren();
    if (results instanceof Error || !results.length) {
      const li = document.createElement("li");
      li.className = results instanceof Error ? "search-error" : "search-empty";
      li.textContent = results instanceof Error ? `${say.unavailable}: ${results.message}` : say.noResults;
      list.append(li);
    }
    if (!(results instanceof Error)) {
      results.forEach((r, i) => {
        const li = document.createElement("li");
        li.id = `search-option-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.id = r.id;
        const a = document.createElement("a");
        a.href = root + r.url;
        a.tabIndex = -1;
        a.append(highlighted(r.title, query));
        li.append(a);
        list.append(li);
      });
    }
    // The last row always leads to a person, with the query: the list is never empty.
    const contact = document.createElement("li");
    contact.id = "search-option-contact";
    contact.className = "search-contact";
    contact.setAttribute("role", "option");
    contact.setAttribute("aria-selected", "false");
    const link = contactLink(query);
    link.tabIndex = -1;
    contact.append(link);
    list.append(contact);
    list.hidden = !list.childElementCount;
    input.setAttribute("aria-expanded", String(!list.hidden));
    active = -1;
  };

  // Choosing a result in the dropdown is a submitted query: logged with the entry chosen.
  const chosen = (link) => {
    const option = link.closest("[role=option]");
    if (!option || !option.dataset.id) return;
    logSearch(input.value, list.querySelectorAll("[role=option][data-id]").length, option.dataset.id);
  };
  list.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (link) chosen(link);
  });

  input.addEventListener("input", suggest);
  input.addEventListener("keydown", (event) => {
    const count = list.querySelectorAll("[role=option]").length;
    if (event.key === "ArrowDown" && count) { event.preventDefault(); setActive((active + 1) % count); }
    else if (event.key === "ArrowUp" && count) { event.preventDefault(); setActive((active - 1 + count) % count); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      const link = list.querySelectorAll("[role=option] a")[active];
      if (link) { chosen(link); window.location.href = link.href; }
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 200));
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); }
  });

  // The search page: a submitted query uses whole words (no prefix), as the CLI does.
  const resultsList = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const query = new URLSearchParams(window.location.search).get("q");
  if (resultsList && query) {
    input.value = query;
    search(query, false, 20).then((results) => {
      status.textContent = results.length ? "" : say.noResults;
      const p = document.createElement("p");
      p.className = "search-contact";
      p.append(contactLink(query));
      resultsList.after(p);
      resultsList.append(...results.map((r) => resultItem(r, query)));
      // The page's query is a submitted one: logged once, with the result chosen if any.
      const log = pendingLog(query, results.length);
      resultsList.addEventListener("click", (event) => {
        const li = event.target.closest("a") && event.target.closest("li[data-id]");
        if (li) log(li.dataset.id);
      });
    }).catch((err) => {
      status.textContent = `${say.unavailable}: ${err.message}`;
      const p = document.createElement("p");
      p.className = "search-contact";
      p.append(contactLink(query));
      resultsList.after(p);
    });
  }
})();
