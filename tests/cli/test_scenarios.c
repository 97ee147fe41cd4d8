/*
 * tests/cli/test_scenarios.c — `liaison compare` end to end on the bundled
 * sample (datasets/sample) against the reorg scenarios `liaison gen` ships in
 * datasets/sample/scenarios/ (datasets/README.md explains each one and the
 * numbers): the direction every key metric moves in, and the findings that
 * appear and disappear.
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

#define SAMPLE LSN_SOURCE_DIR "/datasets/sample"
#define SCEN SAMPLE "/scenarios"

static json_t *table; /* compare.json of the run in setup */

static int setup(void **state)
{
    (void)state;
    if (tcli_setup("scenarios") != 0) {
        return -1;
    }
    /* The command datasets/README.md gives. */
    tcli_run r = tcli_liaison(
        "compare --people %s/people.csv --teams %s/teams.csv --needs %s/needs.csv "
        "--scenario merged=%s/merged/people.csv,teams=%s/merged/teams.csv "
        "--scenario split=%s/split/people.csv,teams=%s/split/teams.csv,needs=%s/split/needs.csv "
        "--scenario moved-liaisons=%s/moved-liaisons/people.csv "
        "--out %s/cmp %s/mailboxes",
        SAMPLE, SAMPLE, SAMPLE, SCEN, SCEN, SCEN, SCEN, SCEN, SCEN, tcli_tmp, SAMPLE);
    int ok = r.status == 0;
    if (!ok) {
        fprintf(stderr, "compare failed (%d): %s\n", r.status, r.err);
    }
    tcli_run_free(&r);
    if (!ok) {
        return -1;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/cmp/compare.json", tcli_tmp);
    json_error_t e;
    table = json_load_file(path, 0, &e);
    if (table == NULL) {
        fprintf(stderr, "%s: %s\n", path, e.text);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(table);
    table = NULL;
    return tcli_teardown();
}

static const json_t *column(size_t i, const char *name)
{
    const json_t *s = json_array_get(json_object_get(table, "scenarios"), i);
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

static long by_type(const json_t *s, const char *type)
{
    const json_t *by = json_object_get(json_object_get(s, "metrics"), "findings_by_type");
    return (long)json_integer_value(json_object_get(by, type));
}

/* Whether the list (appeared or disappeared) holds a finding of this type
 * whose subject key is the given string, or the given two-team list. */
static bool has_finding(const json_t *s,
                        const char *list,
                        const char *type,
                        const char *key,
                        const char *value,
                        const char *value2)
{
    size_t i;
    const json_t *f;
    json_array_foreach(json_object_get(s, list), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "type")), type) != 0) {
            continue;
        }
        const json_t *v = json_object_get(f, key);
        if (json_is_string(v) && value2 == NULL && strcmp(json_string_value(v), value) == 0) {
            return true;
        }
        if (json_is_array(v) && value2 != NULL && json_array_size(v) == 2 &&
            strcmp(json_string_value(json_array_get(v, 0)), value) == 0 &&
            strcmp(json_string_value(json_array_get(v, 1)), value2) == 0) {
            return true;
        }
    }
    return false;
}

/* The same 150 people in every column: a reorg moves people, it adds nobody. */
static void test_scenarios_keep_the_people(void **state)
{
    (void)state;
    assert_int_equal(json_array_size(json_object_get(table, "scenarios")), 4);
    static const char *const names[] = {"baseline", "merged", "split", "moved-liaisons"};
    for (size_t i = 0; i < 4; i++) {
        const json_t *s = column(i, names[i]);
        assert_int_equal((long)metric(s, "people"), 150);
        const json_t *roster = json_object_get(s, "roster");
        if (i > 0) {
            assert_int_equal(json_array_size(json_object_get(roster, "added")), 0);
            assert_int_equal(json_array_size(json_object_get(roster, "removed")), 0);
        }
    }
    /* A scenario without its own needs.csv uses the baseline's. */
    assert_string_equal(json_string_value(json_object_get(column(1, "merged"), "needs")),
                        SAMPLE "/needs.csv");
}

/* merged: the pair that works as one is one team, so less of the meeting
 * time crosses teams and the community_mismatch of the pair disappears. */
static void test_merged_lowers_cross_team_share_and_ends_the_mismatch(void **state)
{
    (void)state;
    const json_t *base = column(0, "baseline"), *m = column(1, "merged");
    assert_int_equal((long)metric(base, "teams"), 25);
    assert_int_equal((long)metric(m, "teams"), 24);
    assert_true(metric(m, "cross_team_share") < metric(base, "cross_team_share"));
    assert_true(metric(m, "team_links") < metric(base, "team_links"));
    assert_true(metric(m, "modularity") > metric(base, "modularity"));
    assert_int_equal(by_type(base, "community_mismatch"), 1);
    assert_int_equal(by_type(m, "community_mismatch"), 0);
    assert_true(has_finding(m, "disappeared", "community_mismatch", "teams", "eng-payments-api",
                            "eng-payments-core"));
    assert_int_equal(json_array_size(json_object_get(m, "disappeared")), 1);
    assert_int_equal(json_array_size(json_object_get(m, "appeared")), 0);
    /* Nothing else moves: the same needs met, the same liaisons. */
    assert_true(metric(m, "missing_links") == metric(base, "missing_links"));
    assert_true(metric(m, "congruence") == metric(base, "congruence"));
    assert_true(metric(m, "liaison_links") == metric(base, "liaison_links"));
}

