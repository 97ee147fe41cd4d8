/*
 * tests/analysis/test_meetings.c — per-instance owner team, team meeting and
 * broadcast flags, and per-series size and owner (SPEC §2), on organizations
 * built in code over a two-week window.
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

static const lsn_instance_info *instance_of(const support_world *w, const char *uid, size_t nth)
{
    int32_t s = support_series(w, uid);
    size_t n = 0;
    const lsn_series_info *series = lsn_analysis_series(w->a, &n);
    assert_true(nth < series[s].instances);
    const lsn_instance_info *info = lsn_analysis_instances(w->a, &n);
    return &info[series[s].first + nth];
}

static const lsn_series_info *series_of(const support_world *w, const char *uid)
{
    size_t n = 0;
    return &lsn_analysis_series(w->a, &n)[support_series(w, uid)];
}

/*
 * Series "even" has 4 one-hour instances with n = 2, 3, 5, 6: sorted, the
 * middle values are 3 and 5, so the size is (3 + 5) / 2 = 4.0. Its load is
 * (2 + 3 + 5 + 6) person-hours / 2 weeks = 8.0 person-hours per week, and
 * 4 hours in total. Series "odd" has n = 2, 4, 3: median 3.
 */
static void test_series_size_is_median_mean_of_middle_two_for_even_count(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"a", "t", NULL}, {"b", "t", NULL}, {"c", "t", NULL},
        {"d", "t", NULL}, {"e", "t", NULL}, {"f", "t", NULL},
    };
    support_world w;
    support_begin(&w, rows, 6, 14);
    support_add(&w, "even", 0 * DAY, 60, "a", "a b");
    support_add(&w, "even", 1 * DAY, 60, "a", "a b c");
    support_add(&w, "even", 2 * DAY, 60, "a", "a b c d e");
    support_add(&w, "even", 3 * DAY, 60, "a", "a b c d e f");
    support_add(&w, "odd", 0 * DAY + 2 * HOUR, 30, "a", "a b");
    support_add(&w, "odd", 1 * DAY + 2 * HOUR, 30, "a", "a b c d");
    support_add(&w, "odd", 2 * DAY + 2 * HOUR, 30, "a", "a b c");
    support_analyze(&w, NULL);

    const lsn_series_info *even = series_of(&w, "even");
    assert_int_equal(even->instances, 4);
    assert_near(even->size, 4.0);
    assert_near(even->hours, 4.0);
    assert_near(even->person_hours_per_week, 8.0);
    assert_false(even->broadcast);
    assert_string_equal(even->uid, "even");

    const lsn_series_info *odd = series_of(&w, "odd");
    assert_int_equal(odd->instances, 3);
    assert_near(odd->size, 3.0);
    /* (2 + 4 + 3) x 0.5 h / 2 weeks */
    assert_near(odd->person_hours_per_week, 2.25);
    support_end(&w);
}

/*
 * Teams "zeta" (z1, z2), "alpha" (a1, a2), "mid" (m1); zeta is created first,
 * so unit index order and id order disagree and the tie rule is really by id.
 *  - z1 z2 a1 a2, organized by z1: 2-2 tie, organizer's team zeta is tied -> zeta.
 *  - same people + x@other.org organizing: no roster organizer -> smallest id alpha.
 *  - z1 z2 a1 a2 m1 organized by m1: mid (1) is not among the tied -> alpha.
 *  - z1 z2 a1 organized by a1: zeta has 2 of 3, no tie -> zeta, and a team meeting.
 *  - x@other.org y@other.org: no roster people -> no owner.
 */
