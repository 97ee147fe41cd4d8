/*
 * tests/analysis/test_liaisons.c — liaison links (SPEC §2) and the
 * management line that excludes hierarchy. Window: 2024-01-01 to 2024-01-15
 * (two weeks); its midpoint is T0 + 7 days.
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

/*
 * Team eng (e1, e2, e3), team product (p1, p2). 30-minute "eng-standup" on
 * days 1, 2, 8, 9: e1 e2 e3 with p1 every time and p2 on days 1, 2, 8 only.
 * Eng has 3 of 4 (or 5) roster people: every instance is a team meeting of
 * eng. One hour "eng-planning" on day 10: e1 e2 e3 p1 (eng 3 of 4).
 *  - p1 -> eng: 4 standups + 1 planning = 5 instances (>= 4): a link, with
 *    (4 x 0.5 + 1) h / 2 weeks = 1.5 h per week; series in UID order
 *    eng-planning, eng-standup; first half (before day 7): days 1, 2 -> 2;
 *    second half: days 8, 9, 10 -> 3.
 *  - p2 -> eng: 3 instances: not a link. With liaison_min_instances = 3 it is
 *    one (0.75 h per week, halves 2 and 1).
 */
static void test_four_team_meetings_make_a_liaison_three_do_not(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"e1", "eng", NULL},     {"e2", "eng", NULL},     {"e3", "eng", NULL},
        {"p1", "product", NULL}, {"p2", "product", NULL},
    };
    for (int pass = 0; pass < 2; pass++) {
        support_world w;
        support_begin(&w, rows, 5, 14);
        support_add(&w, "eng-standup", 1 * DAY, 30, "e1", "e1 e2 e3 p1 p2");
        support_add(&w, "eng-standup", 2 * DAY, 30, "e1", "e1 e2 e3 p1 p2");
        support_add(&w, "eng-standup", 8 * DAY, 30, "e1", "e1 e2 e3 p1 p2");
        support_add(&w, "eng-standup", 9 * DAY, 30, "e1", "e1 e2 e3 p1");
        support_add(&w, "eng-planning", 10 * DAY, 60, "e1", "e1 e2 e3 p1");
        lsn_analysis_options opts = LSN_ANALYSIS_OPTIONS_INIT;
        opts.liaison_min_instances = pass == 0 ? 0 : 3;
        support_analyze(&w, &opts);
        assert_int_equal(lsn_analysis_options_used(w.a)->liaison_min_instances, pass == 0 ? 4 : 3);

        int32_t eng = support_unit(&w, "eng");
        int32_t product = support_unit(&w, "product");
        size_t n = 0;
        const lsn_liaison *links = lsn_analysis_liaisons(w.a, &n);
        assert_int_equal(n, pass == 0 ? 1 : 2);
        const lsn_liaison *l = &links[0];
        assert_int_equal(l->person, support_person_index(&w, "p1"));
        assert_int_equal(l->home, product);
        assert_int_equal(l->to, eng);
        assert_int_equal(l->instances, 5);
        assert_near(l->hours_per_week, 1.5);
        assert_int_equal(l->first_half, 2);
        assert_int_equal(l->second_half, 3);
        assert_true(l->first_start == T0 + 1 * DAY);
        assert_true(l->last_start == T0 + 10 * DAY);
        assert_int_equal(l->nseries, 2);
        size_t ns = 0;
        const lsn_series *series = lsn_calendar_series(w.cal, &ns);
        assert_string_equal(series[l->series[0]].uid, "eng-planning");
        assert_string_equal(series[l->series[1]].uid, "eng-standup");

        const lsn_liaison *mine = lsn_analysis_person_liaisons(w.a, l->person, &n);
        assert_int_equal(n, 1);
        assert_ptr_equal(mine, l);
        mine = lsn_analysis_person_liaisons(w.a, support_person_index(&w, "p2"), &n);
        assert_int_equal(n, pass == 0 ? 0 : 1);
        if (pass == 1) {
            assert_int_equal(mine->instances, 3);
            assert_near(mine->hours_per_week, 0.75);
            assert_int_equal(mine->first_half, 2);
            assert_int_equal(mine->second_half, 1);
            assert_int_equal(mine->nseries, 1);
        }
        assert_int_equal(lsn_analysis_summary(w.a)->liaison_links, pass == 0 ? 1 : 2);
        support_end(&w);
    }
}

