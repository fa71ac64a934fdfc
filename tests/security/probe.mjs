// tests/security/probe.mjs: the authorisation matrix and the hostile-input probes, against
// a running `hearth serve` on a demo authority (tests/cli/t0410-security.sh starts it, on
// SQLite or on PostgreSQL).
// Matrix: every route of src/web/server.c's table that names a child (read from the source,
// so a new route is covered without editing this file) x every demo role x four kinds of
// child: one of the worker's own team (OWN), one of another team (OTHER), one restricted to
// named users with the manager named (RESTRICTED) and an adopted child (ADOPTED, restricted
// by default). Each route is filled with ids of the right kind for that child (a contact id
// for /contacts/:n, the child's own assessment, enquiry, plan or missing episode for the
// routes under /children/:n/...), and for each kind of child the record chosen is one whose
// form is open to it where one exists. A user who may not open the child gets 403 or 404,
// never the child's name, no access-log entry, no record and no draft stored. A user who may
// gets the page about that child: 200 naming the child, logged in the access log (or 409
// when the form does not apply to the child's state: a visit to a child not looked after);
// a POST of an empty form is answered by the form (422 naming the child, or 409; nothing
// stored) or a redirect to the child's record. Probes: SQL injection and script injection (reflected and stored),
// CSRF, session fixation, path traversal.
// Usage: node tests/security/probe.mjs BASE_URL DB ROOT  (DB: a SQLite file, or a
// postgresql:// URI with the authority in $HEARTH_LA)
import http from 'node:http';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

