// The voice of the child in Chromium, as the people who use it: a child comes through the
// front door to Sam Worker; Sam records a visit, then, from the visit's page, the child's
// own words (the form refuses nothing to record beside the field, and stores nothing); the
// words are on the visit, on the child's page of their voice and on the record; the manager
// sees the child counted on the dashboard among the children open to the service whose voice
// was recorded in the last three months. axe-core checks every page.
// Usage: node voice.mjs BASE_URL SCREENSHOT_DIR. Prints "browser voice: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, launch, newPage, runTests, referToSam,
         today, dmy } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);
const browser = await launch();
const [, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const child = { given: 'Maya' + tag, url: '' };
let notePath = '', before = null;
const words = 'I like living with Nan. I want to see my dad on Saturdays & not "just sometimes".';

const main = () => page.textContent('main');
// the dashboard's figure as [value, of]
async function openVoice() {
  await page.goto(base + '/dashboard');
  const cell = await page.textContent('#service-voice tr[data-id=open_voice_3_months] td');
  const m = /\(([\d,]+) of ([\d,]+)\)/.exec(cell);
  check(m, 'no figure for the children heard in three months: ' + cell);
  return [Number(m[1].replace(/,/g, '')), Number(m[2].replace(/,/g, ''))];
}

const steps = [
  ['a child referred at the front door and allocated to Sam Worker', async () => {
    await signIn(page, 'manager');
    before = await openVoice();
    child.url = await referToSam(page, base, { given: child.given, family: 'Quovoy', dob: [1, 6, 2014], date: dmy(today()), source: '6',
                              concerns: 'School worried about Maya.' });
  }],
  ['Sam records a visit; the record asks for the child\'s voice', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + child.url);
    const text = await main();
    check(text.includes("The child's voice") && text.includes("Nothing in the child's own words"), 'no voice section');
    await page.goto(base + child.url + '/notes/new');
    await page.check('input[name=kind][value=direct_work]');
    await setDate(page, 'when', ...dmy(today()));
    await page.fill('#when-time', '00:01');
    await page.fill('#present', 'Maya');
    await page.check('input[name=seen][value="1"]');
    await page.check('input[name=alone][value="1"]');
    await page.fill('#body', 'Direct work at school: the three houses.');
    await page.click('button:has-text("Save the case note")');
    check(/\/notes\/\d+$/.test(page.url()), 'note not saved: ' + page.url());
    notePath = page.url().replace(base, '');
    check((await main()).includes("The child's voice"), 'the note does not offer the child\'s voice');
  }],
  ['nothing to record is refused beside the field, and nothing is stored', async () => {
    await page.goto(base + notePath);
    await page.click('a:has-text("Record the child\'s wishes and feelings")');
    await axe(page, 'child voice form');
    check(await page.isChecked('input[name=about]:checked'), 'the visit is not chosen');
    await page.check('input[name=how][value=said]');
    await page.click('button:has-text("Save the child\'s words")');
    check((await page.title()).startsWith('Error:'), 'not refused: ' + (await page.title()));
    check((await page.textContent('#words-error')).includes("Enter the child's own words"), 'no message beside the words');
    await axe(page, 'child voice form with its errors');
    await page.goto(base + child.url + '/voice');
    check((await main()).includes("Nothing in the child's own words has been recorded"), 'a refused form stored the voice');
  }],
  ['the child\'s own words kept on the visit, their page and the record', async () => {
    await page.goto(base + notePath);
    await page.click('a:has-text("Record the child\'s wishes and feelings")');
    await page.check('input[name=how][value=said]');
    await page.fill('#words', words);
    await page.click('button:has-text("Save the child\'s words")');
    check(page.url().endsWith(child.url + '/voice'), 'not on the child\'s voice page: ' + page.url());
    let text = await main();
    check(text.includes(words) && text.includes('Said it to the worker'), 'the words are not shown as said');
    await axe(page, "the child's voice page");
    await shot(page, shots, 'child-voice');
    await page.goto(base + notePath);
    check((await main()).includes(words), 'the words are not on the visit');
    await page.goto(base + child.url);
    text = await main();
    check(text.includes(words), 'the words are not on the record');
    await axe(page, 'record with the child\'s voice');
  }],
  ['the manager sees the child counted on the dashboard', async () => {
    await signIn(page, 'manager');
    const after = await openVoice();
    check(after[0] === before[0] + 1, `children heard: ${before[0]} then ${after[0]}`);
    check(after[1] === before[1] + 1, `children open: ${before[1]} then ${after[1]}`);
    await axe(page, 'dashboard with the voice of the child');
  }],
];

await runTests(browser, 'browser voice', steps);
