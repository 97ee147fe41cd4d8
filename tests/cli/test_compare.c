/*
 * tests/cli/test_compare.c — `liaison compare` end to end on the hand-built
 * reorg of tests/cli/fixtures/compare/ (README.md there works out every
 * number): the metrics of each column, the roster changes, the findings that
 * appear and disappear, the three table files, the per-column reports, and
 * the usage and input errors.
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

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIX LSN_FIXTURES "/compare"

/* The command of the README, into tcli_tmp/OUT, with extra options. */
static tcli_run run_compare(const char *out, const char *extra)
{
    return tcli_liaison("compare --people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "
                        "--from 2026-01-05 --to 2026-02-02 %s "
                        "--scenario merge=%s/merge-people.csv,teams=%s/merge-teams.csv,needs=%s/"
                        "merge-needs.csv --scenario same=%s/people.csv --out %s/%s %s/calendar.ics",
                        FIX, FIX, FIX, extra, FIX, FIX, FIX, FIX, tcli_tmp, out, FIX);
}

/* A JSON file under the scratch folder. */
static json_t *load_out(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", tcli_tmp, rel);
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    if (root == NULL) {
        fail_msg("%s: %s", path, e.text);
    }
    return root;
}

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("compare") != 0) {
        return -1;
    }
    tcli_run r = run_compare("main", "--roles");
    int ok = r.status == 0;
    if (!ok) {
        fprintf(stderr, "compare failed (%d): %s\n", r.status, r.err);
    }
    tcli_run_free(&r);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tcli_teardown();
}

static const json_t *scenario(const json_t *root, size_t i, const char *name)
{
    const json_t *s = json_array_get(json_object_get(root, "scenarios"), i);
    assert_non_null(s);
    assert_string_equal(json_string_value(json_object_get(s, "name")), name);
    return s;
}

static double metric(const json_t *s, const char *key)
{
    const json_t *v = json_object_get(json_object_get(s, "metrics"), key);
    if (v == NULL) {
        fail_msg("no metric %s", key);
    }
    return json_number_value(v);
}

static void assert_metrics(const json_t *s,
                           int people,
                           int teams,
                           double share,
                           int team_links,
                           int missing,
                           int declared,
                           double congruence,
                           int oversized,
                           int liaisons,
                           double modularity,
                           int findings)
{
    assert_int_equal((int)metric(s, "people"), people);
    assert_int_equal((int)metric(s, "teams"), teams);
    assert_float_equal(metric(s, "cross_team_share"), share, 1e-6);
    assert_int_equal((int)metric(s, "team_links"), team_links);
    assert_int_equal((int)metric(s, "missing_links"), missing);
    assert_int_equal((int)metric(s, "declared_needs"), declared);
    assert_float_equal(metric(s, "congruence"), congruence, 1e-6);
    assert_int_equal((int)metric(s, "oversized_meetings"), oversized);
    assert_int_equal((int)metric(s, "liaison_links"), liaisons);
    assert_float_equal(metric(s, "modularity"), modularity, 1e-6);
    assert_int_equal((int)metric(s, "findings"), findings);
    const json_t *by = json_object_get(json_object_get(s, "metrics"), "findings_by_type");
    assert_int_equal(json_object_size(by), LSN_FINDING_TYPES); /* every type */
    assert_int_equal(json_integer_value(json_object_get(by, "oversized_meeting")), oversized);
    assert_int_equal(json_integer_value(json_object_get(by, "missing_link")), missing);
}

static void assert_strings(const json_t *arr, const char *const *want, size_t n)
{
    assert_int_equal(json_array_size(arr), n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(json_string_value(json_array_get(arr, i)), want[i]);
    }
}

/* The finding of a report.json whose type and subject match f. */
static const json_t *find_in_report(const json_t *report, const json_t *f)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(report, "findings"), i, g)
    {
        if (json_equal(g, (json_t *)f)) {
            return g;
        }
    }
    return NULL;
}

