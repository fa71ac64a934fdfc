// The workforce in Chromium: a team manager adds a post to their team (a full-time
// equivalent over 1 refused beside its field, nothing stored), records a social worker with
// an account starting in it and an agency worker without one in a second post, an absence
// and its end (an end before the start refused), and the agency worker leaving (a leaving
// date before the start refused); the workforce page shows the census figures, each worker's
// caseload and the posts; an administrator sets the caseload weights (a bad weight refused)
// and the weighted caseload follows; a social worker and an analyst are refused the page;
// the dashboard's Workforce table shows the figures. axe-core checks every new page.
// Usage: node workforce.mjs BASE_URL SCREENSHOT_DIR. Prints "browser workforce: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, launch, newPage, runTests, today, addDays,
         dmy } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const D = n => dmy(addDays(today(), n)); // days from today
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const postA = 'Social worker ' + tag, postB = 'Senior practitioner ' + tag, agency = 'Alex Agency ' + tag;
let postAUrl = '', postBUrl = '';

async function main() { return page.textContent('main'); }

async function refused(button, field, text, name) {
  await page.click(`button:has-text("${button}")`);
  const summary = await page.textContent('.govuk-error-summary');
  check(summary.includes(text), `${name}: "${text}" not in the error summary: ${summary}`);
  const beside = await page.textContent(`#${field}-error`);
  check(beside.includes(text), `${name}: "${text}" not beside ${field}: ${beside}`);
  await axe(page, name + ' with its error');
}

async function addPost(title, role, fte) {
  await page.goto(base + '/workforce/posts/new');
  await page.fill('#title', title);
  await page.selectOption('#role', role);
  await page.fill('#fte', fte);
  await setDate(page, 'opened', ...D(-400));
}

