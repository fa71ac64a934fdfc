// tests/security/hardening.mjs: the front door's own defences, against a running `hearth serve`
// on a demo authority (tests/cli/t0415-web-hardening.sh starts it with --per-address-limit 8).
//  - sign-in accepts only a pre-sign-in token pair the server issued, not one the client made up;
//  - a sign-in for a name with no account takes as long as a wrong password for a real one;
//  - a request refused access to a child (403) keeps no draft in that child's record: the stage
//    forms, the draft endpoint, a contact or decision about the child, a submit after the
//    session went idle;
//  - a body declared larger than any form is refused at once with 413;
//  - one address holding many connections is cut off at its limit while others are served.
// Usage: node tests/security/hardening.mjs BASE_URL DB
import http from 'node:http';
import net from 'node:net';
import { spawnSync } from 'node:child_process';

const [base, db] = process.argv.slice(2);
const url = new URL(base);
let failures = 0, checks = 0;
const ok = (c, m) => { checks++; if (!c) { failures++; console.log('FAIL: ' + m); } };
const sql = q => {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  if (r.status !== 0) { console.log('sqlite3: ' + r.stderr); process.exit(1); }
  return r.stdout.trim();
};
const agent = new http.Agent({ keepAlive: false });

function req(method, path, { cookie, body, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const t0 = process.hrtime.bigint();
    const r = http.request({ host: url.hostname, port: url.port, path, method, headers, agent, localAddress }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(),
                                    ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}

async function signInPage() {
  const page = await req('GET', '/sign-in');
  return { cookie: page.headers['set-cookie'][0].split(';')[0], csrf: /name="csrf" value="([0-9a-f]+)"/.exec(page.body)[1] };
}
const post = (cookie, csrf, name, password) =>
  req('POST', '/sign-in', { cookie, body: `csrf=${csrf}&next=&name=${name}&password=${encodeURIComponent(password)}` });

async function signIn(name) {
  const p = await signInPage();
  const res = await post(p.cookie, p.csrf, name, 'demo-password');
  if (res.status !== 303) throw new Error(`sign-in failed for ${name}: ${res.status}`);
  const cookie = res.headers['set-cookie'][0].split(';')[0];
  const home = await req('GET', '/my-work', { cookie });
  return { cookie, csrf: /name="csrf" value="([0-9a-f]+)"/.exec(home.body)[1] };
}

// ---- the sign-in form's token: only what the server issued -------------------------------
{
  const made = 'ab'.repeat(32);
  const a = await post(`hearth_pre=${made}`, made, 'social.worker', 'demo-password');
  ok(a.status === 403, `a made-up pre-sign-in token (cookie and form alike) signed in: ${a.status}`);
  ok(!(a.headers['set-cookie'] || []).some(c => c.startsWith('hearth_session=')), 'a made-up token got a session');
  const p1 = await signInPage(), p2 = await signInPage();
  const b = await post(p1.cookie, p2.csrf, 'social.worker', 'demo-password');
  ok(b.status === 403, `halves of two issued pairs signed in: ${b.status}`);
  const c = await post(`hearth_pre=${p1.csrf}`, p1.csrf, 'social.worker', 'demo-password');
  ok(c.status === 403, `the form's token sent as the cookie too signed in: ${c.status}`);
  const d = await post(p1.cookie, p1.csrf, 'social.worker', 'demo-password');
  ok(d.status === 303, `an issued pair was refused: ${d.status}`);
}

// ---- sign-in time: an unknown name costs what a wrong password costs ---------------------
{
  const median = a => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const wrong = [], unknown = [];
  for (let i = 0; i < 3; i++) { // 3 wrong passwords: under the lock-out's 5
    let p = await signInPage();
    const w = await post(p.cookie, p.csrf, 'adviser', 'not-the-password-' + i);
    ok(w.status === 200 && w.body.includes('correct user name and password'), `a wrong password: ${w.status}`);
    wrong.push(w.ms);
    p = await signInPage();
    const u = await post(p.cookie, p.csrf, 'no.such.person' + i, 'not-the-password-' + i);
    ok(u.status === 200 && u.body.includes('correct user name and password'), `an unknown name: ${u.status}`);
    unknown.push(u.ms);
  }
  const w = median(wrong), u = median(unknown);
  console.log(`sign-in refused: wrong password ${w.toFixed(0)} ms, unknown name ${u.toFixed(0)} ms (medians of 3)`);
  ok(u > w * 0.3, `an unknown name is answered faster (${u.toFixed(0)} ms) than a wrong password (${w.toFixed(0)} ms)`);
  ok((await signIn('adviser')).cookie, 'adviser cannot sign in after three wrong passwords');
}

// ---- drafts: a refused request keeps nothing ------------------------------------------------
const teamChild = team => sql(`SELECT p.id FROM person p JOIN case_team ct ON ct.person_id = p.id JOIN team t ` +
  `ON t.id = ct.team_id WHERE t.name = '${team}' AND NOT EXISTS (SELECT 1 FROM restriction r WHERE r.person_id = p.id) ` +
  `AND NOT EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.rec IN ('E11','E12')) ` +
  `AND NOT EXISTS (SELECT 1 FROM allocation a JOIN app_user u ON u.staff_id = a.staff_id WHERE a.person_id = p.id ` +
  `AND a.end_date IS NULL AND coalesce(u.team_id, 0) <> t.id) ORDER BY p.id LIMIT 1`);
const own = teamChild('Assessment North'), other = teamChild('Children in Care');
if (!own || !other) { console.log('no children for the draft checks'); process.exit(1); }
const drafts = word => Number(sql(`SELECT count(*) FROM draft WHERE body LIKE '%${word}%'`));
const sw = await signIn('social.worker');
{
  const body = word => `csrf=${sw.csrf}&version=0&date-day=40&date-month=1&date-year=2026&notes=${word}`;
  const refused = await req('POST', `/children/${other}/visits/new`, { cookie: sw.cookie, body: body('Leakvisitother') });
  ok(refused.status === 403, `another team's child's visit form: ${refused.status}`);
  ok(drafts('Leakvisitother') === 0, "a refused stage form kept a draft in another team's child's record");
  const mine = await req('POST', `/children/${own}/visits/new`, { cookie: sw.cookie, body: body('Keptvisitown') });
  ok(mine.status === 422 || mine.status === 409, `own child's visit form with a wrong date: ${mine.status}`);
  ok(drafts('Keptvisitown') === 1, "the worker's own child's form did not keep its draft");

  const d1 = await req('POST', `/drafts?form=${encodeURIComponent(`/children/${other}/visits/new`)}`,
                       { cookie: sw.cookie, body: `csrf=${sw.csrf}&notes=Leakdraftother` });
  ok(d1.status === 403, `a draft kept by script for another team's child: ${d1.status}`);
  ok(drafts('Leakdraftother') === 0, "the draft endpoint kept a draft in another team's child's record");
  const d2 = await req('POST', `/drafts?form=${encodeURIComponent(`/children/${own}/visits/new`)}`,
                       { cookie: sw.cookie, body: `csrf=${sw.csrf}&notes=Keptdraftown` });
  ok(d2.status === 204 && drafts('Keptdraftown') === 1, `a draft kept by script for the worker's own child: ${d2.status}`);
  const d3 = await req('POST', `/drafts?form=${encodeURIComponent('/contacts/new')}`,
                       { cookie: sw.cookie, body: `csrf=${sw.csrf}&child=${other}&concerns=Leakcontactdraft` });
  ok(d3.status === 403 && drafts('Leakcontactdraft') === 0, `a contact draft about another team's child: ${d3.status}`);

  const c1 = await req('POST', '/contacts/new', { cookie: sw.cookie,
    body: `csrf=${sw.csrf}&child=${other}&version=0&concerns=Leakcontactother` });
  ok(c1.status === 403, `a contact about another team's child: ${c1.status}`);
  ok(drafts('Leakcontactother') === 0, "a refused contact kept a draft naming another team's child");
  const contact = sql(`SELECT coalesce(max(id), 0) FROM contact WHERE person_id = ${other}`);
  if (contact !== '0') {
    const c2 = await req('POST', `/contacts/${contact}/decision`, { cookie: sw.cookie, body: `csrf=${sw.csrf}&version=0&notes=Leakdecision` });
    ok(c2.status === 403, `a decision on another team's child's contact: ${c2.status}`);
    ok(drafts('Leakdecision') === 0, "a refused decision kept a draft");
  }
  // the session goes idle: a submit is kept as a draft only where the worker may write
  const idle = await signIn('social.worker');
  sql(`UPDATE web_session SET last_seen = last_seen - 7200 WHERE user_id = (SELECT id FROM app_user WHERE name = 'social.worker')`);
  const i1 = await req('POST', `/children/${other}/visits/new`, { cookie: idle.cookie, body: `csrf=${idle.csrf}&version=0&notes=Leakidleother` });
  ok(i1.status === 303 && /timeout=1/.test(i1.headers.location || ''), `a submit after the timeout: ${i1.status}`);
  ok(drafts('Leakidleother') === 0, "a submit after the timeout kept a draft in another team's child's record");
  const i2 = await req('POST', `/children/${own}/visits/new`, { cookie: idle.cookie, body: `csrf=${idle.csrf}&version=0&notes=Keptidleown` });
  ok(i2.status === 303 && drafts('Keptidleown') === 1, `a submit after the timeout on the worker's own child lost its draft: ${i2.status}`);
}

// ---- a body declared too large: 413 at once ---------------------------------------------------
{
  const t0 = Date.now();
  const answer = await new Promise(resolve => {
    const s = net.connect({ host: url.hostname, port: Number(url.port) }, () =>
      s.write('POST /sign-in HTTP/1.1\r\nHost: hearth\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
              'Content-Length: 99999999999\r\n\r\nname=a'));
    let got = '';
    s.on('data', d => { got += d; });
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    setTimeout(() => { s.destroy(); resolve(got); }, 5000);
  });
  const ms = Date.now() - t0;
  ok(/^HTTP\/1\.1 413/.test(answer), `Content-Length: 99999999999 was answered ${JSON.stringify(answer.slice(0, 40))}`);
  ok(ms < 3000, `Content-Length: 99999999999 took ${ms} ms to refuse`);
}

// ---- one address holding many connections ----------------------------------------------------
{
  const LIMIT = 8, N = 40;
  const socks = [];
  let opened = 0, cut = 0;
  await Promise.all(Array.from({ length: N }, () => new Promise(resolve => {
    const s = net.connect({ host: url.hostname, port: Number(url.port), localAddress: '127.0.0.2' });
    s.on('connect', () => { opened++; resolve(); });
    s.on('close', () => { cut++; });
    s.on('error', () => resolve());
    socks.push(s);
  })));
  await new Promise(r => setTimeout(r, 1000));
  console.log(`one address opened ${opened} idle connections: ${cut} cut off at once (limit ${LIMIT})`);
  ok(opened === N, `only ${opened} of ${N} connections opened`);
  ok(N - cut <= LIMIT, `one address holds ${N - cut} connections, over the limit of ${LIMIT}`);
  // everyone else is still served, while those are held
  const t0 = Date.now();
  for (let i = 0; i < 5; i++) {
    const r = await req('GET', '/sign-in', { localAddress: '127.0.0.1' });
    ok(r.status === 200, `another client while one address holds its connections: ${r.status}`);
  }
  ok(Date.now() - t0 < 5000, 'another client was kept waiting');
  for (const s of socks) s.destroy();
}

console.log(`hardening: ${checks} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
