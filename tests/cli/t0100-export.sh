# hearth export: the demo authority's CIN census is valid against the year's DfE schema,
# its CIN census and SSDA903 tables import into an empty database and export again to the
# same bytes, Annex A is the same bytes run to run, and bad input is refused (exit 1, a
# clear message, the earlier file untouched) or bad usage (exit 2).
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db demo.db)
export SOURCE_DATE_EPOCH=1775120000
"$HEARTH" demo --db "$DB" --population 20000 --years 2 --quiet > demo.txt 2>&1 || { cat demo.txt; fail "demo failed"; }
"$HEARTH" export --help | grep -q 'cin-census' || fail "no --help"

for y in 2025 2026; do
    "$HEARTH" export cin-census --db "$DB" --year $y --out cin$y.xml > out.txt 2>&1 || { cat out.txt; fail "cin-census $y failed"; }
    xmllint --noout --schema "$ROOT/data/standards/cin-census/CIN_schema_$y.xsd" cin$y.xml 2> xsd.txt || { head xsd.txt; fail "the $y CIN census is not valid against its schema"; }
    grep -q '<LEA>887</LEA>' cin$y.xml || fail "the LA code is not the demo's setting"
    grep -q '<DateTime>2026-04-02T08:53:20</DateTime>' cin$y.xml || fail "DateTime is not SOURCE_DATE_EPOCH"
    n=$(grep -c '<Child>' cin$y.xml); [ "$n" -gt 100 ] || fail "only $n children in $y"
    in_db rt$y "$HEARTH" import --db "$(db rt$y.db)" --quiet cin$y.xml > imp.txt 2>&1 || { cat imp.txt; fail "re-import of the $y census failed"; }
    in_db rt$y "$HEARTH" export cin-census --db "$(db rt$y.db)" --year $y --la-code 887 --out again$y.xml > /dev/null || fail "second cin export"
    cmp -s cin$y.xml again$y.xml || fail "the $y CIN census changed on the round trip"

    "$HEARTH" export ssda903 --db "$DB" --year $y --out s903_$y > s.txt 2>&1 || { cat s.txt; fail "ssda903 $y failed"; }
    grep -q 'episodes.csv' s.txt || fail "no summary"
    [ "$(wc -l < s903_$y/episodes.csv)" -gt 50 ] || fail "too few episodes in $y"
    in_db rs$y "$HEARTH" import --db "$(db rs$y.db)" --year $y --quiet s903_$y > imp.txt 2>&1 || { cat imp.txt; fail "re-import of the $y SSDA903 failed"; }
    in_db rs$y "$HEARTH" export ssda903 --db "$(db rs$y.db)" --year $y --out t903_$y > /dev/null || fail "second ssda903 export"
    diff -r s903_$y t903_$y > d.txt || { head d.txt; fail "the $y SSDA903 tables changed on the round trip"; }
done
# sex codes of the year: M/F/U from 2024-25
cut -d, -f2 s903_2026/header.csv | sort -u | tr '\n' ' ' | grep -q '^F M SEX' || fail "2026 header sex codes: $(cut -d, -f2 s903_2026/header.csv | sort -u | tr '\n' ' ')"
grep -q ',H5,' s903_2026/episodes.csv && fail "H5 in a 2026 return (K3 from 2024-25)"

"$HEARTH" export annex-a --db "$DB" --from 2025-10-01 --to 2026-03-31 --out a.xlsx > /dev/null || fail "annex-a failed"
sleep 1
"$HEARTH" export annex-a --db "$DB" --from 2025-10-01 --to 2026-03-31 --out b.xlsx > /dev/null || fail "second annex-a failed"
cmp -s a.xlsx b.xlsx || fail "Annex A differs run to run"
[ "$(head -c 2 a.xlsx)" = "PK" ] || fail "a.xlsx is not a workbook"

# bad input: exit 1, a clear message, the earlier file untouched, no temporary file left
cp cin2026.xml keep.xml
"$HEARTH" export cin-census --db "$DB" --year 2016 --out cin2026.xml > /dev/null 2> err.txt; rc=$?
[ $rc -eq 1 ] || fail "a year with no schema gave exit $rc"
grep -q 'no CIN census schema for 2016' err.txt || { cat err.txt; fail "unclear message for 2016"; }
"$HEARTH" export cin-census --db "$DB" --year 2026 --la-code 12 --out cin2026.xml > /dev/null 2> err.txt; rc=$?
[ $rc -eq 1 ] || fail "a bad LA code gave exit $rc"
grep -q 'three-digit LA code' err.txt || { cat err.txt; fail "unclear message for the LA code"; }
cmp -s keep.xml cin2026.xml || fail "a refused export changed the earlier file"
ls | grep -q 'tmp-' && fail "a temporary file was left behind"
"$HEARTH" export ssda903 --db "$DB" --year 2016 --out x > /dev/null 2>&1; [ $? -eq 1 ] || fail "ssda903 2016 should be exit 1"
"$HEARTH" export annex-a --db "$DB" --from 2026-03-31 --to 2026-01-01 --out x.xlsx > /dev/null 2>&1; [ $? -eq 1 ] || fail "a backwards period should be exit 1"
"$HEARTH" export annex-a --db "$DB" --from 2026-02-30 --to 2026-03-31 --out x.xlsx > /dev/null 2>&1; [ $? -eq 1 ] || fail "a bad date should be exit 1"
in_db nosuch "$HEARTH" export cin-census --db "$(db nosuch.db)" --year 2026 --out x.xml > /dev/null 2>&1; [ $? -ne 0 ] || fail "a missing database should fail"
if on_pg; then
    [ "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'la_${HEARTH_LA}_nosuch'")" = 0 ] || fail "export created an authority"
else
    [ -f nosuch.db ] && fail "export created a database"
fi
# usage: exit 2
"$HEARTH" export cin-census --db "$DB" --year 2026 > /dev/null 2>&1; [ $? -eq 2 ] || fail "no --out should be exit 2"
"$HEARTH" export > /dev/null 2>&1; [ $? -eq 2 ] || fail "no return should be exit 2"
"$HEARTH" export census --db "$DB" --year 2026 --out x > /dev/null 2>&1; [ $? -eq 2 ] || fail "an unknown return should be exit 2"
"$HEARTH" export annex-a --db "$DB" --year 2026 --out x > /dev/null 2>&1; [ $? -eq 2 ] || fail "annex-a with --year should be exit 2"
echo ok
