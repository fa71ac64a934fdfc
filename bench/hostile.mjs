// bench/hostile.mjs: one hostile client that holds idle connections to `hearth serve`: it
// opens CONNECTIONS (default 1,100) TCP connections from one local address (default
// 127.0.0.2, so that the server sees it apart from the load generator on 127.0.0.1), sends
// nothing on them, and opens a new one 200 ms after any is closed, for SECONDS. Every 5 s
// and at the end it prints how many it holds and how many the server cut off; the end
// line is "hostile: ...". Used by bench/hostile.sh, beside bench/load.mjs.
// Usage: node bench/hostile.mjs BASE_URL [CONNECTIONS] [SECONDS] [LOCAL_ADDRESS]
import net from 'node:net';

const [base, nArg, secsArg, local] = process.argv.slice(2);
const url = new URL(base);
const N = Number(nArg || 1100), SECS = Number(secsArg || 60), FROM = local || '127.0.0.2';
let held = 0, opened = 0, cut = 0, failed = 0, maxHeld = 0;
// a connection that stays open 5 s or more: one the server accepted and keeps (one cut off
// at the limit closes at once; one still in the kernel's accept queue counts as connected
// here until the server gets to it)
const since = new Map();
const longHeld = () => { const t = Date.now() - 5000; let n = 0; for (const v of since.values()) n += v <= t; return n; };
const end = Date.now() + SECS * 1000;
const socks = new Set();

function open() {
  if (Date.now() >= end) return;
  const s = net.connect({ host: url.hostname, port: Number(url.port), localAddress: FROM });
  socks.add(s);
  let up = false;
  s.on('connect', () => { up = true; opened++; held++; maxHeld = Math.max(maxHeld, held); since.set(s, Date.now()); });
  s.on('error', () => { if (!up) failed++; });
  s.on('close', () => {
    socks.delete(s);
    since.delete(s);
    if (up) { held--; cut++; }
    setTimeout(open, 200);
  });
}
for (let i = 0; i < N; i++) open();
const report = () => console.log(`hostile: ${FROM} holds ${longHeld()} idle connections open for 5 s or more ` +
                                 `(${held} connected now, at most ${maxHeld}); ${opened} opened, ${cut} cut off by the ` +
                                 `server, ${failed} refused`);
const timer = setInterval(report, 5000);
setTimeout(() => {
  clearInterval(timer);
  report();
  for (const s of socks) s.destroy();
  process.exit(0);
}, SECS * 1000);
