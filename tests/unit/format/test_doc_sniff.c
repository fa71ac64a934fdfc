/* doc_sniff: the kind of a file from its bytes. Each kind hearth keeps is found by its
 * content whatever it is called; HTML, text, another zip (a spreadsheet), a zip whose
 * directory points outside the file, a deflated [Content_Types].xml that lies about its
 * size, and truncated files are no kind, and none of them is read out of bounds (ASan). */
#include "testutil.h"

#include <fcntl.h>
#include <stdbool.h>
#include <zlib.h>

#include "format/doc_sniff.h"
#include "util/buf.h"

static enum doc_kind sniff(const void *p, size_t n)
{
    char path[] = "/tmp/hearth-sniff-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    enum doc_kind k = doc_sniff_fd(fd, n);
    close(fd);
    return k;
}

static void le16(struct buf *b, unsigned v)
{
    buf_addc(b, (char)(v & 255));
    buf_addc(b, (char)(v >> 8));
}
static void le32(struct buf *b, uint32_t v)
{
    le16(b, v & 0xffff);
    le16(b, v >> 16);
}

struct entry {
    const char *name;
    const char *data;
    bool deflate;
    int32_t lie; /* added to the uncompressed size recorded */
};

/* A zip of the entries, in order, with its central directory. */
static void zip(struct buf *z, const struct entry *e, int n)
{
    uint32_t offs[8];
    unsigned char packed[8][4096];
    uLongf plen[8];
    for (int i = 0; i < n; i++) {
        size_t len = strlen(e[i].data);
        if (e[i].deflate) {
            z_stream s = {0};
            assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
            s.next_in = (Bytef *)e[i].data;
            s.avail_in = (uInt)len;
            s.next_out = packed[i];
            s.avail_out = sizeof packed[i];
            assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
            plen[i] = s.total_out;
            deflateEnd(&s);
        } else {
            memcpy(packed[i], e[i].data, len);
            plen[i] = len;
        }
        offs[i] = (uint32_t)z->len;
        le32(z, 0x04034b50);
        le16(z, 20), le16(z, 0), le16(z, e[i].deflate ? 8 : 0), le16(z, 0), le16(z, 0);
        le32(z, (uint32_t)crc32(0, (const Bytef *)e[i].data, (uInt)len));
        le32(z, (uint32_t)plen[i]), le32(z, (uint32_t)((int64_t)len + e[i].lie));
        le16(z, (unsigned)strlen(e[i].name)), le16(z, 0);
        buf_adds(z, e[i].name);
        buf_add(z, packed[i], plen[i]);
    }
    uint32_t cd = (uint32_t)z->len;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(e[i].data);
        le32(z, 0x02014b50);
        le16(z, 20), le16(z, 20), le16(z, 0), le16(z, e[i].deflate ? 8 : 0), le16(z, 0), le16(z, 0);
        le32(z, (uint32_t)crc32(0, (const Bytef *)e[i].data, (uInt)len));
        le32(z, (uint32_t)plen[i]), le32(z, (uint32_t)((int64_t)len + e[i].lie));
        le16(z, (unsigned)strlen(e[i].name)), le16(z, 0), le16(z, 0), le16(z, 0), le16(z, 0);
        le32(z, 0), le32(z, offs[i]);
        buf_adds(z, e[i].name);
    }
    uint32_t cd_size = (uint32_t)z->len - cd;
    le32(z, 0x06054b50);
    le16(z, 0), le16(z, 0), le16(z, (unsigned)n), le16(z, (unsigned)n);
    le32(z, cd_size), le32(z, cd), le16(z, 0);
}

#define DOCX_TYPES "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument." \
    "wordprocessingml.document.main+xml\"/></Types>"
#define XLSX_TYPES "<?xml version=\"1.0\"?><Types><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/" \
    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"

