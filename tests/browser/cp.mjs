// The content of the work, as the people who do it: a social worker holds a strategy
// discussion that decides on a section 47 enquiry, records the initial conference with who
// took part and its minutes, writes the child protection plan with its actions, holds the
// first core group inside 10 working days (its clock shown, then gone) and a review
// conference that updates the actions; and writes an assessment that the manager returns
// with a comment, the worker amends and the manager authorises. Every form refuses bad
// input beside the field first; axe-core checks every new page.
// Usage: node cp.mjs BASE_URL SCREENSHOT_DIR. Prints "browser cp: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, referToSam, launch, newPage, runTests, today, addDays,
         addWorkingDays, dmy, uk, dueText } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const browser = await launch();
const [, page] = await newPage(browser);
const signIn = name => signInAt(page, base, name);
const main = async () => await page.textContent('main');
const given = 'Cora' + Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
let child = '', plan = '', assessment = '';
// The journey, dated from today as the server's clock is the machine's: the conference 9
// working days ago (its first core group due tomorrow or so), the strategy discussion 10
// working days before it, the referral the day before that; the core group 5 working days
// after the conference, the review conference today.
const T = today();
const ICPC = addWorkingDays(T, -9), STRATEGY = addWorkingDays(ICPC, -10), REFERRAL = addDays(STRATEGY, -1);
const CORE = addWorkingDays(ICPC, 5), ASSESS = addDays(REFERRAL, 1);

// Submit with `button`; the refusal's message must be in the summary and beside `field`.
async function refused(button, field, text, name) {
  await page.click(`button:has-text("${button}")`);
  const summary = await page.textContent('.govuk-error-summary');
  check(summary.includes(text), `${name}: "${text}" not in the error summary: ${summary}`);
  const beside = await page.textContent(`#${field}-error`);
  check(beside.includes(text), `${name}: "${text}" not beside ${field}: ${beside}`);
  await axe(page, name + ' with its error');
}

const WHO = 'Sam Worker, Children\'s services\nPC Priya Shah, Police\nDr Okafor, GP';

