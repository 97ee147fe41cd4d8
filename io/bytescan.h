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

#include <stdbool.h>
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

/* A set: its members in a 16-byte block (0xff bytes where they are) and
 * whether one byte is a member. */
#if LSN_BYTESCAN_SSE2
typedef __m128i (*lsn_bytescan_block)(__m128i x);
#else
typedef void *lsn_bytescan_block; /* unused */
#endif
typedef bool (*lsn_bytescan_byte)(char c);

/* The first member of a set in [p, end), or end. Inlined always, so that
 * the set's two functions are inlined too. */
__attribute__((always_inline)) static inline const char *
lsn_bytescan(const char *p, const char *end, lsn_bytescan_block block, lsn_bytescan_byte byte)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(block(lsn_bytescan_load(p)));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#else
    (void)block;
#endif
    while (p < end && !byte(*p)) {
        p++;
    }
    return p;
}

static inline bool lsn_is_eol(char c)
{
    return c == '\n' || c == '\r';
}

static inline bool lsn_is_eol_or_nul(char c)
{
    return c == '\n' || c == '\r' || c == '\0';
}

static inline bool lsn_is_not_name(char c)
{
    return !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
}

static inline bool lsn_is_param_stop(char c)
{
    return c == ';' || c == ':' || c == '"' || c == ',' || c == '^' || c == '\\';
}

static inline bool lsn_is_quoted_stop(char c)
{
    return c == '"' || c == '^' || c == '\\';
}

#if LSN_BYTESCAN_SSE2
static inline __m128i lsn_block_eol(__m128i x)
{
    return _mm_or_si128(lsn_bytescan_eq(x, '\n'), lsn_bytescan_eq(x, '\r'));
}

static inline __m128i lsn_block_eol_or_nul(__m128i x)
{
    return _mm_or_si128(lsn_block_eol(x), _mm_cmpeq_epi8(x, _mm_setzero_si128()));
}

static inline __m128i lsn_block_not_name(__m128i x)
{
    __m128i name =
        _mm_or_si128(_mm_or_si128(lsn_bytescan_range(x, 'A', 'Z'), lsn_bytescan_range(x, '0', '9')),
                     lsn_bytescan_eq(x, '-'));
    return _mm_xor_si128(name, _mm_set1_epi8(-1));
}

static inline __m128i lsn_block_quoted_stop(__m128i x)
{
    __m128i a = _mm_or_si128(lsn_bytescan_eq(x, '"'), lsn_bytescan_eq(x, '^'));
    return _mm_or_si128(a, lsn_bytescan_eq(x, '\\'));
}

static inline __m128i lsn_block_param_stop(__m128i x)
{
    __m128i a = _mm_or_si128(lsn_bytescan_eq(x, ';'), lsn_bytescan_eq(x, ':'));
    __m128i b = _mm_or_si128(lsn_bytescan_eq(x, ','), lsn_block_quoted_stop(x));
    return _mm_or_si128(a, b);
}
#define LSN_BYTESCAN_BLOCK(f) (f)
#else
#define LSN_BYTESCAN_BLOCK(f) NULL
#endif

/**
 * Copy the bytes of [p, end) before its first '\n', '\r' or NUL to dst and
 * return where that byte is (end when there is none). May write up to 15
 * bytes past the copy: dst must have room for (end - p) + 16 bytes.
 */
static inline const char *lsn_copy_to_eol_or_nul(char *dst, const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 16) {
        __m128i x = lsn_bytescan_load(p);
        _mm_storeu_si128((__m128i *)(void *)dst, x);
        unsigned m = (unsigned)_mm_movemask_epi8(lsn_block_eol_or_nul(x));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
        dst += 16;
    }
#endif
    while (p < end && !lsn_is_eol_or_nul(*p)) {
        *dst++ = *p++;
    }
    return p;
}

/** The first '\n' or '\r' in [p, end), or end. */
static inline const char *lsn_find_eol(const char *p, const char *end)
{
    return lsn_bytescan(p, end, LSN_BYTESCAN_BLOCK(lsn_block_eol), lsn_is_eol);
}

/** The first '\n', '\r' or NUL in [p, end), or end. */
static inline const char *lsn_find_eol_or_nul(const char *p, const char *end)
{
    return lsn_bytescan(p, end, LSN_BYTESCAN_BLOCK(lsn_block_eol_or_nul), lsn_is_eol_or_nul);
}

/** The first byte in [p, end) that is not A-Z, 0-9 or '-' (an iCalendar
 *  name in capitals), or end. */
static inline const char *lsn_find_not_name(const char *p, const char *end)
{
    return lsn_bytescan(p, end, LSN_BYTESCAN_BLOCK(lsn_block_not_name), lsn_is_not_name);
}

/** The first of ; : " , ^ \ in [p, end) (the end of an unquoted
 *  parameter value), or end. */
static inline const char *lsn_find_param_stop(const char *p, const char *end)
{
    return lsn_bytescan(p, end, LSN_BYTESCAN_BLOCK(lsn_block_param_stop), lsn_is_param_stop);
}

/** The first of " ^ \ in [p, end) (the end of a quoted parameter value), or end. */
static inline const char *lsn_find_quoted_stop(const char *p, const char *end)
{
    return lsn_bytescan(p, end, LSN_BYTESCAN_BLOCK(lsn_block_quoted_stop), lsn_is_quoted_stop);
}

/** The first byte of 0x80 or over in [p, end) (not ASCII), or end: sixty-four
 *  bytes a step while there are that many, the sign bits being the mask. */
static inline const char *lsn_find_high(const char *p, const char *end)
{
#if LSN_BYTESCAN_SSE2
    while (end - p >= 64) {
        __m128i a = _mm_or_si128(lsn_bytescan_load(p), lsn_bytescan_load(p + 16));
        __m128i b = _mm_or_si128(lsn_bytescan_load(p + 32), lsn_bytescan_load(p + 48));
        if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) {
            break; /* in these 64: the loop below finds which */
        }
        p += 64;
    }
    while (end - p >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(lsn_bytescan_load(p));
        if (m != 0) {
            return p + lsn_bytescan_first(m);
        }
        p += 16;
    }
#endif
    while (p < end && (unsigned char)*p < 0x80) {
        p++;
    }
    return p;
}

/**
 * Copy the n bytes at src to dst with ASCII capitals made small (the C
 * locale's tolower(); other bytes as they are).
 */
static inline void lsn_copy_lower(char *dst, const char *src, size_t n)
{
    size_t i = 0;
#if LSN_BYTESCAN_SSE2
    for (; n - i >= 16; i += 16) {
        __m128i x = lsn_bytescan_load(src + i);
        __m128i up = _mm_and_si128(lsn_bytescan_range(x, 'A', 'Z'), _mm_set1_epi8(0x20));
        _mm_storeu_si128((__m128i *)(void *)(dst + i), _mm_add_epi8(x, up));
    }
#endif
    for (; i < n; i++) {
        char ch = src[i];
        dst[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
}

#endif
