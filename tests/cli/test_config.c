/*
 * tests/cli/test_config.c — --config end to end: its keys are the options'
 * own names (rule-of-eight; the report's rule_of_eight too), it sets the
 * window (from, to, tz) and the diagrams' min-edge-hours, the command line
 * wins over it, and a bad key, value or line is a usage error naming
 * FILE:LINE (exit 2), in analyze, compare and batch alike.
 *
 * Data: the hand-built organization of fixtures/compare/ (its README.md
 * says what it contains). Its calendar runs from 2026-01-05 for 4 weeks;
 * the windows below are chosen inside it.
 */
// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX LSN_FIXTURES "/compare"

static int setup(void **state)
{
    (void)state;
    return tcli_setup("config");
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

/* DIR/report.json under the scratch folder. */
static json_t *load_json(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s/report.json", tcli_tmp, dir);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    if (root == NULL) {
        fail_msg("%s: %s", path, e.text);
    }
    return root;
}

/* analyze the fixture with --config CFG (a file under the scratch folder)
 * and more options into DIR; returns the exit status. */
static int analyze(const char *cfg, const char *more, const char *dir)
{
    tcli_run r = tcli_liaison("analyze --quiet --config %s/%s %s --people %s/people.csv --teams "
                              "%s/teams.csv --needs %s/needs.csv --out %s/%s %s/calendar.ics",
                              tcli_tmp, cfg, more, FIX, FIX, FIX, tcli_tmp, dir, FIX);
    int status = r.status;
    if (status != 0) {
        print_message("stderr: %s\n", r.err);
    }
    tcli_run_free(&r);
    return status;
}

static double param(const json_t *report, const char *name)
{
    return json_number_value(json_object_get(json_object_get(report, "parameters"), name));
}

static const char *window(const json_t *report, const char *key)
{
    return json_string_value(
        json_object_get(json_object_get(json_object_get(report, "input"), "window"), key));
}

static void test_both_spellings_set_the_parameter(void **state)
{
    (void)state;
    tcli_write("dash.cfg", "rule-of-eight = 10\nmin-group = 1\n");
    tcli_write("under.cfg", "rule_of_eight = 10\nmax_meeting_hours=30 # a comment\n");
    assert_int_equal(analyze("dash.cfg", "", "dash"), 0);
    assert_int_equal(analyze("under.cfg", "", "under"), 0);
    json_t *a = load_json("dash");
    json_t *b = load_json("under");
    assert_float_equal(param(a, "rule_of_eight"), 10.0, 0);
    assert_float_equal(param(b, "rule_of_eight"), 10.0, 0);
    assert_float_equal(param(b, "max_meeting_hours"), 30.0, 0);
    assert_float_equal(param(a, "max_meeting_hours"), 20.0, 0); /* the default */
    json_decref(a);
    json_decref(b);
}

static void test_window_and_zone_from_the_file(void **state)
{
    (void)state;
    tcli_write("window.cfg", "from = 2026-01-12\nto = \"2026-01-26\"\ntz = Europe/Berlin\n");
    assert_int_equal(analyze("window.cfg", "", "window"), 0);
    json_t *r = load_json("window");
    assert_string_equal(window(r, "from"), "2026-01-12");
    assert_string_equal(window(r, "to"), "2026-01-26");
    assert_string_equal(window(r, "tz"), "Europe/Berlin");
    const json_t *params = json_object_get(r, "parameters");
    assert_string_equal(json_string_value(json_object_get(params, "from")), "2026-01-12");
    assert_string_equal(json_string_value(json_object_get(params, "tz")), "Europe/Berlin");
    json_decref(r);
}

