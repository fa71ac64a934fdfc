// Browser tests of the performance dashboard and the team view (playwright-core in Debian's
// Chromium, axe-core on every page): an analyst sees every measure, monthly charts with their
// tables and CSV downloads, and no child's name anywhere they can reach; a bad period is
// refused beside its field; a manager allocates a waiting child and the worker finds the child
// in My work; a repeated or forged allocation is refused.
// Usage: node dashboard.mjs BASE_URL SCREENSHOT_DIR. Prints "browser: N passed, N failed".
import fs from 'node:fs';
import { check, axe, shot as shotIn, signIn as signInAt, setDate, launch, newPage as pageOf, runTests, today } from './common.mjs';

const [base, shots] = process.argv.slice(2);
// The latest complete reporting year on the server's (real) date: the year to the last 31 March.
const lastMarch = today().getUTCMonth() >= 3 ? today().getUTCFullYear() : today().getUTCFullYear() - 1;
// the dashboard and the team view are long: the README shows their first screenful
const shot = (page, name, fullPage = false) => shotIn(page, shots, name, fullPage);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
const newPage = (height = 900) => pageOf(browser, height);

// Names and LA child IDs of real (synthetic) children, gathered as the people who may see them.
const known = new Set(['Maisie']); // the child e2e.mjs records at the front door
async function gatherNames(page) {
  for (const a of await page.locator('a[href^="/children/"]').all()) {
    const t = (await a.textContent()).trim();
    // a row the worker may not open is "Child LACHILDID" or "Restricted record": not a name
    if (t && !t.startsWith('Child ') && !t.startsWith('Restricted record')) for (const part of t.split(/\s+/)) if (part.length > 2) known.add(part);
  }
  const text = await page.textContent('main');
  for (const id of text.match(/\b\d{6,}\b|\bH\d{7}\b/g) || []) known.add(id);
}

