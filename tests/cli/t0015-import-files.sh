# What import and validate read: regular files only (a named pipe in a folder is skipped and
# reported, one named is an error; neither hangs); a file in a folder that may be a return
# but cannot be read (empty, binary, UTF-16 text that is not XML) is an error, one that is
# plainly not a return (README.txt) is skipped and reported; a UTF-16 CIN census is read;
# the CSV importers hold text to the XML importer's rules (UTF-8, at most 4096 bytes a
# value) and name file, line and field; validate's messages name validate.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
T="timeout 60"
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

# ---- a named pipe: skipped in a folder, an error when named, never waited on
mkfifo good/stray.xml
$T "$HEARTH" import --db "$DB" good > out.txt 2> err.txt
rc=$?
[ $rc -eq 0 ] || { cat err.txt; fail "folder with a named pipe: exit $rc (124: it hung)"; }
grep -q "hearth import: skipping good/stray.xml: it is a named pipe" err.txt || { cat err.txt; fail "the pipe's skip is not reported"; }
[ "$(q "SELECT count(*) FROM person WHERE la_child_id = 'C001'")" = 1 ] || fail "the good file beside the pipe was not imported"
$T "$HEARTH" import --db "$DB" good/stray.xml > out.txt 2> err.txt
rc=$?
[ $rc -eq 1 ] || { cat err.txt; fail "a named pipe named: exit $rc, expected 1 (124: it hung)"; }
grep -q "good/stray.xml.*named pipe, not a regular file" err.txt || { cat err.txt; fail "unclear: pipe named"; }
$T "$HEARTH" validate good > out.txt 2> err.txt
rc=$?
[ $rc -ne 124 ] || fail "validate hung on a named pipe"
grep -q "hearth validate: skipping good/stray.xml: it is a named pipe" err.txt || { cat err.txt; fail "validate: the pipe's skip is not reported"; }
grep -q "hearth import" err.txt && { cat err.txt; fail "validate's messages name import"; }
$T "$HEARTH" validate good/stray.xml > out.txt 2> err.txt
rc=$?
[ $rc -eq 1 ] || { cat err.txt; fail "validate of a named pipe: exit $rc, expected 1 (124: it hung)"; }
rm good/stray.xml
before=$(digest)

# ---- files in a folder that cannot be read
try_bad_folder() { # file-to-add expected-substring
    rm -rf f; mkdir f; cp good/cin_census_2018.xml f/
    cp "$1" "f/$(basename "$1")"
    "$HEARTH" import --db "$DB" f > out.txt 2> err.txt
    rc=$?
    [ $rc -eq 1 ] || { cat err.txt; fail "$1 in a folder: exit $rc, expected 1"; }
    grep -q "f/$(basename "$1").*$2" err.txt || { cat err.txt; fail "$1: message lacks '$2'"; }
    [ "$before" = "$(digest)" ] || fail "$1: the database changed"
}
mkdir x
: > x/header.csv
try_bad_folder x/header.csv "the file is empty"
head -c 3000 /dev/zero > x/data.bin
try_bad_folder x/data.bin "binary"
printf 'CHILD,SEX,DOB\r\n' | iconv -f UTF-8 -t UTF-16 > x/header16.csv
try_bad_folder x/header16.csv "UTF-16"

# plainly not a return: skipped, and the skip reported
rm -rf f; mkdir f; cp good/cin_census_2018.xml f/
printf 'How to send the returns\n\0' > f/README.txt
"$HEARTH" import --db "$DB" f > out.txt 2> err.txt || { cat err.txt; fail "a README.txt stopped the import"; }
grep -q "hearth import: skipping f/README.txt: " err.txt || { cat err.txt; fail "README.txt skipped silently"; }
"$HEARTH" validate f > out.txt 2> err.txt
grep -q "hearth validate: skipping f/README.txt" err.txt || { cat err.txt; fail "validate: skip not reported as validate's"; }
grep -q "hearth import" err.txt && { cat err.txt; fail "validate's messages name import"; }

# ---- a UTF-16 CIN census with a byte-order mark is read like the UTF-8 one
DB2=$(db u16.db)
mkdir u16
sed 's/C001/C016/' good/cin_census_2018.xml | iconv -f UTF-8 -t UTF-16 > u16/cin_census_2018.xml
[ "$(head -c 2 u16/cin_census_2018.xml | od -An -tx1 | tr -d ' ')" = fffe ] || fail "no BOM in the fixture"
in_db u16 "$HEARTH" import --db "$DB2" u16 > out.txt 2> err.txt || { cat err.txt; fail "UTF-16 census refused"; }
grep -q "^children  *1 " out.txt || { cat out.txt err.txt; fail "the UTF-16 census imported nothing"; }

# ---- CSV text: UTF-8 and the one length limit, with file, line and field
mkdir 2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/06/2012,WBRI,UN1,,\nC2,1,05/06/2012,WBRI,UN1,,\nC3,1,05/06/2012,W\351RI,UN1,,\n' > 2019/header.csv
"$HEARTH" import --db "$DB" 2019/header.csv > out.txt 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "invalid UTF-8 in a CSV was taken"; }
grep -q "2019/header.csv:4: field ETHNIC: .*not UTF-8" err.txt || { cat err.txt; fail "invalid UTF-8: unclear"; }
[ "$before" = "$(digest)" ] || fail "invalid UTF-8: the database changed"
long=$(printf '%10000s' '' | tr ' ' 'C')
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n%s,1,05/06/2012,WBRI,UN1,,\n' "$long" > 2019/header.csv
"$HEARTH" import --db "$DB" 2019/header.csv > out.txt 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "a 10,000-character child ID was taken from CSV"; }
grep -q "2019/header.csv:2: field CHILD: CHILD is longer than 4096 characters" err.txt || { cat err.txt; fail "long CSV ID: unclear"; }
sed "s/C001/$long/" good/cin_census_2018.xml > long.xml
"$HEARTH" import --db "$DB" long.xml > out.txt 2> err.txt
[ $? -eq 1 ] || { cat err.txt; fail "a 10,000-character child ID was taken from XML"; }
grep -q "LAchildID is longer than 4096 characters" err.txt || { cat err.txt; fail "long XML ID: unclear"; }
[ "$before" = "$(digest)" ] || fail "long IDs: the database changed"
echo ok
