/*
 * tests/io/test_remap.c — lsn_calendar_remap(): a calendar read against one
 * roster, remapped to another, is the calendar the same meetings give when
 * added under that roster directly: the same participants with the same ids
 * (in the order they were first seen), kinds, present lists and organizers.
 *
 * Roster one: a, b, c (eng), d (pm). Roster two: a, b (eng), c moved to pm,
 * e new, d gone (so d becomes an unknown address of the organization's
 * domain). Three meetings: plain addresses, outside addresses, groups in
 * an order the remap must keep (groups are added last first), organizers
 * inside, outside and missing from the meeting.
 */
#include "io/error.h"
#include "io/model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

static lsn_org *roster(const char *const rows[][2], int n)
{
    lsn_org *org = NULL;
    assert_int_equal(lsn_org_new(&org), LSN_OK);
    for (int i = 0; i < n; i++) {
        lsn_person_row row = {.email = rows[i][0], .team = rows[i][1], .at.line = i + 2};
        assert_int_equal(lsn_org_add_person(org, &row), LSN_OK);
    }
    assert_int_equal(lsn_org_finish(org), LSN_OK);
    return org;
}

static const lsn_window win = {.from = 1704067200, .to = 1704067200 + 7 * 86400};

/* The three meetings, added in this order. */
static lsn_calendar *meetings(const lsn_org *org)
{
    static const char *p1[] = {"d@x.example", "x@other.example", "a@x.example"};
    static const char *g1[] = {"team-one@x.example", "team-two@x.example"};
    static const char *p2[] = {"y@other.example", "d@x.example", "b@x.example", "e@x.example"};
    static const char *g2[] = {"team-three@x.example", "team-two@x.example"};
    static const char *p3[] = {"a@x.example", "x@other.example", "c@x.example"};
    lsn_instance_spec s[3] = {
        {.uid = "s1",
         .summary = "one",
         .present = p1,
         .npresent = 3,
         .groups = g1,
         .ngroups = 2,
         .organizer = "y@other.example",
         .duration = 1800},
        {.uid = "s2",
         .summary = "two",
         .present = p2,
         .npresent = 4,
         .groups = g2,
         .ngroups = 2,
         .organizer = "y@other.example",
         .duration = 900},
        {.uid = "s1",
         .summary = "one",
         .present = p3,
         .npresent = 3,
         .organizer = "c@x.example",
         .duration = 1800},
    };
    lsn_calendar *cal = NULL;
    assert_int_equal(lsn_calendar_new(&cal, org, &win), LSN_OK);
    for (int i = 0; i < 3; i++) {
        s[i].start = s[i].original_start = win.from + 3600 * (i + 1);
        assert_int_equal(lsn_calendar_add_instance(cal, &s[i]), LSN_OK);
    }
    assert_int_equal(lsn_calendar_finish(cal), LSN_OK);
    return cal;
}

static void test_remap_equals_the_calendar_built_under_the_new_roster(void **state)
{
    (void)state;
    static const char *const one[][2] = {{"a@x.example", "eng"},
                                         {"b@x.example", "eng"},
                                         {"c@x.example", "eng"},
                                         {"d@x.example", "pm"}};
    static const char *const two[][2] = {{"a@x.example", "eng"},
                                         {"b@x.example", "eng"},
                                         {"c@x.example", "pm"},
                                         {"e@x.example", "pm"}};
    lsn_org *org1 = roster(one, 4), *org2 = roster(two, 4);
    lsn_calendar *base = meetings(org1), *direct = meetings(org2), *remapped = NULL;
    assert_int_equal(lsn_calendar_remap(&remapped, base, org2), LSN_OK);

    size_t np, nq;
    const lsn_participant *p = lsn_calendar_participants(direct, &np);
    const lsn_participant *q = lsn_calendar_participants(remapped, &nq);
    assert_int_equal(nq, np);
    for (size_t i = 0; i < np; i++) {
        assert_string_equal(q[i].address, p[i].address);
        assert_int_equal(q[i].kind, p[i].kind);
        assert_int_equal(q[i].person, p[i].person);
    }
    size_t ni, nj, ns;
    const lsn_instance *in = lsn_calendar_instances(direct, &ni);
    const lsn_instance *jn = lsn_calendar_instances(remapped, &nj);
    const int32_t *pin = lsn_calendar_present(direct), *pjn = lsn_calendar_present(remapped);
    const lsn_series *se = lsn_calendar_series(remapped, &ns);
    assert_int_equal(nj, ni);
    assert_int_equal(ni, 3);
    for (size_t i = 0; i < ni; i++) {
        assert_int_equal(jn[i].series, in[i].series);
        assert_int_equal(jn[i].start, in[i].start);
        assert_int_equal(jn[i].organizer, in[i].organizer);
        assert_int_equal(jn[i].count, in[i].count);
        assert_memory_equal(pjn + jn[i].first, pin + in[i].first, in[i].count * sizeof(*pin));
    }
    /* What the answer is, not only that the two agree: d is now an
     * unknown address of the organization, e a roster person; y organizes
     * the second meeting (present there), not the first (absent). */
    bool saw_d = false;
    for (size_t i = 0; i < nq; i++) {
        if (strcmp(q[i].address, "d@x.example") == 0) {
            saw_d = true;
            assert_int_equal(q[i].kind, LSN_P_UNKNOWN);
        }
    }
    assert_true(saw_d);
    for (size_t i = 0; i < nj; i++) {
        const char *uid = se[jn[i].series].uid;
        if (jn[i].start == win.from + 3600) {
            assert_string_equal(uid, "s1");
            assert_int_equal(jn[i].organizer, -1);
            assert_int_equal(jn[i].count, 5); /* a, d, x and two groups */
        } else if (jn[i].start == win.from + 7200) {
            assert_string_equal(uid, "s2");
            assert_true(jn[i].organizer >= 0);
            assert_string_equal(q[jn[i].organizer].address, "y@other.example");
            assert_int_equal(jn[i].count, 6);
        }
    }
    lsn_calendar_free(remapped);
    lsn_calendar_free(direct);
    lsn_calendar_free(base);
    lsn_org_free(org2);
    lsn_org_free(org1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remap_equals_the_calendar_built_under_the_new_roster),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
