#!/bin/sh
# bench/report.sh: the committee report and the benchmarking page at a large authority
# (POPULATION children aged 0-17, default 300,000): makes the demo database once
# (bench/out/report/demo-N.db), serves it with the release build and runs bench/report.mjs,
# which prints the report's first request and p50/p95/p99 of both pages with CLIENTS
# concurrent clients (default 200). A benchmark to read, never a timed test.
# COLD_YEARS: the years whose first request is timed (default 2025 2024 2023).
set -eu
HEARTH=${HEARTH:-bin/hearth}
out=${BENCH_OUT:-bench/out}/report
pop=${POPULATION:-300000}
mkdir -p "$out"
# REPORT_DB: serve this database instead (a PostgreSQL URI, with HEARTH_LA its authority, or a
# file), made beforehand with `hearth demo --db URI --population N`
db=${REPORT_DB:-$out/demo-$pop.db}
if [ -z "${REPORT_DB:-}" ] && [ ! -f "$db" ]; then
    "$HEARTH" demo --db "$db" --population "$pop" --quiet > "$out/demo.log"
fi
"$HEARTH" serve --db "$db" --listen 127.0.0.1:0 --assets . --today 2026-03-31 \
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
SERVER_PID=$pid node bench/report.mjs "http://127.0.0.1:$port" "${CLIENTS:-200}" "${SECS:-15}" | tee "$out/report-$pop.txt"
