/* fuzz_doc_sniff: libFuzzer target for the kind of an uploaded file (src/format/doc_sniff.c),
 * which reads zip structures whose every offset and length come from the upload. Each input
 * is written to one scratch file (rewritten every run) and sniffed; beyond "no crash, no
 * read out of bounds", a kind found must agree with the bytes' own first signature. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/doc_sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0) {
        char path[] = "/tmp/hearth-fuzz-sniff-XXXXXX";
        if ((fd = mkstemp(path)) < 0)
            abort();
        unlink(path);
    }
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    enum doc_kind k = doc_sniff_fd(fd, size);
    bool zip = size >= 4 && !memcmp(data, "PK\x03\x04", 4);
    if ((k == DOC_DOCX || k == DOC_ODT) && !zip) {
        fprintf(stderr, "fuzz_doc_sniff: a document kind without a zip signature\n");
        abort();
    }
    if (k == DOC_PDF && memcmp(data, "%PDF-", 5)) {
        fprintf(stderr, "fuzz_doc_sniff: a PDF without %%PDF-\n");
        abort();
    }
    return 0;
}
