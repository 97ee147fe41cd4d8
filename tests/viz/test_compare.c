/*
 * tests/viz/test_compare.c — the writers of `liaison compare` (viz/compare.c):
 * compare.csv, compare.json and compare.md from metrics built by hand, the
 * findings that appear and disappear, and the roster lists.
 *
 * Two columns. The metrics are written here (they need not come from a
 * run: the writers only format them):
 *  - baseline: 4 people, 2 teams, no cross-team time, no team link, no
 *    declared need (congruence undefined), modularity 0.5, 2 findings, both
 *    isolated_team;
 *  - bigger: 4 people, 2 teams, cross-team share 0.25, 1 team link, 2
 *    declared needs of which 1 missing (congruence 1/2), 3 oversized
 *    meetings, 1 liaison link, modularity 0.125, 6 findings (3
 *    oversized_meeting, 2 overbooked_person, 1 missing_link).
 * The findings come from the passes on two small worlds (one week):
 *  - baseline: a, b in eng and c, d in pm; eng-sync (a, b) and pm-sync (c,
 *    d), 1 h each. No team meets another: eng and pm are isolated teams.
 *  - bigger: a, b in eng and c, e in pm (d left, e came); eng-sync, pm-sync
 *    (c, e) and cross (a, c) 1 h each, and a 20-hour offsite of a and b.
 *    The teams meet, so neither is isolated; a has 22 h and b 21 h of
 *    meetings, more than 20: two overbooked_person findings.
 * So for bigger the two overbooked people appear, the two isolated teams
 * disappear, e is added to the roster and d removed.
 */
#include "viz/compare.h"

#include "analysis/finding_types.h"
#include "analysis/passes.h"
#include "io/error.h"
#include "tests/analysis/support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmpdir[] = "/tmp/lsn-compare-XXXXXX";

static support_world base_world, big_world;
static lsn_findings *base_findings, *big_findings;
static lsn_metrics base_m, big_m;

static lsn_findings *passes(const support_world *w)
{
    lsn_findings *f = NULL;
    lsn_pass_options o = LSN_PASS_OPTIONS_INIT;
    assert_int_equal(lsn_findings_new(&f), LSN_OK);
    if (lsn_passes_run(f, w->a, &o) != LSN_OK) {
        fail_msg("lsn_passes_run: %s", lsn_error_last());
    }
    lsn_findings_sort(f);
    return f;
}

static int by_type(const char *type)
{
    int k = lsn_finding_type_index(type);
    assert_true(k >= 0);
    return k;
}

static int group_setup(void **state)
{
    (void)state;
    if (mkdtemp(tmpdir) == NULL) {
        return -1;
    }
    static const support_person base_people[] = {
        {"a", "eng", NULL}, {"b", "eng", NULL}, {"c", "pm", NULL}, {"d", "pm", NULL}};
    static const support_person big_people[] = {
        {"a", "eng", NULL}, {"b", "eng", NULL}, {"c", "pm", NULL}, {"e", "pm", NULL}};
    support_begin(&base_world, base_people, 4, 7);
    support_add(&base_world, "eng-sync", 9 * HOUR, 60, "a", "a b");
    support_add(&base_world, "pm-sync", 10 * HOUR, 60, "c", "c d");
    support_analyze(&base_world, NULL);
    support_begin(&big_world, big_people, 4, 7);
    support_add(&big_world, "eng-sync", 9 * HOUR, 60, "a", "a b");
    support_add(&big_world, "pm-sync", 10 * HOUR, 60, "c", "c e");
    support_add(&big_world, "cross", DAY + 9 * HOUR, 60, "a", "a c");
    support_add(&big_world, "offsite", 2 * DAY, 20 * 60, "a", "a b");
    support_analyze(&big_world, NULL);
    base_findings = passes(&base_world);
    big_findings = passes(&big_world);

    base_m = (lsn_metrics){.people = 4,
                           .people_present = 4,
                           .teams = 2,
                           .instances = 2,
                           .weeks = 1,
                           .meeting_hours_per_week = 4,
                           .cross_team_share = 0,
                           .team_links = 0,
                           .declared_needs = 0,
                           .missing_links = 0,
                           .congruence = NAN,
                           .oversized_meetings = 0,
                           .liaison_links = 0,
                           .modularity = 0.5,
                           .findings = 2};
    base_m.by_type[by_type("isolated_team")] = 2;
    big_m = (lsn_metrics){.people = 4,
                          .people_present = 4,
                          .teams = 2,
                          .instances = 4,
                          .weeks = 1,
                          .meeting_hours_per_week = 46,
                          .cross_team_share = 0.25,
                          .team_links = 1,
                          .declared_needs = 2,
                          .missing_links = 1,
                          .congruence = 0.5,
                          .oversized_meetings = 3,
                          .liaison_links = 1,
                          .modularity = 0.125,
                          .findings = 6};
    big_m.by_type[by_type("oversized_meeting")] = 3;
    big_m.by_type[by_type("overbooked_person")] = 2;
    big_m.by_type[by_type("missing_link")] = 1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_findings_free(base_findings);
    lsn_findings_free(big_findings);
    support_end(&base_world);
    support_end(&big_world);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_msg("%s: cannot read", path);
    }
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A fresh folder under tmpdir for one test's files. */
static void subdir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", tmpdir, name);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", out);
    assert_int_equal(system(cmd), 0);
}

