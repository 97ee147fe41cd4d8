/*
 * tests/analysis/test_metrics.c — the figures of one run (analysis/metrics.c)
 * on a small organization built in code, whose numbers are worked out here.
 *
 * The organization: units org (the root) and under it eng, pm, ops and
 * empty; a and b in eng, c and d in pm, e in ops, nobody in empty. One week
 * (T0 .. T0 + 7 days), three 1-hour meetings: eng-sync (a, b), pm-sync (c,
 * d) and cross (a, c). e meets nobody. The needs:
 *  1. eng from pm: both ends have people (2 and 2), met by a-c 1 h/week;
 *  2. ops from eng: both ends have people (1 and 2), never met: a
 *     missing_link;
 *  3. empty from eng: `empty` has nobody, so the passes do not consider it
 *     and it is not a declared need;
 *  4. eng from org: eng lies under org, so `from` is org without eng (c, d,
 *     e: 3 people) and the need is considered; a-c meets it.
 * So declared_needs = 3, missing_links = 1, congruence = (3 - 1) / 3 = 2/3.
 * people 5, people_present 4 (e is never present), teams 3 (units with
 * people: eng, pm, ops), instances 3, weeks 1, meeting hours per week
 * a 2 + b 1 + c 2 + d 1 = 6, cross_team_share = a-c's 1 h of the 3 h of
 * person-graph weight = 1/3, team_links 1 (eng-pm), liaison_links 0 (a
 * liaison link needs 4 team meetings of another team), modularity of the
 * teams 2 x (1/3 - (3/6)^2) = 1/6 (eng and pm each hold 1 of the 3 hours
 * and half of the degree; e has none).
 *
 * Under --min-group 2, ops (1 person) is withheld: need 2 is not a declared
 * need any more (declared_needs 2) and its missing_link is not published
 * (missing_links 0), so congruence is 2/2 = 1.
 */
#include "analysis/metrics.h"

#include "analysis/params.h"
#include "analysis/run.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

static const support_unit_row units[] = {
    {"org", NULL}, {"eng", "org"}, {"pm", "org"}, {"ops", "org"}, {"empty", "org"}};
static const support_person people[] = {{"a", "eng", NULL},
                                        {"b", "eng", NULL},
                                        {"c", "pm", NULL},
                                        {"d", "pm", NULL},
                                        {"e", "ops", NULL}};
static const support_need_row needs[] = {
    {"eng", "pm", LSN_CONTEXT_MODERATE, false},
    {"ops", "eng", LSN_CONTEXT_MODERATE, false},
    {"empty", "eng", LSN_CONTEXT_MODERATE, false},
    {"eng", "org", LSN_CONTEXT_MINIMAL, false},
};

static void build(support_world *w)
{
    support_begin_org(w, units, 5, people, 5, needs, 4, 7);
    support_add(w, "eng-sync", 9 * HOUR, 60, "a", "a b");
    support_add(w, "pm-sync", 10 * HOUR, 60, "c", "c d");
    support_add(w, "cross", DAY + 9 * HOUR, 60, "a", "a c");
    support_analyze(w, NULL);
}

/* The run of the world's calendar with the default thresholds and min_group. */
static void run_world(lsn_run *run, const support_world *w, int32_t min_group)
{
    lsn_settings s;
    lsn_settings_defaults(&s);
    s.min_group = min_group;
    lsn_run_options o = LSN_RUN_OPTIONS_INIT;
    o.roles = false;
    int rc = lsn_run_analyze(run, w->cal, &s, &o);
    if (rc != LSN_OK) {
        fail_msg("lsn_run_analyze: %s", lsn_error_last());
    }
}

/* The world, and its runs with min_group 1 and 2 (group setup). */
static support_world world;
static lsn_run run1, run2;

static int group_setup(void **state)
{
    (void)state;
    build(&world);
    run_world(&run1, &world, 1);
    run_world(&run2, &world, 2);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    lsn_run_free(&run1);
    lsn_run_free(&run2);
    support_end(&world);
    return 0;
}

