#!/bin/sh
# bench/load.sh: the load test. A demo authority, `hearth serve` (release build) on loopback,
# and bench/load.mjs's mixed reads and writes for SECONDS (default 180) from CLIENTS clients
# (default 100); then PRAGMA integrity_check and the access log's chain are checked.
# Usage: sh bench/load.sh [CLIENTS] [SECONDS]
set -eu
clients=${1:-100}; secs=${2:-180}
d=$(mktemp -d /tmp/hearth-load-XXXXXX)
pid=
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }; rm -rf "$d"; true' EXIT
./bin/hearth demo --db "$d/demo.db" --population 20000 --years 1 --quiet > /dev/null
./bin/hearth serve --db "$d/demo.db" --listen 127.0.0.1:0 --threads 4 --today 2026-03-31 > "$d/out" 2> "$d/err" &
pid=$!
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$d/out"); [ -n "$port" ] && break; sleep 0.1
done
rc=0
node bench/load.mjs "http://127.0.0.1:$port" "$clients" "$secs" || rc=$?
kill $pid; wait $pid 2>/dev/null || true; pid=
echo "integrity_check: $(sqlite3 "$d/demo.db" 'PRAGMA integrity_check')"
./bin/hearth audit verify --db "$d/demo.db"
exit $rc
