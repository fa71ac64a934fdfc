// The child as a person in Chromium: three children come through the front door to Sam
// Worker, the first with ethnicity not yet obtained; Sam records the child's ethnicity and
// address (bad input is refused beside the field and nothing is stored); adds an alert and
// ends it early with a reason;
// adds a mother
// and the two others as brother and sister and sees the genogram and the table, a sibling's
// record one click away; a brother known only from the family network is referred and his
// record shows CIN error 4220 (no ethnicity) until Sam records it; a manager finds two
// records of one child, merges them with every contact kept, and confirms the merge.
// axe-core checks every new page.
// Usage: node people.mjs BASE_URL SCREENSHOT_DIR. Prints "browser people: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, fillContact, launch, newPage, runTests, today, dmy, referredChild,
         addDays, referToSam } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const kids = ['Ann', 'Bob', 'Cat'].map(n => ({ given: n + tag, url: '', la: '' }));
const dups = ['Dee', 'Dee'].map(n => ({ given: n + tag, url: '', id: '' }));
const main = () => page.textContent('main');
const born = dmy(addDays(today(), -365 * 7));

async function frontDoor(k, source, family, day = today(), ethnicity = 'WBRI') {
  await page.goto(base + '/contacts/new');
  await fillContact(page, { given: k.given, family, dob: born, date: dmy(day), source, ethnicity,
                            concerns: 'School raised a concern.' });
  await page.click('button:has-text("Save the contact")');
  await page.check('input[value=REFERRAL]');
  await setDate(page, 'decision_date', ...dmy(day));
  await page.selectOption('#need', 'N1');
  await page.click('button:has-text("Save the decision")');
  k.url = referredChild(page);
  check(k.url, 'not back at the front door with the referral: ' + page.url());
  k.id = k.url.replace(/.*\//, '');
}

const steps = [
  ['three children referred and allocated to Sam Worker', async () => {
    for (const k of kids) {
      k.url = await referToSam(page, base, { given: k.given, family: 'People', dob: born, date: dmy(today()), source: '6',
                                             ethnicity: k === kids[0] ? 'NOBT' : 'WBRI', concerns: 'School raised a concern.' });
      k.id = k.url.replace(/.*\//, '');
      k.la = (await page.textContent('.govuk-caption-l')).trim();
    }
  }],
  ['the record says who the child is, the ethnicity not yet obtained', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + kids[0].url);
    const text = await main();
    check(text.includes('Who the child is') && text.includes('Ethnicity'), 'no details section');
    check(text.includes('Information not yet obtained'), 'the ethnicity is not shown as not yet obtained');
    await axe(page, 'child record with details');
  }],
  ['a bad ethnicity and a bad postcode are refused beside the field, nothing stored', async () => {
    await page.goto(base + kids[0].url + '/details?field=ethnicity');
    await axe(page, 'ethnicity form');
    // a code the list does not hold, as a hand-made request would send
    await page.evaluate(() => { const s = document.querySelector('#value'); s.add(new Option('Made up', 'XXXX')); s.value = 'XXXX'; });
    await page.click('button:has-text("Save")');
    check(await page.isVisible('#value-error, .govuk-form-group--error #value'), 'no message beside the field');
    check((await main()).includes('Select') || (await main()).includes('Enter'), 'no message for a made-up ethnicity');
    await axe(page, 'ethnicity form with an error');
    await page.goto(base + kids[0].url + '/addresses/new');
    await axe(page, 'address form');
    await page.fill('#line', '1 Mill Lane, Leeds');
    await page.fill('#postcode', 'NOT A CODE');
    await setDate(page, 'start', ...dmy(today()));
    await page.click('button:has-text("Save")');
    const text = await main();
    check(text.includes('Enter a real postcode'), 'bad postcode not refused: ' + text.slice(0, 400));
    check(await page.inputValue('#line') === '1 Mill Lane, Leeds', 'what was typed is lost');
    await axe(page, 'address form with an error');
    await page.goto(base + kids[0].url + '/details/history');
    check((await main()).includes('No detail has been changed'), 'a refused form stored something');
  }],
  ['the worker records the ethnicity and the address: the change is kept', async () => {
    await page.goto(base + kids[0].url + '/details?field=ethnicity');
    await page.selectOption('#value', 'WBRI');
    await page.click('button:has-text("Save")');
    check(page.url().includes(kids[0].url), 'not back on the record: ' + page.url());
    let text = await main();
    check(text.includes('White: British'), 'ethnicity not shown');
    check(!text.includes('Information not yet obtained'), 'the old ethnicity still shown');
    await page.goto(base + kids[0].url + '/addresses/new');
    await page.fill('#line', '1 Mill Lane, Leeds');
    await page.fill('#postcode', 'ls1 4ap');
    await setDate(page, 'start', ...dmy(today()));
    await page.click('button:has-text("Save")');
    text = await main();
    check(text.includes('1 Mill Lane, Leeds') && text.includes('LS1 4AP'), 'address not shown: ' + text.slice(0, 600));
    await page.goto(base + kids[0].url + '/details/history');
    text = await main();
    check(text.includes('Ethnicity') && text.includes('White: British') && text.includes('Sam Worker'),
          'the change is not in the history: ' + text.slice(0, 600));
    check(text.includes('Address') && text.includes('LS1 4AP'), 'the address is not in the history');
    await axe(page, 'history of changes');
    await shot(page, shots, 'details-history');
  }],
  ['a professional added, then no longer involved', async () => {
    await page.goto(base + kids[0].url + '/professionals/new');
    await axe(page, 'professional form');
    await page.fill('#role', 'Class teacher');
    await page.click('button:has-text("Save")');
    check((await main()).includes("Enter their name"), 'a professional without a name was not refused');
    await page.fill('#name', 'Pat Teacher');
    await page.fill('#agency', 'Mill Lane Primary');
    await setDate(page, 'start', ...dmy(today()));
    await page.click('button:has-text("Save")');
    check((await main()).includes('Pat Teacher'), 'the professional is not on the record');
    await page.click('a:has-text("No longer involved")');
    await axe(page, 'professional end form');
    await setDate(page, 'end', ...dmy(today()));
    await page.click('button:has-text("Save")');
    check(!(await page.textContent('#professionals ~ ul, #professionals ~ p')).includes('Pat Teacher'),
          'the professional is still shown as involved');
  }],
  ['an alert with a reason shows at the top of the record; one without a reason is refused', async () => {
    await page.goto(base + kids[0].url + '/alerts/new');
    await axe(page, 'alert form');
    await page.check('input[name=kind][value=STAFF_RISK]');
    await setDate(page, 'start', ...dmy(today()));
    await page.click('button:has-text("Save")');
    check((await main()).includes('Enter the reason'), 'an alert without a reason was not refused');
    await page.fill('#reason', 'A large dog at the house: <b>ask</b> for it to be shut away');
    await page.click('button:has-text("Save")');
    check(page.url().endsWith(kids[0].url), 'not back on the record: ' + page.url());
    const top = await page.textContent('#person-alerts');
    check(top.includes('Risk to staff') && top.includes('<b>ask</b>'), 'the alert is not at the top: ' + top);
    await axe(page, 'record with an alert');
  }],
  ['the alert ended today with a reason: gone from the top, the reason in the history', async () => {
    await page.click('#person-alerts a:has-text("End this alert")');
    await axe(page, 'alert end form');
    await page.click('button:has-text("End the alert")');
    check((await main()).includes('Enter why the alert is ended'), 'an end without a reason was not refused');
    await axe(page, 'alert end form with an error');
    await page.fill('#reason', 'The dog has been rehomed');
    await page.click('button:has-text("End the alert")');
    check(page.url().endsWith(kids[0].url), 'not back on the record: ' + page.url());
    check(await page.locator('#person-alerts').count() === 0, 'the ended alert is still at the top');
    await page.goto(base + kids[0].url + '/details/history');
    const text = await main();
    check(text.includes('Alert ended') && text.includes('The dog has been rehomed'),
          'the reason is not in the history: ' + text.slice(0, 600));
  }],
  ['a mother and two siblings: the genogram and the table, a sibling one click away', async () => {
    await page.goto(base + kids[0].url + '/family/new');
    await page.selectOption('#kind', 'MOTHER');
    await page.check('input[name=household][value="1"]');
    await page.fill('#given', 'Jo' + tag);
    await page.fill('#family', 'People');
    await page.click('button:has-text("Add")');
    for (const k of kids.slice(1)) {
      await page.goto(base + kids[0].url + '/family/new');
      await page.selectOption('#kind', 'SIBLING');
      await page.check('input[name=household][value="1"]');
      await page.fill('#relative', k.la);
      await page.click('button:has-text("Add")');
      check(page.url().endsWith(kids[0].url), 'sibling not added: ' + (await main()).slice(0, 300));
    }
    const svg = page.locator('svg.hearth-genogram');
    check(await svg.count() === 1, 'no genogram');
    check(await svg.locator('circle').count() >= 1, 'the mother is not drawn as a circle');
    const svgText = await svg.textContent();
    for (const n of ['Jo' + tag, kids[1].given, kids[2].given, kids[0].given])
      check(svgText.includes(n), n + ' not in the genogram');
    const rows = page.locator('#family ~ table tbody tr');
    check(await rows.count() === 3, 'the table does not list three people: ' + await rows.count());
    const table = await page.locator('#family ~ table').first().textContent();
    check(table.includes('Mother') && table.includes('Brother or sister'), 'relationships not in the table');
    await axe(page, 'record with genogram');
    await shot(page, shots, 'genogram');
    await page.click(`svg.hearth-genogram a[href="${kids[1].url}"]`);
    check(page.url().endsWith(kids[1].url), 'the sibling is not one click away: ' + page.url());
    check((await main()).includes(kids[0].given), "the sibling's record does not show the brother or sister");
  }],
  ['a worker of another team may not open or change the details (403)', async () => {
    await signIn(page, 'care.worker'); // Children in Care: not the team holding these children
    for (const p of ['/details?field=ethnicity', '/details', '/details/history', '/addresses/new', '/professionals/new']) {
      const res = await page.goto(base + kids[0].url + p);
      check(res.status() === 403, `another team opened ${p}: ${res.status()}`);
      check(!(await page.content()).includes(kids[0].given), `the child's name is on the refusal of ${p}`);
    }
    await signIn(page, 'social.worker');
    const all = await page.goto(base + kids[0].url + '/details');
    check(all.status() === 200 && (await main()).includes('Change the child'), 'no page of every detail');
    await axe(page, 'every detail');
  }],
  ['a brother known only from the family network is referred: CIN error 4220 until his ethnicity is recorded', async () => {
    // hearth holds him from his sister's family network (a name and a date of birth): when he
    // is referred in his own right, nobody has asked his ethnicity, as in real records
    const dan = { given: 'Dan' + tag };
    await page.goto(base + kids[2].url + '/family/new');
    await page.selectOption('#kind', 'SIBLING');
    await page.check('input[name=household][value="1"]');
    await page.fill('#given', dan.given);
    await page.fill('#family', 'People');
    await setDate(page, 'dob', ...born);
    await page.click('button:has-text("Add")');
    check(page.url().endsWith(kids[2].url), 'brother not added: ' + (await main()).slice(0, 300));
    const href = await page.locator(`svg.hearth-genogram a:has-text("${dan.given}")`).first().getAttribute('href');
    check(/^\/children\/\d+$/.test(href || ''), 'no link to the brother: ' + href);
    dan.id = href.replace(/.*\//, '');
    await signIn(page, 'admin'); // nobody holds him yet: the administrator records the contact
    await page.goto(base + '/contacts/new?child=' + dan.id);
    await setDate(page, 'date', ...dmy(today()));
    await page.selectOption('#source', '2A');
    await page.fill('#concerns', 'School raised a concern about Dan.');
    await page.click('button:has-text("Save the contact")');
    await page.check('input[value=REFERRAL]');
    await setDate(page, 'decision_date', ...dmy(today()));
    await page.selectOption('#need', 'N1');
    await page.click('button:has-text("Save the decision")');
    // the front door goes back to its list; an administrator stays on the record
    dan.url = referredChild(page) || new URL(page.url()).pathname;
    check(dan.url === href && (await main()).includes('Referral'), 'the brother was not referred: ' + page.url());
    await page.goto(base + dan.url);
    await page.selectOption('#worker', { label: 'Sam Worker (demo) (Social worker, Assessment North)' });
    await page.click('button:has-text("Allocate")');
    await signIn(page, 'social.worker');
    await page.goto(base + dan.url);
    let text = await main();
    check(text.includes('CIN census checks') && text.includes('4220'), 'no CIN error 4220 for a child with no ethnicity: ' +
          text.slice(0, 800));
    await page.goto(base + dan.url + '/details?field=ethnicity');
    await page.selectOption('#value', 'WBRI');
    await page.click('button:has-text("Save")');
    check(page.url().includes(dan.url), 'not back on the record: ' + page.url());
    text = await main();
    check(text.includes('White: British'), 'ethnicity not shown');
    check(text.includes('CIN census checks') && !text.includes('4220'), 'CIN error 4220 still there');
  }],
  ['two records of one child found, merged by a manager with every contact and detail kept, and confirmed', async () => {
    await signIn(page, 'frontdoor');
    await frontDoor(dups[0], '6', 'Twice');
    await frontDoor(dups[1], '1A', 'Twice', addDays(today(), -1)); // the same child, referred the day before
    await signIn(page, 'social.worker');
    const refused = await page.goto(base + '/duplicates');
    check(refused.status() === 403, 'a social worker may merge: ' + refused.status());
    await signIn(page, 'admin');
    // what only the record to be merged away holds: its GP practice
    await page.goto(base + dups[1].url + '/details?field=gp');
    await page.fill('#value', 'Elm Street Surgery ' + tag);
    await page.click('button:has-text("Save")');
    check((await main()).includes('Elm Street Surgery ' + tag), 'the GP practice was not recorded');
    await page.goto(base + '/duplicates');
    await axe(page, 'duplicates list');
    const link = page.locator(`a[href="/duplicates/${dups[0].id}/${dups[1].id}"]`);
    check(await link.count() === 1, 'the pair is not proposed: ' + (await main()).slice(0, 600));
    await link.click();
    await axe(page, 'compare two records');
    await page.click('button:has-text("Merge the records")');
    check((await main()).includes('Select the record to keep'), 'merge without choosing not refused');
    await page.check(`input[name=keep][value="${dups[0].id}"]`);
    await page.click('button:has-text("Merge the records")');
    check(page.url().endsWith(dups[0].url), 'not on the kept record: ' + page.url());
    let text = await main();
    check(text.includes(`Record ${dups[1].id} was merged into this one`), 'the merge is not shown');
    check(text.includes('Elm Street Surgery ' + tag), "the merged record's GP practice is not on the kept one");
    await axe(page, 'record after a merge');
    await page.goto(base + `/duplicates/${dups[0].id}/${dups[1].id}`);
    text = await main();
    check(text.includes('2 contacts, 2 referrals') && text.includes('0 contacts, 0 referrals'),
          'events not all moved to the kept record: ' + text.slice(0, 800));
    await page.goto(base + dups[1].url);
    check((await main()).includes('This record was merged into'), 'the merged record does not say so');
    await page.goto(base + dups[0].url);
    await page.click('button:has-text("Confirm the merge")');
    text = await main();
    check(!text.includes('Undo the merge'), 'a confirmed merge can still be undone');
    await page.goto(base + '/duplicates');
    check(await page.locator(`a[href="/duplicates/${dups[0].id}/${dups[1].id}"]`).count() === 0,
          'a merged pair is still proposed');
  }],
];

await runTests(browser, 'browser people', steps);
