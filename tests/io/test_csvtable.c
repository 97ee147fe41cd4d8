/*
 * tests/io/test_csvtable.c — the generic CSV reader: header matching,
 * present/required columns, line numbers across every kind of line end,
 * short and long rows, a callback that stops, and a file much larger than
 * the reader's block, and fields that are not UTF-8. Inputs are written to temporary files by each
 * test.
 */
#include "io/csvtable.h"

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

#define MAX_ROWS 16

/* Rows seen by the callback, each as "line|v0|v1|...". */
struct rows {
    int count;
    char text[MAX_ROWS][256];
    size_t ncolumns;
    int stop_at; /* stop with LSN_EINVAL at this row count, 0 never */
};

static int collect(void *ud, const char *const *values, int line)
{
    struct rows *r = ud;
    if (r->count < MAX_ROWS) {
        char *t = r->text[r->count];
        size_t used = (size_t)snprintf(t, sizeof(r->text[0]), "%d", line);
        for (size_t i = 0; i < r->ncolumns && used < sizeof(r->text[0]); i++) {
            used += (size_t)snprintf(t + used, sizeof(r->text[0]) - used, "|%s", values[i]);
        }
    }
    r->count++;
    if (r->stop_at != 0 && r->count == r->stop_at) {
        return lsn_error_set(LSN_EINVAL, "stopped at line %d", line);
    }
    return LSN_OK;
}

