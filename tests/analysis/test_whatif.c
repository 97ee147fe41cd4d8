/*
 * tests/analysis/test_whatif.c — a change list applied to the derived model
 * (analysis/whatif.c): presence edited, meetings left with one person
 * dropped, the last row deciding, a move re-classifying the calendar, and
 * everything derived again from the changed calendar.
 *
 * Window: two weeks from T0. Team eng (e1, e2, e3), team pm (p1, p2, p3).
 *  - "eng-standup": days 1, 2, 8, 9, 30 minutes, e1 e2 e3 (eng's team meetings);
 *  - "pm-sync": days 1, 2, 8, 9, 60 minutes, p1 p2 p3 (pm's team meetings);
 *  - "one-on-one": day 3, 30 minutes, e1 p1 (a pair: no team meeting).
 * Before any change nobody attends another team's meetings: no liaison link.
 */
#include "analysis/whatif.h"

#include "io/error.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static void build(support_world *w)
{
    static const support_person rows[] = {
        {"e1", "eng", NULL}, {"e2", "eng", NULL}, {"e3", "eng", NULL},
        {"p1", "pm", NULL},  {"p2", "pm", NULL},  {"p3", "pm", NULL},
    };
    support_begin(w, rows, 6, 14);
    static const int days[] = {1, 2, 8, 9};
    for (int i = 0; i < 4; i++) {
        support_add(w, "eng-standup", days[i] * DAY, 30, "e1", "e1 e2 e3");
        support_add(w, "pm-sync", days[i] * DAY + 2 * HOUR, 60, "p1", "p1 p2 p3");
    }
    support_add(w, "one-on-one", 3 * DAY, 30, "e1", "e1 p1");
    support_analyze(w, NULL);
}

static lsn_change change(lsn_change_action action, int32_t person, int32_t team, int32_t series)
{
    return (lsn_change){.action = action, .person = person, .team = team, .series = series};
}

/* Attending a team means every series with a team meeting of it, not a pair
 * that happens to hold a member. */
static void test_a_team_means_its_team_meeting_series(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    int32_t p1 = support_person_index(&w, "p1");
    lsn_change c[] = {change(LSN_CHANGE_ATTEND, p1, support_unit(&w, "eng"), -1),
                      change(LSN_CHANGE_MOVE, p1, support_unit(&w, "eng"), -1),
                      change(LSN_CHANGE_LEAVE, p1, -1, support_series(&w, "one-on-one"))};
    int32_t *first = NULL, *series = NULL;
    assert_int_equal(lsn_whatif_series(&first, &series, w.a, c, 3), LSN_OK);
    assert_int_equal(first[1] - first[0], 1);
    assert_int_equal(series[first[0]], support_series(&w, "eng-standup"));
    assert_int_equal(first[2] - first[1], 0); /* a move names no series */
    assert_int_equal(first[3] - first[2], 1);
    assert_int_equal(series[first[2]], support_series(&w, "one-on-one"));
    free(first);
    free(series);
    support_end(&w);
}

/*
 * p1 attends eng: present at the 4 standups -> a liaison link p1 -> eng of
 * 4 instances and 4 x 0.5 h / 2 weeks = 1 h per week; p1's meeting hours go
 * from (4 x 1 + 0.5) / 2 = 2.25 to (4 x 1 + 4 x 0.5) / 2 = 3 (the
 * one-on-one is gone, see below). p2 attends the standup and then
 * leaves it: the last row decides, p2 stays out. e1 leaves the one-on-one:
 * one person is left, so it is no meeting any more (too_few_people), and
 * its series is gone. p3 moves to eng: pm-sync is still pm's (2 of 3), and
 * p3, now of eng, is at 4 pm team meetings: a link p3 -> pm of 2 h a week.
 */
