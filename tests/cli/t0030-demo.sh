# hearth demo: a synthetic authority built from its own files, imported with the real
# importers; the table it prints must agree with `hearth kpi` on the same database, and
# running it again replaces the demo database (on PostgreSQL: the demo's authority). Every
# child is named, and the current year up to --today and the demo workers' casework are
# recorded, the same on every run.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db demo.db)
"$HEARTH" demo --db "$DB" --population 20000 --years 2 --today 2026-09-30 > demo.txt 2>&1 || { cat demo.txt; fail "demo failed"; }
grep -q 'Referrals' demo.txt || fail "demo printed no performance table"
grep -q 'looked-after episodes' demo.txt || fail "demo printed no import summary"
"$HEARTH" kpi --db "$DB" --year 2026 --population 20000 > kpi.txt || fail "kpi on the demo failed"
# the demo's table is the kpi table
sed -n '/^Children.s social care performance/,$p' kpi.txt > a.txt
sed -n '/^Children.s social care performance/,/^Care leavers in suitable/p' demo.txt > b.txt
head -n "$(wc -l < b.txt)" a.txt | diff - b.txt > /dev/null || fail "the demo's table differs from hearth kpi"
"$HEARTH" kpi --db "$DB" --year 2026 --population 20000 --format json > kpi.json || fail "json"
grep -q '"referrals":{"value":[1-9]' kpi.json || fail "json has no referrals"
# deterministic: the same seed gives the same figures
grep -q 'The year so far, 01/04/2026 to 30/09/2026' demo.txt || fail "no current year: $(cat demo.txt)"
[ "$(q "SELECT count(*) FROM person WHERE given_name IS NULL OR family_name IS NULL")" = 0 ] \
    || fail "a person without a name"
[ "$(q "SELECT count(*) FROM contact WHERE date > 2461314")" = 0 ] || fail "contacts after --today"
[ "$(q "SELECT count(*) FROM contact WHERE date BETWEEN 2461132 AND 2461314")" -gt 500 ] \
    || fail "too few contacts in the current year"
# the hub's contacts, agency checks and ratings are the current year's (after the table)
[ "$(q "SELECT count(*) FROM mash_contact")" -gt 20 ] || fail "too few contacts through the hub"
[ "$(q "SELECT count(*) FROM mash_check")" -gt 20 ] || fail "too few agency checks in the hub"
[ "$(q "SELECT count(*) FROM mash_contact m JOIN contact c ON c.id = m.contact_id WHERE c.date < 2461132")" = 0 ] \
    || fail "hub contacts before the current year"
# the teams that hold children: most of their workers hold some, none more than 25
load=$(q "SELECT count(*), sum(CASE WHEN n > 0 THEN 1 ELSE 0 END), max(n) FROM (SELECT (SELECT count(*) FROM
  allocation a WHERE a.staff_id = st.id AND a.end_date IS NULL) AS n FROM staff st JOIN team t ON t.id = st.team_id
  WHERE t.name LIKE 'Assessment %' OR t.name LIKE 'Children in Care%' OR t.name LIKE 'Leaving Care%') x")
set -- $(echo "$load" | tr '|' ' ')
[ "$1" -gt 10 ] && [ $(($2 * 3)) -gt $(($1 * 2)) ] && [ "$3" -le 25 ] \
    || fail "workers, workers holding children, largest caseload: $load"
names=$(q "SELECT given_name, family_name FROM person ORDER BY id" | cksum)
work=$(q "SELECT count(*), sum(date) FROM contact" ; q "SELECT count(*), sum(date) FROM la_visit")
# the workers' casework: printed, and the same on every run
grep -q "The demo workers' casework on their [1-9][0-9]* children" demo.txt || fail "no casework: $(cat demo.txt)"
grep -q "writes refused" demo.txt && fail "casework refused: $(grep -A1 'writes refused' demo.txt)"
casework() {
    q "SELECT count(*), sum(at_day), sum(length(body)) FROM case_note_version"
    q "SELECT count(*), sum(start), sum(length(needs)) FROM child_plan"
    q "SELECT count(*), sum(due) FROM task"
}
cw=$(casework)
[ "$(q "SELECT count(*) FROM case_note_version")" -gt 100 ] || fail "too few case notes"
"$HEARTH" demo --db "$DB" --population 20000 --years 2 --today 2026-09-30 > demo2.txt 2>&1 || fail "second demo run failed"
"$HEARTH" kpi --db "$DB" --year 2026 --population 20000 --format json > kpi2.json
cmp -s kpi.json kpi2.json || fail "the demo is not deterministic"
[ "$(q "SELECT given_name, family_name FROM person ORDER BY id" | cksum)" = "$names" ] || fail "the names differ"
[ "$(q "SELECT count(*), sum(date) FROM contact" ; q "SELECT count(*), sum(date) FROM la_visit")" = "$work" ] \
    || fail "the current year's work differs"
[ "$(casework)" = "$cw" ] || fail "the casework differs"
"$HEARTH" demo --db "$DB" --today 2025-01-01 > out.txt 2>&1
[ $? -eq 2 ] || fail "a --today before the last return was not a usage error"
[ "$(q "SELECT count(*) FROM app_user WHERE name = 'frontdoor'")" = 1 ] || fail "the second run did not replace the users"
# a database the demo did not make is never replaced
if on_pg; then
    in_db p "$HEARTH" import --db "$DB" "$ROOT/tests/fixtures/ssda903/2018" > /dev/null 2>&1 \
        || fail "import into a second authority"
    in_db p "$HEARTH" demo --db "$DB" --population 20000 > out.txt 2>&1 && fail "demo replaced an authority it did not make"
    grep -q "did not make" out.txt || fail "unclear message: $(cat out.txt)"
    n=$(in_db p q "SELECT count(*) FROM la_episode")
    [ "${n:-0}" -gt 0 ] || fail "the other authority's records were removed"
else
    touch precious.db
    "$HEARTH" demo --db precious.db --population 20000 > /dev/null 2>&1 && fail "demo replaced a database it did not make"
    [ -f precious.db ] || fail "precious.db was removed"
fi
echo ok
