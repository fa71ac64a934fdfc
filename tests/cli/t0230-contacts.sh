# Annex A contacts: two identical rows of one list are two contacts (the police can report
# two incidents about a child on one day), while lists imported together count each contact
# once, keeping per child, day and source the largest number any one list gives, in
# whatever order they come. Importing a list again changes nothing; `hearth kpi` counts
# every contact and the Annex A export writes each of them again.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
DB=$(db t.db)
H='Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source'
k1='K1,a) Male,a) White,05/06/2015,10' k2='K2,b) Female,a) White,01/02/2012,13'
k3='K3,b) Female,a) White,01/02/2011,14' k4='K4,a) Male,a) White,01/02/2016,9'
# list a: K1 twice from the police on 12 June (and once from school), K3 twice from the
# police on 3 July, its second row further down the list
cat > a.csv <<CSV
$H
$k1,12/06/2025,g) Police
$k1,12/06/2025,g) Police
$k1,12/06/2025,b) Schools
$k2,01/07/2025,d) Health services
$k3,03/07/2025,g) Police
$k2,02/07/2025,d) Health services
$k3,03/07/2025,g) Police
CSV
# list b overlaps it: K1's police contact once (a has two), K2's of 1 July twice (a has
# one), K3's once, and K4 new
cat > b.csv <<CSV
$H
$k2,01/07/2025,d) Health services
$k1,12/06/2025,g) Police
$k4,20/07/2025,a) Individual
$k2,01/07/2025,d) Health services
$k3,03/07/2025,g) Police
CSV
per_key() { # child|source|contacts|largest seq, by child, day and source
    q "SELECT p.la_child_id, c.source, count(*), max(c.seq) FROM contact c JOIN person p
       ON p.id = c.person_id GROUP BY p.la_child_id, c.date, c.source ORDER BY p.la_child_id, c.date, c.source"
}
per_key_in() { # NAME: per_key in the test's further database NAME (in_db)
    if on_pg; then (HEARTH_LA="${HEARTH_LA}_$1"; per_key); else (DB="$1.db"; per_key); fi
}
both='K1|2A|1|1
K1|6|2|2
K2|3|2|2
K2|3|1|1
K3|6|2|2
K4|1|1|1'

# ---- one list: every row a contact ----
"$HEARTH" import --db "$DB" a.csv > imp.out 2> imp.err || { cat imp.out imp.err; fail "import of list a"; }
grep -q 'AddressSanitizer\|runtime error' imp.err && fail "sanitizer report"
grep -Eq '^contacts +7 +0 +0' imp.out || { cat imp.out; fail "the import does not count 7 contacts added"; }
[ "$(q "SELECT count(*) FROM contact")" = 7 ] || fail "7 rows gave $(q "SELECT count(*) FROM contact") contacts"
[ "$(q "SELECT count(*) FROM contact c JOIN person p ON p.id = c.person_id WHERE p.la_child_id = 'K1' AND c.source = '6'")" = 2 ] ||
    fail "K1's two police contacts of one day are not two"
[ "$(q "SELECT count(*) FROM contact c JOIN person p ON p.id = c.person_id WHERE p.la_child_id = 'K3'")" = 2 ] ||
    fail "K3's two police contacts (rows apart) are not two"
"$HEARTH" kpi --db "$DB" --from 2025-04-01 --to 2026-03-31 --population 1000 --format json > kpi.json 2> kpi.err ||
    { cat kpi.err; fail "kpi"; }
[ "$(jq '.measures.contacts.value' kpi.json)" = 7 ] || fail "kpi contacts: $(jq '.measures.contacts.value' kpi.json), not 7"

# ---- the same list again: nothing changes ----
before=$(digest)
"$HEARTH" import --db "$DB" a.csv > again.out 2>&1 || { cat again.out; fail "second import of list a"; }
grep -Eq '^contacts +0 +0 +7' again.out || { cat again.out; fail "the second import should find its 7 contacts unchanged"; }
[ "$(digest)" = "$before" ] || fail "importing the same list again changed the database"

# ---- the Annex A export writes every contact, the repeated ones too ----
"$HEARTH" export annex-a --db "$DB" --from 2025-04-01 --to 2026-03-31 --out a.xlsx > exp.out 2>&1 || { cat exp.out; fail "annex-a export"; }
rows=$(unzip -p a.xlsx xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
[ "$rows" -eq 8 ] || fail "list 1 of the export has $rows rows, not a heading and 7 contacts"

# ---- overlapping lists together, in either order: the largest number per list ----
in_db ab "$HEARTH" import --db "$(db ab.db)" a.csv b.csv > ab.out 2>&1 || { cat ab.out; fail "import of a and b together"; }
[ "$(per_key_in ab)" = "$both" ] || { per_key_in ab; fail "lists a and b together do not keep the most of either"; }
in_db ba "$HEARTH" import --db "$(db ba.db)" b.csv > ba.out 2>&1 || { cat ba.out; fail "import of b"; }
in_db ba "$HEARTH" import --db "$(db ba.db)" a.csv > ba.out 2>&1 || { cat ba.out; fail "import of a after b"; }
grep -Eq '^contacts +4 +0 +3' ba.out || { cat ba.out; fail "a after b should add K1's and K3's second police contacts, K1's school one and K2's of 2 July"; }
[ "$(per_key_in ba)" = "$both" ] || { per_key_in ba; fail "list a after list b does not give what both together give"; }
# and a list once more after both: nothing new
in_db ba "$HEARTH" import --db "$(db ba.db)" b.csv > ba.out 2>&1 || { cat ba.out; fail "import of b again"; }
grep -Eq '^contacts +0 +0 +5' ba.out || { cat ba.out; fail "b again should change nothing"; }
[ "$(per_key_in ba)" = "$both" ] || fail "list b again changed the contacts"

# ---- a Medway-sized list: 9,405 contacts, two of them the same child, day and source as
# another (which the store's bulk paths meet too) ----
awk 'BEGIN {
    print "'"$H"'"
    split("a) Individual,b) Schools,d) Health services,g) Police,k) Unknown", src, ",")
    for (i = 0; i < 9403; i++) {
        row = sprintf("M%04d,a) Male,a) White,01/01/2015,10,%02d/%02d/2025,%s", i % 3000, 1 + i % 28,
                      4 + int(i / 3000), src[1 + int(i / 3000) % 5])
        print row
        if (i == 17 || i == 6001) again[i] = row
    }
    print again[17]; print again[6001]
}' > m.csv
in_db m "$HEARTH" import --db "$(db m.db)" m.csv > m.out 2>&1 || { cat m.out; fail "import of the large list"; }
grep -Eq '^contacts +9405 +0 +0' m.out || { cat m.out; fail "the large list should give 9,405 contacts"; }
in_db m "$HEARTH" import --db "$(db m.db)" m.csv > m.out 2>&1 || { cat m.out; fail "second import of the large list"; }
grep -Eq '^contacts +0 +0 +9405' m.out || { cat m.out; fail "the large list again should change nothing"; }
exit 0
