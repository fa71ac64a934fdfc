/* doc_sniff: the kind of an uploaded file from its content (see doc_sniff.h). Zip
 * structures are read from the central directory at the end, as unzip does, with every
 * offset and length checked against the file's size before it is used. */
#include "doc_sniff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

static const struct {
    const char *key, *mime, *label;
} kinds[DOC_KINDS] = {
    [DOC_NONE] = {"", "application/octet-stream", "Unknown"},
    [DOC_PDF] = {"pdf", "application/pdf", "PDF"},
    [DOC_PNG] = {"png", "image/png", "PNG image"},
    [DOC_JPEG] = {"jpeg", "image/jpeg", "JPEG image"},
    [DOC_GIF] = {"gif", "image/gif", "GIF image"},
    [DOC_DOCX] = {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "Word document"},
    [DOC_ODT] = {"odt", "application/vnd.oasis.opendocument.text", "OpenDocument text"},
};

const char *doc_kind_key(enum doc_kind k) { return kinds[k >= 0 && k < DOC_KINDS ? k : DOC_NONE].key; }
const char *doc_kind_mime(enum doc_kind k) { return kinds[k >= 0 && k < DOC_KINDS ? k : DOC_NONE].mime; }
const char *doc_kind_label(enum doc_kind k) { return kinds[k >= 0 && k < DOC_KINDS ? k : DOC_NONE].label; }

enum doc_kind doc_kind_from_key(const char *key)
{
    for (int k = 1; key && k < DOC_KINDS; k++)
        if (!strcmp(key, kinds[k].key))
            return (enum doc_kind)k;
    return DOC_NONE;
}

enum doc_kind doc_kind_claimed(const char *name)
{
    static const struct {
        const char *ext;
        enum doc_kind k;
    } ext[] = {{".pdf", DOC_PDF}, {".png", DOC_PNG}, {".jpg", DOC_JPEG}, {".jpeg", DOC_JPEG},
               {".gif", DOC_GIF}, {".docx", DOC_DOCX}, {".odt", DOC_ODT}};
    const char *dot = name ? strrchr(name, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
        if (!strcasecmp(dot, ext[i].ext))
            return ext[i].k;
    return DOC_NONE;
}

static bool read_at(int fd, uint64_t size, uint64_t off, void *p, size_t n)
{
    if (off > size || n > size - off)
        return false;
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, (char *)p + got, n - got, (off_t)(off + got));
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

static unsigned u16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return u16(p) | (uint32_t)u16(p + 2) << 16; }

#define ODT_MIME "application/vnd.oasis.opendocument.text"
#define DOCX_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define MAX_TYPES_XML (1024 * 1024)

/* ODF: the first local entry is "mimetype", stored, holding exactly the type. */
static bool is_odt(int fd, uint64_t size)
{
    unsigned char h[30], body[sizeof ODT_MIME];
    if (!read_at(fd, size, 0, h, sizeof h) || u16(h + 8) != 0 || u16(h + 26) != 8)
        return false;
    char name[8];
    if (!read_at(fd, size, 30, name, 8) || memcmp(name, "mimetype", 8))
        return false;
    uint32_t len = u32(h + 18);
    if (len != sizeof ODT_MIME - 1 || u32(h + 22) != len)
        return false;
    return read_at(fd, size, 30 + 8 + (uint64_t)u16(h + 28), body, len) && !memcmp(body, ODT_MIME, len);
}

/* The entry [Content_Types].xml, inflated (at most MAX_TYPES_XML bytes), names the
 * WordprocessingML main document part. */
static bool types_say_docx(int fd, uint64_t size, const unsigned char *cd)
{
    unsigned method = u16(cd + 10);
    uint32_t csize = u32(cd + 20), usize = u32(cd + 24), local = u32(cd + 42);
    unsigned char lh[30];
    if ((method != 0 && method != 8) || usize > MAX_TYPES_XML || csize > MAX_TYPES_XML ||
        !read_at(fd, size, local, lh, sizeof lh) || u32(lh) != 0x04034b50)
        return false;
    uint64_t data = (uint64_t)local + 30 + u16(lh + 26) + u16(lh + 28);
    unsigned char *in = malloc(csize + 1), *out = malloc((size_t)usize + 1);
    bool ok = in && out && read_at(fd, size, data, in, csize);
    if (ok && method == 0) {
        ok = csize == usize;
        if (ok)
            memcpy(out, in, csize);
    } else if (ok) {
        z_stream z = {0};
        ok = inflateInit2(&z, -MAX_WBITS) == Z_OK;
        if (ok) {
            z.next_in = in;
            z.avail_in = csize;
            z.next_out = out;
            z.avail_out = usize;
            ok = inflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out == usize;
            inflateEnd(&z);
        }
    }
    if (ok) {
        out[usize] = 0;
        ok = strstr((const char *)out, DOCX_MAIN) != NULL;
    }
    free(in);
    free(out);
    return ok;
}

/* OOXML: find [Content_Types].xml in the central directory and read it. */
static bool is_docx(int fd, uint64_t size)
{
    /* the end record is in the last 22 bytes plus at most a 64 KB comment */
    size_t n = size < 22 + 65535 ? (size_t)size : 22 + 65535;
    unsigned char *tail = malloc(n ? n : 1);
    if (!tail || n < 22 || !read_at(fd, size, size - n, tail, n)) {
        free(tail);
        return false;
    }
    const unsigned char *eocd = NULL;
    for (size_t i = n - 22 + 1; i-- > 0;)
        if (u32(tail + i) == 0x06054b50) {
            eocd = tail + i;
            break;
        }
    unsigned entries = eocd ? u16(eocd + 10) : 0;
    uint32_t cd_size = eocd ? u32(eocd + 12) : 0, cd_off = eocd ? u32(eocd + 16) : 0;
    free(tail);
    if (!eocd || cd_size > 16 * 1024 * 1024 || entries > 10000)
        return false;
    unsigned char *cd = malloc(cd_size ? cd_size : 1);
    bool found = false;
    if (cd && read_at(fd, size, cd_off, cd, cd_size)) {
        static const char want[] = "[Content_Types].xml";
        size_t at = 0;
        for (unsigned i = 0; i < entries && at + 46 <= cd_size; i++) {
            const unsigned char *e = cd + at;
            if (u32(e) != 0x02014b50)
                break;
            size_t nl = u16(e + 28), step = 46 + nl + u16(e + 30) + u16(e + 32);
            if (at + step > cd_size)
                break;
            if (nl == sizeof want - 1 && !memcmp(e + 46, want, nl)) {
                found = types_say_docx(fd, size, e);
                break;
            }
            at += step;
        }
    }
    free(cd);
    return found;
}

enum doc_kind doc_sniff_fd(int fd, uint64_t size)
{
    unsigned char h[8] = {0};
    if (!read_at(fd, size, 0, h, size < 8 ? (size_t)size : 8))
        return DOC_NONE;
    if (size >= 5 && !memcmp(h, "%PDF-", 5))
        return DOC_PDF;
    if (size >= 8 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8))
        return DOC_PNG;
    if (size >= 3 && !memcmp(h, "\xff\xd8\xff", 3))
        return DOC_JPEG;
    if (size >= 6 && (!memcmp(h, "GIF87a", 6) || !memcmp(h, "GIF89a", 6)))
        return DOC_GIF;
    if (size >= 4 && !memcmp(h, "PK\x03\x04", 4)) {
        if (is_odt(fd, size))
            return DOC_ODT;
        if (is_docx(fd, size))
            return DOC_DOCX;
    }
    return DOC_NONE;
}
