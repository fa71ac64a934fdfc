/* Many writers on one PostgreSQL authority at once (needs the test server; skipped without
 * one). 24 processes write for a few seconds: most in small transactions (a child, an
 * episode of need, a contact of one child they all share, and a rewrite of that shared
 * child's record), two in bulk transactions of 200 children (the COPY path). Each makes
 * at least three transactions, however slow the machine.
 * Every transaction must commit: no serialisation failure, deadlock or other error may
 * reach a writer. Then every acknowledged write must be there exactly once, and nothing
 * else: no lost and no duplicated writes. */
#include "teststore.h"

#include <sys/wait.h>
#include <time.h>

enum { WRITERS = 24, SECONDS = 4, BULK = 200, MAX_TX = 100000 };

static day_t d(const char *iso) { return date_parse_iso(iso, strlen(iso)); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One writer: returns (as exit status) 0 when every transaction committed; writes the
 * number of children it had acknowledged to fd. */
static int writer(const struct test_db *t, int w, int fd)
{
    struct store *s;
    struct err e;
    err_clear(&e);
    if (test_db_open(t, 0, &s, &e) != HE_OK) {
        fprintf(stderr, "writer %d: open: %s\n", w, e.msg);
        return 1;
    }
    int bulk = w % 12 == 0, acked = 0;
    double end = now() + SECONDS;
    char id[32], who[32], src[16];
    snprintf(src, sizeof src, "w%d", w);
    for (int k = 0; (k < 3 || now() < end) && k < MAX_TX; k++) {
        if (store_begin(s, &e) != HE_OK)
            goto fail;
        int n = bulk ? BULK : 1;
        for (int i = 0; i < n; i++) {
            rec_id p, ep, shared;
            snprintf(id, sizeof id, "W%d-%d", w, acked + i);
            struct person c = {.la_child_id = id, .dob = d("2012-01-01"), .mother = -1};
            enum put_outcome o;
            if (store_put_person(s, 2018, &c, &p, &o, &e) != HE_OK)
                goto fail;
            if (o != PUT_ADDED) {
                fprintf(stderr, "writer %d: %s was not new\n", w, id);
                goto bad;
            }
            struct cin_episode ce = {.person = p, .referral_date = d("2017-05-01"), .referral_nfa = 0};
            if (store_put_cin_episode(s, 2018, &ce, &ep, NULL, &e) != HE_OK ||
                store_complete_episode(s, ep, 2018, &e) != HE_OK)
                goto fail;
            /* contention: everyone rewrites the same child and adds to its contacts */
            snprintf(who, sizeof who, "w%dk%d", w, acked + i);
            struct person sh = {.la_child_id = "SHARED", .given_name = who, .mother = -1};
            if (store_put_person(s, 2018, &sh, &shared, NULL, &e) != HE_OK)
                goto fail;
            struct contact ct = {.person = shared, .date = d("1990-01-01") + acked + i, .source = src};
            if (store_put_contact(s, 2018, &ct, NULL, &o, &e) != HE_OK)
                goto fail;
        }
        if (store_commit(s, &e) != HE_OK)
            goto fail;
        acked += n; /* acknowledged: the commit returned */
    }
    store_close(s);
    return write(fd, &acked, sizeof acked) == sizeof acked ? 0 : 1;
fail:
    fprintf(stderr, "writer %d: %s\n", w, e.msg);
bad:
    store_close(s);
    return 1;
}

static void test_many_writers(void **state)
{
    if (!test_pg_server())
        skip();
    struct test_db t;
    struct store *s;
    struct err e;
    test_db_new(&t, TB_PG, "", "");
    assert_int_equal(test_db_open(&t, STORE_CREATE, &s, &e), HE_OK);
    store_close(s);

    int fds[WRITERS][2];
    pid_t pid[WRITERS];
    fflush(NULL);
    for (int w = 0; w < WRITERS; w++) {
        assert_int_equal(pipe(fds[w]), 0);
        pid[w] = fork();
        assert_true(pid[w] >= 0);
        if (pid[w] == 0) {
            close(fds[w][0]);
            _exit(writer(&t, w, fds[w][1]));
        }
        close(fds[w][1]);
    }
    long total = 0, small = 0;
    int failed = 0, acked[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        int status;
        assert_int_equal(waitpid(pid[w], &status, 0), pid[w]);
        acked[w] = -1;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
            read(fds[w][0], &acked[w], sizeof acked[w]) != sizeof acked[w])
            failed++;
        close(fds[w][0]);
        total += acked[w];
        small += w % 12 ? acked[w] : 0;
    }
    assert_int_equal(failed, 0);
    printf("concurrency: %d writers, %ld children acknowledged in %d s (%ld in small transactions)\n",
           WRITERS, total, SECONDS, small);
    for (int w = 0; w < WRITERS; w++)
        assert_true(acked[w] >= 3);

    char sql[400];
    for (int w = 0; w < WRITERS; w++) {
        /* exactly the acknowledged children, each once, numbered without a gap */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM la_%s.person WHERE la_child_id LIKE 'W%d-%%'",
                 t.la, w);
        assert_int_equal(test_pg_sql(sql), acked[w]);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM la_%s.person WHERE la_child_id = 'W%d-%d'",
                 t.la, w, acked[w] - 1);
        assert_int_equal(test_pg_sql(sql), acked[w] > 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM la_%s.contact WHERE source = 'w%d'", t.la, w);
        assert_int_equal(test_pg_sql(sql), acked[w]);
    }
    snprintf(sql, sizeof sql, "SELECT count(*) - count(DISTINCT la_child_id) FROM la_%s.person", t.la);
    assert_int_equal(test_pg_sql(sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM la_%s.cin_episode", t.la);
    assert_int_equal(test_pg_sql(sql), total);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM la_%s.person", t.la);
    assert_int_equal(test_pg_sql(sql), total + 1); /* and SHARED, once */
    test_db_drop(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_writers),
    };
    return cmocka_run_group_tests_name("PostgreSQL concurrency", tests, NULL, NULL);
}