const [base, db, root] = process.argv.slice(2);
const url = new URL(base);
const onPg = db.startsWith('postgres');
let failures = 0, checks = 0;
const fail = m => { failures++; if (failures <= Number(process.env.PROBE_SHOW || 30)) console.log('FAIL: ' + m); };
const ok = (c, m) => { checks++; if (!c) fail(m); };
// SQL on the test's database (portable SQL only: it runs on both stores). On PostgreSQL one
// psql session serves every query (a psql started per query costs a connection each time,
// and the matrix asks thousands): it runs in a worker thread, and the caller waits for its
// answer with Atomics.wait, so that sql() stays a plain function on both stores.
const pg = onPg && (() => {
  const shared = new SharedArrayBuffer(8 + (16 << 20));
  const worker = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const { spawn } = require('node:child_process');
    const p = spawn('psql', ['-X', '-q', '-A', '-t', '-d', workerData.db], { env: { ...process.env,
      PGOPTIONS: '-c search_path=la_' + workerData.la + ' -c client_min_messages=warning' } });
    const ctl = new Int32Array(workerData.shared, 0, 2), buf = new Uint8Array(workerData.shared, 8);
    let out = '', err = '';
    p.stderr.on('data', d => { err += d; });
    p.stdout.on('data', d => {
      out += d;
      const m = /__HEARTH_END__ (\\w+)\\n/.exec(out);
      if (!m) return;
      const bytes = Buffer.from(JSON.stringify({ out: out.slice(0, m.index), failed: m[1] !== 'false', err }));
      out = out.slice(m.index + m[0].length); err = '';
      buf.set(bytes); ctl[1] = bytes.length;
      Atomics.store(ctl, 0, 1); Atomics.notify(ctl, 0);
    });
    parentPort.on('message', q => p.stdin.write(q + ';\\n\\\\echo __HEARTH_END__ :ERROR\\n'));
  `, { eval: true, workerData: { db, la: process.env.HEARTH_LA, shared } });
  worker.unref();
  const ctl = new Int32Array(shared, 0, 2), buf = new Uint8Array(shared, 8);
  return q => {
    Atomics.store(ctl, 0, 0);
    worker.postMessage(q);
    if (Atomics.wait(ctl, 0, 0, 120000) === 'timed-out') return { failed: true, err: 'no answer from psql in 120 s', out: '' };
    return JSON.parse(Buffer.from(buf.slice(0, ctl[1])).toString());
  };
})();
const sql = q => {
  if (pg) {
    const r = pg(q);
    if (r.failed) { console.log(`sql ${q}: ${r.err}`); process.exit(1); }
    return r.out.trim();
  }
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  if (r.status !== 0) { console.log(`sql ${q}: ${r.stderr}`); process.exit(1); }
  return r.stdout.trim();
};
const jdn = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d) / 86400000) + 2440588; // hearth's day numbers

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

// ---- what a request stored -------------------------------------------------------------
// Records: every table of the authority except those that are not records of a child or
// of the service (sessions, sign-in counters, the access log and its chain, drafts), read
// from the database so that a new kind of record is counted without editing this file.
// Drafts are counted on their own: a refused form may keep what was typed as a draft (that
// is not a record), but a request refused for access must store neither.
const notRecords = new Set(['access_log', 'audit_head', 'audit_checkpoint', 'app_user', 'web_session',
                            'security_event', 'draft', 'schema_version', 'setting']);
const recordTables = (onPg
  ? sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'la_${process.env.HEARTH_LA}' ORDER BY 1`)
  : sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"))
  .split('\n').filter(t => t && !notRecords.has(t));
if (!recordTables.includes('contact') || !recordTables.includes('la_visit')) { console.log('could not list the tables'); process.exit(1); }
const recordsSql = recordTables.map(t => `SELECT '${t}:' || count(*) FROM ${t}`).join(' UNION ALL ');
const records = () => sql(recordsSql).split('\n').sort().join(' ');
// the records, the drafts and a user's access-log entries about a child, in one query
function snapshot(user, pid) {
  // a refused attempt to open a document is logged as a refusal ("document N refused"), not a view
  const rows = sql(`SELECT '~log:' || count(*) FROM access_log a JOIN app_user u ON u.id = a.user_id ` +
                   `WHERE u.name = '${user}' AND a.person_id = ${pid} AND a.page NOT LIKE '% refused' ` +
                   `UNION ALL SELECT '~refused:' || count(*) FROM access_log a JOIN app_user u ON u.id = a.user_id ` +
                   `WHERE u.name = '${user}' AND a.person_id = ${pid} AND a.page LIKE '% refused' ` +
                   `UNION ALL SELECT '~drafts:' || count(*) FROM draft ` +
                   `UNION ALL ${recordsSql}`).split('\n').sort();
  const num = k => Number(rows.find(r => r.startsWith(k)).slice(k.length));
  return { log: num('~log:'), refused: num('~refused:'), drafts: num('~drafts:'), records: rows.filter(r => !r.startsWith('~')).join(' ') };
}
// which tables two record counts differ in, for the message
const changed = (a, b) => { const x = new Set(a.split(' ')); return b.split(' ').filter(t => !x.has(t)).join(' '); };

// ---- the children ----------------------------------------------------------------------
const adopted = "EXISTS (SELECT 1 FROM la_episode l WHERE l.person_id = p.id AND l.rec IN ('E11','E12'))";
const notAdopted = `NOT ${adopted} AND NOT EXISTS (SELECT 1 FROM restriction r WHERE r.person_id = p.id)`;
const inTeam = team => `p.id IN (SELECT ct.person_id FROM case_team ct JOIN team t ON t.id = ct.team_id WHERE t.name = '${team}') ` +
  `AND NOT EXISTS (SELECT 1 FROM allocation a JOIN app_user u ON u.staff_id = a.staff_id JOIN team t ON t.name = '${team}' ` +
  `WHERE a.person_id = p.id AND a.end_date IS NULL AND coalesce(u.team_id, 0) <> t.id)`;
const where = {
  OWN: `${inTeam('Assessment North')} AND ${notAdopted}`,
  RESTRICTED: `${inTeam('Assessment North')} AND ${notAdopted}`,
  OTHER: `${inTeam('Children in Care')} AND ${notAdopted}`,
  ADOPTED: adopted,
};
// the record a route's second id (or a /contacts/ route's id) names, by the route's words
const kindOf = pattern => pattern.startsWith('/contacts/') ? 'contact'
  : (/\/children\/:n\/(assessments|icpc|cp-plans|cin-plans|missing|notes|meetings|plans|documents|early-help|missing-home|exploitation|exploitation-support|panels|private-fostering)\/:n/.exec(pattern) || [])[1] || null;
const ofChild = {
  contact: 'SELECT x.id FROM contact x WHERE x.person_id = %',
  assessments: 'SELECT x.id FROM assessment x JOIN cin_episode e ON e.id = x.episode_id WHERE e.person_id = %',
  icpc: 'SELECT x.id FROM s47_enquiry x JOIN cin_episode e ON e.id = x.episode_id WHERE e.person_id = %',
  'cp-plans': 'SELECT x.id FROM cp_plan x JOIN cin_episode e ON e.id = x.episode_id WHERE e.person_id = %',
  'cin-plans': 'SELECT x.id FROM cin_plan x JOIN cin_episode e ON e.id = x.episode_id WHERE e.person_id = %',
  missing: 'SELECT x.id FROM missing_episode x WHERE x.person_id = %',
  // notes the administrator wrote (the demo's workers write their own, which they may amend)
  notes: "SELECT x.id FROM case_note x WHERE x.id IN (SELECT note_id FROM case_note_child WHERE person_id = %) " +
         "AND x.author = (SELECT id FROM app_user WHERE name = 'admin')",
  meetings: 'SELECT x.id FROM meeting x WHERE x.person_id = %',
  plans: 'SELECT x.id FROM child_plan x WHERE x.person_id = %',
  documents: 'SELECT x.id FROM document x WHERE x.person_id = %',
  // an early help episode opened in hearth (an imported one has no page of its own)
  'early-help': 'SELECT x.id FROM early_help x WHERE x.person_id = % AND x.id IN (SELECT early_help_id FROM eh_episode)',
  'missing-home': 'SELECT x.id FROM missing_home x WHERE x.person_id = %',
  exploitation: 'SELECT x.id FROM exploitation_screening x WHERE x.person_id = %',
  // support after a screening that goes on (ended support has nothing to end)
  'exploitation-support': 'SELECT x.id FROM exploitation_support x JOIN exploitation_screening s ON s.id = x.screening_id ' +
                          'WHERE s.person_id = % AND x.end_date IS NULL',
  panels: 'SELECT x.id FROM panel_referral x WHERE x.person_id = %',
  // an arrangement going on (an ended one has nothing left to record)
  'private-fostering': 'SELECT x.id FROM private_fostering x WHERE x.person_id = % AND x.end_date IS NULL',
};
// a record of that kind for the child when it has none (adopted children in the demo have
// no assessments or plans, nobody in Assessment North has gone missing)
const probePdf = Buffer.from('%PDF-1.4\n%%EOF\n');
function ensureRecord(kind, pid) {
  const admin = sql("SELECT id FROM app_user WHERE name = 'admin'");
  const have = sql(ofChild[kind].replace('%', pid) + ' ORDER BY x.id DESC LIMIT 1');
  if (have) return have;
  const day = jdn(2026, 2, 2);
  const episode = () => {
    const e = sql(`SELECT id FROM cin_episode WHERE person_id = ${pid} ORDER BY referral_date DESC LIMIT 1`);
    if (e) return e;
    sql(`INSERT INTO cin_episode (person_id, referral_date, referral_source, primary_need, src_year) VALUES (${pid}, ${day - 30}, '1A', 'N1', 2026)`);
    return sql(`SELECT id FROM cin_episode WHERE person_id = ${pid}`);
  };
  const ins = {
    contact: `INSERT INTO contact (person_id, date, source, src_year) VALUES (${pid}, ${day}, '1A', 2026)`,
    assessments: `INSERT INTO assessment (episode_id, start, src_year) VALUES (${episode()}, ${day}, 2026)`,
    icpc: `INSERT INTO s47_enquiry (episode_id, start, src_year) VALUES (${episode()}, ${day}, 2026)`,
    'cp-plans': `INSERT INTO cp_plan (episode_id, start, initial_category, latest_category, src_year) VALUES (${episode()}, ${day}, 'NEG', 'NEG', 2026)`,
    'cin-plans': `INSERT INTO cin_plan (episode_id, start, src_year) VALUES (${episode()}, ${day}, 2026)`,
    missing: `INSERT INTO missing_episode (person_id, start, kind, src_year) VALUES (${pid}, ${day}, 'M', 2026)`,
    'missing-home': `INSERT INTO missing_home (person_id, start_date, at) VALUES (${pid}, ${day}, 0)`,
    exploitation: `INSERT INTO exploitation_screening (person_id, screened, kinds, factors, score, tool_grade, grade, ` +
                  `judgement, source, contact, victim, route, by_user, at) VALUES (${pid}, ${day}, 'sexual', '', 0, ` +
                  `'low', 'low', 'Probe.', 'SCHOOL', 'UNKNOWN', 0, 'early_help', ${admin}, 0)`,
    meetings: `INSERT INTO meeting (person_id, kind, date, recorded_by, recorded_at) VALUES (${pid}, 'STRATEGY', ${day}, ${admin}, 0)`,
    plans: `INSERT INTO child_plan (person_id, kind, start, needs, outcomes, recorded_by, recorded_at) ` +
           `VALUES (${pid}, 'CIN', ${day}, 'Needs.', 'Outcomes.', ${admin}, 0)`,
    documents: `INSERT INTO document (person_id, about, name, kind, size, sha256, chunks, by_user, at) ` +
               `VALUES (${pid}, 'child', 'probe.pdf', 'pdf', ${probePdf.length}, '${crypto.createHash('sha256').update(probePdf).digest('hex')}', 1, ${admin}, 0)`,
    panels: `INSERT INTO panel_referral (person_id, kind, referred, reason, referred_by, created) ` +
            `VALUES (${pid}, 'edge_of_care', ${day}, 'Probe.', ${admin}, 0)`,
    'private-fostering': `INSERT INTO private_fostering (person_id, notified, notified_by, began, carer_id, disabled, at) ` +
                         `VALUES (${pid}, ${day}, 'school', ${day}, (SELECT min(id) FROM person WHERE id <> ${pid}), 0, 0)`,
  }[kind];
  if (kind === 'early-help') { // open, led by a professional on the child's record
    sql(`INSERT INTO early_help (person_id, start, src_year) VALUES (${pid}, ${day + 1}, 2026)`);
    sql(`INSERT INTO professional (person_id, role, name, agency, contact, start) VALUES (${pid}, 'Lead', 'Probe Lead', ` +
        `'Early help service', '', ${day + 1})`);
    sql(`INSERT INTO eh_episode (early_help_id, opened_from, lead_id, opened_by, opened_at) SELECT ` +
        `(SELECT id FROM early_help WHERE person_id = ${pid} AND start = ${day + 1}), 'direct', max(id), ${admin}, 0 ` +
        `FROM professional WHERE person_id = ${pid}`);
  } else if (kind === 'exploitation-support') { // on the child's screening, made first when none
    const screening = ensureRecord('exploitation', pid);
    sql(`INSERT INTO exploitation_support (screening_id, kind, start_date, by_user, at) VALUES (${screening}, ` +
        `'THERAPEUTIC', ${day}, ${admin}, 0)`);
  } else if (kind === 'notes') {
    const note = sql(`INSERT INTO case_note (version, author, created, oversight) VALUES (1, ${admin}, 0, 0) RETURNING id`);
    sql(`INSERT INTO case_note_version (note_id, version, kind, at_day, at_min, present, body, significant, oversight, by_user, at) ` +
        `VALUES (${note}, 1, 'telephone', ${day}, 600, '', 'A call.', 0, 0, ${admin}, 0)`);
    sql(`INSERT INTO case_note_child (person_id, note_id, at_key, kind, significant) VALUES (${pid}, ${note}, ${day * 1440 + 600}, 'telephone', 0)`);
  } else {
    sql(ins);
  }
  if (kind === 'documents') { // its bytes, as one chunk
    const hex = probePdf.toString('hex');
    sql(`INSERT INTO document_chunk (document_id, seq, data) SELECT max(id), 0, ${onPg ? `'\\x${hex}'::bytea` : `X'${hex}'`} ` +
        `FROM document WHERE person_id = ${pid}`);
  }
  return sql(ofChild[kind].replace('%', pid) + ' ORDER BY x.id DESC LIMIT 1');
}

// ---- the routes --------------------------------------------------------------------------
const src = fs.readFileSync(`${root}/src/web/server.c`, 'utf8');
const routes = [...src.matchAll(/\{\{"(GET|POST)", "([^"]+)", 0\}, (\w+), (\w+)\}/g)].map(m => ({ method: m[1], pattern: m[2],
  open: m[4].includes('OPEN'), partner: m[4].includes('PARTNER') }));
