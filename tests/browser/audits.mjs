// Quality assurance in Chromium, as the people who use it: the administrator keeps the audit
// questions (an empty one refused beside the field); the team manager audits a file of their
// team with Sam Worker, the young person's feedback and an action for Sam (an empty form
// refused beside its fields, nothing stored); Sam sees the audit of his work and marks the
// action done on his task list, and the audit shows it done; a worker of another team may
// not open it; the manager sees the grades by team and month, draws a thematic audit's sample,
// and sees the audit on the dashboard. axe-core checks every page.
// Usage: node audits.mjs BASE_URL SCREENSHOT_DIR. Prints "browser audits: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, launch, newPage, runTests, referToSam,
         today, dmy, addDays } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const child = { given: 'Ola' + tag, url: '' };
const questions = [`Is the child's voice heard in the plan? (${tag})`, `Is management oversight clear? (${tag})`];
let auditPath = '', before = 0;

const main = () => page.textContent('main');
// the dashboard for the last thirty days, today included
async function auditsDone() {
  const iso = d => d.toISOString().slice(0, 10);
  await page.goto(base + `/dashboard?from=${iso(addDays(today(), -30))}&to=${iso(today())}`);
  const cell = await page.textContent('#service-audits tr[data-id=audits] td');
  return Number(cell.replace(/,/g, ''));
}

const steps = [
  ['the administrator keeps the audit questions', async () => {
    await signIn(page, 'admin');
    await page.goto(base + '/audits/questions');
    await axe(page, 'audit questions');
    await page.click('button:has-text("Add the question")');
    check((await page.title()).startsWith('Error:'), 'an empty question was not refused');
    check((await page.textContent('#text-error')).includes('Enter the question'), 'no message beside the question');
    for (const q of questions) {
      await page.goto(base + '/audits/questions');
      await page.fill('form[action="/audits/questions"] #text', q);
      await page.click('button:has-text("Add the question")');
      check(page.url().endsWith('/audits/questions'), 'question not added: ' + page.url());
    }
    const kept = await page.locator('form.app-question input[name=text]').evaluateAll(els => els.map(e => e.value));
    check(questions.every(q => kept.includes(q)), 'the questions are not listed: ' + kept.join(' | '));
  }],
  ['a child of the manager\'s team, allocated to Sam Worker', async () => {
    await signIn(page, 'manager');
    before = await auditsDone();
    child.url = await referToSam(page, base, { given: child.given, family: 'Qaudrey', dob: [3, 3, 2016], date: dmy(today()), source: '6',
                              concerns: 'Neighbour worried.' });
  }],
  ['an empty audit is refused beside its fields, and nothing is stored', async () => {
    await signIn(page, 'manager');
    await page.goto(base + child.url);
    await page.click('a:has-text("Audit this file")');
    await axe(page, 'audit form');
    await page.click('button:has-text("Save the audit")');
    check((await page.title()).startsWith('Error:'), 'an empty audit was not refused');
    for (const f of ['day', 'worker', 'grade', 'summary', 'feedback_from'])
      check(await page.locator(`#${f}-error`).count() === 1, `no message beside ${f}`);
    await axe(page, 'audit form with its errors');
    await page.goto(base + child.url);
    check((await main()).includes('No audits of this file that you may see'), 'a refused audit was stored');
  }],
  ['the manager audits the file with Sam, the young person\'s feedback and an action for Sam', async () => {
    await page.goto(base + child.url + '/audits/new');
    await setDate(page, 'day', ...dmy(today()));
    await page.selectOption('#worker', { label: 'Sam Worker (demo) (Assessment North)' });
    const radios = await page.locator('input[type=radio][value=GOOD]').count();
    check(radios >= 3, 'the questions are not asked');
    for (const r of await page.locator('input[type=radio][value=GOOD]').all()) await r.check();
    await page.check('input[name=with_worker][value="1"]');
    await page.fill('#reflection', 'I will see Ola on her own at school.');
    await page.check('input[name=feedback_from][value=young_person]');
    await page.fill('#feedback', 'Sam listens to me.');
    await page.fill('#summary', 'A clear plan; the chronology needs bringing up to date.');
    await page.fill('#action-1', 'Bring the chronology up to date ' + tag);
    await setDate(page, 'action-1-due', ...dmy(addDays(today(), 14)));
    await page.click('button:has-text("Save the audit")');
    check(/\/audits\/\d+$/.test(page.url()), 'audit not saved: ' + page.url() + ' ' + (await main()).slice(0, 600));
    auditPath = page.url().replace(base, '');
    const text = await main();
    check(text.includes('Good') && text.includes('Sam listens to me.') && text.includes(questions[0]), 'the audit is not shown');
    check((await page.textContent('#audit-actions')).includes('Open'), 'the action is not open');
    await axe(page, 'audit');
    await shot(page, shots, 'audit');
  }],
  ['Sam sees the audit of his work and does the action on his task list', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + '/tasks');
    await page.click(`a:has-text("Bring the chronology up to date ${tag}")`);
    await page.click('button:has-text("Mark as done")');
    await page.goto(base + auditPath);
    check((await page.textContent('#audit-actions')).includes('Done'), 'the action is not done on the audit');
    await page.goto(base + '/audits');
    check((await main()).includes('Audits of your work'), 'no list of Sam\'s audits');
    await axe(page, "a worker's audits");
  }],
  ['a worker of another team may not open it', async () => {
    await signIn(page, 'care.worker');
    const res = await page.goto(base + auditPath);
    check(res.status() === 403, 'the care worker opened the audit: ' + res.status());
    check(!(await main()).includes('Sam listens to me.'), 'the refusal shows the audit');
  }],
  ['grades by team and month; a thematic audit draws its sample; the dashboard counts the audit', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/audits');
    check((await page.textContent('#audit-grades')).includes('Assessment North'), 'no grades for the team');
    await axe(page, 'audits');
    await page.click('a:has-text("Start a thematic audit")');
    await axe(page, 'thematic audit form');
    await page.fill('#size', '0');
    await page.click('button:has-text("Draw the sample")');
    check((await page.textContent('#size-error')).includes('between 1 and 100'), 'a sample of 0 accepted');
    await page.fill('#title', 'The child\'s voice ' + tag);
    await page.fill('#focus', 'Is the child\'s voice heard in the plan?');
    await page.check('input[name=population][value=open]');
    await page.fill('#size', '3');
    await page.click('button:has-text("Draw the sample")');
    check(/\/audits\/themes\/\d+$/.test(page.url()), 'no theme: ' + page.url());
    check(await page.locator('#theme-sample tbody tr').count() === 3, 'not three children sampled');
    await axe(page, 'thematic audit');
    const after = await auditsDone();
    check(after === before + 1, `audits done: ${before} then ${after}`);
    await axe(page, 'dashboard with quality assurance');
  }],
];

await runTests(browser, 'browser audits', steps);