/* compare.json of dir, parsed. */
static json_t *load_compare_json(const char *dir)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/compare.json", dir);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (root == NULL) {
        fail_msg("%s: %s", path, err.text);
    }
    return root;
}

/* The table with both columns; min_group as given. */
static lsn_compare *table(int32_t min_group)
{
    lsn_compare *c = NULL;
    assert_int_equal(lsn_compare_new(&c), LSN_OK);
    lsn_compare_set_min_group(c, min_group);
    lsn_roster_diff diff;
    assert_int_equal(lsn_roster_diff_compute(&diff, base_world.org, big_world.org), LSN_OK);
    const lsn_scenario_inputs base_in = {"baseline", "people.csv", "teams.csv", NULL};
    const lsn_scenario_inputs big_in = {"bigger", "bigger.csv", NULL, "needs.csv"};
    assert_int_equal(lsn_compare_add(c, &base_in, &base_m, NULL, base_findings, NULL), LSN_OK);
    assert_int_equal(lsn_compare_add(c, &big_in, &big_m, base_findings, big_findings, &diff),
                     LSN_OK);
    lsn_roster_diff_free(&diff); /* the table keeps copies */
    return c;
}

/* The counts by finding type, baseline then bigger, for the types that
 * have any; every other type is 0 on both sides. */
static const char *const csv_counts[LSN_FINDING_TYPES] = {
    [LSN_FINDING_OVERSIZED_MEETING] = "0,3",
    [LSN_FINDING_OVERBOOKED_PERSON] = "0,2",
    [LSN_FINDING_MISSING_LINK] = "0,1",
    [LSN_FINDING_ISOLATED_TEAM] = "2,0",
};

/* compare.csv: a row per metric, then per finding type in report order. */
static const char *expected_csv(void)
{
    static char buf[4096];
    size_t len = (size_t)snprintf(buf, sizeof(buf),
                                  "metric,baseline,bigger\r\n"
                                  "people,4,4\r\n"
                                  "teams,2,2\r\n"
                                  "cross_team_share,0,0.25\r\n"
                                  "team_links,0,1\r\n"
                                  "missing_links,0,1\r\n"
                                  "declared_needs,0,2\r\n"
                                  "congruence,,0.5\r\n"
                                  "oversized_meetings,0,3\r\n"
                                  "liaison_links,0,1\r\n"
                                  "modularity,0.5,0.125\r\n"
                                  "findings,2,6\r\n");
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "findings.%s,%s\r\n",
                                lsn_finding_type_name((lsn_finding_type)t),
                                csv_counts[t] != NULL ? csv_counts[t] : "0,0");
    }
    snprintf(buf + len, sizeof(buf) - len,
             "roster_added,0,1\r\n"
             "roster_removed,0,1\r\n"
             "findings_appeared,0,2\r\n"
             "findings_disappeared,0,2\r\n");
    return buf;
}

/* The same counts in the Markdown table, with their differences. */
static const char *const table_counts[LSN_FINDING_TYPES] = {
    [LSN_FINDING_OVERSIZED_MEETING] = "0 | 3 (+3)",
    [LSN_FINDING_OVERBOOKED_PERSON] = "0 | 2 (+2)",
    [LSN_FINDING_MISSING_LINK] = "0 | 1 (+1)",
    [LSN_FINDING_ISOLATED_TEAM] = "2 | 0 (-2)",
};

/* The Markdown table: shares in %, differences from the baseline in
 * parentheses, none where the baseline's figure is undefined. */
