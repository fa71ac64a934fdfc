# The crash test, short form: 4 SIGKILLs of `hearth serve` while 4 clients record contacts
# and open records over HTTP; after each restart every acknowledged write is present and
# (SQLite) PRAGMA integrity_check passes; the access log's chain is intact at the end.
# The long form is `make crash` (tests/crash/crash.mjs with more kills, release build).
# A kill cannot lose what the kernel holds: power loss is tests/unit/store/test_powerloss.c.
# stores: sqlite pg
set -u
command -v node > /dev/null || { echo "FAIL: node is needed"; exit 1; }
node "$ROOT/tests/crash/crash.mjs" "$HEARTH" "$(pwd)" 4 4 600