/* Hand-worked in fixtures/compare/README.md. */
static void test_compare_metrics_worked_by_hand(void **state)
{
    (void)state;
    json_t *root = load_out("main/compare.json");
    assert_int_equal(json_array_size(json_object_get(root, "scenarios")), 3);
    const json_t *base = scenario(root, 0, "baseline");
    const json_t *merge = scenario(root, 1, "merge");
    const json_t *same = scenario(root, 2, "same");
    assert_metrics(base, 10, 4, 20.0 / 47, 4, 1, 3, 2.0 / 3, 1, 1, 2066.0 / 6627, 2);
    assert_metrics(merge, 10, 3, 40.0 / 123, 2, 0, 3, 1.0, 1, 2, 2062.0 / 15129, 1);
    assert_metrics(same, 10, 4, 20.0 / 47, 4, 1, 3, 2.0 / 3, 1, 1, 2066.0 / 6627, 2);
    assert_string_equal(json_string_value(json_object_get(base, "report")), "baseline/report.json");
    assert_string_equal(json_string_value(json_object_get(merge, "report")), "merge/report.json");
    /* `same` names no teams= or needs=: the baseline's are used. */
    assert_string_equal(json_string_value(json_object_get(same, "teams")), FIX "/teams.csv");
    assert_string_equal(json_string_value(json_object_get(same, "needs")), FIX "/needs.csv");
    json_decref(root);
}

static void test_compare_roster_changes_reported(void **state)
{
    (void)state;
    json_t *root = load_out("main/compare.json");
    const char *added[] = {"n1@acme.example"};
    const char *removed[] = {"u2@acme.example"};
    for (size_t i = 0; i < 3; i++) {
        const json_t *s = json_array_get(json_object_get(root, "scenarios"), i);
        const json_t *roster = json_object_get(s, "roster");
        assert_non_null(roster);
        assert_strings(json_object_get(roster, "added"), added, i == 1 ? 1 : 0);
        assert_strings(json_object_get(roster, "removed"), removed, i == 1 ? 1 : 0);
    }
    json_decref(root);

    /* ... and said on stderr, never silently. */
    tcli_run r = run_compare("warn", "");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "liaison: warning: scenario 'merge': 1 person not in the "
                                  "baseline roster (n1@acme.example)"));
    assert_non_null(strstr(r.err, "liaison: warning: scenario 'merge': 1 baseline person not in "
                                  "this roster (u2@acme.example)"));
    assert_null(strstr(r.err, "scenario 'same'"));
    tcli_run_free(&r);

    /* With the scenario roster, u2 is an unknown participant of the ux pairing. */
    json_t *report = load_out("main/merge/report.json");
    const json_t *unknown = json_object_get(json_object_get(report, "input"), "unknown_list");
    const char *want[] = {"u2@acme.example"};
    assert_strings(unknown, want, 1);
    json_decref(report);
}

static void test_compare_appeared_and_disappeared_findings(void **state)
{
    (void)state;
    json_t *root = load_out("main/compare.json");
    const json_t *base = scenario(root, 0, "baseline");
    const json_t *merge = scenario(root, 1, "merge");
    const json_t *same = scenario(root, 2, "same");
    assert_int_equal(json_array_size(json_object_get(base, "appeared")), 0);
    assert_int_equal(json_array_size(json_object_get(base, "disappeared")), 0);
    assert_int_equal(json_array_size(json_object_get(same, "appeared")), 0);
    assert_int_equal(json_array_size(json_object_get(same, "disappeared")), 0);

    const json_t *app = json_object_get(merge, "appeared");
    const json_t *dis = json_object_get(merge, "disappeared");
    assert_int_equal(json_array_size(app), 1);
    assert_int_equal(json_array_size(dis), 2);
    const json_t *a0 = json_array_get(app, 0);
    assert_string_equal(json_string_value(json_object_get(a0, "type")), "oversized_meeting");
    assert_string_equal(json_string_value(json_object_get(a0, "severity")), "low");
    assert_string_equal(json_string_value(json_object_get(a0, "series")), "all-hands@test");
    assert_string_equal(json_string_value(json_object_get(a0, "team")), "platform");
    const json_t *m = json_object_get(a0, "metrics");
    assert_float_equal(json_number_value(json_object_get(m, "size")), 10, 0);
    assert_float_equal(json_number_value(json_object_get(m, "outsiders")), 8, 0);
    assert_non_null(json_object_get(a0, "explanation"));

    const json_t *d0 = json_array_get(dis, 0), *d1 = json_array_get(dis, 1);
    assert_string_equal(json_string_value(json_object_get(d0, "type")), "oversized_meeting");
    assert_string_equal(json_string_value(json_object_get(d0, "team")), "web");
    assert_float_equal(
        json_number_value(json_object_get(json_object_get(d0, "metrics"), "outsiders")), 9, 0);
    assert_string_equal(json_string_value(json_object_get(d1, "type")), "missing_link");
    assert_string_equal(json_string_value(json_object_get(d1, "severity")), "medium");
    assert_string_equal(json_string_value(json_object_get(d1, "team")), "api");
    assert_string_equal(json_string_value(json_object_get(d1, "from")), "pm");

    /* The same shape and values as the findings of report.json. */
    json_t *mreport = load_out("main/merge/report.json");
    json_t *breport = load_out("main/baseline/report.json");
    assert_non_null(find_in_report(mreport, a0));
    assert_non_null(find_in_report(breport, d0));
    assert_non_null(find_in_report(breport, d1));
    json_decref(mreport);
    json_decref(breport);
    json_decref(root);
}

