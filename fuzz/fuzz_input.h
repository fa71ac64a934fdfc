/* fuzz_input: what the importer fuzz targets share. The importers read files by path, so
 * each input is written to one temporary file (rewritten in place every run) and imported
 * into an in-memory store inside a transaction that is rolled back, so that no run sees
 * the last one's records. Built only by `make fuzz` (tools/fuzz.sh), never by make check. */
#ifndef HEARTH_FUZZ_INPUT_H
#define HEARTH_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/import.h"
#include "store/store.h"

struct fuzz_env {
    struct store *store;
    char path[64];
};

static char fuzz_scratch[64];
static void fuzz_cleanup(void)
{
    unlink(fuzz_scratch);
}

/* One store and one scratch file for the whole run (opened on first use; the store is
 * left for the process's end, the file removed then). The file name ends in ext so detection sees it. */
static struct fuzz_env *fuzz_env(const char *ext)
{
    static struct fuzz_env env;
    if (env.store)
        return &env;
    struct err e;
    err_clear(&e);
    if (store_open(":memory:", STORE_CREATE, &env.store, &e) != HE_OK) {
        fprintf(stderr, "fuzz: cannot open an in-memory store: %s\n", e.msg);
        abort();
    }
    /* memory-backed when there is one: the file is rewritten on every run */
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(env.path, sizeof env.path, "%s/hearth-fuzz-%d%s", dir, (int)getpid(), ext);
    memcpy(fuzz_scratch, env.path, sizeof fuzz_scratch);
    atexit(fuzz_cleanup);
    return &env;
}

/* Write the input to the scratch file; false if the file system refused. */
static int fuzz_write(struct fuzz_env *env, const uint8_t *data, size_t size)
{
    FILE *f = fopen(env->path, "wb");
    if (!f)
        return 0;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

#endif
