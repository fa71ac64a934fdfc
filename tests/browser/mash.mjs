// The multi-agency safeguarding hub in Chromium, as the people who use it: the front door
// records a contact and brings it into the hub with consent overridden (bad input refused
// beside the field first); the police officer, signed in with the partner role, sees only
// that contact, adds what the police know, and is refused the child's record, the front
// door, search, the dashboard, the decision, another contact and every other page; the
// health visitor adds health's check; the front door rates the contact red and decides it
// within the day, after which the partners no longer see it; the views are in the child's
// access log; the manager sees the hub on the dashboard (#service-mash). axe-core checks
// every new page. Usage: node mash.mjs BASE_URL SCREENSHOT_DIR.
// Prints "browser mash: N passed, N failed".
import { check, axe, shot, signIn as signInAt, fillContact, launch, newPage, runTests, today, dmy, setDate } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const child = { given: 'Hubby' + tag, family: 'Mashford' + tag, id: '', contact: '' };
const other = { given: 'Otto' + tag, family: 'Elsewhere' + tag, contact: '' };
const now = dmy(today());

const main = () => page.textContent('main');
const fieldError = async id => (await page.locator(`#${id}-error`).count()) ? (await page.textContent(`#${id}-error`)).trim() : '';

async function recordContact(k) {
  await page.goto(base + '/contacts/new');
  await fillContact(page, { given: k.given, family: k.family, dob: [3, 4, 2017], date: now, source: '2A',
                            concerns: 'A teacher saw bruising on the arm twice this week & the child said "Dad did it".' });
  await page.click('button:has-text("Save the contact")');
  const m = /\/contacts\/(\d+)\/decision$/.exec(page.url());
  check(m, 'the contact was not saved: ' + page.url() + ' ' + (await main()).slice(0, 800));
  k.contact = m[1];
  const link = await page.getAttribute('.govuk-caption-l a', 'href');
  k.id = link.replace('/children/', '');
}