static void test_magic(void **state)
{
    assert_int_equal(sniff("%PDF-1.7\n...", 12), DOC_PDF);
    assert_int_equal(sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), DOC_PNG);
    assert_int_equal(sniff("\xff\xd8\xff\xe0\0\x10JFIF", 10), DOC_JPEG);
    assert_int_equal(sniff("GIF89a\x01\0\x01\0", 10), DOC_GIF);
    assert_int_equal(sniff("<html><body>%PDF-</body></html>", 31), DOC_NONE);
    assert_int_equal(sniff("MZ\x90\0", 4), DOC_NONE);
    assert_int_equal(sniff("%PD", 3), DOC_NONE);
    assert_int_equal(sniff("", 0), DOC_NONE);
    assert_int_equal(sniff("PK\x03\x04", 4), DOC_NONE);
}

static void test_zips(void **state)
{
    struct buf z = BUF_INIT;
    struct entry odt[] = {{"mimetype", "application/vnd.oasis.opendocument.text", false, 0},
                          {"content.xml", "<office:document-content/>", true, 0}};
    zip(&z, odt, 2);
    assert_int_equal(sniff(z.data, z.len), DOC_ODT);
    buf_free(&z);
    struct entry ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false, 0}};
    zip(&z, ods, 1);
    assert_int_equal(sniff(z.data, z.len), DOC_NONE);
    buf_free(&z);
    struct entry docx[] = {{"[Content_Types].xml", DOCX_TYPES, true, 0}, {"word/document.xml", "<w:document/>", true, 0}};
    zip(&z, docx, 2);
    assert_int_equal(sniff(z.data, z.len), DOC_DOCX);
    /* truncated anywhere: never a kind (and never read past the end) */
    for (size_t cut = 0; cut < z.len; cut += 7)
        assert_int_equal(sniff(z.data, cut), DOC_NONE);
    buf_free(&z);
    struct entry stored[] = {{"[Content_Types].xml", DOCX_TYPES, false, 0}};
    zip(&z, stored, 1);
    assert_int_equal(sniff(z.data, z.len), DOC_DOCX);
    buf_free(&z);
    struct entry xlsx[] = {{"[Content_Types].xml", XLSX_TYPES, true, 0}, {"xl/workbook.xml", "<workbook/>", true, 0}};
    zip(&z, xlsx, 2);
    assert_int_equal(sniff(z.data, z.len), DOC_NONE);
    buf_free(&z);
    /* a directory naming only word/document.xml, no content types: not enough */
    struct entry bare[] = {{"word/document.xml", "<w:document/>", true, 0}};
    zip(&z, bare, 1);
    assert_int_equal(sniff(z.data, z.len), DOC_NONE);
    buf_free(&z);
    /* sizes that lie, either way */
    struct entry big[] = {{"[Content_Types].xml", DOCX_TYPES, true, 5000000}};
    zip(&z, big, 1);
    assert_int_equal(sniff(z.data, z.len), DOC_NONE);
    buf_free(&z);
    struct entry small[] = {{"[Content_Types].xml", DOCX_TYPES, true, -40}};
    zip(&z, small, 1);
    assert_int_equal(sniff(z.data, z.len), DOC_NONE);
    buf_free(&z);
    /* a central directory said to be where the file is not */
    zip(&z, docx, 2);
    z.data[z.len - 6] = (char)0xff, z.data[z.len - 5] = (char)0xff;
    assert_int_equal(sniff(z.data, z.len), DOC_NONE);
    buf_free(&z);
}

static void test_claimed(void **state)
{
    assert_int_equal(doc_kind_claimed("Letter.PDF"), DOC_PDF);
    assert_int_equal(doc_kind_claimed("photo.jpeg"), DOC_JPEG);
    assert_int_equal(doc_kind_claimed("photo.jpg"), DOC_JPEG);
    assert_int_equal(doc_kind_claimed("report.docx"), DOC_DOCX);
    assert_int_equal(doc_kind_claimed("notes"), DOC_NONE);
    assert_int_equal(doc_kind_claimed("run.exe"), DOC_NONE);
    assert_int_equal(doc_kind_from_key("odt"), DOC_ODT);
    assert_int_equal(doc_kind_from_key("exe"), DOC_NONE);
    assert_string_equal(doc_kind_mime(DOC_PDF), "application/pdf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magic),
        cmocka_unit_test(test_zips),
        cmocka_unit_test(test_claimed),
    };
    return cmocka_run_group_tests_name("doc_sniff", tests, NULL, NULL);
}
