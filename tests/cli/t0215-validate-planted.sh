# A CIN census and an SSDA903 year with breaches of more than thirty different rules each
# planted, one child a rule (out-of-order dates, codes on no list, values of the wrong form,
# blanks, a child twice among them): hearth validate names every planted child under its
# rule in one run; the same files import, their findings listed, and export again (what
# blocks a return listed, as for UPNs).
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)

# ---- the CIN census: a clean child, and one child a rule with one thing changed ----
cin_child() { # id sed-expression
    sed -e "s/@ID@/$1/" -e "$2" <<'XML'
    <Child>
      <ChildIdentifiers><LAchildID>@ID@</LAchildID><UPNunknown>UN2</UPNunknown><PersonBirthDate>2014-05-04</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>MOB</Disability></Disabilities></ChildCharacteristics>
      <CINdetails><CINreferralDate>2025-06-02</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2026-02-20</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>0</ReferralNFA>
        <Assessments><AssessmentActualStartDate>2025-06-03</AssessmentActualStartDate><AssessmentAuthorisationDate>2025-07-01</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>2A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
        <CINPlanDates><CINPlanStartDate>2025-07-02</CINPlanStartDate><CINPlanEndDate>2025-08-01</CINPlanEndDate></CINPlanDates>
        <Section47><S47ActualStartDate>2025-08-02</S47ActualStartDate><InitialCPCtarget>2025-08-20</InitialCPCtarget><DateOfInitialCPC>2025-08-18</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
        <ChildProtectionPlans><CPPstartDate>2025-08-18</CPPstartDate><CPPendDate>2026-02-20</CPPendDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2025-11-10</CPPreviewDate></Reviews></ChildProtectionPlans>
      </CINdetails>
    </Child>
XML
}
# rule|sed expression (delimited by #) making the child break it (child R<rule>, but for 1570 and 1580,
# which are about the ID itself)
cat > cin-plants.txt <<'EOF2'
1103|s#<AssessmentActualStartDate>2025-06-03#<AssessmentActualStartDate>2025-06-01#
1104|s#<DateOfInitialCPC>2025-08-18#<DateOfInitialCPC>2025-06-01#;s#<S47ActualStartDate>2025-08-02#<S47ActualStartDate>2025-05-30#
1105|s#<CPPstartDate>2025-08-18#<CPPstartDate>2025-06-01#
1510|s#<UPNunknown>UN2</UPNunknown>#<UPN>A201123456789</UPN>#
1540|s#<UPNunknown>UN2</UPNunknown>#<UPN>A201ABCD56789</UPN>#
1560Q|s#<UPNunknown>UN2</UPNunknown>#<UPNunknown>UN2</UPNunknown><FormerUPN>X12</FormerUPN>#
2889|s#<S47ActualStartDate>2025-08-02#<S47ActualStartDate>2025-06-01#
4011|s#<CINPlanEndDate>2025-08-01#<CINPlanEndDate>2025-07-01#
4013|s#<CINPlanEndDate>2025-08-01#<CINPlanEndDate>2026-04-05#
4015|s#<CINPlanStartDate>2025-07-02#<CINPlanStartDate>2025-06-01#
4180|s#<Sex>F</Sex>#<Sex>X</Sex>#
4220|s#<Ethnicity>WBRI#<Ethnicity>WBRX#
8520|s#<PersonBirthDate>2014-05-04#<PersonBirthDate>2026-05-04#
8525Q|s#</PersonBirthDate>#</PersonBirthDate><ExpectedPersonBirthDate>2014-05-04</ExpectedPersonBirthDate>#
8540|s#<Disability>MOB#<Disability>XYZ#
8545Q|s#<Sex>F</Sex>#<Sex>F</Sex><PersonDeathDate>2026-05-01</PersonDeathDate>#
8568|s#<ReferralNFA>0#<ReferralNFA>maybe#
8600|s#<CINreferralDate>2025-06-02</CINreferralDate>##
8608|s#<AssessmentAuthorisationDate>2025-07-01#<AssessmentAuthorisationDate>2025-06-02#
8610|s#<PrimaryNeedCode>N1</PrimaryNeedCode>##
8630|s#<CINclosureDate>2026-02-20#<CINclosureDate>2025-06-01#
8640|s#<ReasonForClosure>RC1#<ReasonForClosure>RC99#
8650|s#<PrimaryNeedCode>N1#<PrimaryNeedCode>N99#
8730|s#<NumberOfPreviousCPP>0</NumberOfPreviousCPP>##
8790|s#<Disability>MOB</Disability>#<Disability>NONE</Disability><Disability>MOB</Disability>#
8794|s#<Disability>MOB</Disability>#<Disability>MOB</Disability><Disability>MOB</Disability>#
8805|s#<ReasonForClosure>RC1</ReasonForClosure>##
8840|s#<CPPendDate>2026-02-20#<CPPendDate>2025-08-18#
8841|s#<CPPreviewDate>2025-11-10#<CPPreviewDate>2025-08-18#
8866|s#<ReferralSource>1A#<ReferralSource>9Z#
8869|s#<AssessmentFactors>2A</AssessmentFactors>#<AssessmentFactors>21</AssessmentFactors><AssessmentFactors>2A</AssessmentFactors>#
8875|s#<DateOfInitialCPC>2025-08-18#<DateOfInitialCPC>2025-08-16#
8898|s#<AssessmentFactors>2A</AssessmentFactors>#<AssessmentFactors>2A</AssessmentFactors><AssessmentFactors>2A</AssessmentFactors>#
8905|s#<InitialCategoryOfAbuse>NEG#<InitialCategoryOfAbuse>XXX#
8910|s#<LatestCategoryOfAbuse>NEG#<LatestCategoryOfAbuse>XXX#
8925|s#<CPPendDate>2026-02-20#<CPPendDate>2025-08-10#
8930|s#<CPPendDate>2026-02-20#<CPPendDate>2026-04-10#
schema|s#<ChildIdentifiers>#<ChildIdentifiers>stray text#
EOF2
{
    cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>887</LEA><SoftwareCode>t</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2026-04-02T10:00:00</DateTime></Source>
  </Header>
  <Children>
XML
    # nine clean children, each with another disability (the return as a whole uses eight)
    i=0
    for d in MOB HAND LD AUT VIS HEAR PC BEH CON; do
        i=$((i + 1)); cin_child "OK$i" "s#<Disability>MOB#<Disability>$d#"
    done
    while IFS='|' read -r rule expr; do
        cin_child "R$rule" "$expr"
    done < cin-plants.txt
    cin_child R8510 's#x#x#'
    cin_child R8510 's#2025-06-02#2025-06-03#g'
    cin_child R1570ABCDEFGHIJKLMNOPQ 's#x#x#'
    cin_child R1580-X 's#x#x#'
    printf '  </Children>\n</Message>\n'
} > cin_census_2026.xml
{ cut -d'|' -f1 cin-plants.txt | sed 's/^\(.*\)$/\1 R\1/'; echo "8510 R8510"; echo "1570 R1570ABCDEFGHIJKLMNOPQ"; echo "1580 R1580-X"; } > cin-want.txt

