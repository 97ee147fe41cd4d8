/*
 * tests/io/test_text.c — the growing string (io/text.c): appends keep every
 * byte (NUL bytes too) and keep the text NUL-terminated, printf has no
 * length limit, clearing keeps the memory, taking hands the string over
 * ("" when nothing was put, NULL after a failed append).
 */
#include "io/text.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

static void test_put_appends_and_terminates(void **state)
{
    (void)state;
    lsn_text t = {0};
    assert_string_equal(lsn_text_str(&t), ""); /* nothing put: "" not NULL */
    lsn_text_put(&t, "abc", 2);
    lsn_text_puts(&t, "-x");
    assert_int_equal(t.len, 4);
    assert_string_equal(t.p, "ab-x");
    lsn_text_put(&t, "\0z", 2); /* a NUL byte is text like any other */
    assert_int_equal(t.len, 6);
    assert_memory_equal(t.p, "ab-x\0z", 7);
    assert_false(t.failed);
    lsn_text_free(&t);
    assert_null(t.p);
    assert_int_equal(t.len, 0);
}

static void test_printf_has_no_length_limit(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    lsn_text t = {0};
    lsn_text_printf(&t, "<%d>", 42);
    lsn_text_printf(&t, "%s|%s", big, "end");
    assert_int_equal(t.len, 4 + 4999 + 4);
    assert_memory_equal(t.p, "<42>qqq", 7);
    assert_string_equal(t.p + t.len - 4, "|end");
    lsn_text_free(&t);
}

static void test_extend_gives_room_to_write(void **state)
{
    (void)state;
    lsn_text t = {0};
    lsn_text_puts(&t, "ab");
    char *at = lsn_text_extend(&t, 3);
    assert_non_null(at);
    memcpy(at, "cde", 3);
    assert_string_equal(t.p, "abcde");
    assert_non_null(lsn_text_extend(&t, 0));
    assert_int_equal(t.len, 5);
    lsn_text_free(&t);
}

static void test_clear_keeps_memory_and_empties(void **state)
{
    (void)state;
    lsn_text t = {0};
    lsn_text_puts(&t, "some text");
    char *p = t.p;
    lsn_text_clear(&t);
    assert_int_equal(t.len, 0);
    assert_ptr_equal(t.p, p);
    assert_string_equal(lsn_text_str(&t), "");
    lsn_text_puts(&t, "again");
    assert_string_equal(t.p, "again");
    lsn_text_free(&t);
}

static void test_take_hands_the_string_over(void **state)
{
    (void)state;
    lsn_text t = {0};
    char *s = lsn_text_take(&t);
    assert_string_equal(s, ""); /* nothing put: an empty string to free */
    free(s);
    lsn_text_printf(&t, "%s=%d", "n", 3);
    s = lsn_text_take(&t);
    assert_string_equal(s, "n=3");
    assert_null(t.p); /* t owns nothing now */
    assert_int_equal(t.len, 0);
    free(s);
}

static void test_a_failed_append_drops_the_text(void **state)
{
    (void)state;
    lsn_text t = {0};
    lsn_text_puts(&t, "kept until the failure");
    assert_null(lsn_text_extend(&t, SIZE_MAX / 2)); /* cannot be had */
    assert_true(t.failed);
    lsn_text_puts(&t, "more"); /* ignored once failed */
    assert_int_equal(t.len, strlen("kept until the failure"));
    assert_null(lsn_text_take(&t)); /* and the memory is freed */
    assert_false(t.failed);
    assert_null(t.p);
}

static void test_format_makes_a_new_string(void **state)
{
    (void)state;
    char *s = lsn_text_format("%s has %d %s", "team-a", 2, "people");
    assert_string_equal(s, "team-a has 2 people");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_appends_and_terminates),
        cmocka_unit_test(test_printf_has_no_length_limit),
        cmocka_unit_test(test_extend_gives_room_to_write),
        cmocka_unit_test(test_clear_keeps_memory_and_empties),
        cmocka_unit_test(test_take_hands_the_string_over),
        cmocka_unit_test(test_a_failed_append_drops_the_text),
        cmocka_unit_test(test_format_makes_a_new_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