static void test_command_line_wins_over_the_file(void **state)
{
    (void)state;
    tcli_write("both.cfg", "rule-of-eight = 10\nfrom = 2026-01-12\nto = 2026-01-26\ntz = UTC\n");
    assert_int_equal(
        analyze("both.cfg", "--rule-of-eight 12 --from 2026-01-05 --tz Asia/Tokyo", "wins"), 0);
    json_t *r = load_json("wins");
    assert_float_equal(param(r, "rule_of_eight"), 12.0, 0);
    assert_string_equal(window(r, "from"), "2026-01-05");
    assert_string_equal(window(r, "to"), "2026-01-26"); /* not on the command line: the file's */
    assert_string_equal(window(r, "tz"), "Asia/Tokyo");
    json_decref(r);
}

/* min-edge-hours in the file draws what --min-edge-hours draws. */
static void test_min_edge_hours_from_the_file(void **state)
{
    (void)state;
    tcli_write("edges.cfg", "min-edge-hours = 5\n");
    tcli_write("empty.cfg", "# nothing\n");
    assert_int_equal(analyze("edges.cfg", "", "edges-file"), 0);
    assert_int_equal(analyze("empty.cfg", "--min-edge-hours 5", "edges-option"), 0);
    assert_int_equal(analyze("empty.cfg", "", "edges-default"), 0);
    char a[1024], b[1024], c[1024];
    snprintf(a, sizeof(a), "%s/edges-file/teams.dot", tcli_tmp);
    snprintf(b, sizeof(b), "%s/edges-option/teams.dot", tcli_tmp);
    snprintf(c, sizeof(c), "%s/edges-default/teams.dot", tcli_tmp);
    assert_true(tcli_same_file(a, b));
    /* Every team link of the fixture is under 5 hours a week: the default
     * (0.5) draws some that 5 hides. */
    assert_false(tcli_same_file(a, c));
    /* And the command line wins here too. */
    assert_int_equal(analyze("edges.cfg", "--min-edge-hours 0.5", "edges-wins"), 0);
    snprintf(a, sizeof(a), "%s/edges-wins/teams.dot", tcli_tmp);
    assert_true(tcli_same_file(a, c));
}

/* The exact message of a config error in analyze. */
static void expect_config_error(const char *text, const char *message)
{
    tcli_write("bad.cfg", text);
    tcli_run r = tcli_liaison("analyze --config %s/bad.cfg --people %s/people.csv --out %s/bad "
                              "%s/calendar.ics",
                              tcli_tmp, FIX, tcli_tmp, FIX);
    char want[2048];
    snprintf(want, sizeof(want), "liaison: analyze: %s/bad.cfg:%s\ntry 'liaison analyze --help'\n",
             tcli_tmp, message);
    assert_int_equal(r.status, 2);
    if (strcmp(r.err, want) != 0) {
        fail_msg("expected:\n%sgot:\n%s", want, r.err);
    }
    tcli_run_free(&r);
}

static void test_bad_settings_are_usage_errors(void **state)
{
    (void)state;
    expect_config_error("rule-of-eight = 9\nrule-of-nine = 3\n",
                        "2: unknown key 'rule-of-nine' (known: broadcast-size, "
                        "liaison-min-instances, rule-of-eight, max-meeting-hours, min-link-hours, "
                        "liaison-max-teams, liaison-min-hours, liaison-density, merge-ratio, "
                        "community-resolution, leiden-seed, betweenness-exact-max, "
                        "betweenness-cutoff, min-group, catalog-moderate-edges, "
                        "catalog-deep-edges, from, to, tz, min-edge-hours)");
    expect_config_error("\n# fine\nrule-of-eight = eight\n",
                        "3: rule-of-eight: 'eight' is not a number");
    expect_config_error("from = 2026-02-30\n", "1: from: '2026-02-30' is not a date (YYYY-MM-DD)");
    expect_config_error("tz = Mars/Olympus\n", "1: tz: unknown time zone 'Mars/Olympus'");
    expect_config_error("min-edge-hours = -1\n", "1: min-edge-hours: '-1' is not a number >= 0");
    expect_config_error("rule-of-eight 9\n", "1: expected 'key = value'");
    /* A config file that cannot be read is unusable input (1), as --people's is. */
    tcli_run r = tcli_liaison("analyze --config %s/none.cfg --people %s/people.csv --out %s/bad "
                              "%s/calendar.ics",
                              tcli_tmp, FIX, tcli_tmp, FIX);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "liaison: "));
    assert_non_null(strstr(r.err, "none.cfg: cannot read: "));
    tcli_run_free(&r);
}

