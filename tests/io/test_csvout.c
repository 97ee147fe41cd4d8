/*
 * tests/io/test_csvout.c — CSV fields as the program writes them
 * (io/csvout.c): plain text as it is; a field with a comma, a quote, CR or
 * LF in quotes with each quote doubled (RFC 4180 §2.6-2.7); "," between
 * fields and CRLF after the last; the Outlook form quotes every field. The
 * expected bytes are written out by hand below.
 */
#include "io/csvout.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

static void test_text_fields_are_quoted_only_when_needed(void **state)
{
    (void)state;
    lsn_text t = {0};
    lsn_csv_put(&t, "plain", false);
    lsn_csv_put(&t, "a,b", false);
    lsn_csv_put(&t, "say \"hi\"", false);
    lsn_csv_put(&t, "two\nlines", false);
    lsn_csv_put(&t, "", true);
    assert_false(t.failed);
    assert_string_equal(lsn_text_str(&t), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    lsn_text_free(&t);
}

/* The character that asks for quotes first, last or alone. */
static void test_quotes_wherever_the_character_is(void **state)
{
    (void)state;
    lsn_text t = {0};
    lsn_csv_put(&t, ",", false);
    lsn_csv_put(&t, "\"x", false);
    lsn_csv_put(&t, "end\r", false);
    lsn_csv_put(&t, "a long plain field with spaces and digits 0123456789", true);
    assert_false(t.failed);
    assert_string_equal(lsn_text_str(&t),
                        "\",\",\"\"\"x\",\"end\r\","
                        "a long plain field with spaces and digits 0123456789\r\n");
    lsn_text_free(&t);
}

static void test_outlook_fields_are_always_quoted(void **state)
{
    (void)state;
    lsn_text t = {0};
    lsn_csv_put_quoted(&t, "Subject", false);
    lsn_csv_put_quoted(&t, "", false);
    lsn_csv_put_quoted(&t, "x\"y", true);
    assert_false(t.failed);
    assert_string_equal(lsn_text_str(&t), "\"Subject\",\"\",\"x\"\"y\"\r\n");
    lsn_text_free(&t);
}

static void test_file_fields_match_text_fields(void **state)
{
    (void)state;
    static const char *const fields[] = {"id", "a \"quoted\" one", "c,d", "cr\rhere", "last"};
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    lsn_text t = {0};
    for (size_t i = 0; i < 5; i++) {
        lsn_csv_field(f, fields[i], i == 4);
        lsn_csv_put(&t, fields[i], i == 4);
    }
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "id,\"a \"\"quoted\"\" one\",\"c,d\",\"cr\rhere\",last\r\n");
    assert_string_equal(buf, lsn_text_str(&t));
    free(buf);
    lsn_text_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_fields_are_quoted_only_when_needed),
        cmocka_unit_test(test_quotes_wherever_the_character_is),
        cmocka_unit_test(test_outlook_fields_are_always_quoted),
        cmocka_unit_test(test_file_fields_match_text_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
