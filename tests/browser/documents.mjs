// Documents in Chromium, as the people who use them: a child comes through the front door to
// Sam Worker (Assessment North); Sam attaches a PDF and opens it again (the bytes come back
// whole, as a file to save); Cara of the Children in Care team cannot open it (403) and her
// attempt is in the record's access log for the manager to see. Hostile uploads are refused
// beside the field and store nothing: a page of HTML called .pdf, an empty file, a name with
// path separators and markup, a 2 GB upload declared up front (413 before a byte is read) and
// one streamed without a length (cut off past the limit). The record page never carries a
// document's bytes. axe-core checks every page.
// Usage: node documents.mjs BASE_URL SCREENSHOT_DIR. Prints "browser documents: N passed, N failed".
import net from 'node:net';
import { check, axe, shot, signIn as signInAt, referToSam, setDate, launch, newPage, runTests, today, dmy, addDays } from './common.mjs';

const [base, shots] = process.argv.slice(2);
const signIn = (page, name) => signInAt(page, base, name);

const browser = await launch();
const [ctx, page] = await newPage(browser);
const tag = Array.from(String(Date.now()).slice(-6), d => 'abcdefghij'[d]).join('');
let child = '', twin = '', docUrl = '';

// A small PDF of its own each run (bytes that can be compared when they come back).
const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
  `2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF ${tag}\n`);

async function main() { return page.textContent('main'); }

async function documentCount() {
  await page.goto(base + child + '/documents');
  return page.locator('main table tbody tr').count();
}

async function upload(file) {
  await page.goto(base + child + '/documents/new');
  await page.setInputFiles('#file', file);
  await page.click('button:has-text("Add the document")');
}

// The session cookie and the form's token, for requests sent by hand.
async function session() {
  const cookies = await ctx.cookies(base);
  await page.goto(base + child + '/documents/new');
  const csrf = await page.getAttribute('input[name=csrf]', 'value');
  return { cookie: cookies.map(c => `${c.name}=${c.value}`).join('; '), csrf };
}

// Send raw bytes over a socket: resolves with what came back (maybe nothing) once the server
// closes or stops answering.
function raw(head, body) {
  const u = new URL(base);
  return new Promise(resolve => {
    const s = net.connect(Number(u.port), u.hostname);
    let got = '';
    let done = false;
    const finish = () => { if (!done) { done = true; s.destroy(); resolve(got); } };
    s.on('data', d => { got += d.toString('latin1'); });
    s.on('error', finish);
    s.on('close', finish);
    s.setTimeout(20000, finish);
    s.write(head);
    if (body) body(s, finish);
  });
}