/* A line longer than any buffer is one line: the 5000 blanks before the
 * zone do not split it, and a long comment does not become a key. */
static void test_long_lines_are_not_split(void **state)
{
    (void)state;
    size_t n = 5000;
    char *text = malloc(3 * n);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "tz =");
    memset(text + len, ' ', n);
    len += n;
    len += (size_t)sprintf(text + len, "Asia/Tokyo\n# ");
    memset(text + len, 'x', n);
    len += n;
    sprintf(text + len, " rule-of-nine = 3\nrule-of-eight = 11\n");
    tcli_write("long.cfg", text);
    free(text);
    assert_int_equal(analyze("long.cfg", "", "long"), 0);
    json_t *r = load_json("long");
    assert_string_equal(window(r, "tz"), "Asia/Tokyo");
    assert_float_equal(param(r, "rule_of_eight"), 11.0, 0);
    json_decref(r);
}

/* compare and batch read the same file: compare's columns get its window;
 * batch rows that leave from, to or tz empty get the file's. */
static void test_compare_and_batch_read_the_same_file(void **state)
{
    (void)state;
    tcli_write("shared.cfg", "rule-of-eight = 10\nfrom = 2026-01-12\nto = 2026-01-26\n"
                             "min-edge-hours = 2\n");
    tcli_run r = tcli_liaison("compare --quiet --config %s/shared.cfg --people %s/people.csv "
                              "--scenario same=%s/people.csv --out %s/cmp %s/calendar.ics",
                              tcli_tmp, FIX, FIX, tcli_tmp, FIX);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *j = load_json("cmp/same");
    assert_string_equal(window(j, "from"), "2026-01-12");
    assert_float_equal(param(j, "rule_of_eight"), 10.0, 0);
    json_decref(j);

    char text[1024];
    snprintf(text, sizeof(text),
             "name,calendars,people,from,to\n"
             "own,%s/calendar.ics,%s/people.csv,2026-01-05,\n"
             "file,%s/calendar.ics,%s/people.csv,,\n",
             FIX, FIX, FIX, FIX);
    tcli_write("manifest.csv", text);
    r = tcli_liaison("batch --quiet --config %s/shared.cfg --out %s/bat %s/manifest.csv", tcli_tmp,
                     tcli_tmp, tcli_tmp);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    j = load_json("bat/own");
    assert_string_equal(window(j, "from"), "2026-01-05"); /* the row's own */
    assert_string_equal(window(j, "to"), "2026-01-26");   /* empty: the file's */
    json_decref(j);
    j = load_json("bat/file");
    assert_string_equal(window(j, "from"), "2026-01-12");
    assert_float_equal(param(j, "rule_of_eight"), 10.0, 0);
    json_decref(j);

    tcli_write("bad.cfg", "rule-of-eight = 10\nwindow = 4\n");
    r = tcli_liaison("batch --config %s/bad.cfg --out %s/bat2 %s/manifest.csv", tcli_tmp, tcli_tmp,
                     tcli_tmp);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "liaison: batch: "));
    assert_non_null(strstr(r.err, "bad.cfg:2: unknown key 'window' (known: "));
    tcli_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_spellings_set_the_parameter),
        cmocka_unit_test(test_window_and_zone_from_the_file),
        cmocka_unit_test(test_command_line_wins_over_the_file),
        cmocka_unit_test(test_min_edge_hours_from_the_file),
        cmocka_unit_test(test_bad_settings_are_usage_errors),
        cmocka_unit_test(test_long_lines_are_not_split),
        cmocka_unit_test(test_compare_and_batch_read_the_same_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
