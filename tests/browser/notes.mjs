// Case notes and the chronology in Chromium, as the people who use them: three siblings come
// through the front door to Sam Worker; Sam records one home visit (Amy seen alone) on all
// three records, after the form refuses bad input beside each field and stores nothing;
// amends it and sees both versions; a stale amendment is refused; the chronology reads in
// plain words and filters by type; the significant events print on a page of their own.
// axe-core checks every page. Usage: node notes.mjs BASE_URL SCREENSHOT_DIR.
// Prints "browser notes: N passed, N failed".
import { check, axe, shot, signIn as signInAt, setDate, referToSam, launch, newPage, runTests } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [, page] = await newPage(browser);
// names of their own each run, so a rerun on the same authority finds these children only
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
const kids = ['Amy', 'Ben', 'Cal'].map(n => ({ given: n + tag, url: '', la: '' }));
let note = '';

async function main() {
  return page.textContent('main');
}

async function fillNote({ kind, date, time, present, seen, alone, body }) {
  if (kind) await page.check(`input[name=kind][value=${kind}]`);
  await setDate(page, 'when', ...date);
  await page.fill('#when-time', time);
  await page.fill('#present', present);
  if (seen !== undefined) await page.check(`input[name=seen][value="${seen}"]`);
  if (alone !== undefined) await page.check(`input[name=alone][value="${alone}"]`);
  await page.fill('#body', body);
}

const visit = 'We met at home.\n\nAmy showed me her room <script>alert(1)</script> and said she feels safe.\nBen was at school.';