static void test_owner_tie_goes_to_organizer_team_else_smallest_id(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"z1", "zeta", NULL},  {"z2", "zeta", NULL}, {"a1", "alpha", NULL},
        {"a2", "alpha", NULL}, {"m1", "mid", NULL},
    };
    support_world w;
    support_begin(&w, rows, 5, 14);
    support_add(&w, "1-org-zeta", 0, 60, "z1", "z1 z2 a1 a2");
    support_add(&w, "2-org-external", DAY, 60, "x@other.org", "z1 z2 a1 a2 x@other.org");
    support_add(&w, "3-org-mid", 2 * DAY, 60, "m1", "z1 z2 a1 a2 m1");
    support_add(&w, "4-clear", 3 * DAY, 60, "a1", "z1 z2 a1");
    support_add(&w, "5-nobody", 4 * DAY, 60, "x@other.org", "x@other.org y@other.org");
    support_analyze(&w, NULL);

    int32_t zeta = support_unit(&w, "zeta");
    int32_t alpha = support_unit(&w, "alpha");
    assert_true(zeta < alpha);

    const lsn_instance_info *i1 = instance_of(&w, "1-org-zeta", 0);
    assert_int_equal(i1->owner, zeta);
    assert_int_equal(i1->owner_members, 2);
    assert_int_equal(i1->roster, 4);
    assert_int_equal(i1->team_meeting, -1);
    assert_int_equal(instance_of(&w, "2-org-external", 0)->owner, alpha);
    assert_int_equal(instance_of(&w, "3-org-mid", 0)->owner, alpha);
    const lsn_instance_info *i4 = instance_of(&w, "4-clear", 0);
    assert_int_equal(i4->owner, zeta);
    assert_int_equal(i4->team_meeting, zeta);
    const lsn_instance_info *i5 = instance_of(&w, "5-nobody", 0);
    assert_int_equal(i5->owner, -1);
    assert_int_equal(i5->roster, 0);
    assert_int_equal(i5->owner_members, 0);
    assert_int_equal(i5->team_meeting, -1);
    assert_int_equal(series_of(&w, "5-nobody")->owner, -1);
    support_end(&w);
}

/*
 * Series owner = most frequent instance owner, tie to the smallest id.
 *  - "flip": z1 z2 a1 (owner zeta), then a1 a2 z1 (owner alpha): 1-1 -> alpha.
 *    Present teams: zeta and alpha -> 2. Present alpha members per instance:
 *    1 and 2 -> median 1.5; outsiders (n - alpha members): 2 and 1 -> 1.5.
 *  - "mostly-zeta": owners zeta, zeta, alpha -> zeta.
 *  - "mixed": x y (no owner, does not vote), then z1 z2 -> zeta.
 */
static void test_series_owner_is_most_frequent_tie_smallest_id(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"z1", "zeta", NULL},
        {"z2", "zeta", NULL},
        {"a1", "alpha", NULL},
        {"a2", "alpha", NULL},
    };
    support_world w;
    support_begin(&w, rows, 4, 14);
    support_add(&w, "flip", 0, 60, NULL, "z1 z2 a1");
    support_add(&w, "flip", DAY, 60, NULL, "a1 a2 z1");
    support_add(&w, "mostly-zeta", 0 + 2 * HOUR, 60, NULL, "z1 z2 a1");
    support_add(&w, "mostly-zeta", DAY + 2 * HOUR, 60, NULL, "z1 z2 a2");
    support_add(&w, "mostly-zeta", 2 * DAY + 2 * HOUR, 60, NULL, "a1 a2");
    support_add(&w, "mixed", 0 + 4 * HOUR, 60, NULL, "x@other.org y@other.org");
    support_add(&w, "mixed", DAY + 4 * HOUR, 60, NULL, "z1 z2");
    support_analyze(&w, NULL);

    int32_t zeta = support_unit(&w, "zeta");
    int32_t alpha = support_unit(&w, "alpha");
    const lsn_series_info *flip = series_of(&w, "flip");
    assert_int_equal(flip->owner, alpha);
    assert_int_equal(flip->teams_present, 2);
    assert_near(flip->owner_members, 1.5);
    assert_near(flip->outsiders, 1.5);
    assert_int_equal(series_of(&w, "mostly-zeta")->owner, zeta);
    assert_int_equal(series_of(&w, "mixed")->owner, zeta);
    support_end(&w);
}

