// The work moving between people, in Chromium: the front door refers a child to Assessment
// North; its manager finds the child awaiting allocation and allocates; the worker sees the
// child at the top of My work, starts an assessment (factors breaking CIN rule 8869 refused
// beside the field), writes it and submits it into the manager's tray; the manager returns
// it from the tray with a comment; the worker sees why on My work and on the assessment,
// amends it and submits it again; the manager authorises it from the tray; a task is set and done,
// another cancelled with a reason; the worker transfers the child to the children in care
// team; each step is in the access log. Also the defects found on the way: a draft kept per
// child and discarded, forms offered only to roles that may use them, "Error: " titles and
// Back links, the reviewing officer's children. axe-core checks every new page.
// Usage: node workflow.mjs BASE_URL SCREENSHOT_DIR. Prints "browser workflow: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, fillContact, launch, newPage, runTests, today, addDays, dmy }
  from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
// a name of its own each run, so a rerun on the same authority finds this child only
const given = 'Wren' + Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
let child = '', assessment = '';

async function main(page) {
  return (await page.textContent('main'));
}

// The record's "Who has opened this record" list (managers and administrators see it).
async function accessLog(page) {
  return await page.locator('h2:has-text("Who has opened this record") + ul').textContent();
}

async function as(name) {
  const [ctx, page] = await newPage(browser);
  await signIn(page, name);
  return [ctx, page];
}