static void test_compare_csv_and_markdown(void **state)
{
    (void)state;
    char *csv = tcli_slurp("%s/main/compare.csv", tcli_tmp);
    assert_non_null(csv);
    /* A row per finding type, in report order: the baseline and `same` have
     * an oversized meeting and a missing link, the merge only the meeting. */
    static const int counts[3][LSN_FINDING_TYPES] = {
        {[LSN_FINDING_OVERSIZED_MEETING] = 1, [LSN_FINDING_MISSING_LINK] = 1},
        {[LSN_FINDING_OVERSIZED_MEETING] = 1},
        {[LSN_FINDING_OVERSIZED_MEETING] = 1, [LSN_FINDING_MISSING_LINK] = 1}};
    char by_type[2048] = "";
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        size_t len = strlen(by_type);
        snprintf(by_type + len, sizeof(by_type) - len, "findings.%s,%d,%d,%d\r\n",
                 lsn_finding_type_name((lsn_finding_type)t), counts[0][t], counts[1][t],
                 counts[2][t]);
    }
    char expect[4096];
    snprintf(expect, sizeof(expect),
             "metric,baseline,merge,same\r\n"
             "people,10,10,10\r\n"
             "teams,4,3,4\r\n"
             "cross_team_share,0.425532,0.325203,0.425532\r\n"
             "team_links,4,2,4\r\n"
             "missing_links,1,0,1\r\n"
             "declared_needs,3,3,3\r\n"
             "congruence,0.666667,1,0.666667\r\n"
             "oversized_meetings,1,1,1\r\n"
             "liaison_links,1,2,1\r\n"
             "modularity,0.311755,0.136295,0.311755\r\n"
             "findings,2,1,2\r\n"
             "%s"
             "roster_added,0,1,0\r\n"
             "roster_removed,0,1,0\r\n"
             "findings_appeared,0,1,0\r\n"
             "findings_disappeared,0,2,0\r\n",
             by_type);
    assert_string_equal(csv, expect);
    free(csv);

    char *md = tcli_slurp("%s/main/compare.md", tcli_tmp);
    assert_non_null(md);
    assert_non_null(strstr(md, "# Scenario comparison\n"));
    assert_non_null(strstr(md, "(1 file, 2026-01-05 to 2026-02-02, UTC, 4.0 weeks)"));
    assert_non_null(strstr(md, "| metric | baseline | merge | same |\n|---|---:|---:|---:|\n"));
    assert_non_null(
        strstr(md, "| cross-team share of meeting hours | 42.6% | 32.5% (-10.0 pts) | 42.6% |\n"));
    assert_non_null(strstr(md, "| team links (pairs that meet) | 4 | 2 (-2) | 4 |\n"));
    assert_non_null(
        strstr(md, "| congruence (needs met) | 2/3 = 66.7% | 3/3 = 100.0% (+33.3 pts) | 2/3 = "
                   "66.7% |\n"));
    assert_non_null(strstr(md, "| liaison links | 1 | 2 (+1) | 1 |\n"));
    assert_non_null(strstr(md, "| modularity of the teams | 0.312 | 0.136 (-0.175) | 0.312 |\n"));
    assert_non_null(strstr(md, "People: 1 added: n1@acme.example; 1 removed: u2@acme.example.\n"));
    assert_non_null(strstr(md, "Findings that appear (1):\n\n- `oversized_meeting` (low): "));
    assert_non_null(strstr(md, "Findings that disappear (2):\n\n- `oversized_meeting` (low): "));
    assert_non_null(strstr(md, "- `missing_link` (medium): api needs moderate context from pm"));
    assert_non_null(strstr(md, "## same\n\nRoster `" FIX "/people.csv`"));
    assert_non_null(strstr(md, "Same people as the baseline.\n\nNo finding appears or "
                               "disappears.\n"));
    free(md);
}