/*
 * Team "t" (t1, t2, t3), team "u" (u1, u2).
 *  - t1 t2 u1 u2: t has 2 of 4 roster people, not a strict majority -> none.
 *  - t1 t2 t3 u1 u2: 3 of 5 -> team meeting of t.
 *  - t1 t2 x@other.org: n = 3, t has 2 of 2 roster people -> team meeting of t.
 *  - t1 t2: only 2 present -> a pair is not a team meeting (owner is still t).
 *  - t1 u1 x y: 1 of 2 -> none.
 */
static void test_team_meeting_needs_three_people_and_strict_majority(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"t1", "t", NULL}, {"t2", "t", NULL}, {"t3", "t", NULL},
        {"u1", "u", NULL}, {"u2", "u", NULL},
    };
    support_world w;
    support_begin(&w, rows, 5, 14);
    support_add(&w, "half", 0, 60, NULL, "t1 t2 u1 u2");
    support_add(&w, "majority", DAY, 60, NULL, "t1 t2 t3 u1 u2");
    support_add(&w, "with-guest", 2 * DAY, 60, NULL, "t1 t2 x@other.org");
    support_add(&w, "pair", 3 * DAY, 60, NULL, "t1 t2");
    support_add(&w, "split", 4 * DAY, 60, NULL, "t1 u1 x@other.org y@other.org");
    support_analyze(&w, NULL);

    int32_t t = support_unit(&w, "t");
    assert_int_equal(instance_of(&w, "half", 0)->team_meeting, -1);
    assert_int_equal(instance_of(&w, "majority", 0)->team_meeting, t);
    assert_int_equal(instance_of(&w, "with-guest", 0)->team_meeting, t);
    assert_int_equal(instance_of(&w, "pair", 0)->team_meeting, -1);
    assert_int_equal(instance_of(&w, "pair", 0)->owner, t);
    assert_int_equal(instance_of(&w, "split", 0)->team_meeting, -1);
    support_end(&w);
}

/*
 * 51 people in team "all": "all-hands" with all 51 is a broadcast (51 > 50),
 * instance and series; "fifty" with 50 is not. With broadcast_size 49 the
 * 50-person meeting becomes a broadcast too.
 */
static void test_broadcast_is_strictly_more_than_broadcast_size(void **state)
{
    (void)state;
    support_person rows[51];
    char names[51][16];
    char everyone[51 * 8] = "";
    char fifty[51 * 8] = "";
    for (int i = 0; i < 51; i++) {
        snprintf(names[i], sizeof(names[i]), "p%02d", i);
        rows[i] = (support_person){names[i], "all", NULL};
        strcat(everyone, names[i]);
        strcat(everyone, " ");
        if (i < 50) {
            strcat(fifty, names[i]);
            strcat(fifty, " ");
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        support_world w;
        support_begin(&w, rows, 51, 14);
        support_add(&w, "all-hands", 0, 60, NULL, everyone);
        support_add(&w, "fifty", DAY, 60, NULL, fifty);
        lsn_analysis_options opts = LSN_ANALYSIS_OPTIONS_INIT;
        opts.broadcast_size = pass == 0 ? 0 : 49;
        support_analyze(&w, &opts);
        assert_true(instance_of(&w, "all-hands", 0)->broadcast);
        assert_true(series_of(&w, "all-hands")->broadcast);
        assert_near(series_of(&w, "all-hands")->size, 51.0);
        assert_int_equal(instance_of(&w, "fifty", 0)->broadcast, pass == 1);
        assert_int_equal(series_of(&w, "fifty")->broadcast, pass == 1);
        /* A broadcast of one team is still that team's meeting. */
        assert_int_equal(instance_of(&w, "all-hands", 0)->team_meeting, support_unit(&w, "all"));
        assert_int_equal(lsn_analysis_summary(w.a)->broadcast_instances, pass == 0 ? 1 : 2);
        support_end(&w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series_size_is_median_mean_of_middle_two_for_even_count),
        cmocka_unit_test(test_owner_tie_goes_to_organizer_team_else_smallest_id),
        cmocka_unit_test(test_series_owner_is_most_frequent_tie_smallest_id),
        cmocka_unit_test(test_team_meeting_needs_three_people_and_strict_majority),
        cmocka_unit_test(test_broadcast_is_strictly_more_than_broadcast_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
