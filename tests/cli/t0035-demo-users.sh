# hearth demo users: an imported authority (no users) gets the demo's sign-ins and work for
# the demo workers, so the web benchmark can run on it; a database with users is refused
# and left as it was.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db imported.db)
"$HEARTH" demo generate --out files --population 2000 --years 1 --quiet > /dev/null 2>&1 || fail "demo generate"
"$HEARTH" import --db "$DB" --quiet files > /dev/null 2>&1 || fail "import"
[ "$(q "SELECT count(*) FROM app_user")" = 0 ] || fail "an import made users"
"$HEARTH" demo users --db "$DB" --population 2000 > out.txt 2>&1 || { cat out.txt; fail "demo users failed"; }
grep -q "DEMO ONLY" out.txt || fail "no warning about the known password: $(cat out.txt)"
grep -q "social.worker" out.txt || fail "the sign-ins are not listed: $(cat out.txt)"
[ "$(q "SELECT count(*) FROM app_user WHERE name IN ('frontdoor', 'social.worker', 'manager', 'admin')")" = 4 ] \
    || fail "the demo users are not there"
n=$(q "SELECT count(*) FROM allocation a JOIN staff s ON s.id = a.staff_id WHERE a.end_date IS NULL")
[ "$n" -gt 0 ] || fail "no child was allocated to a demo worker"
[ "$(q "SELECT value FROM setting WHERE key = 'population'")" = 2000 ] || fail "the population was not kept"
# a second time: refused (it has users now), nothing added
before=$(q "SELECT count(*) FROM app_user")
"$HEARTH" demo users --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a database with users was not refused with exit 1"
grep -q "has users already" out.txt || fail "unclear message: $(cat out.txt)"
[ "$(q "SELECT count(*) FROM app_user")" = "$before" ] || fail "users were added to a database that had some"
"$HEARTH" demo users > out.txt 2>&1
[ $? -eq 2 ] || fail "no --db was not a usage error"
"$HEARTH" demo users --db "$DB" --year 1999 > out.txt 2>&1
[ $? -eq 2 ] || fail "a bad --year was not a usage error"
echo ok