await runTests(browser, 'browser cp', [
  ['the front door refers a child; the administrator allocates her to a social worker', async () => {
    child = await referToSam(page, base, { given, family: 'Protect', dob: [4, 5, 2018], date: dmy(REFERRAL), source: '2A',
                                           concerns: 'Bruising seen at school.' });
    check((await main()).includes('Sam Worker'), 'not allocated');
  }],
  ['a strategy discussion refuses bad input, then decides on a section 47 enquiry', async () => {
    await signIn('social.worker');
    await page.goto(base + child + '/strategy/new');
    await axe(page, 'strategy discussion form');
    await setDate(page, 'date', ...dmy(addDays(T, 365)));
    await refused('Save the strategy discussion', 'attendees', 'Enter who took part', 'strategy discussion');
    check((await page.textContent('#date-error')).includes('today or in the past'), 'a future date accepted');
    await page.fill('#attendees', 'Sam Worker, <script>x</script>');
    await setDate(page, 'date', ...dmy(STRATEGY));
    await page.check('input[value=S47]');
    await refused('Save the strategy discussion', 'attendees', 'angle brackets', 'strategy discussion markup');
    await page.fill('#attendees', WHO);
    await page.fill('#shared', 'School saw bruising on 2 March.\nPolice attended the home in January.');
    await page.fill('#minutes', 'All agreed the threshold for section 47 is met.');
    await page.click('button:has-text("Save the strategy discussion")');
    const text = await main();
    check(text.includes('Strategy discussion: section 47 enquiry'), 'no enquiry in the chronology');
    check(text.includes('Initial child protection conference: '), 'no conference clock');
    await page.click(`a:has-text("Strategy discussion, ${uk(STRATEGY)}")`);
    const m = await main();
    check(m.includes('PC Priya Shah (Police)') && m.includes('Police attended the home in January.'), 'what was typed is not kept: ' + m);
    check(m.includes('Start a section 47 enquiry'), 'decision not shown');
    await axe(page, 'strategy discussion read back');
    await page.goto(base + child + '/meetings');
    check((await page.$$('a:has-text("Strategy discussion")')).length === 1, 'a refused strategy discussion was stored');
  }],
  ['the initial conference with attendees and minutes opens a plan; the core group clock runs', async () => {
    await page.goto(base + child);
    await page.click('text=Record the initial conference');
    await axe(page, 'conference form');
    await page.fill('#attendees', WHO);
    await setDate(page, 'date', ...dmy(ICPC));
    await page.selectOption('#category', 'PHY');
    await page.fill('#decisions', 'Child protection plan under physical abuse.');
    await page.fill('#minutes', 'Chair: Ira Reviewer.\n\nMother attended with an advocate.');
    await page.click('button:has-text("Save the conference")');
    const text = await main();
    check(text.includes('Child protection plan started'), 'no plan in the chronology');
    check(text.includes(dueText('First core group meeting', addWorkingDays(ICPC, 10))), 'no core group clock: ' + text.slice(0, 3000));
    check(!text.includes('Initial child protection conference: due'), 'the conference clock still runs');
  }],
  ['the child protection plan with actions (refused first: markup, a missing owner)', async () => {
    await page.goto(base + child + '/plans/new');
    await axe(page, 'plan form');
    await page.check('input[value=CP]');
    await setDate(page, 'start', ...dmy(ICPC));
    await page.fill('#needs', 'Physical harm from an adult in the household.');
    await page.fill('#outcomes', 'Cora is safe at home and attends school every day.');
    await page.fill('#action1', 'Refer <b>mother</b> to a parenting course');
    await refused('Save the plan', 'action1', 'angle brackets', 'plan markup');
    await page.fill('#action1', 'Refer mother to a parenting course');
    await page.fill('#owner1', '');
    await setDate(page, 'due1', ...dmy(addDays(T, 10)));
    await page.selectOption('#status1', 'NOT_STARTED');
    await refused('Save the plan', 'owner1', 'Say who will do it', 'plan owner');
    await page.fill('#owner1', 'Sam Worker');
    await page.fill('#action2', 'Medical examination follow-up');
    await page.fill('#owner2', 'Dr Okafor');
    await setDate(page, 'due2', ...dmy(addDays(T, 3)));
    await page.selectOption('#status2', 'IN_PROGRESS');
    await page.click('button:has-text("Save the plan")');
    check(/\/plans\/\d+$/.test(page.url()), 'not on the plan: ' + page.url());
    plan = page.url().replace(base, '');
    await page.goto(base + child + '/plans');
    check((await page.$$('a:has-text("Child protection plan")')).length === 1, 'a refused plan was stored');
    await page.goto(base + plan);
    const text = await main();
    check(text.includes('Refer mother to a parenting course') && text.includes('Dr Okafor'), 'actions not shown');
    await axe(page, 'plan');
    await shot(page, shots, 'cp-plan');
  }],
  ['the first core group reviews the actions inside 10 working days; its clock stops', async () => {
    await page.click('text=Record a meeting that reviews the plan');
    await axe(page, 'plan review form');
    await page.check('input[value=CORE_GROUP]');
    await setDate(page, 'date', ...dmy(CORE));
    await page.fill('#attendees', WHO);
    const statuses = await page.$$eval('select[id^=status-]', s => s.map(x => x.id));
    check(statuses.length === 2, 'the actions are not on the review form');
    await page.selectOption('#' + statuses[0], 'IN_PROGRESS');
    await page.fill('#' + statuses[0].replace('status', 'note'), 'Booked on the April course.');
    await page.fill('#minutes', 'Core group met at school.');
    await page.click('button:has-text("Save the meeting")');
    const text = await main();
    check(text.includes('Booked on the April course.') && text.includes(`Core group meeting, ${uk(CORE)}`), 'progress not kept: ' + text);
    await page.goto(base + child);
    const rec = await main();
    check(!/First core group meeting: (was )?due/.test(rec), 'the core group clock still runs');
    check(rec.includes('Core group meeting'), 'core group not in the chronology');
  }],
  ['a review conference updates the actions (a stale form refused first)', async () => {
    await page.goto(base + plan + '/meetings/new');
    await page.check('input[value=RCPC]');
    await setDate(page, 'date', ...dmy(T));
    await page.fill('#attendees', WHO);
    const statuses = await page.$$eval('select[id^=status-]', s => s.map(x => x.id));
    await page.selectOption('#' + statuses[0], 'DONE');
    await page.selectOption('#' + statuses[1], 'NOT_NEEDED');
    await page.fill('#new1-action', 'Health visitor to check weekly');
    await page.fill('#new1-owner', 'Health visitor');
    await setDate(page, 'new1-due', ...dmy(addDays(T, 30)));
    await page.selectOption('#new1-status', 'NOT_STARTED');
    await page.$eval('input[name=version]', i => { i.value = '1'; });
    await page.click('button:has-text("Save the meeting")');
    check((await page.textContent('.govuk-error-summary')).includes('Someone else changed'), 'a stale form was saved');
    await page.click('button:has-text("Save the meeting")');
    const text = await main();
    check(text.includes(`Child protection review conference, ${uk(T)}`), 'review not listed');
    check(text.includes('Health visitor to check weekly'), 'new action not added');
    check(text.includes('No longer needed') && text.includes('Done'), 'statuses not updated');
    await axe(page, 'plan after review');
    await page.goto(base + child);
    const rec = await main();
    check(rec.includes('1 of 3 actions open'), 'the record does not count the actions: ' + rec.slice(0, 3000));
    check(/Child protection review conference: (was )?due/.test(rec), 'the CIN census review did not move the clock');
  }],
  ['an assessment is written, submitted, returned with a comment, amended and authorised', async () => {
    await page.goto(base + child + '/assessments/new');
    await setDate(page, 'start', ...dmy(ASSESS));
    await page.click('button:has-text("Start the assessment")');
    await page.click(`a:has-text("Assessment started ${uk(ASSESS)}")`);
    assessment = page.url().replace(base, '');
    await axe(page, 'assessment');
    await page.click('text=Write the assessment');
    await axe(page, 'assessment form');
    await page.fill('#child_needs', 'Cora is meeting her milestones.\nShe is anxious at home time.');
    await page.fill('#parenting', 'Mother is warm but overwhelmed.');
    await page.click('button:has-text("Save as draft")');
    check((await main()).includes('Draft'), 'not kept as a draft');
    await page.click('text=Amend the assessment');
    check(await page.inputValue('#parenting') === 'Mother is warm but overwhelmed.', 'the draft is not shown again');
    await page.fill('#family_env', 'Two-bedroom flat shared with mother\'s partner.');
    await page.fill('#analysis', 'The risk comes from the partner.');
    await page.check('input[value=S47]');
    await page.fill('#recommendation', 'Child protection conference.');
    await refused('Submit for authorisation', 'wishes', 'wishes and feelings', 'assessment submit');
    await page.fill('#wishes', '"I want to stay with mum but not him."');
    await page.click('button:has-text("Submit for authorisation")');
    check((await main()).includes('Waiting for authorisation'), 'not submitted');

    await signIn('manager');
    await page.goto(base + assessment);
    await page.click('text=Authorise or return the assessment');
    await axe(page, 'assessment decision');
    await page.check('input[value=return]');
    await refused('Save the decision', 'comment', 'Say why', 'return without reason');
    await page.check('input[value=return]');
    await page.fill('#comment', 'Say what Cora told you about the partner.');
    await page.click('button:has-text("Save the decision")');
    check((await main()).includes('Returned to the worker'), 'not returned');

    await signIn('social.worker');
    await page.goto(base + assessment);
    let text = await main();
    check(text.includes('Returned by Morgan Manager') && text.includes('Say what Cora told you about the partner.'), 'the worker does not see why');
    await page.click('text=Amend the assessment');
    await page.fill('#analysis', 'The risk comes from the partner; Cora says he shouts and hits.');
    await page.click('button:has-text("Submit for authorisation")');

    await signIn('manager');
    await page.goto(base + assessment + '/decision');
    await page.check('input[value=authorise]');
    await page.fill('#comment', 'Clear analysis.');
    await page.click('button:has-text("Save the decision")');
    text = await main();
    check(text.includes('Authorised on ' + uk(T)), 'not authorised: ' + text);
    check(text.includes('Cora says he shouts and hits.') && text.includes('I want to stay with mum but not him.'), 'content not kept');
    for (const step of ['Saved as a draft', 'Submitted for authorisation', 'Returned to the worker', 'Authorised'])
      check(text.includes(step), 'history lacks ' + step);
    await axe(page, 'authorised assessment');
    await page.goto(base + child);
    check(!/Assessment: (was )?due/.test(await main()), 'the assessment clock still runs');
  }],
  ['the meetings and plans lists open, and a front door worker may not open them', async () => {
    await page.goto(base + child + '/meetings');
    check((await main()).includes('Initial child protection conference'), 'meetings list');
    await axe(page, 'meetings');
    await page.goto(base + child + '/plans');
    check((await main()).includes('Child protection plan'), 'plans list');
    await axe(page, 'plans');
    await signIn('frontdoor');
    const res = await page.goto(base + plan);
    check(res.status() === 403, 'front door opened a plan: ' + res.status());
  }],
]);
