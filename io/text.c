/*
 * io/text.c — the growing string of io/text.h. It knows nothing of what
 * the text says.
 */
#include "io/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void lsn_text_put(lsn_text *t, const char *s, size_t n)
{
    if (t->failed || n > SIZE_MAX / 4) {
        /* The bound also tells gcc -O3 that n is sane (-Wstringop-overflow). */
        t->failed = true;
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 128;
        while (t->len + n + 1 > cap) {
            cap *= 2;
        }
        char *q = realloc(t->p, cap);
        if (q == NULL) {
            t->failed = true;
            return;
        }
        t->p = q;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

void lsn_text_clear(lsn_text *t)
{
    t->len = 0;
    if (t->p != NULL) {
        t->p[0] = '\0';
    }
}
