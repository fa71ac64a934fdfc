// bench/notes.mjs: latency of the pages of one child with thousands of case notes (made by
// bench/notes.sh): the record, the notes list (first and last page), one note, the
// chronology (first page and one deep in the past, by its cursor) and the significant-events
// print page. One client, RUNS requests of each page in turn over keep-alive, after a warm-up;
// prints the fastest, p50, p95 and the slowest in milliseconds, and fails loudly on anything but 200.
// Usage: node bench/notes.mjs BASE_URL CHILD_ID [RUNS]
import http from 'node:http';

const [base, child, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 200);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const url = new URL(base);

function req(method, path, { cookie, body } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (cookie) headers.Cookie = cookie;
    if (body) { headers['Content-Type'] = 'application/x-www-form-urlencoded'; headers['Content-Length'] = Buffer.byteLength(body); }
    const t0 = process.hrtime.bigint();
    const r = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(),
                                    ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    r.on('error', reject);
    if (body) r.write(body);
    r.end();
  });
}

const signin = await req('GET', '/sign-in');
const pre = signin.headers['set-cookie'][0].split(';')[0];
const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(signin.body)[1];
const res = await req('POST', '/sign-in', { cookie: pre, body: `csrf=${csrf}&next=&name=social.worker&password=demo-password` });
if (res.status !== 303) throw new Error('sign-in failed');
const cookie = res.headers['set-cookie'][0].split(';')[0];

const c = `/children/${child}`;
const first = await req('GET', c + '/notes', { cookie });
const pages = Number((/Page 1 of (\d+)/.exec(first.body) || [0, 1])[1]);
const note = /href="(\/children\/\d+\/notes\/\d+)"/.exec(first.body)[1];
// a cursor about half way back: the key of the note 2,500 days ago, as the chronology links it
const deepKey = (2461131 - 2500) * 1440;
const list = [
  ['record', c],
  ['notes, page 1', c + '/notes'],
  [`notes, page ${pages} (last)`, c + `/notes?page=${pages}`],
  ['notes, home visits', c + '/notes?show=home_visit&page=2'],
  ['one note', note],
  ['chronology, newest', c + '/chronology'],
  ['chronology, 7 years back', c + `/chronology?show=all&before=${deepKey}.0.0`],
  ['chronology, significant', c + '/chronology?show=significant'],
  ['print: significant events', c + '/chronology/print'],
];
console.log(`page                          min ms   p50 ms   p95 ms   max ms   KB`);
for (const [name, path] of list) {
  for (let i = 0; i < 5; i++) await req('GET', path, { cookie });
  const ms = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await req('GET', path, { cookie });
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    ms.push(r.ms);
    size = r.body.length;
  }
  ms.sort((a, b) => a - b);
  const q = p => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(1);
  console.log(`${name.padEnd(28)} ${ms[0].toFixed(1).padStart(7)}  ${q(0.5).padStart(7)}  ${q(0.95).padStart(7)}  ${ms[ms.length - 1].toFixed(1).padStart(7)}  ${(size / 1024).toFixed(0).padStart(4)}`);
}