const steps = [
  ['the front door records two contacts; the hub lists them as waiting', async () => {
    await signIn(page, 'frontdoor');
    await recordContact(child);
    await recordContact(other);
    await page.goto(base + '/mash');
    const text = await main();
    check(text.includes('Waiting, not in the hub') && text.includes(child.family) && text.includes(other.family),
          'the waiting contacts are not listed: ' + text.slice(0, 1500));
    await axe(page, 'the hub');
  }],
  ['bringing a contact into the hub: bad input refused beside the field, nothing stored', async () => {
    await page.goto(base + '/mash');
    await page.click(`a[href="/mash/contacts/${child.contact}/add"]`);
    check(page.url().endsWith(`/mash/contacts/${child.contact}/add`), 'not on the form: ' + page.url());
    await axe(page, 'bring a contact into the hub');
    await page.click('button:has-text("Bring into the hub")');
    check(/consent was given or overridden/i.test(await fieldError('consent')), 'no message beside consent');
    check(/who gave consent/i.test(await fieldError('consent_note')), 'no message beside the note');
    await axe(page, 'bring into the hub with errors');
    await page.check('input[name=consent][value=overridden]');
    await page.click('button:has-text("Bring into the hub")');
    check(/why it is overridden/i.test(await fieldError('consent_note')), 'an override without its reason was not refused');
    await page.goto(base + '/mash');
    check(!(await page.locator(`#hub a[href="/mash/contacts/${child.contact}"]`).count()), 'a refused form put the contact in the hub');
    await page.goto(base + `/mash/contacts/${child.contact}/add`);
    await page.check('input[name=consent][value=overridden]');
    await page.fill('#consent_note', 'Asking the father could put the child at risk of significant harm.');
    await page.click('button:has-text("Bring into the hub")');
    check(page.url().endsWith(`/mash/contacts/${child.contact}`), 'not on the hub contact: ' + page.url());
    const text = await main();
    check(text.includes('Consent overridden: Asking the father') && text.includes('No agency has added a check yet'),
          'the consent is not shown: ' + text.slice(0, 1500));
    check(text.includes('twice this week & the child said "Dad did it"'), 'the concerns are not shown as written');
    await axe(page, 'a contact in the hub');
  }],
  ['the police officer sees the hub, only this contact, and adds what the police know', async () => {
    await signIn(page, 'police');
    check(page.url().endsWith('/mash'), 'the police officer did not land on the hub: ' + page.url());
    const nav = await page.textContent('nav');
    check(!/Find a child|My work|Front door|Performance/.test(nav), 'the partner is offered other pages: ' + nav);
    const text = await main();
    check(text.includes(child.family), 'the hub contact is not listed for the police');
    check(!text.includes(other.family), 'a contact not in the hub is shown to the police');
    check(!text.includes('Waiting, not in the hub'), 'the police see the front door list');
    await axe(page, 'the hub as a partner sees it');
    await page.click(`a[href="/mash/contacts/${child.contact}"]`);
    check(await page.isChecked('input[name=agency][value=police]'), 'the officer\'s agency is not chosen already');
    check(!(await main()).includes('Rate the contact'), 'a partner is offered the rating');
    check(!(await page.locator('a[href^="/children/"]').count()), 'a link to the child\'s record for a partner');
    await page.click('button:has-text("Add the check")');
    check(/what your agency knows/i.test(await fieldError('known')), 'an empty check was not refused beside the field');
    await axe(page, 'agency check with errors');
    await page.fill('#known', 'Two domestic abuse call-outs to the address (March, June). Father on bail.');
    await page.click('button:has-text("Add the check")');
    const after = await page.textContent('#checks');
    check(after.includes('Police') && after.includes('Two domestic abuse call-outs') && after.includes('Pete Constable (demo)'),
          'the police check is not listed: ' + after);
    await shot(page, shots, 'mash-contact');
  }],
  ['the police officer may not see the child\'s record, another contact or any other page', async () => {
    const refused = [`/children/${child.id}`, `/children/${child.id}/chronology`, `/contacts/${child.contact}/decision`,
                     `/mash/contacts/${other.contact}`, `/mash/contacts/${child.contact}/add`, '/front-door', '/my-work',
                     `/search?q=${other.family}`, '/dashboard', '/tasks', '/contacts/new', `/children/${other.id}`];
    for (const path of refused) {
      const res = await page.goto(base + path);
      check(res.status() === 403, `${path}: ${res.status()}, expected 403`);
      const text = await main();
      check(!text.includes(other.family) || path.startsWith('/search'), `${path}: the other child is named`);
      check(!text.includes('bruising') && !text.includes(child.given), `${path}: the hub's child is shown`);
    }
    // a form posted from elsewhere is refused too (the rating is the front door's)
    const csrf = await page.getAttribute('input[name=csrf]', 'value');
    const res = await page.request.post(base + `/mash/contacts/${child.contact}/rating`,
      { form: { csrf, rag: 'green', rag_reason: 'Nothing known' }, maxRedirects: 0 });
    check(res.status() === 403, 'a partner rated the contact: ' + res.status());
  }],
  ['the health visitor adds health\'s check', async () => {
    await signIn(page, 'health');
    await page.goto(base + `/mash/contacts/${child.contact}`);
    check(await page.isChecked('input[name=agency][value=health]'), 'health is not chosen already');
    await page.fill('#known', 'Missed the 2-year review; not registered with a GP since moving.');
    await page.click('button:has-text("Add the check")');
    const after = await page.textContent('#checks');
    check(after.includes('Health') && after.includes('Hana Visitor (demo)') && after.includes('Pete Constable (demo)'),
          'both checks are not listed: ' + after);
  }],
  ['the partners\' views are in the child\'s access log; the hub\'s work in the chronology', async () => {
    await signIn(page, 'admin');
    await page.goto(base + `/children/${child.id}`);
    const text = await main();
    check(text.includes('Pete Constable (demo)') && text.includes('hub contact'), 'the police view is not in the access log');
    check(text.includes('Hana Visitor (demo)'), 'the health view is not in the access log');
    // the hub's work is in the child's chronology
    check(text.includes('Brought into the hub, consent overridden') && text.includes('Police check in the hub') &&
          text.includes('Health check in the hub'), 'the hub is not in the chronology');
  }],
  ['the front door rates the contact red and decides it within the day', async () => {
    await signIn(page, 'frontdoor');
    await page.goto(base + `/mash/contacts/${child.contact}`);
    await page.check('input[name=rag][value=red]');
    await page.click('button:has-text("Save the rating")');
    check(/reason for the rating/i.test(await fieldError('rag_reason')), 'a rating without a reason was not refused');
    // what was typed is kept as a draft: the page opened again shows it
    await page.goto(base + `/mash/contacts/${child.contact}`);
    check(await page.isChecked('input[name=rag][value=red]'), 'the refused rating was not kept as a draft');
    await page.check('input[name=rag][value=red]');
    await page.fill('#rag_reason', 'Police and health information together: risk of significant harm.');
    await page.click('button:has-text("Save the rating")');
    const text = await main();
    check(text.includes('Red') && text.includes('risk of significant harm') && text.includes('By Fran Door (demo)'),
          'the rating is not shown: ' + text.slice(0, 2000));
    await page.click('a:has-text("Make the threshold decision")');
    await page.check('input[value=ADVICE]');
    await setDate(page, 'decision_date', ...now);
    await page.click('button:has-text("Save the decision")');
    await page.goto(base + `/mash/contacts/${child.contact}`);
    check((await main()).includes('within one working day'), 'the decision is not shown against the clock');
  }],
  ['once decided the contact leaves the partners\' sight', async () => {
    await signIn(page, 'police');
    check(!(await main()).includes(child.family), 'a decided contact is still listed for the police');
    const res = await page.goto(base + `/mash/contacts/${child.contact}`);
    check(res.status() === 403 && !(await main()).includes(child.family), 'a decided contact is still open to the police');
  }],
  ['the hub on the dashboard', async () => {
    await signIn(page, 'manager');
    // the dashboard's period from the first of this month to today (the default is the last
    // collection year, before this contact)
    const iso = today().toISOString().slice(0, 10);
    await page.goto(base + `/dashboard?from=${iso.slice(0, 8)}01&to=${iso}`);
    const table = page.locator('#service-mash');
    check(await table.count() === 1, 'no #service-mash table on the dashboard');
    const val = async id => (await table.locator(`tr[data-id=${id}] td`).textContent()).trim();
    check(Number(await val('hub_contacts')) >= 1, 'no contact through the hub: ' + await val('hub_contacts'));
    check(Number(await val('checks_police')) >= 1 && Number(await val('checks_health')) >= 1, 'the checks are not counted');
    check(Number(await val('rated_red')) >= 1, 'the red rating is not counted');
    check(/of \d+/.test(await val('decided_in_time')), 'decided in time has no figure: ' + await val('decided_in_time'));
    await table.scrollIntoViewIfNeeded();
    await shot(page, shots, 'mash-dashboard', false);
  }],
];

await runTests(browser, 'browser mash', steps);
