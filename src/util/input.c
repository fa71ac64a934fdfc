/* input: opening returns as regular files only, and the UTF-8 check every importer
 * applies to text (see input.h). */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

const char *input_not_regular(mode_t mode)
{
    if (S_ISREG(mode))
        return NULL;
    if (S_ISFIFO(mode))
        return "a named pipe";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISLNK(mode))
        return "a symbolic link";
    return "not an ordinary file";
}

int input_open_regular(const char *path, int *fd, long long *size, struct err *e)
{
    *fd = -1;
    /* O_NONBLOCK: opening a named pipe with no writer would otherwise wait for one */
    int d = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (d < 0)
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the file: %s", strerror(errno));
    struct stat st;
    if (fstat(d, &st) != 0) {
        int err = errno;
        close(d);
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the file: %s", strerror(err));
    }
    const char *what = input_not_regular(st.st_mode);
    if (what) {
        close(d);
        return err_at(e, HE_INPUT, path, 0, NULL,
                      "is %s, not a regular file: hearth reads returns from regular files only",
                      what);
    }
    /* reads of a regular file never block; the flag is cleared for whoever reads on */
    int fl = fcntl(d, F_GETFL);
    if (fl < 0 || fcntl(d, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        int err = errno;
        close(d);
        return err_at(e, HE_INPUT, path, 0, NULL, "cannot read the file: %s", strerror(err));
    }
    if (size)
        *size = (long long)st.st_size;
    *fd = d;
    return HE_OK;
}

bool input_utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* eight bytes at a time while they are all ASCII, as nearly every field is */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i == n)
            break;
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* past U+10FFFF */
        } else {
            goto fail;
        }
        if (i + len > n || p[i + 1] < lo || p[i + 1] > hi)
            goto fail;
        for (size_t k = 2; k < len; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                goto fail;
        i += len;
    }
    return true;
fail:
    if (bad)
        *bad = i;
    return false;
}
