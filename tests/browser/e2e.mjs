// End-to-end tests of hearth serve in Chromium (playwright-core) with axe-core on every page.
// Usage: node e2e.mjs BASE_URL IDLE_BASE_URL SCREENSHOT_DIR. Prints "browser: N passed, N failed".
import { request } from 'playwright-core';
import { PASSWORD, check, axe, shot as shotIn, signIn, setDate, fillContact, launch, newPage as pageOf, runTests, checkCSP,
         today, addDays, addWorkingDays, addMonths, dmy, collectionYear, dueText } from './common.mjs';

const [base, idleBase, shots] = process.argv.slice(2);
const shot = (page, name) => shotIn(page, shots, name);
const browser = await launch();
const newPage = () => pageOf(browser);

const state = {};
// The server runs on the machine's date, as a council's does: the journey below is recorded
// today (a contact, its decision, an assessment, a strategy discussion and a conference),
// the child became looked after yesterday and moved today.
const T = today(), TODAY = dmy(T), YESTERDAY = dmy(addDays(T, -1));
const tests = [
  ['security headers and sign-in page', async () => {
    const [ctx, page] = await newPage();
    const res = await page.goto(base + '/sign-in');
    const h = res.headers();
    check(h['content-security-policy'].includes("script-src 'self'") && !h['content-security-policy'].includes('unsafe-inline'), 'CSP');
    check(h['x-frame-options'] === 'DENY', 'frame denial');
    check(h['x-content-type-options'] === 'nosniff', 'nosniff');
    check(h['referrer-policy'] === 'no-referrer', 'referrer policy');
    await checkCSP(page); // the tests run with the policy on, and see what it refuses
    await axe(page, 'sign-in');
    await shot(page, 'sign-in');
    // a wrong password is refused with a message beside the field
    await page.fill('#name', 'frontdoor');
    await page.fill('#password', 'wrong-password');
    await page.click('button:has-text("Sign in")');
    check(await page.isVisible('.govuk-error-summary'), 'no error summary after a wrong password');
    await axe(page, 'sign-in with error');
    await ctx.close();
  }],
  ['sign in: session cookie is HttpOnly and SameSite=Strict', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'social.worker');
    check(page.url().endsWith('/my-work'), 'not on My work after sign-in: ' + page.url());
    const c = (await ctx.cookies()).find(c => c.name === 'hearth_session');
    check(c && c.httpOnly && c.sameSite === 'Strict', 'cookie flags');
    check(await page.isVisible('text=most urgent first'), 'My work lists no children');
    // the worker's own caseload first, as many as the list marks theirs on its first page or more
    const stat = (await page.textContent('.hearth-stats')).replace(/\s+/g, ' ');
    const mine = Number((stat.match(/(\d+) children allocated to you, of (\d+) in your list/) || [])[1]);
    const marked = await page.locator('#children tr:has-text("allocated to you")').count();
    check(mine > 0 && mine >= marked, 'My work does not say how many children are the worker\'s: ' + stat);
    check((await page.locator('.govuk-tag--red').count()) > 0, 'no overdue clock shown on My work');
    await axe(page, 'my work');
    await shot(page, 'my-work');
    // a child of my own: the record with its chronology (the first child listed, not a task)
    await page.click('#children a[href^="/children/"] >> nth=0');
    check(await page.isVisible('h2:has-text("Chronology")'), 'no chronology');
    check(await page.isVisible(`h2:has-text("CIN census checks ${collectionYear(T)}")`), 'no validation findings section');
    check((await page.locator('.moj-timeline__item').count()) > 0, 'empty chronology');
    await axe(page, 'child record');
    await shot(page, 'child-record');
    await page.goto(base + '/search?q=2000');
    await axe(page, 'search');
    await ctx.close();
  }],
  ['bad form input is refused with clear messages and nothing is stored', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'frontdoor');
    await page.goto(base + '/contacts/new');
    await page.fill('#given', 'Robert');
    await page.fill('#family', 'Tables<script>');
    await setDate(page, 'dob', 31, 2, 2015);
    await setDate(page, 'date', 1, 1, 2027);
    await page.fill('#concerns', '<script>alert(1)</script>');
    await page.click('button:has-text("Save the contact")');
    const summary = await page.textContent('.govuk-error-summary');
    for (const m of ['last name has up to 60 letters', 'must be a real date', 'cannot be in the future',
                     "Choose the child's sex", 'Choose who made the contact', 'must be plain text'])
      check(summary.includes(m), `missing message "${m}" in: ${summary}`);
    check((await page.locator('#family-error').count()) === 1, 'no message beside the field');
    await axe(page, 'contact form with errors');
    await shot(page, 'contact-errors');
    await page.goto(base + '/search?q=Robert');
    check(await page.isVisible('text=0 children found'), 'a refused contact stored a child');
    await ctx.close();
  }],
  ['front door records a contact and refers', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'frontdoor');
    await page.goto(base + '/front-door');
    await axe(page, 'front door');
    await page.click('text=Record a contact');
    await fillContact(page, { given: 'Maisie', family: "O'Brien", dob: [14, 2, 2016], nhs: '943 476 5919', date: TODAY,
                              source: '2A', concerns: 'Teacher saw bruising on both arms; Maisie said "Dad" & then stopped.' });
    await axe(page, 'contact form');
    await shot(page, 'contact-form');
    await page.click('button:has-text("Save the contact")');
    check(/\/contacts\/\d+\/decision$/.test(page.url()), 'not on the decision page: ' + page.url());
    check(await page.isVisible('text=Dad" & then stopped'), 'concerns not shown as typed');
    await axe(page, 'threshold decision');
    await shot(page, 'threshold-decision');
    // a referral needs a primary need: refused first
    await page.check('input[value=REFERRAL]');
    await page.click('button:has-text("Save the decision")');
    check((await page.textContent('.govuk-error-summary')).includes('primary need'), 'referral without need accepted');
    await page.check('input[value=REFERRAL]');
    await page.selectOption('#need', 'N1');
    await page.click('button:has-text("Save the decision")');
    // referred to the assessment team's queue: the front door's part is done
    check(/\/front-door\?referred=\d+$/.test(page.url()), 'not back at the front door: ' + page.url());
    state.child = '/children/' + new URL(page.url()).searchParams.get('referred');
    await signIn(page, base, 'manager');
    await page.goto(base + state.child);
    const text = await page.textContent('main');
    check(text.includes('Referral: episode of need opened'), 'no referral in the chronology');
    check(text.includes('Assessment: due'), 'no assessment clock');
    check(await page.isVisible('.moj-badge:has-text("CIN")'), 'no CIN badge');
    await ctx.close();
  }],
  ['two people deciding the same contact: the second is told, not overwritten', async () => {
    const [ctxA, a] = await newPage();
    const [ctxB, b] = await newPage();
    await signIn(a, base, 'frontdoor');
    await signIn(b, base, 'admin');
    await a.goto(base + '/contacts/new');
    await fillContact(a, { given: 'Twin', family: 'Editors', dob: [1, 1, 2020], date: TODAY, source: '6', concerns: 'Police notification.' });
    await a.click('button:has-text("Save the contact")');
    const decision = a.url();
    await b.goto(decision);
    await a.check('input[value=ADVICE]');
    await a.click('button:has-text("Save the decision")');
    check(/\/children\/\d+$/.test(a.url()), 'first decision not saved');
    await b.check('input[value=NFA]');
    await b.click('button:has-text("Save the decision")');
    const summary = await b.textContent('.govuk-error-summary');
    check(summary.includes('already recorded for this contact') || summary.includes('someone else changed this child'),
          'second editor not told: ' + summary);
    await a.reload();
    check((await a.textContent('main')).includes('information and advice'), 'the first decision was overwritten');
    await ctxA.close();
    await ctxB.close();
  }],
  ['a manager allocates the referred child; it appears on the worker\'s My work with its clock', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'admin');
    await page.goto(base + state.child);
    await page.selectOption('#worker', { label: 'Sam Worker (demo) (Social worker, Assessment North)' });
    await page.click('button:has-text("Allocate")');
    check((await page.textContent('main')).includes('Sam Worker (demo)'), 'allocated worker not shown');
    const [ctx2, sw] = await newPage();
    await signIn(sw, base, 'social.worker');
    // the child's row in the lists of children (new to the worker, and by urgency, on
    // whichever page its clock puts it), not the worker's tasks about the children they hold
    let row = null;
    for (let p = 1; !row && p <= 10; p++) {
      if (p > 1) await sw.goto(base + '/my-work?page=' + p);
      const rows = sw.locator(':is(#new, #children) tr', { hasText: 'Maisie' });
      if (await rows.count()) row = rows.first();
      else if (!(await sw.locator('.govuk-pagination__next').count())) break;
    }
    check(row, 'the child is not on the worker\'s My work');
    check((await row.textContent()).includes('Assessment: due'), 'no assessment clock on My work');
    await ctx.close();
    await ctx2.close();
  }],
  ['a worker of another team cannot open the child', async () => {
    check(state.child, 'no child from the front door test');
    const [ctx, page] = await newPage();
    await signIn(page, base, 'care.worker');
    const res = await page.goto(base + state.child);
    check(res.status() === 403, 'status ' + res.status());
    check(await page.isVisible('text=You cannot open this record'), 'no refusal message');
    check(!(await page.textContent('main')).includes('Maisie'), 'the name leaked');
    await axe(page, 'refused record');
    await page.goto(base + '/search?q=Maisie');
    check(await page.isVisible('text=0 children found'), 'search found another team\'s child');
    await ctx.close();
  }],
  ['an assessment is started and a manager authorises it; the record logs each view', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'admin');
    await page.goto(base + state.child + '/assessments/new');
    await setDate(page, 'start', ...TODAY);
    await page.fill('#factors', '2b, 3a');
    await axe(page, 'assessment form');
    await page.click('button:has-text("Start the assessment")');
    check(await page.isVisible('text=Not written yet'), 'assessment not shown as not written yet');
    await page.click('button:has-text("Authorise the assessment")');
    const text = await page.textContent('main');
    check(text.includes('Assessment authorised'), 'not authorised');
    check(!text.includes('Assessment: due'), 'the assessment clock still runs');
    check(text.includes('Who has opened this record') && text.includes('Fran Door (demo)'), 'access log missing');
    await axe(page, 'child record after authorisation');
    await ctx.close();
  }],
  ['a strategy discussion leads to an initial conference and a plan', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'admin');
    await page.goto(base + state.child + '/strategy/new');
    await setDate(page, 'date', ...TODAY);
    await page.fill('#attendees', 'Admin, Children\'s services\nPC Jones, Police');
    await page.check('input[value=S47]');
    await axe(page, 'strategy discussion form');
    await page.click('button:has-text("Save the strategy discussion")');
    let text = await page.textContent('main');
    check(text.includes('Strategy discussion: section 47 enquiry'), 'no strategy discussion in the chronology');
    check(text.includes(dueText('Initial child protection conference', addWorkingDays(T, 15))), 'ICPC clock not 15 working days: ' + text.slice(0, 2000));
    await page.click('text=Record the initial conference');
    await page.fill('#attendees', 'Admin, Children\'s services\nPC Jones, Police');
    await setDate(page, 'date', ...dmy(addDays(T, -30)));
    await page.click('button:has-text("Save the conference")');
    check((await page.textContent('.govuk-error-summary')).includes('cannot be before the strategy discussion'), 'early ICPC accepted');
    await setDate(page, 'date', ...TODAY);
    await page.selectOption('#category', 'NEG');
    await axe(page, 'conference form');
    await page.click('button:has-text("Save the conference")');
    text = await page.textContent('main');
    check(await page.isVisible('.moj-badge:has-text("CP")'), 'no CP badge');
    check(text.includes('Child protection plan started'), 'no plan in the chronology');
    check(text.includes(dueText('First child protection review conference', addMonths(T, 3))), 'review clock wrong');
    await ctx.close();
  }],
  ['a child becomes looked after and moves to another carer of the same type; the clocks move', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'admin');
    await page.goto(base + state.child + '/looked-after');
    await setDate(page, 'date', ...YESTERDAY);
    await page.selectOption('#ls', 'C1');
    await page.selectOption('#cin', 'N1');
    await page.selectOption('#place', 'U6');
    await axe(page, 'becoming looked after');
    await page.click('button:has-text("Save")');
    let text = await page.textContent('main');
    check(await page.isVisible('.moj-badge:has-text("Looked after")'), 'no looked-after badge');
    check(text.includes('Became looked after'), 'not in the chronology');
    check(text.includes(dueText('First looked-after review', addWorkingDays(addDays(T, -1), 20))), 'first review clock wrong');
    await page.click('text=Change of placement');
    await setDate(page, 'date', ...TODAY);
    await page.selectOption('#place', 'U6');
    await page.click('button:has-text("Save")');
    check((await page.textContent('.govuk-error-summary')).includes('reason for the change'), 'a change without a reason accepted');
    // another foster carer of the same type is a change of placement, as on the move form
    await page.selectOption('#place', 'U6');
    await page.selectOption('#reason', 'CARPL');
    await axe(page, 'change of placement');
    await page.click('button:has-text("Save")');
    text = await page.textContent('main');
    check(text.includes('Placement or legal status changed'), 'change not in the chronology');
    check(text.includes(dueText('First looked-after review', addWorkingDays(addDays(T, -1), 20))), 'the review clock should run from entering care');
    await shot(page, 'child-record-care');
    await ctx.close();
  }],
  ['an analyst sees figures but no names', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'analyst');
    check(page.url().endsWith('/dashboard'), 'analyst not sent to the dashboard');
    const text = await page.textContent('main');
    check(text.includes('Referrals'), 'no measures');
    check(!/Maisie|O'Brien|\b200\d{6}\b/.test(text), 'a name or child id on the dashboard');
    check((await page.locator('a[href^="/children/"]').count()) === 0, 'links to children');
    await axe(page, 'dashboard');
    await shot(page, 'dashboard');
    const res = await page.goto(base + state.child);
    check(res.status() === 403, 'analyst opened a record: ' + res.status());
    await page.goto(base + '/search?q=Maisie');
    check(!(await page.textContent('main')).includes('Maisie'), 'analyst searched children');
    await ctx.close();
  }],
  ['requests without a valid session or CSRF token are refused', async () => {
    // a name no demo child has (the search is by prefix: "Eve" finds every Evelyn)
    const eve = 'Eve' + Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
    const anon = await request.newContext({ baseURL: base, maxRedirects: 0 });
    let r = await anon.post('/contacts/new', { form: { given: eve, family: 'Hacker' } });
    check(r.status() === 403, 'no session: ' + r.status());
    r = await anon.get('/my-work');
    check(r.status() === 303 && r.headers()['location'].startsWith('/sign-in'), 'my-work without session');
    await anon.dispose();
    const [ctx, page] = await newPage();
    await signIn(page, base, 'frontdoor');
    r = await page.request.post(base + '/contacts/new', { form: { csrf: 'f'.repeat(64), given: eve }, maxRedirects: 0 });
    check(r.status() === 403, 'bad CSRF: ' + r.status());
    r = await page.request.post(base + '/contacts/new', { form: { given: eve }, maxRedirects: 0 });
    check(r.status() === 403, 'missing CSRF: ' + r.status());
    await page.goto(base + '/search?q=' + eve);
    check(await page.isVisible('text=0 children found'), 'a refused request stored something');
    await ctx.close();
  }],
  ['a worker changes their password: rules, CSRF, other sessions ended, this one kept', async () => {
    const [ctxA, a] = await newPage();
    const [ctxB, b] = await newPage(); // the same worker signed in on another computer
    await signIn(a, base, 'adviser');
    await signIn(b, base, 'adviser');
    await a.click('a:has-text("Change password")');
    check(a.url().endsWith('/account/password'), 'no change-password page: ' + a.url());
    await axe(a, 'change password');
    await shot(a, 'change-password');
    // wrong current password, a deny-listed new one, and a mismatch: each told beside its field
    await a.fill('#current', 'not-my-password');
    await a.fill('#password', 'password123');
    await a.fill('#confirm', 'password1234');
    await a.click('button:has-text("Change password")');
    let summary = await a.textContent('.govuk-error-summary');
    check(summary.includes('current password is not right'), 'wrong current password accepted: ' + summary);
    check((await a.locator('#password-error').count()) === 1, 'no message beside the new password: ' + summary);
    check(summary.includes('do not match'), 'mismatch not told: ' + summary);
    check(!(await a.content()).includes('not-my-password'), 'a password was echoed back');
    await axe(a, 'change password with errors');
    await a.fill('#current', PASSWORD);
    await a.fill('#password', 'adviser');
    await a.fill('#confirm', 'adviser');
    await a.click('button:has-text("Change password")');
    summary = await a.textContent('.govuk-error-summary');
    check(/at least 10|sign-in name/.test(summary), 'a short password built from the name accepted: ' + summary);
    // without the session's CSRF token: refused
    const r = await a.request.post(base + '/account/password', { form: { current: PASSWORD, password: 'correct horse battery', confirm: 'correct horse battery' }, maxRedirects: 0 });
    check(r.status() === 403, 'no CSRF token: ' + r.status());
    await a.fill('#current', PASSWORD);
    await a.fill('#password', 'correct horse battery');
    await a.fill('#confirm', 'correct horse battery');
    await a.click('button:has-text("Change password")');
    check(await a.isVisible('text=Your password has been changed'), 'no confirmation');
    await a.goto(base + '/my-work');
    check(a.url().endsWith('/my-work'), 'the session in use was ended: ' + a.url());
    await b.goto(base + '/my-work');
    check(b.url().includes('/sign-in'), 'the other session was not ended: ' + b.url());
    // the old password no longer signs in; the new one does
    await signIn(b, base, 'adviser');
    check(await b.isVisible('.govuk-error-summary'), 'the old password still signs in');
    await b.fill('#name', 'adviser');
    await b.fill('#password', 'correct horse battery');
    await b.click('button:has-text("Sign in")');
    check(b.url().endsWith('/my-work'), 'the new password does not sign in: ' + b.url());
    // (no later test signs in as the adviser: the demo password, deny-listed, cannot be set back)
    await ctxA.close();
    await ctxB.close();
  }],
  ['with JavaScript, a draft is kept as the worker types', async () => {
    const [ctx, page] = await newPage();
    await signIn(page, base, 'frontdoor');
    await page.goto(base + '/contacts/new');
    await page.fill('#given', 'Autosaved');
    await page.fill('#concerns', 'Typed and never submitted.');
    await page.waitForTimeout(4000);
    const [ctx2, other] = await newPage(); // the same worker on another computer
    await signIn(other, base, 'frontdoor');
    await other.goto(base + '/contacts/new');
    check(await other.inputValue('#given') === 'Autosaved', 'the draft was not kept while typing');
    check((await other.inputValue('#concerns')).includes('never submitted'), 'concerns not kept');
    await ctx.close();
    await ctx2.close();
  }],
  ['a session times out mid-form: nothing typed is lost', async () => {
    const [ctx, page] = await newPage();
    // straight to the form: the front door's My work (every child it has seen) can take
    // longer than the idle server's 3 seconds under ASan
    await page.goto(idleBase + '/sign-in?next=' + encodeURIComponent('/contacts/new'));
    await page.fill('#name', 'frontdoor');
    await page.fill('#password', PASSWORD);
    await page.click('button:has-text("Sign in")');
    check(page.url().endsWith('/contacts/new'), 'not on the contact form: ' + page.url());
    await page.fill('#given', 'Timothy');
    await page.fill('#family', 'Outlaw');
    await page.fill('#concerns', 'A long account typed slowly, which must survive the timeout.');
    await page.waitForTimeout(4500);
    await page.click('button:has-text("Save the contact")');
    check(page.url().includes('/sign-in'), 'not asked to sign in again: ' + page.url());
    check(await page.isVisible('text=signed out because you had not used hearth'), 'no timeout notice');
    await page.fill('#name', 'frontdoor');
    await page.fill('#password', PASSWORD);
    await page.click('button:has-text("Sign in")');
    check(page.url().endsWith('/contacts/new'), 'not returned to the form: ' + page.url());
    check(await page.inputValue('#given') === 'Timothy', 'first name lost');
    check(await page.inputValue('#family') === 'Outlaw', 'last name lost');
    check((await page.inputValue('#concerns')).includes('survive the timeout'), 'concerns lost');
    await ctx.close();
  }],
];

await runTests(browser, 'browser', tests);
