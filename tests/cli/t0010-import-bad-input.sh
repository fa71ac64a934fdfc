# Bad input stops with a message naming file, line and field, and leaves the database
# byte-for-byte unchanged (on PostgreSQL: every row of every table unchanged): a file that
# cannot be read as a return always, one that breaks a content rule under --strict (without
# it such a return is kept and its findings listed: t0210-validate-keep.sh).
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
mkdir good
cat > good/cin_census_2018.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2018</Year><ReferenceDate>2018-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>887</LEA><SoftwareCode>hearth</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2018-05-01T10:00:00</DateTime></Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>C001</LAchildID><UPNunknown>UN1</UPNunknown><PersonBirthDate>2010-05-04</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2017-06-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
        <CINclosureDate>2017-09-01</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>
        <Assessments><AssessmentActualStartDate>2017-06-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2017-07-20</AssessmentAuthorisationDate></Assessments>
        <ReferralNFA>0</ReferralNFA>
      </CINdetails>
    </Child>
  </Children>
</Message>
XML
"$HEARTH" import --db "$DB" good > out.txt 2>&1 || { cat out.txt; fail "good import failed"; }
on_pg || [ ! -e t.db-wal ] || [ ! -s t.db-wal ] || fail "a closed database should leave no WAL behind"
before=$(digest)

try_bad() { # name expected-substring...
    name=$1; shift
    "$HEARTH" import --db "$DB" --strict "$name" > out.txt 2> err.txt
    rc=$?
    [ $rc -eq 1 ] || { cat err.txt; fail "$name: exit $rc, expected 1"; }
    for want in "$@"; do
        grep -q -- "$want" err.txt || { cat err.txt; fail "$name: message lacks '$want'"; }
    done
    after=$(digest)
    [ "$before" = "$after" ] || fail "$name: the database changed"
}

sed 's/<\/Children>//' good/cin_census_2018.xml > truncated.xml
try_bad truncated.xml truncated.xml
sed 's/2017-06-01/2017-02-30/' good/cin_census_2018.xml > baddate.xml
try_bad baddate.xml baddate.xml CINreferralDate :1
sed 's/<PrimaryNeedCode>N1/<PrimaryNeedCode>N42/' good/cin_census_2018.xml > badcode.xml
try_bad badcode.xml badcode.xml PrimaryNeedCode
sed 's/<CINclosureDate>2017-09-01/<CINclosureDate>2017-01-01/' good/cin_census_2018.xml > endbefore.xml
try_bad endbefore.xml endbefore.xml CINclosureDate

mkdir 2018
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n' > 2018/episodes.csv
printf 'C001,01/05/2017,S,C2,N1,U1,PR1,,,,ME1 1AA,ME2 2BB,SC123456\n' >> 2018/episodes.csv
cp 2018/episodes.csv 2018/ok-episodes.csv
printf 'C002,10/06/2017,S,C2,N1,U1,PR1,01/06/2017,E11,,ME1 1AA,ME2 2BB,SC123456\n' >> 2018/episodes.csv
try_bad 2018/episodes.csv 2018/episodes.csv :3 DEC
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nC003,01/05/2017,S,C2,N1,Q9,PR1,,,,,,\n' > 2018/badplace.csv
try_bad 2018/badplace.csv 2018/badplace.csv PLACE
printf 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST,URN\nC003,01/05/2017,S,C2,N1,U1,PR1,,,,,\n' > 2018/missingcol.csv
"$HEARTH" import --db "$DB" 2018/missingcol.csv 2>err.txt; [ $? -eq 1 ] || fail "a CSV missing a column must be refused"
[ "$before" = "$(digest)" ] || fail "missingcol: the database changed"
printf 'hello,world\n1,2\n' > unknown.csv
"$HEARTH" import --db "$DB" unknown.csv 2>err.txt; [ $? -eq 1 ] || fail "an unknown CSV must be refused"
grep -q unknown.csv err.txt || fail "unknown CSV: message lacks the file name"

# one bad file among good ones: nothing at all is imported
"$HEARTH" import --db "$DB" --strict 2018/ok-episodes.csv baddate.xml 2>err.txt; [ $? -eq 1 ] || fail "mixed import should fail"
[ "$before" = "$(digest)" ] || fail "mixed: the database changed"
"$HEARTH" import --db "$DB" 2018/ok-episodes.csv truncated.xml 2>err.txt; [ $? -eq 1 ] || fail "a file that is no return refuses the import"
[ "$before" = "$(digest)" ] || fail "mixed, not strict: the database changed"
# without --strict a content fault is kept and listed
"$HEARTH" import --db "$DB" endbefore.xml > out.txt 2> err.txt || { cat err.txt; fail "endbefore.xml is kept without --strict"; }
grep -q '1 child has findings' out.txt || { cat out.txt; fail "the summary counts the child with findings"; }
echo ok
