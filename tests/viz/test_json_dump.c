/*
 * tests/viz/test_json_dump.c — report.json's own writer (viz/json_dump.c)
 * and the numbers of viz/json_number.c. The right answer is always what
 * the slow path gives: json_dump_file() with report.json's flags, and
 * lsn_csv_number() for the tables. The values below are the shapes the
 * outputs write: figures rounded to 1e-6 (small, whole, negative, above a
 * million), tiny and huge reals that jansson writes with an exponent, and
 * strings with quotes, backslashes, control characters and UTF-8. The same
 * document written a part at a time (lsn_json_out) has the same bytes.
 */
#include "support.h"

#include "viz/compare.h"
#include "viz/json_dump.h"
#include "viz/json_number.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double reals[] = {0.0,
                               -0.0,
                               1.0,
                               -1.0,
                               0.5,
                               3.25,
                               0.000123,
                               0.0001,
                               0.00001,
                               0.000099,
                               1e-7,
                               2.5e-9,
                               123456.789012,
                               999999.999999,
                               1000000.0,
                               1234567.25,
                               1234567.1234,
                               12345678.5,
                               98765432.123456,
                               1e12,
                               1.5e15,
                               -7e-5,
                               -42.000001,
                               1.0 / 3.0,
                               2.0 / 3.0,
                               6.02214076e23,
                               1e300,
                               -1e-300,
                               0.1 + 0.2,
                               100.0,
                               99999.9999995,
                               5e-324};

/* The values of reals[], rounded as lsn_json_number rounds them. */
static double round6(double x)
{
    double r = round(x * 1e6) / 1e6;
    return r == 0 ? 0 : r;
}

static char *jansson_real(double x)
{
    json_t *a = json_pack("[f]", x);
    char *text = json_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(12));
    json_decref(a);
    assert_non_null(text);
    /* "[...]" around the number */
    size_t n = strlen(text);
    memmove(text, text + 1, n - 2);
    text[n - 2] = '\0';
    return text;
}

static void number_text_spells_reals_as_jansson(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
        double xs[2] = {reals[i], round6(reals[i])};
        for (int k = 0; k < 2; k++) {
            char buf[LSN_JSON_NUMBER_SIZE];
            char *want = jansson_real(xs[k]);
            size_t n = lsn_json_number_text(buf, xs[k]);
            assert_string_equal(buf, want);
            assert_int_equal(n, strlen(want));
            free(want);
        }
    }
    char buf[LSN_JSON_NUMBER_SIZE];
    assert_int_equal(lsn_json_number_text(buf, NAN), 0);
}

static void number_csv_spells_as_csv_number(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
        for (int sign = -1; sign <= 1; sign += 2) {
            double x = sign * reals[i];
            char want[400], got[LSN_JSON_NUMBER_SIZE];
            lsn_csv_number(want, sizeof(want), x);
            if (strlen(want) >= LSN_JSON_NUMBER_SIZE) {
                continue; /* 1e300 and such: no table writes them */
            }
            assert_string_equal(lsn_json_number_csv(got, x), want);
        }
    }
    char got[LSN_JSON_NUMBER_SIZE];
    assert_string_equal(lsn_json_number_csv(got, INFINITY), "");
    assert_string_equal(lsn_json_number_csv(got, 2.0 / 3.0), "0.666667");
    assert_string_equal(lsn_json_number_csv(got, -0.0000001), "0");
}

static void integer_text_spells_every_range(void **state)
{
    (void)state;
    static const int64_t v[] = {0, 1, -1, 9, 10, -10, 123456789, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        char want[32], got[LSN_JSON_NUMBER_SIZE];
        snprintf(want, sizeof(want), "%" PRId64, v[i]);
        assert_int_equal(lsn_json_integer_text(got, v[i]), strlen(want));
        assert_string_equal(got, want);
    }
}

