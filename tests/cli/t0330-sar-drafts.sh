# hearth sar gathers drafts about the person: those of their record's forms, and drafts of
# the new-contact form (whose path names no record) that are about them by the record they
# were opened from, their NHS number, or their name and date of birth; a draft about
# someone else is left out.
# stores: sqlite pg
set -u
. "$ROOT/tests/cli/store.sh"
fail() { echo "FAIL: $*"; exit 1; }
DB=$(db t.db)
mkdir -p r/2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/06/2012,WBRI,UN1,,\nC2,2,01/01/2013,WBRI,UN1,,\n' > r/2019/header.csv
"$HEARTH" import --db "$DB" r > imp.txt 2>&1 || { cat imp.txt; fail "import failed"; }
for u in w1 w2 w3 w4 w5; do
    echo "a-long-enough-password" | "$HEARTH" user add $u --role front_door --db "$DB" > /dev/null || fail "user add $u"
done
q "UPDATE person SET given_name = 'Ada', family_name = 'Lovelace', nhs_number = '9434765919' WHERE la_child_id = 'C1'" > /dev/null
child=$(q "SELECT id FROM person WHERE la_child_id = 'C1'")
other=$(q "SELECT id FROM person WHERE la_child_id = 'C2'")
draft() { q "INSERT INTO draft (user_id, form_key, body, updated) SELECT id, '$2', '$3', 1767225600 FROM app_user WHERE name = '$1'" > /dev/null; }
draft w1 /contacts/new "given=Ada&family=Lovelace&dob-day=5&dob-month=6&dob-year=2012&concerns=NEWCHILD-NAME-DOB"
draft w2 /contacts/new "child=$child&concerns=FROM-HER-RECORD"
draft w3 /contacts/new "given=Someone&family=Else&nhs=943+476+5919&concerns=BY-NHS"
draft w4 /contacts/new "given=Ada&family=Lovelace&dob-day=6&dob-month=6&dob-year=2012&concerns=ANOTHER-ADA"
draft w5 /contacts/new "child=$other&concerns=ABOUT-C2"
draft w1 "/children/$child/assessments/new" "factors=2A&note=HER-ASSESSMENT"
"$HEARTH" sar C1 --out bundle --today 2026-03-31 --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "sar"; }
j=bundle/subject-access.json
for m in NEWCHILD-NAME-DOB FROM-HER-RECORD BY-NHS HER-ASSESSMENT; do
    grep -q "$m" "$j" || fail "the draft $m is not in the bundle"
done
for m in ANOTHER-ADA ABOUT-C2; do
    grep -q "$m" "$j" && fail "the draft $m is about someone else"
done
grep -q '"matched_by": "their name and date of birth"' "$j" || fail "no matched_by"
grep -q "4 drafts" bundle/subject-access.html || fail "the summary does not count 4 drafts: $(grep -o '[0-9]* drafts' bundle/subject-access.html)"
echo ok
