#!/bin/sh
# Run the command-line tests tests/cli/t*.sh, each with HEARTH set to the binary under
# test (the ASan build) and its own scratch directory. A test with a "# stores: sqlite pg"
# line (see tests/cli/store.sh) runs again on PostgreSQL when $HEARTH_TEST_PG names a test
# server, in an authority of its own. Prints "N passed, N failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
pass=0; fail=0
n=0
run_one() { # test store
    t=$1 store=$2
    n=$((n+1))
    scratch=$(mktemp -d /tmp/hearth-cli-XXXXXX)
    la="cli$$_$n"
    if (cd "$scratch" && HEARTH="$bin" ROOT="$root" HEARTH_TEST_STORE="$store" \
            HEARTH_LA=$([ "$store" = pg ] && echo "$la") sh "$root/$t" >"$scratch/.log" 2>&1); then
        pass=$((pass+1))
    else
        fail=$((fail+1)); echo "FAILED: $t ($store)"; tail -n 30 "$scratch/.log"
    fi
    if [ "$store" = pg ]; then
        # the test's authority and any further ones (in_db, tests/cli/store.sh)
        printf '%s\n' "SET client_min_messages = warning;" \
            "SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace" \
            "WHERE nspname = 'la_$la' OR nspname LIKE 'la\_${la}\_%' \\gexec" |
            psql -X -q -d "$HEARTH_TEST_PG" > /dev/null 2>&1 || true
    fi
    rm -rf "$scratch"
}
for t in tests/cli/t*.sh; do
    [ -f "$t" ] || continue
    run_one "$t" sqlite
    if [ -n "${HEARTH_TEST_PG:-}" ] && grep -q '^# stores:.* pg' "$t"; then
        run_one "$t" pg
    fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
