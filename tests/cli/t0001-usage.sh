# The one program: --help for every command, exit codes 0 ok, 1 bad input, 2 usage.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
"$HEARTH" --help | grep -q 'import' || fail "hearth --help lists no commands"
for c in import kpi demo; do
    "$HEARTH" $c --help > out.txt || fail "hearth $c --help exited non-zero"
    grep -q "usage: hearth $c" out.txt || fail "hearth $c --help has no usage line"
done
"$HEARTH" frobnicate 2>/dev/null; [ $? -eq 2 ] || fail "unknown command should exit 2"
"$HEARTH" 2>/dev/null; [ $? -eq 2 ] || fail "no command should exit 2"
"$HEARTH" import 2>/dev/null; [ $? -eq 2 ] || fail "import with no files should exit 2"
"$HEARTH" import --bogus x 2>/dev/null; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$HEARTH" kpi --db "$(db nothing-here.db)" --from 2017-04-01 --to 2018-03-31 --population 1000 2>err.txt
[ $? -eq 1 ] || fail "kpi on a missing database should exit 1"
grep -q 'no database' err.txt || fail "kpi on a missing database should say so"
if on_pg; then
    [ "$(psql -X -A -t -d "$HEARTH_TEST_PG" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'la_$HEARTH_LA'")" = 0 ] ||
        fail "kpi must not create an authority"
    # --la on the command line names the authority as HEARTH_LA does
    HEARTH_LA= "$HEARTH" kpi --db "$(db x)" --la "$HEARTH_LA" --year 2018 --population 5 2>err.txt
    grep -q "no database for authority $HEARTH_LA" err.txt || { cat err.txt; fail "--la is not the authority"; }
    "$HEARTH" kpi --db "$(db x)" --la 'bad;code' --year 2018 --population 5 2>err.txt
    [ $? -eq 2 ] || fail "a malformed --la should exit 2"
else
    [ ! -e nothing-here.db ] || fail "kpi must not create a database"
fi
# options before the command, as git and docker take them: `hearth --db PATH import ...`
mkdir -p g/2018 && cp "$ROOT/tests/fixtures/ssda903/2018/header.csv" "$ROOT/tests/fixtures/ssda903/2018/episodes.csv" g/2018/
in_db glob "$HEARTH" --db "$(db global.db)" import --quiet g || fail "hearth --db PATH import should work"
in_db glob "$HEARTH" --db="$(db global.db)" kpi --year 2018 --population 1000 > g.out 2>&1 || { cat g.out; fail "hearth --db=PATH kpi should read that database"; }
on_pg || [ -s global.db ] || fail "hearth --db PATH import did not write global.db"
"$HEARTH" --db 2>/dev/null; [ $? -eq 2 ] || fail "--db with no path should exit 2"
"$HEARTH" kpi --db x.db --from 2017-02-30 --to 2018-03-31 --population 1000 2>/dev/null
[ $? -eq 1 ] || fail "an impossible date should exit 1"
echo ok
