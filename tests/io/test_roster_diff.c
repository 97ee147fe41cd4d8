/*
 * tests/io/test_roster_diff.c — the people one roster has and another lacks
 * (io/roster_diff.c), by email, sorted.
 *
 * The baseline roster: ann, bob, cid, dan; the scenario roster: dan, eve,
 * bob, amy, ann (another order, other teams). So the scenario adds amy and
 * eve (sorted: amy before eve, though eve comes first in its rows) and
 * removes cid. A roster compared with itself adds and removes nobody.
 */
#include "io/roster_diff.h"

#include "io/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>

static lsn_org *roster(const char *const *emails, size_t n, const char *team)
{
    lsn_org *org = NULL;
    assert_int_equal(lsn_org_new(&org), LSN_OK);
    for (size_t i = 0; i < n; i++) {
        lsn_person_row row = {.email = emails[i], .team = team, .at.line = (int)i + 2};
        assert_int_equal(lsn_org_add_person(org, &row), LSN_OK);
    }
    if (lsn_org_finish(org) != LSN_OK) {
        fail_msg("lsn_org_finish: %s", lsn_error_last());
    }
    return org;
}

static void test_added_and_removed_people_sorted_by_email(void **state)
{
    (void)state;
    static const char *const base[] = {"ann@x.example", "bob@x.example", "cid@x.example",
                                       "dan@x.example"};
    static const char *const scen[] = {"dan@x.example", "eve@x.example", "bob@x.example",
                                       "amy@x.example", "ann@x.example"};
    lsn_org *a = roster(base, 4, "eng");
    lsn_org *b = roster(scen, 5, "pm");
    lsn_roster_diff d;
    assert_int_equal(lsn_roster_diff_compute(&d, a, b), LSN_OK);
    assert_int_equal(d.nadded, 2);
    assert_string_equal(d.added[0], "amy@x.example");
    assert_string_equal(d.added[1], "eve@x.example");
    assert_int_equal(d.nremoved, 1);
    assert_string_equal(d.removed[0], "cid@x.example");
    lsn_roster_diff_free(&d);
    assert_null(d.added);
    assert_int_equal(d.nremoved, 0);

    /* The other way round, the lists swap. */
    assert_int_equal(lsn_roster_diff_compute(&d, b, a), LSN_OK);
    assert_int_equal(d.nadded, 1);
    assert_string_equal(d.added[0], "cid@x.example");
    assert_int_equal(d.nremoved, 2);
    assert_string_equal(d.removed[0], "amy@x.example");
    lsn_roster_diff_free(&d);

    /* Against itself: nobody. */
    assert_int_equal(lsn_roster_diff_compute(&d, a, a), LSN_OK);
    assert_int_equal(d.nadded, 0);
    assert_int_equal(d.nremoved, 0);
    lsn_roster_diff_free(&d);
    lsn_roster_diff_free(&d); /* a zeroed diff is fine */
    lsn_org_free(a);
    lsn_org_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_added_and_removed_people_sorted_by_email),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
