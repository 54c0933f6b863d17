// "Was this helpful?" on entry pages (issue 16), enhanced: the plain forms of feedback.html
// post with fetch instead of leaving the page, and a thank-you replaces the buttons. Without
// this script the same forms post normally (or the mailto links open the mail program).
// Sends only the form's own fields (entry, title, lang, helpful, reason, comment): no cookie
// (credentials omitted), no referrer, no identifier of the visitor. Same-origin file, no
// inline script: allowed by `script-src 'self'`; the endpoint needs `connect-src` and
// `form-action` (README).
(() => {
  "use strict";
  const box = document.querySelector("section.feedback");
  if (!box) return;
  const thanks = box.querySelector(".feedback-thanks");
  const done = () => {
    box.querySelectorAll("form, summary, .feedback-button").forEach((el) => { el.hidden = true; });
    thanks.hidden = false;
    thanks.focus();
  };
  box.querySelectorAll("form.feedback-form").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        // A form endpoint of another origin rarely allows CORS: the answer is not read
        // (no-cors), only a failure to reach it counts, and then the plain form is sent.
        await fetch(form.action, {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          mode: "no-cors",
          credentials: "omit",
          referrerPolicy: "no-referrer",
          cache: "no-store",
        });
        done();
      } catch (err) {
        button.disabled = false;
        form.submit();
      }
    });
  });
  box.querySelectorAll("a[href^='mailto:']").forEach((a) => a.addEventListener("click", done));
})();
