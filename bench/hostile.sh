#!/bin/sh
# bench/hostile.sh: the load test (bench/load.mjs: CLIENTS clients, default 100, mixed reads
# and writes on 127.0.0.1) while one hostile client (bench/hostile.mjs, 127.0.0.2) holds
# HOSTILE idle connections (default 1,100: more than the server's 1,000 in all). With the
# per-address limit (PER_ADDRESS, default: the server's own) the other clients see no
# error; PER_ADDRESS=0 turns the limit off, to see what it prevents. Then PRAGMA
# integrity_check and the access log's chain. Needs node only.
# Usage: sh bench/hostile.sh [CLIENTS] [SECONDS]
set -eu
clients=${1:-100}; secs=${2:-60}
hostile=${HOSTILE:-1100}
HEARTH=${HEARTH:-./bin/hearth}
d=$(mktemp -d /tmp/hearth-hostile-XXXXXX)
pid=; hpid=
trap '[ -n "$hpid" ] && kill $hpid 2>/dev/null; [ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }; rm -rf "$d"; true' EXIT
"$HEARTH" demo --db "$d/demo.db" --population 20000 --years 1 --quiet > /dev/null
"$HEARTH" serve --db "$d/demo.db" --listen 127.0.0.1:0 --threads 4 --today 2026-03-31 \
    ${PER_ADDRESS:+--per-address-limit "$PER_ADDRESS"} > "$d/out" 2> "$d/err" &
pid=$!
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$d/out"); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { cat "$d/err"; exit 1; }
echo "hearth serve (per-address limit ${PER_ADDRESS:-default}), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# the hostile client first, for the whole run and the sign-ins before it
node bench/hostile.mjs "http://127.0.0.1:$port" "$hostile" $((secs + 120)) 127.0.0.2 > "$d/hostile" 2>&1 &
hpid=$!
sleep 3
tail -n 1 "$d/hostile"
rc=0
node bench/load.mjs "http://127.0.0.1:$port" "$clients" "$secs" || rc=$?
tail -n 1 "$d/hostile"
kill $hpid 2>/dev/null; wait $hpid 2>/dev/null || true; hpid=
kill $pid; wait $pid 2>/dev/null || true; pid=
echo "integrity_check: $(sqlite3 "$d/demo.db" 'PRAGMA integrity_check')"
"$HEARTH" audit verify --db "$d/demo.db"
exit $rc