const steps = [
  ['a manager adds a post; an FTE over 1 is refused beside the field and nothing stored', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/workforce');
    await axe(page, 'workforce');
    check((await main()).includes('Workforce census figures'), 'no census figures on the workforce page');
    await addPost(postA, 'social_worker', '1.5');
    await axe(page, 'add a post');
    await refused('Add the post', 'fte', 'from 0.01 to 1', 'add a post');
    await page.goto(base + '/workforce');
    check(!(await main()).includes(postA), 'a refused post was stored');
    await addPost(postA, 'social_worker', '1');
    await page.click('button:has-text("Add the post")');
    check(/\/workforce\/posts\/\d+$/.test(page.url()), 'the post was not added: ' + page.url());
    postAUrl = page.url();
    await axe(page, 'a post');
    check((await page.textContent('#vacancy')).includes('1 FTE'), 'a new post is not vacant');
  }],
  ['a social worker with an account starts in it; the vacancy is filled', async () => {
    await page.click('text=Record someone starting in the post');
    await axe(page, 'someone starts in a post');
    const value = await page.$eval('#staff', sel => [...sel.options].find(o => o.text.startsWith('Sam Worker')).value);
    await page.selectOption('#staff', value);
    await page.check('input[name=employment][value=employed]');
    await page.fill('#fte', '1');
    await setDate(page, 'start', ...D(-300));
    await page.check('input[name=start_reason][value=joined]');
    await page.click('button:has-text("Record the start")');
    check(page.url() === postAUrl, 'the start was not recorded: ' + page.url());
    const text = await main();
    check(text.includes('Sam Worker (demo)'), 'the worker is not in the post');
    check((await page.textContent('#vacancy')).includes('0 FTE'), 'the vacancy is not filled');
  }],
  ['an absence is recorded and ended; an end before its start is refused', async () => {
    await page.click('text=Record an absence');
    await axe(page, 'record an absence');
    await page.check('input[name=kind][value=sickness]');
    await setDate(page, 'start', ...D(-3));
    await page.click('button:has-text("Record the absence")');
    check(page.url() === postAUrl, 'the absence was not recorded: ' + page.url());
    check((await main()).includes('Absent (Sickness)'), 'the worker is not shown absent');
    await page.click('text=Record the end of the absence');
    await axe(page, 'end an absence');
    await setDate(page, 'end', ...D(-5));
    await refused('Record the end', 'end', 'on or after its first day', 'end an absence');
    await setDate(page, 'end', ...D(-1));
    await page.click('button:has-text("Record the end")');
    check(!(await main()).includes('Absent (Sickness)'), 'the absence did not end');
  }],
  ['an agency worker without an account covers a second post and leaves', async () => {
    await addPost(postB, 'senior_practitioner', '1');
    await page.click('button:has-text("Add the post")');
    postBUrl = page.url();
    await page.click('text=Record someone starting in the post');
    await page.fill('#name', agency);
    await page.check('input[name=employment][value=agency]');
    await page.fill('#fte', '0.5');
    await setDate(page, 'start', ...D(-100));
    await page.check('input[name=start_reason][value=joined]');
    await page.click('button:has-text("Record the start")');
    check(page.url() === postBUrl, 'the agency worker was not recorded: ' + page.url());
    check((await page.textContent('#vacancy')).includes('1 FTE'), 'an agency worker filled the vacancy');
    await page.click('text=Record leaving');
    await axe(page, 'record leaving');
    await setDate(page, 'left_on', ...D(-200));
    await page.check('input[name=leave_reason][value=left]');
    await refused('Record leaving', 'left_on', 'after the day they started', 'record leaving');
    await setDate(page, 'left_on', ...D(-10));
    await page.click('button:has-text("Record leaving")');
    check((await main()).includes('Left the authority'), 'the leaving is not shown');
  }],
  ['the workforce page shows the figures, the caseloads and the posts', async () => {
    await page.goto(base + '/workforce');
    const text = await main();
    check(text.includes(postA) && text.includes(postB), 'the posts are not listed');
    const row = await page.textContent(`#caseload-table tr:has-text("${postA}")`);
    check(row.includes('Sam Worker (demo)'), 'the worker is not in the caseload table: ' + row);
    check(/Vacancy rate\s*\d+\.\d%/.test(await page.textContent('#census-figures')), 'no vacancy rate');
    const published = await page.textContent('#census-published');
    check(/Turnover rate\s*20\d\d/.test(published) && published.includes('England'), 'the published figures are not beside them: ' + published);
    await shot(page, shots, 'workforce');
  }],
  ['an administrator sets the caseload weights; a bad weight is refused', async () => {
    await signIn(page, 'admin');
    await page.goto(base + '/workforce/weights');
    await axe(page, 'caseload weights');
    await page.fill('#cin', 'lots');
    await refused('Save the weights', 'cin', 'from 0 to 10', 'caseload weights');
    for (const [k, v] of [['cp', '2'], ['la', '1.5'], ['cin', '1'], ['other', '0']]) await page.fill('#' + k, v);
    await page.click('button:has-text("Save the weights")');
    check(page.url().includes('/workforce'), 'the weights were not saved: ' + page.url());
    check((await main()).includes('child protection plan 2, looked after 1.5, child in need 1, any other child 0'),
          'the weights are not shown');
  }],
  ['a social worker and an analyst are refused the workforce page', async () => {
    for (const who of ['social.worker', 'analyst']) {
      await signIn(page, who);
      const res = await page.goto(base + '/workforce');
      check(res.status() === 403, `${who} was not refused: ${res.status()}`);
      const post = await page.goto(postAUrl);
      check(post.status() === 403, `${who} saw a post: ${post.status()}`);
    }
  }],
  ['the dashboard shows the workforce figures', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/dashboard');
    const table = await page.textContent('#service-workforce');
    check(table.includes('Social worker vacancy rate') && table.includes('Cases per case-holding social worker'),
          'the workforce figures are not on the dashboard: ' + table);
    check(/Social workers in post \(FTE\) on the census date\s*\d/.test(table), 'no social workers in post');
  }],
];

await runTests(browser, 'browser workforce', steps);
