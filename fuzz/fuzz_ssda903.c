/* fuzz_ssda903: libFuzzer target for the SSDA903 CSV importer (src/format/ssda903.c and
 * the CSV reader under it). The first byte picks the table the file is read as (so every
 * table's columns are reached without the fuzzer first guessing a header row) and the
 * collection year; the rest is the file, also given to import_detect as a folder walk would.
 * HE_OK or HE_INPUT with a message, never a crash.
 * Seeds: tests/fixtures/ssda903 (each prefixed with its table's byte by tools/fuzz.sh). */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tables[] = {"header", "episodes", "reviews", "uasc", "oc2", "oc3",
                                     "ad1", "placed_adoption", "prev_perm", "missing",
                                     "social_worker"};
#define N_TABLES (sizeof tables / sizeof tables[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct fuzz_env *env = fuzz_env(".csv");
    const char *table = tables[data[0] % N_TABLES];
    int year = (data[0] / N_TABLES) % 2 ? 0 : 2018 + (data[0] / (2 * N_TABLES)) % 9;
    if (!fuzz_write(env, data + 1, size - 1))
        return 0;
    struct err e;
    err_clear(&e);
    /* what a folder walk makes of the file first (BOMs, UTF-16, binary, header sniffing) */
    enum input_kind kind;
    const char *which;
    int drc = import_detect(env->path, &kind, &which, &e);
    if (drc != HE_OK && drc != HE_INPUT) {
        fprintf(stderr, "fuzz_ssda903: import_detect: unexpected status %d: %s\n", drc, e.msg);
        abort();
    }
    err_clear(&e);
    struct importer im;
    importer_init(&im, env->store);
    im.year = year; /* 0: the importer works it out from the dates */
    if (store_begin(env->store, &e) != HE_OK)
        abort();
    int rc = ssda903_import(&im, env->path, table, &e);
    if (rc != HE_OK && rc != HE_INPUT) {
        fprintf(stderr, "fuzz_ssda903: unexpected status %d: %s\n", rc, e.msg);
        abort();
    }
    if (rc == HE_INPUT && !e.msg[0]) {
        fprintf(stderr, "fuzz_ssda903: refused the input without saying why\n");
        abort();
    }
    store_rollback(env->store, &e);
    return 0;
}
