# hearth retention: the report lists files whose retention period is over (looked after: 75
# years from birth; adopted: 100 years from the order); deletion needs an administrator and
# --confirm, is refused before the file is due and under a legal hold, and then removes the
# records but keeps the person row (emptied) and a line in the deletion register.
# stores: sqlite pg
set -u
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p r/2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nOLD1,1,05/06/1940,WBRI,UN1,,\nADOP,2,01/01/2010,WBRI,UN1,,\nYOUNG,1,01/01/2012,WBRI,UN1,,\n' > r/2019/header.csv
hdr='CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'
printf '%s\nOLD1,01/05/1950,S,C2,N1,U1,PR1,03/06/1955,E4A,,,,\nADOP,01/05/2012,S,E1,N1,A3,PR1,03/06/2018,E11,,,,\nYOUNG,01/05/2017,S,C2,N1,U1,PR1,,,,,,\n' "$hdr" > r/2019/episodes.csv
"$HEARTH" import --db "$DB" r > imp.txt 2>&1 || { cat imp.txt; fail "import failed"; }
echo "a-long-enough-password" | "$HEARTH" user add root --role admin --db "$DB" > /dev/null || fail "user add admin"
echo "a-long-enough-password" | "$HEARTH" user add sam --role social_worker --team North --db "$DB" > /dev/null || fail "user add sw"

"$HEARTH" retention --report --as-of 2026-03-31 --db "$DB" > rep.txt 2>&1 || { cat rep.txt; fail "report failed"; }
grep -q "^OLD1 .*2015-06-05 .*Looked after" rep.txt || { cat rep.txt; fail "OLD1 (born 1940, looked after) should be due since 2015-06-05"; }
grep -q "^ADOP" rep.txt && fail "an adopted child's file (100 years from 2018) is not due"
grep -q "^YOUNG" rep.txt && fail "YOUNG is not due"
grep -q "1 due, 0 with no date" rep.txt || { cat rep.txt; fail "summary line"; }
# as of 2119 the adoption file is due too (100 years from the order on 2018-06-03)
"$HEARTH" retention --report --as-of 2118-06-03 --db "$DB" | grep -q "^ADOP .*2118-06-03 .*Adopted" || fail "adoption rule"
"$HEARTH" retention --report --as-of 2118-06-02 --db "$DB" | grep -q "^ADOP" && fail "adoption due a day early"

before=$(q "select count(*) from la_episode")
"$HEARTH" retention delete OLD1 --by root --db "$DB" --as-of 2026-03-31 > out.txt 2>&1
[ $? -eq 2 ] || fail "delete without --confirm should be a usage error"
grep -q "add --confirm" out.txt || fail "unclear: $(cat out.txt)"
"$HEARTH" retention delete OLD1 --by sam --confirm --db "$DB" --as-of 2026-03-31 > out.txt 2>&1
[ $? -eq 1 ] || fail "a social worker must not delete"
grep -q "not an administrator" out.txt || fail "unclear: $(cat out.txt)"
"$HEARTH" retention delete YOUNG --by root --confirm --db "$DB" --as-of 2026-03-31 > out.txt 2>&1
[ $? -eq 1 ] || fail "a file not due must not be deleted"
grep -q "kept until 2087-01-01" out.txt || fail "unclear: $(cat out.txt)"
"$HEARTH" retention hold OLD1 --by root --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a hold needs a reason"
"$HEARTH" retention hold OLD1 --reason "Claim 2026/123 against the council" --by root --db "$DB" > /dev/null || fail "hold"
"$HEARTH" retention --report --as-of 2026-03-31 --db "$DB" | grep -q "^OLD1 .*Claim 2026/123" || fail "report shows the hold"
"$HEARTH" retention delete OLD1 --by root --confirm --db "$DB" --as-of 2026-03-31 > out.txt 2>&1
[ $? -eq 1 ] || fail "deletion under a legal hold must be refused"
grep -q "legal hold is in force" out.txt || fail "unclear: $(cat out.txt)"
[ "$(q "select count(*) from la_episode")" = "$before" ] || fail "a refused deletion changed something"
"$HEARTH" retention release OLD1 --by root --db "$DB" | grep -q "1 legal hold lifted" || fail "release"
"$HEARTH" retention delete OLD1 --by root --confirm --db "$DB" --as-of 2026-03-31 > out.txt 2>&1 || { cat out.txt; fail "delete"; }
[ "$(q "select count(*) from la_episode")" = "$((before - 1))" ] || fail "OLD1's episode should be gone"
[ "$(q "select count(*) from person where la_child_id = 'OLD1' or given_name is not null and la_child_id like 'deleted-%'")" = 0 ] \
    || fail "the person row should be emptied"
[ "$(q "select la_child_id || ' ' || rule || ' ' || deleted_by from retention_deleted")" = "OLD1 looked_after root" ] \
    || fail "deletion register: $(q 'select * from retention_deleted')"
"$HEARTH" retention --report --as-of 2026-03-31 --db "$DB" | grep -q "0 due" || fail "OLD1 still reported"
"$HEARTH" retention delete NOBODY --by root --confirm --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "unknown child"
"$HEARTH" retention --db "$DB" > /dev/null 2>&1
[ $? -eq 2 ] || fail "no subcommand is a usage error"
echo ok
