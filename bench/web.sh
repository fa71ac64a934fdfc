#!/bin/sh
# bench/web.sh: page latency of `hearth serve` with 200 concurrent signed-in sessions on the
# demo authority (see bench/README.md, "The web application"). Makes the demo database once
# (bench/out/web/demo.db), serves it with the release build, runs bench/web.mjs and prints
# p50, p95 and p99 per page and the requests that were not answered 200. A benchmark to
# read, never a timed test. CLIENTS, SECS, THREADS, POPULATION and HEARTH change the run.
set -eu
HEARTH=${HEARTH:-bin/hearth}
out=${BENCH_OUT:-bench/out}/web
pop=${POPULATION:-64000}
mkdir -p "$out"
db="$out/demo-$pop.db"
if [ ! -f "$db" ]; then
    "$HEARTH" demo --db "$db" --population "$pop" --quiet > "$out/demo.log"
fi
"$HEARTH" serve --db "$db" --listen 127.0.0.1:0 --assets . \
    --threads "${THREADS:-4}" > "$out/serve.out" 2> "$out/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$out/serve.out")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$out/serve.err"; exit 1; }
echo "hearth serve on $db (children aged 0-17: $pop), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/web.mjs "http://127.0.0.1:$port" "${CLIENTS:-200}" "${SECS:-20}" | tee "$out/web-$pop.txt"
