# The one program: --help for every command, exit codes 0 ok, 1 bad input, 2 usage.
set -u
fail() { echo "FAIL: $*"; exit 1; }
"$HEARTH" --help | grep -q 'import' || fail "hearth --help lists no commands"
for c in import kpi demo; do
    "$HEARTH" $c --help > out.txt || fail "hearth $c --help exited non-zero"
    grep -q "usage: hearth $c" out.txt || fail "hearth $c --help has no usage line"
done
"$HEARTH" frobnicate 2>/dev/null; [ $? -eq 2 ] || fail "unknown command should exit 2"
"$HEARTH" 2>/dev/null; [ $? -eq 2 ] || fail "no command should exit 2"
"$HEARTH" import 2>/dev/null; [ $? -eq 2 ] || fail "import with no files should exit 2"
"$HEARTH" import --bogus x 2>/dev/null; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$HEARTH" kpi --db nothing-here.db --from 2017-04-01 --to 2018-03-31 --population 1000 2>err.txt
[ $? -eq 1 ] || fail "kpi on a missing database should exit 1"
grep -q 'no database' err.txt || fail "kpi on a missing database should say so"
[ ! -e nothing-here.db ] || fail "kpi must not create a database"
"$HEARTH" kpi --db x.db --from 2017-02-30 --to 2018-03-31 --population 1000 2>/dev/null
[ $? -eq 1 ] || fail "an impossible date should exit 1"
echo ok
