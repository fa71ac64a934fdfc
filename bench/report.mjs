// bench/report.mjs: latency of the committee report (/report) and the benchmarking page
// (/benchmarks, a different measure each time) under load. First the report's first request
// (the year's measures worked out from the store, unless the server's start-up warm-up got
// there first) and then CLIENTS concurrent clients for SECS seconds on each page, signed in
// as analysts; prints p50, p95 and p99. A benchmark to read, never a timed test.
// With SERVER_PID (bench/report.sh sets it), each timed part also prints the CPU the
// server spent per request: work counted, which the machine's load distorts far less.
// Usage: node bench/report.mjs BASE_URL [CLIENTS] [SECONDS]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { client, cpuMs, THINK, think, firstPause, quantile as q } from './common.mjs';

const [base, clientsArg, secsArg] = process.argv.slice(2);
const CLIENTS = Number(clientsArg || 200), SECS = Number(secsArg || 15);
const SESSIONS = Number(process.env.SESSIONS || 20);
const { req, signIn, agent } = client(base, CLIENTS + 10);
const PID = Number(process.env.SERVER_PID || 0);
// ", server CPU N ms a request": the server's CPU since mark over n requests
let mark = cpuMs(PID);
const cpuSince = n => {
  const now = cpuMs(PID);
  const s = now === null || mark === null ? '' : `, server CPU ${((now - mark) / n).toFixed(2)} ms a request`;
  mark = now;
  return s;
};

const sessions = [];
for (let i = 0; i < SESSIONS; i++) sessions.push(await signIn('analyst'));
mark = cpuMs(PID);
const first = await req('GET', '/report', { cookie: sessions[0] });
if (first.status !== 200) throw new Error('/report answered ' + first.status);
console.log(`/report, first request: ${first.ms.toFixed(1)} ms (${first.body.length} bytes)${cpuSince(1)}`);
// the server's start-up work (the latest year's measures, the wider service's figures) runs
// in the background: SETTLE_MS (default 3000) for it to finish, so that it is not counted below
await new Promise(r => setTimeout(r, Number(process.env.SETTLE_MS ?? 3000)));
mark = cpuMs(PID);
// years nobody asked for yet (COLD_YEARS, default 2025 2024 2023, each about as large at the
// demo's authority): each one's measures worked out from the store while the request waits
for (const y of (process.env.COLD_YEARS || '2025 2024 2023').split(/\s+/).filter(Boolean)) {
  const cold = await req('GET', `/report?year=${y}`, { cookie: sessions[0] });
  if (cold.status !== 200) throw new Error(`/report?year=${y} answered ${cold.status}`);
  console.log(`/report?year=${y}, first request (the year's measures from the store): ${cold.ms.toFixed(1)} ms${cpuSince(1)}`);
}
const sheet = await req('GET', '/report.xlsx', { cookie: sessions[0] });
console.log(`/report.xlsx: ${sheet.ms.toFixed(1)} ms (${sheet.body.length} bytes)${cpuSince(1)}`);

// the measures the benchmarking page is asked for, from its own list
const list = await req('GET', '/benchmarks', { cookie: sessions[0] });
const measures = [...list.body.matchAll(/<option value="([^"]+)"/g)].map(m => m[1]).filter(m => m && !/^\d{4}/.test(m));

async function load(name, pathFor) {
  const lat = [];
  let errors = 0;
  const end = Date.now() + SECS * 1000;
  // the client's own stalls (its event loop busy or paused): latency the server never saw
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  mark = cpuMs(PID);
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    await firstPause();
    for (let i = c; Date.now() < end; i++) {
      const r = await req('GET', pathFor(i), { cookie: sessions[c % sessions.length], discard: true });
      if (r.status !== 200) errors++;
      lat.push(r.ms);
      await think();
    }
  }));
  lat.sort((x, y) => x - y);
  console.log(`${name.padEnd(12)} ${String(lat.length).padStart(8)} requests (${(lat.length / SECS).toFixed(0)}/s), ` +
              `p50 ${q(lat, 0.5)} ms, p95 ${q(lat, 0.95)} ms, p99 ${q(lat, 0.99)} ms, ${errors} not 200${cpuSince(lat.length)}`);
  loop.disable();
  console.log(`${''.padEnd(12)} the client's own event-loop delay: p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, ` +
              `max ${(loop.max / 1e6).toFixed(1)} ms (part of every latency above)`);
}
console.log(`${CLIENTS} concurrent clients, ${SESSIONS} analyst sessions, ${SECS} s a page, ` +
            (THINK ? `${THINK} ms think time:` : 'no think time:'));
await load('/report', () => '/report');
await load('/benchmarks', i => '/benchmarks?measure=' + encodeURIComponent(measures[i % measures.length]));
// one client at a time: the page's own cost, without queueing behind 199 others
const one = [];
mark = cpuMs(PID);
for (let i = 0; i < 50; i++) one.push((await req('GET', '/report', { cookie: sessions[0] })).ms);
one.sort((x, y) => x - y);
console.log(`/report, one client: p50 ${q(one, 0.5)} ms, p95 ${q(one, 0.95)} ms${cpuSince(one.length)}`);
const oneB = [];
mark = cpuMs(PID);
for (let i = 0; i < 50; i++) oneB.push((await req('GET', '/benchmarks?measure=' + encodeURIComponent(measures[i % measures.length]), { cookie: sessions[0] })).ms);
oneB.sort((x, y) => x - y);
console.log(`/benchmarks, one client: p50 ${q(oneB, 0.5)} ms, p95 ${q(oneB, 0.95)} ms${cpuSince(oneB.length)}`);
agent.destroy();
