// Added to every page by `helpmark serve`, never by `helpmark build`: reloads the page when the
// site changes, and lays the problems of the latest edit over the last good page. A file of
// its own because the site's Content-Security-Policy allows no inline script.
(() => {
  'use strict';
  const me = document.currentScript;
  const version = me ? me.dataset.version : '0';
  const lang = document.documentElement.lang;

  const element = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const place = (d) => [d.file, d.line, d.column].filter((p) => p !== null && p !== undefined && p !== '').join(':');

  // Every diagnostic, as text nodes only: messages quote the editor's files.
  const show = (state) => {
    document.getElementById('helpmark-problems')?.remove();
    const report = state.problems;
    if (!report || !report.diagnostics.length) return;
    const t = state.strings[lang] || Object.values(state.strings)[0] || {};
    const n = report.diagnostics.length;
    const heading = (n === 1 ? t.preview_problems_one : t.preview_problems_other) || '{n}';
    const box = element('section');
    box.id = 'helpmark-problems';
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', lang);
    const header = element('div', 'helpmark-problems-header');
    header.append(element('h2', '', heading.replace('{n}', String(n))));
    const hide = element('button', '', t.preview_hide || '×');
    hide.type = 'button';
    hide.addEventListener('click', () => box.remove());
    header.append(hide);
    box.append(header);
    const list = element('ol');
    for (const d of report.diagnostics) {
      const item = element('li', 'helpmark-' + d.severity);
      const head = element('p');
      head.append(element('code', '', place(d)), ' ', element('strong', '', d.severity + '[' + d.code + ']'), ' ', d.message);
      item.append(head);
      if (d.hint) item.append(element('p', 'helpmark-hint', (t.preview_hint || 'hint') + ': ' + d.hint));
      list.append(item);
    }
    box.append(list);
    document.body.append(box);
  };

  const style = element('link');
  style.rel = 'stylesheet';
  style.href = '/_helpmark/overlay.css';
  document.head.append(style);

  fetch('/_helpmark/diagnostics', { cache: 'no-store' })
    .then((r) => r.json())
    .then(show)
    .catch(() => {});

  const events = new EventSource('/_helpmark/events?since=' + encodeURIComponent(version));
  events.addEventListener('reload', () => {
    events.close();
    location.reload();
  });
})();