/*
 * The hierarchy: d (team exec) manages m (team leads), m manages a1 a2 a3 r
 * (team api); l2 and l3 (team leads) and e2 (team exec) report to d.
 *  - d at 4 api stand-ups (a1 a2 a3 d e2: api has 3 of 5): d manages m who
 *    manages api people, two levels up: hierarchy, no link.
 *  - e2 at the same stand-ups: reports to d, manages nobody in api, nobody in
 *    api manages e2: a liaison e2 -> api (the control).
 *  - r (api) at 4 leads meetings (m l2 l3 r: leads has 3 of 4): m, a member of
 *    leads, manages r: no link.
 * So the only link is e2 -> api.
 */
static void test_management_line_is_hierarchy_not_liaison(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"d", "exec", NULL},  {"e2", "exec", "d"},  {"m", "leads", "d"},
        {"l2", "leads", "d"}, {"l3", "leads", "d"}, {"a1", "api", "m"},
        {"a2", "api", "m"},   {"a3", "api", "m"},   {"r", "api", "m"},
    };
    support_world w;
    support_begin(&w, rows, 9, 14);
    for (int i = 0; i < 4; i++) {
        support_add(&w, "api-standup", i * DAY, 15, "a1", "a1 a2 a3 d e2");
        support_add(&w, "leads-weekly", i * DAY + 2 * HOUR, 60, "m", "m l2 l3 r");
    }
    support_analyze(&w, NULL);

    int32_t api = support_unit(&w, "api");
    int32_t leads = support_unit(&w, "leads");
    int32_t exec = support_unit(&w, "exec");
    const lsn_mgmtline *line = lsn_analysis_mgmtline(w.a);
    assert_true(lsn_mgmtline_contains(line, support_person_index(&w, "d"), api));
    assert_true(lsn_mgmtline_contains(line, support_person_index(&w, "d"), leads));
    assert_true(lsn_mgmtline_contains(line, support_person_index(&w, "r"), leads));
    assert_true(lsn_mgmtline_contains(line, support_person_index(&w, "r"), exec));
    assert_true(lsn_mgmtline_contains(line, support_person_index(&w, "m"), api));
    assert_false(lsn_mgmtline_contains(line, support_person_index(&w, "e2"), api));
    assert_true(lsn_mgmtline_contains(line, support_person_index(&w, "a1"), leads));
    assert_false(lsn_mgmtline_contains(line, support_person_index(&w, "l2"), api));

    size_t n = 0;
    const lsn_liaison *links = lsn_analysis_liaisons(w.a, &n);
    assert_int_equal(n, 1);
    assert_int_equal(links[0].person, support_person_index(&w, "e2"));
    assert_int_equal(links[0].to, api);
    assert_int_equal(links[0].home, exec);
    assert_int_equal(links[0].instances, 4);
    /* 4 x 15 min = 1 h over 2 weeks */
    assert_near(links[0].hours_per_week, 0.5);
    support_end(&w);
}

/*
 * Team big has 50 people; p (team other) joins four of its one-hour meetings:
 * n = 51 > 50, each a broadcast, and a team meeting of big (50 of 51) - but
 * broadcasts make no liaison links. They still count for p's meeting hours:
 * 4 h / 2 = 2.0 per week.
 */
static void test_broadcast_team_meetings_make_no_liaison(void **state)
{
    (void)state;
    support_person rows[51];
    char names[50][16];
    char list[1024] = "p ";
    for (int i = 0; i < 50; i++) {
        snprintf(names[i], sizeof(names[i]), "b%02d", i);
        rows[i] = (support_person){names[i], "big", NULL};
        strcat(list, names[i]);
        strcat(list, " ");
    }
    rows[50] = (support_person){"p", "other", NULL};
    support_world w;
    support_begin(&w, rows, 51, 14);
    for (int i = 0; i < 4; i++) {
        support_add(&w, "big-sync", i * DAY, 60, NULL, list);
    }
    support_analyze(&w, NULL);
    size_t n = 0;
    lsn_analysis_liaisons(w.a, &n);
    assert_int_equal(n, 0);
    const lsn_instance_info *info = lsn_analysis_instances(w.a, &n);
    assert_true(info[0].broadcast);
    assert_int_equal(info[0].team_meeting, support_unit(&w, "big"));
    assert_near(lsn_analysis_people(w.a, &n)[support_person_index(&w, "p")].meeting_hours_per_week,
                2.0);
    support_end(&w);
}

