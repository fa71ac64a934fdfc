#!/bin/sh
# Browser tests: a scratch demo authority served by the hearth binary under test ($1, the
# ASan build), driven in Debian's Chromium by playwright-core, with axe-core checking every
# page. Two servers: one normal, one whose sessions time out after 3 idle seconds.
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
pids=""
cleanup() {
    # start() runs in a subshell ($(...)), so the servers' ids come back through a file
    for p in $pids $(cat "$scratch/pids" 2>/dev/null); do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    rm -rf "$scratch"
}
trap cleanup EXIT INT TERM
"$bin" demo --db "$scratch/demo.db" --population 3000 --years 1 --quiet > "$scratch/demo.log" 2>&1 || {
    cat "$scratch/demo.log"; echo "browser: 0 passed, 1 failed"; exit 1; }

start() { # start NAME OPTIONS...: serve on a free port, print the port
    name=$1; shift
    ASAN_OPTIONS=detect_leaks=0 "$bin" serve --db "$scratch/demo.db" --listen 127.0.0.1:0 \
        --assets "$root" --today 2026-03-31 --demo "$@" > "$scratch/$name.out" 2> "$scratch/$name.err" &
    echo $! >> "$scratch/pids"
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$scratch/$name.out")
        [ -n "$port" ] && { echo "$port"; return 0; }
        sleep 0.1
    done
    cat "$scratch/$name.err" >&2
    return 1
}
port=$(start main) || { echo "browser: 0 passed, 1 failed"; exit 1; }
idle_port=$(start idle --idle-seconds 3) || { echo "browser: 0 passed, 1 failed"; exit 1; }
mkdir -p "$scratch/shots"
node tests/browser/e2e.mjs "http://127.0.0.1:$port" "http://127.0.0.1:$idle_port" "$scratch/shots"
rc=$?
node tests/browser/dashboard.mjs "http://127.0.0.1:$port" "$scratch/shots" || rc=1
if [ -s "$scratch/main.err" ] && grep -q "ERROR: AddressSanitizer\|runtime error" "$scratch/main.err" "$scratch/idle.err"; then
    cat "$scratch/main.err" "$scratch/idle.err"; rc=1
fi
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then
    mkdir -p docs/screenshots && cp "$scratch"/shots/*.png docs/screenshots/
fi
exit $rc
