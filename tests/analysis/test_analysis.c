/*
 * tests/analysis/test_analysis.c — the lsn_analysis handle: options and
 * their defaults, errors with their messages, and the summary numbers.
 */
#include "analysis/analysis.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

static const support_person rows[] = {
    {"a", "A", NULL}, {"b", "A", NULL}, {"c", "B", NULL}, {"d", "B", NULL}, {"idle", "C", NULL},
};

static void test_negative_options_are_einval_with_message(void **state)
{
    (void)state;
    support_world w;
    support_begin(&w, rows, 5, 14);
    support_add(&w, "s", 0, 60, NULL, "a b");
    assert_int_equal(lsn_calendar_finish(w.cal), LSN_OK);

    lsn_analysis *a = NULL;
    lsn_analysis_options opts = LSN_ANALYSIS_OPTIONS_INIT;
    opts.broadcast_size = -1;
    assert_int_equal(lsn_analysis_build(&a, w.cal, &opts), LSN_EINVAL);
    assert_null(a);
    assert_string_equal(lsn_error_last(), "broadcast_size must not be negative: -1");

    opts = (lsn_analysis_options)LSN_ANALYSIS_OPTIONS_INIT;
    opts.liaison_min_instances = -3;
    assert_int_equal(lsn_analysis_build(&a, w.cal, &opts), LSN_EINVAL);
    assert_null(a);
    assert_string_equal(lsn_error_last(), "liaison_min_instances must not be negative: -3");
    support_end(&w);
}

static void test_empty_window_is_einval_with_message(void **state)
{
    (void)state;
    support_world w;
    support_begin(&w, rows, 5, 0);
    assert_int_equal(lsn_calendar_finish(w.cal), LSN_OK);
    lsn_analysis *a = NULL;
    assert_int_equal(lsn_analysis_build(&a, w.cal, NULL), LSN_EINVAL);
    assert_null(a);
    assert_string_equal(lsn_error_last(), "empty analysis window: from 2024-01-01 to 2024-01-01");
    support_end(&w);
}

/* No instance at all: everything is zero, nothing fails. */
static void test_calendar_without_meetings_gives_zero_model(void **state)
{
    (void)state;
    support_world w;
    support_begin(&w, rows, 5, 14);
    support_analyze(&w, NULL);
    const lsn_summary *s = lsn_analysis_summary(w.a);
    assert_int_equal(s->people, 5);
    assert_int_equal(s->people_present, 0);
    assert_int_equal(s->teams, 3);
    assert_int_equal(s->series, 0);
    assert_int_equal(s->instances, 0);
    assert_int_equal(s->liaison_links, 0);
    assert_near(s->meeting_hours_per_week, 0.0);
    assert_near(s->cross_team_share, 0.0);
    assert_near(s->weeks, 2.0);
    assert_int_equal(igraph_vcount(lsn_analysis_person_graph(w.a, NULL)), 5);
    assert_int_equal(lsn_analysis_options_used(w.a)->broadcast_size, 50);
    assert_int_equal(lsn_analysis_options_used(w.a)->liaison_min_instances, 4);
    size_t n = 0;
    assert_null(lsn_analysis_person_liaisons(w.a, 0, &n));
    assert_int_equal(n, 0);
    lsn_analysis_team_links(w.a, support_unit(&w, "A"), &n);
    assert_int_equal(n, 0);
    lsn_analysis_free(NULL);
    support_end(&w);
}

/*
 * Two weeks; "ab" (a b c, 1 h, twice: A has 2 of 3 -> team meetings of A) and
 * "cd" (c d, 30 min, once). idle is at nothing.
 *  - meeting hours: a 2 h, b 2 h, c 2.5 h, d 0.5 h -> 7 h / 2 = 3.5 per week.
 *  - person graph: ab: per instance each pair 0.5 h, twice -> 1 h / 2 = 0.5
 *    for a-b (inside A), a-c and b-c (A-B); cd: 0.5 h -> 0.25 for c-d (inside B).
 *    Inside 0.75, across 1.0: cross_team_share = 1 / 1.75.
 *  - series 2, instances 3, team meetings 2 (cd is a pair), teams 3 (C has idle).
 */
static void test_summary_numbers(void **state)
{
    (void)state;
    support_world w;
    support_begin(&w, rows, 5, 14);
    support_add(&w, "ab", 0, 60, "a", "a b c");
    support_add(&w, "ab", 7 * DAY, 60, "a", "a b c");
    support_add(&w, "cd", DAY, 30, "c", "c d");
    support_analyze(&w, NULL);
    const lsn_summary *s = lsn_analysis_summary(w.a);
    assert_int_equal(s->people, 5);
    assert_int_equal(s->people_present, 4);
    assert_int_equal(s->teams, 3);
    assert_int_equal(s->series, 2);
    assert_int_equal(s->instances, 3);
    assert_int_equal(s->team_meetings, 2);
    assert_int_equal(s->broadcast_series, 0);
    assert_int_equal(s->person_edges, 4);
    assert_int_equal(s->team_links, 1);
    assert_near(s->meeting_hours_per_week, 3.5);
    assert_near(s->roster_hours_per_week, 1.75);
    assert_near(s->cross_team_share, 1.0 / 1.75);
    assert_ptr_equal(lsn_analysis_calendar(w.a), w.cal);
    size_t n = 0;
    const lsn_team_info *teams = lsn_analysis_teams(w.a, &n);
    int32_t A = support_unit(&w, "A");
    assert_int_equal(teams[A].unit, A);
    assert_int_equal(teams[A].team_meetings, 2);
    assert_near(teams[A].meeting_hours_per_week, 1.0);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negative_options_are_einval_with_message),
        cmocka_unit_test(test_empty_window_is_einval_with_message),
        cmocka_unit_test(test_calendar_without_meetings_gives_zero_model),
        cmocka_unit_test(test_summary_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
