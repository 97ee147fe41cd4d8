/*
 * tests/cli/test_batch.c — `liaison batch` end to end: a manifest of three
 * rows, one broken (its roster does not exist): the two others run, each
 * report is what `analyze` writes for that row, the broken row is named in
 * batch.csv and batch.json with its message, and --jobs 1 and --jobs 2
 * write the same bytes. Every row failing is exit status 1; an unreadable
 * manifest too; usage errors are 2.
 *
 * The data is the hand-built organization of fixtures/compare/ (see its
 * README.md), copied next to the manifest so that relative paths resolve
 * against the manifest's folder, not the current one.
 */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "support.h"

#include "analysis/finding_types.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char manifest[512];

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("batch") != 0) {
        return -1;
    }
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s/m' && cp -r '%s/compare' '%s/m/data'", tcli_tmp,
             LSN_FIXTURES, tcli_tmp);
    if (system(cmd) != 0) {
        return -1;
    }
    /* A second calendar for beta: a kickoff of the new hire with p2. */
    tcli_write("m/data/extra.ics",
               "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\n"
               "UID:kickoff@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260106T100000Z\r\n"
               "DTEND:20260106T110000Z\r\nSUMMARY:Kickoff\r\n"
               "ORGANIZER:mailto:p2@acme.example\r\nATTENDEE:mailto:n1@acme.example\r\n"
               "END:VEVENT\r\nEND:VCALENDAR\r\n");
    /* Column names in any case and order; an extra column is ignored. */
    tcli_write("m/manifest.csv",
               "Name,Calendars,People,TEAMS,needs,From,To,TZ,comment\n"
               "alpha,data/calendar.ics,data/people.csv,data/teams.csv,data/needs.csv,"
               "2026-01-05,2026-02-02,,the baseline\n"
               "broken,data/calendar.ics,data/nobody.csv,,,2026-01-05,2026-02-02,,no roster\n"
               "beta,data/calendar.ics; data/extra.ics,data/merge-people.csv,data/merge-teams.csv,"
               "data/merge-needs.csv,2026-01-05,2026-02-02,UTC,the merge\n");
    snprintf(manifest, sizeof(manifest), "%s/m/manifest.csv", tcli_tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

static json_t *load_json(const char *path)
{
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    if (root == NULL) {
        fail_msg("%s: %s", path, e.text);
    }
    return root;
}

/* Line `n` (0 = header) of a CRLF text, malloc'd. */
static char *line_of(const char *text, int n)
{
    const char *p = text;
    for (int i = 0; i < n && p != NULL; i++) {
        p = strstr(p, "\r\n");
        p = p != NULL ? p + 2 : NULL;
    }
    assert_non_null(p);
    const char *end = strstr(p, "\r\n");
    assert_non_null(end);
    char *line = malloc((size_t)(end - p) + 1);
    assert_non_null(line);
    memcpy(line, p, (size_t)(end - p));
    line[end - p] = '\0';
    return line;
}

static void test_batch_runs_good_rows_and_names_the_broken_one(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("batch --jobs 2 --out %s/out2 %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "batch: 3 rows, 2 ok, 1 failed"));
    char want[1024];
    snprintf(want, sizeof(want), "liaison: %s:3: %s/m/data/nobody.csv: cannot read", manifest,
             tcli_tmp);
    if (strstr(r.err, want) == NULL) {
        fail_msg("expected '%s' in: %s", want, r.err);
    }
    tcli_run_free(&r);

    char *csv = tcli_slurp("%s/out2/batch.csv", tcli_tmp);
    assert_non_null(csv);
    /* A column per finding type, in report order, after the summary figures. */
    char *types = tcli_type_names("", ",");
    char expect[2048];
    snprintf(expect, sizeof(expect),
             "name,status,message,people,people_present,teams,series,instances,"
             "meeting_hours_per_week,cross_team_share,team_links,liaison_links,"
             "modularity,findings,%s",
             types);
    char *head = line_of(csv, 0);
    assert_string_equal(head, expect);
    free(head);
    free(types);
    /* alpha is the baseline of fixtures/compare/README.md: 18 meeting hours a
     * week (w1 3, w2 2, w3 1, a1 3, a2 1, a3 1, p1 2, p2 2, u1 2, u2 1); its two
     * findings are an oversized meeting and a missing link. */
    static const int alpha_counts[LSN_FINDING_TYPES] = {
        [LSN_FINDING_OVERSIZED_MEETING] = 1, [LSN_FINDING_MISSING_LINK] = 1};
    char *counts = tcli_type_counts(alpha_counts, ",");
    snprintf(expect, sizeof(expect), "alpha,ok,,10,10,4,7,28,18,0.425532,4,1,0.311755,2,%s",
             counts);
    free(counts);
    char *alpha = line_of(csv, 1);
    assert_string_equal(alpha, expect);
    free(alpha);
    char *broken = line_of(csv, 2);
    snprintf(want, sizeof(want), "broken,error,%s:3: %s/m/data/nobody.csv: cannot read: ", manifest,
             tcli_tmp);
    assert_true(strncmp(broken, want, strlen(want)) == 0);
    /* No figures: the message, then an empty field for each of the 11 summary
     * columns and each type. */
    size_t empty = 11 + LSN_FINDING_TYPES, len = strlen(broken);
    assert_true(len > empty && broken[len - empty - 1] != ',');
    for (size_t k = len - empty; k < len; k++) {
        assert_int_equal(broken[k], ',');
    }
    free(broken);
    char *beta = line_of(csv, 3);
    assert_true(strncmp(beta, "beta,ok,,10,10,3,8,29,", 22) == 0);
    free(beta);
    free(csv);

    char path[512];
    snprintf(path, sizeof(path), "%s/out2/batch.json", tcli_tmp);
    json_t *root = load_json(path);
    assert_string_equal(json_string_value(json_object_get(root, "manifest")), manifest);
    const json_t *rows = json_object_get(root, "rows");
    assert_int_equal(json_array_size(rows), 3);
    const json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1);
    assert_string_equal(json_string_value(json_object_get(r0, "status")), "ok");
    assert_true(json_is_null(json_object_get(r0, "message")));
    assert_string_equal(json_string_value(json_object_get(r0, "report")), "alpha/report.json");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r0, "summary"), "people")),
                     10);
    assert_int_equal(json_integer_value(json_object_get(r0, "findings")), 2);
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(r0, "findings_by_type"), "missing_link")),
                     1);
    /* The row's figures are its report's, to the last digit (the child
     * sends them; the parent does not read the report back). */
    snprintf(path, sizeof(path), "%s/out2/alpha/report.json", tcli_tmp);
    json_t *alpha_report = load_json(path);
    assert_true(
        json_equal(json_object_get(r0, "summary"), json_object_get(alpha_report, "summary")));
    assert_int_equal(json_integer_value(json_object_get(r0, "findings")),
                     json_array_size(json_object_get(alpha_report, "findings")));
    assert_true(json_is_real(json_object_get(json_object_get(r0, "summary"), "cross_team_share")));
    json_decref(alpha_report);
    assert_string_equal(json_string_value(json_object_get(r1, "name")), "broken");
    assert_int_equal(json_integer_value(json_object_get(r1, "line")), 3);
    assert_string_equal(json_string_value(json_object_get(r1, "status")), "error");
    assert_non_null(strstr(json_string_value(json_object_get(r1, "message")), "nobody.csv"));
    assert_true(json_is_null(json_object_get(r1, "summary")));
    json_decref(root);

    /* The broken row leaves no folder. */
    struct stat st;
    snprintf(path, sizeof(path), "%s/out2/broken", tcli_tmp);
    assert_int_not_equal(stat(path, &st), 0);
}

