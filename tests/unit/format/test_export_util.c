/* Tests for export_util's temporary names: only hearth's own names for the target are
 * taken for leftovers (NAME.tmp-PID-XXXXXX, and NAME.tmp-XXXXXX of earlier versions); the
 * next export to the target removes those of dead processes, files and folders, and keeps
 * a live export's and anything else; a folder export replaces the old folder whole and
 * refuses one holding a file it did not write. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "format/export_util.h"

static void test_names(void **state)
{
    long pid;
    assert_true(export_tmp_name("cin.xml.tmp-Ab12Cd", "cin.xml", &pid));
    assert_int_equal(pid, 0);
    assert_true(export_tmp_name("cin.xml.tmp-4242-Ab12Cd", "cin.xml", &pid));
    assert_int_equal(pid, 4242);
    assert_false(export_tmp_name("cin.xml.tmp-notes", "cin.xml", &pid));
    assert_false(export_tmp_name("cin.xml.tmp-Ab12C", "cin.xml", &pid));
    assert_false(export_tmp_name("cin.xml.tmp-42-Ab12C!", "cin.xml", &pid));
    assert_false(export_tmp_name("cin.xml.tmp--Ab12Cd", "cin.xml", &pid));
    assert_false(export_tmp_name("other.xml.tmp-Ab12Cd", "cin.xml", &pid));
    assert_false(export_tmp_name("cin.xml", "cin.xml", &pid));
}

static void touch(const char *dir, const char *name)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("personal data", f);
    fclose(f);
}

static bool exists(const char *dir, const char *name)
{
    char p[700];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

/* A process id that is surely dead: a child that has exited and been reaped. */
static long dead_pid(void)
{
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0)
        _exit(0);
    waitpid(p, NULL, 0);
    return (long)p;
}

static void test_sweep(void **state)
{
    char *dir = test_tmpdir(), path[600], name[100], sub[700];
    struct err e;
    snprintf(path, sizeof path, "%s/cin.xml", dir);
    long dead = dead_pid();
    touch(dir, "cin.xml.tmp-Ab12Cd");                  /* an earlier version's */
    snprintf(name, sizeof name, "cin.xml.tmp-%ld-Zx98Yw", dead);
    touch(dir, name);                                   /* a killed run's */
    snprintf(sub, sizeof sub, "%s/cin.xml.tmp-%ld-Qq11Rr", dir, dead);
    assert_int_equal(mkdir(sub, 0777), 0);             /* a killed folder export's */
    touch(sub, "header.csv");
    char live[100];
    snprintf(live, sizeof live, "cin.xml.tmp-%ld-Live01", (long)getppid());
    touch(dir, live);                                   /* a live export's */
    touch(dir, "cin.xml.tmp-notes");                    /* not hearth's */
    touch(dir, "other.xml.tmp-Ab12Cd");                 /* another target's */

    struct export_tmp t;
    assert_int_equal(export_tmp_open(&t, path, &e), HE_OK);
    fputs("<Message/>", t.f);
    assert_int_equal(export_tmp_commit(&t, &e), HE_OK);
    assert_false(exists(dir, "cin.xml.tmp-Ab12Cd"));
    assert_false(exists(dir, name));
    assert_false(exists(dir, strrchr(sub, '/') + 1));
    assert_true(exists(dir, live));
    assert_true(exists(dir, "cin.xml.tmp-notes"));
    assert_true(exists(dir, "other.xml.tmp-Ab12Cd"));
    assert_true(exists(dir, "cin.xml"));
    test_rm_rf(dir);
    free(dir);
}

static bool ours(const char *name)
{
    return !strcmp(name, "a.csv") || !strcmp(name, "b.csv");
}

static void test_folder(void **state)
{
    char *dir = test_tmpdir(), path[600];
    struct err e;
    snprintf(path, sizeof path, "%s/out", dir);
    struct export_dir d;
    /* new: made in one rename */
    assert_int_equal(export_dir_open(&d, path, ours, &e), HE_OK);
    assert_int_equal(export_dir_write(&d, "a.csv", "old a\n", 6, &e), HE_OK);
    assert_int_equal(export_dir_write(&d, "b.csv", "old b\n", 6, &e), HE_OK);
    assert_int_equal(export_dir_commit(&d, &e), HE_OK);
    assert_true(exists(path, "a.csv") && exists(path, "b.csv"));
    /* replaced: the old folder's files go with it, nothing is left beside */
    assert_int_equal(export_dir_open(&d, path, ours, &e), HE_OK);
    assert_int_equal(export_dir_write(&d, "a.csv", "new a\n", 6, &e), HE_OK);
    assert_int_equal(export_dir_commit(&d, &e), HE_OK);
    assert_true(exists(path, "a.csv"));
    assert_false(exists(path, "b.csv"));
    char cmd[700];
    snprintf(cmd, sizeof cmd, "test \"$(ls '%s')\" = out", dir);
    assert_int_equal(system(cmd), 0);
    /* abandoned: the target as it was, no temporary folder */
    assert_int_equal(export_dir_open(&d, path, ours, &e), HE_OK);
    assert_int_equal(export_dir_write(&d, "b.csv", "x\n", 2, &e), HE_OK);
    export_dir_abandon(&d);
    assert_false(exists(path, "b.csv"));
    assert_int_equal(system(cmd), 0);
    /* a file hearth did not write: refused, nothing made */
    touch(path, "notes.txt");
    err_clear(&e);
    assert_int_equal(export_dir_open(&d, path, ours, &e), HE_INPUT);
    assert_non_null(strstr(e.msg, "notes.txt"));
    assert_int_equal(system(cmd), 0);
    /* a target naming no folder of its own */
    assert_int_equal(export_dir_open(&d, ".", ours, &e), HE_INPUT);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
