// Browser tests of the published figures (playwright-core in Debian's Chromium, axe-core on
// every page): the analyst sees the comparators under the dashboard's measures, opens the
// benchmarking page and finds the authority, its neighbours and England marked with the
// same numbers in the table, writes commentary in the committee report (refused beside the
// field when too long, nothing stored), prints it without navigation or forms, and downloads
// it as a spreadsheet; a social worker is kept out.
// Usage: node benchmarks.mjs BASE_URL SCREENSHOT_DIR. Prints "benchmarks: N passed, N failed".
import { check, axe, shot as shotIn, signIn as signInAt, launch, newPage as pageOf, runTests } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const shot = (page, name, fullPage = false) => shotIn(page, shots, name, fullPage);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
const newPage = (height = 900) => pageOf(browser, height);

const tests = [
  ['the dashboard sets the measures beside the published figures', async () => {
    const [ctx, page] = await newPage(1500);
    await signIn(page, 'analyst');
    await page.goto(base + '/dashboard');
    const table = page.locator('table.hearth-compare');
    check(await table.isVisible(), 'no comparison table');
    const rows = table.locator('tbody tr');
    check((await rows.count()) >= 10, 'too few measures compared: ' + await rows.count());
    const rr = table.locator('tr:has(th:has-text("Re-referrals within 12 months"))');
    check((await rr.textContent()).includes('ReReferral'), 're-referrals not mapped to ReReferral');
    // rank "N of M" and a band for a measure with a polarity
    check(/\d+ of \d+/.test(await rr.locator('td').nth(5).textContent()), 'no rank for re-referrals');
    check(/^[A-D]$/.test((await rr.locator('td').nth(6).textContent()).trim()), 'no band for re-referrals');
    // the change says up or down and better or worse in words, not by colour alone
    const tag = rr.locator('.hearth-change');
    const words = await tag.textContent();
    check(/(Up|Down|No change)/.test(words), 'the change has no direction in words: ' + words);
    if (/Up|Down/.test(words)) check(/better|worse/.test(words), 'the change does not say better or worse: ' + words);
    check(await tag.locator('span[aria-hidden="true"]').count() === 1, 'the arrow is read out');
    const cls = await tag.getAttribute('class');
    check(/govuk-tag--(green|red|grey)/.test(cls), 'the change tag is not coloured by polarity: ' + cls);
    await axe(page, 'the dashboard with comparators');
    await ctx.close();
  }],
  ['the benchmarking page ranks every authority, this one and its neighbours marked', async () => {
    const [ctx, page] = await newPage(1500);
    await signIn(page, 'analyst');
    await page.goto(base + '/dashboard');
    await page.click('a:has-text("See every authority on a measure")');
    check(page.url().includes('/benchmarks'), 'the link does not open the benchmarking page');
    await page.selectOption('#measure', 'Continue_Assess_Comp');
    await page.selectOption('#year', '2018');
    await page.click('button:has-text("Show")');
    check((await page.textContent('h2')).includes('Continuous assessments completed within 45 working days'), 'wrong measure');
    const svg = page.locator('svg.hearth-chart[role="img"]');
    check(await svg.count() === 1, 'no chart');
    const bars = await svg.locator('rect[width]').count() - 2; // less the legend's two swatches
    const rows = await page.locator('table tbody tr').count();
    check(bars === rows && rows > 140, `chart bars ${bars} and table rows ${rows} differ`);
    const self = page.locator('tr:has(.govuk-tag:has-text("This authority"))');
    check(await self.count() === 1, 'this authority is not marked once');
    check((await self.textContent()).includes('Medway') && (await self.textContent()).includes('85.9%'), 'Medway 2018 is not 85.9%');
    check(await page.locator('.govuk-tag:has-text("Statistical neighbour")').count() === 10, 'not ten neighbours marked');
    check(await svg.locator('rect[fill="#f47738"]').count() === 11, 'the chart does not mark ten neighbours (and the legend)');
    check(await svg.locator('line[stroke-dasharray]').count() === 2, 'no England line');
    check((await page.textContent('main')).includes('England: 82.7%'), 'England 2018 is not 82.7%');
    await shot(page, 'benchmarks');
    await axe(page, 'the benchmarking page');
    // a measure that is not published: refused beside the field
    await page.goto(base + '/benchmarks?measure=Nope');
    check(await page.isVisible('.govuk-error-summary'), 'an unknown measure is not refused');
    check(await page.isVisible('#measure-error'), 'no message beside the measure');
    await axe(page, 'the benchmarking page with an error');
    await ctx.close();
  }],
  ['the analyst writes commentary in the committee report, prints it and downloads it', async () => {
    const [ctx, page] = await newPage(1500);
    await signIn(page, 'analyst');
    await page.goto(base + '/dashboard');
    await page.click('a:has-text("The committee report")');
    check(page.url().includes('/report'), 'the link does not open the report');
    for (const s of ['Front door', 'Assessment', 'Child protection', 'Children in need', 'Looked after',
                     'Permanence', 'Care leavers', 'Workforce'])
      check(await page.isVisible(`h2:text-is("${s}")`), 'no section ' + s);
    check(await page.locator('svg.hearth-chart').count() >= 8, 'too few charts');
    await axe(page, 'the committee report');
    // too long: refused beside the field, nothing stored
    await page.fill('#commentary-front-door', 'x'.repeat(10001));
    await page.locator('button:has-text("Save the commentary")').first().click();
    check(await page.isVisible('#commentary-front-door-error'), 'a long commentary is not refused beside the field');
    await axe(page, 'the committee report with an error');
    const note = 'Referrals rose after the front door moved to the hub in June.';
    await page.fill('#commentary-front-door', note);
    await page.fill('#commentary-workforce', 'Agency use fell.');
    await page.locator('button:has-text("Save the commentary")').last().click();
    check(await page.isVisible('text=The commentary is saved with the report'), 'no confirmation');
    await page.goto(page.url().replace(/&saved=1/, ''));
    check((await page.inputValue('#commentary-front-door')) === note, 'the commentary is not kept');
    // printed: no navigation or forms, the commentary as text
    await page.emulateMedia({ media: 'print' });
    check(!(await page.isVisible('.moj-primary-navigation')), 'the navigation prints');
    check(!(await page.isVisible('#commentary-front-door')), 'the form prints');
    check(await page.isVisible(`.hearth-print-only:has-text("${note}")`), 'the commentary does not print');
    await page.emulateMedia({ media: 'screen' });
    // the spreadsheet
    const href = await page.getAttribute('a:has-text("Download the report as a spreadsheet")', 'href');
    const r = await page.request.get(base + href);
    check(r.status() === 200, 'spreadsheet: ' + r.status());
    check(r.headers()['content-type'].includes('spreadsheetml'), 'not a spreadsheet: ' + r.headers()['content-type']);
    const body = await r.body();
    check(body.length > 4000 && body[0] === 0x50 && body[1] === 0x4b, 'not an xlsx (zip) file');
    await ctx.close();
  }],
  ['the trends by quarter and by year, with the change on a year before', async () => {
    const [ctx, page] = await newPage(1500);
    await signIn(page, 'analyst');
    await page.goto(base + '/dashboard');
    await page.selectOption('#by', 'quarter');
    await page.click('button:has-text("Show the trends")');
    await page.waitForURL(/[?&]by=quarter/);
    const first = page.locator('section.hearth-trend').first();
    check((await first.locator('table tbody tr').count()) === 4, 'a year is not four quarters');
    check((await first.locator('table tbody tr').first().textContent()).includes('Apr to Jun 2025'), 'the first quarter is not April to June 2025');
    check((await first.locator('svg rect').count()) === 4, 'the chart does not draw four quarters');
    // the quarters add up to the year's measure in the table above
    const nums = await first.locator('table tbody tr td').allTextContents();
    const sum = nums.map(x => Number(x.replace(/,/g, ''))).reduce((a, b) => a + b, 0);
    const contacts = Number((await page.locator('tr:has(th:text-is("Contacts"))').first().locator('td').first().textContent()).replace(/,/g, ''));
    check(sum === contacts, `the quarters' contacts ${sum} are not the year's ${contacts}`);
    await axe(page, 'the dashboard by quarter');
    await page.selectOption('#by', 'year');
    await page.click('button:has-text("Show the trends")');
    await page.waitForURL(/[?&]by=year/);
    check((await page.locator('section.hearth-trend').first().locator('table tbody tr').count()) === 1, 'a year is not one row');
    await ctx.close();
  }],
  ['a social worker cannot open the published figures or the report', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, 'social.worker');
    for (const p of ['/benchmarks', '/report', '/report.xlsx']) {
      const r = await page.goto(base + p);
      check(r.status() === 403, p + ' answered ' + r.status());
    }
    await ctx.close();
  }],
];
await runTests(browser, 'benchmarks', tests);