# ---- the SSDA903 year: the same, one table row changed ----
mkdir -p 2026
hdr_header='CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB'
hdr_episodes='CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'
hdr_reviews='CHILD,DOB,REVIEW,REVIEW_CODE'
hdr_missing='CHILD,DOB,MISSING,MIS_START,MIS_END'
hdr_oc2='CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED'
hdr_oc3='CHILD,DOB,IN_TOUCH,ACTIV,ACCOM'
hdr_ad1='CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR'
hdr_placed_adoption='CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED'
hdr_uasc='CHILD,DOB,SEX,DUC'
for t in header episodes reviews missing oc2 oc3 ad1 placed_adoption uasc; do
    eval "echo \"\$hdr_$t\"" > 2026/$t.csv
done
# rule|table|the row as planted (@ is the child)
cat > 903-plants.txt <<'EOF2'
101|header|@,X,15/06/2012,WBRI,UN2,,
102|header|@,1,31/02/2012,WBRI,UN2,,
103|header|@,1,15/06/2012,ZZZZ,UN2,,
171|header|@,2,15/06/2008,WBRI,UN2,1,31/02/2025
141|episodes|@,32/05/2023,S,C2,N1,U4,PR1,,,,AB1 2CD,AB1 2EF,SC123456
143|episodes|@,01/05/2023,Q,C2,N1,U4,PR1,,,,AB1 2CD,AB1 2EF,SC123456
144|episodes|@,01/05/2023,S,Z9,N1,U4,PR1,,,,AB1 2CD,AB1 2EF,SC123456
145|episodes|@,01/05/2023,S,C2,N9,U4,PR1,,,,AB1 2CD,AB1 2EF,SC123456
146|episodes|@,01/05/2023,S,C2,N1,Q9,PR1,,,,AB1 2CD,AB1 2EF,SC123456
178|episodes|@,01/05/2023,S,C2,N1,U4,PR9,,,,AB1 2CD,AB1 2EF,SC123456
147|episodes|@,01/05/2023,S,C2,N1,U4,PR1,31/02/2026,E13,,AB1 2CD,AB1 2EF,SC123456
1009|episodes|@,01/05/2023,S,C2,N1,U4,PR1,,,ZZZ,AB1 2CD,AB1 2EF,SC123456
166|reviews|@,15/06/2012,31/09/2025,PN1
167|reviews|@,15/06/2012,01/09/2025,PN9
1004|missing|@,15/06/2012,M,31/09/2025,
1005|missing|@,15/06/2012,M,01/09/2025,31/09/2025
1006|missing|@,15/06/2012,X,01/09/2025,02/09/2025
567|missing|@,15/06/2012,M,05/09/2025,01/09/2025
180|oc2|@,15/06/2012,abc,,0,,1,1,1,0,,
196|oc2|@,15/06/2012,,SDQ9,0,,1,1,1,0,,
131|oc3|@,15/06/2008,XX,F1,B1
132|oc3|@,15/06/2008,YES,ZZ,B1
133|oc3|@,15/06/2008,YES,F1,S1
112|ad1|@,15/06/2012,31/02/2025,01/05/2025,1,2,MF,L11
113|ad1|@,15/06/2012,01/03/2025,31/02/2025,1,2,MF,L11
114|ad1|@,15/06/2012,01/03/2025,01/05/2025,7,2,MF,L11
175|ad1|@,15/06/2012,01/03/2025,01/05/2025,1,9,MF,L11
176|ad1|@,15/06/2012,01/03/2025,01/05/2025,1,2,XY,L11
177|ad1|@,15/06/2012,01/03/2025,01/05/2025,1,2,MF,L9
115|placed_adoption|@,15/06/2012,31/02/2025,,
116|placed_adoption|@,15/06/2012,01/03/2025,31/02/2025,RD1
104|uasc|@,15/06/2012,1,31/02/2025
EOF2
# every child has a header row and an episode (unless the plant is one of those)
while IFS='|' read -r rule table row; do
    id="S$rule"
    echo "$row" | sed "s/^@/$id/" >> 2026/$table.csv
    [ "$table" = header ] || echo "$id,1,15/06/2012,WBRI,UN2,," >> 2026/header.csv
    [ "$table" = episodes ] || echo "$id,01/05/2023,S,C2,N1,U4,PR1,,,,AB1 2CD,AB1 2EF,SC123456" >> 2026/episodes.csv