if (routes.length < 10) { console.log('could not read the route table'); process.exit(1); }
// routes whose first id is a child's or a contact's (/break-glass/:n/reviewed names an
// access-log entry: a manager's review, probed below)
const childRoutes = routes.filter(x => /^\/(children|contacts)\/:n/.test(x.pattern) && !x.pattern.endsWith('/break-glass'));
// police: a partner agency's officer in the hub, who may open no child's record at all
const users = ['frontdoor', 'social.worker', 'care.worker', 'adviser', 'manager', 'iro', 'analyst', 'admin', 'police'];
// what a role may do to a child it may open, beyond opening it (else refused with 403)
const roleMay = { '/children/:n/allocate': ['manager', 'admin'],
                  // a file is audited by a team manager or an administrator
                  '/children/:n/audits/new': ['manager', 'admin'],
                  // a note is amended by its author (the administrator, for the notes made here) or a manager
                  '/children/:n/notes/:n/amend': ['manager', 'admin'],
                  // a reviewing officer opens the children whose reviews they chair but does not move them
                  '/children/:n/transfer': users.filter(u => !['frontdoor', 'analyst', 'iro'].includes(u)),
                  // panel meetings, minutes and court dates: managers and administrators
                  '/children/:n/panels/:n/meeting': ['manager', 'admin'],
                  '/children/:n/panels/:n/outcome': ['manager', 'admin'],
                  '/children/:n/panels/:n/proceedings': ['manager', 'admin'],
                  '/children/:n/panels/:n/hearing': ['manager', 'admin'] };
