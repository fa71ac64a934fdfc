// tests/crash/crash.mjs: hearth loses no acknowledged write when the server is killed.
// Starts `hearth serve` on a database, signs in, and has WRITERS concurrent clients record
// contacts through the HTTP interface (POST /contacts/new with the session's CSRF token),
// each carrying a unique marker in its concerns; kills the server with SIGKILL at a random
// moment; restarts it; and checks that every write the server acknowledged (303) is in the
// database and that PRAGMA integrity_check says ok. Repeats KILLS times, then checks the
// access log's hash chain (hearth audit verify).
// On PostgreSQL (HEARTH_TEST_STORE=pg, the server's URI in HEARTH_TEST_PG and the authority
// in HEARTH_LA, as tests/cli/store.sh sets them) the server killed is hearth's, not the
// database's: it proves hearth acknowledges only what PostgreSQL committed.
// A SIGKILL cannot lose what the kernel already holds: what survives a power cut is
// proved by tests/unit/store/test_powerloss.c.
// Usage: node tests/crash/crash.mjs HEARTH_BINARY SCRATCH_DIR KILLS [WRITERS] [MAX_MS]
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [bin, dir, killsArg, writersArg, maxMsArg] = process.argv.slice(2);
const KILLS = Number(killsArg || 10), WRITERS = Number(writersArg || 8), MAX_MS = Number(maxMsArg || 800);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const onPg = process.env.HEARTH_TEST_STORE === 'pg';
const db = onPg ? process.env.HEARTH_TEST_PG : path.join(dir, 'crash.db');
const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' };
const letters = n => { let s = ''; do { s += String.fromCharCode(97 + (n % 26)); n = Math.floor(n / 26); } while (n); return s; };

function fail(msg) { console.log('FAIL: ' + msg); process.exit(1); }

function sql(q) {
  const r = onPg
    ? spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', q], { encoding: 'utf8',
        env: { ...process.env, PGOPTIONS: `-c search_path=la_${process.env.HEARTH_LA} -c client_min_messages=warning` } })
    : spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  if (r.status !== 0) fail(`sql ${q}: ${r.stderr}`);
  return r.stdout;
}

function req(port, method, p, { cookie, body } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (cookie) headers.Cookie = cookie;
    if (body) { headers['Content-Type'] = 'application/x-www-form-urlencoded'; headers['Content-Length'] = Buffer.byteLength(body); }
    const r = http.request({ host: '127.0.0.1', port, path: p, method, headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    r.on('error', reject);
    if (body) r.write(body);
    r.end();
  });
}

function start() {
  return new Promise((resolve, reject) => {
    // on the real date, as an authority runs it: contacts are dated today (whatever the year
    // of the latest code lists hearth knows)
    const p = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--assets', root],
                    { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', d => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ proc: p, port: Number(m[1]) });
    });
    p.stderr.on('data', d => { err += d; });
    p.on('exit', code => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
}

async function signIn(port) {
  const page = await req(port, 'GET', '/sign-in');
  const pre = page.headers['set-cookie'][0].split(';')[0];
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page.body)[1];
  const res = await req(port, 'POST', '/sign-in', { cookie: pre, body: `csrf=${csrf}&next=&name=crash&password=crash-test-password` });
  if (res.status !== 303) fail('sign-in failed: ' + res.status);
  const cookie = res.headers['set-cookie'][0].split(';')[0];
  const form = await req(port, 'GET', '/contacts/new', { cookie });
  const m = /name="csrf" value="([0-9a-f]+)"/.exec(form.body);
  if (!m) fail('no CSRF token on the contact form');
  return { cookie, csrf: m[1] };
}

// setup: a fresh database with one front door worker
if (!onPg) fs.rmSync(db, { force: true });
const add = spawnSync(bin, ['user', 'add', 'crash', '--role', 'front_door', '--team', 'Front Door', '--db', db],
                      { input: 'crash-test-password\n', env, encoding: 'utf8' });
if (add.status !== 0) fail('user add: ' + add.stderr);

const acked = [], views = [];
let attempted = 0, refused = 0;
for (let k = 0; k < KILLS; k++) {
  const { proc, port } = await start();
  const exited = new Promise(r => proc.on('exit', r));
  const s = await signIn(port);
  let dead = false;
  const writer = async w => {
    for (let n = 0; !dead; n++) {
      const marker = `crash-${k}-${w}-${n}`;
      const now = new Date();
      const body = new URLSearchParams({ csrf: s.csrf, child: '', version: '0', 'date-day': String(now.getDate()),
        'date-month': String(now.getMonth() + 1), 'date-year': String(now.getFullYear()), given: 'Crash', family: `K${letters(k)}w${letters(w)}n${letters(n)}`, 'dob-day': '1',
        'dob-month': '1', 'dob-year': '2020', expected: '', sex: 'F', ethnicity: 'NOBT', disability: 'NONE', upn: '', nhs: '', source: '1A',
        concerns: `Recorded by the crash test: ${marker}` }).toString();
      attempted++;
      try {
        const r = await req(port, 'POST', '/contacts/new', { cookie: s.cookie, body });
        if (r.status === 303) {
          acked.push(marker);
          // opening the child's record is a write too: the view is logged before the page is sent
          const id = /\/contacts\/(\d+)\/decision/.exec(r.headers.location)[1];
          const v = await req(port, 'GET', r.headers.location, { cookie: s.cookie });
          if (v.status === 200) views.push(id);
          else if (!dead) fail(`opening ${r.headers.location} gave ${v.status}`);
        } else { refused++; if (!dead) fail(`write ${marker} refused with ${r.status}: ${r.body.slice(0, 300)}`); }
      } catch { return; } // the server died mid-request: not acknowledged
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await new Promise(r => setTimeout(r, 50 + Math.random() * MAX_MS));
  dead = true;
  proc.kill('SIGKILL');
  await exited;
  await Promise.all(writers);
  // after each kill: the database is sound and holds every acknowledged write
  if (!onPg) {
    const ic = sql('PRAGMA integrity_check').trim();
    if (ic !== 'ok') fail(`integrity_check after kill ${k + 1}: ${ic}`);
  }
  const have = new Set(sql("SELECT substr(concerns, 29) FROM contact_note WHERE concerns LIKE 'Recorded by the crash test: %'")
    .split('\n').filter(Boolean));
  for (const m of acked) if (!have.has(m)) fail(`acknowledged write ${m} is missing after kill ${k + 1}`);
  const seen = new Set(sql("SELECT DISTINCT c.id FROM contact c JOIN access_log a ON a.person_id = c.person_id " +
                           "AND a.page = 'threshold decision'").split('\n').filter(Boolean));
  for (const id of views) if (!seen.has(id)) fail(`the logged view of contact ${id} is missing after kill ${k + 1}`);
}
const contacts = Number(sql('SELECT count(*) FROM contact').trim());
const verify = spawnSync(bin, ['audit', 'verify', '--db', db], { env, encoding: 'utf8' });
if (verify.status !== 0) fail('audit verify: ' + verify.stdout + verify.stderr);
console.log(`crash: ${KILLS} kills (SIGKILL), ${attempted} contacts sent, ${acked.length} acknowledged and ` +
            `${views.length} logged views of them acknowledged: all present after every restart, ${contacts} contacts ` +
            `stored${onPg ? ' (PostgreSQL)' : ', integrity_check ok each time'}; ${verify.stdout.trim()}`);