done < 903-plants.txt
# a child twice in the header table
echo "S2X,1,15/06/2012,WBRI,UN2,," >> 2026/header.csv
echo "S2X,1,15/06/2012,WBRI,UN2,," >> 2026/header.csv
echo "S2X,01/05/2023,S,C2,N1,U4,PR1,,,,AB1 2CD,AB1 2EF,SC123456" >> 2026/episodes.csv
# a child with a review but no header row
echo "SINT08,15/06/2012,01/09/2025,PN1" >> 2026/reviews.csv
{ cut -d'|' -f1 903-plants.txt | sed 's/^\(.*\)$/\1 S\1/'; echo "INT32 S2X"; echo "INT08 SINT08"; } > 903-want.txt

# ---- one run names every planted child under its rule ----
"$HEARTH" validate --year 2026 --format json cin_census_2026.xml 2026 > v.json 2> v.err
[ $? -eq 1 ] || { cat v.err; fail "validate: exit 1"; }
grep -q 'AddressSanitizer\|runtime error' v.err && fail "sanitizer report"
check() { # return want-file
    n=0
    while read -r rule child; do
        jq -e --arg r "$rule" --arg c "$child" --arg ret "$1" \
            '[.findings[] | select(.return == $ret and .rule == $r and .child == $c)] | length >= 1' \
            v.json > /dev/null || { jq -c --arg c "$child" '.findings[] | select(.child == $c) | [.rule, .line, .message]' v.json; fail "$1: $child not named under rule $rule"; }
        n=$((n + 1))
    done < "$2"
    rules=$(cut -d' ' -f1 "$2" | sort -u | wc -l)
    [ "$rules" -ge 30 ] || fail "$1: only $rules different rules planted"
}
check cin cin-want.txt
check ssda903 903-want.txt
# the clean children have no ERROR
jq -e '[.findings[] | select((.child | test("^OK")) and .level == "ERROR")] | length == 0' v.json > /dev/null ||
    { jq -c '.findings[] | select(.child | test("^OK"))' v.json; fail "a clean child has an ERROR"; }