const steps = [
  ['three siblings referred at the front door and allocated to Sam Worker', async () => {
    for (const k of kids) {
      k.url = await referToSam(page, base, { given: k.given, family: 'Notes', dob: [1, 6, 2015], date: [5, 1, 2026],
                                             source: '6', concerns: 'Police called to the family home.' });
      k.la = (await page.textContent('.govuk-caption-l')).trim();
    }
    await signIn(page, 'social.worker');
    for (const k of kids.slice(1)) {
      await page.goto(base + kids[0].url + '/family/new');
      await page.selectOption('#kind', 'SIBLING');
      await page.check('input[name=household][value="1"]');
      await page.fill('#relative', k.la);
      await page.click('button:has-text("Add")');
      check(page.url().endsWith(kids[0].url), 'sibling not added: ' + (await main()).slice(0, 300));
    }
  }],
  ['the record has a case notes section and the chronology reads in plain words', async () => {
    await page.goto(base + kids[0].url);
    const text = await main();
    check(text.includes('Case notes') && text.includes('No case notes yet'), 'no case notes section');
    check(text.includes('Contact from the police'), 'contact source still a code: ' + text.slice(0, 2000));
    check(text.includes('Primary need: abuse or neglect (N1)'), 'primary need still a code');
    check(!text.includes('Contact received'), '"Contact received" still shown');
    await axe(page, 'child record with case notes');
  }],
  ['bad input refused beside each field, nothing stored', async () => {
    await page.goto(base + kids[0].url + '/notes/new');
    await axe(page, 'case note form');
    const form = await main();
    check(form.includes(kids[1].given) && form.includes(kids[2].given), 'siblings not offered');
    await fillNote({ date: [1, 4, 2027], time: '25:00', present: '<b>Jo</b>', body: '' });
    await page.click('button:has-text("Save the case note")');
    check((await page.title()).startsWith('Error:'), 'title does not start Error: ' + (await page.title()));
    const expect = { kind: 'Select the type of note', when: 'must be today or in the past',
                     present: 'angle brackets', body: 'Enter the note' };
    for (const [field, msg] of Object.entries(expect)) {
      const beside = await page.textContent(`#${field}-error`);
      check(beside.includes(msg), `"${msg}" not beside ${field}: ${beside}`);
    }
    await axe(page, 'case note form with its errors');
    // an impossible date, a time in the future today, a text too long
    await fillNote({ kind: 'home_visit', date: [30, 2, 2026], time: '10:00', present: 'Jo', seen: 1, alone: 1, body: 'x' });
    await page.click('button:has-text("Save the case note")');
    check((await page.textContent('#when-error')).includes('real date'), 'impossible date accepted');
    await page.fill('#body', 'y'.repeat(60001));
    await setDate(page, 'when', 2, 3, 2026);
    await page.click('button:has-text("Save the case note")');
    check((await page.textContent('#body-error')).includes('60000 characters or fewer'), 'too long a note accepted');
    await page.goto(base + kids[0].url + '/notes');
    check((await main()).includes('There are no case notes'), 'a refused note was stored');
  }],
  ['a home visit, child seen alone, recorded once on three siblings\' records', async () => {
    await page.goto(base + kids[0].url + '/notes/new');
    await fillNote({ kind: 'home_visit', date: [2, 3, 2026], time: '14:30', present: 'Jo Notes (mother), Amy, Ben, Cal',
                     seen: 1, alone: 1, body: visit });
    await page.check(`label:has-text("${kids[1].given}")`);
    await page.check(`label:has-text("${kids[2].given}")`);
    await page.check('input[name=flags][value=significant]');
    await page.click('button:has-text("Save the case note")');
    check(/\/notes\/\d+$/.test(page.url()), 'not on the note: ' + page.url());
    note = page.url().replace(base, '').replace(/^\/children\/\d+/, '');
    const text = await main();
    check(text.includes('Home visit, 2 March 2026 at 14:30'), 'heading: ' + text.slice(0, 400));
    check(text.includes('Child seen alone') && text.includes('Sam Worker (demo)'), 'seen alone or author missing');
    check(text.includes('<script>alert(1)</script>'), 'text not shown as typed');
    check(await page.locator('main .hearth-pre').count() >= 2, 'paragraphs not kept');
    check(text.includes('on the records of 3 children'), 'not on three records');
    await axe(page, 'case note');
    await shot(page, shots, 'case-note');
    for (const k of kids.slice(1)) {
      await page.goto(base + k.url + '/notes');
      const list = await main();
      check(list.includes('Home visit, 2 March 2026 at 14:30') && list.includes('1 note'), `not on ${k.given}'s notes`);
    }
    await axe(page, 'case notes page');
  }],
  ['amended: both versions kept and shown; a stale amendment refused', async () => {
    const [, other] = await newPage(browser);
    await signInAt(other, base, 'social.worker');
    await other.goto(base + kids[0].url + note + '/amend'); // opened now, saved after the amendment below
    await page.goto(base + kids[0].url + note);
    await page.click('a:has-text("Amend the note")');
    await axe(page, 'amend form');
    check((await page.inputValue('#body')).includes('Amy showed me her room'), 'amend form not filled with the note');
    await page.fill('#body', 'We met at home.\n\nCorrected: Amy was seen alone in the garden.');
    await page.click('button:has-text("Save the new version")');
    const text = await main();
    check(text.includes('Version 2 (current)') && text.includes('Version 1'), 'both versions not shown');
    check(text.includes('Corrected: Amy was seen alone in the garden.') && text.includes('Amy showed me her room'),
          'a version\'s text is missing');
    check(text.includes('Amended 1 time'), 'amendment not said');
    await shot(page, shots, 'case-note-versions');
    await other.fill('#body', 'A stale change');
    await other.click('button:has-text("Save the new version")');
    const stale = await other.textContent('#version');
    check(stale.includes('changed this note'), 'stale amendment not refused: ' + stale);
    await axe(other, 'amend form refused as stale');
    await other.close();
    await page.goto(base + kids[0].url + note);
    check(!(await main()).includes('A stale change') && !(await main()).includes('Version 3'), 'the stale amendment was stored');
  }],
  ['the chronology shows the note with its author among the events, and filters', async () => {
    await page.goto(base + kids[0].url + '/chronology');
    let text = await main();
    check(text.includes('Home visit: Child seen alone') && text.includes('by Sam Worker (demo)'), 'note not in the chronology');
    check(text.includes('Contact from the police'), 'events not in the chronology');
    await axe(page, 'chronology');
    await page.selectOption('#show', 'home_visit');
    await page.click('button:has-text("Show")');
    text = await main();
    check(text.includes('Home visit: Child seen alone') && !text.includes('Contact from the police'), 'type filter');
    await page.selectOption('#show', 'events');
    await page.click('button:has-text("Show")');
    text = await main();
    check(!text.includes('Home visit: Child seen alone') && text.includes('Contact from the police'), 'events filter');
    await page.selectOption('#show', 'telephone');
    await page.click('button:has-text("Show")');
    check((await main()).includes('Nothing is recorded yet'), 'telephone filter shows something');
    await axe(page, 'chronology filtered');
  }],
  ['the significant events print on a page of their own with a print stylesheet', async () => {
    await page.goto(base + kids[0].url + '/chronology');
    await page.click('a:has-text("A chronology of significant events to print")');
    const text = await main();
    check(text.includes('Chronology of significant events') && text.includes('Corrected: Amy was seen alone'),
          'significant note not on the print page');
    check(text.includes('Contact from the police'), 'events not on the print page');
    const css = await page.$$eval('link[rel=stylesheet]', ls => ls.map(l => l.getAttribute('href')));
    check(css.includes('/assets/hearth/print.css'), 'no print stylesheet: ' + css);
    check(await page.locator('style, [style]').count() === 0, 'inline style on the print page');
    const res = await page.request.get(base + '/assets/hearth/print.css');
    check(res.status() === 200 && (await res.text()).includes('@media print'), 'print.css not served');
    await page.emulateMedia({ media: 'print' });
    check(!(await page.isVisible('.hearth-noprint')), 'the back link prints');
    await page.emulateMedia({ media: 'screen' });
    await axe(page, 'significant events print page');
    await shot(page, shots, 'chronology-print');
  }],
  ['every view of a note is in the access log', async () => {
    await signIn(page, 'admin');
    await page.goto(base + kids[0].url);
    const id = note.replace(/.*\//, '');
    const text = await main();
    check(text.includes(`(case note ${id})`) && text.includes(`(case note ${id} amend form)`) &&
          text.includes('(significant events chronology)'), 'note views not in the access log');
  }],
  ['a user who may not open the child may not read its notes', async () => {
    await signIn(page, 'care.worker'); // Children in Care: not the team holding these children
    const res = await page.goto(base + kids[0].url + note);
    check(res.status() === 403, 'another team read the note: ' + res.status());
    const list = await page.goto(base + kids[0].url + '/notes');
    check(list.status() === 403, 'another team read the notes page: ' + list.status());
    const chron = await page.goto(base + kids[0].url + '/chronology/print');
    check(chron.status() === 403, 'another team printed the chronology: ' + chron.status());
  }],
];

await runTests(browser, 'browser notes', steps);