static const char *expected_table(void)
{
    static char buf[4096];
    size_t len =
        (size_t)snprintf(buf, sizeof(buf),
                         "| metric | baseline | bigger |\n"
                         "|---|---:|---:|\n"
                         "| people | 4 | 4 |\n"
                         "| teams | 2 | 2 |\n"
                         "| cross-team share of meeting hours | 0.0%% | 25.0%% (+25.0 pts) |\n"
                         "| team links (pairs that meet) | 0 | 1 (+1) |\n"
                         "| missing links | 0 | 1 (+1) |\n"
                         "| declared needs | 0 | 2 (+2) |\n"
                         "| congruence (needs met) | n/a | 1/2 = 50.0%% |\n"
                         "| oversized meetings | 0 | 3 (+3) |\n"
                         "| liaison links | 0 | 1 (+1) |\n"
                         "| modularity of the teams | 0.500 | 0.125 (-0.375) |\n"
                         "| findings | 2 | 6 (+4) |\n");
    for (int t = 0; t < LSN_FINDING_TYPES; t++) {
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "| · %s | %s |\n",
                                lsn_finding_type_name((lsn_finding_type)t),
                                table_counts[t] != NULL ? table_counts[t] : "0 | 0");
    }
    snprintf(buf + len, sizeof(buf) - len,
             "| people added to the roster | – | 1 |\n"
             "| people removed from the roster | – | 1 |\n"
             "| findings that appear | – | 2 |\n"
             "| findings that disappear | – | 2 |\n");
    return buf;
}

static void test_compare_csv_has_one_row_per_metric_and_type(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "csv");
    lsn_compare *c = table(1);
    assert_int_equal(lsn_compare_write(c, base_world.cal, dir), LSN_OK);
    char *csv = slurp(dir, "compare.csv");
    assert_string_equal(csv, expected_csv());
    free(csv);
    lsn_compare_free(c);
}

static const char *text(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s == NULL) {
        fail_msg("no string '%s'", key);
    }
    return s;
}

static void test_compare_json_has_metrics_roster_and_finding_changes(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "json");
    lsn_compare *c = table(1);
    assert_int_equal(lsn_compare_write(c, base_world.cal, dir), LSN_OK);
    json_t *root = load_compare_json(dir);
    const json_t *sc = json_object_get(root, "scenarios");
    assert_int_equal(json_array_size(sc), 2);

    const json_t *base = json_array_get(sc, 0);
    assert_string_equal(text(base, "name"), "baseline");
    assert_string_equal(text(base, "people"), "people.csv");
    assert_string_equal(text(base, "teams"), "teams.csv");
    assert_true(json_is_null(json_object_get(base, "needs")));
    assert_string_equal(text(base, "report"), "baseline/report.json");
    const json_t *m = json_object_get(base, "metrics");
    assert_true(json_is_null(json_object_get(m, "congruence"))); /* undefined */
    assert_int_equal(json_integer_value(json_object_get(m, "findings")), 2);
    const json_t *by = json_object_get(m, "findings_by_type");
    assert_int_equal(json_object_size(by), lsn_metrics_ntypes());
    assert_int_equal(json_integer_value(json_object_get(by, "isolated_team")), 2);
    assert_int_equal(json_integer_value(json_object_get(by, "missing_link")), 0);
    /* The baseline: nothing appears, disappears, nobody is added. */
    assert_int_equal(json_array_size(json_object_get(base, "appeared")), 0);
    assert_int_equal(json_array_size(json_object_get(base, "disappeared")), 0);
    const json_t *roster = json_object_get(base, "roster");
    assert_int_equal(json_array_size(json_object_get(roster, "added")), 0);
    assert_int_equal(json_array_size(json_object_get(roster, "removed")), 0);

    const json_t *big = json_array_get(sc, 1);
    assert_string_equal(text(big, "name"), "bigger");
    assert_true(json_is_null(json_object_get(big, "teams")));
    assert_string_equal(text(big, "needs"), "needs.csv");
    m = json_object_get(big, "metrics");
    assert_true(json_real_value(json_object_get(m, "congruence")) == 0.5);
    assert_true(json_real_value(json_object_get(m, "modularity")) == 0.125);
    assert_true(json_real_value(json_object_get(m, "cross_team_share")) == 0.25);
    assert_int_equal(json_integer_value(json_object_get(m, "declared_needs")), 2);
    roster = json_object_get(big, "roster");
    assert_int_equal(json_array_size(json_object_get(roster, "added")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(roster, "added"), 0)),
                        "e@example.com");
    assert_string_equal(json_string_value(json_array_get(json_object_get(roster, "removed"), 0)),
                        "d@example.com");
    /* In report order: by type, then severity, then subject (a before b). */
    const json_t *app = json_object_get(big, "appeared");
    assert_int_equal(json_array_size(app), 2);
    assert_string_equal(text(json_array_get(app, 0), "type"), "overbooked_person");
    assert_string_equal(text(json_array_get(app, 0), "person"), "a@example.com");
    assert_string_equal(text(json_array_get(app, 1), "person"), "b@example.com");
    const json_t *gone = json_object_get(big, "disappeared");
    assert_int_equal(json_array_size(gone), 2);
    assert_string_equal(text(json_array_get(gone, 0), "type"), "isolated_team");
    assert_string_equal(text(json_array_get(gone, 0), "team"), "eng");
    assert_string_equal(text(json_array_get(gone, 1), "team"), "pm");
    json_decref(root);
    lsn_compare_free(c);
}

