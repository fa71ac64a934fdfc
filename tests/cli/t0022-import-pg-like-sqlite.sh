# The same files imported into PostgreSQL give what SQLite gives: the summary of a first
# import into an empty authority and of a second import of the same files, and every figure
# of `hearth kpi`, also with the bulk path held to little memory (rows written early, shed
# and read back). A load into an empty authority drops the record tables' indexes and
# foreign keys and builds them again before it commits: afterwards, and after a load that
# failed, the schema is the one a fresh authority has.
# stores: sqlite pg
set -u
fail() { echo "FAIL: $*"; exit 1; }
. "$ROOT/tests/cli/store.sh"
on_pg || { echo "ok (compares PostgreSQL with SQLite: the PostgreSQL run only)"; exit 0; }
DB=$(db t.db)
"$HEARTH" demo generate --out f --population 3000 --first-year 2025 --years 2 --seed 1 > /dev/null ||
    fail "demo generate"
summary() { grep -v ' records in ' "$1"; }
# the same database's figures on both stores (the authority's name aside)
kpi() { "$HEARTH" kpi --db "$1" --year 2026 --population 3000 --format json; }

# SQLite: the reference
env -u HEARTH_LA "$HEARTH" import --db s.db f > s1.txt 2>&1 || { cat s1.txt; fail "SQLite import"; }
env -u HEARTH_LA "$HEARTH" import --db s.db f > s2.txt 2>&1 || { cat s2.txt; fail "SQLite re-import"; }
(unset HEARTH_LA; kpi s.db) > s.json || fail "SQLite kpi"
grep -q '"referrals":{"value":[1-9]' s.json || fail "the SQLite figures have no referrals"

# every index and constraint of an authority's schema, the schema's name taken out
schema_of() {
    psql -X -q -A -t -d "$HEARTH_TEST_PG" -c "SELECT x FROM (
        SELECT tablename || ' ' || indexname || ' ' || indexdef x
          FROM pg_indexes WHERE schemaname = 'la_$1'
        UNION ALL
        SELECT conrelid::regclass::text || ' ' || conname || ' '
               || pg_get_constraintdef(oid) || ' ' || convalidated
          FROM pg_constraint WHERE connamespace = 'la_$1'::regnamespace) t" | sed "s/la_$1\\.//g" | sort
}
# a fresh authority: its tables made, nothing imported (the file named does not exist)
in_db ref "$HEARTH" import --db "$DB" missing > /dev/null 2>&1 && fail "an import of nothing should fail"
schema_of "${HEARTH_LA}_ref" > ref.txt
grep -q 'person_dob CREATE INDEX' ref.txt || fail "no person_dob in a fresh authority"
grep -q 'contact_person_id_fkey FOREIGN KEY (person_id) REFERENCES person(id) true' ref.txt ||
    { cat ref.txt; fail "no contact foreign key in a fresh authority"; }

"$HEARTH" import --db "$DB" f > p1.txt 2>&1 || { cat p1.txt; fail "PostgreSQL import"; }
summary s1.txt > a.txt; summary p1.txt > b.txt
diff a.txt b.txt || fail "a first import: the summary differs from SQLite's"
schema_of "$HEARTH_LA" > after.txt
diff ref.txt after.txt || fail "a first import left the indexes or keys changed"
"$HEARTH" import --db "$DB" f > p2.txt 2>&1 || { cat p2.txt; fail "PostgreSQL re-import"; }
summary s2.txt > a.txt; summary p2.txt > b.txt
diff a.txt b.txt || fail "a second import: the summary differs from SQLite's"
grep -q ' 0 *0 *[1-9]' b.txt || fail "a second import should find every record unchanged"
kpi "$DB" > p.json || fail "PostgreSQL kpi"
cmp -s s.json p.json || fail "the figures differ from SQLite's"

# the bulk path's memory bound: rows written early, mirrors shed and read back
HEARTH_PG_BULK_MB=0.05 in_db small "$HEARTH" import --db "$DB" f > m1.txt 2>&1 || { cat m1.txt; fail "bounded import"; }
summary s1.txt > a.txt; summary m1.txt > b.txt
diff a.txt b.txt || fail "a first import in little memory: the summary differs from SQLite's"
HEARTH_PG_BULK_MB=0.05 in_db small "$HEARTH" import --db "$DB" f > m2.txt 2>&1 || { cat m2.txt; fail "bounded re-import"; }
summary s2.txt > a.txt; summary m2.txt > b.txt
diff a.txt b.txt || fail "a second import in little memory: the summary differs from SQLite's"
in_db small kpi "$DB" > m.json || fail "kpi after the bounded import"
cmp -s s.json m.json || fail "the figures after an import in little memory differ from SQLite's"
schema_of "${HEARTH_LA}_small" > after.txt
diff ref.txt after.txt || fail "a bounded import left the indexes or keys changed"

# a load into an empty authority that fails: nothing kept, the schema as it was
cp -r f bad
printf '<?xml version="1.0"?>\n<Message><Header>\n' > bad/2026/cin_census_2026.xml
in_db bad "$HEARTH" import --db "$DB" bad > x.txt 2>&1 && { cat x.txt; fail "a broken file should fail the import"; }
n=$(PGOPTIONS="-c search_path=la_${HEARTH_LA}_bad" psql -X -q -A -t -d "$HEARTH_TEST_PG" -c "SELECT count(*) FROM person")
[ "$n" = 0 ] || fail "a failed import kept $n children"
schema_of "${HEARTH_LA}_bad" > after.txt
diff ref.txt after.txt || fail "a failed import left the indexes or keys changed"
echo ok
