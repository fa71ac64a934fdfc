// bench/load.mjs: sustained mixed reads and writes on `hearth serve` over loopback. CLIENTS
// concurrent clients (default 100) over SESSIONS signed-in sessions of the demo roles; each
// request is a write (a contact recorded for a new child, POST /contacts/new with the
// session's CSRF token, then the decision page the redirect names) with probability
// WRITE_SHARE (default 0.2), else a read of one of the session's pages (My work, a child's
// record, search, the front door, the dashboard). Runs SECONDS (default 120); prints the
// throughput, p50/p95/p99 per kind and the errors: any answer but the expected one (200 for
// a page, 303 for a write) or a failed connection. A benchmark to read, never a timed test.
// Usage: node bench/load.mjs BASE_URL [CLIENTS] [SECONDS]
import http from 'node:http';

const [base, clientsArg, secsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg || 100), SECS = Number(secsArg || 120);
const SESSIONS = Number(process.env.SESSIONS || 56), WRITE_SHARE = Number(process.env.WRITE_SHARE || 0.2);
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 10 });
const url = new URL(base);

function req(method, path, { cookie, body } = {}) {
  return new Promise(resolve => {
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
    r.on('error', err => resolve({ status: 0, error: String(err), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    if (body) r.write(body);
    r.end();
  });
}

async function signIn(name) {
  const page = await req('GET', '/sign-in');
  const pre = page.headers['set-cookie'][0].split(';')[0];
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page.body)[1];
  const res = await req('POST', '/sign-in', { cookie: pre, body: `csrf=${csrf}&next=&name=${name}&password=demo-password` });
  if (res.status !== 303) throw new Error('sign-in failed for ' + name);
  return res.headers['set-cookie'][0].split(';')[0];
}

const writers = ['frontdoor', 'social.worker', 'manager', 'admin'];
const users = ['social.worker', 'care.worker', 'manager', 'frontdoor', 'adviser', 'admin', 'analyst'];
const sessions = [];
for (let i = 0; i < SESSIONS; i += 4)
  sessions.push(...await Promise.all([0, 1, 2, 3].filter(k => i + k < SESSIONS)
    .map(k => signIn(users[(i + k) % users.length]).then(c => ({ cookie: c, user: users[(i + k) % users.length] })))));
for (const s of sessions) {
  if (s.user === 'analyst') { s.pages = ['/dashboard']; continue; }
  const mw = await req('GET', '/my-work', { cookie: s.cookie });
  const child = /href="(\/children\/\d+)"/.exec(mw.body);
  s.pages = ['/my-work', '/search?q=2000', '/front-door'];
  if (child) s.pages.push(child[1], child[1]);
  if (s.user === 'manager' || s.user === 'admin') s.pages.push('/dashboard');
  if (writers.includes(s.user)) {
    const form = await req('GET', '/contacts/new', { cookie: s.cookie });
    s.csrf = /name="csrf" value="([0-9a-f]+)"/.exec(form.body)[1];
  }
}
console.log(`${sessions.length} sessions signed in`);

const letters = n => { let s = ''; do { s += String.fromCharCode(97 + (n % 26)); n = Math.floor(n / 26); } while (n); return s; };
const lat = {};
const errs = [];
const end = Date.now() + SECS * 1000;
let total = 0, writes = 0;
const note = (key, r, want) => {
  (lat[key] ||= []).push(r.ms);
  total++;
  if (r.status !== want) errs.push(`${key}: ${r.status} ${r.error || ''}`);
};
await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
  const s = sessions[c % sessions.length];
  for (let i = 0; Date.now() < end; i++) {
    if (s.csrf && Math.random() < WRITE_SHARE) {
      const n = writes++;
      const body = new URLSearchParams({ csrf: s.csrf, child: '', version: '0', 'date-day': '30', 'date-month': '3',
        'date-year': '2026', given: 'Load', family: `Test${letters(n)}`, 'dob-day': '1', 'dob-month': '1',
        'dob-year': '2019', sex: 'U', ethnicity: 'NOBT', disability: 'NONE', source: '1A', concerns: `Recorded by the load test, write ${n}.` }).toString();
      const r = await req('POST', '/contacts/new', { cookie: s.cookie, body });
      note('POST /contacts/new', r, 303);
      if (r.status === 303) note('GET decision', await req('GET', r.headers.location, { cookie: s.cookie }), 200);
      continue;
    }
    const p = s.pages[(c + i) % s.pages.length];
    note('GET ' + p.replace(/\/\d+/g, '/:id').replace(/\?.*/, ''), await req('GET', p, { cookie: s.cookie }), 200);
  }
}));
const q = (a, f) => a[Math.min(a.length - 1, Math.floor(f * a.length))].toFixed(1);
const all = Object.values(lat).flat().sort((x, y) => x - y);
console.log(`${CLIENTS} concurrent clients over ${sessions.length} sessions for ${SECS} s: ${total} requests ` +
            `(${(total / SECS).toFixed(0)}/s), ${writes} contacts written; all requests p50 ${q(all, 0.5)} ms, ` +
            `p95 ${q(all, 0.95)} ms, p99 ${q(all, 0.99)} ms; errors ${errs.length}`);
console.log('request'.padEnd(24), 'count'.padStart(8), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8));
for (const [k, a] of Object.entries(lat).sort()) {
  a.sort((x, y) => x - y);
  console.log(k.padEnd(24), String(a.length).padStart(8), q(a, 0.5).padStart(8), q(a, 0.95).padStart(8), q(a, 0.99).padStart(8));
}
for (const e of errs.slice(0, 10)) console.log('error:', e);
agent.destroy();
process.exit(errs.length ? 1 : 0);
