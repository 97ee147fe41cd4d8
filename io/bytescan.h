/*
 * io/bytescan.h — the readers' byte searches: the first byte of a small set
 * (a line's end, a parameter's end) in [p, end), sixteen bytes a step with
 * SSE2 where the compiler has it, one byte a step otherwise and for the
 * last fifteen. Never reads outside [p, end), so that it is safe on any
 * buffer (a fuzzer's, a test's), and no byte it returns is past the first
 * match. Each function is the one home of its set: a caller that wants
 * another set adds a function here.
 */
#ifndef LSN_IO_BYTESCAN_H
#define LSN_IO_BYTESCAN_H

#include <stddef.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define LSN_BYTESCAN_SSE2 1
#endif

#if LSN_BYTESCAN_SSE2
/* The index of the lowest set bit of a 16-bit mask that is not 0. */
static inline int lsn_bytescan_first(unsigned mask)
{
    return __builtin_ctz(mask);
}

static inline __m128i lsn_bytescan_load(const char *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

static inline __m128i lsn_bytescan_eq(__m128i x, char c)
{
    return _mm_cmpeq_epi8(x, _mm_set1_epi8(c));
}

/* Bytes of x from lo to hi (both ASCII, lo <= hi), as a mask of 0xff bytes. */
static inline __m128i lsn_bytescan_range(__m128i x, char lo, char hi)
{
    /* Signed compares: bytes of 0x80 and over are negative, outside any ASCII range. */
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8((char)(lo - 1))),
                         _mm_cmpgt_epi8(_mm_set1_epi8((char)(hi + 1)), x));
}
#endif

/** The first '\n' or '\r' in [p, end), or end. */
static inline const char *lsn_find_eol(const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 16) {
        __m128i x = lsn_bytescan_load(p);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(lsn_bytescan_eq(x, '\n'), lsn_bytescan_eq(x, '\r')));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#endif
    while (p < end && *p != '\n' && *p != '\r') {
        p++;
    }
    return p;
}

/** The first '\n', '\r' or NUL in [p, end), or end. */
static inline const char *lsn_find_eol_or_nul(const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    __m128i zero = _mm_setzero_si128();
    while (end - p >= 16) {
        __m128i x = lsn_bytescan_load(p);
        __m128i hit = _mm_or_si128(lsn_bytescan_eq(x, '\n'), lsn_bytescan_eq(x, '\r'));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(hit, _mm_cmpeq_epi8(x, zero)));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#endif
    while (p < end && *p != '\n' && *p != '\r' && *p != '\0') {
        p++;
    }
    return p;
}

/** The first byte in [p, end) that is not A-Z, 0-9 or '-' (an iCalendar
 *  name in capitals), or end. */
static inline const char *lsn_find_not_name(const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 16) {
        __m128i x = lsn_bytescan_load(p);
        __m128i name = _mm_or_si128(
            _mm_or_si128(lsn_bytescan_range(x, 'A', 'Z'), lsn_bytescan_range(x, '0', '9')),
            lsn_bytescan_eq(x, '-'));
        unsigned m = (unsigned)_mm_movemask_epi8(name) ^ 0xffffu;
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#endif
    while (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')) {
        p++;
    }
    return p;
}

/** The first of ; : " , ^ \ in [p, end) (the end of an unquoted
 *  parameter value), or end. */
static inline const char *lsn_find_param_stop(const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 16) {
        __m128i x = lsn_bytescan_load(p);
        __m128i a = _mm_or_si128(lsn_bytescan_eq(x, ';'), lsn_bytescan_eq(x, ':'));
        __m128i b = _mm_or_si128(lsn_bytescan_eq(x, '"'), lsn_bytescan_eq(x, ','));
        __m128i c = _mm_or_si128(lsn_bytescan_eq(x, '^'), lsn_bytescan_eq(x, '\\'));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), c));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#endif
    while (p < end && *p != ';' && *p != ':' && *p != '"' && *p != ',' && *p != '^' && *p != '\\') {
        p++;
    }
    return p;
}

/** The first of " ^ \ in [p, end) (the end of a quoted parameter value), or end. */
static inline const char *lsn_find_quoted_stop(const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 16) {
        __m128i x = lsn_bytescan_load(p);
        __m128i a = _mm_or_si128(lsn_bytescan_eq(x, '"'), lsn_bytescan_eq(x, '^'));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(a, lsn_bytescan_eq(x, '\\')));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '^' && *p != '\\') {
        p++;
    }
    return p;
}

#endif