/* Each row's report is the one `analyze` writes for the same files. */
static void test_batch_reports_equal_analyze(void **state)
{
    (void)state;
    const char *d = tcli_tmp;
    tcli_run r = tcli_liaison("analyze --quiet --people %s/m/data/people.csv --teams "
                              "%s/m/data/teams.csv --needs %s/m/data/needs.csv --from 2026-01-05 "
                              "--to 2026-02-02 --out %s/an-alpha %s/m/data/calendar.ics",
                              d, d, d, d, d);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("analyze --quiet --people %s/m/data/merge-people.csv --teams "
                     "%s/m/data/merge-teams.csv --needs %s/m/data/merge-needs.csv --from "
                     "2026-01-05 --to 2026-02-02 --tz UTC --out %s/an-beta %s/m/data/calendar.ics "
                     "%s/m/data/extra.ics",
                     d, d, d, d, d, d);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("batch --quiet --out %s/outr %s", d, manifest);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    tcli_run_free(&r);
    char a[512], b[512];
    snprintf(a, sizeof(a), "%s/outr/alpha/report.json", d);
    snprintf(b, sizeof(b), "%s/an-alpha/report.json", d);
    assert_true(tcli_same_file(a, b));
    snprintf(a, sizeof(a), "%s/outr/beta/report.json", d);
    snprintf(b, sizeof(b), "%s/an-beta/report.json", d);
    assert_true(tcli_same_file(a, b));
    snprintf(a, sizeof(a), "%s/outr/beta/findings.csv", d);
    snprintf(b, sizeof(b), "%s/an-beta/findings.csv", d);
    assert_true(tcli_same_file(a, b));
}

