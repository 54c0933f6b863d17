// The search page's first paint: run from <head>, before the body is drawn, so that a page
// with a query reserves its results' space at once and the results arriving later move
// nothing below them (no layout shift). Without WebAssembly nothing is reserved: the page
// shows the topics and the contact channels straight away (helpmark-search.js says why).
if (new URLSearchParams(window.location.search).get("q") && typeof WebAssembly === "object") {
  document.documentElement.classList.add("search-has-query", "search-pending");
}