/*
 * Links are sorted by (person email, target team id), not by roster or unit
 * order: roster order is zed, amy; teams are created as "t-z" then "t-a".
 * zed (home x) and amy (home x) each attend 4 team meetings of t-z and of t-a
 * (each meeting: 3 members + zed + amy, members 3 of 5).
 * Expected order: amy -> t-a, amy -> t-z, zed -> t-a, zed -> t-z.
 */
static void test_links_sorted_by_email_then_team_id(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"zed", "x", NULL},  {"amy", "x", NULL},  {"z1", "t-z", NULL}, {"z2", "t-z", NULL},
        {"z3", "t-z", NULL}, {"a1", "t-a", NULL}, {"a2", "t-a", NULL}, {"a3", "t-a", NULL},
    };
    support_world w;
    support_begin(&w, rows, 8, 14);
    for (int i = 0; i < 4; i++) {
        support_add(&w, "z-sync", i * DAY, 30, NULL, "z1 z2 z3 zed amy");
        support_add(&w, "a-sync", i * DAY + HOUR, 30, NULL, "a1 a2 a3 zed amy");
    }
    support_analyze(&w, NULL);
    size_t n = 0;
    const lsn_liaison *links = lsn_analysis_liaisons(w.a, &n);
    assert_int_equal(n, 4);
    int32_t amy = support_person_index(&w, "amy"), zed = support_person_index(&w, "zed");
    int32_t ta = support_unit(&w, "t-a"), tz = support_unit(&w, "t-z");
    assert_true(tz < ta);
    assert_int_equal(links[0].person, amy);
    assert_int_equal(links[0].to, ta);
    assert_int_equal(links[1].person, amy);
    assert_int_equal(links[1].to, tz);
    assert_int_equal(links[2].person, zed);
    assert_int_equal(links[2].to, ta);
    assert_int_equal(links[3].person, zed);
    assert_int_equal(links[3].to, tz);
    const lsn_liaison *mine = lsn_analysis_person_liaisons(w.a, zed, &n);
    assert_int_equal(n, 2);
    assert_ptr_equal(mine, &links[2]);
    support_end(&w);
}

/*
 * ceo (team top) manages vp (team mid), who manages dev (team low); peer (team
 * side) has no manager. Both directions of the chain, at one and two levels,
 * are in the line; unrelated pairs and a person's own team (not a member of
 * it managing them) are not.
 */
static void test_mgmtline_direct_and_two_level(void **state)
{
    (void)state;
    static const support_person rows[] = {
        {"ceo", "top", NULL}, {"vp", "mid", "ceo"}, {"dev", "low", "vp"}, {"peer", "side", NULL}};
    support_world w;
    support_begin(&w, rows, 4, 14);
    lsn_mgmtline *line = NULL;
    assert_int_equal(lsn_mgmtline_build(&line, w.org), LSN_OK);
    int32_t ceo = support_person_index(&w, "ceo"), vp = support_person_index(&w, "vp");
    int32_t dev = support_person_index(&w, "dev"), peer = support_person_index(&w, "peer");
    int32_t top = support_unit(&w, "top"), mid = support_unit(&w, "mid");
    int32_t low = support_unit(&w, "low"), side = support_unit(&w, "side");
    /* Down the chain: ceo manages vp (mid) and, two levels, dev (low). */
    assert_true(lsn_mgmtline_contains(line, ceo, mid));
    assert_true(lsn_mgmtline_contains(line, ceo, low));
    assert_true(lsn_mgmtline_contains(line, vp, low));
    /* Up the chain: dev is managed by vp (mid) and ceo (top). */
    assert_true(lsn_mgmtline_contains(line, dev, mid));
    assert_true(lsn_mgmtline_contains(line, dev, top));
    assert_true(lsn_mgmtline_contains(line, vp, top));
    /* Not related. */
    assert_false(lsn_mgmtline_contains(line, peer, top));
    assert_false(lsn_mgmtline_contains(line, ceo, side));
    assert_false(lsn_mgmtline_contains(line, ceo, top));
    assert_false(lsn_mgmtline_contains(line, -1, top));
    lsn_mgmtline_free(line);
    lsn_mgmtline_free(NULL);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_team_meetings_make_a_liaison_three_do_not),
        cmocka_unit_test(test_management_line_is_hierarchy_not_liaison),
        cmocka_unit_test(test_broadcast_team_meetings_make_no_liaison),
        cmocka_unit_test(test_links_sorted_by_email_then_team_id),
        cmocka_unit_test(test_mgmtline_direct_and_two_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
