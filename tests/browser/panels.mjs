// Panels, court and money in Chromium: a manager enters Worcestershire's Edge of Care unit cost
// (£5,724 a child for 12 weeks of in-house fostering) and the year's placements budget, each
// refused first beside its field with nothing stored; a social worker refers a child to the
// Edge of Care panel (no reason refused); the manager records the panel's meeting with its
// decision, minutes, next review and an action that becomes a task, then the outcome (kept
// out of care); the social worker reads the decision but not the minutes; a Legal Gateway
// referral with proceedings issued 27 weeks ago shows the 26-week clock overdue on the
// record, in its timescales and in My work's children in proceedings; the money and panel pages are refused to a social worker and an analyst; the
// dashboard's Panels and court and Money tables move by what was recorded. axe-core checks
// every new page. Usage: node panels.mjs BASE_URL SCREENSHOT_DIR.
// Prints "browser panels: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, fillContact, launch, newPage, runTests,
         today, addDays, addMonths, dmy, referredChild } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const T = today();
const D = n => dmy(addDays(T, n));
const iso = d => d.toISOString().slice(0, 10);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
let child = '', referral = '';
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const given = 'Panel' + tag;
const minutes = 'Minutes ' + tag + ': family group conference agreed.';
const period = `?from=${iso(addDays(T, -30))}&to=${iso(T)}`;

async function main() { return page.textContent('main'); }

async function refused(button, field, text, name) {
  await page.click(`button:has-text("${button}")`);
  const summary = await page.textContent('.govuk-error-summary');
  check(summary.includes(text), `${name}: "${text}" not in the error summary: ${summary}`);
  const beside = await page.textContent(`#${field}-error`);
  check(beside.includes(text), `${name}: "${text}" not beside ${field}: ${beside}`);
  await axe(page, name + ' with its error');
}

// the dashboard's figures of an area for the last 30 days, by id: their text
async function figures(area) {
  await page.goto(base + '/dashboard' + period);
  return page.$$eval(`#service-${area} tr[data-id]`, rows =>
    Object.fromEntries(rows.map(r => [r.dataset.id, r.querySelector('td').textContent.trim()])));
}
const count = s => Number(String(s).replace(/[^0-9.-]/g, '').split('.')[0]);
const money = s => Number(String(s).replace(/[£,]/g, ''));

