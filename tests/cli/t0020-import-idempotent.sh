# Importing the same files twice changes nothing; overlapping years keep one record.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
mkdir -p r/2018 r/2019
hdr='CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'
printf '%s\nC1,01/05/2017,S,C2,N1,U1,PR1,,,,,,\n' "$hdr" > r/2018/episodes.csv
printf '%s\nC1,01/05/2017,S,C2,N1,U1,PR1,03/06/2018,E11,,,,\n' "$hdr" > r/2019/episodes.csv
"$HEARTH" import --db "$DB" r > first.txt 2>&1 || { cat first.txt; fail "first import failed"; }
grep -q 'looked-after episodes *1 ' first.txt || { cat first.txt; fail "overlapping years should give one episode"; }
sum1=$(q "SELECT decom, dec, rec, src_year FROM la_episode")
[ "$sum1" = "$(q "SELECT 2457875, 2458273, 'E11', 2019")" ] || fail "the later year should win: $sum1"
"$HEARTH" import --db "$DB" r > second.txt 2>&1 || fail "second import failed"
grep -q 'looked-after episodes *0 *0 *2' second.txt || { cat second.txt; fail "second import should change nothing"; }
[ "$sum1" = "$(q "SELECT decom, dec, rec, src_year FROM la_episode")" ] || fail "second import changed data"
echo ok
