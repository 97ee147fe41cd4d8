/*
 * tests/io/test_bytescan.c — io/bytescan.h's searches, its copy up to a
 * line's end and its small-letter copy, against a byte loop of the same set: random buffers rich in
 * the bytes each set holds (and in bytes of 0x80 and over, which signed
 * compares could take for ASCII), at every start and end offset of a
 * 70-byte window, so that the sixteen-byte steps, the byte tail and a
 * match on either side of a step's edge all occur. Each buffer is a heap
 * block of exactly its length, so that a read past the end fails under
 * AddressSanitizer (and the copy's destination one of the length it is
 * documented to need).
 */
#include "io/bytescan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool in_eol(char c)
{
    return c == '\n' || c == '\r';
}

static bool in_eol_nul(char c)
{
    return c == '\n' || c == '\r' || c == '\0';
}

static bool not_name(char c)
{
    return !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
}

static bool in_param_stop(char c)
{
    return c != '\0' && strchr(";:\",^\\", c) != NULL;
}

static bool in_quoted_stop(char c)
{
    return c == '"' || c == '^' || c == '\\';
}

static bool in_high(char c)
{
    return (unsigned char)c >= 0x80;
}

typedef const char *(*find_fn)(const char *, const char *);

static const struct {
    find_fn find;
    bool (*in)(char);
} sets[] = {
    {lsn_find_eol, in_eol},
    {lsn_find_eol_or_nul, in_eol_nul},
    {lsn_find_not_name, not_name},
    {lsn_find_param_stop, in_param_stop},
    {lsn_find_quoted_stop, in_quoted_stop},
    {lsn_find_high, in_high},
};

/* Bytes the buffers are drawn from: every set's members, their ASCII
 * neighbours, letters of both cases, and high bytes. */
static const char pool[] = "\n\r\0;:\",^\\-AZaz09@[`{/ \t=\x80\xff\xc3\xa9\x7f\x01.";

static void check_buffer(const char *buf, size_t len)
{
    for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
        for (size_t i = 0; i <= len; i++) {
            for (size_t j = i; j <= len; j++) {
                const char *want = buf + i;
                while (want < buf + j && !sets[s].in(*want)) {
                    want++;
                }
                const char *got = sets[s].find(buf + i, buf + j);
                if (got != want) {
                    fail_msg("set %zu, [%zu, %zu) of %zu bytes: found at %td, expected %td", s, i,
                             j, len, got - buf, want - buf);
                }
                if (s == 0) {
                    /* The small-letter copy of [i, j), byte by byte as tolower() in "C". */
                    char *dst = malloc(j - i + 1);
                    assert_non_null(dst);
                    lsn_copy_lower(dst, buf + i, j - i);
                    for (size_t k = i; k < j; k++) {
                        char c = buf[k];
                        char lower = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
                        if (dst[k - i] != lower) {
                            fail_msg("lower [%zu, %zu): byte %zu is %d, expected %d", i, j, k,
                                     dst[k - i], lower);
                        }
                    }
                    free(dst);
                }
                if (sets[s].find == lsn_find_eol_or_nul) {
                    /* The copy: the same stop, and the bytes before it. */
                    char *dst = malloc(j - i + 16);
                    assert_non_null(dst);
                    got = lsn_copy_to_eol_or_nul(dst, buf + i, buf + j);
                    assert_ptr_equal(got, want);
                    if (want > buf + i) {
                        assert_memory_equal(dst, buf + i, (size_t)(want - (buf + i)));
                    }
                    free(dst);
                }
            }
        }
    }
}

static void test_random_buffers(void **state)
{
    (void)state;
    srand(20261207);
    for (int round = 0; round < 60; round++) {
        size_t len = (size_t)(rand() % 71);
        char *buf = malloc(len > 0 ? len : 1);
        assert_non_null(buf);
        /* Some buffers are mostly plain letters, so that matches are rare
         * and the loop runs several steps before one. */
        int plain = rand() % 3;
        for (size_t i = 0; i < len; i++) {
            buf[i] = plain == 0 && rand() % 40 != 0 ? (char)('A' + rand() % 26)
                                                    : pool[rand() % (sizeof(pool) - 1)];
        }
        check_buffer(buf, len);
        free(buf);
    }
}

/* No match at all, in a buffer of exactly 16, 32 and 47 bytes: end comes back. */
static void test_no_match(void **state)
{
    (void)state;
    const size_t lens[] = {0, 15, 16, 17, 32, 47};
    for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
        char *buf = malloc(lens[k] + 1);
        assert_non_null(buf);
        memset(buf, 'Q', lens[k]);
        const char *end = buf + lens[k];
        assert_ptr_equal(lsn_find_eol(buf, end), end);
        assert_ptr_equal(lsn_find_eol_or_nul(buf, end), end);
        assert_ptr_equal(lsn_find_not_name(buf, end), end);
        assert_ptr_equal(lsn_find_param_stop(buf, end), end);
        assert_ptr_equal(lsn_find_quoted_stop(buf, end), end);
        assert_ptr_equal(lsn_find_high(buf, end), end);
        free(buf);
    }
}

/* The first high byte in buffers long enough for lsn_find_high()'s
 * 64-byte steps: a single high byte at every place (or none), from starts
 * on either side of a 16-byte edge. */
static void test_high_long_buffers(void **state)
{
    (void)state;
    for (size_t len = 0; len <= 200; len += 7) {
        for (size_t at = 0; at <= len; at++) {
            char *buf = malloc(len > 0 ? len : 1);
            assert_non_null(buf);
            for (size_t k = 0; k < len; k++) {
                buf[k] = (char)(' ' + (k * 31) % 95); /* all ASCII, 0x7e at most */
            }
            if (at < len) {
                buf[at] = (char)(0x80 | (at & 0x7f));
            }
            for (size_t i = 0; i <= len && i < 18; i++) {
                const char *want = at < len && at >= i ? buf + at : buf + len;
                assert_ptr_equal(lsn_find_high(buf + i, buf + len), want);
            }
            free(buf);
        }
    }
}

/* A property line: each search stops where the reader expects it. */
static void test_property_line(void **state)
{
    (void)state;
    const char line[] = "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=\"Zoë, Q\":mailto:zoe@example.org\r\n";
    const char *end = line + strlen(line);
    assert_ptr_equal(lsn_find_not_name(line, end), line + 8); /* ';' */
    assert_ptr_equal(lsn_find_param_stop(line + 14, end), line + 29);
    const char *q = strchr(line, '"') + 1;
    assert_ptr_equal(lsn_find_quoted_stop(q, end), strchr(q, '"'));
    assert_ptr_equal(lsn_find_eol(line, end), end - 2);
    assert_ptr_equal(lsn_find_eol_or_nul(line, end), end - 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_buffers),
        cmocka_unit_test(test_no_match),
        cmocka_unit_test(test_high_long_buffers),
        cmocka_unit_test(test_property_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