/* How many of the findings have this type, counted here. */
static int32_t count_type(const lsn_findings *f, const char *type)
{
    size_t n;
    int32_t k = 0;
    const lsn_finding *items = lsn_findings_items(f, &n);
    for (size_t i = 0; i < n; i++) {
        k += strcmp(items[i].type, type) == 0;
    }
    return k;
}

static void test_metrics_of_a_worked_out_organization(void **state)
{
    (void)state;
    lsn_metrics m;
    lsn_metrics_compute(&m, run1.analysis, run1.findings, run1.structure);

    assert_int_equal(m.people, 5);
    assert_int_equal(m.people_present, 4);
    assert_int_equal(m.teams, 3);
    assert_int_equal(m.instances, 3);
    assert_near(m.weeks, 1.0);
    assert_near(m.meeting_hours_per_week, 6.0);
    assert_near(m.cross_team_share, 1.0 / 3.0);
    assert_int_equal(m.team_links, 1);
    assert_int_equal(m.liaison_links, 0);
    assert_near(m.modularity, 1.0 / 6.0);

    assert_int_equal(m.declared_needs, 3);
    assert_int_equal(m.missing_links, 1);
    assert_near(m.congruence, 2.0 / 3.0);
    assert_int_equal(m.oversized_meetings, 0);

    /* by_type follows lsn_finding_types; findings is their sum. */
    size_t n;
    lsn_findings_items(run1.findings, &n);
    assert_int_equal(m.findings, (int32_t)n);
    int32_t sum = 0;
    for (size_t k = 0; k < lsn_metrics_ntypes(); k++) {
        assert_int_equal(m.by_type[k], count_type(run1.findings, lsn_finding_types[k]));
        sum += m.by_type[k];
    }
    assert_int_equal(sum, m.findings);
    assert_int_equal(m.by_type[lsn_finding_type_index("missing_link")], 1);
}

static void test_metrics_without_a_structure_have_no_modularity(void **state)
{
    (void)state;
    lsn_metrics m;
    lsn_metrics_compute(&m, run1.analysis, run1.findings, NULL);
    assert_true(isnan(m.modularity));
    assert_int_equal(m.declared_needs, 3); /* the rest is unchanged */
}

static void test_congruence_is_undefined_without_a_declared_need(void **state)
{
    (void)state;
    /* The same people and meetings; the only need is on the empty unit. */
    support_world w;
    support_begin_org(&w, units, 5, people, 5, &needs[2], 1, 7);
    support_add(&w, "eng-sync", 9 * HOUR, 60, "a", "a b");
    support_analyze(&w, NULL);
    lsn_run run;
    run_world(&run, &w, 1);
    lsn_metrics m;
    lsn_metrics_compute(&m, run.analysis, run.findings, run.structure);
    assert_int_equal(m.declared_needs, 0);
    assert_int_equal(m.missing_links, 0);
    assert_true(isnan(m.congruence));
    lsn_run_free(&run);
    support_end(&w);
}

static void test_min_group_counts_only_published_needs(void **state)
{
    (void)state;
    lsn_metrics m;
    lsn_metrics_compute_private(&m, run2.analysis, run2.findings, run2.structure, 2);
    assert_int_equal(m.declared_needs, 2);
    assert_int_equal(m.missing_links, 0);
    assert_near(m.congruence, 1.0);
    /* Organization-wide figures are kept. */
    assert_int_equal(m.people, 5);
    assert_int_equal(m.teams, 3);
    assert_near(m.cross_team_share, 1.0 / 3.0);

    /* min_group 1 is lsn_metrics_compute(). */
    lsn_metrics a, b;
    lsn_metrics_compute(&a, run1.analysis, run1.findings, run1.structure);
    lsn_metrics_compute_private(&b, run1.analysis, run1.findings, run1.structure, 1);
    assert_int_equal(a.declared_needs, b.declared_needs);
    assert_int_equal(a.missing_links, b.missing_links);
    assert_int_equal(a.findings, b.findings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_of_a_worked_out_organization),
        cmocka_unit_test(test_metrics_without_a_structure_have_no_modularity),
        cmocka_unit_test(test_congruence_is_undefined_without_a_declared_need),
        cmocka_unit_test(test_min_group_counts_only_published_needs),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