// a route with a second id the matrix cannot fill would be probed with a wrong id: say so
for (const rt of childRoutes)
  if (!kindOf(rt.pattern) && (rt.pattern.match(/:n/g) || []).length > 1) {
    console.log(`FAIL: the matrix does not know what record ${rt.pattern}'s second id names: add it to kindOf and ofChild`);
    process.exit(1);
  }
const fillWith = (pattern, pid, rid) => {
  if (pattern.startsWith('/contacts/')) return pattern.replace(':n', rid);
  let n = 0;
  return pattern.replace(/:n/g, () => (n++ === 0 ? pid : rid));
};

const sessions = {};
for (const u of users) sessions[u] = await signIn(u);

// The base child of each kind (the one the list and break-glass probes use), then for each
// route and kind the child and record it is tried with: for OWN and OTHER the first child
// of the kind (with a record of the route's kind) whose page the administrator is shown
// (200), so that a permitted request meets a form that applies; for RESTRICTED the same
// among the team's other children, restricted afterwards with the manager named.
const pick = (kind, order, not = []) => sql(`SELECT p.id FROM person p WHERE ${where[kind]}` +
  (not.length ? ` AND p.id NOT IN (${not.join(',')})` : '') + ` ORDER BY p.id ${order} LIMIT 1`);
const kids = { OWN: pick('OWN', 'ASC') };
kids.RESTRICTED = pick('RESTRICTED', 'DESC', [kids.OWN]);
kids.OTHER = pick('OTHER', 'ASC');
kids.ADOPTED = pick('ADOPTED', 'ASC');
for (const [k, v] of Object.entries(kids)) if (!v) { console.log(`no ${k} child in the demo authority`); process.exit(1); }
const used = { OWN: new Set([kids.OWN]), RESTRICTED: new Set([kids.RESTRICTED]) };
const target = {}; // `${kid} ${pattern}` -> { pid, rid }
for (const rt of childRoutes) {
  const rk = kindOf(rt.pattern);
  for (const kid of Object.keys(kids)) {
    const key = `${kid} ${rt.pattern}`;
    if (target[key]) continue;
    let choice = null;
    if (kid !== 'ADOPTED') {
      const not = kid === 'RESTRICTED' ? [...used.OWN] : kid === 'OWN' ? [...used.RESTRICTED] : [];
      const cands = sql(`SELECT p.id FROM person p WHERE ${where[kid]}` + (not.length ? ` AND p.id NOT IN (${not.join(',')})` : '') +
        (rk ? ` AND EXISTS (${ofChild[rk].replace('%', 'p.id')})` : '') +
        ` ORDER BY p.id ${kid === 'RESTRICTED' ? 'DESC' : 'ASC'} LIMIT 6`).split('\n').filter(Boolean);
      const getPattern = rt.method === 'GET' ? rt.pattern : (childRoutes.find(x => x.method === 'GET' && x.pattern === rt.pattern) || {}).pattern;
      for (const pid of [kids[kid], ...cands]) {
        if (rk && !sql(ofChild[rk].replace('%', pid))) continue;
        const rid = rk ? sql(ofChild[rk].replace('%', pid) + ' ORDER BY x.id DESC LIMIT 1') : '';
        if (!getPattern) { choice = { pid, rid }; break; }
        const res = await req('GET', fillWith(getPattern, pid, rid), { cookie: sessions.admin.cookie });
        if (res.status === 200) { choice = { pid, rid }; break; }
      }
    }
    if (!choice) choice = { pid: kids[kid], rid: rk ? ensureRecord(rk, kids[kid]) : '' };
    if (used[kid]) used[kid].add(choice.pid);
    target[key] = choice;
    const twin = childRoutes.find(x => x !== rt && x.pattern === rt.pattern);
    if (twin) target[`${kid} ${twin.pattern}`] = choice;
  }
}
// the adopted child is held by the worker's team: only its restriction keeps the team out
sql(`DELETE FROM case_team WHERE person_id = ${kids.ADOPTED}`);
sql(`INSERT INTO case_team (person_id, team_id) SELECT ${kids.ADOPTED}, id FROM team WHERE name = 'Assessment North'`);
const la = id => sql(`SELECT la_child_id FROM person WHERE id = ${id}`);
const hearth = (...args) => spawnSync(process.env.HEARTH, [...args, '--db', db], { encoding: 'utf8' });
for (const pid of used.RESTRICTED) {
  let r = hearth('restrict', la(pid), '--reason', 'High-profile case (security test)', '--by', 'admin');
  if (r.status !== 0) { console.log('restrict: ' + r.stderr); process.exit(1); }
  r = hearth('restrict', la(pid), '--allow', 'manager', '--by', 'admin');
  if (r.status !== 0) { console.log('restrict --allow: ' + r.stderr); process.exit(1); }
  // names for the restricted children, so that a list showing them would be caught
  sql(`UPDATE person SET given_name = 'Zephyrine', family_name = 'Secretname' WHERE id = ${pid}`);
}
sql(`UPDATE person SET given_name = 'Quillonia', family_name = 'Adoptedname' WHERE id = ${kids.ADOPTED}`);
// names for the others (the demo's children have none), so that the page about each is known by it
const letters = n => { let t = ''; n = Number(n); do { t += String.fromCharCode(97 + (n % 26)); n = Math.floor(n / 26); } while (n); return t; };
for (const pid of new Set(Object.entries(target).filter(([k]) => /^(OWN|OTHER) /.test(k)).map(([, t]) => t.pid).concat([kids.OWN, kids.OTHER])))
  sql(`UPDATE person SET given_name = 'Tamsin', family_name = 'Probe${letters(pid)}' WHERE id = ${pid}`);
