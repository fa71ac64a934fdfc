// Private fostering in Chromium: a school tells the authority that a girl of 12 living at
// home has gone to stay with a family friend. Her social worker records the notification
// (refused beside the field and nothing stored when the carer's names are missing), then
// the first visit within 7 working days with her seen alone; the record shows the
// arrangement, the visit in time and the next one due, and the chronology lists both. The
// team manager finds her in the private fostering list under More; another worker is
// refused the list. Every page is checked with axe-core.
// Usage: node privfost.mjs BASE_URL SCREENSHOT_DIR. Prints "browser privfost: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, referToSam, launch, newPage, runTests, today, addDays, dmy,
         uk } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const given = 'Ada' + tag;
const carer = 'Friend' + tag;
const now = today();
const D = n => dmy(addDays(now, n));
let child = '';

const main = () => page.textContent('main');

const steps = [
  ['a girl at home referred at the front door and allocated to Sam Worker', async () => {
    child = await referToSam(page, base, { given, family: 'Okafor', dob: dmy(addDays(now, -(12 * 365))), date: D(-20),
                                           source: '2A', concerns: 'The school says she is living with a family friend.' });
  }],
  ['the notification: refused beside the field without the carer, then saved', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + child);
    check((await page.textContent('#private-fostering')).includes('No private fostering arrangement recorded'),
          'no private fostering section');
    await page.click('#private-fostering >> text=Record a private fostering notification');
    check(page.url().endsWith('/private-fostering/new'), 'no notification form: ' + page.url());
    await axe(page, 'private fostering notification form');
    await setDate(page, 'notified', ...D(-6));
    await page.check('input[name=notified_by][value=school]');
    await setDate(page, 'began', ...D(-14));
    await page.check('input[name=disabled][value="0"]');
    await page.click('button:has-text("Save the notification")');
    check(await page.isVisible('#carer-error'), 'no message beside the carer: ' + (await main()).slice(0, 800));
    await axe(page, 'private fostering notification with errors');
    await page.goto(base + child);
    check((await page.textContent('#private-fostering')).includes('No private fostering arrangement recorded'),
          'a refused notification was stored');
    await page.goto(base + child + '/private-fostering/new');
    await setDate(page, 'notified', ...D(-6));
    await page.check('input[name=notified_by][value=school]');
    await setDate(page, 'began', ...D(-14));
    await page.check('input[name=disabled][value="0"]');
    await page.fill('#carer', 'Grace');
    await page.fill('#carer_family', carer);
    await page.click('button:has-text("Save the notification")');
    check(page.url().endsWith(child), 'notification not saved: ' + (await main()).slice(0, 800));
    const text = await page.textContent('#private-fostering');
    check(text.includes('A school or college') && text.includes('Grace ' + carer), 'notification not shown: ' + text);
  }],
  ['the first visit, seen alone: in time, the next due in 6 weeks; both in the chronology', async () => {
    await page.click('#private-fostering >> text=Record a visit');
    await axe(page, 'private fostering visit form');
    await setDate(page, 'day', ...D(1));
    await page.check('input[name=seen_alone][value="1"]');
    await page.click('button:has-text("Save the visit")');
    check(await page.isVisible('#day-error'), 'a visit in the future was accepted');
    await setDate(page, 'day', ...D(-3));
    await page.click('button:has-text("Save the visit")');
    check(page.url().endsWith(child), 'visit not saved: ' + (await main()).slice(0, 800));
    const text = await page.textContent('#private-fostering');
    check(text.includes('In time') && text.includes('seen alone'), 'visit not shown in time: ' + text);
    check(text.includes('Due by ' + uk(addDays(now, -3 + 42))), 'next visit not due in 6 weeks: ' + text);
    const all = await main();
    check(all.includes('Private fostering notified') && all.includes('Private fostering: first visit'),
          'not in the chronology');
    await axe(page, 'record with private fostering');
    await page.locator('#private-fostering').scrollIntoViewIfNeeded();
    await shot(page, shots, 'privfost-record', false);
  }],
  ['the manager sees her in the list; a worker may not', async () => {
    await page.goto(base + '/private-fostering');
    check((await main()).includes('for managers and administrators'), 'a worker saw the list');
    await signIn(page, 'manager');
    await page.goto(base + '/more');
    await page.click('text=Private fostering');
    check(page.url().endsWith('/private-fostering'), 'no link under More: ' + page.url());
    const row = page.locator('#privfost-list tr', { hasText: given });
    check(await row.count() === 1, 'not in the list: ' + (await main()).slice(0, 1500));
    check((await row.textContent()).includes(carer), 'carer not in the list');
    await axe(page, 'private fostering list');
    await shot(page, shots, 'privfost-list');
  }],
];

await runTests(browser, 'browser privfost', steps);