static void test_changes_are_applied_and_everything_derived_again(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    int32_t eng = support_unit(&w, "eng"), pm = support_unit(&w, "pm");
    int32_t p1 = support_person_index(&w, "p1"), p2 = support_person_index(&w, "p2");
    int32_t p3 = support_person_index(&w, "p3"), e1 = support_person_index(&w, "e1");
    int32_t standup = support_series(&w, "eng-standup");
    size_t nl;
    lsn_analysis_liaisons(w.a, &nl);
    assert_int_equal(nl, 0);
    lsn_change c[] = {
        change(LSN_CHANGE_ATTEND, p1, eng, -1),
        change(LSN_CHANGE_ATTEND, p2, -1, standup),
        change(LSN_CHANGE_LEAVE, e1, -1, support_series(&w, "one-on-one")),
        change(LSN_CHANGE_LEAVE, p2, -1, standup),
        change(LSN_CHANGE_MOVE, p3, eng, -1),
    };
    lsn_whatif m;
    assert_int_equal(lsn_whatif_apply(&m, w.a, c, 5), LSN_OK);
    assert_non_null(m.org);
    size_t np;
    const lsn_person *people = lsn_org_people(m.org, &np);
    assert_int_equal(np, 6);
    assert_int_equal(people[p3].team, eng);
    assert_int_equal(people[p1].team, pm);

    const lsn_input_stats *st = lsn_calendar_stats(m.cal);
    assert_int_equal(st->used, 8);
    assert_int_equal(st->skipped[LSN_SKIP_TOO_FEW_PEOPLE], 1);
    assert_int_equal(st->read, lsn_calendar_stats(w.cal)->read);
    size_t ns;
    lsn_calendar_series(m.cal, &ns);
    assert_int_equal(ns, 2);

    lsn_analysis *after = NULL;
    assert_int_equal(lsn_analysis_build(&after, m.cal, NULL), LSN_OK);
    const lsn_liaison *l = lsn_analysis_liaisons(after, &nl);
    assert_int_equal(nl, 2);
    assert_int_equal(l[0].person, p1);
    assert_int_equal(l[0].to, eng);
    assert_int_equal(l[0].instances, 4);
    assert_near(l[0].hours_per_week, 1.0);
    assert_int_equal(l[1].person, p3);
    assert_int_equal(l[1].home, eng);
    assert_int_equal(l[1].to, pm);
    assert_near(l[1].hours_per_week, 2.0);
    const lsn_person_hours *h = lsn_analysis_people(after, &np);
    assert_near(h[p1].meeting_hours_per_week, 3.0);
    assert_near(h[p2].meeting_hours_per_week, 2.0);
    lsn_analysis_free(after);
    lsn_whatif_free(&m);
    assert_null(m.cal);
    support_end(&w);
}

/* Only attending (no move, nothing dropped) edits by index: the present
 * lists must be what the rebuild by address gives. The rebuild is forced by
 * also moving e3 to pm (a new roster; nobody's presence changes by it). */
static void test_edit_by_index_equals_the_rebuild(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    int32_t p1 = support_person_index(&w, "p1"), e2 = support_person_index(&w, "e2");
    int32_t eng = support_unit(&w, "eng"), pm = support_unit(&w, "pm");
    /* A move back to one's own team is no move: no new roster. */
    lsn_change noop[] = {change(LSN_CHANGE_MOVE, p1, eng, -1), change(LSN_CHANGE_MOVE, p1, pm, -1)};
    lsn_whatif same;
    assert_int_equal(lsn_whatif_apply(&same, w.a, noop, 2), LSN_OK);
    assert_null(same.org);
    lsn_whatif_free(&same);
    lsn_change fast[] = {change(LSN_CHANGE_ATTEND, p1, eng, -1),
                         change(LSN_CHANGE_ATTEND, e2, -1, support_series(&w, "pm-sync"))};
    lsn_change slow[] = {fast[0], fast[1],
                         change(LSN_CHANGE_MOVE, support_person_index(&w, "e3"), pm, -1)};
    lsn_whatif a, b;
    assert_int_equal(lsn_whatif_apply(&a, w.a, fast, 2), LSN_OK);
    assert_int_equal(lsn_whatif_apply(&b, w.a, slow, 3), LSN_OK);
    assert_null(a.org);
    assert_non_null(b.org);
    size_t na, nb;
    const lsn_instance *ia = lsn_calendar_instances(a.cal, &na);
    const lsn_instance *ib = lsn_calendar_instances(w.cal, &nb);
    assert_int_equal(na, nb);
    const int32_t *pa = lsn_calendar_present(a.cal);
    size_t added = 0;
    for (size_t i = 0; i < na; i++) {
        added += ia[i].count - ib[i].count;
        for (uint32_t k = 1; k < ia[i].count; k++) {
            assert_true(pa[ia[i].first + k - 1] < pa[ia[i].first + k]); /* sorted */
        }
    }
    assert_int_equal(added, 8); /* p1 at 4 standups, e2 at 4 syncs */
    const lsn_instance *ic = lsn_calendar_instances(b.cal, &nb);
    const int32_t *pb = lsn_calendar_present(b.cal);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(ia[i].count, ic[i].count);
        assert_int_equal(ia[i].organizer, ic[i].organizer);
        assert_int_equal(ia[i].start, ic[i].start);
        assert_memory_equal(pa + ia[i].first, pb + ic[i].first, ia[i].count * sizeof(*pa));
    }
    lsn_whatif_free(&a);
    lsn_whatif_free(&b);
    support_end(&w);
}