const steps = [
  ['a child referred at the front door and allocated to Sam Worker (and a twin record with no documents)', async () => {
    const made = [];
    for (const given of ['Dora', 'Ezra']) {
      made.push(await referToSam(page, base, { given: given + tag, family: 'Documents', dob: [3, 3, 2016],
                                               date: dmy(today()), source: '6', concerns: 'School raised a concern.' }));
    }
    [child, twin] = made;
  }],
  ['the record has a documents section; the form is accessible', async () => {
    await signIn(page, 'social.worker');
    await page.goto(base + child);
    const text = await main();
    check(text.includes('Documents') && text.includes('No documents have been added'), 'no documents section');
    await page.click('a:has-text("Add a document")');
    check(page.url().endsWith(child + '/documents/new'), 'not on the form: ' + page.url());
    await axe(page, 'add a document form');
  }],
  ['Sam attaches a PDF and opens it again: the same bytes, as a file to save', async () => {
    await upload({ name: 'Referral letter.pdf', mimeType: 'application/pdf', buffer: pdf });
    check(/\/documents\?added=\d+$/.test(page.url()), 'not back on the list: ' + page.url() + ' ' + (await main()).slice(0, 400));
    const text = await main();
    check(text.includes('Referral letter.pdf was added (PDF)'), 'no confirmation: ' + text.slice(0, 400));
    await axe(page, 'documents list');
    await shot(page, shots, 'documents-list');
    docUrl = await page.getAttribute('main table a.govuk-link', 'href');
    check(/\/documents\/\d+$/.test(docUrl), 'no link to the document: ' + docUrl);
    const res = await page.request.get(base + docUrl);
    check(res.status() === 200, 'opening the document: ' + res.status());
    check(res.headers()['content-type'] === 'application/pdf', 'content type ' + res.headers()['content-type']);
    check(/^attachment; filename="Referral letter.pdf"/.test(res.headers()['content-disposition'] || ''),
      'not offered as a file to save: ' + res.headers()['content-disposition']);
    check(Buffer.compare(await res.body(), pdf) === 0, 'the bytes that came back are not the ones added');
    await page.goto(base + child);
    check((await main()).includes('Referral letter.pdf'), 'the record does not list the document');
    await axe(page, 'child record with documents');
  }],
  ['a worker of another team cannot open it (403), and the attempt is logged', async () => {
    const [c2, other] = await newPage(browser);
    await signInAt(other, base, 'care.worker');
    const res = await other.request.get(base + docUrl);
    check(res.status() === 403, 'another team opened the document: ' + res.status());
    check(!(await res.body()).includes(Buffer.from(tag)), 'the refusal carried the document');
    await c2.close();
    const id = docUrl.split('/').pop();
    await signIn(page, 'manager');
    await page.goto(base + child);
    const text = await main();
    check(text.includes(`Cara Carer (demo) (document ${id} refused)`), 'the refusal is not in the access log: ' +
      text.slice(text.indexOf('Who has opened'), text.indexOf('Who has opened') + 800));
    check(text.includes(`Sam Worker (demo) (document ${id})`), 'the opening is not in the access log');
    await signIn(page, 'social.worker');
  }],
  ['a page of HTML called .pdf is refused beside the field, nothing stored', async () => {
    const before = await documentCount();
    await upload({ name: 'minutes.pdf', mimeType: 'application/pdf',
                   buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    check(page.url().endsWith('/documents/new'), 'not back on the form');
    const err = await page.textContent('#file-error');
    check(/must be a PDF/.test(err), 'wrong message: ' + err);
    await axe(page, 'document form with an error');
    // a PNG named .pdf: a real kind, but not the one its name claims
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await upload({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: png });
    check(/called PDF but it is a PNG image/.test(await page.textContent('#file-error')), 'a PNG called .pdf was taken');
    check(await documentCount() === before, 'something was stored');
  }],
  ['an empty file is refused, nothing stored', async () => {
    const before = await documentCount();
    await upload({ name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    const err = await page.textContent('#file-error');
    check(/empty|Select a file/.test(err), 'wrong message: ' + err);
    await page.goto(base + child + '/documents/new');
    await page.click('button:has-text("Add the document")');
    check(/Select a file/.test(await page.textContent('#file-error')), 'no file: no message');
    check(await documentCount() === before, 'something was stored');
  }],
  ['a name with path separators and markup is kept as plain text', async () => {
    await upload({ name: '..\\..\\<img src=x onerror=alert(1)>.pdf', mimeType: 'application/pdf', buffer: pdf });
    check(/added=\d+$/.test(page.url()), 'not stored: ' + (await main()).slice(0, 300));
    check(await page.locator('main img').count() === 0, 'the name became markup');
    const text = await main();
    check(text.includes('<img src=x onerror=alert(1)>.pdf'), 'the name is not shown as text: ' + text.slice(0, 500));
    check(!text.includes('..\\'), 'the path was kept');
    const href = await page.getAttribute('main table a.govuk-link', 'href');
    const res = await page.request.get(base + href);
    const cd = res.headers()['content-disposition'];
    check(!/[\\/]/.test(cd.replace("UTF-8''", '').split('filename*=')[0]), 'a path separator reached the header: ' + cd);
  }],
  ['a 2 GB upload declared up front is refused before it is read (413)', async () => {
    const before = await documentCount();
    const { cookie } = await session();
    const got = await raw(`POST ${child}/documents/new HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n` +
      'Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 2147483648\r\n\r\n',
      s => s.write('--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-1.4\n'));
    check(/^HTTP\/1\.1 413/.test(got), 'not refused with 413: ' + got.slice(0, 200));
    check(await documentCount() === before, 'something was stored');
  }],
  ['an upload streamed without a length is cut off past the limit, nothing stored', async () => {
    const before = await documentCount();
    const { cookie, csrf } = await session();
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    const got = await raw(`POST ${child}/documents/new HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n` +
      'Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n', (s, finish) => {
      const part = (b) => { s.write(b.length.toString(16) + '\r\n'); s.write(b); s.write('\r\n'); };
      part(Buffer.from(`--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n` +
        '--b\r\nContent-Disposition: form-data; name="about"\r\n\r\nchild\r\n' +
        '--b\r\nContent-Disposition: form-data; name="about_id"\r\n\r\n0\r\n' +
        '--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-1.4\n'));
      const more = () => {
        // 64 MB at most: the server must stop it well before
        while (sent < 64) {
          sent++;
          if (s.destroyed) return;
          if (!s.write(chunk.length.toString(16) + '\r\n' + chunk.toString('latin1') + '\r\n', 'latin1')) {
            s.once('drain', more);
            return;
          }
        }
        s.end('0\r\n\r\n');
      };
      more();
    });
    check(!/^HTTP\/1\.1 [23]/.test(got), 'the oversized upload was taken: ' + got.slice(0, 200));
    check(sent < 64, `the server read all ${sent} MB`);
    check(await documentCount() === before, 'something was stored');
  }],
  ['a document attached to a meeting and to a plan is listed on each; their print pages are accessible', async () => {
    const d = dmy(today());
    await page.goto(base + child + '/strategy/new');
    await setDate(page, 'date', ...d);
    await page.fill('#attendees', 'Sam Worker, Children\'s services\nPC Priya Shah, Police');
    await page.check('input[value=S47]');
    await page.click('button:has-text("Save the strategy discussion")');
    await page.goto(base + child + '/meetings');
    await page.click('main a:has-text("Strategy discussion")');
    const meeting = page.url().replace(base, '');
    check((await main()).includes('None attached'), 'no documents part on the meeting');
    await page.click('a:has-text("Attach a document")');
    check((await main()).includes('attached to meeting'), 'the form does not say where it goes');
    await page.setInputFiles('#file', { name: 'Police report.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.click('button:has-text("Add the document")');
    check(/added=\d+$/.test(page.url()), 'not stored: ' + (await main()).slice(0, 300));
    check((await main()).includes('Meeting ' + meeting.split('/').pop()), 'the list does not say what it is about');
    await page.goto(base + meeting);
    check((await main()).includes('Police report.pdf'), 'the meeting does not list its document');
    await axe(page, 'meeting with a document');
    await page.click('a:has-text("The invitation to print")');
    const inv = await main();
    check(inv.includes('You are invited to the Strategy discussion') && inv.includes('PC Priya Shah'), 'no invitation: ' + inv.slice(0, 500));
    await axe(page, 'meeting invitation to print');
    await shot(page, shots, 'meeting-invitation');

    await page.goto(base + child + '/plans/new');
    await page.check('input[value=CIN]');
    await setDate(page, 'start', ...d);
    await page.fill('#needs', 'Support at school.');
    await page.fill('#outcomes', 'Dora attends every day.');
    await page.fill('#action1', 'Meet the school');
    await page.fill('#owner1', 'Sam Worker');
    await setDate(page, 'due1', ...dmy(addDays(today(), 14)));
    await page.selectOption('#status1', 'NOT_STARTED');
    await page.click('button:has-text("Save the plan")');
    check(/\/plans\/\d+$/.test(page.url()), 'not on the plan: ' + page.url() + (await main()).slice(0, 500));
    const plan = page.url().replace(base, '');
    await page.click('a:has-text("Attach a document")');
    await page.setInputFiles('#file', { name: 'Plan signed.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.click('button:has-text("Add the document")');
    await page.goto(base + plan);
    check((await main()).includes('Plan signed.pdf'), 'the plan does not list its document');
    await page.click('a:has-text("The plan to print")');
    const pr = await main();
    check(pr.includes('Child in need plan') && pr.includes('Meet the school'), 'no plan to print: ' + pr.slice(0, 500));
    await axe(page, 'plan to print');
    // a plan that is not this child's: refused, nothing stored
    const before = await documentCount();
    await page.goto(base + child + '/documents/new?about=plan&id=999999');
    await page.setInputFiles('#file', { name: 'Elsewhere.pdf', mimeType: 'application/pdf', buffer: pdf });
    const [resp] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add the document")')]);
    check(resp.status() === 400 && (await main()).includes("not on this child's record"), 'a plan of no one was taken: ' + resp.status());
    check(await documentCount() === before, 'something was stored');
  }],
  ['an assessment to print', async () => {
    await page.goto(base + child + '/assessments/new');
    await setDate(page, 'start', ...dmy(today()));
    await page.click('button:has-text("Start the assessment")');
    await page.click(`a:has-text("Assessment started")`);
    await page.click('a:has-text("The assessment to print")');
    const text = await main();
    check(text.includes('Child and family assessment') && text.includes('Parenting capacity'), 'no assessment: ' + text.slice(0, 500));
    await axe(page, 'assessment to print');
  }],
  ['a 15 MB document on the record: the record page lists it and never carries its bytes', async () => {
    // (how fast the record page is with documents on it is measured by bench/web.mjs, not here)
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(15 * 1024 * 1024, 0x20)]);
    await upload({ name: 'Court bundle.pdf', mimeType: 'application/pdf', buffer: big });
    check(/added=\d+$/.test(page.url()), 'the 15 MB document was not stored: ' + (await main()).slice(0, 300));
    // opened again: streamed a chunk at a time, every byte as it was added
    const bigUrl = child + '/documents/' + page.url().replace(/.*added=/, '');
    const got = await page.request.get(base + bigUrl);
    check(got.status() === 200 && got.headers()['content-length'] === String(big.length),
      'the 15 MB document: ' + got.status() + ' ' + got.headers()['content-length']);
    check(Buffer.compare(await got.body(), big) === 0, 'the 15 MB document came back changed');
    const res = await page.request.get(base + child);
    const body = await res.body();
    check(res.status() === 200, 'record page ' + res.status());
    check(body.length < 512 * 1024, `the record page is ${body.length} bytes: it carries a document's bytes`);
    await page.goto(base + child + '/documents');
    check((await main()).includes('Court bundle.pdf'), 'the 15 MB document is not listed');
  }],
];

await runTests(browser, 'browser documents', steps);