static void test_batch_same_bytes_whatever_the_jobs(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("batch --quiet --jobs 1 --out %s/j1 %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("batch --quiet --jobs 2 --out %s/j2 %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    r = tcli_liaison("batch --quiet --jobs 3 --out %s/j3 %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    const char *files[] = {"batch.csv",          "batch.json",       "alpha/report.json",
                           "alpha/findings.csv", "beta/report.json", "beta/findings.csv"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        for (int j = 2; j <= 3; j++) {
            char a[512], b[512];
            snprintf(a, sizeof(a), "%s/j1/%s", tcli_tmp, files[i]);
            snprintf(b, sizeof(b), "%s/j%d/%s", tcli_tmp, j, files[i]);
            if (!tcli_same_file(a, b)) {
                fail_msg("%s differs between --jobs 1 and --jobs %d", files[i], j);
            }
        }
    }
}

static void test_batch_every_row_failing_exits_one(void **state)
{
    (void)state;
    tcli_write("m/bad.csv", "name,calendars,people,from\n"
                            ",data/calendar.ics,data/people.csv,\n"
                            "a/b,data/calendar.ics,data/people.csv,\n"
                            "x,data/nothing.ics,data/people.csv,\n"
                            "x,data/calendar.ics,data/people.csv,\n"
                            "y, ; ,data/people.csv,\n"
                            "z,data/calendar.ics,,\n"
                            "w,data/calendar.ics,data/people.csv,2026-02-30\n"
                            "batch.csv,data/calendar.ics,data/people.csv,\n");
    tcli_run r = tcli_liaison("batch --out %s/bad %s/m/bad.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "batch: 8 rows, 0 ok, 8 failed"));
    char want[8][1024];
    snprintf(want[0], 1024, "liaison: %s/m/bad.csv:2: missing name\n", tcli_tmp);
    snprintf(want[1], 1024, "liaison: %s/m/bad.csv:3: name 'a/b' must be letters", tcli_tmp);
    snprintf(want[2], 1024, "liaison: %s/m/bad.csv:4: %s/m/data/nothing.ics: cannot read", tcli_tmp,
             tcli_tmp);
    snprintf(want[3], 1024, "liaison: %s/m/bad.csv:5: name 'x' is already used on line 4\n",
             tcli_tmp);
    snprintf(want[4], 1024, "liaison: %s/m/bad.csv:6: missing calendars\n", tcli_tmp);
    snprintf(want[5], 1024, "liaison: %s/m/bad.csv:7: missing people\n", tcli_tmp);
    snprintf(want[6], 1024,
             "liaison: %s/m/bad.csv:8: from: '2026-02-30' is not a date (YYYY-MM-DD)\n", tcli_tmp);
    snprintf(want[7], 1024, "liaison: %s/m/bad.csv:9: name 'batch.csv' must be", tcli_tmp);
    /* In manifest order, after the runs. */
    const char *at = r.err;
    for (int i = 0; i < 8; i++) {
        const char *p = strstr(at, want[i]);
        if (p == NULL) {
            fail_msg("expected '%s' (in order) in: %s", want[i], r.err);
        }
        at = p;
    }
    tcli_run_free(&r);
    char *csv = tcli_slurp("%s/bad/batch.csv", tcli_tmp);
    assert_non_null(csv);
    char *row = line_of(csv, 4);
    assert_true(strncmp(row, "x,error,", 8) == 0);
    free(row);
    row = line_of(csv, 8);
    assert_true(strncmp(row, "batch.csv,error,", 16) == 0);
    free(row);
    free(csv);
}

/* Rows the coverage check refuses (fixtures/coverage/README.md) are bad
 * rows like the others: reported as MANIFEST:LINE and skipped. */
static void test_batch_refused_rows_are_reported_and_skipped(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "cp -r '%s/coverage' '%s/m/cov'", LSN_FIXTURES, tcli_tmp);
    assert_int_equal(system(cmd), 0);
    tcli_write("m/cov.csv", "name,calendars,people,teams,from,to\n"
                            "good,cov/calendar.ics,cov/people.csv,cov/teams.csv,2026-01-05,"
                            "2026-02-02\n"
                            "corp,cov/calendar.ics,cov/people-corp.csv,cov/teams.csv,2026-01-05,"
                            "2026-02-02\n"
                            "early,cov/calendar.ics,cov/people.csv,,2025-06-01,2025-07-01\n");
    tcli_run r = tcli_liaison("batch --jobs 2 --out %s/cov %s/m/cov.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "batch: 3 rows, 1 ok, 2 failed"));
    char want[2][1024];
    snprintf(want[0], sizeof(want[0]),
             "liaison: %s/m/cov.csv:3: no roster person is in any meeting: the addresses in the "
             "calendars are mostly @acme.example (4), then @partner.example (2); the roster has "
             "@corp.example (7): is the roster for another domain?\n",
             tcli_tmp);
    snprintf(want[1], sizeof(want[1]),
             "liaison: %s/m/cov.csv:4: no meeting in the window 2025-06-01 to 2025-07-01; the "
             "calendars hold events from 2026-01-05 to 2026-01-26\n",
             tcli_tmp);
    for (int i = 0; i < 2; i++) {
        if (strstr(r.err, want[i]) == NULL) {
            fail_msg("expected '%s' in: %s", want[i], r.err);
        }
    }
    tcli_run_free(&r);
    char *csv = tcli_slurp("%s/cov/batch.csv", tcli_tmp);
    assert_non_null(csv);
    char *row = line_of(csv, 1);
    assert_true(strncmp(row, "good,ok,", 8) == 0);
    free(row);
    row = line_of(csv, 2);
    assert_true(strncmp(row, "corp,error,", 11) == 0);
    free(row);
    row = line_of(csv, 3);
    assert_true(strncmp(row, "early,error,", 12) == 0);
    free(row);
    free(csv);
    /* The good row's report carries its coverage, warnings included. */
    char path[1024];
    snprintf(path, sizeof(path), "%s/cov/good/report.json", tcli_tmp);
    json_t *root = load_json(path);
    json_t *cov = json_object_get(json_object_get(root, "input"), "coverage");
    assert_int_equal(json_integer_value(json_object_get(cov, "people_present")), 3);
    assert_int_equal(json_array_size(json_object_get(cov, "warnings")), 2);
    json_decref(root);
    /* Every row refused: batch's rule for no row run applies. */
    tcli_write("m/cov-bad.csv",
               "name,calendars,people,from,to\n"
               "corp,cov/calendar.ics,cov/people-corp.csv,2026-01-05,2026-02-02\n");
    r = tcli_liaison("batch --out %s/cov-bad %s/m/cov-bad.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "batch: 1 row, 0 ok, 1 failed"));
    tcli_run_free(&r);
}

static void test_batch_unreadable_manifest_exits_one(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("batch --out %s/o %s/m/none.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "none.csv: cannot read"));
    tcli_run_free(&r);
    tcli_write("m/nocal.csv", "name,people\na,data/people.csv\n");
    r = tcli_liaison("batch --out %s/o %s/m/nocal.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "nocal.csv:1: missing required column 'calendars'"));
    tcli_run_free(&r);
    tcli_write("m/empty.csv", "name,calendars,people\n");
    r = tcli_liaison("batch --out %s/o %s/m/empty.csv", tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "empty.csv: no rows: nothing to analyze"));
    tcli_run_free(&r);
}

static void test_batch_usage_errors(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("batch --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: liaison batch"));
    assert_non_null(strstr(r.out, "--jobs N"));
    assert_non_null(strstr(r.out, "--merge-ratio X"));
    tcli_run_free(&r);
    r = tcli_liaison("batch --jobs 0 --out %s/o %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "liaison: batch: --jobs: '0' is not a number from 1 to 256"));
    assert_non_null(strstr(r.err, "try 'liaison batch --help'"));
    tcli_run_free(&r);
    r = tcli_liaison("batch %s", manifest);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--out is required"));
    tcli_run_free(&r);
    r = tcli_liaison("batch --out %s/o %s %s", tcli_tmp, manifest, manifest);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "one MANIFEST only"));
    tcli_run_free(&r);
    r = tcli_liaison("batch --rule-of-eight many --out %s/o %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--rule-of-eight: 'many' is not a number"));
    tcli_run_free(&r);
}

/* Thresholds apply to every row: with the rule at 10 the 10-person
 * all-hands is no longer oversized. */
static void test_batch_thresholds_apply_to_every_row(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("batch --quiet --rule-of-eight 10 --out %s/t %s", tcli_tmp, manifest);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    char path[512];
    snprintf(path, sizeof(path), "%s/t/batch.json", tcli_tmp);
    json_t *root = load_json(path);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(root, "rows"), i, row)
    {
        if (strcmp(json_string_value(json_object_get(row, "status")), "ok") == 0) {
            assert_int_equal(json_integer_value(json_object_get(
                                 json_object_get(row, "findings_by_type"), "oversized_meeting")),
                             0);
        }
    }
    json_decref(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_runs_good_rows_and_names_the_broken_one),
        cmocka_unit_test(test_batch_reports_equal_analyze),
        cmocka_unit_test(test_batch_same_bytes_whatever_the_jobs),
        cmocka_unit_test(test_batch_every_row_failing_exits_one),
        cmocka_unit_test(test_batch_refused_rows_are_reported_and_skipped),
        cmocka_unit_test(test_batch_unreadable_manifest_exits_one),
        cmocka_unit_test(test_batch_usage_errors),
        cmocka_unit_test(test_batch_thresholds_apply_to_every_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
