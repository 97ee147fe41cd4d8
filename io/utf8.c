/*
 * io/utf8.c — UTF-8 checked as RFC 3629 defines it, and Latin-1 read as
 * UTF-8 (io/utf8.h).
 */
#include "io/utf8.h"

#include "io/bytescan.h"

#include <string.h>

/* The length of the sequence that starts with lead byte c and the range
 * its second byte must fall in (RFC 3629, section 4); 0 for a byte that
 * starts none (a continuation byte, C0, C1, F5 and over). */
static size_t lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0) {
            *lo = 0xA0; /* no overlong form */
        } else if (c == 0xED) {
            *hi = 0x9F; /* no surrogate */
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0) {
            *lo = 0x90; /* no overlong form */
        } else if (c == 0xF4) {
            *hi = 0x8F; /* nothing above U+10FFFF */
        }
        return 4;
    }
    return 0;
}

bool lsn_utf8_valid(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    for (;;) {
        p = lsn_find_high(p, end);
        if (p == end) {
            return true;
        }
        const unsigned char *u = (const unsigned char *)p;
        unsigned char lo, hi;
        size_t k = lead(u[0], &lo, &hi);
        if (k == 0 || (size_t)(end - p) < k || u[1] < lo || u[1] > hi) {
            return false;
        }
        for (size_t j = 2; j < k; j++) {
            if ((u[j] & 0xC0) != 0x80) {
                return false;
            }
        }
        p += k;
    }
}

size_t lsn_latin1_utf8_len(const char *s, size_t n)
{
    size_t high = 0;
    const char *p = s, *end = s + n;
    while ((p = lsn_find_high(p, end)) != end) {
        high++;
        p++;
    }
    return n + high;
}

size_t lsn_latin1_to_utf8_in_place(char *buf, size_t n)
{
    unsigned char *w = (unsigned char *)buf;
    size_t o = lsn_latin1_utf8_len(buf, n), len = o;
    w[o] = '\0';
    for (size_t i = n; i-- > 0;) {
        unsigned char c = w[i];
        if (c < 0x80) {
            w[--o] = c;
        } else {
            w[--o] = (unsigned char)(0x80 | (c & 0x3F));
            w[--o] = (unsigned char)(0xC0 | (c >> 6));
        }
    }
    return len;
}

size_t lsn_latin1_to_utf8(char *out, const char *s, size_t n)
{
    if (n > 0) {
        memcpy(out, s, n);
    }
    return lsn_latin1_to_utf8_in_place(out, n);
}
