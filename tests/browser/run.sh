#!/bin/sh
# Browser tests: a scratch demo authority served by the hearth binary under test ($1, the
# ASan build), driven in Debian's Chromium by playwright-core, with axe-core checking every
# page. Two servers: one normal, one whose sessions time out after 3 idle seconds.
# Runs on SQLite and, when $HEARTH_TEST_PG names a PostgreSQL test server, again on a
# fresh authority there (dropped after).
# Prints "browser: N passed, N failed". UPDATE_SCREENSHOTS=1 copies the pictures into
# docs/screenshots/.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
if [ ! -x /usr/bin/chromium ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/govuk-frontend ]; then
    echo "browser: chromium or node_modules missing (run tools/install-deps.sh and npm ci)"
    exit 1
fi
scratch=$(mktemp -d /tmp/hearth-browser-XXXXXX)
la=""
# `start` runs in a $(...) subshell, so it leaves its servers' ids in a file
stop_servers() {
    [ -f "$scratch/pids" ] || return 0
    for p in $(cat "$scratch/pids"); do
        kill "$p" 2>/dev/null
        while kill -0 "$p" 2>/dev/null; do sleep 0.1; done
    done
    rm -f "$scratch/pids"
}
drop_la() {
    [ -n "$la" ] && psql -X -q -d "$HEARTH_TEST_PG" -c "SET client_min_messages = warning" \
        -c "DROP SCHEMA IF EXISTS la_$la CASCADE" > /dev/null 2>&1
    la=""
}
cleanup() {
    stop_servers
    drop_la
    rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

start() { # start NAME OPTIONS...: serve $db on a free port, print the port
    name=$1; shift
    ASAN_OPTIONS=detect_leaks=0 "$bin" serve --db "$db" --listen 127.0.0.1:0 \
        --assets "$root" --demo "$@" > "$scratch/$name.out" 2> "$scratch/$name.err" &
    echo $! >> "$scratch/pids"
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$scratch/$name.out")
        [ -n "$port" ] && { echo "$port"; return 0; }
        sleep 0.1
    done
    cat "$scratch/$name.err" >&2
    return 1
}

run_store() { # sqlite|pg: the whole suite on a scratch demo authority in that store
    store=$1
    if [ "$store" = pg ]; then
        la="browser$$"
        db=$HEARTH_TEST_PG
        export HEARTH_LA="$la"
    else
        db=$scratch/demo.db
        unset HEARTH_LA
    fi
    echo "browser tests on $store:"
    # today, as the servers (start); 10,000 children give every demo worker a caseload of
    # 15 to 25
    "$bin" demo --db "$db" --population 10000 --years 1 --quiet > "$scratch/demo.log" 2>&1 || {
        cat "$scratch/demo.log"; echo "browser: 0 passed, 1 failed"; return 1; }
    port=$(start main) || { echo "browser: 0 passed, 1 failed"; return 1; }
    idle_port=$(start idle --idle-seconds 3) || { echo "browser: 0 passed, 1 failed"; return 1; }
    rm -rf "$scratch/shots"; mkdir -p "$scratch/shots"
    node tests/browser/e2e.mjs "http://127.0.0.1:$port" "http://127.0.0.1:$idle_port" "$scratch/shots"
    rc=$?
    node tests/browser/dashboard.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/stages.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/notes.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/cp.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/benchmarks.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/people.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/placements.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/workflow.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/documents.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/early_help.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/exploitation.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/missing.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/privfost.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/panels.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/mash.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/workforce.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/voice.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/audits.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    node tests/browser/demo.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
    stop_servers
    if [ -s "$scratch/main.err" ] && grep -q "ERROR: AddressSanitizer\|runtime error" "$scratch/main.err" "$scratch/idle.err"; then
        cat "$scratch/main.err" "$scratch/idle.err"; rc=1
    fi
    if [ "$store" = sqlite ] && [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
        mkdir -p docs/screenshots && cp "$scratch"/shots/*.png docs/screenshots/
    fi
    drop_la
    return $rc
}

# (run_store sets rc, a global of sh: the result of all runs is kept apart, so that the second
# store's passing run cannot hide the first's failure)
failed=0
run_store sqlite || failed=1
if [ -n "${HEARTH_TEST_PG:-}" ]; then
    run_store pg || failed=1
else
    echo "browser: no PostgreSQL test server (HEARTH_TEST_PG): SQLite only"
fi
exit $failed
