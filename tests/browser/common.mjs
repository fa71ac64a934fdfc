// What the browser tests share (e2e.mjs, dashboard.mjs, stages.mjs): Debian's Chromium
// launched headless, pages in contexts of their own, signing in, axe-core's WCAG 2.2 AA check,
// screenshots, GOV.UK date fields, and running a list of named tests with a tally.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const axeSource = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const PASSWORD = 'demo-password';

export function check(cond, what) {
  if (!cond) throw new Error(what);
}

export async function axe(page, name) {
  // axe is injected with evaluate (the page's CSP forbids inline script, rightly)
  await page.evaluate(axeSource);
  const res = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const v = res.violations.map(x => `${x.id}: ${x.help} (${x.nodes.map(n => n.target.join(' ')).slice(0, 3).join('; ')})`);
  check(v.length === 0, `axe found WCAG violations on ${name}:\n  ${v.join('\n  ')}`);
}

// A picture of the page in dir, name.png: the whole page, or its first screenful.
export async function shot(page, dir, name, fullPage = true) {
  await page.screenshot({ path: path.join(dir, name + '.png'), fullPage });
}

export async function signIn(page, baseUrl, name) {
  await page.goto(baseUrl + '/sign-in');
  await page.fill('#name', name);
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Sign in")');
}

export async function setDate(page, name, d, m, y) {
  await page.fill(`#${name}`, String(d));
  await page.fill(`#${name}-month`, String(m));
  await page.fill(`#${name}-year`, String(y));
}

// The front door's contact form filled in (the caller saves it): the child's names, birth
// date, the first sex, ethnicity and disability (White British and none unless given), an
// NHS number when given, the contact's date, source and concerns.
// Dates are [day, month, year].
export async function fillContact(page, c) {
  await page.fill('#given', c.given);
  await page.fill('#family', c.family);
  await setDate(page, 'dob', ...c.dob);
  await page.check('#sex');
  await page.selectOption('#ethnicity', c.ethnicity || 'WBRI');
  await page.selectOption('#disability', c.disability || 'NONE');
  if (c.nhs) await page.fill('#nhs', c.nhs);
  await setDate(page, 'date', ...c.date);
  await page.selectOption('#source', c.source);
  await page.fill('#concerns', c.concerns);
}

// After a referral to an assessment team's queue the front door is shown again with
// ?referred=ID: the child's record path, or null when the page is anything else.
export function referredChild(page) {
  const u = new URL(page.url());
  const id = u.searchParams.get('referred');
  return u.pathname === '/front-door' && /^\d+$/.test(id || '') ? '/children/' + id : null;
}

// A child met at the front door (fillContact's fields c), referred on the contact's day with
// need N1, and allocated by the administrator to Sam Worker of Assessment North: the
// child's record path. Ends signed in as the administrator.
export async function referToSam(page, baseUrl, c) {
  await signIn(page, baseUrl, 'frontdoor');
  await page.goto(baseUrl + '/contacts/new');
  await fillContact(page, c);
  await page.click('button:has-text("Save the contact")');
  await page.check('input[value=REFERRAL]');
  await setDate(page, 'decision_date', ...c.date);
  await page.selectOption('#need', 'N1');
  await page.click('button:has-text("Save the decision")');
  const child = referredChild(page);
  check(child, 'not referred: ' + page.url());
  await signIn(page, baseUrl, 'admin');
  await page.goto(baseUrl + child);
  await page.selectOption('#worker', { label: 'Sam Worker (demo) (Social worker, Assessment North)' });
  await page.click('button:has-text("Allocate")');
  return child;
}

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

// The pages run under hearth's own Content-Security-Policy (no inline script or style):
// whatever the policy refuses on a page (Chromium reports it on the console) is recorded
// here, and runTests fails the test it happened in.
const cspRefusals = [];
export function watchCSP(page) {
  page.on('console', m => {
    if (/Content Security Policy/i.test(m.text())) cspRefusals.push(`${page.url()}: ${m.text()}`);
  });
  return page;
}

// A page in a context of its own (its own cookies), with the CSP on: [context, page];
// close the context.
export async function newPage(browser, height = 900) {
  const ctx = await browser.newContext({ viewport: { width: 1200, height } });
  return [ctx, watchCSP(await ctx.newPage())];
}

// The CSP is on and its refusals are seen: an inline script put into a hearth page is
// refused (and recorded, then cleared), and the page has the policy's header.
export async function checkCSP(page) {
  const res = await page.reload();
  check(/script-src 'self'/.test(res.headers()['content-security-policy'] || ''), 'no Content-Security-Policy on the page');
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.hearthInlineRan = true';
    document.body.append(s);
    return new Promise(r => setTimeout(() => r(window.hearthInlineRan === true), 200));
  });
  check(!ran, 'an inline script ran: the CSP is not applied');
  check(cspRefusals.length > 0, 'the refused inline script was not reported: CSP refusals would go unseen');
  cspRefusals.length = 0;
}

// Run [name, async fn] pairs in order, each passing unless it throws; print each result and
// "LABEL: N passed, N failed", close the browser and exit 1 when any failed.
export async function runTests(browser, label, tests) {
  let passed = 0, failed = 0;
  for (const [name, fn] of tests) {
    try {
      cspRefusals.length = 0;
      await fn();
      check(cspRefusals.length === 0, `the page's CSP refused:\n  ${cspRefusals.slice(0, 5).join('\n  ')}`);
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAILED - ${name}\n  ${e.message}`);
    }
  }
  await browser.close();
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// ---- dates relative to the real today -------------------------------------------------
// The server under test runs on the machine's own date (no --today), as a council's does,
// so journeys are dated from today and the clocks they expect are worked out here by the
// same rules hearth uses (docs/timescales.md): working days skip weekends and England's
// bank holidays (data/bank-holidays-england-wales.txt), months clamp to the month's end.
const holidays = new Set(readFileSync(path.join(root, 'data/bank-holidays-england-wales.txt'), 'utf8')
  .split('\n').map(s => s.trim()).filter(s => /^\d{4}-\d{2}-\d{2}$/.test(s)));
const iso = d => d.toISOString().slice(0, 10);

// Today by the local clock, as a UTC midnight Date (day arithmetic without time zones).
export function today() {
  const n = new Date();
  return new Date(Date.UTC(n.getFullYear(), n.getMonth(), n.getDate()));
}
export function addDays(d, n) { return new Date(d.getTime() + n * 86400000); }
export function isWorkingDay(d) {
  const w = d.getUTCDay();
  return w !== 0 && w !== 6 && !holidays.has(iso(d));
}
// n working days after d (n > 0), or before it (n < 0)
export function addWorkingDays(d, n) {
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n), x = d;
  while (left > 0) { x = addDays(x, step); if (isWorkingDay(x)) left--; }
  return x;
}
export function addMonths(d, n) {
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
}
// [day, month, year] for setDate and fillContact
export function dmy(d) { return [d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear()]; }
// 31/03/2026, as pages show dates
export function uk(d) {
  const [a, b, c] = dmy(d);
  return `${String(a).padStart(2, '0')}/${String(b).padStart(2, '0')}/${c}`;
}
// The collection year a date falls in, as pages name it: "2026 to 2027"
export function collectionYear(d) {
  const y = d.getUTCMonth() >= 3 ? d.getUTCFullYear() + 1 : d.getUTCFullYear();
  return `${y - 1} to ${y}`;
}
// A clock as pages show it: "Assessment: due 23/04/2026", or "was due" once past
export function dueText(label, d) {
  return `${label}: ${d < today() ? 'was due' : 'due'} ${uk(d)}`;
}
