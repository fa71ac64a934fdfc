// Carers, placements, health and education in Chromium: a manager adds two foster carers to
// the register (a bad postcode refused beside its field, nothing stored); a looked-after
// child is placed with the first and moved to the second (two placements of the same type),
// and the record shows each carer, the weekly cost, the distance from home and whether
// inside the area; an initial health assessment recorded clears its clock (a bad SDQ score
// refused first); the managers' page shows cost by type and provider. axe-core checks every
// new page. Usage: node placements.mjs BASE_URL SCREENSHOT_DIR.
// Prints "browser placements: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, fillContact, launch, newPage, runTests,
         today, addDays, addMonths, dmy, referredChild } from './common.mjs';

const [base, shots] = process.argv.slice(2);
// dated back from today (the server runs on the real date): day 0 the contact, day 40 today
const T0 = addDays(today(), -40);
const D = n => dmy(addDays(T0, n));
const dob = addMonths(T0, -(9 * 12)); // nine: of school age
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
let child = '';
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const given = 'Placed' + tag;
const carerA = 'Ann and Bob Foster ' + tag, carerB = 'Cath Dee ' + tag;

async function main() { return page.textContent('main'); }

async function refused(button, field, text, name) {
  await page.click(`button:has-text("${button}")`);
  const summary = await page.textContent('.govuk-error-summary');
  check(summary.includes(text), `${name}: "${text}" not in the error summary: ${summary}`);
  const beside = await page.textContent(`#${field}-error`);
  check(beside.includes(text), `${name}: "${text}" not beside ${field}: ${beside}`);
  await axe(page, name + ' with its error');
}

// choose the register entry whose label begins with the carer's name
async function pickCarer(name) {
  const value = await page.$eval('#carer', (sel, n) => [...sel.options].find(o => o.text.startsWith(n)).value, name);
  await page.selectOption('#carer', value);
}

async function addCarer(name, postcode, cost) {
  await page.goto(base + '/carers/new');
  await page.check('input[name=kind][value=FOSTER]');
  await page.fill('#name', name);
  await page.fill('#postcode', postcode);
  await page.fill('#capacity', '2');
  await page.fill('#cost', cost);
  await page.click('button:has-text("Add to the register")');
}

const steps = [
  ['a manager adds two foster carers; a bad postcode is refused beside the field and nothing stored', async () => {
    await signIn(page, 'admin');
    await page.goto(base + '/carers/new');
    await axe(page, 'add a carer');
    await page.check('input[name=kind][value=FOSTER]');
    await page.fill('#name', carerA);
    await page.fill('#postcode', 'ME4');
    await page.fill('#capacity', '2');
    await page.fill('#cost', '500');
    await refused('Add to the register', 'postcode', 'Enter a full postcode', 'add a carer');
    await page.goto(base + '/carers');
    check(!(await main()).includes(carerA), 'a refused carer was stored');
    await addCarer(carerA, 'ME4 4AA', '500');
    await addCarer(carerB, 'WR1 1AA', '600');
    check(page.url().endsWith('/carers'), 'not back on the register: ' + page.url());
    const text = await main();
    check(text.includes(carerA) && text.includes(carerB) && text.includes('£600.00'), 'the carers are not in the register');
    await axe(page, 'carers and providers');
  }],
  ['a looked-after child is placed with the first carer: cost, distance and area show', async () => {
    await signIn(page, 'frontdoor');
    await page.goto(base + '/contacts/new');
    await fillContact(page, { given, family: 'Placements', dob: dmy(dob), date: D(0), source: '2A', concerns: 'Placement journey.' });
    await page.click('button:has-text("Save the contact")');
    await page.check('input[value=REFERRAL]');
    await setDate(page, 'decision_date', ...D(0));
    await page.selectOption('#need', 'N1');
    await page.click('button:has-text("Save the decision")');
    child = referredChild(page);
    check(child, 'not back at the front door with the referral: ' + page.url());
    await signIn(page, 'admin');
    await page.goto(base + child + '/looked-after');
    await setDate(page, 'date', ...D(5));
    await page.selectOption('#ls', 'C1');
    await page.selectOption('#cin', 'N1');
    await page.selectOption('#place', 'U6');
    await page.click('button:has-text("Save")');
    let text = await main();
    check(text.includes('The carer or provider of the current placement is not recorded'), 'no placement section');
    check(text.includes('Initial health assessment'), 'no initial health assessment clock');
    check(text.includes('Personal education plan'), 'no PEP clock for a child of nine');
    await page.click('text=Record who the child is placed with');
    await axe(page, 'who the child is placed with');
    await pickCarer(carerA);
    await page.fill('#home_post', 'ME1 2AA');
    await page.click('button:has-text("Save")');
    text = await main();
    check(text.includes(carerA) && text.includes('Weekly cost £500.00'), 'carer and cost not on the record: ' + text.slice(0, 400));
    check(/\d+\.\d miles from home, inside the area/.test(text), 'distance and area not on the record');
  }],
  ['the child moves between two foster placements of two carers (same type)', async () => {
    await page.click('text=Move to another placement');
    await axe(page, 'move to another placement');
    await setDate(page, 'date', ...D(20));
    await page.selectOption('#place', 'U6');
    await page.selectOption('#reason', 'CARPL');
    await pickCarer(carerA);
    await refused('Save the move', 'carer', 'already lives with this carer', 'move');
    await pickCarer(carerB);
    await page.fill('#cost', '650');
    await page.click('button:has-text("Save the move")');
    check(/\/children\/\d+$/.test(page.url()), 'the move was not saved: ' + page.url());
    const text = await main();
    check(text.includes(carerB) && text.includes('Weekly cost £650.00'), 'the new carer and cost not on the record');
    check(/1[0-9]{2}\.\d miles from home, outside the area/.test(text), 'the distance to Worcester not shown');
    check(text.includes(carerA), 'the first placement is not kept');
    await axe(page, 'child record with placements');
    await shot(page, shots, 'child-record-placements');
  }],
  ['a health assessment recorded clears its clock; a bad SDQ score is refused', async () => {
    await page.click('text=Record a health or education check');
    await axe(page, 'record a health check');
    await page.check('input[name=kind][value=SDQ]');
    await setDate(page, 'date', ...D(25));
    await page.fill('#sdq', '41');
    await refused('Save', 'sdq', 'from 0 to 40', 'health check');
    await page.check('input[name=kind][value=IHA]');
    await page.fill('#sdq', '');
    await page.click('button:has-text("Save")');
    const text = await main();
    check(!text.includes('Initial health assessment: '), 'the initial health assessment clock still runs');
    check(text.includes('Initial health assessment'), 'the assessment is not on the record');
  }],
  ['managers see placement cost by type and provider', async () => {
    await page.goto(base + '/placements');
    await axe(page, 'placement costs');
    const text = await main();
    check(text.includes(carerA) && text.includes(carerB), 'both carers not in the cost table');
    check(text.includes('More than 20 miles from home'), 'no distance measure');
    const res = await page.goto(base + '/placements?from-day=31&from-month=2&from-year=2026');
    check(res.status() === 422, 'an impossible date was not refused: ' + res.status());
  }],
];

await runTests(browser, 'browser placements', steps);
