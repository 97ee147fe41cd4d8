/*
 * io/text.h — the project's growing string: messages that list names,
 * redacted sentences, the summary's readable sentences, DOT labels and
 * tooltips, findings' values as text, and the files `liaison gen` writes.
 * Appending never fails loudly: out of memory sets `failed`, drops the
 * text, and the caller checks once at the end.
 */
#ifndef LSN_IO_TEXT_H
#define LSN_IO_TEXT_H

#include "io/error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct lsn_text {
    char *p; /* NUL-terminated once anything was put; owned */
    size_t len, cap;
    bool failed;
} lsn_text;

/** Append the n bytes at s (they may hold NUL bytes; len counts them). */
void lsn_text_put(lsn_text *t, const char *s, size_t n);

/** Append the NUL-terminated s. */
void lsn_text_puts(lsn_text *t, const char *s);

/** Append printf-style text, however long. */
void lsn_text_printf(lsn_text *t, const char *fmt, ...) LSN_PRINTF(2, 3);

/** lsn_text_printf() from a va_list. */
void lsn_text_vprintf(lsn_text *t, const char *fmt, va_list ap);

/**
 * Append n bytes for the caller to write, and return where they start
 * (the text stays NUL-terminated after them); NULL when out of memory
 * (then `failed` is set).
 */
char *lsn_text_extend(lsn_text *t, size_t n);

/** The text so far; borrowed, "" when nothing was put. */
const char *lsn_text_str(const lsn_text *t);

/** Empty the text, keeping its memory (and `failed`). */
void lsn_text_clear(lsn_text *t);

/**
 * The text as a string the caller frees ("" when nothing was put), or
 * NULL when an append failed (out of memory: no message is set). Either
 * way t is empty and owns nothing afterwards.
 */
char *lsn_text_take(lsn_text *t);

/** Free the text's memory and empty it; t itself is the caller's. */
void lsn_text_free(lsn_text *t);

/**
 * A new string, printf-style, however long: what asprintf() would give.
 * The caller frees it; NULL when out of memory (no message is set).
 */
char *lsn_text_format(const char *fmt, ...) LSN_PRINTF(1, 2);

/**
 * How lsn_text_relabel() writes: `label` names a word (a unit id, an email)
 * or returns NULL to keep it; `keep` receives text as it is; `labelled` a
 * word and its label.
 */
typedef struct lsn_relabel {
    const char *(*label)(void *ud, const char *word);
    void (*keep)(void *ud, const char *s, size_t n);
    void (*labelled)(void *ud, const char *word, const char *label);
} lsn_relabel;

/**
 * Walk text (a finding's explanation, a proposal's reason) word by word,
 * giving each word that fn->label names to fn->labelled and everything else
 * to fn->keep. A word is a run of non-space bytes without the quotes and
 * brackets before it and the punctuation after it; "'s" after it is kept;
 * words inside a quoted meeting subject are left alone.
 */
void lsn_text_relabel(const char *text, const lsn_relabel *fn, void *ud);

#endif
