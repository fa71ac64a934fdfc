# The import pipeline (a parsing thread handing records to a store thread) writes exactly
# what one thread writes: every file kind, both years, the same rows with the same ids.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
"$HEARTH" demo generate --out f --population 3000 --first-year 2025 --years 2 --seed 7 > gen.txt 2>&1 ||
    { cat gen.txt; fail "demo generate failed"; }
HEARTH_IMPORT_THREADS=1 in_db one "$HEARTH" import --db "$(db one.db)" f > one.out 2>&1 || { cat one.out; fail "one-thread import failed"; }
HEARTH_IMPORT_THREADS=2 in_db two "$HEARTH" import --db "$(db two.db)" f > two.out 2>&1 || { cat two.out; fail "two-thread import failed"; }
for k in children contacts 'episodes of need' assessments 'looked-after episodes'; do
    grep -q "^$k" one.out || { cat one.out; fail "no $k imported"; }
done
# the summaries agree, timing line aside
grep -v 'records in' one.out > one.sum
grep -v 'records in' two.out > two.sum
cmp -s one.sum two.sum || { diff one.sum two.sum; fail "the summaries differ"; }
if on_pg; then
    n=$(in_db two q "SELECT count(*) FROM person")
    [ "${n:-0}" -gt 100 ] || fail "only '$n' children in the two-thread authority"
    one=$(in_db one digest)
    two=$(in_db two digest)
    [ "$one" = "$two" ] || fail "two threads wrote something else"
else
    sqlite3 one.db .dump > one.sql
    sqlite3 two.db .dump > two.sql
    cmp -s one.sql two.sql || { diff one.sql two.sql | head; fail "two threads wrote something else"; }
    [ "$(sqlite3 two.db 'PRAGMA integrity_check')" = ok ] || fail "integrity check"
fi
echo ok