/* An edit of two series by index: additions given in any order land in the
 * sorted present list before, between and after the people already there;
 * a removed organizer leaves the instance without one; an untouched series
 * keeps its list as it was. */
struct two_edits {
    int32_t standup, sync;
};

static void edit_two(void *ud, int32_t s, lsn_presence_edit *out)
{
    const struct two_edits *t = ud;
    static const int32_t standup_add[] = {5, 3}, standup_remove[] = {0, 1}; /* p3 p1; e1 e2 */
    static const int32_t sync_add[] = {2, 0};                               /* e3 e1 */
    if (s == t->standup) {
        *out = (lsn_presence_edit){standup_add, 2, standup_remove, 2};
    } else if (s == t->sync) {
        *out = (lsn_presence_edit){sync_add, 2, NULL, 0};
    }
}

static void test_edit_merges_additions_into_the_sorted_list(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    assert_int_equal(support_person_index(&w, "e1"), 0); /* the indices below */
    assert_int_equal(support_person_index(&w, "p3"), 5);
    struct two_edits t = {support_series(&w, "eng-standup"), support_series(&w, "pm-sync")};
    lsn_calendar *cal = NULL;
    assert_int_equal(lsn_calendar_edit(&cal, w.cal, lsn_calendar_org(w.cal), edit_two, &t), LSN_OK);
    size_t n, nb;
    const lsn_instance *in = lsn_calendar_instances(cal, &n);
    const lsn_instance *base = lsn_calendar_instances(w.cal, &nb);
    const int32_t *present = lsn_calendar_present(cal);
    const int32_t *before = lsn_calendar_present(w.cal);
    assert_int_equal(n, nb);
    static const int32_t standup[] = {2, 3, 5}, sync[] = {0, 2, 3, 4, 5};
    size_t standups = 0, syncs = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i].series == t.standup) {
            assert_int_equal(in[i].count, 3);
            assert_memory_equal(present + in[i].first, standup, sizeof(standup));
            assert_int_equal(in[i].organizer, -1); /* e1 left */
            standups++;
        } else if (in[i].series == t.sync) {
            assert_int_equal(in[i].count, 5);
            assert_memory_equal(present + in[i].first, sync, sizeof(sync));
            assert_int_equal(in[i].organizer, base[i].organizer);
            syncs++;
        } else {
            assert_int_equal(in[i].count, base[i].count);
            assert_memory_equal(present + in[i].first, before + base[i].first,
                                in[i].count * sizeof(*present));
        }
    }
    assert_int_equal(standups, 4);
    assert_int_equal(syncs, 4);
    lsn_calendar_free(cal);
    support_end(&w);
}

/* An analysis of an edited calendar built with the analysis before the edit
 * at hand (lsn_analysis_options.like: the facts of the series left alone
 * and the load of the people who neither joined nor left a meeting are
 * taken from it) equals one built from scratch: the sync gains e3 and loses
 * p1, so the stand-up, the one-on-one, e1, e2, p2 and p3 are taken, the
 * sync and e3's and p1's load computed. */
struct sync_edit {
    int32_t sync;
    int32_t add[1], remove[1];
};

static void edit_sync(void *ud, int32_t s, lsn_presence_edit *out)
{
    const struct sync_edit *e = ud;
    if (s == e->sync) {
        *out = (lsn_presence_edit){e->add, 1, e->remove, 1};
    }
}

