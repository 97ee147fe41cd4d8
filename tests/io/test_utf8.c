/*
 * tests/io/test_utf8.c — UTF-8 as RFC 3629 defines it (the table of
 * section 4, each boundary on both sides) and Latin-1 read as UTF-8.
 */
#include "io/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

static bool valid(const char *s)
{
    return lsn_utf8_valid(s, strlen(s));
}

static void test_utf8_accepts_every_well_formed_sequence(void **state)
{
    (void)state;
    assert_true(valid(""));
    assert_true(valid("plain ASCII, long enough to take the sixty-four byte step: "
                      "0123456789012345678901234567890123456789"));
    assert_true(valid("Jos\xC3\xA9 Mar\xC3\xAD"
                      "a"));                         /* two bytes */
    assert_true(valid("\xC2\x80 \xDF\xBF"));         /* U+0080, U+07FF */
    assert_true(valid("\xE0\xA0\x80 \xEF\xBF\xBF")); /* U+0800, U+FFFF */
    assert_true(valid("\xED\x9F\xBF \xEE\x80\x80")); /* around the surrogates */
    assert_true(valid("\xF0\x90\x80\x80"));          /* U+10000 */
    assert_true(valid("\xF4\x8F\xBF\xBF"));          /* U+10FFFF */
    assert_true(lsn_utf8_valid("a\0b", 3));          /* NUL is a character */
    char tail[80];
    memset(tail, 'x', sizeof(tail));
    memcpy(tail + 70, "\xE2\x82\xAC", 3); /* a euro sign after the ASCII step */
    assert_true(lsn_utf8_valid(tail, sizeof(tail)));
}

static void test_utf8_refuses_what_rfc_3629_forbids(void **state)
{
    (void)state;
    assert_false(valid("caf\xE9"));          /* Latin-1 */
    assert_false(valid("\x80"));             /* a lone continuation byte */
    assert_false(valid("\xC0\xAF"));         /* overlong '/' */
    assert_false(valid("\xC1\xBF"));         /* overlong */
    assert_false(valid("\xE0\x9F\xBF"));     /* overlong three bytes */
    assert_false(valid("\xF0\x8F\xBF\xBF")); /* overlong four bytes */
    assert_false(valid("\xED\xA0\x80"));     /* a surrogate */
    assert_false(valid("\xED\xBF\xBF"));     /* a surrogate */
    assert_false(valid("\xF4\x90\x80\x80")); /* above U+10FFFF */
    assert_false(valid("\xF5\x80\x80\x80")); /* no such lead byte */
    assert_false(valid("\xFF"));
    assert_false(valid("\xC3")); /* cut short at the end */
    assert_false(valid("\xE2\x82"));
    assert_false(valid("\xE2\x82x")); /* not a continuation */
    assert_false(valid("\xF0\x90\x80x"));
    assert_false(lsn_utf8_valid("\xC3\xA9", 1)); /* n counts, not the NUL */
    char tail[80];
    memset(tail, 'x', sizeof(tail));
    tail[75] = '\xE9'; /* after the ASCII step */
    assert_false(lsn_utf8_valid(tail, sizeof(tail)));
}

static void test_latin1_becomes_two_bytes_per_high_byte(void **state)
{
    (void)state;
    const char *in = "Jos\xE9 \xFF\x80!";
    size_t n = strlen(in);
    assert_int_equal(lsn_latin1_utf8_len(in, n), n + 3);
    char out[32];
    assert_int_equal(lsn_latin1_to_utf8(out, in, n), n + 3);
    assert_string_equal(out, "Jos\xC3\xA9 \xC3\xBF\xC2\x80!");
    assert_true(valid(out));
    assert_int_equal(lsn_latin1_to_utf8(out, "", 0), 0);
    assert_string_equal(out, "");
    /* In place: the same bytes, however the high ones sit. */
    char buf[32];
    memcpy(buf, in, n);
    assert_int_equal(lsn_latin1_to_utf8_in_place(buf, n), n + 3);
    assert_string_equal(buf, "Jos\xC3\xA9 \xC3\xBF\xC2\x80!");
    memcpy(buf, "\xE9\xE9", 2);
    assert_int_equal(lsn_latin1_to_utf8_in_place(buf, 2), 4);
    assert_string_equal(buf, "\xC3\xA9\xC3\xA9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_every_well_formed_sequence),
        cmocka_unit_test(test_utf8_refuses_what_rfc_3629_forbids),
        cmocka_unit_test(test_latin1_becomes_two_bytes_per_high_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
