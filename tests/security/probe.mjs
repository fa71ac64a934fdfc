// tests/security/probe.mjs: the authorisation matrix and the hostile-input probes, against
// a running `hearth serve` on a demo authority (tests/cli/t0410-security.sh starts it).
// Matrix: every route of src/web/server.c's table (read from the source, so a new route is
// covered without editing this file) x every demo role x four children: one of the
// worker's own team (OWN), one of another team (OTHER), one restricted to named users with
// the manager named (RESTRICTED) and an adopted child (ADOPTED, restricted by default).
// A user who may not open a child gets 403 or 404, never the child's name, and no access-log
// entry; every page shown about a child (200) is in the access log. Probes: SQL injection
// and script injection (reflected and stored), CSRF, session fixation, path traversal.
// Usage: node tests/security/probe.mjs BASE_URL DB ROOT
import http from 'node:http';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';

const [base, db, root] = process.argv.slice(2);
const url = new URL(base);
let failures = 0, checks = 0;
const fail = m => { failures++; if (failures <= 30) console.log('FAIL: ' + m); };
const ok = (c, m) => { checks++; if (!c) fail(m); };
const sql = q => {
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  if (r.status !== 0) { console.log('sqlite3: ' + r.stderr); process.exit(1); }
  return r.stdout.trim();
};

