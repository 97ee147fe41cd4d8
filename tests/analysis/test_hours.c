/*
 * tests/analysis/test_hours.c — meeting hours and double-booked hours per
 * roster person (SPEC §2), over a two-week window.
 */
#include "analysis/analysis.h"
#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static const lsn_person_hours *hours_of(const support_world *w, const char *who)
{
    size_t n = 0;
    return &lsn_analysis_people(w->a, &n)[support_person_index(w, who)];
}

/*
 * a's day (hours after T0): s1 [0, 2) with b, s2 [1, 3) with c, s3 [1.5, 2.5)
 * with d, s4 [3, 4) with b (touching s2's end: no overlap).
 *  - a's meeting hours: 2 + 2 + 1 + 1 = 6 h / 2 weeks = 3.0 per week.
 *  - depth over time: [0,1) 1, [1,1.5) 2, [1.5,2) 3, [2,2.5) 2, [2.5,3) 1,
 *    [3,4) 1, so time under two or more: [1, 2.5) = 1.5 h / 2 = 0.75 per week.
 *  - b: [0, 2) and [3, 4): 3 h -> 1.5 per week, never double-booked.
 *  - e: two meetings at the very same hour [5, 6): 2 h -> 1.0, and 1 h
 *    double-booked -> 0.5 per week.
 *  - z is at no meeting: zeros.
 */
static void test_double_booked_hours_with_three_overlapping_intervals(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a", "t", NULL}, {"b", "t", NULL}, {"c", "t", NULL}, {"d", "t", NULL},
        {"e", "t", NULL}, {"f", "t", NULL}, {"g", "t", NULL}, {"z", "t", NULL},
    };
    support_world w;
    support_begin(&w, rows, 8, 14);
    support_add(&w, "s1", 0, 120, "a", "a b");
    support_add(&w, "s2", HOUR, 120, "a", "a c");
    support_add(&w, "s3", HOUR + HOUR / 2, 60, "a", "a d");
    support_add(&w, "s4", 3 * HOUR, 60, "a", "a b");
    support_add(&w, "e1", 5 * HOUR, 60, "e", "e f");
    support_add(&w, "e2", 5 * HOUR, 60, "e", "e g");
    support_analyze(&w, NULL);

    assert_near(hours_of(&w, "a")->meeting_hours_per_week, 3.0);
    assert_near(hours_of(&w, "a")->double_booked_hours_per_week, 0.75);
    assert_int_equal(hours_of(&w, "a")->instances, 4);
    assert_near(hours_of(&w, "b")->meeting_hours_per_week, 1.5);
    assert_near(hours_of(&w, "b")->double_booked_hours_per_week, 0.0);
    assert_near(hours_of(&w, "c")->meeting_hours_per_week, 1.0);
    assert_near(hours_of(&w, "e")->meeting_hours_per_week, 1.0);
    assert_near(hours_of(&w, "e")->double_booked_hours_per_week, 0.5);
    assert_near(hours_of(&w, "z")->meeting_hours_per_week, 0.0);
    assert_near(hours_of(&w, "z")->double_booked_hours_per_week, 0.0);
    assert_int_equal(hours_of(&w, "z")->instances, 0);

    /* Summary: sum over roster people. a 3 + b 1.5 + c 1 + d 0.5 + e 1 + f 0.5
     * + g 0.5 = 8.0 hours per week; 7 of 8 roster people are present. */
    const lsn_summary *s = lsn_analysis_summary(w.a);
    assert_near(s->meeting_hours_per_week, 8.0);
    assert_int_equal(s->people, 8);
    assert_int_equal(s->people_present, 7);
    support_end(&w);
}

/*
 * A contained meeting: a at [0, 4) (weekly "big", 2 instances: days 0 and 7)
 * and [1, 2) on day 0 only. Meeting hours: 4 + 4 + 1 = 9 h / 2 = 4.5;
 * double-booked: the 1 h inside -> 0.5 per week. The day-7 instance
 * overlaps nothing.
 */
static void test_contained_interval_counts_its_length_once(void **state)
{
    (void)state;
    static const support_person rows[] = {{"a", "t", NULL}, {"b", "t", NULL}, {"c", "t", NULL}};
    support_world w;
    support_begin(&w, rows, 3, 14);
    support_add(&w, "big", 0, 240, "a", "a b");
    support_add(&w, "big", 7 * DAY, 240, "a", "a b");
    support_add(&w, "inside", HOUR, 60, "a", "a c");
    support_analyze(&w, NULL);
    assert_near(hours_of(&w, "a")->meeting_hours_per_week, 4.5);
    assert_near(hours_of(&w, "a")->double_booked_hours_per_week, 0.5);
    assert_near(hours_of(&w, "b")->double_booked_hours_per_week, 0.0);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_double_booked_hours_with_three_overlapping_intervals),
        cmocka_unit_test(test_contained_interval_counts_its_length_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
