// The later stages of a child's journey in Chromium: every stage form is used once with a
// refused invalid entry (the DfE rule's message beside its field) and once for real, the
// chronology shows each event, the clocks on the record and on "My work" move, and axe-core
// checks every new page. Usage: node stages.mjs BASE_URL SCREENSHOT_DIR.
// Prints "browser stages: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, referToSam, launch, newPage, runTests, watchCSP,
         today, addDays, addMonths, dmy, uk, dueText } from './common.mjs';

const [base, shots] = process.argv.slice(2);
// The journey is dated back from today (the server runs on the real date): day 0 is the
// contact, day 85 today. D(n) is day n as [day, month, year]; at(n) the Date.
const T0 = addDays(today(), -85);
const at = n => addDays(T0, n);
const D = n => dmy(at(n));
// sixteen and a half at the contact: a care leaver by the end, not yet 18
const dob = addMonths(T0, -(16 * 12 + 6));
const signIn = (page, name) => signInAt(page, base, name);

// Submit, expect a refusal whose message (beside `field` and in the summary) includes `text`.
async function refused(page, button, field, text, name) {
  await page.click(`button:has-text("${button}")`);
  const summary = await page.textContent('.govuk-error-summary');
  check(summary.includes(text), `${name}: "${text}" not in the error summary: ${summary}`);
  const beside = await page.textContent(`#${field}-error`);
  check(beside.includes(text), `${name}: "${text}" not beside ${field}: ${beside}`);
  await axe(page, name + ' with its error');
}

// Fill in a value that breaks a rule and see it refused beside `field` (refused above), then
// fill in a good one and save: fill(bad) and fill(good) enter the values.
async function refusedThenSaved(name, button, field, rule, fill, bad, good) {
  await fill(bad);
  await refused(page, button, field, rule, name);
  await fill(good);
  await page.click(`button:has-text("${button}")`);
}
// fill functions for refusedThenSaved: a date field, a choice
const dateIn = field => ([d, m, y]) => setDate(page, field, d, m, y);
const choice = field => value => page.selectOption('#' + field, value);

async function main() {
  return (await page.textContent('main'));
}

const browser = await launch();
const [, page] = await newPage(browser);
let child = '';
// a name of its own each run, so a rerun on the same authority finds this child only
const given = 'Stella' + Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');

async function form(href, name) {
  await page.goto(base + child + href);
  check(!(await page.isVisible('.govuk-error-summary')), name + ' opened with errors');
  await axe(page, name);
}

