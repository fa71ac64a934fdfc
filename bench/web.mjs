// bench/web.mjs: page latency of `hearth serve` under load. N concurrent clients (default
// 200), each signed in as one of the demo roles, request the main pages in turn for a fixed
// time over keep-alive connections on loopback; prints p50, p95 and p99 per page. A
// benchmark to read, never a timed test. Sessions: SESSIONS sign-ins (default 200; each is
// an Argon2id hash, so signing in takes a while) shared round-robin by the clients.
// Usage: node bench/web.mjs BASE_URL [CLIENTS] [SECONDS]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { client, THINK, think, firstPause, quantile as q } from './common.mjs';

const [base, clientsArg, secsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg || 200), SECS = Number(secsArg || 20);
const SESSIONS = Number(process.env.SESSIONS || 200);
const { req, signIn, agent } = client(base, CLIENTS + 10);

const users = ['social.worker', 'care.worker', 'manager', 'frontdoor', 'adviser', 'admin', 'analyst'];
const sessions = [];
const t0 = Date.now();
for (let i = 0; i < SESSIONS; i += 4)
  sessions.push(...await Promise.all([0, 1, 2, 3].filter(k => i + k < SESSIONS)
    .map(k => signIn(users[(i + k) % users.length]).then(c => ({ cookie: c, user: users[(i + k) % users.length] })))));
console.log(`${sessions.length} sessions signed in (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

// SKIP: pages left out of the mix (comma-separated paths, such as /search), to see the
// others without one that is slow
const SKIP = (process.env.SKIP || '').split(',').filter(Boolean);
// each session's pages: its own list, a child from it, search, the front door, the dashboard,
// and for the manager the team view
for (const s of sessions) {
  if (s.user === 'analyst') { s.pages = ['/dashboard']; continue; }
  const mw = await req('GET', '/my-work', { cookie: s.cookie });
  const child = /href="(\/children\/\d+)"/.exec(mw.body);
  s.pages = ['/my-work', '/tasks', '/search?q=2000', '/front-door'];
  if (child) s.pages.push(child[1]);
  if (s.user === 'manager' || s.user === 'admin') s.pages.push('/dashboard');
  if (s.user === 'manager') s.pages.push('/team', '/tray');
}

for (const s of sessions) s.pages = s.pages.filter(p => !SKIP.includes(p.replace(/\?.*/, '')));
const lat = {};
// the client's own stalls (its event loop busy or paused): a latency the server never saw
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const end = Date.now() + SECS * 1000;
let errors = 0, total = 0;
await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
  const s = sessions[c % sessions.length];
  await firstPause();
  for (let i = c; Date.now() < end; i++) {
    const p = s.pages[i % s.pages.length];
    const key = p.replace(/\/\d+/g, '/:id').replace(/\?.*/, '');
    const r = await req('GET', p, { cookie: s.cookie });
    if (r.status !== 200) errors++;
    (lat[key] ||= []).push(r.ms);
    total++;
    await think();
  }
}));
console.log(`${CLIENTS} concurrent clients${THINK ? `, ${THINK} ms think time` : ', no think time'}, ${SECS} s: ${total} requests (${(total / SECS).toFixed(0)}/s), ${errors} not 200`);
console.log('page'.padEnd(16), 'requests'.padStart(9), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8));
for (const [k, a] of Object.entries(lat).sort()) {
  a.sort((x, y) => x - y);
  console.log(k.padEnd(16), String(a.length).padStart(9), q(a, 0.5).padStart(8), q(a, 0.95).padStart(8), q(a, 0.99).padStart(8));
}
loop.disable();
console.log(`the client's own event-loop delay: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, ` +
            `p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms ` +
            '(time the load generator itself was late: part of every latency above)');
agent.destroy();