/* Each column's report is what `analyze` writes for that roster: the
 * re-mapped calendar equals a calendar loaded against the roster. */
static void test_compare_reports_equal_analyze(void **state)
{
    (void)state;
    char a[512], b[512];
    snprintf(a, sizeof(a), "%s/main/baseline/report.json", tcli_tmp);
    snprintf(b, sizeof(b), "%s/main/same/report.json", tcli_tmp);
    assert_true(tcli_same_file(a, b));

    tcli_run r = tcli_liaison("analyze --quiet --people %s/merge-people.csv --teams "
                              "%s/merge-teams.csv --needs %s/merge-needs.csv --from 2026-01-05 "
                              "--to 2026-02-02 --out %s/an-merge %s/calendar.ics",
                              FIX, FIX, FIX, tcli_tmp, FIX);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    snprintf(a, sizeof(a), "%s/main/merge/report.json", tcli_tmp);
    snprintf(b, sizeof(b), "%s/an-merge/report.json", tcli_tmp);
    assert_true(tcli_same_file(a, b));
    snprintf(a, sizeof(a), "%s/main/merge/findings.csv", tcli_tmp);
    snprintf(b, sizeof(b), "%s/an-merge/findings.csv", tcli_tmp);
    assert_true(tcli_same_file(a, b));

    r = tcli_liaison("analyze --quiet --people %s/people.csv --teams %s/teams.csv --needs "
                     "%s/needs.csv --from 2026-01-05 --to 2026-02-02 --out %s/an-base "
                     "%s/calendar.ics",
                     FIX, FIX, FIX, tcli_tmp, FIX);
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    snprintf(a, sizeof(a), "%s/main/baseline/report.json", tcli_tmp);
    snprintf(b, sizeof(b), "%s/an-base/report.json", tcli_tmp);
    assert_true(tcli_same_file(a, b));
}

static void test_compare_is_deterministic(void **state)
{
    (void)state;
    tcli_run r = run_compare("again", "--roles --quiet");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, ""); /* --quiet: no warnings either */
    tcli_run_free(&r);
    const char *files[] = {"compare.json", "compare.csv", "compare.md", "merge/report.json"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char a[512], b[512];
        snprintf(a, sizeof(a), "%s/main/%s", tcli_tmp, files[i]);
        snprintf(b, sizeof(b), "%s/again/%s", tcli_tmp, files[i]);
        if (!tcli_same_file(a, b)) {
            fail_msg("%s differs between two runs", files[i]);
        }
    }
}

static void test_compare_no_roles_keeps_metrics(void **state)
{
    (void)state;
    tcli_run r = run_compare("noroles", "--no-roles --quiet");
    assert_int_equal(r.status, 0);
    tcli_run_free(&r);
    json_t *a = load_out("main/compare.json");
    json_t *b = load_out("noroles/compare.json");
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    json_t *report = load_out("noroles/merge/report.json");
    const json_t *params = json_object_get(report, "parameters");
    assert_string_equal(json_string_value(json_object_get(params, "betweenness")), "skipped");
    const json_t *p0 = json_array_get(json_object_get(report, "people"), 0);
    assert_null(json_object_get(p0, "betweenness"));
    json_decref(report);
}

