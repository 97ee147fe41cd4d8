/*
 * tests/io/test_config.c — the "key = value" reader of --config: what it
 * hands the callback (trimmed keys and values, quotes removed, comments,
 * blank lines, a BOM and CRLF ignored, the line numbers), lines of any
 * length kept whole, and its errors (code and message): a line without
 * '=', a NUL byte, an unreadable file, the callback's own error.
 */
#include "io/config.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/lsn-config-XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Write len bytes to DIR/name; returns the path (static). */
static const char *write_file(const char *name, const char *bytes, size_t len)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

/* What the callback saw: "LINE:key=value;" for every setting. */
struct seen {
    char text[16384];
    size_t len;
    int fail_at; /* the callback fails on this line; 0: never */
};

static int collect(void *ud, const char *key, const char *value, int line)
{
    struct seen *s = ud;
    if (line == s->fail_at) {
        return lsn_error_set(LSN_EINVAL, "line %d: no", line);
    }
    int n = snprintf(s->text + s->len, sizeof(s->text) - s->len, "%d:%s=%s;", line, key, value);
    assert_true(n > 0 && (size_t)n < sizeof(s->text) - s->len);
    s->len += (size_t)n;
    return LSN_OK;
}

static void test_config_hands_over_trimmed_settings_in_file_order(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF# thresholds\r\n"
                               "rule-of-eight = 10\r\n"
                               "\r\n"
                               "   tz=\"Europe/Berlin\"   # a comment\r\n"
                               "\tmin_group\t=\t5\n"
                               "from = 2026-01-05";
    const char *path = write_file("good.cfg", text, sizeof(text) - 1);
    struct seen s = {.len = 0, .fail_at = 0};
    assert_int_equal(lsn_config_read(path, collect, &s), LSN_OK);
    /* Blank and comment lines still count: the BOM line is 1. */
    assert_string_equal(s.text, "2:rule-of-eight=10;4:tz=Europe/Berlin;5:min_group=5;"
                                "6:from=2026-01-05;");
}

static void test_config_keeps_a_long_line_whole(void **state)
{
    (void)state;
    /* 10,000 blanks between the key and its value: far beyond any fixed
     * buffer. Split, the tail would come back as a line of its own. */
    size_t n = 10000;
    char *text = malloc(n + 64);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "tz =");
    memset(text + len, ' ', n);
    len += n;
    len += (size_t)sprintf(text + len, "Asia/Tokyo\nnext = 1\n");
    const char *path = write_file("long.cfg", text, len);
    free(text);
    struct seen s = {.len = 0, .fail_at = 0};
    assert_int_equal(lsn_config_read(path, collect, &s), LSN_OK);
    assert_string_equal(s.text, "1:tz=Asia/Tokyo;2:next=1;");
}

static void test_config_errors_name_file_and_line(void **state)
{
    (void)state;
    char want[256];
    struct seen s = {.len = 0, .fail_at = 0};

    const char *path = write_file("noeq.cfg", "a = 1\nrule-of-eight 9\n", 22);
    assert_int_equal(lsn_config_read(path, collect, &s), LSN_EINVAL);
    snprintf(want, sizeof(want), "%s:2: expected 'key = value'", path);
    assert_string_equal(lsn_error_last(), want);

    path = write_file("nokey.cfg", " = 3\n", 5);
    assert_int_equal(lsn_config_read(path, collect, &s), LSN_EINVAL);
    snprintf(want, sizeof(want), "%s:1: expected 'key = value'", path);
    assert_string_equal(lsn_error_last(), want);

    path = write_file("nul.cfg", "a = 1\nb = x\0y\n", 14);
    assert_int_equal(lsn_config_read(path, collect, &s), LSN_EINVAL);
    snprintf(want, sizeof(want), "%s:2: contains a NUL byte", path);
    assert_string_equal(lsn_error_last(), want);

    snprintf(want, sizeof(want), "%s/absent.cfg", dir);
    assert_int_equal(lsn_config_read(want, collect, &s), LSN_EIO);
    assert_non_null(strstr(lsn_error_last(), "absent.cfg: cannot read: "));

    /* The callback's error stops the reading and is returned as it is. */
    struct seen f = {.len = 0, .fail_at = 2};
    path = write_file("cb.cfg", "a = 1\nb = 2\nc = 3\n", 18);
    assert_int_equal(lsn_config_read(path, collect, &f), LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "line 2: no");
    assert_string_equal(f.text, "1:a=1;");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_hands_over_trimmed_settings_in_file_order),
        cmocka_unit_test(test_config_keeps_a_long_line_whole),
        cmocka_unit_test(test_config_errors_name_file_and_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
