// Missing children in Chromium, as their social worker would: a boy living at home (never
// looked after) goes missing three times in a few weeks. The missing form, which once
// refused any child not looked after, takes his episodes; it refuses "away from placement"
// for him beside the field and stores nothing; his return is recorded with where he was
// found and the return home interview offered within 72 hours and accepted; the third
// episode puts a repeat-missing alert on his record and a strategy discussion task in the
// worker's list; the dashboard's Missing children table counts him.
// Usage: node missing.mjs BASE_URL SCREENSHOT_DIR. Prints "browser missing: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, launch, newPage, runTests, today, addDays, dmy, referToSam } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const given = 'Max' + tag;
const now = today();
const D = n => dmy(addDays(now, n));
const from = addDays(now, -200);
let child = '';
const before = {};

const main = () => page.textContent('main');
const n = s => parseInt(String(s || '0').replace(/,/g, ''), 10);

async function figures() {
  const [d, m, y] = dmy(from), [td, tm, ty] = dmy(now);
  await page.goto(`${base}/dashboard?from-day=${d}&from-month=${m}&from-year=${y}&to-day=${td}&to-month=${tm}&to-year=${ty}`);
  const out = {};
  for (const row of await page.locator('#service-missing tr[data-id]').all())
    out[await row.getAttribute('data-id')] = (await row.locator('td').textContent()).trim();
  return out;
}

async function episode(start, end, found) {
  await page.goto(base + child + '/missing/new');
  await page.check('input[name=kind][value=M]');
  await setDate(page, 'start', ...start);
  if (end) await setDate(page, 'end', ...end);
  if (found) await page.selectOption('#found', found);
  await page.click('button:has-text("Save the missing episode")');
  check(page.url().endsWith(child), 'episode not saved: ' + (await main()).slice(0, 600));
}

const steps = [
  ['the dashboard has a Missing children table', async () => {
    await signIn(page, 'analyst');
    Object.assign(before, await figures());
    check('children_missing' in before && 'children_missing_looked_after' in before && 'repeat_missing_children' in before,
          'no missing figures: ' + JSON.stringify(before));
  }],
  ['a boy at home referred at the front door and allocated to Sam Worker', async () => {
    child = await referToSam(page, base, { given, family: 'Missing', dob: dmy(addDays(now, -(14 * 365))), date: D(-40),
                              source: '2A', concerns: 'Reported missing by his mother twice this month.' });
  }],
  ['the missing form takes a child not looked after, refusing "away from placement" beside the field', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + child);
    check((await page.textContent('#missing-episodes')).includes('No missing episodes recorded'), 'no missing section');
    await page.click('#missing-episodes >> text=Record a missing episode');
    check(page.url().endsWith('/missing/new'), 'no missing form: ' + page.url());
    await axe(page, 'missing form');
    await page.check('input[name=kind][value=A]');
    await setDate(page, 'start', ...D(-30));
    await setDate(page, 'end', ...D(-29));
    await page.click('button:has-text("Save the missing episode")');
    check(await page.isVisible('#kind-error'), 'no message beside the kind');
    check((await page.textContent('#kind-error')).includes('only a looked-after child can be away'), 'wrong message');
    await axe(page, 'missing form with errors');
    await page.goto(base + child);
    check((await page.textContent('#missing-episodes')).includes('No missing episodes recorded'), 'a refused episode was stored');
    await episode(D(-30), D(-29), 'FRIEND');
    const text = await page.textContent('#missing-episodes');
    check(text.includes('Home') && text.includes("At a friend's address"), 'episode not shown: ' + text);
  }],
  ['the return from home with the interview offered within 72 hours and accepted', async () => {
    await episode(D(-10));
    check((await page.textContent('#missing-episodes')).includes('Missing now from home since'), 'not shown as missing now');
    await page.click('text=Record the return from home and return home interview');
    await axe(page, 'return from home form');
    await setDate(page, 'end', ...D(-12));
    await page.click('button:has-text("Save")');
    check(await page.isVisible('#end-error'), 'a return before he went missing was accepted');
    await setDate(page, 'end', ...D(-9));
    await page.selectOption('#found', 'PUBLIC');
    await page.check('input[name=offered][value="1"]');
    await setDate(page, 'offered_date', ...D(-7));
    await page.check('input[name=accepted][value="1"]');
    await page.click('button:has-text("Save")');
    check(page.url().endsWith(child), 'return not saved: ' + (await main()).slice(0, 600));
    const text = await page.textContent('#missing-episodes');
    check(text.includes('In a public place') && text.includes('(within 72 hours), accepted'), 'return not shown: ' + text);
    const all = await main();
    check(all.includes('Missing from home') && all.includes('Found: In a public place; return home interview offered and accepted'),
          'the episode is not in the chronology');
  }],
  ['the third episode in 90 days: an alert and a strategy discussion task', async () => {
    await episode(D(-2), D(-1), 'HOME');
    const text = await main();
    check(text.includes('Missing 3 times in 90 days'), 'no repeat-missing alert: ' + text.slice(0, 1500));
    check(text.includes('Hold a strategy discussion: missing 3 times in 90 days'), 'no strategy discussion task');
    await axe(page, 'record after repeat missing');
    await shot(page, shots, 'missing-record');
    await page.goto(base + '/tasks');
    check((await main()).includes('Hold a strategy discussion'), 'the task is not in the worker\'s tasks');
  }],
  ['the dashboard counts him, not as looked after', async () => {
    await signIn(page, 'analyst');
    const after = await figures();
    check(n(after.children_missing) === n(before.children_missing) + 1, `children ${before.children_missing} -> ${after.children_missing}`);
    check(after.children_missing_looked_after === before.children_missing_looked_after, 'counted as looked after');
    check(n(after.episodes) === n(before.episodes) + 3, 'episodes not counted');
    check(n(after.repeat_missing_children) === n(before.repeat_missing_children) + 1, 'repeat not counted');
    check(n(after.strategy_discussions_raised) === n(before.strategy_discussions_raised) + 1, 'task not counted');
    await page.locator('#service-missing').scrollIntoViewIfNeeded();
    await shot(page, shots, 'missing-dashboard', false);
  }],
];

await runTests(browser, 'browser missing', steps);
