/* doc_sniff: what kind of file an upload is, from its bytes and never its name: PDF, PNG,
 * JPEG and GIF by their magic bytes; an OpenDocument text by its zip's first entry
 * "mimetype" (stored, as ODF requires); a Word document (OOXML) by its zip's
 * [Content_Types].xml naming the WordprocessingML main part. Anything else (another zip, a
 * spreadsheet, HTML, an executable renamed .pdf) is no kind at all. Reads the file through
 * pread() a small piece at a time; inflates at most 1 MB of [Content_Types].xml, so a zip
 * bomb costs nothing. Nothing is allocated for the caller. */
#ifndef HEARTH_DOC_SNIFF_H
#define HEARTH_DOC_SNIFF_H

#include <stdint.h>

enum doc_kind { DOC_NONE, DOC_PDF, DOC_PNG, DOC_JPEG, DOC_GIF, DOC_DOCX, DOC_ODT, DOC_KINDS };

/* The kind of the size bytes readable from fd (from offset 0); DOC_NONE when it is none of
 * them or cannot be read. */
enum doc_kind doc_sniff_fd(int fd, uint64_t size);

/* The kind's key as stored ("pdf"), its MIME type, its name for people ("PDF"), and the
 * kind a key names (DOC_NONE for none). */
const char *doc_kind_key(enum doc_kind k);
const char *doc_kind_mime(enum doc_kind k);
const char *doc_kind_label(enum doc_kind k);
enum doc_kind doc_kind_from_key(const char *key);
/* The kind a file name's extension claims (".pdf", ".jpg", ".docx"...), DOC_NONE when the
 * extension is none of ours or missing: used only to refuse a file that is not what its
 * name says, never to decide what a file is. */
enum doc_kind doc_kind_claimed(const char *name);

#endif