static void assert_same_analysis(const lsn_analysis *x, const lsn_analysis *y)
{
    size_t n, m;
    const lsn_instance_info *a = lsn_analysis_instances(x, &n);
    const lsn_instance_info *b = lsn_analysis_instances(y, &m);
    assert_int_equal(n, m);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].owner, b[i].owner);
        assert_int_equal(a[i].team_meeting, b[i].team_meeting);
        assert_int_equal(a[i].roster, b[i].roster);
        assert_int_equal(a[i].owner_members, b[i].owner_members);
        assert_int_equal(a[i].broadcast, b[i].broadcast);
    }
    const lsn_series_info *s = lsn_analysis_series(x, &n);
    const lsn_series_info *t = lsn_analysis_series(y, &m);
    assert_int_equal(n, m);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(s[i].uid, t[i].uid);
        assert_int_equal(s[i].first, t[i].first);
        assert_int_equal(s[i].instances, t[i].instances);
        assert_true(s[i].size == t[i].size);
        assert_int_equal(s[i].owner, t[i].owner);
        assert_int_equal(s[i].broadcast, t[i].broadcast);
        assert_true(s[i].hours == t[i].hours);
        assert_true(s[i].person_hours_per_week == t[i].person_hours_per_week);
        assert_int_equal(s[i].teams_present, t[i].teams_present);
        assert_true(s[i].owner_members == t[i].owner_members);
        assert_true(s[i].outsiders == t[i].outsiders);
    }
    const lsn_person_hours *p = lsn_analysis_people(x, &n);
    const lsn_person_hours *q = lsn_analysis_people(y, &m);
    assert_int_equal(n, m);
    for (size_t i = 0; i < n; i++) {
        assert_true(p[i].meeting_hours_per_week == q[i].meeting_hours_per_week);
        assert_true(p[i].double_booked_hours_per_week == q[i].double_booked_hours_per_week);
        assert_int_equal(p[i].instances, q[i].instances);
    }
}

static void test_analysis_like_the_one_before_the_edit_is_the_same(void **state)
{
    (void)state;
    support_world w;
    build(&w);
    struct sync_edit e = {support_series(&w, "pm-sync"),
                          {support_person_index(&w, "e3")},
                          {support_person_index(&w, "p1")}};
    lsn_calendar *cal = NULL;
    assert_int_equal(lsn_calendar_edit(&cal, w.cal, lsn_calendar_org(w.cal), edit_sync, &e),
                     LSN_OK);
    lsn_analysis_options o = *lsn_analysis_options_used(w.a);
    lsn_analysis *fresh = NULL, *like = NULL;
    assert_int_equal(lsn_analysis_build(&fresh, cal, &o), LSN_OK);
    o.like = w.a;
    assert_int_equal(lsn_analysis_build(&like, cal, &o), LSN_OK);
    assert_same_analysis(fresh, like);
    assert_null(lsn_analysis_options_used(like)->like); /* not kept past the build */
    size_t n;
    const lsn_person_hours *h = lsn_analysis_people(like, &n);
    int32_t e3 = support_person_index(&w, "e3"), p1 = support_person_index(&w, "p1");
    assert_int_equal(h[e3].instances, 4 + 4); /* the stand-up and now the sync */
    const lsn_person_hours *was = lsn_analysis_people(w.a, &n);
    assert_int_equal(h[p1].instances, was[p1].instances - 4); /* no longer at the sync */
    /* The analysis before, of the unedited calendar, with itself: as fresh. */
    lsn_analysis *again = NULL;
    assert_int_equal(lsn_analysis_build(&again, w.cal, &o), LSN_OK);
    assert_same_analysis(w.a, again);
    lsn_analysis_free(again);
    lsn_analysis_free(like);
    lsn_analysis_free(fresh);
    lsn_calendar_free(cal);
    support_end(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_team_means_its_team_meeting_series),
        cmocka_unit_test(test_changes_are_applied_and_everything_derived_again),
        cmocka_unit_test(test_edit_by_index_equals_the_rebuild),
        cmocka_unit_test(test_edit_merges_additions_into_the_sorted_list),
        cmocka_unit_test(test_analysis_like_the_one_before_the_edit_is_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