/* split: the halves still hold one team's meetings, so the analysis sees a
 * community_mismatch between them; more time crosses teams, and the needs
 * declared for both halves are met less often. */
static void test_split_raises_cross_team_share_and_makes_a_mismatch(void **state)
{
    (void)state;
    const json_t *base = column(0, "baseline"), *s = column(2, "split");
    assert_int_equal((long)metric(s, "teams"), 26);
    assert_true(metric(s, "cross_team_share") > metric(base, "cross_team_share"));
    assert_true(metric(s, "team_links") > metric(base, "team_links"));
    assert_true(metric(s, "modularity") < metric(base, "modularity"));
    assert_true(has_finding(s, "appeared", "community_mismatch", "teams", "des-product-design",
                            "des-product-design-2"));
    assert_int_equal((long)metric(s, "declared_needs"), 21);
    assert_true(metric(s, "missing_links") > metric(base, "missing_links"));
    assert_true(metric(s, "congruence") < metric(base, "congruence"));
    assert_true(has_finding(s, "appeared", "missing_link", "team", "des-product-design", NULL));
    /* Each half now meets in the other's rituals: liaison links between them. */
    assert_true(metric(s, "liaison_links") > metric(base, "liaison_links"));
    /* The unstable designer seat of the team is now split across the halves. */
    assert_true(
        has_finding(s, "disappeared", "unstable_liaison", "team", "des-product-design", NULL));
}

/* moved-liaisons: moving the sprawling liaisons' home team moves their seats
 * but does not remove them: the old home team becomes one more seat. The
 * sales-level findings that their old home caused disappear. */
static void test_moved_liaisons_move_seats_without_removing_them(void **state)
{
    (void)state;
    const json_t *base = column(0, "baseline"), *mv = column(3, "moved-liaisons");
    assert_int_equal((long)metric(mv, "teams"), 25);
    assert_true(metric(mv, "liaison_links") == metric(base, "liaison_links"));
    assert_int_equal(by_type(mv, "liaison_sprawl"), by_type(base, "liaison_sprawl"));
    assert_true(metric(mv, "cross_team_share") > metric(base, "cross_team_share"));
    assert_true(metric(mv, "team_links") < metric(base, "team_links"));
    assert_true(has_finding(mv, "disappeared", "liaisons_everywhere", "unit", "sales", NULL));
    assert_true(has_finding(mv, "disappeared", "hierarchy_bypass", "unit", "sales", NULL));
    assert_int_equal(json_array_size(json_object_get(mv, "appeared")), 0);
    assert_true(metric(mv, "missing_links") == metric(base, "missing_links"));

    /* Meera Torres now sits in eng-search-core and attends her old team. */
    char *text = tcli_slurp("%s/cmp/moved-liaisons/report.json", tcli_tmp);
    assert_non_null(text);
    json_t *report = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(report);
    size_t i;
    const json_t *l;
    bool old_home = false, new_home = false;
    json_array_foreach(json_object_get(report, "liaisons"), i, l)
    {
        if (strcmp(json_string_value(json_object_get(l, "person")), "meera.torres@acme.example") !=
            0) {
            continue;
        }
        assert_string_equal(json_string_value(json_object_get(l, "team")), "eng-search-core");
        const char *to = json_string_value(json_object_get(l, "to"));
        old_home = old_home || strcmp(to, "prod-core-product") == 0;
        new_home = new_home || strcmp(to, "eng-search-core") == 0;
    }
    assert_true(old_home);
    assert_false(new_home);
    json_decref(report);
}

/* merged needs no teams.csv of its own: the emptied team is ignored, so the
 * baseline's teams.csv gives the same numbers (SPEC §1.2). */
static void test_merged_with_the_baseline_teams_gives_the_same_numbers(void **state)
{
    (void)state;
    tcli_run r = tcli_liaison("compare --quiet --people %s/people.csv --teams %s/teams.csv "
                              "--needs %s/needs.csv --scenario merged=%s/merged/people.csv "
                              "--out %s/plain %s/mailboxes",
                              SAMPLE, SAMPLE, SAMPLE, SCEN, tcli_tmp, SAMPLE);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    tcli_run_free(&r);
    char path[512];
    snprintf(path, sizeof(path), "%s/plain/compare.json", tcli_tmp);
    json_t *plain = json_load_file(path, 0, NULL);
    assert_non_null(plain);
    const json_t *a = json_array_get(json_object_get(plain, "scenarios"), 1);
    assert_true(
        json_equal(json_object_get(a, "metrics"), json_object_get(column(1, "merged"), "metrics")));
    json_decref(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenarios_keep_the_people),
        cmocka_unit_test(test_merged_lowers_cross_team_share_and_ends_the_mismatch),
        cmocka_unit_test(test_split_raises_cross_team_share_and_makes_a_mismatch),
        cmocka_unit_test(test_moved_liaisons_move_seats_without_removing_them),
        cmocka_unit_test(test_merged_with_the_baseline_teams_gives_the_same_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