/* Write len bytes to a new temporary file; its path goes to path. */
static void write_temp(char *path, size_t size, const char *data, size_t len)
{
    snprintf(path, size, "/tmp/lsn_csvtable_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static int read_string(struct rows *rows,
                       const char *data,
                       const char *const *columns,
                       size_t ncolumns,
                       const bool *required,
                       bool *present,
                       char *path,
                       size_t path_size)
{
    write_temp(path, path_size, data, strlen(data));
    memset(rows, 0, sizeof(*rows));
    rows->ncolumns = ncolumns;
    int rc = lsn_csv_read(path, columns, ncolumns, required, present, collect, rows);
    unlink(path);
    return rc;
}

static const char *const cols[] = {"Start Date", "subject", "organizer"};

static void test_csv_matches_header_names_loosely_and_fills_absent_columns(void **state)
{
    (void)state;
    struct rows rows;
    char path[64];
    bool present[3];
    const char *data = " SUBJECT ,\"start date\",Extra,subject\n"
                       "Standup,2024-01-02,x,ignored\n"
                       "Short\n"
                       "Long,2024-01-03,x,y,z,w\n";
    assert_int_equal(read_string(&rows, data, cols, 3, NULL, present, path, sizeof(path)), LSN_OK);
    assert_true(present[0]);
    assert_true(present[1]);
    assert_false(present[2]);
    assert_int_equal(rows.count, 3);
    /* The first "subject" column wins; the row that is short gets "". */
    assert_string_equal(rows.text[0], "2|2024-01-02|Standup|");
    assert_string_equal(rows.text[1], "3||Short|");
    assert_string_equal(rows.text[2], "4|2024-01-03|Long|");
}

static void test_csv_counts_lines_across_every_kind_of_line_end(void **state)
{
    (void)state;
    struct rows rows;
    char path[64];
    const char *data = "\r\n"
                       "\n"
                       "subject,start date\r\n"
                       "\"two\r\nlines\",a\r\n"
                       "\r\n"
                       ",\r\n"
                       "cr only,b\r"
                       "\"lf\ninside\",c\n"
                       "last,d";
    assert_int_equal(read_string(&rows, data, cols, 2, NULL, NULL, path, sizeof(path)), LSN_OK);
    assert_int_equal(rows.count, 4);
    assert_string_equal(rows.text[0], "4|a|two\r\nlines");
    assert_string_equal(rows.text[1], "8|b|cr only");
    assert_string_equal(rows.text[2], "9|c|lf\ninside");
    assert_string_equal(rows.text[3], "11|d|last");
}

static void test_csv_reports_a_missing_required_column_at_the_header_line(void **state)
{
    (void)state;
    struct rows rows;
    char path[64];
    const bool required[] = {false, true, true};
    int rc = read_string(&rows, "\n\nsubject,start date\nx,y\n", cols, 3, required, NULL, path,
                         sizeof(path));
    assert_int_equal(rc, LSN_EPARSE);
    char want[128];
    snprintf(want, sizeof(want), "%s:3: missing required column 'organizer'", path);
    assert_string_equal(lsn_error_last(), want);
    assert_int_equal(rows.count, 0);
}

static void test_csv_stops_with_the_callbacks_code(void **state)
{
    (void)state;
    struct rows rows;
    char path[64];
    write_temp(path, sizeof(path), "subject\na\nb\nc\n", 14);
    memset(&rows, 0, sizeof(rows));
    rows.ncolumns = 1;
    rows.stop_at = 2;
    int rc = lsn_csv_read(path, cols + 1, 1, NULL, NULL, collect, &rows);
    unlink(path);
    assert_int_equal(rc, LSN_EINVAL);
    assert_string_equal(lsn_error_last(), "stopped at line 3");
    assert_int_equal(rows.count, 2);
}

static void test_csv_reads_a_file_larger_than_its_block(void **state)
{
    (void)state;
    enum { ROWS = 40000 };
    size_t cap = (size_t)ROWS * 64 + 300000;
    char *data = malloc(cap);
    assert_non_null(data);
    size_t len = (size_t)snprintf(data, cap, "\xEF\xBB\xBFsubject,organizer\r\n");
    /* A quoted field of 200 kB: more than one block, with line breaks. */
    data[len++] = '"';
    for (int i = 0; i < 200000; i++) {
        data[len++] = (i % 1000 == 999) ? '\n' : 'x';
    }
    len += (size_t)snprintf(data + len, cap - len, "\",big\r\n");
    for (int i = 0; i < ROWS; i++) {
        len += (size_t)snprintf(data + len, cap - len, "meeting %d,\"o%d@x.com\"\r\n", i, i);
    }
    char path[64];
    write_temp(path, sizeof(path), data, len);
    free(data);

    struct rows rows;
    memset(&rows, 0, sizeof(rows));
    rows.ncolumns = 1;
    int rc = lsn_csv_read(path, cols + 2, 1, NULL, NULL, collect, &rows);
    unlink(path);
    assert_int_equal(rc, LSN_OK);
    assert_int_equal(rows.count, ROWS + 1);
    assert_string_equal(rows.text[0], "2|big");
    /* The big field spans lines 2-202, so data row i starts on line 203 + i. */
    assert_string_equal(rows.text[1], "203|o0@x.com");
    assert_string_equal(rows.text[15], "217|o14@x.com");
}

static void test_csv_unreadable_and_empty_files_are_errors(void **state)
{
    (void)state;
    struct rows rows;
    char path[64];
    memset(&rows, 0, sizeof(rows));
    int rc = lsn_csv_read("/nonexistent/x.csv", cols, 3, NULL, NULL, collect, &rows);
    assert_int_equal(rc, LSN_EIO);
    assert_string_equal(lsn_error_last(),
                        "/nonexistent/x.csv: cannot read: No such file or directory");

    rc = read_string(&rows, "", cols, 3, NULL, NULL, path, sizeof(path));
    assert_int_equal(rc, LSN_EPARSE);
    char want[128];
    snprintf(want, sizeof(want), "%s:1: empty file, expected a header row", path);
    assert_string_equal(lsn_error_last(), want);

    rc = read_string(&rows, "subject\n\"a\"b\nc\n", cols + 1, 1, NULL, NULL, path, sizeof(path));
    assert_int_equal(rc, LSN_EPARSE);
    snprintf(want, sizeof(want), "%s:2: unterminated quoted field", path);
    assert_string_equal(lsn_error_last(), want);
}

/* The warnings said while a file is read. */
static char warned[4][256];
static int nwarned;

static void capture(void *ud, const char *message)
{
    (void)ud;
    if (nwarned < 4) {
        snprintf(warned[nwarned], sizeof(warned[0]), "%s", message);
    }
    nwarned++;
}

static void test_csv_reads_fields_that_are_not_utf8_as_latin1(void **state)
{
    (void)state;
    struct rows rows;
    char path[64];
    lsn_warn_set_handler(capture, NULL);
    nwarned = 0;
    /* A Windows export: Latin-1 names beside UTF-8 ones, a surrogate. */
    const char *data = "subject,organizer\n"
                       "Caf\xC3\xA9,ok\n"
                       "Jos\xE9,Mar\xED"
                       "a\n"
                       "x\xED\xA0\x80,plain\n";
    int rc = read_string(&rows, data, cols + 1, 2, NULL, NULL, path, sizeof(path));
    lsn_warn_set_handler(NULL, NULL);
    assert_int_equal(rc, LSN_OK);
    assert_int_equal(rows.count, 3);
    assert_string_equal(rows.text[0], "2|Caf\xC3\xA9|ok");
    assert_string_equal(rows.text[1], "3|Jos\xC3\xA9|Mar\xC3\xAD"
                                      "a");
    assert_string_equal(rows.text[2], "4|x\xC3\xAD\xC2\xA0\xC2\x80|plain");
    assert_int_equal(nwarned, 1);
    char want[128];
    snprintf(want, sizeof(want), "%s:3: not valid UTF-8, read as Latin-1 (3 fields from here on)",
             path);
    assert_string_equal(warned[0], want);

    /* One field: no count; and a caller that said it already hears nothing. */
    nwarned = 0;
    lsn_warn_set_handler(capture, NULL);
    rc = read_string(&rows, "subject\n\xE9t\xE9\n", cols + 1, 1, NULL, NULL, path, sizeof(path));
    assert_int_equal(rc, LSN_OK);
    snprintf(want, sizeof(want), "%s:2: not valid UTF-8, read as Latin-1", path);
    assert_int_equal(nwarned, 1);
    assert_string_equal(warned[0], want);
    const char *latin1 = "subject\n\xE9t\xE9\n";
    write_temp(path, sizeof(path), latin1, strlen(latin1));
    memset(&rows, 0, sizeof(rows));
    rows.ncolumns = 1;
    lsn_csv_options said = LSN_CSV_OPTIONS_INIT;
    said.latin1_said = true;
    rc = lsn_csv_read_with(path, cols + 1, 1, NULL, NULL, collect, &rows, &said);
    unlink(path);
    lsn_warn_set_handler(NULL, NULL);
    assert_int_equal(rc, LSN_OK);
    assert_string_equal(rows.text[0], "2|\xC3\xA9t\xC3\xA9");
    assert_int_equal(nwarned, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_matches_header_names_loosely_and_fills_absent_columns),
        cmocka_unit_test(test_csv_counts_lines_across_every_kind_of_line_end),
        cmocka_unit_test(test_csv_reports_a_missing_required_column_at_the_header_line),
        cmocka_unit_test(test_csv_stops_with_the_callbacks_code),
        cmocka_unit_test(test_csv_reads_a_file_larger_than_its_block),
        cmocka_unit_test(test_csv_unreadable_and_empty_files_are_errors),
        cmocka_unit_test(test_csv_reads_fields_that_are_not_utf8_as_latin1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
