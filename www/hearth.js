// hearth.js: progressive enhancement only. Every page works without it; with it, GOV.UK
// Frontend's components start and the child search answers as you type. Loaded as a
// module from the page's <head> (no inline script: the Content-Security-Policy forbids it).
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

const search = document.querySelector('[data-hearth-search]');
if (search) {
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (search.value.trim().length < 2) return;
      const res = await fetch('/search?q=' + encodeURIComponent(search.value), { credentials: 'same-origin' });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = doc.getElementById('results');
      const here = document.getElementById('results');
      if (fresh && here) here.replaceWith(fresh);
    }, 250);
  });
}

// Drafts as you type: every form that posts to this service keeps a draft on the server
// every few seconds while it changes (without JavaScript, each submit keeps one).
for (const form of document.querySelectorAll('form[method=post]')) {
  const action = new URL(form.action, location.href);
  if (!form.querySelector('textarea, input[type=text]') || action.pathname === '/sign-in' || action.pathname === '/setup') continue;
  let last = new URLSearchParams(new FormData(form)).toString();
  setInterval(async () => {
    const now = new URLSearchParams(new FormData(form)).toString();
    if (now === last) return;
    last = now;
    await fetch('/drafts?form=' + encodeURIComponent(action.pathname + action.search), {
      method: 'POST', body: now, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  }, 3000);
}
