// The search page's first paint: run from <head>, before the body is drawn, so that a page
// with a query reserves its results' space at once and the results arriving later move
// nothing below them (no layout shift). Without WebAssembly nothing is reserved: the page
// shows the topics and the contact channels straight away (helpmark-search.js says why).
if (new URLSearchParams(window.location.search).get("q") && typeof WebAssembly === "object") {
  document.documentElement.classList.add("search-has-query", "search-pending");
  // The engine is needed at once: its module downloads while the page is parsed (the
  // client's fetch of the same URL, cors and same-origin credentials, takes this one).
  const here = document.currentScript && document.currentScript.src;
  if (here && window.location.protocol !== "file:") {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = here.replace(/search-page\.js(\?.*)?$/, "helpmark-search.wasm");
    document.head.append(link);
  }
}