/* A tree of every kind of value, nested, with report.json's figures. */
static json_t *sample_tree(void)
{
    json_t *root = json_object();
    json_t *reals_arr = json_array();
    for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
        json_array_append_new(reals_arr, json_real(reals[i]));
        json_array_append_new(reals_arr, lsn_json_number(reals[i]));
    }
    json_object_set_new(root, "reals", reals_arr);
    json_object_set_new(
        root, "ints", json_pack("[I,I,I]", (json_int_t)0, (json_int_t)-12, (json_int_t)INT64_MAX));
    json_object_set_new(root, "text",
                        json_pack("[s,s,s,s]", "plain", "quote \" and \\ slash /",
                                  "tab\tnew\nline\r\b\f\x01\x1f end", "Zoë – 東京 😀"));
    /* Each character that needs escaping (and neighbours that do not: a
     * space, DEL, UTF-8) at every place around the 8-byte steps of the
     * writer's scan. */
    json_t *steps = json_array();
    static const char *const special[] = {"\"",   "\\", "\n",   "\x01",
                                          "\x1f", " ",  "\x7f", "\xc3\xa9"};
    for (size_t k = 0; k < sizeof(special) / sizeof(*special); k++) {
        for (size_t at = 0; at < 20; at++) {
            char text[64];
            memset(text, 'a', at);
            size_t n = strlen(special[k]);
            memcpy(text + at, special[k], n);
            memset(text + at + n, 'b', 19 - at);
            text[at + n + 19 - at] = '\0';
            json_array_append_new(steps, json_string(text));
        }
    }
    json_object_set_new(root, "steps", steps);
    json_object_set_new(root, "we\"ird\nkey", json_true());
    json_object_set_new(root, "empty", json_pack("{s:[],s:{}}", "a", "o"));
    json_object_set_new(
        root, "nested",
        json_loads("[{\"null\": null, \"no\": false, \"deep\": [[1, [2.5, {}]]]}]", 0, NULL));
    json_object_set_new(root, "z_last", json_string(""));
    json_object_set_new(root, "a_after_z", json_integer(1)); /* insertion order, not sorted */
    return root;
}

static void dump_writes_the_bytes_of_json_dump_file(void **state)
{
    (void)state;
    char mine[512], theirs[512];
    viz_path(mine, sizeof(mine), "mine.json");
    viz_path(theirs, sizeof(theirs), "theirs.json");
    json_t *root = sample_tree();
    assert_int_equal(json_dump_file(root, theirs,
                                    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)),
                     0);
    assert_int_equal(lsn_json_dump_report(root, mine, false), 0);
    char *a = viz_slurp(mine), *b = viz_slurp(theirs);
    assert_string_equal(a, b);
    free(a);
    free(b);
    json_decref(root);
}

static void reread_leaves_the_tree_the_file_reads_back_as(void **state)
{
    (void)state;
    char path[512];
    viz_path(path, sizeof(path), "reread.json");
    json_t *root = sample_tree();
    assert_int_equal(lsn_json_dump_report(root, path, true), 0);
    json_error_t err;
    json_t *back = json_load_file(path, 0, &err);
    assert_non_null(back);
    /* 1234567.1234 is written with 12 digits, 1234567.12340: the tree now
     * holds what was written, and equals the file read back exactly. */
    assert_true(json_equal(root, back));
    json_t *r = json_object_get(root, "reals");
    int changed = 0;
    for (size_t i = 0; i < json_array_size(r); i++) {
        changed += json_real_value(json_array_get(r, i)) != reals[i / 2] && i % 2 == 0;
    }
    assert_true(changed > 0);
    json_decref(back);
    json_decref(root);
}

static void dump_fails_on_an_unwritable_path(void **state)
{
    (void)state;
    json_t *root = json_object();
    assert_int_equal(lsn_json_dump_report(root, viz_tmp, false), -1); /* a folder */
    json_t *scalar = json_integer(3);
    char path[512];
    viz_path(path, sizeof(path), "scalar.json");
    assert_int_equal(lsn_json_dump_report(scalar, path, false), -1);
    json_decref(scalar);
    json_decref(root);
}

/* The same document written a part at a time: the members of the root
 * opened and closed around values, an array streamed element by element,
 * and one member's value written apart into memory (at depth 1) and put
 * in as text. The right answer is json_dump_file()'s bytes of the whole
 * tree. */