const steps = [
  ['the front door refers a child to Assessment North; the child leaves the front door', async () => {
    const [ctx, page] = await as('frontdoor');
    await page.goto(base + '/contacts/new');
    await fillContact(page, { given, family: 'Journey', dob: [3, 5, 2017], date: dmy(today()), source: '1A',
                              concerns: 'Neighbour reports the child is often left alone.', ethnicity: 'MWBA', disability: 'NONE' });
    await page.click('button:has-text("Save the contact")');
    check(await page.isVisible('.govuk-back-link'), 'no Back link on the decision form');
    await page.check('input[value=REFERRAL]');
    await page.selectOption('#need', 'N2');
    const team = page.locator('input[name=team]:checked');
    check((await team.count()) === 1, 'no team chosen by default');
    const label = await page.textContent(`label[for="${await team.getAttribute('id')}"]`);
    check(label.includes('Assessment North'), 'the default team is not the assessment team: ' + label);
    await axe(page, 'threshold decision with teams');
    await page.click('button:has-text("Save the decision")');
    check(/\/front-door\?referred=\d+$/.test(page.url()), 'not back at the front door: ' + page.url());
    check((await main(page)).includes('waits in the team'), 'no word that the child went to the queue');
    child = '/children/' + new URL(page.url()).searchParams.get('referred');
    await ctx.close();
  }],
  ['the assessment team\'s manager finds the child awaiting allocation, with how long, and allocates', async () => {
    const [ctx, page] = await as('manager');
    const res = await page.goto(base + child);
    check(res.status() === 200, 'the assessment team manager cannot open the referred child: ' + res.status());
    let text = await main(page);
    check(text.includes('referred to Assessment North'), 'the referral is not on the record');
    // ethnicity and disability asked at the front door: the CIN census rules pass
    check(!text.includes('4220') && !text.includes('8540'), 'CIN rule 4220 or 8540 fails on a new child');
    await page.goto(base + '/team');
    // longest waiting first: the new referral is on the last page of the queue
    const pages = page.locator('#waiting ~ nav .govuk-pagination__item a');
    if (await pages.count())
      await pages.last().click();
    const row = page.locator('#waiting ~ table tr', { hasText: given });
    check((await row.count()) === 1, 'the child is not awaiting allocation');
    check((await row.textContent()).includes('0 days'), 'no waiting time: ' + await row.textContent());
    await axe(page, 'team with the queue');
    await shot(page, shots, 'awaiting-allocation');
    await row.locator('select').selectOption(await row.locator('option', { hasText: 'Sam Worker' }).getAttribute('value'));
    const chosen = await row.locator('select option:checked').textContent();
    check(chosen.startsWith('Sam Worker'), 'Sam Worker not chosen: ' + chosen);
    await row.locator('button:has-text("Allocate")').click();
    check((await main(page)).includes('The child was allocated'), 'not allocated');
    await ctx.close();
  }],
  ['the worker sees the new child at the top of My work', async () => {
    const [ctx, page] = await as('social.worker');
    await page.goto(base + '/my-work');
    const first = page.locator('main table').first();
    check((await first.locator('caption').textContent()).includes('New to you'), 'the first list is not New to you');
    check((await first.textContent()).includes(given), 'the new child is not at the top of My work');
    await axe(page, 'My work with a new child');
    await shot(page, shots, 'my-work-new');
    await ctx.close();
  }],
  ['the worker starts an assessment (factors 2B, 21, 3A refused: rule 8869), writes it and submits it', async () => {
    const [ctx, page] = await as('social.worker');
    await page.goto(base + child);
    await page.click('a:has-text("Assessment")');
    check(await page.isVisible('.govuk-back-link'), 'no Back link on the assessment form');
    await setDate(page, 'start', ...dmy(today()));
    await page.fill('#factors', '2B, 21, 3A');
    await page.click('button:has-text("Start the assessment")');
    check((await page.textContent('#factors-error')).includes('rule 8869'), 'factors 2B, 21, 3A accepted');
    check((await page.title()).startsWith('Error: '), 'refused form title: ' + await page.title());
    await page.fill('#factors', '2B, 3A');
    await page.click('button:has-text("Start the assessment")');
    check((await main(page)).includes('Not written yet'), 'the new assessment is not on the record');
    await page.click('a:has-text("Assessment started")');
    assessment = page.url().replace(base, '');
    await axe(page, 'assessment page');
    await page.click('text=Write the assessment');
    await page.fill('#child_needs', 'Meets milestones; missed two dental checks.');
    await page.fill('#parenting', 'Mother engages well; family seen at home twice.');
    await page.fill('#family_env', 'Overcrowded flat; grandmother nearby.');
    await page.fill('#analysis', 'Needs are met with support.');
    await page.fill('#wishes', 'Wants to stay at home.');
    await page.check('input[value=CIN]');
    await page.fill('#recommendation', 'A child in need plan.');
    await page.click('button:has-text("Submit for authorisation")');
    check((await main(page)).includes('Waiting for authorisation'), 'not submitted');
    await ctx.close();
  }],
  ['the manager returns it with a comment (a return without one is refused); the worker sees why', async () => {
    const [ctx, page] = await as('manager');
    await page.goto(base + '/tray');
    const card = page.locator('.govuk-summary-card', { hasText: given });
    check((await card.count()) === 1, 'the assessment is not in the tray');
    check((await card.textContent()).includes('Open the assessment'), 'the tray does not link the assessment');
    await axe(page, 'tray');
    await shot(page, shots, 'tray');
    await card.locator('button:has-text("Return to the worker")').click();
    check((await page.title()).startsWith('Error: '), 'refused return title: ' + await page.title());
    check((await page.textContent('.govuk-error-summary')).includes('Say why'), 'a return without a reason accepted');
    await axe(page, 'tray with an error');
    const again = page.locator('.govuk-summary-card', { hasText: given });
    await again.locator('textarea').fill('Add the child\'s own words about home.');
    await again.locator('button:has-text("Return to the worker")').click();
    check((await main(page)).includes('Returned to the worker'), 'not returned: ' + (await main(page)).slice(0, 600));
    await ctx.close();
    const [ctx2, sw] = await as('social.worker');
    await sw.goto(base + '/my-work');
    const back = sw.locator('#returned ~ ul li', { hasText: given });
    check((await back.count()) === 1, 'the returned assessment is not on My work');
    check((await back.textContent()).includes("Add the child's own words about home."), 'the reason is not shown');
    await shot(sw, shots, 'my-work-returned');
    await back.locator('a').click();
    const text = await main(sw);
    check(text.includes("Add the child's own words about home.") && text.includes('Returned to the worker'),
          'the assessment does not say why it came back');
    await sw.click('text=Amend the assessment');
    await sw.fill('#wishes', '"I want to stay at home with my nan nearby."');
    await sw.click('button:has-text("Submit for authorisation")');
    check((await main(sw)).includes('Waiting for authorisation'), 'not sent again');
    await ctx2.close();
  }],
  ['the manager authorises it with a comment; the record shows it authorised', async () => {
    const [ctx, page] = await as('manager');
    await page.goto(base + '/tray');
    const card = page.locator('.govuk-summary-card', { hasText: given });
    await card.locator('textarea').fill('Good analysis. Proceed to a child in need plan.');
    await card.locator('button:has-text("Authorise")').click();
    check((await main(page)).includes('Authorised'), 'not authorised');
    check((await page.locator('.govuk-summary-card', { hasText: given }).count()) === 0, 'still in the tray');
    await page.goto(base + assessment);
    const text = await main(page);
    check(text.includes('Morgan Manager (demo)') && text.includes('Proceed to a child in need plan') &&
          text.includes('Authorised on'), 'the authorisation is not on the assessment');
    await page.goto(base + child);
    check((await main(page)).includes('Assessment authorised'), 'not authorised in the chronology');
    const log = await accessLog(page);
    for (const p of ['assessment form', 'authorisation: authorised'])
      check(log.includes(p), `"${p}" not in the access log: ${log}`);
    await ctx.close();
  }],
  ['a task set, done; another cancelled with a reason (refused without one); clocks show as tasks', async () => {
    const [ctx, page] = await as('social.worker');
    await page.goto(base + child);
    await page.click('text=Set a task about this child');
    await axe(page, 'task form');
    await page.click('button:has-text("Set the task")');
    check((await page.title()).startsWith('Error: '), 'refused task title');
    await page.fill('#title', 'Speak to the class teacher');
    await page.check('#assigned');
    await setDate(page, 'due', ...dmy(addDays(today(), 7)));
    await page.click('button:has-text("Set the task")');
    await page.click('text=Set a task about this child');
    await page.fill('#title', 'Book a home visit');
    await page.check('#assigned');
    await setDate(page, 'due', ...dmy(addDays(today(), 8)));
    await page.click('button:has-text("Set the task")');
    check((await main(page)).includes('Speak to the class teacher'), 'the task is not on the record');
    await page.goto(base + '/tasks');
    const text = await main(page);
    check(text.includes('Speak to the class teacher') && text.includes('Statutory timescale'),
          'tasks and clocks not listed together');
    await axe(page, 'task list');
    await page.click('text=Speak to the class teacher');
    await axe(page, 'task');
    await page.click('button:has-text("Mark as done")');
    check(!(await main(page)).includes('Speak to the class teacher'), 'a done task is still listed');
    await page.click('text=Book a home visit');
    await page.click('button:has-text("Cancel the task")');
    check((await page.textContent('#reason-error')).includes('why'), 'cancelled without a reason');
    await page.fill('#reason', 'The family moved; visit booked by the new team.');
    await page.click('button:has-text("Cancel the task")');
    check(!(await main(page)).includes('Book a home visit'), 'a cancelled task is still listed');
    await ctx.close();
    const [ctx2, admin] = await as('admin');
    await admin.goto(base + child);
    const log = await accessLog(admin);
    for (const p of ['task set', 'task done', 'task cancelled'])
      check(log.includes(p), `"${p}" not in the access log: ${log}`);
    await ctx2.close();
  }],
  ['the worker transfers the child to the children in care team (refused without a summary, or stale)', async () => {
    const [ctx, page] = await as('social.worker');
    const [ctx2, other] = await as('admin');
    await page.goto(base + child + '/transfer');
    await other.goto(base + child + '/transfer');
    await axe(page, 'transfer form');
    check(await page.isVisible('.govuk-back-link'), 'no Back link on the transfer form');
    await page.check('label:has-text("Children in Care") >> xpath=../input');
    await page.click('button:has-text("Transfer the child")');
    check((await page.textContent('#summary-error')).includes('summary'), 'a transfer without a summary accepted');
    await page.fill('#summary', 'Assessment authorised; the child is now looked after by agreement.');
    await page.click('button:has-text("Transfer the child")');
    check(page.url().includes('/my-work?transferred=1'), 'not back on My work: ' + page.url());
    // the administrator's form was read before the transfer: refused as stale
    await other.check('label:has-text("Leaving Care") >> xpath=../input');
    await other.fill('#summary', 'A second transfer on a stale form.');
    await other.click('button:has-text("Transfer the child")');
    const err = await other.textContent('.govuk-error-summary');
    check(err.includes('omeone else changed'), 'a stale transfer accepted: ' + err);
    await ctx.close();
    await ctx2.close();
    const [ctx3, admin] = await as('admin');
    await admin.goto(base + child);
    const text = await main(admin);
    check(text.includes('transferred to Children in Care from Assessment North'), 'the transfer is not on the record');
    check((await accessLog(admin)).includes('(transfer)'), 'the transfer is not in the access log');
    // the children in care team's queue now holds the child
    await admin.goto(base + '/team');
    await admin.click('a:has-text("Children in Care")');
    const pages = admin.locator('#waiting ~ nav .govuk-pagination__item a');
    if (await pages.count())
      await pages.last().click();
    check((await admin.locator('#waiting ~ table tr', { hasText: given }).count()) === 1,
          'the child is not awaiting allocation in Children in Care');
    await ctx3.close();
  }],
  ['a draft is kept per child, not per address, and can be discarded', async () => {
    const [ctx, page] = await as('social.worker');
    await page.goto(base + '/my-work');
    const links = await page.locator('#children a[href^="/children/"]').evaluateAll(as => as.map(a => a.getAttribute('href')));
    const [a, b] = [links[0].split('/')[2], links[1].split('/')[2]];
    await page.goto(base + '/contacts/new?child=' + b);
    await page.fill('#concerns', 'Typed about child B only.');
    await page.click('button:has-text("Save the contact")'); // refused: no date, no source
    check((await page.title()).startsWith('Error: '), 'refused contact title: ' + await page.title());
    await page.goto(base + '/contacts/new?child=' + a);
    check(await page.inputValue('#concerns') === '', "child B's draft came back on child A's form");
    await page.goto(base + '/contacts/new?child=' + b);
    check(await page.inputValue('#concerns') === 'Typed about child B only.', "child B's draft is lost");
    await axe(page, 'contact form with its draft');
    await page.click('button:has-text("Discard the draft")');
    check(await page.inputValue('#concerns') === '', 'the draft was not discarded');
    check(!(await page.isVisible('text=This form holds your draft')), 'still shown as a draft');
    await ctx.close();
  }],
  ['the front door is offered only what it may do: no form it is offered answers 403', async () => {
    const [ctx, page] = await as('frontdoor');
    await page.goto(base + '/contacts/new');
    await fillContact(page, { given: given + 'x', family: 'Doorstep', dob: [9, 9, 2019], date: dmy(today()), source: '5A',
                              concerns: 'Health visitor concern.' });
    await page.click('button:has-text("Save the contact")');
    await page.check('input[value=REFERRAL]');
    await page.selectOption('#need', 'N4');
    await page.check('label:has-text("Front Door") >> xpath=../input'); // kept by the front door
    await page.click('button:has-text("Save the decision")');
    check(/\/children\/\d+$/.test(page.url()), 'not on the child page: ' + page.url());
    const here = page.url();
    const text = await main(page);
    check(!text.includes('Strategy discussion') && !(await page.isVisible('a:has-text("Assessment")')),
          'the front door is offered an assessment or a strategy discussion');
    const hrefs = await page.locator('main .govuk-button-group a, #stages a').evaluateAll(as => as.map(a => a.getAttribute('href')));
    for (const h of hrefs) {
      const res = await page.goto(base + h);
      check(res.status() !== 403, `offered ${h}, which answers 403`);
    }
    await page.goto(here);
    await ctx.close();
  }],
  ['the reviewing officer has the children whose reviews they chair, and opens them', async () => {
    const [ctx, page] = await as('iro');
    await page.goto(base + '/my-work');
    const links = page.locator('#children a[href^="/children/"]');
    check((await links.count()) > 0, 'the reviewing officer has no children');
    await links.first().click();
    // the reviewing officer chairs looked-after reviews and child protection conferences
    check(/Looked after|child protection plan/i.test(await main(page)), 'neither looked after nor on a plan: ' + page.url());
    check(!(await page.isVisible('text=You cannot open this record')), 'the reviewing officer cannot open the child');
    await ctx.close();
  }],
];

await runTests(browser, 'browser workflow', steps);