function req(method, path, { cookie, body, type } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {};
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) {
      headers['Content-Type'] = type || 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const r = http.request({ host: url.hostname, port: url.port, path, method, headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}

async function signIn(name, { fixation } = {}) {
  const page = await req('GET', '/sign-in');
  const pre = page.headers['set-cookie'][0].split(';')[0];
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page.body)[1];
  const cookie = fixation ? `${pre}; hearth_session=${fixation}` : pre;
  const res = await req('POST', '/sign-in', { cookie, body: `csrf=${csrf}&next=&name=${name}&password=demo-password` });
  if (res.status !== 303) throw new Error(`sign-in failed for ${name}: ${res.status}`);
  const session = res.headers['set-cookie'][0].split(';')[0];
  const home = await req('GET', '/my-work', { cookie: session });
  const m = /name="csrf" value="([0-9a-f]+)"/.exec(home.body);
  return { name, cookie: session, csrf: m ? m[1] : '' };
}

// ---- the children --------------------------------------------------------------------
const notAdopted = "NOT EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.rec IN ('E11','E12')) " +
  "AND NOT EXISTS (SELECT 1 FROM restriction r WHERE r.person_id = p.id)";
const teamChild = (team, skip) => sql(`SELECT p.id FROM person p JOIN case_team ct ON ct.person_id = p.id JOIN team t ` +
  `ON t.id = ct.team_id WHERE t.name = '${team}' AND ${notAdopted} AND NOT EXISTS (SELECT 1 FROM allocation a JOIN ` +
  `app_user u ON u.staff_id = a.staff_id WHERE a.person_id = p.id AND a.end_date IS NULL AND coalesce(u.team_id, 0) <> t.id) ` +
  `ORDER BY p.id LIMIT 1 OFFSET ${skip}`);
const kids = {
  OWN: teamChild('Assessment North', 0),
  RESTRICTED: teamChild('Assessment North', 1),
  OTHER: teamChild('Children in Care', 0),
  ADOPTED: sql("SELECT p.id FROM person p WHERE " +
               "EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.rec IN ('E11','E12')) ORDER BY p.id LIMIT 1"),
};
for (const [k, v] of Object.entries(kids)) if (!v) { console.log(`no ${k} child in the demo authority`); process.exit(1); }
// the adopted child is held by the worker's team: only its restriction keeps the team out
sql(`INSERT OR REPLACE INTO case_team (person_id, team_id) SELECT ${kids.ADOPTED}, id FROM team WHERE name = 'Assessment North'`);
const la = id => sql(`SELECT la_child_id FROM person WHERE id = ${id}`);
const hearth = (...args) => spawnSync(process.env.HEARTH, [...args, '--db', db], { encoding: 'utf8' });
let r = hearth('restrict', la(kids.RESTRICTED), '--reason', 'High-profile case (security test)', '--by', 'admin');
if (r.status !== 0) { console.log('restrict: ' + r.stderr); process.exit(1); }
r = hearth('restrict', la(kids.RESTRICTED), '--allow', 'manager', '--by', 'admin');
if (r.status !== 0) { console.log('restrict --allow: ' + r.stderr); process.exit(1); }
// names for the restricted children, so that a list showing them would be caught
sql(`UPDATE person SET given_name = 'Zephyrine', family_name = 'Secretname' WHERE id = ${kids.RESTRICTED}`);
sql(`UPDATE person SET given_name = 'Quillonia', family_name = 'Adoptedname' WHERE id = ${kids.ADOPTED}`);
// what would identify the child on a page: their name when the record has one, else their LAchildID
const names = Object.fromEntries(Object.entries(kids).map(([k, id]) => [k, sql(`SELECT coalesce(family_name, la_child_id) FROM person WHERE id = ${id}`)]));

// who may open which child: the expected matrix
const users = ['frontdoor', 'social.worker', 'care.worker', 'adviser', 'manager', 'iro', 'analyst', 'admin'];
const teamOf = { 'social.worker': 'Assessment North', manager: 'Assessment North', 'care.worker': 'Children in Care' };
function mayOpen(user, kid) {
  if (user === 'analyst') return false;
  if (kid === 'ADOPTED') return false;                    // nobody named
  if (kid === 'RESTRICTED') return user === 'manager';    // the one named user
  const holder = kid === 'OTHER' ? 'Children in Care' : 'Assessment North';
  const allocated = sql(`SELECT count(*) FROM allocation a JOIN app_user u ON u.staff_id = a.staff_id WHERE ` +
                        `u.name = '${user}' AND a.person_id = ${kids[kid]} AND a.end_date IS NULL`) !== '0';
  // a reviewing officer opens the children whose reviews they chair
  const chairs = sql(`SELECT count(*) FROM iro_chair c JOIN app_user u ON u.id = c.user_id WHERE ` +
                     `u.name = '${user}' AND c.person_id = ${kids[kid]}`) !== '0';
  return user === 'admin' || teamOf[user] === holder || allocated || chairs;
}

// ---- the routes ------------------------------------------------------------------------
const src = fs.readFileSync(`${root}/src/web/server.c`, 'utf8');
const routes = [...src.matchAll(/\{\{"(GET|POST)", "([^"]+)", 0\}, (\w+), (\w+)\}/g)].map(m => ({ method: m[1], pattern: m[2], open: m[4].includes('OPEN') }));
if (routes.length < 10) { console.log('could not read the route table'); process.exit(1); }
const childRoutes = routes.filter(x => x.pattern.includes(':n') && !x.pattern.endsWith('/break-glass'));
function fill(pattern, kid) {
  const id = kids[kid];
  let first = true;
  return pattern.replace(/:n/g, () => {
    if (first) {
      first = false;
      if (pattern.startsWith('/contacts/')) return sql(`SELECT coalesce(max(id), 999999999) FROM contact WHERE person_id = ${id}`);
      return id;
    }
    return sql(`SELECT coalesce(max(s.id), 999999999) FROM s47_enquiry s JOIN cin_episode e ON e.id = s.episode_id WHERE e.person_id = ${id}`);
  });
}
const logCount = (user, id) => Number(sql(`SELECT count(*) FROM access_log a JOIN app_user u ON u.id = a.user_id ` +
                                          `WHERE u.name = '${user}' AND a.person_id = ${id}`));
const dataCount = () => sql('SELECT (SELECT count(*) FROM contact) || (SELECT count(*) FROM assessment) || ' +
                            '(SELECT count(*) FROM s47_enquiry) || (SELECT count(*) FROM la_episode) || (SELECT count(*) FROM allocation)');

const sessions = {};
for (const u of users) sessions[u] = await signIn(u);
let matrix = 0, logged = 0;
for (const u of users) {
  const s = sessions[u];
  for (const kid of Object.keys(kids)) {
    const allowed = mayOpen(u, kid);
    for (const rt of childRoutes) {
      const path = fill(rt.pattern, kid);
      const before = logCount(u, kids[kid]), data = dataCount();
      const res = rt.method === 'GET' ? await req('GET', path, { cookie: s.cookie })
                                      : await req('POST', path, { cookie: s.cookie, body: `csrf=${s.csrf}&version=0` });
      matrix++;
      const after = logCount(u, kids[kid]);
      if (!allowed) {
        ok(res.status === 403 || res.status === 404, `${u} ${rt.method} ${path} (${kid}): ${res.status}, expected 403/404`);
        ok(!res.body.includes(names[kid]), `${u} ${rt.method} ${path} (${kid}): the child's name is on the refusal page`);
        ok(after === before, `${u} ${rt.method} ${path} (${kid}): a refused request was logged as a view`);
        if (rt.method === 'POST') ok(dataCount() === data, `${u} POST ${path} (${kid}): a refused request changed records`);
      } else if (rt.method === 'GET' && res.status === 200) {
        ok(after > before, `${u} GET ${path} (${kid}): shown but not in the access log`);
        logged++;
      } else {
        ok(res.status !== 500, `${u} ${rt.method} ${path} (${kid}): 500`);
      }
    }
  }
}
console.log(`matrix: ${users.length} roles x ${Object.keys(kids).length} children x ${childRoutes.length} child routes = ${matrix} requests; ${logged} pages shown, each logged`);

const given = { RESTRICTED: 'Zephyrine', ADOPTED: 'Quillonia' }; // the search echoes its query (the family name), never these
// ---- lists: a restricted record is there (by its LAchildID) with nothing in it -----------
// the team page's allocation log: the manager allocates both restricted children (named for
// one of them) to a worker of the team, so that the log names them
const north = sql("SELECT id FROM team WHERE name = 'Assessment North'");
const swStaff = sql("SELECT staff_id FROM app_user WHERE name = 'social.worker'");
const mgrStaff = sql("SELECT staff_id FROM app_user WHERE name = 'manager'");
for (const k of ['RESTRICTED', 'ADOPTED']) {
  const current = sql(`SELECT coalesce((SELECT staff_id FROM allocation WHERE person_id = ${kids[k]} AND end_date IS NULL ` +
                      `ORDER BY start DESC, id DESC LIMIT 1), 0)`);
  const m = sessions.manager;
  const res = await req('POST', '/team/allocate', { cookie: m.cookie,
    body: `csrf=${m.csrf}&child=${kids[k]}&current=${current}&team=${north}&worker=${current === swStaff ? mgrStaff : swStaff}` });
  ok(res.status === 303, `the manager allocating the ${k} child: ${res.status}`);
}
ok(sql(`SELECT count(*) FROM allocation_log WHERE person_id IN (${kids.RESTRICTED}, ${kids.ADOPTED})`) === '2', 'the allocations are not logged');
const lists = [['social.worker', '/my-work'], ['social.worker', '/search?q=Secretname'], ['admin', '/search?q=Secretname'],
               ['admin', '/search?q=Adoptedname'], ['manager', '/team'], ['admin', `/team?team=${north}`], ['manager', '/my-work'],
               ['admin', '/front-door'], ['manager', '/break-glass'], ['frontdoor', '/front-door']];
for (const [u, path] of lists) {
  const res = await req('GET', path, { cookie: sessions[u].cookie });
  ok(res.status === 200, `${u} ${path}: ${res.status}`);
  for (const k of ['RESTRICTED', 'ADOPTED'])
    if (!mayOpen(u, k)) ok(!res.body.includes(given[k]), `${u} ${path}: the ${k} child's name is listed`);
}
// where a restricted child is listed for someone who may not open it, it says so
for (const [u, path] of [['manager', '/team'], ['admin', `/team?team=${north}`], ['social.worker', '/my-work']]) {
  const res = await req('GET', path, { cookie: sessions[u].cookie });
  ok(res.body.includes('Restricted record'), `${u} ${path}: a restricted child is not shown as "Restricted record"`);
}
{
  const res = await req('GET', '/team', { cookie: sessions.manager.cookie });
  const log = res.body.slice(res.body.indexOf('Recent allocations'));
  ok(log.includes(`/children/${kids.ADOPTED}">Restricted record</a>`), 'the allocation log does not show the adopted child as "Restricted record"');
  ok(log.includes('Zephyrine'), 'the allocation log hides a child from the manager named for it');
}
const adm = await req('GET', '/search?q=Secretname', { cookie: sessions.admin.cookie });
ok(adm.body.includes(la(kids.RESTRICTED)), 'an administrator searching by name is not told a restricted record exists');

// ---- break-glass -------------------------------------------------------------------------
{
  const s = sessions['social.worker'];
  const refused = await req('GET', `/children/${kids.OTHER}`, { cookie: s.cookie });
  ok(refused.status === 403 && /break-glass|reason/i.test(refused.body), 'an out-of-team record should offer break-glass');
  const g = await req('POST', `/children/${kids.OTHER}/break-glass`, { cookie: s.cookie, body: `csrf=${s.csrf}&reason=` });
  ok(g.status === 422 || g.status === 400, `break-glass without a reason: ${g.status}`);
  const g2 = await req('POST', `/children/${kids.OTHER}/break-glass`, { cookie: s.cookie,
    body: `csrf=${s.csrf}&reason=${encodeURIComponent('Police called out of hours about this child')}` });
  ok(g2.status === 303, `break-glass with a reason: ${g2.status}`);
  const open = await req('GET', `/children/${kids.OTHER}`, { cookie: s.cookie });
  ok(open.status === 200 && open.body.includes(names.OTHER), `after break-glass the record opens: ${open.status}`);
  ok(sql(`SELECT count(*) FROM access_log WHERE person_id = ${kids.OTHER} AND reason LIKE 'Police called%'`) !== '0', 'break-glass reason not logged');
  const m = await req('GET', '/break-glass', { cookie: sessions.manager.cookie });
  ok(m.status === 200 && m.body.includes('Police called out of hours'), `the manager's break-glass list: ${m.status}`);
  const w = await req('GET', '/break-glass', { cookie: s.cookie });
  ok(w.status === 403, `a social worker's break-glass list: ${w.status}`);
  const x = await signIn('care.worker');
  hearth('restrict', la(kids.OTHER), '--exclude', 'care.worker', '--reason', 'the child is their nephew (test)', '--by', 'admin');
  const ex = await req('POST', `/children/${kids.OTHER}/break-glass`, { cookie: x.cookie, body: `csrf=${x.csrf}&reason=curious` });
  ok(ex.status === 403, `an excluded member of staff used break-glass: ${ex.status}`);
  const ex2 = await req('GET', `/children/${kids.OTHER}`, { cookie: x.cookie });
  ok(ex2.status === 403 && !ex2.body.includes(names.OTHER), `an excluded member of staff opened the record: ${ex2.status}`);
}

// ---- hostile input -----------------------------------------------------------------------
const admin = sessions.admin;
for (const q of ["' OR 1=1 --", "%' UNION SELECT pw_hash, 1, 1, 1, 1, 1 FROM app_user --", '"; DROP TABLE person; --', "\\' OR ''='"]) {
  const res = await req('GET', '/search?q=' + encodeURIComponent(q), { cookie: admin.cookie });
  ok(res.status === 200, `search ${q}: ${res.status}`);
  ok(!res.body.includes('$argon2id$'), `search ${q}: password hashes in the page`);
}
ok(sql('SELECT count(*) FROM person') !== '0', 'the person table survived');
const xss = '<script>alert(1)</script>';
for (const p of [`/search?q=${encodeURIComponent(xss)}`, `/sign-in?next=${encodeURIComponent('"><script>alert(1)</script>')}`,
                 `/sign-in?timeout=${encodeURIComponent(xss)}`]) {
  const res = await req('GET', p, { cookie: admin.cookie });
  ok(!res.body.includes(xss) && !res.body.includes('"><script>'), `reflected script in ${p}`);
}
{ // stored: markup in a form is refused (and not echoed raw); text with HTML's special characters is stored and shown escaped
  const fd = sessions.frontdoor;
  const form = await req('GET', '/contacts/new', { cookie: fd.cookie });
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(form.body)[1];
  const fields = concerns => new URLSearchParams({ csrf, child: '', version: '0', 'date-day': '30', 'date-month': '3',
    'date-year': '2026', given: 'Probe', family: 'Stored', 'dob-day': '1', 'dob-month': '1', 'dob-year': '2019', sex: 'U', ethnicity: 'NOBT', disability: 'NONE',
    source: '1A', concerns }).toString();
  const before = dataCount();
  const refused = await req('POST', '/contacts/new', { cookie: fd.cookie, body: fields(`Mother said ${xss} and <img src=x onerror=alert(2)>`) });
  ok(refused.status === 422, `markup in the concerns: ${refused.status}`);
  ok(!refused.body.includes(xss) && !refused.body.includes('<img src=x'), 'the refused form echoes markup unescaped');
  ok(dataCount() === before, 'a refused contact changed records');
  const text = `Mother said "stop" & left < 5 mins > 'ok'`;
  const res = await req('POST', '/contacts/new', { cookie: fd.cookie, body: fields(text) });
  ok(res.status === 303, `a contact with quotes and ampersands: ${res.status}`);
  const page = await req('GET', res.headers.location || '/', { cookie: fd.cookie });
  ok(page.status === 200 && page.body.includes('&quot;stop&quot; &amp; left &lt; 5 mins &gt; &#39;ok&#39;'),
     'stored text is not shown escaped on the decision page');
  const bad = await req('POST', '/contacts/new', { cookie: fd.cookie, body: fields('Name test').replace('given=Probe', 'given=%3Cb%3EProbe') });
  ok(bad.status === 422, `a name with markup: ${bad.status}`);
}
// CSRF: every POST route, signed in, without the token and with another session's token
for (const rt of routes.filter(x => x.method === 'POST' && !x.open)) {
  const path = fill(rt.pattern, 'OWN');
  const before = dataCount();
  const a = await req('POST', path, { cookie: admin.cookie, body: 'version=0' });
  const b = await req('POST', path, { cookie: admin.cookie, body: `csrf=${sessions.manager.csrf}&version=0` });
  const c = await req('POST', path, { cookie: admin.cookie, body: `{"csrf":"${admin.csrf}"}`, type: 'application/json' });
  ok(a.status === 403 && b.status === 403, `CSRF on POST ${path}: ${a.status}/${b.status}`);
  ok(c.status === 415 || c.status === 403, `a JSON body on POST ${path}: ${c.status}`);
  ok(dataCount() === before, `CSRF on POST ${path}: records changed`);
}
{ // sign-in form CSRF (double submit): no token, or a token that is not the cookie's
  const res = await req('POST', '/sign-in', { body: 'name=admin&password=demo-password&csrf=' + '0'.repeat(64) });
  ok(res.status === 403, `sign-in without the pre-session cookie: ${res.status}`);
}
{ // session fixation: a token chosen by an attacker is never adopted
  const chosen = 'ab'.repeat(32);
  const s = await signIn('social.worker', { fixation: chosen });
  ok(!s.cookie.includes(chosen), 'sign-in kept a session token chosen by the client');
  const res = await req('GET', '/my-work', { cookie: `hearth_session=${chosen}` });
  ok(res.status === 303 || res.status === 302 || res.status === 401, `the attacker's token opens My work: ${res.status}`);
  // sign-out ends the session on the server, not just in the browser
  const out = await req('POST', '/sign-out', { cookie: s.cookie, body: `csrf=${s.csrf}` });
  ok(out.status === 303, `sign-out: ${out.status}`);
  const again = await req('GET', '/my-work', { cookie: s.cookie });
  ok(again.status !== 200, `a signed-out session still opens My work: ${again.status}`);
}
for (const p of ['/assets/hearth/../../../../etc/passwd', '/assets/hearth/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
                 '/assets/govuk/..%2f..%2f..%2fMakefile', '/assets/hearth/....//....//etc/passwd', '/assets/hearth/%00',
                 '/assets/hearth/..\\..\\Makefile', '/assets/../Makefile', '/children/1/../../etc/passwd']) {
  const res = await req('GET', p, { cookie: admin.cookie });
  ok(res.status === 404 || res.status === 400 || res.status === 403, `path traversal ${p}: ${res.status}`);
  ok(!res.body.includes('root:x:0') && !res.body.includes('PKGS'), `path traversal ${p}: file contents returned`);
}
// ---- sign-in hardening -------------------------------------------------------------------
async function trySignIn(name, password, code = '') {
  const page = await req('GET', '/sign-in');
  const pre = page.headers['set-cookie'][0].split(';')[0];
  const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page.body)[1];
  return req('POST', '/sign-in', { cookie: pre, body: `csrf=${csrf}&next=&name=${name}&password=${encodeURIComponent(password)}&code=${code}` });
}
{ // five wrong passwords lock the account: then even the right one is refused
  for (let i = 0; i < 5; i++) {
    const r1 = await trySignIn('iro', 'not-the-password-' + i);
    ok(r1.status === 200 && r1.body.includes('correct user name and password'), `wrong password ${i + 1}: ${r1.status}`);
  }
  const locked = await trySignIn('iro', 'demo-password');
  ok(locked.status === 200 && /locked/.test(locked.body) && !locked.headers['set-cookie']?.some(c => c.startsWith('hearth_session=')),
     'a locked account signed in with the right password');
  const u = hearth('user', 'unlock', 'iro');
  ok(u.status === 0, 'user unlock');
  ok((await trySignIn('iro', 'demo-password')).status === 303, 'an unlocked account cannot sign in');
}
{ // the second factor: a code is needed, the right one works once, a replay is refused
  const t = hearth('user', 'totp', 'adviser');
  const secret = /secret=([A-Z2-7]+)/.exec(t.stdout)[1];
  const b32 = s => { let bits = '', out = []; for (const c of s) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0');
                     for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2)); return Buffer.from(out); };
  const code = () => { const c = Buffer.alloc(8); c.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
                       const h = crypto.createHmac('sha256', b32(secret)).update(c).digest(); const o = h[h.length - 1] & 15;
                       return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0'); };
  ok((await trySignIn('adviser', 'demo-password')).status === 200, 'signed in without the second factor');
  ok((await trySignIn('adviser', 'demo-password', '000000')).status === 200 || code() === '000000', 'signed in with a wrong code');
  const c = code();
  ok((await trySignIn('adviser', 'demo-password', c)).status === 303, 'the right code was refused');
  ok((await trySignIn('adviser', 'demo-password', c)).status === 200, 'a code was accepted twice (replay)');
  hearth('user', 'totp', 'adviser', '--off');
}
console.log(`security: ${checks} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