static void parts_write_the_bytes_of_the_whole_tree(void **state)
{
    (void)state;
    char mine[512], theirs[512];
    viz_path(mine, sizeof(mine), "parts.json");
    viz_path(theirs, sizeof(theirs), "whole.json");
    json_t *root = sample_tree();
    assert_int_equal(json_dump_file(root, theirs,
                                    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)),
                     0);
    lsn_json_out *o = lsn_json_out_file(mine, false);
    assert_non_null(o);
    lsn_json_out_begin(o, NULL, true);
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        if (strcmp(key, "reals") == 0) { /* element by element */
            lsn_json_out_begin(o, key, false);
            for (size_t i = 0; i < json_array_size(v); i++) {
                lsn_json_out_value(o, NULL, json_array_get(v, i));
            }
            lsn_json_out_end(o);
        } else if (strcmp(key, "empty") == 0) { /* empty containers opened and closed */
            lsn_json_out_begin(o, key, true);
            lsn_json_out_begin(o, "a", false);
            lsn_json_out_end(o);
            lsn_json_out_begin(o, "o", true);
            lsn_json_out_end(o);
            lsn_json_out_end(o);
        } else if (strcmp(key, "nested") == 0 || strcmp(key, "text") == 0) { /* kept text */
            lsn_json_out *m = lsn_json_out_memory(1, false);
            assert_non_null(m);
            lsn_json_out_value(m, NULL, v);
            char *text = NULL;
            size_t n = 0;
            assert_int_equal(lsn_json_out_close(m, &text, &n), 0);
            assert_non_null(text);
            lsn_json_out_text(o, key, text, n);
            free(text);
        } else {
            lsn_json_out_value(o, key, v);
        }
    }
    lsn_json_out_end(o);
    assert_int_equal(lsn_json_out_close(o, NULL, NULL), 0);
    char *a = viz_slurp(mine), *b = viz_slurp(theirs);
    assert_string_equal(a, b);
    free(a);
    free(b);
    json_decref(root);
}

/* A writer misused fails at close: a container left open, a member without
 * a key, a value that could not be built (NULL: jansson gives no NaN), a
 * scalar as the document; and a folder cannot be opened. */
static void parts_fail_when_misused(void **state)
{
    (void)state;
    lsn_json_out *o = lsn_json_out_memory(0, false);
    lsn_json_out_begin(o, NULL, true);
    assert_int_equal(lsn_json_out_close(o, NULL, NULL), -1);
    o = lsn_json_out_memory(0, false);
    lsn_json_out_begin(o, NULL, true);
    json_t *one = json_integer(1);
    lsn_json_out_value(o, NULL, one);
    lsn_json_out_end(o);
    assert_int_equal(lsn_json_out_close(o, NULL, NULL), -1);
    o = lsn_json_out_memory(0, false);
    lsn_json_out_begin(o, NULL, false);
    json_t *nan = json_real(NAN);
    assert_null(nan);
    lsn_json_out_value(o, NULL, nan);
    lsn_json_out_end(o);
    char *text = NULL;
    size_t n = 1;
    assert_int_equal(lsn_json_out_close(o, &text, &n), -1);
    assert_null(text);
    assert_int_equal(n, 0);
    o = lsn_json_out_memory(0, false);
    lsn_json_out_value(o, NULL, one);
    assert_int_equal(lsn_json_out_close(o, NULL, NULL), -1);
    assert_null(lsn_json_out_file(viz_tmp, false)); /* a folder */
    json_decref(nan);
    json_decref(one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_text_spells_reals_as_jansson),
        cmocka_unit_test(number_csv_spells_as_csv_number),
        cmocka_unit_test(integer_text_spells_every_range),
        cmocka_unit_test(dump_writes_the_bytes_of_json_dump_file),
        cmocka_unit_test(reread_leaves_the_tree_the_file_reads_back_as),
        cmocka_unit_test(dump_fails_on_an_unwritable_path),
        cmocka_unit_test(parts_write_the_bytes_of_the_whole_tree),
        cmocka_unit_test(parts_fail_when_misused),
    };
    return cmocka_run_group_tests(tests, viz_setup, viz_teardown);
}