static void test_compare_help_lists_options(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("compare --help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: liaison compare"));
    assert_non_null(strstr(r.out, "--scenario SCENARIO"));
    assert_non_null(strstr(r.out, "--no-roles"));
    assert_non_null(strstr(r.out, "--rule-of-eight X"));
    assert_non_null(strstr(r.out, "--leiden-seed N"));
    tcli_run_free(&r);
    r = tcli_liaison("--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "  compare "));
    tcli_run_free(&r);
}

static void expect_usage_error(const char *scenarios, const char *message)
{
    tcli_run r = tcli_liaison("compare --people %s/people.csv %s --out %s/u %s/calendar.ics", FIX,
                              scenarios, tcli_tmp, FIX);
    assert_int_equal(r.status, 2);
    if (strstr(r.err, message) == NULL) {
        fail_msg("expected '%s' in: %s", message, r.err);
    }
    assert_non_null(strstr(r.err, "try 'liaison compare --help'"));
    tcli_run_free(&r);
}

static void test_compare_usage_errors(void **state)
{
    (void)state;
    expect_usage_error(
        "", "liaison: compare: at least one --scenario, --changes or --proposal is required");
    expect_usage_error("--scenario merge",
                       "--scenario: 'merge' is not NAME=people.csv[,teams=FILE][,needs=FILE]");
    expect_usage_error("--scenario baseline=x.csv", "the name 'baseline' is taken");
    expect_usage_error("--scenario a/b=x.csv", "name 'a/b' must be letters, digits");
    expect_usage_error("--scenario m=x.csv --scenario m=y.csv",
                       "--scenario: the name 'm' is used twice");
    expect_usage_error("--scenario m=x.csv,team=t.csv",
                       "--scenario m: 'team=t.csv' is not teams=FILE or needs=FILE");
    expect_usage_error("--scenario m=", "--scenario m: a file name is empty");
    tcli_run r =
        tcli_liaison("compare --scenario m=x.csv --out %s/u %s/calendar.ics", tcli_tmp, FIX);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "liaison: compare: --people or --catalog is required"));
    tcli_run_free(&r);
}

static void test_compare_bad_scenario_roster_exits_one(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("compare --people %s/people.csv --scenario m=%s/nobody.csv --out "
                              "%s/bad %s/calendar.ics",
                              FIX, FIX, tcli_tmp, FIX);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "liaison: " FIX "/nobody.csv: cannot read"));
    tcli_run_free(&r);
    /* A scenario need naming a team nobody declared is bad input too. */
    tcli_write("bad-needs.csv", "team,from\nweb,marketing\n");
    r = tcli_liaison("compare --people %s/people.csv --scenario m=%s/people.csv,needs=%s/"
                     "bad-needs.csv --out %s/bad %s/calendar.ics",
                     FIX, FIX, tcli_tmp, tcli_tmp, FIX);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "bad-needs.csv:2:"));
    tcli_run_free(&r);
}

/* A scenario whose roster matches nobody is refused by name
 * (fixtures/coverage/README.md: people-corp.csv). */
static void test_compare_scenario_matching_nobody_exits_one(void **state)
{
    (void)state;
    const char *cov = LSN_FIXTURES "/coverage";
    tcli_run r = tcli_liaison("compare --people %s/people.csv --teams %s/teams.csv --from "
                              "2026-01-05 --to 2026-02-02 --scenario same=%s/people.csv "
                              "--scenario corp=%s/people-corp.csv --out %s/corp %s/calendar.ics",
                              cov, cov, cov, cov, tcli_tmp, cov);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "liaison: scenario 'corp': no roster person is in any meeting: "
                                  "the addresses in the calendars are mostly @acme.example (4), "
                                  "then @partner.example (2); the roster has @corp.example (7): "
                                  "is the roster for another domain?\n"));
    /* The calendars' warning is said once; each roster's own, by name. */
    const char *gap = "no meeting in 1 of the 4 weeks of the window";
    const char *first = strstr(r.err, gap);
    assert_non_null(first);
    assert_null(strstr(first + 1, gap));
    assert_non_null(strstr(r.err, "liaison: warning: scenario 'same': only 3 of the 7 roster "
                                  "people (43%) are in any meeting of the window\n"));
    tcli_run_free(&r);
    /* A baseline roster that matches nobody is refused too. */
    r = tcli_liaison("compare --people %s/people-corp.csv --from 2026-01-05 --to 2026-02-02 "
                     "--scenario same=%s/people.csv --out %s/corp2 %s/calendar.ics",
                     cov, cov, tcli_tmp, cov);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "liaison: no roster person is in any meeting: "));
    tcli_run_free(&r);
}

