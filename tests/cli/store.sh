# tests/cli/store.sh: sourced by command-line tests that run on both stores (those with
# a "# stores: sqlite pg" line). tests/run-cli.sh runs such a test once as it is and, when
# a PostgreSQL test server is up, once more with HEARTH_TEST_STORE=pg, HEARTH_TEST_PG its
# URI and HEARTH_LA a fresh authority. Gives:
#   db NAME     what to pass to --db: the file NAME, or the server's URI; set DB to it
#               (DB=$(db t.db)) for q and digest
#   q SQL       run SQL on the test's database ($DB), rows printed as a|b|c
#   digest      one line that changes whenever any record changes
#   on_pg       true when this run is the PostgreSQL one
#   in_db NAME CMD...  run CMD for a further database of the test: on PostgreSQL with
#               HEARTH_LA=${HEARTH_LA}_NAME (NAME: letters, digits, _; tests/run-cli.sh
#               drops it with the first), so `in_db rt "$HEARTH" import --db "$(db rt.db)"`
#               works on both stores
on_pg() { [ "${HEARTH_TEST_STORE:-sqlite}" = pg ]; }
if on_pg; then
    in_db() { n=$1; shift; HEARTH_LA="${HEARTH_LA}_$n" "$@"; }
    db() { printf '%s' "$HEARTH_TEST_PG"; }
    q() { PGOPTIONS="-c search_path=la_$HEARTH_LA -c client_min_messages=warning" \
          psql -X -q -A -t -d "$HEARTH_TEST_PG" -c "$1"; }
    digest() {
        for t in person contact early_help cin_episode assessment cin_plan s47_enquiry cp_plan \
                 cp_review la_episode la_review missing_episode care_leaver la_outcome adoption \
                 placed_adoption prev_perm uasc sw_episode setting cin_episode_return; do
            q "SELECT '$t', count(*), md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM $t x"
        done | sha256sum | cut -d' ' -f1
    }
else
    in_db() { shift; "$@"; }
    db() { printf '%s' "$1"; }
    q() { sqlite3 "$DB" "$1"; }
    digest() { sha256sum "$DB" | cut -d' ' -f1; }
fi
