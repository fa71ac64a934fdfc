# hearth audit verify names the first entry that breaks when the chain runs past its head:
# one correctly hashed entry added without moving the head, and the head moved back by one,
# each name the first entry the head does not vouch for (not the place after the last).
# stores: sqlite pg
set -u
. "$ROOT/tests/cli/store.sh"
fail() { echo "FAIL: $*"; exit 1; }
DB=$(db t.db)
mkdir -p r/2019
printf 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/06/2012,WBRI,UN1,,\n' > r/2019/header.csv
"$HEARTH" import --db "$DB" r > imp.txt 2>&1 || { cat imp.txt; fail "import failed"; }
echo "sam-password-for-tests" | "$HEARTH" user add sam --role social_worker --team North --db "$DB" > /dev/null || fail "user add sam"
child=$(q "SELECT id FROM person WHERE la_child_id = 'C1'")
sam=$(q "SELECT id FROM app_user WHERE name = 'sam'")
# four openings, chained by hearth itself (audit seal gives each its place and hash)
for at in 1740000000 1740000100 1740000200 1740000300; do
    q "INSERT INTO access_log (user_id, at, person_id, page) VALUES ($sam, $at, $child, 'record')" > /dev/null
done
"$HEARTH" audit seal --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "seal"; }
"$HEARTH" audit verify --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "verify before"; }
grep -q "intact: 4 entries, head 4" out.txt || fail "verify: $(cat out.txt)"
head_hash=$(q "SELECT hash FROM audit_head WHERE id = 1")

# a fifth entry, correctly hashed by hearth, then the head put back as it was
q "INSERT INTO access_log (user_id, at, person_id, page) VALUES ($sam, 1740000400, $child, 'record')" > /dev/null
"$HEARTH" audit seal --db "$DB" > out.txt 2>&1 || { cat out.txt; fail "seal 5"; }
q "UPDATE audit_head SET seq = 4, hash = '$head_hash' WHERE id = 1" > /dev/null
row5=$(q "SELECT id FROM access_log WHERE seq = 5")
"$HEARTH" audit verify --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "an entry past the head verified: $(cat out.txt)"
grep -q "past its head" out.txt || fail "unclear: $(cat out.txt)"
grep -q "first broken entry: row $row5, place 5 in the chain" out.txt || fail "entry 5 not named: $(cat out.txt)"

# the head moved back by one (its hash left as it was): entry 4 is the first past it
q "DELETE FROM access_log WHERE seq = 5" > /dev/null
q "UPDATE audit_head SET seq = 3 WHERE id = 1" > /dev/null
row4=$(q "SELECT id FROM access_log WHERE seq = 4")
"$HEARTH" audit verify --db "$DB" > out.txt 2>&1
[ $? -eq 1 ] || fail "a head moved back verified: $(cat out.txt)"
grep -q "first broken entry: row $row4, place 4 in the chain" out.txt || fail "entry 4 not named: $(cat out.txt)"
echo ok