static void test_compare_md_is_the_table_then_each_scenario(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "md");
    lsn_compare *c = table(1);
    assert_int_equal(lsn_compare_write(c, base_world.cal, dir), LSN_OK);
    char *md = slurp(dir, "compare.md");
    static const char head[] =
        "# Scenario comparison\n\n"
        "The same calendars (0 files, 2024-01-01 to 2024-01-08, UTC, 1.0 weeks) read against "
        "each roster. Differences from `baseline` are in parentheses; each column's full report "
        "is NAME/report.json.\n\n";
    assert_int_equal(strncmp(md, head, strlen(head)), 0);
    const char *want = expected_table();
    assert_int_equal(strncmp(md + strlen(head), want, strlen(want)), 0);
    const char *rest = md + strlen(head) + strlen(want);
    assert_non_null(strstr(rest, "\n## baseline\n\nRoster `people.csv`, hierarchy `teams.csv`.\n"));
    assert_non_null(strstr(rest, "\n## bigger\n\nRoster `bigger.csv`, needs `needs.csv`.\n"));
    assert_non_null(strstr(rest, "\nPeople: 1 added: e@example.com; 1 removed: d@example.com.\n"));
    assert_non_null(strstr(rest, "\nFindings that appear (2):\n\n- `overbooked_person` ("));
    assert_non_null(strstr(rest, "\nFindings that disappear (2):\n\n- `isolated_team` (high): "));
    free(md);

    /* lsn_compare_print writes the same table. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    lsn_compare_print(f, c);
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
    lsn_compare_free(c);
}

static void test_min_group_keeps_only_the_roster_counts(void **state)
{
    (void)state;
    char dir[512];
    subdir(dir, sizeof(dir), "private");
    lsn_compare *c = table(2);
    assert_int_equal(lsn_compare_write(c, base_world.cal, dir), LSN_OK);
    json_t *root = load_compare_json(dir);
    const json_t *roster =
        json_object_get(json_array_get(json_object_get(root, "scenarios"), 1), "roster");
    assert_int_equal(json_object_size(roster), 2);
    assert_int_equal(json_integer_value(json_object_get(roster, "added_count")), 1);
    assert_int_equal(json_integer_value(json_object_get(roster, "removed_count")), 1);
    json_decref(root);
    char *md = slurp(dir, "compare.md");
    assert_non_null(strstr(md, "\nPeople: 1 added; 1 removed.\n"));
    assert_null(strstr(md, "e@example.com"));
    assert_null(strstr(md, "d@example.com"));
    free(md);
    /* compare.csv has only counts anyway: the same bytes. */
    char *csv = slurp(dir, "compare.csv");
    assert_string_equal(csv, expected_csv());
    free(csv);
    lsn_compare_free(c);
}

static void test_findings_diff_of_a_run_with_itself_is_empty(void **state)
{
    (void)state;
    json_t *app = NULL, *gone = NULL;
    assert_int_equal(lsn_findings_diff(&app, &gone, big_findings, big_findings), LSN_OK);
    assert_int_equal(json_array_size(app), 0);
    assert_int_equal(json_array_size(gone), 0);
    json_decref(app);
    json_decref(gone);
    /* And the other way round from the table's: what appeared disappears. */
    assert_int_equal(lsn_findings_diff(&app, &gone, big_findings, base_findings), LSN_OK);
    assert_int_equal(json_array_size(app), 2);
    assert_string_equal(text(json_array_get(app, 0), "type"), "isolated_team");
    assert_int_equal(json_array_size(gone), 2);
    assert_string_equal(text(json_array_get(gone, 0), "type"), "overbooked_person");
    json_decref(app);
    json_decref(gone);
}

static void test_compare_write_into_a_missing_folder_fails(void **state)
{
    (void)state;
    char dir[512], expected[600];
    snprintf(dir, sizeof(dir), "%s/no/such/folder", tmpdir);
    lsn_compare *c = table(1);
    assert_int_equal(lsn_compare_write(c, base_world.cal, dir), LSN_EIO);
    snprintf(expected, sizeof(expected), "%s/compare.json: cannot write", dir);
    assert_string_equal(lsn_error_last(), expected);
    lsn_compare_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_csv_has_one_row_per_metric_and_type),
        cmocka_unit_test(test_compare_json_has_metrics_roster_and_finding_changes),
        cmocka_unit_test(test_compare_md_is_the_table_then_each_scenario),
        cmocka_unit_test(test_min_group_keeps_only_the_roster_counts),
        cmocka_unit_test(test_findings_diff_of_a_run_with_itself_is_empty),
        cmocka_unit_test(test_compare_write_into_a_missing_folder_fails),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