const steps = [
  ['a referred child of 16 (front door)', async () => {
    child = await referToSam(page, base, { given, family: 'Stages', dob: dmy(dob), date: D(0), source: '2A',
                                           concerns: 'Stage forms journey.' });
    // the stage forms are not the front door's
    await signIn(page, 'frontdoor');
    const res = await page.goto(base + child + '/cin-plans/new');
    check(res.status() === 403, 'a front door worker opened a stage form: ' + res.status());
    await signIn(page, 'admin');
  }],
  ['2. CIN plan: start, refused end before start (rule 4011), end', async () => {
    await form('/cin-plans/new', 'CIN plan start');
    await setDate(page, 'date', ...D(5));
    await page.click('button:has-text("Start the plan")');
    check((await main()).includes('Child in need plan started'), 'CIN plan not in the chronology');
    await page.click('text=End the child in need plan started');
    await axe(page, 'CIN plan end');
    await refusedThenSaved('CIN plan end', 'End the plan', 'date', 'CIN census rule 4011', dateIn('date'), D(-4), D(15));
    check((await main()).includes('Child in need plan ended'), 'CIN plan end not in the chronology');
  }],
  ['1. CP plan: refused review on the start day (rule 8841), review moves the clock, refused end (rule 8925), end with reason', async () => {
    await page.goto(base + child + '/strategy/new');
    await setDate(page, 'date', ...D(16));
    await page.fill('#attendees', 'Sam Worker, Children\'s services');
    await page.check('input[value=S47]');
    await page.click('button:has-text("Save the strategy discussion")');
    await page.click('text=Record the initial conference');
    await page.fill('#attendees', 'Sam Worker, Children\'s services');
    await setDate(page, 'date', ...D(23));
    await page.selectOption('#category', 'NEG');
    await page.click('button:has-text("Save the conference")');
    check((await main()).includes(dueText('First child protection review conference', addMonths(at(23), 3))), 'no first review clock');
    await page.click('text=Record a review conference');
    await axe(page, 'CP review');
    await refusedThenSaved('CP review', 'Save the review', 'date', 'CIN census rule 8841', dateIn('date'), D(23), D(56));
    let text = await main();
    check(text.includes(dueText('Child protection review conference', addMonths(at(56), 6))), 'the review clock did not move to 6 months');
    check(!text.includes('First child protection review conference: '), 'the first review clock still runs');
    check(text.includes('Child protection review conference'), 'review not in the chronology');
    await page.click('text=End the child protection plan started');
    await axe(page, 'CP plan end');
    const endDate = async v => { await dateIn('date')(v); await page.selectOption('#reason', 'SAFE'); };
    await refusedThenSaved('CP plan end', 'End the plan', 'date', 'CIN census rule 8925', endDate, D(15), D(64));
    text = await main();
    check(text.includes('Child protection plan ended') && text.includes('No longer at risk of significant harm'),
          'plan end and its reason not in the chronology');
    check(!/Child protection review conference: (was )?due/.test(text), 'the review clock runs after the plan ended');
  }],
  ['3. looked after: visit clock on My work, refused review code (rule 440), review and visit move the clocks; a stale form is refused', async () => {
    await page.goto(base + child + '/looked-after');
    await setDate(page, 'date', ...D(65));
    await page.selectOption('#ls', 'C1');
    await page.selectOption('#cin', 'N1');
    await page.selectOption('#place', 'U6');
    await page.click('button:has-text("Save")');
    check((await main()).includes(dueText('Statutory visit, new placement', at(72))), 'no new-placement visit clock');
    const [ctx2, sw] = await (async () => { const c = await browser.newContext(); return [c, watchCSP(await c.newPage())]; })();
    await signIn(sw, 'social.worker');
    // the child's row in My work's lists of children (the tasks list names the child too)
    let row = sw.locator(':is(#new, #children) tr', { hasText: given }).first();
    check((await row.textContent()).includes('Statutory visit, new placement'), 'visit clock not on My work');
    // a stale form: opened, then someone else records a visit first
    await page.goto(base + child + '/visits/new');
    await sw.goto(base + child + '/visits/new');
    await setDate(sw, 'date', ...D(68));
    await sw.check('#alone');
    await sw.click('button:has-text("Save the visit")');
    await setDate(page, 'date', ...D(69));
    await page.check('#alone');
    await axe(page, 'statutory visit');
    await refused(page, 'Save the visit', 'date', 'else changed this child', 'stale visit');
    await page.goto(base + child + '/visits/new'); // read afresh: the draft is there, saved now
    await page.click('button:has-text("Save the visit")');
    let text = await main();
    check(text.includes(dueText('Statutory visit, first year of a placement', at(69 + 42))), 'visit clock did not move: 6 weeks from the visit');
    check(text.includes('Child seen alone'), 'visit not in the chronology');
    await sw.goto(base + '/my-work');
    row = sw.locator(':is(#new, #children) tr', { hasText: given }).first();
    check((await row.textContent()).includes(dueText('Statutory visit, first year of a placement', at(69 + 42))), 'My work clock did not move');
    await ctx2.close();
    await page.click('text=Record a looked-after review');
    await axe(page, 'looked-after review');
    await setDate(page, 'date', ...D(74));
    await refusedThenSaved('looked-after review', 'Save the review', 'code', 'SSDA903 rule 440', choice('code'), 'PN0', 'PN1');
    text = await main();
    check(text.includes(dueText('Second looked-after review', addMonths(at(74), 3))), 'second review clock wrong');
    check(text.includes('PN1: child attends and speaks for themselves'), 'review not in the chronology');
  }],
  ['4. missing: alert while missing, refused return before start (rule 567), 72-hour clock, interview stops it', async () => {
    await form('/missing/new', 'missing episode');
    await page.check('#kind');
    await setDate(page, 'start', ...D(79));
    await page.click('button:has-text("Save the missing episode")');
    let text = await main();
    check(await page.isVisible('#alerts :text("Missing now")'), 'no missing-now alert');
    await page.click('text=Record the return and return home interview');
    await axe(page, 'return form');
    await refusedThenSaved('return form', 'Save', 'end', 'SSDA903 rule 567', dateIn('end'), D(74), D(81));
    text = await main();
    check(text.includes(dueText('Return home interview', at(84))), 'no 72-hour clock: ' + text.slice(0, 1500));
    check(!(await page.isVisible('#alerts :text("Missing now")')), 'still shown as missing');
    await page.click('text=Record the return and return home interview');
    await page.check('#offered');
    await setDate(page, 'offered_date', ...D(82));
    await page.check('#accepted');
    await setDate(page, 'interview', ...D(83));
    await page.click('button:has-text("Save")');
    text = await main();
    check(!/Return home interview: (was )?due/.test(text), 'the 72-hour clock still runs');
    check(text.includes('Return home interview offered') && text.includes('Return home interview held'), 'interview not in the chronology');
  }],
  ['5. leaving care: pathway plan clock, no adoption decision at 16 (rule 134), refused REC (rule 390), ceasing, no care leaver contact after 19 days looked after', async () => {
    let text = await main();
    // 16 before becoming looked after: the first plan is due 3 months from entering care
    check(text.includes(dueText('Pathway plan', addMonths(at(65), 3))), 'no pathway plan clock: ' + text.slice(0, 1500));
    await form('/pathway-plans/new', 'pathway plan');
    await refusedThenSaved('pathway plan', 'Save the pathway plan', 'date', 'not looked after by', dateIn('date'), D(-369), D(83));
    text = await main();
    check(text.includes(dueText('Pathway plan review', addMonths(at(83), 6))), 'pathway review clock wrong');
    // at 16 no adoption decision is offered, and its form says why
    check(!(await page.isVisible('text=Record an adoption decision')), 'an adoption decision offered at 16');
    let res = await page.goto(base + child + '/adoption');
    check(res.status() === 409 && (await main()).includes('SSDA903 rule 134'), 'adoption form at 16: ' + res.status());
    await form('/ceasing', 'ceasing to be looked after');
    await setDate(page, 'date', ...D(84));
    await refusedThenSaved('ceasing', 'Save', 'rec', 'SSDA903 rule 390', choice('rec'), 'E11', 'E4A');
    text = await main();
    check(text.includes('Stopped being looked after') && text.includes('E4A: returned home to parents'), 'ceasing not in the chronology');
    check(!/Statutory visit, first year of a placement: (was )?due/.test(text), 'visit clock runs after care ended');
    // looked after 19 days at 16, then home: not a care leaver, so no care leaver contact
    check(!(await page.isVisible('text=Record a care leaver contact')), 'a care leaver contact offered');
    res = await page.goto(base + child + '/leaver-contacts/new');
    check(res.status() === 409 && (await main()).includes('not a care leaver'), 'care leaver form: ' + res.status());
    await page.goto(base + child);
  }],
  ['6. closure: refused RC8 after a plan (rule 2990), closed with RC7 shown in plain English; nothing offered that cannot apply', async () => {
    await form('/closure', 'closure');
    await setDate(page, 'date', ...D(85));
    await refusedThenSaved('closure', 'Close the episode', 'reason', 'CIN census rule 2990', choice('reason'), 'RC8', 'RC7');
    const text = await main();
    check(text.includes('Episode of need closed') && text.includes('RC7: services ceased for any other reason'), 'closure not in the chronology');
    check(!(await page.isVisible('.moj-badge:has-text("CIN")')), 'CIN badge after closure');
    // a closed episode, not looked after: neither becoming looked after nor adoption is offered
    check(!(await page.isVisible('a:has-text("Becoming looked after")')), 'becoming looked after offered after closure');
    check(!(await page.isVisible('text=Record an adoption decision')), 'adoption offered after closure');
    const res = await page.goto(base + child + '/looked-after');
    check(res.status() === 409, 'the looked-after form opened after closure: ' + res.status());
    await page.goto(base + child);
  }],
  ['7. family network: refused without a relationship, a new household member shown on the record', async () => {
    await form('/family/new', 'family network');
    await page.fill('#given', 'Jane');
    await page.fill('#family', 'Stages');
    await refused(page, 'Add', 'kind', 'Choose how they are related', 'family network');
    await page.selectOption('#kind', 'MOTHER');
    await page.check('#household');
    await page.click('button:has-text("Add")');
    const text = await main();
    check(text.includes('Household and family network') && text.includes('Jane Stages') && text.includes('Lives with the child'),
          'the mother is not in the household');
    await axe(page, 'child record with the stages');
    await shot(page, shots, 'child-record-stages');
  }],
];

await runTests(browser, 'browser stages', steps);
