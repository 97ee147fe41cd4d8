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

#include <stdio.h>
#include <string.h>

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

/*
 * Random meetings of five people over one day, starts on the minute, some
 * at the same minute, some touching, series added in an order unrelated
 * to their starts: each person's hours and double-booked hours equal a
 * count, minute by minute, of the meetings they are at.
 */
static void test_double_booked_hours_match_a_minute_count(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"p0", "t", NULL}, {"p1", "t", NULL}, {"p2", "t", NULL},
        {"p3", "t", NULL}, {"p4", "t", NULL},
    };
    enum { PEOPLE = 5, MEETINGS = 60, MINUTES = 24 * 60 };
    static int depth[PEOPLE][MINUTES];
    long total[PEOPLE] = {0};
    memset(depth, 0, sizeof(depth));
    uint64_t r = 0x9e3779b97f4a7c15ULL;
    for (int round = 0; round < 3; round++) {
        support_world w;
        support_begin(&w, rows, PEOPLE, 14);
        memset(depth, 0, sizeof(depth));
        memset(total, 0, sizeof(total));
        for (int m = 0; m < MEETINGS; m++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            int start = (int)(r % 1200) / (m % 3 == 0 ? 60 : 1) * (m % 3 == 0 ? 60 : 1);
            int minutes = 5 + (int)((r >> 20) % 116);
            unsigned who = (unsigned)(r >> 40) % 32;
            char list[64] = "", uid[16];
            int n = 0;
            for (int p = 0; p < PEOPLE; p++) {
                if ((who >> p) & 1u) {
                    size_t len = strlen(list);
                    snprintf(list + len, sizeof(list) - len, "%sp%d", n > 0 ? " " : "", p);
                    n++;
                }
            }
            if (n < 2) { /* fewer than two people make no meeting */
                continue;
            }
            for (int p = 0; p < PEOPLE; p++) {
                if ((who >> p) & 1u) {
                    total[p] += minutes;
                    for (int t = start; t < start + minutes; t++) {
                        depth[p][t]++;
                    }
                }
            }
            snprintf(uid, sizeof(uid), "m%d", MEETINGS - m); /* series order is not start order */
            support_add(&w, uid, (int64_t)start * 60, minutes, NULL, list);
        }
        support_analyze(&w, NULL);
        for (int p = 0; p < PEOPLE; p++) {
            long twice = 0;
            for (int t = 0; t < MINUTES; t++) {
                twice += depth[p][t] >= 2;
            }
            char name[8];
            snprintf(name, sizeof(name), "p%d", p);
            assert_near(hours_of(&w, name)->meeting_hours_per_week, total[p] / 60.0 / 2.0);
            assert_near(hours_of(&w, name)->double_booked_hours_per_week, twice / 60.0 / 2.0);
        }
        support_end(&w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_double_booked_hours_with_three_overlapping_intervals),
        cmocka_unit_test(test_contained_interval_counts_its_length_once),
        cmocka_unit_test(test_double_booked_hours_match_a_minute_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
