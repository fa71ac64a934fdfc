// bench/common.mjs: what the page benchmarks (web.mjs, report.mjs) share: a keep-alive HTTP
// client that times each request, and signing in as a demo user (each sign-in is an
// Argon2id check on the server, so callers sign in once and reuse the session).
import http from 'node:http';

// A client for base (http://host:port) whose agent keeps up to maxSockets connections open.
// req(method, path, {cookie, body, discard}) resolves to {status, headers, body, bytes, ms};
// body is sent as a form; discard: the answer is counted, not kept (body ''), so that a load
// generator spends less of the machine than the server it measures. signIn(name) resolves to the session cookie ("name=value") of the demo user name.
export function client(base, maxSockets) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets });

  function req(method, path, { cookie, body, discard } = {}) {
    return new Promise((resolve, reject) => {
      const headers = {};
      if (cookie) headers.Cookie = cookie;
      if (body) { headers['Content-Type'] = 'application/x-www-form-urlencoded'; headers['Content-Length'] = Buffer.byteLength(body); }
      const t0 = process.hrtime.bigint();
      const r = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, res => {
        const chunks = [];
        let bytes = 0;
        res.on('data', c => { bytes += c.length; if (!discard) chunks.push(c); });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                      body: discard ? '' : Buffer.concat(chunks).toString(), bytes,
                                      ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      });
      r.on('error', reject);
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

  return { req, signIn, agent };
}

// THINK_MS: a pause of 0.5 to 1.5 times it between a client's pages, as a person reading
// would (0: every client asks again at once, the server saturated)
export const THINK = Number(process.env.THINK_MS || 0);
export const sleep = ms => new Promise(res => setTimeout(res, ms));
export const think = () => THINK ? sleep(THINK * (0.5 + Math.random())) : Promise.resolve();
// People do not all click at the same instant: with think time, each client starts within its
// first pause. Started together, 200 clients' first requests queue behind each other, and that
// one burst (a thirtieth of a 30 s run's requests) was the whole 99th percentile.
export const firstPause = () => THINK ? sleep(THINK * 1.5 * Math.random()) : Promise.resolve();

// The value at fraction f (0.5, 0.95) of a sorted array of milliseconds, to 0.1.
export const quantile = (a, f) => a[Math.min(a.length - 1, Math.floor(f * a.length))].toFixed(1);

// The CPU (user + system, ms) the process pid has used so far, from /proc; null when it
// cannot be read (another machine, no pid given). A shared machine's load inflates wall
// time far more than the CPU a request costs.
import { readFileSync } from 'node:fs';
export function cpuMs(pid) {
  if (!pid) return null;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime, stime in 1/100 s ticks
  } catch { return null; }
}