# every finding of a file's record says where it is
jq -e '[.findings[] | select(.child != "" and .line == null)] | length == 0' v.json > /dev/null ||
    { jq -c '.findings[] | select(.child != "" and .line == null)' v.json | head; fail "a finding without its line"; }

# ---- the same files import, their findings listed, and export again ----
"$HEARTH" import --db "$DB" cin_census_2026.xml 2026 > imp.txt 2> imp.err || { cat imp.err; fail "import"; }
grep -q 'children have findings' imp.txt || { cat imp.txt; fail "import: children with findings"; }
"$HEARTH" validate --db "$DB" --year 2026 --format json > db.json 2> db.err
# (the database checks the year's return as it was made: a date after its 31 March, which
# 4013, 8520, 8545Q and 8930 are planted with, is what happened later, not in that return)
grep -v '^\(4013\|8520\|8545Q\|8930\) ' cin-want.txt | while read -r rule child; do
    jq -e --arg r "$rule" --arg c "$child" '[.findings[] | select(.rule == $r and .child == $c)] | length >= 1' db.json > /dev/null ||
        fail "validate --db: $child not named under $rule"
done || exit 1
"$HEARTH" export cin-census --db "$DB" --year 2026 --out back.xml > exp.txt 2>&1
rc=$?
grep -q 'AddressSanitizer\|runtime error' exp.txt && fail "export cin-census: sanitizer report"
[ $rc -eq 0 ] || grep -q 'R4220' exp.txt || { cat exp.txt; fail "export cin-census: neither written nor the blocking children listed"; }
"$HEARTH" export ssda903 --db "$DB" --year 2026 --out back903 > exp.txt 2>&1
rc=$?
grep -q 'AddressSanitizer\|runtime error' exp.txt && fail "export ssda903: sanitizer report"
[ $rc -eq 0 ] || grep -q 'S178' exp.txt || { cat exp.txt; fail "export ssda903: neither written nor the blocking children listed"; }
echo ok
