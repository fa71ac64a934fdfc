/* input: opening an input file that hearth reads whole (a return to import or validate)
 * and checking its text. An input must be a regular file: a named pipe would block the
 * reader for ever, a device or socket is never a return. Owns nothing; the caller owns
 * the descriptor it is given. */
#ifndef HEARTH_INPUT_H
#define HEARTH_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "err.h"

/* What a file that is not a regular file is, in plain English ("a named pipe", "a
 * folder", ...); NULL for a regular file. */
const char *input_not_regular(mode_t mode);

/* Open path read-only if it is a regular file (checked on the open descriptor, so a file
 * swapped for a pipe after a stat() is still refused, and opening a pipe never blocks).
 * *fd is the caller's to close. HE_INPUT naming the file when it cannot be opened or is
 * not a regular file; *size is its size when not NULL. */
int input_open_regular(const char *path, int *fd, long long *size, struct err *e);

/* Is s[0..n) well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF)? On false, *bad (when not NULL) is the offset of the first bad byte. */
bool input_utf8_valid(const char *s, size_t n, size_t *bad);

/* The longest value hearth takes from any return, in any format (bytes of UTF-8): no
 * field of a CIN census, SSDA903 table or Annex A list comes near it; a longer one is an
 * accident or an attack. */
#define INPUT_MAX_VALUE 4096

#endif