// what identifies a child on a page: their family name when the record has one, else their LAchildID
const nameOf = id => sql(`SELECT coalesce(family_name, la_child_id) FROM person WHERE id = ${id}`);
const names = Object.fromEntries(Object.entries(kids).map(([k, id]) => [k, nameOf(id)]));

// who may open which child: the expected matrix
const teamOf = { 'social.worker': 'Assessment North', manager: 'Assessment North', 'care.worker': 'Children in Care' };
const allocations = () => new Set(sql(`SELECT u.name || ' ' || a.person_id FROM allocation a JOIN app_user u ` +
                                      `ON u.staff_id = a.staff_id WHERE a.end_date IS NULL`).split('\n'));
let allocatedTo = allocations();
function mayOpen(user, kid, pid) {
  if (user === 'analyst' || user === 'police') return false;
  if (kid === 'ADOPTED') return false;                    // nobody named
  if (kid === 'RESTRICTED') return user === 'manager';    // the one named user
  const holder = kid === 'OTHER' ? 'Children in Care' : 'Assessment North';
  // a reviewing officer opens the children whose reviews they chair
  const chairs = sql(`SELECT count(*) FROM iro_chair c JOIN app_user u ON u.id = c.user_id WHERE ` +
                     `u.name = '${user}' AND c.person_id = ${pid}`) !== '0';
  return user === 'admin' || teamOf[user] === holder || allocatedTo.has(`${user} ${pid}`) || chairs;
}
const fill = (pattern, kid) => { const t = target[`${kid} ${pattern}`]; return t ? fillWith(pattern, t.pid, t.rid) : pattern.replace(/:n/g, kids[kid]); };
const dataCount = records;

const nameCache = {};
let matrix = 0, logged = 0, shown = 0, notApplicable = 0, answered = 0, redirected = 0;
for (const u of users) {
  const s = sessions[u];
  for (const kid of Object.keys(kids)) {
    for (const rt of childRoutes) {
      const { pid } = target[`${kid} ${rt.pattern}`];
      const allowed = mayOpen(u, kid, pid) && (!roleMay[rt.pattern] || roleMay[rt.pattern].includes(u));
      const name = nameCache[pid] ??= nameOf(pid);
      const path = fill(rt.pattern, kid);
      const what = `${u} ${rt.method} ${path} (${kid})`;
      const was = snapshot(u, pid);
      const res = rt.method === 'GET' ? await req('GET', path, { cookie: s.cookie })
                                      : await req('POST', path, { cookie: s.cookie, body: `csrf=${s.csrf}&version=0` });
      matrix++;
      const is = snapshot(u, pid);
      if (!allowed) {
        ok(res.status === 403 || res.status === 404, `${what}: ${res.status}, expected 403/404`);
        ok(!res.body.includes(name), `${what}: the child's name is on the refusal page`);
        ok(is.log === was.log, `${what}: a refused request was logged as a view`);
        ok(is.records === was.records, `${what}: a refused request stored records (${changed(was.records, is.records)})`);
        ok(is.drafts === was.drafts, `${what}: a refused request stored a draft`);
        // (a partner officer is refused every route outside the hub before any record is read)
        if (/\/documents\/:n$/.test(rt.pattern) && res.status === 403 && u !== 'police')
          ok(is.refused > was.refused, `${what}: a refused opening of a document is not in the access log`);
      } else if (rt.method === 'GET') {
        // the page about this child, logged
        ok(res.status === 200 || res.status === 409, `${what}: ${res.status}, expected the page (200, or 409 when the form does not apply)`);
        // a document opened is the file itself, offered to save: it names no one
        const file = /\/documents\/:n$/.test(rt.pattern);
        if (res.status === 200 && !file) ok(res.body.includes(name), `${what}: the page does not name the child (${name})`);
        if (res.status === 200 && file) ok(/^attachment;/.test(res.headers['content-disposition'] || ''), `${what}: a document not offered as a file`);
        if (res.status === 200) { shown++; ok(is.log > was.log, `${what}: shown but not in the access log`); logged++; }
        else notApplicable++;
      } else {
        // an empty form: answered by the form again (nothing stored), or done (a redirect to the child)
        ok([303, 409, 422].includes(res.status), `${what}: ${res.status}, expected 422/409 (the form answers) or 303`);
        if (res.status === 303) {
          redirected++;
          allocatedTo = allocations(); // a form done may have allocated the child
          ok((res.headers.location || '').includes(`/children/${pid}`) || (res.headers.location || '').startsWith('/contacts/'),
             `${what}: redirected to ${res.headers.location}, not the child's record`);
        } else {
          answered++;
          if (res.status === 422) ok(res.body.includes(name), `${what}: the refused form does not name the child (${name})`);
          ok(is.records === was.records, `${what}: a refused form stored records (${changed(was.records, is.records)})`);
        }
      }
    }
  }
}
console.log(`matrix: ${users.length} roles x ${Object.keys(kids).length} children x ${childRoutes.length} child routes = ${matrix} requests, ` +
            `each with ids of the route's kind; permitted: ${shown} pages shown (each logged), ${notApplicable} forms not open to ` +
            `the child's state (409), ${answered} empty forms refused (422/409), ${redirected} done (303)`);
