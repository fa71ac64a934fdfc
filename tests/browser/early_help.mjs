// Early help and Stronger Families in Chromium, as the people who use them: the front door
// decides early help for a child; the worker starts early help from that decision (after the
// form refuses bad input beside each field and stores nothing), records the assessment, the
// team around the family, a meeting, the family plan and its review, attaches the family to
// Stronger Families on two problems and evidences continuous employment, then steps the child
// up to social care; a second child referred to social care is stepped down to early help; a
// manager sets the programme's target and makes a results claim; the analyst sees every move
// counted on the dashboard. axe-core checks every page.
// Usage: node early_help.mjs BASE_URL SCREENSHOT_DIR. Prints "browser early help: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, fillContact, launch, newPage, runTests, today, addDays, dmy }
  from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const t0 = today();
const day = n => dmy(addDays(t0, -n));
const kids = { up: { given: 'Ula' + tag, url: '' }, down: { given: 'Dev' + tag, url: '' } };
let episode = '';
const before = {};

const main = () => page.textContent('main');

async function figures() {
  await signIn(page, 'analyst');
  // the last 60 days, which hold every date this test records (the default is the last whole year)
  const iso = d => d.toISOString().slice(0, 10);
  await page.goto(base + `/dashboard?from=${iso(addDays(t0, -60))}&to=${iso(t0)}`);
  const out = {};
  for (const [area, ids] of [['early_help', ['episodes_started', 'started_from_front_door', 'stepped_down', 'stepped_up',
    'family_meetings', 'outcome_reviews', 'assessments_completed', 'referrals_stepped_up', 'closures_stepped_down']],
  ['stronger_families', ['families_attached', 'results_employment', 'claimed_employment']]]) {
    for (const id of ids) {
      const cell = page.locator(`#service-${area} tr[data-id=${id}] td`);
      check(await cell.count() === 1, `no figure ${id} in #service-${area}`);
      // a count ("1,234"), or a proportion's numerator ("12.5% (1 of 8)", "none of 0")
      const text = (await cell.textContent()).replace(/,/g, '');
      const m = /\((\d+) of/.exec(text);
      out[id] = m ? parseInt(m[1], 10) : /^none of/.test(text) ? 0 : parseInt(text, 10);
    }
  }
  return out;
}

async function frontDoor(k, decision) {
  await signIn(page, 'frontdoor');
  await page.goto(base + '/contacts/new');
  await fillContact(page, { given: k.given, family: 'Lowther', dob: [3, 3, 2016], date: day(20), source: '2A',
                            concerns: 'School worried about attendance and sleep.' });
  await page.click('button:has-text("Save the contact")');
  await page.check(`input[value=${decision}]`);
  await setDate(page, 'decision_date', ...day(20));
  if (decision === 'REFERRAL') await page.selectOption('#need', 'N1');
  await page.click('button:has-text("Save the decision")');
  // the child's record, by name, as the administrator who allocates it
  await signIn(page, 'admin');
  await page.goto(base + '/search?q=' + encodeURIComponent(k.given));
  await page.click(`a:has-text("${k.given}")`);
  k.url = new URL(page.url()).pathname;
  check(/^\/children\/\d+$/.test(k.url), 'child not found: ' + page.url());
  await page.selectOption('#worker', { label: 'Sam Worker (demo) (Social worker, Assessment North)' });
  await page.click('button:has-text("Allocate")');
}

async function errorsFor(...ids) {
  const summary = await page.textContent('.govuk-error-summary');
  for (const id of ids) {
    check(await page.locator(`.govuk-error-summary a[href="#${id}"]`).count() > 0,
          `no error for ${id} in the summary: ${summary}`);
  }
}

const steps = [
  ['the dashboard has the early help and Stronger Families tables', async () => {
    Object.assign(before, await figures());
    await axe(page, 'dashboard with early help');
  }],
  ['the front door decides early help; the child is allocated', async () => {
    await frontDoor(kids.up, 'EARLY_HELP');
  }],
  ['starting early help: bad input refused beside each field, nothing stored', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + kids.up.url);
    check((await main()).includes('No early help recorded'), 'no early help section');
    await axe(page, 'record with the early help section');
    await page.click('a:has-text("Start early help")');
    await axe(page, 'start early help form');
    await setDate(page, 'start', 31, 2, 2026);
    await page.click('button:has-text("Start early help")');
    check(page.url().endsWith('/early-help/new'), 'not refused: ' + page.url());
    await errorsFor('from', 'start', 'name', 'role', 'agency');
    await axe(page, 'start early help form with errors');
    await page.goto(base + kids.up.url);
    check((await main()).includes('No early help recorded'), 'something was stored');
  }],
  ['early help starts from the threshold decision with a lead professional from any agency', async () => {
    await page.goto(base + kids.up.url + '/early-help/new');
    const contact = page.locator('input[name=from][value^=contact-]');
    check(await contact.count() === 1, 'the decided contact is not offered');
    await contact.check();
    await setDate(page, 'start', ...day(19));
    await page.fill('#name', 'Jo Bell');
    await page.fill('#role', 'Family support worker');
    await page.selectOption('#agency', 'SCHOOL');
    await page.click('button:has-text("Start early help")');
    check(/\/early-help\/\d+$/.test(page.url()), 'not on the episode page: ' + page.url());
    episode = new URL(page.url()).pathname;
    const text = await main();
    check(text.includes('From a threshold decision at the front door'), 'how it began not shown');
    check(text.includes('Jo Bell, Family support worker (School or college)'), 'lead not shown');
    await axe(page, 'early help episode');
  }],
  ['assessment, team around the family, meeting, family plan and review', async () => {
    await page.goto(base + episode + '/assessment');
    await setDate(page, 'start', ...day(19));
    await setDate(page, 'completed', ...day(15));
    await page.fill('#needs', 'Amy misses school on Mondays; mum wants help with routines <b>and</b> money.');
    await axe(page, 'early help assessment form');
    await page.click('button:has-text("Save the assessment")');
    check(page.url().endsWith(episode), 'assessment not saved: ' + (await main()).slice(0, 400));
    await page.goto(base + episode + '/members/new');
    await page.fill('#name', 'Priya Shah');
    await page.fill('#role', 'Health visitor');
    await page.selectOption('#agency', 'HEALTH_VISITING');
    await setDate(page, 'start', ...day(14));
    await axe(page, 'team around the family form');
    await page.click('button:has-text("Add")');
    check(page.url().endsWith(episode), 'member not added');
    // a meeting whose next date is before it: refused beside the field
    await page.goto(base + episode + '/meetings/new');
    await setDate(page, 'date', ...day(12));
    await page.fill('#attended', 'Mum, Jo Bell, Priya Shah');
    await page.fill('#summary', 'Morning routine agreed; school to call on absence.');
    await setDate(page, 'next', ...day(13));
    await page.click('button:has-text("Save the meeting")');
    await errorsFor('next');
    await axe(page, 'meeting form with an error');
    await setDate(page, 'next', ...dmy(addDays(t0, 16)));
    await page.click('button:has-text("Save the meeting")');
    check(page.url().endsWith(episode), 'meeting not saved: ' + (await main()).slice(0, 400));
    await page.goto(base + episode + '/outcomes/new');
    await page.fill('#outcome', 'Amy goes to school every day');
    await setDate(page, 'start', ...day(12));
    await axe(page, 'family plan outcome form');
    await page.click('button:has-text("Add the outcome")');
    await page.goto(base + episode + '/reviews/new');
    await page.locator('input[name=outcome]').first().check();
    await setDate(page, 'date', ...day(5));
    await page.check('input[name=status][value=ACHIEVED]');
    await page.fill('#note', 'Every day for two weeks.');
    await axe(page, 'family plan review form');
    await page.click('button:has-text("Save the review")');
    const text = await main();
    check(text.includes('Priya Shah, Health visitor (Health visiting)'), 'member not on the page');
    check(text.includes('Morning routine agreed'), 'meeting not on the page');
    check(text.includes('Achieved'), 'review not on the page');
    check(text.includes('<b>and</b>'), 'the assessment text was not shown as typed (escaped)');
    await shot(page, shots, 'early-help-episode');
  }],
  ['Stronger Families: two problems with evidence, then continuous employment', async () => {
    await page.goto(base + episode + '/stronger-families');
    await axe(page, 'Stronger Families eligibility form');
    await setDate(page, 'attached', ...day(10));
    await page.check('input[name=problems][value=SCHOOL]');
    await page.fill('#evidence-SCHOOL', 'Attendance 78% this term');
    await page.fill('#plan-SCHOOL', 'Above 90% for three terms');
    await page.click('button:has-text("Attach the family")');
    await errorsFor('problems');
    await page.check('input[name=problems][value=WORK]');
    await page.click('button:has-text("Attach the family")');
    await errorsFor('evidence-WORK', 'plan-WORK');
    await axe(page, 'Stronger Families form with errors');
    await page.fill('#evidence-WORK', 'Mum out of work for two years');
    await page.fill('#plan-WORK', 'Mum in work');
    await page.click('button:has-text("Attach the family")');
    check(page.url().endsWith(episode), 'not attached: ' + (await main()).slice(0, 600));
    await page.goto(base + episode + '/results/new');
    await page.check('input[name=problem][value=SCHOOL]');
    await page.check('input[name=result][value=EMPLOYMENT]');
    await setDate(page, 'date', ...day(3));
    await page.fill('#evidence', 'Payslips');
    await page.click('button:has-text("Save the result")');
    await errorsFor('result');
    await page.check('input[name=problem][value=WORK]');
    await page.click('button:has-text("Save the result")');
    check(page.url().endsWith(episode), 'result not saved: ' + (await main()).slice(0, 600));
    check((await main()).includes('Continuous employment'), 'result not shown');
  }],
  ['stepping up ends early help and opens a referral in one step', async () => {
    await page.goto(base + episode + '/step-up');
    await axe(page, 'step-up form');
    await setDate(page, 'date', ...day(2));
    await page.selectOption('#need', 'N1');
    await page.click('button:has-text("Step up")');
    check(page.url().endsWith(kids.up.url), 'not back on the record: ' + page.url());
    const text = await main();
    check(text.includes('stepped up'), 'the record does not say stepped up');
    await page.goto(base + episode);
    check((await main()).includes('Stepped up to children'), 'the episode does not say stepped up');
  }],
  ['a child in social care is stepped down to early help in one step', async () => {
    await frontDoor(kids.down, 'REFERRAL');
    await signIn(page, 'social.worker');
    await page.goto(base + kids.down.url);
    await page.click('a:has-text("Step down to early help")');
    await axe(page, 'step-down form');
    await setDate(page, 'start', ...day(1));
    await page.fill('#name', 'Sam Lowe');
    await page.fill('#role', 'Early help coordinator');
    await page.selectOption('#agency', 'EARLY_HELP');
    await page.click('button:has-text("Step down")');
    check(/\/early-help\/\d+$/.test(page.url()), 'not on the episode page: ' + (await main()).slice(0, 600));
    check((await main()).includes('Stepped down from children'), 'how it began not shown');
  }],
  ['a manager sets the target and makes a results claim', async () => {
    await signIn(page, 'manager');
    await page.goto(base + '/stronger-families');
    await axe(page, 'Stronger Families programme page');
    await page.fill('#families', 'none');
    await page.click('button:has-text("Save the target")');
    await errorsFor('name', 'families');
    await page.fill('#name', 'Phase 2 ' + tag);
    await setDate(page, 'start', ...day(60));
    await setDate(page, 'end', ...dmy(addDays(t0, 1500)));
    await page.fill('#families', '4330');
    await page.click('button:has-text("Save the target")');
    check((await main()).includes('Target saved'), 'target not saved: ' + (await main()).slice(0, 600));
    await setDate(page, 'from', ...day(4));
    await setDate(page, 'to', ...day(1));
    await page.click('button:has-text("Make the claim")');
    const text = await main();
    check(/Claim made for \d+ famil/.test(text), 'no claim: ' + text.slice(0, 600));
    await axe(page, 'Stronger Families after a claim');
    await shot(page, shots, 'stronger-families');
  }],
  ['the analyst sees each move counted on the dashboard', async () => {
    const after = await figures();
    const d = id => after[id] - before[id];
    for (const [id, n] of [['episodes_started', 2], ['started_from_front_door', 1], ['stepped_down', 1],
      ['stepped_up', 1], ['family_meetings', 1], ['outcome_reviews', 1], ['assessments_completed', 1],
      ['referrals_stepped_up', 1], ['closures_stepped_down', 1], ['families_attached', 1],
      ['results_employment', 1], ['claimed_employment', 1]])
      check(d(id) === n, `${id}: ${before[id]} then ${after[id]}, expected +${n}`);
    await shot(page, shots, 'dashboard-early-help', false);
  }],
];

await runTests(browser, 'browser early help', steps);