/* A column whose folder cannot be written stops the run there, with the
 * writer's message and exit status 1: a folder that is a file, and a
 * findings.csv that is a folder. The columns before it are written, none
 * after it, and the warnings said before the failure are said once. */
static void test_compare_unwritable_column_exits_one(void **state)
{
    (void)state;
    char path[600], want[700];
    snprintf(path, sizeof(path), "%s/unw1", tcli_tmp);
    assert_int_equal(mkdir(path, 0755), 0);
    tcli_write("unw1/merge", "not a folder\n");
    tcli_run r = run_compare("unw1", "");
    assert_int_equal(r.status, 1);
    snprintf(want, sizeof(want), "liaison: %s/unw1/merge: cannot create: not a folder\n", tcli_tmp);
    assert_non_null(strstr(r.err, want));
    assert_string_equal(strstr(r.err, want), want); /* the last line */
    const char *said = "liaison: warning: scenario 'merge': 1 person not in the baseline roster "
                       "(n1@acme.example)";
    assert_non_null(strstr(r.err, said));
    assert_null(strstr(strstr(r.err, said) + 1, said));
    char *report = tcli_slurp("%s/unw1/baseline/report.json", tcli_tmp);
    assert_non_null(report);
    free(report);
    snprintf(path, sizeof(path), "%s/unw1/same", tcli_tmp);
    assert_int_equal(access(path, F_OK), -1);
    tcli_run_free(&r);

    char cmd[700];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s/unw2/same/findings.csv'", tcli_tmp);
    assert_int_equal(system(cmd), 0);
    r = run_compare("unw2", "");
    assert_int_equal(r.status, 1);
    snprintf(want, sizeof(want), "liaison: %s/unw2/same/findings.csv: cannot write: %s\n", tcli_tmp,
             strerror(EISDIR));
    assert_non_null(strstr(r.err, want));
    assert_string_equal(strstr(r.err, want), want); /* the last line */
    char *merge = tcli_slurp("%s/unw2/merge/report.json", tcli_tmp);
    assert_non_null(merge); /* the column before it is whole */
    free(merge);
    snprintf(path, sizeof(path), "%s/unw2/compare.json", tcli_tmp);
    assert_int_equal(access(path, F_OK), -1); /* no table after a failure */
    tcli_run_free(&r);

    /* A report.json that is a folder: the columns' report.json is written
     * on the writer's thread, and its failure still ends the run. */
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s/unw3/same/report.json'", tcli_tmp);
    assert_int_equal(system(cmd), 0);
    r = run_compare("unw3", "");
    assert_int_equal(r.status, 1);
    snprintf(want, sizeof(want), "liaison: %s/unw3/same/report.json: cannot write the report",
             tcli_tmp);
    const char *at = strstr(r.err, want);
    assert_non_null(at);
    const char *eol = strchr(at, '\n');
    assert_non_null(eol);
    assert_int_equal(eol[1], '\0'); /* the last line */
    merge = tcli_slurp("%s/unw3/merge/report.json", tcli_tmp);
    assert_non_null(merge);
    free(merge);
    snprintf(path, sizeof(path), "%s/unw3/compare.json", tcli_tmp);
    assert_int_equal(access(path, F_OK), -1);
    tcli_run_free(&r);
}

/* The folders are the same bytes whatever the number of threads (the
 * reports may be written beside the analysis of the next column). */
static void test_compare_same_bytes_any_threads(void **state)
{
    (void)state;
    tcli_run r = run_compare("t1", "--threads 1 --roles");
    assert_int_equal(r.status, 0);
    tcli_run r2 = run_compare("t3", "--threads 3 --roles");
    assert_int_equal(r2.status, 0);
    assert_string_equal(r.err, r2.err); /* the same warnings in the same order */
    tcli_run_free(&r);
    tcli_run_free(&r2);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "diff -r %s/t1 %s/t3 >&2", tcli_tmp, tcli_tmp);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "diff -r %s/main %s/t1 >&2", tcli_tmp, tcli_tmp);
    assert_int_equal(system(cmd), 0);
}