const state = {};
const tests = [
  ['the names a worker and a manager see are gathered (for the analyst test)', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, 'social.worker');
    await gatherNames(page);
    await signIn(page, 'manager');
    await page.goto(base + '/team');
    await gatherNames(page);
    check(known.size > 20, 'too few names gathered: ' + known.size);
    await ctx.close();
  }],
  ['an analyst sees every measure, charts with tables beside them, and CSV downloads', async () => {
    const [ctx, page] = await newPage(1500);
    await signIn(page, 'analyst');
    check(page.url().endsWith('/dashboard'), 'analyst not on the dashboard: ' + page.url());
    for (const section of ['Front door and referrals', 'Assessments, section 47 and child protection',
                           'Children in need', 'Looked-after children', 'Care leavers'])
      check(await page.isVisible(`caption:has-text("${section}")`), 'no section ' + section);
    check(await page.isVisible(`text=01/04/${lastMarch - 1} to 31/03/${lastMarch}`),
          'the default period is not the latest complete year');
    // the wider service: a table per area, casework first, each figure with its value
    const casework = page.locator('#service-casework');
    check(await casework.isVisible(), 'no wider service figures on the dashboard');
    const seen = await casework.locator('tr[data-id="home_visits_seen_alone"] td').textContent();
    check(/^(\d+\.\d% \([\d,]+ of [\d,]+\)|none of 0)$/.test(seen.trim()), 'seen alone is not a share: ' + seen);
    // the statutory clocks: met of those that fell due in the period, for each area of clocks
    for (const [area, id] of [['timeliness_cin', 'assessment_in_time'], ['timeliness_la', 'la_review_in_time']]) {
      const cell = await page.locator(`#service-${area} tr[data-id="${id}"] td`).textContent();
      check(/^(\d+\.\d% \([\d,]+ of [\d,]+\)|none of 0)$/.test(cell.trim()), `${id} is not a share: ${cell}`);
    }
    const charts = page.locator('svg.hearth-chart[role="img"]');
    check((await charts.count()) >= 10, 'too few charts: ' + await charts.count());
    // each chart has a title, and a table of 12 months beside it
    const first = page.locator('section.hearth-trend').first();
    check((await first.locator('svg title').count()) === 1, 'chart without a title');
    check((await first.locator('table tbody tr').count()) === 12, 'the table beside the chart is not 12 months');
    check((await first.locator('svg rect').count()) === 12, 'the chart does not draw 12 bars');
    // the CSV of the measures agrees with the table on the page
    const referralsRow = await page.locator('tr:has(th:text-is("Referrals"))').first().locator('td').first().textContent();
    const csvHref = await page.getAttribute('a:has-text("Download the measures (CSV)")', 'href');
    let r = await page.request.get(base + csvHref);
    check(r.status() === 200 && r.headers()['content-type'].startsWith('text/csv'), 'measures CSV: ' + r.status());
    const csv = await r.text();
    check(csv.startsWith('from,to,population,section,id,measure'), 'CSV header: ' + csv.slice(0, 80));
    const line = csv.split('\r\n').find(l => l.includes(',referrals,Referrals,'));
    check(line && line.split(',')[7] === referralsRow.replace(/,/g, ''), `CSV referrals ${line} vs page ${referralsRow}`);
    // the adoption averages (A1, A2, entering care to the match, A10): days over the children
    // on the page, the same children and days in the CSV
    for (const id of ['adoption_entry_to_placed_days', 'adoption_authority_to_match_days',
                      'adoption_entry_to_match_days', 'adoption_entry_to_placed_adjusted_days']) {
      const row = csv.split('\r\n').find(l => l.includes(`,${id},`));
      check(row, 'no CSV row for ' + id);
      const cols = row.match(/("[^"]*"|[^,]*)(,|$)/g).map(c => c.replace(/,$/, ''));
      const [label, value, children, average] = [cols[5].replace(/^"|"$/g, ''), cols[7], cols[8], cols[11]];
      const cells = page.locator(`tr:has(th:text-is("${label}"))`).first().locator('td');
      const onPage = (await cells.nth(1).textContent()).trim();
      check((await cells.nth(0).textContent()).replace(/,/g, '') === children, `${id}: children ${children}`);
      check(children === '0' ? onPage === 'none (no children)' && average === ''
                             : onPage === `${average} days on average` && Number(value) >= 0,
            `${id}: page ${onPage} vs CSV ${row}`);
    }
    // a trend's CSV has a row per month and agrees with its table
    const trendHref = await first.locator('a:has-text("Download this trend")').getAttribute('href');
    r = await page.request.get(base + trendHref);
    const rows = (await r.text()).trim().split('\r\n');
    check(rows.length === 13, 'trend CSV rows: ' + rows.length);
    const aprilPage = await first.locator('tbody tr').first().locator('td').first().textContent();
    check(rows[1].startsWith(`${lastMarch - 1}-04-01,${lastMarch - 1}-04-30,contacts,`) && rows[1].split(',')[4] === aprilPage.replace(/,/g, ''),
          `trend CSV ${rows[1]} vs table ${aprilPage}`);
    await axe(page, 'dashboard');
    await shot(page, 'dashboard');
    state.reachable = [page.url(), base + csvHref, base + trendHref];
    for (const a of await page.locator('a[href^="/"]').all()) state.reachable.push(base + await a.getAttribute('href'));
    await ctx.close();
  }],
  ['an analyst reaches no child\'s name, record, list or team', async () => {
    check(state.reachable && known.size, 'earlier tests did not run');
    const [ctx, page] = await newPage();
    await signIn(page, 'analyst');
    check((await page.locator('a[href^="/children/"]').count()) === 0, 'a link to a child on the dashboard');
    // the published figures name every authority and region ("West Sussex"): a child whose
    // family name is West is not named by them, so those names are taken out of the pages first
    const areas = fs.readFileSync(new URL('../../data/benchmarks/areas.csv', import.meta.url), 'utf8')
      .split('\n').slice(1).flatMap(l => l.split(',').slice(1)).map(n => n.trim().replace(/^"|"$/g, ''))
      .filter(Boolean).sort((a, b) => b.length - a.length);
    const unplaced = text => areas.reduce((t, a) => t.split(a).join(' '), text);
    for (const url of new Set(state.reachable)) {
      const r = await page.request.get(url, { maxRedirects: 5 });
      const body = unplaced((await r.text()).replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&'));
      for (const name of known)
        check(!new RegExp(`\\b${name}\\b`).test(body), `"${name}" on ${url}`);
    }
    for (const [url, want] of [['/team', 403], ['/search?q=a', 403], ['/children/1', 403], ['/front-door', null]]) {
      const r = await page.request.get(base + url, { maxRedirects: 0 });
      if (want) check(r.status() === want, `${url}: ${r.status()}`);
      const body = (await r.text()).replace(/<[^>]*>/g, ' ');
      for (const name of known)
        check(!new RegExp(`\\b${name}\\b`).test(body), `"${name}" on ${url}`);
    }
    const r = await page.request.get(base + '/my-work', { maxRedirects: 0 });
    check(r.status() === 303 && r.headers()['location'] === '/dashboard', 'analyst my-work: ' + r.status());
    await ctx.close();
  }],
  ['a chosen period: six months drawn; a bad period refused beside its field', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, 'manager');
    await page.goto(base + '/dashboard');
    await setDate(page, 'from', 1, 4, 2025);
    await setDate(page, 'to', 30, 9, 2025);
    await page.fill('#population', '3000');
    await page.click('button:has-text("Show figures")');
    check(await page.isVisible('text=01/04/2025 to 30/09/2025'), 'the chosen period is not shown');
    check((await page.locator('section.hearth-trend').first().locator('tbody tr').count()) === 6, 'not six months');
    check(await page.isVisible('text=per 10,000 of 3,000 children'), 'the population typed is not used');
    await setDate(page, 'from', 1, 4, 2025);
    await setDate(page, 'to', 31, 2, 2025);
    await page.fill('#population', 'lots');
    await page.click('button:has-text("Show figures")');
    const summary = await page.textContent('.govuk-error-summary');
    check(summary.includes('must be a real date') && summary.includes('whole number'), 'messages: ' + summary);
    check((await page.locator('#to-error').count()) === 1 && (await page.locator('#population-error').count()) === 1,
          'no message beside the fields');
    check((await page.locator('svg.hearth-chart').count()) === 0, 'figures shown for a bad period');
    await axe(page, 'dashboard with errors');
    await setDate(page, 'to', 1, 1, 2025);
    await page.fill('#population', '');
    await page.click('button:has-text("Show figures")');
    check((await page.textContent('.govuk-error-summary')).includes('after the first day'), 'end before start accepted');
    await ctx.close();
  }],
  ['a manager allocates a waiting child and the worker sees the child in My work', async () => {
    const [ctx, page] = await newPage(1400);
    await signIn(page, 'manager');
    await page.goto(base + '/team');
    check(await page.isVisible('h1:has-text("Assessment North")'), 'not the manager\'s team');
    check(await page.isVisible('th:has-text("Sam Worker (demo)")'), 'no caseload row for the worker');
    check(await page.isVisible('h2:has-text("Overdue timescales")'), 'no overdue section');
    await axe(page, 'team');
    await shot(page, 'team');
    const row = page.locator('#waiting ~ table tbody tr').first();
    const name = (await row.locator('a').first().textContent()).trim();
    const href = await row.locator('a').first().getAttribute('href');
    const before = await page.locator('tr:has(th:has-text("Sam Worker (demo)")) td').first().textContent();
    const form = row.locator('form');
    const fields = {};
    for (const input of await form.locator('input[type=hidden]').all())
      fields[await input.getAttribute('name')] = await input.getAttribute('value');
    // allocating without choosing a worker is refused beside the field
    await form.locator('button').click();
    check((await page.textContent('.govuk-error-summary')).includes('Choose the worker'), 'no worker accepted');
    check((await page.locator(`#worker-${fields.child}-error`).count()) === 1, 'no message beside the worker field');
    await axe(page, 'team with an error');
    const select = form.locator('select');
    const worker = await select.locator('option:has-text("Sam Worker (demo)")').getAttribute('value');
    await select.selectOption(worker);
    await form.locator('button').click();
    check(page.url().includes('/team?allocated=1'), 'not back on the team page: ' + page.url());
    check(await page.isVisible('.govuk-notification-banner--success'), 'no success banner');
    const after = await page.locator('tr:has(th:has-text("Sam Worker (demo)")) td').first().textContent();
    check(Number(after) === Number(before) + 1, `caseload ${before} -> ${after}`);
    check((await page.textContent('main')).includes(`${name} allocated to Sam Worker (demo) by Morgan Manager (demo)`),
          'the allocation is not in the log');
    await axe(page, 'team after allocating');
    // the same form again: the child is no longer unallocated, so nothing changes
    let r = await page.request.post(base + '/team/allocate', { form: { ...fields, worker }, maxRedirects: 0 });
    check(r.status() === 400 && (await r.text()).includes('omeone else changed this child'), 'a stale allocation: ' + r.status());
    // without the CSRF token: refused
    const { csrf, ...rest } = fields;
    r = await page.request.post(base + '/team/allocate', { form: { ...rest, worker }, maxRedirects: 0 });
    check(r.status() === 403, 'allocation without CSRF: ' + r.status());
    // a worker cannot allocate
    const [wctx, wpage] = await newPage();
    await signIn(wpage, 'social.worker');
    const my = await wpage.textContent('main');
    check(my.includes(name), `${name} is not in the worker's My work`);
    // under "New to you" first; the list by urgency may show it on a later page
    const line = wpage.locator(`:is(#new, #children) tr:has(a[href="${href}"])`).first();
    check((await line.textContent()).includes('allocated to you'), 'not marked as allocated to the worker');
    r = await wpage.request.get(base + '/team', { maxRedirects: 0 });
    check(r.status() === 403, 'a social worker opened the team view: ' + r.status());
    await wctx.close();
    await ctx.close();
  }],
  ['screenshots of the front door and My work for the README', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, 'frontdoor');
    await page.goto(base + '/front-door');
    await axe(page, 'front door');
    await shot(page, 'front-door', true);
    await ctx.close();
  }],
];

await runTests(browser, 'browser', tests);
