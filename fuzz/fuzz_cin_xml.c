/* fuzz_cin_xml: libFuzzer target for the CIN census XML importer (src/format/cin_xml.c),
 * both as hearth import reads a file and, strictly, as hearth validate does.
 * Any byte string must give HE_OK or HE_INPUT with a message, never a crash, a leak or
 * undefined behaviour; the store is rolled back after every input. Seeds:
 * tests/fixtures/cin and fuzz/corpus/cin_xml. */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_env *env = fuzz_env(".xml");
    if (!fuzz_write(env, data, size))
        return 0;
    struct err e;
    err_clear(&e);
    struct importer im;
    importer_init(&im, env->store);
    im.strict = size & 1; /* half the runs as hearth validate reads a file */
    if (store_begin(env->store, &e) != HE_OK)
        abort();
    int rc = cin_xml_import(&im, env->path, &e);
    if (rc != HE_OK && rc != HE_INPUT) {
        fprintf(stderr, "fuzz_cin_xml: unexpected status %d: %s\n", rc, e.msg);
        abort();
    }
    if (rc == HE_INPUT && !e.msg[0]) {
        fprintf(stderr, "fuzz_cin_xml: refused the input without saying why\n");
        abort();
    }
    store_rollback(env->store, &e);
    return 0;
}