/* Each scenario's roster warnings come in column order, the same with one
 * thread and many, and a roster that cannot be read stops the run after the
 * columns before it are written, with its own message. */
static void test_compare_roster_warnings_keep_column_order(void **state)
{
    (void)state;
    const char *rows = "w1@acme.example,Wendy One,web,\nw2@acme.example,Walt Two,web,\n"
                       "w3@acme.example,Wu Three,web,\na1@acme.example,Ada One,api,\n"
                       "a2@acme.example,Abe Two,api,\na3@acme.example,Ana Three,api,\n"
                       "p1@acme.example,Pat One,pm,\np2@acme.example,Pia Two,pm,\n"
                       "u1@acme.example,Uma One,ux,\n";
    char text[2048];
    snprintf(text, sizeof(text),
             "email,name,team,manager\n%su2@acme.example,Uli Two,ux,ghost1@acme.example\n", rows);
    tcli_write("ahead-1.csv", text);
    snprintf(text, sizeof(text),
             "email,name,team,manager\n%su2@acme.example,Uli Two,ux,ghost2@acme.example\n", rows);
    tcli_write("ahead-2.csv", text);
    snprintf(text, sizeof(text),
             "email,name,team,manager\n%su2@acme.example,Uli Two,ux,\nw1@acme.example,Again,web,\n",
             rows);
    tcli_write("ahead-3.csv", text);
#define AHEAD_CMD                                                                                  \
    "compare --threads %d --people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "       \
    "--from 2026-01-05 --to 2026-02-02 --no-html --scenario one=%s/ahead-1.csv --scenario "        \
    "two=%s/ahead-2.csv --scenario three=%s/ahead-3.csv --out %s/ahead%d %s/calendar.ics"
    tcli_run r1 =
        tcli_liaison(AHEAD_CMD, 1, FIX, FIX, FIX, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, 1, FIX);
    tcli_run r3 =
        tcli_liaison(AHEAD_CMD, 3, FIX, FIX, FIX, tcli_tmp, tcli_tmp, tcli_tmp, tcli_tmp, 3, FIX);
#undef AHEAD_CMD
    assert_int_equal(r1.status, 1);
    assert_int_equal(r3.status, 1);
    assert_string_equal(r1.err, r3.err);
    const char *one = strstr(r3.err, "manager 'ghost1@acme.example' is not in the roster");
    const char *two = strstr(r3.err, "manager 'ghost2@acme.example' is not in the roster");
    const char *three = strstr(r3.err, "ahead-3.csv:12: duplicate email 'w1@acme.example'");
    assert_non_null(one);
    assert_non_null(two);
    assert_non_null(three);
    assert_true(one < two && two < three);
    char *written = tcli_slurp("%s/ahead3/two/report.json", tcli_tmp);
    assert_non_null(written); /* the column before the bad roster was written */
    free(written);
    tcli_run_free(&r1);
    tcli_run_free(&r3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_metrics_worked_by_hand),
        cmocka_unit_test(test_compare_roster_changes_reported),
        cmocka_unit_test(test_compare_appeared_and_disappeared_findings),
        cmocka_unit_test(test_compare_csv_and_markdown),
        cmocka_unit_test(test_compare_reports_equal_analyze),
        cmocka_unit_test(test_compare_is_deterministic),
        cmocka_unit_test(test_compare_no_roles_keeps_metrics),
        cmocka_unit_test(test_compare_help_lists_options),
        cmocka_unit_test(test_compare_usage_errors),
        cmocka_unit_test(test_compare_bad_scenario_roster_exits_one),
        cmocka_unit_test(test_compare_scenario_matching_nobody_exits_one),
        cmocka_unit_test(test_compare_unwritable_column_exits_one),
        cmocka_unit_test(test_compare_same_bytes_any_threads),
        cmocka_unit_test(test_compare_roster_warnings_keep_column_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