ok(shown >= childRoutes.filter(x => x.method === 'GET').length * 2, `only ${shown} permitted pages were shown`);

// ---- pages for managers and administrators only: the panels' list and the money pages ----
// (no child in them): 200 for a manager and an administrator, 403 for every other role; an
// empty form posted by someone allowed is refused (422), by anyone else 403; neither stores
const managersOnly = [['GET', '/panels'], ['GET', '/private-fostering'], ['GET', '/money'], ['POST', '/money/unit-costs'], ['POST', '/money/budget']];
for (const [method, path] of managersOnly) {
  ok(routes.some(x => x.method === method && x.pattern === path), `${method} ${path} is not in the route table`);
  for (const u of users) {
    const s = sessions[u], allowed = u === 'manager' || u === 'admin';
    const was = records();
    const res = method === 'GET' ? await req('GET', path, { cookie: s.cookie })
                                 : await req('POST', path, { cookie: s.cookie, body: `csrf=${s.csrf}` });
    ok(res.status === (allowed ? (method === 'GET' ? 200 : 422) : 403), `${u} ${method} ${path}: ${res.status}`);
    ok(records() === was, `${u} ${method} ${path}: stored records`);
  }
}
// the minutes of a panel meeting: on the referral's page for managers and administrators only
{
  const pid = kids.OWN, admin = sql("SELECT id FROM app_user WHERE name = 'admin'");
  const rid = sql(`INSERT INTO panel_referral (person_id, kind, referred, reason, referred_by, created) ` +
                  `VALUES (${pid}, 'support_solution', ${jdn(2026, 1, 5)}, 'Plan over 18 months.', ${admin}, 0) RETURNING id`);
  sql(`INSERT INTO panel_meeting (referral_id, day, decision, minutes, recorded_by, created) ` +
      `VALUES (${rid}, ${jdn(2026, 1, 20)}, 'continue', 'Probeminutes of the panel.', ${admin}, 0)`);
  for (const u of users) {
    if (!mayOpen(u, 'OWN', pid)) continue;
    const res = await req('GET', `/children/${pid}/panels/${rid}`, { cookie: sessions[u].cookie });
    ok(res.status === 200, `${u} the panel referral: ${res.status}`);
    ok(res.body.includes('Probeminutes') === (u === 'manager' || u === 'admin'),
       `${u} the panel referral: minutes ${res.body.includes('Probeminutes') ? 'shown' : 'not shown'}`);
  }
}
// ---- the hub: a partner officer sees a waiting contact in the hub, and nothing else ------
// Each kind of child gets a contact waiting for its decision, brought into the hub. The
// police officer may open the hub's page of a contact (and post a check) only for a child
// whose record is not restricted; never the rating or bringing a contact in (the front
// door's), never any other route of the table (not marked PARTNER). Staff reach the hub's
// pages as they reach the child's record, the rating and bringing in for the front door,
// managers and administrators only.
{
  const adminId = sql("SELECT id FROM app_user WHERE name = 'admin'");
  const hubContact = {};
  for (const [kid, pid] of Object.entries(kids)) {
    sql(`INSERT INTO contact (person_id, date, source, src_year) VALUES (${pid}, ${jdn(2026, 3, 30)}, '1D', 2026)`);
    hubContact[kid] = sql(`SELECT id FROM contact WHERE person_id = ${pid} AND date = ${jdn(2026, 3, 30)} AND source = '1D'`);
    sql(`INSERT INTO mash_contact (contact_id, added_by, added_at, consent, consent_note) VALUES (${hubContact[kid]}, ${adminId}, 0, 'given', 'Probe')`);
  }
  const hubRoutes = routes.filter(x => x.pattern.startsWith('/mash/contacts/:n'));
  ok(hubRoutes.length >= 4, `only ${hubRoutes.length} hub routes`);
  const manages = ['frontdoor', 'manager', 'admin'];
  let hub = 0;
  for (const u of users) {
    const s = sessions[u];
    for (const kid of Object.keys(kids)) {
      const pid = kids[kid];
      for (const rt of hubRoutes) {
        const staffOnly = /\/(rating|add)$/.test(rt.pattern);
        const allowed = u === 'police' ? !staffOnly && (kid === 'OWN' || kid === 'OTHER')
          : mayOpen(u, kid, pid) && (!staffOnly || manages.includes(u));
        const path = rt.pattern.replace(':n', hubContact[kid]);
        const what = `${u} ${rt.method} ${path} (hub, ${kid})`;
        const name = nameOf(pid);
        const was = snapshot(u, pid);
        const res = rt.method === 'GET' ? await req('GET', path, { cookie: s.cookie })
                                        : await req('POST', path, { cookie: s.cookie, body: `csrf=${s.csrf}` });
        const is = snapshot(u, pid);
        hub++;
        if (!allowed) {
          ok(res.status === 403 || res.status === 404, `${what}: ${res.status}, expected 403/404`);
          ok(!res.body.includes(name), `${what}: the child's name is on the refusal page`);
          ok(is.log === was.log, `${what}: a refused request was logged as a view`);
          ok(is.records === was.records, `${what}: a refused request stored records (${changed(was.records, is.records)})`);
        } else if (rt.method === 'GET') {
          ok(res.status === 200 && res.body.includes(name), `${what}: ${res.status}, expected the page naming the child`);
          ok(is.log > was.log, `${what}: shown but not in the access log`);
        } else {
          ok(res.status === 422 && res.body.includes(name), `${what}: ${res.status}, expected the form again (422) naming the child`);
          ok(is.records === was.records, `${what}: an empty form stored records (${changed(was.records, is.records)})`);
        }
      }
    }
  }
  // the hub's list: the police see the waiting contacts they may, never a restricted child
  const list = await req('GET', '/mash', { cookie: sessions.police.cookie });
  ok(list.status === 200 && list.body.includes(nameOf(kids.OWN)) && list.body.includes(nameOf(kids.OTHER)),
     `the police's hub does not list its contacts: ${list.status}`);
  ok(!list.body.includes('Zephyrine') && !list.body.includes('Quillonia') &&
     !list.body.includes(`/mash/contacts/${hubContact.RESTRICTED}"`) && !list.body.includes(`/mash/contacts/${hubContact.ADOPTED}"`),
     'the police\'s hub lists a restricted child');
  ok(!list.body.includes('/children/'), 'the police\'s hub links to a child\'s record');
  ok((await req('GET', '/mash', { cookie: sessions.analyst.cookie })).status === 403, 'an analyst sees the hub');
  // every other route of the table refuses the police, whatever it names
  let others = 0;
  const before = dataCount();
  const logBefore = sql("SELECT count(*) FROM access_log a JOIN app_user u ON u.id = a.user_id WHERE u.name = 'police'");
  for (const rt of routes.filter(x => !x.open && !x.partner)) {
    const path = fill(rt.pattern, 'OWN');
    const res = rt.method === 'GET' ? await req('GET', path, { cookie: sessions.police.cookie })
                                    : await req('POST', path, { cookie: sessions.police.cookie, body: `csrf=${sessions.police.csrf}&version=0` });
    others++;
    ok(res.status === 403, `police ${rt.method} ${path}: ${res.status}, expected 403`);
    ok(!res.body.includes(names.OWN) && !res.body.includes('Tamsin'), `police ${rt.method} ${path}: a child is named`);
  }
  ok(dataCount() === before, 'a route refused to the police stored records');
  ok(sql("SELECT count(*) FROM access_log a JOIN app_user u ON u.id = a.user_id WHERE u.name = 'police'") === logBefore,
     'a route refused to the police was logged as a view');
  // decided: out of the partners' sight
  sql(`UPDATE contact SET decision = 'NFA', decision_date = ${jdn(2026, 3, 31)} WHERE id = ${hubContact.OWN}`);
  const gone = await req('GET', `/mash/contacts/${hubContact.OWN}`, { cookie: sessions.police.cookie });
  ok(gone.status === 403 && !gone.body.includes(names.OWN), `a decided hub contact is open to the police: ${gone.status}`);
  console.log(`hub: ${users.length} roles x ${Object.keys(kids).length} children x ${hubRoutes.length} hub routes = ${hub} requests; ` +
              `${others} other routes refused to a partner officer`);
}


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
// a search answers for one child: for someone who may not open it, a restricted child is not
// there at all (not even as "Restricted record" with its LAchildID), by name or by number
for (const u of ['social.worker', 'admin', 'manager'])
  for (const k of ['RESTRICTED', 'ADOPTED'])
    for (const q of [names[k], la(kids[k])]) {
      const res = await req('GET', '/search?q=' + encodeURIComponent(q), { cookie: sessions[u].cookie });
      ok(res.status === 200, `${u} searching for the ${k} child: ${res.status}`);
      if (mayOpen(u, k)) continue;
      ok(!res.body.includes('Restricted record') && !res.body.includes(`/children/${kids[k]}"`) &&
         (q === la(kids[k]) || !res.body.includes(la(kids[k]))) && /0 children found/.test(res.body),
         `${u} searching ${q}: the ${k} child's existence is shown`);
    }

