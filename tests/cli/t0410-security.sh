# The authorisation matrix and hostile-input probes (tests/security/probe.mjs) against the
# ASan server on a small demo authority: no access where there should be none, the right
# page where there should be, every page shown about a child logged, SQL and script
# injection, CSRF, session fixation and path traversal refused.
# stores: sqlite pg
set -u
. "$ROOT/tests/cli/store.sh"
command -v node > /dev/null || { echo "FAIL: node is needed"; exit 1; }
DB=$(db demo.db)
"$HEARTH" demo --db "$DB" --population 3000 --years 1 --quiet > demo.log 2>&1 || { cat demo.log; echo "FAIL: demo"; exit 1; }
ASAN_OPTIONS=detect_leaks=0 "$HEARTH" serve --db "$DB" --listen 127.0.0.1:0 --assets "$ROOT" --today 2026-03-31 > serve.out 2> serve.err &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' serve.out); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { cat serve.err; echo "FAIL: the server did not start"; exit 1; }
HEARTH="$HEARTH" node "$ROOT/tests/security/probe.mjs" "http://127.0.0.1:$port" "$DB" "$ROOT"
rc=$?
if grep -q "ERROR: AddressSanitizer\|runtime error" serve.err; then cat serve.err; rc=1; fi
exit $rc