let before = {}, beforeMoney = {};
const steps = [
  ['the dashboard shows the Panels and court and Money areas', async () => {
    await signIn(page, 'manager');
    before = await figures('panels');
    beforeMoney = await figures('money');
    check('referrals_edge_of_care' in before && 'eoc_cost_avoided' in before && 'proceedings_past_26_weeks' in before,
          'the panels area is not on the dashboard: ' + JSON.stringify(before));
    check('year_forecast' in beforeMoney && 'year_budget' in beforeMoney, 'the money area is not on the dashboard');
  }],
  ['a manager enters the Edge of Care unit cost and the budget; bad input refused beside the field', async () => {
    await page.goto(base + '/money');
    await axe(page, 'money');
    check((await page.inputValue('#to-year')) === String(T.getUTCFullYear()), 'the period shown is not filled in');
    const units = await page.textContent('#unit-costs');
    await page.selectOption('#place', 'U4');
    await page.fill('#cost', 'five thousand');
    await page.fill('#weeks', '12');
    await setDate(page, 'unit_from', ...D(0));
    await page.check('input[name=eoc][value="1"]');
    await refused('Save the unit cost', 'cost', 'Enter the cost in pounds', 'unit cost');
    check((await page.textContent('#unit-costs')) === units, 'a refused unit cost was stored');
    await page.fill('#cost', '5724');
    await page.click('button:has-text("Save the unit cost")');
    const text = await page.textContent('#unit-costs');
    check(text.includes('£5,724.00') && text.includes('What it avoids'), 'the unit cost is not listed: ' + text);
    await page.fill('#year', '1999');
    await page.fill('#budget', '12500000');
    await refused('Save the budget', 'year', 'Enter the year the financial year ends in', 'budget');
    const fy = T.getUTCMonth() >= 3 ? T.getUTCFullYear() + 1 : T.getUTCFullYear();
    await page.fill('#year', String(fy));
    await page.fill('#budget', '12,500,000');
    await page.click('button:has-text("Save the budget")');
    check((await page.textContent('#forecast')).includes('£12,500,000.00'), 'the budget is not in the forecast');
    await shot(page, shots, 'money');
  }],
  ['a social worker refers a child to the Edge of Care panel; no reason is refused', async () => {
    await signIn(page, 'frontdoor');
    await page.goto(base + '/contacts/new');
    await fillContact(page, { given, family: 'Panels', dob: dmy(addMonths(T, -14 * 12)), date: D(-20), source: '2A',
                              concerns: 'Family in crisis.' });
    await page.click('button:has-text("Save the contact")');
    await page.check('input[value=REFERRAL]');
    await setDate(page, 'decision_date', ...D(-20));
    await page.selectOption('#need', 'N1');
    await page.click('button:has-text("Save the decision")');
    child = referredChild(page);
    check(child, 'not back at the front door with the referral: ' + page.url());
    await signIn(page, 'social.worker');
    await page.goto(base + child);
    await page.click('text=Refer to a panel');
    await axe(page, 'refer to a panel');
    await page.check('input[name=kind][value=edge_of_care]');
    await setDate(page, 'referred', ...D(-10));
    await refused('Refer', 'reason', 'Enter why the child is referred', 'refer to a panel');
    await page.fill('#reason', 'Risk of family breakdown; parents asking for accommodation.');
    await page.click('button:has-text("Refer")');
    check(/\/panels\/\d+$/.test(page.url()), 'not on the referral: ' + page.url());
    referral = new URL(page.url()).pathname;
    check((await main()).includes('The panel has not met yet'), 'the referral page does not say the panel has not met');
    check(!(await main()).includes('Record a panel meeting'), 'a social worker is offered to record the meeting');
    await axe(page, 'panel referral');
    const r = await page.goto(base + referral + '/meeting');
    check(r.status() === 403, 'a social worker opened the meeting form: ' + r.status());
  }],
  ['the manager records the meeting: decision, minutes, next review, an action as a task', async () => {
    await signIn(page, 'manager');
    await page.goto(base + referral);
    await page.click('text=Record a panel meeting');
    await axe(page, 'record a panel meeting');
    await setDate(page, 'day', ...D(-3));
    await page.check('input[name=decision][value=support]');
    await page.fill('#minutes', minutes);
    await setDate(page, 'next_review', ...D(-3));
    await page.fill('#title1', 'Arrange a family group conference ' + tag);
    await page.selectOption('#assigned1', { label: 'Me' });
    await setDate(page, 'due1', ...D(7));
    await refused('Save the meeting', 'next_review', 'The next review must be after the meeting', 'panel meeting');
    await setDate(page, 'next_review', ...D(80));
    await page.click('button:has-text("Save the meeting")');
    check(page.url().endsWith(referral), 'not back on the referral: ' + page.url());
    const text = await main();
    check(text.includes(minutes), 'the manager does not see the minutes');
    check(text.includes('Support agreed') && text.includes('Arrange a family group conference ' + tag),
          'the decision or the action is not on the referral');
    await page.goto(base + '/tasks');
    check((await main()).includes('Arrange a family group conference ' + tag), 'the action is not a task');
    await page.goto(base + referral + '/outcome');
    await axe(page, 'Edge of Care outcome');
    await page.fill('#weeks', '120');
    await page.check('input[name=stayed_out][value="1"]');
    await setDate(page, 'day', ...D(0));
    await refused('Save the outcome', 'weeks', 'from 0 to 104', 'Edge of Care outcome');
    await page.fill('#weeks', '12');
    await page.click('button:has-text("Save the outcome")');
    check((await main()).includes('Stayed out of care after 12 weeks'), 'the outcome is not on the referral');
    await axe(page, 'panel referral with a meeting');
    await shot(page, shots, 'panel-referral');
  }],
  ['the social worker sees the decision and the next review, not the minutes', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + referral);
    const text = await main();
    check(text.includes('Support agreed'), 'the social worker does not see the decision');
    check(!text.includes(minutes), 'the social worker sees the minutes');
    check(text.includes('The minutes are seen by managers and administrators'), 'no word on who sees the minutes');
    await page.goto(base + child);
    check((await page.textContent('#panels')).includes('Edge of Care'), 'the referral is not on the record');
    for (const p of ['/money', '/panels']) {
      const r = await page.goto(base + p);
      check(r.status() === 403, `a social worker opened ${p}: ${r.status()}`);
    }
  }],
  ['a Legal Gateway referral: proceedings issued 27 weeks ago run past the 26-week limit', async () => {
    await signIn(page, 'manager');
    await page.goto(base + child + '/panels/new');
    await page.check('input[name=kind][value=legal_gateway]');
    await setDate(page, 'referred', ...D(-200));
    await page.fill('#reason', 'Neglect: the child protection plan has not brought change.');
    await page.click('button:has-text("Refer")');
    const lg = new URL(page.url()).pathname;
    await page.goto(base + lg + '/proceedings');
    await axe(page, 'proceedings');
    await setDate(page, 'letter', ...D(-195));
    await setDate(page, 'issue', ...D(-200));
    await refused('Save the dates', 'issue', 'cannot be issued before the letter', 'proceedings');
    await setDate(page, 'issue', ...D(-189));
    await page.click('button:has-text("Save the dates")');
    let text = await main();
    check(/Overdue\s*Care proceedings/.test(text), 'the 26-week clock is not overdue on the referral: ' + text.slice(0, 600));
    // My work lists the team's children in proceedings, weeks counted, before the record is opened
    await page.goto(base + '/my-work');
    const rows = await page.$$eval('#proceedings tr', trs => trs.map(t => t.textContent.replace(/\s+/g, ' ')));
    const mine = rows.find(t => t.includes(given)) || '';
    check(/Overdue Care proceedings.*\(27 weeks since issue\)/.test(mine),
          'the child is not in My work\'s proceedings: ' + JSON.stringify(rows.slice(0, 5)));
    await axe(page, 'my work with proceedings');
    await page.goto(base + lg + '/hearing');
    await axe(page, 'court hearing');
    await setDate(page, 'day', ...D(-150));
    await page.check('input[name=kind][value=cmh]');
    await page.fill('#note', 'Directions for assessments.');
    await page.click('button:has-text("Save the hearing")');
    check((await page.textContent('#hearings')).includes('Case management hearing'), 'the hearing is not listed');
    await page.goto(base + child);
    text = await page.textContent('#panels');
    check(/Overdue\s*Care proceedings/.test(text), 'the 26-week clock is not on the record: ' + text);
    text = await page.textContent('#timescales');
    check(/Overdue\s*Care proceedings.*\(27 weeks since issue\)/.test(text), 'the 26-week clock is not in the timescales: ' + text);
    text = await page.textContent('.moj-timeline');
    for (const event of ['Referred to a panel', 'Panel meeting', 'Edge of Care outcome', 'Care proceedings issued', 'Court hearing'])
      check(text.includes(event), `"${event}" is not in the chronology`);
    await axe(page, 'child record with panels');
    await page.goto(base + '/panels?kind=legal_gateway');
    await axe(page, 'panels list');
    check((await page.textContent('#panel-list')).includes(given), 'the child is not in the Legal Gateway list');
  }],
  ['the dashboard moves by what was recorded; the analyst sees figures, not the money page', async () => {
    await signIn(page, 'manager');
    const after = await figures('panels');
    check(count(after.referrals_edge_of_care) === count(before.referrals_edge_of_care) + 1,
          `Edge of Care referrals ${before.referrals_edge_of_care} -> ${after.referrals_edge_of_care}`);
    check(money(after.eoc_cost_avoided) === money(before.eoc_cost_avoided) + 5724,
          `cost avoided ${before.eoc_cost_avoided} -> ${after.eoc_cost_avoided}`);
    check(count(after.proceedings_past_26_weeks) === count(before.proceedings_past_26_weeks) + 1,
          `proceedings past 26 weeks ${before.proceedings_past_26_weeks} -> ${after.proceedings_past_26_weeks}`);
    check(count(after.meetings) === count(before.meetings) + 1, `meetings ${before.meetings} -> ${after.meetings}`);
    const m = await figures('money');
    check(m.year_budget === '£12,500,000.00', 'the budget is not on the dashboard: ' + m.year_budget);
    check(money(m.eoc_cost_avoided) === money(beforeMoney.eoc_cost_avoided) + 5724, 'money: cost avoided did not move');
    await signIn(page, 'analyst');
    const a = await figures('panels');
    check('referrals' in a, 'the analyst does not see the panels figures');
    const r = await page.goto(base + '/money');
    check(r.status() === 403, 'the analyst opened the money page: ' + r.status());
  }],
];

await runTests(browser, 'browser panels', steps);