// ---- workforce records: team managers and administrators only ------------------------------
// Every other role is refused every workforce page and form (403) and stores nothing; a
// manager sees and changes only their own team's posts; only an administrator sets the
// caseload weights.
{
  const other = sql("SELECT id FROM team WHERE name = 'Children in Care'");
  const wfCount = () => sql('SELECT (SELECT count(*) FROM workforce_post) + (SELECT count(*) FROM workforce_holder) + ' +
                            '(SELECT count(*) FROM workforce_absence) + (SELECT count(*) FROM caseload_weight)');
  sql(`INSERT INTO workforce_post (team_id, title, role, fte, opened, created) VALUES (${north}, 'Probe north', 'social_worker', 100, ${jdn(2020, 1, 1)}, 1)`);
  sql(`INSERT INTO workforce_post (team_id, title, role, fte, opened, created) VALUES (${other}, 'Probe other', 'social_worker', 100, ${jdn(2020, 1, 1)}, 1)`);
  const pNorth = sql("SELECT id FROM workforce_post WHERE title = 'Probe north'");
  const pOther = sql("SELECT id FROM workforce_post WHERE title = 'Probe other'");
  sql(`INSERT INTO workforce_holder (post_id, staff_id, name, employment, fte, start, start_reason, created) VALUES (${pOther}, ${swStaff}, 'Probe', 'employed', 100, ${jdn(2020, 1, 1)}, 'joined', 1)`);
  const hOther = sql(`SELECT id FROM workforce_holder WHERE post_id = ${pOther}`);
  sql(`INSERT INTO workforce_absence (holder_id, kind, start, created) VALUES (${hOther}, 'sickness', ${jdn(2020, 2, 3)}, 1)`);
  const aOther = sql(`SELECT id FROM workforce_absence WHERE holder_id = ${hOther}`);
  const pages = ['/workforce', '/workforce/posts/new', `/workforce/posts/${pNorth}`, `/workforce/posts/${pNorth}/holders/new`,
                 `/workforce/posts/${pNorth}/close`, '/workforce/weights'];
  const forms = ['/workforce/posts/new', `/workforce/posts/${pOther}/holders/new`, `/workforce/posts/${pOther}/close`,
                 `/workforce/holders/${hOther}/leave`, `/workforce/holders/${hOther}/absences/new`,
                 `/workforce/absences/${aOther}/end`, '/workforce/weights'];
  for (const u of users) {
    const s = sessions[u];
    const manager = u === 'manager', admin = u === 'admin';
    for (const path of pages) {
      const res = await req('GET', path, { cookie: s.cookie });
      const allowed = admin || (manager && path !== '/workforce/weights');
      ok(allowed ? res.status === 200 : res.status === 403, `${u} GET ${path}: ${res.status}`);
    }
    // another team's post, its holder and absence: only the administrator
    for (const path of [`/workforce/posts/${pOther}`, `/workforce/holders/${hOther}/leave`, `/workforce/absences/${aOther}/end`]) {
      const res = await req('GET', path, { cookie: s.cookie });
      ok(admin ? res.status === 200 : res.status === 403, `${u} GET ${path} (another team's): ${res.status}`);
    }
    const before = wfCount();
    for (const path of forms) {
      // a complete form for the post: stored only where the role may
      const body = path === '/workforce/posts/new'
        ? `csrf=${s.csrf}&team=${other}&title=Probe+post&role=social_worker&fte=1&opened-day=1&opened-month=1&opened-year=2021`
        : path === '/workforce/weights' ? `csrf=${s.csrf}&cp=2&la=1&cin=1&other=1` : `csrf=${s.csrf}`;
      const res = await req('POST', path, { cookie: s.cookie, body });
      if (admin) ok([303, 422].includes(res.status), `admin POST ${path}: ${res.status}`);
      else if (manager && path === '/workforce/posts/new') // another team's: refused beside the team
        ok(res.status === 422 && res.body.includes('id="team-error"'), `manager POST ${path} (another team): ${res.status}`);
      else ok(res.status === 403, `${u} POST ${path}: ${res.status}`);
    }
    if (!admin) ok(wfCount() === before, `${u}: a refused workforce form stored something`);
  }
}

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

