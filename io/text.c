/*
 * io/text.c — the growing string of io/text.h. It knows nothing of what
 * the text says.
 */
#include "io/text.h"

#include "io/vec.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *lsn_text_extend(lsn_text *t, size_t n)
{
    if (t->failed || n > SIZE_MAX / 4) {
        /* The bound also tells gcc -O3 that n is sane (-Wstringop-overflow). */
        t->failed = true;
        return NULL;
    }
    size_t need = t->len + n + 1;
    if (lsn_grow((void **)&t->p, &t->cap, need < 128 ? 128 : need, 1) != LSN_OK) {
        t->failed = true;
        return NULL;
    }
    char *at = t->p + t->len;
    t->len += n;
    t->p[t->len] = '\0';
    return at;
}

void lsn_text_put(lsn_text *t, const char *s, size_t n)
{
    char *at = lsn_text_extend(t, n);
    if (at != NULL && n > 0) {
        memcpy(at, s, n);
    }
}

void lsn_text_puts(lsn_text *t, const char *s)
{
    lsn_text_put(t, s, strlen(s));
}

void lsn_text_vprintf(lsn_text *t, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *at = n < 0 ? NULL : lsn_text_extend(t, (size_t)n);
    if (at != NULL) {
        /* n + 1: vsnprintf writes the NUL lsn_text_extend() already put. */
        vsnprintf(at, (size_t)n + 1, fmt, again);
    } else {
        t->failed = true;
    }
    va_end(again);
}

void lsn_text_printf(lsn_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lsn_text_vprintf(t, fmt, ap);
    va_end(ap);
}

const char *lsn_text_str(const lsn_text *t)
{
    return t->p != NULL ? t->p : "";
}

void lsn_text_clear(lsn_text *t)
{
    t->len = 0;
    if (t->p != NULL) {
        t->p[0] = '\0';
    }
}

char *lsn_text_take(lsn_text *t)
{
    char *s = t->failed ? NULL : t->p != NULL ? t->p : strdup("");
    if (t->failed) {
        free(t->p);
    }
    *t = (lsn_text){0};
    return s;
}

void lsn_text_free(lsn_text *t)
{
    free(t->p);
    *t = (lsn_text){0};
}

char *lsn_text_format(const char *fmt, ...)
{
    lsn_text t = {0};
    va_list ap;
    va_start(ap, fmt);
    lsn_text_vprintf(&t, fmt, ap);
    va_end(ap);
    return lsn_text_take(&t);
}

void lsn_text_relabel(const char *text, const lsn_relabel *fn, void *ud)
{
    bool quoted = false;
    const char *p = text;
    char word[512];
    while (*p) {
        const char *e = p;
        while (*e && isspace((unsigned char)*e)) {
            e++;
        }
        fn->keep(ud, p, (size_t)(e - p));
        p = e;
        while (*e && !isspace((unsigned char)*e)) {
            e++;
        }
        const char *b = p, *f = e;
        bool opens = false;
        while (b < f && strchr("([{\"'", *b) != NULL) {
            opens |= *b == '\'';
            b++;
        }
        while (f > b && strchr(".,;:!?)]}\"", f[-1]) != NULL) {
            f--;
        }
        bool closes = f > b && f[-1] == '\'';
        quoted |= opens;
        size_t n = (size_t)(f - b);
        size_t keep = n >= 2 && b[n - 2] == '\'' && b[n - 1] == 's' ? 2 : 0;
        const char *label = NULL;
        if (!quoted && n - keep > 0 && n - keep < sizeof(word)) {
            memcpy(word, b, n - keep);
            word[n - keep] = '\0';
            label = fn->label(ud, word);
        }
        if (label != NULL) {
            fn->keep(ud, p, (size_t)(b - p));
            fn->labelled(ud, word, label);
            fn->keep(ud, b + n - keep, (size_t)(e - (b + n - keep)));
        } else {
            fn->keep(ud, p, (size_t)(e - p));
        }
        if (closes) {
            quoted = false;
        }
        p = e;
    }
}
