# An export replaces its target whole or not at all, and leaves no personal data under a
# temporary name: a failure while the SSDA903 tables are written or as the new folder is put
# in place leaves the old folder as it was and no temporary folder; a kill there leaves the
# old folder as it was, and the next run removes the killed run's leftovers (hearth's own
# temporary names only); the same for the CIN census and Annex A files. The failure points
# exist only in the test build (HEARTH_TEST_EXPORT_FAULT, see src/format/export_util.h).
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
mkdir -p r/2018 r/2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,05/06/2012,WBRI,UN1,,\n' > r/2018/header.csv
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA1,01/05/2017,S,C2,N1,U1,PR1,,,,,,\n' > r/2018/episodes.csv
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nB2,2,07/08/2011,WBRI,UN1,,\n' > r/2019/header.csv
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nB2,01/06/2018,S,C2,N1,U1,PR1,,,,,,\n' > r/2019/episodes.csv
"$HEARTH" import --db "$DB" --quiet r > imp.txt 2>&1 || { cat imp.txt; fail "import"; }

mkdir out
"$HEARTH" export ssda903 --db "$DB" --year 2018 --out out/s903/ > s.txt 2>&1 || { cat s.txt; fail "export 2018"; }
grep -q '^A1,' out/s903/header.csv || fail "A1 not in the 2018 header table"
cp -r out/s903 keep
no_tmp() { # what
    left=$(find out -name '*tmp-*')
    [ -z "$left" ] || fail "$1: left behind: $left"
}

# a failure after the first table is written, and one as the new folder is put in place
for at in write rename; do
    HEARTH_TEST_EXPORT_FAULT=$at "$HEARTH" export ssda903 --db "$DB" --year 2019 --out out/s903 > s.txt 2>&1
    rc=$?
    [ $rc -ne 0 ] || fail "fault at $at: the export did not fail"
    diff -r keep out/s903 > d.txt || { cat d.txt; fail "fault at $at: the old folder changed"; }
    no_tmp "fault at $at"
done

# killed after the first table is written, and killed just before the swap: the old folder
# whole, the leftovers (personal data) removed by the next run, which replaces the folder
for at in write rename; do
    HEARTH_TEST_EXPORT_FAULT=kill:$at "$HEARTH" export ssda903 --db "$DB" --year 2019 --out out/s903 > s.txt 2>&1
    rc=$?
    [ $rc -ne 0 ] || fail "kill at $at: the export did not die"
    diff -r keep out/s903 > d.txt || { cat d.txt; fail "kill at $at: the old folder changed"; }
    [ -n "$(find out -name 's903.tmp-*')" ] || fail "kill at $at: nothing left behind (was it killed?)"
done
# leftovers as earlier versions named them, inside the folder and beside it
printf 'CHILD\nA1\n' > out/s903/header.csv.tmp-Ab12Cd
printf 'x' > out/s903.tmp-Zz9999
printf 'not hearth' > out/s903.tmp-notes.txt
"$HEARTH" export ssda903 --db "$DB" --year 2019 --out out/s903 > s.txt 2>&1 || { cat s.txt; fail "export 2019"; }
grep -q '^B2,' out/s903/header.csv || fail "B2 not in the 2019 header table"
cmp -s keep/episodes.csv out/s903/episodes.csv && fail "the 2019 episodes table is the 2018 one"
[ -f out/s903.tmp-notes.txt ] || fail "a file that is not hearth's was removed"
rm out/s903.tmp-notes.txt
no_tmp "the run after the kills"
[ "$(ls out/s903 | sort | tr '\n' ' ')" = "ad1.csv episodes.csv header.csv missing.csv oc2.csv oc3.csv placed_for_adoption.csv previous_permanence.csv reviews.csv uasc.csv " ] ||
    fail "the folder holds: $(ls out/s903)"

# a folder holding a file hearth did not write is not replaced (it would go with it)
echo "notes" > out/s903/notes.txt
cp -r out/s903 keep2
"$HEARTH" export ssda903 --db "$DB" --year 2018 --out out/s903 > s.txt 2>&1
[ $? -eq 1 ] || fail "a folder with notes.txt was replaced"
grep -q "notes.txt" s.txt || { cat s.txt; fail "unclear: $(cat s.txt)"; }
diff -r keep2 out/s903 > /dev/null || fail "the refused export changed the folder"
rm out/s903/notes.txt

# one-file exports: the same care
"$HEARTH" export annex-a --db "$DB" --from 2017-10-01 --to 2018-03-31 --out out/a.xlsx > /dev/null 2>&1 || fail "annex-a"
cp out/a.xlsx keep.xlsx
HEARTH_TEST_EXPORT_FAULT=rename "$HEARTH" export annex-a --db "$DB" --from 2018-10-01 --to 2019-03-31 --out out/a.xlsx > /dev/null 2>&1
[ $? -ne 0 ] || fail "annex-a: the fault did not fail it"
cmp -s keep.xlsx out/a.xlsx || fail "annex-a: a failed export changed the file"
no_tmp "annex-a failure"
HEARTH_TEST_EXPORT_FAULT=kill:rename "$HEARTH" export annex-a --db "$DB" --from 2018-10-01 --to 2019-03-31 --out out/a.xlsx > /dev/null 2>&1
[ -n "$(find out -name 'a.xlsx.tmp-*')" ] || fail "annex-a: nothing left by the kill"
cmp -s keep.xlsx out/a.xlsx || fail "annex-a: a killed export changed the file"
printf 'x' > out/a.xlsx.tmp-Qw12Er
"$HEARTH" export annex-a --db "$DB" --from 2018-10-01 --to 2019-03-31 --out out/a.xlsx > /dev/null 2>&1 || fail "annex-a after the kill"
no_tmp "annex-a after the kill"
cmp -s keep.xlsx out/a.xlsx && fail "annex-a: the file was not replaced"
echo ok
