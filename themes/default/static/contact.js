// The contact page deflects before it connects (issue 16): as the customer describes their
// problem, the answers the header search would give appear below the box (the same engine
// and ranking, shared by helpmark-search.js as window.helpmark), and the email and chat links
// below are filled with what they wrote and the language. Without this script the box is a
// plain search form and the links are the plain channels. Every untrusted string goes in as
// text or percent-encoded into a link. Same-origin file, no inline script.
(() => {
  "use strict";
  const box = document.getElementById("describe-q");
  const hm = window.helpmark;
  if (!box || !hm) return;
  const form = box.form;
  const list = document.getElementById("describe-results");
  const answers = list.closest(".describe-answers");
  const status = document.getElementById("describe-status");
  const prefilledNote = document.querySelector(".describe-prefilled");
  const say = {
    none: form.dataset.tNone || "",
    found: form.dataset.tFound || "",
    unavailable: form.dataset.tUnavailable || "Search is unavailable",
  };
  // The channel links, each with its plain href and its template (`{q}`: the text, `{s}`: the
  // text as a one-line subject), from data-prefill (render/feedback.rs, described_contact).
  const links = [...document.querySelectorAll("a[data-prefill]")].map((a) => ({
    a,
    plain: a.getAttribute("href"),
    template: a.dataset.prefill,
  }));
  const subject = (text) => {
    const line = text.replace(/\s+/g, " ").trim();
    return line.length > 78 ? `${line.slice(0, 77)}…` : line;
  };
  const prefill = () => {
    const text = box.value.trim();
    for (const { a, plain, template } of links) {
      a.href = text
        ? template.split("{s}").join(encodeURIComponent(subject(text))).split("{q}").join(encodeURIComponent(text))
        : plain;
    }
    prefilledNote.hidden = !text || !links.length;
  };

  // What the list shows now: the text it answers and how many answers.
  let shown = { query: "", count: 0 };
  let generation = 0;
  const update = async (asYouType) => {
    const query = box.value;
    const mine = ++generation;
    prefill();
    if (!query.trim()) {
      list.replaceChildren();
      answers.hidden = true;
      status.textContent = "";
      shown = { query: "", count: 0 };
      return;
    }
    let results;
    try {
      // The search page's relevance floor, through the same function: no answer that matched
      // only a weak word of the text.
      results = hm.relevant(await hm.search(query, asYouType, 5));
    } catch (err) {
      if (mine === generation) status.textContent = `${say.unavailable}: ${err.message}`;
      return;
    }
    if (mine !== generation) return; // a newer keystroke won
    list.replaceChildren(...results.map((r) => hm.resultItem(r, query)));
    answers.hidden = !results.length;
    status.textContent = results.length ? say.found : say.none;
    shown = { query, count: results.length };
    list.dataset.query = query; // which text the list answers (for tests and integrations)
  };

  // The search log, once per text: choosing an answer (with its id) or a channel (without
  // one) ends the query; a submitted box without either is logged when the page is left.
  let logged = "";
  let pending = null;
  const log = (entry) => {
    const query = shown.query.trim();
    if (!query || logged === query) return;
    logged = query;
    if (pending) pending(entry);
    else hm.logSearch(query, shown.count, entry);
    pending = null;
  };
  list.addEventListener("click", (event) => {
    const li = event.target.closest("a") && event.target.closest("li[data-id]");
    if (li) log(li.dataset.id);
  });
  for (const { a } of links) a.addEventListener("click", () => log());

  box.addEventListener("input", () => update(true));
  // With the script, "Find answers" searches here, whole words as on the search page, and the
  // channels stay in view.
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await update(false);
    const query = shown.query.trim();
    if (query && logged !== query) pending = hm.pendingLog(query, shown.count);
  });

  // `contact.html?q=…` (the row a search that found nothing ends with) starts with the query.
  const start = new URLSearchParams(window.location.search).get("q");
  if (start) {
    box.value = start;
    update(false);
  }
})();
