/*
 * io/text.h — the project's growing string (redacted
 * sentences, the summary's readable sentences, DOT labels and tooltips).
 * Appending never fails loudly: out of memory sets `failed`, drops the
 * text, and the caller checks once at the end.
 */
#ifndef LSN_IO_TEXT_H
#define LSN_IO_TEXT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lsn_text {
    char *p; /* NUL-terminated once anything was put; owned */
    size_t len, cap;
    bool failed;
} lsn_text;

/** Append the n bytes at s. */
void lsn_text_put(lsn_text *t, const char *s, size_t n);

/** Empty the text, keeping its memory. */
void lsn_text_clear(lsn_text *t);

#endif
