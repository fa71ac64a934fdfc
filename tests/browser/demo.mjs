// The demo authority read as a council's, role by role: the manager's tray holds work
// waiting and the year's decisions show (some returned to the worker with the reason, which
// the worker reads); the panels list names a child the manager may not open only as far as
// the other lists do; panel reviews are due from the demo's today, not years ago; the money
// page has spend by placement type and provider against a budget; the hub has contacts
// with agency checks and a RAG rating; a manager's navigation fits one line of a laptop
// screen. axe-core checks every page. Usage: node demo.mjs BASE_URL SCREENSHOT_DIR.
// Prints "browser demo: N passed, N failed".
import { check, axe, shot, signIn as signInAt, launch, newPage, runTests, today, addDays } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const T = today();
const iso = d => d.toISOString().slice(0, 10);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
async function main() { return page.textContent('main'); }

// the dashboard's figures of an area for the year so far, by id: their text
async function figures(area) {
  await page.goto(base + `/dashboard?from=${iso(addDays(T, -250))}&to=${iso(T)}`);
  return page.$$eval(`#service-${area} tr[data-id]`, rows =>
    Object.fromEntries(rows.map(r => [r.dataset.id, r.querySelector('td').textContent.trim()])));
}

const steps = [
  ['the manager\'s tray has work waiting and the year\'s decisions show, some returned', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/tray');
    const t = await main();
    const m = t.match(/(\d+) waiting for your authorisation/);
    check(m && Number(m[1]) >= 2, 'the tray has not two or more waiting: ' + t.slice(0, 300));
    await axe(page, 'the tray');
    await shot(page, shots, 'demo-tray', false);
    const f = await figures('casework');
    const returned = f.authorisations_returned || '';
    check(/^[1-9]/.test(returned), 'no work returned to the worker in the year: ' + returned);
  }],
  ['a worker of the manager\'s team reads work returned to them with the reason', async () => {
    let seen = '';
    for (const w of ['social.worker', 'aisha.khan', 'tom.hughes']) {
      await signIn(page, w);
      const t = await main();
      if (t.includes('Returned to you')) { seen = t; break; }
    }
    check(seen, 'no worker of the assessment team has work returned to them');
    check(/returned by Morgan Manager[^:]*: \S/.test(seen), 'the return gives no manager and reason');
  }],
  ['the panels list withholds only what is withheld: another team\'s child is not a restricted record', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/panels');
    const rows = await page.$$eval('#panel-list tbody tr', trs => trs.map(tr =>
      [tr.cells[0].textContent.trim(), tr.cells[0].querySelector('a')?.getAttribute('href') || '']));
    check(rows.length > 0, 'the demo has no panel referrals');
    const other = rows.filter(([t]) => t.includes("Another team's child"));
    check(other.length > 0, 'no child of another team in the list: ' + rows.slice(0, 3).join(' | '));
    check(other.every(([t]) => /^Child \S+/.test(t)), 'another team\'s child not listed by its LAchildID: ' + other[0]);
    await axe(page, 'the panels list');
    await shot(page, shots, 'demo-panels', false);
    // what each row says is what the record's own page says
    const restricted = rows.filter(([t]) => t.includes('Restricted record'));
    check(restricted.length < other.length, `${restricted.length} of ${rows.length} listed as restricted records`);
    for (const [t, href] of restricted) {
      await page.goto(base + href);
      check((await main()).includes('This record is restricted'), `listed as restricted, but its page is not: ${t}`);
    }
    await page.goto(base + other[0][1]);
    const t = await main();
    check(t.includes('You cannot open this record') && !t.includes('This record is restricted'),
          'another team\'s child\'s record does not read as another team\'s: ' + t.slice(0, 200));
  }],
  ['panel reviews are due from the demo\'s today: none left overdue for months', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/panels');
    const cells = await page.$$eval('#panel-list tbody tr', trs => trs.map(tr => tr.cells[4].textContent.trim()));
    const day = t => { const m = t.match(/(\d\d)\/(\d\d)\/(\d{4})/); return m ? new Date(Date.UTC(+m[3], m[2] - 1, +m[1])) : null; };
    const dates = cells.map(day).filter(Boolean);
    const stale = dates.filter(d => d < addDays(T, -21));
    check(stale.length === 0, `${stale.length} next reviews more than three weeks overdue, the first ${stale[0] && iso(stale[0])}`);
    check(dates.filter(d => d >= T).length >= 5, 'fewer than five reviews to come: ' + cells.slice(0, 8).join(' | '));
    const overdue = cells.filter(t => t.startsWith('Overdue')).length;
    check(overdue < dates.length / 4, `${overdue} of ${dates.length} reviews overdue`);
  }],
  ['the money page shows spend by type and provider, at a council\'s weekly costs, and the forecast against a budget', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/money');
    const money = t => Number(String(t).replace(/[^0-9.]/g, ''));
    const fc = await page.$$eval('#forecast .govuk-summary-list__row', rs =>
      Object.fromEntries(rs.map(r => [r.querySelector('dt').textContent.trim(), r.querySelector('dd').textContent.trim()])));
    check(money(fc['Spent to date']) > 0, 'nothing spent this year: ' + JSON.stringify(fc));
    check(money(fc['Forecast to the year\'s end']) > money(fc['Spent to date']), 'no forecast beyond the spend');
    check(money(fc['Budget']) > 0, 'no budget: ' + fc['Budget']);
    check('Forecast over budget' in fc || 'Forecast under budget' in fc, 'no comparison with the budget');
    const types = await page.$$eval('#spend-by-type tbody tr', rs => rs.map(r => [...r.cells].map(c => c.textContent.trim())));
    check(types.length >= 3 && types.every(r => money(r[3]) > 0), 'spend by type: ' + JSON.stringify(types));
    const prov = await page.$$eval('#spend-by-provider tbody tr', rs => rs.map(r => [...r.cells].map(c => c.textContent.trim())));
    check(prov.length >= 3, 'fewer than three carers or providers: ' + JSON.stringify(prov));
    // the register's weekly costs are a council's: in-house fostering about £450, agencies about £900
    await page.goto(base + '/carers');
    const t = await main();
    const costs = [...t.matchAll(/£([0-9,]+\.\d\d)/g)].map(m => money(m[1]));
    check(costs.some(c => c >= 300 && c <= 550), 'no in-house foster carer at about £450 a week');
    check(costs.some(c => c >= 800 && c <= 1000), 'no agency at about £900 a week');
    await axe(page, 'the register');
    await page.goto(base + '/money');
    await axe(page, 'the money page');
    await shot(page, shots, 'demo-money');
  }],
  ['the hub has the year\'s contacts with agency checks and ratings, and what waits now', async () => {
    await signIn(page, 'manager');
    const f = await figures('mash');
    const n = k => Number(String(f[k] || '').replace(/[^0-9].*$/, ''));
    check(n('hub_contacts') > 0, 'no contacts through the hub: ' + JSON.stringify(f));
    check(n('checks_police') > 0 && n('checks_health') > 0 && n('checks_education') > 0, 'no police, health or school checks');
    check(n('rated_red') > 0 && n('rated_amber') > 0 && n('rated_green') > 0, 'not every rating is used');
    await shot(page, shots, 'demo-hub-figures', false);
    await signIn(page, 'frontdoor');
    await page.goto(base + '/mash');
    check((await main()).includes('The hub'), 'the hub page did not open');
    await axe(page, 'the hub');
    await shot(page, shots, 'demo-hub', false);
  }],
  ['a manager\'s navigation keeps to one line of a laptop screen; the rest is under More', async () => {
    for (const who of ['manager', 'admin']) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, who);
      const items = await page.$$eval('.moj-primary-navigation__item', li => li.map(x => [x.textContent.trim(), x.getBoundingClientRect().top]));
      check(items.length <= 9, `${who}: ${items.length} navigation items: ${items.map(x => x[0]).join(', ')}`);
      check(new Set(items.map(x => x[1])).size === 1, `${who}: the navigation wraps: ${JSON.stringify(items)}`);
      check(items.some(x => x[0] === 'More'), `${who}: no More in the navigation`);
      await page.click('.moj-primary-navigation__link:has-text("More")');
      const t = await main();
      const links = await page.$$eval('main a', as => as.map(a => a.getAttribute('href')));
      for (const href of ['/placements', '/money', '/panels', '/audits', '/workforce', '/break-glass'])
        check(links.includes(href), `${who}: More does not list ${href}: ${t.slice(0, 200)}`);
      await axe(page, 'More');
      if (who === 'manager') await shot(page, shots, 'demo-more', false);
      await page.click('main a[href="/money"]');
      const current = await page.$eval('.moj-primary-navigation__link[aria-current="page"]', a => a.textContent.trim());
      check(current === 'More', `${who}: on the money page the current item is ${current}`);
    }
    await page.setViewportSize({ width: 1200, height: 900 });
  }],
  ['an analyst sees what placements cost, with the authority\'s foster carers unnamed', async () => {
    await signIn(page, 'analyst');
    await page.goto(base + '/placements');
    const rows = await page.$$eval('main table tbody tr', rs => rs.map(r => [...r.cells].map(c => c.textContent.trim())));
    check(rows.some(r => r[1] === 'The authority\'s foster carers'), 'the foster carers are not one row: ' + JSON.stringify(rows.slice(0, 4)));
    check(!rows.some(r => /connected carer/.test(r[1] || '')), 'a connected carer is named to an analyst');
    check(rows.some(r => /Fostering|Foster Care|Placements/.test(r[1] || '')), 'the agencies are not named');
    await axe(page, 'placements (analyst)');
  }],
];

await runTests(browser, 'browser demo', steps);