// ---- audits: seen by the audited worker, their team's manager, the auditor, administrators --
{
  const id = u => sql(`SELECT id FROM app_user WHERE name = '${u}'`);
  sql(`INSERT INTO audit_question (seq, text, active, changed_by, changed_at) VALUES (1, 'Probe question', 1, ${id('admin')}, 0)`);
  const audit = sql(`INSERT INTO case_audit (person_id, day, auditor, worker, team_id, grade, with_worker, feedback_from, ` +
                    `summary, recorded_at) SELECT ${kids.OWN}, ${jdn(2026, 2, 2)}, ${id('manager')}, id, team_id, 'GOOD', 1, ` +
                    `'none', 'Probe audit summary', 0 FROM app_user WHERE name = 'social.worker' RETURNING id`);
  const seeAudit = ['manager', 'social.worker', 'admin'];
  for (const u of users) {
    const s = sessions[u];
    const was = snapshot(u, kids.OWN);
    const res = await req('GET', `/audits/${audit}`, { cookie: s.cookie });
    const is = snapshot(u, kids.OWN);
    if (seeAudit.includes(u)) {
      ok(res.status === 200 && res.body.includes('Probe audit summary'), `${u} GET /audits/${audit}: ${res.status}`);
      ok(is.log > was.log, `${u} GET /audits/${audit}: shown but not in the access log`);
    } else {
      ok(res.status === 403 && !res.body.includes('Probe audit summary'), `${u} GET /audits/${audit}: ${res.status}, expected 403`);
      ok(is.log === was.log, `${u} GET /audits/${audit}: a refused request was logged as a view`);
    }
    const list = await req('GET', '/audits', { cookie: s.cookie });
    // an analyst sees figures only; a partner officer only the hub
    ok(['analyst', 'police'].includes(u) ? list.status === 403 : list.status === 200, `${u} GET /audits: ${list.status}`);
    ok(seeAudit.includes(u) || !list.body.includes(`/audits/${audit}"`), `${u} GET /audits: lists an audit they may not see`);
    const before = dataCount();
    const act = await req('POST', `/audits/${audit}/actions`, { cookie: s.cookie, body: `csrf=${s.csrf}&title=&due-day=` });
    ok(seeAudit.includes(u) ? act.status === 422 : act.status === 403, `${u} POST /audits/${audit}/actions: ${act.status}`);
    ok(dataCount() === before, `${u} POST /audits/${audit}/actions: records changed`);
    const q = await req('GET', '/audits/questions', { cookie: s.cookie });
    ok(u === 'admin' ? q.status === 200 : q.status === 403, `${u} GET /audits/questions: ${q.status}`);
    const qp = await req('POST', '/audits/questions', { cookie: s.cookie, body: `csrf=${s.csrf}&text=` });
    ok(u === 'admin' ? qp.status === 422 : qp.status === 403, `${u} POST /audits/questions: ${qp.status}`);
    const t = await req('GET', '/audits/themes/new', { cookie: s.cookie });
    ok(['manager', 'admin'].includes(u) ? t.status === 200 : t.status === 403, `${u} GET /audits/themes/new: ${t.status}`);
    ok(dataCount() === before, `${u}: the audit pages changed records`);
  }
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
